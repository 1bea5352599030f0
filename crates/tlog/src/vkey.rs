//! Verifier keys (c2sp.org/signed-note): `<name>+<hex key id>+<base64(type ||
//! public key)>`, the key id being `SHA-256(name || 0x0A || type || key)[:4]`.
//! Two types: 0x01, a log's Ed25519 note signature, and 0x04, an Ed25519
//! cosignature (c2sp.org/tlog-cosignature). Keys are checked strictly: the id
//! must match, the key must not be a small-order point.

use crate::error::Error;
use crate::note::is_key_name;
use alloc::string::String;
use base64::Engine;
use core::fmt;
use ed25519_dalek::{Signature, VerifyingKey};
use sha2::{Digest, Sha256};

/// The signature types this crate reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SigType {
    /// 0x01: Ed25519 over the note text (the log's checkpoint signature).
    Ed25519,
    /// 0x04: timestamped Ed25519 checkpoint cosignature (a witness).
    Cosignature,
}

impl SigType {
    pub fn byte(self) -> u8 {
        match self {
            SigType::Ed25519 => 0x01,
            SigType::Cosignature => 0x04,
        }
    }
}

/// A parsed, checked verifier key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifierKey {
    name: String,
    id: u32,
    kind: SigType,
    key: VerifyingKey,
}

/// `SHA-256(name || 0x0A || type || key)[:4]`, big-endian.
pub fn key_id(name: &str, kind: SigType, key: &[u8; 32]) -> u32 {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update([b'\n', kind.byte()]);
    h.update(key);
    let d = h.finalize();
    u32::from_be_bytes([d[0], d[1], d[2], d[3]])
}

impl VerifierKey {
    /// A key from its parts (the id is computed). Refuses bad names and weak keys.
    pub fn new(name: &str, kind: SigType, key: &[u8; 32]) -> Result<VerifierKey, Error> {
        if !is_key_name(name) {
            return Err(Error::BadKey("key name is empty or has a space or '+'"));
        }
        let vk =
            VerifyingKey::from_bytes(key).map_err(|_| Error::BadKey("not an Ed25519 point"))?;
        if vk.is_weak() {
            return Err(Error::WeakKey);
        }
        Ok(VerifierKey {
            name: String::from(name),
            id: key_id(name, kind, key),
            kind,
            key: vk,
        })
    }

    /// Reads `<name>+<8 lower-case hex>+<base64(type || 32-byte key)>`; the
    /// id must be the one the name and key give.
    pub fn parse(s: &str) -> Result<VerifierKey, Error> {
        let mut parts = s.splitn(3, '+');
        let (name, hex, b64) = match (parts.next(), parts.next(), parts.next()) {
            (Some(n), Some(h), Some(b)) => (n, h, b),
            _ => return Err(Error::BadKey("expected <name>+<key id>+<key>")),
        };
        if hex.len() != 8
            || !hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        {
            return Err(Error::BadKey("key id must be 8 lower-case hex digits"));
        }
        let id = u32::from_str_radix(hex, 16).map_err(|_| Error::BadKey("key id"))?;
        let raw = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .map_err(|_| Error::BadKey("key is not base64"))?;
        let kind = match raw.first() {
            Some(0x01) => SigType::Ed25519,
            Some(0x04) => SigType::Cosignature,
            _ => return Err(Error::BadKey("unsupported signature type")),
        };
        let key: [u8; 32] = raw[1..]
            .try_into()
            .map_err(|_| Error::BadKey("Ed25519 keys are 32 bytes"))?;
        let vk = VerifierKey::new(name, kind, &key)?;
        if vk.id != id {
            return Err(Error::BadKey("key id does not match the name and key"));
        }
        Ok(vk)
    }

    pub fn name(&self) -> &str {
        &self.name
    }
    pub fn id(&self) -> u32 {
        self.id
    }
    pub fn kind(&self) -> SigType {
        self.kind
    }
    pub fn public_key(&self) -> [u8; 32] {
        self.key.to_bytes()
    }

    /// Strict Ed25519 (`verify_strict`: no small-order components, canonical
    /// encodings only) of `sig` over `message`.
    pub fn verify(&self, message: &[u8], sig: &[u8]) -> bool {
        let Ok(sig) = <[u8; 64]>::try_from(sig) else {
            return false;
        };
        self.key
            .verify_strict(message, &Signature::from_bytes(&sig))
            .is_ok()
    }

    /// Whether a signature line names this key (name and id both match).
    pub fn matches(&self, name: &str, id: u32) -> bool {
        self.name == name && self.id == id
    }
}

impl fmt::Display for VerifierKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut raw = alloc::vec![self.kind.byte()];
        raw.extend_from_slice(self.key.as_bytes());
        let b64 = base64::engine::general_purpose::STANDARD.encode(raw);
        write!(f, "{}+{:08x}+{}", self.name, self.id, b64)
    }
}
