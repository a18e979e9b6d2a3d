#!/usr/bin/env python3
"""sousuo over the paragraphs: index them, ask every question, write a TREC run.

    python3 bench/questions/run_sousuo.py PARAGRAPHS.jsonl QUESTIONS.tsv RUN

The binary is $SOUSUO (default target/cli/sousuo, relative to the repository's root). Writes RUN
(qid Q0 paragraph rank score sousuo, the top 10 per question) and RUN.errors.json, the questions
sousuo answered with an error: they count as answered with nothing, and are reported apart.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 10


def sousuo_binary():
    path = Path(os.environ.get("SOUSUO", "target/cli/sousuo"))
    return path if path.is_absolute() else ROOT / path


def main():
    paragraphs, questions_path, run_path = (Path(arg).resolve() for arg in sys.argv[1:4])
    sousuo = sousuo_binary()
    questions = []
    with open(questions_path, encoding="utf-8") as f:
        for line in f:
            qid, question = line.rstrip("\n").split("\t")[:2]
            questions.append((qid, " ".join(question.split())))
    # sousuo skips blank query lines, which would shift every answer after them.
    asked = [(qid, q) for qid, q in questions if q]

    with tempfile.TemporaryDirectory(prefix="questions-sousuo-") as tmp:
        out = Path(tmp) / "out"
        started = time.monotonic()
        subprocess.run([sousuo, "--records", paragraphs, "--output-path", out], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        indexed = time.monotonic()
        queries = Path(tmp) / "queries.txt"
        queries.write_text("".join(q + "\n" for _, q in asked), encoding="utf-8")
        # An error on one question makes the exit status non-zero; the lines still tell which.
        answer = subprocess.run([sousuo, "search", "--index", out, "--queries", queries,
                                 "--limit", str(LIMIT)], capture_output=True, text=True)
        searched = time.monotonic()

    lines = answer.stdout.splitlines()
    if len(lines) != len(asked):
        sys.exit(f"sousuo printed {len(lines)} lines for {len(asked)} questions "
                 f"(exit {answer.returncode}): {answer.stderr.strip()[:500]}")
    errors = {}
    with open(run_path, "w", encoding="utf-8") as run:
        for (qid, question), line in zip(asked, lines):
            result = json.loads(line)
            # A query mended beyond doubt answers for the question as asked.
            if (result.get("correctedFrom") or result.get("query")) != question:
                sys.exit(f"sousuo's answers are out of step at {qid}: {line[:200]}")
            if "error" in result:
                errors[qid] = result["error"]
                continue
            for rank, hit in enumerate(result["hits"][:LIMIT], 1):
                run.write(f"{qid} Q0 {hit['id']} {rank} {hit.get('score', 0):.4f} sousuo\n")
    if answer.returncode != 0 and not errors:
        sys.exit(f"sousuo search failed (exit {answer.returncode}): {answer.stderr.strip()[:500]}")
    Path(f"{run_path}.errors.json").write_text(
        json.dumps({"errors": errors}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"sousuo: indexed in {indexed - started:.1f} s, {len(asked)} questions in "
          f"{searched - indexed:.1f} s, {len(errors)} errors", file=sys.stderr)


if __name__ == "__main__":
    main()
