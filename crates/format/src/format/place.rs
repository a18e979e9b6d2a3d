//! Pieces named by their place rather than their bytes: the TERMS pieces, which the root (the
//! text's) and the PHONETIC piece (the sound grams') name, and the DOCS pieces, which the root
//! names. A ref of its own for each cost every reader six bytes of hash per piece, the most of
//! the root on a large site; now a directory names them all by one *seed* (a hash of all their
//! bytes, so that another build names them anew) and each one's place, and a piece says itself
//! which it is, with a checksum of the rest of its bytes (its CHECK section).

use super::sections::{docs, terms};
use super::{
    decode_hash, fnv64_on, piece_hash, read_u32, FormatError, Kind, FNV64_START, HASH_BYTES,
};

/// The hash that names piece `ordinal` of the pieces named by `seed`, as a content hash would.
pub fn place_hash(seed: u64, ordinal: u32) -> u64 {
    let mut bytes = [0u8; HASH_BYTES + 4];
    bytes[..HASH_BYTES].copy_from_slice(&seed.to_le_bytes()[..HASH_BYTES]);
    bytes[HASH_BYTES..].copy_from_slice(&ordinal.to_le_bytes());
    piece_hash(&bytes)
}

/// The seed of pieces with these sections (each piece's but CHECK, in order), in order.
pub fn place_seed<'s, S: AsRef<[&'s [u8]]>>(pieces: impl IntoIterator<Item = S>) -> u64 {
    let mut all = Vec::new();
    for sections in pieces {
        all.extend_from_slice(&checksum(sections.as_ref()).to_le_bytes());
    }
    piece_hash(&all)
}

/// The CHECK section of piece `ordinal` named by `seed`, whose other sections are `sections`
/// (in order, CHECK left out).
pub fn place_check(seed: u64, ordinal: u32, sections: &[&[u8]]) -> Vec<u8> {
    let mut check = Vec::with_capacity(HASH_BYTES + 8);
    check.extend_from_slice(&seed.to_le_bytes()[..HASH_BYTES]);
    check.extend_from_slice(&ordinal.to_le_bytes());
    check.extend_from_slice(&checksum(sections).to_le_bytes());
    check
}

/// What names a piece: the hash of its place when it says it has one and its checksum agrees,
/// or else the hash of its bytes. Bytes cut short or damaged give a hash no ref has.
pub fn piece_identity(bytes: &[u8]) -> u64 {
    placed(bytes).unwrap_or_else(|| piece_hash(bytes))
}

/// The place a TERMS or DOCS piece says it has, when its checksum agrees.
fn placed(bytes: &[u8]) -> Option<u64> {
    let (mut sections, check) = match super::decode(bytes, Kind::Terms) {
        Ok(sections) => (sections, terms::CHECK),
        Err(_) => (super::decode(bytes, Kind::Docs).ok()?, docs::CHECK),
    };
    let check = sections.remove(check);
    if check.len() != HASH_BYTES + 8 {
        return None;
    }
    let seed = decode_hash(check, &mut 0).ok()?;
    let ordinal = read_u32(check, HASH_BYTES, "check").ok()?;
    let sum = read_u32(check, HASH_BYTES + 4, "check").ok()?;
    (checksum(&sections) == sum).then(|| place_hash(seed, ordinal))
}

/// FNV-1a 64 of the sections one after the other, folded to 32 bits.
fn checksum(sections: &[&[u8]]) -> u32 {
    let hash = sections
        .iter()
        .fold(FNV64_START, |hash, section| fnv64_on(hash, section));
    (hash >> 32) as u32 ^ hash as u32
}

/// The seed a directory of pieces named by their place starts with (TERM_DIR, SOUND_DIR,
/// DOC_DIR), and the rest of it.
pub fn split_place_dir(dir: &[u8]) -> Result<(u64, &[u8]), FormatError> {
    let mut at = 0;
    let seed = decode_hash(dir, &mut at)?;
    Ok((seed, &dir[at..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::encode;

    #[test]
    fn a_placed_piece_is_named_by_its_place_and_only_while_whole() {
        let (dictionary, postings, codes) = (b"keys".to_vec(), b"lists".to_vec(), vec![0]);
        let seed = place_seed([[&dictionary[..], &postings[..], &codes[..]]]);
        let check = place_check(seed, 3, &[&dictionary, &postings, &codes]);
        let blob = encode(Kind::Terms, &[dictionary, postings, check, codes]).unwrap();
        assert_eq!(piece_identity(&blob), place_hash(seed, 3));
        assert_ne!(place_hash(seed, 3), place_hash(seed, 4));
        // A byte changed anywhere, or one missing, names no place.
        for at in 0..blob.len() {
            let mut damaged = blob.clone();
            damaged[at] ^= 0x20;
            assert_ne!(piece_identity(&damaged), place_hash(seed, 3), "byte {at}");
        }
        assert_ne!(piece_identity(&blob[..blob.len() - 1]), place_hash(seed, 3));
        // A piece with an empty CHECK section is named by its bytes.
        let plain = encode(
            Kind::Terms,
            &[b"k".to_vec(), b"p".to_vec(), Vec::new(), vec![0]],
        );
        let plain = plain.unwrap();
        assert_eq!(piece_identity(&plain), piece_hash(&plain));
    }

    #[test]
    fn a_docs_piece_is_named_by_its_place_too() {
        let sections: Vec<Vec<u8>> = (0..docs::CHECK).map(|n| vec![n as u8; n + 1]).collect();
        let borrowed: Vec<&[u8]> = sections.iter().map(Vec::as_slice).collect();
        let seed = place_seed([&borrowed[..]]);
        let mut all = sections.clone();
        all.push(place_check(seed, 0, &borrowed));
        let blob = encode(Kind::Docs, &all).unwrap();
        assert_eq!(piece_identity(&blob), place_hash(seed, 0));
        for at in 0..blob.len() {
            let mut damaged = blob.clone();
            damaged[at] ^= 0x01;
            assert_ne!(piece_identity(&damaged), place_hash(seed, 0), "byte {at}");
        }
    }
}
