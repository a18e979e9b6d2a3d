//! Questions, as readers ask them, over Wikipedia paragraphs (tests/corpora/questions/): each
//! must find its own paragraph near the top, whatever words it shares with the others, and a
//! name the dictionary does not know must still find its paragraph.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use sousuo::Index;
use sousuo::{SearchOptions, SearchResults};
use std::sync::OnceLock;
use support::indexer::index_once;

const CORPUS: &str = include_str!("corpora/questions/paragraphs.jsonl");
const QUESTIONS: &str = include_str!("corpora/questions/questions.tsv");

fn index() -> &'static Index<'static> {
    static INDEX: OnceLock<Index<'static>> = OnceLock::new();
    index_once(&INDEX, "questions", &[("paragraphs.jsonl", CORPUS)])
}

fn ask(question: &str) -> SearchResults {
    sousuo::search(index(), question, &SearchOptions::default()).unwrap()
}

fn ids(results: &SearchResults) -> Vec<&str> {
    results.hits.iter().map(|hit| hit.id.as_str()).collect()
}

/// (question, its paragraph)
fn questions() -> Vec<(&'static str, &'static str)> {
    QUESTIONS
        .lines()
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            (fields[1], fields[2])
        })
        .collect()
}

#[test]
fn every_question_finds_its_paragraph_among_the_first_three() {
    let mut misses = Vec::new();
    for (question, paragraph) in questions() {
        let results = ask(question);
        assert!(!results.hits.is_empty(), "{question:?} found nothing");
        if !ids(&results).iter().take(3).any(|id| *id == paragraph) {
            misses.push(format!(
                "{question:?}: {paragraph} not in {:?}",
                ids(&results)
            ));
        }
    }
    assert!(misses.is_empty(), "{}", misses.join("\n"));
}

#[test]
fn a_question_mark_or_a_comma_is_never_looked_for() {
    for (question, _) in questions().into_iter().take(12) {
        let bare = question.trim_end_matches(['？', '?']);
        assert_eq!(ids(&ask(question)), ids(&ask(bare)), "{question:?}");
    }
    assert_eq!(
        ids(&ask("白尾雀鲷，属于什么科目？")),
        ids(&ask("白尾雀鲷 属于什么科目"))
    );
}

#[test]
fn a_name_the_dictionary_does_not_know_finds_its_paragraph_first() {
    for (question, paragraph) in [
        ("白尾雀鲷属于什么科目？", "cmrc-dev-0160"),
        ("坡鹿又叫什么？", "cmrc-dev-0060"),
        ("阿阇黎的意译是什么？", "cmrc-dev-0310"),
        ("什么是索莫尼？", "cmrc-dev-0514"),
    ] {
        let results = ask(question);
        assert_eq!(ids(&results).first(), Some(&paragraph), "{question:?}");
        // No paragraph holds the whole question: the answer says so, and what each hit lacks.
        assert!(results.partial, "{question:?}");
        for hit in &results.hits[1..] {
            assert!(
                !hit.missing.is_empty(),
                "{question:?}: {} lacks nothing",
                hit.id
            );
        }
    }
}

#[test]
fn a_question_in_the_other_script_finds_the_same_paragraphs() {
    assert_eq!(ids(&ask("坡鹿又叫什麼？")), ids(&ask("坡鹿又叫什么？")));
    assert_eq!(
        ids(&ask("白尾雀鯛屬於什麼科目？")),
        ids(&ask("白尾雀鲷属于什么科目？"))
    );
}
