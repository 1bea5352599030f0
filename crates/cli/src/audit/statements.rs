//! Review-pages statements checked against the log (`--statement FILE`). A
//! statement names a checkpoint of the collector's log and claims how many of the
//! brand's reviews that log shows removed, by reason: the widget shows those
//! counts but cannot read the whole log, so they are the collector's signed claim,
//! and this is where anyone checks it. The statement's head must be this log's
//! (its origin, and the root the audited entries give at its size), and its counts
//! must be the ones the entries below that size give for its brand (a review whose
//! latest leaf is a removal, counted by that removal's reason).

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{bail, Context, Result};
use serde_json::{json, Value};
use trust_manifest::{AttestationKind, Envelope, Statement};
use trust_tlog::hash::root_of;
use trust_tlog::{leaf_hash, Checkpoint};

use super::leaves::tally;

/// A statement read from a file: the collector's DSSE envelope, or an object
/// carrying it as `attestation` (the collector's review-pages.json, a manifest's
/// `review_pages`). The signature is the widget's to check (against the trust
/// list); the audit checks what the statement claims about the log.
pub fn read(path: &Path) -> Result<Statement> {
    let bytes = crate::io::read_input(path)?;
    let value: Value = serde_json::from_slice(&bytes)
        .with_context(|| format!("{} is not JSON", path.display()))?;
    let envelope = value.get("attestation").unwrap_or(&value);
    let envelope = Envelope::from_json(envelope.to_string().as_bytes())
        .with_context(|| format!("{} holds no statement envelope", path.display()))?;
    let payload = trust_manifest::decode_base64(&envelope.payload)
        .ok()
        .with_context(|| format!("{}: the payload is not base64", path.display()))?;
    let s: Statement = serde_json::from_slice(&payload)
        .with_context(|| format!("{}: the payload is not a statement", path.display()))?;
    if s.kind != AttestationKind::ReviewPages || s.log.is_none() {
        bail!(
            "{} is not a review-pages statement naming a log checkpoint",
            path.display()
        );
    }
    Ok(s)
}

/// Checks one statement (`name` for the report) against the audited log's
/// `entries` and `checkpoint`; returns its report and adds its problems.
pub fn check(
    name: &str,
    s: &Statement,
    checkpoint: &Checkpoint,
    entries: &[Vec<u8>],
    problems: &mut Vec<String>,
) -> Value {
    let head = s
        .log
        .as_ref()
        .expect("read() keeps only statements with a log");
    let brand = &s.subject.root;
    let claimed: BTreeMap<&str, u64> = head
        .removals
        .iter()
        .map(|c| (c.reason.as_str(), c.count))
        .collect();
    let before = problems.len();
    let mut in_log = BTreeMap::new();
    if head.origin != checkpoint.origin {
        problems.push(format!(
            "statement {name} names log {}, not {}",
            head.origin, checkpoint.origin
        ));
    } else if head.size > entries.len() as u64 {
        problems.push(format!(
            "statement {name} names size {}, beyond the {} entries read",
            head.size,
            entries.len()
        ));
    } else {
        let prefix = &entries[..head.size as usize];
        let hashes: Vec<_> = prefix.iter().map(|e| leaf_hash(e)).collect();
        let root = trust_tlog::checkpoint::encode_hash(&root_of(&hashes));
        if root != head.root {
            problems.push(format!(
                "statement {name} names root {} for size {}, where the log's entries give {root}",
                head.root, head.size
            ));
        }
        let t = tally(prefix);
        if let Some(b) = t.brands.get(brand) {
            in_log = b
                .reasons()
                .into_iter()
                .map(|(r, n)| (r.to_owned(), n))
                .collect();
        }
        let in_log_ref: BTreeMap<&str, u64> =
            in_log.iter().map(|(r, n)| (r.as_str(), *n)).collect();
        if claimed != in_log_ref || claimed.len() != head.removals.len() {
            problems.push(format!(
                "statement {name}: removal counts {} for brand {brand}, where the log at size {} has {}",
                words(&claimed),
                head.size,
                words(&in_log_ref)
            ));
        }
    }
    json!({
        "statement": name,
        "brand": brand,
        "size": head.size,
        "removals_claimed": claimed,
        "removals_in_log": in_log,
        "consistent": problems.len() == before,
    })
}

fn words(counts: &BTreeMap<&str, u64>) -> String {
    if counts.is_empty() {
        return "none".to_owned();
    }
    counts
        .iter()
        .map(|(r, n)| format!("{r} {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}
