//! The POSTINGS section of a TERMS piece (grammar in `format.rs`): per term, the documents
//! that have it, each with its length code, and every position with its flags. One encoder
//! (build.rs writes entries as documents arrive) and one decoder.

use crate::bits::{BitReader, BitWriter};
use crate::format::{read_varint, write_varint, FormatError};

/// A word of the build's segmentation starts where the occurrence starts.
pub const FLAG_START: u8 = 1;
/// A word starts (or the stream ends) where the occurrence ends: with [`FLAG_START`], it is
/// whole words rather than part of a longer one.
pub const FLAG_END: u8 = 2;
/// The occurrence lies in the title.
pub const FLAG_TITLE: u8 = 4;
/// The occurrence lies in a block of code (a page's `<pre>`, a fenced block): it ranks low.
pub const FLAG_CODE: u8 = 8;
const FLAG_BITS: u32 = 4;
const FLAG_MASK: u32 = (1 << FLAG_BITS) - 1;
/// The largest position step the postings can store.
pub const MAX_POSITION_DELTA: u32 = u32::MAX >> FLAG_BITS;

/// Set in a document's `norm` byte when one of the term's occurrences there ends where the
/// title ends: with an occurrence at position 0, the title is the query (see `matching.rs`).
pub const NORM_ENDS_TITLE: u8 = 0x80;
/// The length code's bits of a `norm` byte.
const NORM_CODE_MASK: u8 = 0x7F;

/// A document's length in characters as seven bits: exact below 16, then the top four bits
/// (at most 12.5% off), the way Lucene keeps its length norms, up to 2¹⁸ characters. Monotone.
pub fn norm_code(chars: u32) -> u8 {
    if chars < 16 {
        return chars as u8;
    }
    let bits = 31 - chars.leading_zeros(); // 4..=31
    let mantissa = (chars >> (bits - 3)) & 7;
    (16 + (bits - 4) * 8 + mantissa).min(u32::from(NORM_CODE_MASK)) as u8
}

/// The length a [`norm_code`] stands for.
pub fn norm_chars(code: u8) -> u32 {
    if code < 16 {
        return u32::from(code);
    }
    let code = u32::from(code) - 16;
    let bits = (code / 8 + 4).min(31);
    (8 + code % 8) << (bits - 3)
}

/// The positions of one term in one document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocPositions {
    /// The document.
    pub doc: u32,
    /// Its length code ([`norm_code`]), with [`NORM_ENDS_TITLE`] when it applies.
    pub norm: u8,
    /// Ascending character positions in the document's stream.
    pub positions: Vec<u32>,
    /// The flags of each position ([`FLAG_START`], [`FLAG_END`], [`FLAG_TITLE`]).
    pub flags: Vec<u8>,
}

/// Appends one term's postings list in its stored form, among `doc_count` documents;
/// `postings` is ordered by document, positions ascending.
pub fn encode_postings(
    postings: &[DocPositions],
    doc_count: usize,
    out: &mut Vec<u8>,
) -> Result<(), FormatError> {
    let mut working = Vec::new();
    let mut previous_doc = 0;
    for entry in postings {
        encode_doc_entry(entry, previous_doc, &mut working)?;
        previous_doc = entry.doc;
    }
    let list = (postings.len() as u32, &working[..]);
    write_columns(list, (Positions::Stored, ListCode::Bits), doc_count, out)
}

/// Whether a list stores its positions: all do but a one-character gram's
/// (`format::is_char_gram`), whose positions are those of the keys under it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Positions {
    #[default]
    Stored,
    Left,
}

impl Positions {
    /// What the list of `key` stores.
    pub fn of(key: &[u8]) -> Positions {
        match crate::format::is_char_gram(key) {
            true => Positions::Left,
            false => Positions::Stored,
        }
    }
}

/// How a piece's lists write their document steps and positions: as bits, each step a Rice
/// code sized to how many documents the list has ([`rice_bits`]) and each position in the
/// range its document's length leaves it ([`write_positions`]), fewest where they look random
/// to gzip; or as varint steps, which gzip finds again where documents repeat one another (a
/// site in two scripts, its code and English the same on both sides). The build writes each
/// TERMS piece both ways and keeps the smaller; the piece says which (`format.rs`, CODES).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ListCode {
    #[default]
    Bits,
    Steps,
}

impl ListCode {
    /// Both, in the order a build tries them.
    pub const ALL: [ListCode; 2] = [ListCode::Bits, ListCode::Steps];

    /// Its byte in a piece's CODES section.
    pub fn byte(self) -> u8 {
        self as u8
    }

    /// The code a CODES section's byte names.
    pub fn of_byte(byte: u8) -> Result<ListCode, FormatError> {
        match byte {
            0 => Ok(ListCode::Bits),
            1 => Ok(ListCode::Steps),
            _ => Err(FormatError::Corrupt("a piece's lists are in no known code")),
        }
    }
}

/// Appends one document's entry to a list's *working form*, after the entry of `previous_doc`
/// (0 for the first): the build writes entries as it reads documents, one document at a time,
/// and [`write_columns`] turns a finished list into its stored form. The working form is never
/// stored: per entry, `doc_delta:varint norm:u8 (pos_count - 1):varint` and the
/// `(pos_delta << 4 | flags):varint` of each position.
pub fn encode_doc_entry(
    entry: &DocPositions,
    previous_doc: u32,
    out: &mut Vec<u8>,
) -> Result<(), FormatError> {
    let count = entry.positions.len();
    if count == 0 || entry.flags.len() != count {
        return Err(FormatError::Corrupt("a postings entry without positions"));
    }
    write_varint(out, entry.doc - previous_doc);
    out.push(entry.norm);
    write_varint(out, count as u32 - 1);
    let mut previous = 0;
    for (&position, &flags) in entry.positions.iter().zip(&entry.flags) {
        let delta = position - previous;
        if delta > MAX_POSITION_DELTA {
            return Err(FormatError::Corrupt(
                "a document is too long for its positions",
            ));
        }
        write_varint(out, (delta << FLAG_BITS) | (u32::from(flags) & FLAG_MASK));
        previous = position;
    }
    Ok(())
}

