#!/usr/bin/env python3
"""The baseline: BM25 over character unigrams and bigrams, folded to Simplified.

    python3 bench/questions/bm25.py PARAGRAPHS.jsonl QUESTIONS.tsv RUN

Writes a TREC run (qid Q0 paragraph rank score bm25), the top 10 per question. A document is its
title and body; text is NFKC-folded, lower-cased, converted to Simplified (so that a question in
either script meets a paragraph in either), and stripped of everything but letters and digits
before it is cut into grams.
"""

import json
import math
import sys
import unicodedata
from collections import Counter, defaultdict

from opencc import OpenCC

K1, B, LIMIT = 1.2, 0.75, 10
to_simplified = OpenCC("t2s")


def grams(text):
    text = to_simplified.convert(unicodedata.normalize("NFKC", text).lower())
    chars = [c for c in text if unicodedata.category(c)[0] in "LN"]
    return chars + [a + b for a, b in zip(chars, chars[1:])]


def build(paragraphs):
    """Each gram's postings with its BM25 weight per document, worked out once."""
    ids, counts = [], []
    for record in paragraphs:
        ids.append(record["id"])
        counts.append(Counter(grams(record["title"] + " " + record["body"])))
    lengths = [sum(c.values()) for c in counts]
    average = sum(lengths) / len(lengths)
    doc_freq = Counter(g for c in counts for g in c)
    weights = defaultdict(list)
    for doc, (count, length) in enumerate(zip(counts, lengths)):
        norm = K1 * (1 - B + B * length / average)
        for gram, tf in count.items():
            # Lucene's idf, never negative.
            idf = math.log(1 + (len(ids) - doc_freq[gram] + 0.5) / (doc_freq[gram] + 0.5))
            weights[gram].append((doc, idf * tf * (K1 + 1) / (tf + norm)))
    return ids, weights


def search(ids, weights, question):
    scores = defaultdict(float)
    for gram in set(grams(question)):
        for doc, weight in weights.get(gram, ()):
            scores[doc] += weight
    # Ties break by paragraph id so that the run never depends on dict order.
    best = sorted(scores.items(), key=lambda item: (-item[1], ids[item[0]]))[:LIMIT]
    return [(ids[doc], score) for doc, score in best]


def main():
    paragraphs_path, questions_path, run_path = sys.argv[1:4]
    with open(paragraphs_path, encoding="utf-8") as f:
        ids, weights = build(json.loads(line) for line in f if line.strip())
    with open(questions_path, encoding="utf-8") as f, open(run_path, "w", encoding="utf-8") as out:
        for line in f:
            qid, question = line.rstrip("\n").split("\t")[:2]
            for rank, (pid, score) in enumerate(search(ids, weights, question), 1):
                out.write(f"{qid} Q0 {pid} {rank} {score:.4f} bm25\n")


if __name__ == "__main__":
    main()
