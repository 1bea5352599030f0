//! Signing: compiled only with the `sign` feature, which only `trustctl` enables.
//! The widget is verify-only by construction.

use alloc::string::String;
use alloc::vec::Vec;

use ed25519_dalek::{Signer, SigningKey};

use crate::{encoding, envelope::pae, Envelope, EnvelopeSignature, Error, PublicKey};

/// An Ed25519 secret key. Text form: `ed25519-secret:<base64 of the 32-byte seed>`.
pub struct SecretKey(SigningKey);

impl core::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // Never print the secret.
        write!(f, "SecretKey({})", self.public())
    }
}

impl SecretKey {
    /// From a 32-byte seed (the CLI draws it from the OS's random source).
    pub fn from_seed(seed: &[u8; 32]) -> SecretKey {
        SecretKey(SigningKey::from_bytes(seed))
    }

    /// Parses the text form.
    pub fn parse(s: &str) -> Result<SecretKey, Error> {
        let b64 = s.trim().strip_prefix("ed25519-secret:").ok_or_else(|| {
            Error::BadKey(String::from("expected the prefix \"ed25519-secret:\""))
        })?;
        let seed: [u8; 32] = encoding::decode_base64(b64)
            .map_err(|_| Error::BadEncoding("secret key"))?
            .try_into()
            .map_err(|_| Error::BadKey(String::from("a secret key seed is 32 bytes")))?;
        Ok(SecretKey::from_seed(&seed))
    }

    /// The text form.
    pub fn to_text(&self) -> String {
        alloc::format!(
            "ed25519-secret:{}",
            encoding::encode_base64(self.0.as_bytes())
        )
    }

    /// The matching public key.
    pub fn public(&self) -> PublicKey {
        PublicKey::from_bytes(self.0.verifying_key().as_bytes())
            .expect("a key derived from a seed is never small-order")
    }
}

/// Signs payload bytes into a DSSE envelope with one or more keys.
pub fn sign_envelope(payload_type: &str, payload: &[u8], keys: &[&SecretKey]) -> Envelope {
    let message = pae(payload_type, payload);
    let signatures: Vec<EnvelopeSignature> = keys
        .iter()
        .map(|k| EnvelopeSignature {
            keyid: Some(k.public().key_id()),
            sig: encoding::encode_base64(&k.0.sign(&message).to_bytes()),
        })
        .collect();
    Envelope {
        payload: encoding::encode_base64(payload),
        payload_type: String::from(payload_type),
        signatures,
    }
}
