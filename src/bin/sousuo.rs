//! The `sousuo` command: search and read the index compiled into this build.
//!
//! `--json` prints exactly what the wasm returns, as one JSON object on stdout.

use sousuo::{judge, load, marked, Index, SearchOptions, DEFAULT_LIMIT, MAX_LIMIT};
use std::io::Write;
use std::process::ExitCode;

const USAGE: &str = "usage:
  sousuo search QUERY [--filter KEY=VALUE]... [--sort [-]KEY] [--limit N] [--offset N] [--json]
                           (QUERY may be \"\" with a --filter: that filter's documents)
  sousuo suggest PREFIX [--limit N] [--json]
  sousuo examples [--limit N] [--json]
  sousuo show ID [--query Q] [--json]
  sousuo judge FILE [--answers ANSWERS.json]
                           (a judged set, e.g. tests/judged.tsv: pass counts by category;
                           with --answers, judges answers recorded elsewhere, such as the wasm's in
                           a browser: a JSON object from each query to its results, every hit)
  sousuo info [--json]";

/// Appends one line to the output.
macro_rules! say {
    ($out:ident, $($arg:tt)*) => {{
        $out.push_str(&format!($($arg)*));
        $out.push('\n');
    }};
}

fn main() -> ExitCode {
    // Arguments that are not UTF-8 (a shell can pass any bytes) are read lossily, not refused.
    let args = std::env::args_os()
        .skip(1)
        .map(|arg| arg.to_string_lossy().into_owned())
        .collect();
    match run(args) {
        Ok(output) => {
            // A closed pipe (`sousuo search x | head -1`) is the reader's choice, not an error.
            let _ = std::io::stdout().write_all(output.as_bytes());
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("sousuo: {message}");
            ExitCode::FAILURE
        }
    }
}

struct Args {
    positional: Vec<String>,
    json: bool,
    limit: Option<String>,
    offset: Option<String>,
    query: Option<String>,
    filters: Vec<(String, Vec<String>)>,
    sort: Option<String>,
    answers: Option<String>,
}

fn parse(args: Vec<String>) -> Result<Args, String> {
    let mut parsed = Args {
        positional: Vec::new(),
        json: false,
        limit: None,
        offset: None,
        query: None,
        filters: Vec::new(),
        sort: None,
        answers: None,
    };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value\n{USAGE}"));
        match arg.as_str() {
            "--json" => parsed.json = true,
            "--limit" => parsed.limit = Some(value("--limit")?),
            "--offset" => parsed.offset = Some(value("--offset")?),
            "--query" => parsed.query = Some(value("--query")?),
            "--sort" => parsed.sort = Some(value("--sort")?),
            "--answers" => parsed.answers = Some(value("--answers")?),
            "--filter" => {
                let filter = value("--filter")?;
                let (key, wanted) = filter
                    .split_once('=')
                    .filter(|(key, wanted)| !key.is_empty() && !wanted.is_empty())
                    .ok_or(format!(
                        "--filter takes KEY=VALUE (tags=医药), not {filter:?}"
                    ))?;
                // One key given twice ORs its values, as the wasm's {tags: [a, b]} does.
                match parsed.filters.iter_mut().find(|(k, _)| k == key) {
                    Some((_, values)) => values.push(wanted.to_string()),
                    None => parsed
                        .filters
                        .push((key.to_string(), vec![wanted.to_string()])),
                }
            }
            "-h" | "--help" => return Err(USAGE.to_string()),
            _ => parsed.positional.push(arg),
        }
    }
    Ok(parsed)
}

/// The answer to `query` with every hit, page after page (a judged set may expect thousands).
fn every_hit(
    index: &mut Index<'static>,
    query: &str,
    options: &SearchOptions,
) -> Result<sousuo::SearchResults, String> {
    let mut all = with_pieces(index, |index| sousuo::search(index, query, options))?;
    while all.hits.len() < all.total {
        let next = SearchOptions {
            offset: all.hits.len(),
            ..options.clone()
        };
        let page = with_pieces(index, |index| sousuo::search(index, query, &next))?;
        if page.hits.is_empty() {
            break;
        }
        all.hits.extend(page.hits);
    }
    Ok(all)
}

/// Answers recorded elsewhere (the wasm's, in a browser): a JSON object from each query to its
/// results with every hit.
fn recorded_answers(
    file: &str,
) -> Result<std::collections::HashMap<String, sousuo::SearchResults>, String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
    serde_json::from_str(&text).map_err(|e| format!("{file}: not a JSON object of answers: {e}"))
}

fn number(value: Option<String>, default: usize, name: &str) -> Result<usize, String> {
    value.map_or(Ok(default), |v| {
        v.parse()
            .map_err(|_| format!("{name} must be a whole number, not {v:?}"))
    })
}

