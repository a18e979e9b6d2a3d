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
use crate::snippet::{self, count_highlights, Segment, Span};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};

/// Queries longer than this many characters are cut to it, and the response says so.
pub const MAX_QUERY_CHARS: usize = 256;
/// Results per page when the caller does not say.
pub const DEFAULT_LIMIT: usize = 10;
/// The most results one call returns.
pub const MAX_LIMIT: usize = 100;
/// The longest vocabulary word looked for when segmenting a query, in characters.
const MAX_WORD_CHARS: usize = 16;

/// How results are ranked. Every weight is clamped to its documented range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RankSettings {
    /// Bm25 term-frequency saturation, 0.0–3.0 (default 1.2).
    pub k1: f32,
    /// Bm25 length normalization, 0.0–1.0 (default 0.75).
    pub b: f32,
    /// How much a match in the title counts against one in the body, 1.0–10.0 (default 3.0).
    pub title_weight: f32,
    /// Weight of the whole part as a phrase, against its words, 0.0–5.0 (default 1.0).
    pub phrase_weight: f32,
}

impl Default for RankSettings {
    fn default() -> Self {
        RankSettings {
            k1: 1.2,
            b: 0.75,
            title_weight: 3.0,
            phrase_weight: 1.0,
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
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: DEFAULT_LIMIT,
            offset: 0,
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
    /// Something the user should know about the query (cut, nothing to look for), or null.
    pub notice: Option<String>,
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
    /// The best passage of the body with its matches highlighted.
    pub snippet: Vec<Segment>,
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

/// One part of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The part as typed.
    pub text: String,
    /// Its normalized characters; `None` stands for whitespace inside quotes (any one character).
    pub pattern: Vec<Option<char>>,
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
        let (start, end) = if is_open_quote(folded[i]) {
            let start = i + 1;
            let end = (start..chars.len())
                .find(|&j| is_close_quote(folded[j]))
                .unwrap_or(chars.len());
            i = end + 1;
            (start, end)
        } else {
            let start = i;
            while i < chars.len() && folded[i] != ' ' {
                i += 1;
            }
            (start, i)
        };
        let text: String = chars[start.min(end)..end].iter().collect();
        let mut pattern: Vec<Option<char>> = Vec::new();
        for c in index.normalizer().normalize(&text).chars() {
            if is_indexed_char(c) {
                pattern.push(Some(c));
            } else if c == ' ' && pattern.last().is_some_and(Option::is_some) {
                pattern.push(None);
            }
        }
        while pattern.last() == Some(&None) {
            pattern.pop();
        }
        if pattern.is_empty() {
            continue;
        }
        let part = Part { text, pattern };
        if excluded {
            parsed.excluded.push(part);
        } else {
            parsed.required.push(part);
        }
    }
    parsed
}

/// Decoded postings, each term read once per query.
struct Postings<'i, 'a> {
    index: &'i Index<'a>,
    lists: HashMap<String, Option<Vec<DocPositions>>>,
}

impl<'i, 'a> Postings<'i, 'a> {
    fn new(index: &'i Index<'a>) -> Self {
        Postings {
            index,
            lists: HashMap::new(),
        }
    }

    fn load(&mut self, term: &str) -> Result<()> {
        if !self.lists.contains_key(term) {
            let list = self.index.postings(term)?;
            self.lists.insert(term.to_string(), list);
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

/// Where a part occurs: for each document that has it (ascending), the start positions.
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
        let starts = separators_at_gaps(postings.index, entry.doc, pattern, starts)?;
        if !starts.is_empty() {
            found.push((entry.doc, starts));
        }
    }
    Ok(found)
}

/// For each document that has a part (ascending), the positions where the part starts.
type Occurrences = Vec<(DocId, Vec<u32>)>;

/// The occurrences of each part, in the order of the parts.
fn occurrences_of_parts(postings: &mut Postings, parts: &[Part]) -> Result<Vec<Occurrences>> {
    parts
        .iter()
        .map(|part| occurrences(postings, &part.pattern))
        .collect()
}

/// Keeps the starts where every gap of the pattern (whitespace inside quotes) falls on a
/// separator, whitespace or punctuation, rather than on a letter or an ideograph.
fn separators_at_gaps(
    index: &Index,
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
    let document = index.document(doc)?;
    let stream: Vec<char> = document
        .title
        .chars()
        .chain(['\n'])
        .chain(document.body.chars())
        .collect();
    let is_separator = |at: u32| stream.get(at as usize).is_some_and(|&c| !is_word_char(c));
    Ok(starts
        .into_iter()
        .filter(|&start| gaps.iter().all(|&gap| is_separator(start + gap)))
        .collect())
}

/// The vocabulary words (two characters or more) of a run of characters, by the segmentation
/// into the fewest terms of the index.
fn vocabulary_words(index: &Index, pattern: &[Option<char>]) -> Vec<String> {
    let mut words = Vec::new();
    for run in pattern.split(Option::is_none) {
        let chars: Vec<char> = run.iter().flatten().copied().collect();
        let n = chars.len();
        // best[j]: (fewest terms covering chars[..j], where the last term starts)
        let mut best: Vec<(usize, usize)> = vec![(usize::MAX, 0); n + 1];
        best[0] = (0, 0);
        for i in 0..n {
            if best[i].0 == usize::MAX {
                continue;
            }
            let step = best[i].0 + 1;
            let mut ends = vec![1];
            ends.extend(
                keys_prefixing(index.terms(), &chars[i..], MAX_WORD_CHARS)
                    .into_iter()
                    .map(|(len, _)| len),
            );
            for len in ends {
                if step < best[i + len].0 || (step == best[i + len].0 && i < best[i + len].1) {
                    best[i + len] = (step, i);
                }
            }
        }
        let mut end = n;
        while end > 0 {
            let start = best[end].1;
            if end - start >= 2 {
                words.push(chars[start..end].iter().collect());
            }
            end = start;
        }
    }
    words
}

/// Bm25 over title and body, with the title's matches weighted.
struct Bm25<'s> {
    settings: &'s RankSettings,
    doc_count: f32,
    average_chars: f32,
}

impl Bm25<'_> {
    fn score(&self, doc_freq: usize, document: &Document, positions: &[u32], len: u32) -> f32 {
        let in_title = positions
            .iter()
            .filter(|&&p| p + len <= document.title_chars)
            .count() as f32;
        let in_body = positions.len() as f32 - in_title;
        let s = self.settings;
        let term_freq = s.title_weight * in_title + in_body;
        let df = doc_freq as f32;
        let idf = (1.0 + (self.doc_count - df + 0.5) / (df + 0.5)).ln();
        let chars = (document.title_chars + document.body_chars) as f32;
        let norm = 1.0 - s.b + s.b * chars / self.average_chars;
        idf * term_freq * (s.k1 + 1.0) / (term_freq + s.k1 * norm)
    }
}

