//! Pieces as files: each piece's blob is stored gzipped, and a DOCS piece's BODY pieces share one
//! BODIES file (the grammar is in `format.rs`). Native code only: the page inflates what it
//! fetches with the browser's DecompressionStream (www/sousuo-engine.js).
//!
//! Gzipped on disk because that is what a host stores and what it sends: most hosts compress
//! only text types on the fly, and the postings compress by about a third.

use crate::format::PieceRef;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use flate2::Compression;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

/// The first bytes of a gzip stream: a stored form. A blob starts with `SOUSUOIX` instead.
const GZIP_MAGIC: [u8; 2] = [0x1F, 0x8B];

/// The most bytes a stored form may inflate to: the format's own limit on a piece.
const MAX_PIECE_BYTES: u64 = u32::MAX as u64;

/// The stored form of a blob.
pub fn store(blob: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::with_capacity(blob.len() / 2), Compression::default());
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(blob);
    encoder.finish().unwrap_or_default()
}

/// The blob of a piece as read from its file: inflated when it is a stored form, as is when it
/// is a blob (an older or hand-made folder). Whether they are the bytes the index names is the
/// engine's to check.
pub fn unstore(bytes: Vec<u8>) -> Result<Vec<u8>, String> {
    if !bytes.starts_with(&GZIP_MAGIC) {
        return Ok(bytes);
    }
    let mut blob = Vec::with_capacity(bytes.len() * 3);
    GzDecoder::new(bytes.as_slice())
        .take(MAX_PIECE_BYTES + 1)
        .read_to_end(&mut blob)
        .map_err(|e| format!("it does not inflate: {e}"))?;
    if blob.len() as u64 > MAX_PIECE_BYTES {
        return Err("it inflates past 4 GiB".to_string());
    }
    Ok(blob)
}

/// The blob of `piece`, read from the folder of pieces `dir`: its own file, or its byte range of
/// its BODIES file.
pub fn read_piece(dir: &Path, piece: &PieceRef) -> Result<Vec<u8>, String> {
    let path = dir.join(piece.file_name());
    let cannot = |e: std::io::Error| format!("cannot read {}: {e}", path.display());
    let bytes = match piece.within {
        None => std::fs::read(&path).map_err(cannot)?,
        Some(within) => {
            let mut file = File::open(&path).map_err(cannot)?;
            file.seek(SeekFrom::Start(u64::from(within.start)))
                .map_err(cannot)?;
            let mut bytes = Vec::with_capacity(within.len as usize);
            file.take(u64::from(within.len))
                .read_to_end(&mut bytes)
                .map_err(cannot)?;
            bytes
        }
    };
    unstore(bytes).map_err(|problem| format!("{}: {problem}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_form_gives_its_blob_back_and_a_blob_reads_as_itself() {
        let blob = b"SOUSUOIX and then some bytes, some bytes, some bytes".to_vec();
        let stored = store(&blob);
        assert!(stored.starts_with(&GZIP_MAGIC));
        assert_eq!(unstore(stored).unwrap(), blob);
        assert_eq!(unstore(blob.clone()).unwrap(), blob);
    }

    #[test]
    fn a_damaged_stored_form_is_said_not_to_inflate() {
        let mut stored = store(&[7u8; 4096]);
        stored.truncate(stored.len() / 2);
        assert!(unstore(stored).unwrap_err().contains("does not inflate"));
    }
}
