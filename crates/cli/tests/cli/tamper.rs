//! Every single-byte change to a signed manifest is caught: each byte of the
//! payload and each byte of the signature is flipped in turn, and `trustctl
//! verify` must exit 1 with a reason code every time. Run through the binary,
//! so the exit status and the `error: <code>: <message>` line are what is tested.
//!
//! The fixture is the transcripts' manifest (about 1 KB of payload). The
//! workspace builds the Ed25519 crates optimised even in debug, so a verification
//! costs about a millisecond and the whole sweep runs in seconds.

use crate::support;

use std::path::{Path, PathBuf};

use serde_json::Value;
use support::{scratch, trustctl, trustctl_ok};
use trust_manifest::{decode_base64, encode_base64, REASON_CODES};

const AT: &str = "2026-11-23T00:00:00Z";

/// A fresh directory with a key pair and the signed fixture.
fn signed_fixture() -> (PathBuf, Value) {
    let dir = scratch("tamper");
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cmd/sign-verify.in/manifest.json");
    std::fs::copy(fixture, dir.join("manifest.json")).unwrap();

    trustctl_ok(&dir, &["keygen", "--out", "brand"]);
    let sign = [
        "sign",
        "--key",
        "brand.key",
        "--now",
        "2026-11-22T10:00:00Z",
        "manifest.json",
        "-o",
        "signed.json",
    ];
    trustctl_ok(&dir, &sign);
    let (code, _, err) = trustctl(
        &dir,
        &["verify", "--key", "brand.pub", "--at", AT, "signed.json"],
    );
    assert_eq!(code, 0, "the untouched envelope verifies: {err}");

    let envelope =
        serde_json::from_slice(&std::fs::read(dir.join("signed.json")).unwrap()).unwrap();
    (dir, envelope)
}

/// Writes a tampered envelope and checks that verification fails properly.
fn assert_rejected(dir: &Path, file: &str, envelope: &Value, what: &str) {
    std::fs::write(dir.join(file), serde_json::to_vec(envelope).unwrap()).unwrap();
    let (status, _, stderr) = trustctl(dir, &["verify", "--key", "brand.pub", "--at", AT, file]);
    assert_eq!(status, 1, "{what}: expected exit 1, stderr: {stderr}");
    let code = stderr
        .strip_prefix("error: ")
        .and_then(|rest| rest.split(':').next())
        .unwrap_or_else(|| panic!("{what}: no `error: <code>:` line in {stderr:?}"));
    assert!(
        REASON_CODES.contains(&code),
        "{what}: {code:?} is not a reason code"
    );
    // A flipped byte leaves everything well-formed; only the signature can tell.
    assert_eq!(code, "signature-invalid", "{what}");
}

/// Flips each byte of one base64 field (decoded), on all cores. Returns its length.
fn flip_each_byte(dir: &Path, envelope: &Value, pointer: &str) -> usize {
    let original = decode_base64(envelope.pointer(pointer).unwrap().as_str().unwrap()).unwrap();
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|s| {
        for w in 0..workers {
            let original = &original;
            s.spawn(move || {
                let file = format!("tampered-{w}.json");
                for i in (w..original.len()).step_by(workers) {
                    let mut bytes = original.clone();
                    bytes[i] ^= 0x01;
                    let mut copy = envelope.clone();
                    *copy.pointer_mut(pointer).unwrap() = Value::String(encode_base64(&bytes));
                    assert_rejected(dir, &file, &copy, &format!("{pointer} byte {i}"));
                }
            });
        }
    });
    original.len()
}

#[test]
fn every_flipped_byte_is_rejected() {
    let (dir, envelope) = signed_fixture();
    let payload = flip_each_byte(&dir, &envelope, "/payload");
    let signature = flip_each_byte(&dir, &envelope, "/signatures/0/sig");
    assert!(
        payload > 200,
        "the whole manifest was covered ({payload} bytes)"
    );
    assert_eq!(signature, 64);
    std::fs::remove_dir_all(&dir).unwrap();
}
