//! Ed25519 checkpoint cosignatures (c2sp.org/tlog-cosignature, type 0x04): the
//! signature line's bytes after the key id are `u64 timestamp (big-endian) ||
//! 64-byte Ed25519 signature` over `cosignature/v1\ntime <timestamp>\n` followed
//! by the whole checkpoint text. A cosignature says the witness saw this tree
//! head as the largest consistent one, at that time.

use crate::error::Error;
use crate::vkey::{SigType, VerifierKey};
use alloc::string::String;
use alloc::vec::Vec;

/// The message a witness signs for `text` (a checkpoint's note text) at `timestamp`.
pub fn message(timestamp: u64, text: &str) -> Vec<u8> {
    let mut m = String::from("cosignature/v1\ntime ");
    crate::tile::push_decimal(&mut m, timestamp, 1);
    m.push('\n');
    m.push_str(text);
    m.into_bytes()
}

/// Verifies one cosignature's bytes (after the key id) by `witness` over the
/// checkpoint `text`; returns its timestamp.
pub fn verify(witness: &VerifierKey, text: &str, sig: &[u8]) -> Result<u64, Error> {
    let invalid = || Error::SignatureInvalid(String::from(witness.name()));
    if witness.kind() != SigType::Cosignature || sig.len() != 8 + 64 {
        return Err(invalid());
    }
    let mut ts = [0u8; 8];
    ts.copy_from_slice(&sig[..8]);
    let timestamp = u64::from_be_bytes(ts);
    if timestamp > i64::MAX as u64 {
        return Err(invalid());
    }
    if !witness.verify(&message(timestamp, text), &sig[8..]) {
        return Err(invalid());
    }
    Ok(timestamp)
}
