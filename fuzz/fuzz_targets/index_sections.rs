//! The real root with damage to the sections sousuo decodes itself (counts, replacements, the
//! term and document directories, the phonetic reference, the examples), every real piece
//! loaded through the checked path, then searched, suggested from and read. Every call returns
//! a result or an error; none panics.
//!
//! The root's fst (T2S) stays intact: the fst crate does not validate what it reads, and a
//! checksum only guards it against accidental damage (a fuzzer forges it in seconds).
#![no_main]
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use sousuo::format::{self, root, Kind};

const DAMAGEABLE: [usize; 7] = [
    root::META,
    root::T2S_TEXT,
    root::TERM_DIR,
    root::DOC_DIR,
    root::PHONETIC,
    root::EXAMPLES,
    root::NORMS,
];

#[derive(Arbitrary, Debug)]
struct Damage {
    /// Bytes overwritten: (section, offset, value).
    writes: Vec<(u8, u32, u8)>,
    /// A section cut short.
    cut: Option<(u8, u32)>,
    query: String,
}

fuzz_target!(|damage: Damage| {
    let pack = format::decode(sousuo::compiled_bytes(), Kind::Pack).unwrap();
    let decoded = format::decode(pack[0], Kind::Root).unwrap();
    let mut sections: Vec<Vec<u8>> = decoded.iter().map(|s| s.to_vec()).collect();
    let pick = |n: u8| DAMAGEABLE[n as usize % DAMAGEABLE.len()];
    for &(section, offset, value) in &damage.writes {
        let section = &mut sections[pick(section)];
        if !section.is_empty() {
            let at = offset as usize % section.len();
            section[at] = value;
        }
    }
    if let Some((section, len)) = damage.cut {
        let section = &mut sections[pick(section)];
        let len = len as usize % (section.len() + 1);
        section.truncate(len);
    }
    // Keep the checksum true, so that the damage is read rather than refused at the door.
    let checksum = format::fnv32(&sections[root::T2S]);
    if let Some(meta) = sections[root::META].get_mut(16..20) {
        meta.copy_from_slice(&checksum.to_le_bytes());
    }
    let root = format::encode(Kind::Root, &sections).unwrap();
    let bytes = format::encode(Kind::Pack, &[root]).unwrap();
    let Ok(mut index) = sousuo::Index::from_bytes(&bytes) else {
        return;
    };
    let query = if damage.query.is_empty() { "医药 yiyao 张小兵" } else { &damage.query };
    let _ = sousuo::load::run(&mut index, &mut sousuo::files::read_piece_file, |index| {
        let results = sousuo::search(index, query, &Default::default())?;
        for hit in &results.hits {
            let _ = sousuo::article(index, &hit.id, Some(query))?;
        }
        sousuo::suggest(index, query, 10)
    });
    let _ = sousuo::examples(&index, 8, None);
    let _ = sousuo::examples(&index, 8, Some("zh-cn"));
});
