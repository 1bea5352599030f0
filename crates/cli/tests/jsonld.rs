//! `trustctl jsonld` output, validated against the schema.org vocabulary
//! (`schemaorg-subset.json`: the terms it emits, with their domains and ranges) and
//! against Google's structured-data rules for product reviews, return policies and
//! certifications. The manifest is the one of `tests/cmd/jsonld.md`, signed here.

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use support::{scratch, trustctl_ok};

const AT: &str = "2026-11-23T00:00:00Z";

struct Vocabulary(Value);

impl Vocabulary {
    fn load() -> Vocabulary {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemaorg-subset.json");
        Vocabulary(serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap())
    }

    fn is_class(&self, name: &str) -> bool {
        self.0["types"].get(name).is_some()
    }

    /// The type and all its supertypes (classes or data types).
    fn ancestry(&self, name: &str) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        let mut todo = vec![name.to_owned()];
        while let Some(t) = todo.pop() {
            let entry = self.0["types"]
                .get(&t)
                .or_else(|| self.0["dataTypes"].get(&t));
            if let Some(parents) = entry.and_then(|e| e["subClassOf"].as_array()) {
                todo.extend(parents.iter().map(|p| p.as_str().unwrap().to_owned()));
            }
            out.insert(t);
        }
        out
    }

    fn property(&self, name: &str) -> Option<(Vec<String>, Vec<String>)> {
        let p = self.0["properties"].get(name)?;
        let list = |k: &str| {
            p[k].as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().to_owned())
                .collect()
        };
        Some((list("domainIncludes"), list("rangeIncludes")))
    }

    /// Whether `t` (or a supertype) is in `range`.
    fn fits(&self, t: &str, range: &[String]) -> bool {
        let ancestry = self.ancestry(t);
        range.iter().any(|r| ancestry.contains(r))
    }

    /// Every problem with a JSON-LD document, as "pointer: message".
    fn check(&self, doc: &Value) -> Vec<String> {
        let mut problems = Vec::new();
        if doc["@context"] != "https://schema.org" {
            problems.push("/@context: not https://schema.org".to_owned());
        }
        match doc["@graph"].as_array() {
            Some(nodes) => {
                for (i, node) in nodes.iter().enumerate() {
                    self.node(node, &format!("/@graph/{i}"), None, &mut problems);
                }
            }
            None => problems.push("/@graph: missing".to_owned()),
        }
        problems
    }

    fn node(&self, v: &Value, at: &str, range: Option<&[String]>, problems: &mut Vec<String>) {
        let Some(obj) = v.as_object() else {
            problems.push(format!("{at}: expected an object"));
            return;
        };
        let Some(t) = obj.get("@type").and_then(Value::as_str) else {
            problems.push(format!("{at}: no @type"));
            return;
        };
        if !self.is_class(t) {
            problems.push(format!("{at}: @type {t} is not a schema.org type here"));
            return;
        }
        if let Some(range) = range {
            if !self.fits(t, range) {
                problems.push(format!("{at}: a {t} where {range:?} is expected"));
            }
        }
        let ancestry = self.ancestry(t);
        for (k, value) in obj {
            let here = format!("{at}/{k}");
            if k == "@type" {
                continue;
            }
            if k == "@id" {
                if !value.as_str().is_some_and(|s| s.starts_with("https://")) {
                    problems.push(format!("{here}: not an https IRI"));
                }
                continue;
            }
            let Some((domain, range)) = self.property(k) else {
                problems.push(format!("{here}: {k} is not a schema.org property here"));
                continue;
            };
            if !domain.iter().any(|d| ancestry.contains(d)) {
                problems.push(format!(
                    "{here}: {k} is not a property of {t} (domainIncludes {domain:?})"
                ));
            }
            match value {
                Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        self.value(item, &format!("{here}/{i}"), &range, problems);
                    }
                }
                _ => self.value(value, &here, &range, problems),
            }
        }
    }

    fn value(&self, v: &Value, at: &str, range: &[String], problems: &mut Vec<String>) {
        let allows = |t: &str| self.fits(t, range);
        match v {
            Value::Object(_) => self.node(v, at, Some(range), problems),
            Value::String(s) => {
                if let Some(member) = s.strip_prefix("https://schema.org/") {
                    match self.0["enumerationMembers"]
                        .get(member)
                        .and_then(Value::as_str)
                    {
                        Some(enumeration) if allows(enumeration) => {}
                        Some(enumeration) => problems.push(format!(
                            "{at}: {member} is a {enumeration}, not one of {range:?}"
                        )),
                        None => problems
                            .push(format!("{at}: {member} is not an enumeration member here")),
                    }
                } else if allows("Text") {
                    // Text, or a class that also accepts text (Country, Language).
                } else if allows("URL") {
                    if !s.starts_with("https://") && !s.starts_with("http://") {
                        problems.push(format!("{at}: {s:?} is not a URL"));
                    }
                } else if allows("Date") || allows("DateTime") {
                    let date = s.len() >= 4 && s[..4].bytes().all(|b| b.is_ascii_digit());
                    if !date {
                        problems.push(format!("{at}: {s:?} is not an ISO 8601 date"));
                    }
                } else {
                    problems.push(format!("{at}: text where {range:?} is expected"));
                }
            }
            Value::Number(n) => {
                let ok = if n.is_f64() {
                    range.iter().any(|r| r == "Number" || r == "Text")
                } else {
                    allows("Integer") || allows("Number")
                };
                if !ok {
                    problems.push(format!("{at}: a number where {range:?} is expected"));
                }
            }
            Value::Bool(_) if allows("Boolean") => {}
            _ => problems.push(format!("{at}: {v} does not fit {range:?}")),
        }
    }
}

