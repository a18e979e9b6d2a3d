#!/usr/bin/env bash
# The question benchmark in one command: sousuo, the BM25 baseline and MiniSearch over each set's
# paragraphs, every question of the chosen part(s) asked, then the score tables.
#
#   bash bench/questions/run.sh [--part tune|test|all] [drcd] [cmrc]
#
# Defaults: part test, both sets. SOUSUO is the binary (default target/cli/sousuo, relative to
# the repository's root). Runs and figures go to bench/work/questions/ (scores.json there).
# MiniSearch comes from bench/node_modules (`npm ci --prefix bench`).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
part=test
sets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --part) part="${2:-}"; shift; [ $# -eq 0 ] || shift ;;
    --part=*) part="${1#--part=}"; shift ;;
    drcd|cmrc) sets+=("$1"); shift ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done
case "$part" in
  tune|test|all) ;;
  *) echo "run.sh: --part is tune, test or all, not '$part'" >&2; exit 2 ;;
esac
[ ${#sets[@]} -gt 0 ] || sets=(drcd cmrc)

sousuo="${SOUSUO:-target/cli/sousuo}"
case "$sousuo" in /*) ;; *) sousuo="$root/$sousuo" ;; esac
if [ ! -x "$sousuo" ]; then
  echo "run.sh: no sousuo binary at $sousuo (build it, or set SOUSUO)" >&2
  exit 2
fi
export SOUSUO="$sousuo"
if [ ! -d "$root/bench/node_modules/minisearch" ]; then
  echo "run.sh: MiniSearch is missing: npm ci --prefix bench" >&2
  exit 2
fi
if ! python3 -c 'import ir_measures, opencc' 2>/dev/null; then
  python3 -m pip install --user --quiet -r "$here/requirements.txt"
fi

work="$root/bench/work/questions"
started=$SECONDS
for set in "${sets[@]}"; do
  dir="$work/$set"
  mkdir -p "$dir"
  paragraphs="$here/$set.paragraphs.jsonl"
  questions="$dir/questions.tsv"
  if [ "$part" = all ]; then
    cp "$here/$set.questions.tsv" "$questions"
  else
    awk -F'\t' -v part="$part" '$4 == part' "$here/$set.questions.tsv" > "$questions"
  fi
  echo "$set: $(wc -l < "$questions") questions ($part)" >&2
  for engine in sousuo bm25 minisearch; do
    t=$SECONDS
    case "$engine" in
      sousuo) python3 "$here/run_sousuo.py" "$paragraphs" "$questions" "$dir/sousuo.run" ;;
      bm25) python3 "$here/bm25.py" "$paragraphs" "$questions" "$dir/bm25.run" ;;
      minisearch) node "$here/minisearch.mjs" "$paragraphs" "$questions" "$dir/minisearch.run" ;;
    esac
    echo "  $engine: $((SECONDS - t)) s" >&2
  done
done

python3 "$here/score.py" --work "$work" --part "$part" --json "$work/scores.json" "${sets[@]}"
echo
echo "$((SECONDS - started)) s; figures in ${work#"$root"/}/scores.json" >&2
