//! Where the preview's widget comes from: the files `cargo xtask build` writes
//! (`target/www`: `loader.js`, the hashed glue and wasm, the language packs, and
//! `manifest.json` naming them). Read at run time rather than compiled in, so
//! `cargo install` builds trustctl without a wasm toolchain and the preview
//! always runs the widget the merchant last built. Looked for in `--widget DIR`,
//! else `target/www` beside the running binary's target directory, else under
//! the current directory or a parent. Absent, the studio still edits, lints,
//! saves and signs; the preview panel says how to get the widget.
//!
//! Only the files `manifest.json` names are served: no path from a request
//! reaches the file system.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde_json::Value;

pub struct WidgetFiles {
    pub dir: PathBuf,
    /// Served names (relative to the dir), from its manifest.json.
    names: Vec<String>,
}

impl WidgetFiles {
    /// `--widget DIR` (an error when it is not a build), else the first build found.
    pub fn find(given: Option<&Path>) -> Result<Option<WidgetFiles>> {
        if let Some(dir) = given {
            return WidgetFiles::open(dir).map(Some);
        }
        Ok(candidates()
            .into_iter()
            .find_map(|d| WidgetFiles::open(&d).ok()))
    }

    fn open(dir: &Path) -> Result<WidgetFiles> {
        let listing = dir.join("manifest.json");
        let text = std::fs::read_to_string(&listing).with_context(|| {
            format!("{} has no manifest.json: give the directory `cargo xtask build` writes (target/www)", dir.display())
        })?;
        let json: Value = serde_json::from_str(&text)
            .with_context(|| format!("{} is not JSON", listing.display()))?;
        let mut names: Vec<String> = ["loader", "glue", "wasm"]
            .iter()
            .filter_map(|k| json[k].as_str().map(str::to_owned))
            .collect();
        if names.len() != 3 {
            bail!(
                "{} does not name the loader, glue and wasm",
                listing.display()
            );
        }
        if let Some(packs) = json["i18n"].as_object() {
            names.extend(packs.values().filter_map(Value::as_str).map(str::to_owned));
        }
        for n in &names {
            if n.contains("..") || n.starts_with('/') || !dir.join(n).is_file() {
                bail!(
                    "{}: {n:?} is missing or not a plain name",
                    listing.display()
                );
            }
        }
        Ok(WidgetFiles {
            dir: dir.to_owned(),
            names,
        })
    }

    /// The bytes and content type of a served file, by its name.
    pub fn get(&self, name: &str) -> Option<(Vec<u8>, &'static str)> {
        let name = self.names.iter().find(|n| n.as_str() == name)?;
        let bytes = std::fs::read(self.dir.join(name)).ok()?;
        let ty = match name.rsplit('.').next() {
            Some("js") => "text/javascript; charset=utf-8",
            Some("wasm") => "application/wasm",
            _ => "application/json",
        };
        Some((bytes, ty))
    }
}

/// `<target>/www` for a binary in `<target>/<profile>/`, then `target/www` here
/// and in each parent directory.
fn candidates() -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(exe) = std::env::current_exe() {
        if let Some(target) = exe.parent().and_then(Path::parent) {
            out.push(target.join("www"));
        }
    }
    if let Ok(cwd) = std::env::current_dir() {
        out.extend(cwd.ancestors().map(|d| d.join("target/www")));
    }
    out
}
