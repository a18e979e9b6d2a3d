//! Whole sites, as their generators lay them out, built into an index by the build script and
//! searched: a Hugo site's built HTML, a Hexo blog's Markdown sources, an mdBook's built book.
//! What a reader of each site would check: body words find their page, by the page's URL-based
//! id; words found only in menus, footers, sidebars, scripts, drafts or print pages find nothing.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use sousuo::{Index, SearchOptions, Sort};
use std::path::Path;
use support::indexer::{index_of_files, run_build};

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
    if let Err(error) = run_build(&corpus, &out) {
        panic!("{site}: {error}");
    }
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

fn options(filters: &[(&str, &[&str])], sort: Option<&str>) -> SearchOptions {
    SearchOptions {
        filters: filters
            .iter()
            .map(|(key, values)| {
                (
                    key.to_string(),
                    values.iter().map(|v| v.to_string()).collect(),
                )
            })
            .collect(),
        sort: sort.map(Sort::parse),
        ..SearchOptions::default()
    }
}

#[test]
fn a_hit_carries_its_page_url_the_section_it_is_in_and_the_page_metadata() {
    let bytes = built("hugo-site/public");
    let index = Index::from_bytes(&bytes).unwrap();
    let results = sousuo::search(&index, "淀粉勾芡", &SearchOptions::default()).unwrap();
    let hit = &results.hits[0];
    assert_eq!(hit.url.as_deref(), Some("/posts/beijing-hutong/"));
    assert_eq!(hit.sections.len(), 1, "{:?}", hit.sections);
    assert_eq!(hit.sections[0].heading, "炒肝和包子");
    assert_eq!(hit.sections[0].anchor, "炒肝和包子");
    assert_eq!(hit.meta["date"], ["2024-02-10"]);
    assert_eq!(hit.meta["tags"], ["北京", "美食"]);
    assert_eq!(hit.meta["author"], ["胡同串子"]);
    // A match in the later section points there; one before any heading points nowhere.
    let results = sousuo::search(&index, "遛鸟的大爷", &SearchOptions::default()).unwrap();
    assert_eq!(results.hits[0].sections[0].anchor, "find-shops");
    let results = sousuo::search(&index, "早点铺", &SearchOptions::default()).unwrap();
    assert_eq!(results.hits[0].sections, []);
    // The counts of every filter come with every answer.
    let results = sousuo::search(&index, "胡同", &SearchOptions::default()).unwrap();
    assert_eq!(
        results.filters["城区"]["东城区"], 1,
        "{:?}",
        results.filters
    );
    let article = sousuo::article(&index, "/posts/beijing-hutong/", None).unwrap();
    assert_eq!(article.url.as_deref(), Some("/posts/beijing-hutong/"));
}

#[test]
fn filters_keep_their_documents_count_their_values_and_fold_scripts() {
    let bytes = built("hexo-blog/source");
    let index = Index::from_bytes(&bytes).unwrap();
    let ids = |results: &sousuo::SearchResults| -> Vec<String> {
        results
            .hits
            .iter()
            .map(|h| h.url.clone().unwrap())
            .collect()
    };
    // An empty query with a filter lists that filter's documents, newest first. 隨筆 written in
    // Traditional on one post and 随笔 on another are one tag.
    let listed = sousuo::search(&index, "", &options(&[("tags", &["随笔"])], None)).unwrap();
    assert_eq!(listed.total, 2, "{:?}", ids(&listed));
    let dates: Vec<&str> = listed
        .hits
        .iter()
        .map(|h| h.meta["date"][0].as_str())
        .collect();
    assert_eq!(dates, ["2024-01-02", "2023-12-31"]);
    let traditional = sousuo::search(&index, "", &options(&[("tags", &["隨筆"])], None)).unwrap();
    assert_eq!(ids(&traditional), ids(&listed));
    let oldest =
        sousuo::search(&index, "", &options(&[("tags", &["随笔"])], Some("date"))).unwrap();
    assert_eq!(oldest.hits[0].meta["date"], ["2023-12-31"]);
    // Counts: one value per folded tag, under the other filters (here none).
    assert_eq!(
        listed.filters["tags"].get("随笔").copied().unwrap_or(0)
            + listed.filters["tags"].get("隨筆").copied().unwrap_or(0),
        2
    );
    // Values OR within a key, AND across keys.
    let either =
        sousuo::search(&index, "", &options(&[("tags", &["随笔", "旅行"])], None)).unwrap();
    assert_eq!(either.total, 3, "{:?}", ids(&either));
    let both = options(
        &[("tags", &["随笔", "旅行"]), ("categories", &["读书"])],
        None,
    );
    let both = sousuo::search(&index, "", &both).unwrap();
    assert_eq!(both.total, 1, "{:?}", ids(&both));
    // Under categories=读书, the tag counts say what each tag would give.
    assert_eq!(both.filters["tags"]["读书"], 1);
    assert_eq!(both.filters["tags"].get("旅行").copied().unwrap_or(0), 0);
    // A query with a filter: only the filtered documents, and the total says so.
    let all = sousuo::search(&index, "的", &SearchOptions::default()).unwrap();
    let filtered =
        sousuo::search(&index, "的", &options(&[("categories", &["旅行"])], None)).unwrap();
    assert!(
        filtered.total >= 1 && filtered.total < all.total,
        "{} of {}",
        filtered.total,
        all.total
    );
    assert!(filtered
        .hits
        .iter()
        .all(|h| h.meta["categories"].contains(&"旅行".to_string())));
    // A filter or sort key the site does not have is said, never answered with nothing.
    let error = sousuo::search(&index, "的", &options(&[("colour", &["red"])], None)).unwrap_err();
    assert!(
        error.to_string().contains("no filter \"colour\""),
        "{error}"
    );
    assert!(error.to_string().contains("tags"), "{error}");
    let error = sousuo::search(&index, "的", &options(&[], Some("-views"))).unwrap_err();
    assert!(
        error.to_string().contains("no sort key \"views\""),
        "{error}"
    );
}

