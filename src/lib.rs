//! Trust Widget: fetches a brand's signed trust manifest, verifies it in the
//! shopper's browser, and renders certifications, reviews and return terms.
//!
//! Verify-only: this crate depends on `trust-manifest` without its `sign`
//! feature. Rendering code takes `context::Trust`, which only verification makes.
//!
//! Entry point for the loader: `mount(hostElement, options) -> Mounted`. With the
//! `static-render` feature (native only), `render_static` renders the same views
//! to HTML ahead of time (`trustctl render`).

mod app;
mod cancel;
mod component;
mod components;
mod context;
mod error;
mod events;
mod fetch;
mod i18n;
mod intl;
#[cfg(all(feature = "static-render", not(target_arch = "wasm32")))]
mod intl_icu;
mod load;
mod mount;
mod options;
mod pages;
mod shopper;
#[cfg(all(feature = "static-render", not(target_arch = "wasm32")))]
mod static_render;
mod store;
mod style;
#[doc(hidden)]
pub mod testing;

pub use component::{TrustWidget, TrustWidgetProps};
pub use error::WidgetError;
pub use mount::{mount, Mounted};
pub use options::{Options, Theme, View};
#[cfg(all(feature = "static-render", not(target_arch = "wasm32")))]
pub use static_render::{render_static, StaticOptions};
