//! Reading static sites (build/sources/): what a user checks after pointing the build at their
//! Hugo output, Hexo sources, mdBook, a JSON Lines export, or a folder with something wrong in it.
#![cfg(not(target_arch = "wasm32"))]

// Included by path as build.rs includes them: build/sources/ reads files through the `corpus`
// module beside it, and src/corpus.rs needs `crate::clean`.
#[allow(dead_code)]
#[path = "../src/clean.rs"]
mod clean;
#[allow(dead_code)]
#[path = "../src/corpus.rs"]
mod corpus;
#[path = "../build/sources/mod.rs"]
mod sources;

use sources::{read_sources, BlockKind, SourceDocument};
use std::fs;
use std::path::{Path, PathBuf};

fn site(name: &str) -> Vec<SourceDocument> {
    read_sources(&corpora().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn corpora() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpora")
}

/// Everything a search could match: title, body and section headings.
fn all_text(d: &SourceDocument) -> String {
    let mut text = d.title.clone();
    for b in &d.blocks {
        text.push('\n');
        text.push_str(&b.text);
    }
    for s in &d.sections {
        text.push('\n');
        text.push_str(&s.heading);
    }
    text
}

fn by_url<'d>(documents: &'d [SourceDocument], url: &str) -> &'d SourceDocument {
    documents
        .iter()
        .find(|d| d.url.as_deref() == Some(url))
        .unwrap_or_else(|| panic!("no document at {url:?}"))
}

fn urls(documents: &[SourceDocument]) -> Vec<&str> {
    documents
        .iter()
        .map(|d| d.url.as_deref().unwrap_or("-"))
        .collect()
}

/// The documents whose text holds `word`, by URL.
fn holding<'d>(documents: &'d [SourceDocument], word: &str) -> Vec<&'d str> {
    urls(documents)
        .into_iter()
        .zip(documents)
        .filter(|(_, d)| all_text(d).contains(word))
        .map(|(url, _)| url)
        .collect()
}

/// The heading and anchor of the section holding the first block that contains `word`.
fn section_of<'d>(d: &'d SourceDocument, word: &str) -> (&'d str, &'d str) {
    let block = d
        .blocks
        .iter()
        .position(|b| b.text.contains(word))
        .expect("word in the body");
    let s = d
        .sections
        .iter()
        .rev()
        .find(|s| s.first_block <= block)
        .expect("in a section");
    (&s.heading, &s.anchor)
}

