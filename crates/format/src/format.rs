//! The index's byte format: one encoder (used by `build.rs`) and one decoder (used by the runtime).
//!
//! An index is a **root** and **pieces**. The root holds what every query needs before it knows
//! its terms; each piece holds one slice of the rest and is named by the hash of its bytes, so a
//! name always means the same bytes (cacheable forever, never overwritten by a new build). The
//! root names the exact pieces it was built with. Embedded, the root and every piece travel
//! together in one PACK; split, the root is compiled into the wasm and the pieces are files.
//!
//! All integers are little-endian and read from byte slices explicitly: embedded bytes have
//! alignment 1. `varint` is unsigned LEB128.
//!
//! ```text
//! blob      := MAGIC:[u8; 8] version:u32 kind:u32 section_count:u32
//!              (offset:u32 len:u32){section_count} bytes
//! ref       := hash:[u8; 6]                a piece: the top 48 bits of FNV-1a 64 of its bytes
//!                                        (little-endian); its length is in its own header
//!
//! kind ROOT, sections:
//!   META      := doc_count:u32 term_count:u32 total_chars:u64 t2s_checksum:u32 (FNV-1a 32 of T2S)
//!                piece_files:u32 piece_bytes:u64 (the files the pieces take, a BODIES file
//!                once, and their stored bytes); `RootMeta`
//!   T2S       := fst::Map: Traditional string → byte offset of its replacement in T2S_TEXT
//!   T2S_TEXT  := UTF-8: Simplified replacements, each as many characters as its key
//!   TERM_DIR  := seed:[u8; 6], then per TERMS piece of text (not of sound grams), by term:
//!                separator_len:varint separator; piece n (from 0) is named by
//!                `place_hash(seed, n)`, not by a ref (`place.rs`)
//!   DOC_DIR   := seed:[u8; 6] then per DOCS piece, by document: doc_count:varint; piece n is
//!                named `place_hash(seed, n)` (place.rs)
//!   PHONETIC  := ref of the one PHONETIC piece
//!   EXAMPLES  := UTF-8: example queries drawn from the titles at build time, one per line
//!   ID_DIR    := per IDS piece, by id: first_id_len:varint first_id ref
//!   FILTER_DIR:= empty, or the ref of the one FILTERS piece (when documents have filters or dates)
//!   REGIONAL  := UTF-8 lines `word TAB counterpart`, by word: a word of Taiwan's or the
//!                mainland's usage and the other's word for it (执行绪, 线程), both in search form,
//!                where the corpus has the counterpart
//!   NORMS     := norm:u8{doc_count}: each document's length as a `postings::norm_code`, which
//!                ranking reads with every posting (one byte a document here rather than one
//!                in every entry of every list)
//! kind TERMS (one range of the term dictionary):
//!   TERMS     := fst::Map: term → byte offset of its postings in POSTINGS, where a term is
//!                either a gram: GRAM_MARK then one character or two adjacent characters, at
//!                every position of every stream; or a *sound gram*: GRAM_MARK, the sound
//!                characters of two initials, then of the two syllables they begin, under each
//!                way every pair of adjacent Chinese characters reads there, at the pair's
//!                position (crates/format/src/phonetic.rs; a query of initials reads the range
//!                of keys under them); or a
//!                *separator gram*: GRAM_MARK, a character, SEPARATOR_MARK, wherever the
//!                character stands before whitespace or ends the stream (before punctuation,
//!                the pair it starts says that no word's character follows: a quoted gap
//!                reads both, `separates`); or a
//!                vocabulary
//!                word (as the build segmented the text). Grams sort before every word. A word of two characters has no
//!                postings of its own (doc_freq 0): its occurrences are its bigram's
//!                (`term_key`), and its entry tells segmentation that it is a word.
//!   POSTINGS  := per term: (doc_freq << 1 | titled):varint, and from 64 documents on
//!                (`postings.rs`) the columns' measures: docs_bytes:varint counts_bytes:varint
//!                positions:varint; if titled, the documents where the term ends the title:
//!                count:varint doc_delta:varint{count};
//!                then one column per field, each in document order:
//!                per document its step, the first document's number, then each document's
//!                distance from the one before less one, and whether it is single (has one
//!                position), in the piece's code (CODES): as bits, the step's Rice code (its
//!                quotient by 2^k in unary, zeros ended by a one, then its k low bits, k from
//!                doc_freq and the documents' count: `postings::rice_bits`), then the single
//!                bit, the column's last byte padded with zeros; as steps,
//!                (step << 1 | single):varint
//!                (pos_count - 2):varint for each document that is not single (one position)
//!                flags: one nibble per position (low half first, ⌈positions / 2⌉ bytes)
//!                positions, in the piece's code (CODES): bits, most significant first, the
//!                list's last byte padded with
//!                zeros; per document, its positions ascending, each one `p` as the truncated
//!                binary code of `p - first_free` among `end - first_free` values, where
//!                `first_free` is 0 or one past the position before and `end` is the
//!                document's bound (`norm_chars` of its NORMS code plus one) less the
//!                positions after it; a document whose code is the last has no bound: each
//!                `p - first_free + 1` as an Elias gamma code (`bits.rs`); but
//!                for a one-character gram (`is_char_gram`): its occurrences are where the keys
//!                under it (its pairs, its separator gram) occur, and their lists, united, give
//!                its positions in order, as many per document as its counts say
//!   CHECK     := seed:[u8; 6] n:u32 sum:u32: the seed of the directory that names the piece
//!                and its place there, and a checksum of its TERMS, POSTINGS and CODES sections
//!                (`place.rs`), which a reader checks as it checks another piece's hash
//!   CODES     := code:u8: how every list of the piece writes its document steps and positions,
//!                0 as bits (above), 1 as steps: varint document steps, and pos_delta:varint
//!                per position, each document's first the position itself (`postings::ListCode`)
//! kind DOCS (one range of documents, by id):
//!   META      := first_doc:u32 doc_count:u32; `DocsMeta`
//!   DOCS      := per document: id_len:varint title_bytes:varint body_bytes:varint
//!                title_chars:varint body_chars:varint (chunks_at + 1):varint, 0 when the body
//!                is in STRINGS; where its id and text lie follows from the documents before it
//!                (`DocRecord::decode_all`)
//!   STRINGS   := UTF-8: every document's id, then its title immediately followed by its body,
//!                unless the body is in BODY pieces (chunks_at is not NO_CHUNKS), in order, to
//!                the end
//!   CHUNKS    := per document whose body is in BODY pieces, from chunks_at: chunk_count:varint
//!                start:varint (chars:varint stored_len:varint ref){chunk_count}: the body's
//!                consecutive slices, in order, lying end to end in BODIES from byte `start`
//!   EXTRAS    := (extra_start:u32){doc_count + 1} then per document, from extra_start (counted
//!                from the end of the table) to the next one:
//!                url_len_plus_1:varint url (0: no URL; a URL starts with `/`)
//!                section_count:varint (position_delta:varint heading:str anchor:str){section_count}
//!                meta_count:varint (key:str value:str){meta_count}
//!                where str := len:varint UTF-8, and a section's position is where it starts in
//!                the stream (ascending)
//!   BODIES    := empty, or the hash of the BODIES file that holds this piece's BODY pieces
//!   CHECK     := seed:[u8; 6] n:u32 sum:u32, as a TERMS piece's, over its other sections
//! kind BODY (one slice of one long document's body, named by its document's CHUNKS):
//!   TEXT      := UTF-8
//! kind PHONETIC (what a query with letters reads first):
//!   PINYIN_DIR:= per PINYIN piece, by key: separator_len:varint separator ref
//!   READINGS  := UTF-8 lines, by syllable: syllable (a-z, no tone) then every corpus or common
//!                character read that way, `yi一以医…\n`; line n's syllable is the sound
//!                character U+F0000 + n
//!   SOUND_DIR := seed:[u8; 6], then per TERMS piece of sound grams, by term:
//!                separator_len:varint separator, named as TERM_DIR's are (`place_hash`).
//!                Only queries with letters read sound grams, and they read this piece first
//!                anyway, so the root does not make every reader download these refs
//! kind PINYIN (one range of the pinyin keys):
//!   KEYS      := fst::Map: 'p' spelling '\0' word → the word's doc_freq, where a spelling is the
//!                full pinyin or the initials of a vocabulary word, or a reading of a corpus
//!                character (crates/format/src/phonetic.rs); each spelling keeps only its
//!                `phonetic::MAX_WORDS_PER_SPELLING` most used words (by doc_freq, then shorter,
//!                then by text): all that a spelling stands for in a query
//! kind IDS (where ranges of document ids are; documents are ordered by id):
//!   IDS       := first_piece:varint (first_id:str){n}: the first id of each of the DOCS pieces
//!                first_piece, first_piece + 1, …, ascending; `IdRun`
//! kind FILTERS:
//!   FILTERS   := per filter, by key: key:str value_count:varint
//!                (value:str folded:str doc_count:varint first_doc:varint (step - 1):varint{doc_count - 1}){value_count}
//!                values by folded value; `value` is the first way the site wrote it
//!   SORTS     := per sort key: key:str (rank:varint){doc_count}: 1 + the place of the document's
//!                value among the distinct values ascending, or 0 when it has none
//! A directory by key names each piece by a *separator*: the shortest prefix of the piece's first
//! key that sorts after the previous piece's last key (empty for the first piece). Every key of
//! the piece sorts at or after it and before the next one's, which is all a lookup needs, and it
//! is often half as long as the key (a pinyin key ends in its word).
//! kind PACK (embedded): the ROOT blob, then every piece blob: the root's in directory order,
//!   then the pieces other pieces name (the PHONETIC piece's sound grams and pinyin keys, the
//!   BODY pieces)
//! ```
//!
//! **Files.** Split, each piece is a file named by its ref (`PieceRef::name`) holding its
//! *stored form*: the blob gzipped (`stored`), which the page inflates with the browser's own
//! DecompressionStream and which a reader also takes uncompressed. A DOCS piece's BODY pieces
//! share one BODIES file (`s-<hash>.bin`, the hash of the file's bytes): their stored forms end to
//! end, each fetched alone by its byte range.
//!
//! A position counts characters in the document's *stream*: its title, one `\n`, its body. A
//! A list is `titled` when one of its
//! term's occurrences in a document ends where the title ends, so that a query that is a whole
//! title is known without reading it; it lists those documents (the first `doc_delta` is the
//! `DocId`), and a reader gives the mark with the document's NORMS byte
//! (`postings::NORM_ENDS_TITLE`). `flags` say,
//! for the term's occurrence there, whether a word starts where it starts, a word starts where it
//! ends, whether it lies in the title, and whether in a block of code (`postings::FLAG_*`):
//! ranking reads these from the
//! postings, so that no document has to be fetched to score it. `postings.rs` encodes and decodes POSTINGS.
//!

