//! Front matter: the YAML (`---`) or TOML (`+++`) block that opens a Markdown page, as Hexo,
//! Hugo, Jekyll, VitePress and Docusaurus write it, read into what the index needs.
//!
//! Keys (any case): `title`; `date` (see [`date`]); `tags` and `categories` (a string or a list;
//! Hexo's nested category lists are flattened in order, duplicates dropped); `permalink` or `url`
//! (the whole URL) and `slug` (the last part of it); `draft: true` or `published: false` (the
//! page is skipped); `lang`/`language`. Any other key holding text goes to `Meta::extra`
//! (`description`, `author` …), any other list of texts to `Meta::filters` (Hugo taxonomies such
//! as `series`); generator settings that are not about the text (`layout`, `aliases` …) are
//! left out.

use super::Meta;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, ScanError};
use yaml_rust2::{Yaml, YamlLoader};

/// What a page's front matter says.
#[derive(Debug, Default)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub draft: bool,
    /// `permalink` or `url`, as written.
    pub url: Option<String>,
    pub slug: Option<String>,
    pub lang: Option<String>,
    pub meta: Meta,
    /// The time of day its `date` was written with, for permalinks (`:hour`).
    pub clock: Clock,
}

/// The time of day a date was written with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Clock {
    /// None: the day alone, which blog generators take as its midnight.
    #[default]
    Midnight,
    /// `HH:MM:SS` as written, in the site's own time zone.
    Local(String),
    /// With a zone (`Z`, `+08:00`): only the blog's build, which knows the site's zone, can
    /// tell the hour it stands for there.
    Zoned,
}

/// Keys that configure the generator rather than describe the text.
const SETTINGS: &str = "layout aliases type id weight toc comments cover image thumbnail banner \
    photos lastmod updated sidebar_label sidebar_position sidebar outline prev next math mathjax";

/// A front matter value, whichever language it was written in.
enum Value {
    Text(String),
    /// A number, usable as text where text is expected (`title: 2024`), but not as meta.
    Number(String),
    Bool(bool),
    List(Vec<Value>),
    Other,
}

/// Splits `text` into its front matter and the Markdown after it, and reads the front matter.
pub fn parse<'t>(path: &Path, text: &'t str) -> Result<(FrontMatter, &'t str), String> {
    let Some((format, block, body)) = split(text) else {
        return Ok((FrontMatter::default(), text));
    };
    let block = block.ok_or_else(|| {
        format!(
            "{}: the front matter opened by {format} on line 1 is never closed; end it with a \
             line holding only {format}",
            path.display()
        )
    })?;
    let entries = if format == "---" {
        yaml(path, block)?
    } else {
        toml(path, block)?
    };
    let mut front = FrontMatter::default();
    for (key, value) in entries {
        apply(path, &mut front, &key.to_lowercase(), value)?;
    }
    Ok((front, body))
}

/// The opening fence, the block (`None` when it is never closed) and the rest.
fn split(text: &str) -> Option<(&'static str, Option<&str>, &str)> {
    let first = text.lines().next()?;
    let format = match first.trim_end() {
        "---" => "---",
        "+++" => "+++",
        _ => return None,
    };
    let start = text.find('\n')? + 1;
    let mut at = start;
    for line in text[start..].split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == format || (format == "---" && bare == "...") {
            return Some((format, Some(&text[start..at]), &text[at + line.len()..]));
        }
        at += line.len();
    }
    Some((format, None, ""))
}

fn yaml(path: &Path, block: &str) -> Result<Vec<(String, Value)>, String> {
    let unreadable = |e: ScanError| {
        format!(
            "{}:{}: the YAML front matter cannot be read: {}; fix it (a value holding `: ` or \
             starting with `[`, `{{`, `*`, `&` or `@` needs quotes)",
            path.display(),
            e.marker().line() + 1,
            e.info()
        )
    };
    // The loader copies an aliased node wherever it is used, so a few nested aliases make
    // billions of nodes: count what loading would make first, in one pass over the events.
    let mut count = ExpandedNodes::default();
    Parser::new(block.chars())
        .load(&mut count, true)
        .map_err(unreadable)?;
    if count.by_aliases > MAX_ALIAS_NODES {
        return Err(format!(
            "{}: the YAML front matter's aliases (`*name`) expand to more than {MAX_ALIAS_NODES} \
             values; write the values out, or use fewer aliases",
            path.display()
        ));
    }
    let documents = YamlLoader::load_from_str(block).map_err(unreadable)?;
    match documents.into_iter().next() {
        None | Some(Yaml::Null) => Ok(Vec::new()),
        Some(Yaml::Hash(hash)) => Ok(hash
            .into_iter()
            .filter_map(|(k, v)| Some((scalar(&k)?, from_yaml(v))))
            .collect()),
        Some(_) => Err(format!(
            "{}: the YAML front matter is not a list of `key: value` lines; write e.g. \
             `title: 标题` on each line",
            path.display()
        )),
    }
}

