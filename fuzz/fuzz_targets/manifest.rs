//! The manifest decoder (`Manifest::from_json`) on arbitrary payload bytes,
//! behind the same pre-parse limit scan `verify_manifest` runs first.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trust_manifest::{Limits, Manifest};

fuzz_target!(|data: &[u8]| {
    let _ = Limits::default().scan(data);
    if let Ok(m) = Manifest::from_json(data) {
        let _ = m.spec_supported();
        let _ = m.product("p1");
    }
});
