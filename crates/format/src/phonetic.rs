//! Pinyin keys: how build.rs writes the index's PINYIN set and how a query reads it.
//!
//! The readings themselves come from the `pinyin` crate at build time only; at run time the wasm
//! holds no pinyin table, just the set of keys (see `format.rs` for its grammar):
//!
//! ```text
//! p yiyao \0 医药     full pinyin of a vocabulary word, tones dropped, ü written v
//! p yy \0 医药        its initials, one letter per character (words of two or more)
//! p yi \0 医          a reading of a corpus character, as a one-character word
//! ```
//!
//! and the READINGS text, every corpus or common character under each reading the index gives
//! it, one line per syllable (`yi一以医…`): a character's readings and its homophones are both
//! read from it. Lines of characters compress to half of what the same pairs cost as fst keys.
//!
//! **Sound grams.** A line's number in READINGS names its syllable: the *sound character*
//! `U+F0000 + n` (Supplementary Private Use Area-A, which the index keeps for this and never
//! indexes as text). Every pair of adjacent Chinese characters is also indexed as the bigram of
//! its sounds, at the same position, each character read as it reads where it stands: inside a
//! word whose reading differs from its characters' first readings, as the word reads (长 in 长安
//! is cháng); elsewhere a common character whose other readings are seldom meant (的, 了) by its
//! first reading, any other by each of its readings, each beside the other's first and the two
//! second readings together (so every reading is reached). A character reads as itself and as
//! the Traditional forms folded into it (鹄 as 鵠's hè). The build's lists say which words and
//! characters (crates/indexer/data/pinyin/). So `jingyesi` is found as the run of sounds
//! jing·ye·si by the same gram matching as a run of characters: wherever 静夜思 (or any run read
//! that way) occurs, across word boundaries and inside longer words. A sound gram's key starts
//! with the initials of its two syllables (the area's last characters, `U+FFF00 + letter`):
//! `GRAM z x zhang xiao`. So every pair read with the initials z·x is one range of keys, and
//! `gpshz` finds 国破山河在, `zxb` the name 张小兵 (which no vocabulary word spells) and
//! `zhangxb` 张小兵 again, by reading the ranges (`sound_gram_key`), with no postings of their own.
//!
//! Splitting typed letters into runs of sounds is the query's, in `sound_runs.rs`.

/// Namespace of full pinyin and initials of words.
pub const WORD_KEY: u8 = b'p';
/// Between a key and its value.
pub const SEPARATOR: u8 = 0;
/// Readings kept per character, most common first (polyphonic characters have several).
pub const MAX_READINGS_PER_CHAR: usize = 3;
/// Pinyin spellings kept per word: the product of its characters' readings, capped.
pub const MAX_SPELLINGS_PER_WORD: usize = 4;
/// Words kept per spelling, the most used: all a spelling stands for in a query. The rest would
/// only make pinyin pieces larger (the initials `zx` alone spell thousands of words).
pub const MAX_WORDS_PER_SPELLING: usize = 8;

/// `namespace key \0 value`, the byte string stored in the set; with an empty value, the prefix
/// of every entry under `key`.
pub fn entry(namespace: u8, key: &str, value: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(2 + key.len() + value.len());
    out.push(namespace);
    out.extend_from_slice(key.as_bytes());
    out.push(SEPARATOR);
    out.extend_from_slice(value.as_bytes());
    out
}

/// A syllable in key form: lower case, no tone, `ü` as `v`.
pub fn plain_syllable(syllable: &str) -> String {
    syllable
        .chars()
        .filter_map(|c| match c.to_ascii_lowercase() {
            c @ 'a'..='z' => Some(c),
            c => toneless(c),
        })
        .collect()
}

