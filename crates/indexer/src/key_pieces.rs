//! Pieces cut by key: the TERMS pieces (the text's, and the sound grams') and the PINYIN pieces.
//! Each kind closes a piece once it passes a size chosen from measurements (README, "The split
//! index"), and names its pieces in a directory by key, each by its separator
//! (`format::separator`). A term is never cut, so a very common term is a piece of its own.

use crate::pieces::{placed, runs_by_cost, Piece, Postings, Scale, TermPostings};
use sousuo_format::format::{self, terms, Kind};
use sousuo_format::phonetic;
use sousuo_format::postings::{self, ListCode};

/// Bytes of keys and postings after which a TERMS piece closes, for a dictionary of `total` such
/// bytes. Every piece costs a reader what names it in its directory (assumed 10 bytes of gzip,
/// as a ref and separator took; named by its place, a piece takes about 3), and a query reads
/// about 4 pieces of which it needs little, wasting about half of each (gzip keeps about 3/4 of
/// postings):
/// `10 · total / size + 4 · 3/4 · size / 2` is least at `size = √(20/3 · total)`. That is 22 KB
/// for 2,000 articles' 70 MB, and the 1 KB floor for the seeds, whose first query then reads 9 KB
/// of terms rather than 80 KB of 24 KB pieces. Text pieces sized for 3 bytes each (11 KB) read
/// a third less on a cold query, but a site takes more files and bytes (bench/README.md).
pub fn term_piece_bytes(total: usize) -> usize {
    let best = (total as f64 * 20.0 / 3.0).sqrt() as usize;
    best.clamp(MIN_TERM_PIECE_BYTES, MAX_TERM_PIECE_BYTES)
}
/// The smallest TERMS piece: below it, HTTP headers cost more than the bytes saved.
const MIN_TERM_PIECE_BYTES: usize = 1024;
/// The largest TERMS piece (a common term's list may still be larger: a term is never cut).
const MAX_TERM_PIECE_BYTES: usize = 64 * 1024;
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

