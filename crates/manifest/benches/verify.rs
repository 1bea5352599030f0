//! Native verification time: `cargo bench -p trust-manifest --bench verify`.
//!
//! - `verify_manifest/stated/N`: a manifest of N brand-stated reviews; the cost is
//!   the size limit, the brand signature over the whole payload (SHA-512), the
//!   pre-scan and the parse.
//! - `verify_manifest/attested/1000`: 1,000 collector-attested reviews, brand
//!   signature only (attestations are checked lazily).
//! - `verify_and_check_all_reviews/attested/1000`: the same, then `review(i)` for
//!   every review, i.e. 1,000 more signature checks (`.../stated/1000` for contrast).
//! - `ed25519_verify_strict`: one signature check, for scale.
//! - `review_page/100000`: one page (20 reviews) of a 100,000-review brand in pages
//!   (5,000 pages, 13-hash proofs) checked against the signed root: file parse,
//!   inclusion proof, page parse; `merkle_inclusion/5000` is the proof alone, and
//!   `verify_manifest/paged/100000` the manifest with the page index and page 0.
//!
//! Benches build with the workspace's release profile (the widget's: opt-level "z",
//! LTO), so the figures are for the size-optimised code the widget ships.

#[path = "../tests/support/mod.rs"]
mod support;

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion};
use serde_json::{json, Value};
use support::{
    attest, key, manifest, review_pages, secret, signed, statement_about, trust, BRAND, COLLECTOR,
    STATEMENT_ISSUED,
};
use trust_manifest::{
    no_memory, sign_envelope, ts, verify_manifest, BrandKeys, Limits, Origin, VerifyOptions,
    MANIFEST_PAYLOAD_TYPE,
};

/// A review as shoppers write them, `i`-th of many: ratings cycle through 1..=5.
fn review(i: usize) -> Value {
    json!({
        "id": format!("r{i}"),
        "product": "p1",
        "reviewRating": { "ratingValue": 1 + i % 5 },
        "name": "Warm enough",
        "reviewBody": "Kept me warm on a windy ridge at minus five; the hood fits over a helmet.",
        "inLanguage": "en",
        "market": "DE",
        "datePublished": "2026-10-20",
        "author": "Test Shopper",
        "verification": { "method": "order-invitation" },
    })
}

/// Review `i`, attested by the collector.
fn attested(i: usize) -> Value {
    let s = statement_about(
        BRAND,
        "review",
        Some("p1"),
        STATEMENT_ISSUED,
        None,
        review(i),
    );
    attest(COLLECTOR, &s)
}

/// The brand's manifest with these reviews, signed.
fn envelope(reviews: Vec<Value>) -> Vec<u8> {
    let mut m = manifest();
    m["reviews"] = json!(reviews);
    signed(&m, &[BRAND])
}

fn stated(n: usize) -> Vec<u8> {
    envelope((0..n).map(|i| json!({ "review": review(i) })).collect())
}

fn bench(c: &mut Criterion) {
    let brand = BrandKeys::pinned(&[key(BRAND)]).unwrap();
    let trust = trust();
    // 10,000 stated reviews make a 2.9 MB envelope: over the default 2 MiB limit,
    // which is raised here so the size of the work, not the limit, is measured.
    let limits = Limits {
        envelope_bytes: 16 << 20,
        ..Limits::default()
    };
    let opts = VerifyOptions {
        brand: &brand,
        trust: &trust,
        now: ts("2026-11-08T12:00:00Z"),
        origin: Origin::Offline,
        seen: &no_memory,
        limits,
    };

    // One strict Ed25519 verification of a short message, for scale.
    let message = trust_manifest::pae(MANIFEST_PAYLOAD_TYPE, b"{}");
    let sig = {
        let e = sign_envelope(MANIFEST_PAYLOAD_TYPE, b"{}", &[&secret(BRAND)]);
        trust_manifest::decode_base64(&e.signatures[0].sig).unwrap()
    };
    c.bench_function("ed25519_verify_strict", |b| {
        b.iter(|| {
            brand.keys()[0]
                .verify(black_box(&message), black_box(&sig))
                .unwrap()
        })
    });

    let mut group = c.benchmark_group("verify_manifest");
    for n in [10usize, 1_000, 10_000] {
        let json = stated(n);
        eprintln!("stated/{n}: envelope of {} bytes", json.len());
        if n >= 10_000 {
            group.sample_size(10);
        }
        group.bench_with_input(BenchmarkId::new("stated", n), &json, |b, json| {
            b.iter(|| verify_manifest(black_box(json), &opts).unwrap())
        });
    }
    group.sample_size(30);
    let attested_json = envelope(
        (0..1_000)
            .map(|i| json!({ "attestation": attested(i) }))
            .collect(),
    );
    eprintln!("attested/1000: envelope of {} bytes", attested_json.len());
    group.bench_with_input(
        BenchmarkId::new("attested", 1_000),
        &attested_json,
        |b, json| b.iter(|| verify_manifest(black_box(json), &opts).unwrap()),
    );
    group.finish();

    let mut group = c.benchmark_group("verify_and_check_all_reviews");
    // About 1,000 signature checks an iteration: 10 samples keep the run short.
    group.sample_size(10);
    group.bench_with_input(
        BenchmarkId::new("attested", 1_000),
        &attested_json,
        |b, json| {
            b.iter(|| {
                let v = verify_manifest(black_box(json), &opts).unwrap();
                for i in 0..v.review_count() {
                    let r = v.review(i).unwrap();
                    assert!(r.attestation().is_some());
                }
                v
            })
        },
    );
    let stated_json = stated(1_000);
    group.bench_with_input(
        BenchmarkId::new("stated", 1_000),
        &stated_json,
        |b, json| {
            b.iter(|| {
                let v = verify_manifest(black_box(json), &opts).unwrap();
                for i in 0..v.review_count() {
                    v.review(i).unwrap();
                }
                v
            })
        },
    );
    group.finish();
}

