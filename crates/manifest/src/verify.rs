//! Verification of a signed manifest: the only way to a `VerifiedManifest`.

use alloc::string::String;
use alloc::vec::Vec;

use crate::model::*;
use crate::verified::{Assurance, Attestation, ClaimRef, Dropped, Verified, VerifiedManifest};
use crate::{Envelope, Error, Limits, PublicKey, Timestamp, TrustList};

/// How far a signer's clock may run ahead of ours before `issued_at` is "not yet valid".
pub const CLOCK_SKEW_SECONDS: i64 = 300;

/// Everything verification depends on, passed in: no hidden clock or storage.
#[derive(Debug, Clone)]
pub struct VerifyOptions<'a> {
    /// Brand keys allowed to sign the manifest (pinned, or from the key set).
    pub keys: &'a [PublicKey],
    /// Attesters believed for third-party claims.
    pub trust: &'a TrustList,
    /// The current time.
    pub now: Timestamp,
    /// Highest `sequence` seen before for this issuer, if any.
    pub last_sequence: Option<u64>,
    pub limits: Limits,
}

/// Verifies an envelope's JSON text and returns the verified manifest.
///
/// Order matters: size first, then the envelope (small), then the signature over
/// the exact payload bytes, and only then is the payload scanned and parsed, so
/// nothing unauthenticated is parsed beyond the envelope itself.
pub fn verify_manifest(json: &[u8], opts: &VerifyOptions<'_>) -> Result<VerifiedManifest, Error> {
    if json.len() > opts.limits.envelope_bytes {
        return Err(Error::TooLarge(alloc::format!(
            "envelope of {} bytes (limit {})",
            json.len(),
            opts.limits.envelope_bytes
        )));
    }
    let envelope = Envelope::from_json(json)?;
    let opened = envelope.open(MANIFEST_PAYLOAD_TYPE, opts.keys)?;
    opts.limits.scan(&opened.payload)?;
    let manifest = Manifest::from_json(&opened.payload)?;
    if !manifest.spec_supported() {
        return Err(Error::UnsupportedVersion(manifest.spec));
    }
    if manifest.reviews.len() > opts.limits.reviews {
        return Err(Error::TooLarge(alloc::format!(
            "{} reviews (limit {})",
            manifest.reviews.len(),
            opts.limits.reviews
        )));
    }
    if manifest.issuer.id.is_empty() {
        return Err(Error::Malformed(String::from("issuer.id is empty")));
    }
    check_freshness(&manifest, opts)?;

    let mut verified = VerifiedManifest {
        payload_sha256: crate::sha256_hex(&opened.payload),
        signer: opened.signer,
        verified_at: opts.now,
        trust: opts.trust.clone(),
        certifications: Vec::new(),
        aggregates: Vec::new(),
        dropped: Vec::new(),
        pages: None,
        manifest,
    };
    // Certifications and aggregates are few and all shown: check them now.
    // Reviews can number in the thousands: `VerifiedManifest::review` checks each
    // when it is about to be shown.
    for i in 0..verified.manifest.certifications.len() {
        match certification_entry(&verified, &verified.manifest.certifications[i]) {
            Ok(c) => verified.certifications.push(c),
            Err(error) => verified.dropped.push(Dropped {
                claim: ClaimRef::Certification(i),
                error,
            }),
        }
    }
    for i in 0..verified.manifest.aggregates.len() {
        match aggregate(&verified, &verified.manifest.aggregates[i]) {
            Ok(a) => verified.aggregates.push(a),
            Err(error) => verified.dropped.push(Dropped {
                claim: ClaimRef::Aggregate(i),
                error,
            }),
        }
    }
    // A page index is one signature, checked now like an aggregate (its aggregate
    // joins the others); its pages are checked one by one as they are shown.
    if let Some(rp) = &verified.manifest.review_pages {
        match crate::pages::check_index(&verified, rp) {
            Ok((paged, aggregate)) => {
                verified.aggregates.extend(aggregate);
                verified.pages = Some(paged);
            }
            Err(error) => verified.dropped.push(Dropped {
                claim: ClaimRef::ReviewPages,
                error,
            }),
        }
    }
    Ok(verified)
}

