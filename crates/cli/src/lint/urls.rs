//! The URL lint: walks the whole document, so a URL in a field this version does
//! not model is still caught. The widget links or loads only plain `https://`
//! URLs on public hosts, without user information (`trust_manifest::url`);
//! anything else would silently lose its link or image, so it is an error here,
//! with the widget's reason.

use serde_json::Value;
use trust_manifest::url::{local_origin, origin_of, refusal, Refusal};

use crate::lint::{escape, Lint};

/// Fields whose value is a URL the widget may link or load.
const URL_FIELDS: &[&str] = &[
    "url",
    "website",
    "video",
    "poster",
    "logo",
    "image",
    "href",
    "attester_url",
];

/// Fields (besides a photo's `url`) whose value is an image the widget may load.
const IMAGE_FIELDS: &[&str] = &["poster", "logo", "image"];

/// Schemes that mark a string as a URL wherever it appears.
const SCHEMES: &[&str] = &[
    "http:",
    "https:",
    "javascript:",
    "data:",
    "vbscript:",
    "file:",
    "ftp:",
];

pub fn check(doc: &Value, lint: &mut Lint) {
    walk(doc, "", None, lint);
}

fn walk(value: &Value, pointer: &str, field: Option<&str>, lint: &mut Lint) {
    match value {
        Value::Object(map) => {
            if map.contains_key("payloadType") && map.contains_key("payload") {
                return; // an embedded envelope: base64 inside, linted as a statement
            }
            for (k, v) in map {
                walk(v, &format!("{pointer}/{}", escape(k)), Some(k), lint);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                walk(v, &format!("{pointer}/{i}"), field, lint);
            }
        }
        Value::String(s) => string(s, pointer, field, lint),
        _ => {}
    }
}

fn string(s: &str, pointer: &str, field: Option<&str>, lint: &mut Lint) {
    if field == Some("allowed_origins") {
        if refusal(s, false, None) == Some(Refusal::Userinfo) {
            lint.error(
                pointer,
                format!("{s:?} has user information before its host (user@host); no page has that origin"),
            );
        } else if origin_of(s).is_none() {
            lint.error(
                pointer,
                format!("{s:?} is not an https origin (plain http only for localhost, 127.0.0.1 and [::1])"),
            );
        }
        return;
    }
    let named_url = field.is_some_and(|f| URL_FIELDS.contains(&f));
    let lower = s.trim_start().to_ascii_lowercase();
    let looks_like_url =
        SCHEMES.iter().any(|scheme| lower.starts_with(scheme)) || lower.starts_with("//");
    if !(named_url || looks_like_url) {
        return;
    }
    // The widget's own rule (`trust_manifest::url::refusal`), for a shop's public page.
    let image = pointer.contains("/photos/") || field.is_some_and(|f| IMAGE_FIELDS.contains(&f));
    let Some(refusal) = refusal(s, image, None) else {
        return;
    };
    // On a page served from the image's own loopback origin it shows (the demo).
    if image && origin_of(s).and_then(local_origin).is_some() {
        lint.warning(
            pointer,
            format!(
                "{s:?} is served from this machine: shown only on a page of that same origin \
                 (local development), never to shoppers"
            ),
        );
        return;
    }
    let why = match refusal {
        Refusal::Userinfo => "has user information before its host (user@host), which hides where it points",
        Refusal::Loopback => "points at the shopper's own machine (a loopback host)",
        Refusal::Address => {
            "names its host by IP address, which may be on the shopper's own network: use a host name"
        }
        Refusal::Syntax | Refusal::NotHttps => "is not a plain https:// URL",
    };
    lint.error(
        pointer,
        format!("{s:?} {why}; the widget never links or loads it"),
    );
}
