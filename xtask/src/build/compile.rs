//! rustc for wasm32: the widget as a cdylib, and the release build's size flags.

use std::{path::PathBuf, process::Command};

use anyhow::Result;

use crate::{cargo, ensure as ensure_tool, exec, target_dir};

/// The widget crate stays an rlib; asking for a cdylib here keeps LTO, which a
/// `crate-type = ["cdylib", "rlib"]` crate silently loses (cargo#9672). Without the
/// `bundled-languages` feature only English is compiled in; the wasm fetches other
/// languages from `<i18n_dir>/<tag>.json` next to the glue and uses one only when
/// its SHA-256 is the one in `pack_hashes` (`tag:hex tag:hex …`). `split`: with
/// the widget's `split` feature, for `split.rs` to cut the views a summary does
/// not need into a chunk of their own.
pub(super) fn compile(
    dev: bool,
    split: bool,
    i18n_dir: &str,
    pack_hashes: &str,
) -> Result<PathBuf> {
    compile_cmd("trust-widget", dev, (i18n_dir, pack_hashes), false, split)
}

/// `compile`, optionally with every language compiled in (the npm build: bundlers
/// cannot see packs fetched at run time).
pub(super) fn compile_with(
    package: &str,
    dev: bool,
    (i18n_dir, pack_hashes): (&str, &str),
    bundled: bool,
) -> Result<PathBuf> {
    compile_cmd(package, dev, (i18n_dir, pack_hashes), bundled, false)
}

fn compile_cmd(
    package: &str,
    dev: bool,
    (i18n_dir, pack_hashes): (&str, &str),
    bundled: bool,
    split: bool,
) -> Result<PathBuf> {
    let mut cmd = cargo();
    cmd.args(["rustc", "-p", package, "--lib"]);
    if split {
        cmd.args(["--features", "split"]);
    }
    if !bundled {
        cmd.arg("--no-default-features");
    }
    cmd.env("TW_I18N_DIR", format!("{i18n_dir}/"));
    cmd.env("TW_I18N_SHA256", pack_hashes);
    if !dev {
        cmd.arg("--release");
        size_flags(&mut cmd, split)?;
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
/// - with `split`, `--emit-relocs` (a linker flag): the relocations
///   wasm_split_cli_support needs to cut the wasm into chunks (`split.rs`). Only
///   then: binaryen warns that it cannot handle the linking section it leaves.
///
/// These are unstable flags of the pinned stable toolchain, unlocked for this one
/// build with `RUSTC_BOOTSTRAP=1` (as Firefox and Linux build their Rust); the set is
/// checked on every build by the size budget and the browser tests, and nothing else
/// (tests, CLI, clippy) uses them. Target-scoped RUSTFLAGS so build scripts and proc
/// macros, which run on the host, are untouched.
fn size_flags(cmd: &mut Command, split: bool) -> Result<()> {
    ensure_tool::rust_src()?;
    cmd.env("RUSTC_BOOTSTRAP", "1");
    let flags =
        "-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none";
    let relocs = if split {
        " -Clink-args=--emit-relocs"
    } else {
        ""
    };
    cmd.env(
        "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
        format!("{flags}{relocs}"),
    );
    cmd.args([
        "-Zbuild-std=std,panic_abort",
        "-Zbuild-std-features=optimize_for_size",
    ]);
    Ok(())
}
