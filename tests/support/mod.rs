//! What the native tests share to read corpus files the way build.rs does: the cleaning and
//! corpus modules (std-only, included by path like build.rs includes them) and the reading
//! predicate build.rs gives them.
#![allow(dead_code)]

#[path = "../../src/clean.rs"]
pub mod clean;
#[path = "../../src/corpus.rs"]
pub mod corpus;

use pinyin::ToPinyinMulti;

/// Whether `reading` is one of the character's pinyin readings, tone marks aside.
pub fn is_reading(c: char, reading: &str) -> bool {
    let wanted = clean::plain_reading(reading);
    c.to_pinyin_multi().is_some_and(|r| {
        r.into_iter()
            .any(|r| clean::plain_reading(r.plain()) == wanted)
    })
}
