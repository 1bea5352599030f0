//! Content hashes: the 8-digit ones in file names, and Subresource Integrity.

use base64::Engine;
use sha2::{Digest, Sha256, Sha384};

/// First 8 hex digits of SHA-256: enough to bust caches, short enough to read.
pub(super) fn hash8(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes)[..4])
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Subresource Integrity of `bytes` (`sha384-<base64>`), as browsers check it.
pub(crate) fn sri(bytes: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD;
    format!("sha384-{}", b64.encode(Sha384::digest(bytes)))
}

/// Subresource Integrity with SHA-256 (`sha256-<base64>`).
pub(super) fn sri_sha256(bytes: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD;
    format!("sha256-{}", b64.encode(Sha256::digest(bytes)))
}
