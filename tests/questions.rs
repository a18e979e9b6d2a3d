//! Questions, as readers ask them, over Wikipedia paragraphs (tests/corpora/questions/): each
//! must find its own paragraph near the top, whatever words it shares with the others, and a
//! name the dictionary does not know must still find its paragraph.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use sousuo::Index;
use sousuo::{SearchOptions, SearchResults};
use std::sync::OnceLock;
use support::indexer::index_once;

const CORPUS: &str = include_str!("corpora/questions/paragraphs.jsonl");
const QUESTIONS: &str = include_str!("corpora/questions/questions.tsv");

fn index() -> &'static Index<'static> {
    static INDEX: OnceLock<Index<'static>> = OnceLock::new();
    index_once(&INDEX, "questions", &[("paragraphs.jsonl", CORPUS)])
}

fn ask(question: &str) -> SearchResults {
    sousuo::search(index(), question, &SearchOptions::default()).unwrap()
}

fn ids(results: &SearchResults) -> Vec<&str> {
    results.hits.iter().map(|hit| hit.id.as_str()).collect()
}

/// (question, its paragraph)
fn questions() -> Vec<(&'static str, &'static str)> {
    QUESTIONS
        .lines()
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            (fields[1], fields[2])
        })
        .collect()
}

#[test]
fn every_question_finds_its_paragraph_among_the_first_three() {
    let mut misses = Vec::new();
    for (question, paragraph) in questions() {
        let results = ask(question);
        assert!(!results.hits.is_empty(), "{question:?} found nothing");
        if !ids(&results).iter().take(3).any(|id| *id == paragraph) {
            misses.push(format!(
                "{question:?}: {paragraph} not in {:?}",
                ids(&results)
            ));
        }
    }
    assert!(misses.is_empty(), "{}", misses.join("\n"));
}

#[test]
fn a_question_mark_or_a_comma_is_never_looked_for() {
    for (question, _) in questions().into_iter().take(12) {
        let bare = question.trim_end_matches(['？', '?']);
        assert_eq!(ids(&ask(question)), ids(&ask(bare)), "{question:?}");
    }
    assert_eq!(
        ids(&ask("白尾雀鲷，属于什么科目？")),
        ids(&ask("白尾雀鲷 属于什么科目"))
    );
}

#[test]
fn a_name_the_dictionary_does_not_know_finds_its_paragraph_first() {
    for (question, paragraph) in [
        ("白尾雀鲷属于什么科目？", "cmrc-dev-0160"),
        ("坡鹿又叫什么？", "cmrc-dev-0060"),
        ("阿阇黎的意译是什么？", "cmrc-dev-0310"),
    ] {
        let results = ask(question);
        assert_eq!(ids(&results).first(), Some(&paragraph), "{question:?}");
        // No paragraph holds the whole question: the answer says so, and what each hit lacks.
        assert!(results.partial, "{question:?}");
        for hit in &results.hits[1..] {
            assert!(
                !hit.missing.is_empty(),
                "{question:?}: {} lacks nothing",
                hit.id
            );
        }
    }
}

#[test]
fn a_subject_cut_wrong_or_glued_to_its_particles_still_puts_its_paragraph_first() {
    // The vocabulary reads 指的 + 的是 and 前赵的 as words: on words alone, paragraphs that share
    // those (馬祖列島) come first. Every character and pair counts too.
    let cases = [
        ("無軌電車指的是甚麼?", "drcd-6374-01"),
        ("前趙的北地郡指的是哪一州?", "drcd-6478-15"),
        ("「福爾摩沙」所代表的意義是?", "drcd-6171-03"),
        ("李小龍是哪一個地區的藝人?", "drcd-6451-02"),
    ];
    let first = |settings: &sousuo::RankSettings| {
        (cases.iter())
            .filter(|(question, paragraph)| {
                let options = SearchOptions::default();
                let results = sousuo::search_with(index(), question, &options, settings).unwrap();
                ids(&results).first() == Some(paragraph)
            })
            .count()
    };
    assert_eq!(first(&sousuo::RankSettings::default()), cases.len());
    let words_alone = sousuo::RankSettings {
        gram_weight: 0.0,
        ..Default::default()
    };
    assert!(first(&words_alone) < cases.len());
}

