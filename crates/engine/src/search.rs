//! Search: a query parsed (`query.rs`), planned (`plan.rs`), matched (`matching.rs`), ranked
//! (`rank.rs`), and the page of hits cut into highlighted snippets (`snippet.rs`).
//!
//! Search is synchronous and pure over what the index has loaded. When it needs a piece that is
//! not loaded it returns [`Error::NotLoaded`] naming every piece it can tell it needs, and the
//! loading layer (`load.rs`, or the page's JS) loads them and asks again: a search never answers
//! from less than it needs.
//!
//! ```ignore
//! let index = sousuo::embedded_index().unwrap();
//! let results = sousuo::search(index, "迈博太科", &Default::default()).unwrap();
//! assert_eq!(results.hits[0].id, "001_9fc454ccbfdced76");
//! ```
//!
//! (Not run here: it needs an index, which the wasm crate embeds; `tests/` search it so.)

pub use crate::article::{article, Article};
use crate::document::Document;
use crate::error::{Error, Missing, Result};
pub use crate::filters::{FilterCounts, FilterRequest, Sort};
use crate::full;
use crate::hits::{hit, passage};
pub use crate::hits::{Hit, HitSection};
use crate::index::{DocId, Index};
pub use crate::matching::WORK_BUDGET;
use crate::matching::{
    in_doc, occurrences_any_gaps, spans_in, Occurrence, Postings, FLAG_TITLE_END,
};
pub use crate::notice::Notice;
use crate::order::{sort_dedup, sort_first_by};
use crate::phonetic::{is_sounded, typed_pinyin};
use crate::plan::{unit_occurrences, Plan, Unit};
use crate::postings::{List, FLAG_TITLE};
pub use crate::query::MAX_QUERY_CHARS;
use crate::query::{cut_query, parse_query, Query};
use crate::rank::closeness;
pub use crate::rank::RankSettings;
use crate::rank::{Bm25, MAX_PROXIMITY_OCCURRENCES};
use crate::root::PieceId;
use crate::suggest;
use crate::typos;
use crate::words::vocabulary_words;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

// A query too broad for its work budget.
mod broad;
mod character_scores;
// Filters and sort on top of the ranked search, and the listing of a query of filters alone.
mod filtered;
use broad::within_budget;
use character_scores::add_character_scores;
use filtered::{
    apply_filters, by_rank, filters_only, listed, searched_selection, sort_ranks,
    with_shared_pieces,
};

/// Results per page when the caller does not say.
pub const DEFAULT_LIMIT: usize = 10;
/// The most results one call returns.
pub const MAX_LIMIT: usize = 100;
/// Suggestions offered with an empty or partial answer.
const MAX_SUGGESTIONS_OFFERED: usize = 5;
/// The most texts a run of sounds is shown to have matched (`jingyesi` → 静夜思、敬业思…).
const MAX_SOUNDED_WORDS: usize = 8;

/// Which page of results to return, of which documents, in which order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchOptions {
    /// Results per page, 1–[`MAX_LIMIT`].
    pub limit: usize,
    /// Results to skip.
    pub offset: usize,
    /// The most work the query may do, in the units of [`WORK_BUDGET`]; that budget unless a
    /// caller (a test, a server) wants less.
    pub work_budget: usize,
    /// Only documents with one of these values for every filter named (`tags` → `医药`).
    pub filters: FilterRequest,
    /// Order by this key instead of relevance (`date`, `-date`).
    pub sort: Option<Sort>,
    /// Search the query as typed, never a mending of it (`corrected_from`).
    pub verbatim: bool,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: DEFAULT_LIMIT,
            offset: 0,
            work_budget: WORK_BUDGET,
            filters: Vec::new(),
            sort: None,
            verbatim: false,
        }
    }
}