/// The base letter of a vowel with a tone mark (`ǎ` → `a`, `ǘ` → `v`), or `None`.
fn toneless(c: char) -> Option<char> {
    Some(match c {
        'ā' | 'á' | 'ǎ' | 'à' | 'Ā' | 'Á' | 'Ǎ' | 'À' => 'a',
        'ē' | 'é' | 'ě' | 'è' | 'Ē' | 'É' | 'Ě' | 'È' | 'ê' => 'e',
        'ī' | 'í' | 'ǐ' | 'ì' | 'Ī' | 'Í' | 'Ǐ' | 'Ì' => 'i',
        'ō' | 'ó' | 'ǒ' | 'ò' | 'Ō' | 'Ó' | 'Ǒ' | 'Ò' => 'o',
        'ū' | 'ú' | 'ǔ' | 'ù' | 'Ū' | 'Ú' | 'Ǔ' | 'Ù' => 'u',
        'ü' | 'ǖ' | 'ǘ' | 'ǚ' | 'ǜ' | 'Ü' | 'Ǖ' | 'Ǘ' | 'Ǚ' | 'Ǜ' => 'v',
        'ń' | 'ň' | 'ǹ' => 'n',
        'ḿ' => 'm',
        _ => return None,
    })
}

/// The sounds that many speakers do not tell apart, folded together: zh/z, ch/c, sh/s, l/n at
/// the start; ang/an, eng/en, ing/in at the end. 明 (ming) and 民 (min) fold to the same key.
pub fn fuzzy_syllable(syllable: &str) -> String {
    let mut s = syllable;
    let mut out = String::with_capacity(syllable.len());
    for (from, to) in [("zh", "z"), ("ch", "c"), ("sh", "s"), ("l", "n")] {
        if let Some(rest) = s.strip_prefix(from) {
            out.push_str(to);
            s = rest;
            break;
        }
    }
    match s.strip_suffix("ng") {
        Some(rest) if rest.ends_with(['a', 'e', 'i']) => {
            out.push_str(rest);
            out.push('n');
        }
        _ => out.push_str(s),
    }
    out
}

/// The first sound character (see the module's notes): syllable `n` is `U+F0000 + n`.
pub const FIRST_SOUND: u32 = 0xF_0000;
/// The most syllables numbered; the area's last code points are the initials'.
const SOUND_CHARS: usize = 0xFF00;
/// Where the initials' sound characters start: `a` is `U+FFF00`.
const FIRST_INITIAL: u32 = FIRST_SOUND + SOUND_CHARS as u32;
/// The most letters read as a run of syllables (a long line of verse).
pub const MAX_RUN_LETTERS: usize = 48;

/// The sound character of syllable number `n`.
pub fn sound_char(n: usize) -> Option<char> {
    if n >= SOUND_CHARS {
        return None;
    }
    char::from_u32(FIRST_SOUND + n as u32)
}

/// The sound character of a syllable's initial, its first letter (`zhang` → z).
pub fn initial_char(syllable: &str) -> Option<char> {
    let letter = *syllable.as_bytes().first()?;
    if !letter.is_ascii_lowercase() {
        return None;
    }
    char::from_u32(FIRST_INITIAL + u32::from(letter - b'a'))
}

/// Whether `c` is an initial's sound character.
pub fn is_initial_char(c: char) -> bool {
    (FIRST_INITIAL..FIRST_INITIAL + 26).contains(&(c as u32))
}

/// Whether `c` is a whole syllable's sound character (not an initial's).
pub fn is_syllable_char(c: char) -> bool {
    is_sound_char(c) && !is_initial_char(c)
}

/// Whether a run of sounds mixes syllables and initials (`zhangxiaob`: zhang·xiao·b).
pub fn is_mixed(run: &[char]) -> bool {
    run.iter().any(|&c| is_initial_char(c)) && run.iter().any(|&c| is_syllable_char(c))
}

/// Stands in a sound pattern's key for any syllable ([`sound_gram_key`]); never in a stored key.
pub const ANY_SOUND: char = '\u{FFFFD}';

/// The TERMS key of the sound gram of a pair of syllables `[a, b]`, whose initials are
/// `initials`: the gram mark, the two initials, the two syllables.
pub fn write_sound_gram_key(initials: [char; 2], pair: [char; 2], key: &mut String) {
    key.clear();
    key.push(crate::format::GRAM_MARK);
    key.extend(initials);
    key.extend(pair);
}

