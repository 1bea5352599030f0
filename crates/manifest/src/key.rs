//! Ed25519 public keys as written in embeds, key sets and trust lists:
//! `ed25519:<base64 of the 32 key bytes>`.

use alloc::string::String;
use core::fmt;

use base64::Engine;
use ed25519_dalek::{Signature, VerifyingKey};
use sha2::{Digest, Sha256};

use crate::{encoding, Error};

/// A strict Ed25519 public key. Weak (small-order) keys are refused on parse.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PublicKey(VerifyingKey);

impl PublicKey {
    /// Parses `ed25519:<base64>` (standard or URL-safe, padding optional).
    pub fn parse(s: &str) -> Result<PublicKey, Error> {
        let b64 = s
            .trim()
            .strip_prefix("ed25519:")
            .ok_or_else(|| Error::BadKey(String::from("expected the prefix \"ed25519:\"")))?;
        let bytes = encoding::decode_base64(b64).map_err(|_| Error::BadEncoding("key"))?;
        let bytes: [u8; 32] = bytes
            .try_into()
            .map_err(|_| Error::BadKey(String::from("an Ed25519 key is 32 bytes")))?;
        Self::from_bytes(&bytes)
    }

    /// From the 32 raw key bytes.
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<PublicKey, Error> {
        let key = VerifyingKey::from_bytes(bytes)
            .map_err(|_| Error::BadKey(String::from("not a point on the curve")))?;
        if key.is_weak() {
            return Err(Error::WeakKey);
        }
        Ok(PublicKey(key))
    }

    /// The raw key bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        self.0.as_bytes()
    }

    /// The key id used as a DSSE `keyid` hint: hex of the first 8 bytes of sha256(key).
    pub fn key_id(&self) -> String {
        hex(&Sha256::digest(self.as_bytes())[..8])
    }

    /// Strict verification: rejects non-canonical signatures and small-order components.
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> Result<(), Error> {
        let sig = Signature::from_slice(signature).map_err(|_| Error::SignatureInvalid)?;
        self.0
            .verify_strict(message, &sig)
            .map_err(|_| Error::SignatureInvalid)
    }
}

impl fmt::Display for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let b64 = base64::engine::general_purpose::STANDARD.encode(self.as_bytes());
        write!(f, "ed25519:{b64}")
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

/// sha256 of some bytes, lower-case hex: the form `previous` and evidence hashes use.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::borrow::ToOwned;

    #[test]
    fn weak_keys_are_refused() {
        // The identity point (small order): any signature with R = identity, S = 0 "verifies"
        // under a lax check.
        let mut identity = [0u8; 32];
        identity[0] = 1;
        assert_eq!(PublicKey::from_bytes(&identity), Err(Error::WeakKey));
    }

    #[test]
    fn parse_forms() {
        let sk = ed25519_dalek::SigningKey::from_bytes(&[7u8; 32]);
        let pk = PublicKey::from_bytes(sk.verifying_key().as_bytes()).unwrap();
        let text = alloc::format!("{pk}");
        assert_eq!(PublicKey::parse(&text).unwrap(), pk);
        let url_safe = text
            .replace('+', "-")
            .replace('/', "_")
            .trim_end_matches('=')
            .to_owned();
        assert_eq!(PublicKey::parse(&url_safe).unwrap(), pk);
        assert_eq!(
            PublicKey::parse("ed25519:AAAA").unwrap_err().code(),
            "bad-key"
        );
        assert_eq!(PublicKey::parse("rsa:AAAA").unwrap_err().code(), "bad-key");
        assert_eq!(
            PublicKey::parse("ed25519:!!").unwrap_err().code(),
            "bad-encoding"
        );
        assert_eq!(pk.key_id().len(), 16);
    }
}
