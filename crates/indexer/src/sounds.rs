//! Readings at build time: each character's pinyin, the READINGS text, and the sound grams that
//! index every pair of adjacent characters by how it reads (crates/format/src/phonetic.rs explains them).
//!
//! A syllable is numbered when the corpus first uses it, and READINGS lists syllables in that
//! order, so that a query finds a syllable's sound character from its line alone.

use crate::pieces::DocTerms;
use pinyin::ToPinyinMulti;
use sousuo_format::phonetic;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// How characters read. The index holds text folded to Simplified, so a character reads as
/// itself and as every Traditional form folded into it: 鵠 reads hè in 黃鵠樓 (the 黄鹤楼 of
/// some editions), a reading that 鹄, its Simplified form, lacks.
pub struct Readings {
    traditional_of: HashMap<char, Vec<char>>,
}

impl Readings {
    /// From OpenCC's conversions (Traditional first): the single characters among them.
    pub fn new(conversions: &BTreeMap<String, String>) -> Self {
        let mut traditional_of: HashMap<char, Vec<char>> = HashMap::new();
        for (traditional, simplified) in conversions {
            let mut t = traditional.chars();
            let mut s = simplified.chars();
            if let (Some(t), None, Some(s), None) = (t.next(), t.next(), s.next(), s.next()) {
                traditional_of.entry(s).or_default().push(t);
            }
        }
        Readings { traditional_of }
    }

    /// Readings of a character, tones dropped, its own first (most common first), then its
    /// Traditional forms' own, capped.
    pub fn of(&self, c: char) -> Vec<String> {
        let forms = self.traditional_of.get(&c).into_iter().flatten();
        let mut out: Vec<String> = Vec::new();
        for form in std::iter::once(&c).chain(forms) {
            for reading in form.to_pinyin_multi().into_iter().flatten() {
                let plain = phonetic::plain_syllable(reading.plain());
                if out.len() == phonetic::MAX_READINGS_PER_CHAR {
                    return out;
                }
                if !plain.is_empty() && !out.contains(&plain) {
                    out.push(plain);
                }
            }
        }
        out
    }
}

/// Words read otherwise than their characters' first readings, by their characters, with the
/// reading of each character (plain syllables).
pub struct Phrases {
    readings: HashMap<Vec<char>, Vec<String>>,
    longest: usize,
}

impl Phrases {
    /// From `word TAB readings` lines (readings with tone marks, separated by spaces).
    pub fn parse(text: &str) -> Result<Phrases, String> {
        let mut readings = HashMap::new();
        let mut longest = 0;
        for (n, line) in text.lines().enumerate() {
            let bad = || format!("phrase readings, line {}: {line:?}", n + 1);
            let (word, spelled) = line.split_once('\t').ok_or_else(bad)?;
            let chars: Vec<char> = word.chars().collect();
            let syllables: Vec<String> = spelled.split(' ').map(phonetic::plain_syllable).collect();
            if chars.len() < 2
                || syllables.len() != chars.len()
                || syllables.iter().any(String::is_empty)
            {
                return Err(bad());
            }
            longest = longest.max(chars.len());
            readings.insert(chars, syllables);
        }
        Ok(Phrases { readings, longest })
    }

    /// The longest phrase that starts at `at` in `chars` and that `fits` (its start and end),
    /// with its length.
    fn longest_at(
        &self,
        chars: &[char],
        at: usize,
        fits: impl Fn(usize, usize) -> bool,
    ) -> Option<(usize, &[String])> {
        let most = self.longest.min(chars.len() - at);
        (2..=most).rev().find_map(|len| {
            let readings = self.readings.get(&chars[at..at + len])?;
            fits(at, at + len).then_some((len, readings.as_slice()))
        })
    }
}

/// How a character reads where it stands, by [`Sounds::in_context`].
enum Reading<'p> {
    /// As the phrase it lies in reads it: this syllable.
    Phrase(&'p str),
    /// By its first reading.
    First,
    /// By every reading it has.
    Every,
}

/// How a character is read where it stands (see [`Sounds::add_grams`]).
#[derive(Clone, Copy)]
enum Heard<'s> {
    /// Not a character with readings.
    Nothing,
    /// One reading: the phrase's, or a common character's first.
    Once { syllable: char, initial: char },
    /// Every reading the character has.
    Every(&'s CharSounds),
}

impl Heard<'_> {
    fn syllables(&self) -> &[char] {
        match self {
            Heard::Nothing => &[],
            Heard::Once { syllable, .. } => std::slice::from_ref(syllable),
            Heard::Every(sounds) => &sounds.syllables,
        }
    }

    fn initials(&self) -> &[char] {
        match self {
            Heard::Nothing => &[],
            Heard::Once { initial, .. } => std::slice::from_ref(initial),
            Heard::Every(sounds) => &sounds.initials,
        }
    }
}

