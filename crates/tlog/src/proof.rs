//! Inclusion and consistency proof verification, RFC 9162 §2.1.3.2 and §2.1.4.2
//! step by step (the same trees as RFC 6962). Proofs longer than 64 hashes
//! (more than a 2^64-leaf tree needs) are refused before any hashing. And one
//! proof for many leaves at once (`verify_batch_inclusion`): a page of reviews
//! shares most of its siblings, so it carries each hash once.

use crate::error::Error;
use crate::hash::{node_hash, Hash};
use alloc::format;

/// Longest proof accepted.
pub const MAX_PROOF: usize = 64;

/// Checks that `leaf` (a leaf hash) is leaf `index` of the tree of `size` leaves
/// whose root is `root`.
pub fn verify_inclusion(
    index: u64,
    size: u64,
    leaf: &Hash,
    proof: &[Hash],
    root: &Hash,
) -> Result<(), Error> {
    if index >= size || proof.len() > MAX_PROOF {
        return Err(Error::InclusionInvalid);
    }
    let (mut fn_, mut sn) = (index, size - 1);
    let mut r = *leaf;
    for p in proof {
        if sn == 0 {
            return Err(Error::InclusionInvalid);
        }
        if fn_ & 1 == 1 || fn_ == sn {
            r = node_hash(p, &r);
            while fn_ & 1 == 0 && fn_ != 0 {
                fn_ >>= 1;
                sn >>= 1;
            }
        } else {
            r = node_hash(&r, p);
        }
        fn_ >>= 1;
        sn >>= 1;
    }
    if sn == 0 && r == *root {
        Ok(())
    } else {
        Err(Error::InclusionInvalid)
    }
}

/// Most leaves one batch proof covers (a page holds at most 1,000 reviews).
pub const MAX_BATCH: usize = 1_024;

/// Checks that `leaves` (leaf index and leaf hash, indices strictly ascending and
/// below `size`) are those leaves of the tree of `size` leaves whose root is
/// `root`. `proof` holds the hashes of the subtrees that contain none of the
/// leaves and whose sibling does, in the order a depth-first, left-first walk of
/// the tree (RFC 6962's split: the left subtree is the largest power of two
/// smaller than the range) meets them; the root is recomputed from the leaves and
/// those hashes, and every hash must be used exactly once (a missing or an extra
/// hash fails, so a proof has one spelling).
pub fn verify_batch_inclusion(
    size: u64,
    leaves: &[(u64, Hash)],
    proof: &[Hash],
    root: &Hash,
) -> Result<(), Error> {
    let ascending = leaves.windows(2).all(|w| w[0].0 < w[1].0);
    let in_range = leaves.last().is_some_and(|l| l.0 < size);
    if leaves.len() > MAX_BATCH || proof.len() > leaves.len() * MAX_PROOF {
        return Err(Error::TooLarge("batch proof"));
    }
    if !ascending || !in_range {
        return Err(Error::InclusionInvalid);
    }
    let mut hashes = proof.iter();
    let computed = batch_root(0, size, leaves, &mut hashes).ok_or(Error::InclusionInvalid)?;
    if hashes.next().is_none() && computed == *root {
        Ok(())
    } else {
        Err(Error::InclusionInvalid)
    }
}

/// MTH of leaves `lo..hi` from the given leaves in that range and the proof's
/// next hashes; None when the proof runs out. Recursion depth is at most 64.
fn batch_root(
    lo: u64,
    hi: u64,
    leaves: &[(u64, Hash)],
    proof: &mut core::slice::Iter<'_, Hash>,
) -> Option<Hash> {
    match leaves {
        [] => proof.next().copied(),
        // One leaf in a one-leaf range: indices are ascending and in range.
        [(_, leaf)] if hi - lo == 1 => Some(*leaf),
        _ if hi - lo == 1 => None,
        _ => {
            let mid = lo + crate::prove::split(hi - lo);
            let at = leaves.partition_point(|l| l.0 < mid);
            let left = batch_root(lo, mid, &leaves[..at], proof)?;
            let right = batch_root(mid, hi, &leaves[at..], proof)?;
            Some(node_hash(&left, &right))
        }
    }
}

/// Checks that the tree of `new_size` leaves with root `new_root` extends the
/// tree of `old_size` leaves with root `old_root` (append-only). The empty tree
/// is consistent with every tree (tlog-witness: old size 0, empty proof); equal
/// sizes need equal roots and an empty proof.
pub fn verify_consistency(
    old_size: u64,
    new_size: u64,
    old_root: &Hash,
    new_root: &Hash,
    proof: &[Hash],
) -> Result<(), Error> {
    let fail = |why: &str| {
        Err(Error::Inconsistent(format!(
            "{why} ({old_size} → {new_size})"
        )))
    };
    if proof.len() > MAX_PROOF {
        return fail("proof too long");
    }
    if old_size > new_size {
        return fail("the tree shrank");
    }
    if old_size == 0 {
        return if proof.is_empty() {
            Ok(())
        } else {
            fail("a proof from the empty tree must be empty")
        };
    }
    if old_size == new_size {
        return if !proof.is_empty() {
            fail("a proof between equal sizes must be empty")
        } else if old_root == new_root {
            Ok(())
        } else {
            fail("two different roots for one size: a fork")
        };
    }
    // Step 1: if the old size is a power of two, its root is the proof's start.
    let mut hashes = proof.iter();
    let first = if old_size.is_power_of_two() {
        *old_root
    } else {
        match hashes.next() {
            Some(h) => *h,
            None => return fail("empty proof"),
        }
    };
    let (mut fn_, mut sn) = (old_size - 1, new_size - 1);
    while fn_ & 1 == 1 {
        fn_ >>= 1;
        sn >>= 1;
    }
    let (mut fr, mut sr) = (first, first);
    for c in hashes {
        if sn == 0 {
            return fail("proof too long");
        }
        if fn_ & 1 == 1 || fn_ == sn {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            while fn_ & 1 == 0 && fn_ != 0 {
                fn_ >>= 1;
                sn >>= 1;
            }
        } else {
            sr = node_hash(&sr, c);
        }
        fn_ >>= 1;
        sn >>= 1;
    }
    if fr == *old_root && sr == *new_root && sn == 0 {
        Ok(())
    } else {
        fail("the proof does not join the two roots")
    }
}
