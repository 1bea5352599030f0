//! Fixtures shared by the manifest crate's tests and benches, and by the widget's
//! view tests (`tests/web_components.rs`, by path): keys from fixed,
//! public test seeds (none is used outside tests), a small manifest, third-party
//! statements, and signing and verifying them. The test vectors are generated
//! from these (`tests/vectors/`), so changing a fixture changes the vectors:
//! `vectors_match_the_generator` says so, and the regenerate command is in
//! `tests/vectors/main.rs`.
//!
//! Each test binary compiles this module and uses only part of it.
#![allow(dead_code)]

use serde_json::{json, Value};
use trust_manifest::{
    sign_envelope, verify_manifest, AttestationKind, AttesterEntry, BrandKeys, Envelope, Error,
    Limits, Origin, PublicKey, SecretKey, Timestamp, TrustList, TrustListFile, VerifiedManifest,
    VerifyOptions, ATTESTATION_PAYLOAD_TYPE, MANIFEST_PAYLOAD_TYPE,
};

/// Seeds of the test keys (see tests/vectors/README.md).
pub const BRAND: u8 = 1;
pub const OTHER_BRAND: u8 = 2;
pub const COLLECTOR: u8 = 3;
pub const ROGUE_COLLECTOR: u8 = 4;
pub const CERT_BODY: u8 = 5;

pub const BRAND_ID: &str = "northwind-test";
pub const ISSUED: &str = "2026-11-01T00:00:00Z";
pub const EXPIRES: &str = "2026-11-15T00:00:00Z";
pub const SEQUENCE: u64 = 7;
/// The verifier's clock: mid-validity.
pub const NOW: &str = "2026-11-08T12:00:00Z";

/// When the collector signed its statements, and until when claims about the
/// present (aggregates, page indexes) count.
pub const STATEMENT_ISSUED: &str = "2026-10-21T00:00:00Z";
pub const STATEMENT_EXPIRES: &str = "2026-11-20T00:00:00Z";

pub const COLLECTOR_NAME: &str = "Test Review Collector";
pub const CERT_BODY_NAME: &str = "Test Certification Body";

pub fn secret(seed: u8) -> SecretKey {
    SecretKey::from_seed(&[seed; 32])
}

pub fn key(seed: u8) -> PublicKey {
    secret(seed).public()
}

/// `ed25519:<base64>`, as key files and trust lists write it.
pub fn public(seed: u8) -> String {
    key(seed).to_string()
}

/// The collector (reviews, aggregates) and the certification body.
pub fn trust_list_file() -> TrustListFile {
    TrustListFile {
        attesters: vec![
            AttesterEntry {
                name: COLLECTOR_NAME.into(),
                key: public(COLLECTOR),
                kinds: vec![AttestationKind::Review, AttestationKind::Aggregate],
                url: Some("https://reviews.test.example".into()),
                log: None,
            },
            AttesterEntry {
                name: CERT_BODY_NAME.into(),
                key: public(CERT_BODY),
                kinds: vec![AttestationKind::Certification],
                url: Some("https://certs.test.example".into()),
                log: None,
            },
        ],
    }
}

pub fn trust() -> TrustList {
    TrustList::from_file(&trust_list_file()).unwrap()
}

pub fn review(id: &str, stars: u8, body: &str) -> Value {
    json!({
        "id": id,
        "product": "p1",
        "reviewRating": { "ratingValue": stars },
        "reviewBody": body,
        "inLanguage": "en",
        "datePublished": "2026-10-20",
        "author": "Test Shopper",
    })
}

pub fn certification() -> Value {
    json!({
        "id": "c1",
        "name": "Test Material Standard",
        "scheme": "Test Scheme",
        "kind": "material",
        "issuedBy": { "name": CERT_BODY_NAME },
        "certificationIdentification": "TEST-0001",
        "validFrom": "2026-01-01",
        "expires": "2027-01-01",
    })
}

/// The brand's manifest: one product, one brand-stated review, one return policy.
pub fn manifest() -> Value {
    json!({
        "spec": "1",
        "issuer": {
            "id": BRAND_ID,
            "name": "Northwind Test",
            "website": "https://shop.test.example",
        },
        "issued_at": ISSUED,
        "expires_at": EXPIRES,
        "sequence": SEQUENCE,
        "products": [{ "id": "p1", "sku": "TEST-SKU-1", "name": "Test jacket" }],
        "reviews": [{ "review": review("r1", 5, "Warm and dry.") }],
        "policies": [{
            "applicableCountry": ["DE", "AT"],
            "returns": { "returnPolicyCategory": "finite-window", "merchantReturnDays": 30 },
        }],
    })
}