/// The answer to a search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchResults {
    /// The query as it was searched (cut to [`MAX_QUERY_CHARS`]).
    pub query: String,
    /// How many documents match in all: the hits that `offset` pages through. When the query
    /// was too broad to search whole, those of the part searched (see `total_estimate`).
    pub total: usize,
    /// When the query was too broad to search every document within its work budget: how many
    /// documents about match in all, from the part searched (the first documents of the index,
    /// which `notice` says). `None` when every document was searched and `total` is exact.
    pub total_estimate: Option<usize>,
    /// This page of them, best first.
    pub hits: Vec<Hit>,
    /// No document has the whole query: these hits have parts of it (any word that tells
    /// documents apart), and each says which words it lacks.
    pub partial: bool,
    /// How pinyin in the query was read: each spelling and the Chinese words it found.
    pub pinyin: Vec<PinyinReading>,
    /// Words to try instead when the query found nothing or only part of itself: words that
    /// sound like a missing one (a homophone typo), or completions of it.
    pub suggestions: Vec<String>,
    /// When nothing matched the query as typed and one typo in it was mended beyond doubt, these
    /// are the results of the mended query (`query`), and this is the query as typed; a search
    /// with `verbatim` asks for the typed one alone.
    pub corrected_from: Option<String>,
    /// What the reader should know about the answer (the query was cut, is partial, too broad,
    /// holds nothing to look for), as codes the page words in its own language.
    pub notices: Vec<Notice>,
    /// When the index has filters: per filter, per value, how many documents the query finds
    /// with that value under the request's other filters. An empty query (no words, no filters)
    /// counts every document, so that a filter bar can be shown before anything is typed. Like
    /// `total`, they count the part searched when the query was too broad to search whole.
    pub filters: FilterCounts,
    /// The keys `sort` accepts on this index (`date` when documents have dates), given with the
    /// filter counts.
    pub sorts: Vec<String>,
    /// The part as typed and its sure mending, for the search to try instead.
    #[serde(skip)]
    pub(crate) correction: Option<(String, String)>,
}

impl SearchResults {
    /// No hits for `query`, with what the user should know about it.
    fn empty(query: String, notices: Vec<Notice>) -> Self {
        SearchResults {
            query,
            total: 0,
            total_estimate: None,
            hits: Vec::new(),
            partial: false,
            pinyin: Vec::new(),
            suggestions: Vec::new(),
            corrected_from: None,
            notices,
            filters: FilterCounts::default(),
            sorts: Vec::new(),
            correction: None,
        }
    }
}

/// A pinyin spelling from the query and the Chinese words it was read as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PinyinReading {
    /// The spelling, as letters (`yiyao`, `yy`).
    pub pinyin: String,
    /// The words it matched in the results (Simplified).
    pub words: Vec<String>,
}

/// Searches the index.
pub fn search(index: &Index, query: &str, options: &SearchOptions) -> Result<SearchResults> {
    search_with(index, query, options, &RankSettings::default())
}

/// Searches the index with explicit ranking settings.
pub fn search_with(
    index: &Index,
    query: &str,
    options: &SearchOptions,
    settings: &RankSettings,
) -> Result<SearchResults> {
    let mut results = search_as_typed(index, query, options, settings)?;
    match results.correction.take() {
        // Only the full engine mends (the lean one has no "did you mean").
        Some((typed, fix)) if full::AVAILABLE && !options.verbatim => {
            let mended = corrected(index, &results, (&typed, &fix), options, settings)?;
            Ok(mended.unwrap_or(results))
        }
        _ => Ok(results),
    }
}

