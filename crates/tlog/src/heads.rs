//! Tree heads from hash tiles, the verify side's lean form (what the widget
//! links): the root of a tree of `m` leaves is the fold of its complete
//! subtrees, one per set bit of `m`, and each of them is the Merkle hash of at
//! most 128 neighbouring hashes of one tile (a subtree of height `8L + r` is
//! `2^r` hashes of a level-`L` tile). So a client names the few tiles
//! (`tiles_for_heads`), fetches them, and folds (`head_from_tiles`): no maps,
//! no recursion, no memo. Two tree heads are consistent exactly when one set of
//! a tree's tiles gives both roots. `prove::root_at` computes the same from a
//! `TileReader` for the collector and the auditor; a test holds them equal.

use alloc::format;
use alloc::vec::Vec;

use crate::error::Error;
use crate::hash::{empty_root, node_hash, root_of, Hash};
use crate::tile::{TileId, TILE_WIDTH};

/// The complete subtrees of the first `m` leaves, left to right: for each, the
/// tile (level, index) holding it and the run of that tile's hashes it covers.
fn subtrees(m: u64) -> impl DoubleEndedIterator<Item = (u8, u64, usize, usize)> {
    (0..64u32)
        .rev()
        .filter(move |h| m >> h & 1 == 1)
        .map(move |h| {
            let start = (m >> (h + 1)) << (h + 1); // first leaf of this subtree
            let level = h / 8;
            let first = start >> (8 * level); // its first hash at that tile level
            (
                level as u8,
                first / TILE_WIDTH,
                (first % TILE_WIDTH) as usize,
                1usize << (h % 8),
            )
        })
}

/// The hash tiles of a tree of `size` leaves (with their widths in that tree)
/// that give the roots of `sizes` (each at most `size`), each named once.
pub fn tiles_for_heads(size: u64, sizes: &[u64]) -> Vec<TileId> {
    let mut out: Vec<TileId> = Vec::new();
    for &m in sizes.iter().filter(|&&m| m <= size) {
        for (level, index, _, _) in subtrees(m) {
            let at_level = size >> (8 * u32::from(level));
            let width = (at_level - index * TILE_WIDTH).min(TILE_WIDTH) as u16;
            let id = TileId {
                level: Some(level),
                index,
                width,
            };
            if !out.contains(&id) {
                out.push(id);
            }
        }
    }
    out
}

/// The root of the first `m` leaves from `tiles` (hash tiles with their
/// hashes; a full tile may stand for a partial one, its first hashes are the
/// same). A tile missing or too narrow is an error.
pub fn head_from_tiles(tiles: &[(TileId, Vec<Hash>)], m: u64) -> Result<Hash, Error> {
    let mut acc: Option<Hash> = None;
    for (level, index, offset, count) in subtrees(m).rev() {
        let run = tiles
            .iter()
            .find(|(id, _)| id.level == Some(level) && id.index == index)
            .and_then(|(_, hashes)| hashes.get(offset..offset + count))
            .ok_or_else(|| Error::BadTile(format!("tile {level}/{index} missing or too narrow")))?;
        let subtree = root_of(run);
        acc = Some(match acc {
            None => subtree,
            Some(right) => node_hash(&subtree, &right),
        });
    }
    Ok(acc.unwrap_or_else(empty_root))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::leaf_hash;
    use crate::prove::{root_at, Tiles};
    use crate::tile::tile_hashes;

    /// The hash tiles of a tree of `n` leaves, as a log serves them.
    fn serve(leaves: &[Hash]) -> Vec<(TileId, Vec<u8>)> {
        let mut out = Vec::new();
        let mut level_hashes = leaves.to_vec();
        let mut level = 0u8;
        while !level_hashes.is_empty() {
            let mut up = Vec::new();
            for (i, chunk) in level_hashes.chunks(TILE_WIDTH as usize).enumerate() {
                let id = TileId {
                    level: Some(level),
                    index: i as u64,
                    width: chunk.len() as u16,
                };
                out.push((id, chunk.concat()));
                if chunk.len() == TILE_WIDTH as usize {
                    up.push(root_of(chunk));
                }
            }
            level_hashes = up;
            level += 1;
        }
        out
    }

    #[test]
    fn heads_from_tiles_are_the_roots_prove_computes() {
        let n = 256 * 256 + 3 * 256 + 5;
        let leaves: Vec<Hash> = (0..n as u32).map(|i| leaf_hash(&i.to_be_bytes())).collect();
        let served = serve(&leaves);
        let mut full = Tiles::new();
        for (id, bytes) in &served {
            full.insert(id.level.unwrap(), id.index, tile_hashes(id, bytes).unwrap());
        }
        let sizes = [
            0u64,
            1,
            2,
            3,
            255,
            256,
            257,
            511,
            512,
            1000,
            65535,
            65536,
            65537,
            n - 1,
            n,
        ];
        for &size in &[n, 65536, 66000, 1000] {
            for &m in sizes.iter().filter(|&&m| m <= size) {
                let ids = tiles_for_heads(size, &[m]);
                assert!(ids.len() <= 4, "size {size}, head {m}: {} tiles", ids.len());
                // Only the named tiles, each as wide as the tree of `size` has it.
                let got: Vec<(TileId, Vec<Hash>)> = ids
                    .iter()
                    .map(|id| {
                        let w = usize::from(id.width);
                        let (_, bytes) = served
                            .iter()
                            .find(|(s, _)| s.level == id.level && s.index == id.index)
                            .unwrap();
                        (*id, tile_hashes(id, &bytes[..w * 32]).unwrap())
                    })
                    .collect();
                let want = root_at(&mut full, m).unwrap();
                assert_eq!(
                    head_from_tiles(&got, m).unwrap(),
                    want,
                    "size {size}, head {m}"
                );
                // Every tile named is needed.
                for skip in 0..got.len() {
                    let mut fewer = got.clone();
                    fewer.remove(skip);
                    assert!(head_from_tiles(&fewer, m).is_err(), "size {size}, head {m}");
                }
            }
        }
    }
}
