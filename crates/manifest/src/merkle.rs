//! A Merkle tree over review pages, as Certificate Transparency builds its logs
//! (RFC 6962 §2.1, RFC 9162 §2.1): SHA-256, leaves hashed as `H(0x00 || leaf)`
//! and interior nodes as `H(0x01 || left || right)`, so a leaf can never be passed
//! off as a node (no second preimages), and the tree splits at the largest power of
//! two below its size, so every size has exactly one shape and one proof length.
//!
//! The verifier needs only `verify_inclusion`; building trees and proofs is for the
//! collector's tool (`sign` feature).

#[cfg(feature = "sign")]
use sha2::{Digest, Sha256};

// One implementation of RFC 6962 hashing and proofs: the log's (`trust-tlog`).
pub use trust_tlog::proof::MAX_PROOF;
pub use trust_tlog::{leaf_hash, node_hash, Hash};

/// Whether `proof` shows that `leaf` is leaf `index` of the tree of `size` leaves
/// whose root is `root` (RFC 9162 §2.1.3.2, step by step). A proof of the wrong
/// length, for another index or another tree fails.
pub fn verify_inclusion(index: u64, size: u64, leaf: &Hash, proof: &[Hash], root: &Hash) -> bool {
    trust_tlog::verify_inclusion(index, size, leaf, proof, root).is_ok()
}

/// The root of a tree over `leaves` (already leaf-hashed) and every leaf's
/// inclusion proof, in one pass: O(n log n) hashes, not O(n) per proof.
#[cfg(feature = "sign")]
pub fn build(leaves: &[Hash]) -> (Hash, alloc::vec::Vec<alloc::vec::Vec<Hash>>) {
    let mut proofs = alloc::vec![alloc::vec::Vec::new(); leaves.len()];
    let root = if leaves.is_empty() {
        Sha256::digest([]).into()
    } else {
        subtree(leaves, 0, &mut proofs)
    };
    (root, proofs)
}

#[cfg(feature = "sign")]
fn subtree(leaves: &[Hash], offset: usize, proofs: &mut [alloc::vec::Vec<Hash>]) -> Hash {
    if leaves.len() == 1 {
        return leaves[0];
    }
    // The largest power of two smaller than the size.
    let k = 1usize << (usize::BITS - 1 - (leaves.len() - 1).leading_zeros());
    let left = subtree(&leaves[..k], offset, proofs);
    let right = subtree(&leaves[k..], offset + k, proofs);
    for p in &mut proofs[offset..offset + k] {
        p.push(right);
    }
    for p in &mut proofs[offset + k..offset + leaves.len()] {
        p.push(left);
    }
    node_hash(&left, &right)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;
    use sha2::{Digest, Sha256};

    /// RFC 6962's MTH, written as the RFC defines it, to check `build` against.
    fn mth(leaves: &[Hash]) -> Hash {
        match leaves.len() {
            0 => Sha256::digest([]).into(),
            1 => leaves[0],
            n => {
                let mut k = 1;
                while k * 2 < n {
                    k *= 2;
                }
                node_hash(&mth(&leaves[..k]), &mth(&leaves[k..]))
            }
        }
    }

    fn leaves(n: usize) -> Vec<Hash> {
        (0..n)
            .map(|i| leaf_hash(alloc::format!("page {i}").as_bytes()))
            .collect()
    }

    #[test]
    fn every_proof_verifies_and_only_where_it_belongs() {
        for n in 1..=33usize {
            let l = leaves(n);
            let (root, proofs) = build(&l);
            assert_eq!(root, mth(&l), "size {n}");
            for (i, proof) in proofs.iter().enumerate() {
                let leaf = &l[i];
                let (i, size) = (i as u64, n as u64);
                assert!(verify_inclusion(i, size, leaf, proof, &root), "{i} of {n}");
                // Another index, another leaf, a shortened or lengthened proof: all
                // fail. (Another size may not: the size is signed with the root.)
                if n > 1 {
                    assert!(!verify_inclusion((i + 1) % size, size, leaf, proof, &root));
                }
                assert!(!verify_inclusion(i, size, &leaf_hash(b"x"), proof, &root));
                if !proof.is_empty() {
                    assert!(!verify_inclusion(i, size, leaf, &proof[1..], &root));
                }
                let mut longer = proof.clone();
                longer.push(root);
                assert!(!verify_inclusion(i, size, leaf, &longer, &root));
            }
        }
    }

    #[test]
    fn a_leaf_is_not_a_node() {
        // Domain separation: a node's two children, concatenated and hashed as a
        // leaf, do not give the node's hash.
        let (a, b) = (leaf_hash(b"a"), leaf_hash(b"b"));
        let mut both = Vec::new();
        both.extend_from_slice(&a);
        both.extend_from_slice(&b);
        assert_ne!(leaf_hash(&both), node_hash(&a, &b));
    }

    #[test]
    fn proof_length_is_bounded() {
        let leaf = leaf_hash(b"x");
        let proof = alloc::vec![leaf; MAX_PROOF + 1];
        assert!(!verify_inclusion(0, u64::MAX, &leaf, &proof, &leaf));
    }
}
