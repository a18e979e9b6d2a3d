//! sousuo's engine: search over an index's root and the pieces loaded so far, pure and
//! synchronous, with no I/O. When a call needs a piece that is not loaded it says so
//! ([`Error::NotLoaded`]); whoever holds the index (the wasm's page, the command line, the
//! tests) fetches it, loads it and asks again ([`load::run`]).
//!
//! ```text
//! query ─► query ─► plan ─► matching ─► rank ─► snippet ─► hits
//!          (syntax) (units) (postings)
//!                     ▲
//!      index.rs (root.rs + loaded pieces) ◄─ load.rs / the page's fetch
//! ```
//!
//! The byte format and the normalization are `sousuo_format`'s, which the indexer writes with:
//! a document and a query are normalized by the very same code.
#![deny(missing_docs)]

// The byte format and the normalization, shared with the indexer (crates/format). `format` stays
// public: the engine's API speaks its types (`PieceRef`), and the wasm crate reaches them only
// through here.
pub use sousuo_format::format;
use sousuo_format::{analyzer, order, phonetic, postings};

// Public modules: what other crates call by the module's name. `load` drives a split index for
// its host (src/files.rs, crates/cli, the tests), `judge` reads and checks tests/judged.tsv (the
// tests, `sousuo-embedded judge`), `json` is the serializer the wasm and crates/cli write with.
pub mod json;
pub mod judge;
pub mod load;

mod article;
mod bytes;
mod document;
mod error;
mod filters;
mod full;
mod grams;
mod hits;
mod index;
mod matching;
mod notice;
mod pairs;
mod plan;
mod query;
mod rank;
mod regional;
mod root;
mod search;
mod snippet;
mod sound_runs;
mod spell;
mod suggest;
mod typos;
mod words;

pub use error::{Error, Result};
pub use index::{DocId, Document, Index};
pub use root::PieceId;
pub use search::{
    article, search, search_with, Article, FilterCounts, FilterRequest, Hit, HitSection, Notice,
    PinyinReading, RankSettings, SearchOptions, SearchResults, Sort, DEFAULT_LIMIT, MAX_LIMIT,
    MAX_QUERY_CHARS, WORK_BUDGET,
};
pub use snippet::{marked, Segment};
pub use suggest::{examples, suggest, DEFAULT_EXAMPLES, MAX_SUGGEST_LIMIT};

/// Counts that describe an index.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Info {
    /// Documents in the index.
    pub documents: u32,
    /// Distinct terms: words and single characters.
    pub terms: u32,
    /// Size of the index in bytes: the root and every piece.
    pub index_bytes: u32,
    /// `embedded` (every piece inside the module) or `split` (pieces fetched as needed).
    pub mode: String,
    /// How many pieces the root names.
    pub pieces: u32,
    /// Bytes of pieces loaded now.
    pub loaded_bytes: u32,
    /// The version of the byte format.
    pub format_version: u32,
    /// The version of this crate.
    pub crate_version: String,
    /// Whether this engine has pinyin and "did you mean" (src/full.rs): false in the lean one.
    pub full_engine: bool,
    /// Which build of the index this is (the hash of its root, in hex): a page's two engines
    /// must hold the same one.
    pub build: String,
}

/// Counts that describe `index`.
pub fn info(index: &Index) -> Info {
    let root = index.root();
    let (pieces, piece_bytes) = root.piece_totals();
    let embedded = index.is_embedded();
    Info {
        documents: index.doc_count(),
        terms: index.term_count(),
        index_bytes: (root.bytes() as u64 + piece_bytes).min(u64::from(u32::MAX)) as u32,
        mode: if embedded { "embedded" } else { "split" }.to_string(),
        pieces,
        loaded_bytes: index.loaded_bytes() as u32,
        format_version: format::FORMAT_VERSION,
        crate_version: env!("CARGO_PKG_VERSION").to_string(),
        full_engine: full::AVAILABLE,
        build: {
            let mut build = String::new();
            format::push_hash_hex(&mut build, root.hash());
            build
        },
    }
}
