//! Review health in one market: how many, in which languages, how many a
//! collector vouches for, how the ratings spread, and which reviews read as
//! incentivised or by insiders without being marked so (FTC 16 CFR 465; a page
//! of only 5-star reviews is itself a warning sign to shoppers).

use trust_manifest::{Expectation, Review};

use crate::report::checks::{primary, Market};
use crate::report::input::Input;
use crate::report::model::{Finding, ReviewHealth};
use crate::report::score::{
    RATING_MIX, REVIEW_ATTESTED, REVIEW_COUNT, REVIEW_LABELS, REVIEW_LANGUAGE,
};

/// Fewer reviews than this read as thin social proof.
const ENOUGH_REVIEWS: usize = 5;

/// Phrases (lower case) that say a reviewer is connected to the brand.
const INSIDER_PHRASES: &[&str] = &[
    "i work at",
    "i work for",
    "i work on",
    "our team",
    "employee",
    "staff",
    "founder",
    "mitarbeiter",
    "社員",
    "スタッフ",
    "従業員",
];
/// Phrases (lower case) that say a reviewer got something for reviewing.
const INCENTIVE_PHRASES: &[&str] = &[
    "for free",
    "free sample",
    "in exchange for",
    "gifted",
    "pr package",
    "complimentary",
    "sponsored",
    "#ad",
    "kostenlos zur verfügung",
    "gratis",
    "無料で提供",
    "提供していただ",
];

pub fn health(input: &Input, m: &Market) -> ReviewHealth {
    let mut h = ReviewHealth {
        count: input.reviews.len(),
        ..ReviewHealth::default()
    };
    for claim in &input.reviews {
        let r = &claim.item;
        *h.languages.entry(primary(&r.language)).or_default() += 1;
        if m.reads(&r.language) {
            h.in_market_languages += 1;
        }
        if claim.attested {
            h.attested += 1;
        }
        let stars = r.rating.stars();
        if stars > 0 {
            h.histogram[usize::from(stars) - 1] += 1;
        }
        h.incentivized += usize::from(r.incentivized);
        h.insider += usize::from(r.insider);
        if reads_unlabelled(r) {
            h.possibly_unlabelled.push(r.id.clone());
        }
    }
    h.attested_percent = (h.attested * 100).checked_div(h.count).unwrap_or(0) as u32;
    // The library's one histogram mean; two decimals, so the JSON stays the same
    // across platforms' float printing.
    h.mean = trust_manifest::histogram_mean(&h.histogram.map(|c| c as u64))
        .map(|m| (m * 100.0).round() / 100.0);
    h.newest = input
        .reviews
        .iter()
        .map(|r| r.item.date)
        .max()
        .map(|d| d.to_string());
    h
}

/// A review whose words say incentive or insider while its flags do not.
fn reads_unlabelled(r: &Review) -> bool {
    let text = format!(
        "{} {} {}",
        r.title.as_deref().unwrap_or_default(),
        r.body,
        r.author
    )
    .to_lowercase();
    let says = |phrases: &[&str]| phrases.iter().any(|p| text.contains(p));
    (says(INSIDER_PHRASES) && !r.insider) || (says(INCENTIVE_PHRASES) && !r.incentivized)
}

pub fn findings(h: &ReviewHealth, m: &Market, out: &mut Vec<Finding>) {
    match h.count {
        0 => out.push(REVIEW_COUNT.fail("no reviews")),
        n if n < ENOUGH_REVIEWS => out.push(REVIEW_COUNT.fail_with(
            5,
            format!("only {n} review(s); {ENOUGH_REVIEWS} or more read as real social proof"),
        )),
        _ => {}
    }
    if h.count > 0 && h.in_market_languages == 0 {
        let points = if m.expects(Expectation::ReviewsInLanguage) {
            10
        } else {
            REVIEW_LANGUAGE.points
        };
        out.push(REVIEW_LANGUAGE.fail_with(points, format!("no review in {}", m.languages())));
    }
    if h.count > 0 && h.attested * 2 < h.count {
        let (points, how) = if h.attested == 0 {
            (REVIEW_ATTESTED.points, "none")
        } else {
            (5, "fewer than half")
        };
        out.push(REVIEW_ATTESTED.fail_with(
            points,
            format!("{how} of the reviews come from a review collector; the rest are stated by the brand"),
        ));
    }
    if h.histogram[4] >= 3 && h.histogram[..4].iter().all(|&n| n == 0) {
        out.push(RATING_MIX.fail(
            "every review is 5 stars: shoppers read a page of only 5-star reviews as curated",
        ));
    }
    if !h.possibly_unlabelled.is_empty() {
        out.push(REVIEW_LABELS.fail(format!(
            "{} read(s) as incentivised or by an insider but is not marked so",
            h.possibly_unlabelled.join(", ")
        )));
    }
}
