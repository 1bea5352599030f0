//! Trust Widget's views: what a verified manifest looks like, in the shopper's
//! language, apart from the browser shell that loads it (the `trust-widget`
//! crate: mount, fetch, verify, events, rollback memory).
//!
//! Everything here renders from `context::Trust`, which only verification makes,
//! and never fetches: what the views need from outside (later review pages) is
//! handed in with the verified data (`context::ReviewPages`). The same views
//! render in the browser (Yew in the wasm, formatting with `Intl`) and natively
//! (`render_static`: Yew's server-side renderer, formatting with ICU4X's CLDR
//! data) for the static HTML of `trustctl render`.

// No unsafe code: language packs are read into the string table without `transmute`.
#![forbid(unsafe_code)]

mod components;
pub mod context;
pub mod error;
pub mod i18n;
mod intl;
#[cfg(not(target_arch = "wasm32"))]
mod static_render;
pub mod style;
mod view_theme;

pub use components::{
    install_view_body, view_body, view_body_installed, TrustView, TrustViewProps, ViewBody,
};
pub use context::{Ctx, PageFuture, ReviewPages, Trust};
pub use error::WidgetError;
#[cfg(not(target_arch = "wasm32"))]
pub use static_render::{render_static, StaticOptions};
pub use view_theme::{Theme, View};