/// Appends the stored form of a list of `doc_freq` entries in working form, among `doc_count`
/// documents: its head, then one column per field, so that like values lie together for gzip
/// (a column of document steps, each with whether the document has one position; of counts
/// where it has more; of flags; of positions, unless `stored` leaves them out), steps and
/// positions in `code`. Flags come before positions: their column's length is known from the
/// counts, so a reader stops decoding positions where it likes. The few documents where the
/// term ends the title are listed apart, in the head: a bit for them in every document step
/// cost more than the list.
pub fn write_columns(
    (doc_freq, working): (u32, &[u8]),
    (stored, code): (Positions, ListCode),
    doc_count: usize,
    out: &mut Vec<u8>,
) -> Result<(), FormatError> {
    if doc_freq > u32::MAX >> 1 {
        return Err(FormatError::Corrupt(
            "too many documents for a postings list",
        ));
    }
    let mut columns = StoredColumns {
        stored,
        code,
        rice_bits: rice_bits(doc_freq, doc_count),
        ..StoredColumns::default()
    };
    for n in 0..doc_freq {
        columns.add(working, n)?;
    }
    if columns.at != working.len() {
        return Err(FormatError::Corrupt(
            "a postings list has bytes past its entries",
        ));
    }
    columns.append(doc_freq, out);
    Ok(())
}

/// A list's stored columns, written entry by entry from its working form.
#[derive(Default)]
struct StoredColumns {
    stored: Positions,
    code: ListCode,
    rice_bits: u32,
    /// Document steps as varints, or as bits.
    docs: Vec<u8>,
    doc_bits: BitWriter,
    counts: Vec<u8>,
    flags: Nibbles,
    positions: BitWriter,
    steps: Vec<u8>,
    /// The documents where the term ends the title.
    titled: Vec<u32>,
    /// Where the next entry starts in the working form, and the document before it.
    at: usize,
    doc: u32,
    /// The positions of the entry being written.
    in_doc: Vec<u32>,
}

impl StoredColumns {
    /// Reads the `n`th entry of `working` and writes it into the columns.
    fn add(&mut self, working: &[u8], n: u32) -> Result<(), FormatError> {
        let delta = read_varint(working, &mut self.at)?;
        // After the first document, a step is at least one: it is stored less one.
        let step = match n {
            0 => delta,
            _ => delta.checked_sub(1).ok_or(FormatError::Corrupt(
                "a postings list's documents do not ascend",
            ))?,
        };
        if step > u32::MAX >> 1 {
            return Err(FormatError::Corrupt(
                "too many documents for a postings list",
            ));
        }
        self.doc = self
            .doc
            .checked_add(delta)
            .ok_or(FormatError::Corrupt("a document number overflows"))?;
        // The length code is the document's own, in the root's NORMS: only whether the term
        // ends the title here is the list's.
        let norm = *working
            .get(self.at)
            .ok_or(FormatError::Corrupt("a postings list ends early"))?;
        self.at += 1;
        if norm & NORM_ENDS_TITLE != 0 {
            self.titled.push(self.doc);
        }
        let count = read_varint(working, &mut self.at)?;
        // Most entries hold one position (a pair of characters, a sound, a word once in a
        // document): a bit with the document's step says so, and no count follows.
        let single = u32::from(count == 0);
        match self.code {
            ListCode::Bits => {
                self.doc_bits.write_rice(step, self.rice_bits);
                self.doc_bits.write(single, 1);
            }
            ListCode::Steps => write_varint(&mut self.docs, step << 1 | single),
        }
        if count > 0 {
            write_varint(&mut self.counts, count - 1);
        }
        self.in_doc.clear();
        let mut position = 0u32;
        for _ in 0..=count {
            let value = read_varint(working, &mut self.at)?;
            self.flags.push((value & FLAG_MASK) as u8);
            position = position
                .checked_add(value >> FLAG_BITS)
                .ok_or(FormatError::Corrupt("a position overflows"))?;
            self.in_doc.push(position);
        }
        match (self.stored, self.code) {
            (Positions::Stored, ListCode::Bits) => {
                write_positions(&mut self.positions, norm & NORM_CODE_MASK, &self.in_doc)
            }
            (Positions::Stored, ListCode::Steps) => {
                let mut previous = 0;
                for &position in &self.in_doc {
                    write_varint(&mut self.steps, position - previous);
                    previous = position;
                }
                Ok(())
            }
            (Positions::Left, _) => Ok(()),
        }
    }

    /// Appends the list's head (its count, its columns' measures, the documents where the term
    /// ends the title), then its columns.
    fn append(mut self, doc_freq: u32, out: &mut Vec<u8>) {
        if self.code == ListCode::Bits {
            self.docs = self.doc_bits.finish();
        }
        write_varint(out, doc_freq << 1 | u32::from(!self.titled.is_empty()));
        if doc_freq >= MEASURED_LIST_DOCS {
            write_varint(out, self.docs.len() as u32);
            write_varint(out, self.counts.len() as u32);
            write_varint(out, self.flags.len as u32);
        }
        if !self.titled.is_empty() {
            write_varint(out, self.titled.len() as u32);
            let mut previous = 0;
            for doc in self.titled {
                write_varint(out, doc - previous);
                previous = doc;
            }
        }
        for column in [&self.docs, &self.counts, &self.flags.bytes] {
            out.extend_from_slice(column);
        }
        out.extend_from_slice(&self.positions.finish());
        out.extend_from_slice(&self.steps);
    }
}

/// One past the last position a document of length code `code` can have: its stream is shorter
/// than the shortest of the next code. `None` for the last code, which has no end.
fn position_bound(code: u8) -> Option<u32> {
    (code < NORM_CODE_MASK).then(|| norm_chars(code + 1))
}

/// Appends one document's positions (ascending) in the bits their document's length leaves
/// them: each lies after the one before, with room for the ones after it before the end.
fn write_positions(out: &mut BitWriter, code: u8, positions: &[u32]) -> Result<(), FormatError> {
    let past_end = FormatError::Corrupt("a position lies past its document's length");
    let mut first_free = 0;
    for (n, &position) in positions.iter().enumerate() {
        if position < first_free {
            return Err(FormatError::Corrupt("positions do not ascend"));
        }
        match position_bound(code) {
            Some(bound) => {
                let after = (positions.len() - 1 - n) as u32;
                let end = bound.checked_sub(after).ok_or(past_end.clone())?;
                if position >= end {
                    return Err(past_end);
                }
                out.write_below(position - first_free, end - first_free);
            }
            None => out.write_unbounded(position - first_free),
        }
        first_free = position + 1;
    }
    Ok(())
}

/// Reads `count` positions written by [`write_positions`] for a document of length code `code`,
/// giving each to `take`.
fn read_positions(
    reader: &mut BitReader,
    code: u8,
    count: usize,
    mut take: impl FnMut(u32),
) -> Result<(), FormatError> {
    let bound = position_bound(code);
    if bound.is_some_and(|bound| count > bound as usize) {
        return Err(FormatError::Corrupt(
            "more positions than its document has characters",
        ));
    }
    let mut first_free: u32 = 0;
    for n in 0..count {
        let position = match bound {
            Some(bound) => {
                // `count` fits: every range below holds one value at least.
                let end = bound - (count - 1 - n) as u32;
                first_free + reader.read_below(end - first_free)?
            }
            None => first_free
                .checked_add(reader.read_unbounded()?)
                .ok_or(FormatError::Corrupt("a position overflows"))?,
        };
        take(position);
        first_free = position
            .checked_add(1)
            .ok_or(FormatError::Corrupt("a position overflows"))?;
    }
    Ok(())
}

