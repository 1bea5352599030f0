//! The demo's witness (c2sp.org/tlog-witness, issue 15 item 2): `trust-collector
//! witness` in a process of its own, with its own key and state in
//! target/demo/witness, cosigning the demo collector's log. The collector is
//! configured to ask it (`TRUST_COLLECTOR_WITNESSES`), and the demo's trust list
//! requires its cosignature (k = 1), so the product page's widget shows the
//! collector's reviews only while this witness vouches for the log.

use std::fs;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use crate::http;

/// The witness's key name (its cosignature lines start with it).
pub const NAME: &str = "witness.trust-widget.test/demo";

/// The running witness.
pub(super) struct Witness {
    pub child: Child,
    /// Its submission prefix, `http://127.0.0.1:<port>` (`/add-checkpoint` below it).
    pub url: String,
    /// Its cosignature verifier key (`<name>+<id>+<base64(0x04 || key)>`).
    pub key: String,
}

/// Starts the witness for the log whose verifier key is `log_key`, with its
/// key (kept between runs, like the collector's) and state in `dir`.
pub(super) fn start(bin: &Path, dir: &Path, log_key: &str) -> Result<Witness> {
    // The demo's log starts empty on every run (the collector's database is
    // fresh), so the state of the last run's log goes too: a witness that
    // remembered it would rightly refuse the new log as a fork.
    let state = dir.join("logs");
    if state.exists() {
        fs::remove_dir_all(&state)?;
    }
    fs::create_dir_all(dir)?;
    let out = Command::new(bin)
        .args(["witness", "--name", NAME, "--print-key", "--data-dir"])
        .arg(dir)
        .output()
        .with_context(|| format!("running {}", bin.display()))?;
    if !out.status.success() {
        bail!(
            "trust-collector witness --print-key: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let key = String::from_utf8(out.stdout)?.trim().to_string();
    let addr = super::free_port()?;
    let log = fs::File::create(dir.join("witness.log"))?;
    let mut child = Command::new(bin)
        .args(["witness", "--name", NAME, "--log", log_key, "--data-dir"])
        .arg(dir)
        .arg("--listen")
        .arg(addr.to_string())
        .env("RUST_LOG", "info")
        .stdin(Stdio::null())
        .stdout(log.try_clone()?)
        .stderr(log)
        .spawn()
        .with_context(|| format!("starting {} witness", bin.display()))?;
    end_with_this_process(&child)?;
    // Any HTTP answer will do (`GET /` is a 404).
    let answering = || http::request(addr, "GET", "/", &[], b"").is_ok();
    if let Err(e) = wait_ready(
        "trust-collector witness",
        &mut child,
        &dir.join("witness.log"),
        answering,
    ) {
        let _ = child.kill();
        let _ = child.wait();
        return Err(e);
    }
    Ok(Witness {
        child,
        url: format!("http://{addr}"),
        key,
    })
}

/// Should this process end without dropping what it started (a signal), the
/// child ends too, a second later.
pub(super) fn end_with_this_process(child: &Child) -> Result<()> {
    Command::new("sh")
        .arg("-c")
        .arg(format!(
            "while kill -0 {} 2>/dev/null; do sleep 1; done; kill {} 2>/dev/null",
            std::process::id(),
            child.id()
        ))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    Ok(())
}

/// Waits (at most 60 s) until `ready`, or fails with the log of the child
/// (`what`) when it exits first.
pub(super) fn wait_ready(
    what: &str,
    child: &mut Child,
    log: &Path,
    ready: impl Fn() -> bool,
) -> Result<()> {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(60) {
        if ready() {
            return Ok(());
        }
        if let Some(status) = child.try_wait()? {
            bail!(
                "{what} exited ({status}); its log, {}:\n{}",
                log.display(),
                fs::read_to_string(log).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    bail!("{what} was not ready within 60 s; see {}", log.display())
}
