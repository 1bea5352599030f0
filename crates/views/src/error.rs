//! Why the widget shows nothing. Codes from `trust-manifest` pass through
//! unchanged; the ones below are the widget's own (network and configuration).
//! Every code is a public contract: console warnings and `trust-widget:error`
//! events carry it.

use std::fmt;

/// A reason code and a human message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WidgetError {
    pub code: &'static str,
    pub message: String,
}

impl WidgetError {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        WidgetError {
            code,
            message: message.into(),
        }
    }
    /// The embed's options are unusable (no manifest URL, bad key, bad view).
    pub fn config(message: impl Into<String>) -> Self {
        Self::new("config", message)
    }
    /// The request failed before a response (offline, DNS, CORS refusal).
    pub fn network(message: impl Into<String>) -> Self {
        Self::new("network", message)
    }
    /// No complete response within the time limit.
    pub fn timeout(ms: u32) -> Self {
        Self::new("timeout", format!("no complete response within {ms} ms"))
    }
    /// The server answered with a status other than 200.
    pub fn http_status(status: u16) -> Self {
        Self::new("http-status", format!("HTTP {status}"))
    }
    /// The response is not JSON.
    pub fn content_type(found: &str) -> Self {
        Self::new(
            "content-type",
            format!("content type {found:?} is not JSON"),
        )
    }
    /// The response was redirected to another origin.
    pub fn redirect(to: &str) -> Self {
        Self::new("redirect", format!("redirected to another origin ({to})"))
    }
}

impl From<trust_manifest::Error> for WidgetError {
    fn from(e: trust_manifest::Error) -> Self {
        WidgetError {
            code: e.code(),
            message: e.to_string(),
        }
    }
}

impl fmt::Display for WidgetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

/// Codes only the widget produces (the manifest library's are in `REASON_CODES`).
pub const WIDGET_CODES: &[&str] = &[
    "config",
    "network",
    "timeout",
    "http-status",
    "content-type",
    "redirect",
    // Also the embed's (www/embed.js): the widget's code did not load, or one of
    // its files (glue, wasm, language pack) is not the one it was built with.
    "load-failed",
];
