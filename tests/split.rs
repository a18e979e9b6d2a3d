//! The split index natively: an index that starts from its root alone and loads pieces from disk
//! as each call asks gives exactly the answers of the index with every piece loaded, loads only
//! what a call needs, and says so when a piece is missing or damaged.
#![cfg(not(target_arch = "wasm32"))]

use sousuo::format::{Kind, PieceRef};
use sousuo::{judge, load, Error, Index, PieceId};
use sousuo::{SearchOptions, MAX_LIMIT};

fn options() -> SearchOptions {
    SearchOptions {
        limit: MAX_LIMIT,
        ..SearchOptions::default()
    }
}

/// A fresh index with only its root, and the names of the pieces each call read.
fn lazily<T>(operation: impl FnMut(&Index) -> sousuo::Result<T>) -> (T, Vec<PieceRef>) {
    let mut index = sousuo::compiled_index().unwrap();
    let mut read = Vec::new();
    let mut fetch = |piece: &PieceRef| {
        read.push(*piece);
        sousuo::files::read_piece_file(piece)
    };
    let value = load::run(&mut index, &mut fetch, operation).unwrap();
    (value, read)
}

#[test]
fn every_judged_query_and_its_articles_are_answered_the_same_from_pieces_loaded_on_demand() {
    let all = sousuo::embedded_index().unwrap();
    let judgements = judge::parse(include_str!("judged.tsv")).unwrap();
    for judgement in &judgements {
        let query = judgement.query.as_str();
        let whole = sousuo::search(all, query, &options()).unwrap();
        let (split, _) = lazily(|index| sousuo::search(index, query, &options()));
        assert_eq!(split, whole, "{query}");
        for hit in &whole.hits {
            let whole = sousuo::article(all, &hit.id, Some(query)).unwrap();
            let (split, _) = lazily(|index| sousuo::article(index, &hit.id, Some(query)));
            assert_eq!(split, whole, "{query} {}", hit.id);
        }
        let whole = sousuo::suggest(all, query, 10).unwrap();
        let (split, _) = lazily(|index| sousuo::suggest(index, query, 10));
        assert_eq!(split, whole, "{query}");
    }
}

#[test]
fn a_search_reads_only_the_pieces_it_needs() {
    let index = sousuo::compiled_index().unwrap();
    if index.is_embedded() {
        return; // SOUSUO_INDEX=embedded: nothing to load
    }
    let (results, read) = lazily(|index| sousuo::search(index, "迈博太科", &Default::default()));
    assert_eq!(results.hits[0].id, "001_9fc454ccbfdced76");
    assert!(
        read.iter().all(|p| p.kind != Kind::Phonetic),
        "no pinyin for Chinese text"
    );
    let docs = read.iter().filter(|p| p.kind == Kind::Docs).count();
    assert_eq!(docs, 1, "only the piece of the one article shown");
    let (_, read) = lazily(|index| sousuo::search(index, "yiyao", &Default::default()));
    assert!(
        read.iter().any(|p| p.kind == Kind::Phonetic),
        "pinyin reads the phonetic piece"
    );
    let (examples, read) = lazily(|index| sousuo::examples(index, 8, None));
    assert!(
        !examples.is_empty() && read.is_empty(),
        "examples live in the root"
    );
}

/// The answer of `operation` over `index`, loading pieces from disk, with the kinds of pieces
/// each round of loading asked for.
fn in_rounds<T>(
    index: &mut Index<'static>,
    mut operation: impl FnMut(&Index) -> sousuo::Result<T>,
) -> (T, Vec<Vec<Kind>>) {
    let mut rounds = Vec::new();
    let value = load::run(index, &mut sousuo::files::read_piece_file, |index| {
        let answer = operation(index);
        if let Err(Error::NotLoaded(pieces)) = &answer {
            rounds.push(pieces.iter().map(|p| p.kind).collect());
        }
        answer
    })
    .unwrap();
    (value, rounds)
}

