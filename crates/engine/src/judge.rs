//! The judged test set: queries with the articles each must return, checked against results.
//!
//! One file, `tests/judged.tsv`, is read by the native tests, by the wasm tests in the browser
//! and by `sousuo judge`, so every path answers the same questions. Its lines are
//!
//! ```text
//! category <TAB> query <TAB> expected <TAB> first <TAB> checks
//! ```
//!
//! `expected` lists document ids (or their first characters, up to `_`) separated by commas, or
//! `-` for none: the hits must be exactly these. A partial answer (no document has the whole
//! query) may hold more: any document with a telling part of the query is one, ranked after the
//! expected ones, which must be its first hits, and each saying what it lacks. `first`, if not empty, is the one that must rank
//! first. `checks` are optional and space-separated: `partial` (the answer is a partial match),
//! `exact` (it is not), `missing:W` (some hit lacks W), `pinyin:W` (pinyin was read as W),
//! `suggest:W` (W is among the suggestions), `fix:W` (the query is a typo: its answer is empty or
//! partial, W is offered, and the expected articles are W's answer, the one a reader gets by
//! taking the offer; or W was searched in its place, `corrected:W`), `corrected:W` (the query is
//! a typo mended beyond doubt to W, whose articles it answers with, saying so). Lines starting
//! with `#` are comments.
//!
//! Nothing here is compiled into the wasm's exports: it only reads results.

use crate::search::SearchResults;
use std::collections::BTreeMap;

/// One judged query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judgement {
    /// What kind of query it is, for the table.
    pub category: String,
    /// The query as a user types it.
    pub query: String,
    /// The ids (or id prefixes) of every article it must return; empty for none.
    pub expected: Vec<String>,
    /// The article that must come first, if it matters.
    pub first: Option<String>,
    /// Further checks on the answer.
    pub checks: Vec<Check>,
}

/// A check beyond which articles come back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    /// The answer says it is a partial match.
    Partial,
    /// The answer is a full match.
    Exact,
    /// Some hit lacks this word.
    Missing(String),
    /// Pinyin in the query was read as this word.
    Pinyin(String),
    /// This word is among the suggestions.
    Suggests(String),
    /// The query is a typo that this text mends: the query gets no full answer, the text is
    /// offered, and the expected articles are the text's answer.
    Fixes(String),
    /// The query is a typo mended beyond doubt to this text, which was searched in its place:
    /// the expected articles are the text's.
    Corrected(String),
}

/// Reads a judged set.
pub fn parse(text: &str) -> Result<Vec<Judgement>, String> {
    let mut judgements = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [category, query, expected, rest @ ..] = fields.as_slice() else {
            return Err(format!(
                "line {}: expected category, query, expected ids",
                n + 1
            ));
        };
        let expected = match expected.trim() {
            "-" => Vec::new(),
            ids => ids.split(',').map(|id| id.trim().to_string()).collect(),
        };
        let first = rest
            .first()
            .map(|f| f.trim())
            .filter(|f| !f.is_empty() && *f != "-")
            .map(str::to_string);
        let mut checks = Vec::new();
        for check in rest.get(1).into_iter().flat_map(|c| c.split_whitespace()) {
            checks.push(match check.split_once(':') {
                None if check == "partial" => Check::Partial,
                None if check == "exact" => Check::Exact,
                Some(("missing", w)) => Check::Missing(w.to_string()),
                Some(("pinyin", w)) => Check::Pinyin(w.to_string()),
                Some(("suggest", w)) => Check::Suggests(w.to_string()),
                Some(("fix", w)) => Check::Fixes(w.to_string()),
                Some(("corrected", w)) => Check::Corrected(w.to_string()),
                _ => return Err(format!("line {}: unknown check {check:?}", n + 1)),
            });
        }
        judgements.push(Judgement {
            category: category.to_string(),
            query: query.to_string(),
            expected,
            first,
            checks,
        });
    }
    Ok(judgements)
}

/// Whether document `id` is the one `wanted` names (its id, or the id's start up to `_`).
fn names(wanted: &str, id: &str) -> bool {
    id == wanted
        || id
            .strip_prefix(wanted)
            .is_some_and(|rest| rest.starts_with('_'))
}

/// Judges one query with `search` (all its hits on one page); the error says what differs. A
/// `fix:W` query is searched twice: as typed, then as mended.
pub fn judge(
    judgement: &Judgement,
    search: &mut dyn FnMut(&str) -> Result<SearchResults, String>,
) -> Result<(), String> {
    let typed = search(&judgement.query)?;
    let mended = judgement.checks.iter().find_map(|c| match c {
        Check::Fixes(text) => Some(text),
        _ => None,
    });
    let mut problems = answer_problems(judgement, &typed);
    let searched_mended = mended.is_some_and(|text| corrected_to(judgement, &typed, text));
    if let (Some(text), false) = (mended, searched_mended) {
        // A typo's own answer is never a full one: only the offer leads to the articles.
        if !typed.hits.is_empty() && !typed.partial {
            problems.push(format!(
                "answered {} articles in full as typed",
                typed.hits.len()
            ));
        }
        let answer = search(text)?;
        problems.extend(
            articles_problems(judgement, &answer)
                .into_iter()
                .map(|p| format!("taking the offer {text:?}: {p}")),
        );
    } else {
        problems.splice(0..0, articles_problems(judgement, &typed));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} {:?}: {}",
            judgement.category,
            judgement.query,
            problems.join("; ")
        ))
    }
}

