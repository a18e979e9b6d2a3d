//! Query syntax → normalization → matching → Bm25 ranking → hits with snippets.
//!
//! A query is parts separated by whitespace. Every part must occur in a document, in normalized
//! form (script, width and case do not matter), as a contiguous run of characters; `-part`
//! excludes documents where the part occurs; `"quoted text"` is one part that may hold spaces.
//!
//! Matching is exact: every character of the corpus is indexed with its positions, so a part is
//! found wherever it occurs, inside a word or across words. Ranking is Bm25 over the words of the
//! part (segmented against the index's own vocabulary, so whole words count) plus the part
//! itself as a phrase, with the title weighted above the body. Ties break by document order.
//!
//! ```
//! let index = sousuo::Index::embedded().unwrap();
//! let results = sousuo::search(index, "迈博太科", &Default::default()).unwrap();
//! assert_eq!(results.hits[0].id, "001_9fc454ccbfdced76");
//! ```

use crate::analyzer::{fold_char, is_indexed_char, is_word_char, keys_prefixing};
use crate::error::{Error, Result};
use crate::format::DocPositions;
use crate::index::{DocId, Document, Index};
use crate::order::{sort, sort_by, sort_dedup};
use crate::phonetic::typed_pinyin;
use crate::snippet::{self, count_highlights, Segment, Span};
use crate::suggest;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Queries longer than this many characters are cut to it, and the response says so.
pub const MAX_QUERY_CHARS: usize = 256;
/// Results per page when the caller does not say.
pub const DEFAULT_LIMIT: usize = 10;
/// The most results one call returns.
pub const MAX_LIMIT: usize = 100;
/// The most work one query does: postings entries (a document or a position) decoded, document
/// characters read to check quoted gaps, and the steps of sorting occurrences for proximity. A
/// query over it is answered with a notice and no hits, never with a frozen page. Measured on 500
/// articles, the costliest queries under it take tens of milliseconds natively (README).
pub const WORK_BUDGET: usize = 1_000_000;
/// The longest vocabulary word looked for when segmenting a query, in characters.
const MAX_WORD_CHARS: usize = 16;
/// The most units (parts, or words of a partial match) one query is split into.
const MAX_UNITS: usize = 32;
/// The most words one pinyin spelling stands for (the most frequent ones).
const MAX_PINYIN_WORDS: usize = 8;
/// Occurrences per unit looked at when measuring how close the units are.
const MAX_PROXIMITY_OCCURRENCES: usize = 256;
/// Suggestions offered with an empty or partial answer.
const MAX_SUGGESTIONS_OFFERED: usize = 5;

/// How results are ranked: every weight in one place. Each is clamped to its documented range.
///
/// A document's score is the sum, over the query's units (its parts, or its words when showing
/// partial matches), of Bm25 for the unit as a phrase times `phrase_weight` plus Bm25 for each
/// vocabulary word inside it; plus `proximity_weight` times how closely the units sit together.
/// Within Bm25 an occurrence in the title counts `title_weight` times, and an occurrence inside
/// a longer word (医药 in 生物医药) counts `inside_word_weight` of a whole-word one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RankSettings {
    /// Bm25 term-frequency saturation, 0.0–3.0 (default 1.2).
    pub k1: f32,
    /// Bm25 length normalization, 0.0–1.0 (default 0.75).
    pub b: f32,
    /// How much a match in the title counts against one in the body, 1.0–10.0 (default 3.0).
    pub title_weight: f32,
    /// Weight of a whole unit as a phrase, against its words, 0.0–5.0 (default 1.0).
    pub phrase_weight: f32,
    /// What a match inside a longer word counts, against a whole-word match, 0.0–1.0 (default 0.5).
    pub inside_word_weight: f32,
    /// Bonus for units that occur close together, 0.0–5.0 (default 0.5).
    pub proximity_weight: f32,
}

impl Default for RankSettings {
    fn default() -> Self {
        RankSettings {
            k1: 1.2,
            b: 0.75,
            title_weight: 3.0,
            phrase_weight: 1.0,
            inside_word_weight: 0.5,
            proximity_weight: 0.5,
        }
    }
}

impl RankSettings {
    /// The settings with every weight inside its range (NaN becomes the default).
    pub fn clamped(self) -> Self {
        let d = RankSettings::default();
        let clamp = |v: f32, lo: f32, hi: f32, default: f32| {
            if v.is_nan() {
                default
            } else {
                v.clamp(lo, hi)
            }
        };
        RankSettings {
            k1: clamp(self.k1, 0.0, 3.0, d.k1),
            b: clamp(self.b, 0.0, 1.0, d.b),
            title_weight: clamp(self.title_weight, 1.0, 10.0, d.title_weight),
            phrase_weight: clamp(self.phrase_weight, 0.0, 5.0, d.phrase_weight),
            inside_word_weight: clamp(self.inside_word_weight, 0.0, 1.0, d.inside_word_weight),
            proximity_weight: clamp(self.proximity_weight, 0.0, 5.0, d.proximity_weight),
        }
    }
}