/// Reads `count` positions written as varint steps, giving each to `take`.
fn read_steps(
    reader: &mut BitReader,
    count: usize,
    mut take: impl FnMut(u32),
) -> Result<(), FormatError> {
    let mut position: u32 = 0;
    for _ in 0..count {
        position = position
            .checked_add(reader.read_varint()?)
            .ok_or(FormatError::Corrupt("a position overflows"))?;
        take(position);
    }
    Ok(())
}

/// The low bits of a list's Rice-coded document steps, from how many documents it has among
/// how many: its steps spread about evenly, so the best parameter is near the logarithm of
/// ln 2 times their mean (`doc_count / doc_freq`). Reader and writer both know both counts, so
/// the list need not say it.
fn rice_bits(doc_freq: u32, doc_count: usize) -> u32 {
    let scaled_mean = (doc_count as u64).saturating_mul(69) / (100 * u64::from(doc_freq.max(1)));
    match scaled_mean {
        0 | 1 => 0,
        mean => (63 - mean.leading_zeros()).min(31),
    }
}

/// How many documents the list stored at `at` has: what a reader learns from its first bytes.
pub fn doc_freq_at(bytes: &[u8], mut at: usize) -> Result<u32, FormatError> {
    Ok(read_varint(bytes, &mut at)? >> 1)
}

/// From this many documents on, a list's columns are measured in its head (the bytes of its
/// documents and of its counts, and its positions), so that a reader who wants a few documents
/// of a long list finds its columns without walking them. A shorter list is walked.
const MEASURED_LIST_DOCS: u32 = 64;

/// Four-bit values, two to a byte, the first in the low half.
#[derive(Default)]
struct Nibbles {
    bytes: Vec<u8>,
    len: usize,
}

impl Nibbles {
    fn push(&mut self, value: u8) {
        match self.len % 2 {
            0 => self.bytes.push(value & 0x0F),
            _ => {
                if let Some(last) = self.bytes.last_mut() {
                    *last |= (value & 0x0F) << 4;
                }
            }
        }
        self.len += 1;
    }
}

/// A decoded postings list, flat: one vector per field rather than two allocations per
/// document, because decoding is most of a warm query's time.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct List {
    docs: Vec<u32>,
    norms: Vec<u8>,
    /// Where each document's positions end in `positions`.
    ends: Vec<u32>,
    positions: Vec<u32>,
    flags: Vec<u8>,
}

/// One document's entry of a [`List`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry<'l> {
    /// The document.
    pub doc: u32,
    /// Its length code ([`norm_code`]).
    pub norm: u8,
    /// Whether one of the term's occurrences here ends where the title ends.
    pub ends_title: bool,
    /// Ascending character positions in the document's stream.
    pub positions: &'l [u32],
    /// The flags of each position.
    pub flags: &'l [u8],
}

impl Entry<'_> {
    /// Whether the term's occurrence at `position` ends where the title ends: it is the last
    /// occurrence in the title, and one of them ends it.
    pub fn ends_title_at(&self, position: u32) -> bool {
        let Ok(i) = self.positions.binary_search(&position) else {
            return false;
        };
        let in_title = |i: usize| self.flags.get(i).is_some_and(|f| f & FLAG_TITLE != 0);
        self.ends_title && in_title(i) && !in_title(i + 1)
    }

    /// The flags of the term at `position` (0 when it is not there).
    pub fn flags_at(&self, position: u32) -> u8 {
        match self.positions.binary_search(&position) {
            Ok(i) => self.flags.get(i).copied().unwrap_or(0),
            Err(_) => 0,
        }
    }
}

impl List {
    /// Documents in the list.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether no document is in the list.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The documents, ascending.
    pub fn docs(&self) -> &[u32] {
        &self.docs
    }

    /// Documents plus positions: the work decoding it took.
    pub fn size(&self) -> usize {
        self.docs.len() + self.positions.len()
    }

