//! Filters and sorting, read from the FILTERS piece: which documents a request's filters keep,
//! how many of a query's documents have each filter value, and the order by a sort key.
//!
//! Values OR within a filter and AND across filters. A value is compared in its search form
//! (script, width and case folded), so `醫藥` asks for the tag `医药`. The counts for a filter
//! apply every *other* filter of the request: they say what choosing another value would give.
//!
//! ```ignore
//! let index = sousuo::embedded_index().unwrap();
//! // The seeds are plain text: no filters, and asking for one says so.
//! let options = sousuo::SearchOptions {
//!     filters: vec![("tags".to_string(), vec!["医药".to_string()])],
//!     ..Default::default()
//! };
//! assert!(sousuo::search(index, "医药", &options).is_err());
//! ```
//!
//! (Not run here: it needs an index, which the wasm crate embeds; `tests/` search it so.)

use crate::analyzer::Normalizer;
use crate::document::DocId;
use crate::error::{Error, Result};
use crate::format;
use crate::order::sort_dedup;
use crate::pairs::Pairs;

/// The decoded FILTERS piece.
pub struct FilterPiece {
    filters: Vec<Filter>,
    sorts: Vec<SortKey>,
}

struct Filter {
    key: String,
    values: Vec<FilterValue>,
}

struct FilterValue {
    value: String,
    folded: String,
    docs: Vec<DocId>,
}

struct SortKey {
    key: String,
    ranks: Vec<u32>,
}

/// A request's filters: per filter name, the values any of which a document must have.
pub type FilterRequest = Vec<(String, Vec<String>)>;

/// Per filter, per value (as the site wrote it), how many documents.
pub type FilterCounts = Pairs<Pairs<usize>>;

/// An order by a sort key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sort {
    /// The key (`date`).
    pub key: String,
    /// Newest (largest) first.
    pub descending: bool,
}

impl Sort {
    /// Reads `date` (ascending) or `-date` (descending).
    pub fn parse(text: &str) -> Sort {
        match text.strip_prefix('-') {
            Some(key) => Sort {
                key: key.to_string(),
                descending: true,
            },
            None => Sort {
                key: text.to_string(),
                descending: false,
            },
        }
    }
}

impl FilterPiece {
    /// Decodes the piece's two sections for an index of `doc_count` documents.
    pub(crate) fn decode(filters: &[u8], sorts: &[u8], doc_count: u32) -> Result<FilterPiece> {
        let filters = format::decode_filters(filters, doc_count)?
            .into_iter()
            .map(|entry| Filter {
                key: entry.key.to_string(),
                values: entry
                    .values
                    .into_iter()
                    .map(|v| FilterValue {
                        value: v.value.to_string(),
                        folded: v.folded.to_string(),
                        docs: v.docs,
                    })
                    .collect(),
            })
            .collect();
        let sorts = format::decode_sorts(sorts, doc_count)?
            .into_iter()
            .map(|entry| SortKey {
                key: entry.key.to_string(),
                ranks: entry.ranks,
            })
            .collect();
        Ok(FilterPiece { filters, sorts })
    }

    /// The keys a sort may name (`date` when documents have dates).
    pub(crate) fn sort_keys(&self) -> Vec<String> {
        self.sorts.iter().map(|s| s.key.clone()).collect()
    }

    /// Each document's rank by `sort` (0: it has no value), or an error naming the keys there are.
    pub(crate) fn ranks(&self, sort: &Sort) -> Result<&[u32]> {
        self.sorts
            .iter()
            .find(|s| s.key == sort.key)
            .map(|s| s.ranks.as_slice())
            .ok_or_else(|| no_such("sort key", &sort.key, self.sorts.iter().map(|s| &s.key)))
    }

    /// The documents each requested filter allows, by the index's filter number.
    pub(crate) fn select(
        &self,
        request: &FilterRequest,
        normalizer: &Normalizer,
    ) -> Result<Selection> {
        let mut chosen: Vec<(usize, Vec<DocId>)> = Vec::new();
        for (key, wanted) in request {
            let n = self
                .filters
                .iter()
                .position(|f| f.key == *key)
                .ok_or_else(|| no_such("filter", key, self.filters.iter().map(|f| &f.key)))?;
            let folded: Vec<String> = wanted
                .iter()
                .map(|v| normalizer.normalize(v.trim()))
                .collect();
            let mut docs: Vec<DocId> = self.filters[n]
                .values
                .iter()
                .filter(|v| folded.contains(&v.folded))
                .flat_map(|v| v.docs.iter().copied())
                .collect();
            sort_dedup(&mut docs);
            // The same filter named twice: both must hold.
            match chosen.iter_mut().find(|(m, _)| *m == n) {
                Some((_, allowed)) => allowed.retain(|d| docs.binary_search(d).is_ok()),
                None => chosen.push((n, docs)),
            }
        }
        Ok(Selection { chosen })
    }

    /// How many of `docs` (ascending) have each value of each filter, under every other filter
    /// of `selection`.
    pub(crate) fn counts(&self, docs: &[DocId], selection: &Selection) -> FilterCounts {
        let mut counts = FilterCounts::default();
        for (n, filter) in self.filters.iter().enumerate() {
            let eligible: Vec<DocId> = docs
                .iter()
                .copied()
                .filter(|&doc| selection.keeps_except(doc, Some(n)))
                .collect();
            let values = counts.entry(&filter.key);
            for value in &filter.values {
                let count = value
                    .docs
                    .iter()
                    .filter(|d| eligible.binary_search(d).is_ok())
                    .count();
                *values.entry(&value.value) += count;
            }
        }
        counts
    }
}

/// The documents a request's filters allow.
#[derive(Debug, Default)]
pub struct Selection {
    /// Filter number and the documents it allows, ascending.
    chosen: Vec<(usize, Vec<DocId>)>,
}

impl Selection {
    /// Whether every filter of the request allows `doc`.
    pub(crate) fn keeps(&self, doc: DocId) -> bool {
        self.keeps_except(doc, None)
    }

    /// Whether every filter but number `except` allows `doc`.
    fn keeps_except(&self, doc: DocId, except: Option<usize>) -> bool {
        self.chosen
            .iter()
            .filter(|(n, _)| Some(*n) != except)
            .all(|(_, allowed)| allowed.binary_search(&doc).is_ok())
    }
}

/// The error for a filter or sort key the index does not have, naming those it has.
pub(crate) fn no_such<'k>(
    what: &str,
    name: &str,
    there: impl Iterator<Item = &'k String>,
) -> Error {
    let mut names = String::new();
    for known in there {
        if !names.is_empty() {
            names.push_str(", ");
        }
        names.push_str(known);
    }
    if names.is_empty() {
        names.push_str("none");
    }
    Error::InvalidArgument(format!(
        "there is no {what} \"{name}\": this index has {names}"
    ))
}