/// Which page of results to return.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchOptions {
    /// Results per page, 1–[`MAX_LIMIT`].
    pub limit: usize,
    /// Results to skip.
    pub offset: usize,
    /// The most work the query may do, in the units of [`WORK_BUDGET`]; that budget unless a
    /// caller (a test, a server) wants less.
    pub work_budget: usize,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: DEFAULT_LIMIT,
            offset: 0,
            work_budget: WORK_BUDGET,
        }
    }
}

/// The answer to a search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchResults {
    /// The query as it was searched (cut to [`MAX_QUERY_CHARS`]).
    pub query: String,
    /// How many documents match in all.
    pub total: usize,
    /// This page of them, best first.
    pub hits: Vec<Hit>,
    /// No document has the whole query: these hits have most of its words, and each says which
    /// words it lacks.
    pub partial: bool,
    /// How pinyin in the query was read: each spelling and the Chinese words it found.
    pub pinyin: Vec<PinyinReading>,
    /// Words to try instead when the query found nothing or only part of itself: words that
    /// sound like a missing one (a homophone typo), or completions of it.
    pub suggestions: Vec<String>,
    /// Something the user should know about the query (cut, partial, nothing to look for), or null.
    pub notice: Option<String>,
}

impl SearchResults {
    /// No hits for `query`, with what the user should know about it.
    fn empty(query: String, notice: Option<String>) -> Self {
        SearchResults {
            query,
            total: 0,
            hits: Vec::new(),
            partial: false,
            pinyin: Vec::new(),
            suggestions: Vec::new(),
            notice,
        }
    }
}

/// A pinyin spelling from the query and the Chinese words it was read as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PinyinReading {
    /// The spelling, as letters (`yiyao`, `yy`).
    pub pinyin: String,
    /// The words it matched in the results (Simplified).
    pub words: Vec<String>,
}

/// One matching document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Hit {
    /// The document id.
    pub id: String,
    /// The title, plain.
    pub title: String,
    /// Relevance; higher is better.
    pub score: f32,
    /// The title with its matches highlighted.
    pub title_segments: Vec<Segment>,
    /// The best passage of the body (or two, joined by `…`) with its matches highlighted.
    pub snippet: Vec<Segment>,
    /// For a partial match, the words of the query this document lacks; otherwise empty.
    pub missing: Vec<String>,
}

/// A whole article, with the matches of a query highlighted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Article {
    /// The document id.
    pub id: String,
    /// The title, plain.
    pub title: String,
    /// The title with its matches highlighted.
    pub title_segments: Vec<Segment>,
    /// The body's paragraphs with their matches highlighted.
    pub paragraphs: Vec<Vec<Segment>>,
    /// How many highlighted passages the article has, title included.
    pub matches: usize,
}

/// A pattern of normalized characters; `None` stands for whitespace inside quotes (any one
/// separator character).
pub type Pattern = Vec<Option<char>>;

/// One part of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The part as typed.
    pub text: String,
    /// Its normalized characters.
    pub pattern: Pattern,
    /// The typed character behind each position of the pattern (a space at gaps).
    pub typed: Vec<char>,
    /// Whether it was quoted: it is then never split into words.
    pub quoted: bool,
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// Parts that must all occur.
    pub required: Vec<Part>,
    /// Parts that must not occur.
    pub excluded: Vec<Part>,
}

fn is_open_quote(c: char) -> bool {
    matches!(c, '"' | '“')
}

fn is_close_quote(c: char) -> bool {
    matches!(c, '"' | '”')
}

/// Splits a query into parts and normalizes them.
pub fn parse_query(query: &str, index: &Index) -> Query {
    let chars: Vec<char> = query.chars().collect();
    let folded: Vec<char> = chars.iter().map(|&c| fold_char(c)).collect();
    let mut parsed = Query::default();
    let mut i = 0;
    while i < chars.len() {
        if folded[i] == ' ' {
            i += 1;
            continue;
        }
        let excluded = folded[i] == '-' && folded.get(i + 1).is_some_and(|&n| n != ' ' && n != '-');
        if excluded {
            i += 1;
        }
        let quoted = is_open_quote(folded[i]);
        let (start, end) = if quoted {
            // Nested or doubled quotes (`"“医药”"`, `""医药""`) quote once.
            let mut start = i + 1;
            while start < chars.len() && is_open_quote(folded[start]) {
                start += 1;
            }
            let end = (start..chars.len())
                .find(|&j| is_close_quote(folded[j]))
                .unwrap_or(chars.len());
            i = end + 1;
            while i < chars.len() && is_close_quote(folded[i]) {
                i += 1;
            }
            (start, end)
        } else {
            let start = i;
            while i < chars.len() && folded[i] != ' ' {
                i += 1;
            }
            (start, i)
        };
        let text: String = chars[start.min(end)..end].iter().collect();
        let mut pattern = Pattern::new();
        let mut typed = Vec::new();
        for (c, original) in index
            .normalizer()
            .normalize(&text)
            .chars()
            .zip(text.chars())
        {
            if is_indexed_char(c) {
                pattern.push(Some(c));
                typed.push(original);
            } else if c == ' ' && pattern.last().is_some_and(Option::is_some) {
                pattern.push(None);
                typed.push(' ');
            }
        }
        while pattern.last() == Some(&None) {
            pattern.pop();
            typed.pop();
        }
        if pattern.is_empty() {
            continue;
        }
        let part = Part {
            text,
            pattern,
            typed,
            quoted,
        };
        if excluded {
            parsed.excluded.push(part);
        } else {
            parsed.required.push(part);
        }
    }
    parsed
}

