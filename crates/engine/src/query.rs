//! Query syntax: a query is parts separated by whitespace, or by the punctuation that ends or
//! splits a sentence (`？`, `，`, `。`, `、`…): a question's `？` is never looked for. Every part
//! must occur in a document; `-part` excludes documents where the part occurs, unless it is a
//! command's flag (`-g`); `"quoted text"`
//! is one part that may hold spaces and punctuation. Each part is normalized by the index's own normalizer (script, width and case do not
//! matter) into a [`Pattern`].
//!
//! ```ignore
//! let index = sousuo::embedded_index().unwrap();
//! let query = sousuo::query::parse_query("醫藥 -举报 \"高新 区\"", index);
//! assert_eq!(query.required.len(), 2);
//! assert_eq!(query.excluded[0].text, "举报");
//! assert!(query.required[1].quoted);
//! ```
//!
//! (Not run here: it needs an index, which the wasm crate embeds; `tests/` search it so.)

use crate::analyzer::{fold_char, is_indexed_char, is_invisible};
use crate::index::Index;
use crate::notice::Notice;

/// Queries longer than this many characters are cut to it, and the response says so.
pub const MAX_QUERY_CHARS: usize = 256;

/// A pattern of normalized characters; `None` stands for whitespace inside quotes (any one
/// separator character).
pub type Pattern = Vec<Option<char>>;

/// One part of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The part as typed.
    pub text: String,
    /// Its normalized characters.
    pub pattern: Pattern,
    /// The typed character behind each position of the pattern (a space at gaps).
    pub typed: Vec<char>,
    /// Whether it was quoted: it is then never split into words.
    pub quoted: bool,
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// Parts that must all occur.
    pub required: Vec<Part>,
    /// Parts that must not occur.
    pub excluded: Vec<Part>,
}

fn is_open_quote(c: char) -> bool {
    matches!(c, '"' | '“')
}

fn is_close_quote(c: char) -> bool {
    matches!(c, '"' | '”')
}

/// Whether what follows a `-` is a command's flag (`-g`, `-D`, `-rf`): one or two letters, then
/// the end of the part. A page that says `npm install -g` is what its reader copies it to
/// find; excluding every page with a `g` in it never is. A longer word (`-windows`, `-泰兴`)
/// excludes.
fn is_flag(after_dash: &[char]) -> bool {
    let letters = after_dash
        .iter()
        .take_while(|c| c.is_ascii_alphabetic())
        .count();
    (1..=2).contains(&letters) && after_dash.get(letters).is_none_or(|&c| c == ' ')
}

/// Punctuation that separates the parts of an unquoted query as a space does: a sentence's and
/// a clause's (full width is already ASCII here, `？` as `?`), and CJK punctuation. Not what
/// joins a name or a term (`·`, `-`, `.`, `:`, `+`, `#`): `列夫·托尔斯泰`, `Vec::new`, `C++`.
fn is_separator(c: char) -> bool {
    matches!(c, '?' | '!' | ',' | ';' | '\u{2014}' | '\u{2026}')
        || (('\u{3000}'..='\u{303F}').contains(&c) && !c.is_alphanumeric())
}

/// The query as it is looked for: without invisible formatting, and with full-width letters and
/// digits as their ASCII selves (an input method in 全角 mode types `ｙｉｙａｏ` for `yiyao`), so
/// that pinyin is read from them too.
pub fn searched_form(query: &str) -> String {
    query
        .chars()
        .filter(|&c| !is_invisible(c))
        .map(|c| match c as u32 {
            0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            0x3000 => ' ',
            _ => c,
        })
        .collect()
}

/// Splits a query into parts and normalizes them. A query of punctuation alone (`。`, `？！`) is
/// looked for as text: it has nothing else to look for.
pub fn parse_query(query: &str, index: &Index) -> Query {
    let parsed = split_query(query, index, is_separator);
    if parsed.required.is_empty() && parsed.excluded.is_empty() {
        return split_query(query, index, |_| false);
    }
    parsed
}

