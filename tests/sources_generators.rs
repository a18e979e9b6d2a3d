//! Reading what blog and documentation generators keep as sources (crates/indexer/src/sources/): Docusaurus's
//! MDX, and the URLs Hexo's and Jekyll's permalink settings give their posts.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use sousuo_indexer::sources::{read_sources, BlockKind};
use std::fs;
use support::sites::{all_text, by_url, scratch, section_of};

#[test]
fn docusaurus_mdx_keeps_its_prose_and_drops_imports_exports_and_comments() {
    let dir = scratch("mdx");
    fs::create_dir_all(dir.join("docs")).unwrap();
    fs::write(
        dir.join("docs/install.mdx"),
        "---\ntitle: 安装指南\ntags: [入门]\n---\n\
import Tabs from '@theme/Tabs';\nimport TabItem from '@theme/TabItem';\n\n\
export const toc = [\n  {value: '第一步', id: 'step'},\n];\n\n\
{/* 这段注释不是正文 */}\n\n\
## 准备环境 {#prepare}\n\n先装好依赖，再继续。{/* 行内注释 */}读者看得到这句。\n\n\
<Tabs>\n  <TabItem value=\"npm\" label=\"npm\">\n\n用包管理器安装最省事。\n\n  </TabItem>\n</Tabs>\n\n\
```js\nimport sousuo from 'sousuo';\n```\n",
    )
    .unwrap();
    let docs = read_sources(&dir).unwrap();
    let page = by_url(&docs, "docs/install/");
    assert_eq!(page.title, "安装指南");
    let text = all_text(page);
    for prose in [
        "先装好依赖，再继续。",
        "读者看得到这句。",
        "用包管理器安装最省事。",
    ] {
        assert!(text.contains(prose), "{prose:?} kept: {text}");
    }
    for code in ["@theme/Tabs", "TabItem", "toc", "第一步", "注释", "<Tabs"] {
        let prose: String = page
            .blocks
            .iter()
            .filter(|b| b.kind != BlockKind::Code)
            .map(|b| b.text.as_str())
            .collect();
        assert!(!prose.contains(code), "{code:?} is not text: {prose}");
    }
    // A fenced block's own import stays, as code.
    assert!(page
        .blocks
        .iter()
        .any(|b| b.kind == BlockKind::Code && b.text.contains("import sousuo from 'sousuo';")));
    assert_eq!(section_of(page, "读者看得到这句"), ("准备环境", "prepare"));
}