/// The search of `query` as typed, never a mending of it. Called for the mending too: kept out of
/// line, so that the wasm carries the search once.
#[inline(never)]
fn search_as_typed(
    index: &Index,
    query: &str,
    options: &SearchOptions,
    settings: &RankSettings,
) -> Result<SearchResults> {
    if options.limit == 0 || options.limit > MAX_LIMIT {
        return Err(Error::InvalidArgument(format!(
            "limit must be between 1 and {MAX_LIMIT}, not {}",
            options.limit
        )));
    }
    let settings = settings.clamped();
    let (query, mut notices) = cut_query(query);
    let parsed = parse_query(&query, index);
    if parsed.required.is_empty() && !options.filters.is_empty() {
        let results = SearchResults::empty(query, notices);
        return with_shared_pieces(index, listed(index, &parsed, options, results));
    }
    if parsed.required.is_empty() {
        if !parsed.excluded.is_empty() {
            notices.push(Notice::OnlyExcluded);
        } else if !query.trim().is_empty() {
            notices.push(Notice::NothingReadable);
        } else {
            return filters_only(index, SearchResults::empty(query, notices));
        }
        return Ok(SearchResults::empty(query, notices));
    }
    within_budget(
        index,
        query,
        notices,
        options.work_budget,
        &mut |postings, results| {
            let ranked = ranked(index, postings, &parsed, options, &settings, results);
            with_shared_pieces(index, ranked)
        },
    )
}

/// The results of the query `as_typed` answered with its part `typed` mended to `fix`, when they
/// find more: anything where the query as typed found nothing; where it found part of it, the
/// whole of a query that is one slipped term (组合式含数 → 组合式函数), never a question's
/// other words. The reader sees them at once, told what was searched, rather than a list of
/// words to click. A query cut to its first characters still says so.
fn corrected(
    index: &Index,
    as_typed: &SearchResults,
    (typed, fix): (&str, &str),
    options: &SearchOptions,
    settings: &RankSettings,
) -> Result<Option<SearchResults>> {
    let query = &as_typed.query;
    if as_typed.total > 0 && query.trim() != typed {
        return Ok(None);
    }
    let Some(at) = typos::find_text(query, typed).filter(|_| typed != fix) else {
        return Ok(None);
    };
    let mended = format!("{}{fix}{}", &query[..at], &query[at + typed.len()..]);
    let mut results = search_as_typed(index, &mended, options, settings)?;
    if results.total == 0 || (as_typed.total > 0 && results.partial) {
        return Ok(None);
    }
    results.corrected_from = Some(query.clone());
    let cut = as_typed
        .notices
        .iter()
        .find(|notice| matches!(notice, Notice::QueryCut { .. }));
    if let Some(cut) = cut.filter(|cut| !results.notices.contains(cut)) {
        results.notices.insert(0, cut.clone());
    }
    Ok(Some(results))
}

/// The ranked page of results for a parsed query that has something to look for.
fn ranked(
    index: &Index,
    postings: &mut Postings,
    parsed: &Query,
    options: &SearchOptions,
    settings: &RankSettings,
    mut results: SearchResults,
) -> Result<SearchResults> {
    let excluded = excluded_docs(postings, parsed)?;
    let selection = searched_selection(index, options)?;
    let searched = |doc: DocId| selection.as_ref().is_none_or(|s| s.keeps(doc));
    let (plan, docs) = Plan::resolve(index, postings, &parsed.required, &excluded, &searched)?;
    let docs = apply_filters(index, options, docs, &mut results)?;
    let mut scored = scores(index, postings, &plan, &docs, settings)?;
    let ranks = sort_ranks(index, options)?;
    sort_first_by(
        &mut scored,
        options.offset.saturating_add(options.limit),
        |a, b| {
            // A partial answer ranks by score alone: a document with the query's rare words
            // comes before one with more of its common ones.
            let by_key = ranks.map_or(Ordering::Equal, |(ranks, descending)| {
                by_rank(ranks, descending, a.1, b.1)
            });
            by_key.then(b.0.total_cmp(&a.0)).then(a.1.cmp(&b.1))
        },
    );

    results.total = scored.len();
    results.partial = plan.partial && !plan.whole && !scored.is_empty();
    if results.partial {
        results.notices.push(Notice::Partial);
    }
    // An answer with nothing found, or not all of the query, offers "did you mean".
    let offers = results.total == 0 || results.partial;
    if offers {
        full::needed("\"did you mean\"")?;
    }
    // Below, `full::AVAILABLE && offers` says what the return above already implies: written
    // out, the lean build's optimizer drops the mending code behind it (58 bytes of wasm).
    results.pinyin.extend(pinyin_readings(&plan, &docs));
    let page = || scored.iter().skip(options.offset).take(options.limit);
    // The documents this page shows, all asked for at once: only their pieces are fetched. A
    // part that "did you mean" will mend reads the character readings next: asked for with the
    // documents, a round trip sooner.
    let mends = full::AVAILABLE
        && offers
        && plan
            .to_mend()
            .any(|unit| !unit.pinyin && typos::reads_readings(&unit.alternatives[0]));
    let documents = index.document_pieces(page().map(|&(_, doc)| doc));
    index.require(documents.chain(mends.then_some(PieceId::Phonetic)))?;
    // Then, of a long document, only the BODY pieces its passage is in, all asked for at once.
    let mut passages = Vec::with_capacity(options.limit);
    for &(_, doc) in page() {
        let (title_chars, body_chars) = index.document_lengths(doc)?;
        let spans = spans_in(&plan.found, doc);
        passages.push((doc, passage(title_chars, body_chars, &spans)));
    }
    index.require_bodies(passages.iter().cloned())?;
    for (&(score, doc), (_, chars)) in page().zip(passages) {
        let document = index.document_part(doc, chars)?;
        let missing = missing_words(&plan, doc);
        let spans = spans_in(&plan.found, doc);
        sounded_words(index, &plan, &document, &mut results.pinyin);
        results.hits.push(hit(&document, score, &spans, missing)?);
    }
    if full::AVAILABLE && offers {
        let offered = suggestions(index, postings, &plan, results.total == 0)?;
        results.suggestions = offered.words;
        results.correction = offered.correction;
    }
    Ok(results)
}

