//! What a host stores: the split index's files. Every piece is a file of its own, gzipped,
//! except the slices of long bodies, which share one BODIES file per DOCS piece and are read by
//! byte range; and however large the site, the pieces take no more files than allowed, answering
//! exactly as before.
#![cfg(not(target_arch = "wasm32"))]

use sousuo::format::PieceRef;
use sousuo::{load, Index};
use sousuo::{SearchOptions, MAX_LIMIT};
use std::fs;
use std::path::{Path, PathBuf};

/// A site of long articles: the seeds' paragraphs, dealt round into 120 articles of several
/// kilobytes each, so that their bodies go into slices.
fn long_articles(corpus: &Path) {
    let paragraphs: Vec<String> = fs::read_dir(env!("CARGO_MANIFEST_DIR").to_string() + "/seeds")
        .unwrap()
        .map(|entry| fs::read_to_string(entry.unwrap().path()).unwrap())
        .flat_map(|text| {
            text.lines()
                .skip(1)
                .filter(|line| !line.trim().is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    let _ = fs::remove_dir_all(corpus);
    fs::create_dir_all(corpus).unwrap();
    for n in 0..120 {
        let body: Vec<&str> = (0..24)
            .map(|k| paragraphs[(n * 7 + k * 13) % paragraphs.len()].as_str())
            .collect();
        // Its number in the body too: the paragraphs repeat every 79 articles, and two DOCS
        // pieces of the same long bodies would share one BODIES file.
        let text = format!(
            "第{n}篇 泰州医药新闻合集\n本篇编号{n}。\n{}\n",
            body.join("\n")
        );
        fs::write(corpus.join(format!("a{n:03}.txt")), text).unwrap();
    }
}

fn scratch(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("sousuo-files-{name}-{}", std::process::id()))
}

/// Indexes `corpus` split into `out`, in at most `max_files` files when given.
fn build(corpus: &Path, out: &Path, max_files: Option<usize>) -> Result<(), String> {
    let _ = fs::remove_dir_all(out);
    let options = sousuo_indexer::Options {
        corpus: corpus.to_path_buf(),
        split: Some(true),
        max_files,
        ..Default::default()
    };
    sousuo_indexer::build_index(&options, out).map(|_| ())
}

fn files_in(out: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(out.join("pieces"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

/// Reads the pieces of the folder `out` as the page does: a piece's file, or a slice's byte
/// range of its BODIES file.
fn pieces_of(out: &Path) -> impl FnMut(&PieceRef) -> sousuo::Result<Vec<u8>> {
    let pieces = out.join("pieces");
    move |piece| {
        sousuo_format::stored::read_piece(&pieces, piece).map_err(|problem| sousuo::Error::Piece {
            name: piece.name(),
            problem,
        })
    }
}

/// Every hit (ids, titles, snippets) of each query, and each first hit's article, read from
/// the folder `out` as the page reads it: the root, then pieces as they are asked for.
fn answers(out: &Path, queries: &[&str]) -> Vec<String> {
    let pack = fs::read(out.join("index.bin")).unwrap();
    let mut index = Index::from_bytes(&pack).unwrap();
    let mut fetch = pieces_of(out);
    let options = SearchOptions {
        limit: MAX_LIMIT,
        ..SearchOptions::default()
    };
    let mut answers = Vec::new();
    for query in queries {
        let results = load::run(&mut index, &mut fetch, |index| {
            sousuo::search(index, query, &options)
        })
        .unwrap();
        answers.push(format!("{query}: {:?}", results.hits));
        if let Some(hit) = results.hits.first() {
            let article = load::run(&mut index, &mut fetch, |index| {
                sousuo::article(index, &hit.id, Some(query))
            })
            .unwrap();
            answers.push(format!("{query} {}: {:?}", hit.id, article));
        }
    }
    answers
}

/// The results of `query` over the folder `out`, read as the page reads it, and the rounds of
/// loading it took.
fn searched(out: &Path, query: &str) -> (sousuo::SearchResults, usize) {
    let pack = fs::read(out.join("index.bin")).unwrap();
    let mut index = Index::from_bytes(&pack).unwrap();
    let mut fetch = pieces_of(out);
    let mut rounds = 0;
    let results = load::run(&mut index, &mut fetch, |index| {
        rounds += 1;
        sousuo::search(index, query, &SearchOptions::default())
    })
    .unwrap();
    (results, rounds)
}

const QUERIES: [&str; 6] = ["迈博太科", "张小兵", "医药", "泰州", "第7篇", "yiyao"];

#[test]
fn long_bodies_share_a_file_per_docs_piece_and_every_piece_is_stored_gzipped() {
    let (corpus, out) = (scratch("bodies-corpus"), scratch("bodies"));
    long_articles(&corpus);
    build(&corpus, &out, None).unwrap();
    let files = files_in(&out);
    let docs = files.iter().filter(|name| name.starts_with("d-")).count();
    let bodies = files.iter().filter(|name| name.starts_with("s-")).count();
    assert!(
        docs > 1 && bodies == docs,
        "{docs} DOCS pieces, {bodies} BODIES files"
    );
    assert!(
        !files.iter().any(|name| name.starts_with("b-")),
        "no slice is a file"
    );
    for name in &files {
        let bytes = fs::read(out.join("pieces").join(name)).unwrap();
        assert_eq!(bytes[..2], [0x1F, 0x8B], "{name} is gzipped");
    }
    // Every hit's passage and every article whole: every slice read by its range.
    let answers = answers(&out, &QUERIES);
    assert!(answers.iter().any(|answer| answer.contains("邁博太科")));
    let _ = fs::remove_dir_all(&out);
    let _ = fs::remove_dir_all(&corpus);
}

#[test]
fn a_site_larger_than_its_files_allow_is_cut_into_fewer_larger_pieces_with_the_same_answers() {
    let (corpus, out, capped) = (scratch("cap-corpus"), scratch("cap"), scratch("cap-capped"));
    long_articles(&corpus);
    build(&corpus, &out, None).unwrap();
    let files = files_in(&out).len();
    let max_files = files / 3;
    build(&corpus, &capped, Some(max_files)).unwrap();
    let fewer = files_in(&capped).len();
    assert!(
        fewer <= max_files && fewer > max_files / 3,
        "{files} files cut to {fewer}, at most {max_files}"
    );
    assert_eq!(answers(&capped, &QUERIES), answers(&out, &QUERIES));

    // So few files that no size of piece fits: said, naming the flag; nothing half-written.
    let refused = build(&corpus, &capped, Some(3)).unwrap_err();
    assert!(refused.contains("--max-files"), "{refused}");
    assert!(!capped.join("index.bin").exists());
    for dir in [out, capped, corpus] {
        let _ = fs::remove_dir_all(dir);
    }
}

#[test]
fn a_quoted_phrase_with_a_space_is_answered_in_a_few_rounds_however_many_documents_hold_it() {
    // Long articles, so that each would be a piece of its own to read: 60 hold the phrase with
    // its space, 40 without, and matching once read every candidate's text, one round each.
    let (corpus, out) = (scratch("quoted-corpus"), scratch("quoted"));
    long_articles(&corpus);
    for n in 0..100 {
        let path = corpus.join(format!("a{n:03}.txt"));
        let phrase = if n < 60 {
            " open source"
        } else {
            " opensource"
        };
        let text = fs::read_to_string(&path).unwrap();
        let line = format!("第{n}项采用{phrase}{n}许可，医 药{n}号。");
        // At the start of the body: short lines at the end of an article read as its page's
        // chrome, and are cut.
        let (title, body) = text.split_once('\n').unwrap();
        fs::write(&path, format!("{title}\n{line}\n{body}")).unwrap();
    }
    build(&corpus, &out, None).unwrap();
    let (results, rounds) = searched(&out, "\"open source\"");
    assert_eq!(results.total, 60);
    assert!(rounds <= 4, "{rounds} rounds of loading");
    let (results, rounds) = searched(&out, "\"医 药\"");
    assert!(results.total >= 100, "{}", results.total);
    assert!(rounds <= 4, "{rounds} rounds of loading");
    let _ = fs::remove_dir_all(&out);
    let _ = fs::remove_dir_all(&corpus);
}
