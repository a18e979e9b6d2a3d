//! The data the indexer carries, so that it runs anywhere with nothing beside it: OpenCC's
//! Traditional → Simplified tables and its Taiwan phrase tables, the common characters whose readings are always stored, and
//! jieba's dictionary (the one jieba-rs ships, gzipped here so that no C compiler is needed to
//! unpack it on any target; see data/README.md).

use std::io::Read;

/// OpenCC's Traditional → Simplified tables, by file name.
pub const OPENCC_TABLES: [(&str, &str); 2] = [
    (
        "TSCharacters.txt",
        include_str!("../data/opencc/TSCharacters.txt"),
    ),
    (
        "TSPhrases.txt",
        include_str!("../data/opencc/TSPhrases.txt"),
    ),
];

/// OpenCC's Taiwan phrase tables: mainland → Taiwan words, then Taiwan → mainland.
pub const REGIONAL_TABLES: [(&str, &str); 2] = [
    (
        "TWPhrases.txt",
        include_str!("../data/opencc/TWPhrases.txt"),
    ),
    (
        "TWPhrasesRev.txt",
        include_str!("../data/opencc/TWPhrasesRev.txt"),
    ),
];

/// Words that read otherwise than their characters' first readings (长安 cháng'ān, 了解
/// liǎojiě), `word TAB readings` a line: pypinyin's phrase table, MIT (data/pinyin/), less every
/// phrase its characters' first readings already spell.
pub const PHRASE_READINGS: &str = include_str!("../data/pinyin/phrases.txt");

/// Common characters read by their first reading outside such a word (data/pinyin/README.md).
const FIRST_READING_CHARS: &str = include_str!("../data/pinyin/first-reading.txt");

/// The most frequent characters of jieba's dictionary, one or more a line (`#` starts a comment).
const COMMON_CHARS: &str = include_str!("../data/common-chars.txt");

/// jieba's dictionary, `word freq tag` a line, gzipped.
const JIEBA_DICT: &[u8] = include_bytes!("../data/jieba/dict.txt.gz");

/// Characters whose readings are stored even where the corpus does not use them.
pub fn common_chars() -> Vec<char> {
    chars_of(COMMON_CHARS)
}

/// The characters of a list, one or more a line (`#` starts a comment).
fn chars_of(list: &str) -> Vec<char> {
    list.lines()
        .filter(|line| !line.starts_with('#'))
        .flat_map(str::chars)
        .collect()
}

/// The characters a sound gram reads by their first reading outside a word of
/// [`PHRASE_READINGS`]: common characters whose other readings are seldom meant elsewhere.
pub fn first_reading_chars() -> Vec<char> {
    chars_of(FIRST_READING_CHARS)
}

/// jieba with its full dictionary (and its built-in HMM for words it lacks).
pub fn jieba() -> Result<jieba_rs::Jieba, String> {
    let mut dict = String::new();
    flate2::read::GzDecoder::new(JIEBA_DICT)
        .read_to_string(&mut dict)
        .map_err(|e| format!("jieba's dictionary cannot be unpacked: {e}"))?;
    jieba_rs::Jieba::with_dict(&mut dict.as_bytes())
        .map_err(|e| format!("jieba's dictionary cannot be read: {e}"))
}
