//! The URL a blog generator gives a post in `_posts/`: Hexo's or Jekyll's `permalink` setting,
//! read from the site's `_config.yml`, so that a hit on a post indexed from its Markdown source
//! links to the page the generator built.
//!
//! - Where: `_config.yml` in the folder indexed (a Jekyll site's root) or in its parent (Hexo's,
//!   whose posts are in `source/_posts/`). Hexo's configuration names `source_dir`,
//!   `public_dir` or `new_post_name`; any other is taken for Jekyll's.
//! - Defaults: Hexo `:year/:month/:day/:title/`; Jekyll `date`, that is
//!   `/:categories/:year/:month/:day/:title:output_ext`, and its other named styles (`pretty`,
//!   `ordinal`, `none`).
//! - A post's date: its front matter's `date`, else (Jekyll) the `YYYY-MM-DD-` of its file name,
//!   else the file's modification day, as Hexo itself takes it.
//! - Every token made of the date is filled in, Jekyll's calendar ones too (`:y_day`, `:week`,
//!   `:w_year`, `:w_day`, `:short_day`, `:long_month` …, ISO weeks as Ruby's `%V`).
//! - `:hour`, `:minute`, `:second`: the time the front matter's date was written with, in the
//!   site's zone as the generators read it (midnight for a day alone, or a file name's date).
//!   A date written with a zone (`+08:00`), or taken from the file's modification time, is
//!   refused for them: only the blog's build knows the site's zone.
//! - A token neither generator's posts can be placed by without their build (`:id`, `:hash` …)
//!   is refused, saying to give such posts a `permalink` or to index the built site.
//! - A post's own `permalink`/`url` or `slug` in its front matter wins over all of this.

use super::front_matter::Clock;
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Permalinks {
    pattern: String,
    jekyll: bool,
    /// Hexo's `new_post_name` without its extension, when it puts more than `:title` in a post's
    /// file name (`:year-:month-:day-:title`): Hexo reads the date and the title back from it.
    post_name: Option<String>,
}

/// What the pattern needs of one post.
pub struct Post<'a> {
    /// The file's path below `_posts/`, without its extension (`hello-world`, `2024/notes`).
    pub stem: &'a str,
    /// `YYYY-MM-DD` from the front matter, if any.
    pub date: Option<&'a str>,
    /// The time of day that date was written with.
    pub clock: &'a Clock,
    pub categories: &'a [String],
    pub path: &'a Path,
}

/// The blog's permalink setting, when the folder (or its parent) holds a `_config.yml`.
pub fn find(dir: &Path) -> Result<Option<Permalinks>, String> {
    let candidates = [
        Some(dir.join("_config.yml")),
        dir.parent().map(|p| p.join("_config.yml")),
    ];
    let Some(config) = candidates.into_iter().flatten().find(|p| p.is_file()) else {
        return Ok(None);
    };
    let text = std::fs::read_to_string(&config)
        .map_err(|e| format!("{}: cannot read: {e}", config.display()))?;
    let docs = yaml_rust2::YamlLoader::load_from_str(&text).map_err(|e| {
        format!(
            "{}: the site's configuration does not parse: {e}",
            config.display()
        )
    })?;
    let Some(settings) = docs.first() else {
        return Ok(None);
    };
    let hexo = ["source_dir", "public_dir", "new_post_name"]
        .iter()
        .any(|key| !settings[*key].is_badvalue());
    let written = settings["permalink"].as_str().map(str::trim);
    let pattern = match (hexo, written) {
        (_, Some(p)) if !p.is_empty() => named_style(p).unwrap_or(p).to_string(),
        (true, _) => ":year/:month/:day/:title/".to_string(),
        (false, _) => named_style("date").unwrap_or_default().to_string(),
    };
    let post_name = settings["new_post_name"]
        .as_str()
        .map(|name| {
            name.trim()
                .trim_end_matches(".md")
                .trim_end_matches(".markdown")
        })
        .filter(|name| *name != ":title" && name.ends_with(":title"))
        .map(str::to_string);
    Ok(Some(Permalinks {
        pattern,
        jekyll: !hexo,
        post_name: post_name.filter(|_| hexo),
    }))
}

