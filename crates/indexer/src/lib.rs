//! The indexer: a folder in, an index out.
//!
//! corpus folder → sources (HTML, Markdown, JSON Lines, `.txt`; [`sources`]) → clean and
//! normalize (`sousuo_format::clean`, `sousuo_format::analyzer`) → segment (jieba-rs, full
//! dictionary + HMM, here only) → postings → a root and pieces (pieces.rs, in
//! `sousuo_format::format`'s bytes). What a page has besides its text (URL, sections, metadata,
//! filters) is kept too (extras.rs).
//!
//! Everything heavy happens here, never in the browser: the dictionary, the readings, the
//! parsers. The wasm crate's build script calls [`build_index`]; so will a command line.

mod analysis;
pub mod data;
mod examples;
mod extras;
mod key_pieces;
mod pieces;
pub mod progress;
mod regional;
mod sounds;
pub mod sources;

/// The filter a site in several languages has, one value per page's language (`zh-cn`).
pub use extras::LANGUAGE_FILTER;

use sousuo_format::analyzer::{conversion_pairs, conversion_table, is_indexed_char, Normalizer};
use sousuo_format::clean::{self, Article};
use sousuo_format::{format, postings};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// Above this many bytes of pieces, the automatic choice splits the index. Measured (README,
/// "The split index"): even the seeds' 5 articles load less before the first result split,
/// because pinyin and the articles not shown stay on the server; embedding wins only for a
/// handful of short texts, where one file beats several requests.
pub const SPLIT_ABOVE_BYTES: usize = 64 * 1024;

/// What to index, and how.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The folder: `.txt` articles, or a site's HTML, Markdown or JSON Lines.
    pub corpus: PathBuf,
    /// Split (`Some(true)`), embedded (`Some(false)`), or chosen by size (`None`).
    pub split: Option<bool>,
    /// Follow symbolic links that lead outside the folder (sources::Options).
    pub links_outside: bool,
    /// JSON Lines files of records indexed besides the folder's documents.
    pub records: Vec<PathBuf>,
    /// Read Markdown, JSON Lines and `.txt` beside a built site's HTML pages (sources::Options).
    pub all_files: bool,
    /// Index listing pages too: archives, tag pages (sources::Options).
    pub keep_listings: bool,
    /// The most files the pieces may take; `None`: [`MAX_FILES`].
    pub max_files: Option<usize>,
    /// Where the build says how far it has got.
    pub progress: std::sync::Arc<progress::Progress>,
}

/// The most files the pieces take unless told otherwise: what Cloudflare Pages takes on its free
/// plan, the tightest of the common static hosts. Past it, pieces are cut larger.
pub const MAX_FILES: usize = 20_000;

/// The largest file a common static host takes (Cloudflare Pages: 25 MiB); a build that writes
/// a larger one warns.
pub const MAX_FILE_BYTES: usize = 25 << 20;

/// What a build wrote.
#[derive(Debug)]
pub struct Written {
    /// Whether the index is split: the root alone in `index.bin`, the pieces beside it.
    pub split: bool,
    /// Files and links of the corpus left out, one line each, for the user to see.
    pub warnings: Vec<String>,
}

/// Indexes `options.corpus` into `out`:
/// - `index.bin`: the PACK the engine embeds: the root alone (split) or the root and every
///   piece (embedded);
/// - `pieces/`: every piece as a file named by its hash, whatever the mode: a split site serves
///   them next to the wasm, and native code reads them from here;
/// - `index.json`: the mode and the sizes, for the site build.
///
/// `index.bin` is written last and atomically; on an error, no `index.bin` is left behind for a
/// later build to embed by mistake.
pub fn build_index(options: &Options, out: &Path) -> Result<Written, String> {
    let index_path = out.join("index.bin");
    let written = write_index(options, out);
    if written.is_err() {
        let _ = fs::remove_file(&index_path);
    }
    written
}

