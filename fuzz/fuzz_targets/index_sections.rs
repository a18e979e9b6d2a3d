//! The real embedded index with damage to the sections sousuo decodes itself (postings, document
//! records, texts, replacements, word boundaries, character readings, counts), then searched, suggested from and
//! read. Every call returns a result or an error; none panics.
//!
//! The three fst sections stay intact: the fst crate does not validate what it reads, and a
//! checksum only guards them against accidental damage (a fuzzer forges it in seconds).
#![no_main]
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use sousuo::format::{self, Section};

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Damaged {
    Meta,
    Postings,
    Docs,
    Strings,
    T2sText,
    Boundaries,
    Readings,
}

impl Damaged {
    fn section(self) -> Section {
        match self {
            Damaged::Meta => Section::Meta,
            Damaged::Postings => Section::Postings,
            Damaged::Docs => Section::Docs,
            Damaged::Strings => Section::Strings,
            Damaged::T2sText => Section::T2sText,
            Damaged::Boundaries => Section::Boundaries,
            Damaged::Readings => Section::Readings,
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Damage {
    /// Bytes overwritten: (section, offset, value).
    writes: Vec<(Damaged, u32, u8)>,
    /// A section cut short.
    cut: Option<(Damaged, u32)>,
    query: String,
}

fuzz_target!(|damage: Damage| {
    let real = sousuo::Index::embedded().unwrap().as_bytes();
    let decoded = format::decode(real).unwrap();
    let mut sections = decoded.map(<[u8]>::to_vec);
    for &(damaged, offset, value) in &damage.writes {
        let section = &mut sections[damaged.section() as usize];
        if !section.is_empty() {
            let at = offset as usize % section.len();
            section[at] = value;
        }
    }
    if let Some((damaged, len)) = damage.cut {
        let section = &mut sections[damaged.section() as usize];
        let len = len as usize % (section.len() + 1);
        section.truncate(len);
    }
    // Keep the checksum true, so that the damage is read rather than refused at the door.
    let checksum = format::fst_checksum(&sections.each_ref().map(Vec::as_slice));
    if let Some(meta) = sections[Section::Meta as usize].get_mut(8..12) {
        meta.copy_from_slice(&checksum.to_le_bytes());
    }
    let bytes = format::encode(&sections).unwrap();
    let Ok(index) = sousuo::Index::from_bytes(&bytes) else {
        return;
    };
    let query = if damage.query.is_empty() { "医药 yiyao 张小兵" } else { &damage.query };
    if let Ok(results) = sousuo::search(&index, query, &Default::default()) {
        for hit in &results.hits {
            let _ = sousuo::article(&index, &hit.id, Some(query));
        }
    }
    let _ = sousuo::suggest(&index, query, 10);
});
