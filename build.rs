//! Compiles the corpus into the index that the library embeds.
//!
//! corpus folder → clean (src/clean.rs) → normalize (src/analyzer.rs) → segment (jieba-rs, full
//! dictionary + HMM, here only) → postings → one blob (src/format.rs) → `$OUT_DIR/index.bin`.
//!
//! The corpus is `seeds/` unless `SOUSUO_CORPUS` names another folder. Every `.txt` file below it
//! is a document: the file stem is its id, the first line its title, the rest its body.

#[allow(dead_code)]
#[path = "src/analyzer.rs"]
mod analyzer;
#[allow(dead_code)]
#[path = "src/clean.rs"]
mod clean;
#[allow(dead_code)]
#[path = "src/corpus.rs"]
mod corpus;
#[allow(dead_code)]
#[path = "src/format.rs"]
mod format;
#[allow(dead_code)]
#[path = "src/phonetic.rs"]
mod phonetic;

use analyzer::{conversion_pairs, conversion_table, is_indexed_char, is_word_char, Normalizer};
use format::{DocPositions, DocRecord, Section, SECTION_COUNT};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let index_path = out.join("index.bin");
    if let Err(message) = try_main(&index_path) {
        // Never leave an older index behind for a later build to embed by mistake.
        let _ = fs::remove_file(&index_path);
        eprintln!("error: sousuo could not build its index: {message}");
        std::process::exit(1);
    }
}

