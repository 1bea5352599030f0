//! Byte edits for the property tests of what reads untrusted bytes, and the case
//! count they run.

use proptest::prelude::*;

/// The case count, or `PROPTEST_CASES` when set (for a longer run by hand).
pub fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

/// One edit of a byte string.
#[derive(Debug, Clone)]
pub enum Edit {
    Flip(usize, u8),
    Insert(usize, u8),
    Delete(usize, usize),
    Duplicate(usize, usize),
    Truncate(usize),
}

/// Bytes that matter to JSON and base64, and some that never should appear.
pub fn interesting_byte() -> impl Strategy<Value = u8> {
    prop_oneof![
        prop::sample::select(b"{}[]\":,\\/-+0123456789.eEtfn ul\"=_\x00\x1f\x7f\xc3\xff".to_vec()),
        any::<u8>(),
    ]
}

pub fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), 1..=255u8).prop_map(|(i, x)| Edit::Flip(i, x)),
        (any::<usize>(), interesting_byte()).prop_map(|(i, b)| Edit::Insert(i, b)),
        (any::<usize>(), 1..64usize).prop_map(|(i, n)| Edit::Delete(i, n)),
        (any::<usize>(), 1..64usize).prop_map(|(i, n)| Edit::Duplicate(i, n)),
        any::<usize>().prop_map(Edit::Truncate),
    ]
}

pub fn apply(bytes: &mut Vec<u8>, edit: &Edit) {
    let len = bytes.len();
    if len == 0 {
        return;
    }
    match *edit {
        Edit::Flip(i, x) => bytes[i % len] ^= x,
        Edit::Insert(i, b) => bytes.insert(i % (len + 1), b),
        Edit::Delete(i, n) => {
            let at = i % len;
            bytes.drain(at..(at + n).min(len));
        }
        Edit::Duplicate(i, n) => {
            let at = i % len;
            let piece = bytes[at..(at + n).min(len)].to_vec();
            bytes.splice(at..at, piece);
        }
        Edit::Truncate(i) => bytes.truncate(i % len),
    }
}
