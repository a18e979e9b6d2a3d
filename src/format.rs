//! The index's byte format: one encoder (used by `build.rs`) and one decoder (used by the runtime).
//!
//! All integers are little-endian and read from byte slices explicitly: embedded bytes have
//! alignment 1. `varint` is unsigned LEB128.
//!
//! ```text
//! blob      := MAGIC:[u8; 8] version:u32 section_count:u32 (offset:u32 len:u32){section_count} bytes
//! sections, in this order:
//!   META      := doc_count:u32 term_count:u32 fst_checksum:u32 (see [`fst_checksum`])
//!   TERMS     := fst::Map: normalized term → byte offset of its postings in POSTINGS
//!   POSTINGS  := per term: doc_freq:varint (doc_delta:varint pos_count:varint pos_delta:varint{pos_count}){doc_freq}
//!   DOCS      := per document, ordered by id: id_start:u32 id_len:u32 text_start:u32
//!                title_bytes:u32 body_bytes:u32 title_chars:u32 body_chars:u32 boundaries_start:u32
//!   STRINGS   := UTF-8: every document's id, then its title immediately followed by its body
//!   T2S       := fst::Map: Traditional string → byte offset of its replacement in T2S_TEXT
//!   T2S_TEXT  := UTF-8: Simplified replacements, each as many characters as its key
//!   BOUNDARIES:= per document, from boundaries_start: one bit per stream position 0..=stream_chars
//!                (bit i of byte i/8), set where a word starts or the stream ends; words are the
//!                build-time segmentation (jieba, full dictionary + HMM) of the normalized stream
//!   PINYIN    := fst::Set of byte strings 'p' pinyin '\0' word: full pinyin or initials of a
//!                vocabulary word, or a reading of a corpus character (src/phonetic.rs)
//!   READINGS  := UTF-8 lines, by syllable: syllable (a-z, no tone) then every corpus or common
//!                character read that way, `yi一以医…\n`
//! ```
//!
//! A position counts characters in the document's *stream*: its title, one `\n`, its body. A
//! document's first `doc_delta` is its `DocId`; a term's first `pos_delta` is the position itself.
//!
//! This file uses only `std`: build.rs includes it with `#[path]`.

use std::fmt;

/// The first bytes of every index.
pub const MAGIC: [u8; 8] = *b"SOUSUOIX";
/// The version this code writes and reads. Bump it on any change to the grammar above.
pub const FORMAT_VERSION: u32 = 4;
/// Bytes of one record in DOCS.
pub const DOC_RECORD_BYTES: usize = 32;

/// The sections of a blob, in their order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    /// Counts.
    Meta = 0,
    /// The term dictionary.
    Terms = 1,
    /// The postings lists.
    Postings = 2,
    /// Fixed-size document records.
    Docs = 3,
    /// Document ids and texts.
    Strings = 4,
    /// The Traditional → Simplified table.
    T2s = 5,
    /// Replacement texts of the T2S table.
    T2sText = 6,
    /// Word boundaries of every document's stream.
    Boundaries = 7,
    /// Pinyin of the vocabulary and of the corpus characters.
    Pinyin = 8,
    /// Characters by reading, corpus and common ones.
    Readings = 9,
}

/// How many sections a blob has.
pub const SECTION_COUNT: usize = 10;
const HEADER_BYTES: usize = 8 + 4 + 4 + SECTION_COUNT * 8;

/// What is wrong with bytes that should be an index.
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

/// One record of the DOCS section.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct DocRecord {
    /// Byte offset of the id in STRINGS.
    pub id_start: u32,
    /// Byte length of the id.
    pub id_len: u32,
    /// Byte offset of the title in STRINGS; the body follows it.
    pub text_start: u32,
    /// Byte length of the title.
    pub title_bytes: u32,
    /// Byte length of the body.
    pub body_bytes: u32,
    /// Characters in the title.
    pub title_chars: u32,
    /// Characters in the body.
    pub body_chars: u32,
    /// Byte offset of the document's word boundaries in BOUNDARIES.
    pub boundaries_start: u32,
}

