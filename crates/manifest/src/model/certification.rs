use alloc::string::String;
use alloc::vec::Vec;

use super::*;
use crate::{Date, Envelope};

model! {
    /// A certification, after schema.org `Certification`.
    pub struct Certification {
        /// Identifier within this manifest.
        pub id: String,
        /// The label as shown, e.g. "OEKO-TEX STANDARD 100".
        pub name: String,
        /// The certification scheme, when the label belongs to one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub scheme: Option<String>,
        /// What kind of assurance this is.
        pub kind: CertificationKind,
        /// The certification body.
        #[serde(rename = "issuedBy", default, skip_serializing_if = "Option::is_none")]
        pub issued_by: Option<Organization>,
        /// Certificate number, as a string.
        #[serde(rename = "certificationIdentification", default, skip_serializing_if = "Option::is_none")]
        pub identification: Option<String>,
        /// What is covered, in words.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub scope: Option<String>,
        /// Product ids covered; empty means brand-wide.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub products: Vec<String>,
        #[serde(rename = "validFrom", default, skip_serializing_if = "Option::is_none")]
        pub valid_from: Option<Date>,
        /// Last day of validity.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub expires: Option<Date>,
        /// The issuer's own lookup page for this certificate (https).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub url: Option<String>,
        /// Documents backing the claim, pinned by hash.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub evidence: Vec<Document>,
    }

    /// An organisation named by a claim.
    pub struct Organization {
        pub name: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub url: Option<String>,
    }

    /// A document pinned by its sha256.
    pub struct Document {
        pub name: String,
        /// https URL of the document.
        pub url: String,
        /// Lower-case hex sha256 of the document's bytes.
        pub sha256: String,
    }

    /// A certification as embedded in a manifest: stated by the brand, or a DSSE
    /// envelope signed by the certification body. Exactly one is present.
    pub struct CertificationEntry {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub certification: Option<Certification>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub attestation: Option<Envelope>,
    }
}

vocabulary! {
    /// What a certification vouches for.
    pub enum CertificationKind {
        Safety = "safety",
        Material = "material",
        Sustainability = "sustainability",
        Quality = "quality",
        Membership = "membership",
    }
}

impl Certification {
    /// A sustainability label needs a scheme and an issuer to be shown as a label
    /// (EU Directive 2024/825).
    pub fn is_unbacked_sustainability_label(&self) -> bool {
        self.kind == CertificationKind::Sustainability
            && (self.scheme.is_none() || self.issued_by.is_none())
    }

    /// Whether the certificate is valid on the given day.
    pub fn valid_on(&self, day: Date) -> bool {
        self.valid_from.is_none_or(|from| from <= day) && self.expires.is_none_or(|to| day <= to)
    }
}
