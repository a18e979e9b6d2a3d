//! Reading a static site's folder into documents: built HTML (Hugo, Hexo, mdBook, VitePress …),
//! Markdown sources with front matter, JSON Lines exports, and plain `.txt` articles.
//!
//! The walk: every regular file below the folder, symbolic links followed once each where they
//! lead inside the folder (outside only when [`Options::links_outside`] says so). Names
//! starting with `.` are skipped, and so are names starting with `_` (Hexo's `_drafts`, Jekyll's
//! `_layouts`, Sphinx's `_sources`, Docusaurus partials), except the `_posts` folder and Hugo's
//! `_index.md`; so are `robots.txt`, `humans.txt`, `ads.txt` and `llms.txt` at the root. The
//! extension (any case) picks the reader: `.html`/`.htm`, `.md`/`.markdown`/`.mdx`, `.jsonl`, `.txt`;
//! other files are ignored. A folder with HTML pages is a built site and is read as its pages
//! alone, unless [`Options::all_files`] says otherwise.
//!
//! Ids: a page's id is its URL with a leading `/` (`/posts/a/`, `/about.html`, `/` for the
//! root), so it is never empty and follows the page, not the file order; a `.jsonl` record's id
//! is its `"id"`; a `.txt` file's id is its stem.

mod front_matter;
mod generator;
mod html;
mod jsonl;
mod listing;
mod markdown;
mod nesting;
mod permalink;
mod site_text;
pub mod site_url;
mod text;

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

