//! Indexing any corpus with the indexer library the build script calls: for tests of what a
//! build accepts, refuses and indexes.

use std::fs;
use std::path::Path;

/// Indexes `corpus` into `out`. The index is embedded, so that `out/index.bin` holds all of it
/// whatever the corpus's size.
pub fn run_build(corpus: &Path, out: &Path) -> Result<(), String> {
    build(corpus, out, false)
}

fn build(corpus: &Path, out: &Path, all_files: bool) -> Result<(), String> {
    build_as(corpus, out, all_files, false)
}

fn build_as(corpus: &Path, out: &Path, all_files: bool, split: bool) -> Result<(), String> {
    let options = sousuo_indexer::Options {
        corpus: corpus.to_path_buf(),
        split: Some(split),
        links_outside: false,
        records: Vec::new(),
        all_files,
        keep_listings: false,
        max_files: None,
        progress: Default::default(),
    };
    sousuo_indexer::build_index(&options, out).map(|_| ())
}

/// The index bytes the indexer makes of a corpus of `files` (path in the corpus, text),
/// written to a scratch folder named after `name` and removed afterwards. Every file is read,
/// Markdown beside HTML too: a test's files are the ones it means.
pub fn index_of_files(name: &str, files: &[(&str, &str)]) -> Vec<u8> {
    let corpus = std::env::temp_dir().join(format!("sousuo-{name}-{}", std::process::id()));
    let out = corpus.with_extension("out");
    built(&corpus, files, &out, false);
    let bytes = fs::read(out.join("index.bin")).unwrap();
    let _ = fs::remove_dir_all(&out);
    bytes
}

/// A split index of `files` (path in the corpus, text), written to `scratch/out` (its corpus to
/// `scratch/corpus`, removed afterwards): the folder, with the root in `index.bin` and the
/// pieces in `pieces/`.
pub fn split_index_of_files(scratch: &Path, files: &[(&str, &str)]) -> std::path::PathBuf {
    let out = scratch.join("out");
    built(&scratch.join("corpus"), files, &out, true);
    out
}

/// Writes `files` into `corpus` and indexes every one of them into `out`, both emptied first;
/// `corpus` is removed afterwards.
fn built(corpus: &Path, files: &[(&str, &str)], out: &Path, split: bool) {
    let _ = fs::remove_dir_all(corpus);
    for (file, text) in files {
        let path = corpus.join(file);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    let _ = fs::remove_dir_all(out);
    fs::create_dir_all(out).unwrap();
    if let Err(error) = build_as(corpus, out, true, split) {
        panic!("{error}");
    }
    let _ = fs::remove_dir_all(corpus);
}

/// The index of `files` ([`index_of_files`]), made at the first call and kept in `cell` for the
/// rest of the test binary: a binary's tests share one corpus, indexed once.
pub fn index_once(
    cell: &'static std::sync::OnceLock<sousuo::Index<'static>>,
    name: &str,
    files: &[(&str, &str)],
) -> &'static sousuo::Index<'static> {
    cell.get_or_init(|| {
        let bytes: &'static [u8] = Box::leak(index_of_files(name, files).into_boxed_slice());
        sousuo::Index::from_bytes(bytes).unwrap()
    })
}

/// Each hit of `query` with the highlighted pieces of its title and snippet, by id.
pub fn highlighted(index: &sousuo::Index, query: &str) -> Vec<(String, Vec<String>)> {
    let options = sousuo::SearchOptions::default();
    let results = sousuo::search(index, query, &options).unwrap();
    assert!(!results.partial, "{query}");
    (results.hits.into_iter())
        .map(|hit| {
            let marked = (hit.title_segments.iter().chain(&hit.snippet))
                .filter(|segment| segment.highlight)
                .map(|segment| segment.text.clone())
                .collect();
            (hit.id, marked)
        })
        .collect()
}

/// The highlighted pieces of the article `id` opened with `query`, in reading order.
pub fn article_marks(index: &sousuo::Index, id: &str, query: &str) -> Vec<String> {
    let article = sousuo::article(index, id, Some(query)).unwrap();
    (article.paragraphs.iter().flatten())
        .filter(|segment| segment.highlight)
        .map(|segment| segment.text.clone())
        .collect()
}
