//! The tree's right edge: what a log must keep in hand to append leaves and to
//! compute its root, one partial tile per tile level (fewer than 256 hashes
//! each). Appending emits the tiles that changed: each newly full tile once (it
//! never changes again) and the partial tile of each level at its new width.

use alloc::vec::Vec;

use crate::hash::{root_of, Hash};
use crate::tile::{TileId, TILE_WIDTH};

/// A tile to store: its id (a full tile, or a partial one at its width) and its
/// bytes (`width` × 32).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TileWrite {
    pub id: TileId,
    pub data: Vec<u8>,
}

/// The right edge of a tree of `size` leaves.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RightEdge {
    size: u64,
    /// `partial[l]`: the hashes of level `l`'s partial tile, `(size / 256^l) % 256`
    /// of them.
    partial: Vec<Vec<Hash>>,
}

impl RightEdge {
    /// The empty tree.
    pub fn new() -> RightEdge {
        RightEdge::default()
    }

    /// The edge of a tree of `size` leaves from its partial tiles (level 0 up;
    /// each exactly as wide as `size` says, else None: the stored tiles do not
    /// describe that size).
    pub fn from_partials(size: u64, partials: Vec<Vec<Hash>>) -> Option<RightEdge> {
        let mut count = size;
        let mut level = 0;
        while count > 0 || level < partials.len() {
            let want = (count % TILE_WIDTH) as usize;
            let have = partials.get(level).map_or(0, Vec::len);
            if want != have {
                return None;
            }
            count /= TILE_WIDTH;
            level += 1;
        }
        Some(RightEdge {
            size,
            partial: partials,
        })
    }

    pub fn size(&self) -> u64 {
        self.size
    }

    /// The partial tiles, level 0 up (what `from_partials` takes back).
    pub fn partials(&self) -> &[Vec<Hash>] {
        &self.partial
    }

    /// Appends leaf hashes; returns every tile that changed, full ones first in
    /// the order they filled, then the partial tile of each level that has one.
    pub fn append(&mut self, leaves: &[Hash]) -> Vec<TileWrite> {
        let mut out = Vec::new();
        let mut touched: Vec<bool> = Vec::new();
        for leaf in leaves {
            let mut level = 0;
            let mut hash = *leaf;
            loop {
                if self.partial.len() <= level {
                    self.partial.push(Vec::new());
                }
                if touched.len() <= level {
                    touched.push(false);
                }
                touched[level] = true;
                self.partial[level].push(hash);
                if self.partial[level].len() < TILE_WIDTH as usize {
                    break;
                }
                // A full tile: stored once, and its root becomes a hash one tile
                // level up (tlog-tiles: level l+1 holds roots of full level-l tiles).
                let full = core::mem::take(&mut self.partial[level]);
                let index = self.count_at(level) / TILE_WIDTH;
                hash = root_of(&full);
                out.push(TileWrite {
                    id: TileId {
                        level: Some(level as u8),
                        index,
                        width: TILE_WIDTH as u16,
                    },
                    data: full.concat(),
                });
                level += 1;
            }
            self.size += 1;
        }
        for (level, hashes) in self.partial.iter().enumerate() {
            if touched.get(level) == Some(&true) && !hashes.is_empty() {
                out.push(TileWrite {
                    id: TileId {
                        level: Some(level as u8),
                        index: self.count_at(level) / TILE_WIDTH,
                        width: hashes.len() as u16,
                    },
                    data: hashes.concat(),
                });
            }
        }
        out
    }

    /// Hashes at tile level `level` in the tree so far, counting the partial tile.
    /// (During `append`, before `size` counts the leaf being added: the full
    /// tile's index is then the count of earlier full tiles.)
    fn count_at(&self, level: usize) -> u64 {
        let mut n = self.size;
        for _ in 0..level {
            n /= TILE_WIDTH;
        }
        n
    }

    /// The RFC 6962 root: the complete subtrees the partial tiles hold, largest
    /// (leftmost) first, folded from the right.
    pub fn root(&self) -> Hash {
        let mut subtrees: Vec<Hash> = Vec::new();
        for hashes in self.partial.iter().rev() {
            let mut start = 0;
            for bit in (0..8).rev() {
                let len = 1usize << bit;
                if hashes.len() & len != 0 {
                    subtrees.push(root_of(&hashes[start..start + len]));
                    start += len;
                }
            }
        }
        let mut iter = subtrees.into_iter().rev();
        let Some(mut acc) = iter.next() else {
            return crate::hash::empty_root();
        };
        for left in iter {
            acc = crate::hash::node_hash(&left, &acc);
        }
        acc
    }
}

/// An entry bundle's bytes: each entry as a big-endian u16 length and its bytes.
/// Entries over 65,535 bytes cannot be bundled (the caller refuses them first).
pub fn bundle<'a>(entries: impl IntoIterator<Item = &'a [u8]>) -> Vec<u8> {
    let mut out = Vec::new();
    for e in entries {
        let len = u16::try_from(e.len()).expect("entries are at most 65,535 bytes");
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(e);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::leaf_hash;
    use crate::tile::tiles_for_size;

    fn leaves(n: u32) -> Vec<Hash> {
        (0..n).map(|i| leaf_hash(&i.to_be_bytes())).collect()
    }

    #[test]
    fn root_matches_mth_across_tile_boundaries() {
        let all = leaves(70_000);
        let mut edge = RightEdge::new();
        let mut at = 0usize;
        // Uneven batches so tiles fill in the middle of a batch.
        for step in [1usize, 2, 253, 1, 255, 256, 257, 4_000, 63_000, 1_975] {
            edge.append(&all[at..at + step]);
            at += step;
            assert_eq!(edge.size(), at as u64);
            assert_eq!(edge.root(), root_of(&all[..at]), "size {at}");
        }
        assert_eq!(at, 70_000);
    }

    #[test]
    fn written_tiles_are_the_tiles_of_the_size() {
        // tlog-tiles' example: 70,000 leaves are 273 full level-0 tiles, a partial
        // of 112, a full level-1 tile, a partial level-1 of 17, a level-2 of 1.
        let mut edge = RightEdge::new();
        let mut latest = alloc::collections::BTreeMap::new();
        for chunk in leaves(70_000).chunks(999) {
            for t in edge.append(chunk) {
                let key = (t.id.level, t.id.index);
                if let Some(old) = latest.insert(key, t.clone()) {
                    // A full tile is written once; a partial only grows.
                    assert!(old.id.is_partial(), "{} written twice", old.id.path());
                    assert!(t.data.starts_with(&old.data));
                }
            }
        }
        let mut ids: Vec<TileId> = latest.values().map(|t| t.id).collect();
        ids.sort();
        let mut want: Vec<TileId> = tiles_for_size(70_000)
            .into_iter()
            .filter(|t| t.level.is_some())
            .collect();
        want.sort();
        assert_eq!(ids, want);
        let edge2 = RightEdge::from_partials(70_000, edge.partials().to_vec()).unwrap();
        assert_eq!(edge2.root(), edge.root());
        assert!(RightEdge::from_partials(70_001, edge.partials().to_vec()).is_none());
    }

    #[test]
    fn bundles_are_length_prefixed() {
        let b = bundle([b"ab".as_slice(), b"".as_slice(), b"xyz".as_slice()]);
        assert_eq!(b, [0, 2, b'a', b'b', 0, 0, 0, 3, b'x', b'y', b'z']);
        let id = TileId {
            level: None,
            index: 0,
            width: 3,
        };
        assert_eq!(crate::tile::bundle_entries(&id, &b).unwrap().len(), 3);
    }
}
