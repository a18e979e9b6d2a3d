//! The build side of the split index: postings gathered document by document, then cut into
//! content-hashed pieces and a root that names them (the grammar is in crates/format/src/format.rs; the pieces
//! cut by key, TERMS and PINYIN, are in crates/indexer/src/key_pieces.rs).
//!
//! Piece sizes were chosen from measurements (README, "The split index"): a DOCS piece closes
//! once its text passes [`DOC_PIECE_BYTES`]. A body longer than [`CHUNKED_BODY_BYTES`] goes into
//! BODY pieces of about [`BODY_CHUNK_BYTES`], which its DOCS piece names: a hit fetches only the
//! slice its passage is in, by its byte range in the one BODIES file of its DOCS piece.

use compact_str::CompactString;
use sousuo_format::format::{self, DocRecord, Kind, PieceRef};
use sousuo_format::phonetic;
use sousuo_format::postings::{self, DocPositions};
use sousuo_format::stored;
use std::collections::{BTreeMap, HashMap};

/// Text bytes after which a DOCS piece closes. Each hit fetches its whole DOCS piece, and the
/// root names each by its count alone: smaller pieces cost the first result less and the disk
/// more, as gzip finds less in each; below this the disk grew faster than the first result
/// shrank (bench/README.md, format 29).
pub const DOC_PIECE_BYTES: usize = 8 * 1024;
/// Bodies longer than this are cut into BODY pieces.
pub const CHUNKED_BODY_BYTES: usize = 2 * 1024;
/// About how long a BODY piece is: cut after the first line break past it, else at twice it. A
/// snippet shows about 100 characters (300 bytes), so one slice usually holds a hit's passage.
/// Measured on 2,000 articles (README, "The split index"): 1 KB slices against 2 KB ones.
pub const BODY_CHUNK_BYTES: usize = 1024;
/// What a document whose body is in BODY pieces counts towards [`DOC_PIECE_BYTES`]: each hit
/// fetches its whole DOCS piece, so those pieces hold few such documents (8).
pub const CHUNKED_DOC_COST: usize = DOC_PIECE_BYTES / 8;
/// A site whose documents, whole, come to no more than this is stored in one DOCS piece with no
/// BODY pieces. Every search of a site with one DOCS piece reads it with its first terms
/// (`Index::require_sole_doc_piece`), so its hits' passages are there at once: without slices,
/// a first result takes one round of fetching instead of two. On the seeds (one DOCS piece of
/// 17.9 KB, 8.6 KB gzip, where a small one and four slices made 5.1) the first result loads 3.5
/// KB more.
pub const WHOLE_SITE_DOC_BYTES: usize = 32 * 1024;
/// Bytes of first ids per IDS piece (one per DOCS piece). Only opening a document by id when
/// its DOCS piece is not loaded yet (a shared link) fetches one.
pub const ID_PIECE_BYTES: usize = 32 * 1024;

/// How many times larger than their measured best the pieces are cut: 1, unless that would make
/// more files than a host takes (`Options::max_files`). Fewer, larger pieces cost a reader more
/// bytes per query; more files than the host takes cost the site its deploy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scale(pub usize);

impl Scale {
    /// A piece size so scaled.
    pub fn of(self, bytes: usize) -> usize {
        bytes.saturating_mul(self.0.max(1))
    }
}

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

    /// The entries in their working form (`postings::encode_doc_entry`), document by document.
    pub fn entries(&self) -> &[u8] {
        &self.entries
    }
}

/// Every term's postings, in term order.
pub type Postings = BTreeMap<String, TermPostings>;

/// Every term's postings while documents arrive, in no order: a document adds thousands of
/// terms, and finding each in a hash table rather than a B-tree of millions of keys made the
/// build of 50,000 poems about twice as fast (the B-tree's key comparisons took half its time).
/// Sorted once at the end: `Postings::from_iter`.
/// Its keys are held inline (up to 24 bytes: every gram and most words), since the lookups of a
/// big table miss the cache, and a key on the heap missed it twice.
pub type Accumulated = HashMap<CompactString, TermPostings, FastHash>;

/// The hash of the build's term tables. SipHash guards a server's tables against chosen keys;
/// here the keys are the corpus's own terms, hashed by the million, and it cost the build of
/// 2,000 articles more time than segmenting them.
pub type FastHash = std::hash::BuildHasherDefault<rustc_hash::FxHasher>;

