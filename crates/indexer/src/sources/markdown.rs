//! Markdown pages (Hexo's `source/_posts`, Hugo's `content/`, VitePress, Docusaurus, mdBook's
//! `src/`), read with pulldown-cmark (CommonMark, tables, footnotes, strikethrough, task lists,
//! `{#id}` heading attributes) after their front matter (front_matter.rs).
//!
//! - Text is what a reader sees: link text and image alt text are kept; link targets, image
//!   paths, markup, HTML comments and tags are not. Raw HTML blocks are read by the HTML rules
//!   (html.rs); inline tags are dropped and the text between them kept. Template tags a
//!   generator expands (Hexo/Jekyll `{% … %}`, Hugo `{{< … >}}`/`{{% … %}}`, mdBook `{{#…}}`)
//!   are dropped.
//! - Title: front matter `title`, else the first `# heading` (then not repeated as a block), else
//!   the last part of the URL.
//! - Anchors: an explicit `{#id}` wins; otherwise the generator's rule (generator.rs): GitHub's,
//!   which Hugo (its default `autoHeadingIDType`) and mdBook follow (lowercase, letters, Chinese
//!   included, digits, `-` and `_` kept, each space a `-`, other characters dropped:
//!   `## 安装 步骤` → `安装-步骤`), or Hexo's; `-1`, `-2` … added to repeats.
//! - URL: `permalink`/`url` as written (leading `/` and a final `index.html` dropped); else the
//!   path as the generator names it (generator.rs): a folder (`posts/hello.md` → `posts/hello/`,
//!   Hugo's and Hexo's `:title/` style), mdBook's and VitePress's `.html`, or VitePress's clean
//!   URLs; `index.md`, `_index.md` and `README.md` name their folder; Hexo's `_posts/` is not
//!   part of the URL; `slug` replaces the last part. A blog's posts (`_posts/`) take the URL its
//!   `_config.yml` `permalink` gives (permalink.rs).
//! - `SUMMARY.md` (mdBook's and GitBook's table of contents) is not a page.
//! - MDX (`.mdx`, Docusaurus): its ESM blocks (`import …`/`export …` lines, to the next blank
//!   line) and `{/* … */}` comments are code, not text; its JSX components are read as HTML,
//!   so the text between their tags is kept and the tags are not.

use super::front_matter::{self, FrontMatter};
use super::generator::Generator;
use super::html::fragment_blocks;
use super::permalink::{Permalinks, Post};
use super::site_url::{self, Allow};
use super::{collapse, id_of_url, Block, BlockKind, Section, SourceDocument};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::collections::HashMap;
use std::path::Path;

pub fn read(
    path: &Path,
    rel: &str,
    text: &str,
    permalinks: Option<&Permalinks>,
    generator: &Generator,
) -> Result<Option<SourceDocument>, String> {
    let file = rel.rsplit('/').next().unwrap_or(rel);
    if file == "SUMMARY.md" {
        return Ok(None);
    }
    let (front, body) = front_matter::parse(path, super::without_bom(text))?;
    if front.draft {
        return Ok(None);
    }
    let mut page = Page {
        title_wanted: front.title.is_none(),
        generator,
        blocks: Vec::new(),
        sections: Vec::new(),
        title: None,
        line: String::new(),
        code: None,
        html: None,
        heading: None,
        anchors: HashMap::new(),
    };
    if file.to_ascii_lowercase().ends_with(".mdx") {
        page.read(&mdx_as_markdown(body));
    } else {
        page.read(body);
    }
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    let (raw, written) = match (rel.strip_prefix("_posts/"), permalinks) {
        (Some(post), Some(permalinks)) if front.url.is_none() => (
            permalinks.url(&Post {
                stem: front
                    .slug
                    .as_deref()
                    .unwrap_or(&post[..post.len() - (file.len() - stem.len())]),
                date: front.meta.date.as_deref(),
                clock: &front.clock,
                categories: &front.meta.categories,
                path,
            })?,
            true,
        ),
        _ => match url(rel, stem, &front, generator) {
            Some(url) => url,
            // A Markdown file beside a book's sources is no chapter of it.
            None => return Ok(None),
        },
    };
    let url = if written {
        site_url::written(&raw, Allow::SitePath).map_err(|e| format!("{}: {e}", path.display()))?
    } else {
        site_url::of_file_path(&raw)
    };
    let raw = raw.trim_start_matches('/');
    let raw = raw.strip_suffix("index.html").unwrap_or(raw);
    // No title at all: the last part of the URL (`posts/hello/index.md` → `hello`).
    let last = raw.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    let fallback = if last.is_empty() { stem } else { last }.to_string();
    let FrontMatter {
        title, lang, meta, ..
    } = front;
    Ok(Some(SourceDocument {
        id: id_of_url(raw),
        url: Some(url),
        title: title.or(page.title).unwrap_or(fallback),
        blocks: page.blocks,
        sections: page.sections,
        lang,
        meta,
        path: path.to_path_buf(),
        line: None,
    }))
}

