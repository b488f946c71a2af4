//! RFC 6962 / RFC 9162 Merkle tree hashing, and the inclusion and consistency proofs of
//! a log of `n` leaves, computed from the hashes of its perfect subtrees.
//!
//! The log never holds the whole tree: it holds tiles ([`super::tiles`]), from which the
//! hash of any perfect subtree (a "node": `level` k, `index` i, covering leaves
//! `[i·2^k, (i+1)·2^k)`) can be read. Every proof here is a list of hashes of ranges of
//! leaves, and every such range is a few perfect subtrees folded from the right, so a
//! proof needs only nodes ([`NodeSource`]). Verification needs nothing but the proof.
//!
//! Nothing here panics on any input: sizes and indexes out of range are errors.

use sha2::{Digest, Sha256};

/// A SHA-256 digest: a leaf's, a node's or a tree's.
pub type Hash = [u8; 32];

/// The hash of a leaf: `SHA-256(0x00 || data)` (RFC 6962 §2.1).
pub fn leaf_hash(data: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([0u8]);
    h.update(data);
    h.finalize().into()
}

/// The hash of an interior node: `SHA-256(0x01 || left || right)`.
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut h = Sha256::new();
    h.update([1u8]);
    h.update(left);
    h.update(right);
    h.finalize().into()
}

/// The hash of the empty tree: SHA-256 of nothing.
pub fn empty_tree_hash() -> Hash {
    Sha256::digest([]).into()
}

/// A perfect subtree: `2^level` leaves starting at leaf `index << level`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Node {
    pub level: u8,
    pub index: u64,
}

/// Where proofs read node hashes from (the log's tiles, or a test's whole tree).
pub trait NodeSource {
    /// The hash of `node`, or why it cannot be read (a tile that is missing or too short).
    fn node(&self, node: Node) -> Result<Hash, ProofError>;
}

/// Why a proof could not be made or does not hold.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProofError {
    /// The leaf index is not below the tree size.
    #[error("leaf index {index} is not in a tree of size {size}")]
    IndexOutOfRange { index: u64, size: u64 },
    /// The old size of a consistency proof is 0 or larger than the new size.
    #[error("no consistency proof from size {old} to size {new}: the old size must be between 1 and the new size")]
    BadSizes { old: u64, new: u64 },
    /// The proof has more or fewer hashes than the sizes call for.
    #[error(
        "the proof has {found} hashes; index {index} in a tree of size {size} needs {expected}"
    )]
    WrongLength {
        index: u64,
        size: u64,
        expected: usize,
        found: usize,
    },
    /// The proof's hashes do not lead to the root hash given.
    #[error("the proof does not lead to the tree's root hash: a hash of the proof, the leaf, the index or the root was changed")]
    RootMismatch,
    /// A consistency proof's hashes do not lead to the old root hash.
    #[error("the proof does not lead to the old tree's root hash: the old tree is not a prefix of the new one")]
    OldRootMismatch,
    /// A node hash the proof needs could not be read.
    #[error("the hash of {level}/{index} is not available: {reason}")]
    MissingNode {
        level: u8,
        index: u64,
        reason: String,
    },
}

impl ProofError {
    /// Stable kebab-case code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::IndexOutOfRange { .. } => "index-out-of-range",
            Self::BadSizes { .. } => "bad-sizes",
            Self::WrongLength { .. } => "wrong-proof-length",
            Self::RootMismatch => "root-mismatch",
            Self::OldRootMismatch => "old-root-mismatch",
            Self::MissingNode { .. } => "missing-node",
        }
    }
}

/// The perfect subtrees that make up leaves `[lo, hi)`, left to right, when `lo` is a
/// multiple of a power of two at least `hi - lo` (every range a proof asks for is).
pub fn range_nodes(lo: u64, hi: u64) -> Vec<Node> {
    let mut nodes = Vec::new();
    let mut start = lo;
    let mut width = hi.saturating_sub(lo);
    while width > 0 {
        let level = 63 - width.leading_zeros() as u8;
        nodes.push(Node {
            level,
            index: start >> level,
        });
        start += 1 << level;
        width -= 1 << level;
    }
    nodes
}

/// The Merkle tree hash of leaves `[lo, hi)` (RFC 9162 MTH), from its perfect subtrees:
/// each split is at the largest power of two, so the subtrees fold from the right.
pub fn range_hash(src: &dyn NodeSource, lo: u64, hi: u64) -> Result<Hash, ProofError> {
    let nodes = range_nodes(lo, hi);
    let mut iter = nodes.iter().rev();
    let Some(last) = iter.next() else {
        return Ok(empty_tree_hash());
    };
    let mut hash = src.node(*last)?;
    for node in iter {
        hash = node_hash(&src.node(*node)?, &hash);
    }
    Ok(hash)
}

/// The root hash of a tree of `size` leaves.
pub fn tree_hash(src: &dyn NodeSource, size: u64) -> Result<Hash, ProofError> {
    range_hash(src, 0, size)
}

