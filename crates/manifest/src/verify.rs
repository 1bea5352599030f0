//! Verification of a signed manifest: the only way to a `VerifiedManifest`.

use alloc::string::String;
use alloc::vec::Vec;

use crate::claims::{aggregate, certification_entry};
use crate::model::*;
use crate::open_statement::CLOCK_SKEW_SECONDS;
use crate::verified::{ClaimRef, Dropped, VerifiedManifest};
use crate::{BrandKeys, Envelope, Error, Limits, PublicKey, Timestamp, TrustList};

/// Longest validity window a manifest may have: days, not years, so a stale or
/// stolen copy stops working soon (`trustctl sign` refuses longer ones too).
pub const MAX_MANIFEST_VALIDITY_DAYS: i64 = 90;

/// Most Ed25519 checks `verify_manifest` does for the attestations it checks
/// eagerly (certifications, aggregates, the page index): each envelope costs its
/// signatures times the trusted keys, before anything is authenticated. Beyond
/// this the remaining attestations are dropped as `too-large`, so a manifest of
/// hundreds of aggregates with bogus signatures costs at most this many checks
/// (about 20 ms in the browser) instead of a second. Reviews are checked one by
/// one when shown, each bounded by `envelope::MAX_SIGNATURES`.
pub const MAX_SIGNATURE_CHECKS: usize = 128;

/// The page a manifest is to be shown on, for `issuer.allowed_origins`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin<'a> {
    /// A page's origin, e.g. `https://shop.example`: the widget always passes this.
    Page(&'a str),
    /// A file checked by a tool (`trustctl verify` without `--origin`), not shown
    /// on any page.
    Offline,
}

/// The rollback memory: the highest `sequence` seen for an issuer under a root.
/// Keyed by root and issuer, so a manifest signed by another key cannot raise the
/// real brand's floor (on a shared origin, an issuer id is only a name).
pub type SequenceMemory<'a> = &'a dyn Fn(&str, &PublicKey) -> Option<u64>;

/// A memory that has seen nothing (a first visit; tools without state).
pub fn no_memory(_issuer: &str, _root: &PublicKey) -> Option<u64> {
    None
}

/// Everything verification depends on, passed in: no hidden clock or storage.
/// Origin and rollback are part of it, so no caller can get a `VerifiedManifest`
/// that skipped them.
#[derive(Clone, Copy)]
pub struct VerifyOptions<'a> {
    /// The brand's keys: which may sign, and the roots statements are bound to.
    pub brand: &'a BrandKeys,
    /// Attesters believed for third-party claims.
    pub trust: &'a TrustList,
    /// The current time.
    pub now: Timestamp,
    /// Where the manifest is to be shown.
    pub origin: Origin<'a>,
    /// Highest sequence seen before, per issuer and root.
    pub seen: SequenceMemory<'a>,
    pub limits: Limits,
}

impl core::fmt::Debug for VerifyOptions<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("VerifyOptions")
            .field("brand", &self.brand)
            .field("now", &self.now)
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
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
    let opened = envelope.open(MANIFEST_PAYLOAD_TYPE, opts.brand.keys())?;
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
    if let Some(owner) = opts.brand.issuer() {
        if owner != manifest.issuer.id {
            return Err(Error::KeySet(alloc::format!(
                "the key set is {owner:?}'s, the manifest {:?}'s",
                manifest.issuer.id
            )));
        }
    }
    check_freshness(&manifest, opts)?;

    let mut verified = VerifiedManifest {
        payload_sha256: crate::sha256_hex(&opened.payload),
        signer: opened.signer,
        roots: opts.brand.roots().to_vec(),
        verified_at: opts.now,
        trust: opts.trust.clone(),
        certifications: Vec::new(),
        aggregates: Vec::new(),
        dropped: Vec::new(),
        pages: None,
        distrusted: Vec::new(),
        manifest,
    };
    if let Origin::Page(page) = opts.origin {
        if !verified.allows_origin(page) {
            return Err(Error::OriginNotAllowed(String::from(page)));
        }
    }
    // Certifications and aggregates are few and all shown: check them now, within
    // one budget of signature checks. Reviews can number in the thousands:
    // `VerifiedManifest::review` checks each when it is about to be shown.
    let mut budget = MAX_SIGNATURE_CHECKS;
    for i in 0..verified.manifest.certifications.len() {
        let entry = &verified.manifest.certifications[i];
        let result = charge(&mut budget, entry.attestation.as_ref(), &verified)
            .and_then(|()| certification_entry(&verified, entry));
        match result {
            Ok(c) => verified.certifications.push(c),
            Err(error) => verified.dropped.push(Dropped {
                claim: ClaimRef::Certification(i),
                error,
            }),
        }
    }
    for i in 0..verified.manifest.aggregates.len() {
        let envelope = &verified.manifest.aggregates[i];
        let result = charge(&mut budget, Some(envelope), &verified)
            .and_then(|()| aggregate(&verified, envelope));
        match result {
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
        let result = charge(&mut budget, Some(&rp.attestation), &verified)
            .and_then(|()| crate::paged_reviews::check_index(&verified, rp));
        match result {
            Ok((mut paged, aggregate)) => {
                match crate::review_log::attach(&verified, &mut paged, rp) {
                    Ok(()) => {
                        verified.aggregates.extend(aggregate);
                        verified.pages = Some(paged);
                    }
                    // A log that does not vouch for the collector: nothing it
                    // signed is shown (its other claims are dropped too).
                    Err(error) => verified.distrust(&paged.attestation.key_id, error),
                }
            }
            Err(error) => verified.dropped.push(Dropped {
                claim: ClaimRef::ReviewPages,
                error,
            }),
        }
    }
    Ok(verified)
}

/// Takes an envelope's worst-case signature work (its signatures times every
/// attester key) from the budget, or refuses it when the budget cannot pay.
fn charge(
    budget: &mut usize,
    envelope: Option<&Envelope>,
    m: &VerifiedManifest,
) -> Result<(), Error> {
    let Some(envelope) = envelope else {
        return Ok(());
    };
    let cost = envelope.signatures.len().max(1) * m.trust().attesters().len().max(1);
    if cost > *budget {
        return Err(Error::TooLarge(alloc::format!(
            "signature checks beyond the limit of {MAX_SIGNATURE_CHECKS} per manifest"
        )));
    }
    *budget -= cost;
    Ok(())
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
    if m.expires_at.0 - m.issued_at.0 > MAX_MANIFEST_VALIDITY_DAYS * 86_400 {
        return Err(Error::Malformed(alloc::format!(
            "valid for more than {MAX_MANIFEST_VALIDITY_DAYS} days"
        )));
    }
    // The floor is the highest sequence seen under any root of this brand's chain.
    let seen = opts
        .brand
        .roots()
        .iter()
        .filter_map(|root| (opts.seen)(&m.issuer.id, root))
        .max();
    match seen {
        Some(seen) if m.sequence < seen => Err(Error::Rollback {
            found: m.sequence,
            seen,
        }),
        _ => Ok(()),
    }
}

impl VerifiedManifest {
    /// Whether a page at `origin` (e.g. `https://shop.example`) may show this manifest.
    pub fn allows_origin(&self, origin: &str) -> bool {
        let issuer = &self.manifest.issuer;
        let website = crate::url::origin_of(&issuer.website);
        issuer
            .allowed_origins
            .iter()
            .map(|o| crate::url::origin_of(o))
            .chain(core::iter::once(website))
            .any(|o| o.is_some_and(|o| o.eq_ignore_ascii_case(origin)))
    }
}
