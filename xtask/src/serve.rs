//! A small static file server for the demo and the page tests: GET and HEAD,
//! the right MIME types (`application/wasm` matters: streaming instantiation
//! refuses anything else), the cache headers a CDN should send (`cache_control`:
//! the hashed widget files immutable, so a repeat visit takes them from the HTTP
//! cache), and nothing outside the root. Pages under
//! `/csp/` and `/csp-minimal/` are served with a strict Content-Security-Policy;
//! `/faults/<name>` misbehaves on purpose (`faults.rs`).

use std::{
    fs,
    io::{BufRead, BufReader, Write},
    net::{TcpListener, TcpStream},
    path::{Component, Path, PathBuf},
    sync::{Arc, OnceLock},
    thread,
};

use anyhow::{Context, Result};

/// Binds `addr` and serves `root` on background threads; returns the bound address.
pub fn spawn(root: PathBuf, addr: &str) -> Result<std::net::SocketAddr> {
    spawn_with(root, addr, None)
}

/// A request the static files do not answer (the demo's collector loop,
/// `collector_loop.rs`): it gets the request first and answers it by returning
/// `Some`, reading any body from the reader; `None` leaves it to the files.
pub type Dynamic = Arc<DynamicFn>;

/// Method, target and headers (names lower-cased) of one request.
pub struct Request {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// `spawn`, with dynamic routes in front of the files.
pub fn spawn_with(
    root: PathBuf,
    addr: &str,
    dynamic: Option<Dynamic>,
) -> Result<std::net::SocketAddr> {
    let listener = TcpListener::bind(addr).with_context(|| format!("binding {addr}"))?;
    let bound = listener.local_addr()?;
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            let dynamic = dynamic.clone();
            thread::spawn(move || {
                let _ = handle(stream, &root, dynamic.as_deref());
            });
        }
    });
    Ok(bound)
}

pub type DynamicFn = dyn Fn(&Request, &mut BufReader<TcpStream>, &mut TcpStream) -> Option<std::io::Result<()>>
    + Send
    + Sync;

static OTHER_ORIGIN: OnceLock<String> = OnceLock::new();

/// The second origin: the same site on another port, started on first use
/// (the fault matrix's redirect and CORS cases need one).
fn other_origin(root: &Path) -> &'static str {
    OTHER_ORIGIN.get_or_init(|| {
        spawn(root.to_path_buf(), "127.0.0.1:0")
            .map(|a| format!("http://{a}"))
            .unwrap_or_default()
    })
}

fn handle(mut stream: TcpStream, root: &Path, dynamic: Option<&DynamicFn>) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // The headers matter only to dynamic routes.
    let mut headers = Vec::new();
    let mut line = String::new();
    while reader.read_line(&mut line)? > 2 {
        if let Some((k, v)) = line.split_once(':') {
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
        line.clear();
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    if let Some(dynamic) = dynamic {
        let request = Request {
            method: method.to_string(),
            target: target.to_string(),
            headers,
        };
        if let Some(answered) = dynamic(&request, &mut reader, &mut stream) {
            return answered;
        }
    }
    if method != "GET" && method != "HEAD" {
        return respond(
            &mut stream,
            405,
            "text/plain",
            "no-store",
            b"method not allowed",
            method == "HEAD",
        );
    }
    let path = target.split(['?', '#']).next().unwrap_or("/");
    if let Some(name) = path.strip_prefix("/faults/") {
        return crate::faults::handle(&mut stream, name, root, &|| other_origin(root));
    }
    match resolve(root, path).and_then(|p| fs::read(&p).ok().map(|b| (p, b))) {
        Some((file, body)) => respond(
            &mut stream,
            200,
            mime(&file),
            &format!("{}{}", cache_control(path), policy(path)),
            &body,
            method == "HEAD",
        ),
        None => respond(
            &mut stream,
            404,
            "text/plain",
            "no-store",
            b"not found",
            method == "HEAD",
        ),
    }
}

/// Maps a URL path to a file under root: percent-decoding is not needed for our
/// files, and any `..` or absolute component is refused.
fn resolve(root: &Path, url_path: &str) -> Option<PathBuf> {
    let rel = Path::new(url_path.trim_start_matches('/'));
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    let mut file = root.join(rel);
    if file.is_dir() {
        file = file.join("index.html");
    }
    file.is_file().then_some(file)
}

fn mime(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        _ => "application/octet-stream",
    }
}

/// The cache policy a CDN should use: content-hashed widget assets never change, so
/// they are immutable; the loader (stable URL) is revalidated after five minutes;
/// pages and manifests are revalidated every time.
fn cache_control(url_path: &str) -> &'static str {
    match url_path.strip_prefix("/widget/") {
        Some("loader.js") => "public, max-age=300",
        Some(name) if name.starts_with("trust-widget") => "public, max-age=31536000, immutable",
        _ => "no-cache",
    }
}

/// The Content-Security-Policy header for fixture pages that test the widget under
/// one, as an extra header line (it starts with CRLF and follows cache-control):
/// `/csp/` gets the policy of issue 6, `/csp-minimal/` the smallest one README.md
/// documents; both require Trusted Types.
fn policy(url_path: &str) -> &'static str {
    if url_path.starts_with("/csp/") {
        "\r\ncontent-security-policy: default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' https:; connect-src 'self'; \
         require-trusted-types-for 'script'; trusted-types 'none'"
    } else if url_path.starts_with("/csp-minimal/") {
        "\r\ncontent-security-policy: default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; \
         connect-src 'self'; img-src 'self'; require-trusted-types-for 'script'; trusted-types 'none'"
    } else {
        ""
    }
}

fn respond(
    stream: &mut TcpStream,
    status: u16,
    content_type: &str,
    cache_control: &str,
    body: &[u8],
    head_only: bool,
) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        404 => "Not Found",
        _ => "Method Not Allowed",
    };
    let header = format!(
        "HTTP/1.1 {status} {reason}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\n\
         cache-control: {cache_control}\r\nx-content-type-options: nosniff\r\nconnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(header.as_bytes())?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}
