//! A bounded cache of signature verdicts, so a tx checked in CheckTx is not verified again in
//! ProcessProposal and FinalizeBlock, and a bad signature sent again is refused without
//! verifying it again.
//!
//! The key is sha256 over the length-prefixed pubkey, sign bytes and signature: the sign bytes
//! include the chain id and account number, so a hit means exactly this verification was
//! done. Successes and failures are kept apart, each bounded; a miss falls back to verifying.
//! Results cannot differ with or without the cache, so it does not affect consensus.

use std::collections::{BTreeSet, VecDeque};
use std::sync::Mutex;

use sha2::{Digest, Sha256};

/// Bad verdicts remembered: a flood of invalid txs must not evict the good ones.
const BAD_CAPACITY: usize = 10_000;

pub struct SigCache {
    capacity: usize,
    good: Mutex<Entries>,
    bad: Mutex<Entries>,
}

#[derive(Default)]
struct Entries {
    known: BTreeSet<[u8; 32]>,
    /// Insertion order, for eviction.
    order: VecDeque<[u8; 32]>,
}

impl Entries {
    fn insert(&mut self, key: [u8; 32], capacity: usize) {
        if self.known.insert(key) {
            self.order.push_back(key);
            while self.order.len() > capacity {
                if let Some(old) = self.order.pop_front() {
                    self.known.remove(&old);
                }
            }
        }
    }
}

impl SigCache {
    pub fn new(capacity: usize) -> Self {
        SigCache {
            capacity,
            good: Mutex::new(Entries::default()),
            bad: Mutex::new(Entries::default()),
        }
    }

    pub fn key(pubkey: &[u8], sign_bytes: &[u8], sig: &[u8]) -> [u8; 32] {
        let mut h = Sha256::new();
        for part in [pubkey, sign_bytes, sig] {
            h.update((part.len() as u64).to_le_bytes());
            h.update(part);
        }
        h.finalize().into()
    }

    /// A verification known to have succeeded.
    pub fn contains(&self, key: &[u8; 32]) -> bool {
        self.good
            .lock()
            .map(|g| g.known.contains(key))
            .unwrap_or(false)
    }

    /// `Some(true)`: verified; `Some(false)`: known not to verify; `None`: not known.
    pub fn verdict(&self, key: &[u8; 32]) -> Option<bool> {
        if self.contains(key) {
            return Some(true);
        }
        let bad = self
            .bad
            .lock()
            .map(|b| b.known.contains(key))
            .unwrap_or(false);
        bad.then_some(false)
    }

    /// Remember a successful verification, evicting the oldest beyond capacity.
    pub fn insert(&self, key: [u8; 32]) {
        if let Ok(mut g) = self.good.lock() {
            g.insert(key, self.capacity);
        }
    }

    /// Remember a signature that does not verify.
    pub fn insert_bad(&self, key: [u8; 32]) {
        if let Ok(mut b) = self.bad.lock() {
            b.insert(key, BAD_CAPACITY.min(self.capacity));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evicts_oldest_beyond_capacity() {
        let c = SigCache::new(2);
        let k = |n: u8| SigCache::key(&[n], b"m", b"s");
        c.insert(k(1));
        c.insert(k(2));
        c.insert(k(3));
        assert!(!c.contains(&k(1)));
        assert!(c.contains(&k(2)) && c.contains(&k(3)));
    }

    #[test]
    fn bad_verdicts_are_kept_apart_from_good_ones() {
        let c = SigCache::new(2);
        let k = |n: u8| SigCache::key(&[n], b"m", b"s");
        c.insert(k(1));
        c.insert_bad(k(2));
        c.insert_bad(k(3));
        c.insert_bad(k(4));
        assert_eq!(c.verdict(&k(1)), Some(true));
        assert_eq!(c.verdict(&k(2)), None);
        assert_eq!(c.verdict(&k(4)), Some(false));
        assert!(!c.contains(&k(4)));
    }

    #[test]
    fn the_key_separates_the_parts() {
        assert_ne!(
            SigCache::key(b"k", b"ab", b"c"),
            SigCache::key(b"k", b"a", b"bc")
        );
    }
}
