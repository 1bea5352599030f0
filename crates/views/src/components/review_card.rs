//! One review: stars, title and body (in the review's own language), who wrote
//! it and when, and a chip saying who vouches for it, which opens the proof.

use trust_manifest::url::is_loadable_image;
use trust_manifest::{Assurance, PurchaseCheckMethod, ReviewSource};
use web_sys::Element;
use yew::prelude::*;

use super::icons::{icon, Icon};
use super::modal::Modal;
use super::review_proof::review_proof;
use super::review_store::Shown;
use super::stars::stars;
use super::{opener, use_uid};
use crate::context::Ctx;
use crate::i18n::{fill, primary, Loc, Strings};

/// Bodies longer than this likely overflow the clamp: where the browser cannot
/// tell (no scroll-driven animations, see widget.css), "More" shows for them.
const LONG_BODY: usize = 280;
const MAX_PHOTOS: usize = 4;

#[derive(Properties, PartialEq)]
pub struct ReviewCardProps {
    pub ctx: Ctx,
    pub review: Shown,
    /// The visible slide: only it loads photos.
    #[prop_or(true)]
    pub active: bool,
}

#[function_component]
pub fn ReviewCard(props: &ReviewCardProps) -> Html {
    let expanded = use_state(|| false);
    let proof = use_state(|| None::<Option<Element>>);
    let body_id = use_uid("body");
    // Derived, not a second `use_uid`: ids of cards without a reply stay as they were.
    let reply_id = format!("{body_id}-reply");
    let loc = Loc::new(&props.ctx.locale);
    let t = loc.t;
    let r = &props.review;
    // Any scale onto 1..=5 (verification guarantees worst < best and value in range).
    let span = f64::from(r.rating.best.saturating_sub(r.rating.worst).max(1));
    let value = 1.0 + f64::from(r.rating.value.saturating_sub(r.rating.worst)) / span * 4.0;
    let rating_text = if value.fract() == 0.0 {
        crate::intl::integer(&loc.locale, value)
    } else {
        crate::intl::decimal1(&loc.locale, value)
    };
    let is_long = |text: &str| text.chars().count() > LONG_BODY || text.lines().count() > 5;
    let long = is_long(&r.body) || r.reply.as_ref().is_some_and(|reply| is_long(&reply.body));
    // Every body is clamped to five lines; "More" is in the markup of every card and
    // shown by the stylesheet only when a clamped text really overflows (measured by
    // layout, the same in the static render), or once expanded.
    let clamp = (!*expanded).then_some("tw-clamp");

    let (chip, chip_class) = match r.assurance() {
        Assurance::Attested(a) => {
            let checked = r
                .verification
                .as_ref()
                .is_some_and(|v| v.method != PurchaseCheckMethod::None);
            if checked {
                (
                    fill(t.verified_purchase(), &[("collector", &a.attester)]),
                    "tw-chip-verified",
                )
            } else {
                (
                    fill(t.collected_by(), &[("collector", &a.attester)]),
                    "tw-chip-collected",
                )
            }
        }
        Assurance::Brand => (t.stated_by_brand().to_owned(), "tw-chip-brand"),
    };
    let open_proof = {
        let proof = proof.clone();
        Callback::from(move |e: MouseEvent| proof.set(Some(opener(&e))))
    };
    let close_proof = {
        let proof = proof.clone();
        Callback::from(move |_| proof.set(None))
    };
    let toggle = {
        let expanded = expanded.clone();
        Callback::from(move |_: MouseEvent| expanded.set(!*expanded))
    };
    // The toggle expands the reply with the review: it controls both.
    let controls = match r.reply {
        Some(_) => format!("{body_id} {reply_id}"),
        None => body_id.to_string(),
    };
    let photos: Vec<_> = r
        .photos
        .iter()
        .filter(|p| is_loadable_image(&p.url, props.ctx.local_origin.as_deref()))
        .take(MAX_PHOTOS)
        .collect();
    let mut meta: Vec<Html> = vec![html! { <bdi class="tw-author">{ r.author.clone() }</bdi> }];
    if let Some(m) = &r.market {
        meta.push(html! { <span>{ loc.country(m) }</span> });
    }
    meta.push(html! { <time datetime={r.date.to_string()}>{ loc.date(r.date) }</time> });

    html! {
        <article class="tw-card" part="card">
            { stars(value, fill(t.rated(), &[("rating", &rating_text)]), false) }
            <div class="tw-card-text" lang={r.language.clone()} dir="auto">
                if let Some(title) = &r.title {
                    <h3 class="tw-card-title">{ title.clone() }</h3>
                }
                <p id={body_id.clone()} class={classes!("tw-card-body", clamp)}>{ r.body.clone() }</p>
            </div>
            if let Some(reply) = &r.reply {
                // The brand's words, set apart from the reviewer's and labelled as the
                // brand's; its language is the brand's, not the review's.
                <div class="tw-card-reply">
                    <p class="tw-card-reply-head">
                        <span class="tw-strong">{ t.reply_from_brand() }</span>{ " · " }
                        <time datetime={reply.date.to_string()}>{ loc.date(reply.date) }</time>
                    </p>
                    <p id={reply_id} class={classes!("tw-card-body", clamp)} dir="auto">{ reply.body.clone() }</p>
                </div>
            }
            <button type="button" class={classes!("tw-text-button", "tw-more-toggle", long.then_some("tw-long"))}
                aria-expanded={expanded.to_string()} aria-controls={controls} onclick={toggle}>
                { if *expanded { t.read_less() } else { t.read_more() } }
            </button>
            if !photos.is_empty() {
                <ul class="tw-photos" role="list">
                    { for photos.iter().map(|p| if props.active {
                        html! { <li><img class="tw-photo" src={p.url.clone()} alt={p.alt.clone()} loading="lazy" decoding="async" width="72" height="72" referrerpolicy="no-referrer" /></li> }
                    } else {
                        // Same box, no request: a hidden slide must not fetch photos.
                        html! { <li class="tw-photo tw-photo-slot"></li> }
                    }) }
                </ul>
            }
            <p class="tw-card-meta">
                { for meta.into_iter().enumerate().map(|(i, m)| html! { <>{ if i > 0 { " · " } else { "" } }{ m }</> }) }
            </p>
            if primary(&r.language) != loc.shopper_lang {
                <p class="tw-card-lang">{ fill(t.written_in(), &[("language", &loc.language(&r.language))]) }</p>
            }
            <div class="tw-card-labels">
                <button type="button" class={classes!("tw-chip", chip_class)} aria-haspopup="dialog" onclick={open_proof}>
                    { icon(if chip_class == "tw-chip-brand" { Icon::Info } else { Icon::Check }) }
                    { chip }
                </button>
                if r.incentivized {
                    <span class="tw-tag">{ t.incentivized() }</span>
                }
                if r.insider {
                    <span class="tw-tag">{ t.insider() }</span>
                }
                if let Some(source) = r.source {
                    <span class="tw-tag">{ imported_from(t, source) }</span>
                }
            </div>
            if let Some(opener) = (*proof).clone() {
                <Modal title={t.proof_title()} close_label={t.close()} on_close={close_proof} {opener}>
                    { review_proof(&loc, &props.review) }
                </Modal>
            }
        </article>
    }
}

/// "Imported from Judge.me": where a review the brand imported was first
/// collected (`trustctl import`), the app's own name never translated.
fn imported_from(t: &Strings, source: ReviewSource) -> String {
    let app = match source {
        ReviewSource::Judgeme => "Judge.me",
        ReviewSource::ShopifyProductReviews => "Shopify Product Reviews",
        ReviewSource::Okendo => "Okendo",
        ReviewSource::Yotpo => "Yotpo",
        ReviewSource::GoogleProductReviewsFeed => "Google Merchant Center",
        ReviewSource::Other => return t.imported_other().to_owned(),
    };
    fill(t.imported_from(), &[("app", app)])
}