fn run(args: Vec<String>) -> Result<String, String> {
    let mut out = String::new();
    let args = parse(args)?;
    // Pieces of a split index are read from disk as each command needs them, through the same
    // loading loop the page runs over HTTP.
    let mut index = sousuo::compiled_index().map_err(|e| e.to_string())?;
    match args
        .positional
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["search", query] => search_command(&mut index, &args, query),
        ["suggest", prefix] => {
            let limit = number(args.limit, DEFAULT_LIMIT, "--limit")?;
            let words = with_pieces(&mut index, |index| sousuo::suggest(index, prefix, limit))?;
            if args.json {
                return json(&words);
            }
            say!(out, "{}", words.join("\n"));
            Ok(out)
        }
        ["examples"] => {
            let limit = number(args.limit, sousuo::DEFAULT_EXAMPLES, "--limit")?;
            let words = with_pieces(&mut index, |index| sousuo::examples(index, limit, None))?;
            if args.json {
                return json(&words);
            }
            say!(out, "{}", words.join("\n"));
            Ok(out)
        }
        ["judge", file] => judge_command(&mut index, file, args.answers.as_deref()),
        ["show", id] => {
            let article = with_pieces(&mut index, |index| {
                sousuo::article(index, id, args.query.as_deref())
            })?;
            if args.json {
                return json(&article);
            }
            say!(out, "{}\n", marked(&article.title_segments, "【", "】"));
            for paragraph in &article.paragraphs {
                say!(out, "{}\n", marked(paragraph, "【", "】"));
            }
            Ok(out)
        }
        ["info"] => {
            let info = sousuo::info(&index);
            if args.json {
                return json(&info);
            }
            say!(
                out,
                "{} documents, {} terms, index {} bytes ({}, {} pieces), format version {}, sousuo {}",
                info.documents,
                info.terms,
                info.index_bytes,
                info.mode,
                info.pieces,
                info.format_version,
                info.crate_version
            );
            Ok(out)
        }
        _ => Err(USAGE.to_string()),
    }
}

/// `search QUERY`: the results, as JSON or for reading.
fn search_command(index: &mut Index<'static>, args: &Args, query: &str) -> Result<String, String> {
    let options = SearchOptions {
        limit: number(args.limit.clone(), DEFAULT_LIMIT, "--limit")?,
        offset: number(args.offset.clone(), 0, "--offset")?,
        filters: args.filters.clone(),
        sort: args.sort.as_deref().map(sousuo::Sort::parse),
        ..SearchOptions::default()
    };
    if options.limit == 0 || options.limit > MAX_LIMIT {
        return Err(format!("--limit must be from 1 to {MAX_LIMIT}"));
    }
    let results = with_pieces(index, |index| sousuo::search(index, query, &options))?;
    if args.json {
        return json(&results);
    }
    Ok(readable_results(&results, options.offset))
}

/// Search results for a terminal: notices, pinyin readings, facets, then each hit.
fn readable_results(results: &sousuo::SearchResults, offset: usize) -> String {
    let mut out = String::new();
    for notice in &results.notices {
        say!(out, "{notice}");
    }
    for reading in &results.pinyin {
        say!(
            out,
            "pinyin {} read as {}",
            reading.pinyin,
            reading.words.join(" ")
        );
    }
    say!(out, "{} result(s) for {:?}", results.total, results.query);
    for (key, values) in results.filters.iter() {
        let mut values: Vec<(&String, &usize)> = values.iter().collect();
        values.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let values: Vec<String> = values.iter().map(|(v, n)| format!("{v} ({n})")).collect();
        say!(out, "{key}: {}", values.join(", "));
    }
    if !results.sorts.is_empty() {
        say!(out, "--sort accepts: {}", results.sorts.join(", "));
    }
    if !results.suggestions.is_empty() {
        say!(out, "did you mean: {}", results.suggestions.join(" "));
    }
    for (rank, hit) in results.hits.iter().enumerate() {
        say!(
            out,
            "\n{}. {}  [{}]  score {:.3}",
            rank + 1 + offset,
            marked(&hit.title_segments, "【", "】"),
            hit.id,
            hit.score
        );
        say!(out, "   {}", marked(&hit.snippet, "【", "】"));
        if let Some(url) = &hit.url {
            say!(out, "   {url}");
        }
        for section in &hit.sections {
            say!(out, "   § {}  #{}", section.heading, section.anchor);
        }
        if !hit.meta.is_empty() {
            let meta: Vec<String> = hit
                .meta
                .iter()
                .map(|(key, values)| format!("{key}: {}", values.join(", ")))
                .collect();
            say!(out, "   {}", meta.join("; "));
        }
        if !hit.missing.is_empty() {
            say!(out, "   missing: {}", hit.missing.join(" "));
        }
    }
    out
}

/// `judge FILE`: every judged query's outcome and the table; an error when one fails.
fn judge_command(
    index: &mut Index<'static>,
    file: &str,
    answers: Option<&str>,
) -> Result<String, String> {
    let mut out = String::new();
    let text = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
    let judgements = judge::parse(&text).map_err(|e| format!("{file}: {e}"))?;
    let options = SearchOptions {
        limit: MAX_LIMIT,
        ..SearchOptions::default()
    };
    let recorded = answers.map(recorded_answers).transpose()?;
    let mut outcomes = Vec::with_capacity(judgements.len());
    for judgement in &judgements {
        let outcome = judge::judge(judgement, &mut |query| match &recorded {
            Some(answers) => answers
                .get(query)
                .cloned()
                .ok_or(format!("no answer to {query:?} was recorded")),
            None => every_hit(index, query, &options),
        });
        if let Err(problem) = &outcome {
            say!(out, "FAIL {problem}");
        }
        outcomes.push((judgement, outcome));
    }
    out.push_str(&judge::table(&outcomes));
    if outcomes.iter().any(|(_, o)| o.is_err()) {
        // The table and every failure first: they are what the reader needs.
        let _ = std::io::stdout().write_all(out.as_bytes());
        return Err("some judged queries fail".to_string());
    }
    Ok(out)
}

/// Highlights as 【…】, for a terminal.
/// Runs `operation`, reading the pieces it needs from disk.
fn with_pieces<T>(
    index: &mut Index<'static>,
    operation: impl FnMut(&Index) -> sousuo::Result<T>,
) -> Result<T, String> {
    load::run(index, &mut sousuo::files::read_piece_file, operation).map_err(|e| e.to_string())
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, String> {
    let mut line = serde_json::to_string(value).map_err(|e| e.to_string())?;
    line.push('\n');
    Ok(line)
}