fn check_freshness(m: &Manifest, opts: &VerifyOptions<'_>) -> Result<(), Error> {
    if opts.now < m.issued_at.plus_seconds(-CLOCK_SKEW_SECONDS) {
        return Err(Error::NotYetValid(alloc::format!("{}", m.issued_at)));
    }
    if opts.now >= m.expires_at {
        return Err(Error::Expired(alloc::format!("{}", m.expires_at)));
    }
    if m.expires_at <= m.issued_at {
        return Err(Error::Malformed(String::from(
            "expires_at is not after issued_at",
        )));
    }
    match opts.last_sequence {
        Some(seen) if m.sequence < seen => Err(Error::Rollback {
            found: m.sequence,
            seen,
        }),
        _ => Ok(()),
    }
}

/// Opens a third party's statement: trusted key for this kind, right kind, right brand,
/// not signed in the future.
pub(crate) fn statement(
    m: &VerifiedManifest,
    envelope: &Envelope,
    kind: AttestationKind,
) -> Result<(Statement, Assurance), Error> {
    // A page index vouches for reviews: believed from attesters trusted for reviews.
    let keys = m.trust().keys_for(match kind {
        AttestationKind::ReviewPages => AttestationKind::Review,
        other => other,
    });
    let opened = envelope
        .open(ATTESTATION_PAYLOAD_TYPE, &keys)
        .map_err(|e| match e {
            Error::UnknownKey | Error::SignatureInvalid if keys.is_empty() => {
                Error::UntrustedAttester
            }
            Error::UnknownKey => Error::UntrustedAttester,
            other => other,
        })?;
    let s: Statement = crate::json::from_slice(&opened.payload)?;
    if !(s.spec == "1" || s.spec.starts_with("1.")) {
        return Err(Error::UnsupportedVersion(s.spec));
    }
    if s.kind != kind {
        return Err(Error::WrongKind(String::from(s.kind.as_str())));
    }
    if s.subject.brand != m.manifest.issuer.id {
        return Err(Error::WrongSubject(alloc::format!(
            "brand {:?}",
            s.subject.brand
        )));
    }
    if m.verified_at < s.issued_at.plus_seconds(-CLOCK_SKEW_SECONDS) {
        return Err(Error::NotYetValid(alloc::format!("{}", s.issued_at)));
    }
    let attester = m
        .trust()
        .by_key(&opened.signer)
        .ok_or(Error::UntrustedAttester)?;
    let assurance = Assurance::Attested(Attestation {
        attester: attester.name.clone(),
        attester_url: attester.url.clone(),
        key_id: opened.signer.key_id(),
        signed_at: s.issued_at,
    });
    Ok((s, assurance))
}

/// The subject's product and the claim's own product must agree when both are named.
pub(crate) fn same_product(
    subject: &Subject,
    claim: &Option<String>,
) -> Result<Option<String>, Error> {
    match (&subject.product, claim) {
        (Some(a), Some(b)) if a != b => Err(Error::WrongSubject(alloc::format!(
            "product {a:?}, not {b:?}"
        ))),
        (Some(a), _) => Ok(Some(a.clone())),
        (None, b) => Ok(b.clone()),
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

pub(crate) fn review_entry(
    m: &VerifiedManifest,
    entry: &ReviewEntry,
) -> Result<Verified<Review>, Error> {
    let (review, assurance) = match exactly_one(&entry.review, &entry.attestation)? {
        Ok(r) => (r.clone(), Assurance::Brand),
        Err(envelope) => {
            let (s, assurance) = statement(m, envelope, AttestationKind::Review)?;
            let mut review = s.review.ok_or_else(|| {
                Error::Malformed(String::from("review statement without a review"))
            })?;
            review.product = same_product(&s.subject, &review.product)?;
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

fn certification_entry(
    m: &VerifiedManifest,
    entry: &CertificationEntry,
) -> Result<Verified<Certification>, Error> {
    match exactly_one(&entry.certification, &entry.attestation)? {
        Ok(c) => Ok(Verified::new(c.clone(), Assurance::Brand)),
        Err(envelope) => {
            let (s, assurance) = statement(m, envelope, AttestationKind::Certification)?;
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

fn aggregate(m: &VerifiedManifest, envelope: &Envelope) -> Result<Verified<Aggregate>, Error> {
    let (s, assurance) = statement(m, envelope, AttestationKind::Aggregate)?;
    let mut a = s.aggregate.ok_or_else(|| {
        Error::Malformed(String::from("aggregate statement without an aggregate"))
    })?;
    a.product = same_product(&s.subject, &a.product)?;
    if !a.is_consistent() {
        return Err(Error::Malformed(String::from(
            "histogram does not sum to ratingCount",
        )));
    }
    Ok(Verified::new(a, assurance))
}
