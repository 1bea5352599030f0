//! Reviews, verified as they are needed. A manifest may carry thousands of
//! reviews, each with a collector signature; `VerifiedManifest::review` checks
//! one at a time. The store remembers each result so the summary, the carousel
//! and the disclosure never check the same review twice, and it checks long runs
//! (the computed tally) in slices that yield to the browser between them, so the
//! host page never sees a long task.
//!
//! Paged reviews (a collector's page index) follow the manifest's own: page 0 is
//! checked when the store is made (inline, no request), later pages are fetched
//! and proven on demand (`load_next_page`) and appended. A page that fails is
//! reported once and leaves what is shown as it was.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use trust_manifest::{Assurance, PurchaseCheckMethod, Review, Verified};
use yew::prelude::*;

use super::data::{for_product, sort_small};
use crate::context::Trust;
use crate::i18n::primary;

/// A review that passed its check.
pub type Shown = Rc<Verified<Review>>;

/// Entries checked per slice before yielding (about 5 ms of signatures).
const SLICE: usize = 32;

#[derive(Clone)]
pub struct ReviewStore(Rc<Inner>);

struct Inner {
    trust: Trust,
    /// `None`: not checked yet; `Some(None)`: failed its check, never shown.
    slots: RefCell<Vec<Option<Option<Shown>>>>,
    tallies: RefCell<Vec<(Option<String>, Rc<Tally>)>>,
    /// Reviews of the pages proven so far, in page order, after the manifest's own.
    paged: RefCell<Vec<Shown>>,
    /// Pages proven so far (page 0 first).
    pages_loaded: Cell<u64>,
    /// The first page that failed; no page after it is asked for.
    page_error: RefCell<Option<crate::error::WidgetError>>,
}

impl PartialEq for ReviewStore {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl ReviewStore {
    pub fn new(trust: Trust) -> ReviewStore {
        let n = trust.review_count();
        let store = ReviewStore(Rc::new(Inner {
            trust,
            slots: RefCell::new(vec![None; n]),
            tallies: RefCell::new(Vec::new()),
            paged: RefCell::new(Vec::new()),
            pages_loaded: Cell::new(0),
            page_error: RefCell::new(None),
        }));
        // Page 0 inline: proven now (a few hashes and one parse), shown at once.
        match store.0.trust.first_review_page() {
            Some(Ok(reviews)) => store.append_page(reviews),
            Some(Err(e)) => store.page_failed(0, e.into()),
            None => {}
        }
        store
    }

    /// Entries so far: the manifest's reviews, then the reviews of proven pages.
    pub fn len(&self) -> usize {
        self.0.trust.review_count() + self.0.paged.borrow().len()
    }

    /// Whether another page can be asked for (none failed, not all loaded).
    pub fn more_pages(&self) -> bool {
        self.0.page_error.borrow().is_none()
            && self
                .0
                .trust
                .review_pages()
                .is_some_and(|p| self.0.pages_loaded.get() < p.pages())
    }

    /// The page failure to show, if a page failed.
    pub fn page_error(&self) -> Option<crate::error::WidgetError> {
        self.0.page_error.borrow().clone()
    }

    /// Fetches the next page, proves it and appends its reviews; on failure the
    /// store keeps what it has, warns once and asks for no further page.
    pub async fn load_next_page(&self) -> Result<(), crate::error::WidgetError> {
        let n = self.0.pages_loaded.get();
        match self.0.trust.fetch_page(n).await {
            // Another caller may have appended this page while the fetch ran.
            Ok(_) if self.0.pages_loaded.get() != n => Ok(()),
            Ok(reviews) => {
                self.append_page(reviews);
                Ok(())
            }
            Err(e) => {
                if self.0.page_error.borrow().is_none() {
                    self.page_failed(n, e.clone());
                }
                Err(e)
            }
        }
    }

