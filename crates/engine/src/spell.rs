//! The words a run of pinyin letters spells, from the index's PINYIN pieces.
//!
//! Letters are cut into the fewest spellings of vocabulary words (full pinyin or initials,
//! mixed as typed: `yiyaogxq` is 医药 + 高新区). The pinyin keys are split into pieces by key, so
//! a query reads only the pieces its possible spellings fall in: those are found from the
//! letters alone, before any piece is read. A spelling of full pinyin is a run of syllables the
//! READINGS know, and a spelling of initials is two or more letters that each start one.
//!
//! ```ignore
//! let index = sousuo::embedded_index().unwrap();
//! let spelled = sousuo::spell::spell(index, "yiyao", 8).unwrap().unwrap();
//! assert_eq!(spelled[0].1[0], "医药");
//! ```
//!
//! (Not run here: it needs an index, which the wasm crate embeds; `tests/` search it so.)

use crate::error::Result;
use crate::index::Index;
use crate::phonetic::{self, MAX_RUN_LETTERS, WORD_KEY};
use crate::suggest::{entry_word, rank};
use crate::words::fewest_pieces;

/// Pinyin spellings, each with the words it stands for.
pub type Spelled = Vec<(String, Vec<String>)>;

/// The words a pinyin spelling stands for: `letters` split into the fewest spellings of
/// vocabulary words, each with up to `max_words` words (at most
/// [`phonetic::MAX_WORDS_PER_SPELLING`]), most used first. `None` unless the whole spelling is
/// covered.
pub fn spell(index: &Index, letters: &str, max_words: usize) -> Result<Option<Spelled>> {
    let candidates = candidate_lengths(&syllables(index.readings()?), letters);
    let prefix = |at: usize, len: usize| {
        let spelling = letters.get(at..at + len).unwrap_or("");
        phonetic::entry(WORD_KEY, spelling, "")
    };
    let mut ids = Vec::new();
    for (at, lengths) in candidates.iter().enumerate() {
        for &len in lengths {
            index.pinyin_pieces(&prefix(at, len), &mut ids);
        }
    }
    crate::order::sort_dedup(&mut ids);
    index.require(ids)?;
    let Some(cuts) = fewest_pieces(letters.len(), &mut |at| {
        let mut lengths = Vec::new();
        for &len in &candidates[at] {
            if !index
                .pinyin_entries(&prefix(at, len), 1, usize::MAX)?
                .is_empty()
            {
                lengths.push((len, 0.0));
            }
        }
        Ok(lengths)
    })?
    else {
        return Ok(None);
    };
    let mut spelled = Vec::with_capacity(cuts.len());
    for cut in cuts {
        // `get`, not slicing: slicing a str brings the panic's formatting code into the wasm.
        let Some(spelling) = letters.get(cut.clone()) else {
            return Ok(None);
        };
        let entries =
            index.pinyin_entries(&prefix(cut.start, cut.len()), usize::MAX, usize::MAX)?;
        let mut words = most_used(entries);
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

/// The words of pinyin entries, ranked as [`crate::suggest::rank`] ranks counted words: the entry's
/// value is how many documents have its word.
pub fn most_used(entries: Vec<(Vec<u8>, u64)>) -> Vec<String> {
    let mut counted = Vec::with_capacity(entries.len());
    for (key, count) in entries {
        if let Some(word) = entry_word(&key) {
            counted.push((count, word));
        }
    }
    rank(counted)
}

/// The syllables of the READINGS text.
fn syllables(readings: &str) -> Vec<&str> {
    let mut syllables = Vec::new();
    for (syllable, _) in phonetic::syllable_sounds(readings) {
        syllables.push(syllable);
    }
    syllables
}

/// For each position of `letters` that a cut into spellings could reach, the lengths a
/// spelling starting there could have: runs of syllables, and runs of two or more initials
/// (letters that start a syllable). Any other length spells nothing, so its pieces are not read.
fn candidate_lengths(syllables: &[&str], letters: &str) -> Vec<Vec<usize>> {
    let n = letters.len();
    let bytes = letters.as_bytes();
    // Plain loops rather than iterator chains: each adapter is code of its own in the wasm.
    let mut candidates: Vec<Vec<usize>> = Vec::with_capacity(n + 1);
    for _ in 0..=n {
        candidates.push(Vec::new());
    }
    if n > 4 * MAX_RUN_LETTERS || !letters.is_ascii() {
        return candidates;
    }
    let is_initial = |b: u8| syllables.iter().any(|s| s.as_bytes().first() == Some(&b));
    // syllable_ends[at]: where a syllable starting at `at` ends (the letters are ASCII, so any
    // byte is a char boundary).
    let mut syllable_ends: Vec<Vec<usize>> = Vec::with_capacity(n);
    for at in 0..n {
        let rest = bytes.get(at..).unwrap_or(&[]);
        let mut ends: Vec<usize> = Vec::new();
        for s in syllables {
            if !s.is_empty() && rest.starts_with(s.as_bytes()) {
                ends.push(at + s.len());
            }
        }
        crate::order::sort_dedup(&mut ends);
        syllable_ends.push(ends);
    }
    let mut reachable = vec![false; n + 1];
    reachable[0] = true;
    for at in 0..n {
        if !reachable[at] {
            continue;
        }
        let mut ends: Vec<usize> = Vec::new();
        let mut seen = vec![false; n + 1];
        // Runs of syllables from `at`, breadth first.
        let mut frontier = vec![at];
        while let Some(from) = frontier.pop() {
            for &end in syllable_ends.get(from).map_or(&[][..], Vec::as_slice) {
                if end - at <= MAX_RUN_LETTERS && seen.get(end) == Some(&false) {
                    seen[end] = true;
                    ends.push(end);
                    frontier.push(end);
                }
            }
        }
        let mut run = 0;
        while run < MAX_RUN_LETTERS && bytes.get(at + run).is_some_and(|&b| is_initial(b)) {
            run += 1;
        }
        for len in 2..=run {
            ends.push(at + len);
        }
        crate::order::sort_dedup(&mut ends);
        for end in &mut ends {
            reachable[*end] = true;
            *end -= at;
        }
        candidates[at] = ends;
    }
    candidates
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_runs_of_syllables_or_of_initials_are_looked_up() {
        let syllables = [
            "yi", "yao", "ya", "o", "gao", "xin", "qu", "zhang", "xiao", "bing",
        ];
        let candidates = candidate_lengths(&syllables, "yiyao");
        assert_eq!(candidates[0], vec![2, 4, 5]); // yi, yi·ya, yi·yao ("yiy" is no spelling)
        assert_eq!(candidates[2], vec![2, 3]); // ya, yao
        assert!(candidates[1].is_empty(), "no spelling ends inside yi");
        let candidates = candidate_lengths(&syllables, "zxb");
        assert_eq!(candidates[0], vec![2, 3]); // zx, zxb: initials
        assert_eq!(candidates[2], Vec::<usize>::new()); // b alone spells nothing
    }

    #[test]
    fn words_rank_by_use_then_length_then_text() {
        let entry = |word: &str, count| (phonetic::entry(WORD_KEY, "yy", word), count);
        let words = most_used(vec![entry("医药", 3), entry("一样", 9), entry("意义", 3)]);
        assert_eq!(words, ["一样", "医药", "意义"]);
    }
}
