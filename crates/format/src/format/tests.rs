//! Round trips of the byte format: blobs, varints, refs, records, extras, filters.

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
    let sections: Vec<Vec<u8>> = (0..11).map(|i| vec![i as u8; i]).collect();
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
    assert_eq!(out.len(), 1 + HASH_BYTES, "a ref is its hash alone");
    assert!(PieceRef::decode(Kind::Terms, &out[..4], &mut 1).is_err());
    assert_ne!(
        name,
        PieceRef::of(Kind::Terms, b"some bytez").unwrap().name()
    );
}

#[test]
fn a_blob_header_says_how_long_the_blob_is() {
    let blob = encode(
        Kind::Terms,
        &[b"abc".to_vec(), b"defgh".to_vec(), Vec::new(), vec![0]],
    )
    .unwrap();
    assert_eq!(declared_len(&blob), Some(blob.len()));
    assert_eq!(declared_len(&blob[..blob.len() - 2]), Some(blob.len()));
    assert_eq!(declared_len(&blob[..10]), None);
}

#[test]
fn doc_records_round_trip_and_must_cover_the_text() {
    // An id of 2 bytes and a title of 4, a body of 5 in STRINGS; then one whose body is in
    // BODY pieces (its chunk list at 8 in CHUNKS).
    let first = DocRecord {
        id_start: 0,
        id_len: 2,
        text_start: 2,
        title_bytes: 4,
        body_bytes: 5,
        title_chars: 2,
        body_chars: 5,
        chunks_at: docs::NO_CHUNKS,
    };
    let second = DocRecord {
        id_start: 11,
        id_len: 3,
        text_start: 14,
        title_bytes: 6,
        body_bytes: 9_000,
        title_chars: 2,
        body_chars: 3_000,
        chunks_at: 8,
    };
    let mut out = Vec::new();
    first.encode(&mut out);
    second.encode(&mut out);
    assert_eq!(DocRecord::decode_all(&out, 2, 20), Ok(vec![first, second]));
    assert!(DocRecord::decode_all(&out, 2, 21).is_err());
    assert!(DocRecord::decode_all(&out, 1, 11).is_err());
    assert!(DocRecord::decode_all(&out, 3, 20).is_err());
    assert!(DocRecord::decode_all(&out[..out.len() - 1], 2, 20).is_err());
}

#[test]
fn doc_extras_round_trip_and_reject_damage() {
    let extra = DocExtra {
        url: Some("/posts/北京/"),
        sections: vec![
            SectionEntry {
                position: 12,
                heading: "炒肝和包子",
                anchor: "炒肝和包子",
            },
            SectionEntry {
                position: 40,
                heading: "怎么找",
                anchor: "find-shops",
            },
        ],
        meta: vec![("date", "2024-02-10"), ("tags", "北京"), ("tags", "美食")],
    };
    let mut out = Vec::new();
    extra.encode(&mut out);
    assert_eq!(DocExtra::decode(&out), Ok(extra));
    let mut out = Vec::new();
    DocExtra::default().encode(&mut out);
    assert_eq!(
        out,
        [0, 0, 0],
        "a plain text article's extra is three bytes"
    );
    assert_eq!(DocExtra::decode(&out), Ok(DocExtra::default()));
    // The root page's URL is `/`, not "no URL".
    let root = DocExtra {
        url: Some("/"),
        ..DocExtra::default()
    };
    let mut out = Vec::new();
    root.encode(&mut out);
    assert_eq!(DocExtra::decode(&out).unwrap().url, Some("/"));
    for damaged in [
        &[9u8][..],
        &[0, 5, 1],
        &[0, 0, 1, 3, b'k'],
        &[2, 0xFF, 0, 0],
    ] {
        assert!(DocExtra::decode(damaged).is_err(), "{damaged:?}");
    }
}

#[test]
fn filters_and_sorts_round_trip_and_stay_within_the_documents() {
    let filters = vec![
        FilterEntry {
            key: "categories",
            values: vec![FilterValue {
                value: "读书",
                folded: "读书",
                docs: vec![3],
            }],
        },
        FilterEntry {
            key: "tags",
            values: vec![
                FilterValue {
                    value: "醫藥",
                    folded: "医药",
                    docs: vec![0, 1, 200],
                },
                FilterValue {
                    value: "随笔",
                    folded: "随笔",
                    docs: vec![2],
                },
            ],
        },
    ];
    let bytes = encode_filters(&filters);
    assert_eq!(decode_filters(&bytes, 201), Ok(filters));
    assert!(decode_filters(&bytes, 200).is_err(), "document 200 of 200");
    assert!(decode_filters(&bytes[..bytes.len() - 1], 201).is_err());
    let sorts = vec![SortEntry {
        key: "date",
        ranks: vec![2, 0, 1, 300],
    }];
    let bytes = encode_sorts(&sorts);
    assert_eq!(decode_sorts(&bytes, 4), Ok(sorts));
    assert!(decode_sorts(&bytes, 5).is_err());
    assert_eq!(decode_sorts(&[], 4), Ok(Vec::new()));
}

#[test]
fn a_separator_is_the_shortest_prefix_after_the_previous_key() {
    assert_eq!(separator(None, b"pyiyao"), b"");
    assert_eq!(separator(Some(b"pyiya\0"), b"pyiyao\0"), b"pyiyao");
    assert_eq!(separator(Some(b"pyi\0"), b"pyiyao"), b"pyiy");
    assert_eq!(separator(Some(b"pyi"), b"pyiyao"), b"pyiy");
    assert_eq!(separator(Some(b"abc"), b"abd"), b"abd");
    assert_eq!(separator(Some(b"abz"), b"ac"), b"ac");
    // Not after the previous key: all of it (a directory then refuses the order).
    assert_eq!(separator(Some(b"b"), b"a"), b"a");
}

#[test]
fn the_meta_sections_read_back_what_was_written_and_refuse_a_short_one() {
    let root = RootMeta {
        doc_count: 7,
        term_count: 1 << 20,
        total_chars: (5 << 32) + 3,
        t2s_check: 0xdead_beef,
        piece_files: 19_999,
        piece_bytes: u64::MAX - 1,
    };
    let bytes = root.encode();
    assert_eq!(RootMeta::decode(&bytes).unwrap(), root);
    assert!(RootMeta::decode(&bytes[..bytes.len() - 1]).is_err());

    let docs = DocsMeta {
        first_doc: 512,
        count: 256,
    };
    let bytes = docs.encode();
    assert_eq!(DocsMeta::decode(&bytes).unwrap(), docs);
    assert!(DocsMeta::decode(&bytes[..7]).is_err());
}

#[test]
fn an_id_run_finds_the_docs_piece_whose_range_holds_an_id() {
    let run = IdRun {
        first_piece: 7,
        first_ids: vec!["apple", "melon", "plum"],
    };
    let bytes = run.encode();
    let read = IdRun::decode(&bytes).unwrap();
    assert_eq!(read, run);
    assert_eq!(read.piece_for("apple"), Some(7));
    assert_eq!(read.piece_for("banana"), Some(7));
    assert_eq!(read.piece_for("melon"), Some(8));
    assert_eq!(read.piece_for("zucchini"), Some(9));
    // Before the run's first id: no piece of the run holds it.
    assert_eq!(read.piece_for("aardvark"), None);
    let unordered = IdRun {
        first_piece: 0,
        first_ids: vec!["plum", "apple"],
    };
    assert!(IdRun::decode(&unordered.encode()).is_err());
    assert!(IdRun::decode(&bytes[..bytes.len() - 1]).is_err());
}