/// Decoded postings, each term read once per query, and the work the query has done so far.
struct Postings<'i, 'a> {
    index: &'i Index<'a>,
    lists: HashMap<String, Option<Vec<DocPositions>>>,
    work: std::cell::Cell<usize>,
    budget: usize,
}

impl<'i, 'a> Postings<'i, 'a> {
    fn new(index: &'i Index<'a>, budget: usize) -> Self {
        Postings {
            index,
            lists: HashMap::new(),
            work: std::cell::Cell::new(0),
            budget,
        }
    }

    /// Counts `units` of work (see [`WORK_BUDGET`]); an error once the query has done more than
    /// its budget.
    fn spend(&self, units: usize) -> Result<()> {
        self.work.set(self.work.get().saturating_add(units));
        if self.work.get() > self.budget {
            return Err(Error::OverBudget(self.budget));
        }
        Ok(())
    }

    fn load(&mut self, term: &str) -> Result<()> {
        if !self.lists.contains_key(term) {
            let list = self.index.postings(term)?;
            let entries = list.iter().flatten().map(|e| 1 + e.positions.len()).sum();
            self.lists.insert(term.to_string(), list);
            self.spend(entries)?;
        }
        Ok(())
    }

    fn get(&self, term: &str) -> Option<&[DocPositions]> {
        self.lists.get(term).and_then(|l| l.as_deref())
    }
}

fn positions_in(list: &[DocPositions], doc: DocId) -> Option<&[u32]> {
    list.binary_search_by_key(&doc, |e| e.doc)
        .ok()
        .map(|i| list[i].positions.as_slice())
}

/// Where a pattern occurs: for each document that has it (ascending), the start positions.
fn occurrences(
    postings: &mut Postings,
    pattern: &[Option<char>],
) -> Result<Vec<(DocId, Vec<u32>)>> {
    let fixed: Vec<(u32, String)> = pattern
        .iter()
        .enumerate()
        .filter_map(|(k, c)| c.map(|c| (k as u32, c.to_string())))
        .collect();
    for (_, term) in &fixed {
        postings.load(term)?;
    }
    let mut lists = Vec::with_capacity(fixed.len());
    for (offset, term) in &fixed {
        match postings.get(term) {
            Some(list) => lists.push((*offset, list)),
            None => return Ok(Vec::new()),
        }
    }
    let Some(&(driver_offset, driver)) = lists.iter().min_by_key(|(_, list)| list.len()) else {
        return Ok(Vec::new());
    };
    let mut found = Vec::new();
    'docs: for entry in driver {
        let mut per_char = Vec::with_capacity(lists.len());
        for (offset, list) in &lists {
            match positions_in(list, entry.doc) {
                Some(positions) => per_char.push((*offset, positions)),
                None => continue 'docs,
            }
        }
        let starts: Vec<u32> = entry
            .positions
            .iter()
            .filter_map(|&p| p.checked_sub(driver_offset))
            .filter(|&start| {
                per_char
                    .iter()
                    .all(|(offset, positions)| positions.binary_search(&(start + offset)).is_ok())
            })
            .collect();
        let starts = separators_at_gaps(postings, entry.doc, pattern, starts)?;
        if !starts.is_empty() {
            found.push((entry.doc, starts));
        }
    }
    Ok(found)
}

/// Keeps the starts where every gap of the pattern (whitespace inside quotes) falls on a
/// separator, whitespace or punctuation, rather than on a letter or an ideograph.
fn separators_at_gaps(
    postings: &Postings,
    doc: DocId,
    pattern: &[Option<char>],
    starts: Vec<u32>,
) -> Result<Vec<u32>> {
    let gaps: Vec<u32> = pattern
        .iter()
        .enumerate()
        .filter(|(_, c)| c.is_none())
        .map(|(k, _)| k as u32)
        .collect();
    if gaps.is_empty() || starts.is_empty() {
        return Ok(starts);
    }
    let stream: Vec<char> = postings.index.document(doc)?.stream_chars().collect();
    postings.spend(stream.len())?;
    let is_separator = |at: u32| stream.get(at as usize).is_some_and(|&c| !is_word_char(c));
    Ok(starts
        .into_iter()
        .filter(|&start| gaps.iter().all(|&gap| is_separator(start + gap)))
        .collect())
}

