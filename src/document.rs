//! [`Document`]: one stored article, read from the DOCS piece that holds it.

use crate::bytes::Bytes;
use crate::error::{Error, Result};
use crate::format::{read_u32, DocExtra, DocRecord, FormatError};

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
    /// Its URL, sections and metadata, encoded.
    extra: &'a [u8],
}

impl<'a> Document<'a> {
    /// Its URL, sections and metadata (none for a plain text article).
    pub fn extra(&self) -> Result<DocExtra<'a>> {
        Ok(DocExtra::decode(self.extra)?)
    }

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

/// A loaded DOCS piece: a range of documents.
pub(crate) struct DocPiece<'r> {
    pub(crate) first_doc: DocId,
    pub(crate) count: u32,
    pub(crate) records: Bytes<'r>,
    pub(crate) strings: Bytes<'r>,
    pub(crate) boundaries: Bytes<'r>,
    /// A table of `count + 1` offsets, then each document's extra.
    pub(crate) extras: Bytes<'r>,
}

impl DocPiece<'_> {
    /// The id of document number `doc`, which this piece holds, read alone.
    pub fn id(&self, doc: DocId) -> Result<&str> {
        let record = self.record(doc)?;
        let start = record.id_start as usize;
        start
            .checked_add(record.id_len as usize)
            .and_then(|end| self.strings.as_ref().get(start..end))
            .and_then(|bytes| std::str::from_utf8(bytes).ok())
            .ok_or(Error::Format(FormatError::Corrupt(
                "a document points outside the text",
            )))
    }

    fn record(&self, doc: DocId) -> Result<DocRecord> {
        let n = doc.wrapping_sub(self.first_doc);
        if n >= self.count {
            return Err(Error::Format(FormatError::Corrupt(
                "a document piece is short",
            )));
        }
        Ok(DocRecord::decode(self.records.as_ref(), n as usize)?)
    }

    /// Document number `doc`, which this piece holds.
    pub fn document(&self, doc: DocId) -> Result<Document<'_>> {
        let piece = self;
        let record = self.record(doc)?;
        let corrupt = |what| Error::Format(FormatError::Corrupt(what));
        let strings = piece.strings.as_ref();
        // Checked sums: a damaged record must give an error, not an overflow.
        let text = |start: u32, len: u32| {
            let start = start as usize;
            start
                .checked_add(len as usize)
                .and_then(|end| strings.get(start..end))
                .and_then(|bytes| std::str::from_utf8(bytes).ok())
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
            .and_then(|end| piece.boundaries.as_ref().get(boundaries_start..end))
            .ok_or(corrupt("a document points outside the word boundaries"))?;
        let extras = piece.extras.as_ref();
        let n = (doc - self.first_doc) as usize;
        let table = (self.count as usize + 1) * 4;
        let outside = || corrupt("a document's extra lies outside its piece");
        let start = read_u32(extras, n * 4, "a document's extra")? as usize;
        let end = read_u32(extras, n * 4 + 4, "a document's extra")? as usize;
        let extra = table
            .checked_add(start)
            .zip(table.checked_add(end))
            .and_then(|(start, end)| extras.get(start..end))
            .ok_or_else(outside)?;
        Ok(Document {
            extra,
            doc,
            id: text(record.id_start, record.id_len)?,
            title: text(record.text_start, record.title_bytes)?,
            body: text(body_start, record.body_bytes)?,
            title_chars: record.title_chars,
            body_chars: record.body_chars,
            boundaries,
        })
    }
}
