#!/usr/bin/env python3
"""Expected answers for judged queries over a corpus folder, computed without sousuo.

    python3 bench/judged/expected.py CORPUS_DIR QUERIES OUT.tsv [--opencc DIR]

CORPUS_DIR holds `.txt` articles (first line the title, then the body; the id is the file stem).
QUERIES lists one query per line (`#` starts a comment):

    category <TAB> query [<TAB> options]

options, space-separated:
    as=TEXT        compute the expected set for TEXT instead of the query (a typo's correction)
    pinyin         the query is pinyin: use the pinyin rule below, not the text rule
    first=title    the one document whose title contains the query (or its as=TEXT) comes first
    first=exact    the one document whose title is the query (or its as=TEXT) comes first
    first=line     the one document with a line (a poem's title line in an article) that is
                   the query (or its as=TEXT) comes first
    first=ID       that document comes first
    check=C        add the judge check C (suggest:W, fix:W, pinyin:W, exact, partial, missing:W)
    min=N max=N    refuse to write the set unless it has N documents or more / at most N

OUT.tsv is a judged set in the format of src/judge.rs (`category query expected first checks`),
ids written as their prefix up to `_`. Every set must be non-empty: the program stops otherwise.

The text rule (what "a document holds a query" means), read from the project's specification
(README, shared/CHINESE-TEXT.md) and its documented cleaning, normalization and query syntax:

1. Cleaning. A file's text loses its byte order mark; CRLF/CR become LF; control characters other
   than LF and TAB are dropped; `X(reading)` is dropped to `X` where the Latin reading is one of
   X's readings; lines are trimmed, blank lines dropped, and whitespace after a sentence end
   (。！？!?；…”」』) starts a new line; the first line is the title (a first line over 64
   characters stays in the body and its first sentence is the title); trailing boilerplate
   (forum chrome, a disclaimer in the last 3 lines, 2+ closing `- `/`• `/`· ` list items, stray
   `|`) is cut. The document's text is then `title + "\\n" + body lines joined by "\\n"`.
2. Normalization, one character for one: full width U+FF01-FF5E to half width, every whitespace
   to a space, lower case (when it is one character); then Traditional to Simplified with OpenCC's
   TSCharacters and TSPhrases (first value of each entry; entries that change the length, or are
   longer than 16 characters, are left out; phrases win over characters for the same key), by
   leftmost-longest match. Queries are normalized the same way.
3. Query syntax. Parts are separated by whitespace; `-part` excludes (a lone `-` or `--` is text);
   `"..."` or `“...”` is one part that may hold spaces. Within a part, characters that are not
   indexed (whitespace, control characters, U+FFFD) are dropped, except that whitespace inside
   quotes becomes a gap (several in a row make one gap; gaps at the ends are dropped).
4. A part occurs in a document where its characters occur consecutively in the normalized text
   and each gap falls on exactly one character that is not a letter or digit (punctuation, a space
   or the line break). Punctuation is text: `月光` does not occur in `月，光`, nor across a line
   break. A document answers a query when every required part occurs in it and no excluded part.

The pinyin rule (options `pinyin`): the query's letters (tone marks, tone numbers 1-5, spaces
and apostrophes dropped, lower case, ü as v) must be spelled by one run of consecutive Han
characters of the document, either in full (one reading per character, concatenated: `jingyesi`
is 静夜思) or as initials (the first letter of one reading per character, two characters or
more: `jys`). A character's readings are every reading pypinyin knows (heteronyms, tones
dropped) of the character as written and of its Simplified form. The set is every document that
has any such run; the runs found are written as a comment above the query, so a reader can see
that the pinyin is unambiguous enough.
"""

import argparse
import os
import re
import sys
import unicodedata

MAX_TITLE_CHARS = 64
MAX_CONVERSION_CHARS = 16

# Unicode White_Space, the set Rust's char::is_whitespace and str::trim use.
WHITESPACE = frozenset(
    chr(c)
    for c in [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F,
              0x205F, 0x3000, *range(0x2000, 0x200B)]
)


def is_ws(c):
    return c in WHITESPACE


def is_control(c):
    return unicodedata.category(c) == "Cc"


def is_word_char(c):
    """A letter or a digit (of any script), not punctuation."""
    return unicodedata.category(c)[0] in "LN"


def is_indexed(c):
    return not is_ws(c) and not is_control(c) and c != "\ufffd"


def trim(s):
    start, end = 0, len(s)
    while start < end and is_ws(s[start]):
        start += 1
    while end > start and is_ws(s[end - 1]):
        end -= 1
    return s[start:end]


