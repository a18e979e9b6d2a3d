//! The JavaScript boundary in a real browser: the exported functions, the real embedded index,
//! results decoded back into the Rust types.
#![cfg(target_arch = "wasm32")]

use sousuo::{format, wasm};
use sousuo::{Article, Info, SearchResults};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn options(pairs: &[(&str, JsValue)]) -> JsValue {
    let object = js_sys::Object::new();
    for (key, value) in pairs {
        js_sys::Reflect::set(&object, &JsValue::from_str(key), value).unwrap();
    }
    object.into()
}

/// The value of a reply (JSON text, as the page parses it); the embedded index never needs
/// pieces, so `{needs}` fails the test.
fn value<T: serde::de::DeserializeOwned>(reply: String) -> T {
    let reply: serde_json::Value = serde_json::from_str(&reply).unwrap();
    let value = reply.get("value").expect("the reply needs no pieces");
    serde_json::from_value(value.clone()).unwrap()
}

fn search(query: &str, options: JsValue) -> SearchResults {
    value(wasm::search(query, options).unwrap())
}

fn error_message(error: wasm_bindgen::JsError) -> String {
    js_sys::Error::from(JsValue::from(error)).message().into()
}

#[wasm_bindgen_test]
fn search_finds_across_scripts_and_highlights_in_the_documents_script() {
    let results = search("迈博太科", JsValue::UNDEFINED);
    assert_eq!(results.total, 1);
    assert_eq!(results.hits[0].id, "001_9fc454ccbfdced76");
    assert!(results.hits[0]
        .snippet
        .iter()
        .any(|s| s.highlight && s.text == "邁博太科"));

    let mut ids: Vec<String> = search("中國醫藥城", JsValue::NULL)
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect();
    ids.sort();
    assert_eq!(ids, ["001_9fc454ccbfdced76", "003_0333753cb3ef4b84"]);

    assert_eq!(search("举报", JsValue::UNDEFINED).total, 0);
    assert_eq!(
        search("\"四到四办\"", JsValue::UNDEFINED).hits[0].id,
        "000_667db0e961eb6a34"
    );
    assert_eq!(
        search("ＡＩ", JsValue::UNDEFINED).hits[0].id,
        "003_0333753cb3ef4b84"
    );
}

#[wasm_bindgen_test]
fn options_page_through_results_and_bad_ones_are_refused_clearly() {
    let page = search(
        "中國醫藥城",
        options(&[("limit", 1.into()), ("offset", 1.into())]),
    );
    assert_eq!((page.total, page.hits.len()), (2, 1));
    for bad in [
        options(&[("limit", (-1).into())]),
        options(&[("limit", JsValue::from_f64(f64::NAN))]),
        options(&[("limit", 1e9.into())]),
        options(&[("offset", 1.5.into())]),
        options(&[("limit", "ten".into())]),
        JsValue::from_str("not an object"),
    ] {
        let message = error_message(wasm::search("泰州", bad).unwrap_err());
        assert!(
            message.contains("limit") || message.contains("offset") || message.contains("options"),
            "{message}"
        );
    }
    // A filter list of four billion holes is refused at once, not read hole by hole.
    let huge = options(&[("tags", js_sys::Array::new_with_length(4_000_000_000).into())]);
    let message = error_message(wasm::search("泰州", options(&[("filters", huge)])).unwrap_err());
    assert!(
        message.contains("filters.tags") && message.contains("at most 1000"),
        "{message}"
    );
    // The module is still alive after refusing bad input.
    assert_eq!(search("泰州", JsValue::UNDEFINED).total, 5);
}

#[wasm_bindgen_test]
fn articles_render_whole_with_matches_highlighted() {
    let value = wasm::article("004_5b3b55316f9678e7", Some("张小兵".to_string())).unwrap();
    let article: Article = self::value(value);
    assert_eq!(article.matches, 2);
    assert!(article.paragraphs.len() >= 4);
    assert!(article
        .paragraphs
        .iter()
        .flatten()
        .any(|s| s.highlight && s.text == "張小兵"));

    let message = error_message(wasm::article("no-such-article", None).unwrap_err());
    assert!(message.contains("no-such-article"), "{message}");
}

#[wasm_bindgen_test]
fn info_describes_the_embedded_index() {
    let info: Info = serde_json::from_str(&wasm::info().unwrap()).unwrap();
    assert_eq!(info.documents, 5);
    assert_eq!(info.format_version, sousuo::format::FORMAT_VERSION);
    assert!(info.terms > 1000 && info.index_bytes > 10_000);
    assert_eq!(info.mode, "embedded");
}

