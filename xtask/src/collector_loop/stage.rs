//! What the live brand's page needs from the staged site: its page, its unsigned
//! manifest, its key, and the demo collector on the trust list with its public
//! log (issue 15): the log's key, where it is served, and the demo witness whose
//! cosignature the widget requires.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result};
use serde_json::json;

use super::{BRAND, PAGE};
use crate::read_json;
use crate::site::render_page;

/// The demo collector's log as the trust list names it.
pub(super) struct DemoLog {
    /// `trust-collector log-key`: `<origin>+<key id>+<base64>`.
    pub key: String,
    /// The tlog-tiles prefix: the storefront passes `/log/` to the collector.
    pub url: String,
    /// The witness's submission prefix and cosignature verifier key.
    pub witness_url: String,
    pub witness_key: String,
}

impl DemoLog {
    /// The checkpoints' origin line, which is the log key's name.
    pub fn origin(&self) -> &str {
        self.key.split('+').next().unwrap_or_default()
    }
}

/// The brand's page, its unsigned manifest (the outdoor brand's facts without the
/// claims other collectors signed for that brand's key), its key for the pages,
/// and the collector, with its log, on the trust list.
pub(super) fn stage(
    site: &Path,
    work: &Path,
    brand_key: &str,
    collector_key: &str,
    log: &DemoLog,
) -> Result<()> {
    let mut manifest = read_json(&work.join("northwind-outdoor.manifest.json"))?;
    let map = manifest.as_object_mut().context("manifest")?;
    for field in [
        "reviews",
        "review_pages",
        "aggregates",
        "certifications",
        "media_mentions",
        "evidence",
    ] {
        map.remove(field);
    }
    manifest["issuer"]["id"] = BRAND.into();
    fs::write(
        work.join(format!("{BRAND}.manifest.json")),
        serde_json::to_vec_pretty(&manifest)?,
    )?;
    render_page(site, &PAGE, brand_key)?;
    let mut keys = read_json(&site.join("keys.json"))?;
    keys[BRAND] = brand_key.into();
    fs::write(site.join("keys.json"), serde_json::to_string_pretty(&keys)?)?;
    let mut trust = read_json(&site.join("attesters.json"))?;
    trust["attesters"]
        .as_array_mut()
        .context("attesters.json: attesters")?
        .push(json!({
            "name": "Trust Collector (demo)",
            "url": "https://github.com/trust-widget/trust-collector",
            "kinds": ["review", "aggregate"],
            "key": collector_key,
            // One witness, and its cosignature required: the widget shows this
            // collector's reviews only when its checkpoint carries it.
            "log": {
                "origin": log.origin(),
                "key": log.key,
                "url": log.url,
                "witnesses": [log.witness_key],
                "k": 1,
            },
        }));
    fs::write(
        site.join("attesters.json"),
        serde_json::to_string_pretty(&trust)?,
    )?;
    Ok(())
}
