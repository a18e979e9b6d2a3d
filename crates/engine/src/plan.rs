//! Planning: what a parsed query asks for. Its parts become units (a typed part, or the words a
//! pinyin spelling stands for); when no document has them all, the units are split into their
//! words and the documents with most of them are a partial answer.

use crate::analyzer::is_word_char;
use crate::error::Result;
use crate::full;
use crate::index::{DocId, Index};
use crate::matching::{alternatives_occurrences, documents_with, Occurrences, Postings};
use crate::phonetic::{self, typed_pinyin};
use crate::query::{Part, Pattern};
use crate::sound_runs;
use crate::spell;
use crate::words::{runs, segment_keeping, word_pattern};

/// The most units (parts, or words of a partial match) one query is split into.
pub const MAX_UNITS: usize = 32;
/// A run of this many single characters that occurs nowhere, inside a longer query, is read as
/// glued (a name and a particle: 坡鹿 + 又 + 叫, 前赵 + 的). Two are one pair already.
const GLUED_CHARS: usize = 3;
/// Letters shorter than this are never taken for a word of the index (`fn`, `yi` are pairs of
/// letters inside other words too).
const MIN_LATIN_WORD: usize = 3;
/// The most words one pinyin spelling stands for (the most frequent ones).
const MAX_PINYIN_WORDS: usize = phonetic::MAX_WORDS_PER_SPELLING;
/// The words that make a query a question (as the normalizer folds them: Simplified). A page
/// answers 如何安装 Rust by being about installing Rust, not by saying 如何: a question's own
/// words are scored where a page has them, never required, never said to be missing.
const QUESTION_WORDS: &str = "如何 怎么 怎样 怎么样 怎么办 怎么会 为什么 什么 什么样 什么是 \
    是什么 什么时候 甚么 为甚么 哪些 哪个 哪里 哪儿 哪种 哪一 哪一个 哪一种 哪一年 哪一位 \
    哪一条 哪年 哪位 是否 能否 能不能 可不可以 吗 呢";
/// Words a question asks with that a line of verse holds too (花落知多少): a question's own
/// words once a query no document has whole is split into words, but no sign that a query
/// found whole is a question.
const ALSO_IN_VERSE: &str = "多少 何时 为何 几时 何处 可否 何年 何人 何种 谁 哪 何";

/// One thing a query asks for: any one of its alternatives must occur.
#[derive(Debug, Clone)]
pub struct Unit {
    /// How it reads to the user: the typed text, or the pinyin spelling.
    pub text: String,
    /// Patterns that satisfy it: one for typed text, the words it spells for pinyin.
    pub alternatives: Vec<Pattern>,
    /// The typed characters behind a typed unit's pattern; empty for pinyin.
    pub typed: Vec<char>,
    /// Never split into words: quoted, or already words (pinyin).
    pub whole: bool,
    /// Quoted: found in its own words only, never in the other region's.
    pub quoted: bool,
    /// Read from pinyin.
    pub pinyin: bool,
    /// Typed right after the previous unit, with nothing between (a word split off a part).
    pub follows: bool,
}

impl Unit {
    /// The unit of a typed part.
    pub fn typed(part: &Part) -> Unit {
        Unit {
            text: part.text.clone(),
            alternatives: vec![part.pattern.clone()],
            typed: part.typed.clone(),
            whole: part.quoted,
            quoted: part.quoted,
            pinyin: false,
            follows: false,
        }
    }
}

/// Where a unit occurs.
pub fn unit_occurrences(postings: &mut Postings, unit: &Unit) -> Result<Occurrences> {
    alternatives_occurrences(postings, &unit.alternatives)
}

