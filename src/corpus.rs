//! Reading a corpus folder: which files are articles, what their ids are, and their text.
//!
//! Every `.txt` file below the folder (any depth, extension in any case) is one article; its file
//! stem is its id. Shared by `build.rs` and the native tests through `#[path]`: it uses `std`,
//! `encoding_rs` (only to name the encoding of a file that is not UTF-8) and `crate::clean`.
//!
//! What is refused, always naming the file and what to do:
//! - a file that is not UTF-8: GBK, Big5, UTF-16 or binary data is named as such (a UTF-8 byte
//!   order mark is fine);
//! - a file larger than [`MAX_FILE_BYTES`]: everything is embedded in one wasm module, and a
//!   file that large is a collection of articles rather than one;
//! - an empty file, two files with the same stem, a file name that is not UTF-8.

use crate::clean::{self, Article, IsReading, SearchForm};
use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest article file accepted, in bytes (8 MiB: about 2.7 million Chinese characters).
pub const MAX_FILE_BYTES: u64 = 8 << 20;

/// An article read from the corpus.
pub struct Document {
    /// The file stem.
    pub id: String,
    /// The cleaned text.
    pub article: Article,
}

/// Reads and cleans every article below `dir`, in id order.
pub fn read_corpus(
    dir: &Path,
    is_reading: IsReading<'_>,
    search_form: SearchForm<'_>,
) -> Result<Vec<Document>, String> {
    let mut documents = Vec::new();
    for (id, path) in article_files(dir)? {
        let text = read_text(&path)?;
        let (article, _report) = clean::clean_article(&text, is_reading, search_form)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        documents.push(Document { id, article });
    }
    Ok(documents)
}

/// The article files below `dir` by id. Symbolic links to folders are followed once each, so a
/// link cycle cannot make the walk endless.
pub fn article_files(dir: &Path) -> Result<BTreeMap<String, PathBuf>, String> {
    let root = dir
        .canonicalize()
        .map_err(|e| format!("the corpus folder {} cannot be opened: {e}", dir.display()))?;
    let mut files = Vec::new();
    let mut visited = vec![root.clone()];
    collect(&root, &mut visited, &mut files)?;
    let mut by_id: BTreeMap<String, PathBuf> = BTreeMap::new();
    for path in files {
        let id = path
            .file_stem()
            .and_then(|s| s.to_str())
            .ok_or_else(|| {
                format!(
                    "{}: the file name is not valid UTF-8; rename the file",
                    path.display()
                )
            })?
            .to_string();
        if let Some(other) = by_id.insert(id.clone(), path.clone()) {
            return Err(format!(
                "two corpus files have the id {id:?}: {} and {}; document ids (file stems) must be unique",
                other.display(),
                path.display()
            ));
        }
    }
    if by_id.is_empty() {
        return Err(format!(
            "the corpus folder {} holds no .txt files",
            dir.display()
        ));
    }
    Ok(by_id)
}

fn collect(dir: &Path, visited: &mut Vec<PathBuf>, files: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry
            .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
            .path();
        if path.is_dir() {
            let real = path
                .canonicalize()
                .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
            if !visited.contains(&real) {
                visited.push(real);
                collect(&path, visited, files)?;
            }
        } else if path
            .extension()
            .is_some_and(|ext| ext.eq_ignore_ascii_case("txt"))
        {
            files.push(path);
        }
    }
    Ok(())
}

/// A corpus file's text: UTF-8 (a byte order mark is dropped later, by cleaning), at most
/// [`MAX_FILE_BYTES`], and not binary. Only a regular file is read, and never past the limit:
/// a FIFO would block the build and a device would never end.
pub fn read_text(path: &Path) -> Result<String, String> {
    let cannot = |e: std::io::Error| format!("{}: cannot read: {e}", path.display());
    // Asked before opening: opening a FIFO waits for a writer.
    let metadata = fs::metadata(path).map_err(cannot)?;
    if !metadata.is_file() {
        return Err(format!(
            "{}: is not a regular file (a FIFO, a device or a socket); only files are read",
            path.display()
        ));
    }
    let size = |bytes: u64| format!("{:.1} MB", bytes as f64 / (1 << 20) as f64);
    if metadata.len() > MAX_FILE_BYTES {
        return Err(too_large(
            &path.display().to_string(),
            &size(metadata.len()),
        ));
    }
    let mut bytes = Vec::new();
    fs::File::open(path)
        .map_err(cannot)?
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    // It grew while it was read.
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(
            &path.display().to_string(),
            &format!("more than {}", size(MAX_FILE_BYTES)),
        ));
    }
    text_of(bytes).map_err(|e| format!("{}: {e}", path.display()))
}

