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
        // u128: counts are u64 from the statement, and their sum or weighted sum can
        // exceed u64 (a panic in debug builds, a wrapped mean in release).
        let n: u128 = self.histogram.iter().map(|&c| u128::from(c)).sum();
        if n == 0 {
            return None;
        }
        let total: u128 = self
            .histogram
            .iter()
            .zip(1u128..)
            .map(|(&c, s)| u128::from(c) * s)
            .sum();
        Some(total as f64 / n as f64)
    }

    /// The histogram sums to the count.
    pub fn is_consistent(&self) -> bool {
        self.histogram
            .iter()
            .try_fold(0u64, |a, c| a.checked_add(*c))
            == Some(self.count)
    }
}