use std::fmt;

mod records;
pub use records::*;
mod keys;
pub use keys::*;
mod sections;
pub use sections::*;
mod place;
pub use place::*;

/// The first bytes of every blob.
pub const MAGIC: [u8; 8] = *b"SOUSUOIX";
/// The version this code writes and reads. Bump it on any change to the grammar above.
pub const FORMAT_VERSION: u32 = 29;
/// Bytes of a piece's hash in a `ref`: 48 bits. Two pieces of one build colliding is about
/// n²/2⁴⁹ (10⁻⁷ for the 15,000 pieces of 300,000 poems); a root names thousands of pieces, and
/// every byte a ref saves is a byte every reader downloads.
pub const HASH_BYTES: usize = 6;
/// What a blob is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// What every query needs first.
    Root = 0,
    /// A range of the term dictionary with its postings.
    Terms = 1,
    /// A range of documents.
    Docs = 2,
    /// Pinyin keys and character readings.
    Phonetic = 3,
    /// The root and every piece, for an index embedded whole.
    Pack = 4,
    /// A range of document ids, for opening a document by id.
    Ids = 5,
    /// Filter values and sort keys of every document.
    Filters = 6,
    /// A slice of a long document's body.
    Body = 7,
    /// A range of the pinyin keys.
    Pinyin = 8,
}