fn write_index(options: &Options, out: &Path) -> Result<Written, String> {
    let conversions = conversion_pairs(&data::OPENCC_TABLES)?;
    let (t2s_table, t2s_text) = conversion_table(conversions.iter())?;
    let normalizer = Normalizer::from_parts(&t2s_table, t2s_text.as_bytes())?;
    let site = sources::read_site(
        &options.corpus,
        sources::Options {
            links_outside: options.links_outside,
            records: options.records.clone(),
            all_files: options.all_files,
            keep_listings: options.keep_listings,
            progress: options.progress.clone(),
        },
    )?;
    let (documents, extras) = read_documents(site.documents, &normalizer)?;
    let max_files = options.max_files.unwrap_or(MAX_FILES);
    let built = compile(
        &documents,
        &extras,
        &normalizer,
        &conversions,
        max_files,
        &options.progress,
    )?;

    let pieces_dir = out.join("pieces");
    let _ = fs::remove_dir_all(&pieces_dir);
    fs::create_dir_all(&pieces_dir)
        .map_err(|e| format!("cannot create {}: {e}", pieces_dir.display()))?;
    let mut warnings = site.warnings;
    for file in &built.files {
        if file.bytes.len() > MAX_FILE_BYTES {
            warnings.push(format!(
                "pieces/{} takes {:.1} MiB: some hosts refuse files over {} MiB (Cloudflare Pages)",
                file.name,
                file.bytes.len() as f64 / f64::from(1 << 20),
                MAX_FILE_BYTES >> 20
            ));
        }
        let path = pieces_dir.join(&file.name);
        fs::write(&path, &file.bytes)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    // Whether to split is judged by the pieces' own size: what an embedded index would carry.
    let total: usize = built.pieces.iter().map(|piece| piece.bytes.len()).sum();
    let split = options.split.unwrap_or(total > SPLIT_ABOVE_BYTES);
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
        built.files.len(),
        blob.len() - embedded.iter().map(|p| p.bytes.len()).sum::<usize>(),
    );
    fs::write(out.join("index.json"), summary)
        .map_err(|e| format!("cannot write index.json: {e}"))?;
    Ok(Written { split, warnings })
}

/// A document to index: its id and its cleaned text.
struct Document {
    id: String,
    article: Article,
}

