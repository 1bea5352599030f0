//! Proofs from tiles (RFC 6962 §2.1.1 PATH and §2.1.2 PROOF), for a log that
//! serves them and for a client that holds a log's tiles (the widget checking a
//! remembered checkpoint, `trustctl audit`): every hash a
//! proof needs is a complete subtree's, and a complete subtree of height h is the
//! root of 2^(h mod 8) consecutive hashes of one tile at level h / 8.
//!
//! Tile reads go through `TileReader`, which is synchronous: a caller whose
//! tiles are in a database runs the proof once over `Tiles` (which records the
//! tiles it lacks), loads those, and runs it again.

use alloc::collections::{BTreeMap, BTreeSet};
use alloc::vec::Vec;

use crate::error::Error;
use crate::hash::{node_hash, Hash};
use crate::tile::TILE_WIDTH;

/// Where a proof reads tiles: `(level, index)` → the tile's hashes (a partial
/// tile as wide as the tree has it, or a full tile).
pub trait TileReader {
    fn tile(&mut self, level: u8, index: u64) -> Result<&[Hash], Error>;
    /// A complete subtree's hash kept by `keep`, if this reader memoises (a log
    /// proving every review of a publication reuses most of them).
    fn cached(&self, _height: u8, _index: u64) -> Option<Hash> {
        None
    }
    /// Keeps a complete subtree's hash for `cached`.
    fn keep(&mut self, _height: u8, _index: u64, _hash: Hash) {}
}

/// Tiles in memory. A tile it lacks is recorded in `missing` and read as zero
/// hashes, so one dry run lists what to load.
#[derive(Debug, Default, Clone)]
pub struct Tiles {
    pub tiles: BTreeMap<(u8, u64), Vec<Hash>>,
    pub missing: BTreeSet<(u8, u64)>,
    zeros: Vec<Hash>,
    /// Subtree hashes computed so far (cleared when a tile is added: a dry run's
    /// come from zeros).
    memo: BTreeMap<(u8, u64), Hash>,
}

impl Tiles {
    pub fn new() -> Tiles {
        Tiles::default()
    }

    pub fn insert(&mut self, level: u8, index: u64, hashes: Vec<Hash>) {
        self.memo.clear();
        self.missing.remove(&(level, index));
        self.tiles.insert((level, index), hashes);
    }
}

impl TileReader for Tiles {
    fn tile(&mut self, level: u8, index: u64) -> Result<&[Hash], Error> {
        if self.tiles.contains_key(&(level, index)) {
            return Ok(&self.tiles[&(level, index)]);
        }
        self.missing.insert((level, index));
        if self.zeros.is_empty() {
            self.zeros = alloc::vec![[0u8; 32]; TILE_WIDTH as usize];
        }
        Ok(&self.zeros)
    }

    fn cached(&self, height: u8, index: u64) -> Option<Hash> {
        self.memo.get(&(height, index)).copied()
    }

    fn keep(&mut self, height: u8, index: u64, hash: Hash) {
        self.memo.insert((height, index), hash);
    }
}

/// The hash of the complete subtree of height `height` whose leaves start at
/// `index << height` (the tree must hold all of them).
pub fn subtree_hash(r: &mut impl TileReader, height: u8, index: u64) -> Result<Hash, Error> {
    if height % 8 == 0 {
        // A hash the tile at level height / 8 holds as it is.
        let level = height / 8;
        let tile = r.tile(level, index / TILE_WIDTH)?;
        return tile
            .get((index % TILE_WIDTH) as usize)
            .copied()
            .ok_or_else(|| {
                Error::BadTile(alloc::format!(
                    "tile {level}/{} too narrow",
                    index / TILE_WIDTH
                ))
            });
    }
    if let Some(h) = r.cached(height, index) {
        return Ok(h);
    }
    let left = subtree_hash(
        r,
        height - 1,
        index
            .checked_mul(2)
            .ok_or(Error::TooLarge("subtree index"))?,
    )?;
    let right = subtree_hash(r, height - 1, index * 2 + 1)?;
    let h = node_hash(&left, &right);
    r.keep(height, index, h);
    Ok(h)
}

/// MTH(D[lo:hi]) where `lo` is a multiple of the largest power of two below
/// `hi - lo` (true of every range RFC 6962's recursions visit).
fn range_hash(r: &mut impl TileReader, lo: u64, hi: u64) -> Result<Hash, Error> {
    let n = hi - lo;
    if n.is_power_of_two() && lo % n == 0 {
        let height = n.trailing_zeros() as u8;
        return subtree_hash(r, height, lo >> height);
    }
    let k = split(n);
    let left = range_hash(r, lo, lo + k)?;
    let right = range_hash(r, lo + k, hi)?;
    Ok(node_hash(&left, &right))
}

