//! "Did you mean": the texts of the corpus a query part that occurs nowhere was probably meant
//! to be. First a character typed as a homophone (the commonest slip of a pinyin input method:
//! 朱浩明 → 朱浩民, 張小冰 → 張小兵); then two such slips at once, found as the texts that read
//! the same (春眠不决小 → 春眠不觉晓, through the index's sound grams); then a character typed
//! twice or too many (张小小兵 → 张小兵) or one left out (张兵 → 张小兵, and in a longer text
//! anywhere: 国破山在 → 国破山河在); in a longer text, any one character other than the
//! corpus's (举头望明月 → 举头望山月). Every candidate comes
//! from the corpus's own text and is kept only when some document has it.

use crate::analyzer::is_word_char;
use crate::error::{Missing, Result};
use crate::format::{gram_key, SEPARATOR_MARK};
use crate::hits::passage;
use crate::index::{DocId, Index};
use crate::order::{sort_by, sort_dedup};
use crate::phonetic;
use crate::snippet::Span;
use crate::suggest::is_traditional;
use crate::words::runs;
use std::ops::Range;

/// Characters a "did you mean" looks at: longer parts are not single typos.
const MAX_TYPO_CHARS: usize = 8;
/// Homophones kept per character: at the start of a text, the most used; elsewhere those the
/// corpus most often has after the character before.
const MAX_HOMOPHONES: usize = 12;
/// Characters tried in a gap where one may be missing: those that most often follow the
/// character before it.
const MAX_INSERTED: usize = 12;
/// The fewest characters a text with one left out may have.
const MIN_SHORTENED: usize = 3;
/// Bigram keys read to find them, so that a common character over a large corpus stays cheap.
const MAX_FOLLOWER_KEYS: usize = 1_000;
/// Runs of sounds tried for one text: its characters' readings, combined.
const MAX_SOUND_RUNS: usize = 8;
/// The fewest characters a text found by its sounds may have: a two-character text that merely
/// reads like the typed one is seldom what was meant.
const MIN_SOUND_ALIKE: usize = 3;
/// The most characters a text found by its sounds may change.
const MAX_SOUND_CHANGES: usize = 2;
/// The fewest characters a text may have for a character to be replaced or added anywhere in
/// it: the others must say where it is (three characters and a gap are found nearly anywhere).
const MIN_GAPPED: usize = 4;

/// How many times more documents the likeliest text must have than the next for the mending to
/// be taken as what was meant.
const SURE_FACTOR: usize = 3;
/// The fewest characters a text must have for its mending to be taken as meant: a word of two
/// that the corpus lacks is as often a real word (回复) as a slip (闭苞).
const MIN_SURE_CHARS: usize = 3;

/// The texts a part was probably meant to be, likeliest first.
#[derive(Debug, Default)]
pub(crate) struct NearMisses {
    /// Whole texts of the corpus, in the script typed.
    pub words: Vec<String>,
    /// The first is the one meant beyond reasonable doubt: the only one, or found in many more
    /// documents than the next.
    pub sure: bool,
}

/// `find(pattern)`: how many documents hold a run of characters (or of sound characters, a gap
/// standing for any one character), and one of them with the place.
pub(crate) type Find<'f> = dyn FnMut(&[Option<char>]) -> Result<Option<(usize, DocId, u32)>> + 'f;

/// Whether mending `pattern` reads the character readings (the PHONETIC piece): a short text
/// of characters.
pub(crate) fn reads_readings(pattern: &[Option<char>]) -> bool {
    pattern.iter().all(Option::is_some) && (2..=MAX_TYPO_CHARS).contains(&pattern.len())
}

