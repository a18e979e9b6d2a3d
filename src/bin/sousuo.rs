//! The `sousuo` command: search and read the index compiled into this build.
//!
//! `--json` prints exactly what the wasm returns, as one JSON object on stdout.

use sousuo::search::{SearchOptions, DEFAULT_LIMIT, MAX_LIMIT};
use sousuo::{judge, Index, Segment};
use std::process::ExitCode;

const USAGE: &str = "usage:
  sousuo search QUERY [--limit N] [--offset N] [--json]
  sousuo suggest PREFIX [--limit N] [--json]
  sousuo show ID [--query Q] [--json]
  sousuo judge FILE        (a judged set, e.g. tests/judged.tsv: pass counts by category)
  sousuo info [--json]";

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
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
}

fn parse(args: Vec<String>) -> Result<Args, String> {
    let mut parsed = Args {
        positional: Vec::new(),
        json: false,
        limit: None,
        offset: None,
        query: None,
    };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value\n{USAGE}"));
        match arg.as_str() {
            "--json" => parsed.json = true,
            "--limit" => parsed.limit = Some(value("--limit")?),
            "--offset" => parsed.offset = Some(value("--offset")?),
            "--query" => parsed.query = Some(value("--query")?),
            "-h" | "--help" => return Err(USAGE.to_string()),
            _ => parsed.positional.push(arg),
        }
    }
    Ok(parsed)
}

fn number(value: Option<String>, default: usize, name: &str) -> Result<usize, String> {
    value.map_or(Ok(default), |v| {
        v.parse()
            .map_err(|_| format!("{name} must be a whole number, not {v:?}"))
    })
}

fn run(args: Vec<String>) -> Result<(), String> {
    let args = parse(args)?;
    let index = Index::embedded().map_err(|e| e.to_string())?;
    match args
        .positional
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["search", query] => {
            let options = SearchOptions {
                limit: number(args.limit, DEFAULT_LIMIT, "--limit")?,
                offset: number(args.offset, 0, "--offset")?,
                ..SearchOptions::default()
            };
            if options.limit == 0 || options.limit > MAX_LIMIT {
                return Err(format!("--limit must be from 1 to {MAX_LIMIT}"));
            }
            let results = sousuo::search(index, query, &options).map_err(|e| e.to_string())?;
            if args.json {
                return print_json(&results);
            }
            if let Some(notice) = &results.notice {
                println!("{notice}");
            }
            for reading in &results.pinyin {
                println!(
                    "pinyin {} read as {}",
                    reading.pinyin,
                    reading.words.join(" ")
                );
            }
            println!("{} result(s) for {:?}", results.total, results.query);
            if !results.suggestions.is_empty() {
                println!("did you mean: {}", results.suggestions.join(" "));
            }
            for (rank, hit) in results.hits.iter().enumerate() {
                println!(
                    "\n{}. {}  [{}]  score {:.3}",
                    rank + 1 + options.offset,
                    marked(&hit.title_segments),
                    hit.id,
                    hit.score
                );
                println!("   {}", marked(&hit.snippet));
                if !hit.missing.is_empty() {
                    println!("   missing: {}", hit.missing.join(" "));
                }
            }
            Ok(())
        }
        ["suggest", prefix] => {
            let limit = number(args.limit, DEFAULT_LIMIT, "--limit")?;
            let words = sousuo::suggest(index, prefix, limit).map_err(|e| e.to_string())?;
            if args.json {
                return print_json(&words);
            }
            println!("{}", words.join("\n"));
            Ok(())
        }
        ["judge", file] => {
            let text = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
            let judgements = judge::parse(&text).map_err(|e| format!("{file}: {e}"))?;
            let options = SearchOptions {
                limit: MAX_LIMIT,
                ..SearchOptions::default()
            };
            let mut outcomes = Vec::with_capacity(judgements.len());
            for judgement in &judgements {
                let outcome = sousuo::search(index, &judgement.query, &options)
                    .map_err(|e| e.to_string())
                    .and_then(|results| judge::check(judgement, &results));
                if let Err(problem) = &outcome {
                    println!("FAIL {problem}");
                }
                outcomes.push((judgement, outcome));
            }
            print!("{}", judge::table(&outcomes));
            if outcomes.iter().any(|(_, o)| o.is_err()) {
                return Err("some judged queries fail".to_string());
            }
            Ok(())
        }
        ["show", id] => {
            let article =
                sousuo::article(index, id, args.query.as_deref()).map_err(|e| e.to_string())?;
            if args.json {
                return print_json(&article);
            }
            println!("{}\n", marked(&article.title_segments));
            for paragraph in &article.paragraphs {
                println!("{}\n", marked(paragraph));
            }
            Ok(())
        }
        ["info"] => {
            let info = sousuo::info(index);
            if args.json {
                return print_json(&info);
            }
            println!(
                "{} documents, {} terms, index {} bytes, format version {}, sousuo {}",
                info.documents,
                info.terms,
                info.index_bytes,
                info.format_version,
                info.crate_version
            );
            Ok(())
        }
        _ => Err(USAGE.to_string()),
    }
}

/// Highlights as 【…】, for a terminal.
fn marked(segments: &[Segment]) -> String {
    segments
        .iter()
        .map(|s| {
            if s.highlight {
                format!("【{}】", s.text)
            } else {
                s.text.clone()
            }
        })
        .collect()
}

fn print_json<T: serde::Serialize>(value: &T) -> Result<(), String> {
    println!(
        "{}",
        serde_json::to_string(value).map_err(|e| e.to_string())?
    );
    Ok(())
}
