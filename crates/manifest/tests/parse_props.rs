//! Property tests of everything that reads untrusted bytes: arbitrary input and
//! mutations of valid envelopes never panic, any single change to a signed
//! envelope's payload or signature bytes never verifies, and the JSON reader agrees
//! with serde_json on the documents both accept.
//!
//! Case counts are chosen so the file runs in a few seconds in a debug build; set
//! `PROPTEST_CASES` for a longer run.

use proptest::prelude::*;
use serde_json::{json, Value};
use trust_manifest::json::{parse as parse_json, Json};
use trust_manifest::{
    decode_base64, encode_base64, no_memory, parse_duration, policy_for, profile_for,
    sign_envelope, ts, url, verify_key_set, verify_manifest, AttestationKind, AttesterEntry,
    BrandKeys, Date, Envelope, Limits, Manifest, Origin, PublicKey, SecretKey, Timestamp,
    TrustList, TrustListFile, VerifiedManifest, VerifyOptions, ATTESTATION_PAYLOAD_TYPE,
    MANIFEST_PAYLOAD_TYPE,
};

const BRAND: u8 = 1;

/// The case count, or `PROPTEST_CASES` when set (for a longer run by hand).
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}
const COLLECTOR: u8 = 3;
const BRAND_ID: &str = "northwind-test";
const NOW: &str = "2026-11-08T12:00:00Z";

fn secret(seed: u8) -> SecretKey {
    SecretKey::from_seed(&[seed; 32])
}

fn trust() -> TrustList {
    TrustList::from_file(&TrustListFile {
        attesters: vec![AttesterEntry {
            name: "Test Review Collector".into(),
            key: secret(COLLECTOR).public().to_string(),
            kinds: vec![
                AttestationKind::Review,
                AttestationKind::Aggregate,
                AttestationKind::Certification,
            ],
            url: None,
        }],
    })
    .unwrap()
}

fn attest(kind: &str, claim: Value) -> Value {
    let mut statement = json!({
        "spec": "1",
        "kind": kind,
        "subject": { "brand": BRAND_ID, "root": secret(BRAND).public().to_string(), "product": "p1" },
        "issued_at": "2026-10-21T00:00:00Z",
        "expires_at": "2026-11-15T00:00:00Z",
    });
    statement[kind] = claim;
    serde_json::to_value(sign_envelope(
        ATTESTATION_PAYLOAD_TYPE,
        &serde_json::to_vec(&statement).unwrap(),
        &[&secret(COLLECTOR)],
    ))
    .unwrap()
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
    sign_envelope(MANIFEST_PAYLOAD_TYPE, payload, &[&secret(BRAND)])
}

fn verify(json: &[u8]) -> Result<VerifiedManifest, trust_manifest::Error> {
    verify_manifest(
        json,
        &VerifyOptions {
            brand: &BrandKeys::pinned(&[secret(BRAND).public()]).unwrap(),
            trust: &trust(),
            now: ts(NOW),
            origin: Origin::Offline,
            seen: &no_memory,
            limits: Limits::default(),
        },
    )
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
    let _ = verify_key_set(bytes, Some(&secret(BRAND).public()));
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

/// One edit of a byte string.
#[derive(Debug, Clone)]
enum Edit {
    Flip(usize, u8),
    Insert(usize, u8),
    Delete(usize, usize),
    Duplicate(usize, usize),
    Truncate(usize),
}

/// Bytes that matter to JSON and base64, and some that never should appear.
fn interesting_byte() -> impl Strategy<Value = u8> {
    prop_oneof![
        prop::sample::select(b"{}[]\":,\\/-+0123456789.eEtfn ul\"=_\x00\x1f\x7f\xc3\xff".to_vec()),
        any::<u8>(),
    ]
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), 1..=255u8).prop_map(|(i, x)| Edit::Flip(i, x)),
        (any::<usize>(), interesting_byte()).prop_map(|(i, b)| Edit::Insert(i, b)),
        (any::<usize>(), 1..64usize).prop_map(|(i, n)| Edit::Delete(i, n)),
        (any::<usize>(), 1..64usize).prop_map(|(i, n)| Edit::Duplicate(i, n)),
        any::<usize>().prop_map(Edit::Truncate),
    ]
}