/// Each document's score: BM25 over the plan's units and the vocabulary words in them, and, for
/// a partial answer that no document holds whole, over the query's characters too.
fn scores(
    index: &Index,
    postings: &mut Postings,
    plan: &Plan,
    docs: &[(DocId, usize)],
    settings: &RankSettings,
) -> Result<Vec<(f32, DocId)>> {
    let words = unit_words(index, postings, plan)?;
    let bm25 = Bm25 {
        settings,
        doc_count: index.doc_count() as f32,
        average_chars: index.average_doc_chars(),
    };
    // Each unit's word lists, looked up once rather than once per document.
    let word_lists: Vec<Vec<&List>> = words
        .iter()
        .map(|unit_words| unit_words.iter().filter_map(|w| postings.get(w)).collect())
        .collect();
    let mut scored = scored_documents(postings, plan, docs, &word_lists, &bm25)?;
    if plan.partial && !plan.whole {
        add_character_scores(index, plan, &mut scored, &bm25, postings.budget())?;
    }
    Ok(scored)
}

/// For each pinyin unit, the words of the corpus its readings matched in the documents found
/// (runs of sounds and Latin text apart: what those matched is read off the hits).
fn pinyin_readings(plan: &Plan, docs: &[(DocId, usize)]) -> Vec<PinyinReading> {
    let mut readings = Vec::new();
    for (unit, found) in plan.units.iter().zip(&plan.found).filter(|(u, _)| u.pinyin) {
        let mut used = Vec::new();
        for &(doc, _) in docs {
            used.extend(
                in_doc(found, doc)
                    .into_iter()
                    .flat_map(|d| &d.list)
                    .map(|o| o.alternative),
            );
        }
        sort_dedup(&mut used);
        let words = used
            .into_iter()
            .map(|alternative| {
                unit.alternatives[alternative]
                    .iter()
                    .flatten()
                    .collect::<String>()
            })
            .filter(|word| typed_pinyin(word).is_none() && !is_sounded(word.chars()))
            .collect();
        readings.push(PinyinReading {
            pinyin: unit.text.clone(),
            words,
        });
    }
    readings
}

