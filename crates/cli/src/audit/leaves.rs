//! The log's entries read as the collector writes them (ARCHITECTURE.md, "The
//! public review log"): `{"t":"review","brand","review","statement"}` when a
//! review is published (again, when it changed: a new version), and
//! `{"t":"removal","brand","review","reason"}` when moderation removes one.
//! Tallied per brand: what is published now, what was removed and why, and the
//! entries that make no sense (a removal of a review never published, an entry
//! that is not a leaf).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

#[derive(Default)]
pub struct Brand {
    /// Review ids whose latest leaf publishes them.
    pub published: BTreeSet<String>,
    /// Review leaves, versions included.
    pub versions: u64,
    /// Review ids whose latest leaf removes them, with the reason.
    pub removed: BTreeMap<String, String>,
}

#[derive(Default)]
pub struct Tally {
    pub brands: BTreeMap<String, Brand>,
    pub problems: Vec<String>,
}

pub fn tally(entries: &[Vec<u8>]) -> Tally {
    let mut t = Tally::default();
    for (i, e) in entries.iter().enumerate() {
        let leaf: Value = match serde_json::from_slice(e) {
            Ok(v) => v,
            Err(_) => {
                t.problems.push(format!("entry {i} is not JSON"));
                continue;
            }
        };
        let field = |k: &str| leaf.get(k).and_then(Value::as_str);
        let (Some(kind), Some(brand), Some(review)) = (field("t"), field("brand"), field("review"))
        else {
            t.problems
                .push(format!("entry {i} is not a review or removal leaf"));
            continue;
        };
        let b = t.brands.entry(brand.to_owned()).or_default();
        match (kind, field("statement"), field("reason")) {
            ("review", Some(_), None) => {
                b.versions += 1;
                b.removed.remove(review);
                b.published.insert(review.to_owned());
            }
            ("removal", None, Some(reason)) => {
                if b.published.remove(review) {
                    b.removed.insert(review.to_owned(), reason.to_owned());
                } else {
                    t.problems.push(format!("entry {i} removes review {review} of {brand}, which the log never published"));
                }
            }
            _ => t
                .problems
                .push(format!("entry {i} is not a review or removal leaf")),
        }
    }
    t
}

impl Brand {
    /// Removals counted by reason.
    pub fn reasons(&self) -> BTreeMap<&str, u64> {
        let mut out = BTreeMap::new();
        for r in self.removed.values() {
            *out.entry(r.as_str()).or_default() += 1;
        }
        out
    }
}
