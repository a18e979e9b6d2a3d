//! `sousuo --site DIR`: indexes the site and writes the search beside it, atomically.
//!
//! Order of writing, so that a page served during a rebuild never mixes what it needs: the
//! pieces first (named by their hash, so new names never replace old bytes), then the engines
//! with the new root, then the files a page loads first (the widget, the pages). Every file is
//! written under a temporary name and renamed into place; a run that fails before the end has
//! changed nothing a page reads, and the previous output keeps working.

use crate::args::SiteOptions;
use crate::progress::Step;
use crate::vendored::FILES;
use sousuo_format::stored;
use sousuo_indexer::{build_index, Options};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The engines, as vendored: the lean one the page loads first, and the full one.
const LEAN_ENGINE: &str = "pkg/sousuo_bg.wasm";
pub(crate) const FULL_ENGINE: &str = "pkg/full/sousuo_bg.wasm";
/// What a page loads first: written last.
const ENTRY_FILES: [&str; 3] = ["sousuo.min.js", "index.html", "embed.html"];

pub fn run(options: &SiteOptions) -> Result<(), String> {
    if let Some(page) = &options.single_file {
        return crate::single_file::run(options, page);
    }
    let started = Instant::now();
    let written = write_site(options)?;
    let what = match &options.site {
        Some(site) => site.display().to_string(),
        None => format!("{} file(s) of records", options.records.len()),
    };
    eprintln!(
        "sousuo: indexed {what} ({} pieces, {}) into {} in {:.1} s",
        written.pieces,
        if written.split { "split" } else { "embedded" },
        options.output.display(),
        started.elapsed().as_secs_f64()
    );
    for warning in &written.warnings {
        eprintln!("sousuo: warning: {warning}");
    }
    if let (true, Some(site)) = (options.serve, &options.site) {
        crate::serve::serve(site, options.port)?;
    }
    Ok(())
}

/// What a run wrote.
pub struct Written {
    pub pieces: usize,
    pub split: bool,
    pub warnings: Vec<String>,
}

pub fn write_site(options: &SiteOptions) -> Result<Written, String> {
    let (site, records, output) = (options.site.as_deref(), &options.records, &options.output);
    let (lean, full) = (engine(LEAN_ENGINE)?, engine(FULL_ENGINE)?);
    check_inputs(site, records)?;
    fs::create_dir_all(output).map_err(|e| format!("cannot create {}: {e}", output.display()))?;
    let staging = Staging::new(output)?;
    let index = index_into(options, &staging, None)?;
    let built = staging.0.join("index");
    let pack = read(&built.join("index.bin"))?;
    let (lean, full) = {
        let _step = Step::start("writing the index into the engines");
        let patch = |engine: &[u8]| sousuo_patch::patch(engine, &pack).map_err(|e| e.to_string());
        (patch(lean)?, patch(full)?)
    };

    let _step = Step::start("writing the files");
    let pieces = move_pieces(&built.join("pieces"), &output.join("pkg/pieces"))?;
    let mut names: Vec<String> = pieces.clone();
    names.sort();
    // Stored gzipped, as the pieces are: the page inflates them as they arrive
    // (www/sousuo-wasm.js), and a host keeps a third of the bytes.
    put(output, FULL_ENGINE, &stored::store(&full))?;
    put(output, LEAN_ENGINE, &stored::store(&lean))?;
    put(output, "pkg/index.json", &read(&built.join("index.json"))?)?;
    put(
        output,
        "pkg/pieces.lst",
        format!("{}\n", names.join("\n")).as_bytes(),
    )?;
    let rest = FILES.iter().filter(|(path, _)| {
        !path.ends_with(".wasm")
            && !ENTRY_FILES.contains(path)
            && *path != crate::single_file::TEMPLATE
    });
    for (path, bytes) in rest {
        put(output, path, bytes)?;
    }
    put(
        output,
        "pkg/offline.js",
        offline_manifest(&lean, &full).as_bytes(),
    )?;
    for entry in ENTRY_FILES {
        if let Some(bytes) = vendored(entry) {
            put(output, entry, bytes)?;
        }
    }
    Ok(Written {
        pieces: pieces.len(),
        split: index.split,
        warnings: index.warnings,
    })
}

/// A vendored engine's bytes, or what to do when this command was built without them.
pub(crate) fn engine(name: &str) -> Result<&'static [u8], String> {
    vendored(name).ok_or_else(|| {
        "this sousuo was built without its engines: build them with `./x engines` in a \
         sousuo checkout, then build the command again"
            .to_string()
    })
}

