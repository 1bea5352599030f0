//! The full view: every section with something to say, in the order the brand
//! chose for the shopper's market (else the market profile's), then the
//! signature line.
//!
//! No task renders the whole view (issue 17): the first sections, the part on
//! a phone's first screen, render with the view, the rest a few per later task
//! (`progressive.rs`), appended below, and the signature line only once they
//! are all in, so nothing already shown moves. Meanwhile an empty, hidden
//! `data-tw-filling` marker stands where the signature line will be: the shell
//! swaps static HTML for the live view only once it is gone (src/app.rs).

use trust_manifest::{policy_for, Section};
use yew::prelude::*;

use super::certifications::certifications_section;
use super::company::company_section;
use super::data::{certifications, product_id, sections};
use super::evidence::{evidence_for, evidence_section};
use super::icons::{icon, Icon};
use super::limitations::{has_limitations, limitations_section};
use super::media::media_section;
use super::progressive::use_progressive;
use super::rating::collector_rating;
use super::returns::returns_section;
use super::review_store::ReviewStore;
use super::reviews::Reviews;
use super::summary::Summary;
use crate::context::{Ctx, Trust};
use crate::i18n::{fill, Loc};

/// Sections in the view's first render, then per later task.
const FIRST_SECTIONS: usize = 2;
const SECTIONS_PER_TASK: usize = 2;

/// The full view; section heading ids derive from `uid`, the view's own.
pub fn full(trust: &Trust, ctx: &Ctx, store: &ReviewStore, uid: &str) -> Html {
    html! { <Full trust={trust.clone()} ctx={ctx.clone()} store={store.clone()} uid={AttrValue::from(uid.to_owned())} /> }
}

#[derive(Properties, PartialEq)]
struct FullProps {
    trust: Trust,
    ctx: Ctx,
    store: ReviewStore,
    uid: AttrValue,
}

#[function_component]
fn Full(props: &FullProps) -> Html {
    let (trust, ctx, store, uid) = (&props.trust, &props.ctx, &props.store, &*props.uid);
    let kinds = shown_sections(trust, ctx, store);
    let marker = use_node_ref();
    let progress = use_progressive(
        kinds.len(),
        FIRST_SECTIONS,
        SECTIONS_PER_TASK,
        Some(marker.clone()),
    );
    let loc = Loc::new(&ctx.locale);
    let t = loc.t;
    let body = kinds[..progress.shown]
        .iter()
        .map(|&s| render_section(s, trust, ctx, store, uid));
    let key = trust.signer().key_id();
    html! {
        <>
            { for body }
            if progress.filling {
                <div hidden=true data-tw-filling="" ref={marker}></div>
            } else {
                <footer class="tw-footer">
                    <p class="tw-footer-line">{ icon(Icon::Lock) }{ signed_by(&fill(t.signed_by(), &[("brand", &trust.issuer().name)])) }</p>
                    <p class="tw-footer-meta">
                        <span>{ fill(t.key_id(), &[("key", &key)]) }</span>
                        { " · " }
                        <span>{ fill(t.updated(), &[("date", &loc.date(trust.issued_at().date()))]) }</span>
                    </p>
                </footer>
            }
        </>
    }
}

/// The sections with something to say, in order, each once (an override may
/// name one twice).
fn shown_sections(trust: &Trust, ctx: &Ctx, store: &ReviewStore) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    for s in sections(trust, &ctx.market) {
        let says = match s {
            Section::Summary | Section::Company => true,
            Section::Certifications => !certifications(trust, ctx, ctx.show_expired).is_empty(),
            Section::Reviews => {
                store.len() > 0
                    || collector_rating(trust, product_id(trust, ctx).as_deref()).is_some()
            }
            Section::Returns => policy_for(trust.policies(), &ctx.market).is_some(),
            Section::Limitations => has_limitations(trust, ctx),
            Section::Media => !trust.media_mentions().is_empty(),
            Section::Evidence => !evidence_for(trust, ctx).is_empty(),
            #[allow(unreachable_patterns)]
            _ => false,
        };
        if says && !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

fn render_section(s: Section, trust: &Trust, ctx: &Ctx, store: &ReviewStore, uid: &str) -> Html {
    match s {
        Section::Summary => {
            html! { <Summary trust={trust.clone()} ctx={ctx.clone()} store={store.clone()} /> }
        }
        Section::Certifications => certifications_section(trust, ctx, uid),
        Section::Reviews => {
            html! { <Reviews trust={trust.clone()} ctx={ctx.clone()} store={store.clone()} /> }
        }
        Section::Returns => returns_section(trust, ctx, uid),
        Section::Company => company_section(trust, ctx, uid),
        Section::Limitations => limitations_section(trust, ctx, uid),
        Section::Media => media_section(trust, ctx, uid),
        Section::Evidence => evidence_section(trust, ctx, uid),
        #[allow(unreachable_patterns)]
        _ => html! {},
    }
}

/// "Signed by X · checked in your browser", with the second claim in its own span:
/// the static HTML of `trustctl render` hides it (`[data-tw-static]` in widget.css)
/// but keeps its space, because for a shopper without JavaScript, or a crawler, no
/// browser checked anything; the live widget that replaces it has. Every language
/// separates the two claims with " · ".
fn signed_by(line: &str) -> Html {
    match line.split_once(" · ") {
        Some((signed, checked)) => html! {
            <span>{ signed.to_owned() }<span class="tw-browser-check">{ " · " }{ checked.to_owned() }</span></span>
        },
        None => html! { <span>{ line.to_owned() }</span> },
    }
}
