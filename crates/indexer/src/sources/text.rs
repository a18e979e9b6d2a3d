//! A source file's text: a regular file, at most [`MAX_FILE_BYTES`], in UTF-8. Anything else is
//! refused naming what it seems to be instead (GBK, Big5, UTF-16, binary data) and how to convert
//! it; a FIFO or a device is never opened or read past the limit.

use std::fs;
use std::io::Read;
use std::path::Path;

/// The largest document accepted, in bytes (8 MiB: about 2.7 million Chinese characters), for
/// every kind of file: a `.txt` or a page, and each record of a `.jsonl` file.
pub const MAX_FILE_BYTES: u64 = 8 << 20;

/// A corpus file's text: UTF-8 (a byte order mark is dropped later, by cleaning), at most
/// [`MAX_FILE_BYTES`], and not binary. Only a regular file is read, and never past the limit:
/// a FIFO would block the build and a device would never end.
pub fn read_text(path: &Path) -> Result<String, String> {
    let cannot = |e: std::io::Error| format!("{}: cannot read: {e}", path.display());
    let metadata = regular_file(path)?;
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

/// The metadata of `path`, or a refusal when it is not a regular file. Asked before opening:
/// opening a FIFO waits for a writer, and a device never ends.
pub fn regular_file(path: &Path) -> Result<fs::Metadata, String> {
    let metadata =
        fs::metadata(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    if !metadata.is_file() {
        return Err(format!(
            "{}: is not a regular file (a FIFO, a device or a socket); only files are read",
            path.display()
        ));
    }
    Ok(metadata)
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
                    "is not UTF-8 (invalid byte at offset {offset}), nor GBK, Big5, Shift_JIS, UTF-16 or UTF-32; convert the file to UTF-8"
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
        "Shift_JIS" => "SHIFT_JIS",
        _ => encoding,
    }
}

/// Encodings that valid UTF-8 never looks like: a UTF-16 byte order mark, UTF-16 without one
/// (every other byte zero), or binary data (NUL bytes, or many control bytes).
fn non_utf8_encoding(bytes: &[u8]) -> Option<&'static str> {
    // UTF-32's marks first: UTF-32LE's begins with UTF-16LE's.
    match bytes {
        [0xFF, 0xFE, 0, 0, ..] => return Some("UTF-32LE"),
        [0, 0, 0xFE, 0xFF, ..] => return Some("UTF-32BE"),
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
    // ASCII in UTF-32 without a mark: three zero bytes beside each letter.
    let quads = head.len() / 4;
    let letters = |zeros: std::ops::Range<usize>, letter: usize| {
        head.chunks_exact(4)
            .filter(|q| q[zeros.clone()].iter().all(|&b| b == 0) && q[letter] != 0)
            .count()
    };
    if quads >= 4 && letters(1..4, 0) * 10 >= quads * 9 {
        return Some("UTF-32LE");
    }
    if quads >= 4 && letters(0..3, 3) * 10 >= quads * 9 {
        return Some("UTF-32BE");
    }
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

/// GBK, Big5 or Shift_JIS, whichever decodes `bytes` without errors into the most likely text:
/// common Chinese characters for the first two, kana for Japanese (Shift_JIS bytes often decode
/// as GBK without an error, into nonsense).
fn legacy_chinese_encoding(bytes: &[u8]) -> Option<&'static str> {
    let decoded = |encoding: &'static encoding_rs::Encoding| {
        encoding.decode_without_bom_handling_and_without_replacement(bytes)
    };
    let common = |text: &str| text.chars().filter(|&c| COMMON.contains(c)).count();
    let kana = decoded(encoding_rs::SHIFT_JIS).map_or(0, |text| {
        text.chars()
            .filter(|c| matches!(c, '\u{3041}'..='\u{30FF}'))
            .count()
    });
    let gbk = decoded(encoding_rs::GBK).map(|text| common(&text));
    let big5 = decoded(encoding_rs::BIG5).map(|text| common(&text));
    if kana > gbk.unwrap_or(0).max(big5.unwrap_or(0)) {
        return Some("Shift_JIS");
    }
    match (gbk, big5) {
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
