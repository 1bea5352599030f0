use alloc::string::String;
use alloc::vec::Vec;

use super::*;
use crate::{Envelope, Timestamp};

/// The payload type of a signed manifest.
pub const MANIFEST_PAYLOAD_TYPE: &str = "application/vnd.trust-widget.manifest.v1+json";

model! {
    /// A brand's trust manifest: what the brand signs and the widget verifies.
    pub struct Manifest {
        /// Format version: "1" (or "1.x").
        pub spec: String,
        /// Who publishes this manifest.
        pub issuer: Issuer,
        /// When it was signed.
        pub issued_at: Timestamp,
        /// When it stops being valid (days after `issued_at`, not years).
        pub expires_at: Timestamp,
        /// Monotonically increasing per issuer; a lower one is a rollback.
        pub sequence: u64,
        /// sha256 (hex) of the previous manifest's payload bytes.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub previous: Option<String>,
        /// Facts about the company.
        #[serde(default)]
        pub company: Company,
        /// Products that claims can be scoped to.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub products: Vec<Product>,
        /// Certifications, brand-stated or attested by the certification body.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub certifications: Vec<CertificationEntry>,
        /// Reviews, brand-stated or attested by a review collector.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub reviews: Vec<ReviewEntry>,
        /// Reviews in pages, fetched on demand, each proven part of what the
        /// collector signed (ARCHITECTURE.md, "Paged reviews").
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub review_pages: Option<ReviewPages>,
        /// Collector-signed aggregates (count and histogram), embedded unchanged.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub aggregates: Vec<Envelope>,
        /// Return, shipping and duties terms per market.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub policies: Vec<MarketPolicy>,
        /// Press coverage ("as seen in").
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub media_mentions: Vec<MediaMention>,
        /// Evidence videos: factory tours, quality checks, live replays.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub evidence: Vec<EvidenceMedia>,
        /// Honest limits ("good to know").
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub limitations: Vec<Limitation>,
        /// Per-market overrides of which sections show, in which order.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub markets: Vec<MarketOverride>,
    }

    /// The brand that signs.
    pub struct Issuer {
        /// Stable identifier of the brand, e.g. `northwind-outdoor`. Attestations name it.
        pub id: String,
        /// Brand name as shoppers know it.
        pub name: String,
        /// Registered legal entity.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub legal_name: Option<String>,
        /// Company registration.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub registration: Option<Registration>,
        /// Year the company was founded.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub founded: Option<u16>,
        /// The brand's website (https).
        pub website: String,
        /// Origins (`https://shop.example`) allowed to embed this manifest. Empty: the
        /// website's origin only.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub allowed_origins: Vec<String>,
    }

    /// A company registration entry.
    pub struct Registration {
        /// Registration number, as a string.
        pub number: String,
        /// ISO 3166-1 alpha-2 country of the register.
        pub country: String,
        /// Name of the register, e.g. "Handelsregister B, Amtsgericht München".
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub registry: Option<String>,
        /// Public lookup page of the register (https).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub url: Option<String>,
    }

    /// A product that claims can be scoped to.
    pub struct Product {
        /// Identifier used by claims in this manifest.
        pub id: String,
        /// Stock-keeping unit.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub sku: Option<String>,
        /// Storefront handle (e.g. Shopify's `product.handle`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub handle: Option<String>,
        /// GTIN / EAN / UPC, as a string.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub gtin: Option<String>,
        /// Product name.
        pub name: String,
    }
}

impl Manifest {
    /// Parses a manifest payload (no verification: see `verify_manifest`).
    pub fn from_json(json: &[u8]) -> Result<Manifest, crate::Error> {
        crate::json::from_slice(json)
    }

    /// Whether `spec` is a version this library reads (major version 1).
    pub fn spec_supported(&self) -> bool {
        self.spec == "1" || self.spec.starts_with("1.")
    }

    /// The product with this id, sku or handle.
    pub fn product(&self, key: &str) -> Option<&Product> {
        self.products.iter().find(|p| {
            p.id == key || p.sku.as_deref() == Some(key) || p.handle.as_deref() == Some(key)
        })
    }
}