/// Every document below the corpus folder, cleaned and in id order: `.txt` articles as always,
/// and the pages of a site (HTML, Markdown, JSON Lines) from their title and paragraphs.
fn read_documents(
    sources: Vec<sources::SourceDocument>,
    normalizer: &Normalizer,
) -> Result<(Vec<Document>, Vec<extras::Extras>), String> {
    let search_form = |text: &str| normalizer.normalize(text);
    let languages = extras::Languages::of(&sources);
    let mut documents = Vec::new();
    let mut all_extras = Vec::new();
    for source in sources {
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
        let language = languages.of_document(&source);
        all_extras.push(extras::Extras::of(
            &source,
            title_chars,
            &block_starts,
            language,
        ));
        documents.push(Document {
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

/// Everything the build writes: the root, every piece (what an embedded index carries), and
/// the files that hold them split.
struct Built {
    root: Vec<u8>,
    pieces: Vec<pieces::Piece>,
    files: Vec<pieces::PieceFile>,
}

fn compile(
    documents: &[Document],
    extras: &[extras::Extras],
    normalizer: &Normalizer,
    conversions: &BTreeMap<String, String>,
    max_files: usize,
    progress: &progress::Progress,
) -> Result<Built, String> {
    let (streams, sounds) = normalized_streams(documents, normalizer, conversions)?;
    let Analysed {
        norms,
        postings,
        stored,
        facets,
        total_chars,
    } = analysed(documents, extras, normalizer, &streams, &sounds, progress)?;
    let regional = regional::occurring(
        regional::counterparts(&data::REGIONAL_TABLES)?,
        normalizer,
        &streams,
    );
    drop(streams);
    let (t2s_table, t2s_text) = queries_conversions(conversions, &postings, &facets)?;
    let searched = Normalizer::from_parts(&t2s_table, t2s_text.as_bytes())?;
    let regional = regional::in_search_form(regional, normalizer, &searched);
    let common_chars = data::common_chars();
    let vocabulary = || vocabulary(&postings);
    let doc_freq = |term: &str| doc_freq(&postings, term);
    let pinyin_entries = sounds::pinyin_entries(&sounds, vocabulary(), doc_freq);
    let readings = sounds.readings_text(vocabulary(), &common_chars, doc_freq);
    let languages: Vec<Option<&str>> = extras.iter().map(extras::Extras::language).collect();
    let examples = examples::in_each_language(&stored, &languages, normalizer, doc_freq);
    let filters = facets.piece()?;
    let cut = |scale| {
        cut_pieces(
            &postings,
            &pinyin_entries,
            &readings,
            &stored,
            filters.as_ref(),
            scale,
        )
    };
    let cut = within_files(max_files, cut)?;
    let mut files = pieces::stored_files(&cut.pieces, progress)?;
    files.extend(cut.bundles);
    let all = cut.pieces;
    let parts = pieces::RootParts {
        doc_count: documents.len() as u32,
        term_count: vocabulary().count() as u32,
        total_chars,
        norms,
        t2s: (t2s_table, t2s_text.into_bytes()),
        examples,
        regional,
        pieces: (
            files.len() as u32,
            files.iter().map(|file| file.bytes.len() as u64).sum(),
        ),
    };
    let find = |kind| all.iter().find(|piece| piece.reference.kind == kind);
    let phonetic = find(format::Kind::Phonetic).ok_or("no phonetic piece")?;
    let filters = find(format::Kind::Filters);
    let root = pieces::root(
        parts,
        cut.term_dir,
        cut.doc_dir,
        cut.id_dir,
        phonetic,
        filters,
    )?;
    Ok(Built {
        root,
        pieces: all,
        files,
    })
}

/// The vocabulary as text: every word, and every character (not the bigrams).
fn vocabulary(postings: &pieces::Postings) -> impl Iterator<Item = &str> {
    postings
        .keys()
        .filter_map(|key| match key.strip_prefix(format::GRAM_MARK) {
            Some(gram) if gram.chars().count() == 1 => Some(gram),
            Some(_) => None,
            None => Some(key.as_str()),
        })
}

/// How many documents have `term` (0 for a term of no document).
fn doc_freq(postings: &pieces::Postings, term: &str) -> u32 {
    postings
        .get(&*format::term_key(term))
        .map_or(0, pieces::TermPostings::doc_freq)
}

/// Every document's normalized stream (its title, a line break, its body), with the sounds of
/// their characters numbered in the documents' order before any thread reads them.
fn normalized_streams(
    documents: &[Document],
    normalizer: &Normalizer,
    conversions: &BTreeMap<String, String>,
) -> Result<(Vec<String>, sounds::Sounds), String> {
    let mut sounds = sounds::Sounds::new(
        sounds::Readings::new(conversions),
        sounds::Phrases::parse(data::PHRASE_READINGS)?,
        &data::first_reading_chars(),
    );
    let mut streams = Vec::with_capacity(documents.len());
    for document in documents {
        let article = &document.article;
        let stream = normalizer.normalize(&format!("{}\n{}", article.title, article.body));
        sounds.learn(&stream.chars().collect::<Vec<_>>(), is_indexed_char)?;
        streams.push(stream);
    }
    Ok((streams, sounds))
}

/// What the analysis of every document adds up to.
struct Analysed<'d> {
    /// Every term's postings, in term order (two-character words with none of their own).
    postings: pieces::Postings,
    /// The documents as the DOCS pieces store them.
    stored: Vec<pieces::StoredDocument<'d>>,
    facets: extras::Facets,
    /// Characters in every body and title.
    total_chars: u64,
    /// Each document's length code, by document.
    norms: Vec<u8>,
}

/// Analyses every document on every core and adds each, in order, to the postings, the stored
/// documents and the filters.
fn analysed<'d>(
    documents: &'d [Document],
    extras: &[extras::Extras],
    normalizer: &Normalizer,
    streams: &[String],
    sounds: &sounds::Sounds,
    progress: &progress::Progress,
) -> Result<Analysed<'d>, String> {
    let jieba = data::jieba()?;
    let mut accumulated = pieces::Accumulated::default();
    let mut stored = Vec::with_capacity(documents.len());
    let mut total_chars = 0u64;
    let mut norms = Vec::with_capacity(documents.len());
    let mut facets = extras::Facets::default();
    // Two-character vocabulary words: entries without postings (their bigrams hold them).
    let mut pairs = std::collections::BTreeSet::new();
    progress.begin("analysing documents", streams.len());
    analysis::in_order_on_every_core(
        streams,
        |stream| analysis::analyze(&jieba, sounds, stream),
        |doc, mut analysis| {
            progress.advance();
            let terms = std::mem::take(&mut analysis.terms);
            let (document, extras) = (&documents[doc], &extras[doc]);
            let article = &document.article;
            let title_chars = article.title.chars().count() as u32;
            total_chars += u64::from(analysis.stream_chars - 1);
            let norm = postings::norm_code(analysis.stream_chars - 1);
            norms.push(norm);
            pieces::add_document(
                &mut accumulated,
                doc as u32,
                (norm, title_chars),
                terms,
                occurrence_flags(&analysis, title_chars, extras),
            )?;
            pairs.extend(analysis.pairs);
            stored.push(pieces::StoredDocument {
                id: &document.id,
                title: &article.title,
                body: &article.body,
                boundaries: analysis.boundaries,
                extra: extras.encode(),
            });
            facets.add(extras, |value| normalizer.normalize(value));
            Ok(())
        },
    )?;
    let mut postings: pieces::Postings = accumulated
        .into_iter()
        .map(|(term, list)| (term.into_string(), list))
        .collect();
    for pair in pairs {
        postings.entry(pair).or_default();
    }
    Ok(Analysed {
        norms,
        postings,
        stored,
        facets,
        total_chars,
    })
}

/// The flags of an occurrence of `len` characters at `position` in one document (`postings::FLAG_*`).
fn occurrence_flags<'a>(
    analysis: &'a analysis::Analysis,
    title_chars: u32,
    extras: &'a extras::Extras,
) -> impl Fn(u32, u32) -> u8 + 'a {
    move |position, len| {
        let mut flags = 0;
        if analysis.is_boundary(position) {
            flags |= postings::FLAG_START;
        }
        if analysis.is_boundary(position + len) {
            flags |= postings::FLAG_END;
        }
        if position + len <= title_chars {
            flags |= postings::FLAG_TITLE;
        }
        if extras.in_code(position) {
            flags |= postings::FLAG_CODE;
        }
        flags
    }
}

