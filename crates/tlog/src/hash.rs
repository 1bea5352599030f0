//! RFC 6962 §2.1 Merkle tree hashing (SHA-256), as tlog-tiles uses it: leaves
//! `H(0x00 || entry)`, interior nodes `H(0x01 || left || right)`, the empty tree
//! `H("")`. Domain separation keeps a node from being passed off as a leaf.

use sha2::{Digest, Sha256};

/// A SHA-256 digest: a leaf hash, a node hash or a tree's root.
pub type Hash = [u8; 32];

/// `H(0x00 || entry)`.
pub fn leaf_hash(entry: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([0u8]);
    h.update(entry);
    h.finalize().into()
}

/// `H(0x01 || left || right)`.
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut h = Sha256::new();
    h.update([1u8]);
    h.update(left);
    h.update(right);
    h.finalize().into()
}

/// The root of the empty tree, `SHA-256("")`.
pub fn empty_root() -> Hash {
    Sha256::digest([]).into()
}

/// The Merkle tree hash (RFC 6962 MTH) of a run of already-hashed leaves (or of
/// a tile's hashes, which are the leaves of its subtree). O(n) time, O(log n)
/// memory: a stack of complete subtrees, merged as in a binary counter.
pub fn root_of(hashes: &[Hash]) -> Hash {
    if hashes.is_empty() {
        return empty_root();
    }
    // stack[i] is a complete subtree; sizes strictly decrease along the stack.
    let mut stack: alloc::vec::Vec<(u64, Hash)> = alloc::vec::Vec::new();
    for h in hashes {
        let mut node = (1u64, *h);
        while let Some(&(size, top)) = stack.last() {
            if size != node.0 {
                break;
            }
            stack.pop();
            node = (size * 2, node_hash(&top, &node.1));
        }
        stack.push(node);
    }
    // Fold right to left: the rightmost, smaller subtrees join first, which is
    // RFC 6962's split at the largest power of two.
    let mut acc = stack.pop().map(|(_, h)| h).unwrap_or_else(empty_root);
    while let Some((_, left)) = stack.pop() {
        acc = node_hash(&left, &acc);
    }
    acc
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mth(l: &[Hash]) -> Hash {
        match l.len() {
            0 => empty_root(),
            1 => l[0],
            n => {
                let mut k = 1;
                while k * 2 < n {
                    k *= 2;
                }
                node_hash(&mth(&l[..k]), &mth(&l[k..]))
            }
        }
    }

    #[test]
    fn root_of_is_rfc6962_mth() {
        let leaves: alloc::vec::Vec<Hash> =
            (0..70u32).map(|i| leaf_hash(&i.to_be_bytes())).collect();
        for n in 0..=leaves.len() {
            assert_eq!(root_of(&leaves[..n]), mth(&leaves[..n]), "size {n}");
        }
    }
}