/// Syllables numbered as the corpus uses them, and each character's sound characters.
pub struct Sounds {
    pub readings: Readings,
    phrases: Phrases,
    /// The characters read by their first reading outside a phrase: common ones whose other
    /// readings a phrase tells (了解); any other keeps every reading (长, 泊 in 夜泊, 鹄 read hè
    /// in 黄鹄楼).
    first_reading: HashSet<char>,
    /// The readings phrases gave each character, where the corpus has the phrase.
    in_phrases: HashMap<char, Vec<String>>,
    numbers: HashMap<String, char>,
    syllables: Vec<String>,
    of_char: HashMap<char, CharSounds>,
}

/// A character's sound characters: of its readings, and of each one's initial.
#[derive(Clone, Default)]
struct CharSounds {
    syllables: Vec<char>,
    initials: Vec<char>,
}

impl Sounds {
    pub fn new(readings: Readings, phrases: Phrases, first_reading: &[char]) -> Self {
        Sounds {
            readings,
            phrases,
            first_reading: first_reading.iter().copied().collect(),
            in_phrases: HashMap::new(),
            numbers: HashMap::new(),
            syllables: Vec::new(),
            of_char: HashMap::new(),
        }
    }

    /// The sound characters of `c`'s readings (none when it has no pinyin).
    fn of(&mut self, c: char) -> Result<&CharSounds, String> {
        if !self.of_char.contains_key(&c) {
            let mut sounds = CharSounds::default();
            for reading in self.readings.of(c) {
                let initial =
                    phonetic::initial_char(&reading).ok_or("a reading without letters")?;
                sounds.initials.push(initial);
                let sound = self.number(&reading)?;
                sounds.syllables.push(sound);
            }
            self.of_char.insert(c, sounds);
        }
        Ok(&self.of_char[&c])
    }

    /// The sound character of a syllable, numbered when first met.
    fn number(&mut self, syllable: &str) -> Result<char, String> {
        if let Some(&sound) = self.numbers.get(syllable) {
            return Ok(sound);
        }
        let sound = phonetic::sound_char(self.syllables.len())
            .ok_or("more syllables than sound characters")?;
        self.numbers.insert(syllable.to_string(), sound);
        self.syllables.push(syllable.to_string());
        Ok(sound)
    }

    /// Numbers the readings of every character [`Sounds::add_grams`] will read in `chars`, in
    /// the order it reads them: documents are then analysed on several threads, and the numbers
    /// must not depend on which finishes first.
    pub fn learn(
        &mut self,
        chars: &[char],
        is_indexed: impl Fn(char) -> bool,
    ) -> Result<(), String> {
        for pair in chars.windows(2) {
            if is_indexed(pair[0]) && is_indexed(pair[1]) {
                self.of(pair[0])?;
                self.of(pair[1])?;
            }
        }
        // The readings of every phrase that occurs, wherever the words fall: a superset of
        // those the analysis takes.
        for at in 0..chars.len() {
            let mut found = Vec::new();
            for len in 2..=self.phrases.longest.min(chars.len() - at) {
                if let Some(readings) = self.phrases.readings.get(&chars[at..at + len]) {
                    found.extend(
                        chars[at..at + len]
                            .iter()
                            .copied()
                            .zip(readings.iter().cloned()),
                    );
                }
            }
            for (c, syllable) in found {
                self.number(&syllable)?;
                let known = self.in_phrases.entry(c).or_default();
                if !known.contains(&syllable) {
                    known.push(syllable);
                }
            }
        }
        Ok(())
    }