/// One document's terms with their positions, as they are found (any order, repeats allowed).
#[derive(Default)]
pub struct DocTerms {
    positions: HashMap<CompactString, Vec<u32>, FastHash>,
    /// The key being looked up: most occurrences are of a term already seen, which then costs
    /// no allocation.
    key: String,
}

impl DocTerms {
    /// An occurrence of the gram of `chars` (one or two characters).
    pub fn add_gram(&mut self, chars: &[char], position: u32) {
        format::write_gram_key(chars, &mut self.key);
        self.add_key(position);
    }

    /// An occurrence of the sound gram of two syllables with these initials.
    pub fn add_sound_gram(&mut self, initials: [char; 2], syllables: [char; 2], position: u32) {
        phonetic::write_sound_gram_key(initials, syllables, &mut self.key);
        self.add_key(position);
    }

    fn add_key(&mut self, position: u32) {
        match self.positions.get_mut(self.key.as_str()) {
            Some(list) => list.push(position),
            None => {
                self.positions
                    .insert(CompactString::from(self.key.as_str()), vec![position]);
            }
        }
    }

    /// An occurrence of a word of three characters or more.
    pub fn add_word(&mut self, word: &str, position: u32) {
        match self.positions.get_mut(word) {
            Some(list) => list.push(position),
            None => {
                self.positions
                    .insert(CompactString::from(word), vec![position]);
            }
        }
    }
}

