//! The widget's added first-view cost of a collector's public review log (issue
//! 15): the `genuine` review-log fixture (`site/log_cases.rs`: a logged
//! collector's review pages, checkpoint cosigned by 2 of 3 witnesses) against
//! the same brand, reviews and pages with the log taken out (`log-cases/
//! bench-nolog/`: no checkpoint, no proofs, no log in the trust list, the
//! statement and the manifest signed again with the fixtures' public test
//! seeds), and a second visit that must prove a grown checkpoint from tiles.
//! `tests/bench/log.mjs` loads them with the plain-JS floor in the same run.

use std::{fs, path::Path, process::Command};

use anyhow::{Context, Result};
use serde_json::Value;
use trust_manifest::{
    decode_base64, sign_envelope, SecretKey, ATTESTATION_PAYLOAD_TYPE, MANIFEST_PAYLOAD_TYPE,
};

use crate::{ensure, exec, root};

/// The fixtures' brand and collector seeds (`site/log_cases.rs`: public test
/// seeds, used only for staged fixtures).
const BRAND: [u8; 32] = [21; 32];
const COLLECTOR: [u8; 32] = [22; 32];

fn payload(envelope: &Value) -> Result<Value> {
    let b64 = envelope["payload"].as_str().context("envelope payload")?;
    let bytes = decode_base64(b64).map_err(|e| anyhow::anyhow!("payload: {e}"))?;
    Ok(serde_json::from_slice(&bytes)?)
}

fn signed(kind: &str, body: &Value, seed: &[u8; 32]) -> Result<Value> {
    let key = SecretKey::from_seed(seed);
    Ok(serde_json::to_value(sign_envelope(
        kind,
        body.to_string().as_bytes(),
        &[&key],
    ))?)
}

/// `log-cases/bench-nolog/`: `genuine` without its log.
fn stage_without_log(site: &Path) -> Result<()> {
    let from = site.join("log-cases/genuine");
    let to = site.join("log-cases/bench-nolog");
    fs::create_dir_all(to.join("pages"))?;
    let mut manifest = payload(&serde_json::from_slice(&fs::read(
        from.join("manifest.json"),
    )?)?)?;
    let pages = &mut manifest["review_pages"];
    let mut statement = payload(&pages["attestation"])?;
    statement
        .as_object_mut()
        .context("statement")?
        .remove("log");
    pages["attestation"] = signed(ATTESTATION_PAYLOAD_TYPE, &statement, &COLLECTOR)?;
    pages
        .as_object_mut()
        .context("review_pages")?
        .remove("checkpoint");
    if let Some(first) = pages["first"].as_object_mut() {
        first.remove("log");
    }
    let envelope = signed(MANIFEST_PAYLOAD_TYPE, &manifest, &BRAND)?;
    fs::write(to.join("manifest.json"), envelope.to_string())?;
    for page in fs::read_dir(from.join("pages"))? {
        let page = page?;
        let mut file: Value = serde_json::from_slice(&fs::read(page.path())?)?;
        if let Some(f) = file.as_object_mut() {
            f.remove("log");
        }
        fs::write(to.join("pages").join(page.file_name()), file.to_string())?;
    }
    let mut trust: Value = serde_json::from_slice(&fs::read(from.join("attesters.json"))?)?;
    for a in trust["attesters"].as_array_mut().context("attesters")? {
        a.as_object_mut().context("attester")?.remove("log");
    }
    fs::write(to.join("attesters.json"), trust.to_string())?;
    Ok(())
}

/// Stages the variant and runs `tests/bench/log.mjs`: the rows' markdown
/// (also written to `log.md`, with `log.json`).
pub fn run(origin: &str, site: &Path, out: &Path, loads: usize) -> Result<String> {
    stage_without_log(site)?;
    exec(
        Command::new("node")
            .arg(root().join("tests/bench/log.mjs"))
            .env("CHROMIUM", ensure::CHROMIUM)
            .env("BASE_URL", origin)
            .env("SITE_DIR", site)
            .env("OUT_DIR", out)
            .env("LOADS", loads.to_string()),
    )?;
    Ok(fs::read_to_string(out.join("log.md"))?)
}

/// `cargo xtask bench log [--loads N]`: only these rows (target/bench/log.md).
pub fn only(loads: usize) -> Result<()> {
    let (origin, site, out) = crate::bench::prepare()?;
    let md = run(&origin, &site, &out, loads)?;
    println!("{md}\nwrote {}", out.join("log.md").display());
    Ok(())
}