/// The units of a query's parts. Pinyin (a part of letters that spells vocabulary words, or all
/// parts together as in `yi yao`) becomes units whose alternatives are the words it spells.
/// Letters that are the index's own words are read as themselves first: two of them in one
/// query (`cargo new`, `npm install`) are never pinyin, one is never glued to the letters
/// beside it (`cargo ne`), and a word in camelCase is never pinyin.
pub fn query_units(index: &Index, postings: &mut Postings, parts: &[Part]) -> Result<Vec<Unit>> {
    let letters: Vec<Option<String>> = parts
        .iter()
        .map(|p| typed_pinyin(&p.text).filter(|_| !p.quoted && !is_camel_case(&p.text)))
        .collect();
    let may_be_pinyin = full::AVAILABLE && letters.iter().any(Option::is_some);
    // The text's pieces and, when letters may be pinyin, the readings: one round trip.
    index.require_text(parts.iter().flat_map(|p| runs(&p.pattern)), may_be_pinyin)?;
    let mut words = Vec::with_capacity(parts.len());
    for letters in &letters {
        words.push(match letters {
            Some(letters) if letters.len() >= MIN_LATIN_WORD => index.doc_freq(letters)? > 0,
            _ => false,
        });
    }
    let latin = words.iter().filter(|&&word| word).count() >= 2;
    // Letters are never glued across a space to a word of the index: `cargo ne` is `cargo new`
    // being typed, not one spelling.
    let joinable = !words.contains(&true);
    let letters: Vec<Option<String>> = letters
        .into_iter()
        .zip(&words)
        .map(|(letters, &word)| letters.filter(|_| !(latin && word)))
        .collect();
    if letters.iter().any(Option::is_some) {
        full::needed("a query in pinyin")?;
    }
    if full::AVAILABLE && parts.len() >= 2 && joinable {
        let spelled: Option<Vec<&String>> = letters.iter().map(Option::as_ref).collect();
        if let Some(spelled) = spelled {
            let joined: String = spelled.into_iter().map(String::as_str).collect();
            if let Some(units) = letters_units(index, postings, &joined, None)? {
                return Ok(units);
            }
        }
    }
    let mut units = Vec::new();
    for (part, letters) in parts.iter().zip(letters) {
        let typed = Unit::typed(part);
        let Some(letters) = letters.filter(|_| full::AVAILABLE) else {
            units.push(typed);
            continue;
        };
        match letters_units(index, postings, &letters, Some(&typed))? {
            // Latin text the corpus has (`ai`) stays Latin, unless it spells one whole word or
            // a run of characters.
            Some(spelled)
                if (spelled.len() == 1 && spells_words(&spelled[0]))
                    || unit_occurrences(postings, &typed)?.is_empty() =>
            {
                units.extend(spelled)
            }
            _ => units.push(typed),
        }
    }
    Ok(units)
}

/// Whether a word is written in camelCase (`defineProps`): a name from code, not pinyin. Pinyin
/// typed a capital per syllable starts with one (`YiYao`).
fn is_camel_case(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase()) && chars.any(|c| c.is_ascii_uppercase())
}

/// Whether a pinyin unit stands for a word of two or more characters (not only characters), or
/// for a run of sounds (which is two syllables or more).
fn spells_words(unit: &Unit) -> bool {
    unit.alternatives
        .iter()
        .any(|pattern| pattern.len() >= 2 && pattern.iter().flatten().all(|&c| !c.is_ascii()))
}

/// What a run of letters reads as: one vocabulary word when it spells one, and any run of
/// characters that sounds like it (黄鹤楼 and 黄鹄楼 for `huanghelou`); else the run of
/// characters that sounds like it, or whose initials it is, wherever one occurs (静夜思 for
/// `jingyesi`, though it reads as words only as 镜 + 野寺; 国破山河在 for `gpshz`; 张小兵 for
/// `zxbing` or `zhangxiaob`, syllables and initials mixed); else the words it spells, each a
/// unit.
fn letters_units(
    index: &Index,
    postings: &mut Postings,
    letters: &str,
    typed: Option<&Unit>,
) -> Result<Option<Vec<Unit>>> {
    let spelled = pinyin_units(index, letters, typed)?;
    let one_word = matches!(&spelled, Some(units) if units.len() == 1 && spells_words(&units[0]));
    let sounds = phonetic::syllable_sounds(index.readings()?);
    let mut runs = sound_runs::sound_runs(&sounds, letters);
    // Initials that spell a word (`yy`: 医药) are that word, not every pair read y·y.
    if runs.is_empty() && !one_word {
        runs.extend(sound_runs::initials_run(letters));
    }
    let runs = runs
        .into_iter()
        .map(|run| run.into_iter().map(Some).collect());
    if let (true, Some(mut units)) = (one_word, spelled.clone()) {
        units[0].alternatives.extend(runs);
        return Ok(Some(units));
    }
    if let Some(run) = occurring_run(postings, letters, runs.collect(), typed)? {
        return Ok(Some(vec![run]));
    }
    // Syllables and initials mixed, where no run of either alone occurs and the letters do not
    // spell one word: a name typed by halves (`zxbing`, `zhangxb`, read before zx + bing as two
    // words anywhere), or a last syllable not typed out yet (`zhangxiaob`, `zhangxiaobi`).
    // Letters that spell one word or character (`meng`) keep it.
    if spelled.as_ref().is_none_or(|units| units.len() > 1) {
        let mixed = sound_runs::mixed_runs(&sounds, letters);
        let mixed = mixed
            .into_iter()
            .map(|run| run.into_iter().map(Some).collect());
        if let Some(run) = occurring_run(postings, letters, mixed.collect(), typed)? {
            return Ok(Some(vec![run]));
        }
    }
    Ok(spelled)
}

