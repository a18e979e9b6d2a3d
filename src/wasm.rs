//! The JavaScript boundary: the only file that knows about wasm-bindgen.
//!
//! Results cross as plain objects (serde-wasm-bindgen); every error becomes a JS `Error` whose
//! message says what went wrong. Nothing here can panic on bad input.

use crate::search::{SearchOptions, DEFAULT_LIMIT, MAX_LIMIT};
use crate::suggest::{DEFAULT_EXAMPLES, MAX_SUGGEST_LIMIT};
use crate::Index;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPESCRIPT: &'static str = r#"
export interface Segment { text: string; highlight: boolean }
export interface Hit { id: string; title: string; score: number; titleSegments: Segment[]; snippet: Segment[]; missing: string[] }
export interface PinyinReading { pinyin: string; words: string[] }
export interface SearchResults { query: string; total: number; hits: Hit[]; partial: boolean; pinyin: PinyinReading[]; suggestions: string[]; notice: string | null }
export interface Article { id: string; title: string; titleSegments: Segment[]; paragraphs: Segment[][]; matches: number }
export interface Info { documents: number; terms: number; indexBytes: number; formatVersion: number; crateVersion: string }
export interface SearchOptions { limit?: number; offset?: number }
"#;

fn js_error(error: impl std::fmt::Display) -> JsError {
    JsError::new(&error.to_string())
}

fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(js_error)
}

#[wasm_bindgen]
extern "C" {
    /// `Reflect.get`: reads one property without a deserializer, whose error messages would link
    /// float formatting (about 8 KB of gzipped wasm) into the module.
    #[wasm_bindgen(js_namespace = Reflect, js_name = get, catch)]
    fn property(target: &JsValue, key: &str) -> Result<JsValue, JsValue>;
}

const OPTIONS_SHAPE: &str = "options must be an object like {limit: 10, offset: 0} with numbers";

/// Reads `{limit, offset}`; missing values take their defaults, anything else must be a whole
/// number in range.
fn search_options(options: JsValue) -> Result<SearchOptions, JsError> {
    if options.is_undefined() || options.is_null() {
        return Ok(SearchOptions::default());
    }
    if !options.is_object() || options.is_array() {
        return Err(js_error(OPTIONS_SHAPE));
    }
    let number = |name: &str| -> Result<Option<f64>, JsError> {
        let value = property(&options, name).map_err(|_| js_error(OPTIONS_SHAPE))?;
        if value.is_undefined() || value.is_null() {
            return Ok(None);
        }
        value.as_f64().map(Some).ok_or_else(|| {
            js_error(format!(
                "{name} must be a whole number, not {}",
                value.js_typeof().as_string().unwrap_or_default()
            ))
        })
    };
    Ok(SearchOptions {
        limit: whole(number("limit")?, DEFAULT_LIMIT, MAX_LIMIT, "limit")?,
        offset: whole(number("offset")?, 0, u32::MAX as usize, "offset")?,
        ..SearchOptions::default()
    })
}

/// A whole number in `0..=max`, or `default` when missing.
fn whole(value: Option<f64>, default: usize, max: usize, name: &str) -> Result<usize, JsError> {
    match value {
        None => Ok(default),
        Some(v) if v.fract() == 0.0 && (0.0..=max as f64).contains(&v) => Ok(v as usize),
        Some(v) => Err(js_error(format!(
            "{name} must be a whole number from 0 to {max}, not {}",
            describe(v)
        ))),
    }
}

/// A number for an error message: whole numbers as written, others named (NaN, infinity, a
/// fraction), so that no float formatting is linked in.
fn describe(v: f64) -> String {
    if v.is_nan() {
        "NaN".to_string()
    } else if v.is_infinite() {
        "infinity".to_string()
    } else if v.fract() == 0.0 && v.abs() < 1e15 {
        (v as i64).to_string()
    } else {
        "a fraction".to_string()
    }
}

fn index() -> Result<&'static Index<'static>, JsError> {
    Index::embedded().map_err(js_error)
}

/// Searches the embedded index: `{query, total, hits: [{id, title, score, titleSegments, snippet}], notice}`.
#[wasm_bindgen(js_name = search, unchecked_return_type = "SearchResults")]
pub fn search(
    query: &str,
    #[wasm_bindgen(unchecked_param_type = "SearchOptions | undefined")] options: JsValue,
) -> Result<JsValue, JsError> {
    let options = search_options(options)?;
    to_js(&crate::search(index()?, query, &options).map_err(js_error)?)
}

/// Words that complete `prefix` (Simplified, Traditional or pinyin), most used first; `limit`
/// defaults to 10.
#[wasm_bindgen(js_name = suggest, unchecked_return_type = "string[]")]
pub fn suggest(prefix: &str, limit: Option<f64>) -> Result<JsValue, JsError> {
    let limit = whole(limit, DEFAULT_LIMIT, MAX_SUGGEST_LIMIT, "limit")?;
    to_js(&crate::suggest(index()?, prefix, limit).map_err(js_error)?)
}

/// Up to `limit` (default 8) example queries drawn from the corpus's titles, for a reader who has
/// typed nothing yet.
#[wasm_bindgen(js_name = examples, unchecked_return_type = "string[]")]
pub fn examples(limit: Option<f64>) -> Result<JsValue, JsError> {
    let limit = whole(limit, DEFAULT_EXAMPLES, MAX_SUGGEST_LIMIT, "limit")?;
    to_js(&crate::examples(index()?, limit).map_err(js_error)?)
}

/// One whole article, with the matches of `query` highlighted: `{id, title, titleSegments, paragraphs, matches}`.
#[wasm_bindgen(js_name = article, unchecked_return_type = "Article")]
pub fn article(id: &str, query: Option<String>) -> Result<JsValue, JsError> {
    to_js(&crate::article(index()?, id, query.as_deref()).map_err(js_error)?)
}

/// Counts that describe the embedded index: `{documents, terms, indexBytes, formatVersion, crateVersion}`.
#[wasm_bindgen(js_name = info, unchecked_return_type = "Info")]
pub fn info() -> Result<JsValue, JsError> {
    to_js(&crate::info(index()?))
}
