//! The wasm's answers as JSON text (src/json.rs) read back as what serde_json makes of the same
//! values: every judged query's results, their articles and completions, and the index's counts.
//! Numbers agree to the 6 decimals the text keeps.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::Value;
use sousuo::json::to_json;
use sousuo::judge;
use sousuo::{SearchOptions, MAX_LIMIT};

/// Whether two JSON values are the same, numbers to within a rounding at the 6th decimal.
fn same(ours: &Value, theirs: &Value) -> bool {
    match (ours, theirs) {
        (Value::Number(a), Value::Number(b)) => {
            (a.as_f64().unwrap() - b.as_f64().unwrap()).abs() <= 0.5e-6 + 1e-12
        }
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same(a, b))
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len() && a.keys().eq(b.keys()) && a.iter().all(|(key, a)| same(a, &b[key]))
        }
        (a, b) => a == b,
    }
}

fn agrees<T: serde::Serialize>(value: &T, what: &str) {
    let text = to_json(value).unwrap();
    let ours: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{what}: {e}: {text}"));
    let theirs = serde_json::to_value(value).unwrap();
    assert!(same(&ours, &theirs), "{what}:\n{ours}\n{theirs}");
}

#[test]
fn every_judged_answer_reads_back_as_serde_json_writes_it() {
    let index = sousuo::embedded_index().unwrap();
    let options = SearchOptions {
        limit: MAX_LIMIT,
        ..SearchOptions::default()
    };
    let judgements = judge::parse(include_str!("judged.tsv")).unwrap();
    for judgement in &judgements {
        let query = judgement.query.as_str();
        let results = sousuo::search(index, query, &options).unwrap();
        agrees(&results, query);
        for hit in &results.hits {
            agrees(
                &sousuo::article(index, &hit.id, Some(query)).unwrap(),
                &hit.id,
            );
        }
        agrees(&sousuo::suggest(index, query, 10).unwrap(), query);
    }
    agrees(&sousuo::info(index), "info");
    agrees(&sousuo::examples(index, 8, None).unwrap(), "examples");
}

#[test]
fn what_json_cannot_hold_is_an_error_not_wrong_text() {
    use std::collections::BTreeMap;
    let numeric_keys: BTreeMap<u32, &str> = [(1, "一")].into();
    assert!(to_json(&numeric_keys).is_err());
    assert!(to_json(&f32::NAN).is_err());
    assert!(to_json(&serde_bytes_like()).is_err());
}

/// A value serde writes as bytes, which JSON has no form for.
fn serde_bytes_like() -> impl serde::Serialize {
    struct Bytes;
    impl serde::Serialize for Bytes {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.serialize_bytes(&[1, 2, 3])
        }
    }
    Bytes
}
