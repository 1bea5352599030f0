//! Behaviour of the verification API: certificate validity at the verification
//! clock, lazy review checks, origins, key-set rotation, multiple signatures, the
//! clock-skew and expiry boundaries and the sequence rule.
//!
//! Keys come from fixed public test seeds; none is used outside tests.

mod support;

use serde_json::{json, Value};
use support::{
    attest, envelope, key, manifest, review, signed, statement, trust, verify_with, BRAND,
    BRAND_ID, CERT_BODY, COLLECTOR, EXPIRES, ISSUED, NOW, OTHER_BRAND as OTHER,
    ROGUE_COLLECTOR as ROGUE,
};
use trust_manifest::{
    decode_base64, encode_base64, sha256_hex, ts, Date, Error, PublicKey, Timestamp, TrustList,
    VerifiedManifest, CLOCK_SKEW_SECONDS,
};

fn verify_at(json: &[u8], now: &str) -> Result<VerifiedManifest, Error> {
    verify_with(json, &[key(BRAND)], &trust(), ts(now), None)
}

fn code<T: std::fmt::Debug>(r: Result<T, Error>) -> &'static str {
    r.expect_err("expected an error").code()
}

// ---------------------------------------------------------------------------------

#[test]
fn the_verified_manifest_reports_what_was_verified() {
    let mut m = manifest();
    m["previous"] = json!("00".repeat(32));
    let payload = serde_json::to_vec(&m).unwrap();
    let v = verify_at(&signed(&m, &[BRAND]), NOW).unwrap();
    assert_eq!(v.payload_sha256(), sha256_hex(&payload));
    assert_eq!(*v.signer(), key(BRAND));
    assert_eq!(v.verified_at(), ts(NOW));
    assert_eq!(v.sequence(), 7);
    assert_eq!(v.previous(), Some("00".repeat(32).as_str()));
    assert_eq!(v.issued_at(), ts(ISSUED));
    assert_eq!(v.expires_at(), ts(EXPIRES));
    assert_eq!(v.issuer().id, BRAND_ID);
    assert_eq!(v.spec(), "1");
}

#[test]
fn certificate_validity_is_judged_at_the_verification_clock() {
    let mut m = manifest();
    m["certifications"] = json!([
        { "certification": {
            "id": "c1", "name": "Short-lived", "kind": "quality",
            "validFrom": "2026-11-03", "expires": "2026-11-05",
        } },
        { "certification": { "id": "c2", "name": "Undated", "kind": "quality" } },
    ]);
    let json = signed(&m, &[BRAND]);
    let valid_at = |now: &str| -> Vec<bool> {
        let v = verify_at(&json, now).unwrap();
        let today = v.verified_at().date();
        v.certifications()
            .iter()
            .map(|c| c.valid_on(today))
            .collect()
    };
    // Expired and not-yet-valid certificates are still listed; valid_on tells them apart.
    assert_eq!(valid_at("2026-11-02T23:59:59Z"), [false, true]);
    assert_eq!(valid_at("2026-11-03T00:00:00Z"), [true, true]);
    // "expires" is the last day of validity: valid through the whole of it.
    assert_eq!(valid_at("2026-11-05T23:59:59Z"), [true, true]);
    assert_eq!(valid_at("2026-11-06T00:00:00Z"), [false, true]);
    assert_eq!(
        Date::parse("2026-11-05").unwrap(),
        ts("2026-11-05T23:59:59Z").date()
    );
}

#[test]
fn attested_certifications_take_the_subject_product_and_are_checked_eagerly() {
    let cert = json!({ "id": "c1", "name": "Test Standard", "kind": "material" });
    let mut m = manifest();
    m["certifications"] = json!([
        { "attestation": attest(CERT_BODY, &statement("certification", Some("p1"), "2026-10-01T00:00:00Z", cert.clone())) },
        { "attestation": attest(COLLECTOR, &statement("certification", None, "2026-10-01T00:00:00Z", cert.clone())) },
        { "certification": cert.clone(), "attestation": attest(CERT_BODY, &statement("certification", None, "2026-10-01T00:00:00Z", cert)) },
    ]);
    let v = verify_at(&signed(&m, &[BRAND]), NOW).unwrap();
    assert_eq!(v.certifications().len(), 1);
    let c = &v.certifications()[0];
    assert_eq!(c.products, ["p1"]);
    assert_eq!(c.attestation().unwrap().attester, "Test Certification Body");
    let dropped: Vec<_> = v
        .dropped()
        .iter()
        .map(|d| (d.claim, d.error.code()))
        .collect();
    use trust_manifest::ClaimRef::Certification;
    assert_eq!(
        dropped,
        [
            (Certification(1), "untrusted-attester"),
            (Certification(2), "malformed"),
        ]
    );
}

