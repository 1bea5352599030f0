//! Running a vector: verifying it as its fields say and comparing the outcome.

use std::collections::BTreeMap;
use std::path::PathBuf;

use trust_manifest::{
    verify_manifest, BrandKeys, Error, Origin, PublicKey, Timestamp, TrustList, VerifyOptions,
    REASON_CODES,
};

use super::format::*;
use super::support::COLLECTOR_NAME;

pub fn vectors_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors")
}

fn envelope_bytes(v: &Vector) -> Vec<u8> {
    match (&v.envelope, &v.envelope_text) {
        (Some(e), None) => serde_json::to_vec(e).unwrap(),
        (None, Some(t)) => t.clone().into_bytes(),
        _ => panic!("a vector needs exactly one of envelope and envelope_text"),
    }
}

/// Checks one vector; returns what went wrong, if anything.
pub fn check(name: &str, v: &Vector) -> Result<(), String> {
    let is_pass = name.starts_with("pass_");
    if is_pass != (v.expect == "ok") {
        return Err(format!(
            "the prefix says {}, expect says {:?}",
            if is_pass { "pass" } else { "fail" },
            v.expect
        ));
    }
    if !is_pass && !REASON_CODES.contains(&v.expect.as_str()) {
        return Err(format!("{:?} is not a reason code", v.expect));
    }
    if !is_pass && (!v.check_reviews.is_empty() || v.dropped.is_some()) {
        return Err("a fail_ vector cannot list check_reviews or dropped".into());
    }
    let now = Timestamp::parse(&v.at).ok_or_else(|| format!("bad clock {:?}", v.at))?;
    let trust = match &v.attesters {
        Some(file) => TrustList::from_file(file).map_err(|e| format!("attesters: {e}"))?,
        None => TrustList::empty(),
    };
    let limits = v.limits.clone().unwrap_or_default().apply();
    let json = envelope_bytes(v);

    let outcome = v
        .keys
        .iter()
        .map(|k| PublicKey::parse(k))
        .collect::<Result<Vec<_>, Error>>()
        .and_then(|keys| {
            let brand = BrandKeys::pinned(&keys).expect("a vector names a brand key");
            verify_manifest(
                &json,
                &VerifyOptions {
                    brand: &brand,
                    trust: &trust,
                    now,
                    origin: v.origin.as_deref().map_or(Origin::Offline, Origin::Page),
                    seen: &|_, _| v.last_sequence,
                    limits,
                },
            )
        });
    if let Some(case) = &v.page {
        let m = outcome.map_err(|e| format!("the manifest of a page case must verify: {e}"))?;
        if let Some(seen) = &v.log_seen {
            if let Err(e) = check_log_seen(&m, seen) {
                return if e.code() == v.expect {
                    Ok(())
                } else {
                    Err(format!(
                        "log: expected {}, got {} ({e})",
                        v.expect,
                        e.code()
                    ))
                };
            }
        }
        check_first_page(&m)?;
        let file = serde_json::to_vec(&case.file).unwrap();
        return match (m.review_page(case.index, &file, &limits), is_pass) {
            (Ok(reviews), true) => attested_by_collector(&reviews),
            (Err(e), false) if e.code() == v.expect => Ok(()),
            (Err(e), _) => Err(format!(
                "page: expected {}, got {} ({e})",
                v.expect,
                e.code()
            )),
            (Ok(_), false) => Err(format!("page: expected {}, but it verified", v.expect)),
        };
    }
    let verified = match (outcome, is_pass) {
        (Ok(m), true) => m,
        (Err(e), false) if e.code() == v.expect => return Ok(()),
        (Err(e), _) => return Err(format!("expected {}, got {} ({e})", v.expect, e.code())),
        (Ok(_), false) => return Err(format!("expected {}, but it verified", v.expect)),
    };

    for c in &v.check_reviews {
        match (verified.review(c.index), c.expect.as_str()) {
            (Ok(r), "ok") => {
                let who = r
                    .attestation()
                    .map_or("brand", |a| a.attester.as_str())
                    .to_owned();
                if let Some(want) = &c.assurance {
                    if *want != who {
                        return Err(format!("review {}: vouched by {who}, not {want}", c.index));
                    }
                }
            }
            (Ok(_), want) => return Err(format!("review {}: expected {want}, got ok", c.index)),
            (Err(e), want) if e.code() == want => {}
            (Err(e), want) => {
                return Err(format!(
                    "review {}: expected {want}, got {} ({e})",
                    c.index,
                    e.code()
                ))
            }
        }
    }
    let dropped: Vec<&str> = verified.dropped().iter().map(|d| d.error.code()).collect();
    let want: Vec<&str> = v
        .dropped
        .iter()
        .flatten()
        .map(String::as_str)
        .collect::<Vec<_>>();
    if dropped != want {
        return Err(format!("dropped {dropped:?}, expected {want:?}"));
    }
    check_first_page(&verified)
}

/// An inline first page, when the page index verified, verifies too.
fn check_first_page(m: &trust_manifest::VerifiedManifest) -> Result<(), String> {
    match m.first_review_page() {
        Some(Ok(reviews)) => attested_by_collector(&reviews),
        Some(Err(e)) => Err(format!("the inline first page fails: {e}")),
        None => Ok(()),
    }
}

/// Every review of a verified page is vouched for by the collector that signed the root.
fn attested_by_collector(
    reviews: &[trust_manifest::Verified<trust_manifest::Review>],
) -> Result<(), String> {
    match reviews
        .iter()
        .find(|r| r.attestation().map(|a| a.attester.as_str()) != Some(COLLECTOR_NAME))
    {
        Some(r) => Err(format!("review {} is not attested by the collector", r.id)),
        None if reviews.is_empty() => Err("a page without reviews".into()),
        None => Ok(()),
    }
}

pub fn read_vectors() -> BTreeMap<String, (String, Vector)> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(vectors_dir()).expect("tests/vectors exists") {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name == "README.md" {
            continue;
        }
        let stem = name
            .strip_suffix(".json")
            .unwrap_or_else(|| panic!("{name}: vector files end in .json"));
        assert!(
            stem.starts_with("pass_") || stem.starts_with("fail_"),
            "{name}: a vector's name starts with pass_ or fail_"
        );
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.len() < 20_000,
            "{name}: {} bytes, keep vectors small",
            text.len()
        );
        let v: Vector = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{name}: not a vector file: {e}"));
        out.insert(stem.to_owned(), (text, v));
    }
    out
}

/// The manifest's log checkpoint against the one seen before (`log_seen`).
fn check_log_seen(
    m: &trust_manifest::VerifiedManifest,
    seen: &serde_json::Value,
) -> Result<(), Error> {
    let log = m
        .review_pages()
        .and_then(|p| p.log())
        .ok_or_else(|| Error::Malformed("no verified log".into()))?;
    let root = trust_tlog::checkpoint::parse_hash(seen["root"].as_str().unwrap()).unwrap();
    trust_manifest::check_seen(Some((seen["size"].as_u64().unwrap(), root)), log).map(|_| ())
}
