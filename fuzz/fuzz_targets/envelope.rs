//! Envelope parsing and verification, as the widget runs them on the bytes it
//! fetched: `verify_manifest` with fixed keys, trust list, clock and rollback
//! memory, then every lazily checked review. The keys are the public test keys of
//! tests/vectors (seeds [1; 32], [3; 32], [5; 32]) and the clock is the vectors'
//! own, so the seeded `pass_*` vectors reach the payload and the attestations.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trust_manifest::{
    verify_manifest, AttestationKind, AttesterEntry, BrandKeys, Limits, Origin, PublicKey,
    Timestamp, TrustList, TrustListFile, VerifyOptions,
};

const BRAND: &str = "ed25519:iojj3XQJ8ZX9UtstPLpdcspnCb8dlBIb83SIAbQPb1w=";
const COLLECTOR: &str = "ed25519:7UkoxijRwsbq6QM4kFmVYSlZJzpcY/k2NsFGFKyHN9E=";
const CERTIFIER: &str = "ed25519:bnoc3Smwt4/ROvTFWY/v9O8qlxZuPKby5Pv8zYBQW/E=";

fn entry(name: &str, key: &str, kinds: Vec<AttestationKind>) -> AttesterEntry {
    AttesterEntry {
        name: name.into(),
        key: key.into(),
        kinds,
        url: None,
        log: None,
    }
}

fuzz_target!(|data: &[u8]| {
    let keys = [PublicKey::parse(BRAND).expect("the vectors' brand key parses")];
    let trust = TrustList::from_file(&TrustListFile {
        attesters: vec![
            entry(
                "Test Review Collector",
                COLLECTOR,
                vec![AttestationKind::Review, AttestationKind::Aggregate],
            ),
            entry(
                "Test Certification Body",
                CERTIFIER,
                vec![AttestationKind::Certification],
            ),
        ],
    })
    .expect("the trust list parses");
    let brand = BrandKeys::pinned(&keys).expect("one brand key");
    let opts = VerifyOptions {
        brand: &brand,
        trust: &trust,
        now: Timestamp::parse("2026-11-08T12:00:00Z").expect("a valid time"),
        origin: Origin::Page("https://shop.test.example"),
        seen: &|_, _| Some(3),
        limits: Limits::default(),
    };
    if let Ok(verified) = verify_manifest(data, &opts) {
        for i in 0..verified.review_count() {
            let _ = verified.review(i);
        }
        let _ = verified.allows_origin("https://shop.example");
    }
});
