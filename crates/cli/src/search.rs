//! `sousuo search --index OUT QUERY`: searches what `--site` wrote, with the engine the page runs,
//! reading the root out of the written engine and the pieces from beside it.

use crate::args::SearchOptions;
use sousuo_engine::format::PieceRef;
use sousuo_engine::search::SearchOptions as Query;
use sousuo_engine::{load, snippet, Error, Index};
use std::fs;
use std::path::Path;

pub fn run(options: &SearchOptions) -> Result<(), String> {
    let engine_path = options.index.join("pkg/full/sousuo_bg.wasm");
    let engine = fs::read(&engine_path).map_err(|e| {
        format!(
            "cannot read {}: {e}; --index names the folder `sousuo --site` wrote (DIR/sousuo/)",
            engine_path.display()
        )
    })?;
    let pack = sousuo_patch::index_of(&engine)
        .map_err(|e| format!("{}: {e}", engine_path.display()))?
        .ok_or_else(|| format!("{} holds no index", engine_path.display()))?;
    let mut index = Index::from_bytes(&pack).map_err(|e| e.to_string())?;
    let pieces = options.index.join("pkg/pieces");
    let query = Query {
        limit: options.limit,
        ..Query::default()
    };
    let results = load::run(
        &mut index,
        &mut |piece| read_piece(&pieces, piece),
        |index| sousuo_engine::search(index, &options.query, &query),
    )
    .map_err(|e| e.to_string())?;
    if options.json {
        println!(
            "{}",
            sousuo_engine::json::to_json(&results).map_err(|e| e.to_string())?
        );
        return Ok(());
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
        println!("   {}", snippet::marked(&hit.snippet, "【", "】"));
    }
    if results.total > results.hits.len() {
        println!("({} in all; --limit N shows more)", results.total);
    }
    Ok(())
}

fn read_piece(dir: &Path, piece: &PieceRef) -> sousuo_engine::Result<Vec<u8>> {
    let path = dir.join(piece.name());
    fs::read(&path).map_err(|e| Error::Piece {
        name: piece.name(),
        problem: format!("cannot read {}: {e}", path.display()),
    })
}
