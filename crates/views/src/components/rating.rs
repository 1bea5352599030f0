//! The rating to show and who counted it. A collector's signed aggregate wins
//! (for this product, else for the whole store); without one the rating is
//! computed here from every review shown for the page. Either way the mean comes
//! from the full histogram, never from a stated average.

use std::rc::Rc;

use trust_manifest::{Aggregate, Date, Verified};
use yew::prelude::*;

use super::data::product_id;
use super::review_store::{use_tally, ReviewStore, Tally};
use crate::context::{Ctx, Trust};

/// Who counted the ratings.
#[derive(Debug, Clone, PartialEq)]
pub enum Counter {
    /// A collector's signed aggregate; `store_wide` when it covers every product
    /// although the page is about one.
    Collector {
        name: String,
        as_of: Date,
        store_wide: bool,
    },
    /// Computed in the browser from the reviews in the manifest.
    Computed,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Rating {
    /// Counts of 1 to 5 stars.
    pub histogram: [u64; 5],
    pub count: u64,
    pub counter: Counter,
}

impl Rating {
    /// The library's one histogram mean (`trust_manifest::histogram_mean`): a
    /// collector's counts near u64::MAX neither overflow nor wrap.
    pub fn mean(&self) -> Option<f64> {
        trust_manifest::histogram_mean(&self.histogram)
    }

    fn from_tally(t: &Tally) -> Rating {
        Rating {
            histogram: t.histogram,
            count: t.count(),
            counter: Counter::Computed,
        }
    }
}

/// The newest collector aggregate for the product, else for the whole store.
pub fn collector_rating(trust: &Trust, product: Option<&str>) -> Option<Rating> {
    let newest = |want: Option<&str>| {
        trust
            .aggregates()
            .iter()
            .filter(|a| a.product.as_deref() == want)
            .max_by_key(|a| a.as_of)
            .and_then(|a: &Verified<Aggregate>| {
                a.attestation().map(|who| (a, who.attester.clone()))
            })
    };
    let (agg, name, store_wide) = match product {
        Some(p) => newest(Some(p))
            .map(|(a, n)| (a, n, false))
            .or_else(|| newest(None).map(|(a, n)| (a, n, true)))?,
        None => newest(None).map(|(a, n)| (a, n, false))?,
    };
    Some(Rating {
        histogram: agg.histogram,
        count: agg.count,
        counter: Counter::Collector {
            name,
            as_of: agg.as_of,
            store_wide,
        },
    })
}

/// Where the page's rating stands.
#[derive(Debug, Clone, PartialEq)]
pub enum RatingState {
    Ready(Rating),
    /// Reviews are still being checked for the computed rating.
    Checking,
}

/// The page's rating; also returns the tally when it was computed (or when
/// `want_tally` asked for it, for the disclosure).
#[hook]
pub fn use_rating(
    trust: &Trust,
    ctx: &Ctx,
    store: &ReviewStore,
    want_tally: bool,
) -> (RatingState, Option<Rc<Tally>>) {
    let product = product_id(trust, ctx);
    let collector = collector_rating(trust, product.as_deref());
    let tally = use_tally(store, product, collector.is_none() || want_tally);
    let state = match (collector, &tally) {
        (Some(r), _) => RatingState::Ready(r),
        (None, Some(t)) => RatingState::Ready(Rating::from_tally(t)),
        (None, None) => RatingState::Checking,
    };
    (state, tally)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 12 item 8: a collector-signed histogram near u64::MAX (the u64 mean
    /// this replaced panicked here in debug builds and wrapped in release).
    #[test]
    fn the_mean_of_a_histogram_near_u64_max() {
        let rating = |histogram| Rating {
            histogram,
            count: u64::MAX,
            counter: Counter::Computed,
        };
        assert_eq!(rating([0, 0, 0, 1, u64::MAX - 1]).mean(), Some(5.0));
        assert_eq!(rating([u64::MAX, 0, 0, 0, 0]).mean(), Some(1.0));
        assert_eq!(rating([0, 0, u64::MAX, 0, 0]).mean(), Some(3.0));
        assert_eq!(rating([0; 5]).mean(), None);
    }
}
