//! Behaviour of the verification API: certificate validity at the verification
//! clock, lazy review checks, origins, key-set rotation, multiple signatures, the
//! clock-skew and expiry boundaries and the sequence rule.
//!
//! Keys come from fixed public test seeds; none is used outside tests.

use serde_json::{json, Value};
use trust_manifest::{
    decode_base64, encode_base64, no_memory, sha256_hex, sign_envelope, ts, verify_key_set,
    verify_manifest, AttestationKind, AttesterEntry, BrandKeys, Date, Envelope, Error, Limits,
    Origin, PublicKey, SecretKey, Timestamp, TrustList, TrustListFile, VerifiedManifest,
    VerifyOptions, ATTESTATION_PAYLOAD_TYPE, CLOCK_SKEW_SECONDS, KEYS_PAYLOAD_TYPE,
    MANIFEST_PAYLOAD_TYPE,
};

const BRAND: u8 = 1;
const OTHER: u8 = 2;
const COLLECTOR: u8 = 3;
const ROGUE: u8 = 4;
const CERT_BODY: u8 = 5;
const BRAND_ID: &str = "northwind-test";
const ISSUED: &str = "2026-11-01T00:00:00Z";
const EXPIRES: &str = "2026-11-15T00:00:00Z";
const NOW: &str = "2026-11-08T12:00:00Z";

fn secret(seed: u8) -> SecretKey {
    SecretKey::from_seed(&[seed; 32])
}

fn key(seed: u8) -> PublicKey {
    secret(seed).public()
}

fn trust() -> TrustList {
    TrustList::from_file(&TrustListFile {
        attesters: vec![
            AttesterEntry {
                name: "Test Review Collector".into(),
                key: key(COLLECTOR).to_string(),
                kinds: vec![AttestationKind::Review, AttestationKind::Aggregate],
                url: Some("https://reviews.test.example".into()),
            },
            AttesterEntry {
                name: "Test Certification Body".into(),
                key: key(CERT_BODY).to_string(),
                kinds: vec![AttestationKind::Certification],
                url: None,
            },
        ],
    })
    .unwrap()
}

fn review(id: &str, stars: u8) -> Value {
    json!({
        "id": id,
        "product": "p1",
        "reviewRating": { "ratingValue": stars },
        "reviewBody": format!("Review {id}."),
        "inLanguage": "en",
        "datePublished": "2026-10-20",
        "author": "Test Shopper",
    })
}

fn manifest() -> Value {
    json!({
        "spec": "1",
        "issuer": { "id": BRAND_ID, "name": "Northwind Test", "website": "https://shop.test.example" },
        "issued_at": ISSUED,
        "expires_at": EXPIRES,
        "sequence": 7,
        "previous": "00".repeat(32),
        "products": [{ "id": "p1", "name": "Test jacket" }],
        "reviews": [{ "review": review("r1", 5) }],
    })
}

fn statement(kind: &str, product: Option<&str>, issued_at: &str, claim: Value) -> Value {
    let mut s = json!({
        "spec": "1",
        "kind": kind,
        "subject": { "brand": BRAND_ID, "root": key(BRAND).to_string() },
        "issued_at": issued_at,
    });
    if kind == "aggregate" || kind == "review-pages" {
        s["expires_at"] = json!(EXPIRES);
    }
    if let Some(p) = product {
        s["subject"]["product"] = json!(p);
    }
    s[kind] = claim;
    s
}

fn attest(seed: u8, statement: &Value) -> Value {
    let payload = serde_json::to_vec(statement).unwrap();
    serde_json::to_value(sign_envelope(
        ATTESTATION_PAYLOAD_TYPE,
        &payload,
        &[&secret(seed)],
    ))
    .unwrap()
}

fn envelope(m: &Value, seeds: &[u8]) -> Envelope {
    let payload = serde_json::to_vec(m).unwrap();
    let keys: Vec<SecretKey> = seeds.iter().map(|s| secret(*s)).collect();
    sign_envelope(
        MANIFEST_PAYLOAD_TYPE,
        &payload,
        &keys.iter().collect::<Vec<_>>(),
    )
}

fn signed(m: &Value, seeds: &[u8]) -> Vec<u8> {
    serde_json::to_vec(&envelope(m, seeds)).unwrap()
}

fn verify_with(
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

fn verify_at(json: &[u8], now: &str) -> Result<VerifiedManifest, Error> {
    verify_with(json, &[key(BRAND)], &trust(), ts(now), None)
}

fn code<T: std::fmt::Debug>(r: Result<T, Error>) -> &'static str {
    r.expect_err("expected an error").code()
}

