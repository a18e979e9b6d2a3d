//! [`Root`]: what every query needs before it knows its terms. Counts, the normalizer, the
//! example queries, and the directory that says which piece holds which terms and documents.
//!
//! ```ignore
//! let index = sousuo::embedded_index().unwrap();
//! let root = index.root();
//! assert_eq!(root.doc_count(), 5);
//! assert!(root.pieces().count() >= 3);
//! ```
//!
//! (Not run here: it needs an index, which the wasm crate embeds; `tests/` search it so.)

use crate::analyzer::Normalizer;
use crate::document::DocId;
use crate::error::{Error, Result};
use crate::format::{self, root, FormatError, Kind, PieceRef};
use crate::regional::Regional;

/// Which piece: a TERMS, DOCS or IDS piece by number, or the PHONETIC or FILTERS piece, which
/// the root names; or one that another piece names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PieceId {
    /// TERMS piece number n of the text, in term order.
    Terms(usize),
    /// TERMS piece number n of the sound grams, in term order: the PHONETIC piece names it.
    Sounds(usize),
    /// PINYIN piece number n, in key order: the PHONETIC piece names it.
    Pinyin(usize),
    /// DOCS piece number n, in document order.
    Docs(usize),
    /// The pinyin and readings.
    Phonetic,
    /// IDS piece number n, in id order.
    Ids(usize),
    /// The filter values and sort keys.
    Filters,
    /// A slice of a long document's body, by its hash: a DOCS piece names it, not the root.
    Body(u64),
}

/// One DOCS piece in the directory.
#[derive(Clone, Debug)]
pub struct DocPieceEntry {
    /// Its first document.
    pub first_doc: DocId,
    /// The piece.
    pub piece: PieceRef,
}