# ---------------------------------------------------------------- normalization


def fold_char(c):
    o = ord(c)
    if 0xFF01 <= o <= 0xFF5E:
        c = chr(o - 0xFEE0)
    elif is_ws(c):
        c = " "
    low = c.lower()
    return low if len(low) == 1 else c


class Normalizer:
    def __init__(self, opencc_dir):
        self.table = {}
        for name in ["TSCharacters.txt", "TSPhrases.txt"]:
            with open(os.path.join(opencc_dir, name), encoding="utf-8") as f:
                for line in f:
                    line = line.rstrip("\n")
                    if line.startswith("#") or not line.strip():
                        continue
                    key, values = line.split("\t")[:2]
                    first = values.split(" ")[0]
                    if key != first and len(key) == len(first) and len(key) <= MAX_CONVERSION_CHARS:
                        self.table[key] = first
        self.longest = {}
        for key in self.table:
            self.longest[key[0]] = max(self.longest.get(key[0], 0), len(key))

    def normalize(self, text):
        folded = "".join(fold_char(c) for c in text)
        out = []
        i, n = 0, len(folded)
        while i < n:
            longest = self.longest.get(folded[i], 0)
            for length in range(min(longest, n - i), 0, -1):
                replacement = self.table.get(folded[i : i + length])
                if replacement is not None:
                    out.append(replacement)
                    i += length
                    break
            else:
                out.append(folded[i])
                i += 1
        result = "".join(out)
        assert len(result) == len(text)
        return result


# ---------------------------------------------------------------- pinyin

TONELESS = {}
for base, marked in {
    "a": "āáǎàĀÁǍÀ", "e": "ēéěèĒÉĚÈê", "i": "īíǐìĪÍǏÌ", "o": "ōóǒòŌÓǑÒ",
    "u": "ūúǔùŪÚǓÙ", "v": "üǖǘǚǜÜǕǗǙǛ", "n": "ńňǹ", "m": "ḿ",
}.items():
    for c in marked:
        TONELESS[c] = base


def typed_letters(text):
    """The letters a pinyin query spells, or None when it holds anything else."""
    out = []
    after_letter = False
    for c in text:
        low = c.lower() if c.isascii() else c
        if "a" <= low <= "z":
            out.append(low)
            after_letter = True
        elif c in TONELESS:
            out.append(TONELESS[c])
            after_letter = True
        elif after_letter and c in "12345":
            after_letter = False
        elif is_ws(c) or c in "'’":
            after_letter = False
        else:
            return None
    return "".join(out) if len(out) >= 2 else None


_readings_cache = {}


def readings(c):
    """Every toneless reading of one character (ü as v), per pypinyin, heteronyms included."""
    if c not in _readings_cache:
        from pypinyin import Style, pinyin

        found = set()
        if "\u3400" <= c <= "\u9fff" or "\U00020000" <= c <= "\U0003134f" or "\uf900" <= c <= "\ufaff":
            for r in pinyin(c, style=Style.NORMAL, heteronym=True, errors="ignore"):
                for s in r:
                    s = "".join(TONELESS.get(ch, ch) for ch in s.lower())
                    if s.isascii() and s.isalpha():
                        found.add(s)
        _readings_cache[c] = frozenset(found)
    return _readings_cache[c]


# ---------------------------------------------------------------- cleaning


def is_reading_of(c, reading):
    def plain(r):
        table = str.maketrans({**{k: v for k, v in TONELESS.items()}, "v": "u", "ü": "u"})
        return r.lower().translate(table).replace("v", "u")

    return plain(reading) in {plain(r) for r in readings(c)}


PINYIN_LETTERS = set("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêḿńňǹ")


def is_pinyin_letter(c):
    return (c.isascii() and c.isalpha()) or c in PINYIN_LETTERS


def strip_pinyin_readings(text):
    chars = list(text)
    out = []
    stripped = 0

    def reading_end(start):
        end = start
        while end < len(chars) and is_pinyin_letter(chars[end]):
            end += 1
        if end > start and end < len(chars) and chars[end] in ")）":
            return end
        return None

    i = 0
    while i < len(chars):
        c = chars[i]
        if c == "?":
            end = reading_end(i + 1)
            if end is not None:
                stripped += 1
                i = end + 1
                continue
        out.append(c)
        i += 1
        if c.isascii() or not c.isalpha() or i >= len(chars) or chars[i] not in "(（":
            continue
        end = reading_end(i + 1)
        if end is not None and is_reading_of(c, "".join(chars[i + 1 : end])):
            stripped += 1
            i = end + 1
    return "".join(out), stripped