/// A manifest for 100,000 reviews in pages of 20 (page 0 inline) and the page files.
fn paged() -> (Vec<u8>, Vec<Vec<u8>>) {
    let (count, size) = (100_000usize, 20usize);
    let pages: Vec<Vec<Value>> = (0..count.div_ceil(size))
        .map(|n| {
            (n * size..((n + 1) * size).min(count))
                .map(review)
                .collect()
        })
        .collect();
    let (index, files) = review_pages(COLLECTOR, &pages, size);
    let mut m = manifest();
    m["reviews"] = json!([]);
    m["review_pages"] =
        json!({ "attestation": index, "page_url": "pages/{n}.json", "first": files[0] });
    let files = files
        .iter()
        .map(|f| serde_json::to_vec(f).unwrap())
        .collect();
    (signed(&m, &[BRAND]), files)
}

fn bench_pages(c: &mut Criterion) {
    use trust_manifest::merkle;
    let brand = BrandKeys::pinned(&[key(BRAND)]).unwrap();
    let trust = trust();
    let opts = VerifyOptions {
        brand: &brand,
        trust: &trust,
        now: ts("2026-11-08T12:00:00Z"),
        origin: Origin::Offline,
        seen: &no_memory,
        limits: Limits::default(),
    };
    let (json, files) = paged();
    eprintln!(
        "paged/100000: envelope of {} bytes, page 4321 file of {} bytes",
        json.len(),
        files[4321].len()
    );
    let v = verify_manifest(&json, &opts).unwrap();
    assert_eq!(v.first_review_page().unwrap().unwrap().len(), 20);
    c.bench_function("verify_manifest/paged/100000", |b| {
        b.iter(|| {
            let v = verify_manifest(black_box(&json), &opts).unwrap();
            v.first_review_page().unwrap().unwrap()
        })
    });
    let limits = Limits::default();
    c.bench_function("review_page/100000", |b| {
        b.iter(|| {
            v.review_page(4321, black_box(&files[4321]), &limits)
                .unwrap()
        })
    });
    let file: trust_manifest::PageFile = serde_json::from_slice(&files[4321]).unwrap();
    let proof: Vec<merkle::Hash> = file
        .proof
        .iter()
        .map(|h| {
            let b = (0..32)
                .map(|i| u8::from_str_radix(&h[2 * i..2 * i + 2], 16).unwrap())
                .collect::<Vec<u8>>();
            b.try_into().unwrap()
        })
        .collect();
    let root: merkle::Hash = (0..32)
        .map(|i| u8::from_str_radix(&file.root[2 * i..2 * i + 2], 16).unwrap())
        .collect::<Vec<u8>>()
        .try_into()
        .unwrap();
    c.bench_function("merkle_inclusion/5000", |b| {
        b.iter(|| {
            let leaf = merkle::leaf_hash(black_box(file.page.as_bytes()));
            assert!(merkle::verify_inclusion(4321, 5000, &leaf, &proof, &root))
        })
    });
}

criterion_group!(benches, bench, bench_pages);
criterion_main!(benches);