/// Each syllable's initial, by syllable number, from the READINGS text.
pub fn syllable_initials(readings: &str) -> Vec<char> {
    reading_lines(readings)
        .map(|(syllable, _)| initial_char(syllable).unwrap_or(ANY_SOUND))
        .collect()
}

/// The key that finds a pair of a run of sounds. Two syllables: their gram's key. A pair with
/// an initial is a *sound pattern* ([`sound_pattern`]): the range of keys under the two
/// initials, narrowed by the syllable it has (xiao·b reads every key under x·b whose first
/// syllable is xiao). `initials` gives each syllable's initial ([`syllable_initials`]).
pub fn sound_gram_key(initials: &[char], pair: [char; 2]) -> String {
    let initial_of = |c: char| match is_syllable_char(c) {
        true => initials
            .get((c as u32).wrapping_sub(FIRST_SOUND) as usize)
            .copied()
            .unwrap_or(c),
        false => c,
    };
    let syllable = |c: char| is_syllable_char(c).then_some(c);
    let mut key = String::from(crate::format::GRAM_MARK);
    key.extend([initial_of(pair[0]), initial_of(pair[1])]);
    match (syllable(pair[0]), syllable(pair[1])) {
        (Some(a), Some(b)) => key.extend([a, b]),
        (Some(a), None) => key.push(a),
        (None, Some(b)) => key.extend([ANY_SOUND, b]),
        (None, None) => {}
    }
    key
}

/// A sound pattern's reading: the prefix every key it covers starts with, and the second
/// syllable those keys must end with, if any; `None` for any other key (a stored key is read
/// as it is).
pub fn sound_pattern(key: &str) -> Option<(&str, Option<char>)> {
    let text = key.strip_prefix(crate::format::GRAM_MARK)?;
    // Most keys looked up are not sound grams: told apart by their first character, unread.
    if !text.chars().next().is_some_and(is_initial_char) {
        return None;
    }
    let chars: Vec<char> = text.chars().take(5).collect();
    match chars.as_slice() {
        [_, _] | [_, _, _] => Some((key, None)),
        [_, _, any, second] if *any == ANY_SOUND => {
            let prefix_len = key.len() - any.len_utf8() - second.len_utf8();
            Some((key.get(..prefix_len)?, Some(*second)))
        }
        _ => None,
    }
}

/// How many characters of text a TERMS key's postings stand for: a sound gram's key holds its
/// two initials before its two syllables.
pub fn key_span(text: &str) -> u32 {
    let count = text.chars().count() as u32;
    match text.chars().next() {
        Some(first) if is_initial_char(first) => count - 2,
        _ => count,
    }
}

/// Whether `c` is a sound character (or anything else in their area, which is never text).
pub fn is_sound_char(c: char) -> bool {
    (FIRST_SOUND..=FIRST_SOUND + 0xFFFF).contains(&(c as u32))
}

/// Whether a TERMS key is a sound gram's: the gram mark, then a sound character. Sound
/// characters encode above every text character, so these keys are one range, after the text's
/// grams and before every word: the PHONETIC piece names their pieces, not the root.
pub fn is_sound_key(key: &[u8]) -> bool {
    match key.split_first() {
        Some((&mark, rest)) if mark == crate::format::GRAM_MARK as u8 => std::str::from_utf8(rest)
            .ok()
            .and_then(|text| text.chars().next())
            .is_some_and(is_sound_char),
        _ => false,
    }
}

/// Whether `text` is a run of sounds (a pattern made by [`sound_runs`] or [`initials_run`]).
pub fn is_sounded(text: impl IntoIterator<Item = char>) -> bool {
    text.into_iter().any(is_sound_char)
}

/// Each syllable of the READINGS text with its sound character. Not sorted: a few hundred
/// syllables are scanned faster than a sort's code costs the wasm.
pub fn syllable_sounds(readings: &str) -> Vec<(&str, char)> {
    reading_lines(readings)
        .enumerate()
        .filter_map(|(n, (syllable, _))| Some((syllable, sound_char(n)?)))
        .collect()
}

