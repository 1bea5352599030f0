//! A checkpoint as a client believes it: signed by the log's key, for the log's
//! origin, and cosigned by at least k of the n witnesses the client trusts,
//! recently enough. Signatures by unknown keys are ignored (the signed-note
//! rule); a signature by a known key that fails refuses the whole note.

use crate::checkpoint::Checkpoint;
use crate::cosignature;
use crate::error::Error;
use crate::note::Note;
use crate::vkey::{SigType, VerifierKey};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// Which witnesses must cosign: at least `k` of `witnesses` (distinct keys).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WitnessPolicy {
    witnesses: Vec<VerifierKey>,
    k: usize,
}

impl WitnessPolicy {
    /// `k` of `witnesses`: every key a cosignature (0x04) key, no key twice,
    /// `k <= n`.
    pub fn new(witnesses: Vec<VerifierKey>, k: usize) -> Result<WitnessPolicy, Error> {
        if witnesses.iter().any(|w| w.kind() != SigType::Cosignature) {
            return Err(Error::BadKey(
                "a witness key must be a cosignature (type 0x04) key",
            ));
        }
        for (i, w) in witnesses.iter().enumerate() {
            if witnesses[..i]
                .iter()
                .any(|o| o.public_key() == w.public_key() || o.matches(w.name(), w.id()))
            {
                return Err(Error::BadKey("the same witness is listed twice"));
            }
        }
        if k > witnesses.len() {
            return Err(Error::BadKey("k is larger than the number of witnesses"));
        }
        Ok(WitnessPolicy { witnesses, k })
    }

    pub fn witnesses(&self) -> &[VerifierKey] {
        &self.witnesses
    }
    pub fn k(&self) -> usize {
        self.k
    }
}

/// How recent a cosignature must be, in Unix seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Freshness {
    /// The verifier's clock.
    pub now: u64,
    /// Oldest cosignature counted: `now - max_age`.
    pub max_age: u64,
    /// Cosignatures up to this far in the future still count (clock skew).
    pub skew: u64,
}

/// A checkpoint whose log signature and witness quorum verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedCheckpoint {
    pub checkpoint: Checkpoint,
    /// The witnesses (by name) whose cosignatures counted, with their timestamps.
    pub cosigned: Vec<(String, u64)>,
    /// The note's text (what was signed).
    pub text: String,
}

/// Verifies a checkpoint note: the log's signature, the origin, then at least
/// `policy.k` distinct witnesses' cosignatures within `fresh`. Fewer valid
/// cosignatures than k is `MissingCosignatures`; enough, but too few of them
/// fresh, is `Stale`.
pub fn verify_checkpoint(
    note: &[u8],
    log_key: &VerifierKey,
    origin: &str,
    policy: &WitnessPolicy,
    fresh: Freshness,
) -> Result<VerifiedCheckpoint, Error> {
    if log_key.kind() != SigType::Ed25519 {
        return Err(Error::BadKey(
            "a log key must be an Ed25519 (type 0x01) key",
        ));
    }
    let note = Note::parse(note)?;
    let text = note.text();
    let mut signed = false;
    for sig in note
        .signatures()
        .iter()
        .filter(|s| log_key.matches(&s.name, s.key_id))
    {
        if !log_key.verify(text.as_bytes(), &sig.signature) {
            return Err(Error::SignatureInvalid(String::from(log_key.name())));
        }
        signed = true;
    }
    if !signed {
        return Err(Error::UnknownKey);
    }
    let checkpoint = Checkpoint::parse(text)?;
    if checkpoint.origin != origin {
        return Err(Error::WrongOrigin {
            expected: String::from(origin),
            found: checkpoint.origin,
        });
    }
    let mut valid = 0usize;
    let mut cosigned = Vec::new();
    for w in policy.witnesses() {
        let mut newest: Option<u64> = None;
        for sig in note
            .signatures()
            .iter()
            .filter(|s| w.matches(&s.name, s.key_id))
        {
            let ts = cosignature::verify(w, text, &sig.signature)?;
            newest = newest.max(Some(ts));
        }
        let Some(ts) = newest else { continue };
        valid += 1;
        let oldest_ok = fresh.now.saturating_sub(fresh.max_age);
        if ts >= oldest_ok && ts <= fresh.now.saturating_add(fresh.skew) {
            cosigned.push((String::from(w.name()), ts));
        }
    }
    if valid < policy.k() {
        return Err(Error::MissingCosignatures {
            required: policy.k(),
            found: valid,
        });
    }
    if cosigned.len() < policy.k() {
        return Err(Error::Stale(format!(
            "{} of the required {} cosignatures are from the last {} s",
            cosigned.len(),
            policy.k(),
            fresh.max_age
        )));
    }
    Ok(VerifiedCheckpoint {
        checkpoint,
        cosigned,
        text: String::from(text),
    })
}
