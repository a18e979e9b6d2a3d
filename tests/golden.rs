//! Golden queries over the seed corpus: what a reader types, which articles must come back.
#![cfg(not(target_arch = "wasm32"))]

use sousuo::{Notice, SearchOptions, SearchResults};

const D000: &str = "000_667db0e961eb6a34";
const D001: &str = "001_9fc454ccbfdced76";
const D002: &str = "002_344b9f47fa857f28";
const D003: &str = "003_0333753cb3ef4b84";
const D004: &str = "004_5b3b55316f9678e7";

fn run(query: &str) -> SearchResults {
    sousuo::search(
        sousuo::embedded_index().unwrap(),
        query,
        &SearchOptions {
            limit: 100,
            offset: 0,
            ..SearchOptions::default()
        },
    )
    .unwrap()
}

fn ids(query: &str) -> Vec<String> {
    let mut ids: Vec<String> = run(query).hits.into_iter().map(|h| h.id).collect();
    ids.sort();
    ids
}

fn assert_finds(query: &str, expected: &[&str]) {
    assert_eq!(ids(query), expected, "query {query:?}");
}

#[test]
fn names_companies_numbers_and_dates_are_found() {
    assert_finds("迈博太科", &[D001]);
    assert_finds("邁博太科藥業", &[D001]);
    assert_finds("张小兵", &[D004]);
    assert_finds("小兵", &[D004]);
    assert_finds("朱浩民", &[D000]);
    assert_finds("叶冬华", &[D003]);
    assert_finds("葉冬華", &[D003]);
    assert_finds("5.2亿元", &[D002]);
    assert_finds("5.2億元", &[D002]);
    assert_finds("9月24日", &[D001]);
    assert_finds("1998年7月", &[D002]);
    assert_finds("江苏博生医用新材料股份有限公司", &[D002]);
}

#[test]
fn script_does_not_matter() {
    assert_finds("中國醫藥城", &[D001, D003]);
    assert_finds("中国医药城", &[D001, D003]);
    assert_finds("中國医药城", &[D001, D003]);
    assert_finds("姜冬冬", &[D000, D001, D002, D003]);
    assert_finds("医药高新区", &[D000, D001, D003, D004]);
    assert_finds("醫藥高新區", &[D000, D001, D003, D004]);
}

#[test]
fn width_and_case_do_not_matter() {
    assert_finds("ＡＩ", &[D003]);
    assert_finds("ai赋能", &[D003]);
    assert_finds("AI賦能", &[D003]);
    assert_finds("５.２亿元", &[D002]);
    assert_finds("中國醫藥城\u{3000}泰州", &[D001, D003]);
}

#[test]
fn operators_require_exclude_and_quote() {
    assert_finds("\"四到四办\"", &[D000]);
    assert_finds("“四到四辦”", &[D000]);
    assert_finds("醫藥 泰興", &[D000]);
    assert_finds("医药 -泰兴", &[D001, D002, D003, D004]);
    assert_finds("姜冬冬 -興化 -叶冬华", &[D000, D001]);
    // The one article with 迈博太科 is excluded: what is left has part of the query, says so,
    // and never the excluded article.
    let results = run("泰州 迈博太科 -中國醫藥城");
    assert!(results.partial && !results.hits.is_empty());
    for hit in &results.hits {
        assert_ne!(hit.id, D001);
        assert_eq!(hit.missing, ["迈博太科"], "{}", hit.id);
    }
    // Whitespace inside quotes stands for a separator in the text, never for a letter.
    assert_finds("\"大健康 高端装备\"", &[D003]);
    assert_finds("\"医药 城\"", &[]);
    assert_finds("\"高新区 高港区\"", &[D000, D003]);
}

#[test]
fn boilerplate_finds_nothing() {
    for query in [
        "举报",
        "油价",
        "运载火箭",
        "使用道具",
        "Discuz",
        "金牌会员",
        "免责声明",
        "版权",
    ] {
        assert_finds(query, &[]);
    }
    // A forum's name (泰兴比比) left out with its pages' boilerplate: the articles that name the
    // place are a partial answer, each saying what it lacks.
    let results = run("泰兴比比");
    assert!(results.partial && !results.hits.is_empty());
    for hit in &results.hits {
        assert_eq!(hit.missing, ["比比"], "{}", hit.id);
    }
}

