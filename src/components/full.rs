//! The full view: every section with something to say, in the order the brand
//! chose for the shopper's market (else the market profile's), then the
//! signature line.

use trust_manifest::{policy_for, Section};
use yew::prelude::*;

use super::certifications::Certifications;
use super::company::Company;
use super::data::{certifications, product_id, sections};
use super::evidence::{evidence_for, Evidence};
use super::icons::{icon, Icon};
use super::limitations::{has_limitations, Limitations};
use super::media::Media;
use super::rating::collector_rating;
use super::returns::Returns;
use super::review_store::ReviewStore;
use super::reviews::Reviews;
use super::summary::Summary;
use crate::context::{Ctx, Trust};
use crate::i18n::{fill, Loc};

#[derive(Properties, PartialEq)]
pub struct FullProps {
    pub trust: Trust,
    pub ctx: Ctx,
    pub store: ReviewStore,
}

#[function_component]
pub fn Full(props: &FullProps) -> Html {
    let loc = Loc::new(&props.ctx.locale);
    let t = loc.t;
    let (trust, ctx, store) = (props.trust.clone(), props.ctx.clone(), props.store.clone());
    let section = |s: Section| -> Option<Html> {
        let (trust, ctx, store) = (trust.clone(), ctx.clone(), store.clone());
        Some(match s {
            Section::Summary => html! { <Summary {trust} {ctx} {store} /> },
            Section::Certifications
                if !certifications(&trust, &ctx, ctx.show_expired).is_empty() =>
            {
                html! { <Certifications {trust} {ctx} /> }
            }
            Section::Reviews
                if store.len() > 0
                    || collector_rating(&trust, product_id(&trust, &ctx).as_deref()).is_some() =>
            {
                html! { <Reviews {trust} {ctx} {store} /> }
            }
            Section::Returns if policy_for(trust.policies(), &ctx.market).is_some() => {
                html! { <Returns {trust} {ctx} /> }
            }
            Section::Company => html! { <Company {trust} {ctx} /> },
            Section::Limitations if has_limitations(&trust, &ctx) => {
                html! { <Limitations {trust} {ctx} /> }
            }
            Section::Media if !trust.media_mentions().is_empty() => {
                html! { <Media {trust} {ctx} /> }
            }
            Section::Evidence if !evidence_for(&trust, &ctx).is_empty() => {
                html! { <Evidence {trust} {ctx} /> }
            }
            _ => return None,
        })
    };
    let mut seen = Vec::new();
    let body: Vec<Html> = sections(&props.trust, &props.ctx.market)
        .into_iter()
        .filter(|s| {
            // A section named twice by an override shows once.
            let first = !seen.contains(s);
            seen.push(*s);
            first
        })
        .filter_map(section)
        .collect();
    let key = props.trust.signer().key_id();
    html! {
        <>
            { for body }
            <footer class="tw-footer">
                <p class="tw-footer-line">{ icon(Icon::Lock) }{ fill(t.signed_by, &[("brand", &props.trust.issuer().name)]) }</p>
                <p class="tw-footer-meta">
                    <span>{ fill(t.key_id, &[("key", &key)]) }</span>
                    { " · " }
                    <span>{ fill(t.updated, &[("date", &loc.date(props.trust.issued_at().date()))]) }</span>
                </p>
            </footer>
        </>
    }
}
