//! Key sets (`trust-keys.json`): a rotated chain verifies with and without each
//! pin, versions are signed by the root before them, and statements bind to the
//! roots of the brand's chain, not to whoever copies its issuer id; rollback
//! memory is kept per root.

mod support;

use serde_json::json;
use support::{
    attest, key, manifest, review, secret, signed, statement, trust, verify_with, BRAND_ID,
    COLLECTOR, NOW,
};
use trust_manifest::{
    decode_base64, encode_base64, no_memory, sign_envelope, ts, verify_key_set, verify_manifest,
    BrandKeys, Envelope, Error, Limits, Origin, PublicKey, SecretKey, VerifiedManifest,
    VerifyOptions, KEYS_PAYLOAD_TYPE,
};

fn code<T: std::fmt::Debug>(r: Result<T, Error>) -> &'static str {
    r.expect_err("expected an error").code()
}

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
        review("r9", 4, "Review r9."),
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
