//! Built HTML pages (Hugo, Hexo, mdBook, VitePress …) read the way a reader sees them.
//!
//! Parsed with html5ever through `scraper` (which adds only a tree to walk): html5ever follows
//! the HTML standard, so broken markup (unclosed tags) reads as in a browser and the parser
//! decodes entities. `tl` builds in 4 s instead of 35 s (debug, 2 cores) but does neither;
//! `lol_html` streams, so it cannot look ahead for `<main>`, and builds slower still.
//!
//! - Body: the elements marked `data-sousuo-body` (the site's own word wins), else the first
//!   `<main>`, else every outermost `<article>`, else `<body>`. Once any page of the site is
//!   marked, unmarked pages are skipped (in mod.rs).
//! - Left out with everything inside: [`EXCLUDED`] and `data-sousuo-ignore`.
//! - Title: the first `<h1>` in the body (even inside the body's own `<header>`, where themes put
//!   it), else `<title>`, else the URL; `data-sousuo-meta="title:…"` overrides it.
//! - Listing pages (archives, tag pages: listing.rs) are told apart, for mod.rs to leave out.
//! - Skipped pages: `<meta name="robots">` holding `noindex` or `none` (mdBook marks its
//!   print.html and toc.html so), redirects (`<meta http-equiv="refresh">`), `404.html`, and
//!   pages with no text in the body.
//! - Metadata, read anywhere in the page: `data-sousuo-meta` and `data-sousuo-filter` hold
//!   `key:value`, `key` alone (the value is the element's text) or `key[attr]` (an attribute);
//!   meta keys `title` and `date` set those fields. `<meta name="description">`, and the Open
//!   Graph `article:tag`, `article:section` and `article:published_time` Hugo themes emit.
//! - URL: the path from the site root; `index.html` dropped (`posts/a/index.html` → `posts/a/`,
//!   the root page → ``).

use super::{collapse, front_matter, id_of_url, listed, listing, nesting, site_url};
use super::{Block, BlockKind, Meta, Section, SourceDocument};
use scraper::node::Element;
use scraper::{ElementRef, Html, Node};
use std::collections::HashSet;
use std::path::Path;

/// Site chrome, code that runs, and controls: never the text of the page.
const EXCLUDED: &str = "nav header footer aside script style template noscript button select \
    textarea svg math canvas iframe object head";

/// Elements that start and end a paragraph.
const BLOCKS: &str = "address article blockquote body caption center dd details dialog div dl \
    dt fieldset figcaption figure form hgroup hr legend li main menu ol p section summary table \
    tbody tfoot thead tr ul br";

/// Charset labels (WHATWG) of the legacy Chinese encodings, by how iconv names them.
const GB18030: &str =
    "gbk gb2312 gb_2312 gb_2312-80 x-gbk gb18030 chinese csgb2312 iso-ir-58 cp936";
const BIG5: &str = "big5 big5-hkscs cn-big5 csbig5 x-x-big5";

/// A page read, whether it marks its body with `data-sousuo-body`, and what its owner should
/// know about how it was read.
pub struct Page {
    pub document: SourceDocument,
    pub marked: bool,
    /// It lists other pages (listing.rs); never said of a page whose body is marked.
    pub listing: bool,
    pub warning: Option<String>,
}

