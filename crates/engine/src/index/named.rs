//! The pieces the PHONETIC piece names, not the root: the sound grams' TERMS pieces and the
//! PINYIN pieces. Only queries with letters read them, and they read the PHONETIC piece first
//! anyway, so every other reader is spared their refs.

use super::Index;
use crate::error::{Error, Result};
use crate::format::{FormatError, Kind, PieceRef};
use crate::root::{pieces_holding_prefix, read_key_dir, read_place_dir, PieceId};
use fst::{IntoStreamer, Streamer};

/// One directory by key, owned: kept when the PHONETIC piece that held it is dropped, so that
/// the pieces on their way can still be loaded.
pub(super) type KeyDir = Vec<(Box<[u8]>, PieceRef)>;

/// The directories of a PHONETIC piece.
pub(super) struct NamedByPhonetic {
    /// The sound grams' TERMS pieces.
    pub sounds: KeyDir,
    /// The PINYIN pieces.
    pub pinyin: KeyDir,
}

impl NamedByPhonetic {
    /// Reads the SOUND_DIR and PINYIN_DIR sections.
    pub fn read(sound_dir: &[u8], pinyin_dir: &[u8]) -> Result<NamedByPhonetic> {
        let owned = |dir: Vec<(&[u8], PieceRef)>| -> KeyDir {
            dir.into_iter()
                .map(|(first, piece)| (Box::from(first), piece))
                .collect()
        };
        Ok(NamedByPhonetic {
            sounds: owned(read_place_dir(Kind::Terms, sound_dir)?),
            pinyin: owned(read_key_dir(Kind::Pinyin, pinyin_dir)?),
        })
    }

    /// Adds every piece named, with its id, to `pieces`.
    pub fn add_pieces(&self, pieces: &mut Vec<(PieceId, PieceRef)>) {
        for (n, (_, piece)) in self.sounds.iter().enumerate() {
            pieces.push((PieceId::Sounds(n), *piece));
        }
        for (n, (_, piece)) in self.pinyin.iter().enumerate() {
            pieces.push((PieceId::Pinyin(n), *piece));
        }
    }

    /// The piece `id`, when it is one of these.
    pub fn piece(&self, id: PieceId) -> Option<PieceRef> {
        let dir = match id {
            PieceId::Sounds(n) => self.sounds.get(n),
            PieceId::Pinyin(n) => self.pinyin.get(n),
            _ => None,
        };
        dir.map(|(_, piece)| *piece)
    }
}

impl Index<'_> {
    /// Adds to `ids` the PINYIN pieces that hold the keys starting with `prefix` (or the
    /// PHONETIC piece, which names them, while none has been loaded), in order.
    pub(crate) fn pinyin_pieces(&self, prefix: &[u8], ids: &mut Vec<PieceId>) {
        match &self.named {
            Some(named) => {
                for n in pieces_holding_prefix(&named.pinyin, prefix) {
                    ids.push(PieceId::Pinyin(n));
                }
            }
            None => ids.push(PieceId::Phonetic),
        }
    }

    /// The pinyin entries (key, the word's doc_freq) that start with `prefix`, in key order, at
    /// most `max`, read from at most `max_pieces` pieces (the first ones of their range).
    pub(crate) fn pinyin_entries(
        &self,
        prefix: &[u8],
        max: usize,
        max_pieces: usize,
    ) -> Result<Vec<(Vec<u8>, u64)>> {
        let mut ids = Vec::new();
        self.pinyin_pieces(prefix, &mut ids);
        ids.truncate(max_pieces);
        self.require(ids.iter().copied())?;
        let mut entries = Vec::new();
        for id in ids {
            let PieceId::Pinyin(n) = id else { continue };
            let Some(Some(keys)) = self.pinyin.get(n) else {
                continue; // the index has no pinyin keys at all
            };
            let fst = fst::raw::Fst::new(keys.as_ref())
                .map_err(|_| Error::Format(FormatError::Corrupt("the pinyin keys")))?;
            // The raw fst's stream, as `keys_with_prefix` reads one: a second kind of stream
            // would be a second copy of its code in the wasm.
            let mut stream = fst.range().ge(prefix).into_stream();
            while let Some((key, value)) = stream.next() {
                if !key.starts_with(prefix) || entries.len() >= max {
                    break;
                }
                entries.push((key.to_vec(), value.value()));
            }
        }
        Ok(entries)
    }
}
