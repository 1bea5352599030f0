//! `trustctl schema`: the manifest's JSON Schema, generated from the Rust types so
//! it cannot drift from what the verifier reads. The committed copy in
//! `pkg-config/schema/` is checked against it by `tests/cli/schema.rs`.

use anyhow::Result;

const AFTER: &str = "\
Example:
  trustctl schema > pkg-config/schema/trust-manifest.v1.schema.json";

/// Print the JSON Schema of the manifest payload.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER)]
pub struct Args {}

pub fn run(_: Args) -> Result<()> {
    let mut text = trust_manifest::manifest_schema();
    text.push('\n');
    crate::io::write_output(None, text.as_bytes())
}