#[test]
fn a_small_site_answers_its_first_search_and_opens_the_article_in_one_round_of_loading() {
    let mut index = sousuo::compiled_index().unwrap();
    if index.is_embedded() || index.root().piece_counts().1 != 1 {
        return; // nothing to load, or not a site small enough for one DOCS piece
    }
    let (results, rounds) = in_rounds(&mut index, |index| {
        sousuo::search(index, "迈博太科", &Default::default())
    });
    assert_eq!(results.hits[0].id, "001_9fc454ccbfdced76");
    // The seeds' five articles are stored whole in their one DOCS piece (crates/indexer/src/pieces.rs,
    // WHOLE_SITE_DOC_BYTES): the passage is there with the terms, no BODY slice to wait for.
    assert_eq!(
        rounds.len(),
        1,
        "terms and articles in one round: {rounds:?}"
    );
    assert!(
        rounds[0].contains(&Kind::Terms) && rounds[0].contains(&Kind::Docs),
        "{rounds:?}"
    );
    let id = &results.hits[0].id;
    let (article, rounds) = in_rounds(&mut index, |index| {
        sousuo::article(index, id, Some("迈博太科"))
    });
    assert!(article.matches > 0);
    assert!(
        rounds.is_empty(),
        "the whole article was loaded with the hit: {rounds:?}"
    );
}

#[test]
fn pinyin_finds_the_sound_grams_pieces_through_the_phonetic_piece_not_the_root() {
    let mut index = sousuo::compiled_index().unwrap();
    if index.is_embedded() {
        return;
    }
    let mut rounds: Vec<Vec<PieceRef>> = Vec::new();
    let results = load::run(&mut index, &mut sousuo::files::read_piece_file, |index| {
        let answer = sousuo::search(index, "yiyaogaoxinqu", &options());
        if let Err(Error::NotLoaded(pieces)) = &answer {
            rounds.push(pieces.clone());
        }
        answer
    })
    .unwrap();
    assert_eq!(results.hits[0].id, "001_9fc454ccbfdced76");
    let root = sousuo::compiled_index().unwrap();
    let unnamed_by_root = |piece: &PieceRef| root.root().piece_named(&piece.name()).is_none();
    let first = &rounds[0];
    assert!(
        first.iter().any(|p| p.kind == Kind::Phonetic),
        "the phonetic piece with the first terms: {rounds:?}"
    );
    assert!(first.iter().all(|p| !unnamed_by_root(p)), "{rounds:?}");
    let sound_pieces: Vec<&PieceRef> = rounds[1..]
        .iter()
        .flatten()
        .filter(|p| p.kind == Kind::Terms && unnamed_by_root(p))
        .collect();
    assert!(
        !sound_pieces.is_empty(),
        "the sound grams' pieces, which only the phonetic piece names: {rounds:?}"
    );
    let pinyin_pieces = rounds[1..]
        .iter()
        .flatten()
        .filter(|p| p.kind == Kind::Pinyin);
    let pinyin_pieces = pinyin_pieces.count();
    let every_pinyin_piece = index.known_pieces().filter(|(_, p)| p.kind == Kind::Pinyin);
    let every_pinyin_piece = every_pinyin_piece.count();
    assert!(
        pinyin_pieces >= 1 && pinyin_pieces * 2 < every_pinyin_piece,
        "only the pinyin keys its spellings could be in: {pinyin_pieces} of \
         {every_pinyin_piece}, {rounds:?}"
    );
    let all = sousuo::embedded_index().unwrap();
    assert_eq!(
        results,
        sousuo::search(all, "yiyaogaoxinqu", &options()).unwrap()
    );
}

#[test]
fn an_article_opened_from_a_hit_needs_no_id_piece_and_a_shared_link_needs_one() {
    let mut index = sousuo::compiled_index().unwrap();
    if index.is_embedded() {
        return;
    }
    let mut read = Vec::new();
    let mut fetch = |piece: &PieceRef| {
        read.push(piece.kind);
        sousuo::files::read_piece_file(piece)
    };
    let id = "004_5b3b55316f9678e7";
    let results = load::run(&mut index, &mut fetch, |index| {
        sousuo::search(index, "张小兵", &Default::default())
    })
    .unwrap();
    assert_eq!(results.hits[0].id, id);
    let before = read.len();
    let mut fetch = |piece: &PieceRef| {
        read.push(piece.kind);
        sousuo::files::read_piece_file(piece)
    };
    let article = load::run(&mut index, &mut fetch, |index| {
        sousuo::article(index, id, None)
    });
    assert_eq!(article.unwrap().id, id);
    // The hit's DOCS piece is loaded already: only the slices of its body not shown yet.
    let opened = &read[before..];
    assert!(opened.iter().all(|kind| *kind == Kind::Body), "{opened:?}");

    // A shared link, on a fresh page: the id piece, then the document's piece and its body.
    let (article, read) = lazily(|index| sousuo::article(index, id, None));
    assert_eq!(article.id, id);
    let kinds: Vec<Kind> = read.iter().map(|piece| piece.kind).collect();
    assert_eq!(kinds[..2], [Kind::Ids, Kind::Docs]);
    assert!(
        kinds[2..].iter().all(|kind| *kind == Kind::Body),
        "{kinds:?}"
    );
    // An id that no document has, inside a loaded piece's range or not: said, not guessed.
    for missing in ["004_5b3b55316f9678e6", "zzz", ""] {
        let result = load::run(
            &mut index,
            &mut |p: &PieceRef| sousuo::files::read_piece_file(p),
            |index| sousuo::article(index, missing, None),
        );
        assert!(
            matches!(result, Err(Error::UnknownDocument(_))),
            "{missing}: {result:?}"
        );
    }
}