/// The unit for `letters` read as these runs of sounds (and the typed text), when one of the
/// runs occurs somewhere.
fn occurring_run(
    postings: &mut Postings,
    letters: &str,
    mut alternatives: Vec<Pattern>,
    typed: Option<&Unit>,
) -> Result<Option<Unit>> {
    let sounded = alternatives.len();
    if sounded == 0 {
        return Ok(None);
    }
    if let Some(typed) = typed {
        alternatives.extend(typed.alternatives.iter().cloned());
    }
    let run = Unit {
        text: letters.to_string(),
        alternatives,
        typed: Vec::new(),
        whole: true,
        quoted: false,
        pinyin: true,
        follows: false,
    };
    let found = unit_occurrences(postings, &run)?;
    let sounds_found = found
        .iter()
        .flat_map(|d| &d.list)
        .any(|o| o.alternative < sounded);
    Ok(sounds_found.then_some(run))
}

/// Units for a pinyin spelling, if the whole of it spells vocabulary words. A spelling of one
/// word also keeps the typed letters as an alternative, so Latin text is still found.
fn pinyin_units(index: &Index, letters: &str, typed: Option<&Unit>) -> Result<Option<Vec<Unit>>> {
    let Some(spelled) = spell::spell(index, letters, MAX_PINYIN_WORDS)? else {
        return Ok(None);
    };
    let single = spelled.len() == 1;
    let units = spelled
        .into_iter()
        .map(|(spelling, words)| {
            let mut alternatives: Vec<Pattern> = words.iter().map(|w| word_pattern(w)).collect();
            if let (true, Some(typed)) = (single, typed) {
                alternatives.extend(typed.alternatives.iter().cloned());
            }
            Unit {
                text: spelling,
                alternatives,
                typed: Vec::new(),
                whole: true,
                quoted: false,
                pinyin: true,
                follows: false,
            }
        })
        .collect();
    Ok(Some(units))
}

/// The units split into words, for ranking the documents that have only part of the query: a
/// typed unit becomes the words of its segmentation, with runs of single characters kept
/// together (举报 is not 举 and 报), and without punctuation, which is never a word. A run of
/// single characters that occurs nowhere is a name the vocabulary does not know glued to its
/// neighbours (阿阇黎 + 的, 坡鹿 + 又 + 叫; [`GLUED_CHARS`]): it becomes its character pairs, so that the name's own pairs
/// still find its documents.
pub fn word_units(index: &Index, postings: &mut Postings, units: &[Unit]) -> Result<Vec<Unit>> {
    let mut out = Vec::new();
    // Runs of single characters, by their place in `out`.
    let mut glued = Vec::new();
    for unit in units {
        if unit.whole {
            out.push(unit.clone());
            continue;
        }
        let pattern = &unit.alternatives[0];
        let mut follows = false;
        for (at, run) in word_runs(pattern) {
            let chars: Vec<char> = run.iter().flatten().copied().collect();
            // (range, made of single characters)
            let mut pieces: Vec<(std::ops::Range<usize>, bool)> = Vec::new();
            for range in segment_keeping(index, &chars, &absent_regional_words(index, run)?)? {
                let single = range.len() == 1;
                match pieces.last_mut() {
                    Some((last, true)) if single => last.end = range.end,
                    _ => pieces.push((range, single)),
                }
            }
            for (range, single) in pieces {
                if single && range.len() >= GLUED_CHARS {
                    glued.push(out.len());
                }
                let typed: Vec<char> = unit.typed[at + range.start..at + range.end].to_vec();
                out.push(Unit {
                    text: typed.iter().collect(),
                    alternatives: vec![chars[range].iter().map(|&c| Some(c)).collect()],
                    typed,
                    whole: true,
                    quoted: false,
                    pinyin: false,
                    follows,
                });
                follows = true;
            }
        }
    }
    // A run that is all the query is what the reader means, slip and all (迈博太学): "did you
    // mean" mends it whole. Only inside a longer query is it glued to its neighbours.
    if glued.is_empty() || out.len() == 1 {
        return Ok(out);
    }
    // Every glued run's pieces at once: one round trip.
    let runs = glued.iter().flat_map(|&at| runs(&out[at].alternatives[0]));
    index.require_text(runs, false)?;
    let mut split = Vec::with_capacity(out.len());
    for (at, unit) in out.into_iter().enumerate() {
        if glued.contains(&at) && unit_occurrences(postings, &unit)?.is_empty() {
            split.extend(character_pairs(&unit));
        } else {
            split.push(unit);
        }
    }
    Ok(split)
}

