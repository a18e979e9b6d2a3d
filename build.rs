//! Compiles the corpus into the index that the library embeds.
//!
//! corpus folder → clean (src/clean.rs) → normalize (src/analyzer.rs) → segment (jieba-rs, full
//! dictionary + HMM, here only) → postings → a root and pieces (build/pieces.rs, src/format.rs).
//!
//! Outputs, in `$OUT_DIR`:
//! - `index.bin`: the PACK the library embeds: the root alone (split) or the root and every
//!   piece (embedded);
//! - `pieces/`: every piece as a file named by its hash, whatever the mode: a split site serves
//!   them next to the wasm (`./x build` copies them), and native code reads them from here.
//!
//! The corpus is `seeds/` unless `SOUSUO_CORPUS` names another folder: a folder of `.txt`
//! articles (the file stem is the id, the first line the title), or a site's HTML, Markdown or
//! JSON Lines (build/sources/), whose URLs, sections, metadata and filters are kept too
//! (build/extras.rs).
//! `SOUSUO_LINKS=follow` follows symbolic links that lead outside the folder.
//! `SOUSUO_INDEX` is `split`, `embedded` or `auto` (the default: split above
//! [`SPLIT_ABOVE_BYTES`] of pieces). `SOUSUO_INDEX_FROM` names the `OUT_DIR` of a build that
//! already made the index: it is copied instead of built again.

#[allow(dead_code)]
#[path = "src/analyzer.rs"]
mod analyzer;
#[allow(dead_code)]
#[path = "src/case.rs"]
mod case;
#[allow(dead_code)]
#[path = "src/clean.rs"]
mod clean;
#[allow(dead_code)]
#[path = "src/corpus.rs"]
mod corpus;
#[allow(dead_code)]
#[path = "build/examples.rs"]
mod examples;
#[path = "build/extras.rs"]
mod extras;
#[allow(dead_code)]
#[path = "src/format.rs"]
mod format;
#[path = "build/key_pieces.rs"]
mod key_pieces;
#[allow(dead_code)]
#[path = "src/order.rs"]
mod order;
#[allow(dead_code)]
#[path = "src/phonetic.rs"]
mod phonetic;
#[path = "build/pieces.rs"]
mod pieces;
#[allow(dead_code)]
#[path = "src/postings.rs"]
mod postings;
#[path = "build/sounds.rs"]
mod sounds;
#[allow(dead_code)]
#[path = "build/sources/mod.rs"]
mod sources;

use analyzer::{conversion_pairs, conversion_table, is_indexed_char, is_word_char, Normalizer};
use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

/// Above this many bytes of pieces, `auto` splits the index. Measured (README, "The split
/// index"): even the seeds' 5 articles load less before the first result split, because pinyin
/// and the articles not shown stay on the server; embedding wins only for a handful of short
/// texts, where one file beats several requests.
const SPLIT_ABOVE_BYTES: usize = 64 * 1024;

fn main() {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let index_path = out.join("index.bin");
    if let Err(message) = try_main(&out) {
        // Never leave an older index behind for a later build to embed by mistake.
        let _ = fs::remove_file(&index_path);
        eprintln!("error: sousuo could not build its index: {message}");
        std::process::exit(1);
    }
}

