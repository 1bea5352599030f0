//! The review carousel, after the WAI-ARIA APG carousel pattern: a region with
//! `aria-roledescription="carousel"`, slides labelled "n of N", previous and next
//! buttons, a slide picker (tabs, when there are few enough slides for dots to
//! make sense) and arrow keys.
//!
//! It rotates every 7 s only when the shopper has not asked for reduced motion,
//! and then always shows a pause button. Hovering pauses it; focusing anything
//! inside stops it until the shopper presses play again (APG). Every slide stays
//! in the layout (stacked in one grid cell, the inactive ones invisible and
//! inert), so the carousel is as tall as its tallest slide and never shifts the
//! page as it turns.

use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

use super::icons::{icon, Icon};
use super::progressive::use_progressive;
use super::review_card::ReviewCard;
use super::review_store::Shown;
use super::use_uid;
use crate::context::Ctx;
use crate::i18n::{fill, Loc};

const ROTATE_MS: i32 = 7_000;
/// Up to this many slides the picker is a row of tabs; beyond, a counter.
const MAX_TABS: usize = 12;
/// Review cards in the first render, then per later task (issue 17: no task over
/// 50 ms on a phone; `progressive.rs`). A card's first render, style and layout
/// cost a few ms at 4x CPU throttling, and thirty at once made the longest task
/// of a load.
const FIRST_CARDS: usize = 3;
const CARDS_PER_TASK: usize = 3;

/// The slides, compared by identity (the parent memoises them).
#[derive(Clone)]
pub struct Slides(pub Rc<Vec<Shown>>);

impl PartialEq for Slides {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, PartialEq)]
pub struct ReviewCarouselProps {
    pub ctx: Ctx,
    pub slides: Slides,
    /// The slide shown first, and when the slides grow (the next window of
    /// reviews, appended to the same carousel), the slide shown then.
    #[prop_or_default]
    pub start: usize,
    /// Called instead of wrapping round when the shopper moves on from the last
    /// slide (more reviews can be loaded: the next page).
    #[prop_or_default]
    pub on_end: Option<Callback<()>>,
}

#[derive(Clone, PartialEq)]
struct State {
    index: usize,
    len: usize,
    /// The shopper's choice (and the default when motion is welcome).
    playing: bool,
    hover: bool,
}

enum Act {
    Next,
    Prev,
    Go(usize),
    TogglePlay,
    Hover(bool),
    /// Focus entered the carousel: stop for good (until play is pressed).
    Stop,
    /// The slides grew to this many: show the given one.
    Grow(usize, usize),
}

impl Reducible for State {
    type Action = Act;
    fn reduce(self: Rc<Self>, act: Act) -> Rc<Self> {
        let mut s = (*self).clone();
        let n = s.len.max(1);
        match act {
            Act::Next => s.index = (s.index + 1) % n,
            Act::Prev => s.index = (s.index + n - 1) % n,
            Act::Go(i) => s.index = i.min(n - 1),
            Act::TogglePlay => s.playing = !s.playing,
            Act::Hover(h) => s.hover = h,
            Act::Stop => s.playing = false,
            Act::Grow(len, show) => {
                s.len = len;
                s.index = show.min(len.saturating_sub(1));
            }
        }
        Rc::new(s)
    }
}

/// Off wasm this is the static render (`render_static`), which cannot ask: it
/// renders for the common case, motion welcome (the same layout either way).
fn prefers_reduced_motion() -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window()
            .and_then(|w| {
                w.match_media("(prefers-reduced-motion: reduce)")
                    .ok()
                    .flatten()
            })
            .is_some_and(|m| m.matches())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        false
    }
}

fn target_element(e: &Event) -> Option<Element> {
    e.target()?.dyn_into::<Element>().ok()
}