/// The most values a front matter's aliases may add once expanded: far more than any page's
/// reuse of a list, far less than what would exhaust memory.
const MAX_ALIAS_NODES: u64 = 100_000;

/// Counts the nodes the loader would make, without making them: all of them, and those that
/// aliases add.
#[derive(Default)]
struct ExpandedNodes {
    total: u64,
    by_aliases: u64,
    /// By anchor id: how many nodes the anchored node stands for.
    anchored: HashMap<usize, u64>,
    /// The collections open, with their anchor and the total when they opened.
    open: Vec<(usize, u64)>,
}

impl MarkedEventReceiver for ExpandedNodes {
    fn on_event(&mut self, event: Event, _: Marker) {
        match event {
            Event::Scalar(_, _, anchor, _) => {
                self.total = self.total.saturating_add(1);
                if anchor > 0 {
                    self.anchored.insert(anchor, 1);
                }
            }
            Event::Alias(anchor) => {
                let size = self.anchored.get(&anchor).copied().unwrap_or(1);
                self.total = self.total.saturating_add(size);
                self.by_aliases = self.by_aliases.saturating_add(size);
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                self.open.push((anchor, self.total));
                self.total = self.total.saturating_add(1);
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((anchor, start)) = self.open.pop() {
                    if anchor > 0 {
                        self.anchored.insert(anchor, self.total - start);
                    }
                }
            }
            _ => {}
        }
    }
}