/// How an answer's articles differ from the expected ones. A partial answer's expected
/// articles are its first hits; those after them must each lack part of the query.
fn articles_problems(judgement: &Judgement, results: &SearchResults) -> Vec<String> {
    let mut problems = Vec::new();
    let ids: Vec<&str> = results.hits.iter().map(|h| h.id.as_str()).collect();
    let judged = if results.partial {
        judgement.expected.len().min(ids.len())
    } else {
        ids.len()
    };
    let unexpected: Vec<&str> = ids[..judged]
        .iter()
        .copied()
        .filter(|id| !judgement.expected.iter().any(|w| names(w, id)))
        .collect();
    let lacking: Vec<&str> = judgement
        .expected
        .iter()
        .map(String::as_str)
        .filter(|w| !ids.iter().any(|id| names(w, id)))
        .collect();
    let whole_after: Vec<&str> = results.hits[judged..]
        .iter()
        .filter(|hit| hit.missing.is_empty())
        .map(|hit| hit.id.as_str())
        .collect();
    if !unexpected.is_empty() {
        problems.push(if results.partial {
            format!("returned {unexpected:?} before the expected articles")
        } else {
            format!("returned {unexpected:?}, which it must not")
        });
    }
    if !lacking.is_empty() {
        problems.push(format!("did not return {lacking:?}"));
    }
    if !whole_after.is_empty() {
        problems.push(format!(
            "returned {whole_after:?} after the expected articles without saying what they lack"
        ));
    }
    if results.total != results.hits.len() {
        problems.push(format!(
            "total {} but {} hits on the page",
            results.total,
            results.hits.len()
        ));
    }
    if let Some(first) = &judgement.first {
        if !ids.first().is_some_and(|id| names(first, id)) {
            problems.push(format!("{first} must come first, not {:?}", ids.first()));
        }
    }
    problems
}

/// Which of a judgement's checks an answer fails.
fn answer_problems(judgement: &Judgement, results: &SearchResults) -> Vec<String> {
    let mut problems = Vec::new();
    for check in &judgement.checks {
        let ok = match check {
            Check::Partial => results.partial,
            Check::Exact => !results.partial,
            Check::Missing(word) => results.hits.iter().any(|h| h.missing.contains(word)),
            Check::Pinyin(word) => results.pinyin.iter().any(|p| p.words.contains(word)),
            Check::Suggests(word) => results.suggestions.contains(word),
            Check::Fixes(word) => {
                results.suggestions.contains(word) || corrected_to(judgement, results, word)
            }
            Check::Corrected(word) => corrected_to(judgement, results, word),
        };
        if !ok {
            problems.push(format!(
                "{check:?} does not hold (partial {}, pinyin {:?}, suggestions {:?}, searched {:?})",
                results.partial, results.pinyin, results.suggestions, results.query
            ));
        }
    }
    problems
}

/// Whether `results` are those of the query mended to `word` beyond doubt, searched in its place.
fn corrected_to(judgement: &Judgement, results: &SearchResults, word: &str) -> bool {
    results.corrected_from.as_deref() == Some(judgement.query.as_str()) && results.query == word
}

