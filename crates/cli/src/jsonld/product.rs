//! A `Product` with its `aggregateRating` and `review`s: the collector's signed
//! aggregate when there is one, else a rating computed from the verified reviews.

use trust_manifest::{Aggregate, Verified, VerifiedManifest};

use super::organization::{certifications, date};
use super::schema_org::*;

pub(super) fn product(v: &VerifiedManifest, id: &str, max_reviews: usize) -> Product {
    let p = v
        .products()
        .iter()
        .find(|p| p.id == id)
        .expect("the product was looked up by the caller");
    // Every verified review of this product (not store reviews: they are not about it).
    let reviews: Vec<_> = (0..v.review_count())
        .filter_map(|i| v.review(i).ok())
        .filter(|r| r.product.as_deref() == Some(id))
        .collect();
    let aggregate_rating = collector_rating(v, id).or_else(|| computed_rating(&reviews));
    let mut shown: Vec<_> = reviews
        .iter()
        .filter(|r| !r.incentivized && !r.insider)
        .collect();
    // Newest first; equal dates keep the brand's order.
    shown.sort_by_key(|r| std::cmp::Reverse(r.date));
    let review: Vec<Review> = shown
        .into_iter()
        .take(max_reviews)
        .map(|r| Review {
            kind: "Review",
            author: Named {
                kind: "Person",
                name: r.author.clone(),
                url: None,
            },
            review_rating: Rating {
                kind: "Rating",
                rating_value: r.rating.value,
                best_rating: r.rating.best,
                worst_rating: r.rating.worst,
            },
            name: r.title.clone(),
            review_body: r.body.clone(),
            date_published: date(r.date),
            in_language: r.language.clone(),
            publisher: r.attestation().map(|a| Named {
                kind: "Organization",
                name: a.attester.clone(),
                url: a.attester_url.clone(),
            }),
        })
        .collect();
    if aggregate_rating.is_none() && review.is_empty() {
        eprintln!("note: product {id:?} has no verified rating or reviews to mark up");
    }
    Product {
        kind: "Product",
        name: p.name.clone(),
        sku: p.sku.clone(),
        gtin: p.gtin.clone(),
        brand: Named {
            kind: "Brand",
            name: v.issuer().name.clone(),
            url: None,
        },
        aggregate_rating,
        review,
        has_certification: certifications(v, Some(id)),
    }
}

/// The newest collector-signed aggregate for the product (as the widget shows it).
/// A store-wide aggregate is not about the product and is not used.
pub(super) fn collector_rating(v: &VerifiedManifest, id: &str) -> Option<AggregateRating> {
    v.aggregates()
        .iter()
        .filter(|a| a.product.as_deref() == Some(id) && a.attestation().is_some())
        .max_by_key(|a: &&Verified<Aggregate>| a.as_of)
        .and_then(|a| rating(a.count, a.mean()?))
}

/// Computed from the verified reviews on the 1 to 5 star scale, as the widget does.
pub(super) fn computed_rating(
    reviews: &[Verified<trust_manifest::Review>],
) -> Option<AggregateRating> {
    let stars: Vec<u64> = reviews
        .iter()
        .map(|r| u64::from(r.rating.stars()))
        .filter(|s| (1..=5).contains(s))
        .collect();
    let n = stars.len() as u64;
    (n > 0).then(|| rating(n, stars.iter().sum::<u64>() as f64 / n as f64))?
}

pub(super) fn rating(count: u64, mean: f64) -> Option<AggregateRating> {
    (count > 0).then(|| AggregateRating {
        kind: "AggregateRating",
        rating_value: (mean * 100.0).round() / 100.0,
        rating_count: count,
        best_rating: 5,
        worst_rating: 1,
    })
}
