//! Words from the index's own vocabulary: completions of a prefix and the words a pinyin
//! spelling stands for (a typo's fixes are in `typos.rs`). All of it is lookups in two fsts (the terms and
//! the pinyin keys, see `phonetic.rs`); no pinyin table or dictionary is compiled in.
//!
//! ```ignore
//! let index = sousuo::embedded_index().unwrap();
//! let words = sousuo::suggest(index, "医药", 5).unwrap();
//! assert_eq!(words[0], "医药");
//! assert!(sousuo::suggest(index, "yiy", 5).unwrap().contains(&"医药".to_string()));
//! ```
//!
//! (Not run here: it needs an index, which the wasm crate embeds; `tests/` search it so.)

use crate::analyzer::{fold_char, is_indexed_char, is_word_char};
use crate::error::{Error, Result};
use crate::full;
use crate::index::Index;
use crate::order::{sort_by, sort_dedup};
use crate::phonetic::{typed_letters, SEPARATOR, WORD_KEY};
use crate::query::{searched_form, MAX_QUERY_CHARS};

/// The most suggestions one call returns.
pub const MAX_SUGGEST_LIMIT: usize = 50;
/// Keys read per lookup, so that a one-letter prefix over a large vocabulary stays cheap.
const MAX_KEYS_SCANNED: usize = 20_000;
/// PINYIN pieces read for completing letters: a one-letter prefix's keys span a twentieth of
/// them (hundreds on a large site), so it completes from those that come first.
const MAX_PINYIN_PIECES_SCANNED: usize = 4;
/// Documents looked into for the form of a word in the script the user typed.
const SURFACE_DOCS: usize = 16;

/// Up to `limit` vocabulary words (two characters or more) that complete the last
/// whitespace-separated part of `prefix`, most used first (by how many articles have them).
///
/// The prefix may be Simplified, Traditional or pinyin letters (`yiy` → 医药). Words come back
/// in the script typed where the corpus has that form, else in Simplified.
pub fn suggest(index: &Index, prefix: &str, limit: usize) -> Result<Vec<String>> {
    if limit == 0 || limit > MAX_SUGGEST_LIMIT {
        return Err(Error::InvalidArgument(format!(
            "limit must be between 1 and {MAX_SUGGEST_LIMIT}, not {limit}"
        )));
    }
    let prefix: String = searched_form(&prefix.chars().take(MAX_QUERY_CHARS).collect::<String>());
    let Some(typed) = prefix
        .split(|c: char| fold_char(c) == ' ')
        .rfind(|p| !p.is_empty())
    else {
        return Ok(Vec::new());
    };
    let normalized: String = index
        .normalizer()
        .normalize(typed)
        .chars()
        .filter(|&c| is_indexed_char(c))
        .collect();
    let mut words: Vec<String> = Vec::new();
    let mut spelled: Vec<(u64, String)> = Vec::new();
    if !normalized.is_empty() {
        for key in index.terms_with_prefix(normalized.as_bytes(), MAX_KEYS_SCANNED)? {
            if let Ok(term) = String::from_utf8(key) {
                if term.chars().count() >= 2 && term.chars().any(is_word_char) {
                    words.push(term);
                }
            }
        }
    }
    if let Some(letters) = typed_letters(typed) {
        full::needed("completing pinyin")?;
        let mut start = vec![WORD_KEY];
        start.extend_from_slice(letters.as_bytes());
        let entries = index.pinyin_entries(&start, MAX_KEYS_SCANNED, MAX_PINYIN_PIECES_SCANNED)?;
        spelled.extend(
            entries
                .into_iter()
                .filter_map(|(key, count)| Some((count, entry_word(&key)?)))
                .filter(|(_, word)| word.chars().count() >= 2),
        );
    }
    let mut counted = counted(index, words)?;
    counted.extend(spelled);
    let mut ranked = rank(counted);
    ranked.truncate(limit);
    ranked
        .into_iter()
        .map(|word| in_typed_script(index, &word, typed))
        .collect()
}

/// How many [`examples`] the command line and the wasm give when no limit is passed.
pub const DEFAULT_EXAMPLES: usize = 8;

