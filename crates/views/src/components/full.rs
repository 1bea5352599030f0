//! The full view: every section with something to say, in the order the brand
//! chose for the shopper's market (else the market profile's), then the
//! signature line.

use trust_manifest::{policy_for, Section};
use yew::prelude::*;

use super::certifications::certifications_section;
use super::company::company_section;
use super::data::{certifications, product_id, sections};
use super::evidence::{evidence_for, evidence_section};
use super::icons::{icon, Icon};
use super::limitations::{has_limitations, limitations_section};
use super::media::media_section;
use super::rating::collector_rating;
use super::returns::returns_section;
use super::review_store::ReviewStore;
use super::reviews::Reviews;
use super::summary::Summary;
use crate::context::{Ctx, Trust};
use crate::i18n::{fill, Loc};

/// The full view; section heading ids derive from `uid`, the view's own.
pub fn full(trust: &Trust, ctx: &Ctx, store: &ReviewStore, uid: &str) -> Html {
    let loc = Loc::new(&ctx.locale);
    let t = loc.t;
    let section = |s: Section| -> Option<Html> {
        Some(match s {
            Section::Summary => {
                html! { <Summary trust={trust.clone()} ctx={ctx.clone()} store={store.clone()} /> }
            }
            Section::Certifications if !certifications(trust, ctx, ctx.show_expired).is_empty() => {
                certifications_section(trust, ctx, uid)
            }
            Section::Reviews
                if store.len() > 0
                    || collector_rating(trust, product_id(trust, ctx).as_deref()).is_some() =>
            {
                html! { <Reviews trust={trust.clone()} ctx={ctx.clone()} store={store.clone()} /> }
            }
            Section::Returns if policy_for(trust.policies(), &ctx.market).is_some() => {
                returns_section(trust, ctx, uid)
            }
            Section::Company => company_section(trust, ctx, uid),
            Section::Limitations if has_limitations(trust, ctx) => {
                limitations_section(trust, ctx, uid)
            }
            Section::Media if !trust.media_mentions().is_empty() => media_section(trust, ctx, uid),
            Section::Evidence if !evidence_for(trust, ctx).is_empty() => {
                evidence_section(trust, ctx, uid)
            }
            _ => return None,
        })
    };
    let mut seen = Vec::new();
    let body: Vec<Html> = sections(trust, &ctx.market)
        .into_iter()
        .filter(|s| {
            // A section named twice by an override shows once.
            let first = !seen.contains(s);
            seen.push(*s);
            first
        })
        .filter_map(section)
        .collect();
    let key = trust.signer().key_id();
    html! {
        <>
            { for body }
            <footer class="tw-footer">
                <p class="tw-footer-line">{ icon(Icon::Lock) }{ signed_by(&fill(t.signed_by(), &[("brand", &trust.issuer().name)])) }</p>
                <p class="tw-footer-meta">
                    <span>{ fill(t.key_id(), &[("key", &key)]) }</span>
                    { " · " }
                    <span>{ fill(t.updated(), &[("date", &loc.date(trust.issued_at().date()))]) }</span>
                </p>
            </footer>
        </>
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
