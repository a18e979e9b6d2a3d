//! What the native tests share to read corpus files the way build.rs does: the cleaning and
//! corpus modules (std-only, included by path like build.rs includes them) and the reading
//! predicate build.rs gives them.
#![allow(dead_code)]

pub mod build_script;
#[path = "../../src/clean.rs"]
pub mod clean;
#[path = "../../src/corpus.rs"]
pub mod corpus;

use pinyin::ToPinyinMulti;
use sousuo::analyzer::{conversion_pairs, conversion_table, Normalizer};
use std::sync::OnceLock;

/// Whether `reading` is one of the character's pinyin readings, tone marks aside.
pub fn is_reading(c: char, reading: &str) -> bool {
    let wanted = clean::plain_reading(reading);
    c.to_pinyin_multi().is_some_and(|r| {
        r.into_iter()
            .any(|r| clean::plain_reading(r.plain()) == wanted)
    })
}

/// The whole conversion table, as the build cleans with: the index keeps only what its own
/// corpus needs, and boilerplate that cleaning removed may need more.
pub fn full_normalizer() -> &'static Normalizer<'static> {
    static TABLE: OnceLock<(Vec<u8>, String)> = OnceLock::new();
    static NORMALIZER: OnceLock<Normalizer<'static>> = OnceLock::new();
    NORMALIZER.get_or_init(|| {
        let (table, text) = TABLE.get_or_init(|| {
            let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/opencc");
            conversion_table(conversion_pairs(&dir).unwrap().iter()).unwrap()
        });
        Normalizer::from_parts(table, text.as_bytes()).unwrap()
    })
}
