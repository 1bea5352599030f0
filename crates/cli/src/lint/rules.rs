//! The lint rules over the parsed manifest's metadata and claims (certifications,
//! reviews, aggregates); `markets` has the per-market ones. Pointers are
//! built from the same indices serde read, so they point into the document as
//! written.

use std::collections::HashSet;

use trust_manifest::{
    decode_base64, AttestationKind, Certification, Envelope, Error, Limits, Manifest, Review,
    Statement, Timestamp, ATTESTATION_PAYLOAD_TYPE, CLOCK_SKEW_SECONDS, MAX_MANIFEST_VALIDITY_DAYS,
};

use crate::claims::ClaimCheck;

use crate::lint::markets::{country, language};
use crate::lint::Lint;

const DAY: i64 = 86_400;
/// Certificates expiring this soon get a warning: time to renew and re-sign.
const EXPIRY_WARNING_DAYS: i64 = 60;

pub fn check(m: &Manifest, at: Timestamp, signed: bool, claims: &ClaimCheck, l: &mut Lint) {
    metadata(m, at, signed, l);
    ids(m, l);
    certifications(m, at, claims, l);
    reviews(m, claims, l);
    aggregates(m, claims, l);
    crate::lint::markets::check(m, l);
}

fn metadata(m: &Manifest, at: Timestamp, signed: bool, l: &mut Lint) {
    if !m.spec_supported() {
        l.error(
            "/spec",
            format!(
                "spec {:?} is not one this version reads; write \"1\"",
                m.spec
            ),
        );
    }
    if m.issuer.id.trim().is_empty() {
        l.error(
            "/issuer/id",
            "the issuer id is empty; attestations name the brand by it",
        );
    }
    if m.reviews.len() > Limits::default().reviews {
        l.error(
            "/reviews",
            format!(
                "{} reviews; verifiers accept at most {}",
                m.reviews.len(),
                Limits::default().reviews
            ),
        );
    }
    if !signed {
        return;
    }
    if m.expires_at <= m.issued_at {
        l.error("/expires_at", "expires_at is not after issued_at");
    } else if m.expires_at.0 - m.issued_at.0 > MAX_MANIFEST_VALIDITY_DAYS * DAY {
        l.error(
            "/expires_at",
            format!("valid for more than {MAX_MANIFEST_VALIDITY_DAYS} days; verifiers refuse it (malformed): manifests expire in days, not years"),
        );
    }
    if at >= m.expires_at {
        l.error(
            "/expires_at",
            format!(
                "expired at {}; widgets refuse it: sign it again",
                m.expires_at
            ),
        );
    } else if at < m.issued_at.plus_seconds(-CLOCK_SKEW_SECONDS) {
        l.warning(
            "/issued_at",
            format!(
                "issued in the future ({}); widgets refuse it until then",
                m.issued_at
            ),
        );
    }
}

/// Duplicate ids, and references to products the manifest does not list.
fn ids(m: &Manifest, l: &mut Lint) {
    let mut seen = HashSet::new();
    for (i, p) in m.products.iter().enumerate() {
        if !seen.insert(p.id.as_str()) {
            l.error(
                format!("/products/{i}/id"),
                format!("duplicate product id {:?}", p.id),
            );
        }
    }
    let mut product_ref = |pointer: String, key: &str| {
        if m.product(key).is_none() {
            l.error(
                pointer,
                format!("product {key:?} is not among /products (by id, sku or handle)"),
            );
        }
    };
    for (i, e) in m.certifications.iter().enumerate() {
        for (j, p) in e.certification.iter().flat_map(|c| &c.products).enumerate() {
            product_ref(format!("/certifications/{i}/certification/products/{j}"), p);
        }
    }
    for (i, e) in m.reviews.iter().enumerate() {
        if let Some(p) = e.review.as_ref().and_then(|r| r.product.as_deref()) {
            product_ref(format!("/reviews/{i}/review/product"), p);
        }
    }
    for (i, e) in m.evidence.iter().enumerate() {
        for (j, p) in e.products.iter().enumerate() {
            product_ref(format!("/evidence/{i}/products/{j}"), p);
        }
    }
    for (i, lim) in m.limitations.iter().enumerate() {
        if let Some(p) = &lim.product {
            product_ref(format!("/limitations/{i}/product"), p);
        }
    }
}

/// Exactly one of the stated claim and its attestation: the verifier drops others.
fn exactly_one(stated: bool, attested: bool, base: &str, what: &str, l: &mut Lint) -> bool {
    if stated == attested {
        let which = if stated {
            "both `{what}` and"
        } else {
            "neither `{what}` nor"
        };
        let which = which.replace("{what}", what);
        l.error(base, format!("has {which} `attestation`; give exactly one"));
    }
    stated != attested
}

/// Reads an embedded attestation (unverified) to catch what the verifier would
/// drop. Misplaced or unreadable envelopes are errors; a statement about another
/// brand is a warning, since only its attester could fix it.
fn statement(
    claims: &ClaimCheck,
    e: &Envelope,
    kind: AttestationKind,
    base: &str,
    l: &mut Lint,
) -> Option<Statement> {
    if e.payload_type != ATTESTATION_PAYLOAD_TYPE {
        l.error(
            format!("{base}/payloadType"),
            format!("{:?} is not an attestation", e.payload_type),
        );
        return None;
    }
    let Some(s) = decode_base64(&e.payload)
        .ok()
        .and_then(|p| crate::io::decode_strict::<Statement>(&p).ok())
    else {
        l.error(
            format!("{base}/payload"),
            "the payload is not a v1 statement",
        );
        return None;
    };
    if s.kind != kind {
        l.error(
            base,
            format!(
                "a {} statement where a {} belongs (wrong-kind)",
                s.kind.as_str(),
                kind.as_str()
            ),
        );
        return Some(s);
    }
    // The verifier's own rule (binding to the brand's root, freshness, signature
    // when a trust list is given): what it drops is a warning, since only the
    // attester can fix it. Without --trust the signature is not judged here.
    match claims.open(e, kind) {
        Ok(_) => {}
        Err(Error::UntrustedAttester) if claims.trust.is_none() => {}
        Err(err) => l.warning(
            base,
            format!("verifiers drop this statement ({}): {err}", err.code()),
        ),
    }
    Some(s)
}

