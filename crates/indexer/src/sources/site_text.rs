//! What a site's theme repeats on its pages is not theirs: the site's name after every title
//! (`安装 - Rust 程序设计语言`), and short blocks inside the content area on most pages
//! (在 GitHub 上编辑此页, previous and next links, a code block's `js` label). Left in, they
//! make every page a hit for the site's own name, and push the page that is about it down.
//!
//! Counted among the pages of one language (a site in ten languages repeats each one's text on
//! a tenth of its pages), and only on sites of enough pages for "most" to mean something.

use super::html::Page;
use super::BlockKind;
use std::collections::{HashMap, HashSet};

/// The fewest pages of a language for its repeated text to be told apart from its content.
const MIN_PAGES: usize = 8;
/// Text on at least this share of those pages (in percent) is the site's.
const SHARE_PERCENT: usize = 60;
/// The longest block taken for repeated text: past it, a block is content quoted twice.
const MAX_BLOCK_CHARS: usize = 80;
/// What stands between a page's title and the site's name.
const TITLE_SEPARATORS: [&str; 5] = [" - ", " | ", " – ", " — ", " · "];

/// Leaves the site's text out of `pages`; a line for the user on what was left out, if any.
pub fn leave_out(pages: &mut [Page]) -> Vec<String> {
    let mut by_language: HashMap<Option<String>, Vec<&mut Page>> = HashMap::new();
    for page in pages.iter_mut() {
        by_language
            .entry(page.document.lang.clone())
            .or_default()
            .push(page);
    }
    let mut said = Vec::new();
    for pages in by_language.values_mut() {
        if pages.len() < MIN_PAGES {
            continue;
        }
        let most = pages.len() * SHARE_PERCENT / 100;
        if let Some(suffix) = shared_title_suffix(pages, most) {
            for page in pages.iter_mut() {
                let title = &mut page.document.title;
                if let Some(own) = title
                    .strip_suffix(suffix.as_str())
                    .filter(|own| !own.trim().is_empty())
                {
                    *title = own.trim_end().to_string();
                }
            }
            said.push(format!(
                "the site's name {:?} left out of the titles",
                suffix.trim()
            ));
        }
        let repeated: HashSet<String> = repeated_blocks(pages, most).into_iter().collect();
        if !repeated.is_empty() {
            for page in pages.iter_mut() {
                let blocks = &mut page.document.blocks;
                let kept: Vec<_> = blocks
                    .iter()
                    .filter(|b| !(b.kind == BlockKind::Paragraph && repeated.contains(&b.text)))
                    .cloned()
                    .collect();
                // A page made of the site's text alone keeps it: it has nothing else.
                if !kept.is_empty() {
                    *blocks = kept;
                }
            }
            let mut shown: Vec<&String> = repeated.iter().collect();
            shown.sort();
            shown.truncate(3);
            said.push(format!(
                "{} block(s) repeated on most pages left out as the theme's, such as {shown:?}",
                repeated.len()
            ));
        }
    }
    said
}

/// The ending (separator included) that at least `most` of the pages' titles share.
fn shared_title_suffix(pages: &[&mut Page], most: usize) -> Option<String> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for page in pages {
        let title = page.document.title.as_str();
        // The last separator: a page's own title may hold one too.
        let at = TITLE_SEPARATORS
            .iter()
            .filter_map(|separator| title.rfind(separator))
            .max();
        if let Some(at) = at.filter(|&at| at > 0) {
            *counts.entry(&title[at..]).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .filter(|&(_, count)| count >= most.max(1))
        .max_by_key(|&(_, count)| count)
        .map(|(suffix, _)| suffix.to_string())
}

/// The short blocks that at least `most` of the pages hold, each counted once per page.
fn repeated_blocks(pages: &[&mut Page], most: usize) -> Vec<String> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for page in pages {
        let mut seen: HashSet<&str> = HashSet::new();
        for block in &page.document.blocks {
            let text = block.text.as_str();
            // Headings name the page's parts, and code is the page's even when pages share it.
            if block.kind == BlockKind::Paragraph
                && text.chars().count() <= MAX_BLOCK_CHARS
                && seen.insert(text)
            {
                *counts.entry(text).or_default() += 1;
            }
        }
    }
    counts
        .into_iter()
        .filter(|&(_, count)| count >= most.max(1))
        .map(|(text, _)| text.to_string())
        .collect()
}