/// The decoded root.
pub struct Root<'r> {
    normalizer: Normalizer<'r>,
    doc_count: u32,
    term_count: u32,
    piece_count: u32,
    piece_bytes: u64,
    average_doc_chars: f32,
    term_dir: Vec<(&'r [u8], PieceRef)>,
    doc_dir: Vec<DocPieceEntry>,
    id_dir: Vec<(&'r str, PieceRef)>,
    phonetic: PieceRef,
    filters: Option<PieceRef>,
    examples: Vec<&'r str>,
    regional: Regional<'r>,
    /// Each document's length code, by document.
    norms: &'r [u8],
    bytes: usize,
    hash: u64,
}

impl<'r> Root<'r> {
    /// Reads a ROOT blob, checking its structure.
    pub(crate) fn from_bytes(bytes: &'r [u8]) -> Result<Root<'r>> {
        let sections = format::decode(bytes, Kind::Root)?;
        let section = |n: usize| sections.get(n).copied().unwrap_or(&[]);
        let corrupt = |what| Error::Format(FormatError::Corrupt(what));
        let format::RootMeta {
            doc_count,
            term_count,
            total_chars,
            t2s_check,
            piece_files: piece_count,
            piece_bytes,
        } = format::RootMeta::decode(section(root::META))?;
        if t2s_check != format::fnv32(section(root::T2S)) {
            return Err(corrupt(
                "the checksum of the conversion table does not match",
            ));
        }
        let normalizer = Normalizer::from_parts(section(root::T2S), section(root::T2S_TEXT))
            .map_err(|_| corrupt("the conversion table"))?;

        let term_dir = read_place_dir(Kind::Terms, section(root::TERM_DIR))?;

        let doc_dir = read_doc_dir(section(root::DOC_DIR), doc_count)?;
        let id_dir = read_id_dir(section(root::ID_DIR), doc_count)?;
        let phonetic = PieceRef::decode(Kind::Phonetic, section(root::PHONETIC), &mut 0)?;
        let filter_dir = section(root::FILTER_DIR);
        let filters = (!filter_dir.is_empty())
            .then(|| PieceRef::decode(Kind::Filters, filter_dir, &mut 0))
            .transpose()?;
        let examples = std::str::from_utf8(section(root::EXAMPLES))
            .map_err(|_| corrupt("the examples are not UTF-8"))?
            .lines()
            .collect();
        let regional = Regional::from_bytes(section(root::REGIONAL))?;
        let norms = section(root::NORMS);
        if norms.len() != doc_count as usize {
            return Err(corrupt("the documents' lengths are not one per document"));
        }
        Ok(Root {
            normalizer,
            doc_count,
            term_count,
            piece_count,
            piece_bytes,
            average_doc_chars: (total_chars as f32 / doc_count.max(1) as f32).max(1.0),
            term_dir,
            doc_dir,
            id_dir,
            phonetic,
            filters,
            examples,
            regional,
            norms,
            bytes: bytes.len(),
            hash: format::piece_hash(bytes),
        })
    }

    /// Number of documents.
    pub(crate) fn doc_count(&self) -> u32 {
        self.doc_count
    }

    /// Each document's length code, by document: what every posting of it reads.
    pub(crate) fn norms(&self) -> &'r [u8] {
        self.norms
    }

    /// Number of distinct terms (words and single characters).
    pub(crate) fn term_count(&self) -> u32 {
        self.term_count
    }

    /// How many pieces the index has, and their bytes, BODY pieces (which the root does not
    /// name) included.
    pub(crate) fn piece_totals(&self) -> (u32, u64) {
        (self.piece_count, self.piece_bytes)
    }

    /// Mean characters per document (title and body).
    pub(crate) fn average_doc_chars(&self) -> f32 {
        self.average_doc_chars
    }

    /// The normalizer that built this index: queries must go through it too.
    pub(crate) fn normalizer(&self) -> &Normalizer<'r> {
        &self.normalizer
    }

    /// Example queries chosen at build time.
    pub(crate) fn examples(&self) -> &[&'r str] {
        &self.examples
    }

    /// Bytes of the root itself.
    pub(crate) fn regional(&self) -> &Regional<'r> {
        &self.regional
    }

    pub(crate) fn bytes(&self) -> usize {
        self.bytes
    }

    /// The hash of its bytes: which build of the index this is.
    pub(crate) fn hash(&self) -> u64 {
        self.hash
    }

    /// Every piece the root names, with its id.
    pub(crate) fn pieces(&self) -> std::vec::IntoIter<(PieceId, PieceRef)> {
        let mut pieces = Vec::new();
        self.add_pieces(&mut pieces);
        pieces.into_iter()
    }

    /// Adds every piece the root names, with its id, to `pieces`: plain loops, not a chain of
    /// iterators (each adapter of a chain is code of its own in the wasm).
    pub(crate) fn add_pieces(&self, pieces: &mut Vec<(PieceId, PieceRef)>) {
        for (n, (_, piece)) in self.term_dir.iter().enumerate() {
            pieces.push((PieceId::Terms(n), *piece));
        }
        for (n, entry) in self.doc_dir.iter().enumerate() {
            pieces.push((PieceId::Docs(n), entry.piece));
        }
        pieces.push((PieceId::Phonetic, self.phonetic));
        for (n, (_, piece)) in self.id_dir.iter().enumerate() {
            pieces.push((PieceId::Ids(n), *piece));
        }
        if let Some(piece) = self.filters {
            pieces.push((PieceId::Filters, piece));
        }
    }

    /// Whether documents have filter values or dates (then a FILTERS piece holds them).
    pub(crate) fn has_filters(&self) -> bool {
        self.filters.is_some()
    }

    /// The piece a root names, by id.
    pub fn piece(&self, id: PieceId) -> Option<PieceRef> {
        match id {
            PieceId::Terms(n) => self.term_dir.get(n).map(|(_, piece)| *piece),
            PieceId::Docs(n) => self.doc_dir.get(n).map(|entry| entry.piece),
            PieceId::Phonetic => Some(self.phonetic),
            PieceId::Ids(n) => self.id_dir.get(n).map(|(_, piece)| *piece),
            PieceId::Filters => self.filters,
            PieceId::Sounds(_) | PieceId::Pinyin(_) | PieceId::Body(_) => None,
        }
    }

    /// The id of the piece with this file name.
    pub fn piece_named(&self, name: &str) -> Option<(PieceId, PieceRef)> {
        // The hash in the name finds the piece without writing out every piece's name.
        let hash = name
            .get(2..2 + 2 * format::HASH_BYTES)
            .and_then(|hex| u64::from_str_radix(hex, 16).ok())?;
        self.pieces()
            .find(|(_, piece)| piece.hash == hash && piece.name() == name)
    }

    /// How many TERMS, DOCS and IDS pieces there are.
    pub fn piece_counts(&self) -> (usize, usize, usize) {
        (self.term_dir.len(), self.doc_dir.len(), self.id_dir.len())
    }

    /// The text's TERMS piece that would hold `key` (not a sound gram's: `phonetic::is_sound_key`).
    pub(crate) fn term_piece_for(&self, key: &[u8]) -> usize {
        piece_holding(&self.term_dir, key)
    }

    /// The TERMS pieces that hold the keys starting with `prefix`.
    pub(crate) fn term_pieces_for_prefix(&self, prefix: &[u8]) -> std::ops::Range<usize> {
        pieces_holding_prefix(&self.term_dir, prefix)
    }

    /// The DOCS piece that holds document `doc`.
    pub(crate) fn doc_piece_for(&self, doc: DocId) -> Option<usize> {
        (doc < self.doc_count).then(|| {
            self.doc_dir
                .partition_point(|entry| entry.first_doc <= doc)
                .saturating_sub(1)
        })
    }

    /// The IDS piece that would hold this id.
    pub(crate) fn id_piece_for(&self, id: &str) -> Option<usize> {
        self.id_dir
            .partition_point(|(first, _)| *first <= id)
            .checked_sub(1)
    }

    /// The first document of DOCS piece `n`.
    pub(crate) fn first_doc_of(&self, n: usize) -> DocId {
        self.doc_dir.get(n).map_or(0, |entry| entry.first_doc)
    }
}

