//! `sousuo search --index OUT QUERY`: searches what `--site` wrote, with the engine the page runs,
//! reading the root out of the written engine and the pieces from beside it.

use crate::args::{Queries, SearchOptions};
use sousuo_engine::format::PieceRef;
use sousuo_engine::{load, marked, Error, Index};
use sousuo_engine::{SearchOptions as Query, SearchResults as Results};
use sousuo_indexer::LANGUAGE_FILTER;
use std::fs;
use std::path::Path;

pub fn run(options: &SearchOptions) -> Result<(), String> {
    let pack = root_of(&options.index)?;
    let mut index = Index::from_bytes(&pack).map_err(|e| e.to_string())?;
    let pieces = options.index.join("pkg/pieces");
    let query = Query {
        limit: options.limit,
        filters: (options.language.iter())
            .map(|language| (LANGUAGE_FILTER.to_string(), vec![language.to_lowercase()]))
            .collect(),
        ..Query::default()
    };
    let mut search = |text: &str| {
        load::run(
            &mut index,
            &mut |piece| read_piece(&pieces, piece),
            |index| sousuo_engine::search(index, text, &query),
        )
        .map_err(|e| e.to_string())
    };
    match &options.queries {
        Queries::One(text) => {
            let results = search(text)?;
            if options.json {
                println!("{}", json(&results)?);
            } else {
                print_readably(&results);
            }
            Ok(())
        }
        Queries::EachLineOf(file) => {
            let text = fs::read_to_string(file)
                .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            let mut failed = 0;
            for line in text.lines().filter(|line| !line.trim().is_empty()) {
                // A failed query is reported on its own line, never skipped: the lines stay in
                // step with the file's queries.
                match search(line) {
                    Ok(results) => println!("{}", json(&results)?),
                    Err(problem) => {
                        failed += 1;
                        println!(
                            "{}",
                            json(&Failed {
                                query: line,
                                error: &problem
                            })?
                        );
                    }
                }
            }
            match failed {
                0 => Ok(()),
                n => Err(format!(
                    "{n} of the queries failed; their lines hold the error"
                )),
            }
        }
    }
}

#[derive(serde::Serialize)]
struct Failed<'a> {
    query: &'a str,
    error: &'a str,
}

/// The root the page would load: the one written into the engine.
fn root_of(output: &Path) -> Result<Vec<u8>, String> {
    let engine_path = output.join("pkg/full/sousuo_bg.wasm");
    let engine = fs::read(&engine_path).map_err(|e| {
        format!(
            "cannot read {}: {e}; --index names the folder `sousuo --site` wrote (DIR/sousuo/)",
            engine_path.display()
        )
    })?;
    let engine = sousuo_format::stored::unstore(engine)
        .map_err(|e| format!("{}: {e}", engine_path.display()))?;
    sousuo_patch::index_of(&engine)
        .map_err(|e| format!("{}: {e}", engine_path.display()))?
        .ok_or_else(|| format!("{} holds no index", engine_path.display()))
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, String> {
    sousuo_engine::json::to_json(value).map_err(|e| e.to_string())
}

fn print_readably(results: &Results) {
    if let Some(typed) = &results.corrected_from {
        println!(
            "nothing found for {typed:?}; these are the results for {:?}",
            results.query
        );
    }
    for notice in &results.notices {
        println!("{notice}");
    }
    if results.hits.is_empty() {
        println!("no document holds {:?}", results.query);
    }
    for (rank, hit) in results.hits.iter().enumerate() {
        println!(
            "{}. {}  {}",
            rank + 1,
            hit.title,
            hit.url.as_deref().unwrap_or(&hit.id)
        );
        println!("   {}", marked(&hit.snippet, "【", "】"));
    }
    if results.total > results.hits.len() {
        println!("({} in all; --limit N shows more)", results.total);
    }
}

fn read_piece(dir: &Path, piece: &PieceRef) -> sousuo_engine::Result<Vec<u8>> {
    sousuo_format::stored::read_piece(dir, piece).map_err(|problem| Error::Piece {
        name: piece.name(),
        problem,
    })
}