/// The split of `0..n` into the fewest pieces, where `piece_lengths(i)` gives the lengths of the
/// pieces that may start at `i`; among equally few splits, the first found (whose last piece
/// starts earliest). `None` when no split covers all of `0..n`.
pub(crate) fn fewest_pieces(
    n: usize,
    mut piece_lengths: impl FnMut(usize) -> Vec<usize>,
) -> Option<Vec<std::ops::Range<usize>>> {
    // best[j]: (fewest pieces covering ..j, where the last one starts)
    let mut best: Vec<(usize, usize)> = vec![(usize::MAX, 0); n + 1];
    best[0] = (0, 0);
    for i in 0..n {
        if best[i].0 == usize::MAX {
            continue;
        }
        let step = best[i].0 + 1;
        for len in piece_lengths(i) {
            if i + len <= n && step < best[i + len].0 {
                best[i + len] = (step, i);
            }
        }
    }
    if best[n].0 == usize::MAX {
        return None;
    }
    let mut ranges = Vec::new();
    let mut end = n;
    while end > 0 {
        let start = best[end].1;
        ranges.push(start..end);
        end = start;
    }
    ranges.reverse();
    Some(ranges)
}

/// The segmentation of a run of characters into the fewest terms of the index (a character is
/// always a term), as ranges.
fn segment(index: &Index, chars: &[char]) -> Vec<std::ops::Range<usize>> {
    fewest_pieces(chars.len(), |i| {
        let mut lengths = vec![1];
        lengths.extend(
            keys_prefixing(index.terms(), &chars[i..], MAX_WORD_CHARS)
                .into_iter()
                .map(|(len, _)| len),
        );
        lengths
    })
    .unwrap_or_default()
}

/// The vocabulary words (two characters or more) of a pattern.
fn vocabulary_words(index: &Index, pattern: &[Option<char>]) -> Vec<String> {
    let mut words = Vec::new();
    for run in pattern.split(Option::is_none) {
        let chars: Vec<char> = run.iter().flatten().copied().collect();
        for range in segment(index, &chars) {
            if range.len() >= 2 {
                words.push(chars[range].iter().collect());
            }
        }
    }
    words
}

/// One thing a query asks for: any one of its alternatives must occur.
#[derive(Debug, Clone)]
struct Unit {
    /// How it reads to the user: the typed text, or the pinyin spelling.
    text: String,
    /// Patterns that satisfy it: one for typed text, the words it spells for pinyin.
    alternatives: Vec<Pattern>,
    /// The typed characters behind a typed unit's pattern; empty for pinyin.
    typed: Vec<char>,
    /// Never split into words: quoted, or already words (pinyin).
    whole: bool,
    /// Read from pinyin.
    pinyin: bool,
    /// Typed right after the previous unit, with nothing between (a word split off a part).
    follows: bool,
}

impl Unit {
    fn typed(part: &Part) -> Unit {
        Unit {
            text: part.text.clone(),
            alternatives: vec![part.pattern.clone()],
            typed: part.typed.clone(),
            whole: part.quoted,
            pinyin: false,
            follows: false,
        }
    }
}

fn word_pattern(word: &str) -> Pattern {
    word.chars().map(Some).collect()
}

/// For each document that has a unit (ascending), its occurrences: (start, length, alternative).
type Occurrences = Vec<(DocId, Vec<(u32, u32, usize)>)>;

fn unit_occurrences(postings: &mut Postings, unit: &Unit) -> Result<Occurrences> {
    let mut all: Vec<(DocId, u32, u32, usize)> = Vec::new();
    for (alternative, pattern) in unit.alternatives.iter().enumerate() {
        let len = pattern.len() as u32;
        for (doc, starts) in occurrences(postings, pattern)? {
            all.extend(starts.into_iter().map(|s| (doc, s, len, alternative)));
        }
    }
    // One pattern's occurrences come in (doc, start) order already; only merging needs a sort.
    if unit.alternatives.len() > 1 {
        sort(&mut all);
    }
    let mut grouped: Occurrences = Vec::new();
    for (doc, start, len, alternative) in all {
        match grouped.last_mut() {
            Some((last, list)) if *last == doc => list.push((start, len, alternative)),
            _ => grouped.push((doc, vec![(start, len, alternative)])),
        }
    }
    Ok(grouped)
}

fn in_doc(found: &Occurrences, doc: DocId) -> Option<&[(u32, u32, usize)]> {
    found
        .binary_search_by_key(&doc, |(d, _)| *d)
        .ok()
        .map(|i| found[i].1.as_slice())
}

/// The units of a query's parts. Pinyin (a part of letters that spells vocabulary words, or all
/// parts together as in `yi yao`) becomes units whose alternatives are the words it spells.
fn query_units(index: &Index, postings: &mut Postings, parts: &[Part]) -> Result<Vec<Unit>> {
    if parts.len() >= 2 && parts.iter().all(|p| !p.quoted) {
        let letters: Option<Vec<String>> = parts.iter().map(|p| typed_pinyin(&p.text)).collect();
        if let Some(letters) = letters {
            if let Some(units) = pinyin_units(index, &letters.concat(), None)? {
                return Ok(units);
            }
        }
    }
    let mut units = Vec::new();
    for part in parts {
        let typed = Unit::typed(part);
        let letters = typed_pinyin(&part.text).filter(|_| !part.quoted);
        let Some(letters) = letters else {
            units.push(typed);
            continue;
        };
        match pinyin_units(index, &letters, Some(&typed))? {
            // Latin text the corpus has (`ai`) stays Latin, unless it spells one whole word.
            Some(spelled)
                if (spelled.len() == 1 && spells_words(&spelled[0]))
                    || unit_occurrences(postings, &typed)?.is_empty() =>
            {
                units.extend(spelled)
            }
            _ => units.push(typed),
        }
    }
    Ok(units)
}

