//! `trustctl jsonld` output, validated against the schema.org vocabulary
//! (`schemaorg-subset.json`: the terms it emits, with their domains and ranges) and
//! against Google's structured-data rules for product reviews, return policies and
//! certifications. The manifest is the one of `tests/cmd/jsonld.md`, signed here.

mod rules;
use crate::support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rules::{all, google_rules, Vocabulary};
use serde_json::{json, Value};
use support::{scratch, trustctl_line, trustctl_ok};

const AT: &str = "2026-11-23T00:00:00Z";

/// The manifest of tests/cmd/jsonld.md, signed with its attested reviews and aggregate.
fn signed_fixture(name: &str) -> PathBuf {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cmd/jsonld.in");
    let dir = scratch(&format!("jsonld-{name}"));
    for entry in std::fs::read_dir(&src).unwrap().flatten() {
        std::fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::Permissions::from_mode(0o600);
            std::fs::set_permissions(dir.join(entry.file_name()), mode).unwrap();
        }
    }
    let now = "2026-11-20T00:00:00Z";
    trustctl_line(&dir, &format!("attest --key collector.test-key --root brand.pub --now {now} reviews.json -o reviews.dsse.json"));
    trustctl_line(&dir, &format!("attest --key collector.test-key --root brand.pub --kind aggregate --now {now} aggregate.json -o aggregate.dsse.json"));
    trustctl_line(&dir, "sign --key brand.test-key --now 2026-11-22T10:00:00Z --attach reviews.dsse.json --attach aggregate.dsse.json manifest.json -o trust-manifest.json");
    dir
}

fn jsonld(dir: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["jsonld", "--key", "brand.pub", "--at", AT];
    args.extend_from_slice(extra);
    args.push("trust-manifest.json");
    serde_json::from_str(&trustctl_ok(dir, &args)).unwrap()
}

#[test]
fn jsonld_fits_the_schema_org_vocabulary_and_googles_rules() {
    let vocabulary = Vocabulary::load();
    let dir = signed_fixture("vocabulary");
    let cases: [&[&str]; 5] = [
        &["--trust", "attesters.json"],
        &["--trust", "attesters.json", "--product", "tent-2p"],
        &["--trust", "attesters.json", "--product", "NW-JKT"],
        // Without the trust list the collector's claims are dropped: the rating is
        // computed from the brand's own reviews of the tent.
        &["--product", "ridge-2p-tent"],
        &[
            "--trust",
            "attesters.json",
            "--product",
            "tent-2p",
            "--max-reviews",
            "0",
        ],
    ];
    let mut types = BTreeSet::new();
    for extra in cases {
        let doc = jsonld(&dir, extra);
        let mut problems = vocabulary.check(&doc);
        problems.extend(google_rules(&doc));
        assert!(
            problems.is_empty(),
            "{extra:?}:\n{}\n{doc:#}",
            problems.join("\n")
        );
        for t in [
            "Organization",
            "Product",
            "Review",
            "AggregateRating",
            "MerchantReturnPolicy",
            "Certification",
            "MonetaryAmount",
        ] {
            if !all(&doc, t).is_empty() {
                types.insert(t);
            }
        }
    }
    assert_eq!(
        types.len(),
        7,
        "the fixture exercises every type: {types:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn jsonld_takes_verified_claims_only() {
    let dir = signed_fixture("verified");
    let trusted = jsonld(&dir, &["--trust", "attesters.json", "--product", "tent-2p"]);
    let product = all(&trusted, "Product")[0].clone();
    // The collector's aggregate (10 ratings, 4.5), not a count of the reviews here.
    assert_eq!(product["aggregateRating"]["ratingCount"], 10);
    assert_eq!(product["aggregateRating"]["ratingValue"], 4.5);
    let authors: Vec<&str> = product["review"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["author"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        authors,
        ["Kim", "Jonas", "Sam"],
        "newest first; no insider review, no store review"
    );
    assert_eq!(product["review"][0]["publisher"]["name"], "Example Reviews");
    let certs: Vec<&str> = product["hasCertification"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        certs,
        ["CPAI-84 flame resistance"],
        "the expired GRS certificate is left out"
    );

    // Untrusted collector: its reviews and aggregate are dropped; the rating is
    // computed from the brand's two verified tent reviews (5 and 4, the insider's
    // one included as the widget counts it), and only Sam's is marked up.
    let untrusted = jsonld(&dir, &["--product", "tent-2p"]);
    let product = all(&untrusted, "Product")[0].clone();
    assert_eq!(product["aggregateRating"]["ratingCount"], 2);
    assert_eq!(product["aggregateRating"]["ratingValue"], 4.5);
    assert_eq!(product["review"].as_array().unwrap().len(), 1);
    assert!(product["review"][0].get("publisher").is_none());

    let org = all(&untrusted, "Organization")[0].clone();
    let policies = org["hasMerchantReturnPolicy"].as_array().unwrap();
    let countries: Vec<Value> = policies
        .iter()
        .map(|p| p["applicableCountry"].clone())
        .collect();
    assert_eq!(
        countries,
        [
            json!(["US", "DE"]),
            json!(["JP"]),
            json!(["GB"]),
            json!(["KR"])
        ]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_validator_is_not_blind() {
    let vocabulary = Vocabulary::load();
    let bad = json!({
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "Organization", "name": "X", "url": "https://x.example",
             "aggregateRating": {"@type": "AggregateRating", "ratingValue": 6, "ratingCount": 0},
             "hasMerchantReturnPolicy": [{"@type": "MerchantReturnPolicy", "applicableCountry": ["de"],
                 "returnPolicyCategory": "https://schema.org/FreeReturn", "merchantReturnDays": 30,
                 "reviewBody": "nope"}],
             "sku": "1"},
            {"@type": "Widget"},
            {"@type": "Product", "name": "P", "brand": {"@type": "Rating", "ratingValue": 1},
             "review": [{"@type": "Review", "author": {"@type": "Person"}, "datePublished": "yesterday"}]}
        ]
    });
    let mut problems = vocabulary.check(&bad);
    problems.extend(google_rules(&bad));
    let text = problems.join("\n");
    for expected in [
        "sku is not a property of Organization",
        "FreeReturn is a ReturnFeesEnumeration",
        "reviewBody is not a property of MerchantReturnPolicy",
        "@type Widget is not a schema.org type",
        "a Rating where [\"Brand\", \"Organization\"] is expected",
        "\"yesterday\" is not an ISO 8601 date",
        "self-serving",
        "ratingValue 6 outside",
        "positive ratingCount",
        "not ISO 3166-1 alpha-2",
        "merchantReturnDays goes with a finite return window only",
        "without an author name",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
}

#[test]
fn script_output_cannot_close_the_script_element() {
    let dir = signed_fixture("script");
    let html = trustctl_ok(
        &dir,
        &[
            "jsonld",
            "--key",
            "brand.pub",
            "--at",
            AT,
            "--product",
            "jacket",
            "--script",
            "trust-manifest.json",
        ],
    );
    let inner = html
        .strip_prefix("<script type=\"application/ld+json\">\n")
        .and_then(|s| s.strip_suffix("\n</script>\n"))
        .expect("wrapped in one script element");
    assert!(!inner.contains('<'), "no < inside the element");
    let doc: Value = serde_json::from_str(inner).unwrap();
    assert_eq!(all(&doc, "Product")[0]["name"], "Squall <rain> jacket");
    let _ = std::fs::remove_dir_all(&dir);
}
