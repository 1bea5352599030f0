//! The vector file format (tests/vectors/README.md).

use serde::{Deserialize, Serialize};
use serde_json::Value;
use trust_manifest::{Limits, TrustListFile};

// ---------------------------------------------------------------------------------
// The vector file format.

/// One vector file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vector {
    pub description: String,
    /// `ok`, or the reason code verification must fail with.
    pub expect: String,
    /// The verifier's clock (RFC 3339).
    pub at: String,
    /// Highest sequence seen before for this issuer under the brand's root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_sequence: Option<u64>,
    /// The page the manifest is shown on; absent means checked offline (no page).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// Trusted brand keys, `ed25519:<base64>`. A key that does not parse fails the case
    /// with the key's reason code (a verifier refuses such a key before any signature).
    pub keys: Vec<String>,
    /// The attester trust list (the `attesters.json` shape); absent means empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attesters: Option<TrustListFile>,
    /// Overrides of the default limits; fields not named keep their defaults.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limits: Option<LimitsOverride>,
    /// The envelope, verified as its compact JSON serialisation...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub envelope: Option<Value>,
    /// ...or the envelope's raw text, for cases that are not a JSON object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub envelope_text: Option<String>,
    /// Lazy per-review results (`review(index)`), for `pass_*` vectors.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub check_reviews: Vec<ReviewCheck>,
    /// Reason codes of dropped certifications, then aggregates, in order. Absent on a
    /// `pass_*` vector means none are dropped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dropped: Option<Vec<String>>,
    /// A review page file checked against the manifest's verified page index: the
    /// manifest must verify, and `expect` is then the page's outcome.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<PageCase>,
    /// The last checkpoint this verifier saw of the review pages' collector log
    /// (`{"size": n, "root": "<base64>"}`): checked against the manifest's
    /// (`check_seen`) before its page is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_seen: Option<Value>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageCase {
    /// The page number asked for.
    pub index: u64,
    /// The page file as served, verified as its compact JSON serialisation.
    pub file: Value,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitsOverride {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub envelope_bytes: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviews: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub string_bytes: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub array_items: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub depth: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_bytes: Option<usize>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewCheck {
    pub index: usize,
    /// `ok` or a reason code.
    pub expect: String,
    /// When `ok`: `brand` for a brand-stated review, else the attester's display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assurance: Option<String>,
}

impl LimitsOverride {
    pub fn apply(&self) -> Limits {
        let d = Limits::default();
        Limits {
            envelope_bytes: self.envelope_bytes.unwrap_or(d.envelope_bytes),
            reviews: self.reviews.unwrap_or(d.reviews),
            string_bytes: self.string_bytes.unwrap_or(d.string_bytes),
            array_items: self.array_items.unwrap_or(d.array_items),
            depth: self.depth.unwrap_or(d.depth),
            page_bytes: self.page_bytes.unwrap_or(d.page_bytes),
        }
    }
}