#[test]
fn queries_with_nothing_to_look_for_say_so() {
    for query in ["", "   ", "\u{3000}"] {
        let results = run(query);
        assert_eq!((results.total, results.hits.len()), (0, 0));
    }
    let results = run("-泰州");
    assert_eq!(results.total, 0);
    assert_eq!(results.notices, [Notice::OnlyExcluded]);
    let long = "医".repeat(sousuo::MAX_QUERY_CHARS + 10);
    let results = run(&long);
    assert_eq!(results.query.chars().count(), sousuo::MAX_QUERY_CHARS);
    assert_eq!(
        results.notices,
        [Notice::QueryCut {
            kept: sousuo::MAX_QUERY_CHARS
        }]
    );
}

#[test]
fn ranking_puts_title_matches_first_and_never_shuffles() {
    // 002's title is about the service team's meeting; the others only mention 服务团队 in passing.
    let results = run("产业链服务团队");
    assert_eq!(results.hits[0].id, D002);
    let first: Vec<(String, f32)> = run("医药")
        .hits
        .into_iter()
        .map(|h| (h.id, h.score))
        .collect();
    for _ in 0..3 {
        let again: Vec<(String, f32)> = run("医药")
            .hits
            .into_iter()
            .map(|h| (h.id, h.score))
            .collect();
        assert_eq!(first, again);
    }
    assert!(first
        .windows(2)
        .all(|w| w[0].1 > w[1].1 || (w[0].1 == w[1].1 && w[0].0 < w[1].0)));
}

#[test]
fn paging_walks_through_all_results() {
    let all: Vec<String> = run("泰州").hits.into_iter().map(|h| h.id).collect();
    let index = sousuo::embedded_index().unwrap();
    let mut paged = Vec::new();
    for offset in (0..all.len()).step_by(2) {
        let page = sousuo::search(
            index,
            "泰州",
            &SearchOptions {
                limit: 2,
                offset,
                ..SearchOptions::default()
            },
        )
        .unwrap();
        assert_eq!(page.total, all.len());
        paged.extend(page.hits.into_iter().map(|h| h.id));
    }
    assert_eq!(paged, all);
    assert!(sousuo::search(
        index,
        "泰州",
        &SearchOptions {
            limit: 0,
            offset: 0,
            ..SearchOptions::default()
        }
    )
    .is_err());
}

#[test]
fn snippets_highlight_the_match_in_the_documents_own_script() {
    let hit = &run("张小兵").hits[0];
    let marked: Vec<&str> = hit
        .snippet
        .iter()
        .filter(|s| s.highlight)
        .map(|s| s.text.as_str())
        .collect();
    assert_eq!(marked, ["張小兵"]);
    let hit = &run("医药高新区")
        .hits
        .into_iter()
        .find(|h| h.id == D001)
        .unwrap();
    assert!(hit
        .title_segments
        .iter()
        .any(|s| s.highlight && s.text == "醫藥高新區"));
    let hit = &run("迈博太科").hits[0];
    assert!(hit
        .snippet
        .iter()
        .any(|s| s.highlight && s.text == "邁博太科"));
}

#[test]
fn articles_render_whole_with_every_match_highlighted() {
    let index = sousuo::embedded_index().unwrap();
    let article = sousuo::article(index, D004, Some("张小兵")).unwrap();
    let document = index.document(index.find_document(D004).unwrap()).unwrap();
    let text: Vec<String> = article
        .paragraphs
        .iter()
        .map(|p| p.iter().map(|s| s.text.as_str()).collect())
        .collect();
    assert_eq!(text.join("\n"), document.body);
    let marks: Vec<&str> = article
        .paragraphs
        .iter()
        .flatten()
        .filter(|s| s.highlight)
        .map(|s| s.text.as_str())
        .collect();
    assert_eq!(marks, ["張小兵", "張小兵"]);
    assert_eq!(article.matches, 2);

    let plain = sousuo::article(index, D001, None).unwrap();
    assert_eq!(plain.matches, 0);
    assert!(plain.paragraphs.iter().flatten().all(|s| !s.highlight));

    let missing = sousuo::article(index, "no-such-article", None).unwrap_err();
    assert!(missing.to_string().contains("no-such-article"));
}

