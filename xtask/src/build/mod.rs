//! `cargo xtask build [--dev]`: the widget as a storefront downloads it, in target/www.
//!
//! rustc (cdylib, wasm32) → (`TW_SPLIT=1`) the views a summary does not need split
//! into a chunk (`split.rs`) → wasm-bindgen (ES module glue) → wasm-opt (npm binaryen) on
//! every module → short import names (`import_names.rs`) → content-hashed names,
//! integrity + manifest.json. Trunk and wasm-pack are not used because they
//! download their own wasm-bindgen and wasm-opt at run time, which our machines cannot do.

mod compile;
mod import_names;
mod integrity;
mod js;
mod publish;
mod split;
mod wasm_tools;

use std::{fs, path::Path};

use anyhow::{bail, Context, Result};

use crate::packs::language_packs;
use crate::{ensure as ensure_tool, target_dir, www_dir};
use compile::{compile, compile_with};
use integrity::hash8;
pub(crate) use integrity::sri;
use js::minify;
use publish::publish;
use wasm_tools::{bindgen, optimise};

/// Must equal `wasm-bindgen-cli-support` in xtask/Cargo.toml and `wasm-bindgen` in Cargo.lock:
/// the macro embeds a schema that only the same CLI version can read.
pub const WASM_BINDGEN_VERSION: &str = "0.2.130";

/// The name storefronts see: trust-widget.<hash>.js and trust-widget_bg.<hash>.wasm.
const STEM: &str = "trust-widget";

/// What a build produced; `size` reads the same facts back from manifest.json.
pub struct Built {
    pub glue: String,
    pub wasm: String,
    pub loader: Option<String>,
    /// Language packs, relative to target/www (`i18n.<hash>/<tag>.json`).
    pub i18n: Vec<String>,
    /// The chunks of the views a summary does not need (`TW_SPLIT=1`; `split.rs`).
    pub chunks: Vec<String>,
}

pub fn run(dev: bool) -> Result<Built> {
    check_wasm_bindgen_version()?;
    ensure_tool::wasm32_target()?;
    if !dev {
        ensure_tool::npm_packages()?;
    }

    // Packs first: the wasm carries their directory's (content-hashed) name and
    // each pack's SHA-256, which it checks before using a pack (src/language_packs.rs).
    let packs = language_packs()?;
    let i18n_dir = format!("i18n.{}", hash8(packs.concat_bytes().as_slice()));
    // Off by default: measured, the split costs the full view far more than it
    // saves the summary (docs/measurements.md); `TW_SPLIT=1` builds it.
    let split_views = !dev && std::env::var_os("TW_SPLIT").is_some_and(|v| v == "1");
    let wasm = compile(dev, split_views, &i18n_dir, &packs.sha256_list())?;
    let split = if split_views {
        Some(split::split(&wasm, &target_dir().join("wasm-split"))?)
    } else {
        None
    };
    let staged = target_dir().join("wasm-bindgen");
    bindgen(
        split.as_ref().map_or(&wasm, |s| &s.main),
        &staged,
        dev,
        split.is_some(),
    )?;

    let bg = staged.join(format!("{STEM}_bg.wasm"));
    let mut wasm_bytes = fs::read(&bg).with_context(|| format!("reading {}", bg.display()))?;
    if !dev {
        wasm_bytes = optimise(&bg)?;
    }
    let mut chunks = Vec::new();
    for chunk in split.as_ref().map_or(&[][..], |s| &s.chunks) {
        let name = chunk.file_name().context("a chunk without a name")?;
        chunks.push((name.to_string_lossy().into_owned(), optimise(chunk)?));
    }
    let split = split.map(|s| publish::SplitParts {
        link: s.link,
        chunks,
    });
    let mut glue = fs::read_to_string(staged.join(format!("{STEM}.js")))?;
    if !dev {
        (wasm_bytes, glue) = import_names::shorten(&wasm_bytes, &glue, &format!("./{STEM}_bg.js"))?;
    }
    let built = publish(
        &staged,
        (&wasm_bytes, &glue, split.as_ref()),
        (&i18n_dir, &packs),
        dev,
    )?;
    eprintln!(
        "built {} ({}): {}, {}{}, {} language packs",
        www_dir().display(),
        if dev { "dev" } else { "release" },
        built.glue,
        built.wasm,
        built
            .loader
            .as_deref()
            .map(|l| format!(", {l}"))
            .unwrap_or_default(),
        built.i18n.len(),
    );
    Ok(built)
}

/// The widget with every language compiled in, bound and optimised into `out`
/// (`trust-widget.js` + `trust-widget_bg.wasm`, plain names): the npm package's build.
pub(crate) fn build_bundled(out: &Path) -> Result<()> {
    build_package("trust-widget", out)
}

/// A wasm package of this workspace (the widget with every language, or the Yew
/// example app) bound, optimised and written to `out` under plain names.
pub(crate) fn build_package(package: &str, out: &Path) -> Result<()> {
    // Same flags as `build` apart from the feature; cargo's fingerprint keeps both
    // artefacts apart only by rebuilding, so this runs after the storefront build.
    let wasm = compile_with(package, false, ("i18n/", ""), true)?;
    let staged = target_dir().join("wasm-bindgen-bundled");
    bindgen(&wasm, &staged, false, false)?;
    let bytes = optimise(&staged.join(format!("{STEM}_bg.wasm")))?;
    let glue = fs::read_to_string(staged.join(format!("{STEM}.js")))?;
    fs::create_dir_all(out)?;
    fs::write(out.join(format!("{STEM}_bg.wasm")), bytes)?;
    fs::write(
        out.join(format!("{STEM}.js")),
        minify(&glue, &["--format=esm"])?,
    )?;
    Ok(())
}

/// Fails early, with the fix spelled out, instead of wasm-bindgen's schema-version error.
fn check_wasm_bindgen_version() -> Result<()> {
    let locked = crate::locked_version("wasm-bindgen")?;
    let support = crate::locked_version("wasm-bindgen-cli-support")?;
    if locked != WASM_BINDGEN_VERSION || support != WASM_BINDGEN_VERSION {
        bail!(
            "wasm-bindgen version mismatch: Cargo.lock has wasm-bindgen {locked} and \
             wasm-bindgen-cli-support {support}, xtask expects {WASM_BINDGEN_VERSION}. \
             Pin the same `=x.y.z` in the root Cargo.toml (wasm-bindgen) and \
             xtask/Cargo.toml (wasm-bindgen-cli-support), and update WASM_BINDGEN_VERSION \
             in xtask/src/build/mod.rs"
        );
    }
    Ok(())
}

pub(crate) fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let dest = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &dest)?;
        } else {
            fs::copy(entry.path(), dest)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    /// Catches a wasm-bindgen bump in one place only during `cargo test`, before a build.
    #[test]
    fn cargo_lock_has_the_wasm_bindgen_version_xtask_uses() {
        super::check_wasm_bindgen_version().unwrap();
    }
}
