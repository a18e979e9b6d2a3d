//! The judged set (tests/judged.tsv) over the seed corpus, natively. tests/web.rs runs the same
//! file through the wasm in a browser.
#![cfg(not(target_arch = "wasm32"))]

use sousuo::judge::{self, Judgement};
use sousuo::SearchResults;
use sousuo::{SearchOptions, MAX_LIMIT};

/// The judged set.
fn judgements() -> Vec<Judgement> {
    judge::parse(include_str!("judged.tsv")).unwrap()
}

/// A judged query's answer over the seeds: as many hits as a page may show, which the rule reads.
fn search(query: &str) -> sousuo::Result<SearchResults> {
    let options = SearchOptions {
        limit: MAX_LIMIT,
        ..SearchOptions::default()
    };
    sousuo::search(sousuo::embedded_index().unwrap(), query, &options)
}

#[cfg(feature = "full")]
#[test]
fn every_judged_query_gets_its_articles() {
    let judgements = judgements();
    assert!(
        judgements.len() >= 60,
        "the judged set needs 60 queries or more"
    );
    let failures: Vec<String> = judgements
        .iter()
        .filter_map(|judgement| {
            judge::judge(judgement, &mut |query| {
                search(query).map_err(|e| e.to_string())
            })
            .err()
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `sousuo judge --answers` judges answers recorded elsewhere (the wasm's, in a browser) by the
/// same rule: the native answers pass, and one article taken out of one answer is caught.
#[cfg(feature = "full")]
#[test]
fn recorded_answers_are_judged_by_the_same_rule() {
    let judgements = judgements();
    let mut answers = std::collections::BTreeMap::new();
    for judgement in &judgements {
        judge::judge(judgement, &mut |query| {
            let results = search(query).map_err(|e| e.to_string())?;
            answers.insert(query.to_string(), results.clone());
            Ok(results)
        })
        .unwrap();
    }
    let dir = std::env::temp_dir().join(format!("sousuo-answers-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("answers.json");
    let judge_recorded = |answers: &std::collections::BTreeMap<String, SearchResults>| {
        std::fs::write(&file, serde_json::to_string(answers).unwrap()).unwrap();
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_sousuo-embedded"))
            .args(["judge", "tests/judged.tsv", "--answers"])
            .arg(&file)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        (output.status.success(), stdout)
    };

    let (passed, table) = judge_recorded(&answers);
    assert!(passed, "{table}");
    assert!(table.contains(&format!(
        "| **all** | **{0}** | **{0}** |",
        judgements.len()
    )));

    let answer = answers
        .get_mut("医药高新区")
        .expect("the judged set asks 医药高新区");
    let dropped = answer.hits.pop().unwrap();
    answer.total -= 1;
    let (passed, table) = judge_recorded(&answers);
    assert!(!passed);
    assert!(
        table.contains("FAIL")
            && table.contains("\"医药高新区\"")
            && table.contains(dropped.id.split('_').next().unwrap()),
        "{table}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The lean engine (src/full.rs), run with `cargo test --no-default-features --test judged`:
/// every judged query it answers passes by the same rule, and it hands on to the full engine
/// only a query with letters (pinyin, or Latin text it cannot tell from pinyin) or one whose
/// answer offers "did you mean" (nothing found, or not all of it).
#[cfg(not(feature = "full"))]
#[test]
fn the_lean_engine_answers_what_needs_no_pinyin_and_hands_on_the_rest() {
    use judge::Check;
    let judgements = judgements();
    let mut answered = 0;
    let mut problems = Vec::new();
    for judgement in &judgements {
        let query = judgement.query.as_str();
        match search(query) {
            Err(sousuo::Error::NeedsFullEngine(_)) => {
                let letters = query.chars().any(|c| c.is_alphabetic() && !is_han(c));
                let offers = judgement.expected.is_empty()
                    || judgement.checks.iter().any(|check| {
                        matches!(
                            check,
                            Check::Partial
                                | Check::Suggests(_)
                                | Check::Fixes(_)
                                | Check::Corrected(_)
                        )
                    });
                if !letters && !offers {
                    problems.push(format!(
                        "{query}: handed on, though it needs no full engine"
                    ));
                }
            }
            Err(error) => problems.push(format!("{query}: {error}")),
            Ok(_) => {
                answered += 1;
                if let Err(problem) =
                    judge::judge(judgement, &mut |q| search(q).map_err(|e| e.to_string()))
                {
                    problems.push(problem);
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // What the lean engine is for: most queries, Chinese text that is found, need nothing more.
    assert!(answered * 2 > judgements.len(), "answered {answered}");
}

#[cfg(not(feature = "full"))]
fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{3134f}')
}