/// The READINGS text's lines, as (syllable, the characters read that way).
fn reading_lines(readings: &str) -> impl Iterator<Item = (&str, &str)> {
    readings.lines().map(|line| {
        let letters = line
            .find(|c: char| !c.is_ascii_lowercase())
            .unwrap_or(line.len());
        // `get` rather than indexing: no panicking string slice is linked into the wasm.
        (
            line.get(..letters).unwrap_or(""),
            line.get(letters..).unwrap_or(""),
        )
    })
}

/// The sound characters of `c`'s readings, in syllable order, from the READINGS text: a run of
/// them is how the index's sound grams spell any text read the way `c` is.
pub fn char_sounds(readings: &str, c: char) -> Vec<char> {
    reading_lines(readings)
        .enumerate()
        .filter(|(_, (_, chars))| chars.chars().any(|other| other == c))
        .filter_map(|(n, _)| sound_char(n))
        .collect()
}

/// The readings of `c`, in syllable order, from the READINGS text.
pub fn readings_of(readings: &str, c: char) -> Vec<&str> {
    reading_lines(readings)
        .filter(|(_, chars)| chars.chars().any(|other| other == c))
        .map(|(syllable, _)| syllable)
        .collect()
}

/// The characters with a reading that folds to one of `fuzzy` (see [`fuzzy_syllable`]), each
/// once, the most used first: a line lists its characters by how many documents have them, and
/// the lines are taken turn by turn, the first of each, then the second of each, and so on.
pub fn chars_sounding(readings: &str, fuzzy: &[String]) -> Vec<char> {
    let mut lines: Vec<std::str::Chars> = reading_lines(readings)
        .filter(|(syllable, _)| fuzzy.contains(&fuzzy_syllable(syllable)))
        .map(|(_, chars)| chars.chars())
        .collect();
    let mut out: Vec<char> = Vec::new();
    loop {
        let mut any = false;
        for line in &mut lines {
            if let Some(c) = line.next() {
                any = true;
                if !out.contains(&c) {
                    out.push(c);
                }
            }
        }
        if !any {
            return out;
        }
    }
}

/// Up to `cap` spellings of a word: one reading per character, every combination, in order.
pub fn spellings(readings: &[Vec<String>], cap: usize) -> Vec<Vec<&str>> {
    let mut out: Vec<Vec<&str>> = vec![Vec::new()];
    for options in readings {
        let mut next = Vec::new();
        'grow: for prefix in &out {
            for option in options {
                if next.len() == cap {
                    break 'grow;
                }
                let mut spelling = prefix.clone();
                spelling.push(option.as_str());
                next.push(spelling);
            }
        }
        out = next;
    }
    out
}

/// What a typed query spells in key form, if it is pinyin: letters, with or without tone marks,
/// tone numbers, spaces and apostrophes (`yī yào`, `yi1yao4`, `xi'an`, `YiYao`) → `yiyao`.
/// `None` when it holds anything else, or fewer than two letters.
pub fn typed_pinyin(text: &str) -> Option<String> {
    typed_letters(text).filter(|letters| letters.len() >= 2)
}

