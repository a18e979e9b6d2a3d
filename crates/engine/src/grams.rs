//! Grams: every position of every stream is indexed under its character and under the pair it
//! starts (crates/format/src/format.rs, TERMS). A run of two characters or more is found from the bigrams that
//! cover it, whose lists are far shorter than those of its characters.

use crate::format::gram_key;
pub use crate::format::term_key;

/// The grams that find a run, each with its offset in the run: a one-character run is its
/// character; a longer run, its bigrams at every other offset plus the last one, which together
/// cover every character (明月几时 → 明月 and 几时; 明月几 → 明月 and 月几).
pub fn covering(run: &[char]) -> Vec<(usize, String)> {
    covering_with(run, |pair| gram_key(&pair))
}

/// [`covering`], each pair's key made by `pair_key` (a run of sounds is keyed by its initials
/// first: `phonetic::sound_gram_key`).
pub fn covering_with(run: &[char], pair_key: impl Fn([char; 2]) -> String) -> Vec<(usize, String)> {
    let n = run.len();
    if n <= 1 {
        return run.iter().map(|&c| (0, gram_key(&[c]))).collect();
    }
    let key = |at: usize| pair_key([run[at], run[at + 1]]);
    let mut grams: Vec<(usize, String)> = (0..n - 1).step_by(2).map(|at| (at, key(at))).collect();
    if n % 2 == 1 {
        grams.push((n - 2, key(n - 2)));
    }
    grams
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(run: &str) -> Vec<(usize, String)> {
        let chars: Vec<char> = run.chars().collect();
        covering(&chars)
            .into_iter()
            .map(|(at, key)| (at, key.chars().skip(1).collect()))
            .collect()
    }

    #[test]
    fn bigrams_cover_every_character_of_a_run() {
        assert_eq!(texts("月"), [(0, "月".to_string())]);
        assert_eq!(texts("明月"), [(0, "明月".to_string())]);
        assert_eq!(texts("明月几"), [(0, "明月".into()), (1, "月几".into())]);
        assert_eq!(texts("明月几时"), [(0, "明月".into()), (2, "几时".into())]);
        assert!(texts("").is_empty());
    }

    #[test]
    fn a_key_is_its_own_key() {
        for text in ["月", "明月"] {
            let key = term_key(text).into_owned();
            assert_eq!(key, gram_key(&text.chars().collect::<Vec<_>>()));
            assert_eq!(term_key(&key), key);
        }
        assert_eq!(term_key("明月夜"), "明月夜");
    }
}