impl Kind {
    /// How many sections a blob of this kind has (a pack: any number).
    pub fn section_count(self) -> Option<usize> {
        match self {
            Kind::Root => Some(11),
            Kind::Terms => Some(4),
            Kind::Docs => Some(7),
            Kind::Body => Some(1),
            Kind::Phonetic => Some(3),
            Kind::Pack => None,
            Kind::Ids => Some(1),
            Kind::Filters => Some(2),
            Kind::Pinyin => Some(1),
        }
    }

    /// The letter that starts a piece's file name.
    pub fn letter(self) -> char {
        match self {
            Kind::Root => 'r',
            Kind::Terms => 't',
            Kind::Docs => 'd',
            Kind::Phonetic => 'p',
            Kind::Pack => 'x',
            Kind::Ids => 'i',
            Kind::Filters => 'f',
            Kind::Body => 'b',
            Kind::Pinyin => 'y',
        }
    }

    fn from_u32(value: u32) -> Option<Kind> {
        [
            Kind::Root,
            Kind::Terms,
            Kind::Docs,
            Kind::Phonetic,
            Kind::Pack,
            Kind::Ids,
            Kind::Filters,
            Kind::Body,
            Kind::Pinyin,
        ]
        .into_iter()
        .find(|kind| *kind as u32 == value)
    }
}

