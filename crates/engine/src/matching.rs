//! Matching: where a pattern occurs, from the postings of the grams that cover it, within a work
//! budget.
//!
//! Every character of the corpus, and every pair of adjacent characters, is indexed with its
//! positions, so a pattern is found wherever it occurs, inside a word or across words: the
//! postings of the grams that cover it are intersected at the right offsets. Each occurrence
//! carries the flags ranking needs (whole words, title), taken from the postings of its first and
//! last grams, so that no document is read to score it.

use crate::error::{Error, Result};
use crate::format::separator_gram_key;
use crate::grams::term_key;
use crate::index::{DocId, Index};
use crate::order::sort;
use crate::phonetic::sound_pattern;
use crate::postings::{Counted, Entry, List, FLAG_CODE, FLAG_END, FLAG_START, FLAG_TITLE};
use crate::query::Pattern;
use crate::snippet::Span;
use crate::words::runs;

/// The most work one query does: postings entries (a document or a position) decoded, and the
/// steps of sorting occurrences for proximity. A
/// query over it is answered with a notice and no hits, never with a frozen page. Measured on 500
/// articles, the costliest queries under it take tens of milliseconds natively (README).
pub const WORK_BUDGET: usize = 1_000_000;

/// Decoded postings, each term read once per query, and the work the query has done so far.
/// A query reads a few dozen terms at most: a list found by a linear scan costs less than a hash
/// map's code in the wasm (about 2 KB of gzip).
pub struct Postings<'i, 'r> {
    index: &'i Index<'r>,
    lists: Vec<(String, Option<List>)>,
    work: std::cell::Cell<usize>,
    budget: usize,
    below: DocId,
}

impl<'i, 'r> Postings<'i, 'r> {
    /// No postings read yet, `budget` units of work to spend.
    pub fn new(index: &'i Index<'r>, budget: usize) -> Self {
        Postings {
            index,
            lists: Vec::new(),
            work: std::cell::Cell::new(0),
            budget,
            below: DocId::MAX,
        }
    }

    /// The same, reading only documents numbered below `below`: a query too broad to search
    /// whole searches the start of the index (`search::search_with`).
    pub fn below(index: &'i Index<'r>, budget: usize, below: DocId) -> Self {
        Postings {
            below,
            ..Postings::new(index, budget)
        }
    }

    /// The units of work this query may do in all.
    pub fn budget(&self) -> usize {
        self.budget
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

    /// Reads a term's postings, once (a two-character word and its bigram are one list).
    pub fn load(&mut self, term: &str) -> Result<()> {
        let key = term_key(term);
        if !self.lists.iter().any(|(known, _)| *known == key) {
            let list = self.index.postings_head(&key, usize::MAX, self.below)?;
            let entries = list.as_ref().map_or(0, List::size);
            self.lists.push((key.into_owned(), list));
            self.spend(entries)?;
        }
        Ok(())
    }

    /// A term's postings in `docs` (ascending) only; not kept. The entries stepped over count
    /// as work too. A list this query loaded whole is read from memory.
    pub fn within(&self, term: &str, docs: &[u32]) -> Result<List> {
        let key = term_key(term);
        if let Some((_, loaded)) = self.lists.iter().find(|(known, _)| *known == key) {
            let list = loaded
                .as_ref()
                .map(|list| list.only(docs))
                .unwrap_or_default();
            self.spend(list.size())?;
            return Ok(list);
        }
        let (list, visited) = self
            .index
            .postings_within(term, docs, self.stop(docs))?
            .unwrap_or_default();
        self.spend(visited + list.size())?;
        Ok(list)
    }

    /// How often a term occurs in `docs` (ascending), without where (a one-character gram's
    /// own list alone); not kept. The entries stepped over count as work too.
    pub fn counts_within(&self, term: &str, docs: &[u32]) -> Result<Counted> {
        let (counted, visited) = self
            .index
            .counted_within(term, docs, self.stop(docs))?
            .unwrap_or_default();
        self.spend(visited + counted.size())?;
        Ok(counted)
    }

    /// Where reading `docs` (ascending) stops: past the last one wanted nothing is, and nothing
    /// from `below` on is read at all.
    fn stop(&self, docs: &[u32]) -> DocId {
        let past_last = docs.last().map_or(0, |&doc| doc.saturating_add(1));
        past_last.min(self.below)
    }

    /// A loaded term's postings, `None` when no document has it.
    pub fn get(&self, term: &str) -> Option<&List> {
        let key = term_key(term);
        self.lists
            .iter()
            .find(|(known, _)| *known == key)
            .and_then(|(_, list)| list.as_ref())
    }
}

/// An occurrence's flag, besides the postings' (`postings::FLAG_*`): it is the whole title.
pub const FLAG_WHOLE_TITLE: u8 = 16;
/// An occurrence's flag: it ends the title (the query's last word, where a title is the query's
/// words: 高级 trait).
pub const FLAG_TITLE_END: u8 = 32;

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

/// Where a pattern occurs: for each document that has it (ascending), its occurrences. A gap
/// is a separator (whitespace typed inside quotes).
pub fn occurrences(postings: &mut Postings, pattern: &[Option<char>]) -> Result<Occurrences> {
    occurrences_where(postings, pattern, true)
}

/// Where a pattern occurs, each gap standing for any one character: where "did you mean" looks
/// for the character a slip replaced.
pub fn occurrences_any_gaps(
    postings: &mut Postings,
    pattern: &[Option<char>],
) -> Result<Occurrences> {
    occurrences_where(postings, pattern, false)
}

/// A gram that covers part of a pattern: its offset in the pattern, the characters it covers,
/// its key.
type Gram = (u32, u32, String);

/// A gram's list as matching reads it: its offset in the pattern, the characters it covers.
type GramList<'l> = (u32, u32, &'l List);

