#!/usr/bin/env python3
"""Pass counts of a judged set, one query at a time, by sousuo's own judge.

    python3 bench/judged/table.py SOUSUO_BINARY JUDGED.tsv

`sousuo judge FILE` prints its table only when every query passes. This runs `sousuo judge` on
each line alone (pass = exit status 0, so the verdict is still sousuo's), prints the table in the
judge's format, and for each failing query what `sousuo search --json` answered against what was
expected.
"""

import json
import os
import subprocess
import sys
import tempfile


def names(wanted, doc_id):
    return doc_id == wanted or (doc_id.startswith(wanted) and doc_id[len(wanted) :].startswith("_"))


def short(doc_id):
    return doc_id.split("_", 1)[0]


def main():
    binary, judged = sys.argv[1], sys.argv[2]
    with open(judged, encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f if l.strip() and not l.startswith("#")]
    order, counts, failures = [], {}, []
    with tempfile.TemporaryDirectory() as tmp:
        one = os.path.join(tmp, "one.tsv")
        for line in lines:
            fields = line.split("\t")
            category, query = fields[0], fields[1]
            expected = [] if fields[2].strip() == "-" else [w.strip() for w in fields[2].split(",")]
            first = fields[3].strip() if len(fields) > 3 else ""
            checks = fields[4] if len(fields) > 4 else ""
            with open(one, "w", encoding="utf-8") as f:
                f.write(line + "\n")
            run = subprocess.run([binary, "judge", one], capture_output=True, text=True)
            if run.returncode != 0 and "some judged queries fail" not in run.stderr:
                sys.exit(f"{query!r}: sousuo judge failed: {run.stderr.strip()}")
            passed = run.returncode == 0
            if category not in counts:
                order.append(category)
                counts[category] = [0, 0]
            counts[category][0] += 1
            counts[category][1] += passed
            if passed:
                continue
            answer = subprocess.run(
                [binary, "search", query, "--limit", "100", "--json"], capture_output=True, text=True
            )
            if answer.returncode != 0:
                failures.append(f"FAIL {category} {query!r}: search failed: {answer.stderr.strip()}")
                continue
            result = json.loads(answer.stdout)
            ids = [h["id"] for h in result["hits"]]
            extra = [short(i) for i in ids if not any(names(w, i) for w in expected)]
            lacking = [w for w in expected if not any(names(w, i) for i in ids)]
            parts = [f"expected {len(expected)}, sousuo total {result['total']}"]
            if extra:
                parts.append(f"unexpected {len(extra)}: {','.join(extra[:6])}{'…' if len(extra) > 6 else ''}")
            if lacking:
                parts.append(f"missing {len(lacking)}: {','.join(lacking[:6])}{'…' if len(lacking) > 6 else ''}")
            if first:
                top = short(ids[0]) if ids else None
                if not (ids and names(first, ids[0])):
                    parts.append(f"first {first}, sousuo's first {top}")
            if checks:
                parts.append(
                    f"checks {checks}: partial={result.get('partial')} "
                    f"pinyin={[p.get('words') for p in result.get('pinyin', [])]} "
                    f"suggestions={result.get('suggestions')}"
                )
            if result.get("notice"):
                parts.append(f"notice: {result['notice']}")
            failures.append(f"FAIL {category} {query!r}: " + "; ".join(parts))
    for failure in failures:
        print(failure)
    print("| category | queries | pass |\n|---|---:|---:|")
    for category in order:
        total, passed = counts[category]
        print(f"| {category} | {total} | {passed} |")
    total = sum(c[0] for c in counts.values())
    passed = sum(c[1] for c in counts.values())
    print(f"| **all** | **{total}** | **{passed}** |")
    sys.exit(0 if passed == total else 1)


if __name__ == "__main__":
    main()
