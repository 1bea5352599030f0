//! Property tests of everything that reads untrusted bytes: arbitrary input and
//! mutations of valid envelopes never panic, any single change to a signed
//! envelope's payload or signature bytes never verifies (the JSON reader against
//! serde_json is `json_props.rs`).
//!
//! Case counts are chosen so the file runs in a few seconds in a debug build; set
//! `PROPTEST_CASES` for a longer run.

#[path = "support/edits.rs"]
mod edits;
mod support;

use edits::{apply, cases, edit, interesting_byte};
use proptest::prelude::*;
use serde_json::{json, Value};
use support::{
    key, sign_manifest, statement_about, trust, verify_with, BRAND, BRAND_ID, CERT_BODY, COLLECTOR,
    EXPIRES, NOW,
};
use trust_manifest::json::{parse as parse_json, Json};
use trust_manifest::{
    decode_base64, encode_base64, parse_duration, policy_for, profile_for, ts, url, verify_key_set,
    Date, Envelope, Limits, Manifest, PublicKey, Timestamp, TrustList, VerifiedManifest,
};
/// A statement about product p1, current until the manifest expires, signed by
/// whoever the trust list believes for `kind`.
fn attest(kind: &str, claim: Value) -> Value {
    let signer = if kind == "certification" {
        CERT_BODY
    } else {
        COLLECTOR
    };
    let issued = "2026-10-21T00:00:00Z";
    support::attest(
        signer,
        &statement_about(BRAND, kind, Some("p1"), issued, Some(EXPIRES), claim),
    )
}

fn review(id: &str) -> Value {
    json!({
        "id": id,
        "product": "p1",
        "reviewRating": { "ratingValue": 4, "bestRating": 5, "worstRating": 1 },
        "name": "Good",
        "reviewBody": "Warm \u{e9}\u{1F600} and \"dry\".",
        "inLanguage": "en",
        "market": "DE",
        "datePublished": "2026-10-20",
        "author": "Test Shopper",
        "photos": [{ "url": "https://img.test.example/1.jpg", "alt": "jacket" }],
        "verification": { "method": "order-match", "checked": "2026-10-19" },
    })
}

/// A manifest that touches most of the model, with attested claims of every kind.
fn payload() -> Vec<u8> {
    let cert = json!({
        "id": "c1", "name": "Test Standard", "scheme": "Test", "kind": "material",
        "issuedBy": { "name": "Test Body", "url": "https://body.test.example" },
        "certificationIdentification": "T-1", "validFrom": "2026-01-01", "expires": "2027-01-01",
        "evidence": [{ "name": "report", "url": "https://body.test.example/r.pdf", "sha256": "00" }],
    });
    serde_json::to_vec(&json!({
        "spec": "1",
        "issuer": {
            "id": BRAND_ID, "name": "Northwind Test", "website": "https://shop.test.example",
            "allowed_origins": ["https://store.test.example"],
            "registration": { "number": "HRB 1", "country": "DE" }, "founded": 2001,
        },
        "issued_at": "2026-11-01T00:00:00Z",
        "expires_at": "2026-11-15T00:00:00Z",
        "sequence": 7,
        "company": {
            "ship_from": [{ "country": "DE", "role": "warehouse" }],
            "support": [{ "kind": "email", "address": "help@test.example", "languages": ["de", "en"],
                          "hours": [{ "days": ["Mo", "Tu"], "opens": "09:00", "closes": "17:00" }] }],
            "response_time_hours": 24,
        },
        "products": [{ "id": "p1", "sku": "S-1", "gtin": "4006381333931", "name": "Test jacket" }],
        "certifications": [{ "certification": cert }, { "attestation": attest("certification", cert.clone()) }],
        "reviews": [{ "review": review("r1") }, { "attestation": attest("review", review("r2")) }],
        "aggregates": [attest("aggregate", json!({ "ratingCount": 3, "histogram": [0, 0, 1, 1, 1], "asOf": "2026-11-01" }))],
        "policies": [{
            "applicableCountry": ["DE"], "default": true,
            "returns": { "returnPolicyCategory": "finite-window", "merchantReturnDays": 30,
                         "returnFees": "free-return", "refundType": "full-refund", "refundDays": 14,
                         "restockingFee": { "amount": "0.00", "currency": "EUR" } },
            "shipping": { "shipFrom": "DE", "deliveryDays": { "min": 1, "max": 3 } },
            "duties": { "terms": "DDP" },
        }],
        "media_mentions": [{ "outlet": "Test Mag", "title": "Tested", "url": "https://mag.test.example/a" }],
        "evidence": [{ "kind": "factory-tour", "title": "Tour", "video": "https://v.test.example/1",
                       "chapters": [{ "at": 0, "title": "Start" }] }],
        "limitations": [{ "text": "Not for -30 °C.", "inLanguage": "en" }],
        "markets": [{ "market": "DE", "sections": ["summary", "reviews"] }],
    }))
    .unwrap()
}

