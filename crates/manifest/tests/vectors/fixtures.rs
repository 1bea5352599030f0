//! The generator's own helpers: vectors with the defaults, statements as the
//! vectors sign them (the collector's signing time and an aggregate's expiry), and
//! the arithmetic of the non-canonical signature. The keys, the manifest and the
//! claims are the shared fixtures (`tests/support/`).

use serde_json::{json, Value};

use super::format::{ReviewCheck, Vector};
use super::support::*;

/// The Ed25519 group order L = 2^252 + 27742317777372353535851937790883648493,
/// little-endian.
pub const L: [u8; 32] = [
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
];

/// 256-bit little-endian addition; panics on a carry out of the top byte.
pub fn add_le(a: &[u8], b: &[u8; 32]) -> Vec<u8> {
    let mut out = vec![0u8; 32];
    let mut carry = 0u16;
    for i in 0..32 {
        let s = u16::from(a[i]) + u16::from(b[i]) + carry;
        out[i] = s as u8;
        carry = s >> 8;
    }
    assert_eq!(carry, 0, "S + L overflowed 256 bits");
    out
}

/// A third party's statement, signed by `seed`, bound to the brand root `root`
/// (seed). Claims about the present (aggregates) carry an expiry a week on.
pub fn attestation(seed: u8, kind: &str, root: u8, product: Option<&str>, claim: Value) -> Value {
    let expires = (kind == "aggregate").then_some(STATEMENT_EXPIRES);
    let s = statement_about(root, kind, product, STATEMENT_ISSUED, expires, claim);
    attest(seed, &s)
}

/// The manifest signed by the brand, as the vector's `envelope` value.
pub fn signed(manifest: &Value) -> Value {
    serde_json::to_value(envelope(manifest, &[BRAND])).unwrap()
}

/// A vector with the defaults: the brand key trusted, clock mid-validity.
pub fn vector(description: &str, expect: &str, envelope: Value) -> Vector {
    Vector {
        description: description.into(),
        expect: expect.into(),
        at: NOW.into(),
        last_sequence: None,
        origin: None,
        keys: vec![public(BRAND)],
        attesters: None,
        limits: None,
        envelope: Some(envelope),
        envelope_text: None,
        check_reviews: Vec::new(),
        dropped: None,
        page: None,
        log_seen: None,
    }
}

pub fn review_check(index: usize, expect: &str, assurance: Option<&str>) -> ReviewCheck {
    ReviewCheck {
        index,
        expect: expect.into(),
        assurance: assurance.map(Into::into),
    }
}

/// A manifest whose second review is an attestation, with the trust list set.
pub fn attested_review_vector(description: &str, envelope: Value, expect: &str) -> Vector {
    let mut m = manifest();
    m["reviews"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "attestation": envelope }));
    let mut v = vector(description, "ok", signed(&m));
    v.attesters = Some(trust_list_file());
    let assurance = (expect == "ok").then_some(COLLECTOR_NAME);
    v.check_reviews = vec![
        review_check(0, "ok", Some("brand")),
        review_check(1, expect, assurance),
    ];
    v
}

pub fn find(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .position(|w| w == needle)
        .expect("needle present")
}
