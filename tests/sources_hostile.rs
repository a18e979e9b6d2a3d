//! A corpus written by an attacker, or by accident: URLs that would run script or lead off the
//! site, links out of the folder, files that never end, and front matter and pages built to make
//! the build slow or exhaust its memory. Each is refused naming its file, skipped with a warning,
//! or read in time.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use sousuo_indexer::sources::{read_site, read_sources, Options};
use std::fs;
use std::time::{Duration, Instant};
use support::sites::{refusal, scratch, urls};

fn jsonl_with_url(url: &str) -> Vec<u8> {
    let record = serde_json::json!({"id": "x", "title": "标题", "body": "正文", "url": url});
    format!("{record}\n").into_bytes()
}

const SCRIPT_URLS: &[&str] = &[
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "\u{1}javascript:alert(1)",
    "javascript\u{200B}:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
];

#[test]
fn a_record_url_with_a_script_scheme_is_refused_naming_file_and_line() {
    for url in SCRIPT_URLS {
        let error = refusal("url-jsonl", &[("data/export.jsonl", &jsonl_with_url(url))]);
        assert!(error.contains("export.jsonl:1: "), "{url:?}: {error}");
        assert!(error.contains("URL"), "{url:?}: {error}");
    }
}

#[test]
fn a_page_url_in_front_matter_is_a_path_on_the_site() {
    let cases = [
        "---\npermalink: javascript:alert(1)//\n---\n# 页\n\n正文。\n",
        "---\nslug: \"/JaVaScRiPt:alert(1)\"\n---\n# 页\n\n正文。\n",
        "+++\nurl = \"javascript:alert(1)\"\n+++\n# 页\n\n正文。\n",
        "---\npermalink: https://evil.example/x/\n---\n# 页\n\n正文。\n",
        "---\npermalink: //evil.example/x/\n---\n# 页\n\n正文。\n",
        "---\npermalink: \"\\\\\\\\evil.example/x\"\n---\n# 页\n\n正文。\n",
        "---\npermalink: /a/../../x/\n---\n# 页\n\n正文。\n",
    ];
    for page in cases {
        let error = refusal("url-md", &[("posts/evil.md", page.as_bytes())]);
        assert!(error.contains("evil.md: "), "names the file: {error}");
        assert!(error.contains("URL"), "{page:?}: {error}");
    }
}

#[test]
fn a_record_may_link_to_another_site_over_http_only() {
    let dir = scratch("url-external");
    let records = [
        r#"{"id": "1", "title": "外站", "body": "正文", "url": "HTTPS://Example.ORG/文章/a b?x=1#top"}"#,
        r#"{"id": "2", "title": "站内", "body": "正文", "url": "/p/x.html"}"#,
    ];
    fs::write(dir.join("export.jsonl"), records.join("\n")).unwrap();
    let docs = read_sources(&dir).unwrap();
    assert_eq!(
        urls(&docs),
        [
            "https://example.org/%E6%96%87%E7%AB%A0/a%20b?x=1#top",
            "p/x.html"
        ],
        "the external address keeps its host, and a site path loses its leading / (it came back as //p/x.html)"
    );
    for url in [
        "ftp://example.org/x",
        "https://user@example.org/x",
        "https:example.org",
        "\\\\evil.example/x",
    ] {
        let error = refusal(
            "url-external-bad",
            &[("export.jsonl", &jsonl_with_url(url))],
        );
        assert!(error.contains("export.jsonl:1: "), "{url:?}: {error}");
    }
}

#[test]
fn page_paths_are_encoded_and_one_page_is_one_url() {
    let dir = scratch("url-paths");
    for folder in ["Category:医药", "c#入门", "100%", "javascript:alert(1)"] {
        fs::create_dir_all(dir.join(folder)).unwrap();
        fs::write(
            dir.join(folder).join("index.html"),
            "<html><body><main><h1>标题</h1><p>正文。</p></main></body></html>",
        )
        .unwrap();
    }
    let docs = read_sources(&dir).unwrap();
    let mut found = urls(&docs);
    found.sort();
    assert_eq!(
        found,
        [
            "100%25/",
            "Category%3A%E5%8C%BB%E8%8D%AF/",
            "c%23%E5%85%A5%E9%97%A8/",
            "javascript%3Aalert(1)/"
        ]
    );
    let same_page = [
        r#"{"id": "1", "title": "一", "body": "正文", "url": "/p/"}"#,
        r#"{"id": "2", "title": "二", "body": "正文", "url": "p/index.html"}"#,
    ];
    let error = refusal(
        "url-same",
        &[("export.jsonl", same_page.join("\n").as_bytes())],
    );
    assert!(
        error.contains("two documents have the URL \"p/\""),
        "{error}"
    );
}