fn apply(bytes: &mut Vec<u8>, edit: &Edit) {
    let len = bytes.len();
    if len == 0 {
        return;
    }
    match *edit {
        Edit::Flip(i, x) => bytes[i % len] ^= x,
        Edit::Insert(i, b) => bytes.insert(i % (len + 1), b),
        Edit::Delete(i, n) => {
            let at = i % len;
            bytes.drain(at..(at + n).min(len));
        }
        Edit::Duplicate(i, n) => {
            let at = i % len;
            let piece = bytes[at..(at + n).min(len)].to_vec();
            bytes.splice(at..at, piece);
        }
        Edit::Truncate(i) => bytes.truncate(i % len),
    }
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
// The JSON reader against serde_json.

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        (-1e12f64..1e12).prop_map(|f| json!(f)),
        any::<String>().prop_map(Value::String),
        "[\"\\\\/\u{0}-\u{1f}\u{7f}\u{2028}\u{fffd}\u{1F600}a]{0,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::btree_map(any::<String>(), inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Writes JSON with every non-ASCII character and `/` escaped, so the reader's
/// `\u` and surrogate-pair paths are exercised.
fn write_escaped(v: &Value, out: &mut String) {
    match v {
        Value::String(s) => {
            out.push('"');
            for c in s.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    '/' => out.push_str("\\/"),
                    ' '..='~' => out.push(c),
                    c => {
                        let mut units = [0u16; 2];
                        for u in c.encode_utf16(&mut units) {
                            out.push_str(&format!("\\u{u:04X}"));
                        }
                    }
                }
            }
            out.push('"');
        }
        Value::Array(items) => {
            out.push_str("[ ");
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(" ,\n");
                }
                write_escaped(item, out);
            }
            out.push_str(" ]");
        }
        Value::Object(members) => {
            out.push_str("{\t");
            for (i, (k, item)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_escaped(&Value::String(k.clone()), out);
                out.push_str(" :\r\n");
                write_escaped(item, out);
            }
            out.push('}');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// The reader's tree as a serde_json value (numbers through serde_json's own parse,
/// which refuses numbers out of f64 range that the reader keeps as text).
fn to_serde(j: &Json) -> Result<Value, serde_json::Error> {
    Ok(match j {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(text) => serde_json::from_str(text)?,
        Json::String(s) => Value::String(s.clone()),
        Json::Array(items) => Value::Array(items.iter().map(to_serde).collect::<Result<_, _>>()?),
        Json::Object(members) => Value::Object(
            members
                .iter()
                .map(|(k, v)| Ok((k.clone(), to_serde(v)?)))
                .collect::<Result<_, _>>()?,
        ),
    })
}

/// What the reader and serde_json make of the same text.
fn both(text: &[u8]) -> (Option<Result<Value, serde_json::Error>>, Option<Value>) {
    (
        parse_json(text, 32).ok().map(|j| to_serde(&j)),
        serde_json::from_slice(text).ok(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(256)))]

    #[test]
    fn the_reader_reads_what_serde_json_writes(v in json_value()) {
        let compact = serde_json::to_vec(&v).unwrap();
        let mut escaped = String::new();
        write_escaped(&v, &mut escaped);
        for text in [&compact[..], escaped.as_bytes()] {
            let (ours, theirs) = both(text);
            let ours = ours.expect("the reader reads it").unwrap();
            prop_assert_eq!(Some(ours), theirs);
        }
    }

    /// Whatever the reader accepts, serde_json accepts with the same value: the reader
    /// is only ever stricter (duplicate keys, depth).
    #[test]
    fn the_reader_accepts_nothing_serde_json_refuses(
        v in json_value(),
        edits in prop::collection::vec(edit(), 1..4),
    ) {
        let mut bytes = serde_json::to_vec(&v).unwrap();
        for e in &edits {
            apply(&mut bytes, e);
        }
        match both(&bytes) {
            (Some(Ok(ours)), theirs) => prop_assert_eq!(Some(ours), theirs),
            // A number beyond f64: valid JSON the reader keeps as text, serde_json refuses.
            (Some(Err(e)), None) => prop_assert!(e.to_string().contains("out of range"), "{}", e),
            (Some(Err(e)), Some(_)) => prop_assert!(false, "{}", e),
            (None, _) => {}
        }
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
