//! Cleaning a corpus file into the article a reader should see: title and body.
//!
//! Shared by `build.rs` (which indexes and stores the cleaned article) and the native tests. It is
//! not part of the library: the wasm only ever sees cleaned articles, so it never carries this code.
//!
//! What cleaning does, in order:
//! 1. a UTF-8 byte order mark is dropped, CRLF and CR line ends become LF, and other control
//!    characters (form feeds, escapes, C1 codes) are dropped: a reader never sees them;
//! 2. scraped pinyin readings are stripped: `醫(yī)藥` → `醫藥`, but only where the reading in
//!    parentheses is a reading of the character before it, so `醫藥高新區(高港區)` stays;
//! 3. lines are trimmed, blank lines dropped, and a space after sentence-final punctuation (how
//!    some scrapers flattened paragraphs) becomes a paragraph break;
//! 4. the first line is the title; a first line too long to be a title stays in the body and the
//!    title is its first sentence;
//! 5. boilerplate at the end is cut: a list of related headlines, forum chrome and reader comments,
//!    a legal disclaimer, stray separators. Bylines (记者, 编辑, 责编 …) are part of the article.

/// A title longer than this many characters is taken for the opening paragraph.
pub const MAX_TITLE_CHARS: usize = 64;

/// A cleaned article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// One line.
    pub title: String,
    /// Paragraphs separated by `\n`; no blank lines, no leading or trailing whitespace.
    pub body: String,
}

/// What cleaning removed, for the build log and the tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CleanReport {
    /// Pinyin readings stripped.
    pub readings_stripped: usize,
    /// Body lines cut as boilerplate.
    pub boilerplate_lines: usize,
}

/// Tells whether `reading` (Latin letters, tone marks allowed) is a reading of a character.
pub type IsReading<'f> = &'f dyn Fn(char, &str) -> bool;
/// Gives the search form of a text (Simplified, folded), so boilerplate markers are written once.
pub type SearchForm<'f> = &'f dyn Fn(&str) -> String;

/// Cleans one corpus file's text.
pub fn clean_article(
    text: &str,
    is_reading: IsReading<'_>,
    search_form: SearchForm<'_>,
) -> Result<(Article, CleanReport), String> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let text: String = text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|&c| !c.is_control() || c == '\n' || c == '\t')
        .collect();
    let (text, readings_stripped) = strip_pinyin_readings(&text, is_reading);
    let mut lines = paragraphs(&text).into_iter();
    let Some(first) = lines.next() else {
        return Err("is empty (no text after trimming whitespace)".to_string());
    };
    let mut body: Vec<String> = lines.collect();
    let title = if first.chars().count() > MAX_TITLE_CHARS {
        let title = first_sentence(&first);
        body.insert(0, first);
        title
    } else {
        first
    };
    let before = body.len();
    let body = cut_boilerplate(body, search_form);
    let report = CleanReport {
        readings_stripped,
        boilerplate_lines: before - body.len(),
    };
    Ok((
        Article {
            title,
            body: body.join("\n"),
        },
        report,
    ))
}

/// Cleans a page read from a site (HTML, Markdown, JSON Lines): its title and paragraphs as the
/// page gives them. Only what applies to text a generator wrote is done: control characters
/// dropped, lines trimmed, blank ones dropped. The title is the page's, and nothing is cut as
/// boilerplate: the reader of the page chose its body already.
///
/// Also returns where each paragraph starts in the body, in characters (where the next text
/// starts, for one left empty), for the sections that begin at them.
pub fn clean_page<'p>(
    title: &str,
    paragraphs: impl Iterator<Item = &'p str>,
) -> Result<(Article, Vec<u32>), String> {
    let visible = |text: &str| -> String {
        text.chars()
            .map(|c| if c == '\t' { ' ' } else { c })
            .filter(|&c| !c.is_control() || c == '\n')
            .collect()
    };
    let title = visible(title)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let mut body = Vec::new();
    let mut block_starts = Vec::new();
    // Characters of the body so far, with the `\n` before the next line.
    let mut chars = 0u32;
    for paragraph in paragraphs {
        block_starts.push(chars);
        for line in visible(paragraph).lines() {
            let line = line.trim();
            if !line.is_empty() {
                chars += line.chars().count() as u32 + 1;
                body.push(line.to_string());
            }
        }
    }
    if title.is_empty() && body.is_empty() {
        return Err("is empty (no title and no text)".to_string());
    }
    let body_chars = chars.saturating_sub(1);
    for start in &mut block_starts {
        *start = (*start).min(body_chars);
    }
    let article = Article {
        title,
        body: body.join("\n"),
    };
    Ok((article, block_starts))
}