/// A third party's statement of `kind` about the brand whose root is `root` (a
/// seed), for `product` when named, carrying `claim`; unsigned.
pub fn statement_about(
    root: u8,
    kind: &str,
    product: Option<&str>,
    issued_at: &str,
    expires_at: Option<&str>,
    claim: Value,
) -> Value {
    let mut s = json!({
        "spec": "1",
        "kind": kind,
        "subject": { "brand": BRAND_ID, "root": public(root) },
        "issued_at": issued_at,
    });
    if let Some(end) = expires_at {
        s["expires_at"] = json!(end);
    }
    if let Some(p) = product {
        s["subject"]["product"] = json!(p);
    }
    s[kind] = claim;
    s
}

/// A statement about the brand: claims about the present (aggregates, page
/// indexes) carry the manifest's expiry.
pub fn statement(kind: &str, product: Option<&str>, issued_at: &str, claim: Value) -> Value {
    let current = kind == "aggregate" || kind == "review-pages";
    statement_about(
        BRAND,
        kind,
        product,
        issued_at,
        current.then_some(EXPIRES),
        claim,
    )
}

/// `statement` signed by `seed` as an attestation envelope.
pub fn attest(seed: u8, statement: &Value) -> Value {
    let payload = serde_json::to_vec(statement).unwrap();
    serde_json::to_value(sign_envelope(
        ATTESTATION_PAYLOAD_TYPE,
        &payload,
        &[&secret(seed)],
    ))
    .unwrap()
}

/// `manifest` signed by every key in `seeds`.
pub fn envelope(manifest: &Value, seeds: &[u8]) -> Envelope {
    sign_manifest(&serde_json::to_vec(manifest).unwrap(), seeds)
}

/// Payload bytes, whatever they hold, signed as a manifest by every key in `seeds`.
pub fn sign_manifest(payload: &[u8], seeds: &[u8]) -> Envelope {
    let keys: Vec<SecretKey> = seeds.iter().map(|s| secret(*s)).collect();
    sign_envelope(
        MANIFEST_PAYLOAD_TYPE,
        payload,
        &keys.iter().collect::<Vec<_>>(),
    )
}

/// `envelope`'s JSON text.
pub fn signed(manifest: &Value, seeds: &[u8]) -> Vec<u8> {
    serde_json::to_vec(&envelope(manifest, seeds)).unwrap()
}

/// Verifies offline with `keys` pinned, `trust`, the clock at `now` and the highest
/// sequence seen before.
pub fn verify_with(
    json: &[u8],
    keys: &[PublicKey],
    trust: &TrustList,
    now: Timestamp,
    last_sequence: Option<u64>,
) -> Result<VerifiedManifest, Error> {
    let brand = BrandKeys::pinned(keys).ok_or(Error::UnknownKey)?;
    verify_manifest(
        json,
        &VerifyOptions {
            brand: &brand,
            trust,
            now,
            origin: Origin::Offline,
            seen: &|_, _| last_sequence,
            limits: Limits::default(),
        },
    )
}

/// Reviews published in pages by the collector `seed`, as `trustctl pages` does:
/// the page index it signs (aggregate of the reviews' ratings, Merkle root; about
/// product p1 of the brand) and each page's file with its inclusion proof.
pub fn review_pages(seed: u8, pages: &[Vec<Value>], page_size: usize) -> (Value, Vec<Value>) {
    review_pages_with(seed, pages, page_size, |_| {})
}

/// `review_pages` with the statement edited by `edit` before it is signed (a log
/// checkpoint named, for instance).
pub fn review_pages_with(
    seed: u8,
    pages: &[Vec<Value>],
    page_size: usize,
    edit: impl FnOnce(&mut Value),
) -> (Value, Vec<Value>) {
    let texts: Vec<String> = pages
        .iter()
        .enumerate()
        .map(|(i, reviews)| {
            serde_json::to_string(&json!({ "index": i, "reviews": reviews })).unwrap()
        })
        .collect();
    let (root, files) = trust_manifest::page_files(texts);
    let files: Vec<Value> = files
        .iter()
        .map(|f| serde_json::to_value(f).unwrap())
        .collect();
    let mut histogram = [0u64; 5];
    for r in pages.iter().flatten() {
        let stars = r["reviewRating"]["ratingValue"].as_u64().unwrap();
        histogram[usize::try_from(stars).unwrap() - 1] += 1;
    }
    let count: u64 = histogram.iter().sum();
    let statement = json!({
        "spec": "1",
        "kind": "review-pages",
        "subject": { "brand": BRAND_ID, "root": public(BRAND), "product": "p1" },
        "issued_at": STATEMENT_ISSUED,
        "expires_at": STATEMENT_EXPIRES,
        "aggregate": { "ratingCount": count, "histogram": histogram, "asOf": "2026-10-21" },
        "pages": { "page_size": page_size, "pages": pages.len(), "root": root },
    });
    let mut statement = statement;
    edit(&mut statement);
    (attest(seed, &statement), files)
}