#[test]
fn reviews_are_verified_lazily_when_asked_for() {
    let mut attested = review("r2", 4, "Review r2.");
    attested.as_object_mut().unwrap().remove("product");
    let mut m = manifest();
    m["reviews"] = json!([
        { "review": review("r1", 5, "Review r1.") },
        { "attestation": attest(COLLECTOR, &statement("review", Some("p1"), "2026-10-21T00:00:00Z", attested)) },
        { "attestation": attest(ROGUE, &statement("review", Some("p1"), "2026-10-21T00:00:00Z", review("r3", 5, "Review r3."))) },
        { "review": review("r4", 6, "Review r4.") },
        { "attestation": attest(COLLECTOR, &statement("review", Some("p1"), "2026-10-21T00:00:00Z", Value::Null)) },
    ]);
    let json = signed(&m, &[BRAND]);
    let v = verify_at(&json, NOW).unwrap();

    // Nothing about the reviews was checked (or dropped) by verify_manifest.
    assert_eq!(v.review_count(), 5);
    assert!(v.dropped().is_empty());

    let r0 = v.review(0).unwrap();
    assert_eq!(r0.assurance(), &trust_manifest::Assurance::Brand);
    assert!(r0.attestation().is_none());
    assert_eq!(r0.id, "r1");

    let r1 = v.review(1).unwrap();
    let a = r1.attestation().expect("attested");
    assert_eq!(a.attester, "Test Review Collector");
    assert_eq!(
        a.attester_url.as_deref(),
        Some("https://reviews.test.example")
    );
    assert_eq!(a.key_id, key(COLLECTOR).key_id());
    assert_eq!(a.signed_at, ts("2026-10-21T00:00:00Z"));
    assert_eq!(r1.id, "r2");
    assert_eq!(
        r1.product.as_deref(),
        Some("p1"),
        "the product comes from the subject"
    );

    assert_eq!(code(v.review(2)), "untrusted-attester");
    assert_eq!(code(v.review(3)), "malformed", "rating 6 of 5");
    assert_eq!(code(v.review(4)), "malformed", "statement without a review");
    assert_eq!(code(v.review(5)), "malformed", "no such review");

    // Each call checks again; the results do not change.
    assert_eq!(v.review(1).unwrap(), r1);

    // With no attesters trusted, the same manifest still verifies; only the attested
    // review is refused.
    let v = verify_with(&json, &[key(BRAND)], &TrustList::empty(), ts(NOW), None).unwrap();
    assert!(v.review(0).is_ok());
    assert_eq!(code(v.review(1)), "untrusted-attester");
}

#[test]
fn origins_come_from_the_website_and_allowed_origins() {
    let mut m = manifest();
    let v = verify_at(&signed(&m, &[BRAND]), NOW).unwrap();
    assert!(v.allows_origin("https://shop.test.example"));
    assert!(v.allows_origin("https://SHOP.test.example"));
    assert!(!v.allows_origin("https://store.test.example"));
    assert!(!v.allows_origin("https://shop.test.example/"));

    m["issuer"]["allowed_origins"] = json!([
        "https://store.test.example:8443",
        "https://path.test.example/some/page",
        "http://127.0.0.1:8080",
        "http://plain.test.example",
        "javascript:alert(1)",
    ]);
    let v = verify_at(&signed(&m, &[BRAND]), NOW).unwrap();
    for (origin, allowed) in [
        ("https://shop.test.example", true),
        ("https://store.test.example:8443", true),
        ("https://store.test.example", false),
        ("https://path.test.example", true),
        ("http://127.0.0.1:8080", true),
        ("http://127.0.0.1:9090", false),
        ("http://plain.test.example", false),
        ("javascript:alert(1)", false),
        ("https://shop.test.example.evil.example", false),
        ("https://evil.example", false),
        ("null", false),
        ("", false),
    ] {
        assert_eq!(v.allows_origin(origin), allowed, "{origin}");
    }
}

// ---------------------------------------------------------------------------------
// Signatures.

