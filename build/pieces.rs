//! The build side of the split index: postings gathered document by document, then cut into
//! content-hashed pieces and a root that names them (the grammar is in src/format.rs).
//!
//! Piece sizes were chosen from measurements (README, "The split index"): a TERMS piece closes
//! once its keys and postings pass [`term_piece_bytes`] (sized to the whole dictionary), a DOCS
//! piece once its text passes [`DOC_PIECE_BYTES`]. A term is never cut, so a very common term is a piece of its own. A body
//! longer than [`CHUNKED_BODY_BYTES`] goes into BODY pieces of about [`BODY_CHUNK_BYTES`], which
//! its DOCS piece names: a hit fetches only the slice its passage is in.

use crate::format::{self, DocRecord, Kind, PieceRef};
use crate::phonetic;
use crate::postings::{self, DocPositions};
use std::collections::{BTreeMap, HashMap};

/// Bytes of keys and postings after which a TERMS piece closes, for a dictionary of `total` such
/// bytes. Every piece costs every reader its ref and separator in the root (assumed 10 bytes of
/// gzip; 13 measured on 5,000 articles), and a query reads about 4 pieces of which it needs
/// little, wasting about half of each (gzip keeps about 3/4 of postings):
/// `10 · total / size + 4 · 3/4 · size / 2` is least at `size = √(20/3 · total)`. That is 22 KB
/// for 2,000 articles' 70 MB, and the 1 KB floor for the seeds, whose first query then reads 9 KB
/// of terms rather than 80 KB of 24 KB pieces.
pub fn term_piece_bytes(total: usize) -> usize {
    let best = (total as f64 * 20.0 / 3.0).sqrt() as usize;
    best.clamp(MIN_TERM_PIECE_BYTES, MAX_TERM_PIECE_BYTES)
}
/// The smallest TERMS piece: below it, HTTP headers cost more than the bytes saved.
const MIN_TERM_PIECE_BYTES: usize = 1024;
/// The largest TERMS piece (a common term's list may still be larger: a term is never cut).
const MAX_TERM_PIECE_BYTES: usize = 64 * 1024;
/// Text bytes after which a DOCS piece closes.
pub const DOC_PIECE_BYTES: usize = 12 * 1024;
/// Bodies longer than this are cut into BODY pieces.
pub const CHUNKED_BODY_BYTES: usize = 2 * 1024;
/// About how long a BODY piece is: cut after the first line break past it, else at twice it. A
/// snippet shows about 100 characters (300 bytes), so one slice usually holds a hit's passage.
/// Measured on 2,000 articles (README, "The split index"): 1 KB slices against 2 KB ones.
pub const BODY_CHUNK_BYTES: usize = 1024;
/// What a document whose body is in BODY pieces counts towards [`DOC_PIECE_BYTES`]: each hit
/// fetches its whole DOCS piece, so those pieces hold few such documents (8), while every DOCS
/// piece costs every reader a ref in the root (9 bytes).
pub const CHUNKED_DOC_COST: usize = DOC_PIECE_BYTES / 8;
/// Bytes of ids per IDS piece, before the fst shares their prefixes. Only opening a document by
/// id when its DOCS piece is not loaded yet (a shared link) fetches one.
pub const ID_PIECE_BYTES: usize = 32 * 1024;

/// One term's postings list, encoded as documents arrive.
#[derive(Default)]
pub struct TermPostings {
    doc_freq: u32,
    last_doc: u32,
    entries: Vec<u8>,
}

impl TermPostings {
    /// The number of documents that have the term.
    pub fn doc_freq(&self) -> u32 {
        self.doc_freq
    }
}

/// Every term's postings, in term order.
pub type Postings = BTreeMap<String, TermPostings>;

/// Every term's postings while documents arrive, in no order: a document adds thousands of
/// terms, and finding each in a hash table rather than a B-tree of millions of keys made the
/// build of 50,000 poems about twice as fast (the B-tree's key comparisons took half its time).
/// Sorted once at the end: `Postings::from_iter`.
pub type Accumulated = HashMap<String, TermPostings>;