/// Like [`typed_pinyin`], from one letter on: the start of a spelling being typed.
pub fn typed_letters(text: &str) -> Option<String> {
    let mut out = String::new();
    let mut after_letter = false;
    for c in text.chars() {
        let letter = match c.to_ascii_lowercase() {
            c @ 'a'..='z' => Some(c),
            _ => toneless(c),
        };
        match letter {
            Some(letter) => {
                out.push(letter);
                after_letter = true;
            }
            None if after_letter && ('1'..='5').contains(&c) => after_letter = false,
            None if c.is_whitespace() || matches!(c, '\'' | '’') => after_letter = false,
            None => return None,
        }
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pair_with_an_initial_reads_the_range_of_keys_under_its_initials() {
        let initials = syllable_initials("zhang张\nxiao小\n");
        let (zhang, xiao) = (sound_char(0).unwrap(), sound_char(1).unwrap());
        let (z, x) = (initial_char("z").unwrap(), initial_char("x").unwrap());
        let mut stored = String::new();
        write_sound_gram_key([z, x], [zhang, xiao], &mut stored);
        // Two syllables: the stored key itself, read as it is.
        assert_eq!(sound_gram_key(&initials, [zhang, xiao]), stored);
        assert_eq!(sound_pattern(&stored), None);
        assert_eq!(
            key_span(stored.strip_prefix(crate::format::GRAM_MARK).unwrap()),
            2
        );
        // zhang·x: every key under z·x that starts with zhang; z·x: every key under z·x.
        let zhang_x = sound_gram_key(&initials, [zhang, x]);
        assert!(stored.starts_with(&zhang_x));
        assert_eq!(sound_pattern(&zhang_x), Some((zhang_x.as_str(), None)));
        let z_x = sound_gram_key(&initials, [z, x]);
        assert!(zhang_x.starts_with(&z_x) && z_x.chars().count() == 3);
        assert_eq!(sound_pattern(&z_x), Some((z_x.as_str(), None)));
        // z·xiao: the keys under z·x whose second syllable is xiao.
        let z_xiao = sound_gram_key(&initials, [z, xiao]);
        assert_eq!(sound_pattern(&z_xiao), Some((z_x.as_str(), Some(xiao))));
        // A gram of text is no pattern.
        assert_eq!(sound_pattern(&crate::format::gram_key(&['张', '小'])), None);
    }

    #[test]
    fn typed_pinyin_drops_tones_spaces_and_apostrophes() {
        assert_eq!(typed_pinyin("yiyao").as_deref(), Some("yiyao"));
        assert_eq!(typed_pinyin("Yī Yào").as_deref(), Some("yiyao"));
        assert_eq!(typed_pinyin("yi1 yao4").as_deref(), Some("yiyao"));
        assert_eq!(typed_pinyin("xi'an").as_deref(), Some("xian"));
        assert_eq!(typed_pinyin("lǜ").as_deref(), Some("lv"));
        assert_eq!(typed_pinyin("y"), None);
        assert_eq!(typed_pinyin("5g"), None);
        assert_eq!(typed_pinyin("医药"), None);
        assert_eq!(typed_pinyin("ai-1"), None);
    }

    #[test]
    fn fuzzy_sounds_fold_together() {
        assert_eq!(fuzzy_syllable("ming"), fuzzy_syllable("min"));
        assert_eq!(fuzzy_syllable("zhang"), "zan");
        assert_eq!(fuzzy_syllable("sheng"), fuzzy_syllable("sen"));
        assert_eq!(fuzzy_syllable("long"), "nong");
        assert_eq!(fuzzy_syllable("yao"), "yao");
    }

    #[test]
    fn readings_text_answers_both_ways() {
        let text = "min民敏\nming明名\nyao药要\nyi一医\n";
        assert_eq!(readings_of(text, '医'), vec!["yi"]);
        assert_eq!(readings_of(text, '龘'), Vec::<&str>::new());
        // Lines list the most used first; lines are taken turn by turn.
        let homophones: String = chars_sounding(text, &[fuzzy_syllable("ming")])
            .into_iter()
            .collect();
        assert_eq!(homophones, "民明敏名");
        let either: String = chars_sounding(text, &[fuzzy_syllable("yi"), fuzzy_syllable("yao")])
            .into_iter()
            .collect();
        assert_eq!(either, "药一要医");
    }

    #[test]
    fn spellings_are_capped_combinations() {
        let readings = vec![
            vec!["zhong".to_string(), "chong".to_string()],
            vec!["qing".to_string()],
        ];
        assert_eq!(
            spellings(&readings, 16),
            vec![vec!["zhong", "qing"], vec!["chong", "qing"]]
        );
        assert_eq!(spellings(&readings, 1), vec![vec!["zhong", "qing"]]);
    }
}