#[wasm_bindgen_test]
fn the_judged_set_gets_the_same_answers_through_the_wasm() {
    let judgements = sousuo::judge::parse(include_str!("judged.tsv")).unwrap();
    let failures: Vec<String> = judgements
        .iter()
        .filter_map(|judgement| {
            sousuo::judge::judge(judgement, &mut |query| {
                Ok(search(query, options(&[("limit", 100.into())])))
            })
            .err()
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[wasm_bindgen_test]
fn suggestions_complete_in_either_script_and_from_pinyin() {
    let words = |prefix: &str, limit: Option<f64>| -> Vec<String> {
        value(wasm::suggest(prefix, limit).unwrap())
    };
    assert_eq!(words("医药", Some(3.0))[0], "医药");
    assert_eq!(words("醫藥", Some(3.0))[0], "醫藥");
    assert!(words("yiy", None).contains(&"医药".to_string()));
    assert!(words("", None).is_empty());
    for bad in [0.0, -1.0, 1.5, f64::NAN, 1e9] {
        let message = error_message(wasm::suggest("医", Some(bad)).unwrap_err());
        assert!(message.contains("limit"), "{message}");
    }
}

#[wasm_bindgen_test]
fn examples_come_from_the_corpus_and_each_finds_articles() {
    let examples: Vec<String> = value(wasm::examples(None, None).unwrap());
    assert!((3..=8).contains(&examples.len()), "{examples:?}");
    for example in &examples {
        assert!(search(example, JsValue::UNDEFINED).total >= 1, "{example}");
    }
    let message = error_message(wasm::examples(Some(-1.0), None).unwrap_err());
    assert!(message.contains("limit"), "{message}");
}

#[wasm_bindgen_test]
fn hostile_queries_and_ids_are_answered_and_the_module_survives() {
    let ten_thousand = "医".repeat(10_000);
    let megabyte = "医药高新区的新闻。".repeat(40_000);
    for query in [
        "",
        "   ",
        "-",
        "- -",
        "--",
        "\"\"",
        "\"-\"",
        "\"医药",
        "\"“医药”\"",
        "医\0药",
        "\u{1}\u{2}",
        "😀 👨‍👩‍👧 🇨🇳",
        "e\u{301}",
        "\u{202E}שלום\u{202C}",
        "こんにちは",
        "안녕하세요",
        "\u{FFFD}",
        &ten_thousand,
        &megabyte,
    ] {
        let results = search(query, JsValue::UNDEFINED);
        assert!(results.hits.len() <= results.total, "{query:?}");
        assert!(results.query.chars().count() <= sousuo::MAX_QUERY_CHARS);
        for hit in &results.hits {
            wasm::article(&hit.id, Some(query.to_string())).unwrap();
        }
        wasm::suggest(query, None).unwrap();
    }
    // Said first, whatever else is said of the answer (a partial one).
    assert_eq!(
        search(&megabyte, JsValue::UNDEFINED).notices.first(),
        Some(&sousuo::Notice::QueryCut { kept: 256 })
    );
    for id in ["", "../x", "\0", "😀", &ten_thousand] {
        let message = error_message(wasm::article(id, Some("医药".into())).unwrap_err());
        assert!(message.starts_with("no article has the id"), "{message}");
    }
    for bad in [
        JsValue::from_f64(-1.0),
        JsValue::from_f64(f64::NAN),
        JsValue::from_f64(f64::INFINITY),
    ] {
        let message = error_message(wasm::suggest("yi", bad.as_f64()).unwrap_err());
        assert!(
            message.starts_with("limit must be a whole number"),
            "{message}"
        );
    }
    let text_limit = js_sys::Object::new();
    js_sys::Reflect::set(&text_limit, &"limit".into(), &"10".into()).unwrap();
    assert_eq!(
        error_message(wasm::search("泰州", text_limit.into()).unwrap_err()),
        "limit must be a whole number, not string"
    );
    let array = js_sys::Array::of2(&1.into(), &2.into());
    assert!(error_message(wasm::search("泰州", array.into()).unwrap_err()).contains("an object"));
    assert_eq!(search("泰州", JsValue::UNDEFINED).total, 5);
}

#[wasm_bindgen_test]
fn piece_bytes_that_are_not_what_the_index_names_are_refused_clearly() {
    let pieces: Vec<serde_json::Value> = serde_json::from_str(&wasm::pieces().unwrap()).unwrap();
    assert!(pieces.len() >= 3);
    let name = pieces[0]["name"].as_str().unwrap().to_string();
    let refusal = |name: &str, bytes: Vec<u8>| error_message(wasm::load(name, bytes).unwrap_err());
    // Another piece's bytes: whole, cut short, or not even a header.
    let other = format::encode(
        format::Kind::Terms,
        &[vec![7; 40], vec![9; 40], vec![], vec![0]],
    )
    .unwrap();
    assert!(refusal(&name, other[..other.len() - 1].to_vec()).contains("truncated"));
    assert!(refusal(&name, vec![1, 2, 3]).contains("truncated"));
    assert!(refusal(&name, other).contains("do not match its hash"));
    assert!(refusal("t-0000000000000000.bin", vec![1, 2, 3]).contains("names no such piece"));
    // Nothing was lost: the index still answers.
    assert_eq!(search("泰州", JsValue::UNDEFINED).total, 5);
}

#[wasm_bindgen_test]
fn a_query_too_broad_for_its_budget_answers_from_the_first_documents_in_the_wasm_too() {
    let index = sousuo::embedded_index().unwrap();
    let options = |work_budget| sousuo::SearchOptions {
        work_budget,
        ..Default::default()
    };
    let budget = (1..20_000)
        .step_by(25)
        .find(|&b| sousuo::search(index, "的 在", &options(b)).unwrap().total > 0)
        .unwrap();
    let part = sousuo::search(index, "的 在", &options(budget)).unwrap();
    assert!(part.total < 5 && part.total_estimate.is_some(), "{part:?}");
    assert!(matches!(
        part.notices.as_slice(),
        [sousuo::Notice::TooBroad { documents: 5, .. }]
    ));
    assert_eq!(search("的 在", JsValue::UNDEFINED).total_estimate, None);
}
