//! The verification summary, built once and printed as text or JSON, so the two
//! never disagree.
//!
//! Every review is checked here (the widget checks only those it shows), so the
//! summary tells the brand how many would be dropped, and why, before shoppers
//! ever load the manifest.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::Serialize;
use trust_manifest::{Assurance, ClaimRef, Error, VerifiedManifest};

#[derive(Debug, Serialize)]
pub struct Report {
    verified: bool,
    issuer: Issuer,
    sequence: u64,
    previous: Option<String>,
    issued_at: String,
    expires_at: String,
    verified_at: String,
    signer: Signer,
    payload_sha256: String,
    certifications: Vec<Certification>,
    aggregates: Vec<Aggregate>,
    reviews: Reviews,
    dropped: Vec<Dropped>,
}

#[derive(Debug, Serialize)]
struct Issuer {
    id: String,
    name: String,
}

#[derive(Debug, Serialize)]
struct Signer {
    key_id: String,
    key: String,
}

#[derive(Debug, Serialize)]
struct Certification {
    id: String,
    name: String,
    /// `valid`, `expired` or `not-yet-valid`, at `verified_at`.
    status: &'static str,
    expires: Option<String>,
    /// The attester's name; `null` when stated by the brand.
    attested_by: Option<String>,
}

#[derive(Debug, Serialize)]
struct Aggregate {
    product: Option<String>,
    count: u64,
    /// Computed from the histogram, never taken from the data.
    mean: Option<f64>,
    histogram: [u64; 5],
    as_of: String,
    attested_by: Option<String>,
}

#[derive(Debug, Default, Serialize)]
struct Reviews {
    total: usize,
    /// Verified reviews per attester name.
    attested: BTreeMap<String, usize>,
    /// Verified reviews stated by the brand.
    brand: usize,
    dropped: usize,
    /// Dropped reviews per reason code.
    dropped_by_reason: BTreeMap<&'static str, usize>,
}

#[derive(Debug, Serialize)]
struct Dropped {
    /// JSON pointer of the entry in the manifest.
    pointer: String,
    code: &'static str,
    message: String,
}

fn attester(a: &Assurance) -> Option<String> {
    match a {
        Assurance::Attested(a) => Some(a.attester.clone()),
        Assurance::Brand => None,
    }
}

fn dropped(claim: ClaimRef, error: &Error) -> Dropped {
    let pointer = match claim {
        ClaimRef::Certification(i) => format!("/certifications/{i}"),
        ClaimRef::Review(i) => format!("/reviews/{i}"),
        ClaimRef::Aggregate(i) => format!("/aggregates/{i}"),
        ClaimRef::ReviewPages => "/review_pages/attestation".to_owned(),
    };
    Dropped {
        pointer,
        code: error.code(),
        message: error.to_string(),
    }
}

impl Report {
    pub fn new(v: &VerifiedManifest) -> Report {
        let day = v.verified_at().date();
        let certifications = v
            .certifications()
            .iter()
            .map(|c| Certification {
                id: c.id.clone(),
                name: c.name.clone(),
                status: match (c.valid_on(day), c.valid_from) {
                    (true, _) => "valid",
                    (false, Some(from)) if day < from => "not-yet-valid",
                    (false, _) => "expired",
                },
                expires: c.expires.map(|d| d.to_string()),
                attested_by: attester(c.assurance()),
            })
            .collect();
        let aggregates = v
            .aggregates()
            .iter()
            .map(|a| Aggregate {
                product: a.product.clone(),
                count: a.count,
                mean: a.mean(),
                histogram: a.histogram,
                as_of: a.as_of.to_string(),
                attested_by: attester(a.assurance()),
            })
            .collect();
        let mut dropped: Vec<Dropped> = v
            .dropped()
            .iter()
            .map(|d| dropped(d.claim, &d.error))
            .collect();
        let mut reviews = Reviews {
            total: v.review_count(),
            ..Reviews::default()
        };
        for i in 0..v.review_count() {
            match v.review(i) {
                Ok(r) => match attester(r.assurance()) {
                    Some(name) => *reviews.attested.entry(name).or_default() += 1,
                    None => reviews.brand += 1,
                },
                Err(e) => {
                    reviews.dropped += 1;
                    *reviews.dropped_by_reason.entry(e.code()).or_default() += 1;
                    dropped.push(self::dropped(ClaimRef::Review(i), &e));
                }
            }
        }
        Report {
            verified: true,
            issuer: Issuer {
                id: v.issuer().id.clone(),
                name: v.issuer().name.clone(),
            },
            sequence: v.sequence(),
            previous: v.previous().map(str::to_owned),
            issued_at: v.issued_at().to_string(),
            expires_at: v.expires_at().to_string(),
            verified_at: v.verified_at().to_string(),
            signer: Signer {
                key_id: v.signer().key_id(),
                key: v.signer().to_string(),
            },
            payload_sha256: v.payload_sha256().to_owned(),
            certifications,
            aggregates,
            reviews,
            dropped,
        }
    }

