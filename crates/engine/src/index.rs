//! [`Index`]: the root and the pieces loaded so far, read zero-copy.
//!
//! Search reads terms, postings and documents through the methods here. A method that needs a
//! piece that is not loaded returns [`Error::NotLoaded`] naming it: the caller (the loading layer,
//! `load.rs`, or the page's JS) fetches the pieces, hands them to [`Index::load`], and asks again.
//! Search itself never waits and never answers from less than it needs.
//!
//! ```ignore
//! let index = sousuo::embedded_index().unwrap();
//! let doc = index.find_document("001_9fc454ccbfdced76").unwrap();
//! assert!(index.document(doc).unwrap().title.contains("醫藥高新區"));
//! ```
//!
//! (Not run here: it needs an index, which the wasm crate embeds; `tests/` search it so.)

use crate::analyzer::Normalizer;
use crate::bytes::Bytes;
use crate::document::DocPiece;
pub use crate::document::{DocId, Document};
use crate::error::{Error, Missing, Result};
use crate::filters::FilterPiece;
use crate::format::PieceRef;
use crate::format::{self, body, docs, filters, ids, phonetic, pinyin, terms, FormatError, Kind};
use crate::postings::ListCode;
use crate::regional::Regional;
use crate::root::{PieceId, Root};

mod documents;
mod lookups;
mod named;
use named::NamedByPhonetic;

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
    /// How its lists write their document steps and positions.
    code: ListCode,
}

impl TermPiece<'_> {
    fn terms(&self) -> Result<fst::Map<&[u8]>> {
        fst::Map::new(self.dictionary.as_ref())
            .map_err(|_| Error::Format(FormatError::Corrupt("a term dictionary")))
    }
}

struct PhoneticPiece {
    /// Checked to be UTF-8 once, when loaded: a query with letters reads it many times.
    readings: Box<str>,
    /// Each syllable's initial, by syllable number: what a sound gram's key starts with.
    initials: Box<[char]>,
}

/// The searchable index: the root, and the pieces loaded so far.
pub struct Index<'r> {
    root: Root<'r>,
    terms: Vec<Option<TermPiece<'r>>>,
    /// What a PHONETIC piece names, once one was loaded (kept when it is dropped).
    named: Option<NamedByPhonetic>,
    /// The sound grams' TERMS pieces, as many as `named` names.
    sounds: Vec<Option<TermPiece<'r>>>,
    /// PINYIN pieces: fsts from spelling and word to the word's doc_freq.
    pinyin: Vec<Option<Bytes<'r>>>,
    docs: Vec<Option<DocPiece<'r>>>,
    phonetic: Option<PhoneticPiece>,
    /// IDS pieces: the first id of each DOCS piece (`format::IdRun`).
    ids: Vec<Option<Bytes<'r>>>,
    filters: Option<FilterPiece>,
    /// BODY pieces by hash, ascending: slices of long documents' bodies, as UTF-8.
    bodies: Vec<(u64, Bytes<'r>)>,
    /// Fetched pieces in the order they came, with their sizes: the oldest go first.
    fetched: Vec<(PieceId, usize)>,
    cache_limit: usize,
    embedded: bool,
    /// The sound patterns read lately, merged: typing initials one by one reads the same ones
    /// again, and merging hundreds of lists costs more than reading one.
    patterns: std::sync::Mutex<lookups::PatternCache>,
}