/// The largest power of two smaller than `n` (n ≥ 2).
pub(crate) fn split(n: u64) -> u64 {
    1u64 << (63 - (n - 1).leading_zeros())
}

/// The root of the tree of the first `size` leaves (any size the tiles cover).
pub fn root_at(r: &mut impl TileReader, size: u64) -> Result<Hash, Error> {
    if size == 0 {
        return Ok(crate::hash::empty_root());
    }
    range_hash(r, 0, size)
}

/// The inclusion proof of leaf `index` in the tree of `size` leaves, leaf upwards.
pub fn inclusion_proof(r: &mut impl TileReader, index: u64, size: u64) -> Result<Vec<Hash>, Error> {
    if index >= size {
        return Err(Error::InclusionInvalid);
    }
    let mut out = Vec::new();
    path(r, index, 0, size, &mut out)?;
    Ok(out)
}

fn path(
    r: &mut impl TileReader,
    m: u64,
    lo: u64,
    hi: u64,
    out: &mut Vec<Hash>,
) -> Result<(), Error> {
    if hi - lo == 1 {
        return Ok(());
    }
    let k = split(hi - lo);
    if m < lo + k {
        path(r, m, lo, lo + k, out)?;
        out.push(range_hash(r, lo + k, hi)?);
    } else {
        path(r, m, lo + k, hi, out)?;
        out.push(range_hash(r, lo, lo + k)?);
    }
    Ok(())
}

/// The batch inclusion proof of leaves `indices` (strictly ascending, below
/// `size`) in the tree of `size` leaves, in the order
/// `proof::verify_batch_inclusion` reads it: one walk of the tree for all of them.
#[cfg(feature = "sign")]
pub fn batch_proof(
    r: &mut impl TileReader,
    indices: &[u64],
    size: u64,
) -> Result<Vec<Hash>, Error> {
    if indices.windows(2).any(|w| w[0] >= w[1]) || !matches!(indices.last(), Some(&i) if i < size) {
        return Err(Error::InclusionInvalid);
    }
    let mut out = Vec::new();
    batch_path(r, 0, size, indices, &mut out)?;
    Ok(out)
}

#[cfg(feature = "sign")]
fn batch_path(
    r: &mut impl TileReader,
    lo: u64,
    hi: u64,
    indices: &[u64],
    out: &mut Vec<Hash>,
) -> Result<(), Error> {
    if indices.is_empty() {
        out.push(range_hash(r, lo, hi)?);
    } else if hi - lo > 1 {
        let mid = lo + split(hi - lo);
        let at = indices.partition_point(|&i| i < mid);
        batch_path(r, lo, mid, &indices[..at], out)?;
        batch_path(r, mid, hi, &indices[at..], out)?;
    }
    Ok(())
}

/// Every hash tile (level, index) a proof about leaves `indices` in the tree of
/// `size` leaves can read, whatever batches the leaves are proven in: a sibling
/// of a leaf's path below height 8·(L+1) lies in the level-L tile holding that
/// leaf's ancestor, and the right edge's ranges lie on the last leaf's path. So
/// the tiles are known from the indices alone, loaded once, and proofs for any
/// grouping of the leaves into pages need no other.
#[cfg(feature = "sign")]
pub fn tiles_for_leaves(indices: &[u64], size: u64) -> BTreeSet<(u8, u64)> {
    let mut out = BTreeSet::new();
    let last = size.checked_sub(1);
    for &i in indices.iter().chain(last.as_ref()) {
        // Level L holds size >> 8L hashes; its tile n exists when it holds one.
        for level in 0..8u8 {
            let width = size >> (8 * u32::from(level));
            let n = (i >> (8 * u32::from(level))) / TILE_WIDTH;
            if n * TILE_WIDTH < width {
                out.insert((level, n));
            }
        }
    }
    out
}

/// The consistency proof from the tree of `old` leaves to the tree of `new`
/// (empty when `old` is 0 or equals `new`).
pub fn consistency_proof(r: &mut impl TileReader, old: u64, new: u64) -> Result<Vec<Hash>, Error> {
    if old > new {
        return Err(Error::Inconsistent(alloc::format!(
            "old size {old} > new size {new}"
        )));
    }
    let mut out = Vec::new();
    if old > 0 && old < new {
        subproof(r, old, 0, new, true, &mut out)?;
    }
    Ok(out)
}