/// The words of a partial answer that `doc` lacks, as typed; a question's own words are never
/// missing.
fn missing_words(plan: &Plan, doc: DocId) -> Vec<String> {
    let mut missing: Vec<String> = Vec::new();
    let mut previous_missing = false;
    for ((unit, found), &asking) in plan.units.iter().zip(&plan.found).zip(&plan.asking) {
        let is_missing = plan.partial && !asking && in_doc(found, doc).is_none();
        match missing.last_mut() {
            // Missing pieces typed together read as one: 张 + 小兵 is 张小兵.
            Some(last) if is_missing && previous_missing && unit.follows => {
                last.push_str(&unit.text)
            }
            _ if is_missing => missing.push(unit.text.clone()),
            _ => {}
        }
        previous_missing = is_missing;
    }
    missing
}

/// The vocabulary words inside each unit, scored on their own besides the unit as a phrase,
/// with their postings loaded.
fn unit_words(index: &Index, postings: &mut Postings, plan: &Plan) -> Result<Vec<Vec<String>>> {
    let mut words: Vec<Vec<String>> = Vec::with_capacity(plan.units.len());
    for unit in &plan.units {
        let mut unit_words = Vec::new();
        // A run of sounds holds no words: the run itself is scored.
        let texts = unit
            .alternatives
            .iter()
            .filter(|p| !is_sounded(p.iter().flatten().copied()));
        for pattern in texts {
            unit_words.extend(vocabulary_words(index, pattern)?);
        }
        sort_dedup(&mut unit_words);
        words.push(unit_words);
    }
    index.require_terms(words.iter().flatten().map(String::as_str))?;
    for word in words.iter().flatten() {
        postings.load(word)?;
    }
    Ok(words)
}

/// Every candidate document with its score: (score, document), in document
/// order.
fn scored_documents(
    postings: &Postings,
    plan: &Plan,
    docs: &[(DocId, usize)],
    word_lists: &[Vec<&List>],
    bm25: &Bm25,
) -> Result<Vec<(f32, DocId)>> {
    let settings = bm25.settings;
    let mut scored = Vec::with_capacity(docs.len());
    // `docs` and every unit's occurrences ascend by document: one cursor per unit walks them.
    let mut cursors = vec![0; plan.found.len()];
    let mut present = Vec::with_capacity(plan.found.len());
    let mut per_unit = Vec::with_capacity(plan.found.len());
    for &(doc, _) in docs {
        let mut score = 0.0;
        // How rare the units the document has are, together.
        let mut present_idf = 0.0;
        present.clear();
        per_unit.clear();
        let units = plan.found.iter().zip(word_lists).zip(&plan.asking);
        for (((found, unit_words), &asking), cursor) in units.zip(&mut cursors) {
            while found.get(*cursor).is_some_and(|d| d.doc < doc) {
                *cursor += 1;
            }
            // A question's own words (如何, 什么时候) say nothing of what a page is about.
            let Some(in_doc) = found.get(*cursor).filter(|d| d.doc == doc && !asking) else {
                per_unit.push(None);
                continue;
            };
            let idf = bm25.idf(found.len());
            per_unit.push(Some((in_doc.list.as_slice(), idf)));
            present.push(in_doc.list.as_slice());
            present_idf += idf;
            let flags = in_doc.list.iter().map(|o| o.flags);
            score += settings.phrase_weight * bm25.score(found.len(), in_doc.norm, flags);
            let place = in_doc.list.iter().fold(0, |all, o| all | o.flags);
            score += bm25.title_bonus(found.len(), place);
            for word_list in unit_words {
                if let Some(entry) = word_list.find(doc) {
                    let flags = entry.flags.iter().copied();
                    score += bm25.score(word_list.len(), entry.norm, flags);
                }
            }
        }
        // Proximity sorts every unit's first occurrences in the document: n log n steps.
        let sorted: usize = present
            .iter()
            .map(|list| list.len().min(MAX_PROXIMITY_OCCURRENCES))
            .sum();
        postings.spend(sorted * (1 + sorted.max(1).ilog2() as usize))?;
        let closeness = closeness(&present);
        score += settings.proximity_weight * closeness;
        score += settings.whole_title_weight * title_of_words_idf(&per_unit, &plan.asking);
        if plan.partial {
            score += settings.partial_proximity_weight * present_idf * closeness;
            score += settings.joined_weight * joined_idf(&plan.units, &per_unit);
        }
        scored.push((score, doc));
    }
    Ok(scored)
}

