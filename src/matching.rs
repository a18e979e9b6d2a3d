//! Matching: where a pattern occurs, from the postings of its characters, within a work budget.
//!
//! Every character of the corpus is indexed with its positions, so a pattern is found wherever it
//! occurs, inside a word or across words: its characters' postings are intersected at the right
//! offsets. Each occurrence carries the flags ranking needs (whole words, title), taken from the
//! postings of its first and last characters, so that no document is read to score it.

use crate::analyzer::is_word_char;
use crate::error::{Error, Result};
use crate::index::{DocId, Index};
use crate::order::sort;
use crate::postings::{DocPositions, FLAG_END, FLAG_START, FLAG_TITLE};
use crate::query::Pattern;
use crate::snippet::Span;
use crate::words::runs;

/// The most work one query does: postings entries (a document or a position) decoded, document
/// characters read to check quoted gaps, and the steps of sorting occurrences for proximity. A
/// query over it is answered with a notice and no hits, never with a frozen page. Measured on 500
/// articles, the costliest queries under it take tens of milliseconds natively (README).
pub const WORK_BUDGET: usize = 1_000_000;

/// Decoded postings, each term read once per query, and the work the query has done so far.
/// A query reads a few dozen terms at most: a list found by a linear scan costs less than a hash
/// map's code in the wasm (about 2 KB of gzip).
pub struct Postings<'i, 'r> {
    index: &'i Index<'r>,
    lists: Vec<(String, Option<Vec<DocPositions>>)>,
    work: std::cell::Cell<usize>,
    budget: usize,
}

impl<'i, 'r> Postings<'i, 'r> {
    /// No postings read yet, `budget` units of work to spend.
    pub fn new(index: &'i Index<'r>, budget: usize) -> Self {
        Postings {
            index,
            lists: Vec::new(),
            work: std::cell::Cell::new(0),
            budget,
        }
    }

    /// The index read.
    pub fn index(&self) -> &'i Index<'r> {
        self.index
    }

    /// Counts `units` of work (see [`WORK_BUDGET`]); an error once the query has done more than
    /// its budget.
    pub fn spend(&self, units: usize) -> Result<()> {
        self.work.set(self.work.get().saturating_add(units));
        if self.work.get() > self.budget {
            return Err(Error::OverBudget(self.budget));
        }
        Ok(())
    }

    /// Reads a term's postings, once.
    pub fn load(&mut self, term: &str) -> Result<()> {
        if !self.lists.iter().any(|(known, _)| known == term) {
            let list = self.index.postings(term)?;
            let entries = list.iter().flatten().map(|e| 1 + e.positions.len()).sum();
            self.lists.push((term.to_string(), list));
            self.spend(entries)?;
        }
        Ok(())
    }

    /// A loaded term's postings, `None` when no document has it.
    pub fn get(&self, term: &str) -> Option<&[DocPositions]> {
        self.lists
            .iter()
            .find(|(known, _)| known == term)
            .and_then(|(_, list)| list.as_deref())
    }
}

/// One document's entry of a postings list.
pub fn entry_in(list: &[DocPositions], doc: DocId) -> Option<&DocPositions> {
    list.binary_search_by_key(&doc, |e| e.doc)
        .ok()
        .map(|i| &list[i])
}

fn flags_at(entry: &DocPositions, position: u32) -> u8 {
    match entry.positions.binary_search(&position) {
        Ok(i) => entry.flags.get(i).copied().unwrap_or(0),
        Err(_) => 0,
    }
}

/// One place a unit matches: its start and length in the document's stream, which of the unit's
/// alternatives matched, and flags (`postings::FLAG_*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Occurrence {
    /// First character, in stream positions.
    pub start: u32,
    /// Characters.
    pub len: u32,
    /// Which alternative of the unit.
    pub alternative: usize,
    /// Whole words, title.
    pub flags: u8,
}

/// A unit's occurrences in one document.
#[derive(Debug, Clone)]
pub struct InDocument {
    /// The document.
    pub doc: DocId,
    /// Its length code.
    pub norm: u8,
    /// Where the unit occurs, ascending.
    pub list: Vec<Occurrence>,
}

/// For each document that has a unit (ascending), its occurrences.
pub type Occurrences = Vec<InDocument>;