/// One document read from the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceDocument {
    /// Stable across rebuilds: from the URL, the `.jsonl` id or the `.txt` stem; never a counter.
    pub id: String,
    /// The page's URL relative to the site root, no leading `/`, percent-encoded (`posts/a/`,
    /// `about.html`, and `` for the root page), or a `.jsonl` record's `http(s)://` address
    /// elsewhere (site_url.rs); `None` for `.txt` and for `.jsonl` records without `"url"`.
    pub url: Option<String>,
    pub title: String,
    /// The body, in order; the title is not repeated in it.
    pub blocks: Vec<Block>,
    /// Headings with an anchor, in order.
    pub sections: Vec<Section>,
    pub lang: Option<String>,
    pub meta: Meta,
    /// The file it came from, for messages.
    pub path: PathBuf,
    /// The line, for `.jsonl`.
    pub line: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Block {
    /// One paragraph: whitespace collapsed, no line breaks (except in code, kept as written).
    pub text: String,
    pub kind: BlockKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BlockKind {
    Paragraph,
    Heading,
    /// Text of `<pre>` or a fenced/indented code block: kept, to be ranked low.
    Code,
    /// A `.txt` file's whole text, to be cleaned (crates/format/src/clean.rs) by the caller.
    Raw,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub heading: String,
    /// The id the page gives the heading: the link is `url#anchor`.
    pub anchor: String,
    /// Index in `blocks` of the section's heading block; for the heading used as the title
    /// (which is not a block), of the block after it (`blocks.len()` if there is none).
    pub first_block: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    /// `YYYY-MM-DD`, as written (not converted to another time zone).
    pub date: Option<String>,
    pub tags: Vec<String>,
    pub categories: Vec<String>,
    /// `data-sousuo-filter`, and other lists of texts in front matter or `.jsonl` records.
    pub filters: Vec<(String, String)>,
    /// Other metadata: `data-sousuo-meta`, `description`, other string fields.
    pub extra: Vec<(String, String)>,
}

/// What reading a site gives: its documents, sorted by id, and what was skipped and why.
pub struct Site {
    pub documents: Vec<SourceDocument>,
    /// One line per file or link left out that the site owner may not expect to be (a link
    /// leading outside the folder, a FIFO), for the build to show.
    pub warnings: Vec<String>,
}

/// How far the walk may go, and what else to read.
#[derive(Clone, Default)]
pub struct Options {
    /// Follow symbolic links that lead outside the folder. Off: a link to `/etc/passwd` or to
    /// `..` would publish what the folder's owner never put in it.
    pub links_outside: bool,
    /// JSON Lines files read besides the folder (records a program adds to a site's pages).
    pub records: Vec<PathBuf>,
    /// Read Markdown, JSON Lines and `.txt` files in a folder that holds HTML pages too. Off: a
    /// built site is its pages ([`only_pages`]).
    pub all_files: bool,
    /// Index listing pages too (archives, tag pages: listing.rs). Off: they are left out, and
    /// their posts are found where they are.
    pub keep_listings: bool,
    /// Where the reading says how far it has got.
    pub progress: std::sync::Arc<crate::progress::Progress>,
}

/// Every document below `dir`, sorted by id; any refusal is an error for the whole read.
pub fn read_sources(dir: &Path) -> Result<Vec<SourceDocument>, String> {
    read_site(dir, Options::default()).map(|site| site.documents)
}

/// [`read_sources`], with the options and the warnings.
pub fn read_site(dir: &Path, options: Options) -> Result<Site, String> {
    let root = dir
        .canonicalize()
        .map_err(|e| format!("the site folder {} cannot be opened: {e}", dir.display()))?;
    let records = options.records.clone();
    let progress = std::sync::Arc::clone(&options.progress);
    let mut walk = Walk {
        root: root.clone(),
        options,
        visited: vec![root.clone()],
        files: Vec::new(),
        warnings: Vec::new(),
    };
    walk.folder(&root, "")?;
    let all_files = walk.options.all_files;
    let keep_listings = walk.options.keep_listings;
    let Walk {
        mut files,
        mut warnings,
        ..
    } = walk;
    // A Hexo or Jekyll blog's posts get the URLs its configuration gives them; mdBook's and
    // VitePress's pages theirs.
    let permalinks = permalink::find(&root)?;
    let generator = generator::find(&root, permalinks.as_ref().is_some_and(|p| p.is_hexo()))?;
    if !all_files {
        warnings.extend(only_pages(&mut files));
        if generator.is_known() {
            warnings.extend(only_markdown(&mut files));
        }
    }
    files.extend(record_files(records)?);
    files.sort();
    progress.begin("reading files", files.len());
    let read_markdown = |path: &Path, rel: &str, text: &str| {
        markdown::read(path, rel, text, permalinks.as_ref(), &generator)
    };
    let Read {
        mut documents,
        mut pages,
        mut skipped,
    } = read_files(&files, read_markdown, &progress, &mut warnings)?;
    skipped += keep_content_pages(&mut pages, keep_listings, &mut warnings);
    documents.extend(pages.into_iter().map(|p| p.document));
    if documents.is_empty() {
        return Err(format!(
            "the site folder {} holds no document to index ({} supported files, {skipped} skipped \
             as drafts, noindex, redirects, empty or unmarked pages); point it at the built site \
             (public/, book/) or its sources (source/, content/): .html, .md, .jsonl or .txt files",
            dir.display(),
            files.len()
        ));
    }
    refuse_duplicates(&documents)?;
    documents.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(Site {
        documents,
        warnings,
    })
}

/// What the files gave: documents, HTML pages (listings not yet told apart), and how many
/// files gave nothing (drafts, noindex, redirects, empty pages).
struct Read {
    documents: Vec<SourceDocument>,
    pages: Vec<html::Page>,
    skipped: usize,
}

/// Reads each file by its extension; a Markdown file with `read_markdown`, which knows the
/// site's generator and permalinks.
fn read_files(
    files: &[(String, PathBuf)],
    read_markdown: impl Fn(&Path, &str, &str) -> Result<Option<SourceDocument>, String>,
    progress: &crate::progress::Progress,
    warnings: &mut Vec<String>,
) -> Result<Read, String> {
    let mut read = Read {
        documents: Vec::new(),
        pages: Vec::new(),
        skipped: 0,
    };
    for (rel, path) in files {
        progress.advance();
        let ext = rel
            .rsplit_once('.')
            .map_or("", |(_, e)| e)
            .to_ascii_lowercase();
        match ext.as_str() {
            "html" | "htm" => match html::read(path, rel, &text::read_text(path)?)? {
                Some(mut page) => {
                    warnings.extend(page.warning.take());
                    read.pages.push(page);
                }
                None => read.skipped += 1,
            },
            "md" | "markdown" | "mdx" => match read_markdown(path, rel, &text::read_text(path)?)? {
                Some(document) => read.documents.push(document),
                None => read.skipped += 1,
            },
            "jsonl" => {
                read.documents
                    .extend(jsonl::read(path, &jsonl::read_file(path)?, warnings)?)
            }
            _ => read.documents.push(txt(path)?),
        }
    }
    Ok(read)
}

/// The `--records` files, each with its name: refused unless a .jsonl file.
fn record_files(records: Vec<PathBuf>) -> Result<Vec<(String, PathBuf)>, String> {
    let mut files = Vec::with_capacity(records.len());
    for path in records {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if !name.to_ascii_lowercase().ends_with(".jsonl") {
            return Err(format!(
                "{}: records are read from a .jsonl file, one JSON object per line",
                path.display()
            ));
        }
        files.push((name.to_string(), path));
    }
    Ok(files)
}

/// Keeps the pages that are the site's content: the marked ones when any page marks its body,
/// no second copy of a page, no listing (unless kept), no text every page repeats. Returns how
/// many pages it left out; `warnings` says why where a reader should know.
fn keep_content_pages(
    pages: &mut Vec<html::Page>,
    keep_listings: bool,
    warnings: &mut Vec<String>,
) -> usize {
    let mut skipped = 0;
    // Pagefind's rule: once any page marks its body, the site says which pages are content.
    if pages.iter().any(|p| p.marked) {
        skipped += pages.iter().filter(|p| !p.marked).count();
        pages.retain(|p| p.marked);
    }
    skipped += drop_index_copies(pages);
    if !keep_listings {
        warnings.extend(leave_out_listings(pages));
    }
    warnings.extend(site_text::leave_out(pages));
    skipped
}

/// Leaves out the pages that list other pages; a warning names them.
fn leave_out_listings(pages: &mut Vec<html::Page>) -> Option<String> {
    let listings: Vec<String> = (pages.iter().filter(|p| p.listing))
        .map(|p| p.document.id.clone())
        .collect();
    // A site that is nothing but listings (one page of everything) is still searched.
    if listings.is_empty() || listings.len() == pages.len() {
        return None;
    }
    pages.retain(|p| !p.listing);
    const NAMED: usize = 5;
    let mut named = listings[..listings.len().min(NAMED)].join(", ");
    if listings.len() > NAMED {
        named.push_str(", …");
    }
    Some(format!(
        "{} listing pages were left out ({named}): they hold other pages' posts under links to \
         them, and the posts are found where they are (--keep-listings indexes them too)",
        listings.len()
    ))
}

/// One page read from its text, as the walk reads a file at `rel` (its extension picks HTML or
/// Markdown): for the fuzz target, which must find no input that panics or runs away.
pub fn read_page(rel: &str, text: &str) -> Result<Option<SourceDocument>, String> {
    let path = Path::new(rel);
    if rel.ends_with(".html") {
        return Ok(html::read(path, rel, text)?.map(|page| page.document));
    }
    markdown::read(path, rel, text, None, &generator::Generator::default())
}

/// A built site (a folder with HTML pages) is its pages: the Markdown copy of every page that
/// some generators write beside it (VitePress's llms plugin), a font's licence text, a sitemap
/// in text are files a reader never opens as a page, and their links would open raw text.
/// Leaves only the HTML files when there are any; a warning says how many others were left.
fn only_pages(files: &mut Vec<(String, PathBuf)>) -> Option<String> {
    let is_page = |rel: &str| {
        let rel = rel.to_ascii_lowercase();
        rel.ends_with(".html") || rel.ends_with(".htm")
    };
    if !files.iter().any(|(rel, _)| is_page(rel)) {
        return None;
    }
    let before = files.len();
    files.retain(|(rel, _)| is_page(rel));
    let left = before - files.len();
    (left > 0).then(|| {
        format!(
            "{left} Markdown, JSON Lines or .txt files beside the HTML pages were left out: a \
             built site is read as its pages (--all-files reads them too)"
        )
    })
}

/// The sources of a generator's site are its Markdown pages: its other text files (a
/// component's `description.txt`, data in JSON Lines) are not pages of the site it builds.
fn only_markdown(files: &mut Vec<(String, PathBuf)>) -> Option<String> {
    let before = files.len();
    files.retain(|(rel, _)| {
        let rel = rel.to_ascii_lowercase();
        [".md", ".markdown", ".mdx"]
            .iter()
            .any(|ext| rel.ends_with(ext))
    });
    let left = before - files.len();
    (left > 0).then(|| {
        format!(
            "{left} JSON Lines or .txt files beside the generator's Markdown pages were left out:              they are not pages of the site it builds (--all-files reads them too)"
        )
    })
}

/// Text files a built site serves at its root for crawlers, not articles.
const WEB_ROOT_FILES: &str = "robots.txt humans.txt ads.txt app-ads.txt llms.txt llms-full.txt";

fn listed(list: &str, name: &str) -> bool {
    list.split_whitespace().any(|n| n == name)
}

/// A page's id: its URL from the site root, so `/` for the root page.
fn id_of_url(url: &str) -> String {
    format!("/{url}")
}

/// Strips a UTF-8 byte order mark, which parsers would otherwise read as text.
fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{FEFF}').unwrap_or(text)
}

