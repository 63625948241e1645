//! The roots of whole trees built in one go, computed bottom-up from their sorted key hashes
//! instead of by inserting every key into jmt's in-memory tree cache.
//!
//! The JMT of a set of keys is unique: it is the sparse Merkle tree over the key hashes' bits
//! in which an empty subtree hashes to the placeholder, a subtree holding exactly one leaf
//! hashes to that leaf, and any other subtree to `H(internal-separator ‖ left ‖ right)` (jmt
//! groups four binary levels into each 16-way internal node, and collapses single leaves the
//! same way inside one). So the root follows from the sorted `(key hash, leaf hash)` pairs in
//! one pass, holding 64 bytes per key and no node. Tests compare it with jmt on random sets.

use jmt::KeyHash;
use openledger_framework::Changes;
use sha2::{Digest, Sha256};

use super::error::StoreError;
use super::tree::{key_hash, EMPTY_ROOT};
use super::{split_verifiable_key, SUBSTORES};

const LEAF_DOMAIN_SEPARATOR: &[u8] = b"JMT::LeafNode";
const INTERNAL_DOMAIN_SEPARATOR: &[u8] = b"JMT::IntrnalNode";

/// Bits in a key hash: two distinct key hashes differ within them.
const KEY_HASH_BITS: usize = 256;

/// A leaf: its key hash and its node hash.
type Leaf = ([u8; 32], [u8; 32]);

fn leaf(key_hash: KeyHash, value: &[u8]) -> Leaf {
    let value_hash: [u8; 32] = Sha256::digest(value).into();
    let mut hasher = Sha256::new();
    hasher.update(LEAF_DOMAIN_SEPARATOR);
    hasher.update(key_hash.0);
    hasher.update(value_hash);
    (key_hash.0, hasher.finalize().into())
}

fn internal(left: &[u8; 32], right: &[u8; 32]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(INTERNAL_DOMAIN_SEPARATOR);
    hasher.update(left);
    hasher.update(right);
    hasher.finalize().into()
}

fn bit(hash: &[u8; 32], depth: usize) -> bool {
    hash.get(depth / 8)
        .is_some_and(|byte| byte & (0x80 >> (depth % 8)) != 0)
}

/// Root of the subtree at `depth` holding `leaves` (sorted by key hash, all sharing their
/// first `depth` bits).
fn subtree(leaves: &[Leaf], depth: usize) -> Result<[u8; 32], StoreError> {
    match leaves {
        [] => Ok(EMPTY_ROOT),
        [(_, hash)] => Ok(*hash),
        _ if depth >= KEY_HASH_BITS => Err(StoreError::Backend(
            "the same key hash twice in one tree".into(),
        )),
        _ => {
            let split = leaves.partition_point(|(key, _)| !bit(key, depth));
            let (left, right) = leaves.split_at(split);
            let next = depth.saturating_add(1);
            Ok(internal(&subtree(left, next)?, &subtree(right, next)?))
        }
    }
}

/// The root of the tree holding `leaves`, in any order (sorted here).
fn root(mut leaves: Vec<Leaf>) -> Result<[u8; 32], StoreError> {
    leaves.sort_unstable_by_key(|leaf| leaf.0);
    subtree(&leaves, 0)
}

/// The app hash of `changes` applied to the empty state: what [`super::Storage::prepare`]
/// computes on a fresh store, with the same refusals (a key outside the substores, an empty
/// key inside one) and deletions ignored (nothing is there to delete).
pub(crate) fn fresh_app_hash(changes: &Changes) -> Result<[u8; 32], StoreError> {
    let mut substores: Vec<Vec<Leaf>> = vec![Vec::new(); SUBSTORES.len()];
    for (full, value) in &changes.verifiable {
        let (index, inner) = split_verifiable_key(full)?;
        if let (Some(value), Some(leaves)) = (value, substores.get_mut(index)) {
            leaves.push(leaf(key_hash(inner), value));
        }
    }
    let mut roots = Vec::with_capacity(SUBSTORES.len());
    for (name, leaves) in SUBSTORES.iter().zip(substores) {
        let root = root(leaves)?;
        roots.push(leaf(key_hash(name.as_bytes()), &root));
    }
    root(roots)
}

#[cfg(test)]
mod tests {
    use super::super::tree::{EmptyTree, Jmt};
    use super::*;

    /// A reproducible byte stream (SHA-256 of a counter).
    struct StdRng(u64, [u8; 32]);

    impl StdRng {
        fn seed_from_u64(seed: u64) -> Self {
            StdRng(seed << 32, [0; 32])
        }
        fn bytes(&mut self) -> [u8; 32] {
            self.0 += 1;
            self.1 = Sha256::digest(self.0.to_be_bytes()).into();
            self.1
        }
        fn byte(&mut self) -> u8 {
            self.bytes()[0]
        }
        fn below(&mut self, n: usize) -> usize {
            usize::from(self.byte()) % n
        }
    }

