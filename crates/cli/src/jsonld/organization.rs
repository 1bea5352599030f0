//! The brand's `Organization`: its return policies and certifications, never a
//! rating or reviews (reviews of a business on its own site are not eligible).

use std::collections::BTreeSet;

use serde_json::Value;
use trust_manifest::{Date, RefundType, ReturnCategory, ReturnFees, VerifiedManifest};

use super::schema_org::*;

pub(super) fn organization(v: &VerifiedManifest) -> Organization {
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
pub(super) fn return_policies(v: &VerifiedManifest) -> Vec<ReturnPolicy> {
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
pub(super) fn money(m: &trust_manifest::Money) -> MonetaryAmount {
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
pub(super) fn certifications(v: &VerifiedManifest, product: Option<&str>) -> Vec<Certification> {
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

pub(super) fn date(d: Date) -> String {
    d.to_string()
}