fn try_main(out: &Path) -> Result<(), String> {
    let manifest = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").ok_or("CARGO_MANIFEST_DIR is not set")?,
    );
    println!("cargo:rerun-if-env-changed=SOUSUO_CORPUS");
    println!("cargo:rerun-if-env-changed=SOUSUO_INDEX");
    println!("cargo:rerun-if-env-changed=SOUSUO_INDEX_FROM");
    println!("cargo:rerun-if-env-changed=SOUSUO_LINKS");
    if let Some(from) = std::env::var_os("SOUSUO_INDEX_FROM").filter(|dir| !dir.is_empty()) {
        return reuse(out, Path::new(&from));
    }
    for shared in [
        "src/analyzer.rs",
        "src/clean.rs",
        "src/corpus.rs",
        "src/format.rs",
        "src/format",
        "src/order.rs",
        "src/phonetic.rs",
        "src/postings.rs",
        "build",
        "data/opencc",
        "data/common-chars.txt",
    ] {
        println!("cargo:rerun-if-changed={}", manifest.join(shared).display());
    }
    let corpus = match std::env::var_os("SOUSUO_CORPUS") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => manifest.join("seeds"),
    };
    println!("cargo:rerun-if-changed={}", corpus.display());
    let mode = std::env::var("SOUSUO_INDEX").unwrap_or_default();
    let split = match mode.as_str() {
        "split" => Some(true),
        "embedded" => Some(false),
        "" | "auto" => None,
        other => {
            return Err(format!(
                "SOUSUO_INDEX is {other:?}: use split, embedded or auto (the default)"
            ))
        }
    };

    let conversions = conversion_pairs(&manifest.join("data/opencc"))?;
    let (t2s_table, t2s_text) = conversion_table(conversions.iter())?;
    let normalizer = Normalizer::from_parts(&t2s_table, t2s_text.as_bytes())?;
    let (documents, extras) = read_documents(&corpus, &normalizer)?;
    let built = compile(&manifest, &documents, &extras, &normalizer, &conversions)?;

    let pieces_dir = out.join("pieces");
    let _ = fs::remove_dir_all(&pieces_dir);
    fs::create_dir_all(&pieces_dir)
        .map_err(|e| format!("cannot create {}: {e}", pieces_dir.display()))?;
    let mut total = 0;
    for piece in &built.pieces {
        let path = pieces_dir.join(piece.reference.name());
        fs::write(&path, &piece.bytes)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        total += piece.bytes.len();
    }
    let split = split.unwrap_or(total > SPLIT_ABOVE_BYTES);
    let embedded: Vec<&pieces::Piece> = if split {
        Vec::new()
    } else {
        built.pieces.iter().collect()
    };
    let blob = pieces::pack(built.root, &embedded)?;
    let index_path = out.join("index.bin");
    let partial = index_path.with_extension("bin.partial");
    fs::write(&partial, &blob).map_err(|e| format!("cannot write {}: {e}", partial.display()))?;
    fs::rename(&partial, &index_path)
        .map_err(|e| format!("cannot write {}: {e}", index_path.display()))?;
    // What the site build needs to know: the mode, and how much a single file would have to hold.
    let summary = format!(
        "{{\"mode\": \"{}\", \"pieces\": {}, \"pieceBytes\": {total}, \"rootBytes\": {}}}\n",
        if split { "split" } else { "embedded" },
        built.pieces.len(),
        blob.len() - embedded.iter().map(|p| p.bytes.len()).sum::<usize>(),
    );
    fs::write(out.join("index.json"), summary)
        .map_err(|e| format!("cannot write index.json: {e}"))?;
    // Native code (the command, the tests) reads a split index's pieces from here.
    println!("cargo:rustc-env=SOUSUO_PIECES_DIR={}", pieces_dir.display());
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

/// Every document below the corpus folder, cleaned and in id order: `.txt` articles as always,
/// and the pages of a site (HTML, Markdown, JSON Lines) from their title and paragraphs.
fn read_documents(
    dir: &Path,
    normalizer: &Normalizer,
) -> Result<(Vec<corpus::Document>, Vec<extras::Extras>), String> {
    let search_form = |text: &str| normalizer.normalize(text);
    let mut documents = Vec::new();
    let mut all_extras = Vec::new();
    let options = sources::Options {
        links_outside: std::env::var("SOUSUO_LINKS").is_ok_and(|v| v == "follow"),
    };
    let site = sources::read_site(dir, options)?;
    for warning in &site.warnings {
        println!("cargo:warning={warning}");
    }
    for source in site.documents {
        let cleaned = match source.blocks.as_slice() {
            [sources::Block {
                kind: sources::BlockKind::Raw,
                text,
            }] => clean::clean_article(text, &is_reading_of, &search_form)
                .map(|(article, _)| (article, Vec::new())),
            blocks => clean::clean_page(&source.title, blocks.iter().map(|b| b.text.as_str())),
        };
        let at = match source.line {
            Some(line) => format!("{}:{line}", source.path.display()),
            None => source.path.display().to_string(),
        };
        let (article, block_starts) = cleaned.map_err(|e| format!("{at}: {e}"))?;
        let title_chars = article.title.chars().count() as u32;
        all_extras.push(extras::Extras::of(&source, title_chars, &block_starts));
        documents.push(corpus::Document {
            id: source.id,
            article,
        });
    }
    Ok((documents, all_extras))
}