/// Strips `X(reading)` where the reading belongs to X; returns the text and how many were stripped.
///
/// Also strips `?reading)`: the scrape lost the character (and its opening parenthesis) to a
/// `?`, and what is left of it is noise that cannot be turned back into the character.
pub fn strip_pinyin_readings(text: &str, is_reading: IsReading<'_>) -> (String, usize) {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut stripped = 0;
    let mut i = 0;
    // The end of a run of pinyin letters closed by `)`, if one starts at `start`.
    let reading_end = |start: usize| {
        let mut end = start;
        while chars.get(end).is_some_and(|&l| is_pinyin_letter(l)) {
            end += 1;
        }
        (end > start && matches!(chars.get(end), Some(')' | '）'))).then_some(end)
    };
    while i < chars.len() {
        let c = chars[i];
        if c == '?' {
            if let Some(end) = reading_end(i + 1) {
                stripped += 1;
                i = end + 1;
                continue;
            }
        }
        out.push(c);
        i += 1;
        if c.is_ascii() || !c.is_alphabetic() || !matches!(chars.get(i), Some('(' | '（')) {
            continue;
        }
        if let Some(end) = reading_end(i + 1) {
            let reading: String = chars[i + 1..end].iter().collect();
            if is_reading(c, &reading) {
                stripped += 1;
                i = end + 1;
            }
        }
    }
    (out, stripped)
}

fn is_pinyin_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêḿńňǹ".contains(c)
}

/// A reading without tone marks, lower case, with ü/v/u made one letter so that sources that
/// spell `lǜ` as `lv`, `lu` or `lü` all compare equal.
pub fn plain_reading(reading: &str) -> String {
    reading
        .chars()
        .map(|c| match c.to_ascii_lowercase() {
            'ā' | 'á' | 'ǎ' | 'à' => 'a',
            'ē' | 'é' | 'ě' | 'è' | 'ê' => 'e',
            'ī' | 'í' | 'ǐ' | 'ì' => 'i',
            'ō' | 'ó' | 'ǒ' | 'ò' => 'o',
            'ū' | 'ú' | 'ǔ' | 'ù' | 'ǖ' | 'ǘ' | 'ǚ' | 'ǜ' | 'ü' | 'v' => 'u',
            'ḿ' => 'm',
            'ń' | 'ň' | 'ǹ' => 'n',
            other => other,
        })
        .collect()
}

/// Trimmed, non-blank lines, with flattened paragraphs split apart again.
fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.split('\n') {
        let mut current = String::new();
        let mut chars = line.trim().chars().peekable();
        while let Some(c) = chars.next() {
            if c.is_whitespace() && current.ends_with(is_sentence_end) {
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
                out.push(std::mem::take(&mut current));
            } else {
                current.push(c);
            }
        }
        let current = current.trim();
        if !current.is_empty() {
            out.push(current.to_string());
        }
    }
    out
}

fn is_sentence_end(c: char) -> bool {
    "。！？!?；…”」』".contains(c)
}

/// The first sentence of a paragraph, to stand as its title.
fn first_sentence(paragraph: &str) -> String {
    let mut title = String::new();
    let mut chars = paragraph.chars().peekable();
    while let Some(c) = chars.next() {
        title.push(c);
        if "。！？!?".contains(c) {
            if let Some(&close) = chars.peek().filter(|&&n| "”」』\"".contains(n)) {
                title.push(close);
            }
            break;
        }
    }
    if title.chars().count() <= MAX_TITLE_CHARS {
        title
    } else {
        let mut short: String = paragraph.chars().take(MAX_TITLE_CHARS / 2).collect();
        short.push('…');
        short
    }
}

/// Cuts the boilerplate that follows an article.
fn cut_boilerplate(mut lines: Vec<String>, search_form: SearchForm<'_>) -> Vec<String> {
    let forms: Vec<String> = lines.iter().map(|line| search_form(line)).collect();
    // Forum chrome: everything from the first reply/tool bar on is the forum's, not the article's.
    if let Some(at) = forms.iter().position(|form| is_forum_chrome(form)) {
        lines.truncate(at);
    }
    // A disclaimer near the end, and all after it.
    let tail_start = lines.len().saturating_sub(3);
    if let Some(at) = (tail_start..lines.len()).find(|&i| is_disclaimer(&forms[i])) {
        lines.truncate(at);
    }
    // A list of related headlines: two or more short list items closing the text.
    let list_start = lines
        .iter()
        .rposition(|line| !is_headline_item(line))
        .map_or(0, |i| i + 1);
    if lines.len() - list_start >= 2 {
        lines.truncate(list_start);
    }
    // Stray separators left at the end by the page layout.
    while let Some(last) = lines.last_mut() {
        let kept = last.trim_end_matches(|c: char| c.is_whitespace() || "|｜".contains(c));
        if kept.is_empty() {
            lines.pop();
        } else {
            last.truncate(kept.len());
            break;
        }
    }
    lines
}

fn is_forum_chrome(form: &str) -> bool {
    const LINES: [&str; 4] = [
        "回复",
        "使用道具 举报",
        "回复 支持 反对",
        "您需要登录后才可以回帖 登录 | 立即注册",
    ];
    LINES.contains(&form)
        || form.contains("powered by discuz")
        || (form.starts_with("发表于") && form.contains("楼"))
}

fn is_disclaimer(form: &str) -> bool {
    ["免责声明", "版权声明", "免责申明", "声明:", "声明："]
        .iter()
        .any(|marker| form.starts_with(marker))
}

fn is_headline_item(line: &str) -> bool {
    let item = line
        .strip_prefix("- ")
        .or_else(|| line.strip_prefix("• "))
        .or_else(|| line.strip_prefix("· "));
    item.is_some_and(|item| item.chars().count() <= 80)
}
