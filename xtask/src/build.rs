//! `cargo xtask build [--dev]`: the widget as a storefront downloads it, in target/www.
//!
//! rustc (cdylib, wasm32) → wasm-bindgen (ES module glue) → wasm-opt (npm binaryen) →
//! content-hashed names + manifest.json. Trunk and wasm-pack are not used because they
//! download their own wasm-bindgen and wasm-opt at run time, which our machines cannot do.

use std::{
    fs,
    io::Write,
    path::Path,
    process::{Command, Stdio},
    thread,
};

use anyhow::{bail, ensure, Context, Result};
use base64::Engine;
use sha2::{Digest, Sha256, Sha384};

use crate::packs::{language_packs, Packs};
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
    /// Language packs, relative to target/www (`i18n.<hash>/<tag>.json`).
    pub i18n: Vec<String>,
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
    let wasm = compile(dev, &i18n_dir, &packs.sha256_list())?;
    let staged = target_dir().join("wasm-bindgen");
    bindgen(&wasm, &staged, dev)?;

    let bg = staged.join(format!("{STEM}_bg.wasm"));
    let mut wasm_bytes = fs::read(&bg).with_context(|| format!("reading {}", bg.display()))?;
    if !dev {
        wasm_bytes = optimise(&bg)?;
    }
    let glue = fs::read_to_string(staged.join(format!("{STEM}.js")))?;
    let built = publish(&staged, &wasm_bytes, &glue, (&i18n_dir, &packs), dev)?;
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
    bindgen(&wasm, &staged, false)?;
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
             in xtask/src/build.rs"
        );
    }
    Ok(())
}

/// The widget crate stays an rlib; asking for a cdylib here keeps LTO, which a
/// `crate-type = ["cdylib", "rlib"]` crate silently loses (cargo#9672). Without the
/// `bundled-languages` feature only English is compiled in; the wasm fetches other
/// languages from `<i18n_dir>/<tag>.json` next to the glue and uses one only when
/// its SHA-256 is the one in `pack_hashes` (`tag:hex tag:hex …`).
fn compile(dev: bool, i18n_dir: &str, pack_hashes: &str) -> Result<std::path::PathBuf> {
    compile_with("trust-widget", dev, (i18n_dir, pack_hashes), false)
}

/// `compile`, optionally with every language compiled in (the npm build: bundlers
/// cannot see packs fetched at run time).
fn compile_with(
    package: &str,
    dev: bool,
    (i18n_dir, pack_hashes): (&str, &str),
    bundled: bool,
) -> Result<std::path::PathBuf> {
    let mut cmd = cargo();
    cmd.args(["rustc", "-p", package, "--lib"]);
    if !bundled {
        cmd.arg("--no-default-features");
    }
    cmd.env("TW_I18N_DIR", format!("{i18n_dir}/"));
    cmd.env("TW_I18N_SHA256", pack_hashes);
    if !dev {
        cmd.arg("--release");
        size_flags(&mut cmd)?;
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
        .join(format!("{}.wasm", package.replace('-', "_"))))
}

