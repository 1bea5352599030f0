//! The wasm after rustc: wasm-bindgen's glue, then wasm-opt at the level that compresses best.

use std::{fs, path::Path, process::Command, thread};

use anyhow::{Context, Result};

use super::js::npm_bin;
use super::STEM;
use crate::exec;

/// `split`: `wasm` is the main module of a split (`split.rs`), whose exports the
/// chunks link against, so wasm-bindgen keeps the linker's exports.
pub(super) fn bindgen(wasm: &Path, out: &Path, dev: bool, split: bool) -> Result<()> {
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
        .keep_lld_exports(split)
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
pub(super) fn optimise(input: &Path) -> Result<Vec<u8>> {
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
