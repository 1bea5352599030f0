//! aics-tlog (PyPI 0.2.1), an implementation of tlog-tiles, signed notes and
//! cosignatures independent of trust-tlog, in a virtualenv made once per machine
//! (`python3 -m venv`, then pip). It declares Python 3.12+; it runs on Debian
//! 12's 3.11 (checked: it imports and verifies), so it is installed with
//! `--ignore-requires-python` there.

use std::path::PathBuf;
use std::process::Stdio;
use std::sync::OnceLock;

use serde_json::Value;
use tokio::io::AsyncWriteExt;

const VERSION: &str = "0.2.1";

/// The virtualenv's python, installing aics-tlog on first use.
pub fn python() -> PathBuf {
    static PY: OnceLock<PathBuf> = OnceLock::new();
    PY.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("trust-collector-aics-tlog-{VERSION}"));
        let py = dir.join("bin/python");
        let ready = dir.join("ready");
        if !ready.exists() {
            let run = |cmd: &mut std::process::Command| {
                let out = cmd.output().expect("runs");
                assert!(
                    out.status.success(),
                    "{cmd:?}: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
            };
            run(std::process::Command::new("python3")
                .args(["-m", "venv"])
                .arg(&dir));
            run(std::process::Command::new(&py).args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "--ignore-requires-python",
                &format!("aics-tlog=={VERSION}"),
            ]));
            std::fs::write(&ready, VERSION).unwrap();
        }
        py
    })
    .clone()
}

/// Runs support/aics_check.py on `request`: Ok(summary) or Err(its reason).
pub async fn check(request: &Value) -> Result<Value, String> {
    let py = tokio::task::spawn_blocking(python).await.unwrap();
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/collector/support/aics_check.py"
    );
    let mut child = tokio::process::Command::new(py)
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(request.to_string().as_bytes())
        .await
        .unwrap();
    drop(stdin);
    let out = child.wait_with_output().await.unwrap();
    if out.status.success() {
        Ok(serde_json::from_slice(&out.stdout).unwrap())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}