/// Nodes of a type anywhere in the document.
fn nodes_of<'a>(v: &'a Value, t: &str, out: &mut Vec<&'a Value>) {
    match v {
        Value::Object(o) => {
            if o.get("@type").and_then(Value::as_str) == Some(t) {
                out.push(v);
            }
            o.values().for_each(|c| nodes_of(c, t, out));
        }
        Value::Array(items) => items.iter().for_each(|c| nodes_of(c, t, out)),
        _ => {}
    }
}

fn all<'a>(doc: &'a Value, t: &str) -> Vec<&'a Value> {
    let mut out = Vec::new();
    nodes_of(doc, t, &mut out);
    out
}

/// Google's rules for these rich results, on top of the vocabulary.
fn google_rules(doc: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    for org in all(doc, "Organization") {
        if org.get("aggregateRating").is_some() || org.get("review").is_some() {
            problems.push("an Organization carries review stars (self-serving)".to_owned());
        }
    }
    for p in all(doc, "Product") {
        if p["name"].as_str().unwrap_or_default().is_empty() {
            problems.push("a Product without a name".to_owned());
        }
    }
    for r in all(doc, "Review") {
        let author = &r["author"];
        let named = !author["name"]
            .as_str()
            .unwrap_or_default()
            .trim()
            .is_empty();
        if !(author["@type"] == "Person" || author["@type"] == "Organization") || !named {
            problems.push(format!("a Review without an author name: {author}"));
        }
        if r["reviewRating"]["ratingValue"].as_f64().is_none() {
            problems.push("a Review without reviewRating.ratingValue".to_owned());
        }
    }
    for a in all(doc, "AggregateRating") {
        let value = a["ratingValue"].as_f64().unwrap_or(-1.0);
        let (worst, best) = (
            a["worstRating"].as_f64().unwrap_or(1.0),
            a["bestRating"].as_f64().unwrap_or(5.0),
        );
        if !(worst..=best).contains(&value) {
            problems.push(format!("ratingValue {value} outside {worst}..={best}"));
        }
        if a["ratingCount"].as_u64().unwrap_or(0) == 0 {
            problems.push("an AggregateRating without a positive ratingCount".to_owned());
        }
    }
    for p in all(doc, "MerchantReturnPolicy") {
        let countries = p["applicableCountry"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        if countries.is_empty()
            || !countries.iter().all(|c| {
                c.as_str()
                    .is_some_and(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()))
            })
        {
            problems.push(format!(
                "applicableCountry {countries:?}: not ISO 3166-1 alpha-2"
            ));
        }
        let finite =
            p["returnPolicyCategory"] == "https://schema.org/MerchantReturnFiniteReturnWindow";
        if finite != p.get("merchantReturnDays").is_some() {
            problems.push("merchantReturnDays goes with a finite return window only".to_owned());
        }
    }
    for c in all(doc, "Certification") {
        if let Some(expires) = c.get("expires").and_then(Value::as_str) {
            if expires < &AT[..10] {
                problems.push(format!("certificate {} expired on {expires}", c["name"]));
            }
        }
        if c.get("validFrom")
            .and_then(Value::as_str)
            .is_some_and(|f| f > &AT[..10])
        {
            problems.push(format!("certificate {} is not valid yet", c["name"]));
        }
    }
    problems
}

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
    trustctl_ok(
        &dir,
        &[
            "attest",
            "--key",
            "collector.test-key",
            "--root",
            "brand.pub",
            "--now",
            now,
            "reviews.json",
            "-o",
            "reviews.dsse.json",
        ],
    );
    trustctl_ok(
        &dir,
        &[
            "attest",
            "--key",
            "collector.test-key",
            "--root",
            "brand.pub",
            "--kind",
            "aggregate",
            "--now",
            now,
            "aggregate.json",
            "-o",
            "aggregate.dsse.json",
        ],
    );
    trustctl_ok(
        &dir,
        &[
            "sign",
            "--key",
            "brand.test-key",
            "--now",
            "2026-11-22T10:00:00Z",
            "--attach",
            "reviews.dsse.json",
            "--attach",
            "aggregate.dsse.json",
            "manifest.json",
            "-o",
            "trust-manifest.json",
        ],
    );
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