fn try_main(index_path: &Path) -> Result<(), String> {
    let manifest = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").ok_or("CARGO_MANIFEST_DIR is not set")?,
    );
    println!("cargo:rerun-if-env-changed=SOUSUO_CORPUS");
    for shared in [
        "src/analyzer.rs",
        "src/clean.rs",
        "src/corpus.rs",
        "src/format.rs",
        "src/phonetic.rs",
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

    let conversions = conversion_pairs(&manifest.join("data/opencc"))?;
    let (t2s_table, t2s_text) = conversion_table(conversions.iter())?;
    let normalizer = Normalizer::from_parts(&t2s_table, t2s_text.as_bytes())?;
    let documents = corpus::read_corpus(&corpus, &is_reading_of, &|text: &str| {
        normalizer.normalize(text)
    })?;
    let blob = compile(&manifest, &documents, &normalizer, &conversions)?;

    let partial = index_path.with_extension("bin.partial");
    fs::write(&partial, &blob).map_err(|e| format!("cannot write {}: {e}", partial.display()))?;
    fs::rename(&partial, index_path)
        .map_err(|e| format!("cannot write {}: {e}", index_path.display()))?;
    Ok(())
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

fn compile(
    manifest: &Path,
    documents: &[corpus::Document],
    normalizer: &Normalizer,
    conversions: &BTreeMap<String, String>,
) -> Result<Vec<u8>, String> {
    let jieba = jieba_rs::Jieba::new();
    let mut postings: BTreeMap<String, Vec<DocPositions>> = BTreeMap::new();
    let mut docs = Vec::with_capacity(documents.len() * format::DOC_RECORD_BYTES);
    let mut strings = String::new();
    let mut boundaries = Vec::new();
    for (doc, document) in documents.iter().enumerate() {
        let doc = doc as u32;
        let article = &document.article;
        let record = DocRecord {
            id_start: strings.len() as u32,
            id_len: document.id.len() as u32,
            text_start: (strings.len() + document.id.len()) as u32,
            title_bytes: article.title.len() as u32,
            body_bytes: article.body.len() as u32,
            title_chars: article.title.chars().count() as u32,
            body_chars: article.body.chars().count() as u32,
            boundaries_start: boundaries.len() as u32,
        };
        record.encode(&mut docs);
        strings.push_str(&document.id);
        strings.push_str(&article.title);
        strings.push_str(&article.body);

        let stream = normalizer.normalize(&format!("{}\n{}", article.title, article.body));
        word_boundaries(&jieba, &stream, &mut boundaries);
        let mut add = |term: &str, position: usize| {
            let list = postings.entry(term.to_string()).or_default();
            match list.last_mut() {
                Some(last) if last.doc == doc => last.positions.push(position as u32),
                _ => list.push(DocPositions {
                    doc,
                    positions: vec![position as u32],
                }),
            }
        };
        let mut utf8 = [0u8; 4];
        for (position, c) in stream.chars().enumerate() {
            if is_indexed_char(c) {
                add(c.encode_utf8(&mut utf8), position);
            }
        }
        for token in jieba.tokenize(&stream, jieba_rs::TokenizeMode::Search, true) {
            let is_word = token.word.chars().count() >= 2
                && token.word.chars().all(is_indexed_char)
                && token.word.chars().any(is_word_char);
            if is_word {
                add(token.word, token.start);
            }
        }
    }
    for list in postings.values_mut() {
        for entry in list.iter_mut() {
            // Search mode yields nested words in no particular order.
            entry.positions.sort_unstable();
            entry.positions.dedup();
        }
    }

    let mut terms = fst::MapBuilder::memory();
    let mut postings_bytes = Vec::new();
    for (term, list) in &postings {
        terms
            .insert(term, postings_bytes.len() as u64)
            .map_err(|e| format!("term dictionary: {e}"))?;
        format::encode_postings(list, &mut postings_bytes);
    }
    let mut sections: [Vec<u8>; SECTION_COUNT] = Default::default();
    sections[Section::Terms as usize] = terms
        .into_inner()
        .map_err(|e| format!("term dictionary: {e}"))?;
    sections[Section::Postings as usize] = postings_bytes;
    sections[Section::Docs as usize] = docs;
    sections[Section::Strings as usize] = strings.into_bytes();
    // Queries need only the conversions whose result occurs in the corpus: any other result
    // could never match. Every conversion the corpus's own text took is among them, so a document
    // normalized at run time still reads as it did here. For the seeds this drops 95% of the table.
    let (t2s_table, t2s_text) = conversion_table(conversions.iter().filter(|(_, simplified)| {
        simplified
            .chars()
            .all(|c| postings.contains_key(c.encode_utf8(&mut [0; 4]) as &str))
    }))?;
    sections[Section::T2s as usize] = t2s_table;
    sections[Section::T2sText as usize] = t2s_text.into_bytes();
    sections[Section::Boundaries as usize] = boundaries;
    let common_chars = common_chars(&manifest.join("data/common-chars.txt"))?;
    sections[Section::Pinyin as usize] = pinyin_set(postings.keys())?;
    sections[Section::Readings as usize] = readings_text(postings.keys(), &common_chars);
    let checksum = format::fst_checksum(&sections.each_ref().map(Vec::as_slice));
    let meta = &mut sections[Section::Meta as usize];
    meta.extend_from_slice(&(documents.len() as u32).to_le_bytes());
    meta.extend_from_slice(&(postings.len() as u32).to_le_bytes());
    meta.extend_from_slice(&checksum.to_le_bytes());
    format::encode(&sections).map_err(|e| e.to_string())
}

/// Appends one bit per stream position (and one for its end), set where a word starts: the
/// segmentation a reader would make, so that a match can tell a whole word from part of one.
fn word_boundaries(jieba: &jieba_rs::Jieba, stream: &str, out: &mut Vec<u8>) {
    let chars = stream.chars().count();
    let start = out.len();
    out.resize(start + chars / 8 + 1, 0);
    let mut set = |position: usize| out[start + position / 8] |= 1 << (position % 8);
    for token in jieba.tokenize(stream, jieba_rs::TokenizeMode::Default, true) {
        set(token.start);
    }
    set(chars);
}

/// Readings of a character, tones dropped, most common first, capped.
fn readings(c: char) -> Vec<String> {
    use pinyin::ToPinyinMulti;
    let mut out: Vec<String> = Vec::new();
    for reading in c.to_pinyin_multi().into_iter().flatten() {
        let plain = phonetic::plain_syllable(reading.plain());
        if !plain.is_empty() && !out.contains(&plain) && out.len() < phonetic::MAX_READINGS_PER_CHAR
        {
            out.push(plain);
        }
    }
    out
}

/// The READINGS section: each syllable, then every corpus or common character read that way.
fn readings_text<'t>(terms: impl Iterator<Item = &'t String>, common_chars: &[char]) -> Vec<u8> {
    let corpus_chars = terms.filter_map(|term| {
        let mut chars = term.chars();
        chars.next().filter(|_| chars.next().is_none())
    });
    let mut by_reading: BTreeMap<String, std::collections::BTreeSet<char>> = BTreeMap::new();
    for c in common_chars.iter().copied().chain(corpus_chars) {
        for reading in readings(c) {
            by_reading.entry(reading).or_default().insert(c);
        }
    }
    let mut text = String::new();
    for (reading, chars) in by_reading {
        text.push_str(&reading);
        text.extend(chars);
        text.push('\n');
    }
    text.into_bytes()
}

/// The PINYIN section: full pinyin and initials of every vocabulary word of two or more Chinese
/// characters, and the readings of every corpus character.
fn pinyin_set<'t>(terms: impl Iterator<Item = &'t String>) -> Result<Vec<u8>, String> {
    let mut entries = std::collections::BTreeSet::new();
    for term in terms {
        let per_char: Vec<Vec<String>> = term.chars().map(readings).collect();
        if per_char.iter().any(Vec::is_empty) {
            continue; // not all Chinese: no pinyin
        }
        if per_char.len() == 1 {
            for reading in &per_char[0] {
                entries.insert(phonetic::entry(phonetic::WORD_KEY, reading, term));
            }
            continue;
        }
        for spelling in phonetic::spellings(&per_char, phonetic::MAX_SPELLINGS_PER_WORD) {
            let full: String = spelling.concat();
            let initials: String = spelling.iter().filter_map(|s| s.chars().next()).collect();
            entries.insert(phonetic::entry(phonetic::WORD_KEY, &full, term));
            entries.insert(phonetic::entry(phonetic::WORD_KEY, &initials, term));
        }
    }
    let mut set = fst::SetBuilder::memory();
    set.extend_iter(entries)
        .map_err(|e| format!("pinyin keys: {e}"))?;
    set.into_inner().map_err(|e| format!("pinyin keys: {e}"))
}