/// The release wasm compiles the standard library itself, for size (measured on the
/// full widget, brotli: 160.0 KB → 144.9 KB):
/// - `-Cpanic=immediate-abort`: a panic is a trap, with no message formatting or
///   location strings linked in (with `panic = "abort"` std still formats the message
///   for the hook before aborting);
/// - `-Zlocation-detail=none`: no file/line/column constants for `#[track_caller]`;
/// - `-Zfmt-debug=none`: `{:?}` prints nothing, so derived `Debug` impls cost nothing
///   (the widget never shows Debug output; errors reach the console through their
///   `Display` text and reason code);
/// - std's `optimize_for_size` feature: smaller variants of sort, formatting, etc.
///
/// These are unstable flags of the pinned stable toolchain, unlocked for this one
/// build with `RUSTC_BOOTSTRAP=1` (as Firefox and Linux build their Rust); the set is
/// checked on every build by the size budget and the browser tests, and nothing else
/// (tests, CLI, clippy) uses them. Target-scoped RUSTFLAGS so build scripts and proc
/// macros, which run on the host, are untouched.
fn size_flags(cmd: &mut Command) -> Result<()> {
    ensure_tool::rust_src()?;
    cmd.env("RUSTC_BOOTSTRAP", "1");
    cmd.env(
        "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
        "-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none",
    );
    cmd.args([
        "-Zbuild-std=std,panic_abort",
        "-Zbuild-std-features=optimize_for_size",
    ]);
    Ok(())
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
    let wasm_opt = npm_bin("wasm-opt")?;
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
                    // Measured smaller after brotli: --converge repeats the passes until
                    // the size stops falling; --low-memory-unused lets constant offsets
                    // fold into loads and stores. The low 1 KB is the bottom of rustc's
                    // 1 MiB shadow stack (stack first, data after it), reached only by a
                    // stack that has already overflowed everything else.
                    cmd.args(["--converge", "--low-memory-unused"]);
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
fn publish(
    staged: &Path,
    wasm: &[u8],
    glue: &str,
    (i18n_dir, packs): (&str, &Packs),
    dev: bool,
) -> Result<Built> {
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
    // Minified before hashing, so the name covers the bytes shoppers get.
    let glue = if dev {
        glue
    } else {
        minify(&glue, &["--format=esm"]).context("minifying the JS glue")?
    };
    let glue_name = format!("{STEM}.{}.js", hash8(glue.as_bytes()));
    fs::write(www.join(&wasm_name), wasm)?;
    fs::write(www.join(&glue_name), &glue)?;

    // `#[wasm_bindgen(inline_js)]` and `module = "/x.js"` imports land in snippets/,
    // which the glue imports by relative path.
    // The loader checks the integrity of the glue and the wasm only: a module the
    // glue imported on its own would run unchecked, so there must be none.
    let snippets = staged.join("snippets");
    ensure!(
        !snippets.exists(),
        "wasm-bindgen wrote JS snippets ({}), which the glue would import without \
         integrity; preload them with `integrity` in www/loader.js before allowing this",
        snippets.display()
    );

    let loader_src = root().join("www/loader.js");
    let loader = if loader_src.exists() {
        // SHA-256 rather than the SHA-384 of `integrity.json`: as strong for this, and
        // 40 fewer incompressible bytes in a file every page view downloads.
        let assets = [
            (glue_name.as_str(), sri_sha256(glue.as_bytes())),
            (wasm_name.as_str(), sri_sha256(wasm)),
        ];
        fs::write(www.join("loader.js"), stage_loader(&assets, !dev)?)?;
        Some("loader.js".to_string())
    } else {
        None
    };

    fs::create_dir_all(www.join(i18n_dir))?;
    let mut i18n = serde_json::Map::new();
    for (tag, json) in packs.iter() {
        let file = format!("{i18n_dir}/{tag}.json");
        fs::write(www.join(&file), json)?;
        i18n.insert(tag.clone(), file.into());
    }

    let size_of = |name: &str| -> Result<u64> { Ok(fs::metadata(www.join(name))?.len()) };
    let mut sizes = serde_json::Map::new();
    let files = i18n.values().filter_map(|f| f.as_str().map(str::to_owned));
    for name in [glue_name.clone(), wasm_name.clone()]
        .into_iter()
        .chain(loader.clone())
        .chain(files)
    {
        sizes.insert(name.clone(), size_of(&name)?.into());
    }
    let manifest = serde_json::json!({
        "profile": if dev { "dev" } else { "release" },
        "glue": glue_name,
        "wasm": wasm_name,
        "loader": loader,
        // Language packs by tag: a shopper downloads at most one (none in English).
        "i18n": i18n,
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
        i18n: packs
            .iter()
            .map(|(tag, _)| format!("{i18n_dir}/{tag}.json"))
            .collect(),
    })
}

/// A tool from the root package.json's devDependencies (`npm ci` installs them).
fn npm_bin(name: &str) -> Result<std::path::PathBuf> {
    let path = root().join("node_modules/.bin").join(name);
    ensure!(
        path.exists(),
        "{} is missing: run `npm ci` in {}",
        path.display(),
        root().display()
    );
    Ok(path)
}

/// The shipped loader: www/loader.js bundled with the embed core it imports
/// (www/embed.js) into one classic script (esbuild, IIFE), with the glue's and the
/// wasm's hashed names and Subresource Integrity (`assets`: glue, then wasm)
/// defined in; minified in release builds.
fn stage_loader(assets: &[(&str, String); 2], minified: bool) -> Result<String> {
    let [(glue, glue_sri), (wasm, wasm_sri)] = assets;
    let defines = [
        ("__TW_GLUE__", *glue),
        ("__TW_WASM__", *wasm),
        ("__TW_GLUE_SRI__", glue_sri.as_str()),
        ("__TW_WASM_SRI__", wasm_sri.as_str()),
    ];
    let esbuild = npm_bin("esbuild")?;
    let mut cmd = Command::new(&esbuild);
    cmd.arg("www/loader.js")
        .args([
            "--bundle",
            "--format=iife",
            "--target=es2022",
            "--log-level=warning",
        ])
        .current_dir(root());
    for (name, value) in defines {
        cmd.arg(format!("--define:{name}={}", serde_json::to_string(value)?));
    }
    if minified {
        cmd.arg("--minify");
    }
    let out = cmd
        .output()
        .with_context(|| format!("could not start {}", esbuild.display()))?;
    ensure!(
        out.status.success(),
        "bundling www/loader.js failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let body = String::from_utf8(out.stdout)?;
    ensure!(
        defines.iter().all(|(_, value)| body.contains(value)),
        "the bundled loader lacks the asset names or their integrity"
    );
    Ok(body)
}

/// JavaScript through npm esbuild's transform (stdin to stdout): whitespace, comments,
/// local names and syntax minified; `extra` picks the output format.
fn minify(source: &str, extra: &[&str]) -> Result<String> {
    let esbuild = npm_bin("esbuild")?;
    let mut cmd = Command::new(&esbuild);
    cmd.args(["--minify", "--loader=js", "--log-level=warning"])
        .args(extra)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped());
    let mut child = cmd
        .spawn()
        .with_context(|| format!("could not start {}", esbuild.display()))?;
    let mut stdin = child.stdin.take().expect("piped stdin");
    let input = source.to_owned();
    // Written from a thread: esbuild may fill its stdout pipe before reading all of stdin.
    let writer = thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output()?;
    writer.join().expect("esbuild stdin writer panicked")?;
    ensure!(out.status.success(), "esbuild failed ({})", out.status);
    Ok(String::from_utf8(out.stdout)?)
}

/// First 8 hex digits of SHA-256: enough to bust caches, short enough to read.
fn hash8(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes)[..4])
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Subresource Integrity of `bytes` (`sha384-<base64>`), as browsers check it.
pub(crate) fn sri(bytes: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD;
    format!("sha384-{}", b64.encode(Sha384::digest(bytes)))
}

/// Subresource Integrity with SHA-256 (`sha256-<base64>`).
fn sri_sha256(bytes: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD;
    format!("sha256-{}", b64.encode(Sha256::digest(bytes)))
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
