//! The records inside pieces: the META sections of a ROOT and of a DOCS piece, a document's
//! fixed record and its extra (URL, sections, metadata), and the FILTERS piece's filters and
//! sort keys. The grammar is in `format.rs`. Each has one encoder and one decoder, here, which
//! the indexer and the engine share.

use super::{read_bytes, read_u32, read_varint, write_bytes, write_varint, FormatError};

/// A ROOT's META section: the whole index counted, and a check of its conversion table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct RootMeta {
    /// Documents in the index.
    pub doc_count: u32,
    /// Distinct terms.
    pub term_count: u32,
    /// Characters of every title and body.
    pub total_chars: u64,
    /// `fnv32` of the T2S section, so that a table damaged on its own is told.
    pub t2s_check: u32,
    /// Files the pieces take (a BODIES file counts once, not its BODY pieces).
    pub piece_files: u32,
    /// Their stored bytes.
    pub piece_bytes: u64,
}

impl RootMeta {
    /// The section's bytes.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(32);
        out.extend_from_slice(&self.doc_count.to_le_bytes());
        out.extend_from_slice(&self.term_count.to_le_bytes());
        out.extend_from_slice(&self.total_chars.to_le_bytes());
        out.extend_from_slice(&self.t2s_check.to_le_bytes());
        out.extend_from_slice(&self.piece_files.to_le_bytes());
        out.extend_from_slice(&self.piece_bytes.to_le_bytes());
        out
    }

    /// Reads the section.
    pub fn decode(meta: &[u8]) -> Result<RootMeta, FormatError> {
        let field = |at: usize| read_u32(meta, at, "the root's meta");
        let wide = |at: usize| {
            Ok::<u64, FormatError>(u64::from(field(at)?) | u64::from(field(at + 4)?) << 32)
        };
        Ok(RootMeta {
            doc_count: field(0)?,
            term_count: field(4)?,
            total_chars: wide(8)?,
            t2s_check: field(16)?,
            piece_files: field(20)?,
            piece_bytes: wide(24)?,
        })
    }
}

/// A DOCS piece's META section: which documents it holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct DocsMeta {
    /// The number of its first document.
    pub first_doc: u32,
    /// How many documents follow from there.
    pub count: u32,
}

impl DocsMeta {
    /// The section's bytes.
    pub fn encode(&self) -> Vec<u8> {
        [self.first_doc, self.count]
            .iter()
            .flat_map(|n| n.to_le_bytes())
            .collect()
    }

    /// Reads the section.
    pub fn decode(meta: &[u8]) -> Result<DocsMeta, FormatError> {
        Ok(DocsMeta {
            first_doc: read_u32(meta, 0, "a document piece's meta")?,
            count: read_u32(meta, 4, "a document piece's meta")?,
        })
    }
}

/// One record of the DOCS section of a DOCS piece; offsets are within the piece.
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
    /// Byte offset of the document's chunk list in CHUNKS, or `docs::NO_CHUNKS` when its body
    /// is in STRINGS.
    pub chunks_at: u32,
}

impl DocRecord {
    /// Appends the record to a DOCS section. Its offsets in STRINGS are not written: they
    /// follow from the records before it ([`DocRecord::decode_all`]).
    pub fn encode(&self, out: &mut Vec<u8>) {
        let chunks = match self.chunks_at {
            super::docs::NO_CHUNKS => 0,
            at => at + 1,
        };
        for value in [
            self.id_len,
            self.title_bytes,
            self.body_bytes,
            self.title_chars,
            self.body_chars,
            chunks,
        ] {
            write_varint(out, value);
        }
    }

    /// The `count` records of a DOCS section, whose STRINGS hold `strings_len` bytes: each
    /// document's id, then its title, then its body unless it is in BODY pieces, one document
    /// after another, to the end.
    pub fn decode_all(
        docs: &[u8],
        count: u32,
        strings_len: usize,
    ) -> Result<Vec<DocRecord>, FormatError> {
        let corrupt = || FormatError::Corrupt("a document piece's records do not match its text");
        // Six bytes or more per record: a bogus count is caught before it allocates.
        if docs.len() < 6 * count as usize {
            return Err(corrupt());
        }
        let at = &mut 0;
        let mut next: u32 = 0;
        let mut records = Vec::with_capacity(count as usize);
        for _ in 0..count {
            let mut field = || read_varint(docs, at);
            let (id_len, title_bytes, body_bytes) = (field()?, field()?, field()?);
            let (title_chars, body_chars, chunks) = (field()?, field()?, field()?);
            let chunks_at = chunks.checked_sub(1).unwrap_or(super::docs::NO_CHUNKS);
            let id_start = next;
            let text_start = id_start.checked_add(id_len).ok_or_else(corrupt)?;
            let in_strings = match chunks {
                0 => body_bytes,
                _ => 0,
            };
            next = text_start
                .checked_add(title_bytes)
                .and_then(|end| end.checked_add(in_strings))
                .ok_or_else(corrupt)?;
            records.push(DocRecord {
                id_start,
                id_len,
                text_start,
                title_bytes,
                body_bytes,
                title_chars,
                body_chars,
                chunks_at,
            });
        }
        if *at != docs.len() || next as usize != strings_len {
            return Err(corrupt());
        }
        Ok(records)
    }
}

