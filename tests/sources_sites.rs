//! Reading static sites (crates/indexer/src/sources/): the Hugo output and sources, the Hexo sources and the
//! mdBook of tests/corpora, as a user checks them after pointing the build at their site.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use sousuo_indexer::sources::{read_sources, BlockKind, SourceDocument};
use std::fs;
use std::path::PathBuf;
use support::sites::{all_text, by_url, corpora, holding, scratch, section_of, site, urls};

#[test]
fn hugo_chrome_scripts_and_noindex_pages_are_left_out() {
    let docs = site("hugo-site/public");
    assert_eq!(
        urls(&docs),
        [
            "about/",
            "posts/beijing-hutong/",
            "posts/chengdu-food/",
            "posts/hangzhou-tea/"
        ],
        "the noindex page, the alias redirect, 404.html, robots.txt and the listings are skipped"
    );
    for chrome in [
        "独家赞助商",
        "热门文章榜单",
        "版权所有声明",
        "网站导航菜单",
        "城市漫游指南 版权",
        "脚本里的提示语",
        "复制代码成功提示词",
        "样式专用词",
        "请启用浏览器脚本",
        "模板里的分享",
        "评论区专用词",
        "阅读时间专用词",
        "员工专用暗号",
        "找不到专用词",
    ] {
        assert_eq!(
            holding(&docs, chrome),
            Vec::<&str>::new(),
            "{chrome} is site chrome"
        );
    }
    let hutong = by_url(&docs, "posts/beijing-hutong/");
    assert_eq!(hutong.id, "/posts/beijing-hutong/");
    assert_eq!(
        hutong.title, "北京胡同里的早餐",
        "the article's <h1>, not the site name"
    );
    assert_eq!(hutong.lang.as_deref(), Some("zh-cn"));
    assert_eq!(holding(&docs, "淀粉勾芡"), ["posts/beijing-hutong/"]);
    assert_eq!(section_of(hutong, "淀粉勾芡"), ("炒肝和包子", "炒肝和包子"));
    assert_eq!(
        section_of(hutong, "遛鸟"),
        ("怎么找到好吃的店", "find-shops")
    );
    let body = all_text(hutong);
    assert!(
        body.contains("“从我爷爷那辈就在这儿”"),
        "named entities decoded"
    );
    assert!(
        body.contains("油条&豆浆") && body.contains("中式"),
        "&amp; and &#20013; decoded"
    );
    assert!(body.contains("中文里最难翻译"), "中<b>文</b> is one word");
    assert!(body.contains("胡同口遛鸟的大爷"), "alt text is text");
    assert!(!body.contains("&nbsp;") && !body.contains('\u{a0}'));
    assert_eq!(hutong.meta.date.as_deref(), Some("2024-02-10"));
    assert_eq!(hutong.meta.tags, ["北京", "美食"]);
    assert_eq!(hutong.meta.categories, ["城市"]);
    assert_eq!(
        hutong.meta.filters,
        [("城区".to_string(), "东城区".to_string())]
    );
    assert!(hutong
        .meta
        .extra
        .contains(&("author".to_string(), "胡同串子".to_string())));
    // Unclosed <p>, <li>, <article> and <main>: read as a browser shows them.
    let chengdu = by_url(&docs, "posts/chengdu-food/");
    let items: Vec<_> = chengdu.blocks.iter().map(|b| b.text.as_str()).collect();
    assert!(
        items
            .windows(3)
            .any(|w| w == ["蒜泥白肉", "甜水面", "钟水饺"]),
        "{items:?}"
    );
    // A page without <main> or <article>: its body less header, nav, aside and footer.
    let about = by_url(&docs, "about/");
    assert_eq!(about.title, "关于本站");
    assert!(all_text(about).contains("两位住在北京的编辑"));
}

#[test]
fn listing_pages_are_left_out_and_named_unless_kept() {
    let dir = corpora().join("hugo-site/public");
    let read = |keep_listings| {
        let options = sousuo_indexer::sources::Options {
            keep_listings,
            ..Default::default()
        };
        sousuo_indexer::sources::read_site(&dir, options).unwrap()
    };
    let site = read(false);
    let said = site.warnings.join("\n");
    assert!(
        said.contains("2 listing pages were left out (/, /posts/)"),
        "{said}"
    );
    let kept = read(true);
    assert_eq!(kept.documents.len(), site.documents.len() + 2);
    // The home page keeps the words of its own, and the entries it lists.
    let home = by_url(&kept.documents, "");
    assert!(all_text(home).contains("在这里分享北京、杭州、成都的街巷与美食"));
}

