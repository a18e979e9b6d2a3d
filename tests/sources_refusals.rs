//! Reading static sites (crates/indexer/src/sources/): JSON Lines exports and plain text, marked bodies, and a
//! folder with something wrong in it: what is refused, and what the error says.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use sousuo_indexer::sources::{read_site, read_sources, BlockKind, Options};
use std::fs;
use support::sites::{refusal, scratch, urls};

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
    assert_eq!((a1.url.as_deref(), a1.line), (Some("p/a1"), Some(1)));
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
            "{\"id\": \"2\", \"title\": \"缺正文\"}",
            "\"body\" is missing",
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

#[test]
fn a_record_without_a_title_is_indexed_under_its_first_words_with_a_warning() {
    let dir = scratch("jsonl-untitled");
    let records = [
        r#"{"id": "1", "title": "有标题", "body": "正文。"}"#,
        r#"{"id": "2", "body": "泰州医药高新区今天召开专题会议，研究下一阶段的工作安排和重点项目。\n第二段。"}"#,
        r#"{"id": "3", "title": "  ", "body": "短正文"}"#,
        r#"{"id": "4", "body": ""}"#,
    ];
    fs::write(dir.join("export.jsonl"), records.join("\n")).unwrap();
    let site = read_site(&dir, Options::default()).unwrap();
    let titles: Vec<_> = site.documents.iter().map(|d| d.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "有标题",
            "泰州医药高新区今天召开专题会议，研究下一阶段的工作安排和重点…",
            "短正文",
            "4"
        ]
    );
    let warnings = site.warnings.join("\n");
    for line in [2, 3, 4] {
        assert!(
            warnings.contains(&format!("export.jsonl:{line}: the record has no title")),
            "{warnings}"
        );
    }
}
