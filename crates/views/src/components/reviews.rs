//! The reviews view: the rating with its full histogram, filters, the review
//! carousel and the "how reviews are verified" disclosure.
//!
//! Reviews are checked in windows (the first 30 for this page, more on demand),
//! each window with the shopper's language first; a review that fails its check
//! is skipped, never shown. With paged reviews, "more" (or moving on from the
//! carousel's last slide) fetches and proves the next page first; a page that
//! fails shows a short notice under the reviews already shown.

use std::rc::Rc;

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::data::{product_id, sort_small};
use super::disclosure::disclosure;
use super::progressive::after_paint;
use super::rating::use_rating;
use super::rating_overview::rating_overview;
use super::removal_counts::RemovalCounts;
use super::review_carousel::{ReviewCarousel, Slides};
use super::review_store::{ReviewStore, Shown};
use super::{section, use_uid};
use crate::context::{Ctx, Trust};
use crate::i18n::{primary, Loc};

/// Reviews per window, and the most entries checked to fill one.
const WINDOW: usize = 30;
const MAX_SCAN: usize = 150;

#[derive(Properties, PartialEq)]
pub struct ReviewsProps {
    pub trust: Trust,
    pub ctx: Ctx,
    pub store: ReviewStore,
}

/// Reviews loaded so far, window after window.
struct Loaded {
    items: Rc<Vec<Shown>>,
    /// The entry the next window starts at.
    next: usize,
    windows: usize,
    /// Index in `items` of the first review of the latest window.
    first_new: usize,
}

/// Load the next window: (store, product, shopper's language).
struct More(ReviewStore, Option<String>, String);

impl Loaded {
    fn first(store: &ReviewStore, product: Option<&str>, lang: &str) -> Loaded {
        let (items, next) = store.window(0, product, lang, WINDOW, MAX_SCAN);
        Loaded {
            items: Rc::new(items),
            next,
            windows: 1,
            first_new: 0,
        }
    }
}

impl Reducible for Loaded {
    type Action = More;
    fn reduce(self: Rc<Self>, More(store, product, lang): More) -> Rc<Self> {
        let (batch, next) = store.window(self.next, product.as_deref(), &lang, WINDOW, MAX_SCAN);
        let mut items = (*self.items).clone();
        let first_new = items.len();
        items.extend(batch);
        Rc::new(Loaded {
            items: Rc::new(items),
            next,
            windows: self.windows + 1,
            first_new,
        })
    }
}

fn select_value(e: &Event) -> String {
    e.target_unchecked_into::<HtmlSelectElement>().value()
}

