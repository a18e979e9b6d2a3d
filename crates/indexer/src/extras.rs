//! What a page has besides its text: its URL, its sections (where each starts in the document's
//! stream) and its metadata, stored with the document; and, across pages, the filters and the
//! date to sort by, stored in the one FILTERS piece. Also where its blocks of code lie, which
//! the postings flag (`postings::FLAG_CODE`) and nothing stores.

use crate::sources::BlockKind;

use crate::pieces::Piece;
use crate::sources::{site_url, SourceDocument};
use sousuo_format::format::{self, DocExtra, FilterEntry, FilterValue, SectionEntry, SortEntry};
use std::collections::BTreeMap;

/// One document's URL, sections and metadata, owned until the DOCS pieces are written.
#[derive(Default)]
pub struct Extras {
    url: Option<String>,
    /// Position in the stream, heading, anchor.
    sections: Vec<(u32, String, String)>,
    /// Shown with the document: `date`, then `tags`, `categories`, the page's filters and other
    /// metadata, a pair per value.
    meta: Vec<(String, String)>,
    /// Values to filter by: tags, categories and the page's own filters.
    filters: Vec<(String, String)>,
    date: Option<String>,
    /// Stream positions of its blocks of code, each from its first character to the next
    /// block's, ascending.
    code: Vec<std::ops::Range<u32>>,
}

/// The filter a page's language is: every search of a site in several languages is of one
/// (the widget picks its page's), as Pagefind keeps an index per language.
pub const LANGUAGE_FILTER: &str = "language";

/// The languages of a site's documents (`<html lang>`, a front matter's or a record's `lang`),
/// written the one way (`zh-cn`).
pub struct Languages {
    /// The language of a document that names none: the site's commonest.
    commonest: Option<String>,
    /// Whether the site has more than one, and so a language filter.
    several: bool,
}

impl Languages {
    pub fn of(sources: &[SourceDocument]) -> Languages {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for language in sources.iter().filter_map(|s| s.lang.as_deref()) {
            *counts.entry(written_one_way(language)).or_default() += 1;
        }
        Languages {
            several: counts.len() > 1,
            commonest: counts
                .iter()
                .max_by_key(|&(language, count)| (count, std::cmp::Reverse(language)))
                .map(|(language, _)| language.clone()),
        }
    }

    /// The language `source` is filtered by, when the site has several.
    pub fn of_document(&self, source: &SourceDocument) -> Option<String> {
        if !self.several {
            return None;
        }
        source
            .lang
            .as_deref()
            .map(written_one_way)
            .or_else(|| self.commonest.clone())
    }
}

/// `zh_CN`, `zh-CN` and ` zh-cn ` are one language.
fn written_one_way(language: &str) -> String {
    language.trim().replace('_', "-").to_ascii_lowercase()
}

impl Extras {
    /// The language it is filtered by, on a site in several.
    pub fn language(&self) -> Option<&str> {
        (self.filters.iter())
            .find(|(key, _)| key == LANGUAGE_FILTER)
            .map(|(_, language)| language.as_str())
    }

    /// The extras of a source document whose title has `title_chars` characters and whose body
    /// paragraphs start at `block_starts` (characters into the body), in `language` when its
    /// site has several.
    pub fn of(
        source: &SourceDocument,
        title_chars: u32,
        block_starts: &[u32],
        language: Option<String>,
    ) -> Extras {
        let body_start = title_chars + 1;
        let body_end = block_starts.last().copied().unwrap_or(0);
        let sections = source
            .sections
            .iter()
            .map(|section| {
                let offset = block_starts
                    .get(section.first_block)
                    .copied()
                    .unwrap_or(body_end);
                (
                    body_start + offset,
                    section.heading.clone(),
                    section.anchor.clone(),
                )
            })
            .collect();
        let meta = &source.meta;
        let mut filters = Vec::new();
        filters.extend(meta.tags.iter().map(|t| ("tags".to_string(), t.clone())));
        filters.extend(
            meta.categories
                .iter()
                .map(|c| ("categories".to_string(), c.clone())),
        );
        filters.extend(meta.filters.iter().cloned());
        let mut shown: Vec<(String, String)> = Vec::new();
        shown.extend(meta.date.iter().map(|d| ("date".to_string(), d.clone())));
        shown.extend(filters.iter().cloned());
        // Filtered by, not shown: a reader sees the page's language in its text.
        filters.extend(language.map(|language| (LANGUAGE_FILTER.to_string(), language)));
        shown.extend(meta.extra.iter().cloned());
        let code = (source.blocks.iter().enumerate())
            .filter(|(_, block)| block.kind == BlockKind::Code)
            .map(|(n, _)| {
                let start = block_starts.get(n).copied().unwrap_or(body_end);
                let end = block_starts
                    .get(n + 1)
                    .copied()
                    .unwrap_or(u32::MAX - body_start);
                body_start + start..body_start + end
            })
            .collect();
        Extras {
            code,
            url: source.url.as_ref().map(|url| {
                if site_url::is_external(url) {
                    url.clone()
                } else {
                    format!("/{url}")
                }
            }),
            sections,
            meta: shown,
            filters,
            date: meta.date.clone(),
        }
    }

