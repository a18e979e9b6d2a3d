//! The keys of the term dictionary (TERMS): grams and words; and the separators that name the
//! pieces of a directory by key. Used by build.rs, which includes this file through
//! `format.rs`, and by the runtime; `std` only.

/// What starts a gram's key in TERMS. Matching reads a two-character run from the postings of
/// its bigram, not from those of its two characters: for 明月 on 5,000 articles that is a few
/// kilobytes instead of the 190 KB of gzip that 明 and 月 take. Marking grams keeps them apart from
/// the vocabulary words, whose pieces segmentation reads, and sorts them before the words, so
/// that a word's pieces never hold a common character's long list. A control character never
/// occurs in a word (`analyzer::is_indexed_char`).
pub const GRAM_MARK: char = '\u{1}';

/// The second character of a *separator gram*: a character followed by no indexed character
/// (whitespace, or the stream's end) (`separator_gram_key`). Never a character of the text:
/// control characters are not indexed.
pub const SEPARATOR_MARK: char = '\u{0}';

/// The TERMS key of the separator gram of `c`: where `c` stands before whitespace or ends the
/// stream. A quoted phrase with a space (`"open source"`) matches only where its space falls on
/// a character that is not a word's; these postings, with those of the pairs `c` starts with
/// punctuation ([`separates`]), tell where, so that matching never reads a candidate's text,
/// which took a round of loading per candidate.
pub fn separator_gram_key(c: char) -> String {
    gram_key(&[c, SEPARATOR_MARK])
}

/// Whether a key of a character's range (`gram_key(&[c])`, then `after`) says that no word's
/// character follows `c` there: its separator gram, or a pair of `c` and punctuation. Before
/// punctuation the pair says it and no separator gram is written.
pub fn separates(after: &[u8]) -> bool {
    let mut rest = std::str::from_utf8(after).unwrap_or_default().chars();
    match (rest.next(), rest.next()) {
        (Some(SEPARATOR_MARK), None) => true,
        (Some(next), None) => !crate::analyzer::is_word_char(next),
        _ => false,
    }
}

/// The key of the character whose separator gram `key` is (`key` without its
/// [`SEPARATOR_MARK`]), or `None` for any other key: a quoted gap reads the range under it.
pub fn separated_key(key: &[u8]) -> Option<&[u8]> {
    let own = key.strip_suffix(&[SEPARATOR_MARK as u8])?;
    is_char_gram(own).then_some(own)
}

/// The TERMS key of a gram: one character, or two adjacent ones.
pub fn gram_key(chars: &[char]) -> String {
    let mut key = String::new();
    write_gram_key(chars, &mut key);
    key
}

/// [`gram_key`] into `key`, which is cleared first: for a caller that looks up millions of
/// keys, one buffer instead of one allocation each.
pub fn write_gram_key(chars: &[char], key: &mut String) {
    key.clear();
    key.push(GRAM_MARK);
    key.extend(chars);
}

/// Whether `key` is a one-character gram's. Such a list stores no positions: every occurrence of
/// the character is also an occurrence of a key under its own (a pair it starts, its separator
/// gram, which the end of the stream counts as), and those lists' positions, united, are its
/// own in order. Its flags stay its own: whether a word ends after the character is known only
/// there.
pub fn is_char_gram(key: &[u8]) -> bool {
    let Some(rest) = key.strip_prefix(&[GRAM_MARK as u8]) else {
        return false;
    };
    let mut chars = std::str::from_utf8(rest).unwrap_or_default().chars();
    chars.next().is_some() && chars.next().is_none()
}

/// The TERMS key that holds the postings of a term's text: one or two characters are a gram, and
/// a longer word is itself. A key already made passes through unchanged.
pub fn term_key(text: &str) -> std::borrow::Cow<'_, str> {
    let mut chars = text.chars();
    match (chars.next(), chars.next(), chars.next()) {
        (Some(first), second, None) if first != GRAM_MARK => {
            let pair: Vec<char> = std::iter::once(first).chain(second).collect();
            std::borrow::Cow::Owned(gram_key(&pair))
        }
        _ => std::borrow::Cow::Borrowed(text),
    }
}

/// The shortest prefix of `first` that sorts after `previous` (a directory's separator; see the
/// grammar); all of `first` when it does not sort after `previous`, and empty with no `previous`.
pub fn separator<'k>(previous: Option<&[u8]>, first: &'k [u8]) -> &'k [u8] {
    let Some(previous) = previous else {
        return &first[..0];
    };
    let same = previous
        .iter()
        .zip(first)
        .take_while(|(a, b)| a == b)
        .count();
    match (previous.get(same), first.get(same)) {
        (Some(a), Some(b)) if b > a => &first[..=same],
        (None, Some(_)) => &first[..=same],
        _ => first,
    }
}
