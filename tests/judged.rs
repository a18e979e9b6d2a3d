//! The judged set (tests/judged.tsv) over the seed corpus, natively. tests/web.rs runs the same
//! file through the wasm in a browser.
#![cfg(not(target_arch = "wasm32"))]

use sousuo::judge;
use sousuo::search::{SearchOptions, MAX_LIMIT};
use sousuo::Index;

#[test]
fn every_judged_query_gets_its_articles() {
    let judgements = judge::parse(include_str!("judged.tsv")).unwrap();
    assert!(
        judgements.len() >= 60,
        "the judged set needs 60 queries or more"
    );
    let options = SearchOptions {
        limit: MAX_LIMIT,
        offset: 0,
        ..SearchOptions::default()
    };
    let failures: Vec<String> = judgements
        .iter()
        .filter_map(|judgement| {
            judge::judge(judgement, &mut |query| {
                sousuo::search(Index::embedded().unwrap(), query, &options)
                    .map_err(|e| e.to_string())
            })
            .err()
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
