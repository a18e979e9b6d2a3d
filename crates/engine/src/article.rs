//! A whole article by id, with the matches of a query highlighted, for reading in place.

use crate::error::{Error, Result};
use crate::hits::{meta_map, split_spans};
use crate::index::{DocId, Index};
use crate::matching::{in_doc, spans_in, Postings, WORK_BUDGET};
use crate::pairs::Pairs;
use crate::plan::{query_units, word_units, Plan};
use crate::query::{cut_query, parse_query, Query};
use crate::snippet::{self, count_highlights, Segment, Span};
use serde::{Deserialize, Serialize};

/// A whole article, with the matches of a query highlighted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Article {
    /// The document id.
    pub id: String,
    /// The title, plain.
    pub title: String,
    /// The title with its matches highlighted.
    pub title_segments: Vec<Segment>,
    /// The body's paragraphs with their matches highlighted.
    pub paragraphs: Vec<Vec<Segment>>,
    /// How many highlighted passages the article has, title included.
    pub matches: usize,
    /// The page's URL from the site root, or null for a plain text article.
    pub url: Option<String>,
    /// Its metadata, as in a hit.
    pub meta: Pairs<Vec<String>>,
}

/// Where an article matches a query: the whole query's matches where the article has them all,
/// otherwise its words'.
fn highlights(
    index: &Index,
    postings: &mut Postings,
    parsed: &Query,
    doc: DocId,
) -> Result<Vec<Span>> {
    let units = query_units(index, postings, &parsed.required)?;
    // As a search of every document reads it: the article's highlights are the search's.
    let everywhere = |_: DocId| true;
    let exact = Plan::new(postings, units, false, &everywhere)?;
    Ok(
        if exact.found.iter().all(|found| in_doc(found, doc).is_some()) {
            spans_in(&exact.found, doc)
        } else {
            let words = word_units(index, postings, &exact.units)?;
            spans_in(&Plan::new(postings, words, true, &everywhere)?.found, doc)
        },
    )
}

/// A whole article by id, with the matches of `query` (if any) highlighted: the whole query's
/// where the article has it, otherwise its words'.
pub fn article(index: &Index, id: &str, query: Option<&str>) -> Result<Article> {
    let doc = index.find_document(id)?;
    let document = index.document(doc)?;
    let mut spans = Vec::new();
    if let Some(query) = query {
        let (query, _) = cut_query(query);
        let parsed = parse_query(&query, index);
        let mut postings = Postings::new(index, WORK_BUDGET);
        spans = match highlights(index, &mut postings, &parsed, doc) {
            // The article itself is what was asked for: shown without highlights.
            Err(Error::OverBudget(_)) => Vec::new(),
            other => other?,
        };
    }
    let extra = document.extra()?;
    let (title_spans, body_spans) = split_spans(document.title_chars, &spans);
    let mut paragraphs = Vec::new();
    let mut start = 0u32;
    for paragraph in document
        .body
        .split('\n')
        .filter(|_| !document.body.is_empty())
    {
        let chars = paragraph.chars().count() as u32;
        let mut shifted = snippet::spans_from(&body_spans, start);
        shifted.retain(|s| s.end <= chars);
        paragraphs.push(snippet::segments(paragraph, &shifted, 0..chars));
        start += chars + 1;
    }
    Ok(Article {
        id: document.id.to_string(),
        title: document.title.to_string(),
        title_segments: snippet::segments(document.title, &title_spans, 0..document.title_chars),
        paragraphs,
        matches: count_highlights(&title_spans) + count_highlights(&body_spans),
        url: extra.url.map(str::to_string),
        meta: meta_map(&extra),
    })
}
