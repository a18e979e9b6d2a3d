//! `--serve`: the site on loopback, to try the search before deploying it. A small static file
//! server: GET and HEAD, the types a site and the wasm need, byte ranges (the slices of long
//! bodies are fetched so), an ETag on every file (the engine's worker runs the page's bundle
//! again, and gets the browser's copy confirmed rather than sent twice), nothing outside the
//! folder.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};

pub fn serve(root: &Path, port: u16) -> Result<(), String> {
    let listener = TcpListener::bind(("127.0.0.1", port))
        .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}; try --port N"))?;
    eprintln!(
        "sousuo: serving {} at http://127.0.0.1:{port}/ (Ctrl-C stops)",
        root.display()
    );
    serve_on(&listener, root);
    Ok(())
}

fn serve_on(listener: &TcpListener, root: &Path) {
    for stream in listener.incoming().flatten() {
        let _ = answer(root, stream);
    }
}

fn answer(root: &Path, mut stream: TcpStream) -> std::io::Result<()> {
    let mut reader = BufReader::new(&stream);
    let mut request = String::new();
    reader.read_line(&mut request)?;
    let mut range = None;
    let mut held = None;
    let mut header = String::new();
    while reader.read_line(&mut header)? > 0 && !header.trim().is_empty() {
        if let Some((name, value)) = header.split_once(':') {
            let name = name.trim();
            if name.eq_ignore_ascii_case("range") {
                range = byte_range(value.trim());
            } else if name.eq_ignore_ascii_case("if-none-match") {
                held = Some(value.trim().to_string());
            }
        }
        header.clear();
    }
    let mut parts = request.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    if method != "GET" && method != "HEAD" {
        return respond(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain",
            b"",
            method,
        );
    }
    let Some(path) = file_for(root, target) else {
        return respond(
            &mut stream,
            "404 Not Found",
            "text/plain; charset=utf-8",
            b"not found\n",
            method,
        );
    };
    match std::fs::read(&path) {
        Ok(body) => match range {
            Some((start, end)) if start < body.len() => {
                let end = end.min(body.len() - 1);
                let range = format!("Content-Range: bytes {start}-{end}/{}\r\n", body.len());
                let part = &body[start..=end];
                let kind = content_type(&path);
                respond_with(
                    &mut stream,
                    "206 Partial Content",
                    kind,
                    &range,
                    part,
                    method,
                )
            }
            _ => {
                let etag = etag(&body);
                if held.as_deref() == Some(etag.as_str()) {
                    return not_modified(&mut stream, &etag);
                }
                let headers = format!("ETag: {etag}\r\n");
                let kind = content_type(&path);
                respond_with(&mut stream, "200 OK", kind, &headers, &body, method)
            }
        },
        Err(_) => respond(
            &mut stream,
            "404 Not Found",
            "text/plain; charset=utf-8",
            b"not found\n",
            method,
        ),
    }
}

fn respond(
    stream: &mut TcpStream,
    status: &str,
    kind: &str,
    body: &[u8],
    method: &str,
) -> std::io::Result<()> {
    respond_with(stream, status, kind, "", body, method)
}

/// An answer with `headers` (each ending in CRLF) besides the usual ones.
fn respond_with(
    stream: &mut TcpStream,
    status: &str,
    kind: &str,
    headers: &str,
    body: &[u8],
    method: &str,
) -> std::io::Result<()> {
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n{headers}Cache-Control: no-cache\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    if method != "HEAD" {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// The browser's copy is the file: confirmed, without its bytes.
fn not_modified(stream: &mut TcpStream, etag: &str) -> std::io::Result<()> {
    write!(
        stream,
        "HTTP/1.1 304 Not Modified\r\nETag: {etag}\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n"
    )?;
    stream.flush()
}

/// A file's ETag: a hash of its bytes, so a rebuilt file is never confirmed from an old copy.
fn etag(body: &[u8]) -> String {
    let mut hasher = DefaultHasher::new();
    body.hash(&mut hasher);
    format!("\"{:016x}\"", hasher.finish())
}

/// The bytes a `Range: bytes=START-END` header asks for (the one form the page sends).
fn byte_range(value: &str) -> Option<(usize, usize)> {
    let (start, end) = value.strip_prefix("bytes=")?.split_once('-')?;
    let (start, end) = (start.parse().ok()?, end.parse().ok()?);
    (start <= end).then_some((start, end))
}

/// The file a request path names below `root` (percent-decoded; a folder means its
/// index.html), or `None` for anything that would leave it.
fn file_for(root: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let decoded = percent_decode(path)?;
    let relative = Path::new(decoded.trim_start_matches('/'));
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let mut file = root.join(relative);
    if file.is_dir() {
        file.push("index.html");
    }
    file.is_file().then_some(file)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "txt" | "lst" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    /// `root` served on a free port for the rest of the test run.
    fn served(root: &Path) -> u16 {
        let listener = TcpListener::bind(("127.0.0.1", 0)).unwrap();
        let port = listener.local_addr().unwrap().port();
        let root = root.to_path_buf();
        std::thread::spawn(move || serve_on(&listener, &root));
        port
    }

    /// The whole answer to a GET of `path` with `headers` (each ending in CRLF).
    fn get(port: u16, path: &str, headers: &str) -> String {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(stream, "GET {path} HTTP/1.1\r\nHost: x\r\n{headers}\r\n").unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        answer
    }

    fn etag_of(answer: &str) -> &str {
        let at = answer.find("ETag: ").expect("an ETag") + "ETag: ".len();
        answer[at..].lines().next().unwrap()
    }

    #[test]
    fn a_file_is_sent_once_then_confirmed_and_its_ranges_are_answered() {
        let root = std::env::temp_dir().join(format!("sousuo-serve-{}", std::process::id()));
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(root.join("widget.js"), "export const a = 1;").unwrap();
        let port = served(&root);

        let first = get(port, "/widget.js", "");
        assert!(first.starts_with("HTTP/1.1 200 OK\r\n"), "{first}");
        assert!(first.ends_with("export const a = 1;"));
        let etag = etag_of(&first).to_string();

        let again = get(port, "/widget.js", &format!("If-None-Match: {etag}\r\n"));
        assert!(
            again.starts_with("HTTP/1.1 304 Not Modified\r\n"),
            "{again}"
        );
        assert!(again.ends_with("\r\n\r\n"), "no body: {again}");

        std::fs::write(root.join("widget.js"), "export const a = 2;").unwrap();
        let rebuilt = get(port, "/widget.js", &format!("If-None-Match: {etag}\r\n"));
        assert!(rebuilt.ends_with("export const a = 2;"), "{rebuilt}");

        let part = get(port, "/widget.js", "Range: bytes=7-11\r\n");
        assert!(
            part.starts_with("HTTP/1.1 206 Partial Content\r\n"),
            "{part}"
        );
        assert!(part.ends_with("const"), "{part}");

        let outside = get(port, "/../widget.js", "");
        assert!(outside.starts_with("HTTP/1.1 404"), "{outside}");
        std::fs::remove_dir_all(&root).unwrap();
    }
}