#[test]
fn a_question_is_answered_whole_by_a_page_with_all_its_words_but_its_own() {
    // 什么是 asks; 索莫尼 is what is asked about. Its paragraph holds the whole question.
    let results = ask("什么是索莫尼？");
    assert_eq!(ids(&results).first(), Some(&"cmrc-dev-0514"));
    assert!(!results.partial);
    assert!(results.hits[0].missing.is_empty(), "{:?}", results.hits[0]);
    // The question's own words are scored where they are, never required: a page that says
    // 什么是 and not 索莫尼 is no answer.
    assert!(
        results
            .hits
            .iter()
            .all(|hit| hit.missing.is_empty()
                || !hit.missing.iter().any(|word| word.contains("什么")))
    );
}

#[test]
fn a_question_in_the_other_script_finds_the_same_paragraphs() {
    assert_eq!(ids(&ask("坡鹿又叫什麼？")), ids(&ask("坡鹿又叫什么？")));
    assert_eq!(
        ids(&ask("白尾雀鯛屬於什麼科目？")),
        ids(&ask("白尾雀鲷属于什么科目？"))
    );
}

/// A few pages of a documentation site, as a reader asks of one.
fn docs_site() -> &'static Index<'static> {
    static INDEX: OnceLock<Index<'static>> = OnceLock::new();
    index_once(
        &INDEX,
        "questions-docs",
        &[
            (
                "install.md",
                "# 安装\n\n第一步是安装 Rust。在 Linux 或 macOS 上安装 rustup，再用它安装 Rust 编译器。\n",
            ),
            (
                "preface.md",
                "# 前言\n\n本书介绍如何安装 Rust，如何编写程序，以及如何阅读本书。\n",
            ),
            (
                "files.md",
                "# 读取文件\n\n用 fs::read_to_string 读取文件的内容。\n",
            ),
            // A chapter's lead-in lists its sections by their titles; a section is its own page.
            (
                "advanced.md",
                "# 高级特征\n\n高级 trait：高级 trait 的关联类型，高级 trait 的默认参数，高级 trait 的完全限定语法。\n",
            ),
            (
                "advanced-traits.md",
                "# 高级 trait\n\n关联类型（associated types）是一个将类型占位符与 trait 相关联的方式，这样 trait 的方法签名中就可以使用这些占位符类型。实现者会针对特定的实现在这个占位符类型指定相应的具体类型。如此可以定义一个使用多种类型的 trait，直到实现此 trait 时都无需知道这些类型具体是什么。本章所描述的大部分高级特征都很少需要。\n",
            ),
            // As on any docs site, most pages say 如何 somewhere.
            (
                "errors.md",
                "# 错误处理\n\n本章讲如何处理错误，以及如何把错误传给调用者。\n",
            ),
            (
                "tests.md",
                "# 编写测试\n\n本章讲如何编写测试，如何运行测试。\n",
            ),
            (
                "modules.md",
                "# 模块\n\n如何把代码拆分到多个模块，如何控制可见性。\n",
            ),
            (
                "spring.md",
                "# 春晓\n\n春眠不觉晓，处处闻啼鸟。夜来风雨声，花落知多少。\n",
            ),
            (
                "flowers.md",
                "# 花落\n\n花落的时候，谁知道有多少花瓣。\n",
            ),
        ],
    )
}

fn ask_docs(query: &str) -> Vec<String> {
    let results = sousuo::search(docs_site(), query, &SearchOptions::default()).unwrap();
    results.hits.into_iter().map(|hit| hit.id).collect()
}

#[test]
fn a_question_word_never_keeps_the_page_that_answers_out() {
    // The preface says 如何安装 Rust word for word; the page about installing it answers.
    let hits = ask_docs("如何安装 Rust");
    assert_eq!(
        hits.first().map(String::as_str),
        Some("/install/"),
        "{hits:?}"
    );
    assert!(hits.iter().any(|id| id == "/preface/"), "{hits:?}");
    let hits = ask_docs("怎么读取文件");
    assert_eq!(
        hits.first().map(String::as_str),
        Some("/files/"),
        "{hits:?}"
    );
}

#[test]
fn a_line_of_verse_with_a_question_in_it_is_looked_for_as_typed() {
    assert_eq!(ask_docs("花落知多少"), ["/spring/"]);
}

#[test]
fn a_page_whose_title_is_the_query_comes_before_the_pages_that_list_it() {
    let hits = ask_docs("高级 trait");
    assert_eq!(
        hits.first().map(String::as_str),
        Some("/advanced-traits/"),
        "{hits:?}"
    );
    assert!(hits.iter().any(|id| id == "/advanced/"), "{hits:?}");
}
