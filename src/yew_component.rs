//! `TrustWidget`: the widget as a Yew component, for Rust front-end apps.
//!
//! It renders a host element and mounts the widget into that element's shadow
//! root, exactly as the loader does, so the app's styles and the widget's stay
//! apart and the widget behaves the same on every surface.

use web_sys::Element;
use yew::prelude::*;

use crate::mount::{mount_options, Mounted};
use crate::options::{Options, Theme, View};

/// Typed options; see the README's option table for their meaning.
#[derive(Properties, PartialEq, Clone)]
pub struct TrustWidgetProps {
    /// URL of the signed manifest.
    pub manifest: AttrValue,
    /// Pinned brand key `ed25519:…` (the `key` option; `key` itself is reserved
    /// by Yew); `None` fetches the key set.
    #[prop_or_default]
    pub public_key: Option<AttrValue>,
    /// URL of the attester trust list.
    #[prop_or_default]
    pub attesters: Option<AttrValue>,
    #[prop_or(View::Full)]
    pub view: View,
    /// ISO 3166-1 alpha-2; `None` detects it.
    #[prop_or_default]
    pub market: Option<AttrValue>,
    /// BCP 47; `None` detects it.
    #[prop_or_default]
    pub locale: Option<AttrValue>,
    #[prop_or_default]
    pub product: Option<AttrValue>,
    #[prop_or(Theme::Auto)]
    pub theme: Theme,
    #[prop_or_default]
    pub show_expired: bool,
}

impl TrustWidgetProps {
    fn options(&self) -> Options {
        let text = |v: &Option<AttrValue>| v.as_ref().map(|v| v.to_string());
        let mut o = Options::new(self.manifest.to_string());
        o.key = text(&self.public_key);
        o.attesters = text(&self.attesters);
        o.view = self.view;
        o.market = text(&self.market).map(|m| m.to_ascii_uppercase());
        o.locale = text(&self.locale);
        o.product = text(&self.product);
        o.theme = self.theme;
        o.show_expired = self.show_expired;
        o
    }
}

/// The trust widget. Events (`trust-widget:verified`, `trust-widget:error`) are
/// dispatched on its host element and bubble.
#[function_component]
pub fn TrustWidget(props: &TrustWidgetProps) -> Html {
    let host = use_node_ref();
    {
        let host = host.clone();
        use_effect_with(props.clone(), move |props| {
            let mut mounted: Option<Mounted> = host
                .cast::<Element>()
                .map(|el| mount_options(el, props.options()));
            move || {
                if let Some(m) = mounted.as_mut() {
                    m.unmount();
                }
            }
        });
    }
    html! { <div ref={host} class="trust-widget-host"></div> }
}
