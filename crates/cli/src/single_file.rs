//! `sousuo --site DIR --single-file PAGE.html`: the search and the site's whole index in one
//! page that works opened from disk (`file://`), with no server and no network.
//!
//! The page is a template made with the engines (tools/single-file.mjs): the widget, its styles
//! and the engine's worker, allowed by the hashes in its Content-Security-Policy. What changes per
//! site is data the page never runs as script: the full engine with the whole index written into
//! it, gzipped, as base64 in a `text/plain` element. So the template's hashes hold for every site.

use crate::args::SiteOptions;
use crate::progress::Step;
use crate::site::{check_inputs, engine, index_into, put, read, vendored, Staging, FULL_ENGINE};
use sousuo_format::stored;
use std::path::Path;
use std::time::Instant;

/// The template, as vendored beside the engines.
pub(crate) const TEMPLATE: &str = "single-file.html";
/// Where the template takes the engine's base64.
const WASM_SLOT: &str = "SOUSUO_WASM_BASE64";
/// The most engine a page carries: past it, a browser spends seconds decoding the base64 before
/// the first search, and the served site (the split index) is the way to ship it.
const MAX_ENGINE_BYTES: usize = 24 << 20;

pub fn run(options: &SiteOptions, page: &Path) -> Result<(), String> {
    let started = Instant::now();
    let full = engine(FULL_ENGINE)?;
    let template = vendored(TEMPLATE)
        .and_then(|bytes| std::str::from_utf8(bytes).ok())
        .ok_or("this sousuo was built without its single-file page: build it with `./x engines`")?;
    check_inputs(options.site.as_deref(), &options.records)?;
    let folder = match page.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(folder)
        .map_err(|e| format!("cannot create {}: {e}", folder.display()))?;
    let staging = Staging::new(folder)?;
    let index = index_into(options, &staging, Some(false))?;
    let pack = read(&staging.0.join("index/index.bin"))?;
    let engine = {
        let _step = Step::start("writing the index into the engine");
        sousuo_patch::patch(full, &pack).map_err(|e| e.to_string())?
    };
    if engine.len() > MAX_ENGINE_BYTES {
        return Err(format!(
            "the index makes an engine of {} MB, and one page carries at most {} MB: \
             leave out --single-file and serve the folder it writes instead",
            engine.len() >> 20,
            MAX_ENGINE_BYTES >> 20
        ));
    }
    // Gzipped, as a site stores its engines: the page inflates it (tools/single-file.mjs).
    let html = filled(template, &stored::store(&engine))?;
    let name = page
        .file_name()
        .and_then(|name| name.to_str())
        .ok_or_else(|| format!("--single-file {}: name a file", page.display()))?;
    put(folder, name, html.as_bytes())?;
    eprintln!(
        "sousuo: indexed {} into {} ({} KB) in {:.1} s",
        options
            .site
            .as_deref()
            .map_or("the records".to_string(), |site| site.display().to_string()),
        page.display(),
        html.len() >> 10,
        started.elapsed().as_secs_f64()
    );
    for warning in &index.warnings {
        eprintln!("sousuo: warning: {warning}");
    }
    Ok(())
}

/// The template with `engine` in its one slot.
fn filled(template: &str, engine: &[u8]) -> Result<String, String> {
    let mut parts = template.split(WASM_SLOT);
    let (Some(before), Some(after), None) = (parts.next(), parts.next(), parts.next()) else {
        return Err("the single-file template is damaged: build the engines again".to_string());
    };
    let mut html = String::with_capacity(template.len() + engine.len() * 4 / 3 + 4);
    html.push_str(before);
    base64_into(engine, &mut html);
    html.push_str(after);
    Ok(html)
}

/// Standard base64, as the page's `atob` reads it.
fn base64_into(bytes: &[u8], out: &mut String) {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &byte)| n | u32::from(byte) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_is_the_standard_one() {
        for (bytes, text) in [
            (&b""[..], ""),
            (b"f", "Zg=="),
            (b"fo", "Zm8="),
            (b"foo", "Zm9v"),
            (b"foob", "Zm9vYg=="),
            (b"\xff\xfe\x00", "//4A"),
        ] {
            let mut out = String::new();
            base64_into(bytes, &mut out);
            assert_eq!(out, text);
        }
    }

    #[test]
    fn a_template_without_its_one_slot_is_refused() {
        assert_eq!(filled("a SOUSUO_WASM_BASE64 b", b"f").unwrap(), "a Zg== b");
        assert!(filled("no slot", b"f").is_err());
        assert!(filled("SOUSUO_WASM_BASE64 SOUSUO_WASM_BASE64", b"f").is_err());
    }
}
