//! The strict JSON reader every document goes through (`trust_manifest::json::parse`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = trust_manifest::json::parse(data, 32);
});
