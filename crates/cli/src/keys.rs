//! `trustctl keys`: builds or rotates the brand's key set (`trust-keys.json`).
//!
//! Each version is signed by the root of the version before it (the first by its
//! own root), so a rotation is always vouched for by the old key: a thief of a
//! manifest-signing key cannot publish a key set of their own.

use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use trust_manifest::{
    sign_envelope, verify_key_set, KeySetFile, KeySetVersion, PublicKey, Timestamp,
    KEYS_PAYLOAD_TYPE,
};

use crate::exit::rejected;
use crate::io;

const AFTER: &str = "\
Without --keys, starts a key set (version 1, root = ROOT.key's public key).
With --keys, verifies the existing chain and appends the next version, signed by
ROOT.key, which must be the current root. Publish the result at
/.well-known/trust-keys.json.

Examples:
  trustctl keys --root root.key --issuer northwind-outdoor --add brand.pub -o trust-keys.json
  trustctl keys --root root.key --keys trust-keys.json --add brand-2026.pub --remove brand.pub -o trust-keys.json
  trustctl keys --root root.key --keys trust-keys.json --new-root root-2.key -o trust-keys.json";

/// Build or rotate the brand's key set (trust-keys.json).
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER)]
pub struct Args {
    /// The current root's secret key: it signs the new version.
    #[arg(long, value_name = "ROOT.key")]
    root: PathBuf,
    /// A key allowed to sign manifests: .pub file or "ed25519:<base64>" (repeatable).
    #[arg(long, value_name = "NAME.pub")]
    add: Vec<String>,
    /// A key to retire (repeatable).
    #[arg(long, value_name = "NAME.pub")]
    remove: Vec<String>,
    /// Hand the root over to this key from the new version on. Its secret key: the
    /// new version is signed by both roots (as TUF signs a new root), so a widget or
    /// `verify --keys` that pins the new root can start the chain at this version.
    #[arg(long, value_name = "NEW.key")]
    new_root: Option<PathBuf>,
    /// The brand's issuer id (required for a new key set).
    #[arg(long, value_name = "ID")]
    issuer: Option<String>,
    /// The existing key set to rotate.
    #[arg(long, value_name = "trust-keys.json")]
    keys: Option<PathBuf>,
    /// Signing time instead of the system clock (RFC 3339).
    #[arg(long, value_name = "RFC3339", value_parser = io::parse_timestamp)]
    now: Option<Timestamp>,
    /// Where to write the key set (default: stdout). May be the --keys file.
    #[arg(short, long, value_name = "OUT")]
    out: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<()> {
    let root = io::read_secret_key(&args.root)?;
    let add = parse_keys(&args.add)?;
    let remove = parse_keys(&args.remove)?;
    let new_root = args
        .new_root
        .as_deref()
        .map(io::read_secret_key)
        .transpose()?;

    let (mut file, issuer, version, mut keys, current_root) = match &args.keys {
        None => {
            let issuer = args.issuer.clone().context(
                "a new key set needs --issuer ID (the manifest's issuer.id); to rotate, pass the existing set with --keys",
            )?;
            if new_root.is_some() {
                bail!("--new-root rotates an existing key set; pass it with --keys (a new set's root is --root)");
            }
            (KeySetFile::default(), issuer, 1, Vec::new(), root.public())
        }
        Some(path) => {
            let json = io::read_input(path)?;
            // The chain must verify before we extend it: signing on top of a
            // broken chain would publish a key set no widget accepts.
            let trusted = verify_key_set(&json, None).map_err(rejected)?;
            if trusted.root != root.public() {
                bail!(
                    "{} is not the current root of {} (which is {}); sign with that key",
                    args.root.display(),
                    path.display(),
                    trusted.root
                );
            }
            if let Some(id) = &args.issuer {
                if *id != trusted.issuer {
                    bail!("--issuer {id} differs from the key set's issuer {}; the issuer never changes", trusted.issuer);
                }
            }
            let file: KeySetFile =
                serde_json::from_slice(&json).context("the key set is not JSON")?;
            (
                file,
                trusted.issuer,
                trusted.version + 1,
                trusted.keys,
                trusted.root,
            )
        }
    };

    for key in &remove {
        if !keys.contains(key) {
            bail!("--remove {key}: not in the current key set");
        }
    }
    keys.retain(|k| !remove.contains(k));
    for key in add {
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    if keys.is_empty() {
        bail!("the new version would have no signing keys; add one with --add NAME.pub");
    }

    let next = KeySetVersion {
        spec: "1".into(),
        issuer,
        version,
        issued_at: args.now.unwrap_or_else(io::now),
        root: new_root
            .as_ref()
            .map_or(current_root, |k| k.public())
            .to_string(),
        keys: keys.iter().map(PublicKey::to_string).collect(),
    };
    let payload = serde_json::to_vec(&next).expect("a key set version always serialises");
    let mut signers = vec![&root];
    signers.extend(new_root.as_ref());
    file.versions
        .push(sign_envelope(KEYS_PAYLOAD_TYPE, &payload, &signers));

    // Re-verify what we are about to publish, rooted where the chain starts and
    // pinned on the new version's root.
    let out = io::to_pretty(&file);
    verify_key_set(&out, None).map_err(rejected)?;
    let pinned = PublicKey::parse(&next.root).map_err(rejected)?;
    verify_key_set(&out, Some(&pinned)).map_err(rejected)?;
    io::write_output(args.out.as_deref(), &out)?;
    eprintln!(
        "key set version {version} of {}: {} signing key(s), root {}",
        next.issuer,
        next.keys.len(),
        next.root
    );
    Ok(())
}

fn parse_keys(args: &[String]) -> Result<Vec<PublicKey>> {
    args.iter().map(|a| io::read_public_key(a)).collect()
}
