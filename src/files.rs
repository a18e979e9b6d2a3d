//! Pieces on disk: where this build wrote a split index's pieces, for the command line, the
//! native tests and the fuzz targets (in a browser the page fetches them instead).

use crate::format::PieceRef;
use crate::{Error, Result};

/// The folder a split index's pieces are read from natively: `SOUSUO_PIECES` when set, else the
/// folder this build wrote them to.
pub fn pieces_dir() -> std::path::PathBuf {
    match std::env::var_os("SOUSUO_PIECES") {
        Some(dir) if !dir.is_empty() => dir.into(),
        _ => env!("SOUSUO_PIECES_DIR").into(),
    }
}

/// Reads a piece from [`pieces_dir`]: its blob, from its file or its BODIES file.
pub fn read_piece_file(piece: &PieceRef) -> Result<Vec<u8>> {
    #[cfg(not(target_arch = "wasm32"))]
    let read = sousuo_format::stored::read_piece(&pieces_dir(), piece);
    // The page fetches pieces; the wasm has no files (and no gzip) of its own.
    #[cfg(target_arch = "wasm32")]
    let read = Err(format!(
        "no files to read {} from in wasm",
        pieces_dir().display()
    ));
    read.map_err(|problem| Error::Piece {
        name: piece.name(),
        problem,
    })
}
