//! A query too broad for its work budget (不 人 山 over 300,000 poems: 130,000, 114,000 and
//! 95,000 of them hold the three characters) searches the first quarter of the documents, then
//! the first sixteenth, then the 64th. It answers with the best of those, a total that pages
//! exactly, and an estimate for the whole, saying so, rather than with nothing.

use super::{Notice, SearchResults};
use crate::error::{Error, Result};
use crate::index::{DocId, Index};
use crate::matching::Postings;

/// How many times a query too broad for its budget is tried again over a quarter as many
/// documents: down to the 64th of them.
const BROAD_QUERY_CUTS: usize = 3;

/// The answer of `search` with `budget` units of work, over every document if it can, else over
/// the first documents; `results` starts each try (the query and what to say of it).
pub(super) fn within_budget(
    index: &Index,
    query: String,
    notices: Vec<Notice>,
    budget: usize,
    search: &mut dyn FnMut(&mut Postings, SearchResults) -> Result<SearchResults>,
) -> Result<SearchResults> {
    let documents = index.doc_count();
    let mut below = DocId::MAX;
    for _ in 0..=BROAD_QUERY_CUTS {
        let mut postings = Postings::below(index, budget, below);
        match search(
            &mut postings,
            SearchResults::empty(query.clone(), notices.clone()),
        ) {
            Err(Error::OverBudget(_)) => below = (below.min(documents) / 4).max(1),
            Ok(results) if below < documents => return Ok(estimated(results, below, documents)),
            other => return other,
        }
    }
    let mut notices = notices;
    notices.push(Notice::OverBudget { budget });
    Ok(SearchResults::empty(query, notices))
}

/// An answer from the first `searched` of `documents`, with the estimate and the notice.
fn estimated(mut results: SearchResults, searched: DocId, documents: DocId) -> SearchResults {
    let estimate = results.total as u64 * u64::from(documents) / u64::from(searched);
    results.total_estimate = Some(estimate as usize);
    results.notices.insert(
        0,
        Notice::TooBroad {
            searched,
            documents,
            matched: results.total,
            estimate: estimate as usize,
        },
    );
    results
}