/// Up to `max` texts of the corpus that `pattern` (normalized characters) is a typo or two away
/// from, most used first, in the script of `typed`. Empty when the pattern is not a short
/// Chinese text. `find_loosely` looks for runs of sounds and texts with a gap; it may give up
/// (`None`) where one is too common to read within its budget.
pub(crate) fn near_misses(
    index: &Index,
    pattern: &[Option<char>],
    typed: &[char],
    max: usize,
    find: &mut Find,
    find_loosely: &mut Find,
) -> Result<NearMisses> {
    if !reads_readings(pattern) {
        return Ok(NearMisses::default());
    }
    let chars: Vec<char> = pattern.iter().flatten().copied().collect();
    let first = FirstReads::of(index.readings()?, &chars);
    first.require(index, &chars)?;
    let mut found = kept(
        index,
        vec![homophone_variants(index, &chars, &first.pairs)?],
        find,
    )?;
    if found.is_empty() {
        let alike = sound_alikes(index, &chars, &first.sounds, find_loosely)?;
        found = kept(index, vec![alike], find)?;
    }
    if found.is_empty() {
        // Every typed character kept and one added; one replaced; one dropped. A dropped last
        // character is nearly always found, and is a poorer guess than the corpus's text with
        // the character replaced (迈博太学 → 迈博太科, not 迈博太).
        let (mut longer, shorter) = length_variants(index, &chars, first.gaps_after.clone())?;
        let (added, replaced) = gapped_variants(index, &chars, &first.gapped, find_loosely)?;
        longer.extend(added);
        sort_dedup(&mut longer);
        found = kept(index, vec![longer, replaced, shorter], find)?;
    }
    whole_texts_only(&mut found);
    let sure = chars.len() >= MIN_SURE_CHARS
        && match found.as_slice() {
            [_] => true,
            [first, second, ..] => first.0 >= SURE_FACTOR * second.0,
            [] => false,
        };
    found.truncate(max);
    let traditional = is_traditional(index, &typed.iter().collect::<String>());
    if traditional {
        index.require_documents(found.iter().map(|f| f.2))?;
    }
    let words = found
        .into_iter()
        .map(|(_, text, doc, position)| {
            if traditional {
                let end = position + text.chars().count() as u32;
                Ok(index.document(doc)?.stream_text(position, end))
            } else {
                Ok(text)
            }
        })
        .collect::<Result<Vec<String>>>()?;
    Ok(NearMisses { words, sure })
}

/// Where `needle` first stands in `text`, by comparing bytes: the standard library's substring
/// search would add several KB of wasm for texts of a few characters.
pub(crate) fn find_text(text: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    text.as_bytes()
        .windows(needle.len())
        .position(|window| window == needle.as_bytes())
}

/// Drops a text that holds one found before it (闭包会 beside 闭包): a word and a character of
/// what follows it in some sentence, not a word anyone meant.
fn whole_texts_only(found: &mut Vec<(usize, String, DocId, u32)>) {
    let mut kept: Vec<(usize, String, DocId, u32)> = Vec::with_capacity(found.len());
    for candidate in found.drain(..) {
        if !kept
            .iter()
            .any(|earlier| find_text(&candidate.1, &earlier.1).is_some())
        {
            kept.push(candidate);
        }
    }
    *found = kept;
}

/// What each way of mending reads first, worked out once from the typed characters and their
/// readings.
struct FirstReads {
    /// Each homophone of each character, with the pair it makes beside its neighbour.
    pairs: Vec<(usize, char, String)>,
    /// The runs of sounds the text reads as.
    sounds: Vec<Vec<char>>,
    /// The places after which a character may have been left out.
    gaps_after: Range<usize>,
    /// The text with a gap added between two characters, then with one instead of each.
    gapped: Vec<Vec<Option<char>>>,
}

impl FirstReads {
    fn of(readings: &str, chars: &[char]) -> Self {
        FirstReads {
            pairs: homophone_pairs(readings, chars),
            sounds: reading_runs(readings, chars),
            gaps_after: gaps_after(chars),
            gapped: every_gapped_pattern(chars),
        }
    }

    /// Asks at once for the pieces of every way: the pairs of homophones, the runs of sounds,
    /// the followers of the characters a gap may follow, and the text with a gap. The ways are
    /// tried in turn, each when the one before found nothing: asked for one way at a time, a
    /// text that only the last way mends waited a round trip for each way before it. The pieces
    /// of the later ways are read in vain when an earlier one finds the text.
    fn require(&self, index: &Index, chars: &[char]) -> Result<()> {
        let prefixes: Vec<String> = chars[self.gaps_after.clone()]
            .iter()
            .map(|&c| gram_key(&[c]))
            .collect();
        let reads = [
            index.require_terms(self.pairs.iter().map(|(_, _, key)| key.as_str())),
            index.require_grams(&self.sounds),
            index.require_terms(prefixes.iter().map(String::as_str)),
            index.require_grams(self.gapped.iter().flat_map(|pattern| runs(pattern))),
        ];
        let mut missing = Missing::default();
        for read in reads {
            missing.gather(read)?;
        }
        missing.check()
    }
}

