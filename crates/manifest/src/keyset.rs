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
    /// The current root (signs the next version).
    pub root: PublicKey,
    /// Every root of the verified chain, from where trust started to `root`: each
    /// handed over to the next by a signature, so all are the same brand's.
    pub roots: Vec<PublicKey>,
    pub keys: Vec<PublicKey>,
}

/// The brand's keys as a verifier trusts them: which may sign the manifest, which
/// roots third-party statements may be bound to, and (from a key set) whose they are.
#[derive(Debug, Clone, PartialEq)]
pub struct BrandKeys {
    keys: Vec<PublicKey>,
    roots: Vec<PublicKey>,
    issuer: Option<String>,
}

impl BrandKeys {
    /// Pinned keys (`data-key`, `--key`): each signs the manifest and is its own
    /// root. `None` when there is no key.
    pub fn pinned(keys: &[PublicKey]) -> Option<BrandKeys> {
        (!keys.is_empty()).then(|| BrandKeys {
            keys: keys.to_vec(),
            roots: keys.to_vec(),
            issuer: None,
        })
    }

    /// The end of a verified key-set chain. Statements bound to any root of the
    /// chain count: the chain proves each root handed over to the next.
    pub fn from_key_set(set: &TrustedKeys) -> BrandKeys {
        BrandKeys {
            keys: set.keys.clone(),
            roots: set.roots.clone(),
            issuer: Some(set.issuer.clone()),
        }
    }

    /// Keys that may sign the manifest.
    pub fn keys(&self) -> &[PublicKey] {
        &self.keys
    }

    /// Roots statements may be bound to, oldest first.
    pub fn roots(&self) -> &[PublicKey] {
        &self.roots
    }

    /// The current root: the one memory (rollback, key-set pins) is kept under.
    pub fn root(&self) -> &PublicKey {
        self.roots.last().expect("a BrandKeys always has a root")
    }

    /// The issuer the key set belongs to; a manifest of another issuer is refused.
    pub fn issuer(&self) -> Option<&str> {
        self.issuer.as_deref()
    }
}

/// Walks the chain. With `pinned_root`, trust starts at the first version whose root
/// is that key; without, at the first version (trust on first use over HTTPS).
pub fn verify_key_set(json: &[u8], pinned_root: Option<&PublicKey>) -> Result<TrustedKeys, Error> {
    verify_chain(&crate::json::from_slice(json)?, pinned_root)
}

fn verify_chain(file: &KeySetFile, pinned_root: Option<&PublicKey>) -> Result<TrustedKeys, Error> {
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
        let root = PublicKey::parse(&version.root)?;
        let mut roots = current
            .as_ref()
            .map(|c| c.roots.clone())
            .unwrap_or_default();
        if roots.last() != Some(&root) {
            roots.push(root);
        }
        let next = TrustedKeys {
            root,
            roots,
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

/// What a verifier remembers of a key set it trusted before: the root it ended
/// at and the version.
pub type KeySetMemory<'a> = &'a dyn Fn(&str) -> Option<(PublicKey, u64)>;

/// A key set without a pin: trusted on first use, then held to what was seen.
/// `seen` gives what this verifier remembers for the set's issuer; when it
/// remembers something, the chain must run through that root (a rotation since is
/// fine: signed by the old root) and be no older than the version seen. A fresh
/// chain under a new self-signed root, or a replayed older set, is refused.
pub fn verify_key_set_remembered(
    json: &[u8],
    seen: KeySetMemory<'_>,
) -> Result<TrustedKeys, Error> {
    let file: KeySetFile = crate::json::from_slice(json)?;
    // The issuer the newest version claims picks the memory to hold the chain to;
    // it is compared with the verified issuer afterwards, so one pass of
    // signature checks suffices.
    let claimed = match file.versions.last() {
        Some(newest) => read_version(newest)?.issuer,
        None => return verify_chain(&file, None),
    };
    let remembered = seen(&claimed);
    let set = verify_chain(&file, remembered.as_ref().map(|(root, _)| root)).map_err(|e| {
        match &remembered {
            Some((root, _)) => Error::KeySet(alloc::format!(
                "the chain no longer runs through root {} trusted before",
                root.key_id()
            )),
            None => e,
        }
    })?;
    if set.issuer != claimed {
        return Err(Error::KeySet(alloc::format!(
            "the newest version claims issuer {claimed:?}, the chain is {:?}'s",
            set.issuer
        )));
    }
    if let Some((_, version)) = remembered {
        if set.version < version {
            return Err(Error::KeySet(alloc::format!(
                "version {} is older than version {version} seen before",
                set.version
            )));
        }
    }
    Ok(set)
}

/// Reads a version's payload without trusting it, to learn which root claims it.
fn read_version(envelope: &Envelope) -> Result<KeySetVersion, Error> {
    let payload = crate::encoding::decode_base64(&envelope.payload)
        .map_err(|_| Error::BadEncoding("payload"))?;
    crate::json::from_slice(&payload)
}