/// Adds one document's terms, each with its positions (any order, repeats allowed). `flags`
/// gives an occurrence's flags from its position and length in characters; `title_chars` is
/// where the title ends.
pub fn add_document(
    postings: &mut Accumulated,
    doc: u32,
    (norm, title_chars): (u8, u32),
    terms: HashMap<String, Vec<u32>>,
    flags: impl Fn(u32, u32) -> u8,
) -> Result<(), String> {
    for (term, mut positions) in terms {
        positions.sort_unstable();
        positions.dedup();
        let text = term.strip_prefix(format::GRAM_MARK).unwrap_or(&term);
        let len = text.chars().count() as u32;
        let ends_title = positions.iter().any(|&p| p + len == title_chars);
        let entry = DocPositions {
            doc,
            norm: norm
                | if ends_title {
                    postings::NORM_ENDS_TITLE
                } else {
                    0
                },
            flags: positions.iter().map(|&p| flags(p, len)).collect(),
            positions,
        };
        let list = postings.entry(term).or_default();
        postings::encode_doc_entry(&entry, list.last_doc, &mut list.entries)
            .map_err(|e| e.to_string())?;
        list.doc_freq += 1;
        list.last_doc = doc;
    }
    Ok(())
}

/// A piece and its bytes.
pub struct Piece {
    /// Its name and check.
    pub reference: PieceRef,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

impl Piece {
    pub fn new(kind: Kind, sections: &[Vec<u8>]) -> Result<Piece, String> {
        let bytes = format::encode(kind, sections).map_err(|e| e.to_string())?;
        let reference = PieceRef::of(kind, &bytes).map_err(|e| e.to_string())?;
        Ok(Piece { reference, bytes })
    }
}

/// The TERMS pieces, and the directories that name them.
pub struct TermPieces {
    /// The text's pieces: the root's TERM_DIR names them.
    pub text: Vec<Piece>,
    /// Their TERM_DIR section.
    pub text_dir: Vec<u8>,
    /// The sound grams' pieces: the PHONETIC piece's SOUND_DIR names them.
    pub sound: Vec<Piece>,
    /// Their SOUND_DIR section.
    pub sound_dir: Vec<u8>,
}

/// The TERMS pieces of `postings`, text and sound grams apart.
///
/// Sound grams' keys are one range (`phonetic::is_sound_key`), and only queries with letters
/// read them, after the PHONETIC piece: so their pieces are named there, and the root, which
/// every reader downloads, names the text's alone (2,000 articles: 1,300 fewer refs). Each kind
/// is sized to its own terms, by the same sum: its refs and its reads are paid by the same
/// queries. One size for both would make every text piece larger, and every query without
/// letters read more (50,000 poems: cold queries fetched 1,027 KB instead of 789).
pub fn term_pieces(postings: &Postings) -> Result<TermPieces, String> {
    let size = |(term, list): (&String, &TermPostings)| term.len() + list.entries.len();
    let is_sound = |term: &String| phonetic::is_sound_key(term.as_bytes());
    let (mut text_bytes, mut sound_bytes) = (0, 0);
    for entry in postings {
        match is_sound(entry.0) {
            true => sound_bytes += size(entry),
            false => text_bytes += size(entry),
        }
    }
    let mut text = TermCutter::new(term_piece_bytes(text_bytes));
    let mut sound = TermCutter::new(term_piece_bytes(sound_bytes));
    for entry in postings {
        match is_sound(entry.0) {
            true => sound.add(entry)?,
            false => text.add(entry)?,
        }
    }
    let (text, text_dir) = text.finish()?;
    let (sound, sound_dir) = sound.finish()?;
    Ok(TermPieces {
        text,
        text_dir,
        sound,
        sound_dir,
    })
}

/// Terms in order, cut into TERMS pieces of about `limit` bytes of keys and postings (a piece's
/// size counts its keys: a two-character word's entry has no postings).
struct TermCutter<'p> {
    limit: usize,
    pieces: Vec<Piece>,
    directory: Vec<u8>,
    terms: fst::MapBuilder<Vec<u8>>,
    bytes: Vec<u8>,
    keys_bytes: usize,
    /// Whether a piece has keys (its separator is written).
    open: bool,
    /// The last key added: after a piece closes, the previous piece's last key.
    last: Option<&'p str>,
}

fn fst_error(e: fst::Error) -> String {
    format!("term dictionary: {e}")
}

impl<'p> TermCutter<'p> {
    fn new(limit: usize) -> Self {
        TermCutter {
            limit,
            pieces: Vec::new(),
            directory: Vec::new(),
            terms: fst::MapBuilder::memory(),
            bytes: Vec::new(),
            keys_bytes: 0,
            open: false,
            last: None,
        }
    }