#[function_component]
pub fn ReviewCarousel(props: &ReviewCarouselProps) -> Html {
    let loc = Loc::new(&props.ctx.locale);
    let t = loc.t;
    let base = use_uid("carousel");
    let slides = &props.slides.0;
    let len = slides.len();
    let can_rotate = *use_memo((), |_| !prefers_reduced_motion()) && len > 1;
    let state = use_reducer(|| State {
        index: props.start.min(len.saturating_sub(1)),
        len,
        playing: can_rotate,
        hover: false,
    });
    // Every slide is in the DOM from the first render (ids, labels, the tabs'
    // targets); their cards fill in a few per task, the shown one always at once.
    // While filling, the carousel carries `data-tw-filling`: what follows it stays
    // invisible (widget.css) as the stacked slides grow it, and the shell swaps
    // static HTML for the live view only after (src/app.rs). More reviews are
    // appended to the same carousel: the cards already there stay, the new ones
    // fill the same way (an interaction renders 3 cards, not 60).
    let progress = use_progressive(len, FIRST_CARDS, CARDS_PER_TASK, None);
    {
        let d = state.dispatcher();
        let (grown, start) = (len != state.len, props.start);
        use_effect_with(len, move |&len| {
            if grown {
                d.dispatch(Act::Grow(len, start));
            }
        });
    }
    let rotating = can_rotate && state.playing && !state.hover;
    let tabs = len > 1 && len <= MAX_TABS;
    let tablist = use_node_ref();
    // Set when arrow keys moved the selection from a tab: focus follows it.
    let focus_tab = use_mut_ref(|| false);

    {
        let dispatcher = state.dispatcher();
        use_effect_with((rotating, state.index), move |(rotating, _)| {
            // A timeout re-armed on every change (not an interval), so a slide
            // chosen by hand gets its full 7 s too.
            let tick = Closure::<dyn FnMut()>::new(move || dispatcher.dispatch(Act::Next));
            let window = web_sys::window();
            let handle = match (&window, *rotating) {
                (Some(w), true) => w
                    .set_timeout_with_callback_and_timeout_and_arguments_0(
                        tick.as_ref().unchecked_ref(),
                        ROTATE_MS,
                    )
                    .ok(),
                _ => None,
            };
            move || {
                if let (Some(w), Some(h)) = (window, handle) {
                    w.clear_timeout_with_handle(h);
                }
                drop(tick);
            }
        });
    }
    {
        let tablist = tablist.clone();
        let focus_tab = focus_tab.clone();
        use_effect_with(state.index, move |index| {
            if std::mem::take(&mut *focus_tab.borrow_mut()) {
                let tab = tablist
                    .cast::<Element>()
                    .and_then(|l| l.children().item(*index as u32));
                if let Some(tab) = tab.and_then(|t| t.dyn_into::<HtmlElement>().ok()) {
                    let _ = tab.focus();
                }
            }
        });
    }

    let act = |a: fn() -> Act| {
        let d = state.dispatcher();
        Callback::from(move |_: MouseEvent| d.dispatch(a()))
    };
    let rtl = loc.lang.dir() == "rtl";
    // "Next" on the last slide asks for more when there is more, else wraps round.
    let at_end = state.index + 1 >= len;
    let end = props.on_end.clone().filter(|_| at_end);
    let onkeydown = {
        let d = state.dispatcher();
        let focus_tab = focus_tab.clone();
        let end = end.clone();
        Callback::from(move |e: KeyboardEvent| {
            let Some(target) = target_element(&e) else {
                return;
            };
            // Keys typed inside a review's proof dialog are the dialog's business.
            if target.closest("dialog").ok().flatten().is_some() {
                return;
            }
            let (back, forward) = if rtl {
                ("ArrowRight", "ArrowLeft")
            } else {
                ("ArrowLeft", "ArrowRight")
            };
            let on_tab = target.get_attribute("role").as_deref() == Some("tab");
            let action = match e.key().as_str() {
                k if k == back => Act::Prev,
                k if k == forward => Act::Next,
                "Home" if on_tab => Act::Go(0),
                "End" if on_tab => Act::Go(usize::MAX),
                _ => return,
            };
            e.prevent_default();
            *focus_tab.borrow_mut() = on_tab;
            d.dispatch(Act::Stop);
            match (&end, action) {
                (Some(end), Act::Next) => end.emit(()),
                (_, action) => d.dispatch(action),
            }
        })
    };
    let onfocusin = {
        let d = state.dispatcher();
        Callback::from(move |e: FocusEvent| {
            // The rotation button itself is exempt, or it could never start rotation.
            let on_toggle =
                target_element(&e).is_some_and(|t| t.matches(".tw-rotation").unwrap_or(false));
            if !on_toggle {
                d.dispatch(Act::Stop);
            }
        })
    };
    let hover = |h: bool| {
        let d = state.dispatcher();
        Callback::from(move |_: MouseEvent| d.dispatch(Act::Hover(h)))
    };
    let total = len.to_string();
    let n_of = |i: usize| {
        fill(
            t.slide_n_of(),
            &[("n", &(i + 1).to_string()), ("total", &total)],
        )
    };
    let slide_id = |i: usize| format!("{base}-slide-{i}");

    html! {
        <div class="tw-carousel" part="carousel" role="region" aria-roledescription="carousel" aria-label={t.carousel_label()}
            data-tw-filling={progress.filling.then_some("")} {onkeydown} {onfocusin} onmouseenter={hover(true)} onmouseleave={hover(false)}>
            if len > 1 {
                <div class="tw-carousel-controls">
                    if can_rotate {
                        <button type="button" class="tw-icon-button tw-rotation" onclick={act(|| Act::TogglePlay)}
                            aria-label={if state.playing { t.pause() } else { t.play() }}>
                            { icon(if state.playing { Icon::Pause } else { Icon::Play }) }
                        </button>
                    }
                    <button type="button" class="tw-icon-button" aria-label={t.previous()} aria-controls={format!("{base}-slides")} onclick={act(|| Act::Prev)}>
                        { icon(Icon::Prev) }
                    </button>
                    if tabs {
                        <div class="tw-dots" role="tablist" aria-label={t.choose_review()} ref={tablist}>
                            { for (0..len).map(|i| {
                                let d = state.dispatcher();
                                let selected = i == state.index;
                                html! {
                                    <button type="button" role="tab" class="tw-dot" aria-selected={selected.to_string()}
                                        aria-controls={slide_id(i)} tabindex={if selected { "0" } else { "-1" }}
                                        aria-label={fill(t.review_n(), &[("n", &(i + 1).to_string())])}
                                        onclick={Callback::from(move |_: MouseEvent| d.dispatch(Act::Go(i)))} />
                                }
                            }) }
                        </div>
                    } else {
                        <span class="tw-counter" aria-hidden="true">{ n_of(state.index) }</span>
                    }
                    <button type="button" class="tw-icon-button" aria-label={t.next()} aria-controls={format!("{base}-slides")}
                        onclick={match end {
                            Some(end) => Callback::from(move |_: MouseEvent| end.emit(())),
                            None => act(|| Act::Next),
                        }}>
                        { icon(Icon::Next) }
                    </button>
                </div>
            }
            <div class="tw-slides" id={format!("{base}-slides")} aria-live={if rotating { "off" } else { "polite" }}>
                { for slides.iter().enumerate().map(|(i, review)| {
                    let active = i == state.index;
                    html! {
                        <div key={i} id={slide_id(i)} class={classes!("tw-slide", active.then_some("tw-slide-active"))}
                            role={if tabs { "tabpanel" } else { "group" }} aria-roledescription="slide" aria-label={n_of(i)}
                            inert={!active}>
                            if active || i < progress.shown {
                                <ReviewCard ctx={props.ctx.clone()} review={review.clone()} {active} />
                            }
                        </div>
                    }
                }) }
            </div>
        </div>
    }
}
