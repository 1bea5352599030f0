//! trust-tlog reads what aics-tlog (an independent Python implementation)
//! wrote: leaf hashes, roots, inclusion and consistency proofs, a checkpoint
//! with its log signature and three cosignatures, and the tiles of a log.

use crate::support::*;
use trust_tlog::hash::root_of;
use trust_tlog::tile::{bundle_entries, tile_hashes, tiles_for_size, TileId};
use trust_tlog::{leaf_hash, verify_checkpoint, verify_consistency, verify_inclusion, Checkpoint};

fn leaf_hashes() -> Vec<trust_tlog::Hash> {
    let mut out = Vec::new();
    for t in tiles_for_size(600).iter().filter(|t| t.level.is_none()) {
        let bytes = tile(&t.path());
        out.extend(
            bundle_entries(t, &bytes)
                .unwrap()
                .iter()
                .map(|e| leaf_hash(e)),
        );
    }
    out
}

#[test]
fn leaf_hashes_and_roots_match() {
    let v = vectors();
    let leaves = leaf_hashes();
    assert_eq!(leaves.len(), 600);
    assert_eq!(&leaves[..5], hashes(&v["leaf_hashes"]).as_slice());
    for (size, root) in v["roots"].as_object().unwrap() {
        let n: usize = size.parse().unwrap();
        assert_eq!(root_of(&leaves[..n]), hash(root), "root of size {n}");
    }
}

#[test]
fn its_inclusion_proofs_verify_here_and_only_for_their_leaf() {
    let v = vectors();
    let leaves = leaf_hashes();
    let roots = v["roots"].as_object().unwrap();
    let root_at = |n: u64| root_of(&leaves[..n as usize]);
    for case in v["inclusion"].as_array().unwrap() {
        let (i, n) = (
            case["index"].as_u64().unwrap(),
            case["size"].as_u64().unwrap(),
        );
        let proof = hashes(&case["proof"]);
        if let Some(r) = roots.get(&n.to_string()) {
            assert_eq!(hash(r), root_at(n));
        }
        verify_inclusion(i, n, &leaves[i as usize], &proof, &root_at(n)).unwrap();
        let other = leaves[(i as usize + 1) % 600];
        assert!(verify_inclusion(i, n, &other, &proof, &root_at(n)).is_err());
        if n > 1 {
            assert!(
                verify_inclusion((i + 1) % n, n, &leaves[i as usize], &proof, &root_at(n)).is_err()
            );
        }
    }
}

#[test]
fn its_consistency_proofs_verify_here_and_not_across_a_fork() {
    let v = vectors();
    let leaves = leaf_hashes();
    let root_at = |n: u64| root_of(&leaves[..n as usize]);
    for case in v["consistency"].as_array().unwrap() {
        let (o, n) = (case["old"].as_u64().unwrap(), case["new"].as_u64().unwrap());
        let proof = hashes(&case["proof"]);
        verify_consistency(o, n, &root_at(o), &root_at(n), &proof).unwrap();
        // The same proof against a forked old root (one leaf rewritten) fails.
        let mut forked = leaves[..o as usize].to_vec();
        forked[0] = leaf_hash(b"rewritten");
        assert!(
            verify_consistency(o, n, &root_of(&forked), &root_at(n), &proof).is_err(),
            "{o}->{n}"
        );
        if !proof.is_empty() {
            assert!(verify_consistency(o, n, &root_at(o), &root_at(n), &proof[1..]).is_err());
        }
    }
}

#[test]
fn its_checkpoint_and_cosignatures_verify() {
    let v = vectors();
    let note = v["checkpoint"]["note"].as_str().unwrap();
    let got = verify_checkpoint(
        note.as_bytes(),
        &log_key(&v),
        "collector.example/log",
        &policy(&v, 3),
        fresh_at(SIGNED_AT),
    )
    .unwrap();
    assert_eq!(got.checkpoint.size, 600);
    assert_eq!(got.checkpoint.root, hash(&v["checkpoint"]["root"]));
    let times: Vec<u64> = got.cosigned.iter().map(|(_, t)| *t).collect();
    assert_eq!(times, [1_796_000_000, 1_796_000_100, 1_796_000_200]);
    assert_eq!(got.cosigned[1].0, "witness1.example/w");
    // Our formatting of the checkpoint text is byte for byte theirs.
    assert_eq!(Checkpoint::parse(&got.text).unwrap().to_text(), got.text);
    // Our key strings are theirs.
    assert_eq!(log_key(&v).to_string(), v["log_vkey"].as_str().unwrap());
}

/// Every tile aics-tlog wrote is the tile this crate derives from the entry
/// bundles, and the level-1 tile's hashes are the roots of the full level-0
/// tiles, so the tiles prove the checkpoint's root.
#[test]
fn its_tiles_are_the_tree() {
    let v = vectors();
    let leaves = leaf_hashes();
    let ids = tiles_for_size(600);
    let mut level1 = Vec::new();
    for id in ids.iter().filter(|t| t.level == Some(0)) {
        let got = tile_hashes(id, &tile(&id.path())).unwrap();
        let start = id.index as usize * 256;
        assert_eq!(got, leaves[start..start + got.len()], "{}", id.path());
        if !id.is_partial() {
            level1.push(root_of(&got));
        }
    }
    let l1 = TileId {
        level: Some(1),
        index: 0,
        width: 2,
    };
    assert_eq!(tile_hashes(&l1, &tile(&l1.path())).unwrap(), level1);
    assert_eq!(root_of(&leaves), hash(&v["checkpoint"]["root"]));
    // A tile of the wrong length for its path is refused.
    assert!(tile_hashes(
        &TileId {
            level: Some(0),
            index: 2,
            width: 87
        },
        &tile("tile/0/002.p/88")
    )
    .is_err());
}

/// The root of every size up to the log's, computed from the tiles aics-tlog
/// wrote (only those `tiles_for_roots` lists), is the root of that many leaves:
/// what a client that remembers another checkpoint checks consistency with.
#[test]
fn roots_of_every_size_from_its_tiles() {
    use trust_tlog::prove::{root_at, Tiles};
    use trust_tlog::tiled::tiles_for_roots;
    let leaves = leaf_hashes();
    let sizes: Vec<u64> = (0..=600).collect();
    let mut tiles = Tiles::new();
    let ids = tiles_for_roots(600, &sizes);
    assert!(ids.len() <= 4, "{ids:?}");
    for id in ids {
        let hashes = tile_hashes(&id, &tile(&id.path())).unwrap();
        tiles.insert(id.level.unwrap(), id.index, hashes);
    }
    for m in sizes {
        assert_eq!(
            root_at(&mut tiles, m).unwrap(),
            root_of(&leaves[..m as usize]),
            "{m}"
        );
    }
    assert!(tiles.missing.is_empty());
    // Two sizes need few tiles: the remembered 511 and the current 600.
    assert_eq!(tiles_for_roots(600, &[511, 600]).len(), 3);
}
