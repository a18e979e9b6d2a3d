//! The command line, read by hand: a few flags do not need a parser crate in every install.

use std::path::PathBuf;

pub const USAGE: &str = "\
usage:
  sousuo --site DIR [--records FILE.jsonl]... [--all-files] [--keep-listings]
         [--max-files N] [--output-path OUT | --single-file FILE.html] [--serve]
         [--port N]
      index the built site in DIR and write the search into DIR/sousuo/ (or OUT):
      the widget (sousuo.min.js, a ready page index.html), the engines with the
      site's index, and the pieces beside them; --records adds JSON Lines records
      (one JSON object per line: id, title, body, url); a folder with HTML pages is
      read as its pages alone, --all-files reads its .md, .jsonl and .txt files too;
      pages that list other pages' posts (archives, tags) are left out, unless
      --keep-listings;
      the pieces take at most 20000 files (what Cloudflare Pages takes), or N;
      --single-file writes one page instead, with the whole index inside, that
      works opened from disk; --serve serves DIR on loopback after
  sousuo search --index OUT [--json] [--limit N] [--language L] QUERY
      search what --site wrote into OUT, with the same engine as the page;
      on a site in several languages, --language searches one (zh-cn)
  sousuo search --index OUT --queries FILE [--limit N] [--language L]
      search each line of FILE in turn and print one JSON line per query
  sousuo --help | --version";

/// What to do.
pub enum Command {
    Help,
    Version,
    Site(SiteOptions),
    Search(SearchOptions),
}

pub struct SiteOptions {
    /// The site's folder; `None` when only records are indexed.
    pub site: Option<PathBuf>,
    pub records: Vec<PathBuf>,
    pub all_files: bool,
    pub keep_listings: bool,
    pub max_files: Option<usize>,
    pub output: PathBuf,
    /// One page with the whole index in it, written instead of the output folder.
    pub single_file: Option<PathBuf>,
    pub serve: bool,
    pub port: u16,
}

pub struct SearchOptions {
    pub index: PathBuf,
    pub json: bool,
    pub limit: usize,
    /// The language searched, on a site in several; every one when `None`.
    pub language: Option<String>,
    pub queries: Queries,
}

/// One query from the command line, or a file of them for measuring many at once.
pub enum Queries {
    One(String),
    EachLineOf(PathBuf),
}

pub fn parse(argv: &[String]) -> Result<Command, String> {
    if argv.is_empty() {
        return Err("nothing to do".to_string());
    }
    if argv.iter().any(|a| a == "--help" || a == "-h") {
        return Ok(Command::Help);
    }
    if argv.iter().any(|a| a == "--version" || a == "-V") {
        return Ok(Command::Version);
    }
    match argv.split_first() {
        Some((first, rest)) if first == "search" => {
            let (flags, words) = read_flags(rest)?;
            search_command(flags, words)
        }
        _ => {
            let (flags, words) = read_flags(argv)?;
            site_command(flags, &words)
        }
    }
}

/// The flags given and the words between them.
fn read_flags(items: &[String]) -> Result<(Flags, Vec<String>), String> {
    let mut flags = Flags::default();
    let mut words = Vec::new();
    let mut items = items.iter();
    while let Some(item) = items.next() {
        let mut value = |name: &str| {
            items
                .next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match item.as_str() {
            "--site" | "-s" => flags.site = Some(value("--site")?),
            "--output-path" | "-o" => flags.output = Some(value("--output-path")?),
            "--single-file" => flags.single_file = Some(value("--single-file")?.into()),
            "--records" => flags.records.push(value("--records")?.into()),
            "--index" => flags.index = Some(value("--index")?),
            "--queries" => flags.queries = Some(value("--queries")?.into()),
            "--limit" => flags.limit = Some(number(&value("--limit")?, "--limit")?),
            "--language" => flags.language = Some(value("--language")?),
            "--port" => flags.port = Some(number(&value("--port")?, "--port")?),
            "--max-files" => flags.max_files = Some(number(&value("--max-files")?, "--max-files")?),
            "--serve" => flags.serve = true,
            "--all-files" => flags.all_files = true,
            "--keep-listings" => flags.keep_listings = true,
            "--json" => flags.json = true,
            flag if flag.starts_with("--") => return Err(format!("unknown flag {flag}")),
            word => words.push(word.to_string()),
        }
    }
    Ok((flags, words))
}

/// `sousuo search`: an index and a query, or a file of them.
fn search_command(flags: Flags, words: Vec<String>) -> Result<Command, String> {
    let index = flags
        .index
        .ok_or("search needs --index OUT (the folder --site wrote)")?;
    let queries = match (flags.queries, words.is_empty()) {
        (Some(file), true) => Queries::EachLineOf(file),
        (Some(_), false) => {
            return Err("search takes a QUERY or --queries FILE, not both".to_string())
        }
        (None, false) => Queries::One(words.join(" ")),
        (None, true) => return Err("search needs a QUERY".to_string()),
    };
    Ok(Command::Search(SearchOptions {
        index: index.into(),
        json: flags.json,
        limit: flags.limit.unwrap_or(10),
        language: flags.language,
        queries,
    }))
}

/// `sousuo --site`: what to index, where the search goes, and whether to serve it.
fn site_command(flags: Flags, words: &[String]) -> Result<Command, String> {
    if flags.language.is_some() {
        return Err("--language picks what `sousuo search` searches".to_string());
    }
    if let Some(word) = words.first() {
        return Err(format!("unexpected {word:?}"));
    }
    let site = flags.site.map(PathBuf::from);
    if flags.single_file.is_some() && (flags.output.is_some() || flags.serve) {
        return Err(
            "--single-file writes one page: it takes neither --output-path nor --serve".to_string(),
        );
    }
    let output = match (&site, flags.output) {
        (_, None) if flags.single_file.is_some() => PathBuf::new(),
        (_, Some(output)) => PathBuf::from(output),
        (Some(site), None) => site.join("sousuo"),
        (None, None) if flags.records.is_empty() => {
            return Err("--site DIR is needed: the built site's folder".to_string())
        }
        (None, None) => {
            return Err("--output-path OUT is needed when there is no --site".to_string())
        }
    };
    if flags.serve && site.is_none() {
        return Err("--serve serves the --site folder: give one".to_string());
    }
    let port = flags.port.unwrap_or(1414);
    let port = u16::try_from(port).map_err(|_| format!("--port {port} is not a port"))?;
    Ok(Command::Site(SiteOptions {
        site,
        records: flags.records,
        all_files: flags.all_files,
        keep_listings: flags.keep_listings,
        max_files: flags.max_files,
        output,
        single_file: flags.single_file,
        serve: flags.serve,
        port,
    }))
}

#[derive(Default)]
struct Flags {
    site: Option<String>,
    records: Vec<PathBuf>,
    output: Option<String>,
    single_file: Option<PathBuf>,
    index: Option<String>,
    queries: Option<PathBuf>,
    limit: Option<usize>,
    language: Option<String>,
    port: Option<usize>,
    max_files: Option<usize>,
    serve: bool,
    all_files: bool,
    keep_listings: bool,
    json: bool,
}

fn number(text: &str, name: &str) -> Result<usize, String> {
    text.parse()
        .map_err(|_| format!("{name} takes a whole number, not {text:?}"))
}
