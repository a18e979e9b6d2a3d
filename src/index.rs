//! [`Index`]: the root and the pieces loaded so far, read zero-copy.
//!
//! Search reads terms, postings and documents through the methods here. A method that needs a
//! piece that is not loaded returns [`Error::NotLoaded`] naming it: the caller (the loading layer,
//! `load.rs`, or the page's JS) fetches the pieces, hands them to [`Index::load`], and asks again.
//! Search itself never waits and never answers from less than it needs.
//!
//! ```
//! let index = sousuo::Index::embedded().unwrap();
//! let doc = index.find_document("001_9fc454ccbfdced76").unwrap();
//! assert!(index.document(doc).unwrap().title.contains("醫藥高新區"));
//! ```

use crate::analyzer::{keys_prefixing, Normalizer};
use crate::bytes::Bytes;
use crate::document::DocPiece;
pub use crate::document::{DocId, Document};
use crate::error::{Error, Result};
use crate::format::PieceRef;
use crate::format::{self, docs, phonetic, terms, FormatError, Kind};
use crate::postings::{self, List};
use crate::root::{PieceId, Root};

/// The longest vocabulary word looked for in a query, in characters.
pub const MAX_WORD_CHARS: usize = 16;

/// Bytes of fetched pieces kept before the oldest are dropped (they are fetched again when a
/// query needs them; the browser's cache usually has them).
pub const DEFAULT_CACHE_BYTES: usize = 96 * 1024 * 1024;

// The fsts are kept as bytes and opened per lookup (a constant-time header read): every fst in
// the module is then an fst over `&[u8]`, one copy of the fst crate's code rather than one per
// byte container.
struct TermPiece<'r> {
    dictionary: Bytes<'r>,
    postings: Bytes<'r>,
}

impl TermPiece<'_> {
    fn terms(&self) -> Result<fst::Map<&[u8]>> {
        fst::Map::new(self.dictionary.as_ref())
            .map_err(|_| Error::Format(FormatError::Corrupt("a term dictionary")))
    }
}

struct PhoneticPiece<'r> {
    pinyin: Bytes<'r>,
    readings: Bytes<'r>,
}

/// The searchable index: the root, and the pieces loaded so far.
pub struct Index<'r> {
    root: Root<'r>,
    terms: Vec<Option<TermPiece<'r>>>,
    docs: Vec<Option<DocPiece<'r>>>,
    phonetic: Option<PhoneticPiece<'r>>,
    /// Fetched pieces in the order they came, with their sizes: the oldest go first.
    fetched: Vec<(PieceId, usize)>,
    cache_limit: usize,
    embedded: bool,
}

static EMBEDDED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/index.bin"));