/// Refuses a site folder or a records file that is not there, before anything is written.
pub(crate) fn check_inputs(site: Option<&Path>, records: &[PathBuf]) -> Result<(), String> {
    if let Some(site) = site.filter(|site| !site.is_dir()) {
        return Err(format!("--site {}: no such folder", site.display()));
    }
    if let Some(file) = records.iter().find(|file| !file.is_file()) {
        return Err(format!("--records {}: no such file", file.display()));
    }
    Ok(())
}

/// Indexes what `options` names into `staging`'s `index` folder; `split` forces the mode.
pub(crate) fn index_into(
    options: &SiteOptions,
    staging: &Staging,
    split: Option<bool>,
) -> Result<sousuo_indexer::Written, String> {
    // Records alone: an empty folder stands for the site.
    let empty = staging.0.join("no-site");
    fs::create_dir_all(&empty).map_err(|e| format!("cannot create {}: {e}", empty.display()))?;
    let indexer = Options {
        corpus: options.site.as_deref().unwrap_or(&empty).to_path_buf(),
        split,
        links_outside: false,
        records: options.records.clone(),
        all_files: options.all_files,
        keep_listings: options.keep_listings,
        max_files: options.max_files,
        progress: Default::default(),
    };
    let _step = Step::watching("indexing", Some(indexer.progress.clone()));
    build_index(&indexer, &staging.0.join("index"))
}

/// A vendored file's bytes, by its path in the site's sousuo folder.
pub(crate) fn vendored(name: &str) -> Option<&'static [u8]> {
    FILES
        .iter()
        .find(|(path, _)| *path == name)
        .map(|(_, bytes)| *bytes)
}

/// A folder beside the output for the index while it is built, removed however the run ends.
pub(crate) struct Staging(pub(crate) PathBuf);

impl Staging {
    pub(crate) fn new(output: &Path) -> Result<Staging, String> {
        let dir = output.join(format!(".staging-{}", unique()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        Ok(Staging(dir))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// A name no other run writes at the same time: the clock and a count (WASI has no process id).
fn unique() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNT: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{nanos:x}-{}", COUNT.fetch_add(1, Ordering::Relaxed))
}

pub(crate) fn read(path: &Path) -> Result<Vec<u8>, String> {
    fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Writes `bytes` to `output/path` under a temporary name, then renames it into place.
pub(crate) fn put(output: &Path, path: &str, bytes: &[u8]) -> Result<(), String> {
    let target = output.join(path);
    if let Some(parent) = target.parent() {
        fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    let temporary = target.with_file_name(format!(
        ".{}.{}.partial",
        target
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("file"),
        unique()
    ));
    fs::write(&temporary, bytes)
        .and_then(|()| fs::rename(&temporary, &target))
        .map_err(|e| {
            let _ = fs::remove_file(&temporary);
            format!("cannot write {}: {e}", target.display())
        })
}

/// Moves this build's pieces out of the staging folder, skipping any already there (the same
/// name is the same bytes, and older pieces stay for pages still open on the previous build);
/// their names. The staging folder is inside the output, so a piece moves by a rename, whole;
/// one that cannot be renamed is copied.
fn move_pieces(from: &Path, to: &Path) -> Result<Vec<String>, String> {
    fs::create_dir_all(to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
    // Listed whole before the first move: a folder read while its entries leave it may skip
    // some (WASI's readdir resumes from a position, which each rename shifts).
    let names = fs::read_dir(from)
        .and_then(|entries| {
            entries
                .map(|entry| entry.map(|e| e.file_name().to_string_lossy().into_owned()))
                .collect::<std::io::Result<Vec<String>>>()
        })
        .map_err(|e| format!("cannot list {}: {e}", from.display()))?;
    for name in &names {
        let (source, target) = (from.join(name), to.join(name));
        if !target.exists() && fs::rename(&source, &target).is_err() {
            let bytes = read(&source)?;
            put(to, name, &bytes)?;
        }
    }
    Ok(names)
}

/// What the service worker caches, under a version that changes with any of it (www/sw.js).
fn offline_manifest(lean: &[u8], full: &[u8]) -> String {
    const CACHED: [&str; 5] = [
        "index.html",
        "embed.html",
        "app.js",
        "sousuo.min.js",
        "style.css",
    ];
    let mut all = Vec::new();
    for name in CACHED {
        if let Some(bytes) = vendored(name) {
            all.extend_from_slice(bytes);
        }
    }
    all.extend_from_slice(lean);
    all.extend_from_slice(full);
    let version = format!("{:016x}", sousuo_format::format::piece_hash(&all));
    let files: Vec<String> = CACHED
        .iter()
        .chain(&[LEAN_ENGINE, "pkg/full/sousuo.js", FULL_ENGINE])
        .map(|name| format!("'{name}'"))
        .collect();
    format!(
        "// Written by sousuo --site: what the service worker caches, under which version.\n\
         self.SOUSUO_BUILD = {{ version: '{version}', files: [{}] }};\n",
        files.join(", ")
    )
}
