//! English inside Chinese documentation: commands, flags and names from code, typed as a reader
//! copies them from a page, find that page, and are never read as pinyin.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use sousuo::Index;
use sousuo::{SearchOptions, SearchResults};
use std::sync::OnceLock;
use support::indexer::index_once;

const PAGES: &[(&str, &str)] = &[
    (
        "new-project.txt",
        "创建新项目\n运行 cargo new hello_world 创建一个新项目。cargo new 会生成 Cargo.toml 和 src/main.rs，然后用 cargo run 编译并运行它。",
    ),
    (
        "testing.txt",
        "编写测试\n测试函数用 #[test] 标注，运行 cargo test 执行全部测试。失败的测试会打印原因。",
    ),
    (
        "install.txt",
        "安装命令行工具\n先装好 Node.js，再运行 npm install -g hexo-cli 全局安装，然后用 hexo init blog 新建博客。",
    ),
    (
        "local-install.txt",
        "本地安装\n在项目目录里运行 npm install hexo --save，依赖会写进 package.json。",
    ),
    (
        "props.txt",
        "组件的属性\n在单文件组件里用 defineProps 声明属性，父组件通过属性给子组件传数据。",
    ),
    (
        "config.txt",
        "配置\n把 post_asset_folder 设为 true，文章的图片放进同名文件夹。出错时 app.config.errorHandler 会收到错误。用 Vec::new 创建空向量，表单用 v-model 绑定。",
    ),
    // Words whose pinyin a reading of letters across spaces could reach (喜爱, 如果, 偶尔, 额外,
    // 参考, 新闻): a command must not find this page.
    (
        "essay.txt",
        "随笔\n我喜爱读书，如果有空，偶尔也写些额外的笔记作为参考，读读新闻。",
    ),
];

fn index() -> &'static Index<'static> {
    static INDEX: OnceLock<Index<'static>> = OnceLock::new();
    index_once(&INDEX, "commands", PAGES)
}

fn search(query: &str) -> SearchResults {
    sousuo::search(index(), query, &SearchOptions::default()).unwrap()
}

fn ids(query: &str) -> Vec<String> {
    search(query).hits.into_iter().map(|hit| hit.id).collect()
}

#[test]
fn two_english_words_of_the_index_are_those_words_never_pinyin() {
    for (query, page) in [
        ("cargo new", "new-project"),
        ("cargo test", "testing"),
        ("Cargo New", "new-project"),
        ("hexo init", "install"),
    ] {
        let results = search(query);
        assert_eq!(
            results.hits.first().map(|hit| hit.id.as_str()),
            Some(page),
            "{query:?}"
        );
        assert!(
            results.pinyin.is_empty(),
            "{query:?} read as pinyin: {:?}",
            results.pinyin
        );
        assert!(!ids(query).contains(&"essay".to_string()), "{query:?}");
    }
}

#[test]
fn two_english_words_find_every_page_with_both() {
    let mut found = ids("npm install");
    found.sort();
    assert_eq!(found, ["install", "local-install"]);
}

#[test]
fn a_name_in_camel_case_is_that_name() {
    let results = search("defineProps");
    assert_eq!(ids("defineProps"), ["props"]);
    assert!(results.pinyin.is_empty());
}

#[test]
fn names_from_code_are_found_whole_and_by_their_parts() {
    for query in [
        "post_asset_folder",
        "asset",
        "app.config.errorHandler",
        "errorHandler",
        "errorhandler",
        "handler",
        "Vec::new",
        "v-model",
        "model",
    ] {
        assert_eq!(ids(query), ["config"], "{query:?}");
    }
}

#[test]
fn a_flag_copied_with_its_command_finds_the_page_and_a_dashed_word_still_excludes() {
    assert_eq!(ids("npm install -g hexo-cli"), ["install"]);
    assert_eq!(ids("npm install --save"), ["local-install"]);
    // A word after the dash excludes, in English as in Chinese.
    assert_eq!(ids("npm -hexo-cli"), ["local-install"]);
    assert_eq!(ids("安装 -全局"), ["local-install"]);
}

#[test]
fn pinyin_is_still_read_where_the_letters_are_no_word_of_the_index() {
    let results = search("xiai");
    assert_eq!(ids("xiai"), ["essay"]);
    assert!(!results.pinyin.is_empty());
    assert_eq!(ids("ou er"), ["essay"]);
}

#[test]
fn the_last_word_is_found_while_it_is_being_typed() {
    for (query, page) in [
        ("cargo ne", "new-project"),
        ("defineProp", "props"),
        ("errorHand", "config"),
        ("hexo-c", "install"),
    ] {
        assert_eq!(ids(query), [page], "{query:?}");
    }
}
