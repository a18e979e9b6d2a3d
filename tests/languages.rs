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
