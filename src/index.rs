//! [`Index`]: a read-only view over index bytes, zero-copy.
//!
//! ```
//! let index = sousuo::Index::embedded().unwrap();
//! let doc = index.find_document("001_9fc454ccbfdced76").unwrap();
//! assert!(index.document(doc).unwrap().title.contains("醫藥高新區"));
//! ```

use crate::analyzer::Normalizer;
use crate::error::{Error, Result};
use crate::format::{self, DocPositions, DocRecord, FormatError, Section};

/// A document's number in the index: its rank in id order.
pub type DocId = u32;

/// One stored article, in its own script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Document<'a> {
    /// Its number in the index.
    pub doc: DocId,
    /// Its id: the corpus file's stem.
    pub id: &'a str,
    /// Its title.
    pub title: &'a str,
    /// Its cleaned body: paragraphs separated by `\n`.
    pub body: &'a str,
    /// Characters in the title.
    pub title_chars: u32,
    /// Characters in the body.
    pub body_chars: u32,
    /// One bit per stream position: where words start.
    boundaries: &'a [u8],
}

impl Document<'_> {
    /// Where the body starts in the document's position stream (title, `\n`, body).
    pub fn body_start(&self) -> u32 {
        self.title_chars + 1
    }

    /// Whether a word starts at stream position `position` (or the stream ends there), by the
    /// build's segmentation of the text.
    pub fn is_word_boundary(&self, position: u32) -> bool {
        let position = position as usize;
        self.boundaries
            .get(position / 8)
            .is_some_and(|byte| byte & (1 << (position % 8)) != 0)
    }

    /// Whether the characters `start..end` of the stream are whole words, not part of a longer one.
    pub fn is_whole_words(&self, start: u32, end: u32) -> bool {
        self.is_word_boundary(start) && self.is_word_boundary(end)
    }

    /// The characters of the position stream, in the original script: title, `\n`, body.
    pub fn stream_chars(&self) -> impl Iterator<Item = char> + '_ {
        self.title.chars().chain(['\n']).chain(self.body.chars())
    }

    /// The original characters `start..end` of the stream.
    pub fn stream_text(&self, start: u32, end: u32) -> String {
        self.stream_chars()
            .skip(start as usize)
            .take(end.saturating_sub(start) as usize)
            .collect()
    }
}

/// The searchable index: terms, postings, documents and the normalizer, over borrowed bytes.
pub struct Index<'a> {
    bytes: &'a [u8],
    terms: fst::Map<&'a [u8]>,
    postings: &'a [u8],
    docs: &'a [u8],
    strings: &'a str,
    normalizer: Normalizer<'a>,
    boundaries: &'a [u8],
    pinyin: fst::Set<&'a [u8]>,
    readings: &'a str,
    doc_count: u32,
    term_count: u32,
    average_doc_chars: f32,
}

static EMBEDDED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/index.bin"));

impl Index<'static> {
    /// The index compiled into this build from its corpus, decoded once.
    pub fn embedded() -> Result<&'static Index<'static>> {
        static INDEX: std::sync::OnceLock<std::result::Result<Index<'static>, Error>> =
            std::sync::OnceLock::new();
        INDEX
            .get_or_init(|| Index::from_bytes(EMBEDDED))
            .as_ref()
            .map_err(Clone::clone)
    }
}

impl<'a> Index<'a> {
    /// Reads an index from its bytes, checking its structure.
    pub fn from_bytes(bytes: &'a [u8]) -> Result<Index<'a>> {
        let sections = format::decode(bytes)?;
        let section = |s: Section| sections[s as usize];
        let corrupt = |what| Error::Format(FormatError::Corrupt(what));
        let meta = section(Section::Meta);
        let doc_count = format::read_u32(meta, 0, "meta")?;
        let term_count = format::read_u32(meta, 4, "meta")?;
        if format::read_u32(meta, 8, "meta")? != format::fst_checksum(&sections) {
            return Err(corrupt("the checksum of the dictionaries does not match"));
        }
        let docs = section(Section::Docs);
        if docs.len() != doc_count as usize * format::DOC_RECORD_BYTES {
            return Err(corrupt(
                "the document table does not match the document count",
            ));
        }
        let terms =
            fst::Map::new(section(Section::Terms)).map_err(|_| corrupt("the term dictionary"))?;
        let strings = std::str::from_utf8(section(Section::Strings))
            .map_err(|_| corrupt("document text is not UTF-8"))?;
        let normalizer = Normalizer::from_parts(section(Section::T2s), section(Section::T2sText))
            .map_err(|_| corrupt("the conversion table"))?;
        let pinyin =
            fst::Set::new(section(Section::Pinyin)).map_err(|_| corrupt("the pinyin keys"))?;
        let readings = std::str::from_utf8(section(Section::Readings))
            .map_err(|_| corrupt("the character readings are not UTF-8"))?;
        let mut index = Index {
            bytes,
            terms,
            postings: section(Section::Postings),
            docs,
            strings,
            normalizer,
            boundaries: section(Section::Boundaries),
            pinyin,
            readings,
            doc_count,
            term_count,
            average_doc_chars: 1.0,
        };
        let mut total_chars = 0u64;
        for doc in 0..doc_count {
            let document = index.document(doc)?;
            total_chars += u64::from(document.title_chars) + u64::from(document.body_chars);
        }
        index.average_doc_chars = (total_chars as f32 / doc_count.max(1) as f32).max(1.0);
        Ok(index)
    }

    /// The bytes this index reads.
    pub fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// Number of documents.
    pub fn doc_count(&self) -> u32 {
        self.doc_count
    }

    /// Number of distinct terms (words and single characters).
    pub fn term_count(&self) -> u32 {
        self.term_count
    }

    /// Mean characters per document (title and body).
    pub fn average_doc_chars(&self) -> f32 {
        self.average_doc_chars
    }

    /// The normalizer that built this index: queries must go through it too.
    pub fn normalizer(&self) -> &Normalizer<'a> {
        &self.normalizer
    }