#[test]
fn the_search_pages_themselves_are_never_indexed() {
    // `./x site public public/sousuo` puts the widget's pages inside the site it indexes: a
    // rebuild must not find them.
    let www = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("www");
    let error = read_sources(&www).unwrap_err();
    assert!(
        error.contains("no document") && error.contains("2 skipped"),
        "{error}"
    );
}

#[test]
fn hugo_code_is_marked_and_line_numbers_dropped() {
    let docs = site("hugo-site/public");
    let tea = by_url(&docs, "posts/hangzhou-tea/");
    let code: Vec<_> = tea
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Code)
        .collect();
    assert_eq!(
        code.len(),
        1,
        "the line-number column is not a code block: {code:?}"
    );
    assert!(code[0]
        .text
        .starts_with("price = 1200  # 每斤龙井的价格\nprint("));
    assert_eq!(section_of(tea, "每斤龙井"), ("记账脚本", "记账脚本"));
}

#[test]
fn hugo_toml_front_matter() {
    let docs = site("hugo-site/content");
    assert_eq!(
        urls(&docs),
        ["posts/beijing-hutong/", "posts/hangzhou-tea/"],
        "the draft is skipped"
    );
    let hutong = &docs[0];
    assert_eq!(
        hutong.meta.date.as_deref(),
        Some("2024-02-10"),
        "a TOML datetime"
    );
    assert_eq!(
        docs[1].meta.date.as_deref(),
        Some("2024-04-02"),
        "a TOML date"
    );
    assert_eq!(
        hutong.meta.filters,
        [("series".to_string(), "城市早餐".to_string())]
    );
    assert_eq!(
        section_of(hutong, "遛鸟"),
        ("怎么找到好吃的店", "find-shops")
    );
    assert_eq!(holding(&docs, "麻婆豆腐秘方"), Vec::<&str>::new());
}

#[test]
fn hexo_posts_front_matter_and_urls() {
    let docs = site("hexo-blog/source");
    assert_eq!(
        urls(&docs),
        [
            "about/",
            "hello-world/",
            "reading-notes/",
            "rust-wasm-search/",
            "tea/",
            "travel/kyoto/"
        ],
        "drafts (draft: true, and _drafts/) are skipped; permalink is kept; _posts/ is not in URLs"
    );
    assert_eq!(holding(&docs, "秘密配方"), Vec::<&str>::new());
    assert_eq!(holding(&docs, "草稿箱专属词汇"), Vec::<&str>::new());
    let dates: Vec<_> = docs
        .iter()
        .map(|d| d.meta.date.as_deref().unwrap())
        .collect();
    assert_eq!(
        dates,
        [
            "2020-05-01",
            "2024-01-02",
            "2023-12-31",
            "2024-03-15",
            "2024-04-08",
            "2023-10-05"
        ]
    );
    let hello = by_url(&docs, "hello-world/");
    assert_eq!(hello.title, "你好，世界");
    assert_eq!(hello.meta.tags, ["博客", "随笔"]);
    assert_eq!(hello.meta.categories, ["生活", "日记"]);
    let search = by_url(&docs, "rust-wasm-search/");
    assert_eq!(search.meta.tags, ["搜索"], "tags as one string");
    assert_eq!(
        search.meta.categories,
        ["技术", "Rust", "前端"],
        "nested category lists flattened"
    );
    assert!(search.meta.extra.contains(&(
        "description".to_string(),
        "不用服务器，在浏览器里完成中文全文检索。".to_string()
    )));
    let kyoto = by_url(&docs, "travel/kyoto/");
    assert_eq!(kyoto.id, "/travel/kyoto/");
    assert_eq!(kyoto.meta.categories, ["旅行"]);
}