    /// How each character of `chars` reads where it stands: inside a phrase that `fits` (its
    /// start and end), as the phrase reads it; elsewhere a first-reading character by its first
    /// reading, any other by every reading it has. [`Sounds::heard`] and
    /// [`Sounds::word_readings`] both read characters so.
    fn in_context(&self, chars: &[char], fits: impl Fn(usize, usize) -> bool) -> Vec<Reading<'_>> {
        let mut out = Vec::with_capacity(chars.len());
        let mut at = 0;
        while at < chars.len() {
            match self.phrases.longest_at(chars, at, &fits) {
                Some((len, readings)) => {
                    out.extend(readings.iter().map(|reading| Reading::Phrase(reading)));
                    at += len;
                }
                None => {
                    out.push(match self.first_reading.contains(&chars[at]) {
                        true => Reading::First,
                        false => Reading::Every,
                    });
                    at += 1;
                }
            }
        }
        out
    }

    /// How each character of a vocabulary word reads inside it, as [`Sounds::heard`] reads it
    /// there.
    fn word_readings(&self, word: &[char]) -> Vec<Vec<String>> {
        let in_context = self.in_context(word, |_, _| true);
        let per_char = word.iter().zip(in_context);
        per_char
            .map(|(&c, reading)| match reading {
                Reading::Phrase(syllable) => vec![syllable.to_string()],
                Reading::First => self.readings.of(c).into_iter().take(1).collect(),
                Reading::Every => self.readings.of(c),
            })
            .collect()
    }

    /// The readings the sound grams may give `c` ([`Sounds::heard`]): a first-reading
    /// character's first and those of the phrases it was found in, another's every one. READINGS lists
    /// a character under these alone, so that a query reads it as the index does.
    fn indexed_readings(&self, c: char) -> Vec<String> {
        let mut readings = self.readings.of(c);
        if self.first_reading.contains(&c) {
            readings.truncate(1);
            for reading in self.in_phrases.get(&c).into_iter().flatten() {
                if !readings.contains(reading) {
                    readings.push(reading.clone());
                }
            }
        }
        readings
    }

    /// How each character of `chars` is read where it stands: inside a phrase that lies within
    /// one word (`is_boundary` tells where words start), as the phrase reads it (长 in 长安 is
    /// cháng, in 成长 zhǎng); elsewhere a common character whose other readings are seldom meant
    /// by its first reading, any other by every reading it has. Indexing every reading of 的 or
    /// 了 everywhere gave half the sound grams, nearly all of them readings nobody meant.
    fn heard(
        &self,
        chars: &[char],
        is_indexed: impl Fn(char) -> bool,
        is_boundary: impl Fn(usize) -> bool,
    ) -> Result<Vec<Heard<'_>>, String> {
        let learned = |c: char| {
            self.of_char
                .get(&c)
                .ok_or_else(|| format!("the sounds of {c:?} were not learned before use"))
        };
        let within_a_word = |start: usize, end: usize| !(start + 1..end).any(&is_boundary);
        let has_pair = |other: Option<&char>| other.is_some_and(|&o| is_indexed(o));
        let mut heard = Vec::with_capacity(chars.len());
        for (at, reading) in self
            .in_context(chars, within_a_word)
            .into_iter()
            .enumerate()
        {
            let c = chars[at];
            let in_a_pair = is_indexed(c)
                && (has_pair(chars.get(at + 1)) || at > 0 && has_pair(chars.get(at - 1)));
            heard.push(match reading {
                Reading::Phrase(syllable) => Heard::Once {
                    syllable: *self.numbers.get(syllable).ok_or_else(|| {
                        format!("the syllable {syllable} was not learned before use")
                    })?,
                    initial: phonetic::initial_char(syllable).ok_or("a reading without letters")?,
                },
                _ if !in_a_pair => Heard::Nothing,
                Reading::First => {
                    let sounds = learned(c)?;
                    match (sounds.syllables.first(), sounds.initials.first()) {
                        (Some(&syllable), Some(&initial)) => Heard::Once { syllable, initial },
                        _ => Heard::Every(sounds),
                    }
                }
                Reading::Every => Heard::Every(learned(c)?),
            });
        }
        Ok(heard)
    }

    /// Adds the sound grams of `chars` to `terms`: at each position where two indexed
    /// characters with readings meet, the bigram of their sounds as each is read there
    /// ([`Sounds::heard`]; a rarer character's readings paired as `add_pairs` pairs them), keyed
    /// under their initials first, which is how a query of initials finds it
    /// (`phonetic::sound_gram_key`). `chars` must have been learned first.
    pub fn add_grams(
        &self,
        chars: &[char],
        is_indexed: impl Fn(char) -> bool + Copy,
        is_boundary: impl Fn(usize) -> bool,
        terms: &mut DocTerms,
    ) -> Result<(), String> {
        let heard = self.heard(chars, is_indexed, is_boundary)?;
        for (position, pair) in chars.windows(2).enumerate() {
            if !is_indexed(pair[0]) || !is_indexed(pair[1]) {
                continue;
            }
            add_pairs(
                &heard[position],
                &heard[position + 1],
                position as u32,
                terms,
            );
        }
        Ok(())
    }

    /// The READINGS section: each syllable, then every corpus or common character read that
    /// way, the most used first (by `doc_freq`, then by code point), so that "did you mean" can
    /// take a reading's likeliest characters without reading how common each is; the corpus's
    /// syllables first, in the order of their numbers.
    pub fn readings_text<'t>(
        &self,
        terms: impl Iterator<Item = &'t str>,
        common_chars: &[char],
        doc_freq: impl Fn(&str) -> u32,
    ) -> Vec<u8> {
        let corpus_chars = terms.filter_map(|term| {
            let mut chars = term.chars();
            chars.next().filter(|_| chars.next().is_none())
        });
        let mut by_reading: BTreeMap<String, BTreeSet<char>> = BTreeMap::new();
        for c in common_chars.iter().copied().chain(corpus_chars) {
            for reading in self.indexed_readings(c) {
                by_reading.entry(reading).or_default().insert(c);
            }
        }
        let mut text = String::new();
        let mut line = |reading: &str, chars: &BTreeSet<char>| {
            let mut by_use: Vec<(u32, char)> = chars
                .iter()
                .map(|&c| (doc_freq(c.encode_utf8(&mut [0; 4])), c))
                .collect();
            by_use.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            text.push_str(reading);
            text.extend(by_use.into_iter().map(|(_, c)| c));
            text.push('\n');
        };
        let none = BTreeSet::new();
        for syllable in &self.syllables {
            line(syllable, by_reading.get(syllable).unwrap_or(&none));
        }
        for (reading, chars) in &by_reading {
            if !self.numbers.contains_key(reading) {
                line(reading, chars);
            }
        }
        text.into_bytes()
    }
}