fn certifications(m: &Manifest, at: Timestamp, claims: &ClaimCheck, l: &mut Lint) {
    let mut seen = HashSet::new();
    for (i, e) in m.certifications.iter().enumerate() {
        let base = format!("/certifications/{i}");
        if !exactly_one(
            e.certification.is_some(),
            e.attestation.is_some(),
            &base,
            "certification",
            l,
        ) {
            continue;
        }
        let (c, base, attested) = match (&e.certification, &e.attestation) {
            (Some(c), _) => (c.clone(), format!("{base}/certification"), false),
            (_, Some(env)) => {
                let base = format!("{base}/attestation");
                match statement(claims, env, AttestationKind::Certification, &base, l)
                    .and_then(|s| s.certification)
                {
                    Some(c) => (c, base, true),
                    None => continue,
                }
            }
            _ => continue,
        };
        if !seen.insert(c.id.clone()) {
            l.error(
                field(&base, attested, "id"),
                format!("duplicate certification id {:?}", c.id),
            );
        }
        certification(&c, &base, attested, at, l);
    }
}

/// The pointer of a claim's field. Inside an attestation the claim is base64 in
/// the envelope, so findings point at the envelope itself.
fn field(base: &str, attested: bool, name: &str) -> String {
    if attested {
        base.to_owned()
    } else {
        format!("{base}/{name}")
    }
}

fn certification(c: &Certification, base: &str, attested: bool, at: Timestamp, l: &mut Lint) {
    let expires = field(base, attested, "expires");
    if let (Some(from), Some(to)) = (c.valid_from, c.expires) {
        if to < from {
            l.error(&expires, format!("expires {to} is before validFrom {from}"));
        }
    }
    if let Some(to) = c.expires {
        if to.end() <= at {
            l.warning(&expires, format!(
                "{:?} expired on {to}; the widget shows it as expired, never as valid: renew or remove it",
                c.name
            ));
        } else if to.end().0 - at.0 <= EXPIRY_WARNING_DAYS * DAY {
            l.warning(
                &expires,
                format!(
                "{:?} expires on {to}, within {EXPIRY_WARNING_DAYS} days: renew it and sign again",
                c.name
            ),
            );
        }
    }
    if c.url.is_none() {
        l.warning(
            base,
            format!(
                "{:?} has no issuer lookup `url`; shoppers cannot check it with the issuer",
                c.name
            ),
        );
    }
    if c.is_unbacked_sustainability_label() {
        l.error(base, format!(
            "sustainability label {:?} needs a `scheme` and an `issuedBy` (EU Directive 2024/825); add both or change its kind",
            c.name
        ));
    }
}

fn reviews(m: &Manifest, claims: &ClaimCheck, l: &mut Lint) {
    let mut seen = HashSet::new();
    for (i, e) in m.reviews.iter().enumerate() {
        let base = format!("/reviews/{i}");
        if !exactly_one(
            e.review.is_some(),
            e.attestation.is_some(),
            &base,
            "review",
            l,
        ) {
            continue;
        }
        let (r, base, attested) = match (&e.review, &e.attestation) {
            (Some(r), _) => (r.clone(), format!("{base}/review"), false),
            (_, Some(env)) => {
                let base = format!("{base}/attestation");
                match statement(claims, env, AttestationKind::Review, &base, l)
                    .and_then(|s| s.review)
                {
                    Some(r) => (r, base, true),
                    None => continue,
                }
            }
            _ => continue,
        };
        if !seen.insert(r.id.clone()) {
            l.error(
                field(&base, attested, "id"),
                format!("duplicate review id {:?}", r.id),
            );
        }
        review(&r, &base, attested, l);
    }
}

fn review(r: &Review, base: &str, attested: bool, l: &mut Lint) {
    if !r.rating.in_scale() {
        let message = format!(
            "rating {} is outside {}..={}; verifiers drop the review",
            r.rating.value, r.rating.worst, r.rating.best
        );
        // The brand can fix its own review; an attested one can only be removed.
        if attested {
            l.warning(base, message);
        } else {
            l.error(format!("{base}/reviewRating"), message);
        }
    }
    if !attested {
        if r.verification.is_none() {
            l.warning(base, format!(
                "review {:?} has no `verification` method; the disclosure will say its purchase was not checked",
                r.id
            ));
        }
        language(&format!("{base}/inLanguage"), &r.language, l);
        if let Some(market) = &r.market {
            country(&format!("{base}/market"), market, l);
        }
    }
}

fn aggregates(m: &Manifest, claims: &ClaimCheck, l: &mut Lint) {
    // The histogram is checked after verification (it is the collector's data).
    for (i, e) in m.aggregates.iter().enumerate() {
        statement(
            claims,
            e,
            AttestationKind::Aggregate,
            &format!("/aggregates/{i}"),
            l,
        );
    }
}
