//! The last checkpoint this browser saw of each collector's public log, in
//! localStorage (`trust-widget:log:<origin>` → `<size> <base64 root>`), kept
//! like the rollback memory (`rollback_memory.rs`): the widget holds every new
//! checkpoint to it (a fork shows nothing from that collector), and remembers
//! the largest tree head it proved consistent. Storage may be missing; then each
//! page load starts without a memory, as a first visit does.

use trust_tlog::checkpoint::{encode_hash, parse_hash};
use trust_tlog::Hash;

const LOG: &str = "trust-widget:log:";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The tree head remembered for the log with this origin.
pub fn seen(origin: &str) -> Option<(u64, Hash)> {
    let text = storage()?
        .get_item(&format!("{LOG}{origin}"))
        .ok()
        .flatten()?;
    let (size, root) = text.split_once(' ')?;
    Some((size.parse().ok()?, parse_hash(root)?))
}

/// Remembers a tree head proved consistent with the one before, unless a larger
/// one is remembered already (a consistent smaller head says nothing new).
pub fn remember(origin: &str, size: u64, root: &Hash) {
    if seen(origin).is_some_and(|(s, _)| s > size) {
        return;
    }
    if let Some(s) = storage() {
        let _ = s.set_item(
            &format!("{LOG}{origin}"),
            &format!("{size} {}", encode_hash(root)),
        );
    }
}