/// The date (`YYYY-MM-DD`, when the name holds a whole one) and the title that Hexo's
/// `new_post_name` (`:year-:month-:day-:title`, `:year/:month/:title`) made `stem` of; `None`
/// when the stem was not named so (a post written by hand).
fn named_by<'s>(post_name: &str, stem: &'s str) -> Option<(Option<String>, &'s str)> {
    let (mut year, mut month, mut day) = (None, None, None);
    let mut rest = stem;
    let mut pattern = post_name.strip_suffix(":title")?;
    while !pattern.is_empty() {
        let Some(token) = pattern.strip_prefix(':') else {
            let literal_len = pattern.find(':').unwrap_or(pattern.len());
            rest = rest.strip_prefix(&pattern[..literal_len])?;
            pattern = &pattern[literal_len..];
            continue;
        };
        let name_len = token
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(token.len());
        let digits = |rest: &'s str, min: usize, max: usize| -> Option<(&'s str, &'s str)> {
            let len = rest
                .bytes()
                .take(max)
                .take_while(u8::is_ascii_digit)
                .count();
            (len >= min).then(|| rest.split_at(len))
        };
        let (value, after) = match &token[..name_len] {
            "year" => digits(rest, 4, 4)?,
            "month" | "day" => digits(rest, 2, 2)?,
            "i_month" | "i_day" => digits(rest, 1, 2)?,
            _ => return None,
        };
        match &token[..name_len] {
            "year" => year = Some(value),
            "month" | "i_month" => month = Some(value),
            _ => day = Some(value),
        }
        rest = after;
        pattern = &token[name_len..];
    }
    if rest.is_empty() {
        return None;
    }
    let date = match (year, month, day) {
        (Some(y), Some(m), Some(d)) => super::front_matter::date(&format!("{y}-{m:0>2}-{d:0>2}")),
        _ => None,
    };
    Some((date, rest))
}

/// Jekyll's named permalink styles.
fn named_style(name: &str) -> Option<&'static str> {
    Some(match name {
        "date" => "/:categories/:year/:month/:day/:title:output_ext",
        "pretty" => "/:categories/:year/:month/:day/:title/",
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext",
        "none" => "/:categories/:title:output_ext",
        _ => return None,
    })
}

impl Permalinks {
    /// Whether the blog is Hexo's (not Jekyll's).
    pub fn is_hexo(&self) -> bool {
        !self.jekyll
    }

    /// The post's URL below the site root, without a leading `/` (`2024/01/02/hello/`).
    pub fn url(&self, post: &Post) -> Result<String, String> {
        let (named_date, title) = self.split_name(post.stem);
        // The time of day, where the post says it: a modification time's hour depends on the
        // zone of the machine that reads it.
        let (date, clock) = match (post.date, named_date) {
            (Some(date), _) => (date.to_string(), Some(post.clock)),
            (None, Some(named)) => (named, Some(&Clock::Midnight)),
            (None, None) => (modified_day(post.path)?, None),
        };
        let (year, month, day) = (&date[0..4], &date[5..7], &date[8..10]);
        let calendar = Calendar::of(&date);
        let categories: Vec<String> = post.categories.iter().map(|c| self.category(c)).collect();
        let mut out = String::new();
        let mut rest = self.pattern.as_str();
        while let Some(at) = rest.find(':') {
            out.push_str(&rest[..at]);
            let token_len = rest[at + 1..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len() - at - 1);
            let token = &rest[at + 1..at + 1 + token_len];
            match token {
                "year" => out.push_str(year),
                "short_year" => out.push_str(&year[2..]),
                "month" => out.push_str(month),
                "i_month" => out.push_str(month.trim_start_matches('0')),
                "day" => out.push_str(day),
                "i_day" => out.push_str(day.trim_start_matches('0')),
                "y_day" => out.push_str(&format!("{:03}", calendar.year_day)),
                "week" => out.push_str(&format!("{:02}", calendar.iso_week)),
                "w_year" => out.push_str(&calendar.iso_year.to_string()),
                "w_day" => out.push_str(&calendar.weekday.to_string()),
                "short_day" => out.push_str(&DAYS[calendar.weekday as usize - 1][..3]),
                "long_day" => out.push_str(DAYS[calendar.weekday as usize - 1]),
                "short_month" => out.push_str(&MONTHS[calendar.month as usize - 1][..3]),
                "long_month" => out.push_str(MONTHS[calendar.month as usize - 1]),
                "title" | "name" | "slug" | "post_title" => out.push_str(title),
                "categories" | "category" => out.push_str(&categories.join("/")),
                "output_ext" => out.push_str(".html"),
                "hour" | "minute" | "second" => {
                    let field = match token {
                        "hour" => 0..2,
                        "minute" => 3..5,
                        _ => 6..8,
                    };
                    match clock {
                        Some(Clock::Midnight) => out.push_str("00"),
                        Some(Clock::Local(hms)) => out.push_str(&hms[field]),
                        _ => return Err(self.zone_unknown(post, token, clock.is_some())),
                    }
                }
                _ => {
                    return Err(format!(
                        "{}: the site's permalink {:?} uses :{token}, which only the blog's own \
                         build can fill in; give this post a `permalink:` in its front matter, or \
                         index the built site (its public/ or _site/ folder) instead",
                        post.path.display(),
                        self.pattern
                    ))
                }
            }
            rest = &rest[at + 1 + token_len..];
        }
        out.push_str(rest);
        // An empty token (a post without categories) leaves no empty folder behind.
        let mut url = out
            .split('/')
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join("/");
        if out.ends_with('/') && !url.is_empty() {
            url.push('/');
        }
        Ok(url)
    }