/// Whether a pinyin unit stands for a word of two or more characters (not only characters).
fn spells_words(unit: &Unit) -> bool {
    unit.alternatives
        .iter()
        .any(|pattern| pattern.len() >= 2 && pattern.iter().flatten().all(|&c| !c.is_ascii()))
}

/// Units for a pinyin spelling, if the whole of it spells vocabulary words. A spelling of one
/// word also keeps the typed letters as an alternative, so Latin text is still found.
fn pinyin_units(index: &Index, letters: &str, typed: Option<&Unit>) -> Result<Option<Vec<Unit>>> {
    let Some(spelled) = suggest::spell(index, letters, MAX_PINYIN_WORDS)? else {
        return Ok(None);
    };
    let single = spelled.len() == 1;
    let units = spelled
        .into_iter()
        .map(|(spelling, words)| {
            let mut alternatives: Vec<Pattern> = words.iter().map(|w| word_pattern(w)).collect();
            if let (true, Some(typed)) = (single, typed) {
                alternatives.extend(typed.alternatives.iter().cloned());
            }
            Unit {
                text: spelling,
                alternatives,
                typed: Vec::new(),
                whole: true,
                pinyin: true,
                follows: false,
            }
        })
        .collect();
    Ok(Some(units))
}

/// The units split into words, for partial matching: a typed unit becomes the words of its
/// segmentation, with runs of single characters kept together (举报 is not 举 and 报).
fn word_units(index: &Index, units: &[Unit]) -> Vec<Unit> {
    let mut out = Vec::new();
    for unit in units {
        if unit.whole {
            out.push(unit.clone());
            continue;
        }
        let pattern = &unit.alternatives[0];
        let mut at = 0;
        for run in pattern.split(Option::is_none) {
            let chars: Vec<char> = run.iter().flatten().copied().collect();
            // (range, made of single characters)
            let mut pieces: Vec<(std::ops::Range<usize>, bool)> = Vec::new();
            for range in segment(index, &chars) {
                let single = range.len() == 1;
                match pieces.last_mut() {
                    Some((last, true)) if single => last.end = range.end,
                    _ => pieces.push((range, single)),
                }
            }
            for (piece, (range, _)) in pieces.into_iter().enumerate() {
                let typed: Vec<char> = unit.typed[at + range.start..at + range.end].to_vec();
                out.push(Unit {
                    text: typed.iter().collect(),
                    alternatives: vec![chars[range].iter().map(|&c| Some(c)).collect()],
                    typed,
                    whole: true,
                    pinyin: false,
                    follows: piece > 0,
                });
            }
            at += run.len() + 1;
        }
    }
    out
}

/// Bm25 over title and body, with title matches and whole words weighted.
struct Bm25<'s> {
    settings: &'s RankSettings,
    doc_count: f32,
    average_chars: f32,
}

impl Bm25<'_> {
    /// The score of a term with `doc_freq` documents, occurring in `document` at
    /// `occurrences` (start, length).
    fn score(
        &self,
        doc_freq: usize,
        document: &Document,
        occurrences: impl Iterator<Item = (u32, u32)>,
    ) -> f32 {
        let s = self.settings;
        let term_freq: f32 = occurrences
            .map(|(start, len)| {
                let place = if start + len <= document.title_chars {
                    s.title_weight
                } else {
                    1.0
                };
                let shape = if document.is_whole_words(start, start + len) {
                    1.0
                } else {
                    s.inside_word_weight
                };
                place * shape
            })
            .sum();
        let df = doc_freq as f32;
        let idf = (1.0 + (self.doc_count - df + 0.5) / (df + 0.5)).ln();
        let chars = (document.title_chars + document.body_chars) as f32;
        let norm = 1.0 - s.b + s.b * chars / self.average_chars;
        idf * term_freq * (s.k1 + 1.0) / (term_freq + s.k1 * norm)
    }
}

