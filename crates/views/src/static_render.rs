//! Static HTML of a verified view (native only; used by `trustctl render`): the
//! no-JavaScript fallback and crawlable content that the widget replaces on load
//! without a layout shift.
//!
//! The markup comes from the live widget's own view components (`TrustView`),
//! rendered with Yew's server-side renderer, and `intl.rs` formats through ICU4X
//! natively (`intl/icu.rs`) where the browser uses `Intl`; so the static HTML and
//! the live render cannot drift apart. The output is one `<trust-widget>` element
//! with a declarative shadow root (`<template shadowrootmode="open">`) holding the
//! widget's stylesheet and the view, inside the same `div.tw-root` container the
//! live widget renders into (`trust-widget`'s `host.rs`), marked `data-tw-static`.
//! Every string is escaped by Yew's renderer (text and attribute values); the
//! element's own attributes here.

use std::rc::Rc;

use trust_manifest::VerifiedManifest;
use yew::LocalServerRenderer;

use crate::components::{TrustView, TrustViewProps};
use crate::context::{Ctx, Trust};
use crate::view_theme::{Theme, View};

/// What the page's `<trust-widget>` says: the same options the live widget reads
/// from the element's attributes once the script loads.
#[derive(Debug, Clone, PartialEq)]
pub struct StaticOptions {
    /// The manifest URL the live widget fetches (`manifest`).
    pub manifest_url: String,
    /// The pinned brand key, `ed25519:…` (`key`); `None`: the key set is fetched.
    pub key: Option<String>,
    /// URL of the attester trust list (`attesters`).
    pub attesters_url: Option<String>,
    pub view: View,
    /// ISO 3166-1 alpha-2 market.
    pub market: String,
    /// BCP 47 locale.
    pub locale: String,
    pub product: Option<String>,
    pub theme: Theme,
    pub show_expired: bool,
    /// The origin of the page the HTML goes into, when known: on a loopback page
    /// (local development, the demo) images from that origin show, as the live
    /// widget shows them there; `None` renders for a shop's public page.
    pub page_origin: Option<String>,
}

/// The `<trust-widget>` element with the view pre-rendered in its declarative
/// shadow root. `manifest` is judged at the time it was verified at.
pub fn render_static(manifest: VerifiedManifest, options: &StaticOptions) -> String {
    let trust = Trust::new(Rc::new(manifest));
    let ctx = Ctx {
        locale: options.locale.clone(),
        market: options.market.to_ascii_uppercase(),
        product: options.product.clone(),
        view: options.view,
        theme: options.theme,
        show_expired: options.show_expired,
        now: trust.verified_at(),
        local_origin: options
            .page_origin
            .as_deref()
            .and_then(trust_manifest::url::local_origin)
            .map(str::to_owned),
    };
    let view = render_view(TrustViewProps { trust, ctx });

    let mut out = String::from("<trust-widget");
    let mut attr = |name: &str, value: &str| {
        out.push(' ');
        out.push_str(name);
        out.push_str("=\"");
        out.push_str(&escape(value));
        out.push('"');
    };
    attr("manifest", &options.manifest_url);
    if let Some(key) = &options.key {
        attr("key", key);
    }
    if let Some(url) = &options.attesters_url {
        attr("attesters", url);
    }
    attr("view", options.view.name());
    attr("market", &options.market);
    attr("locale", &options.locale);
    if let Some(product) = &options.product {
        attr("product", product);
    }
    if options.theme != Theme::Auto {
        attr("theme", options.theme.name());
    }
    if options.show_expired {
        attr("show-expired", "true");
    }
    out.push_str("><template shadowrootmode=\"open\"><style>");
    // Our own stylesheet, never data; it cannot close the element (checked in tests).
    out.push_str(crate::style::CSS);
    // The same container the live widget renders into (`host.rs`), marked as static (for tests and
    // the curious; the widget swaps by position: its own container comes last).
    out.push_str("</style><div class=\"tw-root\" part=\"root\" data-tw-static=\"\">");
    out.push_str(&view);
    out.push_str("</div></template></trust-widget>");
    out
}

/// The view's markup, from the same component the widget renders.
fn render_view(props: TrustViewProps) -> String {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a current-thread runtime needs no resources");
    tokio::task::LocalSet::new().block_on(&runtime, async move {
        LocalServerRenderer::<TrustView>::with_props(props)
            .hydratable(false)
            .render()
            .await
    })
}

/// Escapes text for a double-quoted attribute value (or element content).
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stylesheet_cannot_close_its_element() {
        assert!(!crate::style::CSS.to_ascii_lowercase().contains("</style"));
        assert!(!crate::style::CSS.contains("<!--"));
    }

    #[test]
    fn attribute_values_are_escaped() {
        assert_eq!(
            escape("\"><script>&'"),
            "&quot;&gt;&lt;script&gt;&amp;&#39;"
        );
    }
}
