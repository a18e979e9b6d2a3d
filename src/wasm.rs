//! The JavaScript boundary: the only file that knows about wasm-bindgen.
//!
//! Results cross as JSON text (src/json.rs), which the page parses; every error becomes a JS
//! `Error` whose message says what went wrong. Nothing here can panic on bad input.
//!
//! A split index answers `{needs: [names]}` while pieces are missing: the page's JS
//! (www/sousuo-engine.js) fetches them, hands each to `load`, and calls again. Every other
//! answer is `{value}`. The raw exports are that module's; pages use its async API. The types
//! below are those of the parsed text.

use crate::{Error, FilterRequest, Index, SearchOptions, Sort};
use crate::{DEFAULT_EXAMPLES, DEFAULT_LIMIT, MAX_LIMIT, MAX_SUGGEST_LIMIT};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPESCRIPT: &'static str = r#"
export interface Segment { text: string; highlight: boolean }
export interface HitSection { heading: string; anchor: string; matches: number }
export interface Hit { id: string; title: string; score: number; titleSegments: Segment[]; snippet: Segment[]; missing: string[]; url: string | null; sections: HitSection[]; meta: Record<string, string[]> }
export interface PinyinReading { pinyin: string; words: string[] }
export type Notice = { code: 'queryCut'; kept: number } | { code: 'onlyExcluded' } | { code: 'nothingReadable' } | { code: 'partial' } | { code: 'tooBroad'; searched: number; documents: number; matched: number; estimate: number } | { code: 'overBudget'; budget: number }
export interface SearchResults { query: string; total: number; totalEstimate: number | null; hits: Hit[]; partial: boolean; pinyin: PinyinReading[]; suggestions: string[]; correctedFrom: string | null; notices: Notice[]; filters: Record<string, Record<string, number>>; sorts: string[] }
export interface Article { id: string; title: string; titleSegments: Segment[]; paragraphs: Segment[][]; matches: number; url: string | null; meta: Record<string, string[]> }
export interface Info { documents: number; terms: number; indexBytes: number; mode: 'embedded' | 'split'; pieces: number; loadedBytes: number; formatVersion: number; crateVersion: string; fullEngine: boolean; build: string }
export type Reply<T> = { value: T } | { needs: string[] } | { needsFullEngine: string }
export interface PieceInfo { name: string; loaded: boolean }
export interface SearchOptions { limit?: number; offset?: number; filters?: Record<string, string | string[]>; sort?: string; verbatim?: boolean }
"#;

fn js_error(error: impl std::fmt::Display) -> JsError {
    JsError::new(&error.to_string())
}

fn to_js<T: serde::Serialize>(value: &T) -> Result<String, JsError> {
    crate::json::to_json(value).map_err(js_error)
}

#[wasm_bindgen]
extern "C" {
    /// `Reflect.get`: reads one property without a deserializer, whose error messages would link
    /// float formatting (about 8 KB of gzipped wasm) into the module.
    #[wasm_bindgen(js_namespace = Reflect, js_name = get, catch)]
    fn property(target: &JsValue, key: &str) -> Result<JsValue, JsValue>;

    /// `Object.keys`: an object's own property names, as an array.
    #[wasm_bindgen(js_namespace = Object, js_name = keys, catch)]
    fn object_keys(target: &JsValue) -> Result<JsValue, JsValue>;
}

const OPTIONS_SHAPE: &str = "options must be an object like {limit: 10, offset: 0} with numbers";
const FILTERS_SHAPE: &str = "filters must be an object like {tags: ['医药', '教育']}: texts, or \
     lists of at most 1,000 texts";
/// The most values (or keys) one filter request may list: far more than any filter bar shows,
/// and few enough that a huge array is refused at once rather than read element by element.
const MAX_FILTER_VALUES: u32 = 1_000;

