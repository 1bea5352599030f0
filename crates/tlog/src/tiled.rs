//! Tree heads from tiles: the root of any size up to a tree's size, computed
//! from the tree's hash tiles (c2sp.org/tlog-tiles). The root of the first `m`
//! leaves is the fold of the complete subtrees `m`'s binary digits give, and a
//! complete subtree of height h is the Merkle root of 2^(h mod 8) consecutive
//! hashes of one tile at level h / 8. Two tree heads are consistent exactly
//! when one set of tiles gives both roots: that is what a client that remembers
//! an older (or newer) checkpoint checks, fetching only the tiles listed here.

use alloc::collections::BTreeSet;
use alloc::format;
use alloc::vec::Vec;

use crate::error::Error;
use crate::hash::{node_hash, root_of, Hash};
use crate::tile::{TileId, TILE_WIDTH};

/// The complete subtrees `(height, index)` whose fold is the root of size `m`,
/// largest (leftmost) first.
fn subtrees(m: u64) -> Vec<(u8, u64)> {
    let mut out = Vec::new();
    let mut start = 0u64;
    for h in (0..64u8).rev() {
        if m & (1u64 << h) != 0 {
            out.push((h, start >> h));
            start += 1u64 << h;
        }
    }
    out
}

/// The tile of a tree of `size` leaves holding the hashes of subtree `(h, index)`,
/// and where in it they are.
fn locate(size: u64, h: u8, index: u64) -> (TileId, usize, usize) {
    let level = h / 8;
    let count = 1usize << (h % 8);
    let first = index << (h % 8);
    let t = first / TILE_WIDTH;
    let at_level = size >> (8 * u32::from(level));
    let width = if (t + 1) * TILE_WIDTH <= at_level {
        TILE_WIDTH
    } else {
        at_level % TILE_WIDTH
    };
    let id = TileId {
        level: Some(level),
        index: t,
        width: width as u16,
    };
    (id, (first % TILE_WIDTH) as usize, count)
}

/// The hash tiles of a tree of `size` leaves that give the roots of `sizes`
/// (each at most `size`).
pub fn tiles_for_roots(size: u64, sizes: &[u64]) -> BTreeSet<TileId> {
    sizes
        .iter()
        .filter(|&&m| m <= size)
        .flat_map(|&m| subtrees(m))
        .map(|(h, i)| locate(size, h, i).0)
        .collect()
}

/// The root of the first `m` leaves of a tree of `size` leaves, from its tiles
/// (`tile` returns a tile's hashes, already checked to be `width` long).
pub fn root_from_tiles<'a>(
    size: u64,
    m: u64,
    tile: &dyn Fn(&TileId) -> Option<&'a [Hash]>,
) -> Result<Hash, Error> {
    if m > size {
        return Err(Error::BadTile(format!(
            "size {m} is beyond the tiles' {size}"
        )));
    }
    let mut hashes = Vec::new();
    for (h, i) in subtrees(m) {
        let (id, offset, count) = locate(size, h, i);
        let t = tile(&id).ok_or_else(|| Error::BadTile(format!("{} is missing", id.path())))?;
        let part = t
            .get(offset..offset + count)
            .ok_or_else(|| Error::BadTile(format!("{} is too short", id.path())))?;
        hashes.push(root_of(part));
    }
    let mut acc = match hashes.pop() {
        Some(h) => h,
        None => return Ok(crate::hash::empty_root()),
    };
    while let Some(left) = hashes.pop() {
        acc = node_hash(&left, &acc);
    }
    Ok(acc)
}
