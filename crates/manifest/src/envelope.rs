//! DSSE v1 envelopes (the in-toto / Sigstore format): the signature covers
//! `PAE(payloadType, payload)` over the exact payload bytes, so no JSON
//! canonicalisation is needed and the payload type is bound into the signature.

use alloc::string::String;
use alloc::vec::Vec;

use serde::{Deserialize, Serialize};

use crate::{encoding, Error, PublicKey};

/// A DSSE envelope as it travels: payload and signatures in base64.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, trust_manifest_derive::FromJson)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Envelope {
    /// Base64 of the exact payload bytes.
    pub payload: String,
    /// Media type of the payload, e.g. `application/vnd.trust-widget.manifest.v1+json`.
    #[serde(rename = "payloadType")]
    pub payload_type: String,
    /// One or more signatures over `PAE(payloadType, payload)`.
    pub signatures: Vec<EnvelopeSignature>,
}

/// One DSSE signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, trust_manifest_derive::FromJson)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EnvelopeSignature {
    /// A hint naming the key; never trusted on its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keyid: Option<String>,
    /// Base64 of the 64-byte Ed25519 signature.
    pub sig: String,
}

/// Most signatures one envelope may carry.
pub const MAX_SIGNATURES: usize = 16;

/// The DSSE v1 pre-authentication encoding:
/// `"DSSEv1" SP len(type) SP type SP len(body) SP body`.
pub fn pae(payload_type: &str, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(payload.len() + payload_type.len() + 32);
    out.extend_from_slice(b"DSSEv1 ");
    out.extend_from_slice(alloc::format!("{} ", payload_type.len()).as_bytes());
    out.extend_from_slice(payload_type.as_bytes());
    out.extend_from_slice(alloc::format!(" {} ", payload.len()).as_bytes());
    out.extend_from_slice(payload);
    out
}

/// An envelope whose signature checked out: the payload bytes and which key signed.
#[derive(Debug, Clone)]
pub struct Opened {
    /// The exact payload bytes that were signed.
    pub payload: Vec<u8>,
    /// The trusted key whose signature verified.
    pub signer: PublicKey,
}

impl Envelope {
    /// Parses an envelope from JSON text.
    pub fn from_json(json: &[u8]) -> Result<Envelope, Error> {
        crate::json::from_slice(json)
    }

    /// Checks the payload type, then accepts the envelope if any signature verifies
    /// under any of `keys` (`keyid` only picks the error code when none does).
    pub fn open(&self, expected_type: &'static str, keys: &[PublicKey]) -> Result<Opened, Error> {
        if self.payload_type != expected_type {
            return Err(Error::PayloadType {
                expected: expected_type,
                found: self.payload_type.clone(),
            });
        }
        if self.signatures.is_empty() {
            return Err(Error::NoSignatures);
        }
        // Each signature is tried against each trusted key before anything is
        // authenticated: bound that work.
        if self.signatures.len() > MAX_SIGNATURES {
            return Err(Error::TooLarge(alloc::format!(
                "{} signatures (limit {MAX_SIGNATURES})",
                self.signatures.len()
            )));
        }
        let payload =
            encoding::decode_base64(&self.payload).map_err(|_| Error::BadEncoding("payload"))?;
        let message = pae(&self.payload_type, &payload);
        let mut named_trusted_key = false;
        let mut undecodable = false;
        for signature in &self.signatures {
            // One signature that does not decode (say, a co-signer's) does not stop
            // another from verifying; it is reported only if none does.
            let Ok(sig) = encoding::decode_base64(&signature.sig) else {
                undecodable = true;
                continue;
            };
            for key in keys {
                if signature.keyid.as_deref() == Some(&key.key_id()) {
                    named_trusted_key = true;
                }
                if key.verify(&message, &sig).is_ok() {
                    return Ok(Opened {
                        payload,
                        signer: *key,
                    });
                }
            }
        }
        Err(if undecodable {
            Error::BadEncoding("signature")
        } else if named_trusted_key || keys.len() == 1 && self.names_no_key() {
            Error::SignatureInvalid
        } else {
            Error::UnknownKey
        })
    }

    fn names_no_key(&self) -> bool {
        self.signatures.iter().all(|s| s.keyid.is_none())
    }

    /// The key ids the signatures claim (hints only).
    pub fn key_ids(&self) -> impl Iterator<Item = &str> {
        self.signatures.iter().filter_map(|s| s.keyid.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn too_many_signatures_are_refused_before_any_check() {
        let sig = EnvelopeSignature {
            keyid: None,
            sig: String::from("AAAA"),
        };
        let envelope = Envelope {
            payload: String::from("e30="),
            payload_type: String::from("t"),
            signatures: alloc::vec![sig; MAX_SIGNATURES + 1],
        };
        assert_eq!(envelope.open("t", &[]).unwrap_err().code(), "too-large");
    }

    #[test]
    fn pae_matches_the_dsse_spec_example() {
        // From the DSSE protocol document.
        assert_eq!(
            pae("http://example.com/HelloWorld", b"hello world"),
            b"DSSEv1 29 http://example.com/HelloWorld 11 hello world".to_vec()
        );
        assert_eq!(pae("", b""), b"DSSEv1 0  0 ".to_vec());
    }
}