/// Adds to each pinyin reading the text that its run of sounds matched in `document` (静夜思
/// for `jingyesi`, normalized as the vocabulary is), as far as the part of the document held
/// shows it.
fn sounded_words(index: &Index, plan: &Plan, document: &Document, readings: &mut [PinyinReading]) {
    let pinyin = plan.units.iter().zip(&plan.found).filter(|(u, _)| u.pinyin);
    for ((unit, found), reading) in pinyin.zip(readings) {
        let Some(in_document) = in_doc(found, document.doc) else {
            continue;
        };
        let by_sound = |o: &&Occurrence| {
            is_sounded(unit.alternatives[o.alternative].iter().flatten().copied())
        };
        for occurrence in in_document.list.iter().filter(by_sound) {
            let end = occurrence.start + occurrence.len;
            let text = index
                .normalizer()
                .normalize(&document.stream_text(occurrence.start, end));
            let whole = text.chars().count() == occurrence.len as usize;
            if whole && reading.words.len() < MAX_SOUNDED_WORDS && !reading.words.contains(&text) {
                reading.words.push(text);
            }
        }
    }
}

/// What "did you mean" offers: words to try, and, when nothing was found and one part alone was
/// mended beyond doubt, that part as typed and its mending, to search instead.
struct Offered {
    words: Vec<String>,
    pub(crate) correction: Option<(String, String)>,
}

/// Words to offer for the units that occur nowhere: the corpus's texts one typo away first, then (when
/// nothing was found at all) completions of the longest start of a unit, half of it or more,
/// that has any.
fn suggestions(
    index: &Index,
    postings: &mut Postings,
    plan: &Plan,
    nothing_found: bool,
) -> Result<Offered> {
    let mut out: Vec<String> = Vec::new();
    let mut missing = Missing::default();
    // The parts mended, as typed, with their first mending and whether it is sure.
    let mut mended: Vec<(String, String, bool)> = Vec::new();
    for unit in plan.to_mend().filter(|u| !u.pinyin) {
        // Runs of sounds and texts with a gap are read on a budget of their own: one too
        // common to read in it is no fix, not a failed search.
        let mut loose = Postings::new(index, postings.budget() / 4);
        let mut find = |pattern: &[Option<char>]| first_place(postings, pattern);
        let mut find_loosely = |pattern: &[Option<char>]| -> Result<Option<(usize, DocId, u32)>> {
            match first_place(&mut loose, pattern) {
                Err(Error::OverBudget(_)) => Ok(None),
                other => other,
            }
        };
        let fixes = typos::near_misses(
            index,
            &unit.alternatives[0],
            &unit.typed,
            MAX_SUGGESTIONS_OFFERED,
            &mut find,
            &mut find_loosely,
        );
        // Every part is mended in the same rounds of loading, not one part after the other.
        let Some(fixes) = missing.gather(fixes)? else {
            continue;
        };
        if let Some(first) = fixes.words.first() {
            mended.push((unit.text.clone(), first.clone(), fixes.sure));
        }
        for word in fixes.words {
            if !out.contains(&word) {
                out.push(word);
            }
        }
    }
    missing.check()?;
    let correction = match mended.as_slice() {
        // Tried when nothing or only part of the query was found; shown when it finds more. The
        // other mendings, if any, are of the pieces of the same part (异不 of 异不组件).
        [(typed, fix, true), pieces @ ..]
            if pieces
                .iter()
                .all(|(piece, _, _)| typed.contains(piece.as_str())) =>
        {
            Some((typed.clone(), fix.clone()))
        }
        _ => None,
    };
    if out.is_empty() && nothing_found {
        if let Some(unit) = plan.absent_units().find(|u| !u.pinyin) {
            let typed: String = unit.typed.iter().collect();
            let ends: Vec<usize> = typed.char_indices().map(|(at, _)| at).collect();
            let shortest = unit.typed.len().div_ceil(2).max(1);
            for &end in ends.iter().skip(shortest).rev() {
                let completions = suggest::suggest(
                    index,
                    typed.get(..end).unwrap_or(""),
                    MAX_SUGGESTIONS_OFFERED,
                )?;
                if !completions.is_empty() {
                    out = completions;
                    break;
                }
            }
        }
    }
    out.truncate(MAX_SUGGESTIONS_OFFERED);
    Ok(Offered {
        words: out,
        correction,
    })
}

