//! Text normalization, shared by the index builder (`build.rs`) and the search runtime.
//!
//! Documents and queries go through [`Normalizer::normalize`], the very same function, so that
//! what the index holds and what a query looks for can never disagree.
//!
//! The normalized form folds what a reader does not distinguish:
//! - Traditional → Simplified, by OpenCC's `TSPhrases` and `TSCharacters` tables compiled into an fst
//!   and matched leftmost-longest;
//! - full width → half width (`Ａ` → `a`, U+3000 → space), every whitespace → a plain space;
//! - upper → lower case.
//!
//! Every step maps one character to exactly one character, so character position `i` of the
//! normalized text is character position `i` of the original. Highlights found in the normalized
//! text therefore land exactly on the original text, in the document's own script.
//!
//! ```ignore
//! let normalizer = Normalizer::from_parts(table_fst, replacements)?;
//! assert_eq!(normalizer.normalize("醫藥ＡＩ"), "医药ai");
//! ```

use crate::case::lowercase;
use fst::raw::Output;

/// The longest Traditional phrase the conversion table may hold, in characters.
pub const MAX_CONVERSION_CHARS: usize = 16;

/// Converts text into its search form, one character for one character.
pub struct Normalizer<'a> {
    table: fst::Map<&'a [u8]>,
    replacements: &'a str,
}

impl<'a> Normalizer<'a> {
    /// Wraps a conversion table: an fst mapping a Traditional string to the byte offset of its
    /// Simplified replacement in `replacements`, which has the same number of characters.
    pub fn from_parts(table: &'a [u8], replacements: &'a [u8]) -> Result<Self, String> {
        let table = fst::Map::new(table).map_err(|e| format!("conversion table: {e}"))?;
        let replacements = std::str::from_utf8(replacements)
            .map_err(|e| format!("conversion replacements are not UTF-8: {e}"))?;
        Ok(Normalizer {
            table,
            replacements,
        })
    }

    /// The search form of `text`: exactly as many characters as `text` has.
    pub fn normalize(&self, text: &str) -> String {
        let folded: Vec<char> = text.chars().map(fold_char).collect();
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        while at < folded.len() {
            let rest = &folded[at..];
            match self.longest_conversion(rest) {
                Some((len, replacement)) => {
                    let mut written = 0;
                    for c in replacement.chars().take(len) {
                        out.push(c);
                        written += 1;
                    }
                    // A malformed table must not shift positions: keep the originals.
                    for &c in rest.iter().take(len).skip(written) {
                        out.push(c);
                    }
                    at += len;
                }
                None => {
                    out.push(rest[0]);
                    at += 1;
                }
            }
        }
        out
    }

    /// The longest key of the table that starts `chars`: its length in characters and the text
    /// that replaces it.
    fn longest_conversion(&self, chars: &[char]) -> Option<(usize, &'a str)> {
        let (len, offset) = *keys_prefixing(&self.table, chars, MAX_CONVERSION_CHARS).last()?;
        let replacement = self.replacements.get(usize::try_from(offset).ok()?..)?;
        Some((len, replacement))
    }
}

/// Every key of `map` that is a prefix of `chars` (at most `max_chars` long), shortest first, as
/// (length in characters, value).
pub fn keys_prefixing(
    map: &fst::Map<&[u8]>,
    chars: &[char],
    max_chars: usize,
) -> Vec<(usize, u64)> {
    let fst = map.as_fst();
    let mut node = fst.root();
    let mut output = Output::zero();
    let mut found = Vec::new();
    let mut utf8 = [0u8; 4];
    for (n, c) in chars.iter().take(max_chars).enumerate() {
        for &byte in c.encode_utf8(&mut utf8).as_bytes() {
            let Some(i) = node.find_input(byte) else {
                return found;
            };
            let transition = node.transition(i);
            output = output.cat(transition.out);
            node = fst.node(transition.addr);
        }
        if node.is_final() {
            found.push((n + 1, output.cat(node.final_output()).value()));
        }
    }
    found
}

/// OpenCC's Traditional → Simplified phrases and characters, Traditional first. Only entries that
/// keep the number of characters are kept: positions must not move.
#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
pub fn conversion_pairs(
    tables: &[(&str, &str)],
) -> Result<std::collections::BTreeMap<String, String>, String> {
    let mut pairs = std::collections::BTreeMap::new();
    for (name, text) in tables {
        for line in text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let mut fields = line.split('\t');
            let (Some(key), Some(values)) = (fields.next(), fields.next()) else {
                return Err(format!("{name}: malformed line {line:?}"));
            };
            let Some(first) = values.split(' ').next() else {
                continue;
            };
            let key_chars = key.chars().count();
            if key != first
                && key_chars == first.chars().count()
                && key_chars <= MAX_CONVERSION_CHARS
            {
                pairs.insert(key.to_string(), first.to_string());
            }
        }
    }
    Ok(pairs)
}

/// Conversion pairs, in key order, as the table and replacements that [`Normalizer::from_parts`]
/// reads. The build embeds only the pairs its corpus needs; tests that clean text rebuild the whole.
#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
pub fn conversion_table<'p>(
    pairs: impl Iterator<Item = (&'p String, &'p String)>,
) -> Result<(Vec<u8>, String), String> {
    let mut text = String::new();
    let mut builder = fst::MapBuilder::memory();
    for (key, value) in pairs {
        builder
            .insert(key, text.len() as u64)
            .map_err(|e| format!("conversion table: {e}"))?;
        text.push_str(value);
    }
    let table = builder
        .into_inner()
        .map_err(|e| format!("conversion table: {e}"))?;
    Ok((table, text))
}

/// Folds width, case and whitespace of one character, always to exactly one character.
pub fn fold_char(c: char) -> char {
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ if c.is_whitespace() => ' ',
        _ => c,
    };
    lowercase(c).unwrap_or(c)
}

/// Whether a character is invisible formatting that a paste, an input method or an editor may
/// carry along (zero-width spaces and joiners, the byte order mark, soft hyphens, bidi marks,
/// variation selectors, interlinear annotation marks): a query drops it, and a URL holding one
/// is refused, since what a browser follows would not be what was written.
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{AD}' | '\u{34F}' | '\u{61C}' | '\u{180E}' | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}'
        | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}'
        | '\u{E0100}'..='\u{E01EF}')
}

/// Whether a normalized character is indexed on its own. Whitespace and control characters are
/// not: they separate, they are never looked for.
pub fn is_indexed_char(c: char) -> bool {
    // U+FFFD stands for bytes or a lone surrogate that were lost on the way: noise, not text.
    // Plane 15's private use area names syllables in the index (crates/format/src/phonetic.rs, sound grams).
    !c.is_whitespace()
        && !c.is_control()
        && c != char::REPLACEMENT_CHARACTER
        && !(0xF_0000..=0xF_FFFF).contains(&(c as u32))
}

/// Whether a character belongs to a word (letters, digits, CJK ideographs) rather than punctuation.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_one_char_for_one() {
        assert_eq!(fold_char('Ａ'), 'a');
        assert_eq!(fold_char('９'), '9');
        assert_eq!(fold_char('\u{3000}'), ' ');
        assert_eq!(fold_char('\t'), ' ');
        assert_eq!(fold_char('İ'), 'İ'); // lowercases to two chars: left alone
        assert_eq!(fold_char('醫'), '醫');
    }
}
