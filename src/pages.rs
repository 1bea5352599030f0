//! Paged reviews in the browser: where a verified manifest came from (page URLs
//! are relative to it), and fetching and checking page `n` on demand. A page is
//! fetched once per URL (`fetch::fetch_once`, with its time and size limits) and
//! rendered only after `VerifiedManifest::review_page` proved it part of the tree
//! the collector signed; nothing from a page that failed is shown.

use std::cell::RefCell;

use trust_manifest::{Limits, Review, Verified, VerifiedManifest};

use crate::error::WidgetError;

thread_local! {
    // (payload sha256, manifest URL, timeout) per verified manifest on the page.
    static SOURCES: RefCell<Vec<(String, String, u32)>> = const { RefCell::new(Vec::new()) };
}

/// Remembers where a verified manifest was fetched from, so its pages can be found.
pub fn remember(verified: &VerifiedManifest, manifest_url: &str, timeout_ms: u32) {
    SOURCES.with(|s| {
        let mut s = s.borrow_mut();
        if !s.iter().any(|(sha, ..)| sha == verified.payload_sha256()) {
            s.push((
                verified.payload_sha256().to_owned(),
                manifest_url.to_owned(),
                timeout_ms,
            ));
        }
    });
}

fn source(verified: &VerifiedManifest) -> Option<(String, u32)> {
    SOURCES.with(|s| {
        s.borrow()
            .iter()
            .find(|(sha, ..)| sha == verified.payload_sha256())
            .map(|(_, url, t)| (url.clone(), *t))
    })
}

/// Fetches page `n` and checks it against the manifest's signed page index.
pub async fn fetch_page(
    verified: &VerifiedManifest,
    n: u64,
) -> Result<Vec<Verified<Review>>, WidgetError> {
    let index = verified
        .review_pages()
        .ok_or_else(|| WidgetError::config("no review pages"))?;
    let (base, timeout_ms) =
        source(verified).ok_or_else(|| WidgetError::config("the manifest's URL is not known"))?;
    let url = web_sys::Url::new_with_base(&index.url(n), &base)
        .map(|u| u.href())
        .map_err(|_| WidgetError::config("the page URL does not resolve"))?;
    // The library admits relative or https templates; resolved, a page is on the
    // manifest's own origin or on https, as any URL the widget loads.
    let same_origin = crate::fetch::origin(&url) == crate::fetch::origin(&base);
    if !same_origin && !trust_manifest::url::is_safe_https(&url) {
        return Err(WidgetError::config(format!("page URL {url} is not https")));
    }
    let limits = Limits::default();
    let bytes = crate::fetch::fetch_once(&url, limits.page_bytes, timeout_ms).await?;
    Ok(verified.review_page(n, &bytes, &limits)?)
}

/// The one console warning for a page that failed (the verified reviews stay).
pub fn warn(n: u64, error: &WidgetError) {
    #[cfg(target_arch = "wasm32")]
    web_sys::console::warn_1(&wasm_bindgen::JsValue::from_str(&format!(
        "[trust-widget] {}: review page {n}: {}",
        error.code, error.message
    )));
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (n, error);
}
