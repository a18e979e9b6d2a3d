//! What one document adds to the index, found apart from every other document: its grams, its
//! sound grams and its words with their positions, and where its words start. Documents are
//! analysed on every core at once and merged in order, so the index is the same whatever the
//! number of cores.

use crate::pieces::DocTerms;
use crate::sounds::Sounds;
use jieba_rs::{Jieba, TokenizeMode};
use sousuo_format::analyzer::{is_indexed_char, is_word_char};
use sousuo_format::format::SEPARATOR_MARK;
use std::sync::mpsc;

/// One document's terms, found in its normalized stream (title, line break, body).
pub struct Analysis {
    pub terms: DocTerms,
    /// Where its words start ([`word_boundaries`]).
    pub boundaries: Vec<u8>,
    /// Its two-character words: vocabulary entries without postings (their bigrams hold them).
    pub pairs: Vec<String>,
    pub stream_chars: u32,
}

impl Analysis {
    /// Whether a word starts at `position`; past the stream's end, as at it, one does (a
    /// separator gram at the end spans one character more than the stream has).
    pub fn is_boundary(&self, position: u32) -> bool {
        position >= self.stream_chars
            || self.boundaries[position as usize / 8] & (1 << (position % 8)) != 0
    }
}

/// Analyses one normalized stream. `sounds` must have learned its characters
/// ([`Sounds::learn`]).
pub fn analyze(jieba: &Jieba, sounds: &Sounds, stream: &str) -> Result<Analysis, String> {
    let chars: Vec<char> = stream.chars().collect();
    let mut terms = DocTerms::default();
    for (position, &c) in chars.iter().enumerate() {
        if !is_indexed_char(c) {
            continue;
        }
        // The character, then the pair it starts when the next one is indexed too.
        let pair_end = match chars.get(position + 1) {
            Some(&next) if is_indexed_char(next) => position + 2,
            _ => position + 1,
        };
        for end in position + 1..=pair_end {
            terms.add_gram(&chars[position..end], position as u32);
        }
        // Where no pair follows (before whitespace, or at the stream's end), the separator gram
        // says that a word ends here. Every occurrence of a character then lies under exactly
        // one key of its own range, a pair it starts or its separator gram, which its own list
        // relies on to store no positions (`format::is_char_gram`). Before punctuation, the
        // pair already says it: a quoted gap reads those pairs too (`format::is_separated_by`).
        if pair_end == position + 1 {
            terms.add_gram(&[c, SEPARATOR_MARK], position as u32);
        }
    }
    let boundaries = word_boundaries(jieba, stream, chars.len());
    let is_boundary = |position: usize| boundaries[position / 8] & (1 << (position % 8)) != 0;
    sounds.add_grams(&chars, is_indexed_char, is_boundary, &mut terms)?;
    let mut pairs = Vec::new();
    for token in jieba.tokenize(stream, TokenizeMode::Search, true) {
        let is_word = token.word.chars().count() >= 2
            && token.word.chars().all(is_indexed_char)
            && token.word.chars().any(is_word_char);
        if !is_word {
            continue;
        }
        if token.word.chars().count() == 2 {
            pairs.push(token.word.to_string());
        } else {
            terms.add_word(token.word, token.start as u32);
        }
    }
    Ok(Analysis {
        terms,
        boundaries,
        pairs,
        stream_chars: chars.len() as u32,
    })
}

/// One bit per stream position (and one for its end), set where a word starts: the
/// segmentation a reader would make, so that a match can tell a whole word from part of one.
fn word_boundaries(jieba: &Jieba, stream: &str, chars: usize) -> Vec<u8> {
    let mut out = vec![0; chars / 8 + 1];
    let mut set = |position: usize| out[position / 8] |= 1 << (position % 8);
    for token in jieba.tokenize(stream, TokenizeMode::Default, true) {
        set(token.start);
    }
    set(chars);
    out
}

/// `analyze` applied to every item, on every core, each result handed to `take` in the items'
/// order. Each thread takes every n-th item and may run at most a couple of items ahead, so
/// memory stays bounded however uneven the items are. Where threads are not available (WASI),
/// the items are analysed one after the other.
pub fn in_order_on_every_core<T: Sync, A: Send>(
    items: &[T],
    analyze: impl Fn(&T) -> Result<A, String> + Sync,
    mut take: impl FnMut(usize, A) -> Result<(), String>,
) -> Result<(), String> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len());
    if threads <= 1 {
        for (i, item) in items.iter().enumerate() {
            take(i, analyze(item)?)?;
        }
        return Ok(());
    }
    std::thread::scope(|scope| {
        let analyze = &analyze;
        let results: Vec<mpsc::Receiver<Result<A, String>>> = (0..threads)
            .map(|first| {
                let (sender, receiver) = mpsc::sync_channel(2);
                scope.spawn(move || {
                    for item in items.iter().skip(first).step_by(threads) {
                        // A send fails once the taker has stopped on an error: stop too.
                        if sender.send(analyze(item)).is_err() {
                            break;
                        }
                    }
                });
                receiver
            })
            .collect();
        for i in 0..items.len() {
            let analysis = results[i % threads]
                .recv()
                .map_err(|_| "a thread analysing documents stopped".to_string())??;
            take(i, analysis)?;
        }
        Ok(())
    })
}
