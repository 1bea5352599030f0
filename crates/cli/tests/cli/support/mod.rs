//! Helpers shared by the CLI's integration tests: running the built `trustctl`,
//! scratch directories, and reading static HTML with a real HTML5 parser.
//!
//! Each test binary compiles this module and uses only part of it.
#![allow(dead_code)]

pub mod html;

use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs the `trustctl` built for these tests in `dir`: exit status (-1 when killed
/// by a signal), stdout and stderr, both UTF-8.
pub fn trustctl(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_trustctl"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("trustctl runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        String::from_utf8(out.stderr).expect("UTF-8 stderr"),
    )
}

/// Runs `trustctl` in `dir`, which must succeed; returns its stdout.
pub fn trustctl_ok(dir: &Path, args: &[&str]) -> String {
    let (code, out, err) = trustctl(dir, args);
    assert_eq!(code, 0, "trustctl {args:?}: {err}");
    out
}

/// `trustctl_ok` with the arguments written as one line (split on whitespace):
/// test steps read like the commands a merchant types.
pub fn trustctl_line(dir: &Path, line: &str) -> String {
    trustctl_ok(dir, &line.split_whitespace().collect::<Vec<_>>())
}

/// A fresh, empty directory for one test (`<test binary's tmp>/<name>-<pid>`).
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