/// Where `run` holds a regional word that is no word of the index (执行绪 on a site that writes
/// 线程): kept whole, it is read in the other region's words; cut by the vocabulary, its pieces
/// would be looked for instead. A word the index has is cut as the index cuts it.
fn absent_regional_words(
    index: &Index,
    run: &[Option<char>],
) -> Result<Vec<std::ops::Range<usize>>> {
    let mut absent = Vec::new();
    for range in index.regional().words_in(run) {
        let word: String = run[range.clone()].iter().flatten().collect();
        if index.doc_freq(&word)? == 0 {
            absent.push(range);
        }
    }
    Ok(absent)
}

/// The runs of word characters of a pattern (between its gaps and its punctuation), each with
/// where it starts.
fn word_runs(pattern: &[Option<char>]) -> Vec<(usize, &[Option<char>])> {
    let mut out = Vec::new();
    let mut start = 0;
    for (at, c) in pattern.iter().enumerate() {
        if !c.is_some_and(is_word_char) {
            if at > start {
                out.push((start, &pattern[start..at]));
            }
            start = at + 1;
        }
    }
    if pattern.len() > start {
        out.push((start, &pattern[start..]));
    }
    out
}

/// The overlapping pairs of a run's characters, as units. Each after the first reads as its
/// last character, so that missing pairs shown together spell the run once (阿阇 + 黎: 阿阇黎).
fn character_pairs(unit: &Unit) -> Vec<Unit> {
    let chars: Vec<char> = unit.alternatives[0].iter().flatten().copied().collect();
    (0..chars.len() - 1)
        .map(|i| Unit {
            text: if i == 0 {
                unit.typed[..2].iter().collect()
            } else {
                unit.typed[i + 1].to_string()
            },
            alternatives: vec![vec![Some(chars[i]), Some(chars[i + 1])]],
            typed: unit.typed[i..i + 2].to_vec(),
            whole: true,
            quoted: false,
            pinyin: false,
            follows: i > 0 || unit.follows,
        })
        .collect()
}

/// The occurrences of the units that tell documents apart: every word but a question's own,
/// and a single character only when at most half of the documents have it. A document with
/// nothing but 是 or 的 (or 如何) is no answer; when a query has nothing else, all of its units
/// are.
fn telling_units<'f>(
    units: &[Unit],
    found: &'f [Occurrences],
    asking: &[bool],
    doc_count: usize,
) -> Vec<&'f Occurrences> {
    let is_word = |unit: &Unit| unit.pinyin || unit.alternatives.iter().any(|p| p.len() >= 2);
    let telling: Vec<&Occurrences> = (units.iter().zip(found).zip(asking))
        .filter(|((unit, docs), &asking)| {
            !asking && !docs.is_empty() && (is_word(unit) || docs.len() * 2 <= doc_count)
        })
        .map(|((_, docs), _)| docs)
        .collect();
    if telling.is_empty() {
        found.iter().collect()
    } else {
        telling
    }
}

