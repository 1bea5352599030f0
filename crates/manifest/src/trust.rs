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
    /// The collector's public log: when present, its review pages count only
    /// with a checkpoint signed by `key` and cosigned by `k` of `witnesses`, and
    /// each review shown must be proven in it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log: Option<LogEntry>,
}

/// A collector's log as a trust list names it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, trust_manifest_derive::FromJson)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LogEntry {
    /// The checkpoint origin, e.g. `collector.example/log`.
    pub origin: String,
    /// The log's signed-note verifier key, `<name>+<key id>+<base64>` (type 0x01).
    pub key: String,
    /// Where the log is served (the tlog-tiles prefix), e.g.
    /// `https://collector.example/log/`: `checkpoint` and `tile/…` below it.
    pub url: String,
    /// The witnesses' cosignature verifier keys (type 0x04).
    #[serde(default)]
    pub witnesses: Vec<String>,
    /// How many of `witnesses` must have cosigned (k of n).
    #[serde(default)]
    pub k: u32,
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
    pub log: Option<LogTrust>,
}

/// A collector's log, parsed: the keys that must sign its checkpoints.
#[derive(Debug, Clone, PartialEq)]
pub struct LogTrust {
    pub origin: String,
    pub key: trust_tlog::VerifierKey,
    pub url: String,
    pub witnesses: trust_tlog::WitnessPolicy,
}

impl LogTrust {
    /// Parses a trust list's log entry: keys of the right types, k of n, an
    /// https URL (or http on loopback, for the demo).
    pub fn from_entry(e: &LogEntry) -> Result<LogTrust, Error> {
        let bad =
            |what: &str, err: trust_tlog::Error| Error::BadKey(alloc::format!("log {what}: {err}"));
        let key = trust_tlog::VerifierKey::parse(&e.key).map_err(|err| bad("key", err))?;
        if key.kind() != trust_tlog::SigType::Ed25519 {
            return Err(Error::BadKey(String::from(
                "log key: not an Ed25519 (0x01) note key",
            )));
        }
        let witnesses = e
            .witnesses
            .iter()
            .map(|w| trust_tlog::VerifierKey::parse(w))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|err| bad("witness key", err))?;
        let witnesses = trust_tlog::WitnessPolicy::new(witnesses, e.k as usize)
            .map_err(|err| bad("witnesses", err))?;
        if e.origin.is_empty() || !crate::url::is_fetchable(&e.url) || !e.url.ends_with('/') {
            return Err(Error::Malformed(String::from(
                "a log needs an origin and an https URL ending in /",
            )));
        }
        Ok(LogTrust {
            origin: e.origin.clone(),
            key,
            url: e.url.clone(),
            witnesses,
        })
    }
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
                    log: a.log.as_ref().map(LogTrust::from_entry).transpose()?,
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
