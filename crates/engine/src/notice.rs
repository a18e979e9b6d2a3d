//! What a reader should know about an answer, as codes with their values. The page words them
//! in its own language (Simplified, Traditional, English); `Display` is the English wording, for
//! the command line and for developers.

use serde::{Deserialize, Serialize};
use std::fmt;

/// One thing to know about an answer. Serialized as `{"code": "tooBroad", "searched": …}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "camelCase")]
pub enum Notice {
    /// The query was longer than a search reads: only its first `kept` characters were searched.
    #[serde(rename_all = "camelCase")]
    QueryCut {
        /// How many characters were searched.
        kept: usize,
    },
    /// Every part of the query starts with `-`: there is nothing to look for, only to exclude.
    OnlyExcluded,
    /// The query holds nothing readable: control characters or U+FFFD alone.
    NothingReadable,
    /// No document holds the whole query; the hits hold parts of it, the most telling first.
    Partial,
    /// The query was too broad to search whole within the work budget: the first `searched` of
    /// `documents` were searched, `matched` of them match, about `estimate` in all.
    #[serde(rename_all = "camelCase")]
    TooBroad {
        /// Documents searched, from the first.
        searched: u32,
        /// Documents in the index.
        documents: u32,
        /// Documents of those searched that match.
        matched: usize,
        /// How many about match in the whole index.
        estimate: usize,
    },
    /// Even the first 64th of the documents needs more work than one search may do.
    #[serde(rename_all = "camelCase")]
    OverBudget {
        /// The work budget the search had, in units.
        budget: usize,
    },
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Notice::QueryCut { kept } => {
                write!(f, "The query was cut to its first {kept} characters.")
            }
            Notice::OnlyExcluded => {
                write!(
                    f,
                    "Add a word to look for: a part that starts with - only excludes."
                )
            }
            Notice::NothingReadable => write!(
                f,
                "Nothing to look for: the query holds only control characters or unreadable ones (U+FFFD)."
            ),
            Notice::Partial => write!(
                f,
                "No article has the whole query: these have parts of it, the most telling first."
            ),
            Notice::TooBroad {
                searched,
                documents,
                matched,
                estimate,
            } => write!(
                f,
                "Too broad to search whole within the work budget: the first {searched} of \
                 {documents} documents were searched, {matched} of them match; about {estimate} \
                 in all."
            ),
            Notice::OverBudget { budget } => write!(
                f,
                "This query needs more work than one search may do (over its budget of {budget} \
                 units, even over the first 64th of the documents); search for fewer or rarer \
                 words."
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::to_json;

    #[test]
    fn a_notice_is_a_code_with_its_values() {
        let broad = Notice::TooBroad {
            searched: 75_000,
            documents: 300_000,
            matched: 12,
            estimate: 48,
        };
        assert_eq!(
            to_json(&broad).unwrap(),
            r#"{"code":"tooBroad","searched":75000,"documents":300000,"matched":12,"estimate":48}"#
        );
        assert_eq!(
            to_json(&Notice::OnlyExcluded).unwrap(),
            r#"{"code":"onlyExcluded"}"#
        );
        assert!(broad.to_string().contains("the first 75000 of 300000"));
    }
}