    fn add(&mut self, (term, list): (&'p String, &TermPostings)) -> Result<(), String> {
        if !self.open {
            let separator = format::separator(self.last.map(str::as_bytes), term.as_bytes());
            format::write_bytes(&mut self.directory, separator);
            self.open = true;
        }
        self.last = Some(term);
        self.terms
            .insert(term, self.bytes.len() as u64)
            .map_err(fst_error)?;
        self.keys_bytes += term.len();
        format::write_varint(&mut self.bytes, list.doc_freq);
        self.bytes.extend_from_slice(&list.entries);
        if self.bytes.len() + self.keys_bytes >= self.limit {
            self.close()?;
        }
        Ok(())
    }

    fn close(&mut self) -> Result<(), String> {
        if !std::mem::take(&mut self.open) {
            return Ok(());
        }
        self.keys_bytes = 0;
        let dictionary = std::mem::replace(&mut self.terms, fst::MapBuilder::memory());
        let sections = [
            dictionary.into_inner().map_err(fst_error)?,
            std::mem::take(&mut self.bytes),
        ];
        let piece = Piece::new(Kind::Terms, &sections)?;
        piece.reference.encode(&mut self.directory);
        self.pieces.push(piece);
        Ok(())
    }

    fn finish(mut self) -> Result<(Vec<Piece>, Vec<u8>), String> {
        self.close()?;
        Ok((self.pieces, self.directory))
    }
}

/// One document as the DOCS pieces store it.
pub struct StoredDocument<'d> {
    /// Its id.
    pub id: &'d str,
    /// Its title.
    pub title: &'d str,
    /// Its cleaned body.
    pub body: &'d str,
    /// Its word boundaries, one bit per stream position: build time only (example queries).
    pub boundaries: Vec<u8>,
    /// Its URL, sections and metadata, encoded (`format::DocExtra`).
    pub extra: Vec<u8>,
}

/// What one document counts towards [`DOC_PIECE_BYTES`].
fn doc_cost(d: &StoredDocument) -> usize {
    let head = d.id.len() + d.title.len() + d.extra.len();
    if d.body.len() > CHUNKED_BODY_BYTES {
        head + CHUNKED_DOC_COST
    } else {
        head + d.body.len()
    }
}

/// The DOCS pieces of `documents` (in id order) with the BODY pieces they name, and the DOC_DIR
/// section that names the DOCS pieces.
pub fn doc_pieces(documents: &[StoredDocument]) -> Result<(Vec<Piece>, Vec<u8>), String> {
    let mut pieces = Vec::new();
    let mut bodies = Vec::new();
    let mut directory = Vec::new();
    let mut start = 0;
    while start < documents.len() {
        let mut end = start;
        let mut bytes = 0;
        while end < documents.len() && (end == start || bytes < DOC_PIECE_BYTES) {
            bytes += doc_cost(&documents[end]);
            end += 1;
        }
        let piece = doc_piece(start as u32, &documents[start..end], &mut bodies)?;
        format::write_varint(&mut directory, (end - start) as u32);
        piece.reference.encode(&mut directory);
        pieces.push(piece);
        start = end;
    }
    pieces.extend(bodies);
    Ok((pieces, directory))
}

/// A long body's slices: cut after the first line break past [`BODY_CHUNK_BYTES`], or, in a
/// line that long, at the last character boundary before twice that.
pub fn body_chunks(body: &str) -> Vec<&str> {
    let mut chunks = Vec::new();
    let mut rest = body;
    while rest.len() > 2 * BODY_CHUNK_BYTES {
        let after_break = rest
            .get(BODY_CHUNK_BYTES..)
            .and_then(|tail| tail.find('\n'))
            .map(|n| BODY_CHUNK_BYTES + n + 1)
            .filter(|&at| at <= 2 * BODY_CHUNK_BYTES);
        let at = after_break.unwrap_or_else(|| {
            (1..=2 * BODY_CHUNK_BYTES)
                .rev()
                .find(|&i| rest.is_char_boundary(i))
                .unwrap_or(rest.len())
        });
        let (chunk, tail) = rest.split_at(at);
        chunks.push(chunk);
        rest = tail;
    }
    if !rest.is_empty() {
        chunks.push(rest);
    }
    chunks
}

