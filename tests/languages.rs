//! A site in several languages is searched one language at a time: each page is filtered by
//! its `<html lang>` (the `language` filter), which the widget sets to its page's language.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use sousuo::{Index, SearchOptions};
use std::sync::OnceLock;
use support::indexer::{index_of_files, index_once};

fn page(lang: &str, title: &str, text: &str) -> String {
    format!(
        "<!doctype html><html lang=\"{lang}\"><head><title>{title}</title></head>\
         <body><main><h1>{title}</h1><p>{text}</p></main></body></html>"
    )
}

fn index() -> &'static Index<'static> {
    static INDEX: OnceLock<Index<'static>> = OnceLock::new();
    let pages: &'static [(String, String)] = Box::leak(Box::new([
        (
            "zh-cn/install.html".to_string(),
            page(
                "zh-CN",
                "安装",
                "运行 npm install -g hexo-cli 安装命令行工具。",
            ),
        ),
        (
            "zh-tw/install.html".to_string(),
            page(
                "zh-TW",
                "安裝",
                "執行 npm install -g hexo-cli 安裝命令列工具。",
            ),
        ),
        (
            "en/install.html".to_string(),
            page(
                "en",
                "Installation",
                "Run npm install -g hexo-cli to install the command.",
            ),
        ),
        // No lang: the site's commonest.
        (
            "zh-cn/faq.html".to_string(),
            page("zh-CN", "常见问题", "npm install 失败时先检查网络。"),
        ),
        (
            "zh-cn/deploy.html".to_string(),
            page("", "部署", "部署前先运行 npm install。"),
        ),
    ]));
    let files: &'static [(&'static str, &'static str)] = Box::leak(
        pages
            .iter()
            .map(|(path, html)| (path.as_str(), html.as_str()))
            .collect::<Vec<_>>()
            .into_boxed_slice(),
    );
    index_once(&INDEX, "languages", files)
}

fn ids_in(language: Option<&str>, query: &str) -> Vec<String> {
    let options = SearchOptions {
        filters: language
            .map(|l| vec![("language".to_string(), vec![l.to_string()])])
            .unwrap_or_default(),
        ..SearchOptions::default()
    };
    let mut ids: Vec<String> = sousuo::search(index(), query, &options)
        .unwrap()
        .hits
        .into_iter()
        .map(|hit| hit.id)
        .collect();
    ids.sort();
    ids
}

#[test]
fn each_language_is_searched_on_its_own_and_all_of_them_together() {
    let every = ids_in(None, "npm install");
    assert_eq!(every.len(), 5);
    assert_eq!(
        ids_in(Some("zh-cn"), "npm install"),
        [
            "/zh-cn/deploy.html",
            "/zh-cn/faq.html",
            "/zh-cn/install.html"
        ],
        "a page without lang is in the site's commonest language"
    );
    assert_eq!(
        ids_in(Some("zh-tw"), "npm install"),
        ["/zh-tw/install.html"]
    );
    assert_eq!(ids_in(Some("en"), "npm install"), ["/en/install.html"]);
    // The languages are counted as any filter is, for the widget to choose among them.
    let empty = sousuo::search(index(), "", &SearchOptions::default()).unwrap();
    let json = sousuo::json::to_json(&empty.filters).unwrap();
    for language in ["\"zh-cn\":3", "\"zh-tw\":1", "\"en\":1"] {
        assert!(json.contains(language), "{json}");
    }
}

#[test]
fn a_site_in_one_language_has_no_language_filter() {
    let bytes = index_of_files(
        "one-language",
        &[
            ("a.html", &page("zh-CN", "安装", "运行 npm install。")),
            ("b.html", &page("zh-CN", "部署", "运行 npm run build。")),
        ],
    );
    let index = Index::from_bytes(&bytes).unwrap();
    let empty = sousuo::search(&index, "", &SearchOptions::default()).unwrap();
    let json = sousuo::json::to_json(&empty.filters).unwrap();
    assert!(!json.contains("language"), "{json}");
}