#[test]
fn word_boundaries_tell_a_whole_word_from_part_of_one() {
    let index = sousuo::embedded_index().unwrap();
    let doc = index.document(index.find_document(D004).unwrap()).unwrap();
    let at = |text: &str| doc.title[..doc.title.find(text).unwrap()].chars().count() as u32;
    // 近日,泰州經濟開發區…: 泰州 and 經濟 are words; 州經 straddles two. The postings say so:
    // where a word starts, and whether one starts where the character ends.
    let flags = |c: &str, position: u32| {
        let list = index.postings(c).unwrap().unwrap();
        list.find(doc.doc).unwrap().flags_at(position)
    };
    let (start, end) = (
        sousuo_format::postings::FLAG_START,
        sousuo_format::postings::FLAG_END,
    );
    let whole = |first: &str, last: &str, at: u32| {
        flags(first, at) & start != 0 && flags(last, at + 1) & end != 0
    };
    assert!(whole("泰", "州", at("泰州")));
    assert!(whole("经", "济", at("經濟")));
    assert!(!whole("州", "经", at("州經")));

    // A match inside a longer word counts less: with inside matches worth nothing, 生物 (always
    // inside 生物醫藥… or 生物基… in 003) scores lower than by default.
    let score = |settings: &sousuo::RankSettings| {
        sousuo::search_with(index, "生物", &SearchOptions::default(), settings)
            .unwrap()
            .hits
            .into_iter()
            .map(|hit| (hit.id, hit.score))
            .collect::<Vec<_>>()
    };
    let default = score(&sousuo::RankSettings::default());
    let whole_only = score(&sousuo::RankSettings {
        inside_word_weight: 0.0,
        ..Default::default()
    });
    assert_eq!(default.len(), whole_only.len());
    assert!(default
        .iter()
        .any(|(id, s)| whole_only.iter().any(|(other, t)| other == id && t < s)));
}

#[test]
fn did_you_mean_fixes_homophones_first_then_a_character_missing_replaced_or_one_too_many() {
    // As typed: a mending beyond doubt would otherwise be searched in its place.
    let offered = |query: &str| {
        let verbatim = SearchOptions {
            verbatim: true,
            ..SearchOptions::default()
        };
        let results = sousuo::search(sousuo::embedded_index().unwrap(), query, &verbatim).unwrap();
        assert!(
            results.total == 0 || results.partial,
            "{query:?} finds nothing whole as typed"
        );
        results.suggestions
    };
    // A homophone typed for one character: the text the corpus has, in the script typed.
    assert_eq!(offered("朱浩明")[0], "朱浩民");
    assert_eq!(offered("張小冰")[0], "張小兵");
    // A character left out: the corpus's text with it, before any shorter one.
    assert_eq!(offered("张兵")[0], "张小兵");
    assert_eq!(offered("迈博科")[0], "迈博太科");
    assert_eq!(offered("邁博科")[0], "邁博太科");
    // A character typed twice.
    assert_eq!(offered("迈博博太科")[0], "迈博太科");
    // Two homophones at once (衣 for 医, 心 for 新): the text that reads the same, in the
    // script typed.
    assert_eq!(offered("衣药高心区")[0], "医药高新区");
    assert_eq!(offered("衣藥高心區")[0], "醫藥高新區");
    // Mended whole, though its words alone (医药 is found) would leave only 心曲 to mend.
    assert_eq!(offered("医药高心曲")[0], "医药高新区");
    // Any one character replaced, in a text long enough to say where: before the text with
    // that character dropped, which is nearly always found.
    assert_eq!(offered("迈博太学")[..2], ["迈博太科", "迈博太"]);
    assert_eq!(offered("钉钉子精炼")[0], "钉钉子精神");
    // Every offer is found as it is offered.
    for query in [
        "张兵",
        "迈博科",
        "迈博博太科",
        "朱浩明",
        "衣药高心区",
        "迈博太学",
    ] {
        for offer in offered(query) {
            assert!(
                run(&offer).total > 0,
                "{query:?} offered {offer:?}, which finds nothing"
            );
        }
    }
}

/// Pinyin as a reader types it into the box, letter by letter: a name by halves, syllables and
/// initials mixed, and a last syllable not typed out yet, which must not lose the article
/// between `zhangxiao` and `zhangxiaobing`.
#[test]
fn pinyin_mixed_with_initials_or_cut_short_still_finds_the_name() {
    let 张小兵 = ids("张小兵");
    for typed in ["zhangxiaob", "zhangxiaobi", "zhangxiaobin", "zhangxiaobing"] {
        assert_eq!(ids(typed), 张小兵, "query {typed:?}");
        let readings = run(typed).pinyin;
        assert!(
            readings
                .iter()
                .any(|r| r.words.iter().any(|w| w == "张小兵")),
            "{typed:?} reads as {readings:?}"
        );
    }
    // A last syllable cut short after a whole one is completed (zhang·xi…, zhang·xiao, …), not
    // read as an initial, which would lose the syllable before it.
    for typed in ["zhangx", "zhangxia", "zhangxb", "zxbing"] {
        assert_eq!(run(typed).hits[0].id, D004, "query {typed:?}");
    }
    let 姜冬冬 = ids("姜冬冬");
    for typed in ["jiangdongd", "jiangdongdo", "jiangdd"] {
        assert_eq!(ids(typed), 姜冬冬, "query {typed:?}");
    }
}
