//! The collector's signing key: created in the data directory on first use, mode
//! 0600, in trustctl's text form (`ed25519-secret:…`), so `trustctl` can read it too.
//! Also the crate's source of randomness (webhook secrets, ids; c2's tokens).

use std::fs;
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use trust_manifest::SecretKey;

pub const KEY_FILE: &str = "collector.key";

/// The key file's path in `data_dir`.
pub fn key_path(data_dir: &Path) -> PathBuf {
    data_dir.join(KEY_FILE)
}

/// Reads the collector key, creating it (0600, never overwriting) when missing.
pub fn load_or_create(data_dir: &Path) -> Result<SecretKey> {
    load_or_create_file(&key_path(data_dir), "collector")
}

/// A key file of its own (the log key, a witness key), kept like the collector key.
pub fn load_or_create_file(path: &Path, what: &str) -> Result<SecretKey> {
    let path = path.to_path_buf();
    let data_dir = path.parent().unwrap_or(Path::new("."));
    if !path.exists() {
        fs::create_dir_all(data_dir)
            .with_context(|| format!("cannot create {}", data_dir.display()))?;
        let key = SecretKey::from_seed(&random_bytes::<32>());
        // create_new: two first starts racing cannot both write (one reads the other's).
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path)
        {
            Ok(mut f) => {
                f.write_all(format!("{}\n", key.to_text()).as_bytes())
                    .and_then(|_| f.sync_all())
                    .with_context(|| format!("cannot write {}", path.display()))?;
                tracing::info!(path = %path.display(), public = %key.public(), "created the {what} key");
                return Ok(key);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e).with_context(|| format!("cannot create {}", path.display())),
        }
    }
    let mode = fs::metadata(&path)
        .with_context(|| format!("cannot read {}", path.display()))?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        bail!(
            "{} is readable by others (mode {:o}); run `chmod 600 {}`",
            path.display(),
            mode & 0o777,
            path.display()
        );
    }
    let text =
        fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
    SecretKey::parse(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

/// The 32-byte seed of a key (for the log's and witnesses' note signers, which
/// sign with the same Ed25519 keys in the signed-note format).
pub fn seed_of(key: &SecretKey) -> [u8; 32] {
    let text = key.to_text();
    let b64 = text.strip_prefix("ed25519-secret:").unwrap_or_default();
    base64::Engine::decode(&base64::engine::general_purpose::STANDARD, b64)
        .ok()
        .and_then(|b| b.try_into().ok())
        .expect("a secret key's text form holds its 32-byte seed")
}

/// `N` bytes from the operating system's random source.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    getrandom::getrandom(&mut b).expect("the OS random source is available");
    b
}

/// 128 random bits as 32 hex digits: ids that reveal nothing and never collide.
pub fn random_id() -> String {
    trust_manifest::hex(&random_bytes::<16>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn created_once_with_mode_0600_and_stable() {
        let dir = tempfile::tempdir().unwrap();
        let a = load_or_create(dir.path()).unwrap();
        let mode = fs::metadata(key_path(dir.path()))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        let b = load_or_create(dir.path()).unwrap();
        assert_eq!(a.public().to_string(), b.public().to_string());
        assert!(a.public().to_string().starts_with("ed25519:"));
    }

    #[test]
    fn a_key_readable_by_others_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        load_or_create(dir.path()).unwrap();
        fs::set_permissions(key_path(dir.path()), fs::Permissions::from_mode(0o644)).unwrap();
        let err = load_or_create(dir.path()).unwrap_err().to_string();
        assert!(err.contains("chmod 600"), "{err}");
    }
}
