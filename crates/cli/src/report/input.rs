//! What `trustctl report` reads: an unsigned manifest or a signed envelope, and
//! the attestation envelopes embedded in it. The brand's signature is not
//! checked (the report is for the brand's own files before and after signing;
//! `trustctl verify` is that check). Attestations count only as the widget would
//! show them (`claims::ClaimCheck`: the library's rule, with the brand's roots and
//! the trust list); the others are set aside with the verifier's reason code.

use anyhow::{bail, Result};
use serde_json::Value;
use trust_manifest::{
    Aggregate, AttestationKind, Certification, Date, Envelope, Error, Manifest, Review, Statement,
    Timestamp, MANIFEST_PAYLOAD_TYPE,
};

use crate::claims::ClaimCheck;
use crate::exit::Refused;
use crate::io;
use crate::report::model::{Attestations, Dropped};

/// A claim and who carries it.
#[derive(Debug)]
pub struct Claim<T> {
    pub item: T,
    /// Inside a third party's attestation envelope (its signature not checked).
    pub attested: bool,
}

/// The manifest with its attested claims opened.
#[derive(Debug)]
pub struct Input {
    pub manifest: Manifest,
    /// A signed envelope: its `expires_at` is the real one.
    pub signed: bool,
    /// The document gave `expires_at` (a draft may leave it to `trustctl sign`).
    pub has_expiry: bool,
    pub certifications: Vec<Claim<Certification>>,
    pub reviews: Vec<Claim<Review>>,
    pub aggregates: Vec<Claim<Aggregate>>,
    pub attestations: Attestations,
    /// The time the report judges freshness at, and its day.
    pub now: Timestamp,
    pub at: Date,
}

/// Reads a manifest document or a signed envelope. `at` stands in for the
/// freshness fields a draft leaves to `trustctl sign`.
pub fn read(doc: &Value, what: &str, claims: &ClaimCheck) -> Result<Input> {
    if doc.get("payloadType").is_none() {
        return from_manifest(doc, false, claims);
    }
    let envelope = io::envelope_from(doc, what)?;
    if envelope.payload_type != MANIFEST_PAYLOAD_TYPE {
        bail!(
            "{what} is a {:?} envelope, not a signed manifest ({MANIFEST_PAYLOAD_TYPE})",
            envelope.payload_type
        );
    }
    let payload = io::unverified_payload(&envelope, what)?;
    let doc: Value = serde_json::from_slice(&payload)
        .map_err(|e| Refused(format!("{what}: the payload is not JSON: {e}")))?;
    from_manifest(&doc, true, claims)
}

/// Reads a manifest document; `signed`: it is the payload of an envelope.
pub fn from_manifest(doc: &Value, signed: bool, claims: &ClaimCheck) -> Result<Input> {
    let at = claims.now;
    let has_expiry = doc.get("expires_at").is_some();
    let mut filled = doc.clone();
    if !signed {
        crate::lint::fill_draft(&mut filled, at);
    }
    let bytes = serde_json::to_vec(&filled).expect("JSON values always serialise");
    let manifest: Manifest = io::decode_strict(&bytes).map_err(|e| {
        Refused(format!(
            "verifiers cannot read the manifest at {:?}: {} (run `trustctl lint` for details)",
            e.pointer, e.message
        ))
    })?;
    Ok(open_claims(manifest, signed, has_expiry, claims))
}

fn open_claims(manifest: Manifest, signed: bool, has_expiry: bool, claims: &ClaimCheck) -> Input {
    let now = claims.now;
    let mut att = Attestations::default();
    let mut certifications = Vec::new();
    for (i, entry) in manifest.certifications.iter().enumerate() {
        let pointer = format!("/certifications/{i}/attestation");
        match (&entry.certification, &entry.attestation) {
            (Some(c), _) => certifications.push(stated(c.clone())),
            (None, Some(env)) => {
                let got = open(
                    env,
                    claims,
                    AttestationKind::Certification,
                    &pointer,
                    &mut att,
                );
                certifications.extend(got.and_then(|s| s.certification).map(attested));
            }
            (None, None) => {}
        }
    }
    let mut reviews = Vec::new();
    for (i, entry) in manifest.reviews.iter().enumerate() {
        let pointer = format!("/reviews/{i}/attestation");
        match (&entry.review, &entry.attestation) {
            (Some(r), _) => reviews.push(stated(r.clone())),
            (None, Some(env)) => {
                let got = open(env, claims, AttestationKind::Review, &pointer, &mut att);
                reviews.extend(got.and_then(|s| s.review).map(attested));
            }
            (None, None) => {}
        }
    }
    let mut aggregates = Vec::new();
    for (i, env) in manifest.aggregates.iter().enumerate() {
        let pointer = format!("/aggregates/{i}");
        let got = open(env, claims, AttestationKind::Aggregate, &pointer, &mut att);
        aggregates.extend(got.and_then(|s| s.aggregate).map(attested));
    }
    Input {
        manifest,
        signed,
        has_expiry,
        certifications,
        reviews,
        aggregates,
        attestations: att,
        now,
        at: now.date(),
    }
}

fn stated<T>(item: T) -> Claim<T> {
    Claim {
        item,
        attested: false,
    }
}

fn attested<T>(item: T) -> Claim<T> {
    Claim {
        item,
        attested: true,
    }
}

/// The statement inside an attestation, when the widget would show it. Reasons
/// use the verifier's reason codes, so they read the same as `verify`'s.
fn open(
    env: &Envelope,
    claims: &ClaimCheck,
    kind: AttestationKind,
    pointer: &str,
    att: &mut Attestations,
) -> Option<Statement> {
    att.embedded += 1;
    match claims.open(env, kind) {
        Ok(statement) => {
            att.read += 1;
            Some(statement)
        }
        Err(e) => {
            let reason = match (&e, &claims.trust) {
                (Error::UntrustedAttester, None) => format!(
                    "{}: no trust list given (--trust attesters.json), as a widget without data-attesters",
                    e.code()
                ),
                _ => format!("{}: {e}", e.code()),
            };
            att.dropped.push(Dropped {
                pointer: pointer.to_owned(),
                reason,
            });
            None
        }
    }
}