fn scalar(yaml: &Yaml) -> Option<String> {
    match yaml {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

fn from_yaml(yaml: Yaml) -> Value {
    match yaml {
        Yaml::String(s) => Value::Text(s),
        Yaml::Real(s) => Value::Number(s),
        Yaml::Integer(i) => Value::Number(i.to_string()),
        Yaml::Boolean(b) => Value::Bool(b),
        Yaml::Array(items) => Value::List(items.into_iter().map(from_yaml).collect()),
        _ => Value::Other,
    }
}

fn toml(path: &Path, block: &str) -> Result<Vec<(String, Value)>, String> {
    let table = block.parse::<toml::Table>().map_err(|e| {
        let line = e
            .span()
            .map_or(0, |s| block[..s.start].matches('\n').count())
            + 2;
        format!(
            "{}:{line}: the TOML front matter cannot be read: {}; fix it (text values need \
             quotes: title = \"标题\")",
            path.display(),
            e.message().trim_end()
        )
    })?;
    Ok(table.into_iter().map(|(k, v)| (k, from_toml(v))).collect())
}

fn from_toml(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::Text(s),
        toml::Value::Integer(i) => Value::Number(i.to_string()),
        toml::Value::Float(f) => Value::Number(f.to_string()),
        toml::Value::Boolean(b) => Value::Bool(b),
        // RFC 3339, as `date` and `clock` read it (a time alone is refused there).
        toml::Value::Datetime(d) => Value::Text(d.to_string()),
        toml::Value::Array(items) => Value::List(items.into_iter().map(from_toml).collect()),
        toml::Value::Table(_) => Value::Other,
    }
}

fn apply(path: &Path, front: &mut FrontMatter, key: &str, value: Value) -> Result<(), String> {
    let text = |value: Value| match value {
        Value::Text(s) | Value::Number(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        _ => None,
    };
    match key {
        "title" => front.title = text(value),
        "date" => {
            let (Value::Text(s) | Value::Number(s)) = value else {
                return Err(bad_date(path, "(not a text)"));
            };
            front.meta.date = Some(date(&s).ok_or_else(|| bad_date(path, &s))?);
            front.clock = clock(&s);
        }
        "tags" | "categories" => {
            let list = if key == "tags" {
                &mut front.meta.tags
            } else {
                &mut front.meta.categories
            };
            let mut seen: HashSet<String> = list.iter().cloned().collect();
            flatten(value, list, &mut seen).map_err(|()| {
                format!(
                    "{}: `{key}` in the front matter must be a text or a list of texts",
                    path.display()
                )
            })?;
        }
        "permalink" | "url" => front.url = text(value),
        "slug" => front.slug = text(value),
        "draft" => front.draft |= matches!(value, Value::Bool(true)),
        "published" => front.draft |= matches!(value, Value::Bool(false)),
        "lang" | "language" => front.lang = text(value),
        _ if SETTINGS.split_whitespace().any(|k| k == key) => {}
        _ => match value {
            Value::Text(s) if !s.trim().is_empty() => front
                .meta
                .extra
                .push((key.to_string(), s.trim().to_string())),
            Value::List(items) => {
                for item in items {
                    if let Value::Text(s) = item {
                        front
                            .meta
                            .filters
                            .push((key.to_string(), s.trim().to_string()));
                    }
                }
            }
            _ => {}
        },
    }
    Ok(())
}

/// Adds the texts in `value` (nested lists too) to `list`, each once (`seen` holds what `list`
/// does, so that a long list costs no more than its length).
fn flatten(value: Value, list: &mut Vec<String>, seen: &mut HashSet<String>) -> Result<(), ()> {
    match value {
        Value::Text(s) | Value::Number(s) => {
            let s = s.trim().to_string();
            if !s.is_empty() && seen.insert(s.clone()) {
                list.push(s);
            }
        }
        Value::List(items) => {
            for item in items {
                flatten(item, list, seen)?;
            }
        }
        _ => return Err(()),
    }
    Ok(())
}

fn bad_date(path: &Path, value: &str) -> String {
    format!(
        "{}: the date {value:?} cannot be read; write it as 2024-01-02, 2024-01-02 10:00:00 or \
         2024-01-02T10:00:00+08:00",
        path.display()
    )
}

/// `YYYY-MM-DD` from a date as generators write it: `2024-01-02`, `2024/1/2`, optionally
/// followed by a time (`T` or a space, `10:00`, `10:00:00.5`) and a zone (`Z`, `+08:00`, `+0800`).
/// The date is kept as written, not converted to another zone; `None` when it is not a date.
pub fn date(value: &str) -> Option<String> {
    let mut rest = value.trim();
    let year = digits(&mut rest, 4)?;
    let separator = rest.chars().next().filter(|c| *c == '-' || *c == '/')?;
    rest = &rest[1..];
    let month = digits(&mut rest, 2)?;
    rest = rest.strip_prefix(separator)?;
    let day = digits(&mut rest, 2)?;
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if year < 1000 || !(1..=12).contains(&month) || day == 0 || day > days[month as usize - 1] {
        return None;
    }
    if !rest.is_empty() && !time(rest.strip_prefix(['T', 't', ' '])?) {
        return None;
    }
    Some(format!("{year:04}-{month:02}-{day:02}"))
}

/// The number at the start of `rest` (at most `max` digits), consumed.
fn digits(rest: &mut &str, max: usize) -> Option<u32> {
    let count = rest.bytes().take_while(u8::is_ascii_digit).count();
    if count == 0 || count > max {
        return None;
    }
    let n = rest[..count].parse().ok();
    *rest = &rest[count..];
    n
}

/// Whether `text` is `H[H]:MM[:SS[.frac]][ ][Z|±HH[:MM]]`.
fn time(text: &str) -> bool {
    read_time(text).is_some()
}

/// The time of day of a date that [`date`] reads.
pub fn clock(value: &str) -> Clock {
    let value = value.trim();
    let Some(at) = value.find(['T', 't', ' ']) else {
        return Clock::Midnight;
    };
    match read_time(&value[at + 1..]) {
        Some((hms, false)) => Clock::Local(hms),
        Some((_, true)) => Clock::Zoned,
        None => Clock::Midnight,
    }
}

/// `H[H]:MM[:SS[.frac]][ ][Z|±HH[:MM]]` as (`HH:MM:SS`, whether a zone is written).
fn read_time(text: &str) -> Option<(String, bool)> {
    let mut rest = text;
    let hour = field(&mut rest, 23, 1)?;
    rest = rest.strip_prefix(':')?;
    let minute = field(&mut rest, 59, 2)?;
    let mut second = 0;
    if let Some(seconds) = rest.strip_prefix(':') {
        rest = seconds;
        second = field(&mut rest, 60, 2)?;
        rest = rest.trim_start_matches(|c: char| c == '.' || c.is_ascii_digit());
    }
    let zone = rest.trim_start();
    let zoned = match zone.strip_prefix(['+', '-']) {
        Some(offset) => {
            let offset = offset.replace(':', "");
            if !(offset.len() == 2 || offset.len() == 4)
                || !offset.bytes().all(|b| b.is_ascii_digit())
            {
                return None;
            }
            true
        }
        None if zone.is_empty() => false,
        None if zone == "Z" || zone == "z" => true,
        None => return None,
    };
    Some((format!("{hour:02}:{minute:02}:{second:02}"), zoned))
}

/// A time field of at least `width` digits (at most 2) and at most `max`, consumed.
fn field(rest: &mut &str, max: u32, width: usize) -> Option<u32> {
    let before = rest.len();
    digits(rest, 2).filter(|&n| n <= max && before - rest.len() >= width)
}
