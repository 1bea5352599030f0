//! One inclusion proof for many leaves (a page of reviews): proven from tiles by
//! the `sign` side, verified by recomputing the root. Checked against the
//! single-leaf proofs (a batch of one holds the path's hashes), across sizes at
//! tile and power-of-two edges, against the tiles `tiles_for_leaves` names (any
//! grouping of the leaves proves from them alone), and against every way of
//! tampering: duplicates, unsorted or out-of-range indices, a missing, an extra
//! or a changed hash, another leaf.
#![cfg(feature = "sign")]

use trust_tlog::proof::verify_batch_inclusion;
use trust_tlog::sign::{batch_proof, inclusion_proof, tiles_for_leaves, TiledLog, Tiles};
use trust_tlog::{leaf_hash, Error, Hash};

fn log(n: u64) -> (Vec<Hash>, TiledLog) {
    let entries: Vec<Vec<u8>> = (0..n).map(|i| i.to_le_bytes().to_vec()).collect();
    let hashes = entries.iter().map(|e| leaf_hash(e)).collect();
    (hashes, TiledLog::build(&entries))
}

fn leaves(hashes: &[Hash], indices: &[u64]) -> Vec<(u64, Hash)> {
    indices.iter().map(|&i| (i, hashes[i as usize])).collect()
}

#[test]
fn a_batch_of_one_holds_the_inclusion_path() {
    let (hashes, l) = log(70_000);
    let mut tiles = l.tiles.clone();
    for i in [0u64, 1, 255, 256, 65_535, 65_536, 69_999] {
        // The same siblings, in walk order: those on the left top-down as the
        // walk descends, those on the right bottom-up as it returns.
        let mut single = inclusion_proof(&mut tiles, i, l.size).unwrap();
        let mut batch = batch_proof(&mut tiles, &[i], l.size).unwrap();
        verify_batch_inclusion(l.size, &leaves(&hashes, &[i]), &batch, &l.root).unwrap();
        single.sort();
        batch.sort();
        assert_eq!(batch, single, "leaf {i}");
    }
}

#[test]
fn batches_verify_at_every_edge_and_share_their_siblings() {
    for n in [1u64, 2, 3, 7, 255, 256, 257, 511, 512, 513, 65_537, 70_000] {
        let (hashes, l) = log(n);
        let mut tiles = l.tiles.clone();
        let sets: [Vec<u64>; 4] = [
            vec![n - 1],
            (0..n.min(20)).collect(),
            (0..n).step_by((n as usize / 20).max(1)).collect(),
            (0..n)
                .rev()
                .step_by(997)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect(),
        ];
        for set in sets {
            let proof = batch_proof(&mut tiles, &set, n).unwrap();
            verify_batch_inclusion(n, &leaves(&hashes, &set), &proof, &l.root)
                .unwrap_or_else(|e| panic!("{n} {set:?}: {e}"));
            // Never more hashes than the leaves' separate proofs together.
            let separate: usize = set
                .iter()
                .map(|&i| inclusion_proof(&mut tiles, i, n).unwrap().len())
                .sum();
            assert!(proof.len() <= separate, "{n}");
        }
        // Twenty consecutive leaves of a large tree share almost every sibling.
        if n >= 65_536 {
            let page: Vec<u64> = (40_000..40_020).collect();
            let proof = batch_proof(&mut tiles, &page, n).unwrap();
            assert!(proof.len() <= 2 * 17, "{}", proof.len());
        }
    }
}

#[test]
fn the_tiles_named_by_the_indices_prove_any_grouping() {
    let (hashes, l) = log(70_000);
    let indices: Vec<u64> = (0..70_000).step_by(131).chain([69_999]).collect();
    let mut tiles = Tiles::new();
    for (level, n) in tiles_for_leaves(&indices, l.size) {
        tiles.insert(level, n, l.tiles.tiles[&(level, n)].clone());
    }
    for size in [1usize, 3, 7, 20, 64] {
        for group in indices.chunks(size) {
            let proof = batch_proof(&mut tiles, group, l.size).unwrap();
            assert!(
                tiles.missing.is_empty(),
                "group of {size} read another tile"
            );
            verify_batch_inclusion(l.size, &leaves(&hashes, group), &proof, &l.root).unwrap();
        }
    }
}

#[test]
fn every_tampering_is_refused() {
    let (hashes, l) = log(1_000);
    let mut tiles = l.tiles.clone();
    let set = [3u64, 40, 41, 700];
    let proof = batch_proof(&mut tiles, &set, l.size).unwrap();
    let good = leaves(&hashes, &set);
    let check = |ls: &[(u64, Hash)], p: &[Hash]| verify_batch_inclusion(l.size, ls, p, &l.root);
    assert_eq!(check(&good, &proof), Ok(()));

    let mut dup = good.clone();
    dup[2] = dup[1];
    let mut unsorted = good.clone();
    unsorted.swap(0, 1);
    let mut out_of_range = good.clone();
    out_of_range[3].0 = 1_000;
    let mut other_leaf = good.clone();
    other_leaf[1].1 = hashes[5];
    let mut moved = good.clone();
    moved[3].0 = 701;
    for (what, ls) in [
        ("duplicate", &dup),
        ("unsorted", &unsorted),
        ("out of range", &out_of_range),
        ("another leaf", &other_leaf),
        ("another index", &moved),
    ] {
        assert_eq!(check(ls, &proof), Err(Error::InclusionInvalid), "{what}");
    }
    assert_eq!(check(&[], &[]), Err(Error::InclusionInvalid), "no leaves");
    let missing = &proof[..proof.len() - 1];
    let mut extra = proof.clone();
    extra.push(proof[0]);
    let mut changed = proof.clone();
    changed[2][0] ^= 1;
    let mut swapped = proof.clone();
    swapped.swap(0, 1);
    for (what, p) in [
        ("missing hash", missing),
        ("extra hash", &extra[..]),
        ("changed hash", &changed[..]),
        ("reordered", &swapped[..]),
    ] {
        assert_eq!(check(&good, p), Err(Error::InclusionInvalid), "{what}");
    }
    // The prover refuses what the verifier would.
    assert!(batch_proof(&mut tiles, &[5, 5], l.size).is_err());
    assert!(batch_proof(&mut tiles, &[6, 5], l.size).is_err());
    assert!(batch_proof(&mut tiles, &[1_000], l.size).is_err());
    assert!(batch_proof(&mut tiles, &[], l.size).is_err());
}