/// A gram's list read in the candidates only; `None` where the gram is the driver's own again.
type NarrowedList = (u32, u32, Option<List>);

fn occurrences_where(
    postings: &mut Postings,
    pattern: &[Option<char>],
    gaps_are_separators: bool,
) -> Result<Occurrences> {
    let grams = pattern_grams(postings.index, pattern)?;
    let separated = match gaps_are_separators {
        true => separator_grams(pattern),
        false => Vec::new(),
    };
    postings
        .index
        .require_grams_and_keys(runs(pattern), separated.iter().map(|(_, key)| key.as_str()))?;
    // The rarest gram drives: its list is read whole (and kept for the query), the others only
    // at the documents that every rarer one has.
    let Some(by_rarity) = by_rarity(postings, grams)? else {
        return Ok(Vec::new());
    };
    let (driver_offset, driver_len, driver_term) = &by_rarity[0];
    postings.load(driver_term)?;
    let Some(driver) = postings.get(driver_term) else {
        return Ok(Vec::new());
    };
    let mut candidates = driver.docs().to_vec();
    let Some(narrowed) = narrowed(postings, &by_rarity, &mut candidates)? else {
        return Ok(Vec::new());
    };
    let Some(separators) = narrowed_by_separators(postings, &separated, &mut candidates)? else {
        return Ok(Vec::new());
    };
    let mut lists: Vec<GramList> = Vec::with_capacity(narrowed.len() + 1);
    lists.push((*driver_offset, *driver_len, driver));
    for (offset, len, list) in &narrowed {
        lists.push((*offset, *len, list.as_ref().unwrap_or(driver)));
    }
    Ok(found_in(
        &candidates,
        &lists,
        &separators,
        pattern.len() as u32,
    ))
}

/// The grams that cover each run of the pattern (the parts between its gaps).
fn pattern_grams(index: &Index, pattern: &[Option<char>]) -> Result<Vec<Gram>> {
    let mut grams = Vec::new();
    let mut run_start = 0;
    for run in pattern.split(Option::is_none) {
        let chars: Vec<char> = run.iter().flatten().copied().collect();
        for (at, key) in index.run_grams(&chars)? {
            let len = if at + 1 < chars.len() { 2 } else { 1 };
            grams.push(((run_start + at) as u32, len, key));
        }
        run_start += run.len() + 1;
    }
    Ok(grams)
}

