//! A quoted phrase with a space in it (`"open source"`) matches only where the space falls on
//! a character that is not a word's. Before whitespace or at the end of a text the index says so
//! by a separator gram; before punctuation by the pair of the character and the punctuation
//! alone, which a quoted gap reads as well. Each way a gap can fall is found and highlighted,
//! and a gap that falls inside a word is not.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use sousuo::Index;
use std::sync::OnceLock;
use support::indexer::index_once;

fn index() -> &'static Index<'static> {
    static INDEX: OnceLock<Index<'static>> = OnceLock::new();
    index_once(
        &INDEX,
        "separators",
        &[
            ("comma.txt", "静夜思\n床前明月光，疑是地上霜。"),
            ("line.txt", "另一首\n窗外明月光\n疑是故人来"),
            ("joined.txt", "连写\n明月光疑是地上霜"),
            ("space.txt", "Notes\nWe like open source code."),
            ("dash.txt", "More notes\nAn open-source tool."),
            ("word.txt", "Words\nThe opensource spelling."),
        ],
    )
}

fn found(query: &str) -> Vec<(String, Vec<String>)> {
    let mut hits = support::indexer::highlighted(index(), query);
    hits.sort();
    hits
}

fn ids(hits: &[(String, Vec<String>)]) -> Vec<&str> {
    hits.iter().map(|(id, _)| id.as_str()).collect()
}

/// Each hit highlights the phrase as one span, its gap's character included.
fn assert_marked(hits: &[(String, Vec<String>)], words: &str) {
    for (id, marked) in hits {
        let [span] = marked.as_slice() else {
            panic!("{id}: {marked:?}");
        };
        let letters: String = span.chars().filter(|c| c.is_alphanumeric()).collect();
        assert_eq!(letters.to_lowercase(), words, "{id}: {marked:?}");
    }
}

#[test]
fn a_gap_falls_on_punctuation_or_a_line_break_and_never_inside_a_run() {
    let hits = found("\"明月光 疑是\"");
    assert_eq!(ids(&hits), ["comma", "line"], "{hits:?}");
    assert_marked(&hits, "明月光疑是");
}

#[test]
fn a_gap_falls_on_a_space_or_a_dash_and_never_inside_a_word() {
    let hits = found("\"open source\"");
    assert_eq!(ids(&hits), ["dash", "space"], "{hits:?}");
    assert_marked(&hits, "opensource");
}

#[test]
fn unquoted_the_same_words_find_every_text_that_has_them() {
    let hits = found("open source");
    assert!(
        ["dash", "space"].iter().all(|id| ids(&hits).contains(id)),
        "{hits:?}"
    );
}