/// The page at `path` (`rel` from the site root), or `None` when it is not to be indexed.
pub fn read(path: &Path, rel: &str, text: &str) -> Result<Option<Page>, String> {
    let name = rel.rsplit('/').next().unwrap_or(rel).to_ascii_lowercase();
    if name == "404.html" || name == "404.htm" {
        return Ok(None);
    }
    let (html, flattened) = nesting::parse(super::without_bom(text));
    let warning = flattened.then(|| {
        format!(
            "{}: nests elements more than {} deep; read as browsers show it, with the deeper \
             elements side by side (fix the markup that opens elements without closing them)",
            path.display(),
            nesting::MAX_DEPTH
        )
    });
    let root = html.root_element();
    let Some((meta, title_meta)) = page_meta(path, root)? else {
        return Ok(None);
    };
    let marked = outermost(root, |e| e.attr("data-sousuo-body").is_some(), false);
    let roots = match marked.is_empty() {
        true => unmarked_body(root),
        false => marked.clone(),
    };
    // A `<header>` inside the body is the article's (its title is there); around the whole
    // `<body>` it is the site's, whose `<h1>` is the site name.
    let own_header =
        |a: &Element| a.name() == "header" && roots.iter().all(|r| r.value().name() != "body");
    let title_h1 = roots.iter().find_map(|r| {
        r.descendent_elements()
            .find(|e| e.value().name() == "h1" && !inside(*e, |a| excluded(a) && !own_header(a)))
    });
    let mut body = Text {
        title: title_h1.map(|h| h.value()),
        ..Text::default()
    };
    for element in &roots {
        body.walk(*element);
    }
    if body.blocks.is_empty() {
        return Ok(None);
    }
    let url = if name == "index.html" || name == "index.htm" {
        &rel[..rel.len() - name.len()]
    } else {
        rel
    };
    let title = title_meta
        .or_else(|| title_h1.map(words))
        .or_else(|| {
            root.descendent_elements()
                .find(|e| e.value().name() == "title")
                .map(words)
        })
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| url.trim_end_matches('/').to_string());
    let lang = root
        .value()
        .attr("lang")
        .map(str::trim)
        .filter(|l| !l.is_empty());
    Ok(Some(Page {
        document: SourceDocument {
            id: id_of_url(url),
            url: Some(site_url::of_file_path(url)),
            title,
            blocks: body.blocks,
            sections: body.sections,
            lang: lang.map(str::to_string),
            meta,
            path: path.to_path_buf(),
            line: None,
        },
        marked: !marked.is_empty(),
        listing: marked.is_empty() && listing::is_listing(&roots, title_h1, url),
        warning,
    }))
}

/// The page's metadata: its `<meta>` elements', and what `data-sousuo-meta` and
/// `data-sousuo-filter` mark (a marked title apart); `None` when a `<meta>` says to skip it.
fn page_meta(path: &Path, root: ElementRef) -> Result<Option<(Meta, Option<String>)>, String> {
    let mut meta = Meta::default();
    let mut title_meta = None;
    for element in root.descendent_elements() {
        let e = element.value();
        if e.name() == "meta" && !head_meta(path, e, &mut meta)? {
            return Ok(None);
        }
        for (attribute, is_filter) in [("data-sousuo-meta", false), ("data-sousuo-filter", true)] {
            let Some((key, value)) = e.attr(attribute).and_then(|a| pair(a, element)) else {
                continue;
            };
            match (is_filter, key.as_str()) {
                (true, _) => meta.filters.push((key, value)),
                (false, "title") => title_meta = Some(value),
                (false, "date") => {
                    meta.date = Some(front_matter::date(&value).ok_or_else(|| {
                        format!(
                            "{}: data-sousuo-meta has the date {value:?}, which cannot be read; \
                             write it as 2024-01-02",
                            path.display()
                        )
                    })?)
                }
                (false, _) => meta.extra.push((key, value)),
            }
        }
    }
    // The same tag or filter shown twice on a page (a tag cloud) is still one.
    let mut seen = HashSet::new();
    meta.filters.retain(|pair| seen.insert(pair.clone()));
    Ok(Some((meta, title_meta)))
}

/// Where the text of a page that marks no body lies: its `<main>`, else its outermost
/// `<article>`s, else its `<body>`.
fn unmarked_body(root: ElementRef) -> Vec<ElementRef> {
    if let Some(main) = outermost(root, |e| e.name() == "main", true)
        .into_iter()
        .next()
    {
        return vec![main];
    }
    let articles = outermost(root, |e| e.name() == "article", true);
    if !articles.is_empty() {
        return articles;
    }
    root.child_elements()
        .filter(|e| e.value().name() == "body")
        .collect()
}

