//! [`Document`]: one stored article, read from the DOCS piece that holds it and, for a long
//! one, the BODY pieces that hold its body.

use crate::bytes::Bytes;
use crate::error::{Error, Result};
use crate::format::{
    docs, read_u32, read_varint, DocExtra, DocRecord, FormatError, Kind, PieceRef, Within,
};
use std::borrow::Cow;

/// A document's number in the index: its rank in id order.
pub type DocId = u32;

/// One stored article, in its own script: whole, or with only part of its body (what a hit
/// shows of a long article).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document<'a> {
    /// Its number in the index.
    pub doc: DocId,
    /// Its id: the corpus file's stem, or the page's URL.
    pub id: &'a str,
    /// Its title.
    pub title: &'a str,
    /// Its cleaned body (paragraphs separated by `\n`), or the part of it from character
    /// [`Document::body_from`] on.
    pub body: Cow<'a, str>,
    /// Where `body` starts in the whole body, in characters: 0 when it is whole.
    pub body_from: u32,
    /// Characters in the title.
    pub title_chars: u32,
    /// Characters in the whole body.
    pub body_chars: u32,
    /// Its URL, sections and metadata, encoded.
    extra: &'a [u8],
}

impl<'a> Document<'a> {
    /// Its URL, sections and metadata (none for a plain text article).
    pub(crate) fn extra(&self) -> Result<DocExtra<'a>> {
        Ok(DocExtra::decode(self.extra)?)
    }

    /// Where the body starts in the document's position stream (title, `\n`, body).
    pub(crate) fn body_start(&self) -> u32 {
        self.title_chars + 1
    }

    /// The original characters `start..end` of the stream, as far as this document holds them.
    pub(crate) fn stream_text(&self, start: u32, end: u32) -> String {
        // The stream as held: title, `\n`, then the body's part, which starts `body_from`
        // characters into the body.
        let held_from = self.body_start() + self.body_from;
        let head = self.title.chars().chain(['\n']).enumerate();
        let body = self
            .body
            .chars()
            .enumerate()
            .map(|(n, c)| (held_from as usize + n, c));
        head.chain(body)
            .skip_while(|&(position, _)| position < start as usize)
            .take_while(|&(position, _)| position < end as usize)
            .map(|(_, c)| c)
            .collect()
    }
}

/// One slice of a long body: where it starts in the body and how long it is, in characters, and
/// the BODY piece that holds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Chunk {
    /// Its first character's place in the body.
    pub start: u32,
    /// Its characters.
    pub chars: u32,
    /// Its piece.
    pub piece: PieceRef,
}

/// A loaded DOCS piece: a range of documents.
pub(crate) struct DocPiece<'r> {
    pub(crate) first_doc: DocId,
    /// Each document's record, in order: as many as the piece holds.
    pub(crate) records: Vec<DocRecord>,
    pub(crate) strings: Bytes<'r>,
    /// The lists of BODY pieces of its long documents.
    pub(crate) chunks: Bytes<'r>,
    /// The hash of the BODIES file that holds those BODY pieces.
    pub(crate) bundle: Option<u64>,
    /// A table of `count + 1` offsets, then each document's extra.
    pub(crate) extras: Bytes<'r>,
}

fn corrupt(what: &'static str) -> Error {
    Error::Format(FormatError::Corrupt(what))
}

