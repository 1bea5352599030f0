//! The brand's key set at `/.well-known/trust-keys.json`: a chain of versions, each
//! a DSSE envelope. The first is signed by its own root; every later one by the
//! root of the version before it, so a rotation is always vouched for by the old key.

use alloc::string::String;
use alloc::vec::Vec;

use serde::{Deserialize, Serialize};

use crate::{Envelope, Error, PublicKey, Timestamp};

/// The payload type of one key set version.
pub const KEYS_PAYLOAD_TYPE: &str = "application/vnd.trust-widget.keys.v1+json";

/// `trust-keys.json`: every version, oldest first.
#[derive(
    Debug, Clone, Default, PartialEq, Serialize, Deserialize, trust_manifest_derive::FromJson,
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct KeySetFile {
    pub versions: Vec<Envelope>,
}

/// One version of the key set (the signed payload).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, trust_manifest_derive::FromJson)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct KeySetVersion {
    pub spec: String,
    /// The brand's issuer id.
    pub issuer: String,
    /// Strictly increasing.
    pub version: u64,
    pub issued_at: Timestamp,
    /// The key that signs the next version.
    pub root: String,
    /// Keys that may sign manifests.
    pub keys: Vec<String>,
}

/// The verified end of the chain.
#[derive(Debug, Clone, PartialEq)]
pub struct TrustedKeys {
    pub issuer: String,
    pub version: u64,
    pub root: PublicKey,
    pub keys: Vec<PublicKey>,
}

/// Walks the chain. With `pinned_root`, trust starts at the first version whose root
/// is that key; without, at the first version (trust on first use over HTTPS).
pub fn verify_key_set(json: &[u8], pinned_root: Option<&PublicKey>) -> Result<TrustedKeys, Error> {
    let file: KeySetFile = crate::json::from_slice(json)?;
    let mut current: Option<TrustedKeys> = None;
    for (i, envelope) in file.versions.iter().enumerate() {
        let signer = match &current {
            Some(prev) => prev.root,
            None => {
                let claimed = PublicKey::parse(&read_version(envelope)?.root)?;
                if pinned_root.is_some_and(|pin| *pin != claimed) {
                    continue; // before the pinned root: not trusted, not needed
                }
                claimed
            }
        };
        let opened = envelope
            .open(KEYS_PAYLOAD_TYPE, &[signer])
            .map_err(|e| Error::KeySet(alloc::format!("version at index {i}: {}", e.code())))?;
        let version: KeySetVersion = crate::json::from_slice(&opened.payload)?;
        let next = TrustedKeys {
            root: PublicKey::parse(&version.root)?,
            keys: version
                .keys
                .iter()
                .map(|k| PublicKey::parse(k))
                .collect::<Result<_, _>>()?,
            issuer: version.issuer,
            version: version.version,
        };
        if let Some(prev) = &current {
            if next.version <= prev.version || next.issuer != prev.issuer {
                return Err(Error::KeySet(alloc::format!(
                    "version {} does not follow version {} of {}",
                    next.version,
                    prev.version,
                    prev.issuer
                )));
            }
        }
        current = Some(next);
    }
    current.ok_or_else(|| Error::KeySet(String::from("no version is rooted in a trusted key")))
}

/// Reads a version's payload without trusting it, to learn which root claims it.
fn read_version(envelope: &Envelope) -> Result<KeySetVersion, Error> {
    let payload = crate::encoding::decode_base64(&envelope.payload)
        .map_err(|_| Error::BadEncoding("payload"))?;
    crate::json::from_slice(&payload)
}
