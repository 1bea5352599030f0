//! `cargo xtask build [--dev]`: the widget as a storefront downloads it, in target/www.
//!
//! rustc (cdylib, wasm32) → wasm-bindgen (ES module glue) → wasm-opt (npm binaryen) →
//! content-hashed names + manifest.json. Trunk and wasm-pack are not used because they
//! download their own wasm-bindgen and wasm-opt at run time, which our machines cannot do.

use std::{fs, path::Path, process::Command, thread};

use anyhow::{bail, ensure, Context, Result};
use sha2::{Digest, Sha256};

use crate::{cargo, ensure as ensure_tool, exec, root, target_dir, www_dir};

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
}

pub fn run(dev: bool) -> Result<Built> {
    check_wasm_bindgen_version()?;
    ensure_tool::wasm32_target()?;
    if !dev {
        ensure_tool::npm_packages()?;
    }

    let wasm = compile(dev)?;
    let staged = target_dir().join("wasm-bindgen");
    bindgen(&wasm, &staged, dev)?;

    let bg = staged.join(format!("{STEM}_bg.wasm"));
    let mut wasm_bytes = fs::read(&bg).with_context(|| format!("reading {}", bg.display()))?;
    if !dev {
        wasm_bytes = optimise(&bg)?;
    }
    let glue = fs::read_to_string(staged.join(format!("{STEM}.js")))?;
    let built = publish(&staged, &wasm_bytes, &glue, dev)?;
    eprintln!(
        "built {} ({}): {}, {}{}",
        www_dir().display(),
        if dev { "dev" } else { "release" },
        built.glue,
        built.wasm,
        built
            .loader
            .as_deref()
            .map(|l| format!(", {l}"))
            .unwrap_or_default(),
    );
    Ok(built)
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
             in xtask/src/build.rs"
        );
    }
    Ok(())
}

/// The widget crate stays an rlib; asking for a cdylib here keeps LTO, which a
/// `crate-type = ["cdylib", "rlib"]` crate silently loses (cargo#9672).
fn compile(dev: bool) -> Result<std::path::PathBuf> {
    let mut cmd = cargo();
    cmd.args(["rustc", "-p", "trust-widget", "--lib"]);
    if !dev {
        cmd.arg("--release");
    }
    cmd.args([
        "--target",
        "wasm32-unknown-unknown",
        "--crate-type",
        "cdylib",
    ]);
    exec(&mut cmd)?;
    let profile = if dev { "debug" } else { "release" };
    Ok(target_dir()
        .join("wasm32-unknown-unknown")
        .join(profile)
        .join("trust_widget.wasm"))
}

fn bindgen(wasm: &Path, out: &Path, dev: bool) -> Result<()> {
    eprintln!("$ wasm-bindgen {} --target web", wasm.display());
    if out.exists() {
        fs::remove_dir_all(out)?; // stale snippets would otherwise be published
    }
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(wasm)
        .out_name(STEM)
        .web(true)?
        // The library defaults this to true (the CLI to false): with true, `init()`
        // without an argument has no wasm URL. Keep the default path as a fallback.
        .omit_default_module_path(false)
        .typescript(false)
        .debug(dev)
        .keep_debug(dev)
        .remove_name_section(!dev)
        .remove_producers_section(!dev)
        .generate(out)
        .context("wasm-bindgen")
}