    /// Why `:hour` (or `:minute`, `:second`) cannot be filled in for `post`.
    fn zone_unknown(&self, post: &Post, token: &str, zoned: bool) -> String {
        let whose = if zoned {
            "its date is written with a time zone"
        } else {
            "it has no date, and its file's modification time"
        };
        format!(
            "{}: the site's permalink {:?} uses :{token}, and {whose}: only the blog's own build \
             knows which hour that is in the site's time zone; write the date as the site's \
             clock reads it (2024-01-02 10:00:00), give the post a `permalink:`, or index the \
             built site (its public/ or _site/ folder) instead",
            post.path.display(),
            self.pattern
        )
    }

    /// Jekyll's file names start with the date: `2024-01-02-hello.md` is `hello` of 2024-01-02.
    /// Hexo's `:title` is the path below `_posts/` as it is, or what its `new_post_name` puts
    /// after the date there.
    fn split_name<'s>(&self, stem: &'s str) -> (Option<String>, &'s str) {
        if !self.jekyll {
            return match &self.post_name {
                Some(post_name) => named_by(post_name, stem).unwrap_or((None, stem)),
                None => (None, stem),
            };
        }
        let name = stem.rsplit('/').next().unwrap_or(stem);
        let date = name
            .get(..10)
            .filter(|_| name.as_bytes().get(10) == Some(&b'-') && name.len() > 11)
            .and_then(super::front_matter::date);
        match date {
            Some(date) => (Some(date), &name[11..]),
            None => (None, name),
        }
    }

    /// A category as a URL part: Jekyll writes it in lower case with `-` for spaces.
    fn category(&self, category: &str) -> String {
        if self.jekyll {
            category.trim().to_lowercase().replace(' ', "-")
        } else {
            category.trim().to_string()
        }
    }
}

const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// What Jekyll's calendar tokens read of a day.
struct Calendar {
    month: u32,
    /// 1 for January 1st.
    year_day: i64,
    /// 1 (Monday) to 7 (Sunday), as ISO 8601 counts.
    weekday: i64,
    /// The ISO 8601 week and the year it belongs to (December 31st may be in week 1).
    iso_week: i64,
    iso_year: i64,
}

impl Calendar {
    /// Of a `YYYY-MM-DD` date (already checked).
    fn of(date: &str) -> Calendar {
        let number = |range: std::ops::Range<usize>| date[range].parse::<i64>().unwrap_or(1);
        let (year, month, day) = (number(0..4), number(5..7) as u32, number(8..10) as u32);
        let days = days_from_civil(year, month, day);
        // 1970-01-01 was a Thursday (ISO day 4).
        let weekday = (days + 3).rem_euclid(7) + 1;
        // A week belongs to the year its Thursday is in.
        let thursday = days + 4 - weekday;
        let (iso_year, _, _) = civil_from_days(thursday);
        let iso_week = (thursday - days_from_civil(iso_year, 1, 1)) / 7 + 1;
        Calendar {
            month,
            year_day: days - days_from_civil(year, 1, 1) + 1,
            weekday,
            iso_week,
            iso_year,
        }
    }
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm, the inverse of
/// [`civil_from_days`]).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400);
    let month = i64::from(month);
    let doy = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The day a file was last changed (UTC), as `YYYY-MM-DD`.
fn modified_day(path: &Path) -> Result<String, String> {
    let modified = std::fs::metadata(path)
        .and_then(|m| m.modified())
        .map_err(|e| {
            format!(
                "{}: no date, and its file time cannot be read: {e}",
                path.display()
            )
        })?;
    let seconds = modified
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (y, m, d) = civil_from_days((seconds / 86_400) as i64);
    Ok(format!("{y:04}-{m:02}-{d:02}"))
}

/// Year, month and day of a count of days since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}