fn doc_piece(
    first_doc: u32,
    documents: &[StoredDocument],
    bodies: &mut Vec<Piece>,
) -> Result<Piece, String> {
    let mut meta = Vec::new();
    meta.extend_from_slice(&first_doc.to_le_bytes());
    meta.extend_from_slice(&(documents.len() as u32).to_le_bytes());
    let mut records = Vec::with_capacity(documents.len() * format::DOC_RECORD_BYTES);
    let mut strings = String::new();
    let mut chunk_lists = Vec::new();
    let mut extra_starts = Vec::with_capacity(4 * (documents.len() + 1));
    let mut extras = Vec::new();
    for document in documents {
        extra_starts.extend_from_slice(&(extras.len() as u32).to_le_bytes());
        extras.extend_from_slice(&document.extra);
        let chunked = document.body.len() > CHUNKED_BODY_BYTES;
        let chunks_at = if chunked {
            let at = chunk_lists.len() as u32;
            let chunks = body_chunks(document.body);
            format::write_varint(&mut chunk_lists, chunks.len() as u32);
            for chunk in chunks {
                let piece = Piece::new(Kind::Body, &[chunk.as_bytes().to_vec()])?;
                format::write_varint(&mut chunk_lists, chunk.chars().count() as u32);
                piece.reference.encode(&mut chunk_lists);
                bodies.push(piece);
            }
            at
        } else {
            format::docs::NO_CHUNKS
        };
        DocRecord {
            id_start: strings.len() as u32,
            id_len: document.id.len() as u32,
            text_start: (strings.len() + document.id.len()) as u32,
            title_bytes: document.title.len() as u32,
            body_bytes: document.body.len() as u32,
            title_chars: document.title.chars().count() as u32,
            body_chars: document.body.chars().count() as u32,
            chunks_at,
        }
        .encode(&mut records);
        strings.push_str(document.id);
        strings.push_str(document.title);
        if !chunked {
            strings.push_str(document.body);
        }
    }
    extra_starts.extend_from_slice(&(extras.len() as u32).to_le_bytes());
    extra_starts.extend_from_slice(&extras);
    Piece::new(
        Kind::Docs,
        &[
            meta,
            records,
            strings.into_bytes(),
            chunk_lists,
            extra_starts,
        ],
    )
}

/// The IDS pieces (id → document, for opening a document by id) and the ID_DIR that names
/// them. Documents come in id order, which is the order an fst takes its keys in.
pub fn id_pieces(documents: &[StoredDocument]) -> Result<(Vec<Piece>, Vec<u8>), String> {
    let fst_error = |e: fst::Error| format!("document ids: {e}");
    let mut pieces = Vec::new();
    let mut directory = Vec::new();
    for (chunk_start, chunk) in chunks_by_bytes(documents, ID_PIECE_BYTES) {
        let mut ids = fst::MapBuilder::memory();
        for (n, document) in chunk.iter().enumerate() {
            ids.insert(document.id, (chunk_start + n) as u64)
                .map_err(fst_error)?;
        }
        let piece = Piece::new(Kind::Ids, &[ids.into_inner().map_err(fst_error)?])?;
        format::write_bytes(&mut directory, chunk[0].id.as_bytes());
        piece.reference.encode(&mut directory);
        pieces.push(piece);
    }
    Ok((pieces, directory))
}

/// Consecutive runs of documents whose ids take about `bytes` each, with where each starts.
fn chunks_by_bytes<'a, 'd>(
    documents: &'a [StoredDocument<'d>],
    bytes: usize,
) -> impl Iterator<Item = (usize, &'a [StoredDocument<'d>])> {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= documents.len() {
            return None;
        }
        let mut end = start;
        let mut taken = 0;
        while end < documents.len() && (end == start || taken < bytes) {
            taken += documents[end].id.len();
            end += 1;
        }
        let chunk = (start, &documents[start..end]);
        start = end;
        Some(chunk)
    })
}

/// Bytes of keys after which a PINYIN piece closes, for `total` bytes of keys. The same sum as
/// for TERMS pieces (`term_piece_bytes`), but with the refs paid by queries with letters alone,
/// and those read about 8 pieces, each for one narrow range of keys (the words of one spelling),
/// so nearly all of it wasted, at about 6/10 after gzip: `10 · total / size + 8 · 0.6 · size`
/// is least at `size = √(2 · total)`: 5 KB for 2,000 articles' 15 MB of keys.
fn pinyin_piece_bytes(total: usize) -> usize {
    let best = (total as f64 * 2.0).sqrt() as usize;
    best.clamp(MIN_TERM_PIECE_BYTES, MAX_TERM_PIECE_BYTES)
}