/// Splits a query at whitespace and at what `is_separator` says.
fn split_query(query: &str, index: &Index, is_separator: fn(char) -> bool) -> Query {
    let query = searched_form(query);
    let chars: Vec<char> = query.chars().collect();
    let folded: Vec<char> = chars.iter().map(|&c| fold_char(c)).collect();
    let mut parsed = Query::default();
    let mut i = 0;
    while i < chars.len() {
        // A closing quote that closes nothing (`医药”`) is no text.
        if folded[i] == ' '
            || is_separator(folded[i])
            || (is_close_quote(folded[i]) && !is_open_quote(folded[i]))
        {
            i += 1;
            continue;
        }
        let excluded = folded[i] == '-'
            && folded.get(i + 1).is_some_and(|&n| n != ' ' && n != '-')
            && !is_flag(&folded[i + 1..]);
        if excluded {
            i += 1;
        }
        let quoted = is_open_quote(folded[i]);
        let (start, end, next) = match quoted {
            true => quoted_span(&folded, i),
            false => unquoted_span(&folded, i, is_separator),
        };
        i = next;
        let text: String = chars[start.min(end)..end].iter().collect();
        let Some(part) = part_of(text, quoted, index) else {
            continue;
        };
        match excluded {
            true => parsed.excluded.push(part),
            false => parsed.required.push(part),
        }
    }
    parsed
}

/// The text of a quoted part whose opening quote is at `at`: (its start, its end, where the
/// query goes on). Nested or doubled quotes (`"“医药”"`, `""医药""`) quote once.
fn quoted_span(folded: &[char], at: usize) -> (usize, usize, usize) {
    let mut start = at + 1;
    while start < folded.len() && is_open_quote(folded[start]) {
        start += 1;
    }
    let end = (start..folded.len())
        .find(|&j| is_close_quote(folded[j]))
        .unwrap_or(folded.len());
    let mut next = end + 1;
    while next < folded.len() && is_close_quote(folded[next]) {
        next += 1;
    }
    (start, end, next)
}

/// The text of an unquoted part that starts at `at`: (its start, its end, where the query goes
/// on). Quotes are syntax, never text: one ends an unquoted part (`医药高新区"` is 医药高新区
/// and an empty quote).
fn unquoted_span(
    folded: &[char],
    at: usize,
    is_separator: fn(char) -> bool,
) -> (usize, usize, usize) {
    let mut end = at;
    while end < folded.len()
        && folded[end] != ' '
        && !is_separator(folded[end])
        && !is_open_quote(folded[end])
        && !is_close_quote(folded[end])
    {
        end += 1;
    }
    // `-”`: a sign before a stray quote; the quote is stepped past.
    let next = if end == at { end + 1 } else { end };
    (at, end, next)
}

/// A part of the query from its text: the pattern it searches (its indexed characters, in
/// search form, a space between words inside quotes as a gap) and what was typed for each;
/// `None` when nothing of it is searched.
fn part_of(text: String, quoted: bool, index: &Index) -> Option<Part> {
    let mut pattern = Pattern::new();
    let mut typed = Vec::new();
    for (c, original) in index
        .normalizer()
        .normalize(&text)
        .chars()
        .zip(text.chars())
    {
        if is_indexed_char(c) {
            pattern.push(Some(c));
            typed.push(original);
        } else if c == ' ' && pattern.last().is_some_and(Option::is_some) {
            pattern.push(None);
            typed.push(' ');
        }
    }
    while pattern.last() == Some(&None) {
        pattern.pop();
        typed.pop();
    }
    (!pattern.is_empty()).then_some(Part {
        text,
        pattern,
        typed,
        quoted,
    })
}

/// The query cut to [`MAX_QUERY_CHARS`], and the notice that says so when it was cut.
pub fn cut_query(query: &str) -> (String, Vec<Notice>) {
    match query.char_indices().nth(MAX_QUERY_CHARS) {
        None => (query.to_string(), Vec::new()),
        Some((at, _)) => (
            query.get(..at).unwrap_or(query).to_string(),
            vec![Notice::QueryCut {
                kept: MAX_QUERY_CHARS,
            }],
        ),
    }
}
