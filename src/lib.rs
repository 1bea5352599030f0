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
mod components;
mod events;
mod fetch;
mod host;
mod i18n;
mod load;
mod mount;
mod options;
mod review_pages;
mod rollback_memory;
mod shopper;
#[cfg(all(feature = "static-render", not(target_arch = "wasm32")))]
mod static_render;
mod style;
#[doc(hidden)]
pub mod testing;
mod yew_component;

// The views' modules under the names the components use (until they move to trust-views).
use trust_views::{context, error, intl};

pub use error::WidgetError;
pub use mount::{mount, Mounted};
pub use options::{Options, Theme, View};
#[cfg(all(feature = "static-render", not(target_arch = "wasm32")))]
pub use static_render::{render_static, StaticOptions};
pub use yew_component::{TrustWidget, TrustWidgetProps};
