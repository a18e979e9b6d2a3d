//! What search reads from the index: terms and their postings, documents by number or id, the
//! pinyin keys and readings. Each read names the pieces it needs when they are not loaded.

use super::{DocId, Index, TermPiece, MAX_WORD_CHARS};
use crate::analyzer::keys_prefixing;
use crate::error::{Error, Result};
use crate::format::{self, FormatError};
use crate::grams::{covering, covering_with, term_key};
use crate::phonetic::{self, is_sound_key, is_sounded};
use crate::postings::{Counted, List, ListAt};
use crate::root::{piece_holding, pieces_holding_prefix, PieceId};

impl<'r> Index<'r> {
    /// The TERMS piece that would hold `key`: a sound gram's is named by the PHONETIC piece, so
    /// until that has been loaded this is the PHONETIC piece (asked for, it is loaded, and the
    /// key's piece is known on the next try).
    fn term_piece_id(&self, key: &[u8]) -> PieceId {
        if !is_sound_key(key) {
            return PieceId::Terms(self.root.term_piece_for(key));
        }
        match &self.named {
            Some(named) => PieceId::Sounds(piece_holding(&named.sounds, key)),
            None => PieceId::Phonetic,
        }
    }

    /// A loaded TERMS piece, or [`Error::NotLoaded`]; `None` when the index has no such piece
    /// (no term at all).
    fn term_piece(&self, id: PieceId) -> Result<Option<&TermPiece<'r>>> {
        self.require([id])?;
        match id {
            PieceId::Terms(n) => Ok(self.terms.get(n).and_then(Option::as_ref)),
            PieceId::Sounds(n) => Ok(self.sounds.get(n).and_then(Option::as_ref)),
            _ => Err(Error::Format(FormatError::Corrupt(
                "a term's piece is not a TERMS piece",
            ))),
        }
    }

    /// The TERMS pieces a search over these runs of characters reads, all asked for at once: the
    /// grams that cover each run, and for each character the pieces of the vocabulary words that
    /// could start there (the terms that are prefixes of the rest of its run). With `phonetic`,
    /// the PHONETIC piece too. Asking for them together saves round trips.
    pub(crate) fn require_text<R: AsRef<[char]>>(
        &self,
        runs: impl IntoIterator<Item = R>,
        phonetic: bool,
    ) -> Result<()> {
        let mut ids = Vec::new();
        for run in runs {
            self.run_pieces(run.as_ref(), &mut ids);
        }
        if phonetic {
            ids.push(PieceId::Phonetic);
        }
        crate::order::sort_dedup(&mut ids);
        self.require(ids)
    }

    /// The TERMS pieces of the grams that cover these runs, all asked for at once: what matching
    /// runs by their grams reads ("did you mean" checking its candidates), without the pieces of
    /// the vocabulary words that a segmentation would read, which lie all over the dictionary.
    pub(crate) fn require_grams<R: AsRef<[char]>>(
        &self,
        runs: impl IntoIterator<Item = R>,
    ) -> Result<()> {
        self.require_grams_and_keys(runs, std::iter::empty())
    }

    /// [`Index::require_grams`], and the TERMS pieces of these keys too, in the same round.
    pub(crate) fn require_grams_and_keys<'k, R: AsRef<[char]>>(
        &self,
        runs: impl IntoIterator<Item = R>,
        keys: impl IntoIterator<Item = &'k str>,
    ) -> Result<()> {
        let mut ids = Vec::new();
        for run in runs {
            self.gram_pieces(run.as_ref(), &mut ids);
        }
        for key in keys {
            self.key_pieces(key, &mut ids);
        }
        crate::order::sort_dedup(&mut ids);
        self.require(ids)
    }

    /// Adds the pieces of one run to `ids`: the body of [`Index::require_text`], apart so that
    /// each type of runs instantiates only its loop.
    fn run_pieces(&self, run: &[char], ids: &mut Vec<PieceId>) {
        self.gram_pieces(run, ids);
        // A run of two characters is segmented without the vocabulary (`words::segment`),
        // and a run of sounds never is.
        if run.len() > 2 && !is_sounded(run.iter().copied()) {
            for start in 0..run.len() {
                ids.extend(self.word_pieces(&run[start..]).map(PieceId::Terms));
            }
        }
    }

    /// Adds the pieces of the grams that find `run` to `ids`; for a run of sounds, the PHONETIC
    /// piece until it is loaded ([`Index::run_grams`]).
    fn gram_pieces(&self, run: &[char], ids: &mut Vec<PieceId>) {
        match self.run_grams(run) {
            Ok(grams) => {
                for (_, gram) in grams {
                    self.key_pieces(&gram, ids);
                }
            }
            Err(_) => ids.push(PieceId::Phonetic),
        }
    }

    /// Adds the pieces that hold `key` to `ids`: a sound pattern's are every piece its range of
    /// keys spans, and so are a single character's (the lists that place it).
    fn key_pieces(&self, key: &str, ids: &mut Vec<PieceId>) {
        // A quoted gap reads the range of the character before it, as the character itself does.
        let own = format::separated_key(key.as_bytes()).unwrap_or(key.as_bytes());
        if format::is_char_gram(own) {
            let range = self.root.term_pieces_for_prefix(own);
            return ids.extend(range.map(PieceId::Terms));
        }
        match (phonetic::sound_pattern(key), &self.named) {
            (Some((prefix, _)), Some(named)) => ids.extend(
                pieces_holding_prefix(&named.sounds, prefix.as_bytes()).map(PieceId::Sounds),
            ),
            _ => ids.push(self.term_piece_id(key.as_bytes())),
        }
    }

    /// The grams that find a run, with their offsets ([`covering`]). A run of sounds needs each
    /// syllable's initial, from the readings (`phonetic::sound_gram_key`).
    pub(crate) fn run_grams(&self, run: &[char]) -> Result<Vec<(usize, String)>> {
        if !is_sounded(run.iter().copied()) {
            return Ok(covering(run));
        }
        let initials = self.syllable_initials()?;
        Ok(covering_with(run, |pair| {
            phonetic::sound_gram_key(initials, pair)
        }))
    }

    /// The TERMS pieces that hold the vocabulary words that could start `chars`: from its first
    /// two characters to its longest prefix a word may be.
    fn word_pieces(&self, chars: &[char]) -> std::ops::RangeInclusive<usize> {
        if chars.len() < 2 {
            // No piece: an empty range, as the caller iterates it.
            #[allow(clippy::reversed_empty_ranges)]
            return 1..=0;
        }
        let shortest: String = chars[..2].iter().collect();
        let longest: String = chars.iter().take(MAX_WORD_CHARS).collect();
        self.root.term_piece_for(shortest.as_bytes())..=self.root.term_piece_for(longest.as_bytes())
    }

    /// The TERMS pieces that hold these terms (or would), all asked for at once.
    pub(crate) fn require_terms<'t>(&self, terms: impl IntoIterator<Item = &'t str>) -> Result<()> {
        let ids = terms
            .into_iter()
            .map(|term| self.term_piece_id(term_key(term).as_bytes()));
        self.require(ids)
    }

    /// Where the lists a term reads start: its own, or, for a sound pattern, those of every key
    /// in its range (loading every piece of the range at once).
    fn postings_at(&self, term: &str) -> Result<Located<'_, 'r>> {
        let key = term_key(term);
        if let Some((prefix, second)) = phonetic::sound_pattern(&key) {
            return self.pattern_postings(prefix, second);
        }
        let Some(piece) = self.term_piece(self.term_piece_id(key.as_bytes()))? else {
            return Ok(Vec::new());
        };
        match piece.terms()?.get(key.as_bytes()) {
            None => Ok(Vec::new()),
            Some(offset) => Ok(vec![(piece, list_offset(offset)?)]),
        }
    }

    /// The lists of the sound gram keys that start with `prefix` (and end with `second`).
    fn pattern_postings(&self, prefix: &str, second: Option<char>) -> Result<Located<'_, 'r>> {
        let mut ids = Vec::new();
        self.key_pieces(prefix, &mut ids);
        let mut suffix = [0; 4];
        let suffix = second.map(|c| c.encode_utf8(&mut suffix).as_bytes().to_vec());
        self.postings_under(ids, prefix.as_bytes(), |key| {
            suffix.as_ref().is_none_or(|suffix| key.ends_with(suffix))
        })
    }

    /// The lists of the keys under a one-character gram's (the pairs the character starts, its
    /// separator gram): where its occurrences lie (`format::is_char_gram`).
    fn char_postings(&self, key: &str) -> Result<Located<'_, 'r>> {
        self.char_range(key.as_bytes(), |after| !after.is_empty())
    }

    /// The lists of the keys under a one-character gram's key `own` whose rest (after `own`) is
    /// `wanted`, every piece of its range loaded at once.
    fn char_range(&self, own: &[u8], wanted: impl Fn(&[u8]) -> bool) -> Result<Located<'_, 'r>> {
        let ids = self.root.term_pieces_for_prefix(own);
        self.postings_under(ids.map(PieceId::Terms).collect(), own, |key| {
            key.get(own.len()..).is_some_and(&wanted)
        })
    }

    /// The lists of the keys in the pieces `ids` that start with `prefix` and are `wanted`,
    /// loading every piece at once.
    fn postings_under(
        &self,
        ids: Vec<PieceId>,
        prefix: &[u8],
        wanted: impl Fn(&[u8]) -> bool,
    ) -> Result<Located<'_, 'r>> {
        use fst::{IntoStreamer, Streamer};
        self.require(ids.iter().copied())?;
        let mut found = Vec::new();
        for id in ids {
            let Some(piece) = self.term_piece(id)? else {
                continue;
            };
            let terms = piece.terms()?;
            let mut stream = terms.range().ge(prefix).into_stream();
            while let Some((key, offset)) = stream.next() {
                if !key.starts_with(prefix) {
                    break;
                }
                if wanted(key) {
                    found.push((piece, list_offset(offset)?));
                }
            }
        }
        Ok(found)
    }

    /// The postings of a normalized term, or `None` when no document has it.
    pub fn postings(&self, term: &str) -> Result<Option<List>> {
        self.postings_head(term, usize::MAX, DocId::MAX)
    }

    /// The first `max_docs` documents numbered below `below` of a term's postings, or `None`
    /// when no document has it.
    pub(crate) fn postings_head(
        &self,
        term: &str,
        max_docs: usize,
        below: DocId,
    ) -> Result<Option<List>> {
        let key = term_key(term);
        let ranged =
            phonetic::sound_pattern(&key).is_some() || format::is_char_gram(key.as_bytes());
        let whole_pattern = max_docs == usize::MAX && ranged;
        if whole_pattern {
            let kept = self
                .patterns
                .lock()
                .ok()
                .and_then(|kept| kept.get(term, below).cloned());
            if kept.is_some() {
                return Ok(kept);
            }
        }
        let list = match format::is_char_gram(key.as_bytes()) {
            true => self.char_list_head(&key, max_docs, below)?,
            false => {
                let mut lists = Vec::new();
                for (piece, offset) in self.postings_at(term)? {
                    lists.push(self.list_at(piece, offset).head(max_docs, below)?);
                }
                united(lists, max_docs)
            }
        };
        if let (true, Some(list)) = (whole_pattern, &list) {
            if let Ok(mut kept) = self.patterns.lock() {
                kept.keep(term, below, list.clone());
            }
        }
        Ok(list)
    }

    /// The stored list at `offset` in `piece`, its documents' lengths from the root.
    fn list_at<'p>(&'p self, piece: &'p TermPiece<'r>, offset: usize) -> ListAt<'p> {
        ListAt::new(piece.postings.as_ref(), offset, self.root.norms()).written(piece.code)
    }

    /// A one-character gram's own list, counted and not placed (`None` when no document has
    /// it), and the lists under its key that place it (its range's pieces are asked for with
    /// its own, at once).
    fn char_lists(&self, key: &str) -> Result<Option<(ListAt<'_>, Located<'_, 'r>)>> {
        let under = self.char_postings(key)?;
        Ok(self
            .postings_at(key)?
            .pop()
            .map(|(piece, offset)| (self.list_at(piece, offset), under)))
    }

    /// `own` with its positions, read from the lists `under` its key in its documents only,
    /// and how many entries were looked at.
    fn placed(&self, own: Counted, under: Located<'_, 'r>, below: DocId) -> Result<(List, usize)> {
        let (mut lists, mut visited) = (Vec::new(), 0);
        for (piece, offset) in under {
            let (list, looked_at) = self.list_at(piece, offset).within(own.docs(), below)?;
            lists.push(list);
            visited += looked_at;
        }
        Ok((own.place(&List::union(lists))?, visited))
    }

    /// A one-character gram's first `max_docs` documents numbered below `below`, placed.
    fn char_list_head(&self, key: &str, max_docs: usize, below: DocId) -> Result<Option<List>> {
        let Some((own, under)) = self.char_lists(key)? else {
            return Ok(None);
        };
        let own = own.counted_head(max_docs, below)?;
        if own.docs().is_empty() {
            return Ok(None);
        }
        Ok(Some(self.placed(own, under, below)?.0))
    }

    /// How often a term occurs in the documents `docs` (ascending) numbered below `below`, and
    /// how many entries were looked at; `None` when no document has the term. A one-character
    /// gram's own list says so without the lists that place it.
    pub(crate) fn counted_within(
        &self,
        term: &str,
        docs: &[u32],
        below: DocId,
    ) -> Result<Option<(Counted, usize)>> {
        let key = term_key(term);
        if !format::is_char_gram(key.as_bytes()) {
            return Ok(self
                .postings_within(term, docs, below)?
                .map(|(list, visited)| (Counted::from(list), visited)));
        }
        let Some((piece, offset)) = self.postings_at(&key)?.pop() else {
            return Ok(None);
        };
        Ok(Some(
            self.list_at(piece, offset).counted_within(docs, below)?,
        ))
    }

    /// A term's postings in the documents `docs` (ascending) numbered below `below` only, and
    /// how many entries were looked at; `None` when no document has the term.
    pub(crate) fn postings_within(
        &self,
        term: &str,
        docs: &[u32],
        below: DocId,
    ) -> Result<Option<(List, usize)>> {
        let key = term_key(term);
        if format::is_char_gram(key.as_bytes()) {
            let Some((own, under)) = self.char_lists(&key)? else {
                return Ok(None);
            };
            let (own, visited) = own.counted_within(docs, below)?;
            let (list, looked_at) = self.placed(own, under, below)?;
            return Ok(Some((list, visited + looked_at)));
        }
        if let Some(own) = format::separated_key(key.as_bytes()) {
            let separating = self.char_range(own, format::separates)?;
            return self.all_within(separating, docs, below);
        }
        self.all_within(self.postings_at(term)?, docs, below)
    }

    /// The lists `located`, each read in `docs` only, united; and how many entries were looked
    /// at.
    fn all_within(
        &self,
        located: Located<'_, 'r>,
        docs: &[u32],
        below: DocId,
    ) -> Result<Option<(List, usize)>> {
        let (mut lists, mut visited) = (Vec::new(), 0);
        for (piece, offset) in located {
            let (list, looked_at) = self.list_at(piece, offset).within(docs, below)?;
            lists.push(list);
            visited += looked_at;
        }
        Ok(united(lists, usize::MAX).map(|list| (list, visited)))
    }

    /// How many documents contain a normalized term (0 when none does); for a sound pattern,
    /// the sum over its keys, which a document with two of them counts twice.
    pub(crate) fn doc_freq(&self, term: &str) -> Result<u32> {
        let mut doc_freq: u32 = 0;
        for (piece, offset) in self.postings_at(term)? {
            let own = crate::postings::doc_freq_at(piece.postings.as_ref(), offset)?;
            doc_freq = doc_freq.saturating_add(own);
        }
        Ok(doc_freq)
    }

    /// The lengths (in characters, ascending) of the vocabulary words that are prefixes of
    /// `chars`, up to `max_chars` long.
    pub(crate) fn term_lengths_prefixing(
        &self,
        chars: &[char],
        max_chars: usize,
    ) -> Result<Vec<usize>> {
        let pieces = self.word_pieces(&chars[..chars.len().min(max_chars)]);
        self.require(pieces.clone().map(PieceId::Terms))?;
        let mut lengths = Vec::new();
        for n in pieces {
            if let Some(piece) = self.term_piece(PieceId::Terms(n))? {
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

    /// The text's terms that start with `prefix` (not a sound gram's), in order, at most `max`.
    pub(crate) fn terms_with_prefix(&self, prefix: &[u8], max: usize) -> Result<Vec<Vec<u8>>> {
        let range = self.root.term_pieces_for_prefix(prefix);
        self.require(range.clone().map(PieceId::Terms))?;
        let mut keys = Vec::new();
        for n in range {
            if let Some(piece) = self.term_piece(PieceId::Terms(n))? {
                keys.extend(keys_with_prefix(
                    piece.terms()?.as_fst(),
                    prefix,
                    max - keys.len(),
                ));
            }
        }
        Ok(keys)
    }

    /// Corpus and common characters by reading (see `phonetic.rs`).
    pub(crate) fn readings(&self) -> Result<&str> {
        Ok(&self.phonetic_piece()?.readings)
    }

    /// Each syllable's initial, by syllable number (see `phonetic.rs`).
    pub(crate) fn syllable_initials(&self) -> Result<&[char]> {
        Ok(&self.phonetic_piece()?.initials)
    }

    fn phonetic_piece(&self) -> Result<&super::PhoneticPiece> {
        self.require([PieceId::Phonetic])?;
        self.phonetic
            .as_ref()
            .ok_or(Error::Format(FormatError::Corrupt(
                "a loaded piece is missing",
            )))
    }

    /// Example queries chosen at build time.
    pub(crate) fn examples(&self) -> &[&'r str] {
        self.root.examples()
    }
}

/// Keys of an fst that start with `prefix`, in order, at most `max`.
fn keys_with_prefix(fst: &fst::raw::Fst<&[u8]>, prefix: &[u8], max: usize) -> Vec<Vec<u8>> {
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

/// Stored lists: each piece and where the list starts in its postings.
type Located<'i, 'r> = Vec<(&'i TermPiece<'r>, usize)>;

/// A term's offset in its piece's postings.
fn list_offset(offset: u64) -> Result<usize> {
    Ok(usize::try_from(offset)
        .map_err(|_| FormatError::Corrupt("a term points outside the postings"))?)
}

/// The lists a term read, as one (`None` when it read none), of at most `max_docs` documents.
fn united(lists: Vec<List>, max_docs: usize) -> Option<List> {
    match lists.len() {
        0 => None,
        _ => {
            let mut union = List::union(lists);
            union.truncate(max_docs);
            Some(union)
        }
    }
}

/// The ranges read whole lately, merged (sound patterns, single characters placed), the newest
/// last: at most `PATTERN_CACHE_ENTRIES` entries (documents and positions) in all. Typing reads
/// the same ones again.
#[derive(Default)]
pub(super) struct PatternCache(Vec<(String, DocId, List)>);

/// What the merged sound patterns kept may hold: a few megabytes.
const PATTERN_CACHE_ENTRIES: usize = 1 << 20;

impl PatternCache {
    fn get(&self, key: &str, below: DocId) -> Option<&List> {
        self.0
            .iter()
            .find(|(known, known_below, _)| known == key && *known_below == below)
            .map(|(_, _, list)| list)
    }

    fn keep(&mut self, key: &str, below: DocId, list: List) {
        if list.size() > PATTERN_CACHE_ENTRIES {
            return;
        }
        let mut held: usize = list.size() + self.0.iter().map(|(_, _, l)| l.size()).sum::<usize>();
        while held > PATTERN_CACHE_ENTRIES {
            held -= self.0.remove(0).2.size();
        }
        self.0.push((key.to_string(), below, list));
    }
}