/// Collapses whitespace to single spaces, trims, and drops zero-width characters. A line break
/// between two CJK characters is dropped, not made a space: Chinese source text is wrapped
/// anywhere, and browsers join such lines without a space.
fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut gap: Option<bool> = None;
    for c in text.chars() {
        if matches!(
            c,
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{AD}'
        ) {
            continue;
        }
        if c.is_whitespace() {
            gap = Some(gap.unwrap_or(false) || c == '\n' || c == '\r');
            continue;
        }
        if let (Some(newline), Some(last)) = (gap.take(), out.chars().next_back()) {
            if !(newline && is_cjk(last) && is_cjk(c)) {
                out.push(' ');
            }
        }
        out.push(c);
    }
    out
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FFEF}' | '\u{20000}'..='\u{3FFFF}')
}

/// A `.txt` file as today: its raw text, cleaned by the caller; the title is the first line
/// until cleaning decides.
fn txt(path: &Path) -> Result<SourceDocument, String> {
    let text = text::read_text(path)?;
    let id = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_string();
    let title = without_bom(&text)
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or_default()
        .to_string();
    Ok(SourceDocument {
        id,
        url: None,
        title,
        blocks: vec![Block {
            text,
            kind: BlockKind::Raw,
        }],
        sections: Vec::new(),
        lang: None,
        meta: Meta::default(),
        path: path.to_path_buf(),
        line: None,
    })
}