    /// The `i`th document's entry (`i < len()`).
    pub fn entry(&self, i: usize) -> Entry<'_> {
        let (start, end) = self.bounds(i);
        Entry {
            doc: self.docs[i],
            norm: self.norms[i] & NORM_CODE_MASK,
            ends_title: self.norms[i] & NORM_ENDS_TITLE != 0,
            positions: &self.positions[start..end],
            flags: &self.flags[start..end],
        }
    }

    /// The entries, by document.
    pub fn iter(&self) -> impl Iterator<Item = Entry<'_>> {
        (0..self.len()).map(|i| self.entry(i))
    }

    /// A document's entry, looked for from `*cursor` on, which moves past the documents before
    /// it: for documents asked in ascending order, a walk rather than a search each.
    pub fn seek(&self, cursor: &mut usize, doc: u32) -> Option<Entry<'_>> {
        while self.docs.get(*cursor).is_some_and(|&known| known < doc) {
            *cursor += 1;
        }
        (self.docs.get(*cursor) == Some(&doc)).then(|| self.entry(*cursor))
    }

    /// A document's entry, if the list has it.
    pub fn find(&self, doc: u32) -> Option<Entry<'_>> {
        self.docs.binary_search(&doc).ok().map(|i| self.entry(i))
    }

    /// Keeps the first `max_docs` documents.
    pub fn truncate(&mut self, max_docs: usize) {
        if max_docs < self.docs.len() {
            let positions = self
                .ends
                .get(max_docs.wrapping_sub(1))
                .map_or(0, |&end| end as usize);
            self.docs.truncate(max_docs);
            self.norms.truncate(max_docs);
            self.ends.truncate(max_docs);
            self.positions.truncate(positions);
            self.flags.truncate(positions);
        }
    }

    /// The entries of the documents in `docs` (ascending) only.
    pub fn only(&self, docs: &[u32]) -> List {
        let mut kept = List::default();
        let mut cursor = 0;
        for &doc in docs {
            let Some(entry) = self.seek(&mut cursor, doc) else {
                continue;
            };
            kept.docs.push(doc);
            kept.norms.push(self.norms[cursor]);
            kept.positions.extend_from_slice(entry.positions);
            kept.flags.extend_from_slice(entry.flags);
            kept.ends.push(kept.positions.len() as u32);
        }
        kept
    }

    /// The lists of several terms read as one: each document once, with every position any of
    /// them has there (a position in two of them once, with both's flags). A sound pattern's
    /// keys are so read (`phonetic::sound_pattern`): hundreds of lists, so their occurrences are
    /// placed by document in two counting passes rather than sorted.
    pub fn union(mut lists: Vec<List>) -> List {
        if lists.len() <= 1 {
            return lists.pop().unwrap_or_default();
        }
        let docs = lists
            .iter()
            .filter_map(|list| list.docs.last())
            .max()
            .map_or(0, |&last| last as usize + 1);
        // Where each document's occurrences start among all of them (after the counting pass,
        // `starts[doc + 1]` is its count), and its norm byte.
        let mut starts = vec![0u32; docs + 1];
        let mut norms = vec![0u8; docs];
        for list in &lists {
            for (i, &doc) in list.docs.iter().enumerate() {
                let (from, to) = list.bounds(i);
                starts[doc as usize + 1] += (to - from) as u32;
                // One length code per document; an occurrence ending the title in any list counts.
                norms[doc as usize] |= list.norms[i];
            }
        }
        for doc in 1..=docs {
            starts[doc] += starts[doc - 1];
        }
        let mut occurrences = vec![(0u32, 0u8); starts[docs] as usize];
        let mut next = starts.clone();
        for list in &lists {
            for (i, &doc) in list.docs.iter().enumerate() {
                let (from, to) = list.bounds(i);
                for at in from..to {
                    occurrences[next[doc as usize] as usize] = (list.positions[at], list.flags[at]);
                    next[doc as usize] += 1;
                }
            }
        }
        let mut union = List::default();
        for doc in 0..docs {
            let (from, to) = (starts[doc] as usize, starts[doc + 1] as usize);
            if from == to {
                continue;
            }
            let in_doc = &mut occurrences[from..to];
            // Runs already ascending, one per list that has the document: few, and short.
            match in_doc.len() {
                0..=64 => insertion_sort(in_doc),
                _ => crate::order::sort(in_doc),
            }
            union.docs.push(doc as u32);
            union.norms.push(norms[doc]);
            let first = union.positions.len();
            for &(position, flags) in in_doc.iter() {
                if union.positions.len() > first && union.positions.last() == Some(&position) {
                    if let Some(last) = union.flags.last_mut() {
                        *last |= flags;
                    }
                    continue;
                }
                union.positions.push(position);
                union.flags.push(flags);
            }
            union.ends.push(union.positions.len() as u32);
        }
        union
    }

    /// Where the `i`th document's positions lie in `positions`.
    fn bounds(&self, i: usize) -> (usize, usize) {
        let from = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        (from, self.ends[i] as usize)
    }
}

/// A list read without its positions: a one-character gram's as stored ([`Positions::Left`]),
/// or any list when only how often a term occurs is wanted. Its documents, length codes,
/// counts and flags are its own; [`Counted::place`] puts its occurrences where they lie.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counted(List);

impl Counted {
    /// The documents, ascending.
    pub fn docs(&self) -> &[u32] {
        self.0.docs()
    }

    /// Documents plus occurrences: the work decoding it took.
    pub fn size(&self) -> usize {
        self.0.docs.len() + self.0.flags.len()
    }

    /// A document's length code and how many times the term occurs there.
    pub fn find(&self, doc: u32) -> Option<(u8, usize)> {
        let i = self.0.docs.binary_search(&doc).ok()?;
        let (from, to) = self.0.bounds(i);
        Some((self.0.norms[i] & NORM_CODE_MASK, to - from))
    }

    /// The list with its positions: for each of its documents, those `occurrences` has there,
    /// as many as it counts (the union of the lists under a character's key). Anything else
    /// means a damaged index, never a guess.
    pub fn place(self, occurrences: &List) -> Result<List, FormatError> {
        let mut list = self.0;
        let mut positions = Vec::with_capacity(list.flags.len());
        let mut cursor = 0;
        for i in 0..list.docs.len() {
            let (from, to) = list.bounds(i);
            let entry = occurrences
                .seek(&mut cursor, list.docs[i])
                .filter(|entry| entry.positions.len() == to - from)
                .ok_or(FormatError::Corrupt(
                    "a character's occurrences do not match its count",
                ))?;
            positions.extend_from_slice(entry.positions);
        }
        list.positions = positions;
        Ok(list)
    }
}

impl From<List> for Counted {
    fn from(list: List) -> Counted {
        Counted(list)
    }
}

/// Sorts a short slice by insertion: linear where it is nearly sorted.
fn insertion_sort<T: Ord + Copy>(v: &mut [T]) {
    for i in 1..v.len() {
        let item = v[i];
        let mut at = i;
        while at > 0 && v[at - 1] > item {
            v[at] = v[at - 1];
            at -= 1;
        }
        v[at] = item;
    }
}

/// A stored postings list to read: the one that starts at `at` in a piece's POSTINGS, each of
/// its documents' length codes taken from `norms` (the root's NORMS, by document).
#[derive(Clone, Copy)]
pub struct ListAt<'b> {
    bytes: &'b [u8],
    at: usize,
    norms: &'b [u8],
    code: ListCode,
}

impl<'b> ListAt<'b> {
    /// The same list, its document steps and positions written in `code` (its piece's; bits
    /// unless it says).
    pub fn written(self, code: ListCode) -> Self {
        ListAt { code, ..self }
    }

    /// The list that starts at `at` in `bytes`.
    pub fn new(bytes: &'b [u8], at: usize, norms: &'b [u8]) -> Self {
        ListAt {
            bytes,
            at,
            norms,
            code: ListCode::Bits,
        }
    }

    /// Its first `max_docs` documents, of those numbered below `below`.
    pub fn head(self, max_docs: usize, below: u32) -> Result<List, FormatError> {
        Ok(decode(self, Positions::Stored, (max_docs, below), &mut |_| true)?.0)
    }

    /// [`ListAt::head`] of a list that stores no positions ([`Positions::Left`]).
    pub fn counted_head(self, max_docs: usize, below: u32) -> Result<Counted, FormatError> {
        let (list, _) = decode(self, Positions::Left, (max_docs, below), &mut |_| true)?;
        Ok(Counted(list))
    }

    /// Its documents in `only` (ascending), stopping at the first numbered `below` or more, and
    /// how many entries were looked at. The positions of the others are stepped over, not
    /// decoded: a phrase's common characters are read only where its rarest one occurs.
    pub fn within(self, only: &[u32], below: u32) -> Result<(List, usize), FormatError> {
        self.only(Positions::Stored, only, below)
    }

    /// [`ListAt::within`] of a list that stores no positions ([`Positions::Left`]).
    pub fn counted_within(self, only: &[u32], below: u32) -> Result<(Counted, usize), FormatError> {
        let (list, visited) = self.only(Positions::Left, only, below)?;
        Ok((Counted(list), visited))
    }