    /// Whether the character at stream `position` is in a block of code.
    pub fn in_code(&self, position: u32) -> bool {
        let after = self.code.partition_point(|range| range.start <= position);
        after > 0 && self.code[after - 1].contains(&position)
    }

    /// The EXTRAS bytes of the document.
    pub fn encode(&self) -> Vec<u8> {
        let extra = DocExtra {
            url: self.url.as_deref(),
            sections: self
                .sections
                .iter()
                .map(|(position, heading, anchor)| SectionEntry {
                    position: *position,
                    heading,
                    anchor,
                })
                .collect(),
            meta: self
                .meta
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect(),
        };
        let mut out = Vec::new();
        extra.encode(&mut out);
        out
    }
}

/// Every document's filter values and dates, gathered for the FILTERS piece.
#[derive(Default)]
pub struct Facets {
    /// key → folded value → (the value as first written, its documents ascending).
    filters: BTreeMap<String, BTreeMap<String, (String, Vec<u32>)>>,
    dates: Vec<Option<String>>,
}

impl Facets {
    /// Adds the next document (documents come in order, from 0), its values folded by `fold`.
    pub fn add(&mut self, extras: &Extras, fold: impl Fn(&str) -> String) {
        let doc = self.dates.len() as u32;
        for (key, value) in &extras.filters {
            let folded = fold(value.trim());
            if folded.is_empty() {
                continue;
            }
            let values = self.filters.entry(key.clone()).or_default();
            let (_, docs) = values
                .entry(folded)
                .or_insert_with(|| (value.trim().to_string(), Vec::new()));
            if docs.last() != Some(&doc) {
                docs.push(doc);
            }
        }
        self.dates.push(extras.date.clone());
    }

    /// The folded filter values, whose characters queries must be able to reach.
    pub fn folded_values(&self) -> impl Iterator<Item = &str> {
        self.filters
            .values()
            .flat_map(|values| values.keys().map(String::as_str))
    }

    /// The FILTERS piece, when any document has a filter value or a date.
    pub fn piece(&self) -> Result<Option<Piece>, String> {
        if self.filters.is_empty() && self.dates.iter().all(Option::is_none) {
            return Ok(None);
        }
        let filters: Vec<FilterEntry> = self
            .filters
            .iter()
            .map(|(key, values)| FilterEntry {
                key,
                values: values
                    .iter()
                    .map(|(folded, (value, docs))| FilterValue {
                        value,
                        folded,
                        docs: docs.clone(),
                    })
                    .collect(),
            })
            .collect();
        let mut sorts = Vec::new();
        if self.dates.iter().any(Option::is_some) {
            // Dates are YYYY-MM-DD, which sort as text.
            let mut distinct: Vec<&str> = self.dates.iter().flatten().map(String::as_str).collect();
            distinct.sort_unstable();
            distinct.dedup();
            let ranks = self
                .dates
                .iter()
                .map(|date| match date {
                    None => 0,
                    Some(date) => distinct.partition_point(|d| *d < date.as_str()) as u32 + 1,
                })
                .collect();
            sorts.push(SortEntry { key: "date", ranks });
        }
        let sections = [
            format::encode_filters(&filters),
            format::encode_sorts(&sorts),
        ];
        Piece::new(format::Kind::Filters, &sections).map(Some)
    }
}
