//! sousuo (搜索): full-text search for Chinese text that runs entirely in the browser.
//!
//! This is the wasm crate: the engine (`sousuo_engine`, re-exported whole) with the index this
//! build compiled in, and the bindings the page calls ([`wasm`], in wasm only).
//!
//! ```text
//!  build time (build.rs → crates/indexer)                    run time (crates/engine, in wasm)
//!  corpus ─► sources ─► clean ─► analyzer ─► jieba ─► postings     query ─► plan ─► matching ─► rank ─► snippet ─► wasm.rs ─► page
//!                                                     │                          ▲
//!                                                     ▼                          │
//!                         root + pieces (crates/format) ── root (and, embedded, every piece): include_bytes!
//!                                                     └── pieces/ files, split: fetched by content hash as queries need them
//! ```
//!
//! The analyzer and the byte format live in one crate (crates/format) that the indexer and the
//! engine both use, so that a document and a query are normalized by the very same code and the
//! bytes are written and read by one module. Only `wasm.rs` knows about JavaScript.
//!
//! ```
//! let index = sousuo::embedded_index().unwrap();
//! let results = sousuo::search(index, "中國醫藥城", &Default::default()).unwrap();
//! let ids: Vec<&str> = results.hits.iter().map(|hit| hit.id.as_str()).collect();
//! assert!(ids.contains(&"001_9fc454ccbfdced76") && ids.contains(&"003_0333753cb3ef4b84"));
//! ```
#![deny(missing_docs)]

pub use sousuo_engine::*;

pub mod files;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

#[cfg(target_arch = "wasm32")]
mod patched;

/// The index this build compiled in (build.rs): a PACK; empty in an engine built to be patched.
static COMPILED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/index.bin"));

/// This engine's index: the PACK a site's writer patched into the wasm, else the one this build
/// compiled in.
pub fn compiled_bytes() -> &'static [u8] {
    #[cfg(target_arch = "wasm32")]
    if let Some(bytes) = patched::index() {
        return bytes;
    }
    COMPILED
}

/// A fresh index over this engine's bytes ([`compiled_bytes`]): embedded, complete; split, the
/// root alone, ready to [`Index::load`] pieces.
pub fn compiled_index() -> Result<Index<'static>> {
    let bytes = compiled_bytes();
    if bytes.is_empty() {
        return Err(Error::NoIndex);
    }
    Index::from_bytes(bytes)
}

/// The index compiled into this build, decoded once. Natively, a split index's pieces are read
/// from the build's pieces folder, all of them; in wasm, a split index has only its root (use
/// [`compiled_index`] and load pieces as queries need them).
pub fn embedded_index() -> Result<&'static Index<'static>> {
    static INDEX: std::sync::OnceLock<Result<Index<'static>>> = std::sync::OnceLock::new();
    INDEX
        .get_or_init(|| {
            #[cfg_attr(target_arch = "wasm32", allow(unused_mut))]
            let mut index = compiled_index()?;
            #[cfg(not(target_arch = "wasm32"))]
            {
                index.set_cache_limit(usize::MAX);
                // Twice at most: the DOCS pieces name the BODY pieces.
                loop {
                    let missing: Vec<format::PieceRef> = index.missing_pieces().collect();
                    if missing.is_empty() {
                        break;
                    }
                    for piece in missing {
                        let bytes = files::read_piece_file(&piece)?;
                        index.load(&piece.name(), bytes)?;
                    }
                }
            }
            Ok(index)
        })
        .as_ref()
        .map_err(Clone::clone)
}