/// The bigrams of `first` × `second` at `position`: every reading of each character beside the
/// other's first (most common) one, and the two second readings together. Every reading is
/// reached (鹄 read hè beside 楼, though each has more readings), and a pair grows by at most
/// one bigram per reading past the first two, not by the product.
fn add_pairs(first: &Heard, second: &Heard, position: u32, terms: &mut DocTerms) {
    let sounds = |heard: &Heard| {
        let (syllables, initials) = (heard.syllables(), heard.initials());
        syllables
            .iter()
            .copied()
            .zip(initials.iter().copied())
            .collect::<Vec<_>>()
    };
    let (first, second) = (sounds(first), sounds(second));
    for (i, &(a, initial_a)) in first.iter().enumerate() {
        for (j, &(b, initial_b)) in second.iter().enumerate() {
            if i == 0 || j == 0 || (i == 1 && j == 1) {
                terms.add_sound_gram([initial_a, initial_b], [a, b], position);
            }
        }
    }
}

/// The PINYIN keys with their values: for every vocabulary word of Chinese characters, its full
/// pinyin and its initials as the sound grams read it (`Sounds::word_readings`; a single
/// character: the readings READINGS gives it), of words found in two documents or more (any
/// character found), each spelling keeping its
/// `MAX_WORDS_PER_SPELLING` most used words, ranked as a query ranks them (`suggest::rank`).
/// Sorted by key.
pub fn pinyin_entries<'t>(
    sounds: &Sounds,
    terms: impl Iterator<Item = &'t str>,
    doc_freq: impl Fn(&str) -> u32,
) -> Vec<(Vec<u8>, u64)> {
    let mut by_spelling: HashMap<String, Vec<(u32, &str)>> = HashMap::new();
    for term in terms {
        let chars: Vec<char> = term.chars().collect();
        if chars.iter().any(|&c| sounds.readings.of(c).is_empty()) {
            continue; // not all Chinese: no pinyin
        }
        let count = doc_freq(term);
        let mut add =
            |spelling: String| by_spelling.entry(spelling).or_default().push((count, term));
        if let [c] = chars[..] {
            sounds.indexed_readings(c).into_iter().for_each(&mut add);
            continue;
        }
        let per_char = sounds.word_readings(&chars);
        for spelling in phonetic::spellings(&per_char, phonetic::MAX_SPELLINGS_PER_WORD) {
            add(spelling.iter().filter_map(|s| s.chars().next()).collect());
            add(spelling.concat());
        }
    }
    let mut entries = Vec::new();
    for (spelling, mut words) in by_spelling {
        // A word found in one document only is left out: a run of sounds finds it there all
        // the same (it has two syllables or more), and such words held two thirds of the keys.
        words.retain(|(count, word)| *count > 1 || (*count == 1 && word.chars().count() == 1));
        words.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then(a.1.chars().count().cmp(&b.1.chars().count()))
                .then(a.1.cmp(b.1))
        });
        words.dedup_by(|a, b| a.1 == b.1);
        words.truncate(phonetic::MAX_WORDS_PER_SPELLING);
        for (count, word) in words {
            entries.push((
                phonetic::entry(phonetic::WORD_KEY, &spelling, word),
                u64::from(count),
            ));
        }
    }
    entries.sort_unstable();
    entries
}