/// A blog's folder with `config` as its `_config.yml` (at `config_at`, below the blog) and `posts`
/// in `source_dir/_posts/`; the URLs of what `read_sources(blog/source_dir)` reads.
fn blog_urls(
    name: &str,
    config_at: &str,
    config: &str,
    source_dir: &str,
    posts: &[(&str, &str)],
) -> Result<Vec<String>, String> {
    let blog = scratch(name);
    fs::write(blog.join(config_at).join("_config.yml"), config).unwrap();
    for (file, text) in posts {
        let path = blog.join(source_dir).join("_posts").join(file);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    let docs = read_sources(&blog.join(source_dir))?;
    Ok(docs.iter().map(|d| d.url.clone().unwrap()).collect())
}

#[test]
fn blog_posts_take_the_urls_their_generators_permalink_setting_gives() {
    // Hexo's default configuration (its posts in source/, the configuration beside it).
    let hexo = "title: 博客\npermalink: :year/:month/:day/:title/\nsource_dir: source\npublic_dir: public\n";
    let post = "---\ntitle: 你好\ndate: 2024-01-02 10:00:00\n---\n正文。\n";
    let own = "---\ntitle: 自定\ndate: 2024-01-03\npermalink: about-me/\n---\n正文。\n";
    let urls = blog_urls(
        "hexo-default",
        "",
        hexo,
        "source",
        &[("hello-world.md", post), ("own.md", own)],
    )
    .unwrap();
    assert_eq!(
        urls,
        ["2024/01/02/hello-world/", "about-me/"],
        "a post's own permalink wins"
    );
    // No permalink written: Hexo's default all the same.
    let urls = blog_urls(
        "hexo-unset",
        "",
        "source_dir: source\n",
        "source",
        &[("hello-world.md", post)],
    )
    .unwrap();
    assert_eq!(urls, ["2024/01/02/hello-world/"]);
    let categorized = "---\ntitle: 分类\ndate: 2024-03-04\ncategories: [笔记]\n---\n正文。\n";
    let urls = blog_urls(
        "hexo-category",
        "",
        "new_post_name: :title.md\npermalink: :category/:i_month/:title.html\n",
        "source",
        &[("c.md", categorized)],
    )
    .unwrap();
    assert_eq!(urls, ["%E7%AC%94%E8%AE%B0/3/c.html"]);

    // Jekyll: the site's root is indexed; the date comes from the file name, the default style
    // is `date`, categories are lower case in the URL, and a post without them has no empty folder.
    let jekyll = "title: Blog\nmarkdown: kramdown\n";
    let dated = "---\ntitle: 你好\n---\n正文。\n";
    let filed = "---\ntitle: 分类\ncategories: [Web Dev]\n---\n正文。\n";
    let urls = blog_urls(
        "jekyll-default",
        ".",
        jekyll,
        ".",
        &[("2024-01-02-hello.md", dated), ("2024-05-06-dev.md", filed)],
    )
    .unwrap();
    assert_eq!(
        urls,
        ["2024/01/02/hello.html", "web-dev/2024/05/06/dev.html"]
    );
    let urls = blog_urls(
        "jekyll-pretty",
        ".",
        "permalink: pretty\n",
        ".",
        &[("2024-01-02-hello.md", dated)],
    )
    .unwrap();
    assert_eq!(urls, ["2024/01/02/hello/"]);
    // Jekyll's calendar tokens: 2024-12-30 is a Monday in ISO week 1 of 2025, day 365 of 2024
    // (a leap year); 2021-01-03 a Sunday in week 53 of 2020 (as `date +%V`, `%G` and `%u` say).
    let urls = blog_urls(
        "jekyll-calendar",
        ".",
        "permalink: /:year/:y_day/:w_year-w:week-:w_day/:short_day-:long_month/:title/\n",
        ".",
        &[("2024-12-30-hello.md", dated), ("2021-01-03-dev.md", dated)],
    )
    .unwrap();
    assert_eq!(
        urls,
        [
            "2021/003/2020-w53-7/Sun-January/dev/",
            "2024/365/2025-w01-1/Mon-December/hello/"
        ]
    );

    // The time of day as the front matter writes it (YAML, and TOML's own datetime), midnight
    // for a day alone or a file name's date.
    let urls = blog_urls(
        "hexo-hour",
        "",
        "source_dir: source\npermalink: :year/:month/:day/:hour:minute:second/:title/\n",
        "source",
        &[
            (
                "a.md",
                "---\ntitle: 甲\ndate: 2024-01-02 9:05:07\n---\n正文。\n",
            ),
            (
                "b.md",
                "+++\ntitle = \"乙\"\ndate = 2024-01-03T10:20:30\n+++\n正文。\n",
            ),
            ("c.md", "---\ntitle: 丙\ndate: 2024-01-04\n---\n正文。\n"),
        ],
    )
    .unwrap();
    assert_eq!(
        urls,
        [
            "2024/01/02/090507/a/",
            "2024/01/03/102030/b/",
            "2024/01/04/000000/c/"
        ]
    );
    let jekyll = blog_urls(
        "jekyll-hour",
        ".",
        "permalink: /:year/:hour/:title/\n",
        ".",
        &[("2024-05-06-named.md", "---\ntitle: 丁\n---\n正文。\n")],
    )
    .unwrap();
    assert_eq!(jekyll, ["2024/00/named/"]);
    // A date with a zone: only the blog's build knows the site's zone, so the hour is refused.
    let error = blog_urls(
        "hexo-zoned-hour",
        "",
        "source_dir: source\npermalink: :year/:hour/:title/\n",
        "source",
        &[(
            "z.md",
            "---\ntitle: 戊\ndate: 2024-01-02T10:00:00+08:00\n---\n正文。\n",
        )],
    )
    .unwrap_err();
    assert!(
        error.contains("z.md")
            && error.contains(":hour")
            && error.contains("time zone")
            && !error.contains("  "),
        "{error}"
    );

    // A token only the blog's own build can fill in is refused, naming the post and the way out.
    let error = blog_urls(
        "hexo-hash",
        "",
        "source_dir: source\npermalink: :hash/\n",
        "source",
        &[("hello-world.md", post)],
    )
    .unwrap_err();
    assert!(
        error.contains("hello-world.md") && error.contains(":hash") && error.contains("permalink:"),
        "{error}"
    );
}

#[test]
fn a_hexo_blog_that_names_its_posts_by_date_reads_the_date_and_title_back_from_the_name() {
    let config = "source_dir: source\nnew_post_name: :year-:month-:day-:title.md\npermalink: :year/:month/:day/:title/\n";
    let undated = "---\ntitle: 你好\n---\n正文。\n";
    let dated = "---\ntitle: 改期\ndate: 2024-01-01 08:00:00\n---\n正文。\n";
    let urls = blog_urls(
        "hexo-post-name",
        "",
        config,
        "source",
        &[
            // No date in the front matter: the name's, as Hexo takes it.
            ("2024-03-05-hello.md", undated),
            // The front matter's date wins; the title is still the name's.
            ("2023-12-31-moved.md", dated),
        ],
    )
    .unwrap();
    assert_eq!(urls, ["2024/01/01/moved/", "2024/03/05/hello/"]);
    // A name the pattern did not make is the title as it is.
    let urls = blog_urls(
        "hexo-post-name-by-hand",
        "",
        config,
        "source",
        &[("notes.md", dated)],
    )
    .unwrap();
    assert_eq!(urls, ["2024/01/01/notes/"]);
    // Folders in the pattern, single-digit months.
    let urls = blog_urls(
        "hexo-post-name-folders",
        "",
        "source_dir: source\nnew_post_name: :year/:i_month/:i_day/:title.md\npermalink: :year/:month/:title/\n",
        "source",
        &[("2024/3/5/hello.md", undated)],
    )
    .unwrap();
    assert_eq!(urls, ["2024/03/hello/"]);
}
