//! `trustctl jsonld`: schema.org JSON-LD for the merchant to put in the page
//! server-side, where crawlers see it (JSON-LD injected by script often is not).
//!
//! Built from verified data only, after the same checks as `trustctl verify`, and
//! following Google's structured-data guidelines:
//! - a `Product` (with `--product`) carries the product's `aggregateRating` and
//!   `review`s: product reviews are eligible for review snippets;
//! - the brand's `Organization` carries `hasMerchantReturnPolicy` and
//!   `hasCertification`, and never a rating or reviews: reviews of a business on its
//!   own site are self-serving and not eligible;
//! - enumeration values are full schema.org URLs;
//! - a certificate is listed only while valid at `--at` (else now).
//!
//! The vocabulary used here is checked against `tests/schemaorg-subset.json`.

use std::collections::BTreeSet;

use anyhow::{bail, Result};
use serde::Serialize;
use serde_json::Value;
use trust_manifest::{
    Aggregate, Date, RefundType, ReturnCategory, ReturnFees, Verified, VerifiedManifest,
};

use crate::exit::rejected;
use crate::io;

const AFTER: &str = "\
The envelope is verified first, exactly as `trustctl verify` does; on failure
nothing is printed but `error: <reason-code>: <message>` on stderr, exit status 1.

What goes in:
  Organization  name, legalName, url, foundingDate; hasMerchantReturnPolicy, one
                MerchantReturnPolicy per market policy (a default policy that names
                no country is left out: schema.org needs applicableCountry);
                hasCertification, brand-wide certificates valid at --at.
                No aggregateRating or review: Google treats reviews of a business on
                its own site as self-serving.
  Product       (with --product) name, sku, gtin, brand; aggregateRating from the
                newest collector-signed aggregate for the product, else computed
                from its verified reviews; review, its newest verified reviews
                (reviews labelled incentivised or insider stay in the widget, where
                the label shows: structured data cannot carry it); hasCertification,
                the product's own certificates valid at --at.

Examples:
  trustctl jsonld --key brand.pub --trust attesters.json trust-manifest.json
  trustctl jsonld --key brand.pub --trust attesters.json --product tent-2p --script trust-manifest.json";

/// Print schema.org JSON-LD (Product, Organization) from a verified manifest.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER)]
pub struct Args {
    #[command(flatten)]
    inputs: crate::verify::Inputs,
    /// Add a Product for this product (its id, SKU or handle in the manifest).
    #[arg(long, value_name = "ID|SKU|HANDLE")]
    product: Option<String>,
    /// At most this many reviews in the Product, newest first.
    #[arg(long, value_name = "N", default_value_t = 10)]
    max_reviews: usize,
    /// Wrap the JSON-LD in <script type="application/ld+json"> for pasting into HTML.
    #[arg(long)]
    script: bool,
}

pub fn run(args: Args) -> Result<()> {
    let verified = verify(&args)?;
    let product =
        match &args.product {
            Some(key) => match verified.product(key) {
                Some(p) => Some(p.id.clone()),
                None => {
                    let known: Vec<&str> =
                        verified.products().iter().map(|p| p.id.as_str()).collect();
                    bail!(
                    "no product {key:?} in the manifest (by id, sku or handle); its products: {}",
                    if known.is_empty() { "none".to_owned() } else { known.join(", ") }
                );
                }
            },
            None => None,
        };
    let doc = document(&verified, product.as_deref(), args.max_reviews);
    let json = String::from_utf8(io::to_pretty(&doc)).expect("serde_json writes UTF-8");
    if args.script {
        // `<` only occurs inside JSON strings, where `\u003c` means the same and
        // cannot close the script element.
        let json = json.trim_end().replace('<', "\\u003c");
        let html = format!("<script type=\"application/ld+json\">\n{json}\n</script>\n");
        io::write_output(None, html.as_bytes())
    } else {
        io::write_output(None, json.as_bytes())
    }
}

/// The checks of `trustctl verify`, with the same options and exit codes: an
/// unreadable input is an I/O error (exit 2), a failed check is rejected (exit 1).
fn verify(args: &Args) -> Result<VerifiedManifest> {
    args.inputs.verify()?.map_err(rejected)
}

const SCHEMA: &str = "https://schema.org";

/// A schema.org enumeration member, as the full URL Google asks for.
fn member(name: &str) -> String {
    format!("{SCHEMA}/{name}")
}

#[derive(Debug, Serialize)]
struct Document {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@graph")]
    graph: Vec<Node>,
}

#[derive(Debug, Serialize)]
#[serde(untagged)]
enum Node {
    Organization(Box<Organization>),
    Product(Box<Product>),
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Organization {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "@id")]
    id: String,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    legal_name: Option<String>,
    url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    founding_date: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    has_merchant_return_policy: Vec<ReturnPolicy>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    has_certification: Vec<Certification>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Product {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    sku: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    gtin: Option<String>,
    brand: Named,
    #[serde(skip_serializing_if = "Option::is_none")]
    aggregate_rating: Option<AggregateRating>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    review: Vec<Review>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    has_certification: Vec<Certification>,
}

