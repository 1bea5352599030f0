//! Verified data. These types have private fields and no public constructors: the
//! only way to hold one is to go through `verify_manifest`, so unverified data
//! cannot reach code that takes them (the widget's rendering path does).
//!
//! Only the types and their plain accessors live here; the checks that make them
//! are `verify` (the manifest), `claims` (each claim), `open_statement` (a third
//! party's statement) and `paged_reviews` (the page index and each page), which
//! also add the accessors that check on demand (`review`, `review_page`).

use alloc::string::String;
use alloc::vec::Vec;
use core::ops::Deref;

use crate::merkle::Hash;
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
    pub(crate) pages: Option<PagedReviews>,
    /// Key ids of collectors whose public log did not vouch for what they
    /// signed here: nothing they attest is shown (`review_log`).
    pub(crate) distrusted: Vec<String>,
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

    /// The collector's page index, when the manifest has paged reviews and the
    /// index verified.
    pub fn review_pages(&self) -> Option<&PagedReviews> {
        self.pages.as_ref()
    }

    pub(crate) fn trust(&self) -> &TrustList {
        &self.trust
    }
}

/// The collector's page index, after its signature, subject and arithmetic
/// checked out. Pages are checked against it one by one (`VerifiedManifest::review_page`).
#[derive(Debug, Clone, PartialEq)]
pub struct PagedReviews {
    pub(crate) attestation: Attestation,
    pub(crate) product: Option<String>,
    pub(crate) count: u64,
    pub(crate) page_size: u32,
    pub(crate) pages: u64,
    pub(crate) root: Hash,
    pub(crate) url: String,
    /// The tree head of the collector's log the statement names, if any.
    pub(crate) head: Option<crate::model::LogHead>,
    /// The brand root the statement is bound to (review leaves name it).
    pub(crate) brand_root: String,
    /// The collector's log checkpoint, verified (only for a collector whose
    /// trust list entry names a log).
    pub(crate) log: Option<crate::review_log::VerifiedLog>,
}

impl PagedReviews {
    /// The collector's verified log checkpoint, when its trust list entry
    /// names a log: the widget checks it against the one it saw before.
    pub fn log(&self) -> Option<&crate::review_log::VerifiedLog> {
        self.log.as_ref()
    }
    /// The brand's reviews the collector's log shows removed at the checkpoint
    /// the statement names, by reason code (ascending, counts at least 1): the
    /// collector's signed claim, which `trustctl audit` checks against the log.
    /// Empty unless the collector's log was verified (its trust list entry names
    /// a log and the checkpoint checked out).
    pub fn removals(&self) -> &[crate::model::RemovalCount] {
        match (&self.log, &self.head) {
            (Some(_), Some(head)) => &head.removals,
            _ => &[],
        }
    }
    /// Reviews in all pages together (the aggregate's `ratingCount`).
    pub fn count(&self) -> u64 {
        self.count
    }
    /// Number of pages.
    pub fn pages(&self) -> u64 {
        self.pages
    }
    pub fn page_size(&self) -> u32 {
        self.page_size
    }
    /// The collector that signed the root.
    pub fn attestation(&self) -> &Attestation {
        &self.attestation
    }
    /// Reviews on page `n` (every page is full but the last).
    pub fn reviews_on(&self, n: u64) -> u64 {
        if n + 1 < self.pages {
            u64::from(self.page_size)
        } else if n + 1 == self.pages {
            self.count - (self.pages - 1) * u64::from(self.page_size)
        } else {
            0
        }
    }
    /// Page `n`'s URL as the manifest writes it (relative URLs are resolved
    /// against the manifest's URL by the caller).
    pub fn url(&self, n: u64) -> String {
        let (head, tail) = crate::page_url::split_template(&self.url).unwrap_or((&self.url, ""));
        alloc::format!("{head}{n}{tail}")
    }
    /// The signed root, hex.
    pub fn root_hex(&self) -> String {
        crate::hex(&self.root)
    }
}
