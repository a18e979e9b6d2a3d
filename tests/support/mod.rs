//! What the native tests share to read corpus files the way the indexer does: the cleaning
//! module, the reading predicate the indexer gives it, and indexing a corpus.
// Each test file uses a part of this module.
#![allow(dead_code)]

pub mod indexer;
pub mod sites;
pub use sousuo_format::clean;

use pinyin::ToPinyinMulti;
use sousuo_format::analyzer::{conversion_pairs, conversion_table, Normalizer};
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
            let pairs = conversion_pairs(&sousuo_indexer::data::OPENCC_TABLES).unwrap();
            conversion_table(pairs.iter()).unwrap()
        });
        Normalizer::from_parts(table, text.as_bytes()).unwrap()
    })
}
