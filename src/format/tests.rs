//! Round trips of the byte format: blobs, varints, refs, records.

use super::*;

#[test]
fn varints_round_trip() {
    for value in [0, 1, 127, 128, 300, 16_383, 16_384, u32::MAX - 1, u32::MAX] {
        let mut out = Vec::new();
        write_varint(&mut out, value);
        let mut at = 0;
        assert_eq!(read_varint(&out, &mut at), Ok(value));
        assert_eq!(at, out.len());
    }
    assert!(read_varint(&[0xFF, 0xFF, 0xFF, 0xFF, 0x7F], &mut 0).is_err());
    assert!(read_varint(&[0x80], &mut 0).is_err());
}

#[test]
fn blobs_round_trip_and_reject_other_versions_and_kinds() {
    let sections: Vec<Vec<u8>> = (0..8).map(|i| vec![i as u8; i]).collect();
    let blob = encode(Kind::Root, &sections).unwrap();
    let decoded = decode(&blob, Kind::Root).unwrap();
    for (i, section) in decoded.iter().enumerate() {
        assert_eq!(*section, &sections[i][..]);
    }
    assert!(decode(&blob, Kind::Terms).is_err());
    assert!(encode(Kind::Terms, &sections).is_err());
    let mut other = blob.clone();
    other[8] = 99;
    assert_eq!(
        decode(&other, Kind::Root),
        Err(FormatError::Version { found: 99 })
    );
    assert!(decode(&other, Kind::Root)
        .unwrap_err()
        .to_string()
        .contains("rebuild"));
    assert_eq!(
        decode(b"not an index at all", Kind::Root),
        Err(FormatError::NotAnIndex)
    );
    assert!(decode(&blob[..30], Kind::Root).is_err());
}

#[test]
fn piece_refs_round_trip_and_name_the_hash() {
    let piece = PieceRef::of(Kind::Terms, b"some bytes").unwrap();
    let mut out = vec![1];
    piece.encode(&mut out);
    let mut at = 1;
    assert_eq!(PieceRef::decode(Kind::Terms, &out, &mut at), Ok(piece));
    assert_eq!(at, out.len());
    let name = piece.name();
    assert!(name.starts_with("t-") && name.ends_with(".bin") && name.len() == 18);
    assert_eq!(
        out.len(),
        1 + HASH_BYTES + 1,
        "a short piece's length is one byte"
    );
    assert!(PieceRef::decode(Kind::Terms, &out[..4], &mut 1).is_err());
    assert_ne!(
        name,
        PieceRef::of(Kind::Terms, b"some bytez").unwrap().name()
    );
}

#[test]
fn doc_records_round_trip() {
    let record = DocRecord {
        id_start: 1,
        id_len: 2,
        text_start: 3,
        title_bytes: 4,
        body_bytes: 5,
        title_chars: 6,
        body_chars: 7,
        boundaries_start: 8,
    };
    let mut out = Vec::new();
    record.encode(&mut out);
    record.encode(&mut out);
    assert_eq!(out.len(), 2 * DOC_RECORD_BYTES);
    assert_eq!(DocRecord::decode(&out, 1), Ok(record));
    assert!(DocRecord::decode(&out, 2).is_err());
}