/// Matches of the required parts in one document, as spans of its stream.
fn spans_in(matches: &[Occurrences], parts: &[Part], doc: DocId) -> Vec<Span> {
    let mut spans = Vec::new();
    for (part, (found, p)) in matches.iter().zip(parts).enumerate() {
        let len = p.pattern.len() as u32;
        if let Ok(i) = found.binary_search_by_key(&doc, |(d, _)| *d) {
            spans.extend(found[i].1.iter().map(|&start| Span {
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
    let mut results = SearchResults {
        query,
        total: 0,
        hits: Vec::new(),
        notice: None,
    };
    if parsed.required.is_empty() {
        if !parsed.excluded.is_empty() {
            notice = Some(
                "Add a word to look for: a part that starts with - only excludes.".to_string(),
            );
        }
        results.notice = notice;
        return Ok(results);
    }
    let mut postings = Postings::new(index);
    let matches = occurrences_of_parts(&mut postings, &parsed.required)?;
    let excluded: BTreeSet<DocId> = occurrences_of_parts(&mut postings, &parsed.excluded)?
        .into_iter()
        .flatten()
        .map(|(doc, _)| doc)
        .collect();
    let Some(shortest) = matches.iter().min_by_key(|m| m.len()) else {
        return Ok(results);
    };
    let candidates: Vec<DocId> = shortest
        .iter()
        .map(|(doc, _)| *doc)
        .filter(|doc| !excluded.contains(doc))
        .filter(|doc| {
            matches
                .iter()
                .all(|m| m.binary_search_by_key(doc, |(d, _)| *d).is_ok())
        })
        .collect();

    let words: BTreeSet<String> = parsed
        .required
        .iter()
        .flat_map(|p| vocabulary_words(index, &p.pattern))
        .collect();
    for word in &words {
        postings.load(word)?;
    }
    let bm25 = Bm25 {
        settings: &settings,
        doc_count: index.doc_count() as f32,
        average_chars: index.average_doc_chars(),
    };
    let mut scored = Vec::with_capacity(candidates.len());
    for &doc in &candidates {
        let document = index.document(doc)?;
        let mut score = 0.0;
        for (found, part) in matches.iter().zip(&parsed.required) {
            if let Ok(i) = found.binary_search_by_key(&doc, |(d, _)| *d) {
                score += settings.phrase_weight
                    * bm25.score(
                        found.len(),
                        &document,
                        &found[i].1,
                        part.pattern.len() as u32,
                    );
            }
        }
        for word in &words {
            if let Some(list) = postings.get(word) {
                if let Some(positions) = positions_in(list, doc) {
                    score += bm25.score(
                        list.len(),
                        &document,
                        positions,
                        word.chars().count() as u32,
                    );
                }
            }
        }
        scored.push((score, doc));
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));

    results.total = scored.len();
    results.notice = notice;
    for &(score, doc) in scored.iter().skip(options.offset).take(options.limit) {
        let document = index.document(doc)?;
        let (title_spans, body_spans) =
            split_spans(&document, &spans_in(&matches, &parsed.required, doc));
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
        });
    }
    Ok(results)
}

/// A whole article by id, with the matches of `query` (if any) highlighted.
pub fn article(index: &Index, id: &str, query: Option<&str>) -> Result<Article> {
    let doc = index.find_document(id)?;
    let document = index.document(doc)?;
    let mut spans = Vec::new();
    if let Some(query) = query {
        let (query, _) = cut_query(query);
        let parsed = parse_query(&query, index);
        let matches = occurrences_of_parts(&mut Postings::new(index), &parsed.required)?;
        spans = spans_in(&matches, &parsed.required, doc);
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
