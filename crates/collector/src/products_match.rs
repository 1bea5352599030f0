//! Which manifest product an order system's product is: reading the brand's product
//! list from its manifest, and the matching rule (pure; products.rs stores the result).
//!
//! The rule, chosen so that a match is never a guess:
//! - the order system's product id is a manifest product's `id` or `handle` (a
//!   platform that already uses the brand's ids, or slugs, through the generic
//!   endpoint or CSV);
//! - a SKU of the product's line items is a manifest product's `sku`, or its `gtin`
//!   (stores that use the barcode as SKU). Shopify's order webhooks carry
//!   `product_id`, `variant_id`, `sku` and `title` per line item, no barcode or
//!   handle, so SKU is what links them to the manifest;
//! - titles are never compared (they are translated, renamed, and not unique);
//! - when the clues point at more than one manifest product (variants listed as
//!   separate manifest products, a SKU reused), nothing is mapped: the operator
//!   decides with `--set`.

use anyhow::{bail, Context, Result};
use base64::Engine as _;
use trust_manifest::{Envelope, Manifest, MANIFEST_PAYLOAD_TYPE};

/// A product as the brand's manifest lists it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ManifestProduct {
    pub id: String,
    pub sku: Option<String>,
    pub gtin: Option<String>,
    pub handle: Option<String>,
    pub name: String,
}

/// The outcome of matching one order-system product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Match {
    /// Exactly one manifest product; `by` is the clue ("id", "handle", "sku", "gtin").
    One { id: String, by: &'static str },
    /// Several manifest products fit: not mapped.
    Ambiguous(Vec<String>),
    /// No clue fits.
    None,
}

/// The products of a manifest file: a signed DSSE envelope (as `trustctl sign`
/// writes it) or its plain payload. The signature is not checked: the list only
/// names products, and the operator chose the file.
pub fn read_manifest(bytes: &[u8]) -> Result<Vec<ManifestProduct>> {
    let value: serde_json::Value =
        serde_json::from_slice(bytes).context("the manifest is not JSON")?;
    let payload = if value.get("payloadType").is_some() {
        let env = Envelope::from_json(bytes)
            .map_err(|e| anyhow::anyhow!("the signed manifest's envelope: {e}"))?;
        if env.payload_type != MANIFEST_PAYLOAD_TYPE {
            bail!(
                "the envelope holds {:?}, not a manifest ({MANIFEST_PAYLOAD_TYPE})",
                env.payload_type
            );
        }
        base64::engine::general_purpose::STANDARD
            .decode(env.payload.as_bytes())
            .context("the envelope's payload is not base64")?
    } else {
        bytes.to_vec()
    };
    let m = Manifest::from_json(&payload).map_err(|e| anyhow::anyhow!("the manifest: {e}"))?;
    if m.products.is_empty() {
        bail!("the manifest lists no products");
    }
    let mut out: Vec<ManifestProduct> = Vec::with_capacity(m.products.len());
    for p in m.products {
        for text in [
            Some(&p.id),
            p.sku.as_ref(),
            p.gtin.as_ref(),
            p.handle.as_ref(),
        ]
        .into_iter()
        .flatten()
        {
            if text.contains('\0') || text.len() > crate::orders::MAX_FIELD_BYTES {
                bail!("product {:?}: a field has a NUL or is too long", p.id);
            }
        }
        if out.iter().any(|q| q.id == p.id) {
            bail!("the manifest lists product {:?} twice", p.id);
        }
        out.push(ManifestProduct {
            id: p.id,
            sku: p.sku.filter(|s| !s.trim().is_empty()),
            gtin: p.gtin.filter(|s| !s.trim().is_empty()),
            handle: p.handle.filter(|s| !s.trim().is_empty()),
            name: p.name,
        });
    }
    Ok(out)
}

