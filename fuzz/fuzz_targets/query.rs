//! Any query, any paging, against the embedded index: the query path (parse → normalize →
//! segment → pinyin → search → snippet → article) answers every input, within its limits.
#![no_main]
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use sousuo::{SearchOptions, MAX_LIMIT, MAX_QUERY_CHARS};

#[derive(Arbitrary, Debug)]
struct Input {
    limit: u8,
    offset: u8,
    /// Last, so that it takes the rest of the input: a seed is two bytes and then a query.
    query: String,
}

fuzz_target!(|input: Input| {
    let index = sousuo::embedded_index().unwrap();
    let limit = usize::from(input.limit) % MAX_LIMIT + 1;
    let options = SearchOptions {
        limit,
        offset: usize::from(input.offset) % 8,
        ..SearchOptions::default()
    };
    let results = sousuo::search(index, &input.query, &options).expect("a valid limit is answered");
    assert!(results.hits.len() <= limit);
    assert!(results.query.chars().count() <= MAX_QUERY_CHARS);
    for hit in &results.hits {
        assert!(hit.snippet.iter().chain(&hit.title_segments).all(|s| !s.text.is_empty()));
        let article = sousuo::article(index, &hit.id, Some(&input.query)).expect("a hit opens");
        assert_eq!(article.id, hit.id);
    }
    let _ = sousuo::suggest(index, &input.query, 10).expect("suggestions are answered");
    let _ = sousuo::article(index, &input.query, None);
});
