//! Words from the index's own vocabulary: completions of a prefix and the words a pinyin
//! spelling stands for (a typo's fixes are in `typos.rs`). All of it is lookups in two fsts (the terms and
//! the pinyin keys, see `phonetic.rs`); no pinyin table or dictionary is compiled in.
//!
//! ```
//! let index = sousuo::Index::embedded().unwrap();
//! let words = sousuo::suggest(index, "医药", 5).unwrap();
//! assert_eq!(words[0], "医药");
//! assert!(sousuo::suggest(index, "yiy", 5).unwrap().contains(&"医药".to_string()));
//! ```

use crate::analyzer::{fold_char, is_indexed_char, is_word_char};
use crate::error::{Error, Result};
use crate::index::{keys_with_prefix, Index};
use crate::order::{sort_by, sort_dedup};
use crate::phonetic::{self, typed_letters, SEPARATOR, WORD_KEY};
use crate::query::MAX_QUERY_CHARS;
use crate::words::fewest_pieces;

/// The most suggestions one call returns.
pub const MAX_SUGGEST_LIMIT: usize = 50;
/// Keys read per lookup, so that a one-letter prefix over a large vocabulary stays cheap.
const MAX_KEYS_SCANNED: usize = 20_000;
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
    let prefix: String = prefix.chars().take(MAX_QUERY_CHARS).collect();
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
        let mut start = vec![WORD_KEY];
        start.extend_from_slice(letters.as_bytes());
        words.extend(
            values_of(keys_with_prefix(
                index.pinyin()?.as_fst(),
                &start,
                MAX_KEYS_SCANNED,
            ))
            .into_iter()
            .filter(|word| word.chars().count() >= 2),
        );
    }
    let mut ranked = by_use(index, words)?;
    ranked.truncate(limit);
    ranked
        .into_iter()
        .map(|word| in_typed_script(index, &word, typed))
        .collect()
}

/// How many [`examples`] the command line and the wasm give when no limit is passed.
pub const DEFAULT_EXAMPLES: usize = 8;

/// Up to `limit` queries to offer a reader who has typed nothing: words from the titles of
/// articles spread over the corpus, chosen at build time (build/examples.rs) and kept in the
/// root, so that the empty box needs no piece. They are kept in an order where the first few
/// already come from all over the corpus: a shorter list is the start of a longer one.
pub fn examples(index: &Index, limit: usize) -> Result<Vec<String>> {
    if limit > MAX_SUGGEST_LIMIT {
        return Err(Error::InvalidArgument(format!(
            "limit must be at most {MAX_SUGGEST_LIMIT}, not {limit}"
        )));
    }
    Ok(index
        .examples()
        .iter()
        .take(limit)
        .map(|word| word.to_string())
        .collect())
}

/// Pinyin spellings, each with the words it stands for.
pub(crate) type Spelled = Vec<(String, Vec<String>)>;

/// The words a pinyin spelling stands for: `letters` split into the fewest spellings of
/// vocabulary words (full pinyin or initials, mixed as typed), each with up to `max_words`
/// words, most used first. `None` unless the whole spelling is covered.
pub(crate) fn spell(index: &Index, letters: &str, max_words: usize) -> Result<Option<Spelled>> {
    let bytes = letters.as_bytes();
    let pinyin = index.pinyin()?;
    let Some(cuts) = fewest_pieces(bytes.len(), |i| {
        Ok(spellings_prefixing(&pinyin, &bytes[i..]))
    })?
    else {
        return Ok(None);
    };
    let mut spelled = Vec::with_capacity(cuts.len());
    for cut in cuts {
        // `get`, not slicing: slicing a str brings the panic's formatting code into the wasm.
        let Some(spelling) = letters.get(cut) else {
            return Ok(None);
        };
        let start = phonetic::entry(WORD_KEY, spelling, "");
        let mut words = by_use(
            index,
            values_of(keys_with_prefix(
                index.pinyin()?.as_fst(),
                &start,
                MAX_KEYS_SCANNED,
            )),
        )?;
        words.truncate(max_words);
        if words.is_empty() {
            return Ok(None);
        }
        spelled.push((spelling.to_string(), words));
    }
    // Letters that only spell single characters (`china` = 吃 + 那) are not read as pinyin:
    // too many texts would match by chance.
    let only_characters = |words: &Vec<String>| words.iter().all(|w| w.chars().count() == 1);
    if spelled.len() > 1 && spelled.iter().all(|(_, words)| only_characters(words)) {
        return Ok(None);
    }
    Ok(Some(spelled))
}

/// Words, each once, ranked by how many documents have them, then shorter first, then by text.
pub(crate) fn by_use(index: &Index, mut words: Vec<String>) -> Result<Vec<String>> {
    sort_dedup(&mut words);
    index.require_terms(words.iter().map(String::as_str))?;
    let mut counted = Vec::with_capacity(words.len());
    for word in words {
        let count = index.doc_freq(&word)?;
        if count > 0 {
            counted.push((count, word));
        }
    }
    sort_by(&mut counted, |a, b| {
        b.0.cmp(&a.0)
            .then(a.1.chars().count().cmp(&b.1.chars().count()))
            .then(a.1.cmp(&b.1))
    });
    Ok(counted.into_iter().map(|(_, word)| word).collect())
}

/// `word` (normalized) as the corpus writes it in the script of `typed`: when the user typed
/// Traditional, a Traditional form found in the documents (one that starts with what was typed,
/// if any does); otherwise the normalized, Simplified form.
fn in_typed_script(index: &Index, word: &str, typed: &str) -> Result<String> {
    if !is_traditional(index, typed) {
        return Ok(word.to_string());
    }
    let folded: String = typed.chars().map(fold_char).collect();
    let Some(list) = index.postings_head(word, SURFACE_DOCS)? else {
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

/// The values (after the separator) of pinyin-set entries.
fn values_of(entries: Vec<Vec<u8>>) -> Vec<String> {
    entries
        .into_iter()
        .filter_map(|entry| {
            let at = entry.iter().position(|&b| b == SEPARATOR)?;
            String::from_utf8(entry[at + 1..].to_vec()).ok()
        })
        .collect()
}

/// The lengths of the word spellings (full pinyin or initials) that start `letters`.
fn spellings_prefixing(pinyin: &fst::Set<&[u8]>, letters: &[u8]) -> Vec<usize> {
    let fst = pinyin.as_fst();
    let mut lengths = Vec::new();
    let root = fst.root();
    let Some(i) = root.find_input(WORD_KEY) else {
        return lengths;
    };
    let mut node = fst.node(root.transition(i).addr);
    for (n, &byte) in letters.iter().enumerate() {
        let Some(i) = node.find_input(byte) else {
            break;
        };
        node = fst.node(node.transition(i).addr);
        if node.find_input(SEPARATOR).is_some() {
            lengths.push(n + 1);
        }
    }
    lengths
}
