//! Key set verification (`/.well-known/trust-keys.json`): the rotation chain,
//! unpinned (trust on first use, as the widget fetches it) and pinned to the
//! root of the seed key sets (crates/cli/tests/cmd/keys.in/root.pub).
#![no_main]

use libfuzzer_sys::fuzz_target;
use trust_manifest::{verify_key_set, PublicKey};

const ROOT: &str = "ed25519:+cSJKVpBR+8Yp4Xh1g63Q7I/evifp6Mi1c2SUdh9gJw=";

fuzz_target!(|data: &[u8]| {
    let root = PublicKey::parse(ROOT).expect("the test root parses");
    let _ = verify_key_set(data, None);
    let _ = verify_key_set(data, Some(&root));
});
