//! The URL lint: walks the whole document, so a URL in a field this version does
//! not model is still caught. The widget links or loads only plain `https://`
//! URLs (`trust_manifest::url::is_safe_https`); anything else would silently
//! lose its link, so it is an error here.

use serde_json::Value;
use trust_manifest::url::{is_loadable_image, is_safe_https, origin_of};

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
        if origin_of(s).is_none() {
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
    if (named_url || looks_like_url) && !is_safe_https(s) && is_loadable_image(s) {
        lint.warning(
            pointer,
            format!(
                "{s:?} is served from this machine: fine for local development, never for shoppers"
            ),
        );
        return;
    }
    if (named_url || looks_like_url) && !is_safe_https(s) {
        lint.error(
            pointer,
            format!("{s:?} is not a plain https:// URL; the widget never links or loads it"),
        );
    }
}