SENTENCE_END = set("。！？!?；…”」』")


def paragraphs(text):
    out = []
    for line in text.split("\n"):
        current = []
        chars = trim(line)
        k = 0
        while k < len(chars):
            c = chars[k]
            k += 1
            if is_ws(c) and current and current[-1] in SENTENCE_END:
                while k < len(chars) and is_ws(chars[k]):
                    k += 1
                out.append("".join(current))
                current = []
            else:
                current.append(c)
        rest = trim("".join(current))
        if rest:
            out.append(rest)
    return out


def first_sentence(paragraph):
    title = []
    for k, c in enumerate(paragraph):
        title.append(c)
        if c in "。！？!?":
            if k + 1 < len(paragraph) and paragraph[k + 1] in "”」』\"":
                title.append(paragraph[k + 1])
            break
    if len(title) <= MAX_TITLE_CHARS:
        return "".join(title)
    return paragraph[: MAX_TITLE_CHARS // 2] + "…"


def is_forum_chrome(form):
    return (
        form in ("回复", "使用道具 举报", "回复 支持 反对", "您需要登录后才可以回帖 登录 | 立即注册")
        or "powered by discuz" in form
        or (form.startswith("发表于") and "楼" in form)
    )


def is_disclaimer(form):
    return any(form.startswith(m) for m in ["免责声明", "版权声明", "免责申明", "声明:", "声明："])


def is_headline_item(line):
    for prefix in ("- ", "• ", "· "):
        if line.startswith(prefix):
            return len(line) - len(prefix) <= 80
    return False


def cut_boilerplate(lines, normalizer):
    forms = [normalizer.normalize(line) for line in lines]
    for at, form in enumerate(forms):
        if is_forum_chrome(form):
            lines = lines[:at]
            break
    for at in range(max(0, len(lines) - 3), len(lines)):
        if is_disclaimer(forms[at]):
            lines = lines[:at]
            break
    list_start = 0
    for at in range(len(lines) - 1, -1, -1):
        if not is_headline_item(lines[at]):
            list_start = at + 1
            break
    if len(lines) - list_start >= 2:
        lines = lines[:list_start]
    while lines:
        kept = lines[-1]
        while kept and (is_ws(kept[-1]) or kept[-1] in "|｜"):
            kept = kept[:-1]
        if kept:
            lines[-1] = kept
            break
        lines.pop()
    return lines


def clean(text, normalizer):
    """(title, body lines, what was changed) of one corpus file."""
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(c for c in text if not is_control(c) or c in "\n\t")
    text, stripped = strip_pinyin_readings(text)
    lines = paragraphs(text)
    if not lines:
        raise ValueError("empty")
    first, body = lines[0], lines[1:]
    if len(first) > MAX_TITLE_CHARS:
        title = first_sentence(first)
        body.insert(0, first)
    else:
        title = first
    before = len(body)
    body = cut_boilerplate(body, normalizer)
    return title, body, {"readings": stripped, "boilerplate": before - len(body)}


# ---------------------------------------------------------------- corpus


class Doc:
    __slots__ = ("id", "title", "text", "norm", "norm_title")

    def __init__(self, id, title, text, norm, norm_title):
        self.id, self.title, self.text, self.norm, self.norm_title = id, title, text, norm, norm_title


def read_corpus(folder, normalizer):
    paths = {}
    for root, _, files in os.walk(folder, followlinks=True):
        for name in files:
            if name.lower().endswith(".txt"):
                stem = name[: -len(".txt")]
                if stem in paths:
                    sys.exit(f"two files have the id {stem}")
                paths[stem] = os.path.join(root, name)
    docs = []
    changes = {"readings": 0, "boilerplate": 0, "long titles": 0}
    for stem in sorted(paths):
        with open(paths[stem], encoding="utf-8") as f:
            raw = f.read()
        title, body, changed = clean(raw, normalizer)
        changes["readings"] += changed["readings"]
        changes["boilerplate"] += changed["boilerplate"]
        changes["long titles"] += title != trim(raw.lstrip("\ufeff").split("\n", 1)[0])
        text = title + "\n" + "\n".join(body)
        norm = normalizer.normalize(text)
        docs.append(Doc(stem, title, text, norm, norm[: len(title)]))
    return docs, changes


# ---------------------------------------------------------------- queries


def is_open_quote(c):
    return c in '"“'


def is_close_quote(c):
    return c in '"”'


def parse_query(query, normalizer):
    """(required, excluded): lists of patterns, a pattern a list of characters or None (a gap)."""
    chars = list(query)
    folded = [fold_char(c) for c in chars]
    required, excluded = [], []
    i = 0
    while i < len(chars):
        if folded[i] == " ":
            i += 1
            continue
        exclude = folded[i] == "-" and i + 1 < len(chars) and folded[i + 1] not in " -"
        if exclude:
            i += 1
        if is_open_quote(folded[i]):
            start = i + 1
            while start < len(chars) and is_open_quote(folded[start]):
                start += 1
            end = start
            while end < len(chars) and not is_close_quote(folded[end]):
                end += 1
            i = end + 1
            while i < len(chars) and is_close_quote(folded[i]):
                i += 1
        else:
            start = i
            while i < len(chars) and folded[i] != " ":
                i += 1
            end = i
        text = "".join(chars[min(start, end) : end])
        pattern = []
        for c in normalizer.normalize(text):
            if is_indexed(c):
                pattern.append(c)
            elif c == " " and pattern and pattern[-1] is not None:
                pattern.append(None)
        while pattern and pattern[-1] is None:
            pattern.pop()
        if pattern:
            (excluded if exclude else required).append((text, pattern))
    return required, excluded


def occurs(pattern, doc):
    if None not in pattern:
        return "".join(pattern) in doc.norm
    regex = "(?=(" + "".join("." if c is None else re.escape(c) for c in pattern) + "))"
    gaps = [k for k, c in enumerate(pattern) if c is None]
    for m in re.finditer(regex, doc.norm, re.S):
        start = m.start()
        if all(not is_word_char(doc.text[start + k]) for k in gaps):
            return True
    return False


def text_answer(query, docs, normalizer):
    required, excluded = parse_query(query, normalizer)
    if not required:
        sys.exit(f"{query!r}: nothing to look for")
    found = []
    for doc in docs:
        if all(occurs(p, doc) for _, p in required) and not any(occurs(p, doc) for _, p in excluded):
            found.append(doc)
    return found, []


class PinyinIndex:
    """Each document's characters as code points standing for (written, Simplified) pairs, so a
    regular expression over classes of pairs finds runs by their readings."""

    def __init__(self, docs):
        self.pairs = {}
        self.streams = []
        for doc in docs:
            out = []
            for written, simple in zip(doc.text, doc.norm):
                key = (written, simple)
                code = self.pairs.get(key)
                if code is None:
                    code = self.pairs[key] = chr(0xF0000 + len(self.pairs))
                out.append(code)
            self.streams.append("".join(out))
        self.readings = {}
        for (written, simple), code in self.pairs.items():
            r = readings(written) | readings(simple)
            if r:
                self.readings[code] = r
        self.syllables = set().union(*self.readings.values())

    def cls(self, wanted):
        codes = sorted(code for code, r in self.readings.items() if wanted(r))
        return "[" + "".join(codes) + "]" if codes else None

    def regex(self, letters):
        alternatives = []
        # In full: every split of the letters into syllables some character reads.
        def splits(rest):
            if not rest:
                yield []
                return
            for n in range(1, min(6, len(rest)) + 1):
                if rest[:n] in self.syllables:
                    for tail in splits(rest[n:]):
                        yield [rest[:n]] + tail
        for split in splits(letters):
            classes = [self.cls(lambda r, s=s: s in r) for s in split]
            if all(classes):
                alternatives.append("".join(classes))
        # As initials: one letter per character, two characters or more.
        classes = [self.cls(lambda r, l=l: any(x[0] == l for x in r)) for l in letters]
        if all(classes):
            alternatives.append("".join(classes))
        return re.compile("|".join(alternatives)) if alternatives else None

    def answer(self, letters, docs):
        regex = self.regex(letters)
        found, runs = [], {}
        if regex is None:
            return found, []
        for doc, stream in zip(docs, self.streams):
            hit = False
            for m in regex.finditer(stream):
                run = doc.norm[m.start() : m.end()]
                runs[run] = runs.get(run, 0) + 1
                hit = True
            # finditer skips overlapping runs; look at every start for the runs' record.
            if hit:
                found.append(doc)
        return found, sorted(runs.items(), key=lambda kv: (-kv[1], kv[0]))


# ---------------------------------------------------------------- main


def body_lines(doc):
    """The normalized lines of a document's body, without what is not indexed."""
    lines, start = [], 0
    for line in doc.text.split("\n"):
        lines.append("".join(c for c in doc.norm[start : start + len(line)] if is_indexed(c)))
        start += len(line) + 1
    return set(lines[1:])


def prefix(doc_id):
    return doc_id.split("_", 1)[0]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus")
    parser.add_argument("queries")
    parser.add_argument("out")
    parser.add_argument("--opencc", default=os.path.join(here, "..", "..", "data", "opencc"))
    args = parser.parse_args()

    normalizer = Normalizer(args.opencc)
    docs, changes = read_corpus(args.corpus, normalizer)
    print(f"{len(docs)} documents; cleaning: {changes}", file=sys.stderr)
    by_prefix = {}
    for doc in docs:
        by_prefix.setdefault(prefix(doc.id), []).append(doc)
    ambiguous = [p for p, d in by_prefix.items() if len(d) > 1]
    id_of = (lambda d: d.id) if ambiguous else (lambda d: prefix(d.id))
    pinyin_index = None

    lines = []
    corpus_name = os.path.basename(os.path.normpath(args.corpus))
    lines.append(f"# Judged queries over {corpus_name} ({len(docs)} documents), written by bench/judged/expected.py")
    lines.append(f"# from {os.path.basename(args.queries)}; the rule that computes each set is in its header.")
    lines.append("# Do not edit: change the query list and regenerate (bench/judged/README.md).")
    lines.append("# category\tquery\texpected\tfirst\tchecks")
    failures = []
    with open(args.queries, encoding="utf-8") as f:
        entries = [l.rstrip("\n") for l in f if l.strip() and not l.startswith("#")]
    for entry in entries:
        fields = entry.split("\t")
        if len(fields) < 2:
            sys.exit(f"{args.queries}: bad line {entry!r}")
        category, query = fields[0], fields[1]
        options = " ".join(fields[2:]).split()
        target, first, checks, use_pinyin, low, high = query, None, [], False, 1, None
        for option in options:
            name, _, value = option.partition("=")
            if name == "as":
                target = value
            elif name == "pinyin":
                use_pinyin = True
            elif name == "first":
                first = value
            elif name == "check":
                checks.append(value)
            elif name == "min":
                low = int(value)
            elif name == "max":
                high = int(value)
            else:
                sys.exit(f"{args.queries}: unknown option {option!r} in {entry!r}")
        note = ""
        if use_pinyin:
            letters = typed_letters(target)
            if letters is None:
                sys.exit(f"{target!r} is not pinyin")
            if pinyin_index is None:
                pinyin_index = PinyinIndex(docs)
            found, runs = pinyin_index.answer(letters, docs)
            shown = ", ".join(f"{run} ×{n}" for run, n in runs[:12])
            more = f" and {len(runs) - 12} more runs" if len(runs) > 12 else ""
            note = f"# {query}: {letters} is spelled by {shown}{more}"
        else:
            found, _ = text_answer(target, docs, normalizer)
            if target != query:
                typed, _ = text_answer(query, docs, normalizer)
                if typed:
                    failures.append(f"{query!r} is no typo: {len(typed)} documents hold it as typed")
        if first in ("title", "exact", "line"):
            bare = lambda s: "".join(c for c in s if is_indexed(c))
            want = bare(normalizer.normalize(target))
            if first == "title":
                chosen = [d for d in found if want in d.norm_title]
            elif first == "exact":
                chosen = [d for d in found if bare(d.norm_title) == want]
            else:
                chosen = [d for d in found if want in body_lines(d)]
            if len(chosen) != 1:
                failures.append(f"{query!r}: first={first} needs one document, found {[d.id for d in chosen]}")
                first = None
            else:
                first = id_of(chosen[0])
        elif first is not None:
            matches = [d for d in found if d.id == first or prefix(d.id) == first]
            if len(matches) != 1:
                failures.append(f"{query!r}: first={first} is not among its documents")
            first = first
        if len(found) < low or (high is not None and len(found) > high):
            failures.append(f"{query!r}: {len(found)} documents, wanted {low}..{high}")
        sample = "; ".join(f"{d.id} {d.title}" for d in found[:3])
        lines.append(f"# {query}: {len(found)} documents: {sample}{' …' if len(found) > 3 else ''}")
        if note:
            lines.append(note)
        expected = ",".join(id_of(d) for d in found) or "-"
        lines.append("\t".join([category, query, expected, first or "", " ".join(checks)]).rstrip("\t"))
        print(f"{category}\t{query}\t{len(found)}\t{first or ''}", file=sys.stderr)
    if failures:
        print("\n".join(failures), file=sys.stderr)
        sys.exit(f"{len(failures)} queries have no usable answer; {args.out} not written")
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print(f"{args.out}: {len(entries)} queries", file=sys.stderr)


if __name__ == "__main__":
    main()
