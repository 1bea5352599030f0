//! The admin page in tests: logging in with a token, reading a page and its CSRF
//! token, posting a change; and the check that a page's markup is all ours (the
//! naughty-strings corpus stays text).
#![allow(dead_code)]

use axum::body::Body;
use axum::http::Request;

use crate::buyer::{Env, ADMIN_TOKEN};

pub async fn login(e: &Env) -> String {
    login_with(e, ADMIN_TOKEN).await
}

pub async fn login_with(e: &Env, token: &str) -> String {
    let req = Request::post("/admin/login")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(format!("token={token}")))
        .unwrap();
    let (s, _, h) = e.call(req).await;
    assert_eq!(s, 303);
    let c = h["set-cookie"].to_str().unwrap();
    assert!(
        c.contains("HttpOnly") && c.contains("SameSite=Strict"),
        "{c}"
    );
    c.split(';').next().unwrap().to_string()
}

pub async fn page(e: &Env, cookie: &str, path: &str) -> (u16, String) {
    let (s, b, _) = e
        .call(
            Request::get(path)
                .header("cookie", cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    (s, b)
}

pub fn csrf(page: &str) -> String {
    let i = page.find("name=\"csrf\" value=\"").expect("a CSRF field") + 19;
    page[i..i + 64].to_string()
}

pub async fn post(e: &Env, cookie: &str, path: &str, body: &str, origin: Option<&str>) -> u16 {
    let mut r = Request::post(path)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", cookie);
    if let Some(o) = origin {
        r = r.header("origin", o);
    }
    e.call(r.body(Body::from(body.to_string())).unwrap())
        .await
        .0
}

pub fn naughty() -> Vec<String> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/hostile/naughty.txt"
    ))
    .unwrap();
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect()
}

/// Every tag in the page is one of ours with our attributes and our links: escaped
/// values contain no `<` and no `"`, so a value that escaped its escaping would show
/// up here as a foreign tag, attribute or URL.
pub fn assert_inert(page: &str, what: &str) {
    const TAGS: &[&str] = &[
        "!doctype", "html", "head", "meta", "title", "link", "style", "body", "main", "h1", "h2",
        "p", "strong", "small", "ul", "li", "a", "div", "form", "fieldset", "legend", "label",
        "input", "span", "textarea", "select", "option", "button", "nav", "table", "thead",
        "tbody", "tr", "th", "td", "br", "hr", "code",
    ];
    const ATTRS: &[&str] = &[
        "lang",
        "dir",
        "charset",
        "name",
        "content",
        "rel",
        "href",
        "class",
        "id",
        "role",
        "tabindex",
        "method",
        "action",
        "enctype",
        "type",
        "value",
        "required",
        "checked",
        "for",
        "aria-hidden",
        "aria-describedby",
        "aria-invalid",
        "maxlength",
        "accept",
        "multiple",
        "autocomplete",
        "scope",
        "html",
        "aria-label",
        "autofocus",
    ];
    for raw in page.split('<').skip(1) {
        let tag = raw.split('>').next().unwrap();
        let tag = tag.trim_start_matches('/');
        let mut parts = tag.splitn(2, ' ');
        let name = parts.next().unwrap().to_lowercase();
        assert!(TAGS.contains(&name.as_str()), "{what}: foreign tag <{name}");
        let mut rest = parts.next().unwrap_or("");
        while let Some(c) = rest.find(|c: char| !c.is_whitespace()) {
            rest = &rest[c..];
            let end = rest
                .find(|c: char| c == '=' || c.is_whitespace())
                .unwrap_or(rest.len());
            let attr = &rest[..end];
            assert!(
                ATTRS.contains(&attr),
                "{what}: foreign attribute {attr:?} on <{name}>"
            );
            rest = &rest[end..];
            if let Some(v) = rest.strip_prefix("=\"") {
                let close = v.find('"').expect("quoted value");
                let value = &v[..close];
                if attr == "href" || attr == "action" {
                    assert!(
                        value.starts_with('/') || value.starts_with('#') || value == "data:,",
                        "{what}: link {value:?}"
                    );
                }
                rest = &v[close + 1..];
            }
        }
    }
}