/// A heading with an anchor, where its section starts in the document's stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SectionEntry<'a> {
    /// The stream position where the section starts.
    pub position: u32,
    /// The heading's text.
    pub heading: &'a str,
    /// The id the page gives the heading (the link is `url#anchor`).
    pub anchor: &'a str,
}

/// What a document has besides its text: where it lives, its sections, its metadata.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocExtra<'a> {
    /// The page's URL from the site root, starting with `/`; none for plain text articles.
    pub url: Option<&'a str>,
    /// Sections by position, ascending.
    pub sections: Vec<SectionEntry<'a>>,
    /// Metadata (`date`, `tags` once per tag, …) in the order the page gave it.
    pub meta: Vec<(&'a str, &'a str)>,
}

impl<'a> DocExtra<'a> {
    /// Appends the extra's bytes to `out`.
    pub fn encode(&self, out: &mut Vec<u8>) {
        match self.url {
            // 0 says "no URL"; the root page's URL `/` is not empty, but keep the two apart anyway.
            None => write_varint(out, 0),
            Some(url) => {
                write_varint(out, url.len() as u32 + 1);
                out.extend_from_slice(url.as_bytes());
            }
        }
        write_varint(out, self.sections.len() as u32);
        let mut previous = 0;
        for section in &self.sections {
            write_varint(out, section.position - previous);
            previous = section.position;
            write_bytes(out, section.heading.as_bytes());
            write_bytes(out, section.anchor.as_bytes());
        }
        write_varint(out, self.meta.len() as u32);
        for (key, value) in &self.meta {
            write_bytes(out, key.as_bytes());
            write_bytes(out, value.as_bytes());
        }
    }

    /// Reads an extra written by [`DocExtra::encode`].
    pub fn decode(bytes: &'a [u8]) -> Result<DocExtra<'a>, FormatError> {
        let at = &mut 0;
        let url = match read_varint(bytes, at)? {
            0 => None,
            len => {
                let len = len as usize - 1;
                let url = at
                    .checked_add(len)
                    .and_then(|end| bytes.get(*at..end))
                    .ok_or(FormatError::Corrupt("a document's URL"))?;
                *at += len;
                Some(text(url)?)
            }
        };
        // Each section and meta pair takes at least two bytes: a bogus count cannot allocate more.
        let count = read_varint(bytes, at)? as usize;
        let mut sections = Vec::with_capacity(count.min(bytes.len() / 2));
        let mut position: u32 = 0;
        for _ in 0..count {
            position = position
                .checked_add(read_varint(bytes, at)?)
                .ok_or(FormatError::Corrupt("a section's position overflows"))?;
            let heading = text(read_bytes(bytes, at)?)?;
            let anchor = text(read_bytes(bytes, at)?)?;
            sections.push(SectionEntry {
                position,
                heading,
                anchor,
            });
        }
        let count = read_varint(bytes, at)? as usize;
        let mut meta = Vec::with_capacity(count.min(bytes.len() / 2));
        for _ in 0..count {
            let key = text(read_bytes(bytes, at)?)?;
            meta.push((key, text(read_bytes(bytes, at)?)?));
        }
        Ok(DocExtra {
            url,
            sections,
            meta,
        })
    }
}

/// One value of a filter and the documents that have it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilterValue<'a> {
    /// The value as the site wrote it first (`醫藥`).
    pub value: &'a str,
    /// Its search form, which requests are compared in (`医药`).
    pub folded: &'a str,
    /// The documents with this value, ascending.
    pub docs: Vec<u32>,
}

/// One filter (`tags`, `categories`, or a page's own) and its values, by folded value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilterEntry<'a> {
    /// Its name.
    pub key: &'a str,
    /// Its values.
    pub values: Vec<FilterValue<'a>>,
}

/// Writes the FILTERS section.
pub fn encode_filters(filters: &[FilterEntry]) -> Vec<u8> {
    let mut out = Vec::new();
    for filter in filters {
        write_bytes(&mut out, filter.key.as_bytes());
        write_varint(&mut out, filter.values.len() as u32);
        for value in &filter.values {
            write_bytes(&mut out, value.value.as_bytes());
            write_bytes(&mut out, value.folded.as_bytes());
            write_doc_list(&mut out, &value.docs);
        }
    }
    out
}