fn sign(payload: &[u8]) -> Envelope {
    sign_manifest(payload, &[BRAND])
}

fn verify(json: &[u8]) -> Result<VerifiedManifest, trust_manifest::Error> {
    verify_with(json, &[key(BRAND)], &trust(), ts(NOW), None)
}

/// Uses everything a verified manifest offers, so lazy paths run too.
fn exercise(v: &VerifiedManifest) {
    for i in 0..v.review_count() + 1 {
        if let Ok(r) = v.review(i) {
            let _ = r.rating.stars();
        }
    }
    for a in v.aggregates() {
        let _ = (a.mean(), a.is_consistent());
    }
    let today = v.verified_at().date();
    for c in v.certifications() {
        let _ = (c.valid_on(today), c.is_unbacked_sustainability_label());
    }
    let _ = v.allows_origin("https://shop.test.example");
    let _ = policy_for(v.policies(), "DE");
    for p in v.products() {
        let _ = v.product(&p.id);
    }
}

/// Every reader of untrusted bytes, fed the same bytes.
fn read_everything(bytes: &[u8]) {
    let _ = Envelope::from_json(bytes);
    if let Ok(v) = verify(bytes) {
        exercise(&v);
    }
    let _ = Manifest::from_json(bytes);
    let _ = verify_key_set(bytes, None);
    let _ = verify_key_set(bytes, Some(&key(BRAND)));
    let _ = TrustList::from_json(bytes);
    let _ = Limits::default().scan(bytes);
    let _ = Limits {
        envelope_bytes: 64,
        reviews: 1,
        string_bytes: 3,
        array_items: 2,
        depth: 2,
        page_bytes: 64,
    }
    .scan(bytes);
    let _ = parse_json(bytes, 32);
    let text = String::from_utf8_lossy(bytes);
    let _ = (Timestamp::parse(&text), Date::parse(&text));
    let _ = (PublicKey::parse(&text), decode_base64(&text));
    let _ = (parse_duration(&text), profile_for(&text));
    let _ = (url::is_safe_https(&text), url::origin_of(&text));
}

