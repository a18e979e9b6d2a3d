//! What the indexer and the engine must agree on, byte for byte and character for character:
//! the byte format of the root and every piece ([`format`], [`postings`], [`phonetic`]'s sound
//! grams, [`order`]), and the normalization a document and a query both go through
//! ([`analyzer`], `case`, [`clean`]). One crate, so that neither side can drift from the other.
//!
//! It uses `std` and `fst` alone: everything here lands in the browser's wasm. The one exception,
//! [`stored`] (how pieces lie on disk), is behind the `files` feature, which only native code
//! turns on.

pub mod analyzer;
mod bits;
mod case;
pub mod clean;
pub mod format;
pub mod order;
pub mod phonetic;
pub mod postings;
#[cfg(feature = "files")]
pub mod stored;
