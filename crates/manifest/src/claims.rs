//! Each claim's own check: a certification, an aggregate or a review is either
//! stated by the brand (covered by its signature) or a third party's statement
//! (`open_statement`), never both. A claim that fails is dropped, never the
//! manifest. Certifications and aggregates are checked in `verify_manifest`;
//! reviews when they are about to be shown (`VerifiedManifest::review`).

use alloc::string::String;

use crate::model::*;
use crate::open_statement::{open_for_manifest, same_product};
use crate::verified::{Assurance, Verified, VerifiedManifest};
use crate::{Envelope, Error};

impl VerifiedManifest {
    /// Review `index`, checking its attestation now. Attestations are checked only
    /// for reviews about to be shown, so cost follows the page, not the manifest.
    pub fn review(&self, index: usize) -> Result<Verified<Review>, Error> {
        let entry = self
            .manifest
            .reviews
            .get(index)
            .ok_or_else(|| Error::Malformed(alloc::format!("no review {index}")))?;
        review_entry(self, entry)
    }
}

fn exactly_one<'a, T>(
    stated: &'a Option<T>,
    attested: &'a Option<Envelope>,
) -> Result<Result<&'a T, &'a Envelope>, Error> {
    match (stated, attested) {
        (Some(s), None) => Ok(Ok(s)),
        (None, Some(e)) => Ok(Err(e)),
        _ => Err(Error::Malformed(String::from(
            "an entry needs exactly one of the stated claim and its attestation",
        ))),
    }
}

fn review_entry(m: &VerifiedManifest, entry: &ReviewEntry) -> Result<Verified<Review>, Error> {
    let (review, assurance) = match exactly_one(&entry.review, &entry.attestation)? {
        Ok(r) => (r.clone(), Assurance::Brand),
        Err(envelope) => {
            let (s, assurance) = open_for_manifest(m, envelope, AttestationKind::Review)?;
            let mut review = s.review.ok_or_else(|| {
                Error::Malformed(String::from("review statement without a review"))
            })?;
            review.product = same_product(&s.subject.product, &review.product)?;
            (review, assurance)
        }
    };
    if !review.rating.in_scale() {
        return Err(Error::Malformed(alloc::format!(
            "rating {} outside {}..={}",
            review.rating.value,
            review.rating.worst,
            review.rating.best
        )));
    }
    Ok(Verified::new(review, assurance))
}

pub(crate) fn certification_entry(
    m: &VerifiedManifest,
    entry: &CertificationEntry,
) -> Result<Verified<Certification>, Error> {
    match exactly_one(&entry.certification, &entry.attestation)? {
        Ok(c) => Ok(Verified::new(c.clone(), Assurance::Brand)),
        Err(envelope) => {
            let (s, assurance) = open_for_manifest(m, envelope, AttestationKind::Certification)?;
            let mut c = s.certification.ok_or_else(|| {
                Error::Malformed(String::from(
                    "certification statement without a certification",
                ))
            })?;
            if let Some(p) = &s.subject.product {
                if !c.products.is_empty() && !c.products.contains(p) {
                    return Err(Error::WrongSubject(alloc::format!("product {p:?}")));
                }
                c.products = alloc::vec![p.clone()];
            }
            Ok(Verified::new(c, assurance))
        }
    }
}

pub(crate) fn aggregate(
    m: &VerifiedManifest,
    envelope: &Envelope,
) -> Result<Verified<Aggregate>, Error> {
    let (s, assurance) = open_for_manifest(m, envelope, AttestationKind::Aggregate)?;
    let mut a = s.aggregate.ok_or_else(|| {
        Error::Malformed(String::from("aggregate statement without an aggregate"))
    })?;
    a.product = same_product(&s.subject.product, &a.product)?;
    if !a.is_consistent() {
        return Err(Error::Malformed(String::from(
            "histogram does not sum to ratingCount",
        )));
    }
    Ok(Verified::new(a, assurance))
}
