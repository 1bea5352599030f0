//! Static HTML of views by `trustctl render`, staged for the static-html page test.

use std::{fs, path::Path, process::Command};

use anyhow::Result;

use crate::exec;

/// Static HTML of the outdoor brand's views (`trustctl render`), as a merchant's
/// server would put in its pages: `static/<view>-<locale>.html`, one `<trust-widget>`
/// each, for the static-html page test; `static/tampered.html` points the live
/// widget at the tampered copy, so it must take the static content down. The
/// pages are served from `origin` (loopback), where the demo's own photos show.
pub(super) fn render_static(trustctl: &Path, keys: &Path, site: &Path, origin: &str) -> Result<()> {
    let brand = "northwind-outdoor";
    let dir = site.join("static");
    fs::create_dir_all(&dir)?;
    let cases = [
        ("reviews", "US", "en", brand),
        ("full", "US", "en", brand),
        ("reviews", "DE", "de", brand),
        ("full", "DE", "de", brand),
        ("reviews", "JP", "ja", brand),
        ("full", "JP", "ja", brand),
        ("full", "US", "en", "tampered"),
    ];
    for (view, market, locale, manifest) in cases {
        let out = if manifest == brand {
            dir.join(format!("{view}-{locale}.html"))
        } else {
            dir.join(format!("{manifest}.html"))
        };
        exec(
            Command::new(trustctl)
                .arg("render")
                .arg("--key")
                .arg(keys.join(format!("{brand}.pub")))
                .arg("--trust")
                .arg(site.join("attesters.json"))
                .args(["--attesters-url", "/attesters.json"])
                .args(["--manifest-url", &format!("/manifests/{manifest}.json")])
                .args(["--view", view, "--market", market, "--locale", locale])
                .args(["--product", "tent-ridgeline-2"])
                .args(["--page-origin", origin])
                .arg(site.join(format!("manifests/{brand}.json")))
                .arg("-o")
                .arg(out),
        )?;
    }
    Ok(())
}
