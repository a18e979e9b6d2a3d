//! Example queries for a reader who has typed nothing, chosen at build time and kept in the root,
//! so that the empty box needs no piece.

use crate::pieces::StoredDocument;
use sousuo_format::analyzer::{is_word_char, Normalizer};

/// How many examples the root keeps of a site in one language; `examples(limit)` returns the
/// first `limit`.
pub const KEPT: usize = 50;
/// How many it keeps at least of each language of a site in several: the widget shows a few.
const KEPT_PER_LANGUAGE: usize = 10;

/// Document numbers in an order where every prefix is spread evenly over the corpus (0, ½, ¼,
/// ¾, …: the bits of a counter reversed), each once, at most `max`.
fn spread_order(docs: usize, max: usize) -> Vec<usize> {
    let bits = usize::BITS - docs.saturating_sub(1).leading_zeros();
    let mut seen = vec![false; docs];
    let mut order = Vec::new();
    for k in 0..(1usize << bits) {
        let fraction = if bits == 0 {
            0
        } else {
            k.reverse_bits() >> (usize::BITS - bits)
        };
        let doc = (fraction * docs) >> bits;
        if !seen[doc] {
            seen[doc] = true;
            order.push(doc);
            if order.len() == max {
                break;
            }
        }
    }
    order
}

/// The root's EXAMPLES lines: the examples of a site in one language, or of each language of a
/// site in several (`languages`, per document), each line then `language TAB example`, the
/// languages taking turns so that the first few lines come from all of them.
pub fn in_each_language(
    documents: &[StoredDocument],
    languages: &[Option<&str>],
    normalizer: &Normalizer,
    doc_freq: impl Fn(&str) -> u32,
) -> Vec<String> {
    let mut names: Vec<&str> = languages.iter().flatten().copied().collect();
    names.sort_unstable();
    names.dedup();
    if names.is_empty() {
        let all: Vec<&StoredDocument> = documents.iter().collect();
        return pick(&all, documents.len(), KEPT, normalizer, doc_freq);
    }
    let kept = (KEPT / names.len()).max(KEPT_PER_LANGUAGE);
    let mut each: Vec<std::vec::IntoIter<String>> = Vec::with_capacity(names.len());
    for name in &names {
        let own: Vec<&StoredDocument> = (documents.iter().zip(languages))
            .filter(|(_, language)| **language == Some(*name))
            .map(|(document, _)| document)
            .collect();
        let picked = pick(&own, documents.len(), kept, normalizer, &doc_freq);
        each.push(picked.into_iter());
    }
    let mut lines = Vec::new();
    loop {
        let before = lines.len();
        for (name, examples) in names.iter().zip(&mut each) {
            lines.extend(examples.next().map(|example| format!("{name}\t{example}")));
        }
        if lines.len() == before {
            return lines;
        }
    }
}

/// Up to `kept` words, one from each of the titles of `documents` spread evenly over them, in the title's
/// own script. Of a title's words (two to six characters) the longest wins (up to four
/// characters: names and terms rather than common two-character words), then the one found in
/// the most articles, as long as that is at most half of the corpus's: such a word finds several
/// articles without being a stopword.
fn pick(
    documents: &[&StoredDocument],
    corpus_docs: usize,
    kept: usize,
    normalizer: &Normalizer,
    doc_freq: impl Fn(&str) -> u32,
) -> Vec<String> {
    let docs = documents.len();
    // Counted over the corpus, as `doc_freq` is.
    let common = (corpus_docs / 2).max(1) as u32;
    let mut picked: Vec<String> = Vec::with_capacity(kept);
    let mut seen: Vec<String> = Vec::with_capacity(kept);
    // Three candidate titles per example, so titles with no usable word do not leave gaps; in
    // spread order, so that the first few examples already come from all over the corpus.
    for n in spread_order(docs, kept * 3) {
        if picked.len() == kept {
            break;
        }
        let document = &documents[n];
        let is_boundary = |p: usize| {
            document
                .boundaries
                .get(p / 8)
                .is_some_and(|b| b & (1 << (p % 8)) != 0)
        };
        let title: Vec<char> = document.title.chars().collect();
        let mut best: Option<(u32, usize, String, String)> = None;
        let mut start = 0;
        for end in 1..=title.len() {
            if !is_boundary(end) {
                continue;
            }
            let chars = &title[start..end];
            start = end;
            if !(2..=6).contains(&chars.len()) || !chars.iter().copied().all(is_word_char) {
                continue;
            }
            let word: String = chars.iter().collect();
            let normalized = normalizer.normalize(&word);
            let df = doc_freq(&normalized);
            if df == 0 || df > common || seen.contains(&normalized) {
                continue;
            }
            let length = chars.len().min(4);
            if best.as_ref().is_none_or(|b| (length, df) > (b.1, b.0)) {
                best = Some((df, length, word, normalized));
            }
        }
        if let Some((_, _, word, normalized)) = best {
            picked.push(word);
            seen.push(normalized);
        }
    }
    picked
}
