//! Reading the committed vectors (`vectors/aics.json`, `vectors/log/`).

use base64::Engine;
use serde_json::Value;
use std::path::PathBuf;
use trust_tlog::{Hash, VerifierKey, WitnessPolicy};

pub fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/tlog/vectors")
}

pub fn vectors() -> Value {
    serde_json::from_slice(&std::fs::read(dir().join("aics.json")).unwrap()).unwrap()
}

pub fn hash(v: &Value) -> Hash {
    let raw = base64::engine::general_purpose::STANDARD
        .decode(v.as_str().unwrap())
        .unwrap();
    raw.try_into().unwrap()
}

pub fn hashes(v: &Value) -> Vec<Hash> {
    v.as_array().unwrap().iter().map(hash).collect()
}

pub fn log_key(v: &Value) -> VerifierKey {
    VerifierKey::parse(v["log_vkey"].as_str().unwrap()).unwrap()
}

pub fn policy(v: &Value, k: usize) -> WitnessPolicy {
    let keys = v["witness_vkeys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| VerifierKey::parse(s.as_str().unwrap()).unwrap())
        .collect();
    WitnessPolicy::new(keys, k).unwrap()
}

/// The clock the vectors were cosigned at (the newest cosignature, plus a minute).
pub fn fresh_at(now: u64) -> trust_tlog::Freshness {
    trust_tlog::Freshness {
        now,
        max_age: 7 * 86_400,
        skew: 300,
    }
}

pub const SIGNED_AT: u64 = 1_796_000_260;

pub fn tile(path: &str) -> Vec<u8> {
    std::fs::read(dir().join("log").join(path)).unwrap()
}