impl DocRecord {
    /// Appends the record's bytes to `out`.
    pub fn encode(&self, out: &mut Vec<u8>) {
        for value in [
            self.id_start,
            self.id_len,
            self.text_start,
            self.title_bytes,
            self.body_bytes,
            self.title_chars,
            self.body_chars,
            self.boundaries_start,
        ] {
            out.extend_from_slice(&value.to_le_bytes());
        }
    }

    /// Reads record number `n` of a DOCS section.
    pub fn decode(docs: &[u8], n: usize) -> Result<DocRecord, FormatError> {
        let start = n
            .checked_mul(DOC_RECORD_BYTES)
            .ok_or(FormatError::Corrupt("document number overflows"))?;
        let field = |i: usize| read_u32(docs, start + 4 * i, "document record");
        Ok(DocRecord {
            id_start: field(0)?,
            id_len: field(1)?,
            text_start: field(2)?,
            title_bytes: field(3)?,
            body_bytes: field(4)?,
            title_chars: field(5)?,
            body_chars: field(6)?,
            boundaries_start: field(7)?,
        })
    }
}

/// Writes a blob from its sections, in [`Section`] order.
pub fn encode(sections: &[Vec<u8>; SECTION_COUNT]) -> Result<Vec<u8>, FormatError> {
    let total: usize = HEADER_BYTES + sections.iter().map(Vec::len).sum::<usize>();
    if u32::try_from(total).is_err() {
        return Err(FormatError::Corrupt("the index would exceed 4 GiB"));
    }
    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&(SECTION_COUNT as u32).to_le_bytes());
    let mut offset = HEADER_BYTES;
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

/// Splits a blob into its sections, checking magic, version and bounds.
pub fn decode(bytes: &[u8]) -> Result<[&[u8]; SECTION_COUNT], FormatError> {
    if bytes.get(..8) != Some(&MAGIC[..]) {
        return Err(FormatError::NotAnIndex);
    }
    let version = read_u32(bytes, 8, "header")?;
    if version != FORMAT_VERSION {
        return Err(FormatError::Version { found: version });
    }
    if read_u32(bytes, 12, "header")? as usize != SECTION_COUNT {
        return Err(FormatError::Corrupt("unexpected number of sections"));
    }
    let mut sections: [&[u8]; SECTION_COUNT] = [&[]; SECTION_COUNT];
    for (i, section) in sections.iter_mut().enumerate() {
        let offset = read_u32(bytes, 16 + 8 * i, "section table")? as usize;
        let len = read_u32(bytes, 20 + 8 * i, "section table")? as usize;
        *section = offset
            .checked_add(len)
            .and_then(|end| bytes.get(offset..end))
            .ok_or(FormatError::Corrupt("a section lies outside the index"))?;
    }
    Ok(sections)
}

