//! Star rating, drawn with inline SVG. Half stars come from a nested, half-width
//! SVG viewport rather than a gradient or clip path: no element ids to collide
//! and no style attribute (the widget runs under CSP without 'unsafe-inline').

use yew::prelude::*;

const STAR: &str = "M12 2.5l2.94 5.96 6.58.96-4.76 4.64 1.12 6.55L12 17.52l-5.88 3.09 1.12-6.55L2.48 9.42l6.58-.96z";

/// Stars for a rating on a 0..=5 scale; `label` is what a screen reader says
/// instead ("Rated 4.6 out of 5"); `large` for the reviews overview.
pub fn stars(value: f64, label: String, large: bool) -> Html {
    // Shown to the nearest half star; the exact figure is in the label and text.
    let halves = (value.clamp(0.0, 5.0) * 2.0).round() as u32;
    let star = |i: u32| {
        let fill = halves.saturating_sub(i * 2).min(2);
        let class = classes!(
            "tw-star",
            ["tw-star-empty", "tw-star-half", "tw-star-full"][fill as usize]
        );
        html! {
            <svg {class} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                <path class="tw-star-bg" d={STAR} />
                if fill == 2 {
                    <path class="tw-star-fg" d={STAR} />
                } else if fill == 1 {
                    <svg class="tw-star-halfbox" width="12" height="24" viewBox="0 0 12 24">
                        <path class="tw-star-fg" d={STAR} />
                    </svg>
                }
            </svg>
        }
    };
    html! {
        <span class={classes!("tw-stars", large.then_some("tw-stars-large"))} role="img" aria-label={label} part="stars">
            { for (0..5).map(star) }
        </span>
    }
}
