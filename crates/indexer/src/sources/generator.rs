//! Which generator builds a folder of Markdown, and so the address it gives each page and the
//! anchor it gives each heading: a hit on a page read from its source must link to the page the
//! generator built, at the heading it built.
//!
//! - mdBook (a `book.toml` in the folder or the one above): the chapters below its `src` (the
//!   `[book] src` setting) become `.html` pages, `README.md` its folder's `index.html`.
//! - VitePress (a `.vitepress` folder): `guide/start.md` becomes `guide/start.html`, or
//!   `guide/start` where its configuration sets `cleanUrls: true`; `index.md` its folder.
//! - Hexo (its `_config.yml`, permalink.rs): anchors keep their case, and a run of spaces and
//!   punctuation is one `-`, as its Markdown renderer writes them.
//! - Anything else: a page is a folder (`posts/hello.md` → `posts/hello/`), as Hugo and Hexo
//!   write them, and anchors follow GitHub's rule.

use std::path::Path;

/// How a generator names pages and anchors.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Generator {
    pub pages: Pages,
    pub anchors: Anchors,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Pages {
    /// `hello.md` → `hello/`.
    #[default]
    Folders,
    /// `hello.md` → `hello.html`, below `root` (a path in the folder read, `src/`, or empty).
    Html { root: String },
    /// `hello.md` → `hello`.
    Clean,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Anchors {
    /// Lower case; letters, digits, `-` and `_` kept, each space a `-` (github-slugger).
    #[default]
    GitHub,
    /// Case kept; every run of spaces and punctuation one `-`, none at the ends (Hexo).
    Hexo,
}

/// The generator of the Markdown in `dir`; `hexo` when its `_config.yml` is Hexo's.
pub fn find(dir: &Path, hexo: bool) -> Result<Generator, String> {
    let anchors = if hexo { Anchors::Hexo } else { Anchors::GitHub };
    if let Some(pages) = mdbook(dir)? {
        return Ok(Generator { pages, anchors });
    }
    if dir.join(".vitepress").is_dir() {
        let pages = if clean_urls(&dir.join(".vitepress")) {
            Pages::Clean
        } else {
            Pages::Html {
                root: String::new(),
            }
        };
        return Ok(Generator { pages, anchors });
    }
    Ok(Generator {
        pages: Pages::Folders,
        anchors,
    })
}

/// A book's pages, when `dir` is an mdBook or its `src`.
fn mdbook(dir: &Path) -> Result<Option<Pages>, String> {
    for (book, inside) in [(Some(dir), true), (dir.parent(), false)] {
        let Some(config) = book.map(|b| b.join("book.toml")).filter(|c| c.is_file()) else {
            continue;
        };
        let text = std::fs::read_to_string(&config)
            .map_err(|e| format!("{}: cannot read: {e}", config.display()))?;
        let settings: toml::Table = toml::from_str(&text).map_err(|e| {
            format!(
                "{}: the book's configuration does not parse: {e}",
                config.display()
            )
        })?;
        let src = settings
            .get("book")
            .and_then(|book| book.get("src"))
            .and_then(|src| src.as_str())
            .unwrap_or("src")
            .trim_matches('/');
        if inside {
            return Ok(Some(Pages::Html {
                root: format!("{src}/"),
            }));
        }
        // The folder read is the book's sources themselves.
        if dir.file_name().and_then(|n| n.to_str()) == Some(src) {
            return Ok(Some(Pages::Html {
                root: String::new(),
            }));
        }
    }
    Ok(None)
}

/// Whether VitePress's configuration (`config.{js,ts,mjs,mts}`) sets `cleanUrls: true`. The
/// configuration is a program; the setting is read as it is written in nearly every site.
fn clean_urls(vitepress: &Path) -> bool {
    ["config.js", "config.ts", "config.mjs", "config.mts"]
        .iter()
        .filter_map(|name| std::fs::read_to_string(vitepress.join(name)).ok())
        .any(|text| {
            text.split("cleanUrls").skip(1).any(|after| {
                after
                    .trim_start()
                    .strip_prefix(':')
                    .is_some_and(|v| v.trim_start().starts_with("true"))
            })
        })
}

/// The folders of a path (`guide/` of `guide/start.md`).
fn folders(rel: &str) -> &str {
    &rel[..rel.len() - rel.rsplit('/').next().unwrap_or(rel).len()]
}

impl Generator {
    /// Whether a generator was recognised, whose sources are its Markdown pages alone.
    pub fn is_known(&self) -> bool {
        *self != Generator::default()
    }

    /// The page's address as the generator writes it, from its path in the folder read (`rel`,
    /// its file name without extension `stem`); `None` for a file outside the book's sources.
    pub fn page(&self, rel: &str, stem: &str) -> Option<String> {
        let (folder, name) = match &self.pages {
            Pages::Folders => (folders(rel), format!("{stem}/")),
            Pages::Html { root } => (
                folders(rel.strip_prefix(root.as_str())?),
                format!("{stem}.html"),
            ),
            Pages::Clean => (folders(rel), stem.to_string()),
        };
        let names_folder = ["index", "_index", "README"].contains(&stem);
        Some(if names_folder {
            folder.to_string()
        } else {
            format!("{folder}{name}")
        })
    }

    /// The anchor the generator gives a heading, before repeats are numbered.
    pub fn anchor(&self, heading: &str) -> String {
        match self.anchors {
            Anchors::GitHub => heading
                .chars()
                .filter_map(|c| match c {
                    ' ' => Some('-'),
                    '-' | '_' => Some(c),
                    _ if c.is_alphanumeric() => Some(c),
                    _ => None,
                })
                .flat_map(char::to_lowercase)
                .collect(),
            Anchors::Hexo => {
                let mut out = String::new();
                for c in heading.chars().filter(|c| !c.is_control()) {
                    if c.is_whitespace() || (c.is_ascii_punctuation()) {
                        if !out.is_empty() && !out.ends_with('-') {
                            out.push('-');
                        }
                    } else {
                        out.push(c);
                    }
                }
                out.trim_end_matches('-').to_string()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hexo_anchors_keep_case_and_make_one_dash_of_a_run() {
        let hexo = Generator {
            anchors: Anchors::Hexo,
            ..Generator::default()
        };
        assert_eq!(hexo.anchor("Hello World -- 你好!"), "Hello-World-你好");
        assert_eq!(hexo.anchor("  _config.yml 配置 "), "config-yml-配置");
        assert_eq!(
            Generator::default().anchor("Hello World -- 你好!"),
            "hello-world----你好"
        );
    }

    #[test]
    fn pages_are_named_as_each_generator_writes_them() {
        let book = Generator {
            pages: Pages::Html {
                root: "src/".to_string(),
            },
            ..Generator::default()
        };
        assert_eq!(
            book.page("src/ch01/install.md", "install").as_deref(),
            Some("ch01/install.html")
        );
        assert_eq!(book.page("src/README.md", "README").as_deref(), Some(""));
        assert_eq!(
            book.page("notes.md", "notes"),
            None,
            "outside the book's sources"
        );
        let clean = Generator {
            pages: Pages::Clean,
            ..Generator::default()
        };
        assert_eq!(
            clean.page("guide/start.md", "start").as_deref(),
            Some("guide/start")
        );
        assert_eq!(
            Generator::default()
                .page("guide/start.md", "start")
                .as_deref(),
            Some("guide/start/")
        );
    }
}