/// The checksum of the three fst sections (TERMS, T2S, PINYIN), FNV-1a over their bytes in
/// that order. The fst crate reads its bytes unchecked and panics on a corrupt fst; a checksum
/// turns a damaged index into an error instead. Every other section is bounds-checked as read.
pub fn fst_checksum(sections: &[&[u8]; SECTION_COUNT]) -> u32 {
    let mut hash: u32 = 0x811C_9DC5;
    for section in [Section::Terms, Section::T2s, Section::Pinyin] {
        for &byte in sections[section as usize] {
            hash = (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193);
        }
    }
    hash
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
    let mut value: u32 = 0;
    for shift in (0..35).step_by(7) {
        let byte = *bytes
            .get(*at)
            .ok_or(FormatError::Corrupt("a postings list ends early"))?;
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

/// The positions of one term in one document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocPositions {
    /// The document.
    pub doc: u32,
    /// Ascending character positions in the document's stream.
    pub positions: Vec<u32>,
}

/// Appends one term's postings list; `postings` is ordered by document, positions ascending.
pub fn encode_postings(postings: &[DocPositions], out: &mut Vec<u8>) {
    write_varint(out, postings.len() as u32);
    let mut previous_doc = 0;
    for entry in postings {
        write_varint(out, entry.doc - previous_doc);
        previous_doc = entry.doc;
        write_varint(out, entry.positions.len() as u32);
        let mut previous = 0;
        for &position in &entry.positions {
            write_varint(out, position - previous);
            previous = position;
        }
    }
}

/// Reads the postings list that starts at `at`: its first `max_docs` documents.
pub fn decode_postings(
    bytes: &[u8],
    mut at: usize,
    max_docs: usize,
) -> Result<Vec<DocPositions>, FormatError> {
    let doc_freq = (read_varint(bytes, &mut at)? as usize).min(max_docs);
    // Every entry takes at least two bytes: a bogus count cannot make us allocate more than that.
    let mut postings = Vec::with_capacity(doc_freq.min(bytes.len().saturating_sub(at) / 2));
    let mut doc: u32 = 0;
    for _ in 0..doc_freq {
        doc = doc
            .checked_add(read_varint(bytes, &mut at)?)
            .ok_or(FormatError::Corrupt("a document number overflows"))?;
        let count = read_varint(bytes, &mut at)? as usize;
        let mut positions = Vec::with_capacity(count.min(bytes.len().saturating_sub(at)));
        let mut position: u32 = 0;
        for _ in 0..count {
            position = position
                .checked_add(read_varint(bytes, &mut at)?)
                .ok_or(FormatError::Corrupt("a position overflows"))?;
            positions.push(position);
        }
        postings.push(DocPositions { doc, positions });
    }
    Ok(postings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip() {
        for value in [0, 1, 127, 128, 300, 16_383, 16_384, u32::MAX - 1, u32::MAX] {
            let mut out = Vec::new();
            write_varint(&mut out, value);
            let mut at = 0;
            assert_eq!(read_varint(&out, &mut at), Ok(value));
            assert_eq!(at, out.len());
        }
        assert!(read_varint(&[0xFF, 0xFF, 0xFF, 0xFF, 0x7F], &mut 0).is_err());
        assert!(read_varint(&[0x80], &mut 0).is_err());
    }

    #[test]
    fn postings_round_trip() {
        let postings = vec![
            DocPositions {
                doc: 0,
                positions: vec![0, 5, 300],
            },
            DocPositions {
                doc: 7,
                positions: vec![2],
            },
            DocPositions {
                doc: 100_000,
                positions: vec![70_000, 70_001],
            },
        ];
        let mut out = vec![9, 9];
        encode_postings(&postings, &mut out);
        assert_eq!(decode_postings(&out, 2, usize::MAX), Ok(postings.clone()));
        assert_eq!(decode_postings(&out, 2, 1), Ok(postings[..1].to_vec()));
        assert!(decode_postings(&out[..out.len() - 1], 2, usize::MAX).is_err());
    }

    #[test]
    fn blob_round_trips_and_rejects_other_versions() {
        let sections: [Vec<u8>; SECTION_COUNT] = std::array::from_fn(|i| vec![i as u8; i]);
        let blob = encode(&sections).unwrap();
        let decoded = decode(&blob).unwrap();
        for (i, section) in decoded.iter().enumerate() {
            assert_eq!(*section, &sections[i][..]);
        }
        let mut other = blob.clone();
        other[8] = 99;
        assert_eq!(decode(&other), Err(FormatError::Version { found: 99 }));
        assert!(decode(&other).unwrap_err().to_string().contains("rebuild"));
        assert_eq!(decode(b"not an index at all"), Err(FormatError::NotAnIndex));
        assert!(decode(&blob[..20]).is_err());
    }

    #[test]
    fn doc_records_round_trip() {
        let record = DocRecord {
            id_start: 1,
            id_len: 2,
            text_start: 3,
            title_bytes: 4,
            body_bytes: 5,
            title_chars: 6,
            body_chars: 7,
            boundaries_start: 8,
        };
        let mut out = Vec::new();
        record.encode(&mut out);
        record.encode(&mut out);
        assert_eq!(out.len(), 2 * DOC_RECORD_BYTES);
        assert_eq!(DocRecord::decode(&out, 1), Ok(record));
        assert!(DocRecord::decode(&out, 2).is_err());
    }
}
