//! What a corpus folder may hold: each odd file is either indexed correctly or refused with a
//! message that names the file and says what to do. The last tests run the real build script.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use sousuo::{search::SearchOptions, Index};
use std::fs;
use std::path::{Path, PathBuf};
use support::build_script::run_build;
use support::{clean, corpus, full_normalizer, is_reading};

fn normalize(text: &str) -> String {
    full_normalizer().normalize(text)
}

/// A fresh, empty folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sousuo-corpus-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// A folder holding one file with `bytes`, and the error reading it gives.
fn refusal(name: &str, bytes: &[u8]) -> String {
    let dir = scratch(name);
    fs::write(dir.join(format!("{name}.txt")), bytes).unwrap();
    let error = read(&dir).err().expect("the file is refused");
    assert!(
        error.contains(&format!("{name}.txt")),
        "names the file: {error}"
    );
    error
}

fn read(dir: &Path) -> Result<Vec<corpus::Document>, String> {
    corpus::read_corpus(dir, &is_reading, &normalize)
}

fn seed_text(stem: &str) -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("seeds/{stem}.txt")))
        .unwrap()
}

fn hostile_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpora/hostile")
}

#[test]
fn odd_names_bom_crlf_and_markup_are_indexed_as_plain_text() {
    let documents = read(&hostile_corpus()).unwrap();
    let ids: Vec<&str> = documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(
        ids,
        ["crlf bom", "markup", "只有标题", "带 空格 的中文文件名"]
    );
    let markup = &documents[1].article;
    assert_eq!(markup.title, "<script>alert(\"标题\")</script>医药标签测试");
    assert!(markup.body.contains("<img src=x onerror=alert(1)>"));
    assert!(markup.body.contains("javascript:alert(document.cookie)"));
    assert!(
        markup.body.contains("&lt;b&gt; 和 &amp;"),
        "entities stay undecoded"
    );
    let crlf = &documents[0].article;
    assert_eq!(crlf.title, "Windows 换行的文章");
    assert_eq!(
        crlf.body,
        "第一段：苏州医药城今天开幕。\n第二段：<b>加粗</b>不是加粗。"
    );
    assert_eq!(
        documents[2].article.body, "",
        "a title-only file is an article"
    );
}

#[test]
fn very_long_names_and_upper_case_extensions_are_read() {
    let dir = scratch("names");
    let long = "很长的文件名".repeat(13); // 234 bytes: near the 255-byte limit of most file systems
    fs::write(dir.join(format!("{long}.txt")), "长名字\n正文。").unwrap();
    fs::write(dir.join("LOUD.TXT"), "大写扩展名\n正文。").unwrap();
    fs::write(dir.join("notes.md"), "not an article").unwrap();
    let ids: Vec<String> = read(&dir).unwrap().into_iter().map(|d| d.id).collect();
    assert_eq!(ids, ["LOUD".to_string(), long]);
}

#[test]
fn legacy_chinese_encodings_are_named_with_the_way_to_convert() {
    // A Simplified article in GBK, as Windows in mainland China writes it.
    let simplified = normalize(&seed_text("001_9fc454ccbfdced76"));
    let (gbk, _, _) = encoding_rs::GBK.encode(&simplified);
    let error = refusal("gbk", &gbk);
    assert!(
        error.contains("seems to be GBK") && error.contains("iconv -f GB18030"),
        "{error}"
    );

    // A Traditional article in Big5, as Taiwan and Hong Kong write it.
    let traditional = "市委常委會在醫藥高新區調研並專題研究醫藥高新區工作\n為進一步下沉工作重心、轉變工作作風、改進工作方式，更好服務和支持板塊發展，市委常委會在醫藥高新區調研並召開專題會議。";
    let (big5, _, unmappable) = encoding_rs::BIG5.encode(traditional);
    assert!(!unmappable);
    let error = refusal("big5", &big5);
    assert!(
        error.contains("seems to be Big5") && error.contains("iconv -f BIG5"),
        "{error}"
    );

    // Traditional text in GBK is still GBK.
    let (gbk, _, _) = encoding_rs::GBK.encode(traditional);
    assert!(refusal("gbk-traditional", &gbk).contains("seems to be GBK"));
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
    let no_bom: Vec<u8> = "Title\nA body in English, sixteen bits a letter."
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    assert!(refusal("utf16-no-bom", &no_bom).contains("seems to be UTF-16LE"));

    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0";
    assert!(refusal("image", png).contains("binary data"));
    let nul_in_utf8 = "标题\n正文\0正文".as_bytes();
    assert!(refusal("nul", nul_in_utf8).contains("binary data"));
    let noise: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8 | 0x80)
        .collect();
    let error = refusal("noise", &noise);
    assert!(error.contains("UTF-8"), "{error}");
}

