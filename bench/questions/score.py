#!/usr/bin/env python3
"""Scores the runs of each engine against the questions' paragraphs.

    python3 bench/questions/score.py --work DIR [--part tune|test|all] [--json OUT] SET...

Reads bench/questions/SET.questions.tsv and DIR/SET/ENGINE.run (TREC format; sousuo's errors in
DIR/SET/sousuo.run.errors.json). Each question has one relevant paragraph, the one it was asked
on. Prints a Markdown table per part, split into original-script and cross-script (`-x`)
questions, and writes the figures as JSON.
"""

import argparse
import json
from collections import defaultdict
from pathlib import Path

import ir_measures
from ir_measures import RR, R, nDCG

HERE = Path(__file__).resolve().parent
ENGINES = ("sousuo", "bm25", "minisearch")
MEASURES = {"MRR@10": RR @ 10, "R@1": R @ 1, "R@10": R @ 10, "nDCG@10": nDCG @ 10}


def read_questions(name, parts):
    """qid -> (paragraph id, part, script), for the parts asked for."""
    questions = {}
    with open(HERE / f"{name}.questions.tsv", encoding="utf-8") as f:
        for line in f:
            qid, _, pid, part = line.rstrip("\n").split("\t")
            if part in parts:
                questions[qid] = (pid, part, "cross" if qid.endswith("-x") else "original")
    return questions


def read_run(path):
    """qid -> {paragraph: score}, the score made from the rank so that ties cannot reorder."""
    run = defaultdict(dict)
    with open(path, encoding="utf-8") as f:
        for line in f:
            qid, _, pid, rank = line.split()[:4]
            run[qid][pid] = 1.0 / int(rank)
    return run


def score(questions, run, errors):
    qrels = {qid: {pid: 1} for qid, (pid, _, _) in questions.items()}
    per_query = defaultdict(dict)
    asked = {q: run[q] for q in qrels if q in run}
    for metric in ir_measures.iter_calc(MEASURES.values(), qrels, asked):
        per_query[metric.query_id][str(metric.measure)] = metric.value
    n = len(qrels)
    # A question with no answer is in the mean with zeros, whatever the library does with it.
    figures = {name: sum(per_query[q].get(str(m), 0.0) for q in qrels) / n
               for name, m in MEASURES.items()}
    figures["no result"] = sum(1 for q in qrels if not run.get(q)) / n
    figures["errors"] = sum(1 for q in qrels if q in errors)
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sets", nargs="+", choices=("drcd", "cmrc"))
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--part", choices=("tune", "test", "all"), default="test")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    parts = ("tune", "test") if args.part == "all" else (args.part,)

    rows = []
    for name in args.sets:
        questions = read_questions(name, parts)
        for engine in ENGINES:
            path = args.work / name / f"{engine}.run"
            if not path.exists():
                continue
            run = read_run(path)
            errors_path = Path(f"{path}.errors.json")
            errors = json.loads(errors_path.read_text())["errors"] if errors_path.exists() else {}
            for part in parts:
                for script in ("original", "cross"):
                    group = {q: v for q, v in questions.items() if v[1:] == (part, script)}
                    if group:
                        rows.append({"set": name, "part": part, "script": script, "engine": engine,
                                     "questions": len(group), **score(group, run, errors)})

    for part in parts:
        print(f"\n### {part}\n")
        print("| set | script | questions | engine | " + " | ".join(MEASURES)
              + " | no result | errors |")
        print("|---|---|---:|---|---:|---:|---:|---:|---:|---:|")
        for row in (r for r in rows if r["part"] == part):
            cells = [row["set"], row["script"], str(row["questions"]), row["engine"]]
            cells += [f"{row[m]:.3f}" for m in MEASURES]
            cells += [f"{100 * row['no result']:.1f} %",
                      str(row["errors"]) if row["engine"] == "sousuo" else "–"]
            print("| " + " | ".join(cells) + " |")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
