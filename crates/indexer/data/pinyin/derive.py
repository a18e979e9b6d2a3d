"""Writes phrases.txt and first-reading.txt from pypinyin's phrase table (pip install
pypinyin==0.55.0) and jieba's dictionary (../jieba/dict.txt.gz). See README.md.

    python3 derive.py
"""

import gzip
import json
import os
import unicodedata

import pypinyin
from pypinyin import lazy_pinyin, pinyin, Style

HERE = os.path.dirname(os.path.abspath(__file__))
# A common character whose other readings carry more than this share of its uses (by jieba's
# word frequencies, read by pypinyin's phrases) keeps them everywhere.
MOST_OTHER_SHARE = 0.05


def plain(reading):
    s = unicodedata.normalize("NFD", reading)
    return "".join(c for c in s if not unicodedata.combining(c)).replace("ü", "v")


def is_han(c):
    return "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" or "\U00020000" <= c <= "\U0003134f"


def first(c):
    return lazy_pinyin(c, style=Style.NORMAL, v_to_u=False)[0].replace("ü", "v")


def main():
    table = os.path.join(os.path.dirname(pypinyin.__file__), "phrases_dict.json")
    with open(table, encoding="utf-8") as f:
        phrases = {
            word: [r[0] for r in readings]
            for word, readings in json.load(f).items()
            if len(word) >= 2 and len(readings) == len(word) and all(map(is_han, word))
        }
    differing = sorted(w for w, rs in phrases.items() if [plain(r) for r in rs] != [first(c) for c in w])
    with open(os.path.join(HERE, "phrases.txt"), "w", encoding="utf-8") as f:
        for word in differing:
            f.write(f"{word}\t{' '.join(phrases[word])}\n")

    with open(os.path.join(HERE, "..", "common-chars.txt"), encoding="utf-8") as f:
        common = [c for line in f if not line.startswith("#") for c in line.strip()]
    uses, other = {}, {}
    with gzip.open(os.path.join(HERE, "..", "jieba", "dict.txt.gz"), "rt", encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) < 2:
                continue
            word, freq = parts[0], int(parts[1])
            readings = phrases.get(word)
            for i, c in enumerate(word):
                uses[c] = uses.get(c, 0) + freq
                if readings and plain(readings[i]) != first(c):
                    other[c] = other.get(c, 0) + freq
    reduced = [
        c
        for c in common
        if len({plain(r) for r in pinyin(c, style=Style.TONE, heteronym=True)[0]}) > 1
        and other.get(c, 0) <= MOST_OTHER_SHARE * uses.get(c, 1)
    ]
    with open(os.path.join(HERE, "first-reading.txt"), "w", encoding="utf-8") as f:
        f.write("# Common characters read by their first reading outside a phrase (README.md).\n")
        for start in range(0, len(reduced), 50):
            f.write("".join(reduced[start : start + 50]) + "\n")
    print(f"{len(differing)} phrases, {len(reduced)} characters")


main()
