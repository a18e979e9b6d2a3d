#!/usr/bin/env python3
"""Builds the question sets from the public DRCD and CMRC 2018 files (SOURCES.md says which).

    python3 bench/questions/prepare.py --drcd DRCD_dev.json DRCD_test.json \\
        --cmrc cmrc2018_dev.json cmrc2018_trial.json [--out bench/questions]

Writes, per set, `<set>.paragraphs.jsonl` (sousuo's JSON Lines records: id, title, body) and
`<set>.questions.tsv` (qid, question, paragraph id, part; no header). The sample is a pure
function of the input files: paragraphs are ordered by a salted SHA-256 of their source id and
the first PARAGRAPHS are kept; a question's part (tune or test) is a hash of its qid. Each
question is also written converted to the other script (qid suffix `-x`, same paragraph, same
part) whenever the conversion changes it.
"""

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

from opencc import OpenCC

PARAGRAPHS = 1000
SALT = "sousuo-questions-1"

# The inputs this sample was drawn from; another file gives another sample, so say so loudly.
EXPECTED_SHA256 = {
    "DRCD_dev.json": "e236df03861ba241bd7b29628cd48b3b8e339c60137e041a4358b5320ed61928",
    "DRCD_test.json": "d9de0b4d247a8391ac8daee6c02c2c8272b75562a1e2377b50ae04ecc09a7438",
    "cmrc2018_dev.json": "e9ff74231f05c230c6fa88b84441ee334d97234cbb610991cd94b82db00c7f1f",
    "cmrc2018_trial.json": "f3fae95b57da8e03afb2b57467dd221417060ef4d82db13bf22fc88589f3a6f3",
}


def salted_hash(*parts):
    return hashlib.sha256(":".join((SALT,) + parts).encode("utf-8")).hexdigest()


def drcd_ids(paragraph_id, question_id):
    """`1147-5`, `1147-5-2` -> `drcd-1147-05`, `drcd-1147-05-q2`."""
    article, para = re.fullmatch(r"(\d+)-(\d+)", paragraph_id).groups()
    number = re.fullmatch(re.escape(paragraph_id) + r"-(\d+)", question_id).group(1)
    pid = f"drcd-{int(article):04d}-{int(para):02d}"
    return pid, f"{pid}-q{int(number)}"


def cmrc_ids(paragraph_id, question_id):
    """`DEV_12`, `DEV_12_QUERY_3` -> `cmrc-dev-0012`, `cmrc-dev-0012-q3`."""
    split, para = re.fullmatch(r"(DEV|TRIAL)_(\d+)", paragraph_id).groups()
    number = re.fullmatch(re.escape(paragraph_id) + r"_QUERY_(\d+)", question_id).group(1)
    pid = f"cmrc-{split.lower()}-{int(para):04d}"
    return pid, f"{pid}-q{int(number)}"


SETS = {
    # name: (how source ids become ours, OpenCC conversion to the other script)
    "drcd": (drcd_ids, "t2s"),  # Traditional (Taiwan) -> Simplified
    "cmrc": (cmrc_ids, "s2tw"),  # Simplified -> Traditional, Taiwan standard characters
}


def one_line(text):
    # A question goes on one TSV field and one line of a queries file.
    return re.sub(r"\s+", " ", text).strip()


def read_paragraphs(paths):
    """Every paragraph of the SQuAD-style files, with its article's title and its questions."""
    for path in paths:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        expected = EXPECTED_SHA256.get(path.name)
        if expected != digest:
            print(f"warning: {path} has sha256 {digest}, not the {expected} this sample was "
                  "drawn from: the sample will differ", file=sys.stderr)
        for article in json.loads(path.read_text(encoding="utf-8"))["data"]:
            for paragraph in article["paragraphs"]:
                yield article["title"].strip(), paragraph


def build(name, paths, out_dir):
    to_ids, conversion = SETS[name]
    converter = OpenCC(conversion)
    pool = sorted(read_paragraphs(paths), key=lambda tp: salted_hash(name, tp[1]["id"]))
    chosen = []
    for title, paragraph in pool[:PARAGRAPHS]:
        questions = []
        for qa in paragraph["qas"]:
            pid, qid = to_ids(paragraph["id"], qa["id"])
            question = one_line(qa["question"])
            if question:  # the CMRC trial set has two empty questions
                questions.append((qid, question))
        chosen.append((pid, title, paragraph["context"].strip(), questions))
    chosen.sort()

    records, rows, crossed = [], [], 0
    for pid, title, body, questions in chosen:
        records.append(json.dumps({"id": pid, "title": title, "body": body}, ensure_ascii=False))
        for qid, question in questions:
            part = "tune" if int(salted_hash("part", qid)[:8], 16) % 2 == 0 else "test"
            rows.append(f"{qid}\t{question}\t{pid}\t{part}")
            other = one_line(converter.convert(question))
            # A question the conversion leaves alone would only repeat its original row.
            if other != question:
                rows.append(f"{qid}-x\t{other}\t{pid}\t{part}")
                crossed += 1
    ids = [row.split("\t", 1)[0] for row in rows] + [json.loads(r)["id"] for r in records]
    if len(ids) != len(set(ids)):
        sys.exit(f"{name}: ids are not unique")

    (out_dir / f"{name}.paragraphs.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")
    (out_dir / f"{name}.questions.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    originals = len(rows) - crossed
    tune = sum(1 for row in rows
               if row.endswith("\ttune") and not row.split("\t", 1)[0].endswith("-x"))
    print(f"{name}: {len(records)} of {len(pool)} paragraphs, {originals} questions "
          f"({tune} tune, {originals - tune} test), {crossed} converted ({conversion})")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--drcd", nargs="+", type=Path, required=True, help="DRCD JSON files")
    parser.add_argument("--cmrc", nargs="+", type=Path, required=True,
                        help="CMRC 2018 SQuAD-style JSON files")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    args = parser.parse_args()
    build("drcd", args.drcd, args.out)
    build("cmrc", args.cmrc, args.out)


if __name__ == "__main__":
    main()
