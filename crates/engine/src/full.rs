//! The two engines one build makes of the same code: the full one, and a lean one (the crate
//! built without its `full` feature) that a split site's page loads first.
//!
//! Pinyin queries and "did you mean" are 16 of the wasm's 96 KB of gzip; most first searches need
//! neither. The lean engine answers everything else exactly as the full one does, and where a query
//! needs what it leaves out, it says so ([`Error::NeedsFullEngine`]) before it has answered
//! anything: the page then loads the full engine and asks it the same question.

use crate::error::{Error, Result};

/// Whether this build has pinyin and "did you mean". A constant, so that the lean build's
/// optimizer drops the code behind it.
pub const AVAILABLE: bool = cfg!(feature = "full");

/// `Ok` in the full engine; in the lean one, the error that hands the call to the full engine.
pub fn needed(what: &'static str) -> Result<()> {
    match AVAILABLE {
        true => Ok(()),
        false => Err(Error::NeedsFullEngine(what)),
    }
}