#[test]
fn an_empty_query_counts_every_filter_value_so_a_filter_bar_can_show_before_typing() {
    let bytes = built("hexo-blog/source");
    let index = Index::from_bytes(&bytes).unwrap();
    let empty = sousuo::search(&index, "", &SearchOptions::default()).unwrap();
    assert_eq!(
        (empty.total, empty.hits.len()),
        (0, 0),
        "an empty query finds nothing"
    );
    // Every post counted once per tag it has: the tag counts of a listing by tag, which apply
    // every filter but the tags' own, that is none.
    let listed = sousuo::search(&index, "", &options(&[("tags", &["随笔"])], None)).unwrap();
    assert_eq!(empty.filters["tags"], listed.filters["tags"]);
    assert_eq!(empty.filters["categories"]["生活"], 2);
    let posts_with_tag = |results: &sousuo::SearchResults, tag: &str| {
        results.filters["tags"].get(tag).copied().unwrap_or(0)
    };
    assert_eq!(
        posts_with_tag(&empty, "随笔") + posts_with_tag(&empty, "隨筆"),
        2
    );
    assert_eq!(posts_with_tag(&empty, "旅行"), 1);
    // The posts have dates: the answer says that sort accepts them, with or without a query.
    assert_eq!(empty.sorts, ["date"]);
    assert_eq!(
        sousuo::search(&index, "的", &SearchOptions::default())
            .unwrap()
            .sorts,
        ["date"]
    );
    // The seeds are plain text: no filters, no sorts, and an empty query answers nothing else.
    let seeds = sousuo::search(
        sousuo::embedded_index().unwrap(),
        "",
        &SearchOptions::default(),
    )
    .unwrap();
    assert!(seeds.filters.is_empty() && seeds.sorts.is_empty());
}

#[test]
fn words_in_blocks_of_code_rank_below_the_same_words_in_the_text() {
    // The build log names 倒排索引 three times, in code only; the explainer once, in its text.
    let pages = [
        (
            "build-log.md",
            "---\ntitle: 构建日志\n---\n今天的构建很顺利，一共处理了两千篇文章，用时不到一分钟，内存也没有超过限制。\
             下周打算把页面的样式再调整一下，让手机上的阅读体验更好一些。\n\n```text\n写入倒排索引\n压缩倒排索引\n校验倒排索引\n```\n",
        ),
        (
            "explainer.md",
            "---\ntitle: 搜索是怎样工作的\n---\n搜索引擎先把每篇文章切成词语，再为每个词记下它出现在哪些文章里，\
             这张表叫作倒排索引。查询时只要查表，不必把所有文章从头读一遍，所以即使文章很多也很快。\n",
        ),
        ("html/page.html", "<html><body><main><h1>页面</h1><p>正文里没有那个词。这一页讲的是怎样在命令行里运行构建，以及构建失败时应该先检查哪些设置，比如语料的目录和输出的位置。</p><pre>倒排索引 倒排索引</pre></main></body></html>"),
    ];
    let bytes = index_of_files("code", &pages);
    let index = Index::from_bytes(&bytes).unwrap();
    let ranked = |settings: &sousuo::RankSettings| -> Vec<String> {
        let options = SearchOptions::default();
        let results = sousuo::search_with(&index, "倒排索引", &options, settings).unwrap();
        results.hits.into_iter().map(|hit| hit.id).collect()
    };
    // Every page is found (code is indexed), the one whose text has the words first.
    let low = ranked(&Default::default());
    assert_eq!(low.len(), 3, "{low:?}");
    assert!(low[0].contains("explainer"), "{low:?}");
    // Counted as text, the code's three mentions would win: the flag is what ranks them low.
    let as_text = ranked(&sousuo::RankSettings {
        code_weight: 1.0,
        ..Default::default()
    });
    assert!(as_text[0].contains("build-log"), "{as_text:?}");
}
