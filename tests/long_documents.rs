//! A document longer than its length code can bound (past 245,760 characters): its positions
//! are stored with a code of no bound (`postings.rs`, Elias gamma), unlike every shorter
//! document's. What lies at its very end is found and highlighted like what lies at its start.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use sousuo::Index;
use std::sync::OnceLock;
use support::indexer::index_once;

fn index() -> &'static Index<'static> {
    static INDEX: OnceLock<Index<'static>> = OnceLock::new();
    index_once(&INDEX, "long-documents", &files())
}

fn files() -> [(&'static str, &'static str); 2] {
    static LONG: OnceLock<String> = OnceLock::new();
    let long = LONG.get_or_init(|| {
        let filler = "春江潮水连海平，海上明月共潮生。滟滟随波千万里，何处春江无月明。\n";
        let mut text = String::from("长卷\n开篇是琵琶行。\n");
        let mut chars = text.chars().count();
        while chars < 300_000 {
            text.push_str(filler);
            chars += filler.chars().count();
        }
        text.push_str("结尾是枫桥夜泊。");
        text
    });
    [
        ("long.txt", long),
        ("short.txt", "短篇\n也说枫桥夜泊和琵琶行。"),
    ]
}

fn highlighted(query: &str) -> Vec<(String, Vec<String>)> {
    let mut hits = support::indexer::highlighted(index(), query);
    hits.sort();
    hits
}

#[test]
fn the_end_of_a_very_long_document_is_found_and_highlighted() {
    for query in ["枫桥夜泊", "琵琶行", "\"结尾是枫桥\""] {
        let hits = highlighted(query);
        let long = hits.iter().find(|(id, _)| id == "long");
        let marked = long.map(|(_, marked)| marked.concat()).unwrap_or_default();
        assert_eq!(marked, query.trim_matches('"'), "{query}: {hits:?}");
    }
}

#[test]
fn a_very_long_document_opens_with_its_last_match_highlighted() {
    let marked = support::indexer::article_marks(index(), "long", "枫桥夜泊");
    assert_eq!(marked, ["枫桥夜泊"]);
}
