//! Whatever a user types gets an answer or a clear error: through the library and the command.
//! (The same inputs through the wasm are in tests/web.rs; lone surrogates, which only JavaScript
//! strings can hold, in tests/e2e/.)
#![cfg(not(target_arch = "wasm32"))]

use sousuo::{Error, Index, Notice, SearchResults};
use sousuo::{SearchOptions, MAX_QUERY_CHARS, WORK_BUDGET};
use std::process::Command;

fn index() -> &'static Index<'static> {
    sousuo::embedded_index().unwrap()
}

fn search(query: &str) -> SearchResults {
    sousuo::search(index(), query, &SearchOptions::default())
        .unwrap_or_else(|e| panic!("{query:?} is answered, not refused: {e}"))
}

fn ids(results: &SearchResults) -> Vec<&str> {
    results.hits.iter().map(|h| h.id.as_str()).collect()
}

/// Searching, suggesting and opening an article with `query` all answer.
fn answers(query: &str) -> SearchResults {
    let results = search(query);
    assert!(results.hits.len() <= results.total);
    for hit in &results.hits {
        sousuo::article(index(), &hit.id, Some(query)).unwrap();
    }
    sousuo::suggest(index(), query, 10).unwrap();
    results
}

/// Each of `variants` finds exactly what `plain` finds, in the same order.
fn assert_same_hits(plain: &str, variants: &[&str]) {
    let expected = ids(&search(plain)).join(" ");
    for query in variants {
        assert_eq!(ids(&answers(query)).join(" "), expected, "{query:?}");
    }
}

#[test]
fn empty_and_blank_queries_find_nothing_quietly() {
    for query in ["", " ", "   ", "\t\n", "\u{3000}\u{3000}", "\u{00A0}"] {
        let results = answers(query);
        assert_eq!(
            (results.total, results.notices.as_slice()),
            (0, [].as_slice()),
            "{query:?}"
        );
    }
}

#[test]
fn exclusions_alone_and_lone_operators_are_answered() {
    let results = answers("-泰州 -医药");
    assert_eq!(results.total, 0);
    assert_eq!(results.notices, [Notice::OnlyExcluded]);
    for query in [
        "-",
        "- -",
        "--",
        "---泰州",
        "-\"\"",
        "\"\"",
        "\"-\"",
        "\"",
        "\"\"\"\"",
        "“”",
    ] {
        answers(query);
    }
    // `--x` is not an exclusion of `-x`: punctuation is searchable text.
    assert_eq!(answers("--泰州").total, 0);
}

#[test]
fn unbalanced_and_nested_quotes_read_as_well_as_they_can() {
    assert_same_hits(
        "医药高新区",
        &[
            "\"医药高新区",
            "医药高新区\"",
            "“医药高新区",
            "\"“医药高新区”\"",
        ],
    );
    answers("\"医\"药\"高\"");
    assert_eq!(ids(&answers("\"\"医药\"\"")), ids(&search("医药")));
    // A quote is syntax, never text: a stray one leaves the answer whole, not partial.
    for query in [
        "医药高新区\"",
        "医药高新区”",
        "”医药高新区",
        "-” 医药高新区",
    ] {
        let results = answers(query);
        assert!(!results.partial && results.total == 4, "{query:?}");
    }
}

#[test]
fn long_and_pasted_queries_are_cut_and_say_so() {
    for query in ["医".repeat(10_000), "医药高新区 ".repeat(200_000)] {
        let results = answers(&query);
        assert_eq!(results.query.chars().count(), MAX_QUERY_CHARS);
        assert_eq!(results.notices, [Notice::QueryCut { kept: 256 }]);
    }
    // One megabyte of real article text, pasted whole.
    let seed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/seeds/001_9fc454ccbfdced76.txt"
    ))
    .unwrap();
    let pasted = seed.repeat((1 << 20) / seed.len() + 1);
    assert!(pasted.len() >= 1 << 20);
    let results = answers(&pasted);
    assert_eq!(results.notices[0], Notice::QueryCut { kept: 256 });
}

#[test]
fn control_characters_and_nul_are_ignored_between_words() {
    assert_same_hits(
        "医药",
        &[
            "医\0药",
            "\u{1}医药\u{7F}",
            "医\u{1B}药",
            "\u{85}医药\u{9F}",
        ],
    );
    let results = answers("\0\u{1}\u{2}");
    assert_eq!(results.notices, [Notice::NothingReadable]);
}