/// How closely the units sit in a document, 0.0–1.0: their total length over the shortest
/// stretch of text that holds one occurrence of each (1.0 when side by side).
fn closeness(per_unit: &[&[(u32, u32, usize)]]) -> f32 {
    if per_unit.len() < 2 {
        return 0.0;
    }
    let mut all: Vec<(u32, u32, usize)> = per_unit
        .iter()
        .enumerate()
        .flat_map(|(unit, list)| {
            list.iter()
                .take(MAX_PROXIMITY_OCCURRENCES)
                .map(move |&(start, len, _)| (start, len, unit))
        })
        .collect();
    sort(&mut all);
    let needed: u32 = per_unit
        .iter()
        .map(|list| list.iter().map(|o| o.1).min().unwrap_or(0))
        .sum();
    let mut counts = vec![0usize; per_unit.len()];
    let mut covered = 0;
    let mut best = u32::MAX;
    let mut left = 0;
    for right in 0..all.len() {
        let unit = all[right].2;
        counts[unit] += 1;
        if counts[unit] == 1 {
            covered += 1;
        }
        while covered == per_unit.len() {
            let (start, _, unit) = all[left];
            let end = all[left..=right]
                .iter()
                .map(|o| o.0 + o.1)
                .max()
                .unwrap_or(start);
            best = best.min(end - start);
            counts[unit] -= 1;
            if counts[unit] == 0 {
                covered -= 1;
            }
            left += 1;
        }
    }
    if best == u32::MAX || best == 0 {
        return 0.0;
    }
    (needed as f32 / best as f32).min(1.0)
}

/// Matches of the units in one document, as spans of its stream.
fn spans_in(found: &[Occurrences], doc: DocId) -> Vec<Span> {
    let mut spans = Vec::new();
    for (part, occurrences) in found.iter().enumerate() {
        if let Some(list) = in_doc(occurrences, doc) {
            spans.extend(list.iter().map(|&(start, len, _)| Span {
                start,
                end: start + len,
                part,
            }));
        }
    }
    spans
}

/// Splits stream spans into title spans and body spans, each in its own text's coordinates.
fn split_spans(document: &Document, spans: &[Span]) -> (Vec<Span>, Vec<Span>) {
    let body_start = document.body_start();
    let title = spans
        .iter()
        .filter(|s| s.end <= document.title_chars)
        .copied()
        .collect();
    let body = spans
        .iter()
        .filter(|s| s.start >= body_start)
        .map(|s| Span {
            start: s.start - body_start,
            end: s.end - body_start,
            part: s.part,
        })
        .collect();
    (title, body)
}

fn cut_query(query: &str) -> (String, Option<String>) {
    match query.char_indices().nth(MAX_QUERY_CHARS) {
        None => (query.to_string(), None),
        Some((at, _)) => (
            query[..at].to_string(),
            Some(format!(
                "The query was cut to its first {MAX_QUERY_CHARS} characters."
            )),
        ),
    }
}

/// Documents with at least `needed` of the units and none of `excluded` (sorted), with how many
/// they have.
fn documents_with(found: &[Occurrences], needed: usize, excluded: &[DocId]) -> Vec<(DocId, usize)> {
    let mut all: Vec<DocId> = found.iter().flatten().map(|(doc, _)| *doc).collect();
    sort(&mut all);
    let mut counted: Vec<(DocId, usize)> = Vec::new();
    for doc in all {
        match counted.last_mut() {
            Some((last, count)) if *last == doc => *count += 1,
            _ => counted.push((doc, 1)),
        }
    }
    counted.retain(|(doc, count)| *count >= needed.max(1) && excluded.binary_search(doc).is_err());
    counted
}

/// What a query resolved to: its units, where each occurs, and whether it is a partial match.
struct Plan {
    units: Vec<Unit>,
    found: Vec<Occurrences>,
    partial: bool,
}

impl Plan {
    fn new(postings: &mut Postings, units: Vec<Unit>, partial: bool) -> Result<Plan> {
        let found = units
            .iter()
            .map(|unit| unit_occurrences(postings, unit))
            .collect::<Result<_>>()?;
        Ok(Plan {
            units,
            found,
            partial,
        })
    }

    /// The exact plan for the query's parts; when no document has them all, the plan of their
    /// words, where a document needs most of them (more than half).
    fn resolve(
        index: &Index,
        postings: &mut Postings,
        parts: &[Part],
        excluded: &[DocId],
    ) -> Result<(Plan, Vec<(DocId, usize)>)> {
        let mut units = query_units(index, postings, parts)?;
        units.truncate(MAX_UNITS);
        let exact = Plan::new(postings, units, false)?;
        let docs = documents_with(&exact.found, exact.units.len(), excluded);
        if !docs.is_empty() {
            return Ok((exact, docs));
        }
        let mut words = word_units(index, &exact.units);
        words.truncate(MAX_UNITS);
        if words.len() < 2 {
            return Ok((exact, docs));
        }
        let partial = Plan::new(postings, words, true)?;
        let docs = documents_with(&partial.found, partial.units.len() / 2 + 1, excluded);
        Ok((partial, docs))
    }

    /// Units that occur nowhere in the index.
    fn absent_units(&self) -> impl Iterator<Item = &Unit> {
        self.units
            .iter()
            .zip(&self.found)
            .filter(|(_, found)| found.is_empty())
            .map(|(unit, _)| unit)
    }
}

/// Searches the index.
pub fn search(index: &Index, query: &str, options: &SearchOptions) -> Result<SearchResults> {
    search_with(index, query, options, &RankSettings::default())
}