/// The walk below the site folder, gathering the supported files as (path relative to the site
/// with `/`, path).
struct Walk {
    root: PathBuf,
    options: Options,
    /// Folders already walked, by their real path: a link cycle cannot make the walk endless.
    visited: Vec<PathBuf>,
    files: Vec<(String, PathBuf)>,
    warnings: Vec<String>,
}

impl Walk {
    fn folder(&mut self, dir: &Path, rel: &str) -> Result<(), String> {
        let entries =
            fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
        for entry in entries {
            let entry = entry.map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
            let path = entry.path();
            let name = path.file_name().and_then(|n| n.to_str()).ok_or_else(|| {
                format!(
                    "{}: the file name is not valid UTF-8; rename it",
                    path.display()
                )
            })?;
            if !self.followed(&entry, &path)? {
                continue;
            }
            let is_dir = path.is_dir();
            let underscore_ok = if is_dir {
                name == "_posts"
            } else {
                name == "_index.md"
            };
            let web_root_file =
                rel.is_empty() && listed(WEB_ROOT_FILES, &name.to_ascii_lowercase());
            if name.starts_with('.') || (name.starts_with('_') && !underscore_ok) || web_root_file {
                continue;
            }
            let rel = if rel.is_empty() {
                name.to_string()
            } else {
                format!("{rel}/{name}")
            };
            if is_dir {
                let real = path
                    .canonicalize()
                    .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
                if !self.visited.contains(&real) {
                    self.visited.push(real);
                    self.folder(&path, &rel)?;
                }
            } else if supported(name) {
                if path.metadata().is_ok_and(|m| m.is_file()) {
                    self.files.push((rel, path));
                } else {
                    self.warnings.push(format!(
                        "{}: skipped: not a regular file (a FIFO, a device or a socket)",
                        path.display()
                    ));
                }
            }
        }
        Ok(())
    }

