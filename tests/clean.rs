//! Cleaning over the real seed corpus: pinyin artifacts, boilerplate, bylines, titles.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::path::PathBuf;
use support::{clean, full_normalizer, is_reading};

fn clean_text(text: &str) -> Result<(clean::Article, clean::CleanReport), String> {
    let normalizer = full_normalizer();
    clean::clean_article(text, &is_reading, &|t: &str| normalizer.normalize(t))
}

fn seed(stem: &str) -> (clean::Article, clean::CleanReport) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("seeds")
        .join(format!("{stem}.txt"));
    clean_text(&std::fs::read_to_string(path).unwrap()).unwrap()
}

const SEEDS: [&str; 5] = [
    "000_667db0e961eb6a34",
    "001_9fc454ccbfdced76",
    "002_344b9f47fa857f28",
    "003_0333753cb3ef4b84",
    "004_5b3b55316f9678e7",
];

#[test]
fn every_pinyin_artifact_of_the_seeds_is_stripped() {
    let total: usize = SEEDS.iter().map(|s| seed(s).1.readings_stripped).sum();
    // 959 readings after their characters, and 6 whose characters were lost to a `?`.
    assert_eq!(total, 959 + 6);
    for stem in SEEDS {
        let article = seed(stem).0;
        let text = format!("{}\n{}", article.title, article.body);
        let chars: Vec<char> = text.chars().collect();
        for (i, w) in chars.windows(3).enumerate() {
            if (w[1] == '(' || w[0] == '?') && w[2].is_ascii_lowercase() {
                let rest: String = chars[i..(i + 10).min(chars.len())].iter().collect();
                panic!("{stem}: a reading survived at {rest:?}");
            }
        }
    }
}

#[test]
fn legitimate_parentheses_survive() {
    let body = seed("000_667db0e961eb6a34").0.body;
    assert!(body.contains("醫藥高新區(高港區)生物醫藥產業園區"));
    let body = seed("001_9fc454ccbfdced76").0.body;
    assert!(body.contains("蜂巢蔚領動力科技(江蘇)有限公司"));
    assert!(body.contains("瑞可達(泰州)電子科技"));
    let body = seed("003_0333753cb3ef4b84").0.body;
    assert!(body.contains("医药高新区(高港区)"));
}

#[test]
fn a_reading_that_does_not_belong_to_its_character_stays() {
    let (text, stripped) = clean::strip_pinyin_readings("醫(yī)藥(chǎn)和(he)", &is_reading);
    assert_eq!(text, "醫藥(chǎn)和");
    assert_eq!(stripped, 2);
    let (text, stripped) =
        clean::strip_pinyin_readings("勇挑重?fù)?dān)、真抓。為什麼?(why)", &is_reading);
    assert_eq!(text, "勇挑重、真抓。為什麼?(why)");
    assert_eq!(stripped, 2);
}

#[test]
fn boilerplate_is_cut_and_bylines_are_kept() {
    let (a000, r000) = seed("000_667db0e961eb6a34");
    assert!(
        !a000.body.contains("油價") && !a000.body.contains("運載火箭"),
        "related headlines"
    );
    assert!(
        a000.body.ends_with("審核:戈俊巍"),
        "{:?}",
        a000.body.chars().rev().take(20).collect::<String>()
    );
    assert!(a000.body.contains("記者:朱浩民"));
    assert_eq!(r000.boilerplate_lines, 6);

    let a003 = seed("003_0333753cb3ef4b84").0;
    for chrome in [
        "举报",
        "回复",
        "Discuz",
        "积分",
        "金牌会员",
        "来自安卓客户端",
        "泰兴比比",
    ] {
        assert!(
            !a003.body.contains(chrome),
            "forum chrome {chrome:?} left in 003"
        );
    }
    assert!(a003.body.ends_with("责编:姜景旸"));
    assert!(a003.body.contains("编辑:王魁 袁婷"));

    let a004 = seed("004_5b3b55316f9678e7").0;
    assert!(!a004.body.contains("免責聲明") && !a004.body.contains("版權"));
    assert!(a004.body.ends_with("形成完善的大健康產業鏈條。"));

    for stem in ["001_9fc454ccbfdced76", "002_344b9f47fa857f28"] {
        let body = seed(stem).0.body;
        assert!(
            !body.ends_with('|') && !body.ends_with(' '),
            "{stem} keeps a stray separator"
        );
    }
    assert!(seed("002_344b9f47fa857f28")
        .0
        .body
        .ends_with("市領導張坤主持會議。"));
}

#[test]
fn flattened_paragraphs_are_split_again() {
    let body = seed("001_9fc454ccbfdced76").0.body;
    assert!(
        body.lines().count() >= 6,
        "{} paragraphs",
        body.lines().count()
    );
    assert!(body.lines().all(|l| l == l.trim() && !l.is_empty()));
}

#[test]
fn a_paragraph_in_the_title_line_moves_to_the_body() {
    let a003 = seed("003_0333753cb3ef4b84").0;
    assert!(a003.title.chars().count() <= clean::MAX_TITLE_CHARS);
    assert!(a003.title.starts_with("“医药高新区(高港区)的发展高度"));
    assert!(a003
        .body
        .starts_with("“医药高新区(高港区)的发展高度决定着泰州的发展高度"));
    assert_eq!(
        seed("001_9fc454ccbfdced76").0.title,
        "市委常委會在醫藥高新區調研并專題研究醫藥高新區工作"
    );
}

#[test]
fn the_index_stores_exactly_the_cleaned_articles() {
    let index = sousuo::embedded_index().unwrap();
    assert_eq!(index.doc_count() as usize, SEEDS.len());
    for stem in SEEDS {
        let article = seed(stem).0;
        let document = index.document(index.find_document(stem).unwrap()).unwrap();
        assert_eq!(document.title, article.title);
        assert_eq!(document.body, article.body);
        // What the API returns, highlighted or not, reads as the cleaned text exactly.
        for query in [None, Some("医药 泰州"), Some("<b>")] {
            let shown = sousuo::article(index, stem, query).unwrap();
            let text = |segments: &[sousuo::Segment]| -> String {
                segments.iter().map(|s| s.text.as_str()).collect()
            };
            let paragraphs: Vec<String> = shown.paragraphs.iter().map(|p| text(p)).collect();
            assert_eq!(text(&shown.title_segments), article.title);
            assert_eq!(paragraphs.join("\n"), article.body);
        }
    }
}

#[test]
fn odd_files_are_cleaned_or_refused_with_a_reason() {
    assert!(clean_text("").unwrap_err().contains("empty"));
    assert!(clean_text(" \n\u{3000}\n").unwrap_err().contains("empty"));
    let (article, _) = clean_text("\u{FEFF}標題\r\n第一段。\r\n\r\n第二段。\r\n").unwrap();
    assert_eq!(article.title, "標題");
    assert_eq!(article.body, "第一段。\n第二段。");
    let (title_only, _) = clean_text("只有標題").unwrap();
    assert_eq!(title_only.body, "");
}