/// The PINYIN pieces of `entries` (sorted by key) and the PINYIN_DIR section that names them.
pub fn pinyin_pieces(entries: &[(Vec<u8>, u64)]) -> Result<(Vec<Piece>, Vec<u8>), String> {
    let limit = pinyin_piece_bytes(entries.iter().map(|(key, _)| key.len()).sum());
    let fst_error = |e: fst::Error| format!("pinyin keys: {e}");
    let mut pieces = Vec::new();
    let mut directory = Vec::new();
    let mut start = 0;
    while start < entries.len() {
        let mut end = start;
        let mut bytes = 0;
        let mut keys = fst::MapBuilder::memory();
        while end < entries.len() && (end == start || bytes < limit) {
            let (key, value) = &entries[end];
            keys.insert(key, *value).map_err(fst_error)?;
            bytes += key.len();
            end += 1;
        }
        let piece = Piece::new(Kind::Pinyin, &[keys.into_inner().map_err(fst_error)?])?;
        let previous = start.checked_sub(1).map(|n| entries[n].0.as_slice());
        format::write_bytes(
            &mut directory,
            format::separator(previous, &entries[start].0),
        );
        piece.reference.encode(&mut directory);
        pieces.push(piece);
        start = end;
    }
    Ok((pieces, directory))
}

/// The PHONETIC piece.
pub fn phonetic_piece(
    pinyin_dir: Vec<u8>,
    readings: Vec<u8>,
    sound_dir: Vec<u8>,
) -> Result<Piece, String> {
    Piece::new(Kind::Phonetic, &[pinyin_dir, readings, sound_dir])
}

/// Everything the root holds besides the directories.
pub struct RootParts {
    /// Documents in the index.
    pub doc_count: u32,
    /// Distinct terms.
    pub term_count: u32,
    /// Characters of every document's title and body.
    pub total_chars: u64,
    /// The conversion table and its replacements.
    pub t2s: (Vec<u8>, Vec<u8>),
    /// Example queries.
    pub examples: Vec<String>,
    /// How many pieces there are, and their bytes, BODY pieces included.
    pub pieces: (u32, u64),
}

/// The ROOT blob.
pub fn root(
    parts: RootParts,
    term_dir: Vec<u8>,
    doc_dir: Vec<u8>,
    id_dir: Vec<u8>,
    phonetic: &Piece,
    filters: Option<&Piece>,
) -> Result<Vec<u8>, String> {
    let mut meta = Vec::new();
    meta.extend_from_slice(&parts.doc_count.to_le_bytes());
    meta.extend_from_slice(&parts.term_count.to_le_bytes());
    meta.extend_from_slice(&parts.total_chars.to_le_bytes());
    meta.extend_from_slice(&format::fnv32(&parts.t2s.0).to_le_bytes());
    meta.extend_from_slice(&parts.pieces.0.to_le_bytes());
    meta.extend_from_slice(&parts.pieces.1.to_le_bytes());
    let mut phonetic_ref = Vec::new();
    phonetic.reference.encode(&mut phonetic_ref);
    let mut filter_dir = Vec::new();
    if let Some(filters) = filters {
        filters.reference.encode(&mut filter_dir);
    }
    let mut examples = String::new();
    for example in &parts.examples {
        examples.push_str(example);
        examples.push('\n');
    }
    let sections = [
        meta,
        parts.t2s.0,
        parts.t2s.1,
        term_dir,
        doc_dir,
        phonetic_ref,
        examples.into_bytes(),
        id_dir,
        filter_dir,
    ];
    format::encode(Kind::Root, &sections).map_err(|e| e.to_string())
}

/// The PACK of a root and the pieces that travel with it.
pub fn pack(root: Vec<u8>, pieces: &[&Piece]) -> Result<Vec<u8>, String> {
    let mut sections = vec![root];
    sections.extend(pieces.iter().map(|piece| piece.bytes.clone()));
    format::encode(Kind::Pack, &sections).map_err(|e| e.to_string())
}
