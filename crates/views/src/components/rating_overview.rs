//! The rating in full: mean, count, who counted, and the whole 1–5 histogram
//! (every rating shown, not just the good ones). Bars are `<meter>` elements,
//! so no inline widths: the widget has no style attributes at all.

use yew::prelude::*;

use super::icons::{icon, Icon};
use super::rating::{Counter, Rating, RatingState};
use super::stars::stars;
use crate::i18n::{fill, Loc};
use crate::intl;

/// The mean with one decimal, the locale's way ("4.6", "4,6").
pub fn mean_text(loc: &Loc, mean: f64) -> String {
    // Round first, so 4.65 cannot print as 4.7 in one place and 4.6 in another.
    intl::decimal1(&loc.locale, (mean * 10.0).round() / 10.0)
}

/// Who counted: "Counted by <collector> on <date>" or "Computed from reviews the brand publishes".
pub fn source_label(loc: &Loc, r: &Rating) -> String {
    let t = loc.t;
    match &r.counter {
        Counter::Collector {
            name,
            as_of,
            store_wide,
        } => {
            let s = fill(
                t.counted_by(),
                &[("collector", name), ("date", &loc.date(*as_of))],
            );
            if *store_wide {
                format!("{s} · {}", t.store_wide())
            } else {
                s
            }
        }
        Counter::Computed => t.computed_from_reviews().to_owned(),
    }
}

/// Who counted, marked as badges and review chips are: a check for a
/// collector's count, an "i" for a rating computed from what the brand publishes
/// (the words say it for screen readers; the mark is decoration).
pub fn source(loc: &Loc, r: &Rating) -> Html {
    let (mark, by) = match r.counter {
        Counter::Collector { .. } => (Icon::Check, "tw-source-collector"),
        Counter::Computed => (Icon::Info, "tw-source-brand"),
    };
    html! {
        <span class={classes!("tw-source", by)}>{ icon(mark) }<span>{ source_label(loc, r) }</span></span>
    }
}

/// The overview for the reviews view.
pub fn rating_overview(loc: &Loc, rating: &RatingState) -> Html {
    let t = loc.t;
    let r = match rating {
        RatingState::Checking => {
            // While the reviews are counted: the boxes of the rating that replaces
            // this (a stand-in, hidden), so nothing below moves when it arrives.
            let stand_in = Rating {
                histogram: [0, 0, 0, 0, 1],
                count: 1,
                counter: Counter::Computed,
            };
            return html! {
                <div class="tw-overview-pending">
                    <div class="tw-overview-stand-in" aria-hidden="true">{ rating_overview(loc, &RatingState::Ready(stand_in)) }</div>
                    <p class="tw-muted tw-checking">{ t.checking_reviews() }</p>
                </div>
            };
        }
        RatingState::Ready(r) => r,
    };
    let Some(mean) = r.mean() else {
        return html! { <div class="tw-overview"><p class="tw-muted">{ t.no_reviews() }</p></div> };
    };
    let m = mean_text(loc, mean);
    // The sum of five u64 counts may exceed u64 (`histogram_total` is exact); a
    // verified aggregate's sums to its u64 count, so the bars' maximum fits.
    let total = trust_manifest::histogram_total(&r.histogram);
    let max = u64::try_from(total).unwrap_or(u64::MAX).to_string();
    let row = |stars: usize| {
        let count = r.histogram[stars - 1];
        let label = loc.plural(stars as u64, t.stars(), &[]);
        let pct = intl::percent(&loc.locale, count as f64 / total as f64);
        let full = fill(
            t.histogram_row(),
            &[
                ("stars", &label),
                ("count", &intl::integer(&loc.locale, count as f64)),
                ("percent", &pct),
            ],
        );
        html! {
            <li class="tw-histogram-row">
                <span class="tw-histogram-label" aria-hidden="true">{ label }</span>
                <meter class="tw-meter" min="0" max={max.clone()} value={count.to_string()} aria-label={full} />
                <span class="tw-histogram-count" aria-hidden="true">{ pct }</span>
            </li>
        }
    };
    html! {
        <div class="tw-overview">
            <div class="tw-overview-score">
                <p class="tw-overview-mean">
                    <span class="tw-mean-big">{ m.clone() }</span>
                    <span class="tw-muted">{ format!(" {}", t.out_of_5()) }</span>
                </p>
                { stars(mean, fill(t.rated(), &[("rating", &m)]), true) }
                <p class="tw-overview-count">{ loc.plural(r.count, t.reviews(), &[]) }</p>
                <p class="tw-overview-source">{ source(loc, r) }</p>
            </div>
            <ul class="tw-histogram" part="histogram" aria-label={t.histogram()} role="list">
                { for (1..=5).rev().map(row) }
            </ul>
        </div>
    }
}
