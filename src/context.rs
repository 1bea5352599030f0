//! What every component receives: the verified manifest and the shopper's context.

use std::rc::Rc;

use trust_manifest::{Timestamp, VerifiedManifest};

use crate::options::{Theme, View};

/// The verified manifest. Components take this, never raw manifest data: the only
/// way to build one is `trust_manifest::verify_manifest`.
#[derive(Clone, Debug)]
pub struct Trust(pub Rc<VerifiedManifest>);

impl PartialEq for Trust {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for Trust {
    type Target = VerifiedManifest;
    fn deref(&self) -> &VerifiedManifest {
        &self.0
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