#[test]
fn hexo_markup_is_not_text() {
    let docs = site("hexo-blog/source");
    for d in &docs {
        let prose: String = d
            .blocks
            .iter()
            .filter(|b| b.kind != BlockKind::Code)
            .map(|b| b.text.as_str())
            .chain([d.title.as_str()])
            .collect();
        for markup in [
            "**", "#", "](", "http", ".jpg", "<!--", "<div", "<span", "</", "{%", "|", "[^",
        ] {
            assert!(
                !prose.contains(markup),
                "{markup:?} in {:?}: {prose}",
                d.url
            );
        }
    }
    let hello = all_text(by_url(&docs, "hello-world/"));
    assert!(
        hello.contains("可以看看 Hexo 的官方文档，十分钟"),
        "link text kept"
    );
    assert!(hello.contains("书桌上的台灯和笔记本"), "alt text kept");
    assert!(
        hello.contains("旅行见闻，还有工作中"),
        "a line break between Chinese is no space"
    );
    let notes = all_text(by_url(&docs, "reading-notes/"));
    assert!(
        notes.contains("本文含有剧透"),
        "the text of a raw HTML block"
    );
    assert!(
        notes.contains("作者写得克制，没有"),
        "the text inside inline HTML"
    );
    let kyoto = by_url(&docs, "travel/kyoto/");
    assert!(
        kyoto.blocks.iter().any(|b| b.text == "住宿 60000"),
        "table cells apart"
    );
}

#[test]
fn hexo_code_and_sections() {
    let docs = site("hexo-blog/source");
    let search = by_url(&docs, "rust-wasm-search/");
    let code: Vec<_> = search
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Code)
        .collect();
    assert_eq!(code.len(), 2);
    assert!(code[0].text.starts_with("curl --proto"));
    assert!(code[1].text.contains("fn tokenize(text: &str)"));
    let anchors: Vec<_> = search
        .sections
        .iter()
        .map(|s| (s.heading.as_str(), s.anchor.as_str()))
        .collect();
    assert_eq!(
        anchors,
        [
            ("安装 步骤", "安装-步骤"),
            // Hexo's rule: only ASCII punctuation and spaces become `-`.
            ("为什么不用服务器？", "为什么不用服务器？"),
            ("分词的取舍", "segmentation"),
            ("安装 步骤", "安装-步骤-1"),
        ]
    );
    assert_eq!(
        section_of(search, "对象存储"),
        ("为什么不用服务器？", "为什么不用服务器？")
    );
    for s in &search.sections {
        assert_eq!(search.blocks[s.first_block].kind, BlockKind::Heading);
        assert_eq!(search.blocks[s.first_block].text, s.heading);
    }
}

#[test]
fn mdbook_chapters_without_print_toc_or_copies() {
    let book = site("mdbook-book/book");
    assert_eq!(
        urls(&book),
        [
            "config.html",
            "install.html",
            "intro.html",
            "quick-start.html"
        ],
        "print.html and toc.html are noindex, 404.html skipped, index.html a copy of intro.html"
    );
    for chrome in [
        "墨书使用手册",
        "侧边栏分组标题",
        "切换主题按钮",
        "下一章导航专用词",
        "主题脚本专用词",
        "模板图标专用词",
        "快捷键说明专用词",
    ] {
        assert_eq!(holding(&book, chrome), Vec::<&str>::new(), "{chrome}");
    }
    let install = by_url(&book, "install.html");
    assert_eq!(
        install.title, "安装",
        "the chapter's <h1>, not the book title in the menu bar"
    );
    assert_eq!(
        section_of(install, "压缩包"),
        ("下载预编译版本", "下载预编译版本")
    );
    assert_eq!(section_of(install, "版本号"), ("检查版本", "check-version"));
    assert!(install
        .blocks
        .iter()
        .any(|b| b.kind == BlockKind::Code && b.text == "cargo install mobook"));
    // The Markdown sources give the same chapters, with the anchors mdBook gave them.
    let src = site("mdbook-book/src");
    assert_eq!(src.len(), 4, "SUMMARY.md is not a chapter");
    for (md, html) in src.iter().zip(&book) {
        assert_eq!(md.title, html.title);
        assert_eq!(md.sections, html.sections, "{}", md.title);
        assert_eq!(md.blocks, html.blocks, "{}", md.title);
    }
}