/// Searches the index with explicit ranking settings.
pub fn search_with(
    index: &Index,
    query: &str,
    options: &SearchOptions,
    settings: &RankSettings,
) -> Result<SearchResults> {
    if options.limit == 0 || options.limit > MAX_LIMIT {
        return Err(Error::InvalidArgument(format!(
            "limit must be between 1 and {MAX_LIMIT}, not {}",
            options.limit
        )));
    }
    let settings = settings.clamped();
    let (query, mut notice) = cut_query(query);
    let parsed = parse_query(&query, index);
    if parsed.required.is_empty() {
        if !parsed.excluded.is_empty() {
            notice = Some(
                "Add a word to look for: a part that starts with - only excludes.".to_string(),
            );
        } else if !query.trim().is_empty() {
            notice.get_or_insert_with(|| {
                "Nothing to look for: the query holds only control characters or unreadable ones (U+FFFD)."
                    .to_string()
            });
        }
        return Ok(SearchResults::empty(query, notice));
    }
    let mut postings = Postings::new(index, options.work_budget);
    let results = SearchResults::empty(query.clone(), notice);
    match ranked(index, &mut postings, &parsed, options, &settings, results) {
        Err(Error::OverBudget(budget)) => Ok(SearchResults::empty(
            query,
            Some(format!(
                "This query needs more work than one search may do (over its budget of {budget} \
                 units); search for fewer or rarer words."
            )),
        )),
        other => other,
    }
}

/// The ranked page of results for a parsed query that has something to look for.
fn ranked(
    index: &Index,
    postings: &mut Postings,
    parsed: &Query,
    options: &SearchOptions,
    settings: &RankSettings,
    mut results: SearchResults,
) -> Result<SearchResults> {
    let mut notice = results.notice.take();
    let mut excluded = Vec::new();
    for part in &parsed.excluded {
        excluded.extend(
            unit_occurrences(postings, &Unit::typed(part))?
                .into_iter()
                .map(|(doc, _)| doc),
        );
    }
    sort_dedup(&mut excluded);
    let (plan, docs) = Plan::resolve(index, postings, &parsed.required, &excluded)?;

    // The vocabulary words inside each unit, scored on their own besides the unit as a phrase.
    let words: Vec<Vec<String>> = plan
        .units
        .iter()
        .map(|unit| {
            let mut words: Vec<String> = unit
                .alternatives
                .iter()
                .flat_map(|pattern| vocabulary_words(index, pattern))
                .collect();
            sort_dedup(&mut words);
            words
        })
        .collect();
    for word in words.iter().flatten() {
        postings.load(word)?;
    }
    let bm25 = Bm25 {
        settings,
        doc_count: index.doc_count() as f32,
        average_chars: index.average_doc_chars(),
    };
    let mut scored = Vec::with_capacity(docs.len());
    for &(doc, matched) in &docs {
        let document = index.document(doc)?;
        let mut score = 0.0;
        let mut present = Vec::new();
        for ((found, unit_words), _) in plan.found.iter().zip(&words).zip(&plan.units) {
            let Some(list) = in_doc(found, doc) else {
                continue;
            };
            present.push(list);
            score += settings.phrase_weight
                * bm25.score(found.len(), &document, list.iter().map(|o| (o.0, o.1)));
            for word in unit_words {
                let Some(word_list) = postings.get(word) else {
                    continue;
                };
                if let Some(positions) = positions_in(word_list, doc) {
                    let len = word.chars().count() as u32;
                    score += bm25.score(
                        word_list.len(),
                        &document,
                        positions.iter().map(|&p| (p, len)),
                    );
                }
            }
        }
        // Proximity sorts every unit's first occurrences in the document: n log n steps.
        let sorted: usize = present
            .iter()
            .map(|list| list.len().min(MAX_PROXIMITY_OCCURRENCES))
            .sum();
        postings.spend(sorted * (1 + sorted.max(1).ilog2() as usize))?;
        score += settings.proximity_weight * closeness(&present);
        scored.push((matched, score, doc));
    }
    sort_by(&mut scored, |a, b| {
        let by_count = if plan.partial {
            b.0.cmp(&a.0)
        } else {
            std::cmp::Ordering::Equal
        };
        by_count.then(b.1.total_cmp(&a.1)).then(a.2.cmp(&b.2))
    });

    results.total = scored.len();
    results.partial = plan.partial && !scored.is_empty();
    if results.partial {
        notice.get_or_insert_with(|| {
            "No article has the whole query: these have most of its words.".to_string()
        });
    }
    results.notice = notice;
    for (unit, found) in plan.units.iter().zip(&plan.found).filter(|(u, _)| u.pinyin) {
        let mut used = Vec::new();
        for &(doc, _) in &docs {
            used.extend(in_doc(found, doc).into_iter().flatten().map(|o| o.2));
        }
        sort_dedup(&mut used);
        let words = used
            .into_iter()
            .map(|alternative| {
                unit.alternatives[alternative]
                    .iter()
                    .flatten()
                    .collect::<String>()
            })
            .filter(|word| typed_pinyin(word).is_none())
            .collect();
        results.pinyin.push(PinyinReading {
            pinyin: unit.text.clone(),
            words,
        });
    }
    for &(_, score, doc) in scored.iter().skip(options.offset).take(options.limit) {
        let document = index.document(doc)?;
        let (title_spans, body_spans) = split_spans(&document, &spans_in(&plan.found, doc));
        let mut missing: Vec<String> = Vec::new();
        let mut previous_missing = false;
        for (unit, found) in plan.units.iter().zip(&plan.found) {
            let is_missing = plan.partial && in_doc(found, doc).is_none();
            match missing.last_mut() {
                // Missing pieces typed together read as one: 张 + 小兵 is 张小兵.
                Some(last) if is_missing && previous_missing && unit.follows => {
                    last.push_str(&unit.text)
                }
                _ if is_missing => missing.push(unit.text.clone()),
                _ => {}
            }
            previous_missing = is_missing;
        }
        results.hits.push(Hit {
            id: document.id.to_string(),
            title: document.title.to_string(),
            score,
            title_segments: snippet::segments(
                document.title,
                &title_spans,
                0..document.title_chars,
            ),
            snippet: snippet::snippet(document.body, document.body_chars, &body_spans),
            missing,
        });
    }
    if results.total == 0 || results.partial {
        results.suggestions = suggestions(index, postings, &plan, results.total == 0)?;
    }
    Ok(results)
}

