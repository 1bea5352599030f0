//! Trust Widget: fetches a brand's signed trust manifest, verifies it in the
//! shopper's browser, and renders certifications, reviews and return terms.
//!
//! Verify-only: this crate depends on `trust-manifest` without its `sign`
//! feature. Rendering code takes `context::Trust`, which only verification makes.
//!
//! Entry point for the loader: `mount(hostElement, options) -> Mounted`.

mod app;
mod components;
mod context;
mod error;
mod events;
mod fetch;
mod i18n;
mod intl;
mod load;
mod mount;
mod options;
mod shopper;
mod store;
mod style;
#[doc(hidden)]
pub mod testing;

pub use error::WidgetError;
pub use mount::{mount, Mounted};
pub use options::{Options, Theme, View};

// Kept until the wasm-bindgen-test moves to the real widget.
#[doc(hidden)]
pub mod placeholder {
    use yew::prelude::*;
    #[derive(Properties, PartialEq)]
    pub struct PlaceholderProps {
        pub text: AttrValue,
    }
    #[function_component]
    pub fn Placeholder(props: &PlaceholderProps) -> Html {
        html! { <p class="trust-widget">{ props.text.clone() }</p> }
    }
}
#[doc(hidden)]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn start(root: web_sys::Element) {
    let props = placeholder::PlaceholderProps {
        text: "Trust widget placeholder".into(),
    };
    yew::Renderer::<placeholder::Placeholder>::with_root_and_props(root, props).render();
}