#[function_component]
pub fn Reviews(props: &ReviewsProps) -> Html {
    let id = use_uid("reviews");
    let loc = Loc::new(&props.ctx.locale);
    let t = loc.t;
    let product = product_id(&props.trust, &props.ctx);
    let loaded = {
        let (store, product, lang) = (
            props.store.clone(),
            product.clone(),
            loc.shopper_lang.clone(),
        );
        use_reducer(move || Loaded::first(&store, product.as_deref(), &lang))
    };
    // A page is being fetched and proven.
    let fetching = use_state(|| false);
    let stars = use_state(|| None::<u8>);
    let language = use_state(|| None::<String>);
    let disclosure_open = use_state(|| false);
    let (rating, tally) = use_rating(&props.trust, &props.ctx, &props.store, *disclosure_open);

    let slides = {
        let items = loaded.items.clone();
        use_memo(
            (loaded.windows, *stars, (*language).clone()),
            move |(_, stars, language)| {
                let keep = |r: &&Shown| {
                    stars.is_none_or(|s| r.rating.stars() == s)
                        && language.as_ref().is_none_or(|l| primary(&r.language) == *l)
                };
                Rc::new(items.iter().filter(keep).cloned().collect::<Vec<_>>())
            },
        )
    };
    // Languages among the loaded reviews, the shopper's first.
    let mut languages: Vec<String> = Vec::new();
    for r in loaded.items.iter() {
        let l = primary(&r.language);
        if !languages.contains(&l) {
            languages.push(l);
        }
    }
    sort_small(&mut languages, |l| *l != loc.shopper_lang);

    let on_stars = {
        let stars = stars.clone();
        Callback::from(move |e: Event| {
            // The select shows the choice itself; the new carousel renders after that paint.
            let v = select_value(&e).parse().ok();
            let stars = stars.clone();
            after_paint(move || stars.set(v));
        })
    };
    let on_language = {
        let language = language.clone();
        Callback::from(move |e: Event| {
            let v = select_value(&e);
            let language = language.clone();
            after_paint(move || language.set((!v.is_empty()).then_some(v)));
        })
    };
    let load_more = {
        let (loaded, fetching) = (loaded.clone(), fetching.clone());
        let (store, product, lang) = (
            props.store.clone(),
            product.clone(),
            loc.shopper_lang.clone(),
        );
        Callback::from(move |()| {
            let more = More(store.clone(), product.clone(), lang.clone());
            if *fetching {
                return;
            }
            if loaded.next < store.len() {
                // The busy state is painted first, the next window after
                // (`after_paint`): the interaction's next paint stays quick.
                fetching.set(true);
                let (loaded, fetching) = (loaded.dispatcher(), fetching.clone());
                after_paint(move || {
                    loaded.dispatch(more);
                    fetching.set(false);
                });
            } else if store.more_pages() {
                fetching.set(true);
                let (store, loaded, fetching) =
                    (store.clone(), loaded.dispatcher(), fetching.clone());
                yew::platform::spawn_local(async move {
                    let ok = store.load_next_page().await.is_ok();
                    fetching.set(false);
                    if ok {
                        loaded.dispatch(more);
                    }
                });
            }
        })
    };
    let on_more = load_more.reform(|_: MouseEvent| ());
    let on_toggle = {
        let open = disclosure_open.clone();
        Callback::from(move |o: bool| open.set(o))
    };
    // After "more", the carousel starts at the first new review (when it passes the filters).
    let start = if loaded.windows > 1 {
        loaded
            .items
            .get(loaded.first_new)
            .and_then(|first| slides.iter().position(|r| Rc::ptr_eq(r, first)))
            .unwrap_or(0)
    } else {
        0
    };
    // A new carousel per filter choice; a new window is appended to the same
    // one (no Debug formatting: it costs wasm).
    let carousel_key = format!(
        "{}-{}",
        stars.unwrap_or(0),
        language.as_deref().unwrap_or("")
    );
    let has_more = loaded.next < props.store.len() || props.store.more_pages();
    let page_error = props.store.page_error();

    let body = html! {
        <>
            { rating_overview(&loc, &rating) }
            if !loaded.items.is_empty() {
                <div class="tw-filters">
                    <label class="tw-filter">
                        <span class="tw-filter-label">{ t.filter_rating() }</span>
                        <select class="tw-select" onchange={on_stars}>
                            <option value="" selected={stars.is_none()}>{ t.filter_all_ratings() }</option>
                            { for (1..=5u8).rev().map(|s| html! {
                                <option value={s.to_string()} selected={*stars == Some(s)}>{ loc.plural(s.into(), t.stars(), &[]) }</option>
                            }) }
                        </select>
                    </label>
                    if languages.len() > 1 {
                        <label class="tw-filter">
                            <span class="tw-filter-label">{ t.filter_language() }</span>
                            <select class="tw-select" onchange={on_language}>
                                <option value="" selected={language.is_none()}>{ t.filter_all_languages() }</option>
                                { for languages.iter().map(|l| html! {
                                    <option value={l.clone()} selected={language.as_deref() == Some(l.as_str())}>{ loc.language(l) }</option>
                                }) }
                            </select>
                        </label>
                    }
                </div>
            }
            if slides.is_empty() {
                if !loaded.items.is_empty() {
                    <p class="tw-muted tw-empty">{ t.no_match() }</p>
                }
            } else {
                <ReviewCarousel key={carousel_key} ctx={props.ctx.clone()} slides={Slides((*slides).clone())} {start}
                    on_end={has_more.then_some(load_more)} />
            }
            if has_more {
                <button type="button" class="tw-button tw-more" onclick={on_more} aria-busy={fetching.to_string()}>
                    { if *fetching { t.checking_reviews() } else { t.more_reviews() } }
                </button>
            }
            if let Some(e) = page_error {
                <p class="tw-muted tw-page-error" role="status" data-code={e.code}>{ t.page_failed() }</p>
            }
            <RemovalCounts trust={props.trust.clone()} ctx={props.ctx.clone()} />
            { disclosure(&loc, tally.as_deref(), &rating, on_toggle) }
        </>
    };
    section("tw-section tw-reviews", None, id, t.h_reviews(), body)
}