    fn jmt_root(entries: &[(KeyHash, Vec<u8>)]) -> [u8; 32] {
        let set = entries.iter().map(|(k, v)| (*k, v.clone())).collect();
        let (roots, _) = Jmt::new(&EmptyTree)
            .batch_put_value_sets(vec![set], None, 0)
            .unwrap();
        roots[0].0
    }

    fn bulk_root(entries: &[(KeyHash, Vec<u8>)]) -> [u8; 32] {
        root(entries.iter().map(|(k, v)| leaf(*k, v)).collect()).unwrap()
    }

    fn random_entries(rng: &mut StdRng, n: usize) -> Vec<(KeyHash, Vec<u8>)> {
        let mut entries: Vec<(KeyHash, Vec<u8>)> = (0..n)
            .map(|_| {
                let len = rng.below(40);
                (KeyHash(rng.bytes()), rng.bytes()[..len.min(32)].to_vec())
            })
            .collect();
        entries.sort_by_key(|entry| entry.0);
        entries.dedup_by(|a, b| a.0 == b.0);
        entries
    }

    #[test]
    fn bulk_root_equals_jmt_root_of_small_sets() {
        assert_eq!(bulk_root(&[]), EMPTY_ROOT);
        let mut rng = StdRng::seed_from_u64(7);
        for n in [1, 2, 3, 15, 16, 17, 100] {
            for _ in 0..5 {
                let entries = random_entries(&mut rng, n);
                assert_eq!(bulk_root(&entries), jmt_root(&entries), "{n} keys");
            }
        }
    }

    #[test]
    fn bulk_root_equals_jmt_root_of_large_random_sets() {
        let mut rng = StdRng::seed_from_u64(11);
        for n in [1_000, 5_000] {
            let entries = random_entries(&mut rng, n);
            assert_eq!(bulk_root(&entries), jmt_root(&entries), "{n} keys");
        }
    }

    #[test]
    fn bulk_root_equals_jmt_root_for_keys_sharing_long_prefixes() {
        let mut rng = StdRng::seed_from_u64(3);
        for shared_bits in [4, 63, 128, 200, 255] {
            let base: [u8; 32] = rng.bytes();
            let mut entries = Vec::new();
            for i in 0..6u8 {
                let mut key = base;
                // Keep the first `shared_bits` bits, randomise the rest.
                for bit_index in shared_bits..256 {
                    let mask = 0x80u8 >> (bit_index % 8);
                    if rng.byte() & 1 == 1 {
                        key[bit_index / 8] ^= mask;
                    }
                }
                entries.push((KeyHash(key), vec![i]));
            }
            // Two keys differing only in the very last bit.
            let mut last = base;
            last[31] ^= 1;
            entries.push((KeyHash(base), vec![9]));
            entries.push((KeyHash(last), vec![10]));
            entries.sort_by_key(|entry| entry.0);
            entries.dedup_by(|a, b| a.0 == b.0);
            assert_eq!(
                bulk_root(&entries),
                jmt_root(&entries),
                "{shared_bits} shared bits"
            );
        }
    }

    #[test]
    fn fresh_app_hash_equals_the_prepared_app_hash_of_a_fresh_store() {
        let dir = tempfile::tempdir().unwrap();
        let storage = super::super::Storage::open(
            &dir.path().join("db"),
            super::super::StoreConfig { keep_recent: 0 },
        )
        .unwrap();
        let mut rng = StdRng::seed_from_u64(5);
        for keys in [0usize, 1, 2, 300] {
            let mut changes = Changes::default();
            for i in 0..keys {
                let substore = SUBSTORES[rng.below(3)];
                let key = format!("{substore}/k/{i}").into_bytes();
                changes.verifiable.insert(key, Some(rng.bytes().to_vec()));
            }
            // Deleting what a fresh store does not hold changes nothing.
            changes.verifiable.insert(b"bank/absent".to_vec(), None);
            let prepared = storage.prepare(1, &changes).unwrap();
            assert_eq!(
                fresh_app_hash(&changes).unwrap(),
                prepared.app_hash(),
                "{keys}"
            );
        }
        let mut bad = Changes::default();
        bad.verifiable.insert(b"nowhere/x".to_vec(), Some(vec![1]));
        assert!(fresh_app_hash(&bad).is_err());
        let mut empty_key = Changes::default();
        empty_key
            .verifiable
            .insert(b"bank/".to_vec(), Some(vec![1]));
        assert!(fresh_app_hash(&empty_key).is_err());
    }

    #[test]
    fn the_same_key_hash_twice_is_refused() {
        let k = KeyHash([1; 32]);
        assert!(root(vec![leaf(k, b"a"), leaf(k, b"b")]).is_err());
    }
}