impl DocPiece<'_> {
    /// How many documents it holds.
    pub fn count(&self) -> u32 {
        self.records.len() as u32
    }

    /// The id of document number `doc`, which this piece holds, read alone.
    pub fn id(&self, doc: DocId) -> Result<&str> {
        let record = self.record(doc)?;
        self.text(record.id_start, record.id_len)
    }

    fn record(&self, doc: DocId) -> Result<DocRecord> {
        let n = doc.wrapping_sub(self.first_doc);
        self.records
            .get(n as usize)
            .copied()
            .ok_or(corrupt("a document piece is short"))
    }

    // Checked sums: a damaged record must give an error, not an overflow.
    fn text(&self, start: u32, len: u32) -> Result<&str> {
        let start = start as usize;
        start
            .checked_add(len as usize)
            .and_then(|end| self.strings.as_ref().get(start..end))
            .and_then(|bytes| std::str::from_utf8(bytes).ok())
            .ok_or(corrupt("a document points outside the text"))
    }

    /// Characters in document `doc`'s title and body.
    pub fn lengths(&self, doc: DocId) -> Result<(u32, u32)> {
        let record = self.record(doc)?;
        Ok((record.title_chars, record.body_chars))
    }

    /// The BODY pieces of document `doc`, in order; none when its body is here.
    pub fn chunks(&self, doc: DocId) -> Result<Vec<Chunk>> {
        let record = self.record(doc)?;
        if record.chunks_at == docs::NO_CHUNKS {
            return Ok(Vec::new());
        }
        let at = &mut (record.chunks_at as usize);
        self.chunk_list(at, record.body_chars)
    }

    /// Every BODY piece this piece names.
    pub fn all_chunks(&self) -> Result<Vec<Chunk>> {
        let lists = self.chunks.as_ref();
        let mut all = Vec::new();
        let at = &mut 0;
        while *at < lists.len() {
            all.extend(self.chunk_list(at, u32::MAX)?);
        }
        Ok(all)
    }

    /// Document number `doc`, which this piece holds, with the part of its body that `body`
    /// gives: `None` when its body is here (whole), else the text of its chunks from the
    /// character given on.
    pub fn document<'s>(
        &'s self,
        doc: DocId,
        body: Option<(Cow<'s, str>, u32)>,
    ) -> Result<Document<'s>> {
        let record = self.record(doc)?;
        let n = (doc - self.first_doc) as usize;
        let extras = self.extras.as_ref();
        let table = (self.count() as usize + 1) * 4;
        let start = read_u32(extras, n * 4, "a document's extra")? as usize;
        let end = read_u32(extras, n * 4 + 4, "a document's extra")? as usize;
        let extra = table
            .checked_add(start)
            .zip(table.checked_add(end))
            .and_then(|(start, end)| extras.get(start..end))
            .ok_or(corrupt("a document's extra lies outside its piece"))?;
        let (body, body_from) = match body {
            Some(part) => part,
            None if record.chunks_at == docs::NO_CHUNKS => {
                let body_start = record
                    .text_start
                    .checked_add(record.title_bytes)
                    .ok_or(corrupt("a document points outside the text"))?;
                (Cow::Borrowed(self.text(body_start, record.body_bytes)?), 0)
            }
            None => {
                return Err(corrupt(
                    "a long document's body was asked for without its pieces",
                ))
            }
        };
        Ok(Document {
            doc,
            id: self.text(record.id_start, record.id_len)?,
            title: self.text(record.text_start, record.title_bytes)?,
            body,
            body_from,
            title_chars: record.title_chars,
            body_chars: record.body_chars,
            extra,
        })
    }
}

/// One chunk's place in its BODIES file, which must be named.
fn within(bundle: Option<u64>, start: u32, len: u32) -> Result<Within> {
    Ok(Within {
        bundle: bundle.ok_or(corrupt("a long document's body has no BODIES file"))?,
        start,
        len,
    })
}

impl DocPiece<'_> {
    /// One document's chunk list at `*at`; its characters must add up to at most `body_chars`.
    fn chunk_list(&self, at: &mut usize, body_chars: u32) -> Result<Vec<Chunk>> {
        let lists = self.chunks.as_ref();
        let count = read_varint(lists, at)? as usize;
        // Every chunk takes at least 8 bytes: a bogus count cannot allocate more than that.
        let mut chunks = Vec::with_capacity(count.min(lists.len() / 8));
        let mut byte = read_varint(lists, at)?;
        let mut start: u32 = 0;
        for _ in 0..count {
            let chars = read_varint(lists, at)?;
            let stored_len = read_varint(lists, at)?;
            let mut piece = PieceRef::decode(Kind::Body, lists, at)?;
            piece.within = Some(within(self.bundle, byte, stored_len)?);
            chunks.push(Chunk {
                start,
                chars,
                piece,
            });
            start = start
                .checked_add(chars)
                .filter(|&end| end <= body_chars)
                .ok_or(corrupt("a document's body pieces are longer than its body"))?;
            byte = byte.checked_add(stored_len).ok_or(corrupt(
                "a document's body pieces pass the end of their file",
            ))?;
        }
        Ok(chunks)
    }
}