/// Words to offer for the units that occur nowhere: what sounds like them first, then (when
/// nothing was found at all) completions of the longest start of a unit, half of it or more,
/// that has any.
fn suggestions(
    index: &Index,
    postings: &mut Postings,
    plan: &Plan,
    nothing_found: bool,
) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for unit in plan.absent_units().filter(|u| !u.pinyin) {
        let find = |chars: &[char]| -> Result<Option<(usize, DocId, u32)>> {
            let pattern: Pattern = chars.iter().map(|&c| Some(c)).collect();
            let found = occurrences(postings, &pattern)?;
            Ok(found
                .first()
                .map(|(doc, starts)| (found.len(), *doc, starts[0])))
        };
        let sounds = suggest::sounds_like(
            index,
            &unit.alternatives[0],
            &unit.typed,
            MAX_SUGGESTIONS_OFFERED,
            find,
        )?;
        for word in sounds {
            if !out.contains(&word) {
                out.push(word);
            }
        }
    }
    if out.is_empty() && nothing_found {
        if let Some(unit) = plan.absent_units().find(|u| !u.pinyin) {
            let typed: String = unit.typed.iter().collect();
            let ends: Vec<usize> = typed.char_indices().map(|(at, _)| at).collect();
            let shortest = unit.typed.len().div_ceil(2).max(1);
            for &end in ends.iter().skip(shortest).rev() {
                let completions = suggest::suggest(index, &typed[..end], MAX_SUGGESTIONS_OFFERED)?;
                if !completions.is_empty() {
                    out = completions;
                    break;
                }
            }
        }
    }
    out.truncate(MAX_SUGGESTIONS_OFFERED);
    Ok(out)
}

/// Where an article matches a query: the whole query's matches where the article has them all,
/// otherwise its words'.
fn highlights(
    index: &Index,
    postings: &mut Postings,
    parsed: &Query,
    doc: DocId,
) -> Result<Vec<Span>> {
    let units = query_units(index, postings, &parsed.required)?;
    let exact = Plan::new(postings, units, false)?;
    Ok(
        if exact.found.iter().all(|found| in_doc(found, doc).is_some()) {
            spans_in(&exact.found, doc)
        } else {
            let words = word_units(index, &exact.units);
            spans_in(&Plan::new(postings, words, true)?.found, doc)
        },
    )
}

/// A whole article by id, with the matches of `query` (if any) highlighted: the whole query's
/// where the article has it, otherwise its words'.
pub fn article(index: &Index, id: &str, query: Option<&str>) -> Result<Article> {
    let doc = index.find_document(id)?;
    let document = index.document(doc)?;
    let mut spans = Vec::new();
    if let Some(query) = query {
        let (query, _) = cut_query(query);
        let parsed = parse_query(&query, index);
        let mut postings = Postings::new(index, WORK_BUDGET);
        spans = match highlights(index, &mut postings, &parsed, doc) {
            // The article itself is what was asked for: shown without highlights.
            Err(Error::OverBudget(_)) => Vec::new(),
            other => other?,
        };
    }
    let (title_spans, body_spans) = split_spans(&document, &spans);
    let mut paragraphs = Vec::new();
    let mut start = 0u32;
    for paragraph in document
        .body
        .split('\n')
        .filter(|_| !document.body.is_empty())
    {
        let chars = paragraph.chars().count() as u32;
        let shifted: Vec<Span> = body_spans
            .iter()
            .filter(|s| s.start >= start && s.end <= start + chars)
            .map(|s| Span {
                start: s.start - start,
                end: s.end - start,
                part: s.part,
            })
            .collect();
        paragraphs.push(snippet::segments(paragraph, &shifted, 0..chars));
        start += chars + 1;
    }
    Ok(Article {
        id: document.id.to_string(),
        title: document.title.to_string(),
        title_segments: snippet::segments(document.title, &title_spans, 0..document.title_chars),
        paragraphs,
        matches: count_highlights(&title_spans) + count_highlights(&body_spans),
    })
}