/// Whether a part typed unquoted holds one of a question's own words.
fn asks_question(parts: &[Part]) -> bool {
    parts.iter().filter(|part| !part.quoted).any(|part| {
        let text: String = part.pattern.iter().flatten().collect();
        QUESTION_WORDS
            .split_whitespace()
            .any(|word| text.contains(word))
    })
}

/// The words of a query with a question's own words that the vocabulary cut in two (什么 + 时候)
/// joined back into one.
fn join_question_words(units: Vec<Unit>) -> Vec<Unit> {
    let mut joined: Vec<Unit> = Vec::with_capacity(units.len());
    for unit in units {
        if let Some(last) = joined
            .last_mut()
            .filter(|last| unit.follows && !last.pinyin)
        {
            let text: String = (last.alternatives[0].iter())
                .chain(&unit.alternatives[0])
                .flatten()
                .collect();
            if !unit.pinyin && QUESTION_WORDS.split_whitespace().any(|word| word == text) {
                last.text.push_str(&unit.text);
                last.alternatives = vec![text.chars().map(Some).collect()];
                last.typed.extend(unit.typed);
                continue;
            }
        }
        joined.push(unit);
    }
    joined
}

/// Per unit, whether it is one of a question's own words; never a quoted part.
fn question_words(units: &[Unit], parts: &[Part]) -> Vec<bool> {
    let quoted: Vec<&Pattern> = (parts.iter().filter(|p| p.quoted))
        .map(|p| &p.pattern)
        .collect();
    (units.iter())
        .map(|unit| is_question_word(unit) && !quoted.contains(&&unit.alternatives[0]))
        .collect()
}

/// Whether a unit is one of a question's own words.
fn is_question_word(unit: &Unit) -> bool {
    let text: String = unit.alternatives[0].iter().flatten().collect();
    let mut words = QUESTION_WORDS
        .split_whitespace()
        .chain(ALSO_IN_VERSE.split_whitespace());
    !unit.pinyin && words.any(|word| word == text)
}

/// Keeps the first of units that ask the same (`yi yi yi …`): one asks nothing more of a
/// document than the other, and every later step (proximity, snippets) would do its work again
/// for each copy.
fn once_each(units: &mut Vec<Unit>) {
    let mut kept: Vec<Unit> = Vec::with_capacity(units.len());
    let mut dropped_last = false;
    for mut unit in units.drain(..) {
        if kept
            .iter()
            .any(|earlier| earlier.alternatives == unit.alternatives)
        {
            dropped_last = true;
            continue;
        }
        // It followed the unit dropped, not the one now before it.
        unit.follows &= !dropped_last;
        dropped_last = false;
        kept.push(unit);
    }
    *units = kept;
}

/// Reads each typed unit that occurs in none of the documents searched (`searched`: the
/// language the widget searches, say) in the other region's words, where it has any (执行绪 →
/// 线程, the words a site in Taiwan or on the mainland writes): its alternatives gain them and it
/// is looked for anew. A quoted unit keeps its own words.
fn in_other_regions_words(
    postings: &mut Postings,
    units: &mut [Unit],
    found: &mut [Occurrences],
    searched: &dyn Fn(DocId) -> bool,
) -> Result<()> {
    let regional = postings.index().regional();
    let mut read_anew = Vec::new();
    for (at, (unit, found)) in units.iter_mut().zip(found.iter()).enumerate() {
        let found_searched = found.iter().any(|in_doc| searched(in_doc.doc));
        if found_searched || unit.pinyin || unit.quoted {
            continue;
        }
        let counterparts = regional.counterpart_patterns(&unit.alternatives[0]);
        if !counterparts.is_empty() {
            unit.alternatives.extend(counterparts);
            read_anew.push(at);
        }
    }
    // Every counterpart's pieces at once: one more round trip, only for such a query.
    let runs = read_anew
        .iter()
        .flat_map(|&at| &units[at].alternatives[1..])
        .flat_map(|pattern| runs(pattern));
    postings.index().require_text(runs, false)?;
    for at in read_anew {
        found[at] = unit_occurrences(postings, &units[at])?;
    }
    Ok(())
}

