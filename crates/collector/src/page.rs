//! The HTML shell of the buyer's and the merchant's pages: mobile first, no
//! JavaScript, one stylesheet allowed by hash in a strict Content-Security-Policy,
//! no referrer (review links carry their token in the path), never cached.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use sha2::{Digest, Sha256};
use std::sync::OnceLock;

use crate::html::escape;

const CSS: &str = "\
*{box-sizing:border-box}\
body{margin:0;font:1rem/1.5 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',sans-serif;color:#1b1b1b;background:#fafafa}\
main{max-width:40rem;margin:0 auto;padding:1rem}\
h1{font-size:1.4rem;line-height:1.25;margin:.5rem 0 1rem}\
fieldset{border:0;padding:0;margin:0 0 1.25rem}\
legend,label.f{display:block;font-weight:600;margin-bottom:.35rem}\
.hint{display:block;color:#4a4a4a;font-size:.9rem;margin:-.2rem 0 .35rem}\
input[type=text],textarea{width:100%;font:inherit;padding:.6rem;border:2px solid #6b6b6b;border-radius:6px;background:#fff}\
textarea{min-height:9rem}\
.field{margin-bottom:1.25rem}\
.choice{display:flex;align-items:center;gap:.6rem;min-height:2.75rem;padding:0 .25rem}\
.choice input{width:1.35rem;height:1.35rem;margin:0}\
.stars{color:#8a5a00;letter-spacing:.1em}\
:focus-visible{outline:3px solid #1a56db;outline-offset:2px}\
[aria-invalid=true]{border-color:#b3261e}\
.err{color:#b3261e;font-weight:600;margin:.25rem 0}\
.summary{border:2px solid #b3261e;border-radius:6px;padding:.75rem 1rem;margin-bottom:1.25rem;background:#fff}\
.summary a{color:#b3261e}\
button{font:inherit;font-weight:600;min-height:2.75rem;padding:.6rem 1.25rem;border:0;border-radius:6px;background:#1a56db;color:#fff;cursor:pointer}\
button.secondary{background:#4a4a4a}\
table{border-collapse:collapse;width:100%;font-size:.9rem}\
th,td{text-align:start;border-bottom:1px solid #ccc;padding:.35rem;vertical-align:top}\
nav a{margin-inline-end:1rem}\
.wrap{overflow-x:auto}\
@media (min-width:48rem){main{padding:2rem}}\
@media (prefers-color-scheme:dark){body{background:#121212;color:#eee}.hint{color:#bbb}\
input[type=text],textarea,.summary{background:#1e1e1e;color:#eee;border-color:#999}.stars{color:#f2c14e}}";

fn csp() -> &'static str {
    static CSP: OnceLock<String> = OnceLock::new();
    CSP.get_or_init(|| {
        let h = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(CSS.as_bytes()));
        format!(
            "default-src 'none'; style-src 'sha256-{h}'; img-src 'self' data:; form-action 'self'; \
             frame-ancestors 'none'; base-uri 'none'"
        )
    })
}

/// A complete page. `title` is escaped here; `body` is HTML the caller built with
/// every value escaped.
pub fn render(status: StatusCode, lang: &str, dir: &str, title: &str, body: &str) -> Response {
    render_with("no-referrer", status, lang, dir, title, body)
}

/// The admin pages: `same-origin` referrers, because a browser sends `Origin: null`
/// on a form POST from a `no-referrer` page, and the admin's CSRF check wants the
/// real origin (admin URLs carry no secret).
pub fn render_admin(status: StatusCode, title: &str, body: &str) -> Response {
    render_with("same-origin", status, "en", "ltr", title, body)
}

pub fn message_admin(status: StatusCode, title: &str, text: &str) -> Response {
    let body = format!(
        "<h1>{}</h1><p role=\"status\">{}</p>",
        escape(title),
        escape(text)
    );
    render_admin(status, title, &body)
}

fn render_with(
    referrer: &'static str,
    status: StatusCode,
    lang: &str,
    dir: &str,
    title: &str,
    body: &str,
) -> Response {
    let html = format!(
        "<!doctype html><html lang=\"{}\" dir=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <meta name=\"referrer\" content=\"{referrer}\"><title>{}</title>\
         <link rel=\"icon\" href=\"data:,\"><style>{CSS}</style></head><body><main>{body}</main></body></html>",
        escape(lang),
        escape(dir),
        escape(title),
    );
    let mut r = (status, html).into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static(referrer));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if let Ok(v) = HeaderValue::from_str(csp()) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    r
}

/// A page with a heading and one paragraph (thanks, used, expired, …).
pub fn message(status: StatusCode, lang: &str, dir: &str, title: &str, text: &str) -> Response {
    let body = format!(
        "<h1>{}</h1><p role=\"status\">{}</p>",
        escape(title),
        escape(text)
    );
    render(status, lang, dir, title, &body)
}
