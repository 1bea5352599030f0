//! Demo keys: generated once under target/demo/keys (never committed) by the
//! `trustctl` the demo builds, and kept across stagings.

use std::{fs, path::Path, process::Command};

use anyhow::Result;

use crate::exec;

/// Generates NAME.key / NAME.pub once; returns the public key text.
pub(crate) fn keygen(trustctl: &Path, keys: &Path, name: &str) -> Result<String> {
    let public = keys.join(format!("{name}.pub"));
    if !public.exists() {
        exec(
            Command::new(trustctl)
                .arg("keygen")
                .arg("--out")
                .arg(keys.join(name)),
        )?;
    }
    Ok(fs::read_to_string(public)?.trim().to_owned())
}
