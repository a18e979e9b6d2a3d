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
use crate::plan::{Plan, Unit};
use crate::rank::Bm25;

/// What the characters count, against the words, when every word of a query was found: the
/// words tell most of it then, and on a site of long pages, characters counted fully put the
/// page with most of the question's characters before the one about what it asks.
const WORDS_ALL_FOUND: f32 = 0.25;

/// How much the characters count for `plan`: fully where a word of it (not a question's own)
/// occurs nowhere, cut or glued wrong; [`WORDS_ALL_FOUND`] otherwise.
fn plan_trust(plan: &Plan) -> f32 {
    let absent =
        (plan.found.iter().zip(&plan.asking)).any(|(found, &asking)| found.is_empty() && !asking);
    if absent {
        1.0
    } else {
        WORDS_ALL_FOUND
    }
}

/// Adds to each candidate's score `gram_weight` times [`plan_trust`] times the Bm25 of the
/// query's characters and pairs of characters in it, but for a question's own words: they say
/// nothing of what a page is about, and on a site of long pages their characters are
/// everywhere. The rarest grams first, each on every candidate or on none: a gram too common to
/// read within its own share of the work budget (a quarter) is left out, and so are those in
/// more than half of the documents, which tell little.
pub(super) fn add_character_scores(
    index: &Index,
    plan: &Plan,
    scored: &mut [(f32, DocId)],
    bm25: &Bm25,
    budget: usize,
) -> Result<()> {
    let weight = bm25.settings.gram_weight * plan_trust(plan);
    if weight == 0.0 || scored.is_empty() {
        return Ok(());
    }
    let grams = query_grams(&plan.units, &plan.asking);
    index.require_terms(grams.iter().map(String::as_str))?;
    let half = index.doc_count() as usize / 2;
    let mut counted = Vec::with_capacity(grams.len());
    for gram in grams {
        let doc_freq = index.doc_freq(&gram)? as usize;
        if doc_freq > 0 && doc_freq <= half.max(1) {
            counted.push((doc_freq, gram));
        }
    }
    crate::order::sort(&mut counted);
    let docs: Vec<DocId> = scored.iter().map(|&(_, doc)| doc).collect();
    let postings = Postings::new(index, budget / 4);
    for (doc_freq, gram) in counted {
        let counted = match postings.counts_within(&gram, &docs) {
            Err(Error::OverBudget(_)) => break,
            other => other?,
        };
        for (score, doc) in scored.iter_mut() {
            if let Some((norm, count)) = counted.find(*doc) {
                *score += weight * bm25.plain_score(doc_freq, norm, count);
            }
        }
    }
    Ok(())
}

/// The Chinese characters typed (not pinyin, not a question's own words) and their pairs, as
/// gram keys, each once: within each unit, and across two units typed one right after the
/// other. Letters and digits are left to the words they spell, which spaces and case cut right.
fn query_grams(units: &[Unit], asking: &[bool]) -> Vec<String> {
    let mut grams = Vec::new();
    let mut previous: Option<char> = None;
    for (unit, &asking) in units.iter().zip(asking) {
        if unit.pinyin || asking {
            previous = None;
            continue;
        }
        if !unit.follows {
            previous = None;
        }
        for c in unit.alternatives[0].iter() {
            match c.filter(|&c| is_word_char(c) && !c.is_ascii()) {
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
    crate::order::sort_dedup(&mut grams);
    grams
}