/// The TERMS pieces of `postings` among `doc_count` documents, text and sound grams apart.
///
/// Sound grams' keys are one range (`phonetic::is_sound_key`), and only queries with letters
/// read them, after the PHONETIC piece: so their pieces are named there, and the root, which
/// every reader downloads, names the text's alone (2,000 articles: 1,300 fewer refs). Each kind
/// is sized to its own terms, by the same sum: its refs and its reads are paid by the same
/// queries. One size for both would make every text piece larger, and every query without
/// letters read more (50,000 poems: cold queries fetched 1,027 KB instead of 789).
pub fn term_pieces(
    postings: &Postings,
    doc_count: usize,
    scale: Scale,
) -> Result<TermPieces, String> {
    let size = |(term, list): (&String, &TermPostings)| term.len() + list.entries().len();
    let is_sound = |term: &String| phonetic::is_sound_key(term.as_bytes());
    let (mut text_bytes, mut sound_bytes) = (0, 0);
    for entry in postings {
        match is_sound(entry.0) {
            true => sound_bytes += size(entry),
            false => text_bytes += size(entry),
        }
    }
    let mut text = TermCutter::new(scale.of(term_piece_bytes(text_bytes)), doc_count);
    let mut sound = TermCutter::new(scale.of(term_piece_bytes(sound_bytes)), doc_count);
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
    doc_count: usize,
    /// The dictionary, postings and CODES of each piece, named by its place once all are known
    /// (`format::place_hash`): a directory holds one seed and no ref of its own for each.
    placed: Vec<[Vec<u8>; 3]>,
    directory: Vec<u8>,
    /// The open piece written in each code (`ListCode::ALL`): its dictionary (the
    /// offsets differ) and its postings. It keeps the one that stores smaller.
    variants: [(fst::MapBuilder<Vec<u8>>, Vec<u8>); 2],
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
    fn new(limit: usize, doc_count: usize) -> Self {
        TermCutter {
            limit,
            doc_count,
            placed: Vec::new(),
            directory: Vec::new(),
            variants: ListCode::ALL.map(|_| (fst::MapBuilder::memory(), Vec::new())),
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
        // A sound gram's initials follow from its syllables, and its neighbours share them: the
        // dictionary stores them about once, so they do not count towards the piece's size.
        let initials: usize = match phonetic::is_sound_key(term.as_bytes()) {
            true => term.chars().skip(1).take(2).map(char::len_utf8).sum(),
            false => 0,
        };
        self.keys_bytes += term.len() - initials;
        let stored = postings::Positions::of(term.as_bytes());
        for (code, (terms, bytes)) in ListCode::ALL.into_iter().zip(&mut self.variants) {
            terms.insert(term, bytes.len() as u64).map_err(fst_error)?;
            let working = (list.doc_freq(), list.entries());
            postings::write_columns(working, (stored, code), self.doc_count, bytes)
                .map_err(|e| e.to_string())?;
        }
        if self.variants[0].1.len() + self.keys_bytes >= self.limit {
            self.close()?;
        }
        Ok(())
    }

    fn close(&mut self) -> Result<(), String> {
        if !std::mem::take(&mut self.open) {
            return Ok(());
        }
        self.keys_bytes = 0;
        let mut smallest: Option<(usize, [Vec<u8>; 3])> = None;
        for (code, variant) in ListCode::ALL.into_iter().zip(&mut self.variants) {
            let (terms, bytes) =
                std::mem::replace(variant, (fst::MapBuilder::memory(), Vec::new()));
            let sections = [
                terms.into_inner().map_err(fst_error)?,
                bytes,
                vec![code.byte()],
            ];
            let size = stored_size(&sections)?;
            if smallest
                .as_ref()
                .is_none_or(|(smallest, _)| size < *smallest)
            {
                smallest = Some((size, sections));
            }
        }
        self.placed.extend(smallest.map(|(_, sections)| sections));
        Ok(())
    }

    /// The pieces and their directory: the seed, then each one's separator.
    fn finish(mut self) -> Result<(Vec<Piece>, Vec<u8>), String> {
        self.close()?;
        let unplaced = self.placed.into_iter().map(Vec::from).collect();
        let (seed, pieces) = placed(Kind::Terms, terms::CHECK, unplaced)?;
        let mut directory = Vec::with_capacity(format::HASH_BYTES + self.directory.len());
        format::encode_hash(seed, &mut directory);
        directory.append(&mut self.directory);
        Ok((pieces, directory))
    }
}

/// About what a TERMS piece's dictionary, postings and CODES take stored: their gzip at the
/// fastest level, which orders two ways of writing a piece as the stored level does, at a
/// fraction of its time (every piece is written twice).
fn stored_size(sections: &[Vec<u8>; 3]) -> Result<usize, String> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    for section in sections {
        encoder.write_all(section).map_err(|e| e.to_string())?;
    }
    Ok(encoder.finish().map_err(|e| e.to_string())?.len())
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
pub fn pinyin_pieces(
    entries: &[(Vec<u8>, u64)],
    scale: Scale,
) -> Result<(Vec<Piece>, Vec<u8>), String> {
    let limit = scale.of(pinyin_piece_bytes(
        entries.iter().map(|(key, _)| key.len()).sum(),
    ));
    let fst_error = |e: fst::Error| format!("pinyin keys: {e}");
    let mut pieces = Vec::new();
    let mut directory = Vec::new();
    for (start, run) in runs_by_cost(entries, limit, |(key, _)| key.len()) {
        let mut keys = fst::MapBuilder::memory();
        for (key, value) in run {
            keys.insert(key, *value).map_err(fst_error)?;
        }
        let piece = Piece::new(Kind::Pinyin, &[keys.into_inner().map_err(fst_error)?])?;
        let previous = start.checked_sub(1).map(|n| entries[n].0.as_slice());
        format::write_bytes(
            &mut directory,
            format::separator(previous, &entries[start].0),
        );
        piece.reference.encode(&mut directory);
        pieces.push(piece);
    }
    Ok((pieces, directory))
}