/// Adds one document's terms, each with its positions (any order, repeats allowed). `flags`
/// gives an occurrence's flags from its position and length in characters; `title_chars` is
/// where the title ends.
pub fn add_document(
    postings: &mut Accumulated,
    doc: u32,
    (norm, title_chars): (u8, u32),
    terms: DocTerms,
    flags: impl Fn(u32, u32) -> u8,
) -> Result<(), String> {
    for (term, mut positions) in terms.positions {
        positions.sort_unstable();
        positions.dedup();
        let text = term.strip_prefix(format::GRAM_MARK).unwrap_or(&term);
        let len = phonetic::key_span(text);
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
#[derive(Clone)]
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

    /// A piece named by its place (`format::place_hash`), not by its bytes.
    pub fn placed(kind: Kind, sections: &[Vec<u8>], hash: u64) -> Result<Piece, String> {
        let mut piece = Piece::new(kind, sections)?;
        piece.reference.hash = hash;
        Ok(piece)
    }
}

/// A file of the split index as a host stores it: a piece's stored form, or a BODIES file.
pub struct PieceFile {
    /// Its name in `pieces/`.
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// The DOCS pieces, with what they name and the directory that names them.
pub struct DocPieces {
    /// The DOCS pieces, in document order.
    pub docs: Vec<Piece>,
    /// The BODY pieces of their long documents (an embedded index carries them as they are).
    pub bodies: Vec<Piece>,
    /// The BODIES files that hold the BODY pieces' stored forms, one per DOCS piece with any.
    pub bundles: Vec<PieceFile>,
    /// DOC_DIR.
    pub directory: Vec<u8>,
    /// The first document of each DOCS piece.
    pub first_docs: Vec<usize>,
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
    match is_chunked(d) {
        true => head_cost(d) + CHUNKED_DOC_COST,
        false => whole_cost(d),
    }
}

fn is_chunked(d: &StoredDocument) -> bool {
    d.body.len() > CHUNKED_BODY_BYTES
}

/// A document's bytes apart from its body.
fn head_cost(d: &StoredDocument) -> usize {
    d.id.len() + d.title.len() + d.extra.len()
}

fn whole_cost(d: &StoredDocument) -> usize {
    head_cost(d) + d.body.len()
}

/// The DOCS pieces of `documents` (in id order) with the BODY pieces they name, and the DOC_DIR
/// section that names the DOCS pieces.
pub fn doc_pieces(documents: &[StoredDocument], scale: Scale) -> Result<DocPieces, String> {
    let mut bodies = Vec::new();
    let mut bundles = Vec::new();
    let mut directory = Vec::new();
    let mut counts = Vec::new();
    let small_site = !documents.is_empty()
        && documents.iter().map(whole_cost).sum::<usize>() <= WHOLE_SITE_DOC_BYTES;
    let (runs, chunking): (Vec<_>, fn(&StoredDocument) -> bool) = if small_site {
        (vec![(0, documents)], |_| false)
    } else {
        (
            runs_by_cost(documents, scale.of(DOC_PIECE_BYTES), doc_cost).collect(),
            is_chunked,
        )
    };
    let mut first_docs = Vec::with_capacity(runs.len());
    let mut unplaced = Vec::with_capacity(runs.len());
    for (start, run) in runs {
        first_docs.push(start);
        unplaced.push(doc_piece(
            start as u32,
            run,
            chunking,
            &mut bodies,
            &mut bundles,
        )?);
        format::write_varint(&mut counts, run.len() as u32);
    }
    // Named by their place, as TERMS pieces are: the root, which every reader loads, holds
    // one seed rather than a hash for each of them.
    let (seed, pieces) = placed(Kind::Docs, format::docs::CHECK, unplaced)?;
    format::encode_hash(seed, &mut directory);
    directory.append(&mut counts);
    Ok(DocPieces {
        docs: pieces,
        bodies,
        bundles,
        directory,
        first_docs,
    })
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

/// Pieces of `kind` named by their place (`format::place_hash`), from `unplaced`, each piece's
/// sections but its CHECK, which goes at `check_at`; and the seed their directory holds.
pub fn placed(
    kind: Kind,
    check_at: usize,
    unplaced: Vec<Vec<Vec<u8>>>,
) -> Result<(u64, Vec<Piece>), String> {
    let seed = format::place_seed(unplaced.iter().map(|sections| as_slices(sections)));
    let mut pieces = Vec::with_capacity(unplaced.len());
    for (ordinal, mut sections) in (0u32..).zip(unplaced) {
        let check = format::place_check(seed, ordinal, &as_slices(&sections));
        sections.insert(check_at, check);
        let hash = format::place_hash(seed, ordinal);
        pieces.push(Piece::placed(kind, &sections, hash)?);
    }
    Ok((seed, pieces))
}

fn as_slices(sections: &[Vec<u8>]) -> Vec<&[u8]> {
    sections.iter().map(Vec::as_slice).collect()
}

/// The sections of a DOCS piece but its CHECK, which needs every piece's (its seed).
fn doc_piece(
    first_doc: u32,
    documents: &[StoredDocument],
    is_chunked: fn(&StoredDocument) -> bool,
    bodies: &mut Vec<Piece>,
    bundles: &mut Vec<PieceFile>,
) -> Result<Vec<Vec<u8>>, String> {
    let meta = format::DocsMeta {
        first_doc,
        count: documents.len() as u32,
    }
    .encode();
    let mut records = Vec::with_capacity(documents.len() * 8);
    let mut strings = String::new();
    let mut chunk_lists = Vec::new();
    let mut bundle = Vec::new();
    let mut extra_starts = Vec::with_capacity(4 * (documents.len() + 1));
    let mut extras = Vec::new();
    for document in documents {
        extra_starts.extend_from_slice(&(extras.len() as u32).to_le_bytes());
        extras.extend_from_slice(&document.extra);
        let chunked = is_chunked(document);
        let chunks_at = if chunked {
            let at = chunk_lists.len() as u32;
            let chunks = body_chunks(document.body);
            format::write_varint(&mut chunk_lists, chunks.len() as u32);
            format::write_varint(&mut chunk_lists, bundle_offset(&bundle)?);
            for chunk in chunks {
                let piece = Piece::new(Kind::Body, &[chunk.as_bytes().to_vec()])?;
                let stored = stored::store(&piece.bytes);
                format::write_varint(&mut chunk_lists, chunk.chars().count() as u32);
                format::write_varint(&mut chunk_lists, stored.len() as u32);
                piece.reference.encode(&mut chunk_lists);
                bundle.extend_from_slice(&stored);
                bodies.push(piece);
            }
            bundle_offset(&bundle)?;
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
    let mut bundle_ref = Vec::new();
    if !bundle.is_empty() {
        let hash = format::piece_hash(&bundle);
        format::encode_hash(hash, &mut bundle_ref);
        bundles.push(PieceFile {
            name: format::bodies_file_name(hash),
            bytes: bundle,
        });
    }
    Ok(vec![
        meta,
        records,
        strings.into_bytes(),
        chunk_lists,
        extra_starts,
        bundle_ref,
    ])
}

/// Where the next BODY piece starts in a BODIES file being written, which the format's u32
/// offsets must reach.
fn bundle_offset(bundle: &[u8]) -> Result<u32, String> {
    u32::try_from(bundle.len())
        .map_err(|_| "the long bodies of one DOCS piece pass 4 GiB stored".to_string())
}

/// The stored forms of `pieces` (every core compresses), as the files a host stores; BODY
/// pieces are left out, their BODIES files hold them.
pub fn stored_files(
    pieces: &[Piece],
    progress: &crate::progress::Progress,
) -> Result<Vec<PieceFile>, String> {
    let own_files: Vec<&Piece> = pieces
        .iter()
        .filter(|piece| piece.reference.kind != Kind::Body)
        .collect();
    let mut files = Vec::with_capacity(own_files.len());
    progress.begin("compressing pieces", own_files.len());
    crate::analysis::in_order_on_every_core(
        &own_files,
        |piece| Ok(stored::store(&piece.bytes)),
        |n, bytes| {
            progress.advance();
            files.push(PieceFile {
                name: own_files[n].reference.name(),
                bytes,
            });
            Ok(())
        },
    )?;
    Ok(files)
}

/// The IDS pieces (for opening a document by id: which DOCS piece holds it) and the ID_DIR that
/// names them. Documents come in id order, so each DOCS piece holds a range of ids, which its
/// first id (`first_docs`, of each DOCS piece) starts: an IDS piece lists those of a run of DOCS
/// pieces, and the DOCS piece itself is searched for the id, as it is once loaded for a hit. A
/// table of every id would take as much as the ids themselves.
pub fn id_pieces(
    documents: &[StoredDocument],
    first_docs: &[usize],
    scale: Scale,
) -> Result<(Vec<Piece>, Vec<u8>), String> {
    let mut pieces = Vec::new();
    let mut directory = Vec::new();
    let first_ids: Vec<&str> = first_docs.iter().map(|&doc| documents[doc].id).collect();
    for (first_piece, run) in runs_by_cost(&first_ids, scale.of(ID_PIECE_BYTES), |id| id.len()) {
        let section = format::IdRun {
            first_piece: first_piece as u32,
            first_ids: run.to_vec(),
        };
        let piece = Piece::new(Kind::Ids, &[section.encode()])?;
        format::write_bytes(&mut directory, run[0].as_bytes());
        piece.reference.encode(&mut directory);
        pieces.push(piece);
    }
    Ok((pieces, directory))
}

/// Consecutive runs of `items`, each closed once its items' `cost` reaches `limit` (at least
/// one item each), with where each starts: how DOCS, IDS and PINYIN pieces are cut.
pub fn runs_by_cost<T>(
    items: &[T],
    limit: usize,
    cost: impl Fn(&T) -> usize,
) -> impl Iterator<Item = (usize, &[T])> {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= items.len() {
            return None;
        }
        let mut end = start;
        let mut taken = 0;
        while end < items.len() && (end == start || taken < limit) {
            taken += cost(&items[end]);
            end += 1;
        }
        let run = (start, &items[start..end]);
        start = end;
        Some(run)
    })
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
    /// Each document's length code, by document.
    pub norms: Vec<u8>,
    /// The conversion table and its replacements.
    pub t2s: (Vec<u8>, Vec<u8>),
    /// Example queries.
    pub examples: Vec<String>,
    /// Regional words with their counterparts that the corpus has.
    pub regional: Vec<(String, String)>,
    /// How many files the pieces take (BODIES files, not BODY pieces), and their stored bytes.
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
    let meta = format::RootMeta {
        doc_count: parts.doc_count,
        term_count: parts.term_count,
        total_chars: parts.total_chars,
        t2s_check: format::fnv32(&parts.t2s.0),
        piece_files: parts.pieces.0,
        piece_bytes: parts.pieces.1,
    }
    .encode();
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
        crate::regional::encode(&parts.regional),
        parts.norms,
    ];
    format::encode(Kind::Root, &sections).map_err(|e| e.to_string())
}

/// The PACK of a root and the pieces that travel with it.
pub fn pack(root: Vec<u8>, pieces: &[&Piece]) -> Result<Vec<u8>, String> {
    let mut sections = vec![root];
    sections.extend(pieces.iter().map(|piece| piece.bytes.clone()));
    format::encode(Kind::Pack, &sections).map_err(|e| e.to_string())
}
