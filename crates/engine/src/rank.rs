//! Ranking: pure functions over a documented settings struct. Bm25 over the units and the
//! vocabulary words inside them, title matches and whole words weighted, plus how closely the
//! units sit together. Every input comes from the postings (flags and length codes), so a
//! document is ranked without being read.

use crate::matching::{Occurrence, FLAG_WHOLE_TITLE};
use crate::order::sort;
use crate::postings::{norm_chars, FLAG_CODE, FLAG_END, FLAG_START, FLAG_TITLE};

/// Occurrences per unit looked at when measuring how close the units are.
pub const MAX_PROXIMITY_OCCURRENCES: usize = 256;

/// How results are ranked: every weight in one place. Each is clamped to its documented range.
///
/// A document's score is the sum, over the query's units (its parts, or its words when showing
/// partial matches), of Bm25 for the unit as a phrase times `phrase_weight` plus Bm25 for each
/// vocabulary word inside it; plus `proximity_weight` times how closely the units sit together.
/// Within Bm25 an occurrence in the title counts `title_weight` times, one in a block of code
/// `code_weight` times, and an occurrence inside a longer word (医药 in 生物医药) counts
/// `inside_word_weight` of a whole-word one. A unit that
/// is a document's whole title adds `whole_title_weight` times its idf: the poem titled 琵琶行
/// comes before the poems that quote 《琵琶行》 and the long one that repeats it. A unit that is
/// only part of the title adds `in_title_weight` times its idf: Bm25 saturates, so without it a
/// short page that names 贺知章 twice outranked the long one titled 唐·賀知章詩集. A partial
/// answer (no document has the whole query, as with most questions) also adds
/// `partial_proximity_weight` times how closely the units it has sit, in units of their idf:
/// the paragraph where the question's rare words stand together beats one that holds as many
/// of them scattered; and `joined_weight` times the idf of each two units that stand in the
/// text as they were typed, one right after the other (床前 + 明月 + 光 in the poem that has
/// 床前明月光). A partial answer adds as well `gram_weight` times Bm25 over the query's characters
/// and pairs of characters, which count where the words were cut wrong or are there only in part.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RankSettings {
    /// Bm25 term-frequency saturation, 0.0–3.0 (default 1.2).
    pub k1: f32,
    /// Bm25 length normalization, 0.0–1.0 (default 0.75).
    pub b: f32,
    /// How much a match in the title counts against one in the body, 1.0–10.0 (default 3.0).
    pub title_weight: f32,
    /// Weight of a whole unit as a phrase, against its words, 0.0–5.0 (default 1.0).
    pub phrase_weight: f32,
    /// What a match inside a longer word counts, against a whole-word match, 0.0–1.0 (default 0.5).
    pub inside_word_weight: f32,
    /// Bonus for units that occur close together, 0.0–5.0 (default 0.5).
    pub proximity_weight: f32,
    /// Bonus, in units of the unit's idf, for a unit that is the whole title, 0.0–10.0 (default
    /// 3.0: a Bm25 term is worth at most `k1 + 1` idf).
    pub whole_title_weight: f32,
    /// Bonus, in units of the unit's idf, for a unit inside the title but not all of it,
    /// 0.0–10.0 (default 1.0).
    pub in_title_weight: f32,
    /// What a match in a block of code counts against one in the text, 0.0–1.0 (default 0.25):
    /// a page that explains 分词 ranks before one whose sample code only names it.
    pub code_weight: f32,
    /// Bonus of a partial answer for how closely the units a document has sit, in units of
    /// their summed idf, 0.0–5.0 (default 0.5).
    pub partial_proximity_weight: f32,
    /// Bonus of a partial answer for each two units typed one after the other that stand so
    /// in the text, in units of their idf, 0.0–5.0 (default 1.0).
    pub joined_weight: f32,
    /// Weight of a partial answer's Bm25 over the query's characters and pairs of characters,
    /// 0.0–5.0 (default 1.0).
    pub gram_weight: f32,
}

impl Default for RankSettings {
    fn default() -> Self {
        RankSettings {
            k1: 1.2,
            b: 0.75,
            title_weight: 3.0,
            phrase_weight: 1.0,
            inside_word_weight: 0.5,
            proximity_weight: 0.5,
            whole_title_weight: 3.0,
            in_title_weight: 1.0,
            code_weight: 0.25,
            partial_proximity_weight: 0.5,
            joined_weight: 1.0,
            gram_weight: 1.0,
        }
    }
}