// ---------------------------------------------------------------------------------

#[test]
fn the_verified_manifest_reports_what_was_verified() {
    let m = manifest();
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
    let mut attested = review("r2", 4);
    attested.as_object_mut().unwrap().remove("product");
    let mut m = manifest();
    m["reviews"] = json!([
        { "review": review("r1", 5) },
        { "attestation": attest(COLLECTOR, &statement("review", Some("p1"), "2026-10-21T00:00:00Z", attested)) },
        { "attestation": attest(ROGUE, &statement("review", Some("p1"), "2026-10-21T00:00:00Z", review("r3", 5))) },
        { "review": review("r4", 6) },
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
// Key sets.

const R1: u8 = 11;
const R2: u8 = 12;
const R3: u8 = 13;
const K1: u8 = 21;
const K2: u8 = 22;
const K3: u8 = 23;
const STRANGER: u8 = 99;

fn key_version(version: u64, root: u8, keys: &[u8], signers: &[u8]) -> Envelope {
    key_version_of(BRAND_ID, version, root, keys, signers)
}

fn key_version_of(issuer: &str, version: u64, root: u8, keys: &[u8], signers: &[u8]) -> Envelope {
    let payload = serde_json::to_vec(&json!({
        "spec": "1",
        "issuer": issuer,
        "version": version,
        "issued_at": "2026-01-01T00:00:00Z",
        "root": key(root).to_string(),
        "keys": keys.iter().map(|k| key(*k).to_string()).collect::<Vec<_>>(),
    }))
    .unwrap();
    let signers: Vec<SecretKey> = signers.iter().map(|s| secret(*s)).collect();
    sign_envelope(
        KEYS_PAYLOAD_TYPE,
        &payload,
        &signers.iter().collect::<Vec<_>>(),
    )
}

fn key_set(versions: &[Envelope]) -> Vec<u8> {
    serde_json::to_vec(&json!({ "versions": versions })).unwrap()
}

/// v1 self-signed by root 1; v2 (root 2) signed by root 1, the old root, and by root
/// 2, its own, as TUF signs a new root with both; v3 likewise signed by roots 2 and 3.
fn chain() -> Vec<Envelope> {
    vec![
        key_version(1, R1, &[K1], &[R1]),
        key_version(2, R2, &[K2], &[R1, R2]),
        key_version(3, R3, &[K3, K2], &[R2, R3]),
    ]
}

#[test]
fn a_rotated_key_set_verifies_with_and_without_each_pin() {
    let json = key_set(&chain());
    for pin in [None, Some(key(R1)), Some(key(R2)), Some(key(R3))] {
        let t = verify_key_set(&json, pin.as_ref()).unwrap_or_else(|e| panic!("{pin:?}: {e}"));
        assert_eq!(t.issuer, BRAND_ID);
        assert_eq!(t.version, 3);
        assert_eq!(t.root, key(R3));
        assert_eq!(t.keys, [key(K3), key(K2)]);
    }
    // A pin on a key that roots no version trusts nothing.
    assert_eq!(
        code(verify_key_set(&json, Some(&key(STRANGER)))),
        "key-set-invalid"
    );
    // A key set verified this way is what verify_manifest trusts: the current keys
    // verify, a retired one does not.
    let keys = verify_key_set(&json, Some(&key(R1))).unwrap().keys;
    let m = manifest();
    let ok = verify_with(&signed(&m, &[K3]), &keys, &trust(), ts(NOW), None).unwrap();
    assert_eq!(*ok.signer(), key(K3));
    assert_eq!(
        code(verify_with(
            &signed(&m, &[K1]),
            &keys,
            &trust(),
            ts(NOW),
            None
        )),
        "unknown-key"
    );
}

#[test]
fn each_prefix_of_the_chain_verifies_to_its_last_version() {
    let c = chain();
    for n in 1..=3 {
        let t = verify_key_set(&key_set(&c[..n]), None).unwrap();
        assert_eq!(t.version, n as u64);
    }
}

/// Without the new root's own signature, a version is vouched for by the old root
/// only: the chain verifies from v1, but a pin on the new root cannot start there (it
/// would have to trust the old root's word, which the pin does not say). Key-set
/// writers therefore sign each rotation with both roots.
#[test]
fn a_pin_on_a_later_root_needs_that_root_to_sign_its_version() {
    let versions = [
        key_version(1, R1, &[K1], &[R1]),
        key_version(2, R2, &[K2], &[R1]),
    ];
    let json = key_set(&versions);
    assert_eq!(verify_key_set(&json, None).unwrap().keys, [key(K2)]);
    assert_eq!(
        verify_key_set(&json, Some(&key(R1))).unwrap().keys,
        [key(K2)]
    );
    assert_eq!(
        code(verify_key_set(&json, Some(&key(R2)))),
        "key-set-invalid"
    );
}

#[test]
fn a_version_signed_by_the_wrong_root_breaks_the_chain() {
    let mut c = chain();
    // v3 signed by the root before last (v1's) and by its own root: not by v2's root.
    c[2] = key_version(3, R3, &[K3], &[R1, R3]);
    let json = key_set(&c);
    assert_eq!(code(verify_key_set(&json, None)), "key-set-invalid");
    assert_eq!(
        code(verify_key_set(&json, Some(&key(R1)))),
        "key-set-invalid"
    );
    // A pin on R3 starts at v3 and does not need v2's root.
    assert_eq!(verify_key_set(&json, Some(&key(R3))).unwrap().version, 3);

    // Signed by a stranger only.
    c[2] = key_version(3, R3, &[K3], &[STRANGER]);
    for pin in [None, Some(key(R1)), Some(key(R2)), Some(key(R3))] {
        assert_eq!(
            code(verify_key_set(&key_set(&c), pin.as_ref())),
            "key-set-invalid",
            "{pin:?}"
        );
    }

    // A tampered payload.
    let mut c = chain();
    let mut payload = decode_base64(&c[1].payload).unwrap();
    let last = payload.len() - 2;
    payload[last] ^= 1;
    c[1].payload = encode_base64(&payload);
    assert_eq!(code(verify_key_set(&key_set(&c), None)), "key-set-invalid");
}

#[test]
fn versions_must_increase_and_keep_the_issuer() {
    let out_of_order = [
        key_version(1, R1, &[K1], &[R1]),
        key_version(3, R2, &[K2], &[R1, R2]),
        key_version(2, R3, &[K3], &[R2, R3]),
    ];
    assert_eq!(
        code(verify_key_set(&key_set(&out_of_order), None)),
        "key-set-invalid"
    );
    let repeated = [
        key_version(1, R1, &[K1], &[R1]),
        key_version(1, R2, &[K2], &[R1, R2]),
    ];
    assert_eq!(
        code(verify_key_set(&key_set(&repeated), None)),
        "key-set-invalid"
    );
    let other_issuer = [
        key_version(1, R1, &[K1], &[R1]),
        key_version_of("someone-else", 2, R2, &[K2], &[R1, R2]),
    ];
    assert_eq!(
        code(verify_key_set(&key_set(&other_issuer), None)),
        "key-set-invalid"
    );
    assert_eq!(code(verify_key_set(&key_set(&[]), None)), "key-set-invalid");
    // A gap in the numbering is allowed: versions only have to increase.
    let gap = [
        key_version(1, R1, &[K1], &[R1]),
        key_version(5, R2, &[K2], &[R1, R2]),
    ];
    assert_eq!(verify_key_set(&key_set(&gap), None).unwrap().version, 5);
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
        { "attestation": attest(COLLECTOR, &statement("review", None, &signed_at(CLOCK_SKEW_SECONDS), review("r1", 5))) },
        { "attestation": attest(COLLECTOR, &statement("review", None, &signed_at(CLOCK_SKEW_SECONDS + 1), review("r2", 5))) },
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

// ---------------------------------------------------------------------------------
// Binding to the brand's root (issue 12).

fn verify_keys(
    json: &[u8],
    brand: &BrandKeys,
    seen: trust_manifest::SequenceMemory<'_>,
) -> Result<VerifiedManifest, Error> {
    verify_manifest(
        json,
        &VerifyOptions {
            brand,
            trust: &trust(),
            now: ts(NOW),
            origin: Origin::Offline,
            seen,
            limits: Limits::default(),
        },
    )
}

/// A manifest signed with K3 (current key of the rotated chain) carrying a review
/// and an aggregate bound to `root`.
fn bound_to(root: u8) -> Vec<u8> {
    let mut m = manifest();
    let mut review_statement = statement(
        "review",
        Some("p1"),
        "2026-10-21T00:00:00Z",
        review("r9", 4),
    );
    review_statement["subject"]["root"] = json!(key(root).to_string());
    m["reviews"] = json!([{ "attestation": attest(COLLECTOR, &review_statement) }]);
    let mut aggregate = statement(
        "aggregate",
        Some("p1"),
        "2026-10-21T00:00:00Z",
        json!({ "ratingCount": 2, "histogram": [0, 0, 0, 1, 1], "asOf": "2026-10-21" }),
    );
    aggregate["subject"]["root"] = json!(key(root).to_string());
    m["aggregates"] = json!([attest(COLLECTOR, &aggregate)]);
    signed(&m, &[K3])
}

#[test]
fn a_rotation_carries_bindings_over_and_a_stranger_root_binds_nothing() {
    let set = verify_key_set(&key_set(&chain()), None).unwrap();
    assert_eq!(set.roots, [key(R1), key(R2), key(R3)]);
    let brand = BrandKeys::from_key_set(&set);
    // Bound to the first root, the middle one or the current one: all the brand's.
    for root in [R1, R2, R3] {
        let v = verify_keys(&bound_to(root), &brand, &no_memory).unwrap();
        assert!(v.review(0).unwrap().attestation().is_some(), "root {root}");
        assert_eq!(v.aggregates().len(), 1, "root {root}");
    }
    // Bound to a key outside the chain (another brand's root): never attested.
    let v = verify_keys(&bound_to(STRANGER), &brand, &no_memory).unwrap();
    assert_eq!(code(v.review(0)), "wrong-subject");
    assert!(v.aggregates().is_empty());
    assert_eq!(v.dropped()[0].error.code(), "wrong-subject");
    // Trust that starts at R2 (a pin) no longer vouches for R1's bindings.
    let from_r2 =
        BrandKeys::from_key_set(&verify_key_set(&key_set(&chain()), Some(&key(R2))).unwrap());
    let v = verify_keys(&bound_to(R1), &from_r2, &no_memory).unwrap();
    assert_eq!(code(v.review(0)), "wrong-subject");
}

#[test]
fn a_key_set_of_another_issuer_is_refused() {
    let json = key_set(&[key_version_of("someone-else", 1, R1, &[K3], &[R1])]);
    let brand = BrandKeys::from_key_set(&verify_key_set(&json, None).unwrap());
    assert_eq!(
        code(verify_keys(&bound_to(R1), &brand, &no_memory)),
        "key-set-invalid"
    );
}

#[test]
fn rollback_memory_is_kept_per_root_so_a_stranger_cannot_poison_it() {
    let brand = BrandKeys::from_key_set(&verify_key_set(&key_set(&chain()), None).unwrap());
    // A stranger signed a manifest with the same issuer id and a huge sequence: its
    // memory is under the stranger's root and does not touch this brand.
    let stranger = key(STRANGER);
    let poisoned = |issuer: &str, root: &PublicKey| {
        (issuer == BRAND_ID && *root == stranger).then_some(u64::MAX)
    };
    assert!(verify_keys(&bound_to(R1), &brand, &poisoned).is_ok());
    // What this brand's own roots remember still counts, whichever root it was kept under.
    let seen_under_r1 =
        |issuer: &str, root: &PublicKey| (issuer == BRAND_ID && *root == key(R1)).then_some(8);
    assert_eq!(
        code(verify_keys(&bound_to(R1), &brand, &seen_under_r1)),
        "rollback"
    );
}

#[test]
fn a_remembered_key_set_holds_the_chain_to_its_root_and_version() {
    use trust_manifest::verify_key_set_remembered;
    let json = key_set(&chain());
    let remembering = |root: u8, version: u64| {
        move |issuer: &str| (issuer == BRAND_ID).then_some((key(root), version))
    };
    // First use, then a memory the chain runs through (a rotation since is fine).
    assert_eq!(
        verify_key_set_remembered(&json, &|_| None).unwrap().version,
        3
    );
    assert_eq!(
        verify_key_set_remembered(&json, &remembering(R1, 1))
            .unwrap()
            .root,
        key(R3)
    );
    // A chain that does not run through the remembered root, or is older than seen.
    assert_eq!(
        code(verify_key_set_remembered(&json, &remembering(STRANGER, 1))),
        "key-set-invalid"
    );
    assert_eq!(
        code(verify_key_set_remembered(&json, &remembering(R1, 4))),
        "key-set-invalid"
    );
    // A fresh self-signed chain with the same issuer id, after R1 was trusted.
    let fresh = key_set(&[key_version(9, STRANGER, &[K3], &[STRANGER])]);
    assert!(verify_key_set_remembered(&fresh, &|_| None).is_ok());
    assert_eq!(
        code(verify_key_set_remembered(&fresh, &remembering(R1, 1))),
        "key-set-invalid"
    );
}