#[cfg(unix)]
#[test]
fn links_out_of_the_folder_are_skipped_with_a_warning_unless_allowed() {
    use std::os::unix::fs::symlink;
    let outside = scratch("links-outside-target");
    fs::write(
        outside.join("secret.txt"),
        "秘密\nroot:x:0:0:root:/root:/bin/bash\n",
    )
    .unwrap();
    let dir = scratch("links");
    fs::create_dir_all(dir.join("site")).unwrap();
    let site = dir.join("site");
    fs::write(site.join("good.txt"), "好文章\n正文。\n").unwrap();
    symlink(outside.join("secret.txt"), site.join("passwd.txt")).unwrap();
    symlink("..", site.join("up")).unwrap();
    symlink(site.join("good.txt"), site.join("again.txt")).unwrap();
    symlink(site.join("missing.txt"), site.join("broken.txt")).unwrap();

    let read = read_site(&site, Options::default()).unwrap();
    let ids: Vec<_> = read.documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(
        ids,
        ["again", "good"],
        "a link inside the folder is followed"
    );
    let warnings = read.warnings.join("\n");
    for skipped in ["passwd.txt", "up", "broken.txt"] {
        assert!(
            warnings.contains(&format!("{skipped}: skipped")),
            "{skipped}: {warnings}"
        );
    }
    let allowed = read_site(
        &site,
        Options {
            links_outside: true,
            ..Options::default()
        },
    )
    .map(|read| read.documents.len());
    assert!(
        allowed.as_ref().is_ok_and(|&n| n > 2),
        "the flag follows them: {allowed:?}"
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_or_a_device_is_skipped_not_read() {
    use std::os::unix::fs::symlink;
    let dir = scratch("special");
    fs::write(dir.join("good.txt"), "好文章\n正文。\n").unwrap();
    let fifo = dir.join("pipe.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success(), "mkfifo made {}", fifo.display());
    let links_outside = Options {
        links_outside: true,
        ..Options::default()
    };
    symlink("/dev/zero", dir.join("zero.txt")).unwrap();
    symlink("/dev/zero", dir.join("zero.jsonl")).unwrap();
    let started = Instant::now();
    let read = read_site(&dir, links_outside.clone()).unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "it never hangs"
    );
    let ids: Vec<_> = read.documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["good"]);
    let warnings = read.warnings.join("\n");
    for name in ["pipe.txt", "zero.txt", "zero.jsonl"] {
        assert!(
            warnings.contains(&format!("{name}: skipped: not a regular file")),
            "{name}: {warnings}"
        );
    }
}

#[test]
fn one_size_limit_holds_for_every_kind_of_document() {
    let body = "医".repeat(3 << 20); // 9 MiB of UTF-8
    let record = serde_json::json!({"id": "big", "title": "大", "body": body});
    let error = refusal(
        "big-record",
        &[("export.jsonl", format!("{record}\n").as_bytes())],
    );
    assert!(
        error.contains("export.jsonl:1: this record is more than one document may hold (8 MB)"),
        "{error}"
    );
    let page = format!("# 大\n\n{body}\n");
    let error = refusal("big-md", &[("big.md", page.as_bytes())]);
    assert!(
        error.contains("big.md: 9.0 MB is more than one document may hold (8 MB)"),
        "{error}"
    );
}

#[test]
fn nested_yaml_aliases_are_refused_naming_the_file() {
    let mut yaml = String::from(
        "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
    let mut previous = "a";
    for name in names {
        let refs = vec![format!("*{previous}"); 9].join(",");
        yaml.push_str(&format!("{name}: &{name} [{refs}]\n"));
        previous = name;
    }
    yaml.push_str("---\n# 炸弹\n\n正文。\n");
    let started = Instant::now();
    let error = refusal("yaml-bomb", &[("bomb.md", yaml.as_bytes())]);
    assert!(error.contains("bomb.md: "), "names the file: {error}");
    assert!(error.contains("aliases"), "{error}");
    assert!(started.elapsed() < Duration::from_secs(10));

    // A few aliases, as real front matter uses them, are fine.
    let dir = scratch("yaml-alias-ok");
    fs::write(
        dir.join("ok.md"),
        "---\ntitle: 页\nbase: &tags [医药, 高新]\ntags: *tags\n---\n正文。\n",
    )
    .unwrap();
    let docs = read_sources(&dir).unwrap();
    assert_eq!(docs[0].meta.tags, ["医药", "高新"]);
}

#[test]
fn a_hundred_thousand_tags_in_front_matter_are_read_in_time() {
    // Deduplicated by a linear search, they took 24 s; now a small part of a second (release).
    // The bound is far above that, so that a busy machine does not fail the test.
    let tags: Vec<String> = (0..100_000).map(|i| format!("  - 标签{i}")).collect();
    let page = format!("---\ntitle: 页\ntags:\n{}\n---\n正文。\n", tags.join("\n"));
    let dir = scratch("tags");
    fs::write(dir.join("tags.md"), page).unwrap();
    let started = Instant::now();
    let docs = read_sources(&dir).unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(docs[0].meta.tags.len(), 100_000);
}

#[test]
fn markup_nested_deeper_than_a_browser_builds_is_read_flat_in_time_with_a_warning() {
    let page = |depth: usize| {
        format!(
            "<html><body><main><h1>深</h1>{}正文。{}</main></body></html>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        )
    };
    // A theme's slip, as on a real site: `<div>` written for `</div>` once per item, so that
    // each item opens inside the last; every item's text is on the page a browser shows.
    let items: String = (0..2_000)
        .map(|n| format!("<div class=\"theme\"><p>主题{n}号</p><div>"))
        .collect();
    let dir = scratch("nested-deep");
    fs::write(dir.join("deep.html"), page(100_000)).unwrap();
    fs::write(
        dir.join("themes.html"),
        format!("<main><h1>主题</h1>{items}<script>var x = '<div>';</script></main>"),
    )
    .unwrap();
    let started = Instant::now();
    let read = read_site(&dir, Options::default()).unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    let text = |id: &str| {
        let doc = read.documents.iter().find(|d| d.id == id).unwrap();
        let blocks: Vec<&str> = doc.blocks.iter().map(|b| b.text.as_str()).collect();
        blocks.join("\n")
    };
    assert!(
        text("/deep.html").contains("正文。"),
        "{}",
        text("/deep.html")
    );
    let themes = text("/themes.html");
    for n in [0, 511, 512, 1_999] {
        assert!(themes.contains(&format!("主题{n}号")), "item {n} is kept");
    }
    assert!(
        !themes.contains("var x"),
        "a script past the depth stays code"
    );
    let warnings = read.warnings.join("\n");
    for page in ["deep.html", "themes.html"] {
        assert!(
            warnings.contains(&format!("{page}: nests elements more than 512 deep")),
            "{warnings}"
        );
    }

    // What real pages do: a few hundred levels, and thousands of unclosed paragraphs and items.
    let dir = scratch("nested-ok");
    let unclosed = "<p>段落<li>条目".repeat(5_000);
    fs::write(dir.join("a.html"), page(300)).unwrap();
    fs::write(
        dir.join("b.html"),
        format!("<main><h1>乙</h1>{unclosed}</main>"),
    )
    .unwrap();
    fs::write(
        dir.join("c.html"),
        format!(
            "<main><h1>丙</h1><script>{}</script><p>正文。</main>",
            "'<div>'+".repeat(5_000)
        ),
    )
    .unwrap();
    assert_eq!(read_sources(&dir).unwrap().len(), 3);
}