/// What is wrong with bytes that should be an index or a piece.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatError {
    /// The bytes do not start with [`MAGIC`].
    NotAnIndex,
    /// Written by another version of the format.
    Version {
        /// The version the bytes say they are.
        found: u32,
    },
    /// The bytes end before a structure does, or a value points outside its section.
    Corrupt(&'static str),
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatError::NotAnIndex => write!(f, "these bytes are not a sousuo index (bad magic)"),
            FormatError::Version { found } => write!(
                f,
                "index format version {found}, but this sousuo reads version {FORMAT_VERSION}: \
                 rebuild the index with this version (cargo build, or ./x build)"
            ),
            FormatError::Corrupt(what) => write!(f, "the index is corrupt: {what}"),
        }
    }
}

impl std::error::Error for FormatError {}

/// A piece as the root names it: the hash of its bytes. A ref carries no length: on 5,000
/// articles the root names 4,300 TERMS pieces, and their lengths took 10 KB of its gzip, which
/// every reader downloads. A piece's own header says how long it is ([`declared_len`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PieceRef {
    /// What the piece holds.
    pub kind: Kind,
    /// Its [`piece_hash`].
    pub hash: u64,
    /// Where it lies when it shares a file with others (a BODY piece, in its BODIES file); `None`
    /// for a piece that is a file of its own.
    pub within: Option<Within>,
}

/// Where a BODY piece lies in its BODIES file: the bytes of its stored form. A long body's
/// slices are many and small, a file each made tens of thousands of files on a few thousand
/// articles, more than static hosts take; so a DOCS piece's slices share one file, and a reader
/// fetches one slice by its byte range (or the whole file, from a server that ignores ranges).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Within {
    /// The BODIES file's hash ([`piece_hash`] of its bytes).
    pub bundle: u64,
    /// The first byte of the piece's stored form in it.
    pub start: u32,
    /// Bytes of its stored form.
    pub len: u32,
}

/// The letter of a BODIES file's name.
pub const BODIES_LETTER: char = 's';

/// Appends a hash of [`HASH_BYTES`] in hex, as names of pieces spell it (no formatting
/// machinery: it costs the wasm more than this loop).
pub fn push_hash_hex(name: &mut String, hash: u64) {
    for shift in (0..HASH_BYTES * 2).rev() {
        let digit = ((hash >> (shift * 4)) & 0xF) as u32;
        name.push(char::from_digit(digit, 16).unwrap_or('0'));
    }
}

/// The file name of a piece or a BODIES file: its letter, `-`, the hash in hex, `.bin`.
fn file_name_of(letter: char, hash: u64) -> String {
    let mut name = String::with_capacity(18);
    name.push(letter);
    name.push('-');
    push_hash_hex(&mut name, hash);
    name.push_str(".bin");
    name
}

/// The file name of the BODIES file with this hash.
pub fn bodies_file_name(hash: u64) -> String {
    file_name_of(BODIES_LETTER, hash)
}

impl PieceRef {
    /// The reference of `bytes` as a piece of `kind`, a file of its own.
    pub fn of(kind: Kind, bytes: &[u8]) -> Result<PieceRef, FormatError> {
        if u32::try_from(bytes.len()).is_err() {
            return Err(FormatError::Corrupt("a piece would exceed 4 GiB"));
        }
        Ok(PieceRef {
            kind,
            hash: piece_hash(bytes),
            within: None,
        })
    }