/// MDX without what is code rather than text: ESM blocks (a line starting `import ` or
/// `export `, to the next blank line) and `{/* … */}` comments, outside fenced code. Each dropped
/// line stays as an empty one, so that the rest keeps its place.
fn mdx_as_markdown(mdx: &str) -> String {
    let mut out = String::with_capacity(mdx.len());
    let mut fence: Option<&str> = None;
    let mut in_esm = false;
    for line in mdx.lines() {
        let trimmed = line.trim_start();
        if let Some(open) = fence {
            if trimmed.starts_with(open) {
                fence = None;
            }
            out.push_str(line);
        } else if in_esm || trimmed.starts_with("import ") || trimmed.starts_with("export ") {
            in_esm = !line.trim().is_empty();
        } else {
            fence = ["```", "~~~"].into_iter().find(|f| trimmed.starts_with(f));
            out.push_str(&without_mdx_comments(line));
        }
        out.push('\n');
    }
    out
}

/// A line without its `{/* … */}` comments (one left open runs to the end of the line).
fn without_mdx_comments(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(start) = rest.find("{/*") {
        out.push_str(&rest[..start]);
        rest = rest[start..]
            .find("*/}")
            .map_or("", |end| &rest[start + end + 3..]);
    }
    out.push_str(rest);
    out
}

/// The page's URL as the front matter or the file's path gives it, and whether the author
/// wrote it (a permalink or a slug, to be checked) or the path made it (to be encoded whole).
fn url(
    rel: &str,
    stem: &str,
    front: &FrontMatter,
    generator: &Generator,
) -> Option<(String, bool)> {
    if let Some(url) = &front.url {
        return Some((url.clone(), true));
    }
    let rel = rel.strip_prefix("_posts/").unwrap_or(rel);
    let folder = &rel[..rel.len() - rel.rsplit('/').next().unwrap_or(rel).len()];
    Some(match &front.slug {
        Some(slug) if slug.trim_matches('/').is_empty() => (String::new(), true),
        Some(slug) if slug.starts_with('/') => (format!("{}/", slug.trim_matches('/')), true),
        Some(slug) => (format!("{folder}{}/", slug.trim_matches('/')), true),
        None => (generator.page(rel, stem)?, false),
    })
}

/// Blocks, sections and title gathered from the Markdown events.
struct Page<'g> {
    /// Whose anchors the headings get.
    generator: &'g Generator,
    blocks: Vec<Block>,
    sections: Vec<Section>,
    title: Option<String>,
    title_wanted: bool,
    line: String,
    code: Option<String>,
    html: Option<String>,
    /// The heading being read: its level (1–6) and explicit id.
    heading: Option<(usize, Option<String>)>,
    /// How often each anchor was given, for GitHub's `-1`, `-2` suffixes.
    anchors: HashMap<String, usize>,
}

