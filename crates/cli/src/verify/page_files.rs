//! `trustctl verify --pages DIR`: every page file a collector published (`trustctl
//! pages`), checked against the manifest's verified page index as the widget
//! checks each page it fetches.

use std::fs;
use std::path::Path;

use anyhow::{bail, Result};
use trust_manifest::{Limits, VerifiedManifest};

use crate::exit::Refused;
use crate::paginate::file_name;

/// What `trustctl verify --pages DIR` found.
#[derive(Debug, serde::Serialize)]
pub struct PagesReport {
    pub pages: u64,
    pub reviews: u64,
    pub verified: u64,
    pub root: String,
    pub attested_by: String,
    /// Page files that failed: page number, reason code, message.
    pub failed: Vec<(u64, &'static str, String)>,
}

/// Checks the inline first page and every page file in `dir` against the
/// manifest's verified page index, as the widget checks each one it fetches.
pub fn check_dir(v: &VerifiedManifest, dir: &Path) -> Result<PagesReport> {
    let Some(index) = v.review_pages() else {
        bail!("the manifest has no verified review pages (see its dropped claims)");
    };
    let limits = Limits::default();
    let mut report = PagesReport {
        pages: index.pages(),
        reviews: 0,
        verified: 0,
        root: index.root_hex(),
        attested_by: index.attestation().attester.clone(),
        failed: Vec::new(),
    };
    if let Some(Err(e)) = v.first_review_page() {
        report.failed.push((0, e.code(), format!("inline: {e}")));
    }
    for n in 0..index.pages() {
        let path = dir.join(file_name(&index.url(n), n as usize));
        let bytes = match fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                report
                    .failed
                    .push((n, "missing", format!("{}: {e}", path.display())));
                continue;
            }
        };
        match v.review_page(n, &bytes, &limits) {
            Ok(reviews) => {
                report.verified += 1;
                report.reviews += reviews.len() as u64;
            }
            Err(e) => report.failed.push((n, e.code(), e.to_string())),
        }
    }
    Ok(report)
}

impl PagesReport {
    /// Exit status 1 when any page failed.
    pub fn outcome(&self) -> Result<()> {
        if self.failed.is_empty() {
            return Ok(());
        }
        Err(Refused(format!(
            "{} of {} pages failed their check",
            self.failed.len(),
            self.pages
        ))
        .into())
    }

    pub fn to_text(&self) -> String {
        let mut s = format!(
            "pages:          {} of {} verified ({} reviews, attested by {}), root {}\n",
            self.verified, self.pages, self.reviews, self.attested_by, self.root
        );
        for (n, code, message) in self.failed.iter().take(20) {
            s.push_str(&format!("  page {n}: {code}: {message}\n"));
        }
        if self.failed.len() > 20 {
            s.push_str(&format!("  … and {} more\n", self.failed.len() - 20));
        }
        s
    }
}