    fn only(
        self,
        stored: Positions,
        only: &[u32],
        below: u32,
    ) -> Result<(List, usize), FormatError> {
        let mut next = 0;
        decode(self, stored, (usize::MAX, below), &mut |doc| {
            while only.get(next).is_some_and(|&wanted| wanted < doc) {
                next += 1;
            }
            only.get(next) == Some(&doc)
        })
    }
}

/// The list and the number of entries looked at.
fn decode(
    read: ListAt,
    stored: Positions,
    (max_docs, below): (usize, u32),
    keep: &mut dyn FnMut(u32) -> bool,
) -> Result<(List, usize), FormatError> {
    let ListAt {
        bytes,
        at,
        norms,
        code: list_code,
    } = read;
    let mut columns = Columns::find(bytes, at, list_code, norms.len())?;
    let wanted = columns.doc_freq.min(max_docs);
    // A document takes two bits at least: a bogus count allocates no more than the bytes allow.
    let docs = wanted.min(bytes.len().saturating_sub(at).saturating_mul(4));
    let mut list = List {
        docs: Vec::with_capacity(docs),
        norms: Vec::with_capacity(docs),
        ends: Vec::with_capacity(docs),
        ..List::default()
    };
    let mut doc: u32 = 0;
    let mut visited = 0;
    for n in 0..wanted {
        let (step, single) = columns.docs.next()?;
        doc = doc
            .checked_add(step)
            .and_then(|doc| doc.checked_add(u32::from(n > 0)))
            .ok_or(FormatError::Corrupt("a document number overflows"))?;
        if doc >= below {
            break;
        }
        visited += 1;
        let count = match single {
            true => 1,
            false => read_varint(bytes, &mut columns.counts)? as usize + 2,
        };
        let code = norms.get(doc as usize).ok_or(FormatError::Corrupt(
            "a posting names a document the index lacks",
        ))? & NORM_CODE_MASK;
        let kept = keep(doc);
        let positions = &mut list.positions;
        let take = |position| {
            if kept {
                positions.push(position);
            }
        };
        match (stored, list_code) {
            (Positions::Stored, ListCode::Bits) => {
                read_positions(&mut columns.positions, code, count, take)?
            }
            (Positions::Stored, ListCode::Steps) => {
                read_steps(&mut columns.positions, count, take)?
            }
            (Positions::Left, _) => {}
        }
        if !kept {
            columns.flags += count;
            continue;
        }
        columns.read_flags(bytes, count, &mut list.flags)?;
        let end = u32::try_from(list.flags.len())
            .map_err(|_| FormatError::Corrupt("a postings list is too long"))?;
        list.docs.push(doc);
        let ends_title = match columns.titled.has(bytes, doc)? {
            false => 0,
            true => NORM_ENDS_TITLE,
        };
        list.norms.push(code | ends_title);
        list.ends.push(end);
    }
    Ok((list, visited))
}

/// Where each column of a stored list starts, and how far a reader has read in each (the flags
/// counted in nibbles from their column's start).
struct Columns<'b> {
    doc_freq: usize,
    titled: Titled,
    docs: DocSteps<'b>,
    counts: usize,
    flags_at: usize,
    flags: usize,
    positions: BitReader<'b>,
}

impl<'b> Columns<'b> {
    /// The columns of the list that starts at `at`, written in `code` among `doc_count`
    /// documents: a short list's documents and counts are walked once to learn where the
    /// flags end.
    fn find(
        bytes: &'b [u8],
        mut at: usize,
        code: ListCode,
        doc_count: usize,
    ) -> Result<Columns<'b>, FormatError> {
        let ends_early = FormatError::Corrupt("a postings list ends early");
        let head = read_varint(bytes, &mut at)?;
        let doc_freq = head >> 1;
        let mut measure = || read_varint(bytes, &mut at).map(|value| value as usize);
        let measures = match doc_freq >= MEASURED_LIST_DOCS {
            true => Some((measure()?, measure()?, measure()?)),
            false => None,
        };
        let titled = Titled::find(bytes, &mut at, head & 1 == 1)?;
        let docs = DocSteps::new(bytes, at, code, rice_bits(doc_freq, doc_count));
        let (counts, total, counts_end);
        if let Some((docs_bytes, counts_bytes, positions)) = measures {
            total = positions;
            counts = at.checked_add(docs_bytes).ok_or(ends_early.clone())?;
            counts_end = counts.checked_add(counts_bytes).ok_or(ends_early.clone())?;
        } else {
            let mut walked = docs.clone();
            let mut several = 0;
            for _ in 0..doc_freq {
                several += usize::from(!walked.next()?.1);
            }
            counts = walked.end();
            let mut sum = (doc_freq as usize) + several;
            let mut end = counts;
            for _ in 0..several {
                sum = sum.saturating_add(read_varint(bytes, &mut end)? as usize);
            }
            (total, counts_end) = (sum, end);
        }
        let doc_freq = doc_freq as usize;
        if counts_end > bytes.len() {
            return Err(ends_early);
        }
        // Every position has a nibble of flags: a bogus count cannot point past the bytes.
        let positions = counts_end
            .checked_add(total.div_ceil(2))
            .filter(|&end| end <= bytes.len())
            .ok_or(FormatError::Corrupt("a postings list ends early"))?;
        Ok(Columns {
            doc_freq,
            titled,
            docs,
            counts,
            flags_at: counts_end,
            flags: 0,
            positions: BitReader::new(bytes, positions * 8),
        })
    }

    /// Appends the flags of the next `count` positions to `out`.
    fn read_flags(
        &mut self,
        bytes: &[u8],
        count: usize,
        out: &mut Vec<u8>,
    ) -> Result<(), FormatError> {
        let end = self.flags + count;
        let column = bytes
            .get(self.flags_at..self.flags_at + end.div_ceil(2))
            .ok_or(FormatError::Corrupt("a postings list ends early"))?;
        out.extend((self.flags..end).map(|n| (column[n / 2] >> (4 * (n % 2))) & FLAG_MASK as u8));
        self.flags = end;
        Ok(())
    }
}