fn subproof(
    r: &mut impl TileReader,
    m: u64,
    lo: u64,
    hi: u64,
    whole: bool,
    out: &mut Vec<Hash>,
) -> Result<(), Error> {
    let n = hi - lo;
    if m == n {
        if !whole {
            out.push(range_hash(r, lo, hi)?);
        }
        return Ok(());
    }
    let k = split(n);
    if m <= k {
        subproof(r, m, lo, lo + k, whole, out)?;
        out.push(range_hash(r, lo + k, hi)?);
    } else {
        subproof(r, m - k, lo + k, hi, false, out)?;
        out.push(range_hash(r, lo, lo + k)?);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::{leaf_hash, root_of};
    use crate::tile::{tiles_for_size, TileId};

    /// Tiles of a tree of `n` leaves, built here level by level from the
    /// definition (not by the sign feature's builder).
    fn tree(n: u32) -> (Vec<Hash>, Tiles) {
        let leaves: Vec<Hash> = (0..n).map(|i| leaf_hash(&i.to_le_bytes())).collect();
        let mut tiles = Tiles::new();
        let mut level_hashes = leaves.clone();
        let mut level = 0u8;
        while !level_hashes.is_empty() {
            let mut up = Vec::new();
            for (i, chunk) in level_hashes.chunks(256).enumerate() {
                tiles.insert(level, i as u64, chunk.to_vec());
                if chunk.len() == 256 {
                    up.push(root_of(chunk));
                }
            }
            level_hashes = up;
            level += 1;
        }
        let count = tiles_for_size(u64::from(n))
            .iter()
            .filter(|t: &&TileId| t.level.is_some())
            .count();
        assert_eq!(tiles.tiles.len(), count);
        (leaves, tiles)
    }

    // RFC 6962's recursive definitions straight over the leaves, to compare.
    fn mth(l: &[Hash]) -> Hash {
        root_of(l)
    }
    fn ref_path(m: usize, l: &[Hash]) -> Vec<Hash> {
        if l.len() <= 1 {
            return Vec::new();
        }
        let k = split(l.len() as u64) as usize;
        if m < k {
            let mut p = ref_path(m, &l[..k]);
            p.push(mth(&l[k..]));
            p
        } else {
            let mut p = ref_path(m - k, &l[k..]);
            p.push(mth(&l[..k]));
            p
        }
    }
    fn ref_sub(m: usize, l: &[Hash], b: bool) -> Vec<Hash> {
        if m == l.len() {
            return if b { Vec::new() } else { alloc::vec![mth(l)] };
        }
        let k = split(l.len() as u64) as usize;
        if m <= k {
            let mut p = ref_sub(m, &l[..k], b);
            p.push(mth(&l[k..]));
            p
        } else {
            let mut p = ref_sub(m - k, &l[k..], false);
            p.push(mth(&l[..k]));
            p
        }
    }

    #[test]
    fn proofs_from_tiles_equal_rfc6962() {
        let (leaves, mut tiles) = tree(66_000);
        for size in [1u64, 2, 3, 255, 256, 257, 511, 65_536, 65_537, 66_000] {
            let l = &leaves[..size as usize];
            for index in [0, 1, size / 2, size - 1] {
                if index >= size {
                    continue;
                }
                let p = inclusion_proof(&mut tiles, index, size).unwrap();
                assert_eq!(p, ref_path(index as usize, l), "leaf {index} of {size}");
            }
            for old in [1u64, 7, 256, size / 3, size - 1] {
                if old == 0 || old >= size {
                    continue;
                }
                let p = consistency_proof(&mut tiles, old, size).unwrap();
                assert_eq!(p, ref_sub(old as usize, l, true), "{old} -> {size}");
            }
            assert_eq!(root_at(&mut tiles, size).unwrap(), mth(l));
        }
        assert!(tiles.missing.is_empty());
    }

    #[test]
    fn a_dry_run_lists_the_tiles_to_load() {
        let (_, full) = tree(70_000);
        let mut empty = Tiles::new();
        let dry = inclusion_proof(&mut empty, 12_345, 70_000).unwrap();
        assert!(!empty.missing.is_empty());
        for key in empty.missing.clone() {
            empty.insert(key.0, key.1, full.tiles[&key].clone());
        }
        let real = inclusion_proof(&mut empty, 12_345, 70_000).unwrap();
        assert!(empty.missing.is_empty());
        assert_ne!(dry, real);
        assert_eq!(
            real,
            inclusion_proof(&mut full.clone(), 12_345, 70_000).unwrap()
        );
    }
}