#[test]
fn ids_are_stable_and_independent_of_file_order() {
    let first = site("hexo-blog/source");
    assert_eq!(first, site("hexo-blog/source"));
    // The same site written in the opposite order.
    let dir = scratch("order");
    let mut files: Vec<PathBuf> = Vec::new();
    let mut stack = vec![corpora().join("hexo-blog/source")];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p)
            } else {
                files.push(p)
            }
        }
    }
    files.sort();
    for f in files.iter().rev() {
        let to = dir.join(f.strip_prefix(corpora().join("hexo-blog/source")).unwrap());
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::copy(f, to).unwrap();
    }
    let again = read_sources(&dir).unwrap();
    let ids = |d: &[SourceDocument]| d.iter().map(|d| d.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&first), ids(&again));
    assert!(first
        .iter()
        .zip(&again)
        .all(|(a, b)| a.blocks == b.blocks && a.meta == b.meta));
}

/// A built site is its pages: a VitePress build with its llms plugin writes a Markdown copy of
/// every page beside it, mdBook ships fonts with licence texts, Hexo writes sitemap.txt. None
/// of them is a page a reader opens, unless the site's owner asks for them.
#[test]
fn a_built_site_is_read_as_its_html_pages_alone_unless_asked() {
    use sousuo_indexer::sources::{read_site, Options};
    let dir = scratch("only-pages");
    let page = |title: &str, text: &str| {
        format!("<!doctype html><html lang=\"zh\"><head><title>{title}</title></head><body><main><h1>{title}</h1><p>{text}</p></main></body></html>")
    };
    fs::create_dir_all(dir.join("guide")).unwrap();
    fs::create_dir_all(dir.join("fonts")).unwrap();
    fs::write(dir.join("index.html"), page("首页", "欢迎阅读文档。")).unwrap();
    fs::write(
        dir.join("guide/index.html"),
        page("指南", "组件之间共享状态。"),
    )
    .unwrap();
    fs::write(dir.join("guide-copy.md"), "# 指南\n\n组件之间共享状态。\n").unwrap();
    fs::write(
        dir.join("fonts/OpenSans-LICENSE.txt"),
        "Apache License\nVersion 2.0\n",
    )
    .unwrap();
    fs::write(
        dir.join("sitemap.txt"),
        "https://example.com/\nhttps://example.com/guide/\n",
    )
    .unwrap();
    let pages = read_site(&dir, Options::default()).unwrap();
    assert_eq!(urls(&pages.documents), ["", "guide/"]);
    assert!(
        pages
            .warnings
            .iter()
            .any(|w| w.starts_with("3 ") && w.contains("--all-files")),
        "the files left out are counted: {:?}",
        pages.warnings
    );
    let all = read_site(
        &dir,
        Options {
            all_files: true,
            ..Options::default()
        },
    )
    .unwrap();
    assert_eq!(all.documents.len(), 5, "{:?}", urls(&all.documents));
    assert!(all.warnings.is_empty(), "{:?}", all.warnings);
    // Sources alone (no HTML) are read as they always were.
    let sources = site("hugo-site/content");
    assert!(!sources.is_empty());
}

#[test]
fn the_theme_text_of_most_pages_is_left_out_language_by_language() {
    use sousuo_indexer::sources::{read_site, Options};
    let dir = scratch("theme-text");
    let page = |lang: &str, title: &str, own: &str, edit: &str| {
        format!(
            "<!doctype html><html lang=\"{lang}\"><head><title>{title}</title></head><body><main>\
             <p>{own}</p><div class=\"language-js\"><span class=\"lang\">js</span><pre><code>let x = 1;</code></pre></div>\
             <p>{edit}</p></main></body></html>"
        )
    };
    let chapters = [
        "安装",
        "变量",
        "函数",
        "所有权",
        "结构体",
        "枚举",
        "模块",
        "集合",
        "错误处理",
        "泛型",
    ];
    for (n, chapter) in chapters.iter().enumerate() {
        let html = page(
            "zh-CN",
            &format!("{chapter} - Rust 程序设计语言 简体中文版"),
            &format!("本章讲{chapter}，第{n}章独有的内容。"),
            "在 GitHub 上编辑此页",
        );
        fs::write(dir.join(format!("ch{n:02}.html")), html).unwrap();
    }
    // Three pages of another language: too few to tell its theme from its content.
    for n in 0..3 {
        let html = page(
            "en",
            &format!("Chapter {n} - The Book"),
            &format!("Chapter {n} alone."),
            "Edit this page on GitHub",
        );
        fs::write(dir.join(format!("en{n}.html")), html).unwrap();
    }
    let read = read_site(&dir, Options::default()).unwrap();
    let chinese: Vec<&SourceDocument> = read
        .documents
        .iter()
        .filter(|d| d.lang.as_deref() == Some("zh-CN"))
        .collect();
    assert_eq!(chinese.len(), 10);
    for (d, chapter) in chinese.iter().zip(chapters) {
        assert_eq!(d.title, chapter, "the site's name is not the page's");
        let text = all_text(d);
        assert!(text.contains(&format!("本章讲{chapter}")), "{text}");
        assert!(text.contains("let x = 1;"), "code is content: {text}");
        assert!(!text.contains("GitHub"), "the theme's link: {text}");
        assert!(
            !d.blocks.iter().any(|b| b.text == "js"),
            "a code block's label: {:?}",
            d.blocks
        );
    }
    let english: Vec<&SourceDocument> = read
        .documents
        .iter()
        .filter(|d| d.lang.as_deref() == Some("en"))
        .collect();
    assert_eq!(english[0].title, "Chapter 0 - The Book");
    assert!(all_text(english[0]).contains("Edit this page on GitHub"));
    assert!(
        read.warnings
            .iter()
            .any(|w| w.contains("Rust 程序设计语言 简体中文版")),
        "the user is told: {:?}",
        read.warnings
    );
}