/// A directory of pieces of `kind` cut by key and named by their bytes (the PHONETIC piece's
/// PINYIN_DIR): each piece's separator (see the grammar) and ref, ascending.
pub fn read_key_dir(kind: Kind, dir: &[u8]) -> Result<Vec<(&[u8], PieceRef)>> {
    read_dir(dir, |dir, at, _| Ok(PieceRef::decode(kind, dir, at)?))
}

/// A directory of pieces of `kind` cut by key and named by their place (the root's TERM_DIR,
/// the PHONETIC piece's SOUND_DIR):
/// the seed, then each piece's separator; a piece's ref is made of the seed and its place.
pub(crate) fn read_place_dir(kind: Kind, dir: &[u8]) -> Result<Vec<(&[u8], PieceRef)>> {
    let (seed, separators) = format::split_place_dir(dir)?;
    read_dir(separators, |_, _, ordinal| {
        Ok(placed_ref(kind, seed, ordinal))
    })
}

/// The ref of piece `ordinal` of `kind` in a directory of pieces named by their place.
fn placed_ref(kind: Kind, seed: u64, ordinal: u32) -> PieceRef {
    PieceRef {
        kind,
        hash: format::place_hash(seed, ordinal),
        within: None,
    }
}

/// Each piece's separator, then what `reference` reads of it (given its place), ascending.
fn read_dir(
    dir: &[u8],
    mut reference: impl FnMut(&[u8], &mut usize, u32) -> Result<PieceRef>,
) -> Result<Vec<(&[u8], PieceRef)>> {
    let mut pieces: Vec<(&[u8], PieceRef)> = Vec::new();
    let mut at = 0;
    while at < dir.len() {
        let first = format::read_bytes(dir, &mut at)?;
        let piece = reference(dir, &mut at, pieces.len() as u32)?;
        if pieces
            .last()
            .is_some_and(|(previous, _)| *previous >= first)
        {
            return Err(Error::Format(FormatError::Corrupt(
                "a directory of pieces is out of order",
            )));
        }
        pieces.push((first, piece));
    }
    Ok(pieces)
}

/// The DOCS directory: each piece's first document, from the counts it holds, which must add
/// up to the index's; each piece named by the directory's seed and its place.
fn read_doc_dir(dir: &[u8], doc_count: DocId) -> Result<Vec<DocPieceEntry>> {
    let corrupt = |what| Error::Format(FormatError::Corrupt(what));
    let (seed, counts) = format::split_place_dir(dir)?;
    let mut doc_dir: Vec<DocPieceEntry> = Vec::new();
    let mut at = 0;
    let mut first_doc: DocId = 0;
    while at < counts.len() {
        let count = format::read_varint(counts, &mut at)?;
        let piece = placed_ref(Kind::Docs, seed, doc_dir.len() as u32);
        if count == 0 {
            return Err(corrupt("the document directory names an empty piece"));
        }
        doc_dir.push(DocPieceEntry { first_doc, piece });
        first_doc = first_doc
            .checked_add(count)
            .ok_or(corrupt("the document directory does not match the count"))?;
    }
    if first_doc != doc_count {
        return Err(corrupt("the document directory does not match the count"));
    }
    Ok(doc_dir)
}

/// The IDS directory: each piece's first id, ascending; empty only when there are no documents.
fn read_id_dir(dir: &[u8], doc_count: DocId) -> Result<Vec<(&str, PieceRef)>> {
    let corrupt = |what| Error::Format(FormatError::Corrupt(what));
    let mut id_dir: Vec<(&str, PieceRef)> = Vec::new();
    let mut at = 0;
    while at < dir.len() {
        let first_id = std::str::from_utf8(format::read_bytes(dir, &mut at)?)
            .map_err(|_| corrupt("a document id is not UTF-8"))?;
        let piece = PieceRef::decode(Kind::Ids, dir, &mut at)?;
        if id_dir
            .last()
            .is_some_and(|(previous, _)| *previous >= first_id)
        {
            return Err(corrupt("the id directory is out of order"));
        }
        id_dir.push((first_id, piece));
    }
    if id_dir.is_empty() != (doc_count == 0) {
        return Err(corrupt("the id directory does not match the count"));
    }
    Ok(id_dir)
}

/// The piece of a directory by key that would hold `key`.
pub fn piece_holding<K: AsRef<[u8]>>(dir: &[(K, PieceRef)], key: &[u8]) -> usize {
    dir.partition_point(|(first, _)| first.as_ref() <= key)
        .saturating_sub(1)
}

/// The pieces of a directory by key that hold the keys starting with `prefix` (at least one
/// when there is any piece).
pub fn pieces_holding_prefix<K: AsRef<[u8]>>(
    dir: &[(K, PieceRef)],
    prefix: &[u8],
) -> std::ops::Range<usize> {
    let len = dir.len();
    let start = piece_holding(dir, prefix).min(len);
    let end = dir.partition_point(|(first, _)| {
        let first = first.as_ref();
        first < prefix || first.starts_with(prefix)
    });
    start..end.max(start + 1).min(len)
}