/// A fresh, empty folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sousuo-sources-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// A site holding `files` (path, content) and one good page, and the error reading it gives.
fn refusal(name: &str, files: &[(&str, &[u8])]) -> String {
    let dir = scratch(name);
    fs::write(dir.join("good.md"), "# 好页面\n\n正常的内容。\n").unwrap();
    for (path, bytes) in files {
        let path = dir.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
    read_sources(&dir).expect_err("the site is refused")
}

#[test]
fn hugo_chrome_scripts_and_noindex_pages_are_left_out() {
    let docs = site("hugo-site/public");
    assert_eq!(
        urls(&docs),
        [
            "",
            "about/",
            "posts/",
            "posts/beijing-hutong/",
            "posts/chengdu-food/",
            "posts/hangzhou-tea/"
        ],
        "the noindex page, the alias redirect, 404.html and robots.txt are skipped"
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
            ("为什么不用服务器？", "为什么不用服务器"),
            ("分词的取舍", "segmentation"),
            ("安装 步骤", "安装-步骤-1"),
        ]
    );
    assert_eq!(
        section_of(search, "对象存储"),
        ("为什么不用服务器？", "为什么不用服务器")
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

#[test]
fn jsonl_records_are_read() {
    let dir = scratch("jsonl");
    fs::write(
        dir.join("export.jsonl"),
        "{\"id\": \"a1\", \"title\": \"第一篇\", \"body\": \"第一段。\\n\\n第二段。\", \"url\": \"/p/a1\", \"date\": \"2024-01-02 10:00\", \"tags\": [\"甲\", \"乙\"], \"author\": \"张三\"}\n\
         \n\
         {\"id\": 42, \"title\": \"第二篇\", \"body\": \"只有一段\", \"categories\": \"随笔\", \"views\": 7}\n",
    )
    .unwrap();
    fs::write(dir.join("老文章.txt"), "标题行\n正文第一行\n").unwrap();
    let docs = read_sources(&dir).unwrap();
    let ids: Vec<_> = docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["42", "a1", "老文章"]);
    let a1 = &docs[1];
    assert_eq!((a1.url.as_deref(), a1.line), (Some("/p/a1"), Some(1)));
    assert_eq!(a1.blocks.len(), 2);
    assert_eq!(a1.meta.date.as_deref(), Some("2024-01-02"));
    assert_eq!(a1.meta.tags, ["甲", "乙"]);
    assert_eq!(a1.meta.extra, [("author".to_string(), "张三".to_string())]);
    assert_eq!(
        (docs[0].line, docs[0].meta.categories.clone()),
        (Some(3), vec!["随笔".to_string()])
    );
    let txt = &docs[2];
    assert_eq!((txt.url.as_ref(), txt.title.as_str()), (None, "标题行"));
    assert_eq!(txt.blocks.len(), 1);
    assert_eq!(txt.blocks[0].kind, BlockKind::Raw);
    assert_eq!(
        txt.blocks[0].text, "标题行\n正文第一行\n",
        "raw, for the caller to clean"
    );
}

#[test]
fn a_bad_jsonl_line_names_the_file_and_line() {
    let good = "{\"id\": \"1\", \"title\": \"好\", \"body\": \"好\"}";
    for (bad, what) in [
        ("{\"id\": \"2\", \"title\": \"缺正文\"", "is not JSON"),
        ("[1, 2]", "is not a JSON object"),
        (
            "{\"id\": \"2\", \"body\": \"正文\"}",
            "\"title\" is missing",
        ),
        (
            "{\"id\": \"2\", \"title\": \"t\", \"body\": \"b\", \"tags\": 3}",
            "\"tags\" is not",
        ),
        (
            "{\"id\": \"2\", \"title\": \"t\", \"body\": \"b\", \"date\": \"昨天\"}",
            "\"昨天\"",
        ),
        (
            "{\"id\": \"1\", \"title\": \"t\", \"body\": \"b\"}",
            "already the id of line 1",
        ),
    ] {
        let text = format!("{good}\n\n{bad}\n");
        let error = refusal("jsonl-bad", &[("data/export.jsonl", text.as_bytes())]);
        assert!(error.contains("export.jsonl:3: "), "file and line: {error}");
        assert!(error.contains(what), "{what}: {error}");
    }
}

#[test]
fn marked_bodies_decide_which_pages_count() {
    let dir = scratch("marked");
    fs::write(
        dir.join("a.html"),
        "<html><body><main><p>主栏之外</p><div data-sousuo-body><h1>标注页</h1><p>被标注的正文</p>\
         <p data-sousuo-ignore>忽略这一段</p></div></main></body></html>",
    )
    .unwrap();
    fs::write(
        dir.join("b.html"),
        "<html><body><main><h1>未标注页</h1><p>未标注的正文</p></main></body></html>",
    )
    .unwrap();
    let docs = read_sources(&dir).unwrap();
    assert_eq!(
        urls(&docs),
        ["a.html"],
        "once one page is marked, unmarked pages are skipped"
    );
    assert_eq!(docs[0].title, "标注页");
    let texts: Vec<_> = docs[0].blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(texts, ["被标注的正文"], "the mark wins over <main>");
}

#[test]
fn a_symlink_cycle_is_followed_once() {
    let dir = scratch("cycle");
    fs::write(dir.join("page.md"), "# 页面\n\n内容\n").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&dir, dir.join("loop")).unwrap();
    assert_eq!(urls(&read_sources(&dir).unwrap()), ["page/"]);
}

#[test]
fn non_utf8_pages_are_refused_like_txt_files() {
    let (gbk, _, _) = encoding_rs::GBK.encode(
        "<html><head><meta charset=\"gbk\"></head><body><p>中文网页的正文内容</p></body></html>",
    );
    let error = refusal("gbk-bytes", &[("old/page.html", &gbk)]);
    assert!(
        error.contains("page.html: is not UTF-8: it seems to be GBK"),
        "{error}"
    );
    assert!(error.contains("iconv -f GB18030 -t UTF-8"), "{error}");

    let declared = "<html><head><meta charset=\"GB2312\"></head><body><p>正文</p></body></html>";
    let error = refusal("gbk-meta", &[("page.html", declared.as_bytes())]);
    assert!(
        error.contains("page.html: is not UTF-8: its <meta> declares gb2312"),
        "{error}"
    );
    assert!(error.contains("iconv -f GB18030 -t UTF-8"), "{error}");

    let equiv = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=big5\"></head><body><p>x</p></body></html>";
    let error = refusal("big5-meta", &[("page.htm", equiv.as_bytes())]);
    assert!(
        error.contains("page.htm: is not UTF-8: its <meta> declares big5"),
        "{error}"
    );

    let error = refusal(
        "bad-bytes",
        &[("post.md", b"# title\n\nabc \xC3\x28 def\n")],
    );
    assert!(
        error.contains("post.md: is not UTF-8 (invalid byte at offset"),
        "{error}"
    );
    assert!(error.contains("convert the file to UTF-8"), "{error}");
}