/// Reads the FILTERS section; every document must be below `doc_count`.
pub fn decode_filters(bytes: &[u8], doc_count: u32) -> Result<Vec<FilterEntry<'_>>, FormatError> {
    let at = &mut 0;
    let mut filters = Vec::new();
    while *at < bytes.len() {
        let key = text(read_bytes(bytes, at)?)?;
        let count = read_varint(bytes, at)? as usize;
        let mut values = Vec::with_capacity(count.min(bytes.len() / 3));
        for _ in 0..count {
            let value = text(read_bytes(bytes, at)?)?;
            let folded = text(read_bytes(bytes, at)?)?;
            let docs = read_doc_list(bytes, at, doc_count)?;
            values.push(FilterValue {
                value,
                folded,
                docs,
            });
        }
        filters.push(FilterEntry { key, values });
    }
    Ok(filters)
}

/// A sort key (`date`): each document's rank by it, 0 for documents without it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SortEntry<'a> {
    /// Its name.
    pub key: &'a str,
    /// Per document: 1 + the place of its value among the distinct values in ascending order,
    /// or 0 when it has none.
    pub ranks: Vec<u32>,
}

/// Writes the SORTS section.
pub fn encode_sorts(sorts: &[SortEntry]) -> Vec<u8> {
    let mut out = Vec::new();
    for sort in sorts {
        write_bytes(&mut out, sort.key.as_bytes());
        for &rank in &sort.ranks {
            write_varint(&mut out, rank);
        }
    }
    out
}

/// Reads the SORTS section of an index of `doc_count` documents.
pub fn decode_sorts(bytes: &[u8], doc_count: u32) -> Result<Vec<SortEntry<'_>>, FormatError> {
    let at = &mut 0;
    let mut sorts = Vec::new();
    while *at < bytes.len() {
        let key = text(read_bytes(bytes, at)?)?;
        // One byte or more per document: a bogus count is caught before it allocates.
        if bytes.len() - *at < doc_count as usize {
            return Err(FormatError::Corrupt("a sort key ends early"));
        }
        let ranks = (0..doc_count)
            .map(|_| read_varint(bytes, at))
            .collect::<Result<_, _>>()?;
        sorts.push(SortEntry { key, ranks });
    }
    Ok(sorts)
}

/// An IDS piece's section: where a run of DOCS pieces starts, and each one's first id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdRun<'a> {
    /// The first DOCS piece of the run.
    pub first_piece: u32,
    /// The first id of each DOCS piece of the run, ascending.
    pub first_ids: Vec<&'a str>,
}

impl<'a> IdRun<'a> {
    /// Writes the IDS section.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        write_varint(&mut out, self.first_piece);
        for id in &self.first_ids {
            write_bytes(&mut out, id.as_bytes());
        }
        out
    }

    /// Reads an IDS section.
    pub fn decode(bytes: &'a [u8]) -> Result<IdRun<'a>, FormatError> {
        let at = &mut 0;
        let first_piece = read_varint(bytes, at)?;
        let mut first_ids: Vec<&str> = Vec::new();
        while *at < bytes.len() {
            let id = text(read_bytes(bytes, at)?)?;
            if first_ids.last().is_some_and(|&previous| previous >= id) {
                return Err(FormatError::Corrupt(
                    "the ids of an IDS piece do not ascend",
                ));
            }
            first_ids.push(id);
        }
        Ok(IdRun {
            first_piece,
            first_ids,
        })
    }

    /// The DOCS piece whose range of ids would hold `id`, if any does.
    pub fn piece_for(&self, id: &str) -> Option<u32> {
        let after = self.first_ids.partition_point(|&first| first <= id);
        let place = u32::try_from(after.checked_sub(1)?).ok()?;
        self.first_piece.checked_add(place)
    }
}

fn write_doc_list(out: &mut Vec<u8>, docs: &[u32]) {
    write_varint(out, docs.len() as u32);
    let mut previous = 0;
    for (n, &doc) in docs.iter().enumerate() {
        // The first is the document itself; the rest are steps of at least one.
        write_varint(out, if n == 0 { doc } else { doc - previous - 1 });
        previous = doc;
    }
}

fn read_doc_list(bytes: &[u8], at: &mut usize, doc_count: u32) -> Result<Vec<u32>, FormatError> {
    let count = read_varint(bytes, at)? as usize;
    if count > doc_count as usize {
        return Err(FormatError::Corrupt(
            "a filter lists more documents than there are",
        ));
    }
    let mut docs = Vec::with_capacity(count);
    let mut doc: u32 = 0;
    for n in 0..count {
        let step = read_varint(bytes, at)?;
        doc = if n == 0 {
            step
        } else {
            doc.checked_add(step)
                .and_then(|d| d.checked_add(1))
                .ok_or(FormatError::Corrupt("a filter's documents overflow"))?
        };
        if doc >= doc_count {
            return Err(FormatError::Corrupt(
                "a filter names a document that does not exist",
            ));
        }
        docs.push(doc);
    }
    Ok(docs)
}

fn text(bytes: &[u8]) -> Result<&str, FormatError> {
    std::str::from_utf8(bytes).map_err(|_| FormatError::Corrupt("a text is not UTF-8"))
}