    /// Its name: its file's (kind letter, `-`, the hash in hex, `.bin`: `t-3fa2…c0.bin`); for a
    /// piece inside a BODIES file, followed by where: `b-….bin@s-….bin/START+LEN`, all a page
    /// needs to fetch it.
    pub fn name(&self) -> String {
        let mut name = file_name_of(self.kind.letter(), self.hash);
        if let Some(within) = self.within {
            name.push('@');
            name.push_str(&bodies_file_name(within.bundle));
            name.push_str(&format!("/{}+{}", within.start, within.len));
        }
        name
    }

    /// The file that holds it: its own, or its BODIES file.
    pub fn file_name(&self) -> String {
        match self.within {
            Some(within) => bodies_file_name(within.bundle),
            None => file_name_of(self.kind.letter(), self.hash),
        }
    }

    /// Appends the `ref` bytes (the kind is known from where the ref sits).
    pub fn encode(&self, out: &mut Vec<u8>) {
        encode_hash(self.hash, out);
    }

    /// Reads a `ref` at `*at`, advancing past it.
    pub fn decode(kind: Kind, bytes: &[u8], at: &mut usize) -> Result<PieceRef, FormatError> {
        Ok(PieceRef {
            kind,
            hash: decode_hash(bytes, at)?,
            within: None,
        })
    }
}

/// Appends a hash as its [`HASH_BYTES`] low bytes, the form [`decode_hash`] reads.
pub fn encode_hash(hash: u64, out: &mut Vec<u8>) {
    out.extend_from_slice(&hash.to_le_bytes()[..HASH_BYTES]);
}

/// Reads a hash of [`HASH_BYTES`] at `*at`, advancing past it.
pub fn decode_hash(bytes: &[u8], at: &mut usize) -> Result<u64, FormatError> {
    let end = at
        .checked_add(HASH_BYTES)
        .ok_or(FormatError::Corrupt("a piece reference"))?;
    let hash_bytes = bytes
        .get(*at..end)
        .ok_or(FormatError::Corrupt("a piece reference ends early"))?;
    *at = end;
    Ok(hash_bytes
        .iter()
        .rev()
        .fold(0u64, |hash, &byte| (hash << 8) | u64::from(byte)))
}

/// How long a blob says it is: the end of its last section, from its header alone. `None` when
/// not even the header is there. Tells a piece cut short (or padded) from one damaged in place.
pub fn declared_len(bytes: &[u8]) -> Option<usize> {
    let count = read_u32(bytes, 16, "header").ok()? as usize;
    let mut end = 20usize.checked_add(count.checked_mul(8)?)?;
    for n in 0..count {
        let offset = read_u32(bytes, 20 + n * 8, "header").ok()? as usize;
        let len = read_u32(bytes, 24 + n * 8, "header").ok()? as usize;
        end = end.max(offset.checked_add(len)?);
    }
    Some(end)
}

/// A piece's hash: the top 48 bits of [`fnv64`] (FNV's high bits mix best). It names the piece's
/// file and checks that fetched bytes are the ones the root names.
pub fn piece_hash(bytes: &[u8]) -> u64 {
    fnv64(bytes) >> (64 - 8 * HASH_BYTES)
}

/// FNV-1a, 64 bits.
pub fn fnv64(bytes: &[u8]) -> u64 {
    fnv64_on(FNV64_START, bytes)
}

/// FNV-1a 64's starting value.
pub const FNV64_START: u64 = 0xCBF2_9CE4_8422_2325;

/// [`fnv64`] continued from `hash` over `bytes`: the hash of several slices one after another.
pub fn fnv64_on(mut hash: u64, bytes: &[u8]) -> u64 {
    for &byte in bytes {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01B3);
    }
    hash
}

/// FNV-1a, 32 bits: the root's check of its own fst (the fst crate panics on a corrupt one).
pub fn fnv32(bytes: &[u8]) -> u32 {
    let mut hash: u32 = 0x811C_9DC5;
    for &byte in bytes {
        hash = (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193);
    }
    hash
}