#[test]
fn a_missing_or_damaged_piece_is_an_error_never_a_shorter_answer() {
    let mut index = sousuo::compiled_index().unwrap();
    if index.is_embedded() {
        return;
    }
    let mut missing = |piece: &PieceRef| -> sousuo::Result<Vec<u8>> {
        Err(Error::Piece {
            name: piece.name(),
            problem: "the server answered 404".to_string(),
        })
    };
    let failed = load::run(&mut index, &mut missing, |index| {
        sousuo::search(index, "医药", &Default::default())
    });
    assert!(matches!(failed, Err(Error::Piece { .. })), "{failed:?}");

    let mut damaged = |piece: &PieceRef| {
        let mut bytes = sousuo::files::read_piece_file(piece)?;
        let middle = bytes.len() / 2;
        bytes[middle] ^= 0xFF;
        Ok(bytes)
    };
    let message = load::run(&mut index, &mut damaged, |index| {
        sousuo::search(index, "医药", &Default::default())
    })
    .unwrap_err()
    .to_string();
    assert!(message.contains("do not match its hash"), "{message}");

    let mut truncated = |piece: &PieceRef| {
        let mut bytes = sousuo::files::read_piece_file(piece)?;
        bytes.truncate(bytes.len() - 1);
        Ok(bytes)
    };
    let message = load::run(&mut index, &mut truncated, |index| {
        sousuo::article(index, "004_5b3b55316f9678e7", None)
    })
    .unwrap_err()
    .to_string();
    assert!(message.contains("truncated"), "{message}");

    // Nothing was lost: the same index answers once the pieces are whole.
    let results = load::run(&mut index, &mut sousuo::files::read_piece_file, |index| {
        sousuo::search(index, "医药", &Default::default())
    })
    .unwrap();
    let all = sousuo::search(
        sousuo::embedded_index().unwrap(),
        "医药",
        &Default::default(),
    )
    .unwrap();
    assert_eq!(results, all);
}

#[test]
fn a_small_cache_drops_old_pieces_and_fetches_them_again_with_the_same_answers() {
    let mut index = sousuo::compiled_index().unwrap();
    if index.is_embedded() {
        return;
    }
    // Room for one query's pieces (the seeds' small term pieces, DOCS piece and body slices).
    const LIMIT: usize = 64 * 1024;
    index.set_cache_limit(LIMIT);
    let all = sousuo::embedded_index().unwrap();
    let mut fetched = Vec::new();
    let search = |index: &mut Index<'static>, fetched: &mut Vec<String>, query: &str| {
        let mut fetch = |piece: &PieceRef| {
            fetched.push(piece.name());
            sousuo::files::read_piece_file(piece)
        };
        let results = load::run(index, &mut fetch, |index| {
            sousuo::search(index, query, &options())
        });
        assert_eq!(
            results.unwrap(),
            sousuo::search(all, query, &options()).unwrap()
        );
        assert!(
            index.loaded_bytes() <= LIMIT,
            "{query}: {}",
            index.loaded_bytes()
        );
    };
    search(&mut index, &mut fetched, "迈博太科");
    let first = fetched.len();
    search(&mut index, &mut fetched, "迈博太科");
    assert_eq!(fetched.len(), first, "pieces kept are not fetched again");
    // With room for that query's pieces alone, the pinyin piece pushes the oldest out; the
    // next query fetches those again.
    index.set_cache_limit(index.loaded_bytes());
    let phonetic = index.root().piece(PieceId::Phonetic).unwrap();
    let phonetic_bytes = sousuo::files::read_piece_file(&phonetic).unwrap();
    index.load(&phonetic.name(), phonetic_bytes).unwrap();
    search(&mut index, &mut fetched, "迈博太科");
    let again = &fetched[first..];
    assert!(
        !again.is_empty() && again.iter().all(|name| fetched[..first].contains(name)),
        "dropped pieces were fetched again: {fetched:?}"
    );

    // A cache smaller than one query's pieces is said, not answered short.
    index.set_cache_limit(1);
    let message = load::run(&mut index, &mut sousuo::files::read_piece_file, |index| {
        sousuo::search(index, "醫藥 yiyao", &options())
    })
    .unwrap_err()
    .to_string();
    assert!(message.contains("cache is too small"), "{message}");
}

