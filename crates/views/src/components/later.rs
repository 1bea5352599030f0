//! The views a summary's first paint does not need (certifications, reviews,
//! returns, full), reached through one function pointer, `Body`, so that the
//! storefront build can put them in a wasm chunk of their own: with the `split`
//! feature the pointer starts empty and the shell installs it once it has loaded
//! the chunk (`src/split.rs`), before it renders such a view. Without the
//! feature (tests, Rust apps, `trustctl render`) it is `body` from the start.

use std::cell::Cell;

use yew::prelude::*;

use super::certifications::certifications_section;
use super::full::full;
use super::returns::returns_section;
use super::review_store::ReviewStore;
use super::reviews::Reviews;
use crate::context::{Ctx, Trust};
use crate::view_theme::View;

/// What every section of one view shares: the review store and the view's id.
pub struct Shared {
    pub(super) store: ReviewStore,
    pub(super) uid: AttrValue,
}

/// Renders the body of a view other than the summary.
pub type Body = fn(&Trust, &Ctx, &Shared) -> Html;

/// The body of every view but the summary (which `TrustView` renders itself).
pub fn body(trust: &Trust, ctx: &Ctx, shared: &Shared) -> Html {
    let (trust, ctx, store, uid) = (trust.clone(), ctx.clone(), &shared.store, &shared.uid);
    match ctx.view {
        View::Certifications => certifications_section(&trust, &ctx, uid),
        View::Reviews => html! { <Reviews {trust} {ctx} store={store.clone()} /> },
        View::Returns => returns_section(&trust, &ctx, uid),
        View::Full => full(&trust, &ctx, store, uid),
        View::Summary => html! {},
    }
}

thread_local! {
    static INSTALLED: Cell<Option<Body>> = const { Cell::new(STARTS_WITH) };
}

#[cfg(not(feature = "split"))]
const STARTS_WITH: Option<Body> = Some(body);
#[cfg(feature = "split")]
const STARTS_WITH: Option<Body> = None;

/// Makes `body` (as loaded from its chunk) the one views render with.
pub fn install(body: Body) {
    INSTALLED.with(|b| b.set(Some(body)));
}

/// Whether the body is there to render with.
pub fn installed() -> bool {
    INSTALLED.with(Cell::get).is_some()
}

/// The body of `ctx.view`, or nothing when it is not installed (the shell
/// installs it before it renders any view but the summary).
pub(super) fn render(trust: &Trust, ctx: &Ctx, shared: &Shared) -> Html {
    match INSTALLED.with(Cell::get) {
        Some(body) => body(trust, ctx, shared),
        None => html! {},
    }
}
