//! A partial answer's second opinion: Bm25 over the query's characters and pairs of characters.
//! The words of a question are cut by a vocabulary that may not know its subject (前赵 in
//! 前赵的建立者是谁), and a page that has only part of a long word (罗马帝国 of 东罗马帝国) has
//! none of it as a word. Every character and pair is indexed, so each counts for what it is
//! worth. It ranks the candidates the words found; it finds none of its own.

use crate::analyzer::is_word_char;
use crate::error::{Error, Result};
use crate::format::gram_key;
use crate::index::{DocId, Index};
use crate::matching::Postings;
use crate::plan::Unit;
use crate::rank::Bm25;

/// Adds to each candidate's score `gram_weight` times the Bm25 of the query's characters and
/// pairs of characters in it. The rarest grams first, each on every candidate or on none:
/// a gram too common to read within its own share of the work budget (a quarter) is left out,
/// and so are those in more than half of the documents, which tell little.
pub(super) fn add_character_scores(
    index: &Index,
    units: &[Unit],
    scored: &mut [(f32, DocId)],
    bm25: &Bm25,
    budget: usize,
) -> Result<()> {
    let weight = bm25.settings.gram_weight;
    if weight == 0.0 || scored.is_empty() {
        return Ok(());
    }
    let grams = query_grams(units);
    index.require_terms(grams.iter().map(String::as_str))?;
    let half = index.doc_count() as usize / 2;
    let mut counted = Vec::with_capacity(grams.len());
    for gram in grams {
        let doc_freq = index.doc_freq(&gram)? as usize;
        if doc_freq > 0 && doc_freq <= half.max(1) {
            counted.push((doc_freq, gram));
        }
    }
    counted.sort();
    let docs: Vec<DocId> = scored.iter().map(|&(_, doc)| doc).collect();
    let postings = Postings::new(index, budget / 4);
    for (doc_freq, gram) in counted {
        let list = match postings.within(&gram, &docs) {
            Err(Error::OverBudget(_)) => break,
            other => other?,
        };
        for (score, doc) in scored.iter_mut() {
            if let Some(entry) = list.find(*doc) {
                *score += weight * bm25.plain_score(doc_freq, entry.norm, entry.positions.len());
            }
        }
    }
    Ok(())
}

/// The characters typed (not pinyin) and their pairs, as gram keys, each once: within each unit,
/// and across two units typed one right after the other.
fn query_grams(units: &[Unit]) -> Vec<String> {
    let mut grams = Vec::new();
    let mut previous: Option<char> = None;
    for unit in units {
        if unit.pinyin {
            previous = None;
            continue;
        }
        if !unit.follows {
            previous = None;
        }
        for c in unit.alternatives[0].iter().copied() {
            match c.filter(|&c| is_word_char(c)) {
                Some(c) => {
                    grams.push(gram_key(&[c]));
                    if let Some(before) = previous {
                        grams.push(gram_key(&[before, c]));
                    }
                    previous = Some(c);
                }
                None => previous = None,
            }
        }
    }
    grams.sort();
    grams.dedup();
    grams
}
