//! The verified views. Every component renders only from `Trust` (a verified
//! manifest) and `Ctx` (the shopper's market and language): nothing here parses
//! or fetches.
//!
//! Layout: `view` chooses the view; one file per component with its props;
//! `data`, `rating` and `review_store` hold the selection logic the views share.

mod cert_badge;
mod cert_details;
mod cert_list;
mod certifications;
mod company;
mod data;
mod disclosure;
mod evidence;
mod full;
mod icons;
mod later;
mod limitations;
mod media;
mod modal;
mod progressive;
mod rating;
mod rating_overview;
mod removal_counts;
mod returns;
mod review_card;
mod review_carousel;
mod review_proof;
mod review_store;
mod reviews;
mod stars;
mod summary;
mod view;

pub use later::{
    body as view_body, install as install_view_body, installed as view_body_installed,
    Body as ViewBody,
};
pub use view::{TrustView, TrustViewProps};

use std::cell::Cell;

use yew::prelude::*;

thread_local! {
    static NEXT_ID: Cell<u32> = const { Cell::new(0) };
}

/// An element id unique in the page, stable for the component's life: ids link
/// headings to sections, tabs to slides and dialogs to their titles.
#[hook]
pub(crate) fn use_uid(prefix: &'static str) -> AttrValue {
    let n = use_memo((), |_| {
        NEXT_ID.with(|c| {
            c.set(c.get() + 1);
            c.get()
        })
    });
    AttrValue::from(format!("tw-{prefix}-{n}"))
}

/// An element id under a component's own id (`use_uid`): `<base>-<name>`.
pub(crate) fn sub_id(base: &str, name: &str) -> AttrValue {
    AttrValue::from(format!("{base}-{name}"))
}

/// A section titled by its `<h2>` (`aria-labelledby`): the frame every section
/// shares, built in one place. `class` is the section's full class list and `part`
/// its `::part()` name, if it has one.
#[inline(never)]
pub(crate) fn section(
    class: &'static str,
    part: Option<&'static str>,
    id: AttrValue,
    title: &'static str,
    body: Html,
) -> Html {
    html! {
        <section {class} {part} aria-labelledby={id.clone()}>
            <h2 {id} class="tw-heading">{ title }</h2>
            { body }
        </section>
    }
}

/// One row of a `<dl class="tw-dl">`: `<div><dt>label</dt><dd>value</dd></div>`.
#[inline(never)]
pub(crate) fn dl_row(label: &'static str, value: Html) -> Html {
    html! { <div><dt>{ label }</dt><dd>{ value }</dd></div> }
}

/// The element a click landed on, widened to the control (button or link) that
/// owns it: dialogs return focus there when they close.
pub(crate) fn opener(e: &MouseEvent) -> Option<web_sys::Element> {
    use wasm_bindgen::JsCast;
    let target: web_sys::Element = e.target()?.dyn_into().ok()?;
    target
        .closest("button, a, [tabindex]")
        .ok()
        .flatten()
        .or(Some(target))
}

/// A link that opens in a new tab, made only for a plain https URL
/// (`trust_manifest::url::is_safe_https`); anything else shows `label` as text.
/// No referrer: the shopper's page address is not the third party's business.
pub(crate) fn external(url: &str, label: Html, t: &crate::i18n::Strings) -> Html {
    if trust_manifest::url::is_safe_https(url) {
        html! {
            <a class="tw-link" href={url.to_owned()} target="_blank" rel="noopener noreferrer" referrerpolicy="no-referrer">
                { label }
                { icons::icon(icons::Icon::External) }
                <span class="tw-visually-hidden">{ format!(" ({})", t.new_tab()) }</span>
            </a>
        }
    } else {
        label
    }
}
