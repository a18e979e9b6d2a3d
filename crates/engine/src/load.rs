//! Loading: the layer between search, which never waits, and wherever pieces come from.
//!
//! An operation (a search, an article) runs over the index; when it answers
//! [`Error::NotLoaded`], the pieces it names are fetched and loaded and it runs again. Natively
//! the pieces come from the build's folder; in the browser the page's JS does the same loop
//! with `fetch` (www/sousuo-engine.js), against the very same search code.
//!
//! ```ignore
//! let mut index = sousuo::compiled_index().unwrap();
//! let results = sousuo::load::run(&mut index, &mut sousuo::files::read_piece_file, |index| {
//!     sousuo::search(index, "迈博太科", &Default::default())
//! })
//! .unwrap();
//! assert_eq!(results.hits[0].id, "001_9fc454ccbfdced76");
//! ```
//!
//! (Not run here: it needs an index, which the wasm crate embeds; `tests/` search it so.)

use crate::error::{Error, Result};
use crate::format::PieceRef;
use crate::index::Index;

/// Rounds of loading one operation may take, each bringing a piece it had not loaded before.
/// Most queries take a few (their terms, the words their pinyin spells, their page's documents);
/// "did you mean" reads texts where sounds occur, and can take a dozen or more.
pub const MAX_ROUNDS: usize = 48;

/// Runs `operation` over `index`, loading the pieces it asks for through `fetch` until it
/// answers. It fails when a round asks again for a piece this operation already loaded (the
/// cache cannot hold at once what it needs), or after [`MAX_ROUNDS`].
pub fn run<T>(
    index: &mut Index,
    fetch: &mut dyn FnMut(&PieceRef) -> Result<Vec<u8>>,
    mut operation: impl FnMut(&Index) -> Result<T>,
) -> Result<T> {
    let mut loaded: Vec<String> = Vec::new();
    for _ in 0..MAX_ROUNDS {
        match operation(index) {
            Err(Error::NotLoaded(pieces)) => {
                if let Some(again) = pieces.iter().find(|p| loaded.contains(&p.name())) {
                    return Err(Error::Piece {
                        name: again.name(),
                        problem: "it was loaded for this answer and dropped again before the \
                                  answer was done: the cache is too small for this query"
                            .to_string(),
                    });
                }
                for piece in &pieces {
                    let bytes = fetch(piece)?;
                    index.load(&piece.name(), bytes)?;
                    loaded.push(piece.name());
                }
            }
            other => return other,
        }
    }
    Err(Error::Piece {
        name: loaded.last().cloned().unwrap_or_default(),
        problem: format!(
            "the answer still needed more pieces after {MAX_ROUNDS} rounds of loading"
        ),
    })
}