/// A list's column of document steps, each with whether its document has one position: varints
/// `step << 1 | single`, or in bits a step's Rice code, then the bit.
#[derive(Clone)]
enum DocSteps<'b> {
    Varints { bytes: &'b [u8], at: usize },
    Rice { reader: BitReader<'b>, bits: u32 },
}

impl<'b> DocSteps<'b> {
    /// The column that starts at byte `at` of `bytes`, in `code`, with `rice_bits` low bits.
    fn new(bytes: &'b [u8], at: usize, code: ListCode, rice_bits: u32) -> Self {
        match code {
            ListCode::Steps => DocSteps::Varints { bytes, at },
            ListCode::Bits => DocSteps::Rice {
                reader: BitReader::new(bytes, at * 8),
                bits: rice_bits,
            },
        }
    }

    /// The next document's step, and whether it has a single position.
    fn next(&mut self) -> Result<(u32, bool), FormatError> {
        match self {
            DocSteps::Varints { bytes, at } => {
                let value = read_varint(bytes, at)?;
                Ok((value >> 1, value & 1 == 1))
            }
            DocSteps::Rice { reader, bits } => {
                let step = reader.read_rice(*bits)?;
                Ok((step, reader.read(1)? == 1))
            }
        }
    }

    /// The byte after what has been read: the column's end, once it is all read.
    fn end(&self) -> usize {
        match self {
            DocSteps::Varints { at, .. } => *at,
            DocSteps::Rice { reader, .. } => reader.at.div_ceil(8),
        }
    }
}

/// The documents of a list where its term ends the title, listed in its head: read as the
/// list's documents are, ascending.
struct Titled {
    at: usize,
    left: u32,
    next: Option<u32>,
}

impl Titled {
    /// The list that starts at `*at` if the head says there is one; `*at` moves past it.
    fn find(bytes: &[u8], at: &mut usize, listed: bool) -> Result<Titled, FormatError> {
        let left = match listed {
            true => read_varint(bytes, at)?,
            false => 0,
        };
        let start = *at;
        *at = skip_varints(bytes, start, left as usize)?;
        Ok(Titled {
            at: start,
            left,
            next: None,
        })
    }

    /// Whether the term ends the title in `doc`, asked of ascending documents.
    fn has(&mut self, bytes: &[u8], doc: u32) -> Result<bool, FormatError> {
        loop {
            match self.next {
                Some(next) if next >= doc => return Ok(next == doc),
                _ if self.left == 0 => return Ok(false),
                previous => {
                    let step = read_varint(bytes, &mut self.at)?;
                    self.left -= 1;
                    self.next = Some(
                        previous
                            .map_or(Some(step), |previous| previous.checked_add(step))
                            .ok_or(FormatError::Corrupt("a document number overflows"))?,
                    );
                }
            }
        }
    }
}

/// Where `count` varints starting at `at` end.
fn skip_varints(bytes: &[u8], mut at: usize, count: usize) -> Result<usize, FormatError> {
    for _ in 0..count {
        loop {
            let byte = *bytes
                .get(at)
                .ok_or(FormatError::Corrupt("a postings list ends early"))?;
            at += 1;
            if byte & 0x80 == 0 {
                break;
            }
        }
    }
    Ok(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The root's NORMS for these entries: each document's length code, at its number.
    fn norms_of(postings: &[DocPositions]) -> Vec<u8> {
        let mut norms = vec![
            0;
            postings
                .iter()
                .map(|e| e.doc as usize + 1)
                .max()
                .unwrap_or(0)
        ];
        for entry in postings {
            norms[entry.doc as usize] = entry.norm & NORM_CODE_MASK;
        }
        norms
    }

    #[test]
    fn postings_round_trip() {
        let entry = |doc, norm, positions: Vec<u32>, flags: Vec<u8>| DocPositions {
            doc,
            norm,
            positions,
            flags,
        };
        let postings = vec![
            entry(0, norm_code(400), vec![0, 5, 300], vec![7, 0, 3]),
            entry(7, 100, vec![2], vec![1]),
            entry(
                100_000,
                127 | NORM_ENDS_TITLE,
                vec![70_000, 70_001],
                vec![2, 4],
            ),
        ];
        let mut out = vec![9, 9];
        let norms = norms_of(&postings);
        encode_postings(&postings, norms.len(), &mut out).unwrap();
        let decoded = |max_docs| {
            let list = ListAt::new(&out, 2, &norms)
                .head(max_docs, u32::MAX)
                .unwrap();
            let entries: Vec<DocPositions> = list
                .iter()
                .map(|e| {
                    let norm = e.norm | if e.ends_title { NORM_ENDS_TITLE } else { 0 };
                    entry(e.doc, norm, e.positions.to_vec(), e.flags.to_vec())
                })
                .collect();
            entries
        };
        assert_eq!(decoded(usize::MAX), postings);
        assert_eq!(decoded(1), postings[..1].to_vec());
        let within = ListAt::new(&out, 2, &norms)
            .within(&[1, 7, 99_999, 100_000], u32::MAX)
            .unwrap()
            .0;
        assert_eq!(
            within.iter().map(|e| e.doc).collect::<Vec<_>>(),
            [7, 100_000]
        );
        assert_eq!(within.find(100_000).unwrap().positions, [70_000, 70_001]);
        assert_eq!(within.find(100_000).unwrap().flags, [2, 4]);
        assert!(ListAt::new(&out, 2, &norms)
            .within(&[], u32::MAX)
            .unwrap()
            .0
            .is_empty());
        // Below a document number: the entries from it on are neither kept nor looked at.
        let head = ListAt::new(&out, 2, &norms)
            .head(usize::MAX, 100_000)
            .unwrap();
        assert_eq!(head.iter().map(|e| e.doc).collect::<Vec<_>>(), [0, 7]);
        let (part, visited) = ListAt::new(&out, 2, &norms)
            .within(&[7, 100_000], 8)
            .unwrap();
        assert_eq!(
            (part.iter().map(|e| e.doc).collect::<Vec<_>>(), visited),
            (vec![7], 2)
        );
        let mut cursor = 0;
        assert_eq!(within.seek(&mut cursor, 7).map(|e| e.doc), Some(7));
        assert_eq!(within.seek(&mut cursor, 8), None);
        assert_eq!(
            within.seek(&mut cursor, 100_000).map(|e| e.doc),
            Some(100_000)
        );
        assert_eq!(cursor, 1);
        assert!(ListAt::new(&out[..out.len() - 1], 2, &norms)
            .within(&[], u32::MAX)
            .is_err());
        assert!(ListAt::new(&out[..out.len() - 1], 2, &norms)
            .head(usize::MAX, u32::MAX)
            .is_err());
        let too_far = [entry(0, 0, vec![MAX_POSITION_DELTA + 1], vec![0])];
        assert!(encode_postings(&too_far, norms_of(&too_far).len(), &mut Vec::new()).is_err());
    }

    #[test]
    fn a_long_list_is_read_the_same_from_its_measured_columns() {
        // Documents 0, 3, 6…: every third has three positions, the rest one.
        let postings: Vec<DocPositions> = (0..200u32)
            .map(|n| {
                let positions: Vec<u32> = match n % 3 {
                    0 => vec![n, n + 7, n + 900],
                    _ => vec![n * 2],
                };
                let flags = positions.iter().map(|&p| (p % 16) as u8).collect();
                // A few of them end the title: the list names them in its head.
                let ends_title = if n % 50 == 7 { NORM_ENDS_TITLE } else { 0 };
                DocPositions {
                    doc: n * 3,
                    norm: (64 + n % 40) as u8 | ends_title,
                    positions,
                    flags,
                }
            })
            .collect();
        let mut out = Vec::new();
        let norms = norms_of(&postings);
        encode_postings(&postings, norms.len(), &mut out).unwrap();
        let list = ListAt::new(&out, 0, &norms)
            .head(usize::MAX, u32::MAX)
            .unwrap();
        assert_eq!(list.len(), 200);
        for (entry, expected) in list.iter().zip(&postings) {
            assert_eq!(entry.doc, expected.doc);
            assert_eq!(entry.norm, expected.norm & NORM_CODE_MASK);
            assert_eq!(entry.ends_title, expected.norm & NORM_ENDS_TITLE != 0);
            assert_eq!(entry.positions, expected.positions);
            assert_eq!(entry.flags, expected.flags);
        }
        let (within, visited) = ListAt::new(&out, 0, &norms)
            .within(&[297, 597], 598)
            .unwrap();
        assert_eq!(visited, 200);
        assert_eq!(within.find(297).unwrap().positions, [99, 106, 999]);
        assert_eq!(within.find(597).unwrap().positions, [398]);
        let titled = |docs: &[u32]| {
            let (list, _) = ListAt::new(&out, 0, &norms).within(docs, u32::MAX).unwrap();
            list.iter()
                .map(|e| (e.doc, e.ends_title))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            titled(&[21, 24, 171]),
            [(21, true), (24, false), (171, true)]
        );
        assert_eq!(titled(&[174, 471]), [(174, false), (471, true)]);
        let head = ListAt::new(&out, 0, &norms).head(usize::MAX, 9).unwrap();
        assert_eq!(head.docs(), [0, 3, 6]);
        assert!(ListAt::new(&out[..out.len() - 1], 0, &norms)
            .head(usize::MAX, u32::MAX)
            .is_err());
    }

    #[test]
    fn an_occurrence_ends_the_title_only_as_the_last_one_in_it() {
        // 明月 at 0 and 3 in the title 明月照明月, and at 9 in the body.
        let postings = [DocPositions {
            doc: 0,
            norm: 20 | NORM_ENDS_TITLE,
            positions: vec![0, 3, 9],
            flags: vec![FLAG_TITLE, FLAG_TITLE, 0],
        }];
        let mut out = Vec::new();
        let norms = norms_of(&postings);
        encode_postings(&postings, norms.len(), &mut out).unwrap();
        let list = ListAt::new(&out, 0, &norms)
            .head(usize::MAX, u32::MAX)
            .unwrap();
        let entry = list.entry(0);
        assert_eq!(entry.norm, 20);
        assert_eq!(
            [0, 3, 9, 5].map(|p| entry.ends_title_at(p)),
            [false, true, false, false]
        );
    }

    #[test]
    fn a_list_without_positions_takes_them_from_the_lists_under_it() {
        let character = [
            DocPositions {
                doc: 2,
                norm: 5 | NORM_ENDS_TITLE,
                positions: vec![0, 3],
                flags: vec![FLAG_START | FLAG_END | FLAG_TITLE, FLAG_START],
            },
            DocPositions {
                doc: 70,
                norm: 40,
                positions: vec![40],
                flags: vec![FLAG_END],
            },
        ];
        let mut working = Vec::new();
        encode_doc_entry(&character[0], 0, &mut working).unwrap();
        encode_doc_entry(&character[1], 2, &mut working).unwrap();
        let mut stored = Vec::new();
        let norms = norms_of(&character);
        let shape = (Positions::Left, ListCode::Bits);
        write_columns((2, &working), shape, norms.len(), &mut stored).unwrap();
        let mut with_positions = Vec::new();
        encode_postings(&character, norms.len(), &mut with_positions).unwrap();
        assert!(stored.len() < with_positions.len());

        let counted = ListAt::new(&stored, 0, &norms)
            .counted_head(usize::MAX, u32::MAX)
            .unwrap();
        assert_eq!(counted.docs(), [2, 70]);
        assert_eq!(counted.find(2), Some((5, 2)));
        assert_eq!(counted.find(3), None);
        // The pairs the character starts: what they say of a word's end is not the character's.
        let pairs = [
            DocPositions {
                doc: 2,
                norm: 5,
                positions: vec![0, 3],
                flags: vec![FLAG_START, FLAG_START | FLAG_END],
            },
            DocPositions {
                doc: 70,
                norm: 40,
                positions: vec![40],
                flags: vec![0],
            },
        ];
        let mut bytes = Vec::new();
        encode_postings(&pairs, norms.len(), &mut bytes).unwrap();
        let under = ListAt::new(&bytes, 0, &norms)
            .head(usize::MAX, u32::MAX)
            .unwrap();
        let placed = counted.clone().place(&under).unwrap();
        let first = placed.entry(0);
        assert_eq!(first.positions, [0, 3]);
        assert_eq!(first.flags, character[0].flags);
        assert!(first.ends_title);
        assert_eq!(placed.entry(1).positions, [40]);
        assert_eq!(placed.entry(1).flags, [FLAG_END]);

        let within = ListAt::new(&stored, 0, &norms)
            .counted_within(&[70], u32::MAX)
            .unwrap()
            .0;
        assert_eq!(within.place(&under).unwrap().docs(), [70]);
        // Occurrences that do not match the counts are a damaged index.
        let short = ListAt::new(&bytes, 0, &norms).head(1, u32::MAX).unwrap();
        assert!(counted.place(&short).is_err());
    }

    #[test]
    fn a_list_reads_the_same_in_either_code() {
        let entry = |doc, positions: Vec<u32>| DocPositions {
            doc,
            norm: norm_code(5_000),
            flags: vec![FLAG_START; positions.len()],
            positions,
        };
        let postings = [
            entry(1, vec![3, 90, 4_000]),
            entry(4, vec![0]),
            entry(9, vec![7, 8]),
        ];
        let norms = norms_of(&postings);
        let mut working = Vec::new();
        let mut previous = 0;
        for posting in &postings {
            encode_doc_entry(posting, previous, &mut working).unwrap();
            previous = posting.doc;
        }
        for code in ListCode::ALL {
            let mut out = Vec::new();
            let shape = (Positions::Stored, code);
            write_columns((3, &working), shape, norms.len(), &mut out).unwrap();
            let list = ListAt::new(&out, 0, &norms).written(code);
            let read = list.head(usize::MAX, u32::MAX).unwrap();
            let positions: Vec<&[u32]> = read.iter().map(|e| e.positions).collect();
            assert_eq!(positions, [&[3, 90, 4_000][..], &[0], &[7, 8]], "{code:?}");
            let (within, _) = list.within(&[9], u32::MAX).unwrap();
            assert_eq!(within.find(9).unwrap().positions, [7, 8], "{code:?}");
            assert_eq!(ListCode::of_byte(code.byte()), Ok(code));
        }
        assert!(ListCode::of_byte(2).is_err());
    }

    #[test]
    fn sparse_documents_take_about_the_logarithm_of_their_spacing_in_bits() {
        // 200 documents among 100,000, about 500 apart, some with two positions. Either code
        // reads back the same, in full (a measured list) and within a few documents.
        let postings: Vec<DocPositions> = (0..200u32)
            .map(|n| {
                let positions = match n % 7 {
                    0 => vec![1, 5],
                    _ => vec![2],
                };
                DocPositions {
                    doc: n * 499 + n % 13,
                    norm: norm_code(20),
                    flags: vec![FLAG_START; positions.len()],
                    positions,
                }
            })
            .collect();
        let doc_count = 100_000;
        let norms = vec![norm_code(20); doc_count];
        let mut working = Vec::new();
        let mut previous = 0;
        for posting in &postings {
            encode_doc_entry(posting, previous, &mut working).unwrap();
            previous = posting.doc;
        }
        let mut sizes = Vec::new();
        for stored in [Positions::Stored, Positions::Left] {
            for code in ListCode::ALL {
                let mut out = Vec::new();
                let list = (postings.len() as u32, &working[..]);
                write_columns(list, (stored, code), doc_count, &mut out).unwrap();
                sizes.push(out.len());
                let read = ListAt::new(&out, 0, &norms).written(code);
                let (docs, counts): (Vec<u32>, Vec<usize>) = match stored {
                    Positions::Stored => {
                        let list = read.head(usize::MAX, u32::MAX).unwrap();
                        list.iter().map(|e| (e.doc, e.positions.len())).unzip()
                    }
                    Positions::Left => {
                        let counted = read.counted_head(usize::MAX, u32::MAX).unwrap();
                        let docs = counted.docs().to_vec();
                        let counts = docs.iter().map(|&d| counted.find(d).unwrap().1).collect();
                        (docs, counts)
                    }
                };
                let expected: Vec<u32> = postings.iter().map(|p| p.doc).collect();
                assert_eq!(docs, expected, "{stored:?} {code:?}");
                let expected: Vec<usize> = postings.iter().map(|p| p.positions.len()).collect();
                assert_eq!(counts, expected, "{stored:?} {code:?}");
                let wanted = [postings[3].doc, postings[150].doc];
                let within = match stored {
                    Positions::Stored => read.within(&wanted, u32::MAX).unwrap().0,
                    Positions::Left => read.counted_within(&wanted, u32::MAX).unwrap().0 .0,
                };
                assert_eq!(within.docs(), wanted, "{stored:?} {code:?}");
            }
        }
        // Steps of about 500 take 2 bytes as varints, 11 bits as Rice codes of 8 low bits (with
        // the single bit): the bits save a third of the column, with positions and without.
        assert_eq!(rice_bits(200, doc_count), 8);
        assert!(sizes[1] >= sizes[0] + 100, "{sizes:?}");
        assert!(sizes[3] >= sizes[2] + 100, "{sizes:?}");
    }

    #[test]
    fn positions_lie_within_their_documents_length() {
        let entry = |norm, positions: Vec<u32>| DocPositions {
            doc: 0,
            norm,
            flags: vec![0; positions.len()],
            positions,
        };
        // A document of ten characters has positions 0 to 9: all ten leave no choice, and take
        // no bits at all.
        let every: Vec<u32> = (0..10).collect();
        let mut out = Vec::new();
        encode_postings(&[entry(9, every.clone())], 1, &mut out).unwrap();
        let list = ListAt::new(&out, 0, &[9])
            .head(usize::MAX, u32::MAX)
            .unwrap();
        assert_eq!(list.entry(0).positions, every);
        assert!(encode_postings(&[entry(9, vec![10])], 1, &mut Vec::new()).is_err());
        // Read as a shorter document's, the list holds more positions than it has characters.
        assert!(ListAt::new(&out, 0, &[3])
            .head(usize::MAX, u32::MAX)
            .is_err());
    }

    #[test]
    fn lists_read_as_one_hold_each_document_once_with_every_position() {
        let list = |entries: &[(u32, &[u32], u8)]| {
            let mut working = Vec::new();
            let mut previous = 0;
            for &(doc, positions, flags) in entries {
                let entry = DocPositions {
                    doc,
                    norm: 9,
                    positions: positions.to_vec(),
                    flags: vec![flags; positions.len()],
                };
                encode_doc_entry(&entry, previous, &mut working).unwrap();
                previous = doc;
            }
            let mut bytes = Vec::new();
            let shape = (Positions::Stored, ListCode::Bits);
            write_columns((entries.len() as u32, &working), shape, 6, &mut bytes).unwrap();
            ListAt::new(&bytes, 0, &[9; 6])
                .head(usize::MAX, u32::MAX)
                .unwrap()
        };
        let a = list(&[(1, &[4, 9], FLAG_START), (5, &[2], 0)]);
        let b = list(&[(1, &[4, 7], FLAG_END), (3, &[1], 0)]);
        let mut union = List::union(vec![a, b]);
        assert_eq!(union.docs(), [1, 3, 5]);
        let first = union.entry(0);
        assert_eq!(first.positions, [4, 7, 9]);
        assert_eq!(first.flags, [FLAG_START | FLAG_END, FLAG_END, FLAG_START]);
        assert_eq!((first.norm, union.entry(2).positions), (9, &[2][..]));
        union.truncate(2);
        assert_eq!(
            (union.docs(), union.entry(1).positions),
            (&[1, 3][..], &[1][..])
        );
    }

    #[test]
    fn norms_are_monotone_and_close() {
        let mut previous = 0;
        for chars in (0..300_000).chain([u32::MAX / 2, u32::MAX]) {
            let code = norm_code(chars);
            assert!(code >= previous, "{chars}");
            assert_eq!(code & NORM_ENDS_TITLE, 0, "{chars}");
            previous = code;
            let back = norm_chars(code);
            let close = chars >= 1 << 18 || chars - back <= chars / 8;
            assert!(back <= chars && close, "{chars} → {back}");
        }
    }
}