/// The strings of a JS array (or one string), or `None` when it is something else or longer than
/// [`MAX_FILTER_VALUES`].
fn strings(value: &JsValue) -> Option<Vec<String>> {
    if let Some(text) = value.as_string() {
        return Some(vec![text]);
    }
    if !value.is_array() {
        return None;
    }
    let length = property(value, "length").ok()?.as_f64()?;
    if !(0.0..=f64::from(MAX_FILTER_VALUES)).contains(&length) {
        return None;
    }
    (0..length as u32)
        .map(|n| property(value, &n.to_string()).ok()?.as_string())
        .collect()
}

/// Reads `{key: value or [values]}`.
fn filter_request(filters: &JsValue) -> Result<FilterRequest, JsError> {
    if filters.is_undefined() || filters.is_null() {
        return Ok(Vec::new());
    }
    if !filters.is_object() || filters.is_array() {
        return Err(js_error(FILTERS_SHAPE));
    }
    let keys = object_keys(filters).map_err(|_| js_error(FILTERS_SHAPE))?;
    let keys = strings(&keys).ok_or_else(|| js_error(FILTERS_SHAPE))?;
    let mut request = Vec::with_capacity(keys.len());
    for key in keys {
        let value = property(filters, &key).map_err(|_| js_error(FILTERS_SHAPE))?;
        let values = strings(&value).ok_or_else(|| {
            js_error(format!(
                "filters.{key} must be a text or a list of at most {MAX_FILTER_VALUES} texts"
            ))
        })?;
        request.push((key, values));
    }
    Ok(request)
}

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
    let filters = property(&options, "filters").map_err(|_| js_error(OPTIONS_SHAPE))?;
    let sort = property(&options, "sort").map_err(|_| js_error(OPTIONS_SHAPE))?;
    let verbatim = property(&options, "verbatim").map_err(|_| js_error(OPTIONS_SHAPE))?;
    let verbatim = match verbatim.as_bool() {
        Some(verbatim) => verbatim,
        None if verbatim.is_undefined() || verbatim.is_null() => false,
        None => return Err(js_error("verbatim must be true or false")),
    };
    let sort = if sort.is_undefined() || sort.is_null() {
        None
    } else {
        let text = sort
            .as_string()
            .ok_or_else(|| js_error("sort must be a text like 'date' or '-date'"))?;
        Some(Sort::parse(&text))
    };
    Ok(SearchOptions {
        limit: whole(number("limit")?, DEFAULT_LIMIT, MAX_LIMIT, "limit")?,
        offset: whole(number("offset")?, 0, u32::MAX as usize, "offset")?,
        filters: filter_request(&filters)?,
        sort,
        verbatim,
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

// Talc rather than the default dlmalloc: 3 KB less gzip of wasm for warm queries some 10 to 30%
// slower (the seeds' judged set: 118–192 µs median against 108–143), far inside the 1 ms target.
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

thread_local! {
    /// The index: the root compiled in, and the pieces loaded so far. One per module instance;
    /// the module is single-threaded and never re-entered, so borrows never overlap.
    static INDEX: RefCell<Option<Index<'static>>> = const { RefCell::new(None) };
}

/// Runs `operation` over the index, made on first use.
fn with_index<T>(
    operation: impl FnOnce(&mut Index<'static>) -> Result<T, JsError>,
) -> Result<T, JsError> {
    INDEX.with(|cell| {
        let mut slot = cell
            .try_borrow_mut()
            .map_err(|_| js_error("sousuo was called while it was busy"))?;
        if slot.is_none() {
            *slot = Some(crate::compiled_index().map_err(js_error)?);
        }
        match slot.as_mut() {
            Some(index) => operation(index),
            None => Err(js_error("the index could not be read")),
        }
    })
}

/// What a call answers: its value, or the pieces it needs first (load them, then call again).
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
enum Reply<T> {
    Value(T),
    Needs(Vec<String>),
    /// What only the full engine answers (src/full.rs): the page asks it instead.
    NeedsFullEngine(&'static str),
}

/// The reply to an operation over the index: a value, the pieces it needs, or a JS error.
fn reply<T: serde::Serialize>(
    operation: impl FnOnce(&Index<'static>) -> crate::Result<T>,
) -> Result<String, JsError> {
    with_index(|index| match operation(index) {
        Ok(value) => to_js(&Reply::Value(value)),
        Err(Error::NotLoaded(pieces)) => to_js(&Reply::<T>::Needs(
            pieces.iter().map(|piece| piece.name()).collect(),
        )),
        Err(Error::NeedsFullEngine(what)) => to_js(&Reply::<T>::NeedsFullEngine(what)),
        Err(error) => Err(js_error(error)),
    })
}

/// Searches: JSON text of a `Reply<SearchResults>`, `{"value": {query, total, hits, …}}`, or
/// `{"needs": [piece names]}` when pieces must be loaded first.
#[wasm_bindgen(js_name = search)]
pub fn search(
    query: &str,
    #[wasm_bindgen(unchecked_param_type = "SearchOptions | undefined")] options: JsValue,
) -> Result<String, JsError> {
    let options = search_options(options)?;
    reply(|index| crate::search(index, query, &options))
}

/// Words that complete `prefix` (Simplified, Traditional or pinyin), most used first; `limit`
/// defaults to 10. JSON text of a `Reply<string[]>`.
#[wasm_bindgen(js_name = suggest)]
pub fn suggest(prefix: &str, limit: Option<f64>) -> Result<String, JsError> {
    let limit = whole(limit, DEFAULT_LIMIT, MAX_SUGGEST_LIMIT, "limit")?;
    reply(|index| crate::suggest(index, prefix, limit))
}

/// Up to `limit` (default 8) example queries drawn from the corpus's titles, for a reader who has
/// typed nothing yet; on a site in several languages, of `language` when one is given. JSON text
/// of a `Reply<string[]>`.
#[wasm_bindgen(js_name = examples)]
pub fn examples(limit: Option<f64>, language: Option<String>) -> Result<String, JsError> {
    let limit = whole(limit, DEFAULT_EXAMPLES, MAX_SUGGEST_LIMIT, "limit")?;
    reply(|index| crate::examples(index, limit, language.as_deref()))
}

/// One whole article, with the matches of `query` highlighted: JSON text of a `Reply<Article>`.
#[wasm_bindgen(js_name = article)]
pub fn article(id: &str, query: Option<String>) -> Result<String, JsError> {
    reply(|index| crate::article(index, id, query.as_deref()))
}

/// Counts that describe the index: JSON text of an `Info`.
#[wasm_bindgen(js_name = info)]
pub fn info() -> Result<String, JsError> {
    with_index(|index| to_js(&crate::info(index)))
}

/// Loads a piece from its fetched bytes. An error says what is wrong with them (truncated,
/// damaged, not a piece of this index); nothing is loaded then.
#[wasm_bindgen(js_name = load)]
pub fn load(name: &str, bytes: Vec<u8>) -> Result<(), JsError> {
    with_index(|index| index.load(name, bytes).map(|_| ()).map_err(js_error))
}

/// Checks a piece's fetched bytes as `load` does, and keeps nothing (a download for offline use).
#[wasm_bindgen(js_name = check)]
pub fn check(name: &str, bytes: &[u8]) -> Result<(), JsError> {
    with_index(|index| index.check(name, bytes).map_err(js_error))
}

/// Every piece of the index known now: JSON text of a `PieceInfo[]`, for downloading it whole. The
/// BODY pieces of long documents are named by DOCS pieces: they are listed once those are loaded.
#[wasm_bindgen(js_name = pieces)]
pub fn pieces() -> Result<String, JsError> {
    with_index(|index| {
        let pieces: Vec<PieceInfo> = index
            .known_pieces()
            .map(|(id, piece)| PieceInfo {
                name: piece.name(),
                loaded: index.is_loaded(id),
            })
            .collect();
        to_js(&pieces)
    })
}

/// One piece, for [`pieces`].
#[derive(serde::Serialize)]
struct PieceInfo {
    name: String,
    loaded: bool,
}