#[test]
fn other_scripts_emoji_and_combining_marks_are_searched_as_text() {
    for query in [
        "😀",
        "👨‍👩‍👧",
        "🇨🇳",
        "e\u{301}",
        "שלום עולם",
        "مرحبا",
        "こんにちは カタカナ",
        "안녕하세요",
        "\u{FFFD}",
        "𠀀𪚥",
    ] {
        let results = answers(query);
        assert_eq!(results.total, 0, "{query:?} is not in the corpus");
    }
    // Bidi controls around a word are formatting, not text: the word is found.
    assert_same_hits("医药", &["\u{202E}医药\u{202C}"]);
    // Next to a word the corpus has, the foreign part is reported missing, not fatal.
    let results = answers("医药高新区 😀");
    assert!(results.partial || results.total == 0);
}

#[test]
fn bad_paging_is_refused_with_the_allowed_range() {
    for limit in [0, 101, usize::MAX] {
        let options = SearchOptions {
            limit,
            ..SearchOptions::default()
        };
        let error = sousuo::search(index(), "泰州", &options).unwrap_err();
        assert!(error.to_string().contains("between 1 and 100"), "{error}");
    }
    let beyond = SearchOptions {
        offset: usize::MAX,
        ..SearchOptions::default()
    };
    let results = sousuo::search(index(), "泰州", &beyond).unwrap();
    assert_eq!((results.total, results.hits.len()), (5, 0));
}

#[test]
fn unknown_and_malformed_article_ids_are_named_in_the_error() {
    let long = "x".repeat(10_000);
    for id in [
        "",
        " ",
        "../../etc/passwd",
        "001_9fc454ccbfdced76 ",
        "\0",
        "😀",
        &long,
    ] {
        match sousuo::article(index(), id, Some("医药")) {
            Err(Error::UnknownDocument(named)) => assert_eq!(named, id),
            other => panic!("{id:?}: {other:?}"),
        }
    }
}

#[test]
fn a_query_over_its_work_budget_gets_a_notice_not_a_long_wait() {
    let common: String = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞".chars().take(MAX_QUERY_CHARS).collect();
    let spaced: String = common.chars().flat_map(|c| [c, ' ']).collect();
    // Unspaced, the run is settled by its first bigram that no document has, and its words
    // by theirs: far inside the budget. No article has it whole; some have a few of its words.
    let results = search(&common);
    assert!(results.total == 0 || results.partial);
    assert!(!over_budget(&results));
    {
        let query = &spaced;
        let results = search(query);
        assert!(
            !over_budget(&results),
            "the heaviest query on the seeds stays inside the budget of {WORK_BUDGET}"
        );
        let tight = SearchOptions {
            work_budget: 100,
            ..SearchOptions::default()
        };
        let results = sousuo::search(index(), query, &tight).unwrap();
        assert_eq!((results.total, results.hits.len()), (0, 0));
        assert!(over_budget(&results));
    }
    // A quoted phrase with gaps reads document text; that counts too.
    let starved = SearchOptions {
        work_budget: 1,
        ..SearchOptions::default()
    };
    let results = sousuo::search(index(), "\"医药 高新区\"", &starved).unwrap();
    assert!(over_budget(&results));
}

#[test]
fn a_query_too_broad_for_its_budget_answers_from_the_first_documents_and_says_so() {
    let query = "的 在";
    let whole = search(query);
    assert_eq!((whole.total, whole.total_estimate), (5, None));
    // The smallest budget that answers at all answers from part of the index.
    let options = |work_budget| SearchOptions {
        work_budget,
        limit: 1,
        ..SearchOptions::default()
    };
    let budget = (1..20_000)
        .step_by(25)
        .find(|&b| sousuo::search(index(), query, &options(b)).unwrap().total > 0)
        .unwrap();
    let part = sousuo::search(index(), query, &options(budget)).unwrap();
    let estimate = part
        .total_estimate
        .expect("an estimate, not an exact total");
    assert!(part.total < 5 && estimate >= part.total, "{part:?}");
    assert!(
        matches!(
            part.notices.as_slice(),
            [Notice::TooBroad { documents: 5, matched, estimate: e, .. }]
                if *matched == part.total && *e == estimate
        ),
        "{:?}",
        part.notices
    );
    // Its pages never repeat or skip a hit: one by one, they are the part's whole answer, each
    // a document that the whole answer has too.
    let mut paged = Vec::new();
    for offset in 0..part.total {
        let page = sousuo::search(
            index(),
            query,
            &SearchOptions {
                offset,
                ..options(budget)
            },
        );
        let page = page.unwrap();
        assert_eq!(
            (page.total, page.total_estimate),
            (part.total, Some(estimate))
        );
        paged.extend(page.hits.into_iter().map(|h| h.id));
    }
    let mut unique = paged.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), part.total);
    assert!(paged
        .iter()
        .all(|id| whole.hits.iter().any(|h| &h.id == id)));
    // The documents searched are the first ones: the first document has both words.
    assert!(paged.iter().any(|id| id.starts_with("000")), "{paged:?}");
}

