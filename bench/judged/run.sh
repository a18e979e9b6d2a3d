#!/usr/bin/env bash
# Runs a judged set against sousuo: builds sousuo natively over the bench corpus and prints the
# pass counts by category (and every failing query).
#
#   bench/judged/run.sh poetry-50000|articles-2000
#
# The corpus folder must exist (bench/work/corpus-NAME; bench/poetry-corpus.mjs and
# bench/articles-corpus.mjs write it). The build goes to target/judged, apart from the other
# builds; the first one over a corpus takes a few minutes. The exit status is the judge's: 0 when
# every query passes.
#
# `sousuo judge` prints its table only when every query passes; when it fails without one, the
# set is judged again one query at a time (table.py, still by `sousuo judge`), which prints the
# table and, for each failing query, what sousuo answered.
#
# SOUSUO_TREE=DIR builds the sousuo found in DIR instead of this working tree (for example a
# commit exported with `git archive COMMIT | tar -x -C DIR`), against the same judged set; give
# such a tree its own CARGO_TARGET_DIR (cargo tells builds apart by file times, and an exported
# tree's files are older than the last build).
set -euo pipefail
name="${1:-}"
case "$name" in
  poetry-50000|articles-2000) ;;
  *) echo "usage: bench/judged/run.sh poetry-50000|articles-2000" >&2; exit 2 ;;
esac
root="$(cd "$(dirname "$0")/../.." && pwd)"
tree="${SOUSUO_TREE:-$root}"
corpus="$root/bench/work/corpus-$name"
if [ ! -d "$corpus" ]; then
  echo "$corpus is missing: node bench/${name%%-*}-corpus.mjs ${name##*-} $corpus" >&2
  exit 2
fi
target="${CARGO_TARGET_DIR:-$root/target/judged}"
judged="$root/bench/judged/$name.tsv"
cd "$tree"
status=0
output="$(SOUSUO_CORPUS="$corpus" CARGO_TARGET_DIR="$target" \
  cargo run --release --bin sousuo-embedded -- judge "$judged")" || status=$?
if [ "$status" -eq 0 ] || [ -n "$output" ]; then
  printf '%s\n' "$output"
  exit "$status"
fi
[ -x "$target/release/sousuo" ] || exit "$status"
python3 "$root/bench/judged/table.py" "$target/release/sousuo" "$judged"
