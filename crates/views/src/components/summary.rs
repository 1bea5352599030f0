//! The summary strip: rating, the market's top three certifications and the
//! return promise, in one line on wide screens and stacked on narrow ones.

use trust_manifest::policy_for;
use yew::prelude::*;

use super::cert_list::CertList;
use super::data::certifications;
use super::icons::{icon, Icon};
use super::rating::{use_rating, RatingState};
use super::rating_overview::{mean_text, source};
use super::returns::return_headline;
use super::review_store::ReviewStore;
use super::stars::stars;
use super::use_uid;
use crate::context::{Ctx, Trust};
use crate::i18n::{fill, Loc};

#[derive(Properties, PartialEq)]
pub struct SummaryProps {
    pub trust: Trust,
    pub ctx: Ctx,
    pub store: ReviewStore,
}

#[function_component]
pub fn Summary(props: &SummaryProps) -> Html {
    let id = use_uid("summary");
    let (rating, _) = use_rating(&props.trust, &props.ctx, &props.store, false);
    let loc = Loc::new(&props.ctx.locale);
    let t = loc.t;
    let mut certs = certifications(&props.trust, &props.ctx, false);
    certs.truncate(3);
    let headline = policy_for(props.trust.policies(), &props.ctx.market)
        .and_then(|(p, _)| p.returns.as_ref())
        .and_then(|r| return_headline(&loc, r));
    let rating_html = match &rating {
        RatingState::Ready(r) => match r.mean() {
            Some(mean) => {
                let m = mean_text(&loc, mean);
                html! {
                    <>
                        { stars(mean, fill(t.rated(), &[("rating", &m)]), false) }
                        <span class="tw-summary-mean" aria-hidden="true">{ m }</span>
                        <span class="tw-summary-count">{ loc.plural(r.count, t.reviews(), &[]) }</span>
                        <span class="tw-summary-source">{ source(&loc, r) }</span>
                    </>
                }
            }
            None => html! { <span class="tw-muted">{ t.no_reviews() }</span> },
        },
        RatingState::Checking => {
            html! { <span class="tw-muted tw-checking">{ t.checking_reviews() }</span> }
        }
    };
    html! {
        // Not a landmark (no accessible name): a page showing the summary view and
        // the full view would otherwise have two "Why shop here" regions.
        <section class="tw-section tw-summary" part="summary">
            <h2 {id} class="tw-visually-hidden">{ t.h_summary() }</h2>
            <div class="tw-summary-strip">
                <div class="tw-summary-rating">{ rating_html }</div>
                if let Some(h) = headline {
                    <div class="tw-summary-returns">{ icon(Icon::Return) }<span>{ h }</span></div>
                }
                if !certs.is_empty() {
                    <div class="tw-summary-badges">
                        <CertList trust={props.trust.clone()} ctx={props.ctx.clone()} {certs} compact=true />
                    </div>
                }
            </div>
        </section>
    }
}