/// How many documents hold `pattern` (a gap is any one character), and the first place one does.
fn first_place(
    postings: &mut Postings,
    pattern: &[Option<char>],
) -> Result<Option<(usize, DocId, u32)>> {
    let found = occurrences_any_gaps(postings, pattern)?;
    Ok(found.first().and_then(|first| {
        let start = first.list.first()?.start;
        Some((found.len(), first.doc, start))
    }))
}

/// The documents that have any excluded part of the query, ascending.
fn excluded_docs(postings: &mut Postings, parsed: &Query) -> Result<Vec<DocId>> {
    let mut excluded = Vec::new();
    for part in &parsed.excluded {
        excluded.extend(
            unit_occurrences(postings, &Unit::typed(part))?
                .into_iter()
                .map(|in_doc| in_doc.doc),
        );
    }
    sort_dedup(&mut excluded);
    Ok(excluded)
}

/// The summed idf of the query's units that stand in a document as they were typed, each right
/// after the one before it (or overlapping it, as a name's character pairs do).
fn joined_idf(units: &[Unit], per_unit: &[Option<(&[Occurrence], f32)>]) -> f32 {
    let mut joined = 0.0;
    for (i, unit) in units.iter().enumerate().skip(1) {
        if !unit.follows {
            continue;
        }
        if let (Some((before, before_idf)), Some((after, idf))) = (per_unit[i - 1], per_unit[i]) {
            if follows_in_text(before, after) {
                joined += before_idf + idf;
            }
        }
    }
    joined
}

/// The summed idf of the query's words when they are the document's whole title, one after the
/// other (高级 trait, a page's title, and not 高级特征 whose page lists it); else 0. A single unit
/// that is the whole title says so by its own flag.
fn title_of_words_idf(per_unit: &[Option<(&[Occurrence], f32)>], asking: &[bool]) -> f32 {
    let mut spans: Vec<(u32, u32, u8)> = Vec::with_capacity(per_unit.len());
    let mut idf = 0.0;
    for (found, _) in per_unit.iter().zip(asking).filter(|(_, &asking)| !asking) {
        let Some((list, unit_idf)) = found else {
            return 0.0;
        };
        let Some(titled) = list.iter().find(|o| o.flags & FLAG_TITLE != 0) else {
            return 0.0;
        };
        spans.push((titled.start, titled.start + titled.len, titled.flags));
        idf += unit_idf;
    }
    if spans.len() < 2 {
        return 0.0;
    }
    crate::order::sort(&mut spans);
    let starts_title = spans[0].0 == 0;
    let ends_title = spans.last().is_some_and(|s| s.2 & FLAG_TITLE_END != 0);
    // One word right after the other, or past a space between them.
    let one_after_another = spans.windows(2).all(|w| w[1].0 <= w[0].1 + 1);
    if starts_title && ends_title && one_after_another {
        idf
    } else {
        0.0
    }
}

/// Whether an occurrence of `after` starts inside or right after one of `before`.
fn follows_in_text(before: &[Occurrence], after: &[Occurrence]) -> bool {
    let mut starts: Vec<u32> = after.iter().map(|o| o.start).collect();
    crate::order::sort(&mut starts);
    before.iter().any(|o| {
        let first = starts.partition_point(|&s| s <= o.start);
        starts.get(first).is_some_and(|&s| s <= o.start + o.len)
    })
}