/// The largest power of two below `n` (n ≥ 2).
fn split(n: u64) -> u64 {
    1 << (63 - (n - 1).leading_zeros())
}

/// The ranges whose hashes make the inclusion proof of leaf `index` in a tree of `size`
/// (RFC 9162 §2.1.3.1, PATH), from the leaf's sibling up to the root's.
pub fn inclusion_ranges(index: u64, size: u64) -> Result<Vec<(u64, u64)>, ProofError> {
    if index >= size {
        return Err(ProofError::IndexOutOfRange { index, size });
    }
    let mut ranges = Vec::new();
    let (mut lo, mut hi, mut m) = (0u64, size, index);
    while hi - lo > 1 {
        let k = split(hi - lo);
        if m < k {
            ranges.push((lo + k, hi));
            hi = lo + k;
        } else {
            ranges.push((lo, lo + k));
            lo += k;
            m -= k;
        }
    }
    ranges.reverse();
    Ok(ranges)
}

/// The ranges whose hashes make the consistency proof from `old` leaves to `new`
/// (RFC 9162 §2.1.4.1, SUBPROOF(m, D[n], true)), in the proof's order.
pub fn consistency_ranges(old: u64, new: u64) -> Result<Vec<(u64, u64)>, ProofError> {
    if old == 0 || old > new {
        return Err(ProofError::BadSizes { old, new });
    }
    let mut ranges = Vec::new();
    let (mut lo, mut hi, mut m, mut whole) = (0u64, new, old, true);
    loop {
        let n = hi - lo;
        if m == n {
            if !whole {
                ranges.push((lo, hi));
            }
            break;
        }
        let k = split(n);
        if m <= k {
            ranges.push((lo + k, hi));
            hi = lo + k;
        } else {
            ranges.push((lo, lo + k));
            lo += k;
            m -= k;
            whole = false;
        }
    }
    ranges.reverse();
    Ok(ranges)
}

/// The inclusion proof of leaf `index` in the tree of `size` leaves.
pub fn prove_inclusion(
    src: &dyn NodeSource,
    index: u64,
    size: u64,
) -> Result<Vec<Hash>, ProofError> {
    inclusion_ranges(index, size)?
        .into_iter()
        .map(|(lo, hi)| range_hash(src, lo, hi))
        .collect()
}

/// The consistency proof from the tree of `old` leaves to the tree of `new` leaves.
pub fn prove_consistency(
    src: &dyn NodeSource,
    old: u64,
    new: u64,
) -> Result<Vec<Hash>, ProofError> {
    if old == new {
        return Ok(Vec::new());
    }
    consistency_ranges(old, new)?
        .into_iter()
        .map(|(lo, hi)| range_hash(src, lo, hi))
        .collect()
}

/// After a left sibling was hashed in at the tree's right edge: climb past the levels where the node is
/// a left child with nothing to its right (RFC 9162 §2.1.3.2 step 5.2.2, §2.1.4.2 step 7.2.2).
fn climb_right_edge(f_n: &mut u64, s_n: &mut u64) {
    if *f_n & 1 == 0 {
        while *f_n & 1 == 0 && *f_n != 0 {
            *f_n >>= 1;
            *s_n >>= 1;
        }
    }
}

/// Checks that `leaf` (a leaf hash) is leaf `index` of the tree of `size` leaves whose
/// root is `root` (RFC 9162 §2.1.3.2).
pub fn verify_inclusion(
    leaf: &Hash,
    index: u64,
    size: u64,
    proof: &[Hash],
    root: &Hash,
) -> Result<(), ProofError> {
    let expected = inclusion_ranges(index, size)?.len();
    if proof.len() != expected {
        return Err(ProofError::WrongLength {
            index,
            size,
            expected,
            found: proof.len(),
        });
    }
    let (mut f_n, mut s_n) = (index, size - 1);
    let mut r = *leaf;
    for p in proof {
        if s_n == 0 {
            return Err(ProofError::RootMismatch);
        }
        if f_n & 1 == 1 || f_n == s_n {
            r = node_hash(p, &r);
            climb_right_edge(&mut f_n, &mut s_n);
        } else {
            r = node_hash(&r, p);
        }
        f_n >>= 1;
        s_n >>= 1;
    }
    if s_n == 0 && r == *root {
        Ok(())
    } else {
        Err(ProofError::RootMismatch)
    }
}