impl RankSettings {
    /// The settings with every weight inside its range (NaN becomes the default).
    pub(crate) fn clamped(self) -> Self {
        let d = RankSettings::default();
        let clamp = |v: f32, lo: f32, hi: f32, default: f32| {
            if v.is_nan() {
                default
            } else {
                v.clamp(lo, hi)
            }
        };
        RankSettings {
            k1: clamp(self.k1, 0.0, 3.0, d.k1),
            b: clamp(self.b, 0.0, 1.0, d.b),
            title_weight: clamp(self.title_weight, 1.0, 10.0, d.title_weight),
            phrase_weight: clamp(self.phrase_weight, 0.0, 5.0, d.phrase_weight),
            inside_word_weight: clamp(self.inside_word_weight, 0.0, 1.0, d.inside_word_weight),
            proximity_weight: clamp(self.proximity_weight, 0.0, 5.0, d.proximity_weight),
            whole_title_weight: clamp(self.whole_title_weight, 0.0, 10.0, d.whole_title_weight),
            in_title_weight: clamp(self.in_title_weight, 0.0, 10.0, d.in_title_weight),
            code_weight: clamp(self.code_weight, 0.0, 1.0, d.code_weight),
            partial_proximity_weight: clamp(
                self.partial_proximity_weight,
                0.0,
                5.0,
                d.partial_proximity_weight,
            ),
            joined_weight: clamp(self.joined_weight, 0.0, 5.0, d.joined_weight),
            gram_weight: clamp(self.gram_weight, 0.0, 5.0, d.gram_weight),
        }
    }
}

/// Bm25 over title and body, with title matches and whole words weighted.
pub struct Bm25<'s> {
    /// The weights.
    pub settings: &'s RankSettings,
    /// Documents in the index.
    pub doc_count: f32,
    /// Mean characters per document.
    pub average_chars: f32,
}

impl Bm25<'_> {
    /// The score of a term with `doc_freq` documents, occurring in a document whose length code
    /// is `norm` with these flags (`postings::FLAG_*`), one per occurrence.
    pub fn score(&self, doc_freq: usize, norm: u8, occurrences: impl Iterator<Item = u8>) -> f32 {
        let s = self.settings;
        let term_freq: f32 = occurrences
            .map(|flags| {
                let place = if flags & FLAG_TITLE != 0 {
                    s.title_weight
                } else if flags & FLAG_CODE != 0 {
                    s.code_weight
                } else {
                    1.0
                };
                let whole = FLAG_START | FLAG_END;
                let shape = if flags & whole == whole {
                    1.0
                } else {
                    s.inside_word_weight
                };
                place * shape
            })
            .sum();
        let idf = self.idf(doc_freq);
        let chars = norm_chars(norm) as f32;
        let norm = 1.0 - s.b + s.b * chars / self.average_chars;
        idf * term_freq * (s.k1 + 1.0) / (term_freq + s.k1 * norm)
    }
}

impl Bm25<'_> {
    /// The score of a term with `doc_freq` documents, occurring `term_freq` times in a document
    /// whose length code is `norm`, wherever it stands.
    pub fn plain_score(&self, doc_freq: usize, norm: u8, term_freq: usize) -> f32 {
        let s = self.settings;
        let term_freq = term_freq as f32;
        let chars = norm_chars(norm) as f32;
        let norm = 1.0 - s.b + s.b * chars / self.average_chars;
        self.idf(doc_freq) * term_freq * (s.k1 + 1.0) / (term_freq + s.k1 * norm)
    }

    /// The bonus of a unit with `doc_freq` documents for where it stands in a document's title:
    /// `flags` joins its occurrences' flags there.
    pub fn title_bonus(&self, doc_freq: usize, flags: u8) -> f32 {
        let weight = if flags & FLAG_WHOLE_TITLE != 0 {
            self.settings.whole_title_weight
        } else if flags & FLAG_TITLE != 0 {
            self.settings.in_title_weight
        } else {
            return 0.0;
        };
        weight * self.idf(doc_freq)
    }

    /// How rare a term with `doc_freq` documents is.
    pub fn idf(&self, doc_freq: usize) -> f32 {
        let df = doc_freq as f32;
        (1.0 + (self.doc_count - df + 0.5) / (df + 0.5)).ln()
    }
}

/// How closely the units sit in a document, 0.0–1.0: their total length over the shortest
/// stretch of text that holds one occurrence of each (1.0 when side by side).
pub fn closeness(per_unit: &[&[Occurrence]]) -> f32 {
    if per_unit.len() < 2 {
        return 0.0;
    }
    let mut all: Vec<(u32, u32, usize)> = per_unit
        .iter()
        .enumerate()
        .flat_map(|(unit, list)| {
            list.iter()
                .take(MAX_PROXIMITY_OCCURRENCES)
                .map(move |o| (o.start, o.len, unit))
        })
        .collect();
    sort(&mut all);
    let needed: u32 = per_unit
        .iter()
        .map(|list| list.iter().map(|o| o.len).min().unwrap_or(0))
        .sum();
    let mut counts = vec![0usize; per_unit.len()];
    let mut covered = 0;
    let mut best = u32::MAX;
    let mut left = 0;
    for right in 0..all.len() {
        let unit = all[right].2;
        counts[unit] += 1;
        if counts[unit] == 1 {
            covered += 1;
        }
        while covered == per_unit.len() {
            let (start, _, unit) = all[left];
            let end = all[left..=right]
                .iter()
                .map(|o| o.0 + o.1)
                .max()
                .unwrap_or(start);
            best = best.min(end - start);
            counts[unit] -= 1;
            if counts[unit] == 0 {
                covered -= 1;
            }
            left += 1;
        }
    }
    if best == u32::MAX || best == 0 {
        return 0.0;
    }
    (needed as f32 / best as f32).min(1.0)
}
