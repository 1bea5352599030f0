//! What this browser remembers, in localStorage: the highest `sequence` seen per
//! brand root and issuer (rollback), and the key-set root and version trusted per
//! manifest origin and issuer (key sets without a pin). Storage may be missing or
//! throw (sandboxed frames, privacy modes); then the widget still verifies, it
//! just cannot remember across page loads.
//!
//! Keys include the root, so a manifest signed by another key with the same
//! `issuer.id` (a stranger on a shared origin) cannot raise the real brand's
//! floor: its memory lives under its own root.

use trust_manifest::PublicKey;

const SEQUENCE: &str = "trust-widget:sequence:";
const KEY_SET: &str = "trust-widget:key-set:";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn get(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

fn set(key: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, value);
    }
}

fn sequence_key(issuer: &str, root: &PublicKey) -> String {
    format!("{SEQUENCE}{root}:{issuer}")
}

/// The highest sequence remembered for this issuer under this root.
pub fn last_sequence(issuer: &str, root: &PublicKey) -> Option<u64> {
    get(&sequence_key(issuer, root))?.parse().ok()
}

/// Remembers `sequence` if it is higher than what is stored.
pub fn remember_sequence(issuer: &str, root: &PublicKey, sequence: u64) {
    if last_sequence(issuer, root).is_some_and(|seen| seen >= sequence) {
        return;
    }
    set(&sequence_key(issuer, root), &sequence.to_string());
}

fn key_set_key(origin: &str, issuer: &str) -> String {
    format!("{KEY_SET}{origin}:{issuer}")
}

/// The key-set root and version trusted before for this origin and issuer.
pub fn key_set(origin: &str, issuer: &str) -> Option<(PublicKey, u64)> {
    let text = get(&key_set_key(origin, issuer))?;
    let (root, version) = text.rsplit_once(' ')?;
    Some((PublicKey::parse(root).ok()?, version.parse().ok()?))
}

/// Remembers the key set's current root and version (never a lower version).
pub fn remember_key_set(origin: &str, issuer: &str, root: &PublicKey, version: u64) {
    if key_set(origin, issuer).is_some_and(|(_, seen)| seen > version) {
        return;
    }
    set(&key_set_key(origin, issuer), &format!("{root} {version}"));
}
