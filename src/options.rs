//! The embed's options, read from a plain JS object the loader builds from
//! `data-` attributes (or the custom element from its attributes).

use wasm_bindgen::JsValue;

use trust_views::WidgetError;

pub use trust_views::{Theme, View};

// The numbers of the options table (pkg-config/options.toml), generated.
mod table;
/// Give up on a response after this long (headers and body together), unless the
/// embed sets `data-timeout` (`fetch.rs` applies it).
pub use table::TIMEOUT_MS;
use table::{TIMEOUT_MAX_MS, TIMEOUT_MIN_MS};

/// Everything an embed can configure.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Manifest URL, resolved against the page.
    pub manifest: String,
    /// Pinned brand key (`ed25519:…`); without it the key set is fetched from
    /// the manifest's origin (`/.well-known/trust-keys.json`).
    pub key: Option<String>,
    /// URL of the attester trust list (`attesters.json`).
    pub attesters: Option<String>,
    pub view: View,
    /// ISO 3166-1 alpha-2, or `None` for automatic.
    pub market: Option<String>,
    /// BCP 47, or `None` for automatic.
    pub locale: Option<String>,
    /// Product id, sku or handle; `None` for the whole store.
    pub product: Option<String>,
    pub theme: Theme,
    /// Show expired certificates, marked expired (hidden by default).
    pub show_expired: bool,
    /// Give up on a fetch after this many milliseconds (`data-timeout`, 1000..=30000).
    pub timeout_ms: u32,
}

fn get(obj: &JsValue, name: &str) -> Option<String> {
    js_sys::Reflect::get(obj, &JsValue::from_str(name))
        .ok()
        .and_then(|v| v.as_string())
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty() && s != "auto")
}

impl Options {
    /// Defaults for everything but the manifest URL.
    pub fn new(manifest: String) -> Options {
        Options {
            manifest,
            key: None,
            attesters: None,
            view: View::Full,
            market: None,
            locale: None,
            product: None,
            theme: Theme::Auto,
            show_expired: false,
            timeout_ms: TIMEOUT_MS,
        }
    }

    /// Reads and checks options. Unknown values are configuration errors, not
    /// silently replaced, so a merchant sees the typo in the console.
    pub fn from_js(obj: &JsValue) -> Result<Options, WidgetError> {
        let manifest = get(obj, "manifest")
            .ok_or_else(|| WidgetError::config("no manifest URL (data-manifest)"))?;
        let view = match get(obj, "view") {
            None => View::Full,
            Some(v) => View::parse(&v).ok_or_else(|| {
                WidgetError::config(format!(
                    concat!("unknown view {:?}: use ", trust_views::view_names!()),
                    v
                ))
            })?,
        };
        let market = match get(obj, "market") {
            None => None,
            Some(m) if m.len() == 2 && m.bytes().all(|c| c.is_ascii_alphabetic()) => {
                Some(m.to_ascii_uppercase())
            }
            Some(m) => {
                return Err(WidgetError::config(format!(
                    "market {m:?} is not an ISO 3166-1 alpha-2 code"
                )))
            }
        };
        let theme = match get(obj, "theme") {
            None => Theme::Auto,
            Some(t) => Theme::parse(&t)
                .ok_or_else(|| WidgetError::config(format!("unknown theme {t:?}")))?,
        };
        Ok(Options {
            manifest,
            key: get(obj, "key"),
            attesters: get(obj, "attesters"),
            view,
            market,
            locale: get(obj, "locale"),
            product: get(obj, "product"),
            theme,
            show_expired: get(obj, "showExpired").is_some_and(|v| v == "true" || v == "1"),
            timeout_ms: match get(obj, "timeout") {
                None => TIMEOUT_MS,
                Some(t) => t
                    .parse::<u32>()
                    .map(|t| t.clamp(TIMEOUT_MIN_MS, TIMEOUT_MAX_MS))
                    .map_err(|_| {
                        WidgetError::config(format!(
                            "timeout {t:?} is not a number of milliseconds"
                        ))
                    })?,
            },
        })
    }
}

/// Manifests, key sets, trust lists and packs are fetched over http(s) only: a
/// `data:` or `blob:` URL (or `javascript:`, `file:`…) names bytes that no origin
/// vouches for, which page content could make up on the spot. `fetch::fetch_once`
/// checks every request with this, whoever built the options (the embed refuses
/// such URLs before loading anything, www/embed.js). `url` is absolute.
pub fn http_only(url: &str) -> Result<(), WidgetError> {
    // Nor with user information (`https://shop.example@evil.example/` is on
    // evil.example): the rule of every URL in a manifest (`trust_manifest::url`).
    if trust_manifest::url::refusal(url, false, None)
        == Some(trust_manifest::url::Refusal::Userinfo)
    {
        return Err(WidgetError::config(
            "URLs with user information (user@host) are not fetched",
        ));
    }
    match url.split_once(':') {
        Some(("https" | "http", _)) => Ok(()),
        other => Err(WidgetError::config(format!(
            "{}: URLs are not fetched (http and https only)",
            other.map_or("relative", |(scheme, _)| scheme)
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::http_only;

    /// Only absolute http(s) URLs pass; the reason code is `config`.
    #[test]
    fn only_http_urls_are_fetched() {
        for ok in [
            "https://shop.example/m.json",
            "http://127.0.0.1:8080/m.json",
        ] {
            assert_eq!(http_only(ok), Ok(()), "{ok}");
        }
        for (bad, scheme) in [
            ("data:application/json,{}", "data"),
            ("blob:https://shop.example/0b6a", "blob"),
            ("javascript:alert(1)", "javascript"),
            ("file:///etc/passwd", "file"),
            ("ftp://shop.example/m.json", "ftp"),
            ("HTTPS://shop.example/m.json", "HTTPS"),
            ("null/.well-known/trust-keys.json", "relative"),
            ("", "relative"),
        ] {
            let e = http_only(bad).unwrap_err();
            assert_eq!(e.code, "config", "{bad}");
            assert!(
                e.message.starts_with(&format!("{scheme}: ")),
                "{bad}: {}",
                e.message
            );
        }
        // Issue 12 item 9: the host after `@` is the real one.
        for bad in [
            "https://shop.example@evil.example/m.json",
            "http://localhost:80@evil.example/m.json",
        ] {
            assert_eq!(http_only(bad).unwrap_err().code, "config", "{bad}");
        }
    }
}