/// Runs the `sousuo` command; its exit success, stdout and stderr.
fn cli(args: &[&str]) -> (bool, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_sousuo-embedded"))
        .args(args)
        .output()
        .unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn the_command_answers_the_same_inputs() {
    let long = "医药".repeat(5_000);
    for query in [
        "",
        "   ",
        "-",
        "--",
        "\"\"",
        "\"-\"",
        "\"医药",
        "医\u{1}药",
        "😀 안녕",
        &long,
    ] {
        let (ok, out, err) = cli(&["search", query]);
        assert!(ok && err.is_empty(), "{query:?}: {err}");
        assert!(out.contains("result(s) for"), "{out}");
    }
    let (_, out, _) = cli(&["search", &long]);
    assert!(out.starts_with("The query was cut to its first 256 characters."));
    let (ok, out, _) = cli(&["search", "-泰州", "--json"]);
    assert!(
        ok && out.contains(r#""notices":[{"code":"onlyExcluded"}]"#),
        "{out}"
    );

    for (flag, value) in [
        ("--limit", "-1"),
        ("--limit", "NaN"),
        ("--limit", "1e3"),
        ("--limit", "0"),
        ("--limit", "101"),
        ("--offset", "99999999999999999999999"),
        ("--offset", "ten"),
    ] {
        let (ok, out, err) = cli(&["search", "泰州", flag, value]);
        assert!(!ok && out.is_empty(), "{flag} {value}");
        assert!(err.starts_with("sousuo: --") && err.contains(flag), "{err}");
    }
    let (ok, _, err) = cli(&["search", "泰州", "--limit"]);
    assert!(!ok && err.contains("--limit needs a value"));

    for id in ["", "../x", "no such id"] {
        let (ok, _, err) = cli(&["show", id]);
        assert!(!ok && err.contains("no article has the id"), "{err}");
    }
}

#[cfg(unix)]
#[test]
fn the_command_reads_arguments_that_are_not_utf8() {
    use std::os::unix::ffi::OsStrExt;
    let output = Command::new(env!("CARGO_BIN_EXE_sousuo-embedded"))
        .arg("search")
        .arg(std::ffi::OsStr::from_bytes(
            b"\xff\xfe\xe5\x8c\xbb\xe8\x8d\xaf",
        ))
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("result(s) for \"\u{FFFD}\u{FFFD}医药\"")
    );
}

#[test]
fn examples_are_title_words_that_each_find_articles() {
    let examples = sousuo::examples(index(), 8, None).unwrap();
    assert!(examples.len() >= 3, "{examples:?}");
    for (n, example) in examples.iter().enumerate() {
        assert!(!examples[..n].contains(example), "{example} twice");
        let results = search(example);
        assert!(
            results.total >= 1 && !results.partial,
            "{example} finds articles"
        );
        let in_a_title = results
            .hits
            .iter()
            .any(|hit| hit.title.contains(example.as_str()));
        assert!(in_a_title, "{example} is a word of a title");
    }
    assert_eq!(sousuo::examples(index(), 2, None).unwrap(), examples[..2]);
    assert!(sousuo::examples(index(), 0, None).unwrap().is_empty());
    assert!(matches!(
        sousuo::examples(index(), 51, None),
        Err(Error::InvalidArgument(_))
    ));
}

#[test]
fn full_width_letters_and_invisible_characters_are_read_as_typed_text() {
    // An input method in 全角 mode types letters full width: they are pinyin all the same.
    assert!(!search("yiyao").hits.is_empty());
    assert_same_hits("yiyao", &["ｙｉｙａｏ", "ＹＩＹＡＯ", "yi\u{3000}yao"]);
    assert_same_hits("yy", &["ｙｙ"]);
    assert_eq!(
        ids(&search("yiyao")),
        ids(&search("ｙｉｙａｏ")),
        "the same documents, in the same order"
    );
    // Formatting a paste carries along: zero-width space, BOM, soft hyphen, bidi marks, ZWJ, VS16.
    for invisible in [
        '\u{200B}', '\u{FEFF}', '\u{AD}', '\u{200E}', '\u{202B}', '\u{200D}', '\u{FE0F}',
    ] {
        let query = format!("医{invisible}药");
        assert_same_hits("医药", &[&query]);
        let results = search(&format!("\"高新{invisible}区\""));
        assert!(
            !results.partial,
            "{invisible:?}: a quoted phrase stays whole"
        );
        assert!(
            !results.hits.is_empty(),
            "{invisible:?}: a quoted phrase is found"
        );
        assert_eq!(ids(&results), ids(&search("\"高新区\"")));
    }
    assert_eq!(
        sousuo::suggest(index(), "ｙｉｙ", 5).unwrap(),
        sousuo::suggest(index(), "yiy", 5).unwrap()
    );
}

#[test]
fn a_word_typed_again_asks_nothing_more_and_costs_no_more_work() {
    let typed = |times: usize| vec!["yi"; times].join(" ");
    let once = search("yi");
    assert!(once.total > 0);
    assert_eq!(ids(&search(&typed(128))), ids(&once));
    // The smallest budget (to a factor of two) that answers `yi` whole answers it typed 128
    // times just as well: the copies are not searched, ranked or drawn again.
    let within = |query: &str, work_budget| {
        let options = SearchOptions {
            work_budget,
            ..SearchOptions::default()
        };
        let results = sousuo::search(index(), query, &options).unwrap();
        !results
            .notices
            .iter()
            .any(|n| matches!(n, Notice::TooBroad { .. } | Notice::OverBudget { .. }))
            && results.total == once.total
    };
    let budget = (6..24)
        .map(|power| 1usize << power)
        .find(|&budget| within("yi", budget))
        .expect("yi is answered within some budget");
    assert!(within(&typed(128), 2 * budget), "within {}", 2 * budget);
}

#[test]
fn a_typo_mended_beyond_doubt_is_searched_at_once_and_the_query_as_typed_stays_at_hand() {
    // 冰 for 兵: a homophone slip, and the corpus has one 張小兵 and no other.
    let results = search("張小冰");
    assert_eq!(results.corrected_from.as_deref(), Some("張小冰"));
    assert_eq!(results.query, "張小兵");
    assert_eq!(ids(&results)[0], "004_5b3b55316f9678e7");
    // Asked for as typed, it finds nothing, and offers the mending to click.
    let typed = SearchOptions {
        verbatim: true,
        ..SearchOptions::default()
    };
    let results = sousuo::search(index(), "張小冰", &typed).unwrap();
    assert_eq!((results.total, results.corrected_from), (0, None));
    assert!(results.suggestions.contains(&"張小兵".to_string()));
    // A query with any hit is never mended: the reader typed what some document holds.
    assert!(search("迈博太科").corrected_from.is_none());
}

/// Whether the search gave up for its work budget, even over the first documents.
fn over_budget(results: &SearchResults) -> bool {
    results
        .notices
        .iter()
        .any(|notice| matches!(notice, Notice::OverBudget { .. }))
}

#[test]
fn a_one_word_query_with_a_slip_answers_with_its_mending_where_it_found_only_part() {
    // 医药高心区 alone finds only 医药: its mending, 医药高新区, is found whole.
    let results = search("医药高心区");
    assert_eq!(results.corrected_from.as_deref(), Some("医药高心区"));
    assert_eq!(
        (results.query.as_str(), results.partial),
        ("医药高新区", false)
    );
    assert!(results.total > 0);
    // Asked as typed, the partial answer, with the mending offered.
    let verbatim = SearchOptions {
        verbatim: true,
        ..SearchOptions::default()
    };
    let typed = sousuo::search(index(), "医药高心区", &verbatim).unwrap();
    assert!(typed.partial && typed.corrected_from.is_none());
    assert!(typed.suggestions.iter().any(|s| s == "医药高新区"));
    // A slip beside other words is offered, not applied: the reader's other words stand.
    let beside = search("泰州 医药高心区");
    assert_eq!(beside.corrected_from, None);
    assert!(beside.suggestions.iter().any(|s| s == "医药高新区"));
}
