//! `cargo xtask fuzz [--seconds N] [TARGET...]`: runs the cargo-fuzz targets of
//! `fuzz/` (envelope parse + verify, manifest parse, the JSON reader, key set
//! verification) for N seconds each, one after the other, after seeding each
//! corpus from the test vectors and the sample manifests.
//!
//! The fuzz crate is its own workspace (excluded from the main one: libfuzzer
//! needs nightly and sanitizer flags) and builds into target/fuzz, so it never
//! contends with the main build's lock. Corpora grow in fuzz/corpus/<target>
//! (git-ignored); a crash leaves its input in fuzz/artifacts/<target>.

use std::{
    collections::BTreeMap,
    fs,
    path::{Path, PathBuf},
    process::{Command, Stdio},
};

use anyhow::{bail, Context, Result};

use crate::{ensure, root, target_dir};

pub const TARGETS: &[&str] = &["envelope", "manifest", "json", "keyset"];

/// Executions and corpus size of one finished run.
pub struct Outcome {
    pub target: &'static str,
    pub executions: u64,
    pub corpus: usize,
}

pub fn run(seconds: u64, only: &[String]) -> Result<()> {
    let targets: Vec<&'static str> = TARGETS
        .iter()
        .copied()
        .filter(|t| only.is_empty() || only.iter().any(|o| o == t))
        .collect();
    if targets.is_empty() {
        bail!(
            "no fuzz target named {only:?}; targets: {}",
            TARGETS.join(", ")
        );
    }
    ensure::cargo_fuzz()?;
    ensure::nightly()?;
    seed()?;
    let mut outcomes = Vec::new();
    for target in targets {
        outcomes.push(run_one(target, seconds)?);
    }
    for o in &outcomes {
        eprintln!(
            "fuzz {}: {} executions in {seconds} s, 0 crashes, corpus {} inputs",
            o.target, o.executions, o.corpus
        );
    }
    Ok(())
}

fn fuzz_dir() -> PathBuf {
    root().join("fuzz")
}

/// Builds (if needed) and runs one target in-process; libFuzzer's output goes to
/// target/fuzz/<target>.log, and a crash fails with its tail.
fn run_one(target: &'static str, seconds: u64) -> Result<Outcome> {
    let log_path = target_dir().join(format!("fuzz/{target}.log"));
    fs::create_dir_all(log_path.parent().expect("has a parent"))?;
    let log = fs::File::create(&log_path)?;
    let corpus = fuzz_dir().join("corpus").join(target);
    eprintln!(
        "$ cargo +nightly fuzz run {target} -- -max_total_time={seconds} (log: {})",
        log_path.display()
    );
    let status = nightly_cargo()
        .args(["fuzz", "run", target])
        .arg(&corpus)
        .arg("--")
        .arg(format!("-max_total_time={seconds}"))
        .args(["-print_final_stats=1", "-timeout=10", "-rss_limit_mb=2048"])
        .stdout(log.try_clone()?)
        .stderr(log)
        .status()
        .context("running cargo fuzz")?;
    let text = fs::read_to_string(&log_path).unwrap_or_default();
    if !status.success() {
        let tail: Vec<&str> = text.lines().rev().take(40).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        bail!(
            "fuzz target {target} failed ({status}); inputs in fuzz/artifacts/{target}/:\n{}",
            tail.join("\n")
        );
    }
    let executions = text
        .lines()
        .find_map(|l| l.strip_prefix("stat::number_of_executed_units:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    let corpus = fs::read_dir(&corpus).map_or(0, |d| d.count());
    Ok(Outcome {
        target,
        executions,
        corpus,
    })
}

/// `cargo +nightly` in fuzz/, building into target/fuzz.
fn nightly_cargo() -> Command {
    let mut cmd = Command::new("cargo");
    cmd.arg("+nightly")
        .current_dir(fuzz_dir())
        .env("CARGO_TARGET_DIR", target_dir().join("fuzz"))
        // The outer cargo's toolchain must not leak into the nightly one.
        .env_remove("RUSTUP_TOOLCHAIN")
        .env_remove("CARGO")
        .env_remove("RUSTC")
        .env_remove("RUSTDOC")
        .stdin(Stdio::null());
    cmd
}

/// Writes seed inputs into fuzz/corpus/<target>/, one file per distinct input
/// (named by its sha256, so seeding twice adds nothing).
pub fn seed() -> Result<()> {
    let mut seeds: BTreeMap<&str, Vec<Vec<u8>>> = BTreeMap::new();
    let mut payloads = Vec::new();
    let mut vectors: Vec<PathBuf> = fs::read_dir(root().join("tests/vectors"))?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    vectors.sort();
    for path in vectors
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
    {
        let case: serde_json::Value = read_json(path)?;
        let envelope = match (&case["envelope"], case["envelope_text"].as_str()) {
            (serde_json::Value::Object(_), _) => serde_json::to_vec(&case["envelope"])?,
            (_, Some(text)) => text.as_bytes().to_vec(),
            _ => continue,
        };
        if let Some(payload) = case["envelope"]["payload"].as_str() {
            if let Ok(bytes) = trust_manifest::decode_base64(payload) {
                payloads.push(bytes);
            }
        }
        seeds.entry("envelope").or_default().push(envelope);
    }
    let samples = root().join("www/manifests/src");
    for entry in fs::read_dir(&samples)? {
        let manifest = entry?.path().join("manifest.json");
        if manifest.is_file() {
            payloads.push(fs::read(&manifest)?);
        }
    }
    let staged = target_dir().join("demo/site");
    for (dir, target) in [
        ("manifests", "envelope"),
        ("faults", "envelope"),
        (".well-known", "keyset"),
    ] {
        if let Ok(entries) = fs::read_dir(staged.join(dir)) {
            for entry in entries.flatten() {
                let path = entry.path();
                if path.extension().is_some_and(|e| e == "json") {
                    let bytes = fs::read(&path)?;
                    let target = if file_name(&path).contains("keys") {
                        "keyset"
                    } else {
                        target
                    };
                    seeds.entry(target).or_default().push(bytes);
                }
            }
        }
    }
    for entry in fs::read_dir(fuzz_dir().join("seeds/keyset"))? {
        seeds
            .entry("keyset")
            .or_default()
            .push(fs::read(entry?.path())?);
    }
    seeds
        .entry("manifest")
        .or_default()
        .extend(payloads.iter().cloned());
    let everything: Vec<Vec<u8>> = seeds.values().flatten().cloned().collect();
    seeds.entry("json").or_default().extend(everything);
    for (target, inputs) in seeds {
        let dir = fuzz_dir().join("corpus").join(target);
        fs::create_dir_all(&dir)?;
        for input in inputs {
            let name = crate::sha2_hex(&input);
            fs::write(dir.join(&name[..16]), input)?;
        }
    }
    Ok(())
}

fn read_json(path: &Path) -> Result<serde_json::Value> {
    serde_json::from_slice(&fs::read(path)?).with_context(|| format!("parsing {}", path.display()))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_owned()
}