impl Page<'_> {
    fn read(&mut self, markdown: &str) {
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_HEADING_ATTRIBUTES;
        for event in Parser::new_ext(markdown, options) {
            match event {
                Event::Start(Tag::Heading { level, id, .. }) => {
                    self.flush();
                    self.heading = Some((level as usize, id.map(|id| id.to_string())));
                }
                Event::Start(Tag::CodeBlock(_)) => {
                    self.flush();
                    self.code = Some(String::new());
                }
                Event::Start(Tag::HtmlBlock) => {
                    self.flush();
                    self.html = Some(String::new());
                }
                Event::Start(Tag::TableCell) => self.line.push(' '),
                Event::Start(
                    Tag::Paragraph
                    | Tag::Item
                    | Tag::BlockQuote(_)
                    | Tag::TableHead
                    | Tag::TableRow
                    | Tag::FootnoteDefinition(_),
                ) => self.flush(),
                Event::End(TagEnd::Heading(_)) => self.end_heading(),
                Event::End(TagEnd::CodeBlock) => {
                    let code = self.code.take().unwrap_or_default();
                    let code = code.trim_end();
                    if !code.is_empty() {
                        self.blocks.push(Block {
                            text: code.to_string(),
                            kind: BlockKind::Code,
                        });
                    }
                }
                Event::End(TagEnd::HtmlBlock) => {
                    let html = self.html.take().unwrap_or_default();
                    self.blocks.extend(fragment_blocks(&html));
                }
                Event::End(
                    TagEnd::Paragraph
                    | TagEnd::Item
                    | TagEnd::BlockQuote(_)
                    | TagEnd::TableHead
                    | TagEnd::TableRow
                    | TagEnd::FootnoteDefinition,
                ) => self.flush(),
                Event::Text(text) => match (&mut self.code, &mut self.html) {
                    (Some(code), _) => code.push_str(&text),
                    (_, Some(html)) => html.push_str(&text),
                    _ => self.line.push_str(&text),
                },
                Event::Html(html) => self.html.get_or_insert_with(String::new).push_str(&html),
                Event::Code(code) => self.line.push_str(&code),
                Event::SoftBreak => self.line.push('\n'),
                Event::HardBreak | Event::Rule => self.flush(),
                // Inline tags, footnote marks and task boxes are markup, not text.
                _ => {}
            }
        }
        self.flush();
    }

    fn end_heading(&mut self) {
        let Some((level, id)) = self.heading.take() else {
            return;
        };
        let text = collapse(&strip_template_tags(&std::mem::take(&mut self.line)));
        if text.is_empty() {
            return;
        }
        let anchor = id.unwrap_or_else(|| {
            let slug = self.generator.anchor(&text);
            let seen = self.anchors.entry(slug.clone()).or_insert(0);
            *seen += 1;
            if *seen == 1 {
                slug
            } else {
                format!("{slug}-{}", *seen - 1)
            }
        });
        let first_block = self.blocks.len();
        self.sections.push(Section {
            heading: text.clone(),
            anchor,
            first_block,
        });
        if level == 1 && self.title_wanted && self.title.is_none() {
            self.title = Some(text);
        } else {
            self.blocks.push(Block {
                text,
                kind: BlockKind::Heading,
            });
        }
    }

    /// Ends the paragraph being read (a break inside a heading only separates words).
    fn flush(&mut self) {
        if self.heading.is_some() {
            self.line.push(' ');
            return;
        }
        let text = collapse(&strip_template_tags(&std::mem::take(&mut self.line)));
        if !text.is_empty() {
            self.blocks.push(Block {
                text,
                kind: BlockKind::Paragraph,
            });
        }
    }
}

/// Drops `{{< … >}}`, `{{% … %}}`, `{{# … }}` and `{% … %}` (in that order, as `{{%` holds
/// `{%`): generator tags, not text.
fn strip_template_tags(text: &str) -> String {
    let mut out = text.to_string();
    for (open, close) in [("{{<", ">}}"), ("{{%", "%}}"), ("{{#", "}}"), ("{%", "%}")] {
        while let Some(start) = out.find(open) {
            let Some(end) = out[start + open.len()..].find(close) else {
                break;
            };
            out.replace_range(start..start + open.len() + end + close.len(), "");
        }
    }
    out
}