    /// Whether the walk goes on through `entry`: always for a file or a folder, and for a
    /// symbolic link only when it leads inside the site folder (or the options allow outside).
    fn followed(&mut self, entry: &fs::DirEntry, path: &Path) -> Result<bool, String> {
        let kind = entry
            .file_type()
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        if !kind.is_symlink() {
            return Ok(true);
        }
        let Ok(target) = path.canonicalize() else {
            self.warnings.push(format!(
                "{}: skipped: a symbolic link to nothing",
                path.display()
            ));
            return Ok(false);
        };
        if target.starts_with(&self.root) || self.options.links_outside {
            return Ok(true);
        }
        self.warnings.push(format!(
            "{}: skipped: a symbolic link to {}, outside the site folder (SOUSUO_LINKS=follow \
             follows such links)",
            path.display(),
            target.display()
        ));
        Ok(false)
    }
}

/// Whether a file name has an extension one of the readers takes (any case).
fn supported(name: &str) -> bool {
    name.rsplit_once('.').is_some_and(|(_, ext)| {
        ["html", "htm", "md", "markdown", "mdx", "jsonl", "txt"]
            .contains(&ext.to_ascii_lowercase().as_str())
    })
}

/// Drops an `index.html` whose title and text are another page's: mdBook copies its first
/// chapter there, and one result is enough. Returns how many were dropped.
fn drop_index_copies(pages: &mut Vec<html::Page>) -> usize {
    let is_index = |p: &html::Page| p.document.path.file_stem().is_some_and(|s| s == "index");
    let key = |p: &html::Page| (p.document.title.clone(), p.document.blocks.clone());
    let originals: HashSet<_> = pages.iter().filter(|p| !is_index(p)).map(key).collect();
    let before = pages.len();
    pages.retain(|p| !(is_index(p) && originals.contains(&key(p))));
    before - pages.len()
}

/// Where a document came from, for messages: the file, and the line for `.jsonl`.
fn origin(document: &SourceDocument) -> String {
    match document.line {
        Some(line) => format!("{}:{line}", document.path.display()),
        None => document.path.display().to_string(),
    }
}

fn refuse_duplicates(documents: &[SourceDocument]) -> Result<(), String> {
    let mut by_url: HashMap<&str, &SourceDocument> = HashMap::new();
    for document in documents {
        let Some(url) = &document.url else { continue };
        if let Some(other) = by_url.insert(url, document) {
            return Err(format!(
                "two documents have the URL {url:?}: {} and {}; give one of them another \
                 permalink, slug or file name (or drop one of them)",
                origin(other),
                origin(document)
            ));
        }
    }
    let mut by_id: HashMap<&str, &SourceDocument> = HashMap::new();
    for document in documents {
        if let Some(other) = by_id.insert(&document.id, document) {
            return Err(format!(
                "two documents have the id {:?}: {} and {}; ids must be unique (a .txt file's \
                 stem, a .jsonl record's \"id\", otherwise the URL): rename one of them",
                document.id,
                origin(other),
                origin(document)
            ));
        }
    }
    Ok(())
}