/// A Markdown table of pass counts by category, in the order categories first appear.
pub fn table(outcomes: &[(&Judgement, Result<(), String>)]) -> String {
    let mut order: Vec<&str> = Vec::new();
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (judgement, outcome) in outcomes {
        let category = judgement.category.as_str();
        if !order.contains(&category) {
            order.push(category);
        }
        let entry = counts.entry(category).or_default();
        entry.0 += 1;
        entry.1 += usize::from(outcome.is_ok());
    }
    let mut out = String::from("| category | queries | pass |\n|---|---:|---:|\n");
    for category in order {
        let (queries, passed) = counts[category];
        out.push_str(&format!("| {category} | {queries} | {passed} |\n"));
    }
    let passed = outcomes.iter().filter(|(_, o)| o.is_ok()).count();
    out.push_str(&format!(
        "| **all** | **{}** | **{passed}** |\n",
        outcomes.len()
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_parse_with_optional_fields() {
        let set = parse("# c\tq\te\nname\t张小兵\t004\t004\texact\nnone\t举报\t-\nx\tq\t000,001\t\tsuggest:朱浩民 partial\n").unwrap();
        assert_eq!(set.len(), 3);
        assert_eq!(set[0].first.as_deref(), Some("004"));
        assert_eq!(set[0].checks, [Check::Exact]);
        assert!(set[1].expected.is_empty() && set[1].first.is_none());
        assert_eq!(set[2].expected, ["000", "001"]);
        assert_eq!(
            set[2].checks,
            [Check::Suggests("朱浩民".into()), Check::Partial]
        );
        assert!(parse("a\tb").is_err());
        assert!(parse("a\tb\t-\t\tnonsense").is_err());
    }

    fn answer(ids: &[&str], partial: bool) -> SearchResults {
        SearchResults {
            query: String::new(),
            total: ids.len(),
            total_estimate: None,
            sorts: Vec::new(),
            hits: ids
                .iter()
                .map(|id| crate::Hit {
                    id: id.to_string(),
                    title: String::new(),
                    score: 1.0,
                    title_segments: Vec::new(),
                    snippet: Vec::new(),
                    missing: Vec::new(),
                    url: None,
                    sections: Vec::new(),
                    meta: Default::default(),
                })
                .collect(),
            partial,
            pinyin: Vec::new(),
            suggestions: Vec::new(),
            corrected_from: None,
            notices: Vec::new(),
            filters: Default::default(),
            correction: None,
        }
    }

    /// Judges with one answer for every query.
    fn check(judgement: &Judgement, results: &SearchResults) -> Result<(), String> {
        judge(judgement, &mut |_| Ok(results.clone()))
    }

    #[test]
    fn check_names_every_difference() {
        let judgement = &parse("x\tq\t001,004\t004\tpartial\n").unwrap()[0];
        assert!(check(judgement, &answer(&["004_a", "001_b"], true)).is_ok());
        let wrong = check(judgement, &answer(&["001_b", "002_c"], false)).unwrap_err();
        assert!(
            wrong.contains("002_c") && wrong.contains("\"004\""),
            "{wrong}"
        );
        assert!(
            wrong.contains("must come first") && wrong.contains("Partial"),
            "{wrong}"
        );
        let none = &parse("x\tq\t-\n").unwrap()[0];
        assert!(check(none, &answer(&[], false)).is_ok());
        assert!(check(none, &answer(&["000_a"], false)).is_err());
    }

    #[test]
    fn a_partial_answer_holds_the_expected_articles_first_and_says_what_the_rest_lack() {
        let judgement = &parse("x\tq\t001,004\t\tpartial\n").unwrap()[0];
        let lacking = |ids: &[&str], missing_from: usize| {
            let mut results = answer(ids, true);
            for hit in &mut results.hits[missing_from..] {
                hit.missing = vec!["词".into()];
            }
            results
        };
        assert!(check(judgement, &lacking(&["004_a", "001_b", "002_c"], 2)).is_ok());
        let before = check(judgement, &lacking(&["004_a", "002_c", "001_b"], 1)).unwrap_err();
        assert!(before.contains("before the expected"), "{before}");
        let unsaid = check(judgement, &lacking(&["004_a", "001_b", "002_c"], 3)).unwrap_err();
        assert!(unsaid.contains("without saying"), "{unsaid}");
        // A full answer is still exactly the expected articles.
        let full = &parse("x\tq\t001\n").unwrap()[0];
        assert!(check(full, &answer(&["001_b", "002_c"], false)).is_err());
    }

    #[test]
    fn a_typo_is_judged_by_the_answer_of_the_text_it_offers() {
        let typo = &parse("typo\t春眠不绝晓\t079\t079\tfix:春眠不觉晓\n").unwrap()[0];
        let offering = |typed: SearchResults| {
            move |query: &str| -> Result<SearchResults, String> {
                Ok(match query {
                    "春眠不绝晓" => typed.clone(),
                    "春眠不觉晓" => answer(&["079_a"], false),
                    _ => answer(&["999_z"], false),
                })
            }
        };
        let with_offer = |ids: &[&str], partial: bool| SearchResults {
            suggestions: vec!["春眠不觉晓".into()],
            ..answer(ids, partial)
        };
        // As typed: nothing, or a partial answer; either way the offer leads to the poem.
        assert!(judge(typo, &mut offering(with_offer(&[], false))).is_ok());
        assert!(judge(typo, &mut offering(with_offer(&["430_b"], true))).is_ok());
        // No offer, or a full answer to the typo as if it were right, fails.
        let unoffered = judge(typo, &mut offering(answer(&[], false))).unwrap_err();
        assert!(unoffered.contains("Fixes"), "{unoffered}");
        let full = judge(typo, &mut offering(with_offer(&["079_a"], false))).unwrap_err();
        assert!(full.contains("in full as typed"), "{full}");
        // The offer's own answer is what the expected articles are checked against.
        let wrong_answer = &parse("typo\t春眠不绝晓\t080\t\tfix:春眠不觉晓\n").unwrap()[0];
        let err = judge(wrong_answer, &mut offering(with_offer(&[], false))).unwrap_err();
        assert!(
            err.contains("taking the offer") && err.contains("079_a"),
            "{err}"
        );
    }

    #[test]
    fn ids_match_by_prefix_up_to_the_underscore() {
        assert!(names("004", "004_5b3b55316f9678e7"));
        assert!(names("004_5b3b55316f9678e7", "004_5b3b55316f9678e7"));
        assert!(!names("00", "004_5b3b55316f9678e7"));
    }
}
