//! Base64 as DSSE producers write it: standard or URL-safe alphabet, padded or not.

use alloc::vec::Vec;

use base64::engine::{general_purpose::GeneralPurposeConfig, DecodePaddingMode, GeneralPurpose};
use base64::{alphabet, Engine};

const CONFIG: GeneralPurposeConfig =
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
const STANDARD: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, CONFIG);
const URL_SAFE: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, CONFIG);

/// Decodes standard or URL-safe base64; the alphabet is chosen by the characters present.
pub fn decode_base64(s: &str) -> Result<Vec<u8>, base64::DecodeError> {
    if s.bytes().any(|c| c == b'-' || c == b'_') {
        URL_SAFE.decode(s)
    } else {
        STANDARD.decode(s)
    }
}

/// Standard, padded base64: what our own tools write.
pub fn encode_base64(bytes: &[u8]) -> alloc::string::String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}
