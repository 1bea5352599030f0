//! Trust manifest v1: the format, the DSSE envelope and its verification, shared by
//! the widget (verify-only) and `trustctl` (which also signs, behind the `sign`
//! feature).
//!
//! ```text
//! envelope JSON ──verify_manifest(brand keys, trust list, clock, origin, rollback memory)──▶ VerifiedManifest
//!                                                     └─ review(i) checks attestations lazily
//! ```
#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_debug_implementations)]

extern crate alloc;
#[cfg(any(test, feature = "schema"))]
extern crate std;

mod claims;
mod encoding;
mod envelope;
mod error;
pub mod json;
mod key;
mod keyset;
mod limits;
pub mod merkle;
pub mod model;
mod open_statement;
mod page_url;
mod paged_reviews;
mod profile;
mod review_log;
#[cfg(feature = "sign")]
mod sign;
mod time;
mod trust;
pub mod url;
mod verified;
mod verify;

pub use encoding::{decode_base64, encode_base64};
pub use envelope::{pae, Envelope, EnvelopeSignature, Opened};
pub use error::{Error, REASON_CODES};
pub use key::{hex, sha256_hex, PublicKey};
pub use keyset::{
    verify_key_set, verify_key_set_remembered, BrandKeys, KeySetFile, KeySetMemory, KeySetVersion,
    TrustedKeys, KEYS_PAYLOAD_TYPE,
};
pub use limits::Limits;
pub use model::*;
pub use open_statement::{check_content, open_statement, StatementContext, CLOCK_SKEW_SECONDS};
pub use page_url::is_page_url_template;
#[cfg(feature = "sign")]
pub use paged_reviews::page_files;
pub use paged_reviews::MAX_PAGE_SIZE;
pub use profile::{profile_for, Expectation, Profile, Region};
pub use review_log::{
    check_seen, review_leaf, SeenCheck, VerifiedLog, COSIGNATURE_SKEW_SECONDS,
    MAX_COSIGNATURE_AGE_SECONDS,
};
#[cfg(feature = "sign")]
pub use sign::{sign_envelope, SecretKey};
pub use time::{parse_duration, ts, Date, Timestamp};
pub use trust::{Attester, AttesterEntry, LogEntry, LogTrust, TrustList, TrustListFile};
pub use verified::{
    Assurance, Attestation, ClaimRef, Dropped, PagedReviews, Verified, VerifiedManifest,
};
pub use verify::{
    no_memory, verify_manifest, Origin, SequenceMemory, VerifyOptions, MAX_MANIFEST_VALIDITY_DAYS,
    MAX_SIGNATURE_CHECKS,
};

/// The JSON Schema of the manifest, generated from the types.
#[cfg(feature = "schema")]
pub fn manifest_schema() -> alloc::string::String {
    let schema = schemars::schema_for!(Manifest);
    serde_json::to_string_pretty(&schema).expect("a schema always serialises")
}
