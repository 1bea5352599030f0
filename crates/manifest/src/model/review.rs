use alloc::string::String;
use alloc::vec::Vec;

use super::*;
use crate::{Date, Envelope};

model! {
    /// A customer review, after schema.org `Review`.
    pub struct Review {
        /// Identifier, unique within the manifest (or the collector).
        pub id: String,
        /// Product id; absent for a review of the store itself.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub product: Option<String>,
        #[serde(rename = "reviewRating")]
        pub rating: Rating,
        /// Title.
        #[serde(rename = "name", default, skip_serializing_if = "Option::is_none")]
        pub title: Option<String>,
        #[serde(rename = "reviewBody")]
        pub body: String,
        /// BCP 47 language of title and body.
        #[serde(rename = "inLanguage")]
        pub language: String,
        /// ISO 3166-1 alpha-2 market of the reviewer.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub market: Option<String>,
        #[serde(rename = "datePublished")]
        pub date: Date,
        /// Display name as the reviewer chose it.
        pub author: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub photos: Vec<Photo>,
        /// How the purchase behind the review was checked.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub verification: Option<PurchaseCheck>,
        /// The reviewer got something for reviewing (FTC 16 CFR 465 disclosure).
        #[serde(default, skip_serializing_if = "core::ops::Not::not")]
        pub incentivized: bool,
        /// The reviewer is an employee, relative or otherwise connected to the brand.
        #[serde(default, skip_serializing_if = "core::ops::Not::not")]
        pub insider: bool,
        /// The brand's public answer. Always shown as the brand's words, apart from
        /// the reviewer's; in a collector's statement the collector vouches only that
        /// the brand wrote it, never that the buyer agreed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub reply: Option<Reply>,
        /// The review app the brand imported this review from (`trustctl
        /// import`): shown as "imported from …" beside who vouches for it. An
        /// imported review is the brand's statement, never a collector's.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub source: Option<ReviewSource>,
    }

    /// The brand's reply to a review.
    pub struct Reply {
        /// Plain text (no markup), in the brand's language.
        pub body: String,
        /// The day of the reply (or of its last edit).
        pub date: Date,
    }

    /// A rating on a scale, after schema.org `Rating`.
    pub struct Rating {
        #[serde(rename = "ratingValue")]
        pub value: u8,
        #[serde(rename = "bestRating", default = "five")]
        pub best: u8,
        #[serde(rename = "worstRating", default = "one")]
        pub worst: u8,
    }

    /// A review photo.
    pub struct Photo {
        /// https URL.
        pub url: String,
        /// Alternative text.
        pub alt: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub sha256: Option<String>,
    }

    /// How a purchase was checked.
    pub struct PurchaseCheck {
        pub method: PurchaseCheckMethod,
        /// When the check happened.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub checked: Option<Date>,
    }

    /// A review as embedded in a manifest: stated by the brand, or a DSSE envelope
    /// signed by a review collector. Exactly one is present.
    pub struct ReviewEntry {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub review: Option<Review>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub attestation: Option<Envelope>,
    }

    /// A collector's aggregate, after schema.org `AggregateRating`, with the full
    /// histogram so the average can be recomputed rather than trusted.
    pub struct Aggregate {
        /// Product id; absent for the whole store.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub product: Option<String>,
        #[serde(rename = "ratingCount")]
        pub count: u64,
        /// Counts of 1, 2, 3, 4 and 5-star ratings.
        pub histogram: [u64; 5],
        /// The day the counts were taken.
        #[serde(rename = "asOf")]
        pub as_of: Date,
    }
}

fn five() -> u8 {
    5
}
fn one() -> u8 {
    1
}

vocabulary! {
    /// Ways a collector or brand checks that a reviewer bought the product.
    pub enum PurchaseCheckMethod {
        /// The review request was sent by the collector after a real order.
        OrderInvitation = "order-invitation",
        /// The order number was matched against the store's order records.
        OrderMatch = "order-match",
        /// The reviewer uploaded a receipt that was checked by hand.
        Receipt = "receipt",
        /// Not checked.
        None = "none",
    }
}