    fn append_page(&self, reviews: Vec<Verified<Review>>) {
        self.0
            .paged
            .borrow_mut()
            .extend(reviews.into_iter().map(Rc::new));
        self.0.pages_loaded.set(self.0.pages_loaded.get() + 1);
        // Counts over the loaded reviews are stale now.
        self.0.tallies.borrow_mut().clear();
    }

    fn page_failed(&self, n: u64, e: crate::error::WidgetError) {
        self.0.trust.page_failed(n, &e);
        *self.0.page_error.borrow_mut() = Some(e);
    }

    /// Review `i`, checked on first use. A review that fails its check (a bad or
    /// untrusted collector signature, a rating off its scale) is `None` for good.
    pub fn get(&self, i: usize) -> Option<Shown> {
        let own = self.0.trust.review_count();
        if i >= own {
            return self.0.paged.borrow().get(i - own).cloned();
        }
        if let Some(slot) = self.0.slots.borrow().get(i).cloned().flatten() {
            return slot;
        }
        let checked = self.0.trust.review(i).ok().map(Rc::new);
        if let Some(slot) = self.0.slots.borrow_mut().get_mut(i) {
            *slot = Some(checked.clone());
        }
        checked
    }

    /// The next window of reviews for this page, from entry `start`: up to `want`
    /// reviews, checking at most `max_scan` entries. Returns them with the shopper's
    /// language first (otherwise in the brand's order) and the entry to continue from.
    pub fn window(
        &self,
        start: usize,
        product: Option<&str>,
        lang: &str,
        want: usize,
        max_scan: usize,
    ) -> (Vec<Shown>, usize) {
        let mut out = Vec::new();
        let mut i = start;
        while i < self.len() && out.len() < want && i - start < max_scan {
            if let Some(r) = self.get(i) {
                if for_product(r.product.as_deref(), product) {
                    out.push(r);
                }
            }
            i += 1;
        }
        sort_small(&mut out, |r| primary(&r.language) != lang);
        (out, i)
    }

    fn cached_tally(&self, product: Option<&str>) -> Option<Rc<Tally>> {
        let tallies = self.0.tallies.borrow();
        tallies
            .iter()
            .find(|(p, _)| p.as_deref() == product)
            .map(|(_, t)| t.clone())
    }
}

/// One collector's reviews: its name, how many, and how many per purchase check.
pub type CollectorCount = (String, u64, Vec<(PurchaseCheckMethod, u64)>);

/// Counts over every review shown for a page: the computed rating and the
/// "how reviews are verified" disclosure are built from these.
#[derive(Debug, Default, PartialEq)]
pub struct Tally {
    /// Ratings by stars, 1 to 5.
    pub histogram: [u64; 5],
    /// Per collector: name, total, and counts per purchase-check method.
    pub collectors: Vec<CollectorCount>,
    /// Reviews stated by the brand alone.
    pub brand: u64,
    /// Reviews labelled incentivised or insider.
    pub labelled: u64,
}

impl Tally {
    fn add(&mut self, r: &Verified<Review>) {
        let stars = r.rating.stars();
        if (1..=5).contains(&stars) {
            self.histogram[usize::from(stars) - 1] += 1;
        }
        if r.incentivized || r.insider {
            self.labelled += 1;
        }
        match r.assurance() {
            Assurance::Brand => self.brand += 1,
            Assurance::Attested(a) => {
                let method = r
                    .verification
                    .as_ref()
                    .map_or(PurchaseCheckMethod::None, |v| v.method);
                let pos = match self.collectors.iter().position(|c| c.0 == a.attester) {
                    Some(p) => p,
                    None => {
                        self.collectors.push((a.attester.clone(), 0, Vec::new()));
                        self.collectors.len() - 1
                    }
                };
                let entry = &mut self.collectors[pos];
                entry.1 += 1;
                match entry.2.iter_mut().find(|(m, _)| *m == method) {
                    Some((_, n)) => *n += 1,
                    None => entry.2.push((method, 1)),
                }
            }
        }
    }

