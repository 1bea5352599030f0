//! The brand's manifest in the demo, signed again (by the brand's demo key, with
//! `trustctl sign --attach`) whenever the collector's review pages changed.

use std::fs;
use std::process::{Command, Stdio};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{bail, Context, Result};
use base64::Engine as _;
use serde_json::Value;

use super::{Loop, BRAND};
use crate::{exec, http};

/// The last manifest signed, and the collector index it embeds.
#[derive(Default)]
pub(super) struct Signed {
    index: Option<Vec<u8>>,
    manifest: Vec<u8>,
    sequence: u64,
}

impl Loop {
    /// The brand's signed manifest, embedding the collector's current review pages;
    /// signed again only when those changed, with a higher sequence each time (the
    /// time in seconds, so a browser that saw an earlier demo run accepts it).
    pub(super) fn manifest(&self) -> Result<Vec<u8>> {
        let path = format!("/v1/brands/{BRAND}/review-pages.json");
        let r = http::request(self.addr, "GET", &path, &[], b"")?;
        let index = match r.status {
            200 => Some(r.body),
            404 => None,
            s => bail!("the collector answered {s} for {path}"),
        };
        let mut signed = self.signed.lock().unwrap_or_else(|e| e.into_inner());
        if !signed.manifest.is_empty() && signed.index == index {
            return Ok(signed.manifest.clone());
        }
        // The collector serves a new index at once and its witness's cosignature a
        // moment later; a brand publishes only what verifies (`trustctl publish`
        // does), so until then the manifest signed last stays.
        if !signed.manifest.is_empty() && index.as_deref().is_some_and(|i| !self.cosigned(i)) {
            return Ok(signed.manifest.clone());
        }
        let mut sign = Command::new(&self.trustctl);
        sign.arg("sign")
            .arg("--key")
            .arg(self.keys.join(format!("{BRAND}.key")));
        if let Some(bytes) = &index {
            // Pages by their root, through this server: immutable, and same-origin.
            let mut pages: Value = serde_json::from_slice(bytes)?;
            let root = page_root(&pages)?;
            pages["page_url"] = format!("/v1/brands/{BRAND}/pages/{root}/page-{{n}}.json").into();
            let file = self.work.join(format!("{BRAND}.review-pages.json"));
            fs::write(&file, serde_json::to_vec_pretty(&pages)?)?;
            sign.arg("--attach").arg(file);
        }
        let now = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs();
        let sequence = now.max(signed.sequence + 1);
        let out = self.work.join(format!("{BRAND}.signed.json"));
        exec(
            sign.args(["--expires-in", "7d", "--sequence", &sequence.to_string()])
                .arg(self.work.join(format!("{BRAND}.manifest.json")))
                .arg("-o")
                .arg(&out)
                .stderr(Stdio::null()),
        )?;
        *signed = Signed {
            index,
            manifest: fs::read(&out)?,
            sequence,
        };
        Ok(signed.manifest.clone())
    }
}

impl Loop {
    /// Whether the index's checkpoint carries the demo witness's cosignature line.
    fn cosigned(&self, index: &[u8]) -> bool {
        let name = self.log.witness_key.split('+').next().unwrap_or_default();
        serde_json::from_slice::<Value>(index).is_ok_and(|v| {
            v["checkpoint"]
                .as_str()
                .is_some_and(|note| note.contains(&format!("\n\u{2014} {name} ")))
        })
    }
}

/// The Merkle root a review-pages index was signed over (from its statement).
fn page_root(pages: &Value) -> Result<String> {
    let payload = pages["attestation"]["payload"]
        .as_str()
        .context("review-pages.json: attestation.payload")?;
    let statement: Value =
        serde_json::from_slice(&base64::engine::general_purpose::STANDARD.decode(payload)?)?;
    Ok(statement["pages"]["root"]
        .as_str()
        .context("review-pages statement: pages.root")?
        .to_string())
}
