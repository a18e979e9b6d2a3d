//! Pieces on disk: where this build wrote a split index's pieces, for the command line, the
//! native tests and the fuzz targets (in a browser the page fetches them instead).

use crate::error::{Error, Result};
use crate::format::PieceRef;

/// The folder a split index's pieces are read from natively: `SOUSUO_PIECES` when set, else the
/// folder this build wrote them to.
pub fn pieces_dir() -> std::path::PathBuf {
    match std::env::var_os("SOUSUO_PIECES") {
        Some(dir) if !dir.is_empty() => dir.into(),
        _ => env!("SOUSUO_PIECES_DIR").into(),
    }
}

/// Reads a piece from [`pieces_dir`]: its blob, from its file or its BODIES file.
#[cfg(not(target_arch = "wasm32"))]
pub fn read_piece_file(piece: &PieceRef) -> Result<Vec<u8>> {
    sousuo_format::stored::read_piece(&pieces_dir(), piece).map_err(|problem| Error::Piece {
        name: piece.name(),
        problem,
    })
}
