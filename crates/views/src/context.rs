//! What every component receives: the verified manifest (with the way to its
//! review pages) and the shopper's context.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use trust_manifest::{Review, Timestamp, Verified, VerifiedManifest};

use crate::error::WidgetError;
use crate::view_theme::{Theme, View};

/// The verified manifest. Components take this, never raw manifest data: the only
/// way to build one is `trust_manifest::verify_manifest`.
///
/// It carries the way to the manifest's later review pages, handed in by whoever
/// loaded the manifest (the browser shell knows its URL and time limit): the
/// views never fetch. Without one (the static render), no later page is asked for.
#[derive(Clone)]
pub struct Trust {
    manifest: Rc<VerifiedManifest>,
    pages: Option<Rc<dyn ReviewPages>>,
}

/// A review page on its way: proven reviews, or why not.
pub type PageFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Vec<Verified<Review>>, WidgetError>> + 'a>>;

/// Where a verified manifest's review pages come from, and where a failed page is
/// reported.
pub trait ReviewPages {
    /// Page `n`, fetched and checked against the manifest's signed page index
    /// (`VerifiedManifest::review_page`): nothing unproven comes back.
    fn fetch<'a>(&'a self, manifest: &'a VerifiedManifest, n: u64) -> PageFuture<'a>;
    /// The one report of a page that failed (the reviews shown stay).
    fn failed(&self, n: u64, error: &WidgetError);
}

impl Trust {
    /// A verified manifest with no way to its later pages.
    pub fn new(manifest: Rc<VerifiedManifest>) -> Trust {
        Trust {
            manifest,
            pages: None,
        }
    }

    /// The same, with the way to its later review pages.
    pub fn with_pages(self, pages: Rc<dyn ReviewPages>) -> Trust {
        Trust {
            pages: Some(pages),
            ..self
        }
    }

    /// Page `n` of the manifest's reviews, from whoever can fetch it.
    pub(crate) async fn fetch_page(&self, n: u64) -> Result<Vec<Verified<Review>>, WidgetError> {
        match &self.pages {
            Some(pages) => pages.fetch(&self.manifest, n).await,
            None => Err(WidgetError::config("the manifest's URL is not known")),
        }
    }

    /// Reports a failed page (a no-op where nobody listens).
    pub(crate) fn page_failed(&self, n: u64, error: &WidgetError) {
        if let Some(pages) = &self.pages {
            pages.failed(n, error);
        }
    }
}

impl std::fmt::Debug for Trust {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.manifest.fmt(f)
    }
}

impl PartialEq for Trust {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.manifest, &other.manifest)
    }
}

impl std::ops::Deref for Trust {
    type Target = VerifiedManifest;
    fn deref(&self) -> &VerifiedManifest {
        &self.manifest
    }
}

/// The shopper's context, resolved once per mount.
#[derive(Clone, Debug, PartialEq)]
pub struct Ctx {
    /// BCP 47 locale for `Intl` (e.g. `de-DE`).
    pub locale: String,
    /// ISO 3166-1 alpha-2 market, upper case.
    pub market: String,
    /// Product id, sku or handle, when the embed names one.
    pub product: Option<String>,
    pub view: View,
    pub theme: Theme,
    pub show_expired: bool,
    /// The clock verification used; validity is judged at it.
    pub now: Timestamp,
    /// The page's own origin when the page is served from loopback (local
    /// development, the demo), else `None`: images from it may load
    /// (`trust_manifest::url::is_loadable_image`); a shop's public page has none.
    pub local_origin: Option<String>,
}
