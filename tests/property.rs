//! Property: any run of characters taken from a cleaned article, in either script, finds it.
#![cfg(not(target_arch = "wasm32"))]

use sousuo::{search::SearchOptions, Index};
use std::collections::HashMap;

/// xorshift64*: deterministic, so a failure reproduces; the seed is printed on failure.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n.max(1)
    }
}

/// Simplified → Traditional, character by character, from OpenCC's STCharacters.
fn to_traditional() -> HashMap<char, char> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/opencc/STCharacters.txt");
    let mut table = HashMap::new();
    for line in std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#'))
    {
        let mut fields = line.split('\t');
        if let (Some(key), Some(values)) = (fields.next(), fields.next()) {
            let (mut key, mut value) =
                (key.chars(), values.split(' ').next().unwrap_or("").chars());
            if let (Some(k), None, Some(v), None) =
                (key.next(), key.next(), value.next(), value.next())
            {
                table.insert(k, v);
            }
        }
    }
    table
}

/// A substring as a query: whitespace separates parts, and a part that would read as an operator
/// is quoted.
fn as_query(substring: &str) -> String {
    substring
        .split_whitespace()
        .map(|part| {
            if part.starts_with('-') {
                format!("\"{part}\"")
            } else {
                part.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn every_substring_in_either_script_finds_its_article() {
    let index = Index::embedded().unwrap();
    let traditional = to_traditional();
    let seed = 0x5EED_0000_0000_0001u64;
    let mut rng = Rng(seed);
    let options = SearchOptions {
        limit: 100,
        offset: 0,
        ..SearchOptions::default()
    };
    let mut checked = 0;
    for doc in 0..index.doc_count() {
        let document = index.document(doc).unwrap();
        let text: Vec<char> = format!("{}\n{}", document.title, document.body)
            .chars()
            .collect();
        for _ in 0..400 {
            let len = 1 + rng.below(12);
            let start = rng.below(text.len().saturating_sub(len));
            let original: String = text[start..(start + len).min(text.len())].iter().collect();
            if original.contains(['"', '“', '”']) || original.trim().is_empty() {
                continue;
            }
            let simplified = index.normalizer().normalize(&original);
            let traditional: String = simplified
                .chars()
                .map(|c| *traditional.get(&c).unwrap_or(&c))
                .collect();
            for form in [&original, &simplified, &traditional] {
                let query = as_query(form);
                let results = sousuo::search(index, &query, &options).unwrap();
                assert!(
                    results.hits.iter().any(|h| h.id == document.id),
                    "seed {seed:#x}: {query:?} (from {original:?}) did not find {}",
                    document.id
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 5_000, "only {checked} queries checked");
}

#[test]
fn every_highlight_is_a_real_match() {
    let index = Index::embedded().unwrap();
    let normalizer = index.normalizer();
    for query in ["医药", "泰州 高新区", "姜冬冬", "5.2亿元", "中國醫藥城"] {
        let parts: Vec<String> = query.split(' ').map(|p| normalizer.normalize(p)).collect();
        let results = sousuo::search(
            index,
            query,
            &SearchOptions {
                limit: 100,
                offset: 0,
                ..SearchOptions::default()
            },
        )
        .unwrap();
        for hit in results.hits {
            for segment in hit
                .snippet
                .iter()
                .chain(&hit.title_segments)
                .filter(|s| s.highlight)
            {
                let form = normalizer.normalize(&segment.text);
                assert!(
                    parts.iter().any(|p| form.contains(p.as_str())),
                    "{query:?}: {:?} is no match",
                    segment.text
                );
            }
        }
    }
}