/// Writes a blob of `kind` from its sections.
pub fn encode(kind: Kind, sections: &[Vec<u8>]) -> Result<Vec<u8>, FormatError> {
    if kind.section_count().is_some_and(|n| n != sections.len()) {
        return Err(FormatError::Corrupt("unexpected number of sections"));
    }
    let header = 20 + sections.len() * 8;
    let total: usize = header + sections.iter().map(Vec::len).sum::<usize>();
    if u32::try_from(total).is_err() {
        return Err(FormatError::Corrupt("the index would exceed 4 GiB"));
    }
    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&(kind as u32).to_le_bytes());
    out.extend_from_slice(&(sections.len() as u32).to_le_bytes());
    let mut offset = header;
    for section in sections {
        out.extend_from_slice(&(offset as u32).to_le_bytes());
        out.extend_from_slice(&(section.len() as u32).to_le_bytes());
        offset += section.len();
    }
    for section in sections {
        out.extend_from_slice(section);
    }
    Ok(out)
}

/// Splits a blob into its sections, checking magic, version, kind and bounds.
pub fn decode(bytes: &[u8], kind: Kind) -> Result<Vec<&[u8]>, FormatError> {
    if bytes.get(..8) != Some(&MAGIC[..]) {
        return Err(FormatError::NotAnIndex);
    }
    let version = read_u32(bytes, 8, "header")?;
    if version != FORMAT_VERSION {
        return Err(FormatError::Version { found: version });
    }
    if Kind::from_u32(read_u32(bytes, 12, "header")?) != Some(kind) {
        return Err(FormatError::Corrupt("a blob of another kind than expected"));
    }
    let count = read_u32(bytes, 16, "header")? as usize;
    if kind.section_count().is_some_and(|n| n != count) {
        return Err(FormatError::Corrupt("unexpected number of sections"));
    }
    // Every section takes 8 header bytes: a bogus count cannot make us allocate more than that.
    let mut sections = Vec::with_capacity(count.min(bytes.len() / 8));
    for i in 0..count {
        let offset = read_u32(bytes, 20 + 8 * i, "section table")? as usize;
        let len = read_u32(bytes, 24 + 8 * i, "section table")? as usize;
        sections.push(
            offset
                .checked_add(len)
                .and_then(|end| bytes.get(offset..end))
                .ok_or(FormatError::Corrupt("a section lies outside the blob"))?,
        );
    }
    Ok(sections)
}

/// Reads a little-endian u32 at `at`.
pub fn read_u32(bytes: &[u8], at: usize, what: &'static str) -> Result<u32, FormatError> {
    let end = at.checked_add(4).ok_or(FormatError::Corrupt(what))?;
    match bytes.get(at..end) {
        Some(&[a, b, c, d]) => Ok(u32::from_le_bytes([a, b, c, d])),
        _ => Err(FormatError::Corrupt(what)),
    }
}

/// Appends `value` as a varint.
pub fn write_varint(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// Reads a varint at `*at`, advancing `*at` past it.
pub fn read_varint(bytes: &[u8], at: &mut usize) -> Result<u32, FormatError> {
    // Most varints (position steps, document steps) are one byte.
    if let Some(&byte) = bytes.get(*at).filter(|&&byte| byte < 0x80) {
        *at += 1;
        return Ok(u32::from(byte));
    }
    let mut value: u32 = 0;
    for shift in (0..35).step_by(7) {
        let byte = *bytes
            .get(*at)
            .ok_or(FormatError::Corrupt("a varint ends early"))?;
        *at += 1;
        let bits = u32::from(byte & 0x7F);
        if shift == 28 && bits > 0x0F {
            return Err(FormatError::Corrupt("a varint overflows"));
        }
        value |= bits << shift;
        if byte & 0x80 == 0 {
            return Ok(value);
        }
    }
    Err(FormatError::Corrupt("a varint is too long"))
}

/// Appends a length-prefixed byte string.
pub fn write_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    write_varint(out, bytes.len() as u32);
    out.extend_from_slice(bytes);
}

/// Reads a length-prefixed byte string at `*at`.
pub fn read_bytes<'b>(bytes: &'b [u8], at: &mut usize) -> Result<&'b [u8], FormatError> {
    let len = read_varint(bytes, at)? as usize;
    let slice = at
        .checked_add(len)
        .and_then(|end| bytes.get(*at..end))
        .ok_or(FormatError::Corrupt("a string lies outside its section"))?;
    *at += len;
    Ok(slice)
}

#[cfg(test)]
mod tests;