vocabulary! {
    /// Review apps whose exports `trustctl import` reads.
    pub enum ReviewSource {
        /// Judge.me.
        Judgeme = "judge.me",
        /// Shopify's Product Reviews app.
        ShopifyProductReviews = "shopify-product-reviews",
        /// Okendo.
        Okendo = "okendo",
        /// Yotpo.
        Yotpo = "yotpo",
        /// A Google Merchant Center product reviews feed.
        GoogleProductReviewsFeed = "google-product-reviews-feed",
    }
}

impl Rating {
    /// Whether the value lies on its scale.
    pub fn in_scale(&self) -> bool {
        self.worst < self.best && (self.worst..=self.best).contains(&self.value)
    }

    /// The rating mapped onto 1..=5 stars (for histograms across scales).
    pub fn stars(&self) -> u8 {
        if !self.in_scale() {
            return 0;
        }
        let span = u32::from(self.best - self.worst);
        let pos = u32::from(self.value - self.worst);
        (1 + (pos * 4 + span / 2) / span) as u8
    }
}

impl Aggregate {
    /// The mean rating, computed from the histogram (never taken on trust).
    pub fn mean(&self) -> Option<f64> {
        histogram_mean(&self.histogram)
    }

    /// The histogram sums to the count.
    pub fn is_consistent(&self) -> bool {
        histogram_total(&self.histogram) == u128::from(self.count)
    }
}

/// How many ratings a 1–5 star histogram holds. u128: five u64 counts from a
/// signed statement can add up past u64 (a panic in debug builds, a wrapped
/// count in release).
pub fn histogram_total(histogram: &[u64; 5]) -> u128 {
    histogram.iter().map(|&c| u128::from(c)).sum()
}

/// The mean of a 1–5 star histogram, `None` when it is empty: the one mean every
/// surface shows (the widget and `trustctl render`, `verify`, `report`, `jsonld`),
/// so none can overflow where another does not. Summed in f64: no sum can
/// overflow (at most 25 × u64::MAX, about 4.6e20), the relative error (1e-16) is
/// far below the one decimal shown, and the widget needs no u128 arithmetic
/// (which cost about 0.3 KB of wasm).
pub fn histogram_mean(histogram: &[u64; 5]) -> Option<f64> {
    let n: f64 = histogram.iter().map(|&c| c as f64).sum();
    (n > 0.0).then(|| {
        histogram
            .iter()
            .zip(1u8..)
            .map(|(&c, stars)| c as f64 * f64::from(stars))
            .sum::<f64>()
            / n
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 12 item 8: a collector can sign counts near u64::MAX; the mean stays
    /// right and nothing overflows.
    #[test]
    fn the_mean_of_any_histogram() {
        let max = u64::MAX;
        assert_eq!(histogram_mean(&[0; 5]), None);
        assert_eq!(histogram_mean(&[0, 0, 0, 0, max]), Some(5.0));
        assert_eq!(histogram_mean(&[max, 0, 0, 0, 0]), Some(1.0));
        assert_eq!(histogram_mean(&[max, max, max, max, max]), Some(3.0));
        assert_eq!(histogram_mean(&[max / 2, 0, 0, 0, max / 2]), Some(3.0));
        assert_eq!(histogram_mean(&[1, 0, 0, 0, 3]), Some(4.0));
        assert_eq!(histogram_total(&[max; 5]), 5 * u128::from(max));
        let a = Aggregate {
            product: None,
            count: max,
            histogram: [0, 0, 0, 1, max - 1],
            as_of: crate::Date(0),
        };
        assert!(a.is_consistent());
        assert!((a.mean().unwrap() - 5.0).abs() < 1e-12);
        let wraps = Aggregate {
            histogram: [max, 1, 0, 0, 0],
            count: 0,
            ..a
        };
        assert!(!wraps.is_consistent(), "u64::MAX + 1 does not wrap to 0");
    }
}
