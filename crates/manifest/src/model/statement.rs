use alloc::string::String;
use alloc::vec::Vec;

use super::*;
use crate::Timestamp;

/// Longest a claim about the present (an aggregate, a page index) may be shown
/// after its attester signed it: collectors re-sign well within it.
pub const MAX_CURRENT_STATEMENT_DAYS: i64 = 31;

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
        /// When the claim stops being shown. Required for claims about the present
        /// (`aggregate`, `review-pages`), and then at most
        /// `MAX_CURRENT_STATEMENT_DAYS` after `issued_at`, so a brand cannot keep
        /// showing an old rating; optional for a review (an account of a past
        /// purchase) and a certification (which has its own `expires`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub expires_at: Option<Timestamp>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub review: Option<Review>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub aggregate: Option<Aggregate>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub certification: Option<Certification>,
        /// With kind `review-pages`: the page index, signed with the aggregate.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub pages: Option<PageIndex>,
        /// With kind `review-pages` from a collector that keeps a public log: the
        /// checkpoint (tree head) of that log the pages' reviews are proven
        /// against. ARCHITECTURE.md, "The public review log".
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub log: Option<LogHead>,
    }

    /// A tree head of a collector's log (c2sp.org/tlog-checkpoint's first three lines).
    pub struct LogHead {
        /// The log's origin, e.g. `collector.example/log`.
        pub origin: String,
        /// Number of leaves.
        pub size: u64,
        /// Root hash, standard base64 as in the checkpoint.
        pub root: String,
        /// The brand's reviews this log shows removed at `size` (those whose latest
        /// leaf below `size` is a removal), counted by the reason code of that
        /// removal, in ascending code order, each count at least 1. The collector's
        /// signed claim: the widget cannot read the whole log, `trustctl audit`
        /// recomputes it from the log. ARCHITECTURE.md, "The public review log".
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub removals: Vec<RemovalCount>,
    }

    /// How many of a brand's reviews the log shows removed for one reason.
    pub struct RemovalCount {
        /// The removal leaf's reason code (e.g. `abusive`, `personal-data`).
        pub reason: String,
        pub count: u64,
    }

    /// The brand (and product) a statement is about.
    pub struct Subject {
        /// The manifest issuer's `id`: informative only (tools print it). Anyone
        /// can copy a name, so the binding is `root`.
        pub brand: String,
        /// The brand's key-set root (`ed25519:<base64>`, the whole key): the
        /// statement counts only where this root verified the manifest (a pinned
        /// key is a root). ARCHITECTURE.md, "Attestation binding".
        pub root: String,
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
