//! "How reviews are verified" (EU Directive 2019/2161 art. 7(6)), generated
//! from the reviews themselves: which collectors signed how many, by which
//! purchase check, how many the brand states alone, and how many carry an
//! incentive or insider label. Counting means checking every review, so it
//! starts only when the shopper opens the disclosure (or the rating needs it).

use web_sys::HtmlDetailsElement;
use yew::prelude::*;

use super::icons::{icon, Icon};
use super::rating::{Counter, RatingState};
use super::review_proof::method_label;
use super::review_store::Tally;
use crate::i18n::{fill, Loc};

/// The disclosure; `on_toggle` is told when it opens or closes.
pub fn disclosure(
    loc: &Loc,
    tally: Option<&Tally>,
    rating: &RatingState,
    on_toggle: Callback<bool>,
) -> Html {
    let t = loc.t;
    let ontoggle = Callback::from(move |e: Event| {
        on_toggle.emit(e.target_unchecked_into::<HtmlDetailsElement>().open())
    });
    let body = match tally {
        None => html! { <p class="tw-muted tw-checking">{ t.checking_reviews() }</p> },
        Some(tally) if tally.count() == 0 => html! { <p>{ t.no_reviews() }</p> },
        Some(tally) => {
            let collectors = tally.collectors.iter().map(|(name, n, methods)| {
                html! {
                    <li>
                        { loc.plural(*n, t.disc_collector(), &[("collector", name)]) }
                        <ul>
                            { for methods.iter().map(|(m, k)| html! {
                                <li>{ loc.plural(*k, t.disc_method(), &[("method", method_label(t, *m))]) }</li>
                            }) }
                        </ul>
                    </li>
                }
            });
            let rating = match rating {
                RatingState::Ready(r) => match &r.counter {
                    Counter::Collector { name, .. } => {
                        fill(t.disc_rating_collector(), &[("collector", name)])
                    }
                    Counter::Computed => t.disc_rating_computed().to_owned(),
                },
                RatingState::Checking => String::new(),
            };
            html! {
                <>
                    <ul class="tw-disclosure-list">
                        { for collectors }
                        if tally.brand > 0 {
                            <li>{ loc.plural(tally.brand, t.disc_brand(), &[]) }</li>
                        }
                    </ul>
                    <p class="tw-browser-check">{ t.disc_signature() }</p>
                    <p>
                        { t.disc_labels() }
                        if tally.labelled > 0 {
                            { " " }{ loc.plural(tally.labelled, t.disc_labelled(), &[]) }
                        }
                    </p>
                    if !rating.is_empty() {
                        <p>{ rating }</p>
                    }
                </>
            }
        }
    };
    html! {
        <details class="tw-disclosure" {ontoggle}>
            <summary class="tw-disclosure-summary">{ icon(Icon::Info) }<span>{ t.how_verified() }</span></summary>
            <div class="tw-disclosure-body">{ body }</div>
        </details>
    }
}
