//! For the crate's browser tests only: renders a view of an already verified
//! manifest into an element, skipping fetch and key discovery. Still takes a
//! `VerifiedManifest`, which only `verify_manifest` can make.

use std::rc::Rc;

use trust_manifest::VerifiedManifest;
use web_sys::Element;

use trust_views::{Ctx, Theme, Trust, TrustView, TrustViewProps, View};

/// A rendered view; dropping it leaves it mounted, `destroy` removes it.
pub struct Rendered(yew::AppHandle<TrustView>);

impl Rendered {
    pub fn destroy(self) {
        self.0.destroy();
    }
}

/// Renders `view` ("summary", "reviews"…) for a shopper in `market` reading
/// `locale`, judged at the time verification used.
pub fn render_verified(
    root: Element,
    verified: VerifiedManifest,
    view: &str,
    market: &str,
    locale: &str,
    product: Option<&str>,
    show_expired: bool,
) -> Rendered {
    let now = verified.verified_at();
    let ctx = Ctx {
        locale: locale.to_owned(),
        market: market.to_ascii_uppercase(),
        product: product.map(str::to_owned),
        view: View::parse(view).unwrap_or(View::Full),
        theme: Theme::Light,
        show_expired,
        now,
        local_origin: crate::shopper::local_origin(),
    };
    let props = TrustViewProps {
        trust: Trust::new(Rc::new(verified)),
        ctx,
    };
    Rendered(yew::Renderer::<TrustView>::with_root_and_props(root, props).render())
}
