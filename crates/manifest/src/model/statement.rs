use alloc::string::String;

use super::*;
use crate::Timestamp;

/// The payload type of a third party's attestation.
pub const ATTESTATION_PAYLOAD_TYPE: &str = "application/vnd.trust-widget.attestation.v1+json";

model! {
    /// What a review collector or certification body signs: one claim about one brand.
    pub struct Statement {
        /// Format version: "1".
        pub spec: String,
        pub kind: AttestationKind,
        /// Whom the claim is about; binds it so it cannot be moved to another brand.
        pub subject: Subject,
        /// When the attester signed.
        pub issued_at: Timestamp,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub review: Option<Review>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub aggregate: Option<Aggregate>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub certification: Option<Certification>,
        /// With kind `review-pages`: the page index, signed with the aggregate.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub pages: Option<PageIndex>,
    }

    /// The brand (and product) a statement is about.
    pub struct Subject {
        /// The manifest issuer's `id`.
        pub brand: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub product: Option<String>,
    }
}

vocabulary! {
    /// What an attestation vouches for.
    pub enum AttestationKind {
        Review = "review",
        Aggregate = "aggregate",
        Certification = "certification",
        /// A paged set of reviews: aggregate and Merkle root of the pages. Believed
        /// from attesters trusted for `review`.
        ReviewPages = "review-pages",
    }
}