/// A valid envelope's text, computed once.
fn envelope_text() -> &'static [u8] {
    static TEXT: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    TEXT.get_or_init(|| serde_json::to_vec(&sign(&payload())).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(256)))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        read_everything(&bytes);
    }

    #[test]
    fn json_shaped_noise_never_panics(
        bytes in prop::collection::vec(interesting_byte(), 0..256)
    ) {
        read_everything(&bytes);
    }

    #[test]
    fn edited_envelopes_never_panic(edits in prop::collection::vec(edit(), 1..6)) {
        let mut bytes = envelope_text().to_vec();
        for e in &edits {
            apply(&mut bytes, e);
        }
        read_everything(&bytes);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(64)))]

    /// Edits inside the signed payload, signed again by the brand: the parser and the
    /// model, not the signature, meet the edited bytes.
    #[test]
    fn edited_payloads_signed_by_the_brand_never_panic(
        edits in prop::collection::vec(edit(), 1..4)
    ) {
        let mut p = payload();
        for e in &edits {
            apply(&mut p, e);
        }
        let _ = Manifest::from_json(&p);
        let json = serde_json::to_vec(&sign(&p)).unwrap();
        if let Ok(v) = verify(&json) {
            exercise(&v);
        }
    }

    #[test]
    fn one_changed_payload_or_signature_byte_never_verifies(
        in_signature in any::<bool>(),
        index in any::<usize>(),
        xor in 1..=255u8,
    ) {
        let mut envelope = sign(&payload());
        if in_signature {
            let mut sig = decode_base64(&envelope.signatures[0].sig).unwrap();
            let i = index % sig.len();
            sig[i] ^= xor;
            envelope.signatures[0].sig = encode_base64(&sig);
        } else {
            let mut p = decode_base64(&envelope.payload).unwrap();
            let i = index % p.len();
            p[i] ^= xor;
            envelope.payload = encode_base64(&p);
        }
        let json = serde_json::to_vec(&envelope).unwrap();
        prop_assert!(verify(&json).is_err());
    }

    /// The same for an embedded attestation: the brand re-signs the manifest around a
    /// changed review attestation, and that review never verifies.
    #[test]
    fn one_changed_attestation_byte_never_verifies(
        in_signature in any::<bool>(),
        index in any::<usize>(),
        xor in 1..=255u8,
    ) {
        let mut m: Value = serde_json::from_slice(&payload()).unwrap();
        let mut e: Envelope = serde_json::from_value(m["reviews"][1]["attestation"].clone()).unwrap();
        if in_signature {
            let mut sig = decode_base64(&e.signatures[0].sig).unwrap();
            let i = index % sig.len();
            sig[i] ^= xor;
            e.signatures[0].sig = encode_base64(&sig);
        } else {
            let mut p = decode_base64(&e.payload).unwrap();
            let i = index % p.len();
            p[i] ^= xor;
            e.payload = encode_base64(&p);
        }
        m["reviews"][1]["attestation"] = serde_json::to_value(&e).unwrap();
        let json = serde_json::to_vec(&sign(&serde_json::to_vec(&m).unwrap())).unwrap();
        let v = verify(&json).unwrap();
        prop_assert!(v.review(0).is_ok());
        prop_assert!(v.review(1).is_err());
    }
}

// ---------------------------------------------------------------------------------
// Regressions.

/// Duplicate-key detection was quadratic: an unauthenticated envelope of 150,000
/// keys (1.7 MB, under the 2 MiB limit) took 35 s to refuse in a release build.
#[test]
fn an_object_with_many_keys_is_read_in_linear_time() {
    let mut text = String::from("{");
    for i in 0..50_000 {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&format!("\"k{i}\":0"));
    }
    text.push('}');
    let start = std::time::Instant::now();
    assert_eq!(verify(text.as_bytes()).unwrap_err().code(), "malformed");
    assert!(
        start.elapsed() < std::time::Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    // A duplicate still fails, wherever it is.
    let dup = text.replacen("\"k49999\"", "\"k0\"", 1);
    assert!(parse_json(dup.as_bytes(), 4).is_err());
    assert!(parse_json(text.as_bytes(), 4).is_ok());
}

/// `\u` takes exactly four hex digits: a sign is not one (`u32::from_str_radix`
/// alone accepts "+041").
#[test]
fn a_unicode_escape_takes_four_hex_digits() {
    for bad in [
        r#""\u+041""#,
        r#""\u-041""#,
        r#""\u 041""#,
        r#""\u04""#,
        r#""\u004g""#,
    ] {
        assert!(parse_json(bad.as_bytes(), 4).is_err(), "{bad}");
    }
    assert_eq!(
        parse_json(br#""\u0041\u00e9""#, 4).unwrap(),
        Json::String("A\u{e9}".into())
    );
}

/// The mean of a consistent histogram whose weighted sum exceeds u64.
#[test]
fn a_huge_aggregate_has_a_mean_without_overflow() {
    let a = trust_manifest::Aggregate {
        product: None,
        count: u64::MAX,
        histogram: [0, 0, 0, 0, u64::MAX],
        as_of: Date::parse("2026-11-01").unwrap(),
    };
    assert!(a.is_consistent());
    assert_eq!(a.mean(), Some(5.0));
}
