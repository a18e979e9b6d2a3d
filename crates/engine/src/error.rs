//! The one error type of the library.

use crate::format::{FormatError, PieceRef};
use std::fmt;

/// Everything that can go wrong at run time.
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// The index bytes are not a readable index.
    Format(FormatError),
    /// No document has this id.
    UnknownDocument(String),
    /// A caller's argument is out of its range.
    InvalidArgument(String),
    /// A query needed more than its work budget (`search::WORK_BUDGET`), in units of work.
    OverBudget(usize),
    /// The answer needs pieces of a split index that are not loaded: load them and ask again.
    NotLoaded(Vec<PieceRef>),
    /// The lean engine (built without the `full` feature) cannot answer this: what it needs
    /// (pinyin, "did you mean") is in the full engine, which the page loads and asks instead.
    NeedsFullEngine(&'static str),
    /// This engine holds no index: it was built to have one written into it, and nobody did.
    NoIndex,
    /// A piece could not be loaded: it could not be fetched or read, or its bytes are wrong.
    Piece {
        /// The piece's file name.
        name: String,
        /// What is wrong, in words.
        problem: String,
    },
}

/// `Result` with the library's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// The pieces that independent steps lack, gathered so that one round of loading brings what
/// they all need next, instead of a round for each step in turn.
#[derive(Default)]
pub struct Missing(Vec<PieceRef>);

impl Missing {
    /// Adds a piece, once.
    pub fn add(&mut self, piece: PieceRef) {
        if !self.0.contains(&piece) {
            self.0.push(piece);
        }
    }

    /// The value of a step, or `None` when it lacks pieces (kept here); other errors as they are.
    pub fn gather<T>(&mut self, step: Result<T>) -> Result<Option<T>> {
        match step {
            Ok(value) => Ok(Some(value)),
            Err(Error::NotLoaded(pieces)) => {
                for piece in pieces {
                    self.add(piece);
                }
                Ok(None)
            }
            Err(error) => Err(error),
        }
    }

    /// [`Error::NotLoaded`] with every piece gathered, if any was.
    pub fn check(self) -> Result<()> {
        match self.0.is_empty() {
            true => Ok(()),
            false => Err(Error::NotLoaded(self.0)),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Format(e) => e.fmt(f),
            // Quoted by hand: `{:?}` would bring Unicode escaping tables into the wasm.
            Error::UnknownDocument(id) => write!(f, "no article has the id \"{id}\""),
            Error::InvalidArgument(message) => f.write_str(message),
            Error::OverBudget(budget) => write!(
                f,
                "the query needs more work than one search may do (over its budget of {budget} units)"
            ),
            Error::NotLoaded(pieces) => {
                f.write_str("the answer needs index pieces that are not loaded yet:")?;
                for piece in pieces {
                    write!(f, " {}", piece.name())?;
                }
                Ok(())
            }
            Error::NeedsFullEngine(what) => {
                write!(f, "{what} needs the full engine: this lean one leaves it out")
            }
            Error::Piece { name, problem } => {
                write!(f, "the index piece {name} could not be loaded: {problem}")
            }
            Error::NoIndex => f.write_str(
                "this engine holds no index: it is written into it when a site is indexed \
                 (sousuo --site DIR)",
            ),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Format(e) => Some(e),
            _ => None,
        }
    }
}

impl From<FormatError> for Error {
    fn from(e: FormatError) -> Self {
        Error::Format(e)
    }
}
