//! Verified data. These types have private fields and no public constructors: the
//! only way to hold one is to go through `verify_manifest`, so unverified data
//! cannot reach code that takes them (the widget's rendering path does).

use alloc::string::String;
use alloc::vec::Vec;
use core::ops::Deref;

use crate::model::*;
use crate::{Error, PublicKey, Timestamp, TrustList};

/// Who vouches for a claim.
#[derive(Debug, Clone, PartialEq)]
pub enum Assurance {
    /// Stated by the brand: covered by the brand's signature (integrity), not
    /// checked by anyone else.
    Brand,
    /// Signed by a third party on the trust list.
    Attested(Attestation),
}

/// The third party behind an attested claim.
#[derive(Debug, Clone, PartialEq)]
pub struct Attestation {
    /// Display name from the trust list.
    pub attester: String,
    /// The attester's website, from the trust list.
    pub attester_url: Option<String>,
    /// Key id of the key that signed.
    pub key_id: String,
    /// When the attester signed.
    pub signed_at: Timestamp,
}

/// A claim that passed verification, with who vouches for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Verified<T> {
    value: T,
    assurance: Assurance,
}

impl<T> Verified<T> {
    pub(crate) fn new(value: T, assurance: Assurance) -> Self {
        Verified { value, assurance }
    }

    /// Who vouches for it.
    pub fn assurance(&self) -> &Assurance {
        &self.assurance
    }

    /// The attestation, when a third party signed.
    pub fn attestation(&self) -> Option<&Attestation> {
        match &self.assurance {
            Assurance::Attested(a) => Some(a),
            Assurance::Brand => None,
        }
    }
}

impl<T> Deref for Verified<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// Which claim a dropped attestation belonged to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimRef {
    Certification(usize),
    Review(usize),
    Aggregate(usize),
    /// The page index (`review_pages`).
    ReviewPages,
}

/// A claim that failed its own check and is not shown; the manifest still stands.
#[derive(Debug, Clone, PartialEq)]
pub struct Dropped {
    pub claim: ClaimRef,
    pub error: Error,
}

/// A manifest whose brand signature, freshness and sequence checked out.
#[derive(Debug, Clone)]
pub struct VerifiedManifest {
    pub(crate) manifest: Manifest,
    pub(crate) signer: PublicKey,
    /// The brand's roots that verified it (`BrandKeys::roots`).
    pub(crate) roots: Vec<PublicKey>,
    pub(crate) payload_sha256: String,
    pub(crate) verified_at: Timestamp,
    pub(crate) trust: TrustList,
    pub(crate) certifications: Vec<Verified<Certification>>,
    pub(crate) aggregates: Vec<Verified<Aggregate>>,
    pub(crate) dropped: Vec<Dropped>,
    pub(crate) pages: Option<crate::pages::PagedReviews>,
}

impl VerifiedManifest {
    pub fn spec(&self) -> &str {
        &self.manifest.spec
    }
    pub fn issuer(&self) -> &Issuer {
        &self.manifest.issuer
    }
    pub fn issued_at(&self) -> Timestamp {
        self.manifest.issued_at
    }
    pub fn expires_at(&self) -> Timestamp {
        self.manifest.expires_at
    }
    pub fn sequence(&self) -> u64 {
        self.manifest.sequence
    }
    pub fn previous(&self) -> Option<&str> {
        self.manifest.previous.as_deref()
    }
    /// The brand key whose signature verified.
    pub fn signer(&self) -> &PublicKey {
        &self.signer
    }
    /// The brand's current root: what the rollback memory is kept under (with
    /// the issuer id), and what this browser pins the key set to.
    pub fn root(&self) -> &PublicKey {
        self.roots.last().unwrap_or(&self.signer)
    }
    /// sha256 (hex) of the signed payload: the next manifest's `previous`.
    pub fn payload_sha256(&self) -> &str {
        &self.payload_sha256
    }
    /// The clock value verification used; certificate validity is judged at it.
    pub fn verified_at(&self) -> Timestamp {
        self.verified_at
    }
    pub fn company(&self) -> &Company {
        &self.manifest.company
    }
    pub fn products(&self) -> &[Product] {
        &self.manifest.products
    }
    pub fn product(&self, key: &str) -> Option<&Product> {
        self.manifest.product(key)
    }
    pub fn policies(&self) -> &[MarketPolicy] {
        &self.manifest.policies
    }
    pub fn media_mentions(&self) -> &[MediaMention] {
        &self.manifest.media_mentions
    }
    pub fn evidence(&self) -> &[EvidenceMedia] {
        &self.manifest.evidence
    }
    pub fn limitations(&self) -> &[Limitation] {
        &self.manifest.limitations
    }
    pub fn market_overrides(&self) -> &[MarketOverride] {
        &self.manifest.markets
    }

    /// Certifications that verified (expired ones included: check `valid_on`).
    pub fn certifications(&self) -> &[Verified<Certification>] {
        &self.certifications
    }

    /// Collector aggregates that verified.
    pub fn aggregates(&self) -> &[Verified<Aggregate>] {
        &self.aggregates
    }

    /// Claims dropped so far, with reasons (reviews are added as they are checked
    /// by the caller; see `review`).
    pub fn dropped(&self) -> &[Dropped] {
        &self.dropped
    }

    /// Number of review entries, verified or not yet checked.
    pub fn review_count(&self) -> usize {
        self.manifest.reviews.len()
    }

    /// Review `index`, checking its attestation now. Attestations are checked only
    /// for reviews about to be shown, so cost follows the page, not the manifest.
    pub fn review(&self, index: usize) -> Result<Verified<Review>, Error> {
        let entry = self
            .manifest
            .reviews
            .get(index)
            .ok_or_else(|| Error::Malformed(alloc::format!("no review {index}")))?;
        crate::verify::review_entry(self, entry)
    }

    /// The collector's page index, when the manifest has paged reviews and the
    /// index verified.
    pub fn review_pages(&self) -> Option<&crate::pages::PagedReviews> {
        self.pages.as_ref()
    }

    /// Page 0 of the paged reviews, when the manifest carries it inline, checked
    /// now (its proof against the signed root, like any page).
    pub fn first_review_page(&self) -> Option<Result<Vec<Verified<Review>>, Error>> {
        let index = self.pages.as_ref()?;
        let file = self.manifest.review_pages.as_ref()?.first.as_ref()?;
        Some(crate::pages::check_page(
            index,
            0,
            file,
            &crate::Limits::default(),
        ))
    }

    /// Page `n` of the paged reviews from the bytes of its file, checked: within
    /// `limits.page_bytes`, its inclusion proof against the root the collector
    /// signed, its position and review count. Its reviews are attested by that
    /// collector.
    pub fn review_page(
        &self,
        n: u64,
        file: &[u8],
        limits: &crate::Limits,
    ) -> Result<Vec<Verified<Review>>, Error> {
        let index = self.pages.as_ref().ok_or_else(|| {
            Error::Malformed(alloc::string::String::from("no verified review pages"))
        })?;
        let file = crate::pages::read_page_file(file, limits)?;
        crate::pages::check_page(index, n, &file, limits)
    }

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

    pub(crate) fn trust(&self) -> &TrustList {
        &self.trust
    }
}