/// What a query resolved to: its units, where each occurs, and whether it is a partial match.
pub struct Plan {
    /// What the query asks for.
    pub units: Vec<Unit>,
    /// Where each unit occurs.
    pub found: Vec<Occurrences>,
    /// Whether these are the words of a query no document has whole.
    pub partial: bool,
    /// Of a partial plan, the query's parts as typed (whose words its units are) that occur
    /// nowhere; otherwise none.
    pub absent_parts: Vec<Unit>,
    /// Per unit, whether it is a question's own word ([`QUESTION_WORDS`]).
    pub asking: Vec<bool>,
    /// Of a question's plan, whether some document holds every unit but the question's own
    /// words: the answer is then whole, not partial.
    pub whole: bool,
}

impl Plan {
    /// Finds every unit; one that `searched` keeps no document of is read in the other region's
    /// words too ([`in_other_regions_words`]).
    pub fn new(
        postings: &mut Postings,
        mut units: Vec<Unit>,
        partial: bool,
        searched: &dyn Fn(DocId) -> bool,
    ) -> Result<Plan> {
        // Every unit's pieces at once: one round trip for the whole query.
        let runs = units
            .iter()
            .flat_map(|unit| &unit.alternatives)
            .flat_map(|pattern| runs(pattern));
        postings.index().require_text(runs, false)?;
        let mut found = units
            .iter()
            .map(|unit| unit_occurrences(postings, unit))
            .collect::<Result<Vec<_>>>()?;
        in_other_regions_words(postings, &mut units, &mut found, searched)?;
        Ok(Plan {
            asking: vec![false; units.len()],
            units,
            found,
            partial,
            absent_parts: Vec::new(),
            whole: false,
        })
    }

    /// The exact plan for the query's parts; when no document has them all, the plan of their
    /// words, where a document needs any telling one ([`telling_units`]): ranking then puts
    /// those with the rarest and the most of them first.
    pub fn resolve(
        index: &Index,
        postings: &mut Postings,
        parts: &[Part],
        excluded: &[DocId],
        searched: &dyn Fn(DocId) -> bool,
    ) -> Result<(Plan, Vec<(DocId, usize)>)> {
        let mut units = query_units(index, postings, parts)?;
        once_each(&mut units);
        units.truncate(MAX_UNITS);
        let exact = Plan::new(postings, units, false, searched)?;
        let docs = documents_with(&exact.found, exact.units.len(), excluded);
        // A question is answered by its words wherever they stand, not by its wording.
        if !docs.is_empty() && !asks_question(parts) {
            return Ok((exact, docs));
        }
        let mut words = join_question_words(word_units(index, postings, &exact.units)?);
        once_each(&mut words);
        words.truncate(MAX_UNITS);
        if words.len() < 2 {
            return Ok((exact, docs));
        }
        // Which words are the question's own is known before any is looked for: a query whose
        // question word sits inside another word (吗 in 吗啡) and that is found whole is a query
        // like any other, and looks for no words.
        let mut asking = question_words(&words, parts);
        let asks = asking.contains(&true);
        if !asks && !docs.is_empty() {
            return Ok((exact, docs));
        }
        if asking.iter().all(|&asking| asking) {
            asking.fill(false);
        }
        let mut partial = Plan::new(postings, words, true, searched)?;
        partial.absent_parts = exact.absent_units().cloned().collect();
        partial.asking = asking;
        let content: Vec<&Occurrences> = (partial.found.iter().zip(&partial.asking))
            .filter(|(_, &asking)| !asking)
            .map(|(found, _)| found)
            .collect();
        let telling = telling_units(
            &partial.units,
            &partial.found,
            &partial.asking,
            index.doc_count() as usize,
        );
        let docs = documents_with(telling, 1, excluded);
        partial.whole =
            asks && !documents_with(content.iter().copied(), content.len(), excluded).is_empty();
        Ok((partial, docs))
    }

    /// Units that occur nowhere in the index.
    pub fn absent_units(&self) -> impl Iterator<Item = &Unit> {
        self.units
            .iter()
            .zip(&self.found)
            .filter(|(_, found)| found.is_empty())
            .map(|(unit, _)| unit)
    }

    /// What "did you mean" mends: the parts as typed that occur nowhere, then the units that do
    /// not. A slip is best read with the text around it (医药高心曲 → 医药高新区, not 心曲).
    pub fn to_mend(&self) -> impl Iterator<Item = &Unit> {
        self.absent_parts.iter().chain(self.absent_units())
    }
}