#[test]
fn broken_front_matter_and_dates_are_refused() {
    let error = refusal(
        "yaml",
        &[(
            "_posts/broken.md",
            "---\ntitle: 标题\ntags: [一, 二\n---\n正文\n".as_bytes(),
        )],
    );
    assert!(error.contains("broken.md:"), "{error}");
    assert!(
        error.contains("the YAML front matter cannot be read") && error.contains("fix it"),
        "{error}"
    );

    let error = refusal(
        "yaml-colon",
        &[("post.md", "---\ntitle: 标题: 副标题\n---\n".as_bytes())],
    );
    assert!(
        error.contains("post.md:2: the YAML front matter"),
        "the line in the file: {error}"
    );

    let error = refusal(
        "toml",
        &[("post.md", "+++\ntitle = 没有引号\n+++\n正文\n".as_bytes())],
    );
    assert!(
        error.contains("post.md:2: the TOML front matter cannot be read"),
        "{error}"
    );

    let error = refusal(
        "unclosed",
        &[("post.md", "---\ntitle: 标题\n正文\n".as_bytes())],
    );
    assert!(
        error.contains("post.md: the front matter opened by --- on line 1 is never closed"),
        "{error}"
    );

    for bad in [
        "2024-13-01",
        "2023-02-29",
        "明天",
        "2024-01-02 25:00",
        "2024-01-02T10:00:00+8",
    ] {
        let text = format!("---\ntitle: t\ndate: {bad}\n---\n");
        let error = refusal("date", &[("post.md", text.as_bytes())]);
        assert!(
            error.contains(&format!(
                "post.md: the date {bad:?} cannot be read; write it as 2024-01-02"
            )),
            "{error}"
        );
    }
    let error = refusal(
        "html-date",
        &[(
            "p.html",
            "<main><time data-sousuo-meta=\"date:上周\">x</time></main>".as_bytes(),
        )],
    );
    assert!(
        error.contains("p.html: data-sousuo-meta has the date \"上周\""),
        "{error}"
    );
}

#[test]
fn dates_in_every_generator_format() {
    let dir = scratch("dates");
    let dates = [
        ("2024-01-02", "2024-01-02"),
        ("2024-01-02 10:00:00", "2024-01-02"),
        ("2024-01-02T10:00:00+08:00", "2024-01-02"),
        ("2024-01-02T23:30:00.123Z", "2024-01-02"),
        ("2024/1/2 9:05", "2024-01-02"),
        ("'2024-02-29 10:00:00 +0800'", "2024-02-29"),
    ];
    for (i, (written, _)) in dates.iter().enumerate() {
        fs::write(
            dir.join(format!("p{i}.md")),
            format!("---\ntitle: t{i}\ndate: {written}\n---\n"),
        )
        .unwrap();
    }
    let docs = read_sources(&dir).unwrap();
    for (d, (written, want)) in docs.iter().zip(dates) {
        assert_eq!(d.meta.date.as_deref(), Some(want), "{written}");
    }
}

#[test]
fn duplicate_urls_and_empty_sites_are_refused() {
    let error = refusal(
        "dup-url",
        &[
            ("a.md", b"---\npermalink: /same/\n---\nA\n"),
            ("b.md", b"---\npermalink: same/\n---\nB\n"),
        ],
    );
    assert!(
        error.contains("two documents have the URL \"same/\""),
        "{error}"
    );
    assert!(
        error.contains("a.md") && error.contains("b.md") && error.contains("permalink"),
        "{error}"
    );

    let error = refusal(
        "dup-folder",
        &[
            ("posts/hello.md", b"# A\n"),
            ("posts/hello/index.html", b"<p>B</p>"),
        ],
    );
    assert!(
        error.contains("\"posts/hello/\"")
            && error.contains("hello.md")
            && error.contains("index.html"),
        "{error}"
    );

    let error = refusal(
        "dup-id",
        &[
            ("x/good.txt", b"title\nbody\n"),
            ("y/good.txt", b"title\nbody\n"),
        ],
    );
    assert!(
        error.contains("two documents have the id \"good\""),
        "{error}"
    );

    let dir = scratch("empty");
    fs::write(dir.join("style.css"), "body {}").unwrap();
    fs::write(dir.join("draft.md"), "---\ndraft: true\n---\n草稿\n").unwrap();
    let error = read_sources(&dir).unwrap_err();
    assert!(
        error.contains("holds no document to index") && error.contains("1 skipped"),
        "{error}"
    );
}