/// Up to `limit` queries to offer a reader who has typed nothing: words from the titles of
/// articles spread over the corpus, chosen at build time (crates/indexer/src/examples.rs) and kept in the
/// root, so that the empty box needs no piece. They are kept in an order where the first few
/// already come from all over the corpus: a shorter list is the start of a longer one. On a site
/// in several languages, `language` keeps those of one (`zh-CN`, `zh_cn`: one language); with
/// none, the languages take turns.
pub fn examples(index: &Index, limit: usize, language: Option<&str>) -> Result<Vec<String>> {
    if limit > MAX_SUGGEST_LIMIT {
        return Err(Error::InvalidArgument(format!(
            "limit must be at most {MAX_SUGGEST_LIMIT}, not {limit}"
        )));
    }
    let wanted = language.map(|l| l.trim().replace('_', "-").to_ascii_lowercase());
    Ok(index
        .examples()
        .iter()
        .filter_map(|line| match line.split_once('\t') {
            Some((of, example)) => wanted
                .as_deref()
                .is_none_or(|wanted| wanted == of)
                .then_some(example),
            None => Some(line),
        })
        .take(limit)
        .map(|word| word.to_string())
        .collect())
}

/// Words, each once, with how many documents have them (their TERMS pieces are read for it).
fn counted(index: &Index, mut words: Vec<String>) -> Result<Vec<(u64, String)>> {
    sort_dedup(&mut words);
    index.require_terms(words.iter().map(String::as_str))?;
    let mut counted = Vec::with_capacity(words.len());
    for word in words {
        counted.push((u64::from(index.doc_freq(&word)?), word));
    }
    Ok(counted)
}

/// Counted words, each once, by how many documents have them (none: left out), then shorter
/// first, then by text.
pub(crate) fn rank(mut counted: Vec<(u64, String)>) -> Vec<String> {
    counted.retain(|(count, _)| *count > 0);
    sort_by(&mut counted, |a, b| {
        b.0.cmp(&a.0)
            .then(a.1.chars().count().cmp(&b.1.chars().count()))
            .then(a.1.cmp(&b.1))
    });
    let mut words: Vec<String> = Vec::with_capacity(counted.len());
    for (_, word) in counted {
        if !words.contains(&word) {
            words.push(word);
        }
    }
    words
}

/// `word` (normalized) as the corpus writes it in the script of `typed`: when the user typed
/// Traditional, a Traditional form found in the documents (one that starts with what was typed,
/// if any does); otherwise the normalized, Simplified form.
fn in_typed_script(index: &Index, word: &str, typed: &str) -> Result<String> {
    if !is_traditional(index, typed) {
        return Ok(word.to_string());
    }
    let folded: String = typed.chars().map(fold_char).collect();
    let Some(list) = index.postings_head(word, SURFACE_DOCS, crate::index::DocId::MAX)? else {
        return Ok(word.to_string());
    };
    let len = word.chars().count() as u32;
    let mut other_script = None;
    index.require_documents(list.iter().map(|entry| entry.doc))?;
    for entry in list.iter() {
        let document = index.document(entry.doc)?;
        for &position in entry.positions.iter().take(4) {
            let surface = document.stream_text(position, position + len);
            let surface_folded: String = surface.chars().map(fold_char).collect();
            if surface_folded == word {
                continue;
            }
            if surface_folded.starts_with(&folded) {
                return Ok(surface);
            }
            other_script.get_or_insert(surface);
        }
    }
    Ok(other_script.unwrap_or_else(|| word.to_string()))
}

/// Whether typed text is Traditional: normalizing it changes it.
pub(crate) fn is_traditional(index: &Index, typed: &str) -> bool {
    let folded: String = typed.chars().map(fold_char).collect();
    index.normalizer().normalize(&folded) != folded
}

/// The word of a pinyin entry (after the separator).
pub(crate) fn entry_word(entry: &[u8]) -> Option<String> {
    let at = entry.iter().position(|&b| b == SEPARATOR)?;
    String::from_utf8(entry.get(at + 1..)?.to_vec()).ok()
}
