//! Piece bytes as a forged piece would carry them (the hash check skipped): a real
//! piece with damage to every section sousuo decodes itself, or arbitrary bytes in place of a
//! piece of documents. Loading returns an error or a piece, and every search, article and
//! suggestion over it returns a result or an error; none panics.
//!
//! The fst sections (a TERMS piece's dictionary, a PINYIN piece's keys) stay intact:
//! the fst crate does not validate what it reads. In use, every piece must match the hash its
//! root names before it is decoded.
#![no_main]
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use sousuo::format::{self, Kind};
use sousuo::{Index, PieceId};

#[derive(Arbitrary, Debug)]
struct Forgery {
    /// Which piece of the index.
    piece: u16,
    /// Bytes overwritten: (section, offset, value).
    writes: Vec<(u8, u32, u8)>,
    /// A section cut short.
    cut: Option<(u8, u32)>,
    /// Arbitrary bytes in place of a DOCS piece (it holds no fst).
    raw_docs: Option<Vec<u8>>,
    query: String,
}

/// The sections of a piece of `kind` that sousuo decodes itself.
fn damageable(kind: Kind) -> &'static [usize] {
    match kind {
        Kind::Terms => &[format::terms::POSTINGS],
        Kind::Docs => &[
            format::docs::META,
            format::docs::DOCS,
            format::docs::STRINGS,
            format::docs::CHUNKS,
            format::docs::EXTRAS,
        ],
        Kind::Phonetic => &[
            format::phonetic::PINYIN_DIR,
            format::phonetic::READINGS,
            format::phonetic::SOUND_DIR,
        ],
        Kind::Filters => &[format::filters::FILTERS, format::filters::SORTS],
        Kind::Body => &[format::body::TEXT],
        _ => &[],
    }
}

/// Every piece: the root's, and those the PHONETIC piece names (sound grams, pinyin keys).
fn every_piece() -> &'static [(PieceId, format::PieceRef)] {
    static PIECES: std::sync::OnceLock<Vec<(PieceId, format::PieceRef)>> =
        std::sync::OnceLock::new();
    PIECES.get_or_init(|| {
        let mut index = sousuo::compiled_index().unwrap();
        load_real(&mut index, PieceId::Phonetic);
        index.known_pieces().collect()
    })
}

fn load_real(index: &mut Index, id: PieceId) {
    let piece = index.root().piece(id).unwrap();
    let bytes = sousuo::files::read_piece_file(&piece).unwrap();
    index.load(&piece.name(), bytes).unwrap();
}

fuzz_target!(|forgery: Forgery| {
    let pieces = every_piece();
    let (id, piece) = pieces[forgery.piece as usize % pieces.len()];
    let mut index = sousuo::compiled_index().unwrap();
    if let PieceId::Sounds(_) | PieceId::Pinyin(_) = id {
        load_real(&mut index, PieceId::Phonetic); // it names these pieces
    }
    let real = sousuo::files::read_piece_file(&piece).unwrap();
    let bytes = match (&forgery.raw_docs, piece.kind) {
        (Some(raw), Kind::Docs) => raw.clone(),
        _ => {
            let mut sections: Vec<Vec<u8>> = format::decode(&real, piece.kind)
                .unwrap()
                .iter()
                .map(|s| s.to_vec())
                .collect();
            let allowed = damageable(piece.kind);
            if allowed.is_empty() {
                return; // an fst alone (IDS): the hash check is what guards it
            }
            let pick = |n: u8| allowed[n as usize % allowed.len()];
            for &(section, offset, value) in &forgery.writes {
                let section = &mut sections[pick(section)];
                if !section.is_empty() {
                    let at = offset as usize % section.len();
                    section[at] = value;
                }
            }
            if let Some((section, len)) = forgery.cut {
                let section = &mut sections[pick(section)];
                let len = len as usize % (section.len() + 1);
                section.truncate(len);
            }
            format::encode(piece.kind, &sections).unwrap()
        }
    };
    if index.load_unchecked(id, bytes).is_err() {
        return;
    }
    let query = if forgery.query.is_empty() {
        "医药 yiyao 張小冰"
    } else {
        &forgery.query
    };
    let _ = sousuo::load::run(&mut index, &mut sousuo::files::read_piece_file, |index| {
        let results = sousuo::search(index, query, &Default::default())?;
        for hit in &results.hits {
            let _ = sousuo::article(index, &hit.id, Some(query))?;
        }
        sousuo::suggest(index, query, 10)
    });
});