/// Where a gap must fall on a separator: the separator gram of the character before it, at that
/// character's offset. Asked for with the grams, in the same round.
fn separator_grams(pattern: &[Option<char>]) -> Vec<(u32, String)> {
    pattern
        .windows(2)
        .enumerate()
        .filter_map(|(at, pair)| match pair {
            [Some(c), None] => Some((at as u32, separator_gram_key(*c))),
            _ => None,
        })
        .collect()
}

/// The grams, rarest first; `None` when a gram is in no document, and so is the pattern.
fn by_rarity(postings: &mut Postings, grams: Vec<Gram>) -> Result<Option<Vec<Gram>>> {
    let mut by_rarity = Vec::with_capacity(grams.len());
    for (offset, len, key) in grams {
        // A sound pattern is read whole, once per query: its keys' lists walked for each set of
        // candidates (an alternative of the run each) would cost more than all of them at once.
        let doc_freq = match sound_pattern(&key) {
            Some(_) => {
                postings.load(&key)?;
                postings.get(&key).map_or(0, |list| list.len() as u32)
            }
            None => postings.index.doc_freq(&key)?,
        };
        if doc_freq == 0 {
            return Ok(None);
        }
        by_rarity.push((doc_freq, offset, len, key));
    }
    sort(&mut by_rarity);
    let grams: Vec<Gram> = by_rarity
        .into_iter()
        .map(|(_, offset, len, key)| (offset, len, key))
        .collect();
    Ok((!grams.is_empty()).then_some(grams))
}

/// The lists of the grams after the driver (`by_rarity[0]`), each read only in the documents
/// every rarer one has, which `candidates` narrows to; `None` once no document is left. A list
/// is `None` where the gram is the driver's own again, as in 一一一一.
fn narrowed(
    postings: &Postings,
    by_rarity: &[Gram],
    candidates: &mut Vec<u32>,
) -> Result<Option<Vec<NarrowedList>>> {
    let driver_term = &by_rarity[0].2;
    let mut narrowed = Vec::with_capacity(by_rarity.len());
    for (offset, len, term) in &by_rarity[1..] {
        if term == driver_term {
            narrowed.push((*offset, *len, None));
            continue;
        }
        let list = postings.within(term, candidates)?;
        candidates.clear();
        candidates.extend_from_slice(list.docs());
        if candidates.is_empty() {
            return Ok(None);
        }
        narrowed.push((*offset, *len, Some(list)));
    }
    Ok(Some(narrowed))
}

/// The separator grams' lists in the candidates, which keep only the documents that have
/// every one; `None` once no document is left.
fn narrowed_by_separators(
    postings: &Postings,
    separated: &[(u32, String)],
    candidates: &mut Vec<u32>,
) -> Result<Option<Vec<(u32, List)>>> {
    let mut separators = Vec::with_capacity(separated.len());
    for (offset, key) in separated {
        let list = postings.within(key, candidates)?;
        candidates.retain(|doc| list.docs().binary_search(doc).is_ok());
        if candidates.is_empty() {
            return Ok(None);
        }
        separators.push((*offset, list));
    }
    Ok(Some(separators))
}

/// The pattern's occurrences in each candidate: where every gram (`lists`, the driver first)
/// lies at its offset from one start, and every separator at its own.
fn found_in(
    candidates: &[u32],
    lists: &[GramList],
    separators: &[(u32, List)],
    len: u32,
) -> Vec<InDocument> {
    let (driver_offset, driver_len, driver) = lists[0];
    let mut found = Vec::new();
    // Reused from document to document: (offset, characters, the gram's entry).
    let mut per_gram: Vec<(u32, u32, Entry)> = Vec::with_capacity(lists.len());
    let mut starts: Vec<u32> = Vec::new();
    // `candidates`, the documents that have every gram, are in every list, in the same order:
    // one cursor per list walks it.
    let mut cursors = vec![0; lists.len()];
    let mut separator_cursors = vec![0; separators.len()];
    'docs: for &doc in candidates {
        let Some(entry) = driver.seek(&mut cursors[0], doc) else {
            continue;
        };
        per_gram.clear();
        per_gram.push((driver_offset, driver_len, entry));
        for ((offset, len, list), cursor) in lists.iter().zip(&mut cursors).skip(1) {
            match list.seek(cursor, doc) {
                Some(in_doc) => per_gram.push((*offset, *len, in_doc)),
                None => continue 'docs,
            }
        }
        starts.clear();
        for &position in entry.positions {
            let Some(start) = position.checked_sub(driver_offset) else {
                continue;
            };
            if per_gram.iter().all(|(offset, _, in_doc)| {
                in_doc.positions.binary_search(&(start + offset)).is_ok()
            }) {
                starts.push(start);
            }
        }
        for ((offset, list), cursor) in separators.iter().zip(&mut separator_cursors) {
            let Some(in_doc) = list.seek(cursor, doc) else {
                continue 'docs;
            };
            starts.retain(|&start| in_doc.positions.binary_search(&(start + offset)).is_ok());
        }
        if starts.is_empty() {
            continue;
        }
        let list = starts
            .iter()
            .map(|&start| occurrence_at(start, &per_gram, len))
            .collect();
        found.push(InDocument {
            doc: entry.doc,
            norm: entry.norm,
            list,
        });
    }
    found
}

