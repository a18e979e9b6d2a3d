//! Listing pages: a blog's home, its archives by month or year, its tag and category pages. They
//! hold other pages' posts, whole or in part, each under a link to the post: searched, they
//! would answer every query about a post a second time, before or beside the post itself.
//!
//! A page is a listing when its body holds two entries that link to other pages of the site (an
//! entry: an `<article>`, or a heading `<h1>`–`<h3>`, with such a link in it), or when its title
//! heading itself links to another page (a month archive of one post).

use scraper::ElementRef;

/// Whether a page whose body is `roots`, with the title heading `title`, at `url` (from the
/// site root, no leading `/`: `news/2019/11/`, `about.html`, `` for the root page) lists other
/// pages.
pub fn is_listing(roots: &[ElementRef], title: Option<ElementRef>, url: &str) -> bool {
    if title.is_some_and(|h| links_elsewhere(h, url)) {
        return true;
    }
    let mut entries = 0;
    for root in roots {
        for element in root.descendent_elements() {
            if !is_entry(element) {
                continue;
            }
            // An entry inside an entry (a post's heading inside its article) is the same entry.
            let nested = (element.ancestors().filter_map(ElementRef::wrap))
                .take_while(|a| a != root)
                .any(is_entry);
            if !nested && links_elsewhere(element, url) {
                entries += 1;
                if entries >= 2 {
                    return true;
                }
            }
        }
    }
    false
}

/// Whether `element` may be an entry of a list: an article, or a heading of the top three levels.
fn is_entry(element: ElementRef) -> bool {
    matches!(element.value().name(), "article" | "h1" | "h2" | "h3")
}

/// Whether `element` holds a link to another page of the site than `url`.
fn links_elsewhere(element: ElementRef, url: &str) -> bool {
    let own = without_index(url);
    let mut links = element
        .descendent_elements()
        .filter(|e| e.value().name() == "a")
        .filter_map(|a| a.value().attr("href"));
    links.any(|href| site_path(href, url).is_some_and(|path| !is_same_page(&path, own, href)))
}

/// The path from the site root that `href`, written on the page at `url`, leads to; `None` for
/// a link off the site, to an anchor of the page itself, or that cannot be read.
fn site_path(href: &str, url: &str) -> Option<String> {
    let href = href.trim();
    let path = href.split(['#', '?']).next().unwrap_or("");
    let has_scheme = path
        .split_once(':')
        .is_some_and(|(scheme, _)| !scheme.contains('/'));
    if path.is_empty() || has_scheme || path.starts_with("//") {
        return None;
    }
    let mut segments: Vec<&str> = match path.strip_prefix('/') {
        Some(_) => Vec::new(),
        // Relative to the page's folder.
        None => url.split('/').collect::<Vec<_>>(),
    };
    segments.pop();
    for segment in path.trim_start_matches('/').split('/') {
        match segment {
            "." => {}
            ".." => {
                segments.pop()?;
            }
            segment => segments.push(segment),
        }
    }
    Some(segments.join("/"))
}

/// Whether `path` (from the site root) is the page at `own` (without `index.html`). A site
/// served below a folder of its host (`/docs/`) writes its own root-relative links with that
/// folder first.
fn is_same_page(path: &str, own: &str, href: &str) -> bool {
    let path = without_index(path);
    path == own
        || (href.trim().starts_with('/') && !own.is_empty() && path.ends_with(&format!("/{own}")))
}

/// A page's URL without the `index.html` a server adds to a folder.
fn without_index(url: &str) -> &str {
    url.strip_suffix("index.html")
        .or_else(|| url.strip_suffix("index.htm"))
        .unwrap_or(url)
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Html;

    fn listing(url: &str, body: &str) -> bool {
        let html = Html::parse_document(&format!("<html><body><main>{body}</main></body></html>"));
        let main = (html.root_element().descendent_elements())
            .find(|e| e.value().name() == "main")
            .unwrap();
        let title = main
            .descendent_elements()
            .find(|e| e.value().name() == "h1");
        is_listing(&[main], title, url)
    }

    #[test]
    fn entries_that_link_to_other_pages_make_a_listing() {
        // Hexo's archive: articles under headings that link to their posts.
        let archive = r#"<article><h1><a href="/news/2019/11/28/a/">A</a></h1><p>text</p></article>
            <article><h1><a href="/news/2019/11/10/b/">B</a></h1><p>text</p></article>"#;
        assert!(listing("news/2019/11/", archive));
        // Hugo's list: the link beside the heading, inside the article.
        let list = r#"<h1>文章</h1><article><h2>北京</h2><a href="/posts/beijing/"></a></article>
            <article><h2>杭州</h2><a href="../posts/hangzhou/"></a></article>"#;
        assert!(listing("posts/", list));
        // A month of one post: its title links to the post.
        assert!(listing(
            "news/2020/03/",
            r#"<article><h1><a href="../../2020/03/08/c/">C</a></h1><p>text</p></article>"#
        ));
    }

    #[test]
    fn a_page_with_its_own_text_is_no_listing() {
        // A post: its title links to itself (root-relative, and below a folder of the host),
        // its headings to their own anchors, and one link in its text leads elsewhere.
        let post = r##"<article><h1><a href="/blog/posts/a/">A</a></h1>
            <h2 id="x"><a href="#x">x</a>用法</h2><p>见 <a href="/posts/b/">B</a>。</p>
            <h2><a href="https://example.com/">外部</a></h2></article>"##;
        assert!(!listing("posts/a/", post));
        assert!(!listing("posts/a/index.html", post));
        // One heading that links elsewhere is a link in a heading, not a list.
        assert!(!listing(
            "guide/",
            r#"<h1>指南</h1><h2>参见 <a href="/api/">API</a></h2><p>正文</p>"#
        ));
    }

    #[test]
    fn links_resolve_from_the_page_folder() {
        assert_eq!(site_path("../b/", "posts/a/").as_deref(), Some("posts/b/"));
        assert_eq!(
            site_path("c.html#top", "docs/a.html").as_deref(),
            Some("docs/c.html")
        );
        assert_eq!(site_path("/x/?q=1", "docs/a.html").as_deref(), Some("x/"));
        assert_eq!(site_path("../../../x", "a/").as_deref(), None);
        for off_site in [
            "#top",
            "https://a.example/",
            "//a.example/",
            "mailto:a@b",
            "",
        ] {
            assert_eq!(site_path(off_site, "a/"), None, "{off_site}");
        }
    }
}