/// The refusal of a document over [`MAX_FILE_BYTES`], whatever kind of file holds it.
pub fn too_large(place: &str, what: &str) -> String {
    format!(
        "{place}: {what} is more than one document may hold ({} MB); split it into one document \
         per article",
        MAX_FILE_BYTES >> 20
    )
}

/// `bytes` as UTF-8 text, or what they seem to be instead.
pub fn text_of(bytes: Vec<u8>) -> Result<String, String> {
    if let Some(encoding) = non_utf8_encoding(&bytes) {
        return Err(refusal(encoding));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            Err(match legacy_chinese_encoding(e.as_bytes()) {
                Some(encoding) => refusal(encoding),
                None => format!(
                    "is not UTF-8 (invalid byte at offset {offset}), nor GBK, Big5 or UTF-16; convert the file to UTF-8"
                ),
            })
        }
    }
}

fn refusal(encoding: &str) -> String {
    if encoding == BINARY {
        return "is binary data, not text: only UTF-8 text files can be articles".to_string();
    }
    format!(
        "is not UTF-8: it seems to be {encoding}; convert it, for example with `iconv -f {} -t UTF-8`",
        iconv_name(encoding)
    )
}

const BINARY: &str = "binary";

fn iconv_name(encoding: &str) -> &str {
    match encoding {
        "GBK" => "GB18030",
        "Big5" => "BIG5",
        _ => encoding,
    }
}

/// Encodings that valid UTF-8 never looks like: a UTF-16 byte order mark, UTF-16 without one
/// (every other byte zero), or binary data (NUL bytes, or many control bytes).
fn non_utf8_encoding(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xFE, ..] => return Some("UTF-16LE"),
        [0xFE, 0xFF, ..] => return Some("UTF-16BE"),
        _ => {}
    }
    let head = &bytes[..bytes.len().min(8192)];
    let zeros_at = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let pairs = head.len() / 2;
    if pairs >= 4 {
        // ASCII (and Latin text) in UTF-16: the high byte of almost every unit is zero.
        if zeros_at(1) * 10 >= pairs * 9 && zeros_at(0) == 0 {
            return Some("UTF-16LE");
        }
        if zeros_at(0) * 10 >= pairs * 9 && zeros_at(1) == 0 {
            return Some("UTF-16BE");
        }
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))
        .count();
    if head.contains(&0) || controls * 20 > head.len() {
        return Some(BINARY);
    }
    None
}

/// GBK or Big5, whichever decodes `bytes` without errors into the more common Chinese text.
fn legacy_chinese_encoding(bytes: &[u8]) -> Option<&'static str> {
    let score = |encoding: &'static encoding_rs::Encoding| {
        let text = encoding.decode_without_bom_handling_and_without_replacement(bytes)?;
        Some(text.chars().filter(|&c| COMMON.contains(c)).count())
    };
    match (score(encoding_rs::GBK), score(encoding_rs::BIG5)) {
        (Some(gbk), Some(big5)) if big5 > gbk => Some("Big5"),
        (Some(_), _) => Some("GBK"),
        (None, Some(_)) => Some("Big5"),
        (None, None) => None,
    }
}

/// The most frequent Chinese characters in both scripts, and full-width punctuation: text
/// decoded with the right legacy encoding is full of them, text decoded with the wrong one is not.
const COMMON: &str = "的一是不了在人有我他这這个個们們中来來上大为為和国國地到以说說时時要就出也得\
里裡后後自会會年生学學对對可她家于於下过過子说說经經发發工作用同现現面方成行么麼\
，。、：；？！“”「」（）《》";
