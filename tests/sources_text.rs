//! What a source file's text may be, through the readers and the indexer the build runs: each
//! odd file is either indexed correctly or refused with a message that names the file and says
//! what to do, and a failed build leaves no index behind.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use sousuo::{Index, SearchOptions};
use sousuo_indexer::sources::read_sources;
use std::fs;
use std::path::Path;
use support::indexer::run_build;
use support::sites::scratch;

/// A folder holding one `.txt` file with `bytes`, and the error reading it gives.
fn refusal(name: &str, bytes: &[u8]) -> String {
    let dir = scratch(&format!("text-{name}"));
    fs::write(dir.join(format!("{name}.txt")), bytes).unwrap();
    let error = read_sources(&dir).expect_err("the file is refused");
    assert!(
        error.contains(&format!("{name}.txt")),
        "names the file: {error}"
    );
    error
}

fn hostile_corpus() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpora/hostile")
}

#[test]
fn legacy_chinese_encodings_are_named_with_the_way_to_convert() {
    let simplified = "泰州医药高新区召开专题会议\n为进一步下沉工作重心、转变工作作风，市委常委会在医药高新区调研。";
    let (gbk, _, _) = encoding_rs::GBK.encode(simplified);
    let error = refusal("gbk", &gbk);
    assert!(
        error.contains("seems to be GBK") && error.contains("iconv -f GB18030"),
        "{error}"
    );
    let traditional = "市委常委會在醫藥高新區調研並專題研究醫藥高新區工作\n為進一步下沉工作重心、轉變工作作風、改進工作方式，更好服務和支持板塊發展，市委常委會在醫藥高新區調研並召開專題會議。";
    let (big5, _, unmappable) = encoding_rs::BIG5.encode(traditional);
    assert!(!unmappable);
    let error = refusal("big5", &big5);
    assert!(
        error.contains("seems to be Big5") && error.contains("iconv -f BIG5"),
        "{error}"
    );
}

#[test]
fn utf16_and_binary_files_are_named() {
    let text = "标题\n正文 text";
    let mut le = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    assert!(refusal("utf16le", &le).contains("seems to be UTF-16LE"));
    let mut be = vec![0xFE, 0xFF];
    be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    assert!(refusal("utf16be", &be).contains("seems to be UTF-16BE"));
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0";
    assert!(refusal("image", png).contains("binary data"));
    let noise: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8 | 0x80)
        .collect();
    assert!(refusal("noise", &noise).contains("UTF-8"));
}

#[test]
fn a_50_mb_file_is_refused_without_being_read() {
    let dir = scratch("text-huge");
    let file = fs::File::create(dir.join("huge.txt")).unwrap();
    file.set_len(50 << 20).unwrap();
    let error = read_sources(&dir).err().unwrap();
    assert!(
        error.contains("huge.txt: 50.0 MB is more than one document may hold (8 MB)"),
        "{error}"
    );
}

#[test]
fn very_long_names_and_upper_case_extensions_are_read() {
    let dir = scratch("text-names");
    let long = "很长的文件名".repeat(13); // 234 bytes: near the 255-byte limit of most file systems
    fs::write(dir.join(format!("{long}.txt")), "长名字\n正文。").unwrap();
    fs::write(dir.join("LOUD.TXT"), "大写扩展名\n正文。").unwrap();
    fs::write(dir.join("notes.csv"), "not an article").unwrap();
    let ids: Vec<String> = read_sources(&dir)
        .unwrap()
        .into_iter()
        .map(|d| d.id)
        .collect();
    assert_eq!(ids, ["LOUD".to_string(), long]);
}

#[test]
fn a_failed_build_leaves_no_index_behind_and_a_good_one_searches_the_text_as_text() {
    let out = scratch("text-out");
    run_build(&hostile_corpus(), &out).unwrap();
    let bytes = fs::read(out.join("index.bin")).unwrap();
    let index = Index::from_bytes(&bytes).unwrap();
    let results = sousuo::search(&index, "<img onerror", &SearchOptions::default()).unwrap();
    assert_eq!(results.hits.len(), 1);
    let snippet: String = results.hits[0]
        .snippet
        .iter()
        .map(|s| s.text.as_str())
        .collect();
    assert!(
        snippet.contains("<img src=x onerror=alert(1)>"),
        "{snippet}"
    );
    let spaced = sousuo::article(&index, "带 空格 的中文文件名", None).unwrap();
    assert_eq!(spaced.title, "文件名里有空格和中文");
    // A byte order mark, CRLF line ends and control characters are not text.
    let crlf = sousuo::article(&index, "crlf bom", None).unwrap();
    assert_eq!(crlf.title, "Windows 换行的文章");

    // A corpus with one GBK file fails the build, and the index of the good build is gone.
    let bad = scratch("text-bad");
    fs::write(bad.join("good.txt"), "标题\n正文。").unwrap();
    let (gbk, _, _) = encoding_rs::GBK.encode("标题\n这是一篇用简体中文写的文章，在中国大陆常见。");
    fs::write(bad.join("legacy.txt"), &gbk).unwrap();
    let error = run_build(&bad, &out).unwrap_err();
    assert!(
        error.contains("legacy.txt") && error.contains("seems to be GBK"),
        "{error}"
    );
    assert!(
        !out.join("index.bin").exists(),
        "no stale index is left to embed"
    );
}

#[test]
fn japanese_and_utf32_files_are_named_as_what_they_are() {
    let japanese =
        "日本語のテキストです。ひらがなとカタカナが混ざっています。\nこれはテストの文章です。";
    let (sjis, _, unmappable) = encoding_rs::SHIFT_JIS.encode(japanese);
    assert!(!unmappable);
    let error = refusal("sjis", &sjis);
    assert!(
        error.contains("seems to be Shift_JIS") && error.contains("iconv -f SHIFT_JIS"),
        "not GBK: {error}"
    );
    let text = "标题\n正文 text";
    let mut le = vec![0xFF, 0xFE, 0, 0];
    le.extend(text.chars().flat_map(|c| (c as u32).to_le_bytes()));
    assert!(refusal("utf32le", &le).contains("seems to be UTF-32LE"));
    let mut be = vec![0, 0, 0xFE, 0xFF];
    be.extend(text.chars().flat_map(|c| (c as u32).to_be_bytes()));
    assert!(refusal("utf32be", &be).contains("seems to be UTF-32BE"));
    let no_mark: Vec<u8> = "Title\nA body in English, thirty-two bits a letter."
        .chars()
        .flat_map(|c| (c as u32).to_le_bytes())
        .collect();
    assert!(refusal("utf32-no-mark", &no_mark).contains("seems to be UTF-32LE"));
}
