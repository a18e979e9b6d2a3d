//! A hit as the reader sees it: the document's title and best passage with the matches
//! highlighted, its URL, the sections the matches are in, and its metadata.

use crate::document::Document;
use crate::error::Result;
use crate::format::DocExtra;
use crate::order::sort_by;
use crate::pairs::Pairs;
use crate::snippet::{self, Segment, Span};
use serde::{Deserialize, Serialize};

/// Sections listed under a hit, at most.
pub const MAX_HIT_SECTIONS: usize = 3;

/// One matching document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Hit {
    /// The document id.
    pub id: String,
    /// The title, plain.
    pub title: String,
    /// Relevance; higher is better (0 when the query was only filters).
    pub score: f32,
    /// The title with its matches highlighted.
    pub title_segments: Vec<Segment>,
    /// The best passage of the body (or two, joined by `…`) with its matches highlighted.
    pub snippet: Vec<Segment>,
    /// For a partial match, the words of the query this document lacks; otherwise empty.
    pub missing: Vec<String>,
    /// The page's URL from the site root (`/posts/a/`), or null for a plain text article.
    pub url: Option<String>,
    /// The sections that hold the most matches (up to `MAX_HIT_SECTIONS`), most first.
    pub sections: Vec<HitSection>,
    /// The document's metadata: `date`, `tags`, `categories`, the page's own; each a list.
    pub meta: Pairs<Vec<String>>,
}

/// A section of a page that holds matches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HitSection {
    /// The heading's text.
    pub heading: String,
    /// The heading's id: the link is the page's URL, `#`, this.
    pub anchor: String,
    /// How many matches it holds.
    pub matches: usize,
}

/// The hit for `document`, whose matches are `spans` (stream positions).
pub fn hit(document: &Document, score: f32, spans: &[Span], missing: Vec<String>) -> Result<Hit> {
    let extra = document.extra()?;
    let (title_spans, body_spans) = split_spans(document.title_chars, spans);
    let mut sections: Vec<(usize, usize)> = Vec::new();
    for span in spans {
        // The section a match is in: the last one that starts at or before it.
        let n = extra.sections.partition_point(|s| s.position <= span.start);
        if let Some(n) = n.checked_sub(1) {
            match sections.iter_mut().find(|(m, _)| *m == n) {
                Some((_, count)) => *count += 1,
                None => sections.push((n, 1)),
            }
        }
    }
    // Most matches first; the earlier section first among equals.
    sort_by(&mut sections, |a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    Ok(Hit {
        id: document.id.to_string(),
        title: document.title.to_string(),
        score,
        title_segments: snippet::segments(document.title, &title_spans, 0..document.title_chars),
        snippet: snippet::snippet_of_part(
            &document.body,
            document.body_from,
            document.body_chars,
            &body_spans,
        ),
        missing,
        url: extra.url.map(str::to_string),
        sections: sections
            .iter()
            .take(MAX_HIT_SECTIONS)
            .filter_map(|&(n, matches)| {
                let section = extra.sections.get(n)?;
                Some(HitSection {
                    heading: section.heading.to_string(),
                    anchor: section.anchor.to_string(),
                    matches,
                })
            })
            .collect(),
        meta: meta_map(&extra),
    })
}

/// A document's metadata by key, each key's values in the page's order.
pub fn meta_map(extra: &DocExtra) -> Pairs<Vec<String>> {
    let mut meta: Pairs<Vec<String>> = Pairs::default();
    for (key, value) in &extra.meta {
        meta.entry(key).push(value.to_string());
    }
    meta
}

/// The characters of a body that a hit with these matches (stream positions) shows, for a
/// document whose title has `title_chars` and body `body_chars` characters.
pub fn passage(title_chars: u32, body_chars: u32, spans: &[Span]) -> std::ops::Range<u32> {
    snippet::snippet_range(body_chars, &split_spans(title_chars, spans).1)
}

/// Splits stream spans into title spans and body spans, each in its own text's coordinates, for
/// a document whose title has `title_chars` characters.
pub fn split_spans(title_chars: u32, spans: &[Span]) -> (Vec<Span>, Vec<Span>) {
    let body_start = title_chars + 1;
    let title = spans
        .iter()
        .filter(|s| s.end <= title_chars)
        .copied()
        .collect();
    (title, snippet::spans_from(spans, body_start))
}
