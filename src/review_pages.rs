//! Paged reviews in the browser: the views ask for page `n` of a verified
//! manifest (`trust_views::ReviewPages`), and this fetches and proves it. Page
//! URLs are relative to the manifest's own URL, which the load hands in with the
//! verified data (`load.rs`). A page is fetched once per URL
//! (`fetch::fetch_once`, with its time and size limits) and returned only after
//! `VerifiedManifest::review_page` proved it part of the tree the collector
//! signed; nothing from a page that failed is shown.

use trust_manifest::{Limits, VerifiedManifest};
use trust_views::{PageFuture, ReviewPages, WidgetError};

/// Where a verified manifest came from: its pages are found from there.
pub struct PageSource {
    /// The manifest's absolute URL.
    pub manifest_url: String,
    pub timeout_ms: u32,
}

impl ReviewPages for PageSource {
    fn fetch<'a>(&'a self, verified: &'a VerifiedManifest, n: u64) -> PageFuture<'a> {
        Box::pin(async move {
            let index = verified
                .review_pages()
                .ok_or_else(|| WidgetError::config("no review pages"))?;
            let base = &self.manifest_url;
            let url = web_sys::Url::new_with_base(&index.url(n), base)
                .map(|u| u.href())
                .map_err(|_| WidgetError::config("the page URL does not resolve"))?;
            // The library admits relative or https templates; resolved, a page is on the
            // manifest's own origin or on https, as any URL the widget loads.
            let same_origin = crate::fetch::origin(&url) == crate::fetch::origin(base);
            if !same_origin && !trust_manifest::url::is_safe_https(&url) {
                return Err(WidgetError::config(format!("page URL {url} is not https")));
            }
            let limits = Limits::default();
            let bytes = crate::fetch::fetch_once(&url, limits.page_bytes, self.timeout_ms).await?;
            Ok(verified.review_page(n, &bytes, &limits)?)
        })
    }

    /// The one console warning for a page that failed (the verified reviews stay).
    fn failed(&self, n: u64, error: &WidgetError) {
        web_sys::console::warn_1(&wasm_bindgen::JsValue::from_str(&format!(
            "[trust-widget] {}: review page {n}: {}",
            error.code, error.message
        )));
    }
}