#[test]
fn a_utf8_byte_order_mark_and_control_characters_are_dropped() {
    let dir = scratch("controls");
    fs::write(
        dir.join("a.txt"),
        "\u{FEFF}标题\u{1B}[31m\n正文\u{0C}第二句\u{85}。\u{7F}",
    )
    .unwrap();
    let article = read(&dir).unwrap().remove(0).article;
    assert_eq!(article.title, "标题[31m");
    assert_eq!(article.body, "正文第二句。");
}

#[test]
fn a_50_mb_file_is_refused_without_being_read() {
    let dir = scratch("huge");
    let paragraph = "医药高新区的新闻，一段又一段，重复到五十兆字节。\n".repeat(1000);
    let mut file = fs::File::create(dir.join("huge.txt")).unwrap();
    use std::io::Write;
    while file.metadata().unwrap().len() < 50 << 20 {
        file.write_all(paragraph.as_bytes()).unwrap();
    }
    drop(file);
    let error = read(&dir).err().unwrap();
    assert!(
        error.contains("huge.txt: 50.")
            && error.contains("is more than one document may hold (8 MB)"),
        "{error}"
    );
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn empty_files_duplicate_ids_and_empty_folders_are_refused() {
    assert!(refusal("empty", b"").contains("is empty"));
    assert!(refusal("blank", " \r\n\u{3000}\n".as_bytes()).contains("is empty"));

    let dir = scratch("duplicates");
    for sub in ["2023", "2024"] {
        fs::create_dir_all(dir.join(sub)).unwrap();
        fs::write(dir.join(sub).join("report.txt"), "年报\n正文。").unwrap();
    }
    let error = read(&dir).err().unwrap();
    assert!(
        error.contains("two corpus files have the id \"report\"")
            && error.contains("2023")
            && error.contains("2024"),
        "{error}"
    );

    let empty = scratch("nothing");
    assert!(read(&empty).err().unwrap().contains("holds no .txt files"));
    let missing = empty.join("no-such-folder");
    assert!(read(&missing).err().unwrap().contains("cannot be opened"));
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_cycle_is_walked_once() {
    let dir = scratch("cycle");
    fs::create_dir_all(dir.join("inner")).unwrap();
    fs::write(dir.join("inner/a.txt"), "标题\n正文。").unwrap();
    std::os::unix::fs::symlink(&dir, dir.join("inner/loop")).unwrap();
    let ids: Vec<String> = read(&dir).unwrap().into_iter().map(|d| d.id).collect();
    assert_eq!(ids, ["a"]);
}

#[test]
fn a_failed_build_leaves_no_index_behind_and_a_good_one_searches_the_text_as_text() {
    let out = scratch("out");
    let (ok, log) = run_build(&hostile_corpus(), &out);
    assert!(ok, "{log}");
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

    // A corpus with one GBK file fails the build, and the index of the good build is gone.
    let bad = scratch("bad");
    fs::write(bad.join("good.txt"), "标题\n正文。").unwrap();
    let (gbk, _, _) = encoding_rs::GBK.encode("标题\n这是一篇用简体中文写的文章，在中国大陆常见。");
    fs::write(bad.join("legacy.txt"), &gbk).unwrap();
    let (ok, log) = run_build(&bad, &out);
    assert!(!ok);
    assert!(
        log.contains("legacy.txt") && log.contains("seems to be GBK"),
        "{log}"
    );
    assert!(
        !out.join("index.bin").exists(),
        "no stale index is left to embed"
    );
}
