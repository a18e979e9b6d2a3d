//! Documents by number or by id: their DOCS pieces, and for a long one the BODY pieces that
//! hold the part of its body a caller needs.

use super::Index;
use crate::document::{Chunk, DocId, DocPiece, Document};
use crate::error::{Error, Result};
use crate::format::{FormatError, PieceRef};
use crate::root::PieceId;
use std::borrow::Cow;
use std::ops::Range;

/// The chunks that hold any of the body's characters `chars` (at least the first, for an empty
/// range at the start).
fn covering<'c>(chunks: &'c [Chunk], chars: &Range<u32>) -> &'c [Chunk] {
    let first = chunks.partition_point(|c| c.start + c.chars <= chars.start);
    let end = chunks.partition_point(|c| c.start < chars.end.max(chars.start + 1));
    chunks.get(first..end.max(first)).unwrap_or(&[])
}

impl<'r> Index<'r> {
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
    pub(crate) fn require_documents(&self, docs: impl IntoIterator<Item = DocId>) -> Result<()> {
        self.require(self.document_pieces(docs))
    }

    /// The DOCS pieces that hold these documents (for [`Index::require`] with other pieces).
    pub(crate) fn document_pieces<'d>(
        &'d self,
        docs: impl IntoIterator<Item = DocId> + 'd,
    ) -> impl Iterator<Item = PieceId> + 'd {
        docs.into_iter()
            .filter_map(|doc| self.root.doc_piece_for(doc))
            .map(PieceId::Docs)
    }

    /// [`Error::NotLoaded`] naming the DOCS piece when the index has only one and it is not
    /// loaded. Every search with hits reads it, so a small site asks for it in the round of the
    /// first terms, not in a round trip of its own.
    pub(crate) fn require_sole_doc_piece(&self) -> Result<()> {
        match self.root.piece_counts() {
            (_, 1, _) => self.require([PieceId::Docs(0)]),
            _ => Ok(()),
        }
    }

    /// Document number `doc`, whole: its DOCS piece and, for a long one, every BODY piece.
    pub fn document(&self, doc: DocId) -> Result<Document<'_>> {
        let piece = self.doc_piece(doc)?;
        let chunks = piece.chunks(doc)?;
        if chunks.is_empty() {
            return piece.document(doc, None);
        }
        let body = self.body_text(&chunks)?;
        piece.document(doc, Some((body, 0)))
    }

    /// Document number `doc` with as much of its body as holds the characters `chars` (of the
    /// body): for a long document, only the BODY pieces those characters are in.
    pub(crate) fn document_part(&self, doc: DocId, chars: Range<u32>) -> Result<Document<'_>> {
        let piece = self.doc_piece(doc)?;
        let chunks = piece.chunks(doc)?;
        if chunks.is_empty() {
            return piece.document(doc, None);
        }
        let wanted = covering(&chunks, &chars);
        let from = wanted.first().map_or(0, |chunk| chunk.start);
        let body = self.body_text(wanted)?;
        piece.document(doc, Some((body, from)))
    }

    /// Characters in document `doc`'s title and body (its DOCS piece only).
    pub(crate) fn document_lengths(&self, doc: DocId) -> Result<(u32, u32)> {
        self.doc_piece(doc)?.lengths(doc)
    }

    /// The BODY pieces that hold the given characters of the given documents' bodies, all asked
    /// for at once (their DOCS pieces must be loaded: [`Index::require_documents`]).
    pub(crate) fn require_bodies(
        &self,
        wanted: impl IntoIterator<Item = (DocId, Range<u32>)>,
    ) -> Result<()> {
        let mut missing: Vec<PieceRef> = Vec::new();
        for (doc, chars) in wanted {
            let chunks = self.doc_piece(doc)?.chunks(doc)?;
            for chunk in covering(&chunks, &chars) {
                if !self.is_loaded(PieceId::Body(chunk.piece.hash))
                    && !missing.contains(&chunk.piece)
                {
                    missing.push(chunk.piece);
                }
            }
        }
        if missing.is_empty() {
            Ok(())
        } else {
            Err(Error::NotLoaded(missing))
        }
    }

    /// The text of consecutive chunks, or the pieces missing among them.
    fn body_text(&self, chunks: &[Chunk]) -> Result<Cow<'_, str>> {
        let missing: Vec<PieceRef> = chunks
            .iter()
            .filter(|chunk| !self.is_loaded(PieceId::Body(chunk.piece.hash)))
            .map(|chunk| chunk.piece)
            .collect();
        if !missing.is_empty() {
            return Err(Error::NotLoaded(missing));
        }
        let texts: Vec<&str> = chunks
            .iter()
            .filter_map(|chunk| self.body_piece(chunk.piece.hash))
            .collect();
        Ok(match texts.as_slice() {
            [one] => Cow::Borrowed(*one),
            many => {
                let mut joined = String::with_capacity(many.iter().map(|t| t.len()).sum());
                for text in many {
                    joined.push_str(text);
                }
                Cow::Owned(joined)
            }
        })
    }

    /// The document with this id.
    pub fn find_document(&self, id: &str) -> Result<DocId> {
        let unknown = || Error::UnknownDocument(id.to_string());
        let n = self.root.id_piece_for(id).ok_or_else(unknown)?;
        // A DOCS piece already loaded (the document of a hit being opened) knows its own ids,
        // in order: the one whose range holds the id settles it without a fetch.
        if let Some(found) = self.find_in_loaded_documents(id)? {
            return found.ok_or_else(unknown);
        }
        // Otherwise (a shared link), the IDS piece says which DOCS piece's range holds the id.
        self.require([PieceId::Ids(n)])?;
        let ids = self
            .ids
            .get(n)
            .and_then(Option::as_ref)
            .ok_or_else(unknown)?;
        let holder = crate::format::IdRun::decode(ids.as_ref())?
            .piece_for(id)
            .ok_or_else(unknown)? as usize;
        self.require([PieceId::Docs(holder)])?;
        let piece = self.docs.get(holder).and_then(Option::as_ref);
        let piece = piece.ok_or_else(unknown)?;
        ids_of(piece, id)?.flatten().ok_or_else(unknown)
    }

    /// The document with this id, if a loaded DOCS piece's range of ids holds it (`Some(None)`
    /// when the range holds it and the document is not there: no document has that id).
    fn find_in_loaded_documents(&self, id: &str) -> Result<Option<Option<DocId>>> {
        for piece in self.docs.iter().flatten() {
            if let Some(found) = ids_of(piece, id)? {
                return Ok(Some(found));
            }
        }
        Ok(None)
    }
}

/// The document of `piece` with this id, if the piece's range of ids holds it (`Some(None)` when
/// the range holds it and the document is not there).
fn ids_of(piece: &DocPiece, id: &str) -> Result<Option<Option<DocId>>> {
    let (first, end) = (piece.first_doc, piece.first_doc + piece.count());
    if piece.count() == 0 || piece.id(first)? > id || piece.id(end - 1)? < id {
        return Ok(None);
    }
    let (mut low, mut high) = (first, end);
    while low < high {
        let middle = low + (high - low) / 2;
        match piece.id(middle)?.cmp(id) {
            std::cmp::Ordering::Less => low = middle + 1,
            std::cmp::Ordering::Greater => high = middle,
            std::cmp::Ordering::Equal => return Ok(Some(Some(middle))),
        }
    }
    Ok(Some(None))
}