/// Reads one `<meta>`: refuses a legacy Chinese charset, keeps description and Open Graph
/// article facts, and returns false when the page must be skipped (noindex, redirect).
fn head_meta(path: &Path, e: &Element, meta: &mut Meta) -> Result<bool, String> {
    let content = e.attr("content").unwrap_or("").trim();
    let name = e
        .attr("name")
        .or(e.attr("property"))
        .unwrap_or("")
        .to_ascii_lowercase();
    let equiv = e.attr("http-equiv").unwrap_or("").to_ascii_lowercase();
    let charset = match e.attr("charset") {
        Some(c) => Some(c),
        None if equiv == "content-type" => content.split(';').find_map(|p| {
            let (k, v) = p.split_once('=')?;
            k.trim().eq_ignore_ascii_case("charset").then_some(v)
        }),
        None => None,
    };
    if let Some(charset) = charset {
        let label = charset
            .trim()
            .trim_matches(['"', '\''])
            .to_ascii_lowercase();
        let iconv = [("GB18030", GB18030), ("BIG5", BIG5)]
            .into_iter()
            .find(|(_, l)| listed(l, &label));
        if let Some((iconv, _)) = iconv {
            return Err(format!(
                "{}: is not UTF-8: its <meta> declares {label}, and only UTF-8 pages are read; \
                 convert it, for example with `iconv -f {iconv} -t UTF-8`, and declare \
                 <meta charset=\"utf-8\">",
                path.display()
            ));
        }
    }
    let words = || content.split([',', ' ']).map(str::trim);
    if name == "robots" && words().any(|w| w.eq_ignore_ascii_case("noindex") || w == "none") {
        return Ok(false);
    }
    if equiv == "refresh" && content.to_ascii_lowercase().contains("url=") {
        return Ok(false);
    }
    let add = |list: &mut Vec<String>| {
        if !content.is_empty() && !list.iter().any(|t| t == content) {
            list.push(content.to_string());
        }
    };
    match name.as_str() {
        "description" if !content.is_empty() => meta
            .extra
            .push(("description".to_string(), content.to_string())),
        "article:tag" => add(&mut meta.tags),
        "article:section" => add(&mut meta.categories),
        // Theme output rather than the author's: a date that cannot be read is left out.
        "article:published_time" if meta.date.is_none() => meta.date = front_matter::date(content),
        _ => {}
    }
    Ok(true)
}

/// `key:value`, `key` (the element's text) or `key[attr]` (that attribute of the element).
fn pair(attribute: &str, element: ElementRef) -> Option<(String, String)> {
    let (key, value) = match attribute.split_once(':') {
        Some((key, value)) => (key.trim(), value.trim().to_string()),
        None => match attribute
            .trim()
            .strip_suffix(']')
            .and_then(|a| a.split_once('['))
        {
            Some((key, attr)) => (
                key.trim(),
                element.value().attr(attr.trim())?.trim().to_string(),
            ),
            None => (attribute.trim(), words(element)),
        },
    };
    (!key.is_empty() && !value.is_empty()).then(|| (key.to_string(), value))
}

/// The element's text on one line.
fn words(element: ElementRef) -> String {
    collapse(&element.text().collect::<String>())
}

fn excluded(e: &Element) -> bool {
    listed(EXCLUDED, e.name()) || e.attr("data-sousuo-ignore").is_some()
}

/// Whether an ancestor of `element` satisfies `test`.
fn inside(element: ElementRef, test: impl Fn(&Element) -> bool) -> bool {
    element
        .ancestors()
        .filter_map(ElementRef::wrap)
        .any(|a| test(a.value()))
}

/// The elements below `root` that satisfy `test` and are not inside another one, nor (when
/// `visible`) inside left-out elements: a card `<article>` in an `<aside>` is not the body.
fn outermost<'a>(
    root: ElementRef<'a>,
    test: impl Fn(&Element) -> bool,
    visible: bool,
) -> Vec<ElementRef<'a>> {
    root.descendent_elements()
        .filter(|e| test(e.value()))
        .filter(|e| !inside(*e, |a| test(a) || (visible && excluded(a))))
        .collect()
}

/// Text of one HTML fragment (a raw HTML block in Markdown), read by the same rules.
pub fn fragment_blocks(html: &str) -> Vec<Block> {
    let fragment = Html::parse_fragment(html);
    let mut text = Text::default();
    text.walk(fragment.root_element());
    text.blocks
}