/// A `Brand`, `Person` or `Organization` named by a claim.
#[derive(Debug, Serialize)]
struct Named {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct AggregateRating {
    #[serde(rename = "@type")]
    kind: &'static str,
    rating_value: f64,
    rating_count: u64,
    best_rating: u8,
    worst_rating: u8,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Review {
    #[serde(rename = "@type")]
    kind: &'static str,
    author: Named,
    review_rating: Rating,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    review_body: String,
    date_published: String,
    in_language: String,
    /// The collector that signed the review, when one did.
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<Named>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Rating {
    #[serde(rename = "@type")]
    kind: &'static str,
    rating_value: u8,
    best_rating: u8,
    worst_rating: u8,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ReturnPolicy {
    #[serde(rename = "@type")]
    kind: &'static str,
    applicable_country: Vec<String>,
    return_policy_category: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    merchant_return_days: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    return_fees: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    return_shipping_fees_amount: Option<MonetaryAmount>,
    #[serde(skip_serializing_if = "Option::is_none")]
    refund_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    restocking_fee: Option<MonetaryAmount>,
    #[serde(skip_serializing_if = "Option::is_none")]
    return_policy_country: Option<String>,
}

#[derive(Debug, Serialize)]
struct MonetaryAmount {
    #[serde(rename = "@type")]
    kind: &'static str,
    value: Value,
    currency: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Certification {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    certification_identification: Option<String>,
    certification_status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    issued_by: Option<Named>,
    #[serde(skip_serializing_if = "Option::is_none")]
    valid_from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expires: Option<String>,
    /// The issuer's own lookup page for the certificate.
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

fn document(v: &VerifiedManifest, product: Option<&str>, max_reviews: usize) -> Document {
    let mut graph = vec![Node::Organization(Box::new(organization(v)))];
    if let Some(id) = product {
        graph.push(Node::Product(Box::new(self::product(v, id, max_reviews))));
    }
    Document {
        context: SCHEMA,
        graph,
    }
}

fn organization(v: &VerifiedManifest) -> Organization {
    let issuer = v.issuer();
    Organization {
        kind: "Organization",
        id: format!("{}/#organization", issuer.website.trim_end_matches('/')),
        name: issuer.name.clone(),
        legal_name: issuer.legal_name.clone(),
        url: issuer.website.clone(),
        founding_date: issuer.founded.map(|y| format!("{y:04}")),
        has_merchant_return_policy: return_policies(v),
        has_certification: certifications(v, None),
    }
}

/// One `MerchantReturnPolicy` per market policy with return terms. A country named
/// by an earlier policy stays with it, as the widget picks the first that names it.
fn return_policies(v: &VerifiedManifest) -> Vec<ReturnPolicy> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (i, policy) in v.policies().iter().enumerate() {
        let Some(r) = &policy.returns else { continue };
        let countries: Vec<String> = policy
            .markets
            .iter()
            .map(|m| m.to_ascii_uppercase())
            .filter(|m| seen.insert(m.clone()))
            .collect();
        if countries.is_empty() {
            if policy.markets.is_empty() {
                eprintln!(
                    "note: /policies/{i} names no country; schema.org's applicableCountry needs one, so it is left out"
                );
            }
            continue;
        }
        let category = match r.category {
            ReturnCategory::FiniteWindow => "MerchantReturnFiniteReturnWindow",
            ReturnCategory::Unlimited => "MerchantReturnUnlimitedWindow",
            ReturnCategory::NotPermitted => "MerchantReturnNotPermitted",
            ReturnCategory::Other => {
                eprintln!("note: /policies/{i} has a return category this version does not know; left out");
                continue;
            }
        };
        let permitted = r.category != ReturnCategory::NotPermitted;
        let fees = r.fees.filter(|_| permitted).and_then(|f| match f {
            ReturnFees::FreeReturn => Some("FreeReturn"),
            ReturnFees::CustomerResponsibility => Some("ReturnFeesCustomerResponsibility"),
            ReturnFees::ReturnShippingFees => Some("ReturnShippingFees"),
            ReturnFees::Other => None,
        });
        out.push(ReturnPolicy {
            kind: "MerchantReturnPolicy",
            applicable_country: countries,
            return_policy_category: member(category),
            merchant_return_days: r
                .days
                .filter(|_| r.category == ReturnCategory::FiniteWindow),
            return_fees: fees.map(member),
            return_shipping_fees_amount: r
                .shipping_fee
                .as_ref()
                .filter(|_| fees == Some("ReturnShippingFees"))
                .map(money),
            refund_type: r.refund_type.filter(|_| permitted).and_then(|t| match t {
                RefundType::FullRefund => Some(member("FullRefund")),
                RefundType::StoreCredit => Some(member("StoreCreditRefund")),
                RefundType::Exchange => Some(member("ExchangeRefund")),
                RefundType::Other => None,
            }),
            restocking_fee: r.restocking_fee.as_ref().filter(|_| permitted).map(money),
            return_policy_country: r
                .return_country
                .as_ref()
                .filter(|_| permitted)
                .map(|c| c.to_ascii_uppercase()),
        });
    }
    out
}

/// The manifest's decimal string as a JSON number (schema.org `value` is a Number);
/// kept as text if it is not one.
fn money(m: &trust_manifest::Money) -> MonetaryAmount {
    let value = match (m.amount.parse::<u64>(), m.amount.parse::<f64>()) {
        (Ok(n), _) => Value::from(n),
        (_, Ok(x)) if x.is_finite() => Value::from(x),
        _ => Value::String(m.amount.clone()),
    };
    MonetaryAmount {
        kind: "MonetaryAmount",
        value,
        currency: m.currency.clone(),
    }
}

/// Certificates valid on the verification day: brand-wide ones (`product` None) or
/// those naming the product. Like the widget, never an unbacked sustainability label.
fn certifications(v: &VerifiedManifest, product: Option<&str>) -> Vec<Certification> {
    let day = v.verified_at().date();
    v.certifications()
        .iter()
        .filter(|c| c.valid_on(day) && !c.is_unbacked_sustainability_label())
        .filter(|c| match product {
            None => c.products.is_empty(),
            Some(p) => c.products.iter().any(|q| q == p),
        })
        .map(|c| Certification {
            kind: "Certification",
            name: c.name.clone(),
            certification_identification: c.identification.clone(),
            certification_status: member("CertificationActive"),
            issued_by: c.issued_by.as_ref().map(|o| Named {
                kind: "Organization",
                name: o.name.clone(),
                url: o.url.clone(),
            }),
            valid_from: c.valid_from.map(date),
            expires: c.expires.map(date),
            url: c.url.clone(),
        })
        .collect()
}

fn date(d: Date) -> String {
    d.to_string()
}

fn product(v: &VerifiedManifest, id: &str, max_reviews: usize) -> Product {
    let p = v
        .products()
        .iter()
        .find(|p| p.id == id)
        .expect("the product was looked up by the caller");
    // Every verified review of this product (not store reviews: they are not about it).
    let reviews: Vec<_> = (0..v.review_count())
        .filter_map(|i| v.review(i).ok())
        .filter(|r| r.product.as_deref() == Some(id))
        .collect();
    let aggregate_rating = collector_rating(v, id).or_else(|| computed_rating(&reviews));
    let mut shown: Vec<_> = reviews
        .iter()
        .filter(|r| !r.incentivized && !r.insider)
        .collect();
    // Newest first; equal dates keep the brand's order.
    shown.sort_by_key(|r| std::cmp::Reverse(r.date));
    let review: Vec<Review> = shown
        .into_iter()
        .take(max_reviews)
        .map(|r| Review {
            kind: "Review",
            author: Named {
                kind: "Person",
                name: r.author.clone(),
                url: None,
            },
            review_rating: Rating {
                kind: "Rating",
                rating_value: r.rating.value,
                best_rating: r.rating.best,
                worst_rating: r.rating.worst,
            },
            name: r.title.clone(),
            review_body: r.body.clone(),
            date_published: date(r.date),
            in_language: r.language.clone(),
            publisher: r.attestation().map(|a| Named {
                kind: "Organization",
                name: a.attester.clone(),
                url: a.attester_url.clone(),
            }),
        })
        .collect();
    if aggregate_rating.is_none() && review.is_empty() {
        eprintln!("note: product {id:?} has no verified rating or reviews to mark up");
    }
    Product {
        kind: "Product",
        name: p.name.clone(),
        sku: p.sku.clone(),
        gtin: p.gtin.clone(),
        brand: Named {
            kind: "Brand",
            name: v.issuer().name.clone(),
            url: None,
        },
        aggregate_rating,
        review,
        has_certification: certifications(v, Some(id)),
    }
}

/// The newest collector-signed aggregate for the product (as the widget shows it).
/// A store-wide aggregate is not about the product and is not used.
fn collector_rating(v: &VerifiedManifest, id: &str) -> Option<AggregateRating> {
    v.aggregates()
        .iter()
        .filter(|a| a.product.as_deref() == Some(id) && a.attestation().is_some())
        .max_by_key(|a: &&Verified<Aggregate>| a.as_of)
        .and_then(|a| rating(a.count, a.mean()?))
}

/// Computed from the verified reviews on the 1 to 5 star scale, as the widget does.
fn computed_rating(reviews: &[Verified<trust_manifest::Review>]) -> Option<AggregateRating> {
    let stars: Vec<u64> = reviews
        .iter()
        .map(|r| u64::from(r.rating.stars()))
        .filter(|s| (1..=5).contains(s))
        .collect();
    let n = stars.len() as u64;
    (n > 0).then(|| rating(n, stars.iter().sum::<u64>() as f64 / n as f64))?
}

fn rating(count: u64, mean: f64) -> Option<AggregateRating> {
    (count > 0).then(|| AggregateRating {
        kind: "AggregateRating",
        rating_value: (mean * 100.0).round() / 100.0,
        rating_count: count,
        best_rating: 5,
        worst_rating: 1,
    })
}
