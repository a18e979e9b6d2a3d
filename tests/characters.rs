//! A query of one character, over a small corpus built for the purpose: a single character's
//! postings store no positions of their own (its pairs and separator grams place it), so every
//! place it can stand must still be found and highlighted: before a character, before
//! punctuation, before a letter, at the very end of a text, alone as a title.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use sousuo::Index;
use std::sync::OnceLock;
use support::indexer::index_once;

fn index() -> &'static Index<'static> {
    static INDEX: OnceLock<Index<'static>> = OnceLock::new();
    index_once(
        &INDEX,
        "characters",
        &[
            // No line break after the last 水: the text ends on it.
            ("end.txt", "山居\n山高水长，我看水"),
            ("letters.txt", "笔记\n水abc，也有水2。"),
            ("title.txt", "水\n这里说的是别的东西。"),
            ("word.txt", "测量\n水平很高。"),
            ("none.txt", "无关\n山高月小。"),
        ],
    )
}

fn highlighted(query: &str) -> Vec<(String, Vec<String>)> {
    support::indexer::highlighted(index(), query)
}

#[test]
fn a_character_is_found_and_highlighted_wherever_it_stands() {
    let hits = highlighted("水");
    let mut ids: Vec<&str> = hits.iter().map(|(id, _)| id.as_str()).collect();
    // The title that is the query comes first.
    assert_eq!(ids.first(), Some(&"title"), "{hits:?}");
    ids.sort();
    assert_eq!(ids, ["end", "letters", "title", "word"], "{hits:?}");
    let marks = |id: &str| {
        hits.iter()
            .find(|(hit, _)| hit == id)
            .map(|(_, marked)| marked.clone())
            .unwrap()
    };
    // Before punctuation and at the end of the text; before a letter and before a digit.
    assert_eq!(marks("end"), ["水", "水"]);
    assert_eq!(marks("letters"), ["水", "水"]);
    assert_eq!(marks("title"), ["水"]);
    assert_eq!(marks("word"), ["水"]);
}

#[test]
fn a_character_opens_highlighted_in_its_article() {
    let marked = support::indexer::article_marks(index(), "end", "水");
    assert_eq!(marked, ["水", "水"]);
}

#[test]
fn a_character_between_others_still_finds_its_phrase() {
    // A query of two characters apart reads each one's placed list.
    let hits = highlighted("山 水");
    let ids: Vec<&str> = hits.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids, ["end"], "{hits:?}");
}