/// The Traditional → Simplified conversions queries need: those whose result occurs in the
/// corpus, since any other could never match. Every conversion the corpus's own text took is
/// among them, so a document normalized at run time still reads as it did here (for the seeds
/// this drops 95% of the table). Filter values count as corpus text: 醫藥 typed as a filter must
/// reach the tag 医药.
fn queries_conversions(
    conversions: &BTreeMap<String, String>,
    postings: &pieces::Postings,
    facets: &extras::Facets,
) -> Result<(Vec<u8>, String), String> {
    let filter_chars: std::collections::HashSet<char> =
        facets.folded_values().flat_map(str::chars).collect();
    conversion_table(conversions.iter().filter(|(_, simplified)| {
        simplified
            .chars()
            .all(|c| filter_chars.contains(&c) || postings.contains_key(&format::gram_key(&[c])))
    }))
}

/// Every piece but the root, as cut at one scale.
struct Cut {
    /// Every piece, in the pack's order: the root's first, then those other pieces name (the
    /// sound grams' and the PINYIN pieces after the PHONETIC piece, the BODY pieces last).
    pieces: Vec<pieces::Piece>,
    /// The BODIES files of the BODY pieces.
    bundles: Vec<pieces::PieceFile>,
    term_dir: Vec<u8>,
    doc_dir: Vec<u8>,
    id_dir: Vec<u8>,
}

impl Cut {
    /// The files these pieces take: each piece but the BODY pieces, and the BODIES files.
    fn file_count(&self) -> usize {
        let own = self.pieces.iter();
        own.filter(|piece| piece.reference.kind != format::Kind::Body)
            .count()
            + self.bundles.len()
    }
}

fn cut_pieces(
    postings: &pieces::Postings,
    pinyin_entries: &[(Vec<u8>, u64)],
    readings: &[u8],
    stored: &[pieces::StoredDocument],
    filters: Option<&pieces::Piece>,
    scale: pieces::Scale,
) -> Result<Cut, String> {
    let terms = key_pieces::term_pieces(postings, stored.len(), scale)?;
    let (pinyin_pieces, pinyin_dir) = key_pieces::pinyin_pieces(pinyin_entries, scale)?;
    let phonetic = pieces::phonetic_piece(pinyin_dir, readings.to_vec(), terms.sound_dir)?;
    let doc_pieces = pieces::doc_pieces(stored, scale)?;
    let (id_pieces, id_dir) = pieces::id_pieces(stored, &doc_pieces.first_docs, scale)?;
    let mut all = terms.text;
    all.extend(doc_pieces.docs);
    all.extend(id_pieces);
    all.push(phonetic);
    all.extend(filters.cloned());
    all.extend(terms.sound);
    all.extend(pinyin_pieces);
    all.extend(doc_pieces.bodies);
    Ok(Cut {
        pieces: all,
        bundles: doc_pieces.bundles,
        term_dir: terms.text_dir,
        doc_dir: doc_pieces.directory,
        id_dir,
    })
}

/// The pieces cut at their measured best sizes, or, when those take more than `max_files`
/// files, at the smallest larger scale that fits. A term is never cut, so past some scale the
/// count stops falling: then no scale fits, and the build says so.
fn within_files(
    max_files: usize,
    cut: impl Fn(pieces::Scale) -> Result<Cut, String>,
) -> Result<Cut, String> {
    let mut scale = 1;
    let mut fewest = usize::MAX;
    loop {
        let pieces = cut(pieces::Scale(scale))?;
        let files = pieces.file_count();
        if files <= max_files {
            return Ok(pieces);
        }
        if files >= fewest {
            return Err(format!(
                "the index needs {files} files at the least, more than the {max_files} allowed \
                 (--max-files): allow more"
            ));
        }
        fewest = files;
        // Most kinds shrink in proportion to the scale; aim a little below the limit.
        scale = (scale * files * 11 / 10).div_ceil(max_files).max(scale + 1);
    }
}
