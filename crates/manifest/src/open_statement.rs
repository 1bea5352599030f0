//! Opening a third party's statement: the one rule every surface applies (the
//! widget through `verify_manifest`, `trustctl verify`, `lint`, `report`, `render`
//! and `jsonld`), so they never disagree about what counts as attested.
//!
//! A statement counts when: a key on the trust list for its kind signed it; it is
//! a v1 statement of the kind expected here; it is bound to a root that verified
//! the brand's manifest (`subject.root`; the brand's `issuer.id` is only a name
//! anyone can copy); it was not signed in the future; and it has not expired
//! (claims about the present must carry an expiry within
//! `MAX_CURRENT_STATEMENT_DAYS`). And a collector that keeps a public log (its
//! trust list entry names one) vouches for reviews only through its review pages,
//! whose reviews are proven in the log: a review it attests on its own is
//! `log-invalid`.

use alloc::string::String;

use crate::model::*;
use crate::verified::{Assurance, Attestation, VerifiedManifest};
use crate::{Envelope, Error, PublicKey, Timestamp, TrustList};

/// How far a signer's clock may run ahead of ours before `issued_at` is "not yet valid".
pub const CLOCK_SKEW_SECONDS: i64 = 300;

/// What a statement is judged against: who the brand is (its roots), whom the
/// verifier believes, and when.
#[derive(Debug, Clone, Copy)]
pub struct StatementContext<'a> {
    /// Roots that verified the brand's manifest (`BrandKeys::roots`).
    pub roots: &'a [PublicKey],
    pub trust: &'a TrustList,
    pub now: Timestamp,
}

/// Checks an attestation envelope's signature against the trust list for `kind`,
/// then its content (`check_content`). Returns the statement and who vouches.
pub fn open_statement(
    envelope: &Envelope,
    kind: AttestationKind,
    cx: &StatementContext<'_>,
) -> Result<(Statement, Assurance), Error> {
    // A page index vouches for reviews: believed from attesters trusted for reviews.
    let keys = cx.trust.keys_for(match kind {
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
    check_content(&s, kind, cx)?;
    let attester = cx
        .trust
        .by_key(&opened.signer)
        .ok_or(Error::UntrustedAttester)?;
    // A collector that keeps a public log vouches for reviews only through leaves
    // proven in that log: its review pages. A review it attests one by one was
    // signed before any leaf held it and carries no proof, so it is not shown.
    if kind == AttestationKind::Review && attester.log.is_some() {
        return Err(Error::LogInvalid(String::from(
            "a collector that keeps a public log vouches for reviews only through its \
             review pages, proven in the log; this review is attested on its own",
        )));
    }
    let assurance = Assurance::Attested(Attestation {
        attester: attester.name.clone(),
        attester_url: attester.url.clone(),
        key_id: opened.signer.key_id(),
        signed_at: s.issued_at,
    });
    Ok((s, assurance))
}

fn context(m: &VerifiedManifest) -> StatementContext<'_> {
    StatementContext {
        roots: &m.roots,
        trust: m.trust(),
        now: m.verified_at,
    }
}

/// Opens a third party's statement about this manifest's brand: `open_statement`
/// with the roots, trust list and clock the manifest was verified with.
pub(crate) fn open_for_manifest(
    m: &VerifiedManifest,
    envelope: &Envelope,
    kind: AttestationKind,
) -> Result<(Statement, Assurance), Error> {
    let (s, assurance) = open_statement(envelope, kind, &context(m))?;
    if let Assurance::Attested(a) = &assurance {
        if m.distrusted.contains(&a.key_id) {
            return Err(Error::LogInvalid(String::from(
                "the collector's public log does not vouch for it",
            )));
        }
    }
    Ok((s, assurance))
}

/// The content rules, without the signature: what `open_statement` checks after
/// the signature, and what `trustctl lint` can check on a draft before anyone
/// signed it.
pub fn check_content(
    s: &Statement,
    kind: AttestationKind,
    cx: &StatementContext<'_>,
) -> Result<(), Error> {
    if !(s.spec == "1" || s.spec.starts_with("1.")) {
        return Err(Error::UnsupportedVersion(s.spec.clone()));
    }
    if s.kind != kind {
        return Err(Error::WrongKind(String::from(s.kind.as_str())));
    }
    bound_to(&s.subject, cx.roots)?;
    if cx.now < s.issued_at.plus_seconds(-CLOCK_SKEW_SECONDS) {
        return Err(Error::NotYetValid(alloc::format!("{}", s.issued_at)));
    }
    let current = matches!(
        kind,
        AttestationKind::Aggregate | AttestationKind::ReviewPages
    );
    match s.expires_at {
        None if current => Err(Error::Malformed(alloc::format!(
            "a {} statement needs expires_at",
            kind.as_str()
        ))),
        Some(end) if end <= s.issued_at => Err(Error::Malformed(String::from(
            "expires_at is not after issued_at",
        ))),
        Some(end) if current && end.0 - s.issued_at.0 > MAX_CURRENT_STATEMENT_DAYS * 86_400 => {
            Err(Error::Malformed(alloc::format!(
                "a {} statement may be shown for at most {MAX_CURRENT_STATEMENT_DAYS} days",
                kind.as_str()
            )))
        }
        Some(end) if cx.now >= end => Err(Error::Expired(alloc::format!("{end}"))),
        _ => Ok(()),
    }
}

/// The statement names one of the brand's roots, in full.
fn bound_to(subject: &Subject, roots: &[PublicKey]) -> Result<(), Error> {
    let root = PublicKey::parse(&subject.root).map_err(|_| {
        Error::WrongSubject(alloc::format!(
            "a root that is not a key ({:?})",
            subject.root
        ))
    })?;
    if roots.contains(&root) {
        Ok(())
    } else {
        Err(Error::WrongSubject(alloc::format!(
            "the brand whose root is {}, not one whose root verified this manifest",
            root.key_id()
        )))
    }
}

/// The subject's product and the claim's own product must agree when both are named.
pub fn same_product(
    subject: &Option<String>,
    claim: &Option<String>,
) -> Result<Option<String>, Error> {
    match (subject, claim) {
        (Some(a), Some(b)) if a != b => Err(Error::WrongSubject(alloc::format!(
            "product {a:?}, not {b:?}"
        ))),
        (Some(a), _) => Ok(Some(a.clone())),
        (None, b) => Ok(b.clone()),
    }
}
