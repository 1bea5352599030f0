//! The committed JSON Schema must match the one generated from the types, so
//! editors and validators never check manifests against a stale format.

use std::path::Path;

#[test]
fn committed_schema_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../pkg-config/schema/trust-manifest.v1.schema.json");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    let generated = trust_manifest::manifest_schema();
    assert!(
        committed.trim_end() == generated.trim_end(),
        "{} is missing or out of date with the manifest types; regenerate it with\n\n    \
         cargo run -p trustctl -- schema > pkg-config/schema/trust-manifest.v1.schema.json\n",
        path.display()
    );
}