#[test]
fn a_book_read_from_its_sources_links_to_the_pages_and_headings_mdbook_built() {
    let built = corpora().join("mdbook-book/book");
    for folder in ["mdbook-book/src", "mdbook-book"] {
        // From its sources, or from the book's folder with the built pages left aside.
        let dir = if folder == "mdbook-book" {
            let copy = scratch("mdbook-sources");
            fs::copy(
                corpora().join("mdbook-book/book.toml"),
                copy.join("book.toml"),
            )
            .unwrap();
            fs::create_dir_all(copy.join("src")).unwrap();
            for entry in fs::read_dir(corpora().join("mdbook-book/src")).unwrap() {
                let entry = entry.unwrap();
                fs::copy(entry.path(), copy.join("src").join(entry.file_name())).unwrap();
            }
            // A file beside the sources is no chapter.
            fs::write(copy.join("NOTES.md"), "# 笔记\n\n不是书的一章。\n").unwrap();
            copy
        } else {
            corpora().join(folder)
        };
        let docs = read_sources(&dir).unwrap();
        assert_eq!(
            urls(&docs),
            [
                "config.html",
                "install.html",
                "intro.html",
                "quick-start.html"
            ],
            "{folder}"
        );
        for d in &docs {
            let page = fs::read_to_string(built.join(d.url.as_deref().unwrap())).unwrap();
            for section in &d.sections {
                assert!(
                    page.contains(&format!("id=\"{}\"", section.anchor)),
                    "{folder}: {} has no heading {:?}",
                    d.url.as_deref().unwrap(),
                    section.anchor
                );
            }
        }
    }
}

#[test]
fn vitepress_sources_take_its_html_or_clean_urls() {
    let docs_dir = scratch("vitepress-sources");
    fs::create_dir_all(docs_dir.join(".vitepress")).unwrap();
    fs::create_dir_all(docs_dir.join("guide")).unwrap();
    fs::write(docs_dir.join("index.md"), "# 首页\n\n欢迎。\n").unwrap();
    fs::write(
        docs_dir.join("guide/start.md"),
        "# 快速开始\n\n安装依赖。\n",
    )
    .unwrap();
    fs::write(
        docs_dir.join(".vitepress/config.mts"),
        "export default { title: '文档' }\n",
    )
    .unwrap();
    // Text beside the pages, under one name in many folders, is no page.
    for component in ["button", "dialog"] {
        let folder = docs_dir.join("components").join(component);
        fs::create_dir_all(&folder).unwrap();
        fs::write(folder.join("description.txt"), "组件说明。\n").unwrap();
    }
    assert_eq!(
        urls(&read_sources(&docs_dir).unwrap()),
        ["", "guide/start.html"]
    );
    fs::write(
        docs_dir.join(".vitepress/config.mts"),
        "export default defineConfig({\n  title: '文档',\n  cleanUrls: true,\n})\n",
    )
    .unwrap();
    assert_eq!(urls(&read_sources(&docs_dir).unwrap()), ["", "guide/start"]);
}
