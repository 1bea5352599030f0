//! What is published now, as `publish` needs it: the sequence and payload hash
//! the next manifest chains to, how long the published one stays whole (the
//! manifest and every statement it embeds), and whether the next one would say
//! anything new.
//!
//! Sequence numbers: the next is the signing time in seconds, or the published
//! sequence + 1 if that is higher. Time alone increases across runs and machines
//! (a laptop and a CI runner need no shared counter), and the +1 bound keeps it
//! strictly increasing when two publishes fall in one second or a machine's clock
//! is behind the one that published last. Widgets refuse a lower sequence than
//! they saw (rollback), never a higher one, so a jump from `trustctl sign`'s
//! 1, 2, 3 to about 1.8 × 10⁹ is harmless.

use std::path::Path;

use anyhow::{Context, Result};
use serde_json::{Map, Value};
use trust_manifest::{decode_base64, sha256_hex, Envelope, Timestamp, MANIFEST_PAYLOAD_TYPE};

/// The manifest published in DIR, read without trusting it: its signature is
/// checked by the caller before its expiry lets `publish` skip a renewal.
pub struct Published {
    /// The envelope as served.
    pub envelope: Vec<u8>,
    pub payload: Value,
    pub sha256: String,
    pub sequence: u64,
    /// The earliest expiry of the manifest and of each statement it embeds:
    /// after it, the widget shows less than was published (or nothing).
    pub whole_until: Timestamp,
}

/// The fields `sign` fills: they change on every publish and say nothing new.
const FRESHNESS: &[&str] = &["spec", "issued_at", "expires_at", "sequence", "previous"];

/// The published manifest at `path`, if there is one.
pub fn read(path: &Path) -> Result<Option<Published>> {
    let envelope = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    let what = path.display().to_string();
    let env: Envelope = serde_json::from_slice(&envelope)
        .with_context(|| format!("{what} is not a DSSE envelope; move it away to publish anew"))?;
    if env.payload_type != MANIFEST_PAYLOAD_TYPE {
        anyhow::bail!("{what} is not a signed manifest ({:?})", env.payload_type);
    }
    let bytes = decode_base64(&env.payload)
        .map_err(|_| anyhow::anyhow!("{what}: the payload is not base64"))?;
    let payload: Value = serde_json::from_slice(&bytes)
        .with_context(|| format!("{what}: the payload is not JSON"))?;
    let sequence = payload["sequence"]
        .as_u64()
        .with_context(|| format!("{what}: the payload has no numeric sequence"))?;
    let whole_until = whole_until(&payload)
        .with_context(|| format!("{what}: the payload has no RFC 3339 expires_at"))?;
    Ok(Some(Published {
        envelope,
        sha256: sha256_hex(&bytes),
        payload,
        sequence,
        whole_until,
    }))
}

/// The earliest expiry of a manifest payload and of each statement it embeds.
pub fn whole_until(payload: &Value) -> Option<Timestamp> {
    let expires = time(&payload["expires_at"])?;
    Some(
        statement_expiries(payload)
            .into_iter()
            .fold(expires, |a, b| if b.0 < a.0 { b } else { a }),
    )
}

/// The next sequence: the signing time in seconds, at least the published + 1.
pub fn next_sequence(now: Timestamp, published: Option<&Published>) -> u64 {
    let by_time = u64::try_from(now.0).unwrap_or(0).max(1);
    match published {
        Some(p) => by_time.max(p.sequence.saturating_add(1)),
        None => by_time,
    }
}

/// Whether `doc` (unsigned, collector output embedded) says what `published` says.
pub fn same_content(doc: &Value, published: &Value) -> bool {
    strip(doc) == strip(published)
}

fn strip(v: &Value) -> Map<String, Value> {
    let mut map = v.as_object().cloned().unwrap_or_default();
    for k in FRESHNESS {
        map.remove(*k);
    }
    map
}

fn time(v: &Value) -> Option<Timestamp> {
    v.as_str().and_then(Timestamp::parse)
}

/// Expiries of the attestations embedded in a manifest payload: review pages,
/// aggregates, attested reviews and certifications.
fn statement_expiries(payload: &Value) -> Vec<Timestamp> {
    let mut envelopes: Vec<&Value> = Vec::new();
    envelopes.extend(payload.pointer("/review_pages/attestation"));
    envelopes.extend(payload["aggregates"].as_array().into_iter().flatten());
    for list in ["reviews", "certifications"] {
        envelopes.extend(
            payload[list]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|e| e.get("attestation")),
        );
    }
    envelopes
        .into_iter()
        .filter_map(|e| e["payload"].as_str())
        .filter_map(|p| decode_base64(p).ok())
        .filter_map(|b| serde_json::from_slice::<Value>(&b).ok())
        .filter_map(|s| time(&s["expires_at"]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequences_follow_time_and_never_repeat() {
        let t = Timestamp(1_800_000_000);
        assert_eq!(next_sequence(t, None), 1_800_000_000);
        let published = |sequence| Published {
            envelope: Vec::new(),
            payload: Value::Null,
            sha256: String::new(),
            sequence,
            whole_until: t,
        };
        // Published by sign's counter: time takes over.
        assert_eq!(next_sequence(t, Some(&published(3))), 1_800_000_000);
        // Same second, or a clock behind the machine that published last.
        assert_eq!(
            next_sequence(t, Some(&published(1_800_000_000))),
            1_800_000_001
        );
        assert_eq!(
            next_sequence(t, Some(&published(1_900_000_000))),
            1_900_000_001
        );
    }

    #[test]
    fn freshness_fields_are_not_content() {
        let a = serde_json::json!({ "issuer": { "id": "x" }, "sequence": 1, "issued_at": "a" });
        let b = serde_json::json!({ "issuer": { "id": "x" }, "sequence": 9, "spec": "1" });
        let c = serde_json::json!({ "issuer": { "id": "y" } });
        assert!(same_content(&a, &b));
        assert!(!same_content(&a, &c));
    }
}
