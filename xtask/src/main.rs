//! Project automation, in Rust so that it runs wherever `cargo` does (the xtask pattern).
//!
//! One file per task; this file only dispatches and holds the helpers they share.
//! Run `cargo xtask help` for the list of tasks.

mod bench;
mod bench_collector;
mod bench_log;
mod build;
mod collector_loop;
mod contract;
mod contract_code;
mod contract_fields;
mod contract_liquid;
mod contract_out;
mod contract_table;
mod demo;
mod dist;
mod ensure;
mod faults;
mod fuzz;
mod http;
mod mailbox;
mod packs;
mod pg;
mod serve;
mod site;
mod size;
mod test;

use std::{
    env,
    path::{Path, PathBuf},
    process::{Command, ExitCode},
    time::Instant,
};

use anyhow::{bail, Context, Result};

const HELP: &str = "\
cargo xtask <task> [options]

tasks:
  bench [--loads N] measure load time, scale, layout shift, long tasks and memory in
                    headless Chromium (20 loads each by default), and the review
                    collector's ingest, form, publishing and memory; target/bench/report.md
  bench collector   only the collector's rows (target/bench/collector.md)
  bench log [--loads N]  only the review log's added first-view cost (target/bench/log.md)
  bench phone [--loads N]  only the phone rows: CPU 4x and 1x on a mobile screen, long
                    tasks, interactions, repeat visits (target/bench/phone.md)
  build [--dev]     build the widget into target/www (hashed glue + wasm, manifest.json);
                    --dev: debug profile, no wasm-opt (fast, big)
  demo [--port N]   build, sign the demo manifests with demo keys, serve the demo
                    storefront on http://127.0.0.1:8080/ (or port N)
  gen               write what pkg-config/options.toml (the embed options table)
                    generates: the loader's option lists, index.d.ts, the README's
                    table, the Shopify blocks' settings, View and Theme
  fuzz [--seconds N] [TARGET...]
                    run the cargo-fuzz targets (envelope, manifest, json, keyset) for
                    N seconds each (60 by default), seeded from tests/vectors; needs nightly
  dist              the npm package (target/dist/*.tgz) and the CDN layout with SRI hashes
  size              print raw/gzip/brotli sizes of target/www and check pkg-config/size-budget.toml
  test [STEP...]    run every test step in order, stopping at the first failure;
                    with STEP arguments, only the steps whose name contains one of them
  help              this text
";

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("build") => parse_build_flags(&args[1..]).and_then(|dev| build::run(dev).map(drop)),
        Some("bench") if args.get(1).map(String::as_str) == Some("collector") => {
            no_flags(&args[2..]).and_then(|()| bench::collector_only())
        }
        Some("bench") if args.get(1).map(String::as_str) == Some("log") => {
            parse_loads(&args[2..]).and_then(bench_log::only)
        }
        Some("bench") if args.get(1).map(String::as_str) == Some("phone") => {
            parse_loads(&args[2..]).and_then(bench::phone_only)
        }
        Some("bench") => parse_loads(&args[1..]).and_then(bench::run),
        Some("demo") => parse_port(&args[1..]).and_then(demo::run),
        Some("dist") => no_flags(&args[1..]).and_then(|()| dist::run().map(drop)),
        Some("gen") => no_flags(&args[1..]).and_then(|()| contract::gen()),
        Some("fuzz") => parse_fuzz(&args[1..]).and_then(|(s, t)| fuzz::run(s, &t)),
        Some("size") => no_flags(&args[1..]).and_then(|()| size::run()),
        Some("test") => test::run(&args[1..]),
        Some("help" | "-h" | "--help") | None => {
            print!("{HELP}");
            Ok(())
        }
        Some(other) => Err(anyhow::anyhow!("unknown task `{other}`\n\n{HELP}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // `{:#}` prints the whole context chain on one line: "building x: running y: …".
            eprintln!("xtask: error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn parse_build_flags(args: &[String]) -> Result<bool> {
    match args {
        [] => Ok(false),
        [flag] if flag == "--dev" => Ok(true),
        _ => bail!("usage: cargo xtask build [--dev]"),
    }
}

fn parse_loads(args: &[String]) -> Result<usize> {
    match args {
        [] => Ok(20),
        [flag, n] if flag == "--loads" => n.parse().context("--loads takes a number"),
        _ => bail!("usage: cargo xtask bench [--loads N]"),
    }
}

fn parse_port(args: &[String]) -> Result<u16> {
    match args {
        [] => Ok(8080),
        [flag, port] if flag == "--port" => port.parse().context("--port takes a number"),
        _ => bail!("usage: cargo xtask demo [--port N]"),
    }
}

fn parse_fuzz(args: &[String]) -> Result<(u64, Vec<String>)> {
    match args {
        [flag, n, targets @ ..] if flag == "--seconds" => Ok((
            n.parse().context("--seconds takes a number")?,
            targets.to_vec(),
        )),
        targets if targets.iter().all(|t| !t.starts_with('-')) => Ok((60, targets.to_vec())),
        _ => bail!("usage: cargo xtask fuzz [--seconds N] [TARGET...]"),
    }
}

fn no_flags(args: &[String]) -> Result<()> {
    if !args.is_empty() {
        bail!("unexpected arguments: {}", args.join(" "));
    }
    Ok(())
}

/// The workspace root: xtask always lives one level below it.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask has a parent directory")
        .to_path_buf()
}

/// Cargo's target directory, honouring CARGO_TARGET_DIR like cargo itself does.
pub fn target_dir() -> PathBuf {
    match env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root().join(dir),
        None => root().join("target"),
    }
}

/// Where `build` puts what a storefront downloads.
pub fn www_dir() -> PathBuf {
    target_dir().join("www")
}

/// `cargo` as invoked us (rustup's proxy or a toolchain's), so nested builds use the same toolchain.
pub fn cargo() -> Command {
    let mut cmd = Command::new(env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.current_dir(root());
    cmd
}

/// Runs a command in the workspace root unless it already has a directory,
/// echoing it first so that a failure can be reproduced by hand.
pub fn exec(cmd: &mut Command) -> Result<()> {
    if cmd.get_current_dir().is_none() {
        cmd.current_dir(root());
    }
    let shown = display(cmd);
    eprintln!("$ {shown}");
    let status = cmd
        .status()
        .with_context(|| format!("could not start `{shown}` (is it installed and on PATH?)"))?;
    if !status.success() {
        bail!("`{shown}` failed ({status})");
    }
    Ok(())
}

/// Runs a command and returns its trimmed stdout; None if it cannot start or fails.
pub fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn display(cmd: &Command) -> String {
    let mut parts: Vec<String> = cmd
        .get_envs()
        .filter_map(|(k, v)| Some(format!("{}={}", k.to_str()?, v?.to_str()?)))
        .collect();
    parts.push(cmd.get_program().to_string_lossy().into_owned());
    parts.extend(cmd.get_args().map(|a| a.to_string_lossy().into_owned()));
    parts.join(" ")
}

/// The version of `package` recorded in Cargo.lock (the first one, if several are locked).
pub fn locked_version(package: &str) -> Result<String> {
    let path = root().join("Cargo.lock");
    let lock = std::fs::read_to_string(&path)
        .with_context(|| format!("reading {} (run `cargo generate-lockfile`)", path.display()))?;
    let needle = format!("name = \"{package}\"\nversion = \"");
    let start = lock
        .find(&needle)
        .with_context(|| format!("{package} is not in Cargo.lock"))?
        + needle.len();
    let len = lock[start..].find('"').context("malformed Cargo.lock")?;
    Ok(lock[start..start + len].to_string())
}

/// sha256 of `bytes`, lower-case hex.
pub fn sha2_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A JSON file, with its path in any error.
pub fn read_json(path: &Path) -> Result<serde_json::Value> {
    let text = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_slice(&text).with_context(|| format!("parsing {}", path.display()))
}

/// Prints how long a named piece of work took; used by `test` for every step.
pub fn timed<T>(name: &str, work: impl FnOnce() -> Result<T>) -> Result<T> {
    eprintln!("\n==> {name}");
    let started = Instant::now();
    let result = work();
    let secs = started.elapsed().as_secs_f32();
    match &result {
        Ok(_) => eprintln!("<== {name}: ok in {secs:.1} s"),
        Err(_) => eprintln!("<== {name}: FAILED after {secs:.1} s"),
    }
    result.with_context(|| format!("step `{name}`"))
}
