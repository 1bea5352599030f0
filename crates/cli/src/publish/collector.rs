//! The latest output of a review collector: its signed page index
//! (`review-pages.json`) and every page file, from a directory
//! (`trust-collector publish --out DIR`, `trustctl pages --out-dir DIR`) or from
//! the collector's URL (`https://collector.example/v1/brands/ID/`). Nothing here
//! is trusted: `publish` verifies it all as the widget will before writing.

use std::fs;
use std::path::Path;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use serde_json::Value;
use trust_manifest::{decode_base64, Limits};

/// What `publish` embeds and serves.
pub struct Output {
    /// review-pages.json: the signed index, the page URL template, page 0 inline.
    pub index: Value,
    /// page-0.json, page-1.json, …: each page with its inclusion proof.
    pub pages: Vec<Vec<u8>>,
}

/// Reads the collector's output from `--collector URL|DIR`.
pub fn read(from: &str) -> Result<Output> {
    if from.starts_with("https://") || from.starts_with("http://") {
        from_url(from)
    } else {
        from_dir(Path::new(from))
    }
}

fn from_dir(dir: &Path) -> Result<Output> {
    let index_path = dir.join("review-pages.json");
    let bytes = fs::read(&index_path).with_context(|| {
        format!(
            "cannot read {} (the collector's output: `trust-collector publish --out DIR` writes it)",
            index_path.display()
        )
    })?;
    let index = parse_index(&bytes, &index_path.display().to_string())?;
    let count = page_count(&index)?;
    let pages = (0..count)
        .map(|n| {
            let path = dir.join(format!("page-{n}.json"));
            fs::read(&path).with_context(|| format!("cannot read {}", path.display()))
        })
        .collect::<Result<_>>()?;
    Ok(Output { index, pages })
}

/// Pages are fetched by the root the index was signed over
/// (`pages/{root}/page-{n}.json`, immutable): a collector that publishes anew
/// between two requests cannot hand over pages of another root.
fn from_url(base: &str) -> Result<Output> {
    let base = if base.ends_with('/') {
        base.to_owned()
    } else {
        format!("{base}/")
    };
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into();
    let limit = Limits::default();
    let get = |url: &str, max: usize| -> Result<Vec<u8>> {
        let mut response = agent
            .get(url)
            .call()
            .with_context(|| format!("cannot fetch {url}"))?;
        response
            .body_mut()
            .with_config()
            .limit(max as u64)
            .read_to_vec()
            .with_context(|| format!("cannot read {url} (at most {max} bytes)"))
    };
    let index_url = format!("{base}review-pages.json");
    let index = parse_index(&get(&index_url, limit.envelope_bytes)?, &index_url)?;
    let count = page_count(&index)?;
    let root = statement(&index)?["pages"]["root"]
        .as_str()
        .map(str::to_owned)
        .context("the page index names no Merkle root")?;
    if root.len() != 64 || !root.bytes().all(|b| b.is_ascii_hexdigit()) {
        bail!("the page index's root {root:?} is not a sha256 in hex");
    }
    let pages = (0..count)
        .map(|n| {
            get(
                &format!("{base}pages/{root}/page-{n}.json"),
                limit.page_bytes,
            )
        })
        .collect::<Result<_>>()?;
    Ok(Output { index, pages })
}

fn parse_index(bytes: &[u8], what: &str) -> Result<Value> {
    let index: Value =
        serde_json::from_slice(bytes).with_context(|| format!("{what} is not JSON"))?;
    if index.get("attestation").is_none() || index.get("page_url").is_none() {
        bail!("{what} is not a review-pages.json (attestation, page_url)");
    }
    Ok(index)
}

/// The index's statement, unverified: only to know how many pages to read.
fn statement(index: &Value) -> Result<Value> {
    let payload = index["attestation"]["payload"]
        .as_str()
        .context("the page index has no attestation payload")?;
    let bytes = decode_base64(payload)
        .map_err(|_| anyhow::anyhow!("the page index's payload is not base64"))?;
    serde_json::from_slice(&bytes).context("the page index's payload is not JSON")
}

/// How many page files to read; bounded, so a hostile index cannot make
/// `publish` fetch without end (10,000 pages of 1,000 reviews is far beyond any brand).
fn page_count(index: &Value) -> Result<u64> {
    const MAX_PAGES: u64 = 10_000;
    let n = statement(index)?["pages"]["pages"]
        .as_u64()
        .context("the page index does not say how many pages there are")?;
    if n == 0 || n > MAX_PAGES {
        bail!("the page index claims {n} pages; publish reads 1 to {MAX_PAGES}");
    }
    Ok(n)
}
