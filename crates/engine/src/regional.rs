//! Words that differ between Taiwan's usage and the mainland's: a query that finds nothing in its
//! own words (執行緒 on a site that writes 线程) is read in the other's. The root keeps each word
//! with the counterparts the corpus has (crates/indexer/src/regional.rs).

use std::ops::Range;

use crate::error::{Error, Result};
use crate::format::FormatError;
use crate::query::Pattern;

/// The most patterns one unit is read as in the other region's words.
const MAX_COUNTERPART_PATTERNS: usize = 6;

/// Regional words with their counterparts, by word.
#[derive(Debug, Default)]
pub struct Regional<'r> {
    pairs: Vec<(&'r str, &'r str)>,
}

impl<'r> Regional<'r> {
    /// Reads the root's REGIONAL section: `word TAB counterpart` lines, by word.
    pub fn from_bytes(bytes: &'r [u8]) -> Result<Regional<'r>> {
        let corrupt = |what| Error::Format(FormatError::Corrupt(what));
        let text = std::str::from_utf8(bytes).map_err(|_| corrupt("regional words"))?;
        let mut pairs = Vec::new();
        for line in text.lines() {
            let pair = line
                .split_once('\t')
                .ok_or(corrupt("a regional word without its counterpart"))?;
            if pairs.last().is_some_and(|last| *last > pair) {
                return Err(corrupt("the regional words are out of order"));
            }
            pairs.push(pair);
        }
        Ok(Regional { pairs })
    }

    /// Where regional words lie in `chars`, each the longest that starts where it does, left to
    /// right without overlapping.
    pub fn words_in(&self, chars: &[Option<char>]) -> Vec<Range<usize>> {
        let mut found = Vec::new();
        let mut at = 0;
        while at < chars.len() {
            match self.longest_at(&chars[at..]) {
                Some(len) => {
                    found.push(at..at + len);
                    at += len;
                }
                None => at += 1,
            }
        }
        found
    }

    /// `pattern` read in the other region's words: each regional word in it replaced by each of
    /// its counterparts, and, when it has several, all of them replaced at once.
    pub fn counterpart_patterns(&self, pattern: &[Option<char>]) -> Vec<Pattern> {
        let words = self.words_in(pattern);
        let replaced = |pattern: &[Option<char>], range: &Range<usize>, by: &str| -> Pattern {
            let mut out = pattern[..range.start].to_vec();
            out.extend(by.chars().map(Some));
            out.extend_from_slice(&pattern[range.end..]);
            out
        };
        let each: Vec<Vec<&str>> = (words.iter())
            .map(|range| self.counterparts(&pattern[range.clone()]).collect())
            .collect();
        let mut out: Vec<Pattern> = Vec::new();
        for (range, counterparts) in words.iter().zip(&each) {
            for counterpart in counterparts {
                out.push(replaced(pattern, range, counterpart));
            }
        }
        if words.len() >= 2 {
            // From the last word back, so that earlier ranges still hold.
            let mut all = pattern.to_vec();
            for (range, counterparts) in words.iter().zip(&each).rev() {
                all = replaced(
                    &all,
                    range,
                    counterparts.first().copied().unwrap_or_default(),
                );
            }
            out.insert(0, all);
        }
        out.truncate(MAX_COUNTERPART_PATTERNS);
        out
    }

    /// The counterparts of one word.
    fn counterparts<'a>(&'a self, word: &'a [Option<char>]) -> impl Iterator<Item = &'r str> + 'a {
        let text: String = word.iter().flatten().collect();
        let start = self.pairs.partition_point(|(w, _)| *w < text.as_str());
        self.pairs[start..]
            .iter()
            .take_while(move |(w, _)| *w == text)
            .map(|(_, counterpart)| *counterpart)
    }

    /// Characters of the longest regional word that `chars` starts with.
    fn longest_at(&self, chars: &[Option<char>]) -> Option<usize> {
        let first = (*chars.first()?)?;
        let mut key = [0; 4];
        let key: &str = first.encode_utf8(&mut key);
        let start = self.pairs.partition_point(|(w, _)| *w < key);
        self.pairs[start..]
            .iter()
            .take_while(|(w, _)| w.starts_with(key))
            .map(|(w, _)| w)
            .filter(|w| {
                let len = w.chars().count();
                len <= chars.len() && w.chars().zip(chars).all(|(a, b)| Some(a) == *b)
            })
            .map(|w| w.chars().count())
            .max()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(text: &str) -> Pattern {
        text.chars().map(Some).collect()
    }

    fn text(pattern: &Pattern) -> String {
        pattern.iter().map(|c| c.unwrap_or(' ')).collect()
    }

    #[test]
    fn a_query_is_read_in_the_other_regions_words() {
        let bytes = "多执行绪\t多线程\n执行绪\t线程\n档案\t文件\n程式\t程序\n".as_bytes();
        let regional = Regional::from_bytes(bytes).unwrap();
        let read = |query: &str| -> Vec<String> {
            (regional.counterpart_patterns(&pattern(query)).iter())
                .map(text)
                .collect()
        };
        assert_eq!(read("执行绪安全"), ["线程安全"]);
        // The longest word wins.
        assert_eq!(read("多执行绪"), ["多线程"]);
        assert_eq!(
            read("执行绪 档案"),
            ["线程 文件", "线程 档案", "执行绪 文件"]
        );
        assert!(read("线程").is_empty());
        assert!(Regional::from_bytes("档案\t文件\n程式\n".as_bytes()).is_err());
        assert!(Regional::from_bytes("程式\t程序\n档案\t文件\n".as_bytes()).is_err());
    }
}
