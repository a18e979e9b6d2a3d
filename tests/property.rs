//! Property: any run of characters taken from a cleaned article, in either script, finds it.
#![cfg(not(target_arch = "wasm32"))]

use sousuo::SearchOptions;
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
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/crates/indexer/data/opencc/STCharacters.txt"
    );
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
    let index = sousuo::embedded_index().unwrap();
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
    let index = sousuo::embedded_index().unwrap();
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

/// A random query of one to three parts cut from the articles (Chinese text only, so that no
/// part is read as pinyin), sometimes quoted, sometimes with an excluded part.
fn random_query(rng: &mut Rng, texts: &[Vec<char>]) -> Option<(String, Vec<String>, Vec<String>)> {
    let cut = |rng: &mut Rng| -> Option<String> {
        let text = &texts[rng.below(texts.len())];
        let len = 1 + rng.below(6);
        let start = rng.below(text.len().saturating_sub(len));
        let part: String = text.get(start..start + len)?.iter().collect();
        part.chars()
            .all(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
            .then_some(part)
    };
    let mut query = Vec::new();
    let mut required = Vec::new();
    for _ in 0..1 + rng.below(3) {
        let part = cut(rng)?;
        query.push(if rng.below(4) == 0 {
            format!("\"{part}\"")
        } else {
            part.clone()
        });
        required.push(part);
    }
    let mut excluded = Vec::new();
    if rng.below(4) == 0 {
        let part = cut(rng)?;
        query.push(format!("-{part}"));
        excluded.push(part);
    }
    Some((query.join(" "), required, excluded))
}

fn substrings(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    for start in 0..chars.len() {
        for end in start + 1..=chars.len() {
            out.push(chars[start..end].iter().collect());
        }
    }
    out
}

/// Whether every character of `text` lies inside an occurrence of one of `pieces` in it.
fn is_covered(text: &str, pieces: &[String]) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let mut covered = vec![false; chars.len()];
    for piece in pieces {
        let piece: Vec<char> = piece.chars().collect();
        for start in 0..chars.len() {
            if chars[start..].starts_with(&piece) {
                covered[start..start + piece.len()].fill(true);
            }
        }
    }
    !chars.is_empty() && covered.into_iter().all(|c| c)
}

#[test]
fn hits_hold_every_required_part_and_highlight_only_real_matches() {
    let index = sousuo::embedded_index().unwrap();
    let normalizer = index.normalizer();
    let streams: Vec<(String, String)> = (0..index.doc_count())
        .map(|doc| {
            let document = index.document(doc).unwrap();
            let stream = format!("{}\n{}", document.title, document.body);
            (document.id.to_string(), normalizer.normalize(&stream))
        })
        .collect();
    let stream_of = |id: &str| &streams.iter().find(|(i, _)| i == id).unwrap().1;
    let texts: Vec<Vec<char>> = streams.iter().map(|(_, s)| s.chars().collect()).collect();
    let seed = 0x5EED_0000_0000_0002u64;
    let mut rng = Rng(seed);
    let options = SearchOptions {
        limit: 100,
        ..SearchOptions::default()
    };
    let (mut exact, mut partial) = (0, 0);
    for _ in 0..5_000 {
        let Some((query, required, excluded)) = random_query(&mut rng, &texts) else {
            continue;
        };
        let forms: Vec<String> = required.iter().map(|p| normalizer.normalize(p)).collect();
        let results = sousuo::search(index, &query, &options).unwrap();
        for hit in &results.hits {
            let stream = stream_of(&hit.id);
            for part in &excluded {
                assert!(
                    !stream.contains(&normalizer.normalize(part)),
                    "seed {seed:#x}: {query:?} found excluded {part:?} in {}",
                    hit.id
                );
            }
            if results.partial {
                for missing in &hit.missing {
                    assert!(
                        !stream.contains(&normalizer.normalize(missing)),
                        "seed {seed:#x}: {query:?}: {missing:?} is not missing from {}",
                        hit.id
                    );
                }
                partial += 1;
            } else {
                for form in &forms {
                    assert!(
                        stream.contains(form.as_str()),
                        "seed {seed:#x}: {query:?}: {} lacks {form:?}",
                        hit.id
                    );
                }
                exact += 1;
            }
            let article = sousuo::article(index, &hit.id, Some(&query)).unwrap();
            let highlighted = hit
                .title_segments
                .iter()
                .chain(&hit.snippet)
                .chain(article.paragraphs.iter().flatten())
                .filter(|s| s.highlight);
            // Adjacent or overlapping matches show as one highlight: every character of it
            // must lie in an occurrence of a part (of a piece of a part, for a partial match).
            let pieces: Vec<String> = if results.partial {
                forms.iter().flat_map(|f| substrings(f)).collect()
            } else {
                forms.clone()
            };
            for segment in highlighted {
                let form = normalizer.normalize(&segment.text);
                assert!(
                    is_covered(&form, &pieces),
                    "seed {seed:#x}: {query:?}: highlight {:?} in {} is in no part",
                    segment.text,
                    hit.id
                );
                assert!(stream.contains(form.as_str()));
            }
            let document = index
                .document(index.find_document(&hit.id).unwrap())
                .unwrap();
            let title: String = article
                .title_segments
                .iter()
                .map(|s| s.text.as_str())
                .collect();
            let body: Vec<String> = article
                .paragraphs
                .iter()
                .map(|p| p.iter().map(|s| s.text.as_str()).collect())
                .collect();
            assert_eq!(
                (title.as_str(), body.join("\n")),
                (document.title, document.body.to_string())
            );
        }
    }
    assert!(
        exact > 2_000 && partial > 50,
        "{exact} exact and {partial} partial hits checked"
    );
}