impl<'r> Index<'r> {
    /// Reads an index from a PACK: its root, and any pieces that travel with it.
    pub fn from_bytes(pack: &'r [u8]) -> Result<Index<'r>> {
        let sections = format::decode(pack, Kind::Pack)?;
        let (&root_bytes, pieces) = sections
            .split_first()
            .ok_or(Error::Format(FormatError::Corrupt("a pack without a root")))?;
        let root = Root::from_bytes(root_bytes)?;
        let (term_pieces, doc_pieces, id_pieces) = root.piece_counts();
        let mut index = Index {
            root,
            terms: (0..term_pieces).map(|_| None).collect(),
            named: None,
            sounds: Vec::new(),
            pinyin: Vec::new(),
            docs: (0..doc_pieces).map(|_| None).collect(),
            phonetic: None,
            ids: (0..id_pieces).map(|_| None).collect(),
            filters: None,
            bodies: Vec::new(),
            fetched: Vec::new(),
            cache_limit: DEFAULT_CACHE_BYTES,
            embedded: false,
            patterns: Default::default(),
        };
        // The root's pieces come first, then those the PHONETIC and DOCS pieces name.
        for &piece in pieces {
            let hash = format::piece_identity(piece);
            let named = index.root.pieces().find(|(_, r)| r.hash == hash);
            let (id, reference) = match named {
                Some(named) => named,
                None => index.named_by_pieces(hash, None)?.ok_or(Error::Format(
                    FormatError::Corrupt("the pack holds a piece its index does not name"),
                ))?,
            };
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
    pub(crate) fn term_count(&self) -> u32 {
        self.root.term_count()
    }

    /// Mean characters per document (title and body).
    pub(crate) fn average_doc_chars(&self) -> f32 {
        self.root.average_doc_chars()
    }

    /// The normalizer that built this index: queries must go through it too.
    pub fn normalizer(&self) -> &Normalizer<'r> {
        self.root.normalizer()
    }

    /// Regional words and their counterparts.
    pub(crate) fn regional(&self) -> &Regional<'r> {
        self.root.regional()
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
    pub(crate) fn is_complete(&self) -> bool {
        self.missing_pieces().next().is_none()
    }

    /// The pieces not loaded now: the root's, those a loaded PHONETIC piece names, and the BODY
    /// pieces of the DOCS pieces loaded (those of the others are known once they are).
    pub fn missing_pieces(&self) -> impl Iterator<Item = PieceRef> + '_ {
        self.known_pieces()
            .filter(|(id, _)| !self.is_loaded(*id))
            .map(|(_, piece)| piece)
    }

    /// The pieces known now: the root's, those a loaded PHONETIC piece names, and
    /// the BODY pieces of the DOCS pieces loaded.
    pub fn known_pieces(&self) -> impl Iterator<Item = (PieceId, PieceRef)> + '_ {
        let mut pieces = Vec::new();
        self.root.add_pieces(&mut pieces);
        if let Some(named) = &self.named {
            named.add_pieces(&mut pieces);
        }
        for piece in self.docs.iter().flatten() {
            for chunk in piece.all_chunks().unwrap_or_default() {
                pieces.push((PieceId::Body(chunk.piece.hash), chunk.piece));
            }
        }
        pieces.into_iter()
    }

    /// The piece with this hash (and file name, when given) that a loaded piece names: a sound
    /// grams' TERMS piece or a PINYIN piece, or a BODY piece.
    fn named_by_pieces(
        &self,
        hash: u64,
        name: Option<&str>,
    ) -> Result<Option<(PieceId, PieceRef)>> {
        let is_it =
            |piece: &PieceRef| piece.hash == hash && name.is_none_or(|name| piece.name() == name);
        if let Some(named) = &self.named {
            let mut pieces = Vec::new();
            named.add_pieces(&mut pieces);
            for (id, piece) in pieces {
                if is_it(&piece) {
                    return Ok(Some((id, piece)));
                }
            }
        }
        for piece in self.docs.iter().flatten() {
            for chunk in piece.all_chunks()? {
                if is_it(&chunk.piece) {
                    return Ok(Some((PieceId::Body(hash), chunk.piece)));
                }
            }
        }
        Ok(None)
    }

    /// The text of a loaded BODY piece.
    fn body_piece(&self, hash: u64) -> Option<&str> {
        let n = self.bodies.binary_search_by_key(&hash, |(h, _)| *h).ok()?;
        // Checked to be UTF-8 when it was loaded.
        std::str::from_utf8(self.bodies[n].1.as_ref()).ok()
    }

    /// Whether piece `id` is loaded.
    pub fn is_loaded(&self, id: PieceId) -> bool {
        match id {
            PieceId::Terms(n) => self.terms.get(n).is_some_and(Option::is_some),
            PieceId::Sounds(n) => self.sounds.get(n).is_some_and(Option::is_some),
            PieceId::Pinyin(n) => self.pinyin.get(n).is_some_and(Option::is_some),
            PieceId::Docs(n) => self.docs.get(n).is_some_and(Option::is_some),
            PieceId::Phonetic => self.phonetic.is_some(),
            PieceId::Ids(n) => self.ids.get(n).is_some_and(Option::is_some),
            PieceId::Filters => self.filters.is_some(),
            PieceId::Body(hash) => self.bodies.binary_search_by_key(&hash, |(h, _)| *h).is_ok(),
        }
    }

    /// The filter values and sort keys: `Ok(None)` when the index has none, and
    /// [`Error::NotLoaded`] when it has them but they are not loaded.
    pub(crate) fn filters(&self) -> Result<Option<&FilterPiece>> {
        if !self.root.has_filters() {
            return Ok(None);
        }
        self.require([PieceId::Filters])?;
        Ok(self.filters.as_ref())
    }

    /// Keeps at most `bytes` of fetched pieces (at least the newest one).
    pub fn set_cache_limit(&mut self, bytes: usize) {
        self.cache_limit = bytes;
    }

