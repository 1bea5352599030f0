//! Trust Widget: fetches a brand's signed trust manifest, verifies it in the
//! shopper's browser, and renders certifications, reviews and return terms.
//!
//! Verify-only: this crate depends on `trust-manifest` without its `sign`
//! feature. Rendering code takes `context::Trust`, which only verification makes.
//!
//! Entry point for the loader: `mount(hostElement, options) -> Mounted`.

mod app;
mod component;
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

pub use component::{TrustWidget, TrustWidgetProps};
pub use error::WidgetError;
pub use mount::{mount, Mounted};
pub use options::{Options, Theme, View};
