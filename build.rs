//! Indexes the corpus into the index the library embeds, by calling the indexer library
//! (crates/indexer): `wasm-pack build` then compiles it into the wasm.
//!
//! The corpus is `seeds/` unless `SOUSUO_CORPUS` names another folder: a folder of `.txt`
//! articles (the file stem is the id, the first line the title), or a site's HTML, Markdown or
//! JSON Lines. `SOUSUO_INDEX` is `split`, `embedded` or `auto` (the default: split above
//! `SPLIT_ABOVE_BYTES` of pieces), or `none`: an engine with no index, which a site's writer
//! patches one into (src/patched.rs). `SOUSUO_LINKS=follow` follows symbolic links that lead
//! outside the folder; `SOUSUO_ALL_FILES=1` reads Markdown, JSON Lines and `.txt` beside a built
//! site's HTML pages; `SOUSUO_KEEP_LISTINGS=1` indexes listing pages too. `SOUSUO_INDEX_FROM` names the `OUT_DIR` of a build that already made the
//! index: it is copied instead of built again.
//!
//! Outputs, in `$OUT_DIR`: `index.bin` (embedded by src/index.rs), `pieces/` and `index.json`
//! (`./x build` copies them beside the wasm); native code finds the pieces through
//! `SOUSUO_PIECES_DIR`.

use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    if let Err(message) = run(&out) {
        eprintln!("error: sousuo could not build its index: {message}");
        std::process::exit(1);
    }
}

fn run(out: &Path) -> Result<(), String> {
    let manifest = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").ok_or("CARGO_MANIFEST_DIR is not set")?,
    );
    for variable in [
        "SOUSUO_CORPUS",
        "SOUSUO_INDEX",
        "SOUSUO_INDEX_FROM",
        "SOUSUO_LINKS",
        "SOUSUO_ALL_FILES",
        "SOUSUO_KEEP_LISTINGS",
        "SOUSUO_MAX_FILES",
    ] {
        println!("cargo:rerun-if-env-changed={variable}");
    }
    if let Some(from) = std::env::var_os("SOUSUO_INDEX_FROM").filter(|dir| !dir.is_empty()) {
        return reuse(out, Path::new(&from));
    }
    let mode = std::env::var("SOUSUO_INDEX").unwrap_or_default();
    if mode == "none" {
        return no_index(out);
    }
    let corpus = match std::env::var_os("SOUSUO_CORPUS") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => manifest.join("seeds"),
    };
    println!("cargo:rerun-if-changed={}", corpus.display());
    let split = match mode.as_str() {
        "split" => Some(true),
        "embedded" => Some(false),
        "" | "auto" => None,
        other => {
            return Err(format!(
                "SOUSUO_INDEX is {other:?}: use split, embedded, auto (the default) or none"
            ))
        }
    };
    let options =
        sousuo_indexer::Options {
            corpus,
            split,
            links_outside: std::env::var("SOUSUO_LINKS").is_ok_and(|v| v == "follow"),
            records: Vec::new(),
            all_files: std::env::var("SOUSUO_ALL_FILES").is_ok_and(|v| v == "1"),
            keep_listings: std::env::var("SOUSUO_KEEP_LISTINGS").is_ok_and(|v| v == "1"),
            max_files: match std::env::var("SOUSUO_MAX_FILES") {
                Ok(n) => Some(n.parse().map_err(|_| {
                    format!("SOUSUO_MAX_FILES is {n:?}: give a whole number of files")
                })?),
                Err(_) => None,
            },
            progress: Default::default(),
        };
    let written = sousuo_indexer::build_index(&options, out)?;
    for warning in &written.warnings {
        println!("cargo:warning={warning}");
    }
    println!(
        "cargo:rustc-env=SOUSUO_PIECES_DIR={}",
        out.join("pieces").display()
    );
    Ok(())
}

/// An engine with no index compiled in, for a site's writer to patch one into (src/patched.rs):
/// the engines a release carries.
fn no_index(out: &Path) -> Result<(), String> {
    let pieces = out.join("pieces");
    let _ = fs::remove_dir_all(&pieces);
    fs::create_dir_all(&pieces).map_err(|e| format!("cannot create {}: {e}", pieces.display()))?;
    fs::write(out.join("index.bin"), b"").map_err(|e| format!("cannot write index.bin: {e}"))?;
    fs::write(out.join("index.json"), "{\"mode\": \"none\"}\n")
        .map_err(|e| format!("cannot write index.json: {e}"))?;
    println!("cargo:rustc-env=SOUSUO_PIECES_DIR={}", pieces.display());
    Ok(())
}

/// The index another build made (its `OUT_DIR`), taken as it is: the lean wasm (src/full.rs) is
/// the same index with less code, and building it again would double a large site's build.
fn reuse(out: &Path, from: &Path) -> Result<(), String> {
    for file in ["index.bin", "index.json"] {
        let source = from.join(file);
        println!("cargo:rerun-if-changed={}", source.display());
        fs::copy(&source, out.join(file))
            .map_err(|e| format!("SOUSUO_INDEX_FROM: cannot copy {}: {e}", source.display()))?;
    }
    println!(
        "cargo:rustc-env=SOUSUO_PIECES_DIR={}",
        from.join("pieces").display()
    );
    Ok(())
}