    /// The piece `id` is, or for one the PHONETIC piece names while no PHONETIC piece has been
    /// loaded, that piece (the caller asks again once it is).
    fn piece_to_load(&self, id: PieceId) -> Option<PieceRef> {
        match (id, &self.named) {
            (PieceId::Sounds(_) | PieceId::Pinyin(_), Some(named)) => named.piece(id),
            (PieceId::Sounds(_) | PieceId::Pinyin(_), None) => self.root.piece(PieceId::Phonetic),
            _ => self.root.piece(id),
        }
    }

    /// [`Error::NotLoaded`] naming every piece of `ids` that is not loaded, or `Ok`.
    pub(crate) fn require(&self, ids: impl IntoIterator<Item = PieceId>) -> Result<()> {
        let mut missing = Missing::default();
        for id in ids {
            if let (false, Some(piece)) = (self.is_loaded(id), self.piece_to_load(id)) {
                missing.add(piece);
            }
        }
        missing.check()
    }

    /// Loads the piece the root names `name` from its fetched bytes, after checking that they
    /// are whole, that they are the bytes the root names (their hash) and their version.
    pub fn load(&mut self, name: &str, bytes: Vec<u8>) -> Result<PieceId> {
        let (id, reference) = self.checked(name, &bytes)?;
        if !self.is_loaded(id) {
            let size = bytes.len();
            self.install(id, reference, Bytes::shared(bytes))?;
            self.fetched.push((id, size));
            self.evict(id);
        }
        Ok(id)
    }

    /// Checks fetched bytes as [`Index::load`] does (their hash, then their version), and keeps
    /// nothing: how a download of the whole index for offline use knows that what it fetched is
    /// this index.
    pub fn check(&self, name: &str, bytes: &[u8]) -> Result<()> {
        let (_, reference) = self.checked(name, bytes)?;
        // The bytes the build wrote; their header says whether this engine reads their version.
        format::decode(bytes, reference.kind)?;
        Ok(())
    }

    /// The piece `name` is, once its bytes are known to be the ones the index names.
    fn checked(&self, name: &str, bytes: &[u8]) -> Result<(PieceId, PieceRef)> {
        let problem = |problem: String| Error::Piece {
            name: name.to_string(),
            problem,
        };
        let hash = name
            .get(2..2 + 2 * format::HASH_BYTES)
            .and_then(|hex| u64::from_str_radix(hex, 16).ok());
        let named_by_pieces = match hash {
            Some(hash)
                if name.starts_with([
                    Kind::Body.letter(),
                    Kind::Terms.letter(),
                    Kind::Pinyin.letter(),
                ]) =>
            {
                self.named_by_pieces(hash, Some(name))?
            }
            _ => None,
        };
        let named = self.root.piece_named(name).or(named_by_pieces);
        let (id, reference) = named.ok_or_else(|| {
            problem("this index names no such piece (is it from another build?)".to_string())
        })?;
        if format::piece_identity(bytes) != reference.hash {
            return Err(problem(match format::declared_len(bytes) {
                Some(len) if len == bytes.len() => {
                    "its bytes do not match its hash: it was damaged on the way".to_string()
                }
                Some(len) => format!(
                    "it is truncated or padded: {} bytes where its header says {len}",
                    bytes.len()
                ),
                None => format!("it is truncated: {} bytes, not even a header", bytes.len()),
            }));
        }
        Ok((id, reference))
    }

