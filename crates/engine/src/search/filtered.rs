//! Filters and sorting around the search: the documents a request's filters keep (with every
//! value's count), the order by a sort key, and the listing of a query that is only filters.

use super::{excluded_docs, SearchOptions, SearchResults};
use crate::error::{Error, Result};
use crate::filters::{self, Sort};
use crate::hits::{hit, passage};
use crate::index::{DocId, Index};
use crate::matching::Postings;
use crate::order::sort_first_by;
use crate::query::Query;
use std::cmp::Ordering;

/// Keeps the documents the request's filters allow, after counting every filter value over all
/// of `docs` into the results.
pub(super) fn apply_filters<T>(
    index: &Index,
    options: &SearchOptions,
    docs: Vec<(DocId, T)>,
    results: &mut SearchResults,
) -> Result<Vec<(DocId, T)>> {
    let Some(facets) = index.filters()? else {
        return match options.filters.first() {
            Some((key, _)) => Err(filters::no_such("filter", key, [].iter())),
            None => Ok(docs),
        };
    };
    let selection = facets.select(&options.filters, index.normalizer())?;
    let all: Vec<DocId> = docs.iter().map(|&(doc, _)| doc).collect();
    results.filters = facets.counts(&all, &selection);
    results.sorts = facets.sort_keys();
    Ok(docs
        .into_iter()
        .filter(|&(doc, _)| selection.keeps(doc))
        .collect())
}

/// What the request's filters keep, when it has any and the index has filters (a request
/// for filters the index lacks is refused by [`apply_filters`]).
pub(super) fn searched_selection(
    index: &Index,
    options: &SearchOptions,
) -> Result<Option<filters::Selection>> {
    if options.filters.is_empty() {
        return Ok(None);
    }
    match index.filters()? {
        Some(facets) => Ok(Some(facets.select(&options.filters, index.normalizer())?)),
        None => Ok(None),
    }
}

/// The documents' ranks by the request's sort key, and whether it descends.
pub(super) fn sort_ranks<'i>(
    index: &'i Index,
    options: &SearchOptions,
) -> Result<Option<(&'i [u32], bool)>> {
    let Some(sort) = &options.sort else {
        return Ok(None);
    };
    match index.filters()? {
        Some(facets) => Ok(Some((facets.ranks(sort)?, sort.descending))),
        None => Err(filters::no_such("sort key", &sort.key, [].iter())),
    }
}

/// Documents by their rank; those without a value (rank 0) last either way.
pub(super) fn by_rank(ranks: &[u32], descending: bool, a: DocId, b: DocId) -> Ordering {
    let rank = |doc: DocId| ranks.get(doc as usize).copied().unwrap_or(0);
    let (a, b) = (rank(a), rank(b));
    (a == 0)
        .cmp(&(b == 0))
        .then(if descending { b.cmp(&a) } else { a.cmp(&b) })
}

/// A query that is only filters (and perhaps exclusions): every document they allow, in the
/// request's order, newest first when it names none and documents have dates.
pub(super) fn listed(
    index: &Index,
    parsed: &Query,
    options: &SearchOptions,
    mut results: SearchResults,
) -> Result<SearchResults> {
    let mut postings = Postings::new(index, options.work_budget);
    let excluded = excluded_docs(&mut postings, parsed)?;
    let docs = (0..index.doc_count())
        .filter(|doc| excluded.binary_search(doc).is_err())
        .map(|doc| (doc, ()))
        .collect();
    let docs = apply_filters(index, options, docs, &mut results)?;
    let mut docs: Vec<DocId> = docs.into_iter().map(|(doc, _)| doc).collect();
    let newest_first = SearchOptions {
        sort: Some(Sort::parse("-date")),
        ..SearchOptions::default()
    };
    let ranks = match sort_ranks(index, options)? {
        None => sort_ranks(index, &newest_first).ok().flatten(),
        some => some,
    };
    if let Some((ranks, descending)) = ranks {
        sort_first_by(
            &mut docs,
            options.offset.saturating_add(options.limit),
            |a, b| by_rank(ranks, descending, *a, *b).then(a.cmp(b)),
        );
    }
    results.total = docs.len();
    let page = || {
        docs.iter()
            .skip(options.offset)
            .take(options.limit)
            .copied()
    };
    index.require_documents(page())?;
    let mut passages = Vec::with_capacity(options.limit);
    for doc in page() {
        let (title_chars, body_chars) = index.document_lengths(doc)?;
        passages.push((doc, passage(title_chars, body_chars, &[])));
    }
    index.require_bodies(passages.iter().cloned())?;
    for (doc, chars) in passages {
        let document = index.document_part(doc, chars)?;
        results.hits.push(hit(&document, 0.0, &[], Vec::new())?);
    }
    Ok(results)
}

/// The answer to an empty query: no hits, and, when the index has filters, every value's count
/// over all documents and the sort keys, for a filter bar shown before anything is typed.
pub(super) fn filters_only(index: &Index, mut results: SearchResults) -> Result<SearchResults> {
    let every_document = (0..index.doc_count()).map(|doc| (doc, ())).collect();
    apply_filters(
        index,
        &SearchOptions::default(),
        every_document,
        &mut results,
    )?;
    Ok(results)
}

/// A search's answer, or the pieces it needs with those every answer reads among them: the
/// FILTERS piece when the index has filters (every answer carries the filter counts), and the
/// DOCS piece of an index that has only one. They are asked for in the same round as the first
/// terms rather than in rounds of their own.
pub(super) fn with_shared_pieces(
    index: &Index,
    answer: Result<SearchResults>,
) -> Result<SearchResults> {
    match answer {
        Err(Error::NotLoaded(mut pieces)) => {
            let shared = [index.filters().err(), index.require_sole_doc_piece().err()];
            for more in shared.into_iter().flatten() {
                let Error::NotLoaded(more) = more else {
                    continue;
                };
                for piece in more {
                    if !pieces.contains(&piece) {
                        pieces.push(piece);
                    }
                }
            }
            Err(Error::NotLoaded(pieces))
        }
        other => other,
    }
}
