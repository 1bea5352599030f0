//! Rollback memory: the highest `sequence` seen per issuer, in localStorage.
//! Storage may be missing or throw (sandboxed frames, privacy modes); then the
//! widget still verifies, it just cannot remember across page loads.

const PREFIX: &str = "trust-widget:sequence:";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The highest sequence remembered for this issuer.
pub fn last_sequence(issuer: &str) -> Option<u64> {
    storage()?
        .get_item(&format!("{PREFIX}{issuer}"))
        .ok()
        .flatten()?
        .parse()
        .ok()
}

/// Remembers `sequence` if it is higher than what is stored.
pub fn remember_sequence(issuer: &str, sequence: u64) {
    if last_sequence(issuer).is_some_and(|seen| seen >= sequence) {
        return;
    }
    if let Some(s) = storage() {
        let _ = s.set_item(&format!("{PREFIX}{issuer}"), &sequence.to_string());
    }
}