    /// Loads piece `id` from bytes that skip the hash check: what a piece whose hash
    /// was forged would do. For the fuzz targets, which must reach the decoders behind the check.
    #[doc(hidden)]
    pub fn load_unchecked(&mut self, id: PieceId, bytes: Vec<u8>) -> Result<()> {
        let reference = self
            .piece_to_load(id)
            .filter(|piece| match id {
                PieceId::Sounds(_) => piece.kind == Kind::Terms,
                PieceId::Pinyin(_) => piece.kind == Kind::Pinyin,
                _ => true,
            })
            .ok_or(Error::Format(FormatError::Corrupt("no such piece")))?;
        self.install(id, reference, Bytes::shared(bytes))
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
                PieceId::Sounds(i) => self.sounds[i] = None,
                PieceId::Pinyin(i) => self.pinyin[i] = None,
                PieceId::Docs(i) => self.docs[i] = None,
                PieceId::Phonetic => self.phonetic = None,
                PieceId::Ids(i) => self.ids[i] = None,
                PieceId::Filters => self.filters = None,
                PieceId::Body(hash) => self.bodies.retain(|(h, _)| *h != hash),
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
            PieceId::Terms(n) | PieceId::Sounds(n) => {
                let codes = sections.get(terms::CODES).copied().unwrap_or_default();
                let piece = TermPiece {
                    dictionary: section(terms::TERMS),
                    postings: section(terms::POSTINGS),
                    code: match codes {
                        [code] => ListCode::of_byte(*code)?,
                        _ => return Err(corrupt("a piece's lists are in no known code")),
                    },
                };
                piece.terms()?;
                let pieces = match id {
                    PieceId::Terms(_) => &mut self.terms,
                    _ => &mut self.sounds,
                };
                *pieces.get_mut(n).ok_or(corrupt("a term piece"))? = Some(piece);
            }
            PieceId::Docs(n) => {
                let piece = self.read_doc_piece(n, &section)?;
                *self.docs.get_mut(n).ok_or(corrupt("a document piece"))? = Some(piece);
            }
            PieceId::Pinyin(n) => {
                let keys = section(pinyin::KEYS);
                fst::Map::new(keys.as_ref()).map_err(|_| corrupt("the pinyin keys"))?;
                *self.pinyin.get_mut(n).ok_or(corrupt("a pinyin piece"))? = Some(keys);
            }
            PieceId::Phonetic => self.install_phonetic(&section)?,
            PieceId::Ids(n) => {
                let ids = section(ids::IDS);
                let run = format::IdRun::decode(ids.as_ref())?;
                let end = (run.first_piece as usize).checked_add(run.first_ids.len());
                if end.is_none_or(|end| end > self.docs.len()) {
                    return Err(corrupt("an id piece names DOCS pieces the index lacks"));
                }
                *self.ids.get_mut(n).ok_or(corrupt("an id piece"))? = Some(ids);
            }
            PieceId::Body(hash) => {
                let text = section(body::TEXT);
                std::str::from_utf8(text.as_ref())
                    .map_err(|_| corrupt("a slice of a document is not UTF-8"))?;
                if let Err(at) = self.bodies.binary_search_by_key(&hash, |(h, _)| *h) {
                    self.bodies.insert(at, (hash, text));
                }
            }
            PieceId::Filters => {
                let piece = FilterPiece::decode(
                    section(filters::FILTERS).as_ref(),
                    section(filters::SORTS).as_ref(),
                    self.root.doc_count(),
                )?;
                self.filters = Some(piece);
            }
        }
        Ok(())
    }

    /// A DOCS piece from its sections, checked against the directory.
    fn read_doc_piece(
        &self,
        n: usize,
        section: &dyn Fn(usize) -> Bytes<'r>,
    ) -> Result<DocPiece<'r>> {
        let corrupt = |what| Error::Format(FormatError::Corrupt(what));
        let format::DocsMeta { first_doc, count } =
            format::DocsMeta::decode(section(docs::META).as_ref())?;
        if first_doc != self.root.first_doc_of(n) {
            return Err(corrupt("a document piece does not match the directory"));
        }
        let strings = section(docs::STRINGS);
        let records = section(docs::DOCS);
        let records =
            format::DocRecord::decode_all(records.as_ref(), count, strings.as_ref().len())?;
        let chunks = section(docs::CHUNKS);
        let extras = section(docs::EXTRAS);
        let bundle = section(docs::BODIES);
        let bundle = match bundle.as_ref() {
            [] => None,
            hash => Some(format::decode_hash(hash, &mut 0)?),
        };
        let table = (count as usize + 1) * 4;
        let extras_len = format::read_u32(extras.as_ref(), table - 4, "a document piece")?;
        if extras.as_ref().len() != table + extras_len as usize {
            return Err(corrupt(
                "a document piece's extras do not match their table",
            ));
        }
        let piece = DocPiece {
            first_doc,
            records,
            strings,
            chunks,
            bundle,
            extras,
        };
        piece.all_chunks()?;
        Ok(piece)
    }

    /// The PHONETIC piece: its readings, and the first time, the pieces it names.
    fn install_phonetic(&mut self, section: &dyn Fn(usize) -> Bytes<'r>) -> Result<()> {
        let readings = section(phonetic::READINGS);
        let readings: Box<str> = std::str::from_utf8(readings.as_ref())
            .map_err(|_| {
                Error::Format(FormatError::Corrupt("the character readings are not UTF-8"))
            })?
            .into();
        if self.named.is_none() {
            let named = NamedByPhonetic::read(
                section(phonetic::SOUND_DIR).as_ref(),
                section(phonetic::PINYIN_DIR).as_ref(),
            )?;
            self.sounds = (0..named.sounds.len()).map(|_| None).collect();
            self.pinyin = (0..named.pinyin.len()).map(|_| None).collect();
            self.named = Some(named);
        }
        let initials = crate::phonetic::syllable_initials(&readings).into();
        self.phonetic = Some(PhoneticPiece { readings, initials });
        Ok(())
    }
}