/// A typo's homophones are tried beside the characters next to them (the pairs that start with
/// one character lie together), and candidates are checked by their grams alone: a split index
/// over 50,000 poems read 7 to 10 MB for one cold typo, hundreds of pieces, before.
#[test]
fn did_you_mean_reads_the_pieces_near_the_typed_text_not_all_over_the_index() {
    let index = sousuo::compiled_index().unwrap();
    if index.is_embedded() {
        return; // SOUSUO_INDEX=embedded: nothing to load
    }
    let (terms, _, _) = index.root().piece_counts();
    // As typed: what a mending beyond doubt reads besides is its own search's.
    let verbatim = SearchOptions {
        verbatim: true,
        ..options()
    };
    for (typo, fix) in [("朱浩明", "朱浩民"), ("衣药高心区", "医药高新区")] {
        let (results, read) = lazily(|index| sousuo::search(index, typo, &verbatim));
        assert!(
            results.suggestions.iter().any(|s| s == fix),
            "{typo}: {results:?}"
        );
        let read_terms = read.iter().filter(|p| p.kind == Kind::Terms).count();
        // Checking every homophone's text read 61 and 67 of the 82 pieces; trying them beside
        // their neighbours reads 14 and 23, and asking at once for what the later ways of
        // mending read first (below), 20 and 23. Since pieces hold more keys each (no length
        // code in every entry), the seeds take 70, of which these read 16 and 25.
        assert!(
            read_terms * 5 <= terms * 2,
            "{typo}: {read_terms} of {terms} TERMS pieces read"
        );
    }
}

#[test]
fn did_you_mean_asks_for_what_each_way_of_mending_reads_first_in_one_round() {
    let mut index = sousuo::compiled_index().unwrap();
    if index.is_embedded() {
        return; // SOUSUO_INDEX=embedded: nothing to load
    }
    // Mended only by the later ways: a character replaced (迈博太学), one typed twice (张小小兵).
    // Asked for one way after the other, they took 4 rounds of loading after the character
    // readings; now the first reads of every way come in one round, and 2 suffice. Searched as
    // typed: the rounds of the mending's own search, when it is sure, are not these.
    let as_typed = SearchOptions {
        verbatim: true,
        ..options()
    };
    for (typo, fix) in [("迈博太学", "迈博太科"), ("张小小兵", "张小兵")] {
        let (results, rounds) =
            in_rounds(&mut index, |index| sousuo::search(index, typo, &as_typed));
        assert!(
            results.suggestions.iter().any(|s| s == fix),
            "{typo}: {results:?}"
        );
        let readings = rounds
            .iter()
            .position(|round| round.contains(&Kind::Phonetic))
            .unwrap();
        assert!(
            rounds.len() - readings - 1 <= 2,
            "{typo}: rounds after the readings: {rounds:?}"
        );
        index = sousuo::compiled_index().unwrap(); // cold again for the next typo
    }
}

/// A root whose documents' lengths are not one per document is refused when it is read, never
/// scored with a length that belongs to another document.
#[test]
fn a_root_without_a_length_for_every_document_is_refused() {
    use sousuo::format::{self, root};
    let pack = format::decode(sousuo::compiled_bytes(), Kind::Pack).unwrap();
    let sections = format::decode(pack[0], Kind::Root).unwrap();
    let mut short: Vec<Vec<u8>> = sections.iter().map(|s| s.to_vec()).collect();
    assert!(!short[root::NORMS].is_empty());
    short[root::NORMS].pop();
    let root = format::encode(Kind::Root, &short).unwrap();
    let bytes = format::encode(Kind::Pack, &[root]).unwrap();
    let Err(error) = Index::from_bytes(&bytes) else {
        panic!("a root one length short is read");
    };
    assert!(error.to_string().contains("lengths"), "{error}");
}
