//! The schema.org vocabulary `trustctl jsonld` writes, as types: only the terms
//! it emits (checked against `tests/schemaorg-subset.json`).

use serde::Serialize;
use serde_json::Value;

pub(super) const SCHEMA: &str = "https://schema.org";

/// A schema.org enumeration member, as the full URL Google asks for.
pub(super) fn member(name: &str) -> String {
    format!("{SCHEMA}/{name}")
}

#[derive(Debug, Serialize)]
pub(super) struct Document {
    #[serde(rename = "@context")]
    pub(super) context: &'static str,
    #[serde(rename = "@graph")]
    pub(super) graph: Vec<Node>,
}

#[derive(Debug, Serialize)]
#[serde(untagged)]
pub(super) enum Node {
    Organization(Box<Organization>),
    Product(Box<Product>),
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Organization {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    #[serde(rename = "@id")]
    pub(super) id: String,
    pub(super) name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) legal_name: Option<String>,
    pub(super) url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) founding_date: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) has_merchant_return_policy: Vec<ReturnPolicy>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) has_certification: Vec<Certification>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Product {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    pub(super) name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) sku: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) gtin: Option<String>,
    pub(super) brand: Named,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) aggregate_rating: Option<AggregateRating>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) review: Vec<Review>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) has_certification: Vec<Certification>,
}

/// A `Brand`, `Person` or `Organization` named by a claim.
#[derive(Debug, Serialize)]
pub(super) struct Named {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    pub(super) name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) url: Option<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct AggregateRating {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    pub(super) rating_value: f64,
    pub(super) rating_count: u64,
    pub(super) best_rating: u8,
    pub(super) worst_rating: u8,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Review {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    pub(super) author: Named,
    pub(super) review_rating: Rating,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) name: Option<String>,
    pub(super) review_body: String,
    pub(super) date_published: String,
    pub(super) in_language: String,
    /// The collector that signed the review, when one did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) publisher: Option<Named>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Rating {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    pub(super) rating_value: u8,
    pub(super) best_rating: u8,
    pub(super) worst_rating: u8,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ReturnPolicy {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    pub(super) applicable_country: Vec<String>,
    pub(super) return_policy_category: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) merchant_return_days: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) return_fees: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) return_shipping_fees_amount: Option<MonetaryAmount>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) refund_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) restocking_fee: Option<MonetaryAmount>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) return_policy_country: Option<String>,
}

#[derive(Debug, Serialize)]
pub(super) struct MonetaryAmount {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    pub(super) value: Value,
    pub(super) currency: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Certification {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    pub(super) name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) certification_identification: Option<String>,
    pub(super) certification_status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) issued_by: Option<Named>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) valid_from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) expires: Option<String>,
    /// The issuer's own lookup page for the certificate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) url: Option<String>,
}
