//! The one error type. Every variant has a stable reason code: console warnings,
//! DOM events and `trustctl` print it, so codes never change meaning once shipped.

use alloc::string::String;

/// Why a manifest, attestation, key or key set was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The envelope or payload is not the JSON shape this version reads.
    #[error("malformed: {0}")]
    Malformed(String),
    /// A base64 field (payload, signature, key) does not decode.
    #[error("bad base64 in {0}")]
    BadEncoding(&'static str),
    /// The envelope's `payloadType` is not the one expected here.
    #[error("payload type {found:?} where {expected:?} was expected")]
    PayloadType {
        expected: &'static str,
        found: String,
    },
    /// The envelope carries no signatures at all.
    #[error("the envelope has no signatures")]
    NoSignatures,
    /// No signature names a key we trust (by key id) and none verifies.
    #[error("no signature by a trusted key")]
    UnknownKey,
    /// A signature by a trusted key fails strict Ed25519 verification.
    #[error("signature does not verify")]
    SignatureInvalid,
    /// A public key is a small-order (weak) point, for which forgeries are trivial.
    #[error("weak (small-order) public key")]
    WeakKey,
    /// A public key string is not `ed25519:<base64 of 32 bytes>`.
    #[error("bad public key: {0}")]
    BadKey(String),
    /// The clock is past `expires_at`.
    #[error("expired at {0}")]
    Expired(String),
    /// The clock is before `issued_at` (beyond the allowed clock skew).
    #[error("not valid before {0}")]
    NotYetValid(String),
    /// The `sequence` is lower than one already seen for this issuer.
    #[error("sequence {found} is lower than {seen}, already seen")]
    Rollback { found: u64, seen: u64 },
    /// The input exceeds a size, count, length or nesting limit.
    #[error("too large: {0}")]
    TooLarge(String),
    /// The `spec` version is not one this library reads.
    #[error("unsupported spec version {0:?}")]
    UnsupportedVersion(String),
    /// An attestation is signed by a key that is not on the attester trust list.
    #[error("attester is not on the trust list")]
    UntrustedAttester,
    /// An attestation is about another brand or product than the claim it backs.
    #[error("attestation is about {0}")]
    WrongSubject(String),
    /// An attestation's kind does not match where it is embedded.
    #[error("attestation kind {0:?} does not fit here")]
    WrongKind(String),
    /// A key set's rotation chain is broken (bad order, or not signed by the previous root).
    #[error("key set: {0}")]
    KeySet(String),
    /// The page's origin is not among the manifest's allowed origins.
    #[error("origin {0} is not allowed to embed this manifest")]
    OriginNotAllowed(String),
    /// A review page is not provably part of what the collector signed: its
    /// inclusion proof fails against the signed root (tampered, another tree,
    /// another page's position).
    #[error("page proof: {0}")]
    ProofInvalid(String),
    /// A logged collector's public log does not vouch for what is shown: its
    /// checkpoint is not signed by the log, lacks k of n witness cosignatures or
    /// fresh ones, is not the one the statement names, is inconsistent with one
    /// this browser saw (a fork), or a review is not proven in it. Nothing from
    /// that collector is shown.
    #[error("log: {0}")]
    LogInvalid(String),
}

impl Error {
    /// The stable reason code, e.g. `signature-invalid`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Malformed(_) => "malformed",
            Error::BadEncoding(_) => "bad-encoding",
            Error::PayloadType { .. } => "payload-type",
            Error::NoSignatures => "no-signatures",
            Error::UnknownKey => "unknown-key",
            Error::SignatureInvalid => "signature-invalid",
            Error::WeakKey => "weak-key",
            Error::BadKey(_) => "bad-key",
            Error::Expired(_) => "expired",
            Error::NotYetValid(_) => "not-yet-valid",
            Error::Rollback { .. } => "rollback",
            Error::TooLarge(_) => "too-large",
            Error::UnsupportedVersion(_) => "unsupported-version",
            Error::UntrustedAttester => "untrusted-attester",
            Error::WrongSubject(_) => "wrong-subject",
            Error::WrongKind(_) => "wrong-kind",
            Error::KeySet(_) => "key-set-invalid",
            Error::OriginNotAllowed(_) => "origin-not-allowed",
            Error::ProofInvalid(_) => "proof-invalid",
            Error::LogInvalid(_) => "log-invalid",
        }
    }

    pub(crate) fn malformed(e: impl core::fmt::Display) -> Self {
        Error::Malformed(alloc::format!("{e}"))
    }
}

/// Every reason code this crate can produce, for docs and tests.
pub const REASON_CODES: &[&str] = &[
    "malformed",
    "bad-encoding",
    "payload-type",
    "no-signatures",
    "unknown-key",
    "signature-invalid",
    "weak-key",
    "bad-key",
    "expired",
    "not-yet-valid",
    "rollback",
    "too-large",
    "unsupported-version",
    "untrusted-attester",
    "wrong-subject",
    "wrong-kind",
    "key-set-invalid",
    "origin-not-allowed",
    "proof-invalid",
    "log-invalid",
];
