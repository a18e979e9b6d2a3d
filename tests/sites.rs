//! Whole sites, as their generators lay them out, built into an index by the build script and
//! searched: a Hugo site's built HTML, a Hexo blog's Markdown sources, an mdBook's built book.
//! What a reader of each site would check: body words find their page, by the page's URL-based
//! id; words found only in menus, footers, sidebars, scripts, drafts or print pages find nothing.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use sousuo::{search::SearchOptions, Index};
use std::path::Path;
use support::build_script::run_build;
// src/corpus.rs, which the support module includes, names `crate::clean`.
#[allow(unused_imports)]
use support::clean;

/// The index the build script makes of `tests/corpora/<site>`.
fn built(site: &str) -> Vec<u8> {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpora")
        .join(site);
    let out = std::env::temp_dir().join(format!(
        "sousuo-site-{}-{}",
        site.replace('/', "-"),
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).unwrap();
    let (ok, log) = run_build(&corpus, &out);
    assert!(ok, "{site}: {log}");
    std::fs::read(out.join("index.bin")).unwrap()
}

/// The ids of the pages that hold the whole query (none when only part of it is found).
fn found(index: &Index, query: &str) -> Vec<String> {
    let results = sousuo::search(index, query, &SearchOptions::default()).unwrap();
    if results.partial {
        return Vec::new();
    }
    results.hits.into_iter().map(|hit| hit.id).collect()
}

#[test]
fn a_hugo_site_is_found_by_its_body_words_and_never_by_its_chrome() {
    let bytes = built("hugo-site/public");
    let index = Index::from_bytes(&bytes).unwrap();
    assert_eq!(found(&index, "淀粉勾芡"), ["/posts/beijing-hutong/"]);
    assert_eq!(found(&index, "中文里最难翻译"), ["/posts/beijing-hutong/"]);
    for chrome in [
        "独家赞助商",
        "热门文章榜单",
        "版权所有声明",
        "脚本里的提示语",
        "员工专用暗号",
    ] {
        assert_eq!(found(&index, chrome), Vec::<String>::new(), "{chrome}");
    }
    let article = sousuo::article(&index, "/posts/beijing-hutong/", None).unwrap();
    let text: String = article
        .paragraphs
        .iter()
        .flatten()
        .map(|s| s.text.as_str())
        .collect();
    assert!(text.contains("淀粉勾芡"), "{text}");
}

#[test]
fn a_hexo_blog_is_found_by_its_posts_and_never_by_its_drafts() {
    let bytes = built("hexo-blog/source");
    let index = Index::from_bytes(&bytes).unwrap();
    assert_eq!(found(&index, "玻璃杯上投法"), ["/tea/"]);
    // Typed in Traditional, found in Simplified.
    assert_eq!(found(&index, "龍井"), ["/tea/"]);
    for draft in ["秘密配方", "草稿箱专属词汇"] {
        assert_eq!(found(&index, draft), Vec::<String>::new(), "{draft}");
    }
}

#[test]
fn an_mdbook_is_found_by_its_chapters_once_each() {
    let bytes = built("mdbook-book/book");
    let index = Index::from_bytes(&bytes).unwrap();
    assert_eq!(found(&index, "压缩包"), ["/install.html"]);
    for chrome in ["侧边栏分组标题", "切换主题按钮", "主题脚本专用词"] {
        assert_eq!(found(&index, chrome), Vec::<String>::new(), "{chrome}");
    }
}
