//! Which tiles to fetch: the tree heads of sizes up to a tree's size are
//! computed from its hash tiles (`prove::root_at`); this names those tiles with
//! their width in a tree of `size` leaves, so a client can request them by path
//! (a partial tile's path names its width). Two tree heads are consistent
//! exactly when one set of tiles gives both roots: a client that remembers an
//! older (or newer) checkpoint fetches only these and compares.

use alloc::collections::BTreeSet;

use crate::prove::{root_at, Tiles};
use crate::tile::{TileId, TILE_WIDTH};

/// The id (with its width) of hash tile `(level, index)` in a tree of `size` leaves.
pub fn tile_in(size: u64, level: u8, index: u64) -> TileId {
    let at_level = size >> (8 * u32::from(level));
    let width = if (index + 1) * TILE_WIDTH <= at_level {
        TILE_WIDTH
    } else {
        at_level % TILE_WIDTH
    };
    TileId {
        level: Some(level),
        index,
        width: width as u16,
    }
}

/// The hash tiles of a tree of `size` leaves that give the roots of `sizes`
/// (each at most `size`).
pub fn tiles_for_roots(size: u64, sizes: &[u64]) -> BTreeSet<TileId> {
    let mut dry = Tiles::new();
    for &m in sizes.iter().filter(|&&m| m <= size) {
        // Missing tiles read as zeros: the run only lists what it would read.
        let _ = root_at(&mut dry, m);
    }
    dry.missing
        .iter()
        .map(|&(level, index)| tile_in(size, level, index))
        .collect()
}