/// The variants some document has, in groups (the earlier group first), each group's most used
/// first: (how many documents, text, one document, its place).
fn kept(
    index: &Index,
    groups: Vec<Vec<Vec<char>>>,
    find: &mut Find,
) -> Result<Vec<(usize, String, DocId, u32)>> {
    // Every variant's pieces at once, of every group: one round trip rather than one per variant.
    let every_variant: Vec<&Vec<char>> = groups.iter().flatten().collect();
    index.require_grams(&every_variant)?;
    let mut found = Vec::new();
    for variants in groups {
        let mut group = Vec::new();
        for text in variants {
            if let Some((count, doc, position)) = find(&pattern_of(&text))? {
                group.push((count, text.into_iter().collect::<String>(), doc, position));
            }
        }
        sort_by(&mut group, |a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        found.extend(group);
    }
    Ok(found)
}

/// `chars` with one character swapped for a homophone that the corpus has beside its
/// neighbour: after the character before it, or at the start, before the one after it.
///
/// The pairs that start with one character lie together in one or two TERMS pieces, so every
/// homophone is tried after the character before it for the price of those pieces; the pairs
/// with the character after lie all over the index (in a split index, a piece each), so only
/// the most used few are tried at the start. Among those the corpus has, the commonest pairs
/// are kept.
fn homophone_variants(
    index: &Index,
    chars: &[char],
    pairs: &[(usize, char, String)],
) -> Result<Vec<Vec<char>>> {
    let mut found: Vec<(u32, usize, char)> = Vec::new();
    for (at, h, key) in pairs {
        let count = index.doc_freq(key)?;
        if count > 0 {
            found.push((count, *at, *h));
        }
    }
    let mut variants = Vec::new();
    for at in 0..chars.len() {
        let mut here: Vec<&(u32, usize, char)> = found.iter().filter(|f| f.1 == at).collect();
        sort_by(&mut here, |a, b| b.0.cmp(&a.0).then(a.2.cmp(&b.2)));
        for &&(_, _, h) in here.iter().take(MAX_HOMOPHONES) {
            let mut text = chars.to_vec();
            text[at] = h;
            variants.push(text);
        }
    }
    Ok(variants)
}

/// Each homophone of each character (the most used few at the start) with the pair it makes
/// with its neighbour: (place, homophone, the pair's gram key).
fn homophone_pairs(readings: &str, chars: &[char]) -> Vec<(usize, char, String)> {
    let mut pairs: Vec<(usize, char, String)> = Vec::new();
    for (at, &c) in chars.iter().enumerate() {
        let mut sounding = sounding_chars(readings, c);
        sounding.retain(|&h| h != c);
        if at == 0 {
            sounding.truncate(MAX_HOMOPHONES);
        }
        for h in sounding {
            let pair = match at {
                0 => [h, chars[1]],
                _ => [chars[at - 1], h],
            };
            pairs.push((at, h, gram_key(&pair)));
        }
    }
    pairs
}

/// The corpus's texts that read like `chars`, some reading of each character, with one or two
/// characters other than typed (at most half of them): where each of `runs` (the runs of sounds
/// `chars` reads as) first occurs, read off the document.
fn sound_alikes(
    index: &Index,
    chars: &[char],
    runs: &[Vec<char>],
    find_sounds: &mut Find,
) -> Result<Vec<Vec<char>>> {
    let mut places = Vec::new();
    for run in runs {
        if let Some((_, doc, start)) = find_sounds(&pattern_of(run))? {
            places.push((doc, start, chars.len()));
        }
    }
    let most_changed = (chars.len() / 2).min(MAX_SOUND_CHANGES);
    let mut texts = texts_at(index, places)?;
    texts.retain(|text| (1..=most_changed).contains(&changes(text, chars)));
    Ok(texts)
}

/// The runs of sounds `chars` reads as: every combination of the characters' readings, the first
/// ones first, capped (none for a text too short to look for by its sounds).
fn reading_runs(readings: &str, chars: &[char]) -> Vec<Vec<char>> {
    if chars.len() < MIN_SOUND_ALIKE {
        return Vec::new();
    }
    let mut runs: Vec<Vec<char>> = vec![Vec::new()];
    for &c in chars {
        let sounds = phonetic::char_sounds(readings, c);
        let mut longer = Vec::new();
        for run in &runs {
            for &sound in &sounds {
                if longer.len() < MAX_SOUND_RUNS {
                    let mut run = run.clone();
                    run.push(sound);
                    longer.push(run);
                }
            }
        }
        runs = longer;
    }
    runs
}

/// Texts a typo may stand for: those with one character more, and those with one fewer (or, for
/// [`gapped_variants`], one replaced).
type LongerAndShorter = (Vec<Vec<char>>, Vec<Vec<char>>);

/// The corpus's texts that `chars` becomes with one character added between two of its own, and
/// those with one replaced: read off where `chars` occurs with a gap there standing for any one
/// character, for each place. Both kinds' places are read in the same rounds.
fn gapped_variants(
    index: &Index,
    chars: &[char],
    gapped: &[Vec<Option<char>>],
    find_gapped: &mut Find,
) -> Result<LongerAndShorter> {
    let mut places = Vec::new();
    for pattern in gapped {
        if let Some((_, doc, start)) = find_gapped(pattern)? {
            places.push((doc, start, pattern.len()));
        }
    }
    let mut texts = texts_at(index, places)?;
    texts.retain(|text| one_word_char_other(text, chars));
    // An added character makes the text one longer; a replaced one keeps its length.
    Ok(texts.into_iter().partition(|text| text.len() > chars.len()))
}

/// `chars` with a gap added between two characters, then with a gap instead of each one.
fn every_gapped_pattern(chars: &[char]) -> Vec<Vec<Option<char>>> {
    [true, false]
        .into_iter()
        .flat_map(|add| gapped_patterns(chars, add))
        .collect()
}

/// `chars` with a gap in each place: instead of a character, or with `add` between two (none
/// for a text too short for its other characters to say where the gap is).
fn gapped_patterns(chars: &[char], add: bool) -> Vec<Vec<Option<char>>> {
    if chars.len() < MIN_GAPPED {
        return Vec::new();
    }
    let with_gap = |at: usize| {
        let mut pattern = pattern_of(chars);
        match add {
            true => pattern.insert(at, None),
            false => pattern[at] = None,
        }
        pattern
    };
    match add {
        true => (1..chars.len()).map(with_gap).collect(),
        false => (0..chars.len()).map(with_gap).collect(),
    }
}

/// Whether `text` is `chars` with one character replaced or one added, a word character: a gap
/// also matches punctuation or the break after the title, which are not characters to offer.
fn one_word_char_other(text: &[char], chars: &[char]) -> bool {
    let is_word_at = |at: usize| text.get(at).copied().is_some_and(is_word_char);
    if text.len() == chars.len() {
        let mut differ = (0..text.len()).filter(|&at| text[at] != chars[at]);
        matches!((differ.next(), differ.next()), (Some(at), None) if is_word_at(at))
    } else if text.len() == chars.len() + 1 {
        let at = text.iter().zip(chars).take_while(|(a, b)| a == b).count();
        text.get(at + 1..) == chars.get(at..) && is_word_at(at)
    } else {
        false
    }
}

/// The normalized texts at these places (document, stream position, characters), each once:
/// only the part of each document they are in is read (its DOCS piece, then its BODY pieces),
/// all places' at once.
fn texts_at(index: &Index, mut places: Vec<(DocId, u32, usize)>) -> Result<Vec<Vec<char>>> {
    sort_dedup(&mut places);
    let end = |start: u32, len: usize| start + len as u32;
    index.require_documents(places.iter().map(|&(doc, _, _)| doc))?;
    let mut parts = Vec::with_capacity(places.len());
    for &(doc, start, len) in &places {
        let (title_chars, body_chars) = index.document_lengths(doc)?;
        let span = Span {
            start,
            end: end(start, len),
            part: 0,
        };
        parts.push((doc, passage(title_chars, body_chars, &[span])));
    }
    index.require_bodies(parts.iter().cloned())?;
    let mut texts = Vec::new();
    for (&(doc, start, len), (_, body)) in places.iter().zip(parts) {
        let text = index
            .document_part(doc, body)?
            .stream_text(start, end(start, len));
        let text: Vec<char> = index.normalizer().normalize(&text).chars().collect();
        if text.len() == len {
            texts.push(text);
        }
    }
    sort_dedup(&mut texts);
    Ok(texts)
}

/// At how many places two texts of the same length differ.
fn changes(a: &[char], b: &[char]) -> usize {
    a.iter().zip(b).filter(|(x, y)| x != y).count()
}

fn pattern_of(chars: &[char]) -> Vec<Option<char>> {
    chars.iter().map(|&c| Some(c)).collect()
}

/// `chars` with one more character after any of its own (those that most often follow it in the
/// corpus), and with one left out (three at the least remain: two characters of a short typo
/// are found nearly anywhere, and say nothing). In a text long enough for a gap
/// ([`MIN_GAPPED`]), one added inside is read off the corpus by [`gapped_variants`] instead:
/// guessed ones would each cost pieces from all over a split index, where one added at the end
/// is checked in the pieces its followers were read from.
fn length_variants(index: &Index, chars: &[char], after: Range<usize>) -> Result<LongerAndShorter> {
    let mut longer = Vec::new();
    for (at, &c) in chars
        .iter()
        .enumerate()
        .filter(|(at, _)| after.contains(at))
    {
        for follower in followers(index, c)? {
            let mut text = chars.to_vec();
            text.insert(at + 1, follower);
            longer.push(text);
        }
    }
    let mut shorter = Vec::new();
    if chars.len() > MIN_SHORTENED {
        for at in 0..chars.len() {
            let mut text = chars.to_vec();
            text.remove(at);
            shorter.push(text);
        }
    }
    sort_dedup(&mut longer);
    sort_dedup(&mut shorter);
    Ok((longer, shorter))
}

/// The places after which a character may have been left out (in a longer text only at the
/// end: a gap elsewhere is read off the corpus).
fn gaps_after(chars: &[char]) -> Range<usize> {
    match chars.len() >= MIN_GAPPED {
        true => chars.len() - 1..chars.len(),
        false => 0..chars.len(),
    }
}

/// The characters that most often follow `c` in the corpus (by the documents of their bigram).
fn followers(index: &Index, c: char) -> Result<Vec<char>> {
    let prefix = gram_key(&[c]);
    let mut ranked: Vec<(u32, char)> = Vec::new();
    for key in index.terms_with_prefix(prefix.as_bytes(), MAX_FOLLOWER_KEYS)? {
        let Ok(key) = std::str::from_utf8(&key) else {
            continue;
        };
        // `get`, not a slice: a slice of a str can panic, and brings its message into the wasm.
        let mut after = key.get(prefix.len()..).unwrap_or_default().chars();
        match (after.next(), after.next()) {
            (Some(next), None) if next != SEPARATOR_MARK => {
                ranked.push((index.doc_freq(key)?, next))
            }
            _ => {}
        }
    }
    sort_by(&mut ranked, |a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    Ok(ranked
        .into_iter()
        .take(MAX_INSERTED)
        .map(|(_, next)| next)
        .collect())
}

/// The characters that share a fuzzy-folded reading with `c`, the most used first, from the
/// readings text.
fn sounding_chars(readings: &str, c: char) -> Vec<char> {
    let fuzzy: Vec<String> = phonetic::readings_of(readings, c)
        .iter()
        .map(|r| phonetic::fuzzy_syllable(r))
        .collect();
    phonetic::chars_sounding(readings, &fuzzy)
}

#[cfg(test)]
mod tests {
    use super::one_word_char_other;

    fn chars(text: &str) -> Vec<char> {
        text.chars().collect()
    }

    #[test]
    fn a_gap_offers_one_word_character_replaced_or_added_never_punctuation() {
        let typed = chars("国破山在");
        assert!(one_word_char_other(&chars("国破山河在"), &typed));
        assert!(one_word_char_other(&chars("国破家在"), &typed));
        assert!(!one_word_char_other(&chars("国破山，在"), &typed));
        assert!(!one_word_char_other(&chars("国破山\n"), &typed));
        assert!(
            !one_word_char_other(&chars("国破山在"), &typed),
            "the text as typed"
        );
        assert!(
            !one_word_char_other(&chars("国家山河在"), &typed),
            "two changes"
        );
    }
}
