//! What the tests of the site readers (crates/indexer/src/sources/) share: helpers to read the
//! test sites in tests/corpora and scratch folders.

use sousuo_indexer::sources::{read_sources, SourceDocument};
use std::fs;
use std::path::{Path, PathBuf};

pub fn site(name: &str) -> Vec<SourceDocument> {
    read_sources(&corpora().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

pub fn corpora() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpora")
}

/// Everything a search could match: title, body and section headings.
pub fn all_text(d: &SourceDocument) -> String {
    let mut text = d.title.clone();
    for b in &d.blocks {
        text.push('\n');
        text.push_str(&b.text);
    }
    for s in &d.sections {
        text.push('\n');
        text.push_str(&s.heading);
    }
    text
}

pub fn by_url<'d>(documents: &'d [SourceDocument], url: &str) -> &'d SourceDocument {
    documents
        .iter()
        .find(|d| d.url.as_deref() == Some(url))
        .unwrap_or_else(|| panic!("no document at {url:?}"))
}

pub fn urls(documents: &[SourceDocument]) -> Vec<&str> {
    documents
        .iter()
        .map(|d| d.url.as_deref().unwrap_or("-"))
        .collect()
}

/// The documents whose text holds `word`, by URL.
pub fn holding<'d>(documents: &'d [SourceDocument], word: &str) -> Vec<&'d str> {
    urls(documents)
        .into_iter()
        .zip(documents)
        .filter(|(_, d)| all_text(d).contains(word))
        .map(|(url, _)| url)
        .collect()
}

/// The heading and anchor of the section holding the first block that contains `word`.
pub fn section_of<'d>(d: &'d SourceDocument, word: &str) -> (&'d str, &'d str) {
    let block = d
        .blocks
        .iter()
        .position(|b| b.text.contains(word))
        .expect("word in the body");
    let s = d
        .sections
        .iter()
        .rev()
        .find(|s| s.first_block <= block)
        .expect("in a section");
    (&s.heading, &s.anchor)
}

/// A fresh, empty folder for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sousuo-sources-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// A site holding `files` (path, content) and one good page, and the error reading it gives,
/// every file read (Markdown beside HTML too).
pub fn refusal(name: &str, files: &[(&str, &[u8])]) -> String {
    let dir = scratch(name);
    fs::write(dir.join("good.md"), "# 好页面\n\n正常的内容。\n").unwrap();
    for (path, bytes) in files {
        let path = dir.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
    let every_file = sousuo_indexer::sources::Options {
        all_files: true,
        ..Default::default()
    };
    sousuo_indexer::sources::read_site(&dir, every_file)
        .map(|site| site.documents)
        .expect_err("the site is refused")
}