#[test]
fn any_trusted_signature_suffices() {
    let m = manifest();
    let json = signed(&m, &[OTHER, BRAND]);
    let signer =
        |keys: &[PublicKey]| verify_with(&json, keys, &trust(), ts(NOW), None).map(|v| *v.signer());
    assert_eq!(signer(&[key(BRAND)]).unwrap(), key(BRAND));
    assert_eq!(signer(&[key(OTHER)]).unwrap(), key(OTHER));
    assert_eq!(signer(&[key(ROGUE), key(BRAND)]).unwrap(), key(BRAND));
    assert_eq!(code(signer(&[key(ROGUE)])), "unknown-key");
    assert_eq!(code(signer(&[])), "unknown-key");
}

#[test]
fn signature_errors_name_the_likely_cause() {
    let m = manifest();
    let mut e = envelope(&m, &[OTHER, BRAND]);
    // Corrupt the trusted (second) signature: it names a trusted key, so the error is
    // signature-invalid rather than unknown-key.
    let mut sig = decode_base64(&e.signatures[1].sig).unwrap();
    sig[0] ^= 1;
    e.signatures[1].sig = encode_base64(&sig);
    let json = serde_json::to_vec(&e).unwrap();
    assert_eq!(
        code(verify_with(&json, &[key(BRAND)], &trust(), ts(NOW), None)),
        "signature-invalid"
    );
    // Without key ids and with one trusted key, a bad signature is signature-invalid.
    let mut e = envelope(&m, &[BRAND]);
    e.signatures[0].keyid = None;
    e.signatures[0].sig = encode_base64(&sig);
    let json = serde_json::to_vec(&e).unwrap();
    assert_eq!(
        code(verify_with(&json, &[key(BRAND)], &trust(), ts(NOW), None)),
        "signature-invalid"
    );
}

#[test]
fn an_undecodable_co_signature_does_not_hide_a_good_one() {
    let m = manifest();
    let mut e = envelope(&m, &[OTHER, BRAND]);
    e.signatures[0].sig = "not base64!".into();
    let json = serde_json::to_vec(&e).unwrap();
    assert!(verify_with(&json, &[key(BRAND)], &trust(), ts(NOW), None).is_ok());
    // With no signature verifying, the bad encoding is what is reported.
    assert_eq!(
        code(verify_with(&json, &[key(ROGUE)], &trust(), ts(NOW), None)),
        "bad-encoding"
    );
}

// ---------------------------------------------------------------------------------
// Time and sequence.

#[test]
fn the_clock_skew_and_expiry_boundaries() {
    let json = signed(&manifest(), &[BRAND]);
    let issued = ts(ISSUED);
    let at = |t: Timestamp| verify_with(&json, &[key(BRAND)], &trust(), t, None);
    assert!(at(issued.plus_seconds(-CLOCK_SKEW_SECONDS)).is_ok());
    assert_eq!(
        code(at(issued.plus_seconds(-CLOCK_SKEW_SECONDS - 1))),
        "not-yet-valid"
    );
    assert!(at(issued).is_ok());
    assert!(at(ts(EXPIRES).plus_seconds(-1)).is_ok());
    assert_eq!(code(at(ts(EXPIRES))), "expired");
    assert_eq!(CLOCK_SKEW_SECONDS, 300);
}

#[test]
fn attestations_get_the_same_clock_skew() {
    let now = ts(NOW);
    let mut m = manifest();
    let signed_at = |s: i64| format!("{}", now.plus_seconds(s));
    m["reviews"] = json!([
        { "attestation": attest(COLLECTOR, &statement("review", None, &signed_at(CLOCK_SKEW_SECONDS), review("r1", 5, "Review r1."))) },
        { "attestation": attest(COLLECTOR, &statement("review", None, &signed_at(CLOCK_SKEW_SECONDS + 1), review("r2", 5, "Review r2."))) },
    ]);
    let v = verify_with(&signed(&m, &[BRAND]), &[key(BRAND)], &trust(), now, None).unwrap();
    assert!(v.review(0).is_ok());
    assert_eq!(code(v.review(1)), "not-yet-valid");
}

#[test]
fn sequence_may_repeat_or_grow_but_not_fall() {
    let json = signed(&manifest(), &[BRAND]);
    let with = |last| verify_with(&json, &[key(BRAND)], &trust(), ts(NOW), last);
    assert!(with(None).is_ok());
    assert!(with(Some(0)).is_ok());
    assert!(with(Some(6)).is_ok());
    assert!(with(Some(7)).is_ok(), "an equal sequence is accepted");
    assert_eq!(
        with(Some(8)).unwrap_err(),
        Error::Rollback { found: 7, seen: 8 }
    );
    assert_eq!(code(with(Some(u64::MAX))), "rollback");
}
