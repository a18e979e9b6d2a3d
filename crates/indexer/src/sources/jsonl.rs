//! JSON Lines exports: one record per line, as a CMS or a database dump writes them.
//!
//! `{"id", "title", "body", "url"?, "date"?, "tags"?, "categories"?, "lang"?, …}`. `id` is text or
//! a whole number (dumps often number their rows); `body` is split into paragraphs at line
//! breaks; `tags`/`categories` are a text or a list of texts. Any other text field goes to
//! `Meta::extra`, any other list of texts to `Meta::filters`; other values are ignored. Blank
//! lines are skipped; any other bad line refuses the file, naming the line.

use super::site_url::{self, Allow};
use super::text;
use super::{collapse, front_matter, Block, BlockKind, Meta, SourceDocument};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::fs;
use std::path::Path;

const SHAPE: &str = "each line must be one JSON object with the text fields \"id\" and \"body\" \
                     (\"title\", \"url\", \"date\", \"tags\", \"categories\" optional), e.g. \
                     {\"id\": \"a1\", \"title\": \"标题\", \"body\": \"正文\"}";

/// The text of a `.jsonl` file: a regular file, in UTF-8. It may hold any number of records;
/// each is bounded in [`read`].
pub fn read_file(path: &Path) -> Result<String, String> {
    text::regular_file(path)?;
    let bytes = fs::read(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    text::text_of(bytes).map_err(|e| format!("{}: {e}", path.display()))
}

/// The records of a file, in order; a record without a title gets its first words as one, with
/// a line in `warnings` (as Pagefind and MiniSearch index such a record, rather than refuse it).
pub fn read(
    path: &Path,
    text: &str,
    warnings: &mut Vec<String>,
) -> Result<Vec<SourceDocument>, String> {
    let mut documents = Vec::new();
    let mut lines_of: HashMap<String, usize> = HashMap::new();
    for (index, line) in super::without_bom(text).lines().enumerate() {
        let number = index + 1;
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if line.len() as u64 > text::MAX_FILE_BYTES {
            return Err(text::too_large(
                &format!("{}:{number}", path.display()),
                "this record",
            ));
        }
        let bad = |what: String| format!("{}:{number}: {what}; {SHAPE}", path.display());
        let value: Value = serde_json::from_str(line).map_err(|e| {
            // serde's "at line 1 column N" would contradict the file's line number.
            let message = e.to_string();
            let message = message
                .rsplit_once(" at line ")
                .map_or(&*message, |(m, _)| m);
            bad(format!("is not JSON ({message}, column {})", e.column()))
        })?;
        let Value::Object(record) = value else {
            return Err(bad("is not a JSON object".to_string()));
        };
        let document = record_of(path, number, record, warnings).map_err(bad)?;
        if let Some(first) = lines_of.insert(document.id.clone(), number) {
            return Err(format!(
                "{}:{number}: the id {:?} is already the id of line {first}; ids must be unique",
                path.display(),
                document.id
            ));
        }
        documents.push(document);
    }
    Ok(documents)
}

fn record_of(
    path: &Path,
    line: usize,
    record: Map<String, Value>,
    warnings: &mut Vec<String>,
) -> Result<SourceDocument, String> {
    let text = |key: &str| match record.get(key) {
        Some(Value::String(s)) => Ok(Some(s.clone())),
        None | Some(Value::Null) => Ok(None),
        Some(_) => Err(format!("\"{key}\" is not a text")),
    };
    let required = |key: &str| {
        text(key)?
            .filter(|s| !s.trim().is_empty())
            .ok_or_else(|| format!("\"{key}\" is missing or empty"))
    };
    let id = match record.get("id") {
        Some(Value::Number(n)) if n.is_u64() || n.is_i64() => n.to_string(),
        _ => required("id")?.trim().to_string(),
    };
    let body = text("body")?.ok_or_else(|| "\"body\" is missing".to_string())?;
    let title = collapse(&text("title")?.unwrap_or_default());
    let meta = record_meta(&record, text("date")?)?;
    let blocks = paragraphs(&body);
    let title = if title.is_empty() {
        let first_words = untitled(&blocks, &id);
        warnings.push(format!(
            "{}:{line}: the record has no title; it is shown as {first_words:?}, its first words",
            path.display()
        ));
        first_words
    } else {
        title
    };
    Ok(SourceDocument {
        id,
        url: text("url")?
            .map(|url| site_url::written(url.trim(), Allow::External))
            .transpose()?,
        title,
        blocks,
        sections: Vec::new(),
        lang: text("lang")?.filter(|l| !l.trim().is_empty()),
        meta,
        path: path.to_path_buf(),
        line: Some(line),
    })
}

/// A record's metadata: its date, tags and categories, every other text field shown as
/// metadata, and every other list of texts as filters.
fn record_meta(record: &Map<String, Value>, date: Option<String>) -> Result<Meta, String> {
    let mut meta = Meta::default();
    if let Some(date) = date {
        meta.date =
            Some(front_matter::date(&date).ok_or_else(|| {
                format!("the date {date:?} cannot be read (write it as 2024-01-02)")
            })?);
    }
    meta.tags = texts(record, "tags")?;
    meta.categories = texts(record, "categories")?;
    for (key, value) in record {
        if RECORD_FIELDS.contains(&key.as_str()) {
            continue;
        }
        match value {
            Value::String(s) if !s.trim().is_empty() => {
                meta.extra.push((key.clone(), s.trim().to_string()))
            }
            Value::Array(items) => meta.filters.extend(
                items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(|s| (key.clone(), s.trim().to_string())),
            ),
            _ => {}
        }
    }
    Ok(meta)
}

/// The fields a record's own parts are read from; any other is metadata or a filter.
const RECORD_FIELDS: [&str; 8] = [
    "id",
    "title",
    "body",
    "url",
    "date",
    "tags",
    "categories",
    "lang",
];

/// A body's lines as paragraphs, whitespace collapsed, blank ones left out.
fn paragraphs(body: &str) -> Vec<Block> {
    body.lines()
        .map(collapse)
        .filter(|l| !l.is_empty())
        .map(|text| Block {
            text,
            kind: BlockKind::Paragraph,
        })
        .collect()
}

/// Most characters of a title made from a record's first words.
const UNTITLED_CHARS: usize = 30;

/// A title for a record without one: its first words, else its id.
fn untitled(blocks: &[Block], id: &str) -> String {
    let Some(first) = blocks.first() else {
        return id.to_string();
    };
    let mut words: String = first.text.chars().take(UNTITLED_CHARS).collect();
    if first.text.chars().count() > UNTITLED_CHARS {
        words.push('…');
    }
    words
}

/// A field that is a text or a list of texts.
fn texts(record: &Map<String, Value>, key: &str) -> Result<Vec<String>, String> {
    let wrong = || format!("\"{key}\" is not a text or a list of texts");
    let items = match record.get(key) {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| i.as_str().ok_or_else(wrong))
            .collect::<Result<_, _>>()?,
        Some(_) => return Err(wrong()),
    };
    Ok(items
        .into_iter()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect())
}
