//! A shared link opens its document on a fresh page: in a split index with many DOCS pieces, the
//! IDS piece says which DOCS piece's range of ids holds the id, and that piece is searched for
//! it. Every document opens so, and an id no document has (between two pieces' ranges, before
//! the first, after the last) is said to be unknown, never read as a neighbour.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use sousuo::format::{Kind, PieceRef};
use sousuo::{load, Error, Index};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const DOCUMENTS: usize = 400;

fn site() -> &'static (PathBuf, &'static [u8]) {
    static SITE: OnceLock<(PathBuf, &'static [u8])> = OnceLock::new();
    SITE.get_or_init(|| {
        let texts: Vec<(String, String)> = (0..DOCUMENTS)
            .map(|n| {
                let title = format!("第{n}篇");
                let body = "春江潮水连海平，海上明月共潮生。".repeat(8 + n % 5);
                (format!("doc-{:04}.txt", n * 3), format!("{title}\n{body}"))
            })
            .collect();
        let files: Vec<(&str, &str)> = texts.iter().map(|(f, t)| (&f[..], &t[..])).collect();
        // Cargo's scratch folder for integration tests, inside the target folder.
        let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("shared-links");
        let out = support::indexer::split_index_of_files(&scratch, &files);
        let root = std::fs::read(out.join("index.bin")).unwrap();
        (out, Box::leak(root.into_boxed_slice()))
    })
}

/// Opens `id` on a fresh index (its root alone), with the kinds of the pieces it read.
fn open(id: &str) -> (sousuo::Result<String>, Vec<Kind>) {
    let (out, root) = site();
    let mut index = Index::from_bytes(root).unwrap();
    let pieces = out.join("pieces");
    let mut read = Vec::new();
    let mut fetch = |piece: &PieceRef| {
        read.push(piece.kind);
        piece_file(&pieces, piece)
    };
    let opened = load::run(&mut index, &mut fetch, |index| {
        sousuo::article(index, id, None).map(|article| article.title)
    });
    (opened, read)
}

fn piece_file(pieces: &Path, piece: &PieceRef) -> sousuo::Result<Vec<u8>> {
    sousuo_format::stored::read_piece(pieces, piece).map_err(|problem| Error::Piece {
        name: piece.name(),
        problem,
    })
}

#[test]
fn every_document_opens_from_its_id_alone() {
    for n in 0..DOCUMENTS {
        let (opened, read) = open(&format!("doc-{:04}", n * 3));
        assert_eq!(opened.unwrap(), format!("第{n}篇"));
        assert_eq!(read[..2], [Kind::Ids, Kind::Docs], "{n}");
    }
    // The site is large enough to be cut into many DOCS pieces.
    let (out, _) = site();
    let docs = std::fs::read_dir(out.join("pieces"))
        .unwrap()
        .filter(|entry| {
            let name = entry.as_ref().unwrap().file_name();
            name.to_string_lossy().starts_with("d-")
        })
        .count();
    assert!(docs >= 4, "{docs} DOCS pieces");
}

#[test]
fn an_id_no_document_has_is_unknown_wherever_it_falls() {
    let mut missing: Vec<String> = (0..DOCUMENTS)
        .flat_map(|n| {
            [
                format!("doc-{:04}", n * 3 + 1),
                format!("doc-{:04}a", n * 3),
            ]
        })
        .collect();
    missing.extend(["", "a", "doc-", "doc-9999", "zzz"].map(String::from));
    for id in &missing {
        let (opened, _) = open(id);
        assert!(
            matches!(opened, Err(Error::UnknownDocument(_))),
            "{id}: {opened:?}"
        );
    }
}
