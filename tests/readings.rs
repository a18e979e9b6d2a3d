//! Pinyin over small corpora built for the purpose by the build script: how characters read.
//! The index folds text to Simplified, so a character must still read as its Traditional forms
//! do, and every reading of a polyphonic pair must be reachable, not only the most common ones.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use sousuo::{Index, SearchOptions};
use support::indexer::index_of_files;

/// The ids each of `queries` finds in an index built from `files` (name, text), sorted.
fn found(name: &str, files: &[(&str, &str)], queries: &[&str]) -> Vec<Vec<String>> {
    let bytes = index_of_files(name, files);
    let index = Index::from_bytes(&bytes).unwrap();
    queries
        .iter()
        .map(|query| {
            let results = sousuo::search(&index, query, &SearchOptions::default()).unwrap();
            let mut ids: Vec<String> = results.hits.into_iter().map(|hit| hit.id).collect();
            ids.sort();
            ids
        })
        .collect()
}

#[test]
fn a_reading_only_the_traditional_form_has_is_found_by_pinyin() {
    // 鵠 reads hè (黃鵠樓 is an old name of 黃鶴樓); its Simplified form 鹄 reads only gǔ and hú.
    // 楼 has two readings through 樓, so the pair 鹄楼 has six spellings, more than any cap on
    // the product of readings kept: hè·lóu must be among those kept all the same.
    let answers = found(
        "traditional-readings",
        &[
            ("gu.txt", "黃鵠樓歌\n故人西去黃鵠樓，西江之水上天流。\n"),
            ("he.txt", "黃鶴樓\n昔人已乘白雲去，此地空餘黃鶴樓。\n"),
            ("river.txt", "江上\n江邊的高樓上，看見天上的鶴飛過黃河。\n"),
        ],
        &["huanghelou", "huanghulou", "helou"],
    );
    assert_eq!(answers[0], ["gu", "he"], "huanghelou");
    assert_eq!(answers[1], ["gu"], "huanghulou");
    assert_eq!(answers[2], ["gu", "he"], "helou");
}

#[test]
fn a_character_is_found_by_the_reading_it_has_where_it_stands() {
    // The sound grams give 长 in 长安 only cháng, and 的 outside 目的 or 的确 only de; 泊, whose
    // other reading (bó) is often meant, keeps both, so that 夜泊枫桥 is found as yè bó, not
    // merely its words apart.
    let answers = found(
        "readings-in-context",
        &[
            (
                "moon.txt",
                "子夜吴歌\n长安一片月，万户捣衣声。我的书在桌上。\n",
            ),
            (
                "trip.txt",
                "游记\n这次旅行的目的是了解长江，也的确了解了。\n",
            ),
            ("bridge.txt", "夜泊\n月落乌啼霜满天，停船夜泊枫桥边。\n"),
            // Both words, but not one after the other: no run of them.
            ("town.txt", "城外\n枫桥下有渔船，停船的人夜泊。\n"),
        ],
        &[
            "changanyipianyue",
            "wodeshuzai",
            "lvxingdemudi",
            "yedique",
            "liaojiechangjiang",
            "tingchuanyebo",
            "yebofengqiao",
        ],
    );
    assert_eq!(answers[0], ["moon"], "changanyipianyue");
    assert_eq!(answers[1], ["moon"], "wodeshuzai");
    assert_eq!(answers[2], ["trip"], "lvxingdemudi");
    assert_eq!(answers[3], ["trip"], "yedique");
    assert_eq!(answers[4], ["trip"], "liaojiechangjiang");
    assert_eq!(answers[5], ["bridge"], "tingchuanyebo");
    assert_eq!(answers[6], ["bridge"], "yebofengqiao");
}

#[test]
fn initials_find_every_pair_they_begin_and_a_syllable_beside_them_narrows_it() {
    // zxb reads every name whose initials are z·x·b; zhangxb, only those whose first syllable
    // is zhang; zxbing, only those whose last is bing. The pairs are found under their initials
    // (a range of sound grams), never by a gram of initials of their own.
    let answers = found(
        "initials",
        &[
            ("a.txt", "来信\n张小兵昨天到了上海。\n"),
            ("b.txt", "名单\n张晓波和李四都来了。\n"),
            ("c.txt", "来访\n周学兵先生今天来访。\n"),
            ("d.txt", "其他\n今天天气很好，没有别的事。\n"),
        ],
        &["zxb", "zhangxb", "zxbing", "zhangxiaob"],
    );
    assert_eq!(answers[0], ["a", "b", "c"], "zxb");
    assert_eq!(answers[1], ["a", "b"], "zhangxb");
    assert_eq!(answers[2], ["a", "c"], "zxbing");
    assert_eq!(answers[3], ["a", "b"], "zhangxiaob");
}
