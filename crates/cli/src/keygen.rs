//! `trustctl keygen`: a new Ed25519 key pair as two small text files.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use trust_manifest::SecretKey;

use crate::io::with_extension;

const AFTER: &str = "\
Writes NAME.key (the secret, mode 0600) and NAME.pub (\"ed25519:<base64>\", for
the embed's data-key, the key set and `trustctl verify --key`).

Examples:
  trustctl keygen --out brand
  trustctl keygen --out keys/collector --force";

/// Create a key pair: NAME.key (secret) and NAME.pub (public).
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER)]
pub struct Args {
    /// Base name of the files to write (NAME.key and NAME.pub).
    #[arg(long, value_name = "NAME")]
    out: PathBuf,
    /// Overwrite existing files.
    #[arg(long)]
    force: bool,
}

pub fn run(args: Args) -> Result<()> {
    let secret_path = with_extension(&args.out, "key");
    let public_path = with_extension(&args.out, "pub");
    if !args.force {
        // Check both before writing either: never leave a mismatched pair behind.
        for path in [&secret_path, &public_path] {
            if path.exists() {
                bail!(
                    "{} already exists; pass --force to overwrite it (the old key is then lost), or choose another --out",
                    path.display()
                );
            }
        }
    }

    let mut seed = [0u8; 32];
    getrandom::getrandom(&mut seed)
        .map_err(|e| anyhow::anyhow!("the operating system's random source failed: {e}"))?;
    let key = SecretKey::from_seed(&seed);
    seed.fill(0);

    write_secret(&secret_path, key.to_text().as_bytes())?;
    let public = key.public();
    fs::write(&public_path, format!("{public}\n"))
        .with_context(|| format!("cannot write {}", public_path.display()))?;

    println!("public key: {public}");
    println!("key id:     {}", public.key_id());
    eprintln!(
        "wrote {} (secret: keep it off the web server) and {}",
        secret_path.display(),
        public_path.display()
    );
    Ok(())
}

/// Writes the secret readable by its owner only, from the moment it exists.
fn write_secret(path: &Path, text: &[u8]) -> Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    // `mode` applies only to new files; with --force the old file keeps its mode.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(fs::Permissions::from_mode(0o600))
            .with_context(|| format!("cannot restrict {} to mode 0600", path.display()))?;
    }
    file.write_all(text)
        .and_then(|()| file.write_all(b"\n"))
        .with_context(|| format!("cannot write {}", path.display()))
}