/// A site on the mainland and one in Taiwan write different words for one thing (线程, 執行緒):
/// each reader types their own.
fn regional_site() -> &'static Index<'static> {
    static INDEX: OnceLock<Index<'static>> = OnceLock::new();
    index_once(
        &INDEX,
        "regional",
        &[
            (
                "threads.md",
                "# 并发\n\n用线程同时运行多段代码。多线程程序要小心共享的数据。\n",
            ),
            (
                "files.md",
                "# 读取文件\n\n用 fs::read_to_string 读取整个文件。\n",
            ),
            ("loops.md", "# 迴圈\n\n用 for 迴圈走過每個元素。\n"),
        ],
    )
}

fn highlighted(query: &str) -> Vec<(String, Vec<String>)> {
    support::indexer::highlighted(regional_site(), query)
}

#[test]
fn a_word_of_taiwan_finds_the_mainlands_word_and_the_other_way_round() {
    // Highlighted in the page's own words.
    assert_eq!(
        highlighted("執行緒"),
        [(
            "/threads/".to_string(),
            vec!["线程".to_string(), "线程".to_string()]
        )]
    );
    assert_eq!(highlighted("多執行緒")[0].1, ["多线程"]);
    assert_eq!(highlighted("讀取檔案")[0].0, "/files/");
    assert_eq!(highlighted("循环")[0].1, ["迴圈", "迴圈"]);
    // Its words apart, in a question, and beside a word of its own.
    assert_eq!(highlighted("如何 共享 執行緒")[0].0, "/threads/");
    assert_eq!(highlighted("執行緒 代码")[0].0, "/threads/");
}

#[test]
fn a_word_the_site_has_is_found_in_its_own_words_and_a_quoted_one_only_in_them() {
    // 文件 is also Taiwan's word for a document (文档): a site that has 文件 finds it as such.
    assert_eq!(highlighted("文件")[0].1, ["文件", "文件"]);
    assert!(highlighted("\"執行緒\"").is_empty());
}

#[test]
fn the_empty_box_offers_words_from_the_titles_of_its_own_language() {
    let titles = |language: &str| -> Vec<&str> {
        match language {
            "zh-cn" => vec!["安装", "常见问题", "部署"],
            "zh-tw" => vec!["安裝"],
            _ => vec!["Installation"],
        }
    };
    for language in ["zh-CN", "zh_tw", "en"] {
        let examples = sousuo::examples(index(), 10, Some(language)).unwrap();
        let own = titles(&language.replace('_', "-").to_lowercase());
        for example in &examples {
            assert!(
                own.iter().any(|title| title.contains(example.as_str())),
                "{language}: {example}"
            );
        }
    }
    assert!(!sousuo::examples(index(), 10, Some("zh-tw"))
        .unwrap()
        .is_empty());
    // Every language's, taking turns, when none is asked for.
    let all = sousuo::examples(index(), 10, None).unwrap();
    assert!(
        all.contains(&"安裝".to_string()) && all.len() >= 2,
        "{all:?}"
    );
}

#[test]
fn a_word_missing_from_the_language_searched_is_read_in_the_other_regions_words() {
    static INDEX: OnceLock<Index<'static>> = OnceLock::new();
    let pages: &'static [(String, String)] = Box::leak(Box::new([
        (
            "zh-cn/threads.html".to_string(),
            page("zh-CN", "并发", "用线程同时运行多段代码。"),
        ),
        (
            "zh-tw/threads.html".to_string(),
            page("zh-TW", "並行", "用執行緒同時執行多段程式碼。"),
        ),
    ]));
    let files: Vec<(&'static str, &'static str)> = (pages.iter())
        .map(|(path, html)| (path.as_str(), html.as_str()))
        .collect();
    let index = index_once(
        &INDEX,
        "regional-languages",
        Box::leak(files.into_boxed_slice()),
    );
    let found = |language: Option<&str>, query: &str| -> Vec<String> {
        let options = SearchOptions {
            filters: (language.into_iter())
                .map(|l| ("language".to_string(), vec![l.to_string()]))
                .collect(),
            ..SearchOptions::default()
        };
        let results = sousuo::search(index, query, &options).unwrap();
        results.hits.into_iter().map(|hit| hit.id).collect()
    };
    // Each side's own words where its pages have them.
    assert_eq!(found(None, "线程"), ["/zh-cn/threads.html"]);
    assert_eq!(found(Some("zh-cn"), "執行緒"), ["/zh-cn/threads.html"]);
    // The mainland's word on the Taiwan pages, which have only their own.
    assert_eq!(found(Some("zh-tw"), "线程"), ["/zh-tw/threads.html"]);
}