/// Checks that the tree of `old` leaves with root `old_root` is a prefix of the tree of
/// `new` leaves with root `new_root` (RFC 9162 §2.1.4.2).
pub fn verify_consistency(
    old: u64,
    new: u64,
    proof: &[Hash],
    old_root: &Hash,
    new_root: &Hash,
) -> Result<(), ProofError> {
    if old == new {
        if !proof.is_empty() {
            return Err(ProofError::WrongLength {
                index: old,
                size: new,
                expected: 0,
                found: proof.len(),
            });
        }
        return if old_root == new_root {
            Ok(())
        } else {
            Err(ProofError::RootMismatch)
        };
    }
    let expected = consistency_ranges(old, new)?.len();
    if proof.len() != expected {
        return Err(ProofError::WrongLength {
            index: old,
            size: new,
            expected,
            found: proof.len(),
        });
    }
    // When `old` is a power of two its root is the first node of the path, not in the proof.
    let mut path: Vec<Hash> = Vec::with_capacity(proof.len() + 1);
    if old.is_power_of_two() {
        path.push(*old_root);
    }
    path.extend_from_slice(proof);
    let (mut f_n, mut s_n) = (old - 1, new - 1);
    while f_n & 1 == 1 {
        f_n >>= 1;
        s_n >>= 1;
    }
    let Some((first, rest)) = path.split_first() else {
        return Err(ProofError::RootMismatch);
    };
    let (mut fr, mut sr) = (*first, *first);
    for c in rest {
        if s_n == 0 {
            return Err(ProofError::RootMismatch);
        }
        if f_n & 1 == 1 || f_n == s_n {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            climb_right_edge(&mut f_n, &mut s_n);
        } else {
            sr = node_hash(&sr, c);
        }
        f_n >>= 1;
        s_n >>= 1;
    }
    if s_n != 0 || sr != *new_root {
        return Err(ProofError::RootMismatch);
    }
    if fr != *old_root {
        return Err(ProofError::OldRootMismatch);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A whole tree, leaf hashes held: node hashes computed the slow way.
    struct Whole(Vec<Hash>);

    impl NodeSource for Whole {
        fn node(&self, node: Node) -> Result<Hash, ProofError> {
            let lo = node.index << node.level;
            let hi = lo + (1 << node.level);
            if hi > self.0.len() as u64 {
                return Err(ProofError::MissingNode {
                    level: node.level,
                    index: node.index,
                    reason: "past the tree".into(),
                });
            }
            Ok(mth(&self.0[lo as usize..hi as usize]))
        }
    }

    /// RFC 9162's recursive definition, the reference the fast paths are held to.
    fn mth(leaves: &[Hash]) -> Hash {
        match leaves.len() {
            0 => empty_tree_hash(),
            1 => leaves[0],
            n => {
                let k = split(n as u64) as usize;
                node_hash(&mth(&leaves[..k]), &mth(&leaves[k..]))
            }
        }
    }

    fn tree(n: usize) -> Whole {
        Whole(
            (0..n)
                .map(|i| leaf_hash(format!("leaf {i}").as_bytes()))
                .collect(),
        )
    }

    #[test]
    fn empty_tree_is_sha256_of_nothing() {
        assert_eq!(
            crate::text::hash::hex(&empty_tree_hash()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn every_inclusion_proof_of_small_trees_verifies_and_a_changed_one_does_not() {
        for n in 1..=40u64 {
            let t = tree(n as usize);
            let root = tree_hash(&t, n).unwrap();
            assert_eq!(root, mth(&t.0));
            for i in 0..n {
                let proof = prove_inclusion(&t, i, n).unwrap();
                let leaf = t.0[i as usize];
                verify_inclusion(&leaf, i, n, &proof, &root).unwrap();
                if n > 1 {
                    let other = (i + 1) % n;
                    assert!(verify_inclusion(&leaf, other, n, &proof, &root).is_err());
                }
                for j in 0..proof.len() {
                    let mut bad = proof.clone();
                    bad[j][0] ^= 1;
                    assert_eq!(
                        verify_inclusion(&leaf, i, n, &bad, &root),
                        Err(ProofError::RootMismatch)
                    );
                }
            }
            assert!(prove_inclusion(&t, n, n).is_err());
        }
    }

    #[test]
    fn every_consistency_proof_of_small_trees_verifies_and_a_changed_one_does_not() {
        for n in 1..=40u64 {
            let t = tree(n as usize);
            let new_root = tree_hash(&t, n).unwrap();
            for m in 1..=n {
                let old_root = mth(&t.0[..m as usize]);
                let proof = prove_consistency(&t, m, n).unwrap();
                verify_consistency(m, n, &proof, &old_root, &new_root).unwrap();
                let mut wrong_old = old_root;
                wrong_old[5] ^= 0x40;
                assert!(verify_consistency(m, n, &proof, &wrong_old, &new_root).is_err());
                for j in 0..proof.len() {
                    let mut bad = proof.clone();
                    bad[j][31] ^= 1;
                    assert!(verify_consistency(m, n, &bad, &old_root, &new_root).is_err());
                }
            }
        }
    }

    #[test]
    fn bad_sizes_are_errors_not_panics() {
        let t = tree(3);
        assert!(matches!(
            prove_consistency(&t, 0, 3),
            Err(ProofError::BadSizes { .. })
        ));
        assert!(matches!(
            prove_consistency(&t, 4, 3),
            Err(ProofError::BadSizes { .. })
        ));
        let h = [0u8; 32];
        assert!(verify_inclusion(&h, 0, 0, &[], &h).is_err());
        assert!(verify_consistency(0, 0, &[], &h, &h).is_ok());
        assert!(verify_consistency(0, 5, &[], &h, &h).is_err());
        assert!(verify_consistency(u64::MAX, 3, &[], &h, &h).is_err());
    }
}