/// Where a pattern occurs: for each document that has it (ascending), its occurrences.
pub fn occurrences(postings: &mut Postings, pattern: &[Option<char>]) -> Result<Occurrences> {
    let fixed: Vec<(u32, String)> = pattern
        .iter()
        .enumerate()
        .filter_map(|(k, c)| c.map(|c| (k as u32, c.to_string())))
        .collect();
    postings.index.require_text(runs(pattern), false)?;
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
    let last_offset = pattern.len().saturating_sub(1) as u32;
    let len = pattern.len() as u32;
    let mut found = Vec::new();
    'docs: for entry in driver {
        let mut per_char = Vec::with_capacity(lists.len());
        for (offset, list) in &lists {
            match entry_in(list, entry.doc) {
                Some(in_doc) => per_char.push((*offset, in_doc)),
                None => continue 'docs,
            }
        }
        let starts: Vec<u32> = entry
            .positions
            .iter()
            .filter_map(|&p| p.checked_sub(driver_offset))
            .filter(|&start| {
                per_char.iter().all(|(offset, in_doc)| {
                    in_doc.positions.binary_search(&(start + offset)).is_ok()
                })
            })
            .collect();
        let starts = separators_at_gaps(postings, entry.doc, pattern, starts)?;
        if starts.is_empty() {
            continue;
        }
        let first = per_char
            .iter()
            .find(|(offset, _)| *offset == 0)
            .map(|p| p.1);
        let last = per_char
            .iter()
            .find(|(offset, _)| *offset == last_offset)
            .map(|p| p.1);
        let list = starts
            .into_iter()
            .map(|start| {
                let head = first.map_or(0, |e| flags_at(e, start));
                let tail = last.map_or(0, |e| flags_at(e, start + last_offset));
                Occurrence {
                    start,
                    len,
                    alternative: 0,
                    flags: (head & FLAG_START) | (tail & (FLAG_END | FLAG_TITLE)),
                }
            })
            .collect();
        found.push(InDocument {
            doc: entry.doc,
            norm: entry.norm,
            list,
        });
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

/// Where any of `alternatives` occurs, merged by document and start.
pub fn alternatives_occurrences(
    postings: &mut Postings,
    alternatives: &[Pattern],
) -> Result<Occurrences> {
    // Ask for every alternative's pieces at once: one round trip, not one per alternative.
    postings
        .index
        .require_text(alternatives.iter().flat_map(|pattern| runs(pattern)), false)?;
    let mut all: Vec<(DocId, Occurrence, u8)> = Vec::new();
    for (alternative, pattern) in alternatives.iter().enumerate() {
        for in_doc in occurrences(postings, pattern)? {
            all.extend(in_doc.list.into_iter().map(|o| {
                let o = Occurrence { alternative, ..o };
                (in_doc.doc, o, in_doc.norm)
            }));
        }
    }
    // One pattern's occurrences come in (doc, start) order already; only merging needs a sort.
    if alternatives.len() > 1 {
        sort(&mut all);
    }
    let mut grouped: Occurrences = Vec::new();
    for (doc, occurrence, norm) in all {
        match grouped.last_mut() {
            Some(last) if last.doc == doc => last.list.push(occurrence),
            _ => grouped.push(InDocument {
                doc,
                norm,
                list: vec![occurrence],
            }),
        }
    }
    Ok(grouped)
}

/// A unit's occurrences in one document.
pub fn in_doc(found: &Occurrences, doc: DocId) -> Option<&InDocument> {
    found
        .binary_search_by_key(&doc, |d| d.doc)
        .ok()
        .map(|i| &found[i])
}

/// Matches of the units in one document, as spans of its stream.
pub fn spans_in(found: &[Occurrences], doc: DocId) -> Vec<Span> {
    let mut spans = Vec::new();
    for (part, occurrences) in found.iter().enumerate() {
        if let Some(in_doc) = in_doc(occurrences, doc) {
            spans.extend(in_doc.list.iter().map(|o| Span {
                start: o.start,
                end: o.start + o.len,
                part,
            }));
        }
    }
    spans
}

/// Documents with at least `needed` of the units and none of `excluded` (sorted), with how many
/// they have.
pub fn documents_with(
    found: &[Occurrences],
    needed: usize,
    excluded: &[DocId],
) -> Vec<(DocId, usize)> {
    let mut all: Vec<DocId> = found.iter().flatten().map(|d| d.doc).collect();
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
