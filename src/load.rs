//! Loading: the layer between search, which never waits, and wherever pieces come from.
//!
//! An operation (a search, an article) runs over the index; when it answers
//! [`Error::NotLoaded`], the pieces it names are fetched and loaded and it runs again. Natively
//! the pieces come from the build's folder; in the browser the page's JS does the same loop
//! with `fetch` (www/sousuo-engine.js), against the very same search code.
//!
//! ```
//! let mut index = sousuo::Index::compiled().unwrap();
//! let results = sousuo::load::run(&mut index, &mut sousuo::load::read_piece_file, |index| {
//!     sousuo::search(index, "迈博太科", &Default::default())
//! })
//! .unwrap();
//! assert_eq!(results.hits[0].id, "001_9fc454ccbfdced76");
//! ```

use crate::error::{Error, Result};
pub use crate::files::{pieces_dir, read_piece_file};
use crate::format::PieceRef;
use crate::index::Index;

/// Rounds of loading one operation may take. A query needs at most a few (its terms, the words
/// its pinyin spells, its page's documents, its suggestions); more means the cache cannot hold
/// what it needs at once.
pub const MAX_ROUNDS: usize = 12;

/// Runs `operation` over `index`, loading the pieces it asks for through `fetch` until it
/// answers.
pub fn run<T>(
    index: &mut Index,
    fetch: &mut dyn FnMut(&PieceRef) -> Result<Vec<u8>>,
    mut operation: impl FnMut(&Index) -> Result<T>,
) -> Result<T> {
    let mut last = Vec::new();
    for _ in 0..MAX_ROUNDS {
        match operation(index) {
            Err(Error::NotLoaded(pieces)) => {
                for piece in &pieces {
                    let bytes = fetch(piece)?;
                    index.load(&piece.name(), bytes)?;
                }
                last = pieces;
            }
            other => return other,
        }
    }
    Err(Error::Piece {
        name: last.first().map(PieceRef::name).unwrap_or_default(),
        problem: format!(
            "the answer still needed more pieces after {MAX_ROUNDS} rounds of loading: the \
             cache is too small for this query"
        ),
    })
}
