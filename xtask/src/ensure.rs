//! Installs what a fresh Debian machine lacks, or says exactly what to install.
//!
//! Every function is cheap when the thing is already there, so tasks call them freely.
//! Nothing here downloads from outside the package registries (crates.io, npm, Debian).

use std::{fs, path::Path, process::Command};

use anyhow::{bail, Context, Result};

use crate::{exec, locked_version, output, root};

pub fn wasm32_target() -> Result<()> {
    let installed = output(Command::new("rustup").args(["target", "list", "--installed"]));
    match installed {
        Some(list) if list.lines().any(|t| t.trim() == "wasm32-unknown-unknown") => Ok(()),
        Some(_) => exec(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"])),
        // No rustup (a distro toolchain): let cargo report a missing target if it is one.
        None => {
            eprintln!(
                "note: rustup not found; assuming the wasm32-unknown-unknown target is installed"
            );
            Ok(())
        }
    }
}

/// The standard library's source, which the storefront build compiles with
/// `-Zbuild-std` (see `build::compile_with`). A rustup component like the wasm32
/// target, from the same place.
pub fn rust_src() -> Result<()> {
    let installed = output(Command::new("rustup").args(["component", "list", "--installed"]));
    match installed {
        Some(list) if list.lines().any(|c| c.trim() == "rust-src") => Ok(()),
        Some(_) => exec(Command::new("rustup").args(["component", "add", "rust-src"])),
        None => bail!(
            "rustup not found: the widget build compiles the standard library from source \
             and needs the toolchain's rust-src (with rustup: `rustup component add rust-src`)"
        ),
    }
}

/// `npm ci` when node_modules is missing or older than package-lock.json. npm writes
/// node_modules/.package-lock.json on every install, so its age is the install's age.
pub fn npm_packages() -> Result<()> {
    let lock = root().join("package-lock.json");
    let installed = root().join("node_modules/.package-lock.json");
    let fresh = match (modified(&lock), modified(&installed)) {
        (Some(lock), Some(installed)) => installed >= lock,
        _ => false,
    };
    if fresh {
        return Ok(());
    }
    exec(Command::new("npm").args(["ci", "--no-audit", "--no-fund"]))
        .context("installing npm packages (needs node and npm: `apt-get install -y nodejs npm`)")
}

fn modified(path: &Path) -> Option<std::time::SystemTime> {
    fs::metadata(path).ok()?.modified().ok()
}

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Debian's chromium and chromedriver: same version, and installable from the Debian
/// mirror (browser downloads by Playwright or webdriver managers are not reachable here).
pub fn chromium() -> Result<()> {
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        return Ok(());
    }
    apt_install(
        &["chromium", "chromium-driver"],
        &format!("{CHROMIUM} or {CHROMEDRIVER} is missing"),
    )
}

/// Debian's Noto CJK fonts, for the page tests' screenshots: Debian's Chromium has no
/// CJK font of its own, so without them Japanese and Chinese text is drawn as empty
/// boxes and a screenshot cannot show whether it fits. Checked by the font file the
/// package installs (fontconfig reads /usr/share/fonts on each Chromium start).
pub fn cjk_fonts() -> Result<()> {
    const FONT: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
    if Path::new(FONT).exists() {
        return Ok(());
    }
    apt_install(
        &["--no-install-recommends", "fonts-noto-cjk"],
        &format!("{FONT} is missing (Japanese screenshots would show empty boxes)"),
    )
}

/// Debian's PostgreSQL server binaries (`initdb`, `pg_ctl`), which the collector's
/// tests use to start a throwaway cluster of their own. The package's own cluster is
/// not used (the tests listen on a free port with their socket in a temp directory).
pub fn postgresql() -> Result<()> {
    let installed = fs::read_dir("/usr/lib/postgresql")
        .map(|dirs| dirs.flatten().any(|d| d.path().join("bin/initdb").exists()))
        .unwrap_or(false);
    if installed {
        return Ok(());
    }
    apt_install(
        &["--no-install-recommends", "postgresql"],
        "PostgreSQL is missing (the collector's tests start one)",
    )
}

/// `apt-get install -y <args>` when root; otherwise fails with `missing` and the
/// exact command to run.
fn apt_install(args: &[&str], missing: &str) -> Result<()> {
    let install = format!("apt-get install -y {}", args.join(" "));
    if !is_root() {
        bail!("{missing}; install with `sudo apt-get update && sudo {install}`");
    }
    // A fresh machine has empty package lists; `update` first makes the install work there.
    exec(Command::new("apt-get").arg("update"))?;
    exec(
        Command::new("apt-get")
            .args(["install", "-y"])
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
    .with_context(|| format!("`{install}` failed"))
}

fn is_root() -> bool {
    output(Command::new("id").arg("-u")).as_deref() == Some("0")
}

/// `wasm-bindgen-test-runner` of Cargo.lock's wasm-bindgen version, on PATH.
/// A different version fails at run time with a schema mismatch, so the version is checked.
pub fn wasm_bindgen_test_runner() -> Result<()> {
    let want = locked_version("wasm-bindgen")?;
    let have = output(Command::new("wasm-bindgen-test-runner").arg("--version"));
    // Prints "wasm-bindgen-test-runner 0.2.130".
    if let Some(have) = &have {
        if have.split_whitespace().last() == Some(want.as_str()) {
            return Ok(());
        }
        eprintln!("found {have}, need {want}; installing");
    }
    // Not `--locked`: 0.2.130's lockfile names a dependency version missing from the registry.
    // This compiles the CLI from crates.io, about 4 minutes.
    exec(crate::cargo().args(["install", "wasm-bindgen-cli", "--version", &want]))?;
    let have = output(Command::new("wasm-bindgen-test-runner").arg("--version"));
    if have.as_deref().and_then(|h| h.split_whitespace().last()) != Some(want.as_str()) {
        bail!(
            "installed wasm-bindgen-cli {want}, but `wasm-bindgen-test-runner` on PATH reports {}: \
             put ~/.cargo/bin first on PATH",
            have.as_deref().unwrap_or("nothing")
        );
    }
    Ok(())
}

/// cargo-fuzz, from crates.io (about a minute to compile).
pub fn cargo_fuzz() -> Result<()> {
    if output(Command::new("cargo").args(["fuzz", "--version"])).is_some() {
        return Ok(());
    }
    exec(crate::cargo().args(["install", "cargo-fuzz", "--locked"]))
}

/// Whether rustup has a nightly toolchain (libFuzzer's sanitizer flags need one).
pub fn has_nightly() -> bool {
    output(Command::new("rustup").args(["toolchain", "list"]))
        .is_some_and(|list| list.lines().any(|t| t.starts_with("nightly")))
}

pub fn nightly() -> Result<()> {
    if !has_nightly() {
        bail!("fuzzing needs a nightly toolchain: `rustup toolchain install nightly --profile minimal`");
    }
    Ok(())
}
