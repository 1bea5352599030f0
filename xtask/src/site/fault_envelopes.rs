//! The signed envelopes of the fault matrix (`faults.rs` serves them under
//! `/faults/<name>`), and the tampered copy of a signed manifest.

use std::{fs, path::Path, process::Command};

use anyhow::{Context, Result};

use crate::exec;

/// Signs the envelopes `faults::handle` serves by name into `site/faults/`: from the
/// outdoor brand's unsigned manifest (as staged for `origin`), a valid one
/// (sequence 2), a rolled-back one (sequence 1), an expired one (signed ten days
/// ago for one day), one signed by another brand's key, a tampered copy of the
/// valid one, and one whose `allowed_origins` leave out the test origin.
pub(super) fn stage(trustctl: &Path, keys: &Path, unsigned: &Path, site: &Path) -> Result<()> {
    let dir = site.join("faults");
    fs::create_dir_all(&dir)?;
    let sign = |key: &str, manifest: &Path, out: &str, extra: &[&str]| {
        exec(
            Command::new(trustctl)
                .arg("sign")
                .arg("--key")
                .arg(keys.join(format!("{key}.key")))
                .args(extra)
                .arg(manifest)
                .arg("-o")
                .arg(dir.join(format!("{out}.json"))),
        )
    };
    let brand = "northwind-outdoor";
    sign(brand, unsigned, "valid", &["--sequence", "2"])?;
    sign(brand, unsigned, "rollback", &["--sequence", "1"])?;
    let past = trust_manifest::Timestamp(now() - 10 * 86_400).to_string();
    let expired = ["--sequence", "2", "--now", &past, "--expires-in", "1d"];
    sign(brand, unsigned, "expired", &expired)?;
    sign("lumen-skin", unsigned, "wrong-key", &["--sequence", "2"])?;
    // A stranger on the same origin: another key, the outdoor brand's issuer id,
    // an enormous sequence (rollback-memory checks it cannot poison the brand's).
    sign(
        "lumen-skin",
        unsigned,
        "stranger-high",
        &["--sequence", "999999"],
    )?;
    let tampered = tamper(&fs::read(dir.join("valid.json"))?)?;
    fs::write(dir.join("tampered.json"), tampered)?;

    let mut elsewhere: serde_json::Value = serde_json::from_slice(&fs::read(unsigned)?)?;
    elsewhere["issuer"]["allowed_origins"] = serde_json::json!(["https://shop.elsewhere.example"]);
    let path = unsigned.with_file_name("origin-not-allowed.manifest.json");
    fs::write(&path, serde_json::to_vec_pretty(&elsewhere)?)
        .with_context(|| format!("writing {}", path.display()))?;
    sign(brand, &path, "origin-not-allowed", &["--sequence", "2"])
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Flips one character inside the payload's base64 (a rating digit's encoding
/// changes, the signature does not), keeping the JSON valid.
pub(super) fn tamper(envelope: &[u8]) -> Result<Vec<u8>> {
    let mut env: serde_json::Value = serde_json::from_slice(envelope)?;
    let payload = env["payload"].as_str().context("payload")?.to_owned();
    let mid = payload.len() / 2;
    let mut bytes = payload.into_bytes();
    bytes[mid] = if bytes[mid] == b'A' { b'B' } else { b'A' };
    env["payload"] = serde_json::Value::String(String::from_utf8(bytes)?);
    Ok(serde_json::to_vec(&env)?)
}
