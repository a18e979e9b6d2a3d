//! What a document's URL may be: a path on the site, written as a URL may carry it, and nothing
//! that a browser would read as a script, another host or another scheme.
//!
//! Every URL a reader sees comes from here, in one of two forms:
//! - a path on the site, relative to its root, with no leading `/`, percent-encoded so that it
//!   resolves as one relative reference (`posts/a/`, `Category%3A%E5%8C%BB%E8%8D%AF/`); a page
//!   made from a file gets its path encoded whole ([`of_file_path`]), a URL written by the author
//!   (a permalink, a slug, a JSON Lines `url`) is checked and normalized ([`written`]);
//! - for a JSON Lines record that deliberately links elsewhere, an absolute `http(s)://` address
//!   ([`Allow::External`]), which the page shows as external with its host.
//!
//! Refused, with the reason: any other scheme (`javascript:`, in any case), a host by `//`, a
//! backslash (browsers read it as `/`, so `\\evil.example` is another host), control characters,
//! whitespace other than a plain space and invisible format characters (`java\tscript:`), and `.`
//! or `..` segments.

use sousuo_format::analyzer::is_invisible;

/// Whether a written URL may name another site.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Allow {
    /// A page's own address (a permalink, a slug): only a path on the site.
    SitePath,
    /// A record that links where its author says (JSON Lines): a path on the site, or an
    /// `http(s)://` address elsewhere.
    External,
}

/// Characters a path segment keeps as they are: RFC 3986's unreserved and sub-delimiters, and
/// `@`. `:` is encoded too, so that no first segment can read as a scheme.
fn kept(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=@".contains(c)
}

fn push_encoded(out: &mut String, c: char) {
    let mut bytes = [0; 4];
    for byte in c.encode_utf8(&mut bytes).bytes() {
        out.push_str(&format!("%{byte:02X}"));
    }
}

/// The URL path of a file-made page (`posts/a/`, `c#入门/`): every character outside [`kept`],
/// `%`, `#` and `?` included, is part of the name and is encoded.
pub fn of_file_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if c == '/' || kept(c) {
            out.push(c);
        } else {
            push_encoded(&mut out, c);
        }
    }
    out
}

/// A URL as an author wrote it, checked and normalized: a site path loses its leading `/` and a
/// final `index.html`, so `/p/`, `p/` and `/p/index.html` are one page; characters a URL cannot
/// hold are encoded, escapes already written (`%E5%8C%BB`) kept, a bare `%` encoded.
pub fn written(url: &str, allow: Allow) -> Result<String, String> {
    let url = url.trim_matches(' ');
    refuse_hidden_characters(url)?;
    let head_end = url.find(['/', '?', '#']).unwrap_or(url.len());
    if let Some((scheme, rest)) = url[..head_end].split_once(':') {
        let scheme = scheme.to_ascii_lowercase();
        let web = scheme == "http" || scheme == "https";
        if allow == Allow::SitePath || !web {
            return Err(format!(
                "the URL {url:?} names the scheme {scheme:?}; a page's URL is a path on the site, \
                 such as /posts/a/{}",
                if allow == Allow::External {
                    " (or an http:// or https:// address)"
                } else {
                    ""
                }
            ));
        }
        return external(&scheme, &url[scheme.len() + 1..], rest.is_empty());
    }
    if url.starts_with("//") {
        return Err(format!(
            "the URL {url:?} starts with //, which names another host; a page's URL is a path \
             on the site, such as /posts/a/"
        ));
    }
    let (path, tail) = url.split_at(url.find(['?', '#']).unwrap_or(url.len()));
    let path = path.trim_start_matches('/');
    let dot_segment = |segment: &str| {
        let segment = segment.to_ascii_lowercase().replace("%2e", ".");
        segment == "." || segment == ".."
    };
    if path.split('/').any(dot_segment) {
        return Err(format!(
            "the URL {url:?} has a . or .. segment; write the page's path from the site root"
        ));
    }
    let path = ["index.html", "index.htm"]
        .into_iter()
        .find_map(|index| {
            path.strip_suffix(index)
                .filter(|p| p.is_empty() || p.ends_with('/'))
        })
        .unwrap_or(path);
    let mut out = encoded(path, false);
    out.push_str(&encoded(tail, true));
    Ok(out)
}

/// Whether a document's URL (as [`written`] or [`of_file_path`] made it) is an address on
/// another site rather than a path on this one.
pub fn is_external(url: &str) -> bool {
    url.starts_with("http://") || url.starts_with("https://")
}

/// `scheme://host/…` with the host checked: present, and without credentials (`user@`), which
/// would make the address look like another host's.
fn external(scheme: &str, rest: &str, authority_follows: bool) -> Result<String, String> {
    let Some(after) = rest.strip_prefix("//").filter(|_| authority_follows) else {
        return Err(format!(
            "the URL {scheme}:{rest} has no host; write it as {scheme}://host/path"
        ));
    };
    let host_end = after.find(['/', '?', '#']).unwrap_or(after.len());
    let host = &after[..host_end];
    if host.is_empty() || host.contains('@') {
        return Err(format!(
            "the URL {scheme}:{rest} has no plain host (credentials, or nothing, before the \
             path); write it as {scheme}://host/path"
        ));
    }
    let mut out = format!("{scheme}://{}", host.to_ascii_lowercase());
    let rest = &after[host_end..];
    let (path, tail) = rest.split_at(rest.find(['?', '#']).unwrap_or(rest.len()));
    out.push_str(&encoded(path, false));
    out.push_str(&encoded(tail, true));
    Ok(out)
}

/// Control characters, backslashes, whitespace other than a space, and invisible format
/// characters: a browser drops or rewrites them, so what it follows is not what was written.
fn refuse_hidden_characters(url: &str) -> Result<(), String> {
    let hidden = url.chars().find(|&c| {
        c.is_control() || c == '\\' || (c.is_whitespace() && c != ' ') || is_invisible(c)
    });
    match hidden {
        Some(c) => Err(format!(
            "the URL {url:?} holds the character U+{:04X}{}, which a browser would not follow as \
             written; a page's URL is a path on the site, such as /posts/a/",
            c as u32,
            if c == '\\' { " (a backslash)" } else { "" }
        )),
        None => Ok(()),
    }
}

/// `text` with what a URL cannot hold encoded; written escapes kept. In a query or a fragment
/// (`tail`), `/`, `?`, `:` and `#` keep their meaning too.
fn encoded(text: &str, tail: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    for (at, c) in text.char_indices() {
        let escape = c == '%'
            && bytes.len() > at + 2
            && bytes[at + 1].is_ascii_hexdigit()
            && bytes[at + 2].is_ascii_hexdigit();
        if escape || c == '/' || kept(c) || (tail && "?:#".contains(c)) {
            out.push(c);
        } else {
            push_encoded(&mut out, c);
        }
    }
    out
}