/// Whether `reading` is one of the character's pinyin readings, tone marks aside.
fn is_reading_of(c: char, reading: &str) -> bool {
    use pinyin::ToPinyinMulti;
    let wanted = clean::plain_reading(reading);
    c.to_pinyin_multi().is_some_and(|readings| {
        readings
            .into_iter()
            .any(|r| clean::plain_reading(r.plain()) == wanted)
    })
}

/// Characters whose readings are stored even where the corpus does not use them.
fn common_chars(path: &Path) -> Result<Vec<char>, String> {
    let text =
        fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(text
        .lines()
        .filter(|line| !line.starts_with('#'))
        .flat_map(str::chars)
        .collect())
}

/// Everything the build writes: the root and every piece.
struct Built {
    root: Vec<u8>,
    pieces: Vec<pieces::Piece>,
}

fn compile(
    manifest: &Path,
    documents: &[corpus::Document],
    extras: &[extras::Extras],
    normalizer: &Normalizer,
    conversions: &BTreeMap<String, String>,
) -> Result<Built, String> {
    let jieba = jieba_rs::Jieba::new();
    let mut accumulated = pieces::Accumulated::new();
    let mut stored = Vec::with_capacity(documents.len());
    let mut total_chars = 0u64;
    let mut facets = extras::Facets::default();
    // Two-character vocabulary words: entries without postings (their bigrams hold them).
    let mut pairs = std::collections::BTreeSet::new();
    let mut sounds = sounds::Sounds::new(sounds::Readings::new(conversions));
    for (doc, (document, extras)) in documents.iter().zip(extras).enumerate() {
        let article = &document.article;
        let stream = normalizer.normalize(&format!("{}\n{}", article.title, article.body));
        let title_chars = article.title.chars().count() as u32;
        let stream_chars = stream.chars().count() as u32;
        total_chars += u64::from(stream_chars - 1);
        let boundaries = word_boundaries(&jieba, &stream);
        let is_boundary = |p: u32| boundaries[p as usize / 8] & (1 << (p % 8)) != 0;
        let mut terms: HashMap<String, Vec<u32>> = HashMap::new();
        let chars: Vec<char> = stream.chars().collect();
        for (position, &c) in chars.iter().enumerate() {
            if !is_indexed_char(c) {
                continue;
            }
            // The character, then the pair it starts when the next one is indexed too.
            let pair_end = match chars.get(position + 1) {
                Some(&next) if is_indexed_char(next) => position + 2,
                _ => position + 1,
            };
            for end in position + 1..=pair_end {
                terms
                    .entry(format::gram_key(&chars[position..end]))
                    .or_default()
                    .push(position as u32);
            }
        }
        sounds.add_grams(&chars, is_indexed_char, &mut terms)?;
        for token in jieba.tokenize(&stream, jieba_rs::TokenizeMode::Search, true) {
            let is_word = token.word.chars().count() >= 2
                && token.word.chars().all(is_indexed_char)
                && token.word.chars().any(is_word_char);
            if !is_word {
                continue;
            }
            if token.word.chars().count() == 2 {
                pairs.insert(token.word.to_string());
            } else {
                terms
                    .entry(token.word.to_string())
                    .or_default()
                    .push(token.start as u32);
            }
        }
        let flags = |position: u32, len: u32| {
            let mut flags = 0;
            if is_boundary(position) {
                flags |= postings::FLAG_START;
            }
            if is_boundary(position + len) {
                flags |= postings::FLAG_END;
            }
            if position + len <= title_chars {
                flags |= postings::FLAG_TITLE;
            }
            if extras.in_code(position) {
                flags |= postings::FLAG_CODE;
            }
            flags
        };
        let norm = postings::norm_code(stream_chars - 1);
        pieces::add_document(
            &mut accumulated,
            doc as u32,
            (norm, title_chars),
            terms,
            flags,
        )?;
        stored.push(pieces::StoredDocument {
            id: &document.id,
            title: &article.title,
            body: &article.body,
            boundaries,
            extra: extras.encode(),
        });
        facets.add(extras, |value| normalizer.normalize(value));
    }

    let mut postings: pieces::Postings = accumulated.into_iter().collect();
    for pair in pairs {
        postings.entry(pair).or_default();
    }

    // Queries need only the conversions whose result occurs in the corpus: any other result
    // could never match. Every conversion the corpus's own text took is among them, so a document
    // normalized at run time still reads as it did here. For the seeds this drops 95% of the table.
    // Filter values count as corpus text: 醫藥 typed as a filter must reach the tag 医药.
    let filter_chars: std::collections::HashSet<char> =
        facets.folded_values().flat_map(str::chars).collect();
    let (t2s_table, t2s_text) = conversion_table(conversions.iter().filter(|(_, simplified)| {
        simplified
            .chars()
            .all(|c| filter_chars.contains(&c) || postings.contains_key(&format::gram_key(&[c])))
    }))?;
    let common_chars = common_chars(&manifest.join("data/common-chars.txt"))?;
    // The vocabulary as text: every word, and every character (not the bigrams).
    let vocabulary = || {
        postings
            .keys()
            .filter_map(|key| match key.strip_prefix(format::GRAM_MARK) {
                Some(gram) if gram.chars().count() == 1 => Some(gram),
                Some(_) => None,
                None => Some(key.as_str()),
            })
    };
    let doc_freq = |term: &str| {
        postings
            .get(&*format::term_key(term))
            .map_or(0, pieces::TermPostings::doc_freq)
    };
    let terms = key_pieces::term_pieces(&postings)?;
    let (pinyin_pieces, pinyin_dir) = key_pieces::pinyin_pieces(&sounds::pinyin_entries(
        &sounds.readings,
        vocabulary(),
        doc_freq,
    ))?;
    let phonetic = pieces::phonetic_piece(
        pinyin_dir,
        sounds.readings_text(vocabulary(), &common_chars, doc_freq),
        terms.sound_dir,
    )?;
    let examples = examples::pick(&stored, normalizer, doc_freq);
    let (doc_pieces, doc_dir) = pieces::doc_pieces(&stored)?;
    let (id_pieces, id_dir) = pieces::id_pieces(&stored)?;
    let filters = facets.piece()?;
    let mut all = terms.text;
    all.extend(doc_pieces);
    all.extend(id_pieces);
    all.push(phonetic);
    all.extend(filters);
    // The root's pieces first, then those other pieces name (the pack's order): the sound grams'
    // and the PINYIN pieces (after the PHONETIC piece), the BODY pieces (after their DOCS pieces).
    all.sort_by_key(|piece| piece.reference.kind == format::Kind::Body);
    let body_at = all.partition_point(|piece| piece.reference.kind != format::Kind::Body);
    all.splice(
        body_at..body_at,
        terms.sound.into_iter().chain(pinyin_pieces),
    );
    let parts = pieces::RootParts {
        doc_count: documents.len() as u32,
        term_count: vocabulary().count() as u32,
        total_chars,
        t2s: (t2s_table, t2s_text.into_bytes()),
        examples,
        pieces: (
            all.len() as u32,
            all.iter().map(|piece| piece.bytes.len() as u64).sum(),
        ),
    };
    let find = |kind| all.iter().find(|piece| piece.reference.kind == kind);
    let phonetic = find(format::Kind::Phonetic).ok_or("no phonetic piece")?;
    let filters = find(format::Kind::Filters);
    let root = pieces::root(parts, terms.text_dir, doc_dir, id_dir, phonetic, filters)?;
    Ok(Built { root, pieces: all })
}

/// One bit per stream position (and one for its end), set where a word starts: the
/// segmentation a reader would make, so that a match can tell a whole word from part of one.
fn word_boundaries(jieba: &jieba_rs::Jieba, stream: &str) -> Vec<u8> {
    let chars = stream.chars().count();
    let mut out = vec![0; chars / 8 + 1];
    let mut set = |position: usize| out[position / 8] |= 1 << (position % 8);
    for token in jieba.tokenize(stream, jieba_rs::TokenizeMode::Default, true) {
        set(token.start);
    }
    set(chars);
    out
}