impl Index<'static> {
    /// The index compiled into this build, decoded once. Natively, a split index's pieces are
    /// read from the build's pieces folder, all of them; in wasm, a split index has only its root
    /// (use [`Index::compiled`] and load pieces as queries need them).
    pub fn embedded() -> Result<&'static Index<'static>> {
        static INDEX: std::sync::OnceLock<std::result::Result<Index<'static>, Error>> =
            std::sync::OnceLock::new();
        INDEX
            .get_or_init(|| {
                #[cfg_attr(target_arch = "wasm32", allow(unused_mut))]
                let mut index = Index::compiled()?;
                #[cfg(not(target_arch = "wasm32"))]
                {
                    index.set_cache_limit(usize::MAX);
                    let missing: Vec<PieceRef> = index.missing_pieces().collect();
                    for piece in missing {
                        let bytes = crate::files::read_piece_file(&piece)?;
                        index.load(&piece.name(), bytes)?;
                    }
                }
                Ok(index)
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// A fresh index over the bytes compiled into this build: embedded, complete; split, the root
    /// alone, ready to [`Index::load`] pieces.
    pub fn compiled() -> Result<Index<'static>> {
        Index::from_bytes(EMBEDDED)
    }
}

impl<'r> Index<'r> {
    /// Reads an index from a PACK: its root, and any pieces that travel with it.
    pub fn from_bytes(pack: &'r [u8]) -> Result<Index<'r>> {
        let sections = format::decode(pack, Kind::Pack)?;
        let (&root_bytes, pieces) = sections
            .split_first()
            .ok_or(Error::Format(FormatError::Corrupt("a pack without a root")))?;
        let root = Root::from_bytes(root_bytes)?;
        let (term_pieces, doc_pieces) = root.piece_counts();
        let mut index = Index {
            root,
            terms: (0..term_pieces).map(|_| None).collect(),
            docs: (0..doc_pieces).map(|_| None).collect(),
            phonetic: None,
            fetched: Vec::new(),
            cache_limit: DEFAULT_CACHE_BYTES,
            embedded: false,
        };
        for &piece in pieces {
            let hash = format::fnv64(piece);
            let named = index.root.pieces().find(|(_, r)| r.hash == hash);
            let (id, reference) = named.ok_or(Error::Format(FormatError::Corrupt(
                "the pack holds a piece its root does not name",
            )))?;
            index.install(id, reference, Bytes::borrowed(piece))?;
        }
        index.embedded = index.is_complete();
        Ok(index)
    }

    /// The root: counts, normalizer, directory.
    pub fn root(&self) -> &Root<'r> {
        &self.root
    }

    /// Number of documents.
    pub fn doc_count(&self) -> u32 {
        self.root.doc_count()
    }

    /// Number of distinct terms (words and single characters).
    pub fn term_count(&self) -> u32 {
        self.root.term_count()
    }

    /// Mean characters per document (title and body).
    pub fn average_doc_chars(&self) -> f32 {
        self.root.average_doc_chars()
    }

    /// The normalizer that built this index: queries must go through it too.
    pub fn normalizer(&self) -> &Normalizer<'r> {
        self.root.normalizer()
    }

    /// Whether every piece came inside the module.
    pub fn is_embedded(&self) -> bool {
        self.embedded
    }

    /// Bytes of the pieces fetched and kept now.
    pub fn loaded_bytes(&self) -> usize {
        self.fetched.iter().map(|(_, size)| size).sum()
    }

    /// Whether every piece is loaded (an embedded index always is).
    pub fn is_complete(&self) -> bool {
        self.missing_pieces().next().is_none()
    }

    /// The pieces not loaded now.
    pub fn missing_pieces(&self) -> impl Iterator<Item = PieceRef> + '_ {
        self.root
            .pieces()
            .filter(|(id, _)| !self.is_loaded(*id))
            .map(|(_, piece)| piece)
    }

    /// Whether piece `id` is loaded.
    pub fn is_loaded(&self, id: PieceId) -> bool {
        match id {
            PieceId::Terms(n) => self.terms.get(n).is_some_and(Option::is_some),
            PieceId::Docs(n) => self.docs.get(n).is_some_and(Option::is_some),
            PieceId::Phonetic => self.phonetic.is_some(),
        }
    }

    /// Keeps at most `bytes` of fetched pieces (at least the newest one).
    pub fn set_cache_limit(&mut self, bytes: usize) {
        self.cache_limit = bytes;
    }

    /// [`Error::NotLoaded`] naming every piece of `ids` that is not loaded, or `Ok`.
    pub fn require(&self, ids: impl IntoIterator<Item = PieceId>) -> Result<()> {
        let mut missing: Vec<PieceRef> = Vec::new();
        for id in ids {
            if let (false, Some(piece)) = (self.is_loaded(id), self.root.piece(id)) {
                if !missing.contains(&piece) {
                    missing.push(piece);
                }
            }
        }
        if missing.is_empty() {
            Ok(())
        } else {
            Err(Error::NotLoaded(missing))
        }
    }

    /// Loads the piece the root names `name` from its fetched bytes, after checking that they
    /// are whole, that they are the bytes the root names (their hash) and their version.
    pub fn load(&mut self, name: &str, bytes: Vec<u8>) -> Result<PieceId> {
        let problem = |problem: String| Error::Piece {
            name: name.to_string(),
            problem,
        };
        let (id, reference) = self.root.piece_named(name).ok_or_else(|| {
            problem("this index names no such piece (is it from another build?)".to_string())
        })?;
        if bytes.len() != reference.len as usize {
            return Err(problem(format!(
                "it is truncated or padded: {} bytes where {} were expected",
                bytes.len(),
                reference.len
            )));
        }
        if format::fnv64(&bytes) != reference.hash {
            return Err(problem(
                "its bytes do not match its hash: it was damaged on the way".to_string(),
            ));
        }
        if !self.is_loaded(id) {
            let size = bytes.len();
            self.install(id, reference, Bytes::shared(bytes))?;
            self.fetched.push((id, size));
            self.evict(id);
        }
        Ok(id)
    }

    /// Loads piece `id` from bytes that skip the length and hash checks: what a piece whose hash
    /// was forged would do. For the fuzz targets, which must reach the decoders behind the check.
    #[doc(hidden)]
    pub fn load_unchecked(&mut self, id: PieceId, bytes: Vec<u8>) -> Result<()> {
        let reference = self
            .root
            .piece(id)
            .ok_or(Error::Format(FormatError::Corrupt("no such piece")))?;
        self.install(id, reference, Bytes::shared(bytes))
    }

    /// The bytes compiled into this build: a PACK.
    pub fn compiled_bytes() -> &'static [u8] {
        EMBEDDED
    }

    /// Drops the oldest fetched pieces while they take more than the cache limit, never `keep`.
    fn evict(&mut self, keep: PieceId) {
        let mut total: usize = self.fetched.iter().map(|(_, size)| size).sum();
        let mut n = 0;
        while total > self.cache_limit && n < self.fetched.len() {
            let (id, size) = self.fetched[n];
            if id == keep {
                n += 1;
                continue;
            }
            match id {
                PieceId::Terms(i) => self.terms[i] = None,
                PieceId::Docs(i) => self.docs[i] = None,
                PieceId::Phonetic => self.phonetic = None,
            }
            self.fetched.remove(n);
            total -= size;
        }
    }

    fn install(&mut self, id: PieceId, reference: PieceRef, bytes: Bytes<'r>) -> Result<()> {
        let corrupt = |what| Error::Format(FormatError::Corrupt(what));
        let sections = format::decode(bytes.as_ref(), reference.kind)?;
        let section = |n: usize| bytes.section(sections.get(n).copied().unwrap_or(&[]));
        match id {
            PieceId::Terms(n) => {
                let piece = TermPiece {
                    dictionary: section(terms::TERMS),
                    postings: section(terms::POSTINGS),
                };
                piece.terms()?;
                *self.terms.get_mut(n).ok_or(corrupt("a term piece"))? = Some(piece);
            }
            PieceId::Docs(n) => {
                let meta = section(docs::META);
                let first_doc = format::read_u32(meta.as_ref(), 0, "a document piece")?;
                let count = format::read_u32(meta.as_ref(), 4, "a document piece")?;
                let records = section(docs::DOCS);
                let expected_first = self.root.first_doc_of(n);
                if first_doc != expected_first
                    || records.as_ref().len() != count as usize * format::DOC_RECORD_BYTES
                {
                    return Err(corrupt("a document piece does not match the directory"));
                }
                let piece = DocPiece {
                    first_doc,
                    count,
                    records,
                    strings: section(docs::STRINGS),
                    boundaries: section(docs::BOUNDARIES),
                };
                *self.docs.get_mut(n).ok_or(corrupt("a document piece"))? = Some(piece);
            }
            PieceId::Phonetic => {
                let pinyin = section(phonetic::PINYIN);
                fst::Set::new(pinyin.as_ref()).map_err(|_| corrupt("the pinyin keys"))?;
                let readings = section(phonetic::READINGS);
                std::str::from_utf8(readings.as_ref())
                    .map_err(|_| corrupt("the character readings are not UTF-8"))?;
                self.phonetic = Some(PhoneticPiece { pinyin, readings });
            }
        }
        Ok(())
    }

    fn term_piece(&self, n: usize) -> Result<Option<&TermPiece<'r>>> {
        if n >= self.terms.len() {
            return Ok(None);
        }
        self.require([PieceId::Terms(n)])?;
        Ok(self.terms[n].as_ref())
    }

    /// The TERMS pieces a search over these runs of characters reads, all asked for at once: for
    /// each character, the pieces from its own postings to those of the longest vocabulary word
    /// that could start there (the terms that are prefixes of the rest of its run). With
    /// `phonetic`, the PHONETIC piece too. Asking for them together saves round trips.
    pub fn require_text<R: AsRef<[char]>>(
        &self,
        runs: impl IntoIterator<Item = R>,
        phonetic: bool,
    ) -> Result<()> {
        let mut ids = Vec::new();
        for run in runs {
            let run = run.as_ref();
            for start in 0..run.len() {
                let first = run[start].encode_utf8(&mut [0; 4]).as_bytes().to_vec();
                let longest: String = run[start..].iter().take(MAX_WORD_CHARS).collect();
                let (from, to) = (
                    self.root.term_piece_for(&first),
                    self.root.term_piece_for(longest.as_bytes()),
                );
                ids.extend((from..=to).map(PieceId::Terms));
            }
        }
        if phonetic {
            ids.push(PieceId::Phonetic);
        }
        crate::order::sort_dedup(&mut ids);
        self.require(ids)
    }

    /// The TERMS pieces that hold these terms (or would), all asked for at once.
    pub fn require_terms<'t>(&self, terms: impl IntoIterator<Item = &'t str>) -> Result<()> {
        let ids = terms
            .into_iter()
            .map(|term| PieceId::Terms(self.root.term_piece_for(term.as_bytes())));
        self.require(ids)
    }

    fn postings_at(&self, term: &str) -> Result<Option<(&TermPiece<'r>, usize)>> {
        let Some(piece) = self.term_piece(self.root.term_piece_for(term.as_bytes()))? else {
            return Ok(None);
        };
        match piece.terms()?.get(term) {
            None => Ok(None),
            Some(offset) => {
                let offset = usize::try_from(offset)
                    .map_err(|_| FormatError::Corrupt("a term points outside the postings"))?;
                Ok(Some((piece, offset)))
            }
        }
    }

    /// The postings of a normalized term, or `None` when no document has it.
    pub fn postings(&self, term: &str) -> Result<Option<List>> {
        self.postings_head(term, usize::MAX)
    }

    /// The first `max_docs` documents of a term's postings, or `None` when no document has it.
    pub fn postings_head(&self, term: &str, max_docs: usize) -> Result<Option<List>> {
        match self.postings_at(term)? {
            None => Ok(None),
            Some((piece, offset)) => Ok(Some(postings::decode_postings(
                piece.postings.as_ref(),
                offset,
                max_docs,
            )?)),
        }
    }

    /// A term's postings in the documents `docs` (ascending) only, or `None` when no document
    /// has the term.
    pub fn postings_within(&self, term: &str, docs: &[u32]) -> Result<Option<List>> {
        match self.postings_at(term)? {
            None => Ok(None),
            Some((piece, offset)) => Ok(Some(postings::decode_postings_within(
                piece.postings.as_ref(),
                offset,
                docs,
            )?)),
        }
    }

    /// How many documents contain a normalized term (0 when none does).
    pub fn doc_freq(&self, term: &str) -> Result<u32> {
        match self.postings_at(term)? {
            None => Ok(0),
            Some((piece, mut offset)) => {
                Ok(format::read_varint(piece.postings.as_ref(), &mut offset)?)
            }
        }
    }

    /// The lengths (in characters, ascending) of the terms that are prefixes of `chars`, up to
    /// `max_chars` long.
    pub fn term_lengths_prefixing(&self, chars: &[char], max_chars: usize) -> Result<Vec<usize>> {
        let Some(&first) = chars.first() else {
            return Ok(Vec::new());
        };
        let longest: String = chars.iter().take(max_chars).collect();
        let start = self
            .root
            .term_piece_for(first.encode_utf8(&mut [0; 4]).as_bytes());
        let end = self.root.term_piece_for(longest.as_bytes());
        self.require((start..=end).map(PieceId::Terms))?;
        let mut lengths = Vec::new();
        for n in start..=end {
            if let Some(piece) = self.term_piece(n)? {
                lengths.extend(
                    keys_prefixing(&piece.terms()?, chars, max_chars)
                        .into_iter()
                        .map(|(len, _)| len),
                );
            }
        }
        crate::order::sort_dedup(&mut lengths);
        Ok(lengths)
    }

    /// The terms that start with `prefix`, in order, at most `max`.
    pub fn terms_with_prefix(&self, prefix: &[u8], max: usize) -> Result<Vec<Vec<u8>>> {
        let range = self.root.term_pieces_for_prefix(prefix);
        self.require(range.clone().map(PieceId::Terms))?;
        let mut keys = Vec::new();
        for n in range {
            if let Some(piece) = self.term_piece(n)? {
                keys.extend(keys_with_prefix(
                    piece.terms()?.as_fst(),
                    prefix,
                    max - keys.len(),
                ));
            }
        }
        Ok(keys)
    }

    /// The pinyin keys (see `phonetic.rs`).
    pub fn pinyin(&self) -> Result<fst::Set<&[u8]>> {
        self.require([PieceId::Phonetic])?;
        let piece = self.phonetic.as_ref();
        let piece = piece.ok_or(Error::Format(FormatError::Corrupt(
            "a loaded piece is missing",
        )))?;
        fst::Set::new(piece.pinyin.as_ref())
            .map_err(|_| Error::Format(FormatError::Corrupt("the pinyin keys")))
    }

    /// Corpus and common characters by reading (see `phonetic.rs`).
    pub fn readings(&self) -> Result<&str> {
        self.require([PieceId::Phonetic])?;
        let piece = self
            .phonetic
            .as_ref()
            .ok_or(Error::Format(FormatError::Corrupt(
                "a loaded piece is missing",
            )))?;
        std::str::from_utf8(piece.readings.as_ref())
            .map_err(|_| Error::Format(FormatError::Corrupt("the character readings")))
    }

    /// Example queries chosen at build time.
    pub fn examples(&self) -> &[&'r str] {
        self.root.examples()
    }

    fn doc_piece(&self, doc: DocId) -> Result<&DocPiece<'r>> {
        let n = self.root.doc_piece_for(doc).ok_or_else(|| {
            Error::InvalidArgument(format!("document number {doc} is out of range"))
        })?;
        self.require([PieceId::Docs(n)])?;
        self.docs
            .get(n)
            .and_then(Option::as_ref)
            .ok_or(Error::Format(FormatError::Corrupt(
                "a loaded piece is missing",
            )))
    }

    /// The DOCS pieces that hold these documents, all asked for at once.
    pub fn require_documents(&self, docs: impl IntoIterator<Item = DocId>) -> Result<()> {
        self.require(
            docs.into_iter()
                .filter_map(|doc| self.root.doc_piece_for(doc))
                .map(PieceId::Docs),
        )
    }

    /// Document number `doc`.
    pub fn document(&self, doc: DocId) -> Result<Document<'_>> {
        self.doc_piece(doc)?.document(doc)
    }

    /// The document with this id.
    pub fn find_document(&self, id: &str) -> Result<DocId> {
        let unknown = || Error::UnknownDocument(id.to_string());
        let (n, first_doc) = self.root.doc_piece_for_id(id).ok_or_else(unknown)?;
        self.require([PieceId::Docs(n)])?;
        let count = self
            .docs
            .get(n)
            .and_then(Option::as_ref)
            .map_or(0, |p| p.count);
        // Documents are stored in id order.
        let (mut low, mut high) = (first_doc, first_doc + count);
        while low < high {
            let middle = low + (high - low) / 2;
            match self.document(middle)?.id.cmp(id) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return Ok(middle),
            }
        }
        Err(unknown())
    }
}

/// Keys of an fst that start with `prefix`, in order, at most `max`.
pub fn keys_with_prefix(fst: &fst::raw::Fst<&[u8]>, prefix: &[u8], max: usize) -> Vec<Vec<u8>> {
    use fst::{IntoStreamer, Streamer};
    let mut keys = Vec::new();
    let mut stream = fst.range().ge(prefix).into_stream();
    while let Some((key, _)) = stream.next() {
        if !key.starts_with(prefix) || keys.len() >= max {
            break;
        }
        keys.push(key.to_vec());
    }
    keys
}