    pub fn count(&self) -> u64 {
        self.histogram.iter().sum()
    }
}

/// Checks every review for the page in slices, yielding between them; `None`
/// until done (or while `enabled` is false: the work starts only when needed).
#[hook]
pub fn use_tally(store: &ReviewStore, product: Option<String>, enabled: bool) -> Option<Rc<Tally>> {
    let state = use_state(|| match store.cached_tally(product.as_deref()) {
        // The static render (native, `render_static`) runs no effects: it counts at once.
        #[cfg(not(target_arch = "wasm32"))]
        None if enabled => Some(tally_now(store, product.as_deref())),
        // On the page, a short count is done before the first render, so the rating
        // does not arrive a moment later and move what is below it (layout shift).
        #[cfg(target_arch = "wasm32")]
        None if enabled => tally_within(store, product.as_deref()),
        cached => cached,
    });
    {
        let state = state.clone();
        use_effect_with(
            (store.clone(), product, enabled),
            move |(store, product, enabled)| {
                let alive = Rc::new(Cell::new(true));
                if *enabled {
                    match store.cached_tally(product.as_deref()) {
                        Some(t) => {
                            if !state.as_ref().is_some_and(|s| Rc::ptr_eq(s, &t)) {
                                state.set(Some(t));
                            }
                        }
                        None => yew::platform::spawn_local(count_all(
                            store.clone(),
                            product.clone(),
                            alive.clone(),
                            state,
                        )),
                    }
                }
                move || alive.set(false)
            },
        );
    }
    (*state).clone()
}

#[cfg(not(target_arch = "wasm32"))]
/// `count_all` in one go, for the static render, which has no browser to yield to.
fn tally_now(store: &ReviewStore, product: Option<&str>) -> Rc<Tally> {
    let mut tally = Tally::default();
    for r in (0..store.len()).filter_map(|i| store.get(i)) {
        if for_product(r.product.as_deref(), product) {
            tally.add(&r);
        }
    }
    Rc::new(tally)
}

/// Longest count done before the first render; a longer one (thousands of attested
/// reviews) runs in slices (`count_all`), reusing the checks done here.
#[cfg(target_arch = "wasm32")]
const TALLY_BUDGET_MS: f64 = 3.0;

/// Every review counted at once if that takes at most `TALLY_BUDGET_MS` (stated
/// reviews, or a few attested ones); `None` otherwise.
#[cfg(target_arch = "wasm32")]
fn tally_within(store: &ReviewStore, product: Option<&str>) -> Option<Rc<Tally>> {
    let deadline = js_sys::Date::now() + TALLY_BUDGET_MS;
    let mut tally = Tally::default();
    for i in 0..store.len() {
        if let Some(r) = store.get(i) {
            if for_product(r.product.as_deref(), product) {
                tally.add(&r);
            }
        }
        if i % 8 == 7 && js_sys::Date::now() > deadline {
            return None;
        }
    }
    let tally = Rc::new(tally);
    let key = product.map(str::to_owned);
    store.0.tallies.borrow_mut().push((key, tally.clone()));
    Some(tally)
}

async fn count_all(
    store: ReviewStore,
    product: Option<String>,
    alive: Rc<Cell<bool>>,
    state: UseStateHandle<Option<Rc<Tally>>>,
) {
    let mut tally = Tally::default();
    for i in 0..store.len() {
        if let Some(r) = store.get(i) {
            if for_product(r.product.as_deref(), product.as_deref()) {
                tally.add(&r);
            }
        }
        if i % SLICE == SLICE - 1 {
            yew::platform::time::sleep(Duration::ZERO).await;
            if !alive.get() {
                return;
            }
        }
    }
    let tally = Rc::new(tally);
    store.0.tallies.borrow_mut().push((product, tally.clone()));
    if alive.get() {
        state.set(Some(tally));
    }
}
