//! Front matter, Markdown and HTML as the indexer reads them: no input may panic, and none may
//! run away (the run's -timeout catches one that takes seconds, as nested markup once did).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (bool, String)| {
    let (html, text) = input;
    let rel = if html { "posts/page.html" } else { "posts/page.md" };
    let _ = sousuo_indexer::sources::read_page(rel, &text);
});