/// Gathers blocks and sections while walking the body.
#[derive(Default)]
struct Text<'a> {
    blocks: Vec<Block>,
    sections: Vec<Section>,
    /// Inline text of the paragraph (or heading) being read.
    line: String,
    /// Text of the `<pre>` being read, and how deeply `<pre>` is nested.
    code: String,
    in_code: usize,
    /// The heading being read: its id, and whether it is the title.
    heading: Option<(Option<String>, bool)>,
    title: Option<&'a Element>,
}

impl<'a> Text<'a> {
    /// Walks below `root` without recursion, so any depth of nesting is fine.
    fn walk(&mut self, root: ElementRef<'a>) {
        let mut next = root.first_child();
        while let Some(node) = next {
            let descend = match node.value() {
                Node::Text(t) if self.in_code > 0 => {
                    self.code.push_str(t);
                    false
                }
                Node::Text(t) => {
                    self.line.push_str(t);
                    false
                }
                Node::Element(e) => self.open(e),
                _ => false,
            };
            if descend {
                if let Some(child) = node.first_child() {
                    next = Some(child);
                    continue;
                }
                if let Node::Element(e) = node.value() {
                    self.close(e);
                }
            }
            let mut at = node;
            next = loop {
                if let Some(sibling) = at.next_sibling() {
                    break Some(sibling);
                }
                match at.parent() {
                    Some(parent) if parent != *root => {
                        if let Node::Element(e) = parent.value() {
                            self.close(e);
                        }
                        at = parent;
                    }
                    _ => break None,
                }
            };
        }
        self.flush();
    }

    /// Starts an element; false when its content is left out.
    fn open(&mut self, e: &'a Element) -> bool {
        let name = e.name();
        if excluded(e) {
            return false;
        }
        if self.in_code > 0 {
            if name == "br" {
                self.code.push('\n');
            }
            return true;
        }
        match name {
            "pre" => {
                self.flush();
                self.in_code += 1;
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" if self.heading.is_none() => {
                self.flush();
                let is_title = self.title.is_some_and(|t| std::ptr::eq(t, e));
                self.heading = Some((e.id().map(str::to_string), is_title));
            }
            "td" | "th" => self.line.push(' '),
            // Spaced, so the alt text does not run into the words around it.
            "img" => self.line.extend([" ", e.attr("alt").unwrap_or(""), " "]),
            _ if listed(BLOCKS, name) => self.flush(),
            _ => {}
        }
        true
    }

    fn close(&mut self, e: &Element) {
        let name = e.name();
        if name == "pre" && self.in_code > 0 {
            self.in_code -= 1;
            if self.in_code == 0 {
                let code = std::mem::take(&mut self.code);
                let code = code.trim_end().trim_start_matches(['\n', '\r']);
                // A column of line numbers (Hexo's and Hugo's highlighters) is not code.
                if code
                    .chars()
                    .any(|c| !c.is_ascii_digit() && !c.is_whitespace())
                {
                    self.blocks.push(Block {
                        text: code.to_string(),
                        kind: BlockKind::Code,
                    });
                }
            }
        } else if matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6") && self.heading.is_some()
        {
            let (id, is_title) = self.heading.take().unwrap_or_default();
            let text = collapse(&std::mem::take(&mut self.line));
            if let Some(anchor) = id.filter(|id| !id.is_empty() && !text.is_empty()) {
                let heading = text.clone();
                self.sections.push(Section {
                    heading,
                    anchor,
                    first_block: self.blocks.len(),
                });
            }
            if !is_title && !text.is_empty() {
                self.blocks.push(Block {
                    text,
                    kind: BlockKind::Heading,
                });
            }
        } else if listed(BLOCKS, name) {
            self.flush();
        }
    }

    /// Ends the paragraph being read (not inside a heading: a `<div>` there is still heading).
    fn flush(&mut self) {
        if self.heading.is_some() {
            return;
        }
        let text = collapse(&std::mem::take(&mut self.line));
        if !text.is_empty() {
            self.blocks.push(Block {
                text,
                kind: BlockKind::Paragraph,
            });
        }
    }
}
