//! The JavaScript steps, with npm's esbuild: the shipped loader bundled, the glue minified.

use std::{
    io::Write,
    path::PathBuf,
    process::{Command, Stdio},
    thread,
};

use anyhow::{ensure, Context, Result};

use crate::root;

/// A tool from the root package.json's devDependencies (`npm ci` installs them).
pub(super) fn npm_bin(name: &str) -> Result<PathBuf> {
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
pub(super) fn stage_loader(assets: &[(&str, String); 2], minified: bool) -> Result<String> {
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
pub(super) fn minify(source: &str, extra: &[&str]) -> Result<String> {
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