    /// The readable summary. `writeln!` into a String cannot fail.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "verified:       {} ({})",
            self.issuer.name, self.issuer.id
        );
        let _ = match &self.previous {
            Some(p) => writeln!(s, "sequence:       {} (previous {p})", self.sequence),
            None => writeln!(s, "sequence:       {}", self.sequence),
        };
        let _ = writeln!(s, "issued:         {}", self.issued_at);
        let _ = writeln!(s, "expires:        {}", self.expires_at);
        let _ = writeln!(s, "checked at:     {}", self.verified_at);
        let _ = writeln!(
            s,
            "signed by:      key {} ({})",
            self.signer.key_id, self.signer.key
        );
        let _ = writeln!(s, "payload sha256: {}", self.payload_sha256);
        self.certifications_text(&mut s);
        self.aggregates_text(&mut s);
        self.reviews_text(&mut s);
        let _ = writeln!(s, "dropped claims: {}", self.dropped.len());
        for d in &self.dropped {
            let _ = writeln!(s, "  {}: {}: {}", d.pointer, d.code, d.message);
        }
        s
    }

    fn certifications_text(&self, s: &mut String) {
        let valid = self
            .certifications
            .iter()
            .filter(|c| c.status == "valid")
            .count();
        let _ = writeln!(
            s,
            "certifications: {} ({valid} valid, {} not valid at {})",
            self.certifications.len(),
            self.certifications.len() - valid,
            self.verified_at
        );
        for c in &self.certifications {
            let expires = c
                .expires
                .as_deref()
                .map(|d| format!(", expires {d}"))
                .unwrap_or_default();
            let _ = writeln!(
                s,
                "  {:<13} {} [{}], {}{expires}",
                c.status,
                c.name,
                c.id,
                by(&c.attested_by)
            );
        }
    }

    fn aggregates_text(&self, s: &mut String) {
        let _ = writeln!(s, "aggregates:     {}", self.aggregates.len());
        for a in &self.aggregates {
            let mean = a
                .mean
                .map_or_else(|| "no rating".to_owned(), |m| format!("{m:.2}"));
            let product = a
                .product
                .as_deref()
                .map(|p| format!("product {p}, "))
                .unwrap_or_default();
            let _ = writeln!(
                s,
                "  {mean} from {} ratings ({product}as of {}), {}",
                a.count,
                a.as_of,
                by(&a.attested_by)
            );
        }
    }

    fn reviews_text(&self, s: &mut String) {
        let r = &self.reviews;
        let _ = writeln!(s, "reviews:        {}", r.total);
        for (name, n) in &r.attested {
            let _ = writeln!(s, "  attested by {name}: {n}");
        }
        let _ = writeln!(s, "  stated by the brand: {}", r.brand);
        let reasons: Vec<String> = r
            .dropped_by_reason
            .iter()
            .map(|(code, n)| format!("{code}: {n}"))
            .collect();
        if reasons.is_empty() {
            let _ = writeln!(s, "  dropped: 0");
        } else {
            let _ = writeln!(s, "  dropped: {} ({})", r.dropped, reasons.join(", "));
        }
    }
}

fn by(attested_by: &Option<String>) -> String {
    match attested_by {
        Some(name) => format!("attested by {name}"),
        None => "stated by the brand".to_owned(),
    }
}