/// Matches the order system's product `external`, whose line items carried `skus`.
pub fn match_product(external: &str, skus: &[String], products: &[ManifestProduct]) -> Match {
    let skus: Vec<&str> = skus
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    let has = |field: &Option<String>| field.as_deref().is_some_and(|f| skus.contains(&f.trim()));
    let found: Vec<(&str, &'static str)> = products
        .iter()
        .filter_map(|p| {
            let by = if p.id == external {
                "id"
            } else if p.handle.as_deref() == Some(external) {
                "handle"
            } else if has(&p.sku) {
                "sku"
            } else if has(&p.gtin) {
                "gtin"
            } else {
                return None;
            };
            Some((p.id.as_str(), by))
        })
        .collect();
    match found.as_slice() {
        [] => Match::None,
        [(id, by)] => Match::One {
            id: (*id).to_string(),
            by,
        },
        many => Match::Ambiguous(many.iter().map(|(id, _)| (*id).to_string()).collect()),
    }
}

/// An id given on the command line: text a manifest could hold.
pub fn valid_text(s: &str) -> bool {
    !s.trim().is_empty()
        && s.len() <= crate::orders::MAX_FIELD_BYTES
        && !s.chars().any(char::is_control)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(id: &str, sku: Option<&str>, gtin: Option<&str>, handle: Option<&str>) -> ManifestProduct {
        ManifestProduct {
            id: id.into(),
            sku: sku.map(Into::into),
            gtin: gtin.map(Into::into),
            handle: handle.map(Into::into),
            name: id.into(),
        }
    }

    #[test]
    fn one_clue_maps_several_do_not() {
        let ps = [
            p(
                "tent-2p",
                Some("TENT-2P"),
                Some("4006381333931"),
                Some("trail-tent"),
            ),
            p("stove", Some("STV-1"), None, None),
            p("stove-red", Some("STV-1-RED"), None, None),
        ];
        let skus = |s: &[&str]| s.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let one = |id: &str, by| Match::One { id: id.into(), by };
        let m = |ext: &str, s: &[&str]| match_product(ext, &skus(s), &ps);
        assert_eq!(m("788032119674292922", &["TENT-2P"]), one("tent-2p", "sku"));
        assert_eq!(
            m("788032119674292922", &["4006381333931"]),
            one("tent-2p", "gtin")
        );
        assert_eq!(m("tent-2p", &[]), one("tent-2p", "id"));
        assert_eq!(m("trail-tent", &[]), one("tent-2p", "handle"));
        // Two clues for the same product are one match.
        assert_eq!(m("tent-2p", &["TENT-2P"]), one("tent-2p", "id"));
        // Variants listed as separate manifest products: ambiguous, not a guess.
        assert_eq!(
            m("1", &["STV-1", "STV-1-RED"]),
            Match::Ambiguous(vec!["stove".into(), "stove-red".into()])
        );
        // No SKU, an unknown SKU, a title-like id: nothing.
        assert_eq!(m("632910392", &[]), Match::None);
        assert_eq!(m("632910392", &["OTHER", " "]), Match::None);
        assert_eq!(m("Trail tent", &[]), Match::None);
    }

    #[test]
    fn manifests_signed_or_plain() {
        let payload = serde_json::json!({
            "spec": "1",
            "issuer": { "id": "nw", "name": "Northwind", "website": "https://nw.example" },
            "issued_at": "2026-12-01T00:00:00Z",
            "expires_at": "2026-12-31T00:00:00Z",
            "sequence": 1,
            "products": [{ "id": "tent-2p", "sku": "TENT-2P", "name": "Trail tent" }],
        });
        let bytes = serde_json::to_vec(&payload).unwrap();
        let plain = read_manifest(&bytes).unwrap();
        assert_eq!(plain[0].sku.as_deref(), Some("TENT-2P"));
        let key = trust_manifest::SecretKey::from_seed(&[3; 32]);
        let env = trust_manifest::sign_envelope(MANIFEST_PAYLOAD_TYPE, &bytes, &[&key]);
        let signed = read_manifest(&serde_json::to_vec(&env).unwrap()).unwrap();
        assert_eq!(signed, plain);
        let other = trust_manifest::sign_envelope("application/x-other", &bytes, &[&key]);
        let err = read_manifest(&serde_json::to_vec(&other).unwrap()).unwrap_err();
        assert!(format!("{err:#}").contains("not a manifest"), "{err:#}");
        assert!(read_manifest(b"not json").is_err());
    }
}