/// The occurrence of a pattern of `len` characters at `start`, its flags from its grams'
/// entries there: a word starts where the pattern's first gram starts; one ends, and the title
/// holds the pattern, where its last gram says so.
fn occurrence_at(start: u32, per_gram: &[(u32, u32, Entry)], len: u32) -> Occurrence {
    let last_offset = len.saturating_sub(1);
    let first = per_gram.iter().find(|(offset, _, _)| *offset == 0);
    let last = per_gram
        .iter()
        .find(|(offset, len, _)| offset + len - 1 == last_offset);
    let head = first.map_or(0, |(_, _, e)| e.flags_at(start));
    let tail = last.map_or(0, |(offset, _, e)| e.flags_at(start + offset));
    let ends_title = last.is_some_and(|(offset, _, e)| e.ends_title_at(start + offset));
    let title_flags = match (ends_title, start == 0) {
        (true, true) => FLAG_TITLE_END | FLAG_WHOLE_TITLE,
        (true, false) => FLAG_TITLE_END,
        (false, _) => 0,
    };
    Occurrence {
        start,
        len,
        alternative: 0,
        flags: (head & (FLAG_START | FLAG_CODE)) | (tail & (FLAG_END | FLAG_TITLE)) | title_flags,
    }
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
    if let [pattern] = alternatives {
        return occurrences(postings, pattern);
    }
    let mut all: Vec<(DocId, Occurrence, u8)> = Vec::new();
    for (alternative, pattern) in alternatives.iter().enumerate() {
        for in_doc in occurrences(postings, pattern)? {
            all.extend(in_doc.list.into_iter().map(|o| {
                let o = Occurrence { alternative, ..o };
                (in_doc.doc, o, in_doc.norm)
            }));
        }
    }
    // One pattern's occurrences come in (doc, start) order already; merging needs a sort, whose
    // work is charged: a query of many such units (pinyin syllables typed apart, each read as
    // every character it may be) would otherwise sort without bound.
    postings.spend(all.len())?;
    sort(&mut all);
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
pub fn documents_with<'a>(
    found: impl IntoIterator<Item = &'a Occurrences>,
    needed: usize,
    excluded: &[DocId],
) -> Vec<(DocId, usize)> {
    // Each unit's documents are ascending already: merged one unit at a time, not sorted.
    let mut counted: Vec<(DocId, usize)> = Vec::new();
    let mut merged = Vec::new();
    for unit in found {
        merged.clear();
        let mut known = counted.iter().copied().peekable();
        for in_doc in unit {
            while let Some(&(doc, count)) = known.peek() {
                if doc >= in_doc.doc {
                    break;
                }
                merged.push((doc, count));
                known.next();
            }
            match known.peek() {
                Some(&(doc, count)) if doc == in_doc.doc => {
                    merged.push((doc, count + 1));
                    known.next();
                }
                _ => merged.push((in_doc.doc, 1)),
            }
        }
        merged.extend(known);
        std::mem::swap(&mut counted, &mut merged);
    }
    counted.retain(|(doc, count)| *count >= needed.max(1) && excluded.binary_search(doc).is_err());
    counted
}
