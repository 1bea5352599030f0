//! The collector's public log, checked in the browser after the manifest
//! verified (ARCHITECTURE.md, "The public review log"): the library already
//! checked the checkpoint's signature and k of n fresh cosignatures and dropped
//! the collector's claims if they failed; here the inline first page's
//! inclusion proofs, and consistency with the checkpoint this browser saw before
//! for that log (`log_memory.rs`). A checkpoint of the same size with another
//! root is a fork and needs no request; another size is proved from the log's
//! public tiles (a few immutable files: `trust_tlog::heads`, the lean form
//! that keeps maps and recursion out of the wasm). Any failure drops
//! everything the collector vouches for, with one console warning
//! `[trust-widget] log-invalid: …`; the rest of the manifest still shows.

use trust_manifest::{check_seen, Error, SeenCheck, VerifiedLog, VerifiedManifest};
use trust_tlog::heads::{head_from_tiles, tiles_for_heads};
use trust_tlog::tile::{tile_hashes, TileId, TILE_WIDTH};
use trust_tlog::Hash;

use crate::log_memory;

/// Checks the review pages' log and drops the collector on any failure.
pub async fn check(verified: &mut VerifiedManifest, timeout_ms: u32) {
    if let Some(d) = verified
        .dropped()
        .iter()
        .find(|d| matches!(d.error, Error::LogInvalid(_)))
    {
        warn(&d.error);
        return;
    }
    let Some(log) = verified.review_pages().and_then(|p| p.log()).cloned() else {
        return;
    };
    let result = match verified.first_review_page() {
        Some(Err(e @ Error::LogInvalid(_))) => Err(e),
        _ => consistent(&log, timeout_ms).await,
    };
    if let Err(e) = result {
        warn(&e);
        verified.refuse_log(e);
    }
}

fn warn(e: &Error) {
    web_sys::console::warn_1(&wasm_bindgen::JsValue::from_str(&format!(
        "[trust-widget] {}: {e}",
        e.code()
    )));
}

/// Holds the checkpoint to the one remembered, proving another size from tiles,
/// and remembers it once it holds.
async fn consistent(log: &VerifiedLog, timeout_ms: u32) -> Result<(), Error> {
    match check_seen(log_memory::seen(&log.origin), log)? {
        SeenCheck::First | SeenCheck::Same => {}
        SeenCheck::NeedsProof {
            seen_size,
            seen_root,
        } => {
            let size = seen_size.max(log.size);
            let roots =
                roots_from_tiles(&log.url, size, &[seen_size, log.size], timeout_ms).await?;
            if roots[0] != seen_root || roots[1] != log.root {
                return Err(Error::LogInvalid(format!(
                    "{} at size {} is not consistent with size {seen_size} seen before (a fork)",
                    log.origin, log.size
                )));
            }
        }
    }
    log_memory::remember(&log.origin, log.size, &log.root);
    Ok(())
}

/// The roots of `sizes` from the hash tiles of the tree of `size` leaves served
/// under `url`. A partial tile the log has since replaced by its full tile is
/// read from the full one (tlog-tiles allows deleting partials).
async fn roots_from_tiles(
    url: &str,
    size: u64,
    sizes: &[u64],
    timeout_ms: u32,
) -> Result<Vec<Hash>, Error> {
    let mut tiles = Vec::new();
    for id in tiles_for_heads(size, sizes) {
        let (id, bytes) = match fetch_tile(url, &id, timeout_ms).await {
            Err(_) if id.is_partial() => {
                let full = TileId {
                    width: TILE_WIDTH as u16,
                    ..id
                };
                (full, fetch_tile(url, &full, timeout_ms).await?)
            }
            other => (id, other?),
        };
        let hashes = tile_hashes(&id, &bytes).map_err(|e| Error::LogInvalid(e.to_string()))?;
        tiles.push((id, hashes));
    }
    sizes
        .iter()
        .map(|&m| head_from_tiles(&tiles, m).map_err(|e| Error::LogInvalid(e.to_string())))
        .collect()
}

async fn fetch_tile(url: &str, id: &TileId, timeout_ms: u32) -> Result<Vec<u8>, Error> {
    let at = format!("{url}{}", id.path());
    crate::fetch::fetch_as(&at, 32 * TILE_WIDTH as usize, timeout_ms, "octet-stream")
        .await
        .map_err(|e| Error::LogInvalid(format!("tile {at}: {}: {}", e.code, e.message)))
}