/// wasm-opt from npm binaryen: Debian's (108) and the wasm-opt crate's (116) cannot parse
/// what rustc 1.95 emits. -Oz is not always the smallest after compression, so both
/// levels run (in parallel) and the smaller brotli wins.
fn optimise(input: &Path) -> Result<Vec<u8>> {
    let wasm_opt = root().join("node_modules/.bin/wasm-opt");
    ensure!(
        wasm_opt.exists(),
        "{} is missing: run `npm ci` in {}",
        wasm_opt.display(),
        root().display()
    );
    let levels = ["-Oz", "-Os"];
    let results: Vec<Result<(Vec<u8>, usize)>> = thread::scope(|s| {
        let handles: Vec<_> = levels
            .iter()
            .map(|level| {
                let wasm_opt = &wasm_opt;
                s.spawn(move || -> Result<(Vec<u8>, usize)> {
                    let out = input.with_extension(format!("{}.wasm", &level[1..]));
                    let mut cmd = Command::new(wasm_opt);
                    cmd.arg(level).arg(input).arg("-o").arg(&out);
                    cmd.args(["--strip-debug", "--strip-producers"]);
                    // What rustc 1.95 enables by default for wasm32-unknown-unknown;
                    // every browser the widget supports has all of them.
                    cmd.args([
                        "--enable-bulk-memory",
                        "--enable-nontrapping-float-to-int",
                        "--enable-sign-ext",
                        "--enable-mutable-globals",
                        "--enable-reference-types",
                        "--enable-multivalue",
                    ]);
                    exec(&mut cmd)?;
                    let bytes = fs::read(&out)?;
                    let brotli = crate::size::brotli_len(&bytes)?;
                    Ok((bytes, brotli))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("wasm-opt thread panicked"))
            .collect()
    });
    let mut best: Option<(Vec<u8>, usize, &str)> = None;
    for (level, result) in levels.iter().zip(results) {
        let (bytes, brotli) = result?;
        eprintln!("wasm-opt {level}: {} bytes, {brotli} brotli", bytes.len());
        if best.as_ref().is_none_or(|(_, b, _)| brotli < *b) {
            best = Some((bytes, brotli, level));
        }
    }
    let (bytes, _, level) = best.expect("at least one level");
    eprintln!("keeping wasm-opt {level}");
    Ok(bytes)
}

/// Writes hashed files and manifest.json into a fresh target/www.
fn publish(staged: &Path, wasm: &[u8], glue: &str, dev: bool) -> Result<Built> {
    let www = www_dir();
    if www.exists() {
        fs::remove_dir_all(&www)?; // old hashed files must not linger and be measured
    }
    fs::create_dir_all(&www)?;

    let wasm_name = format!("{STEM}_bg.{}.wasm", hash8(wasm));
    // The glue's fallback `new URL('trust-widget_bg.wasm', import.meta.url)` must point at
    // the hashed file, or `init()` without an explicit URL would 404. The wasm is hashed
    // first so that the glue's own hash covers the name it loads.
    let default_name = format!("{STEM}_bg.wasm");
    let glue = glue.replace(&default_name, &wasm_name);
    ensure!(
        !glue.contains(&default_name),
        "the glue still refers to {default_name}"
    );
    let glue_name = format!("{STEM}.{}.js", hash8(glue.as_bytes()));
    fs::write(www.join(&wasm_name), wasm)?;
    fs::write(www.join(&glue_name), &glue)?;

    // `#[wasm_bindgen(inline_js)]` and `module = "/x.js"` imports land in snippets/,
    // which the glue imports by relative path.
    let snippets = staged.join("snippets");
    if snippets.exists() {
        copy_dir(&snippets, &www.join("snippets"))?;
    }

    let loader_src = root().join("www/loader.js");
    let loader = if loader_src.exists() {
        let text = fs::read_to_string(&loader_src)?;
        fs::write(
            www.join("loader.js"),
            stage_loader(&text, &glue_name, &wasm_name)?,
        )?;
        Some("loader.js".to_string())
    } else {
        None
    };

    let size_of = |name: &str| -> Result<u64> { Ok(fs::metadata(www.join(name))?.len()) };
    let mut sizes = serde_json::Map::new();
    for name in [&glue_name, &wasm_name].into_iter().chain(loader.as_ref()) {
        sizes.insert(name.clone(), size_of(name)?.into());
    }
    let manifest = serde_json::json!({
        "profile": if dev { "dev" } else { "release" },
        "glue": glue_name,
        "wasm": wasm_name,
        "loader": loader,
        "sizes": sizes,
    });
    fs::write(
        www.join("manifest.json"),
        serde_json::to_string_pretty(&manifest)? + "\n",
    )?;
    Ok(Built {
        glue: glue_name,
        wasm: wasm_name,
        loader,
    })
}

/// The shipped loader: hashed asset names filled in, and whole-line `//` comments
/// dropped (they document the source; shoppers should not download them).
fn stage_loader(source: &str, glue: &str, wasm: &str) -> Result<String> {
    for placeholder in ["__TW_GLUE__", "__TW_WASM__"] {
        if !source.contains(placeholder) {
            anyhow::bail!("www/loader.js lacks the placeholder {placeholder}");
        }
    }
    let body: String = source
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .map(|l| format!("{}\n", l.trim()))
        .collect();
    Ok(body
        .replace("__TW_GLUE__", glue)
        .replace("__TW_WASM__", wasm))
}

/// First 8 hex digits of SHA-256: enough to bust caches, short enough to read.
fn hash8(bytes: &[u8]) -> String {
    Sha256::digest(bytes)[..4]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
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
