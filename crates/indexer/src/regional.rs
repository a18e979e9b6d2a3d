//! Words that differ between Taiwan's usage and the mainland's (执行绪 and 线程, 档案 and 文件):
//! a reader types their own and the site may use the other. Folding characters cannot join them,
//! so the root keeps each word with its counterparts from OpenCC's Taiwan phrase tables, and a
//! query that finds nothing in its own words is read in the other's.

use std::collections::{BTreeSet, HashMap};

use sousuo_format::analyzer::Normalizer;

/// A word shorter than this is never replaced: one character (宏 for 巨集) lies inside too many
/// other words.
const MIN_WORD_CHARS: usize = 2;

/// Every word of the tables with each of its counterparts, both ways, as the tables write them:
/// (mainland, Taiwan) from `TWPhrases` (mainland → Taiwan) and `TWPhrasesRev` (Taiwan →
/// mainland), and each pair the other way round.
pub fn counterparts(tables: &[(&str, &str); 2]) -> Result<BTreeSet<(String, String)>, String> {
    let [(_, to_taiwan), (_, to_mainland)] = tables;
    let mut pairs = BTreeSet::new();
    for table in [to_taiwan, to_mainland] {
        for (n, line) in table.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (from, to) = line
                .split_once('\t')
                .ok_or_else(|| format!("regional phrase table, line {}: no tab", n + 1))?;
            let long_enough = |word: &str| word.chars().count() >= MIN_WORD_CHARS;
            for to in to.split(' ') {
                if from != to && long_enough(from) && long_enough(to) {
                    pairs.insert((from.to_string(), to.to_string()));
                    pairs.insert((to.to_string(), from.to_string()));
                }
            }
        }
    }
    Ok(pairs)
}

/// The pairs a query can use: those whose counterpart occurs in one of `streams` (the documents
/// in search form, as `normalizer` gives it). Any other counterpart could never match.
pub fn occurring(
    pairs: BTreeSet<(String, String)>,
    normalizer: &Normalizer,
    streams: &[String],
) -> Vec<(String, String)> {
    let searched = |word: &str| normalizer.normalize(word);
    let counterparts: BTreeSet<String> = pairs.iter().map(|(_, to)| searched(to)).collect();
    let mut by_first: HashMap<char, Vec<&str>> = HashMap::new();
    for word in &counterparts {
        if let Some(first) = word.chars().next() {
            by_first.entry(first).or_default().push(word);
        }
    }
    let mut found: BTreeSet<&str> = BTreeSet::new();
    for stream in streams {
        for (at, c) in stream.char_indices() {
            let Some(words) = by_first.get(&c) else {
                continue;
            };
            let rest = &stream[at..];
            found.extend(words.iter().filter(|word| rest.starts_with(**word)));
        }
    }
    pairs
        .into_iter()
        .filter(|(_, to)| found.contains(searched(to).as_str()))
        .collect()
}

/// The pairs in the search form a query is given, each once, by word; a pair that folds to one
/// word is dropped. A query is folded by the root's own table (`searched`), which converts only
/// to characters the corpus has: 循環 stays 循環 on a site without 环, and a reader may type
/// either, so a word is kept in that form and, where it differs, in the full one (`full`).
pub fn in_search_form(
    pairs: Vec<(String, String)>,
    full: &Normalizer,
    searched: &Normalizer,
) -> Vec<(String, String)> {
    let mut folded = BTreeSet::new();
    for (word, to) in pairs {
        let to = searched.normalize(&to);
        for word in [full.normalize(&word), searched.normalize(&word)] {
            if word != to {
                folded.insert((word, to.clone()));
            }
        }
    }
    folded.into_iter().collect()
}

/// The ROOT's REGIONAL section: `word TAB counterpart` lines, by word.
pub fn encode(pairs: &[(String, String)]) -> Vec<u8> {
    let mut text = String::new();
    for (word, counterpart) in pairs {
        text.push_str(word);
        text.push('\t');
        text.push_str(counterpart);
        text.push('\n');
    }
    text.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sousuo_format::analyzer::{conversion_pairs, conversion_table};

    fn with_normalizer<T>(test: impl FnOnce(&Normalizer) -> T) -> T {
        let conversions = conversion_pairs(&crate::data::OPENCC_TABLES).unwrap();
        let (table, text) = conversion_table(conversions.iter()).unwrap();
        let normalizer = Normalizer::from_parts(&table, text.as_bytes()).unwrap();
        test(&normalizer)
    }

    #[test]
    fn words_reach_their_counterparts_both_ways_in_search_form() {
        let pairs = counterparts(&crate::data::REGIONAL_TABLES).unwrap();
        let pairs: BTreeSet<(String, String)> = with_normalizer(|n| {
            in_search_form(pairs.into_iter().collect(), n, n)
                .into_iter()
                .collect()
        });
        for (word, counterpart) in [("执行绪", "线程"), ("档案", "文件"), ("回圈", "循环")]
        {
            assert!(pairs.contains(&(word.into(), counterpart.into())), "{word}");
            assert!(pairs.contains(&(counterpart.into(), word.into())), "{word}");
        }
        // One character is too short to replace inside other words.
        assert!(pairs
            .iter()
            .all(|(a, b)| a.chars().count() >= 2 && b.chars().count() >= 2));
    }

    #[test]
    fn only_counterparts_the_corpus_has_are_kept() {
        let pairs: BTreeSet<(String, String)> = [("执行绪", "线程"), ("线程", "执行绪")]
            .into_iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        let kept = with_normalizer(|n| occurring(pairs, n, &["标题\n多线程的用法".to_string()]));
        assert_eq!(kept, [("执行绪".to_string(), "线程".to_string())]);
        assert_eq!(encode(&kept), "执行绪\t线程\n".as_bytes());
    }
}