    /// The term dictionary.
    pub fn terms(&self) -> &fst::Map<&'a [u8]> {
        &self.terms
    }

    /// The pinyin keys (see `phonetic.rs`).
    pub fn pinyin(&self) -> &fst::Set<&'a [u8]> {
        &self.pinyin
    }

    /// Corpus and common characters by reading (see `phonetic.rs`).
    pub fn readings(&self) -> &'a str {
        self.readings
    }

    /// Document number `doc`.
    pub fn document(&self, doc: DocId) -> Result<Document<'a>> {
        if doc >= self.doc_count {
            return Err(Error::InvalidArgument(format!(
                "document number {doc} is out of range"
            )));
        }
        let record = DocRecord::decode(self.docs, doc as usize)?;
        let corrupt = |what| Error::Format(FormatError::Corrupt(what));
        // Checked sums: a damaged record must give an error, not an overflow.
        let text = |start: u32, len: u32| {
            let start = start as usize;
            start
                .checked_add(len as usize)
                .and_then(|end| self.strings.get(start..end))
                .ok_or(corrupt("a document points outside the text"))
        };
        let body_start = record
            .text_start
            .checked_add(record.title_bytes)
            .ok_or(corrupt("a document points outside the text"))?;
        let boundaries_start = record.boundaries_start as usize;
        let boundaries = (record.title_chars as usize)
            .checked_add(record.body_chars as usize)
            .and_then(|chars| chars.checked_add(1))
            .and_then(|positions| boundaries_start.checked_add(positions / 8 + 1))
            .and_then(|end| self.boundaries.get(boundaries_start..end))
            .ok_or(corrupt("a document points outside the word boundaries"))?;
        Ok(Document {
            doc,
            id: text(record.id_start, record.id_len)?,
            title: text(record.text_start, record.title_bytes)?,
            body: text(body_start, record.body_bytes)?,
            title_chars: record.title_chars,
            body_chars: record.body_chars,
            boundaries,
        })
    }

    /// The document with this id.
    pub fn find_document(&self, id: &str) -> Result<DocId> {
        // Documents are stored in id order.
        let (mut low, mut high) = (0, self.doc_count);
        while low < high {
            let middle = low + (high - low) / 2;
            match self.document(middle)?.id.cmp(id) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return Ok(middle),
            }
        }
        Err(Error::UnknownDocument(id.to_string()))
    }

    /// The postings of a normalized term, or `None` when no document has it.
    pub fn postings(&self, term: &str) -> Result<Option<Vec<DocPositions>>> {
        self.postings_head(term, usize::MAX)
    }

    /// The first `max_docs` documents of a term's postings, or `None` when no document has it.
    pub fn postings_head(&self, term: &str, max_docs: usize) -> Result<Option<Vec<DocPositions>>> {
        match self.terms.get(term) {
            None => Ok(None),
            Some(offset) => Ok(Some(format::decode_postings(
                self.postings,
                postings_offset(offset)?,
                max_docs,
            )?)),
        }
    }

    /// How many documents contain a normalized term (0 when none does).
    pub fn doc_freq(&self, term: &str) -> Result<u32> {
        match self.terms.get(term) {
            None => Ok(0),
            Some(offset) => Ok(format::read_varint(
                self.postings,
                &mut postings_offset(offset)?,
            )?),
        }
    }
}

fn postings_offset(value: u64) -> Result<usize> {
    Ok(usize::try_from(value)
        .map_err(|_| FormatError::Corrupt("a term points outside the postings"))?)
}
