//! Checking what the collector published with the real verifier: a brand manifest
//! embedding the collector's files unchanged, signed by the brand's key, verified by
//! `trust_manifest::verify_manifest` with the collector on the trust list, and page
//! files checked against the signed Merkle root (what `trustctl verify --pages` does).
#![allow(dead_code)]

use serde_json::{json, Value};
use trust_manifest::{
    no_memory, sign_envelope, AttestationKind, AttesterEntry, BrandKeys, Limits, Origin, PublicKey,
    Review, SecretKey, Timestamp, TrustList, TrustListFile, VerifiedManifest, VerifyOptions,
    MANIFEST_PAYLOAD_TYPE,
};

/// A brand's key from a seed (tests register the brand's root from the same seed).
pub fn brand_key(seed: u8) -> SecretKey {
    SecretKey::from_seed(&[seed; 32])
}

/// A brand manifest payload listing `products`, current at `at`.
pub fn payload(brand_id: &str, products: Value, at: i64) -> Value {
    json!({
        "spec": "1",
        "issuer": { "id": brand_id, "name": "Northwind", "website": "https://shop.test.example" },
        "issued_at": Timestamp(at - 3600).to_string(),
        "expires_at": Timestamp(at + 30 * 86_400).to_string(),
        "sequence": 1,
        "products": products,
    })
}

/// A payload signed by the brand key of `seed`, as `trustctl sign` writes it.
pub fn sign(seed: u8, payload: &Value) -> Vec<u8> {
    let env = sign_envelope(
        MANIFEST_PAYLOAD_TYPE,
        &serde_json::to_vec(payload).unwrap(),
        &[&brand_key(seed)],
    );
    serde_json::to_vec(&env).unwrap()
}

/// The brand's manifest listing `products`, embedding the collector's review-pages
/// index and aggregate unchanged, signed by the brand key of `seed`.
pub fn manifest(
    brand_id: &str,
    seed: u8,
    products: Value,
    index: &str,
    aggregate: &str,
    at: i64,
) -> Vec<u8> {
    let mut m = payload(brand_id, products, at);
    m["review_pages"] = serde_json::from_str::<Value>(index).unwrap();
    m["aggregates"] = json!([serde_json::from_str::<Value>(aggregate).unwrap()]);
    sign(seed, &m)
}

/// Verifies a signed manifest for the brand key of `seed`, trusting `collector`.
pub fn verify(collector: &PublicKey, json: &[u8], seed: u8, now: i64) -> VerifiedManifest {
    let trust = TrustList::from_file(&TrustListFile {
        attesters: vec![AttesterEntry {
            name: "Test collector".into(),
            key: collector.to_string(),
            kinds: vec![AttestationKind::Review, AttestationKind::Aggregate],
            url: None,
            log: None,
        }],
    })
    .unwrap();
    let brand = BrandKeys::pinned(&[brand_key(seed).public()]).unwrap();
    trust_manifest::verify_manifest(
        json,
        &VerifyOptions {
            brand: &brand,
            trust: &trust,
            now: Timestamp(now),
            origin: Origin::Offline,
            seen: &no_memory,
            limits: Limits::default(),
        },
    )
    .unwrap()
}

/// Every review of every page (`page(n)` gives page n's file bytes), each checked
/// against the signed root and attested by the test collector.
pub fn all_reviews(v: &VerifiedManifest, page: impl Fn(u64) -> Vec<u8>) -> Vec<Review> {
    let pages = v
        .review_pages()
        .expect("the page index verified for the brand");
    let mut out = Vec::new();
    for n in 0..pages.pages() {
        for r in v.review_page(n, &page(n), &Limits::default()).unwrap() {
            assert_eq!(r.attestation().unwrap().attester, "Test collector");
            out.push((*r).clone());
        }
    }
    out
}

/// Inserts a published review the way the form does (the `reviews` table contract).
pub async fn insert_review(
    db: &trust_collector::Db,
    brand: &str,
    id: &str,
    product: Option<&str>,
    rating: i64,
    incentivized: bool,
    at: i64,
) {
    sqlx::query(
        "INSERT INTO reviews (id, brand_id, order_id, product_id, invitation_id, rating, \
         title, body, author, language, market, incentivized, submitted_at, status, \
         changed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, \
         'published', $13)",
    )
    .bind(id)
    .bind(brand)
    .bind(format!("order-{id}"))
    .bind(product)
    .bind(format!("inv-{id}"))
    .bind(rating)
    .bind(format!("Title {id}"))
    .bind(format!("Body of review {id}."))
    .bind("Kim")
    .bind("de")
    .bind("DE")
    .bind(i64::from(incentivized))
    .bind(at)
    .execute(&db.pool)
    .await
    .unwrap();
}
