//! The attester trust list: which review collectors and certification bodies the
//! verifier believes, under which names, for which kinds of claim.

use alloc::string::String;
use alloc::vec::Vec;

use serde::{Deserialize, Serialize};

use crate::{AttestationKind, Error, PublicKey};

/// A trust list as written in JSON (`attesters.json`).
#[derive(
    Debug, Clone, Default, PartialEq, Serialize, Deserialize, trust_manifest_derive::FromJson,
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TrustListFile {
    pub attesters: Vec<AttesterEntry>,
}

/// One trusted attester.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, trust_manifest_derive::FromJson)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AttesterEntry {
    /// Display name shown to shoppers ("verified by <name>").
    pub name: String,
    /// `ed25519:<base64>`.
    pub key: String,
    /// Kinds of claim this attester is trusted for.
    pub kinds: Vec<AttestationKind>,
    /// The attester's website.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A parsed trust list.
#[derive(Debug, Clone, Default)]
pub struct TrustList {
    attesters: Vec<Attester>,
}

/// A trusted attester with its parsed key.
#[derive(Debug, Clone, PartialEq)]
pub struct Attester {
    pub name: String,
    pub url: Option<String>,
    pub key: PublicKey,
    pub kinds: Vec<AttestationKind>,
}

impl TrustList {
    /// An empty list: every attestation is then `untrusted-attester`.
    pub fn empty() -> TrustList {
        TrustList::default()
    }

    /// Parses `attesters.json`. A bad or weak key fails the whole list: a trust
    /// list is configuration, and half-reading it would hide mistakes.
    pub fn from_json(json: &[u8]) -> Result<TrustList, Error> {
        let file: TrustListFile = crate::json::from_slice(json)?;
        Self::from_file(&file)
    }

    /// From the JSON shape.
    pub fn from_file(file: &TrustListFile) -> Result<TrustList, Error> {
        let attesters = file
            .attesters
            .iter()
            .map(|a| {
                Ok(Attester {
                    name: a.name.clone(),
                    url: a.url.clone(),
                    key: PublicKey::parse(&a.key)?,
                    kinds: a.kinds.clone(),
                })
            })
            .collect::<Result<_, Error>>()?;
        Ok(TrustList { attesters })
    }

    /// Adds an attester.
    pub fn push(&mut self, attester: Attester) {
        self.attesters.push(attester);
    }

    /// Keys trusted for a kind of claim.
    pub fn keys_for(&self, kind: AttestationKind) -> Vec<PublicKey> {
        self.attesters
            .iter()
            .filter(|a| a.kinds.contains(&kind))
            .map(|a| a.key)
            .collect()
    }

    /// The attester holding a key.
    pub fn by_key(&self, key: &PublicKey) -> Option<&Attester> {
        self.attesters.iter().find(|a| a.key == *key)
    }

    /// All attesters.
    pub fn attesters(&self) -> &[Attester] {
        &self.attesters
    }
}
