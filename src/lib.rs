//! Trust Widget: fetches a brand's signed trust manifest, verifies it in the
//! shopper's browser, and renders certifications, reviews and return terms.
//!
//! This crate is the browser shell: mounting (`mount.rs`, `host.rs`), loading and
//! verifying (`load.rs`, `fetch.rs`, `rollback_memory.rs`), events, options, and
//! the `TrustWidget` Yew component. What a verified manifest looks like is
//! `trust-views`, which takes a `Trust` that only verification makes.
//!
//! Verify-only: this crate depends on `trust-manifest` without its `sign`
//! feature.
//!
//! Entry point for the loader: `mount(hostElement, options) -> Mounted`.

mod app;
mod cancel;
mod events;
mod fetch;
mod host;
mod language_packs;
mod load;
mod log_check;
mod log_memory;
mod mount;
mod options;
mod review_pages;
mod rollback_memory;
mod schedule;
mod shopper;
mod split;
#[doc(hidden)]
pub mod testing;
mod yew_component;

pub use mount::{mount, Mounted};
pub use options::{Options, Theme, View};
pub use trust_views::WidgetError;
pub use yew_component::{TrustWidget, TrustWidgetProps};
