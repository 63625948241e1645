//! A bounded cache of signatures already verified, so a tx checked in CheckTx is not verified
//! again in ProcessProposal and FinalizeBlock.
//!
//! The key is sha256(pubkey || sign bytes || signature): the sign bytes include the chain id
//! and account number, so a hit means exactly this verification already succeeded. Only
//! successes are stored; a miss falls back to verifying. Results cannot differ with or without
//! the cache, so it does not affect consensus.

use std::collections::{BTreeSet, VecDeque};
use std::sync::Mutex;

use sha2::{Digest, Sha256};

pub struct SigCache {
    capacity: usize,
    inner: Mutex<Entries>,
}

#[derive(Default)]
struct Entries {
    known: BTreeSet<[u8; 32]>,
    /// Insertion order, for eviction.
    order: VecDeque<[u8; 32]>,
}

impl SigCache {
    pub fn new(capacity: usize) -> Self {
        SigCache {
            capacity,
            inner: Mutex::new(Entries::default()),
        }
    }

    pub fn key(pubkey: &[u8], sign_bytes: &[u8], sig: &[u8]) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update(pubkey);
        h.update(sign_bytes);
        h.update(sig);
        h.finalize().into()
    }

    pub fn contains(&self, key: &[u8; 32]) -> bool {
        self.inner
            .lock()
            .map(|g| g.known.contains(key))
            .unwrap_or(false)
    }

    /// Remember a successful verification, evicting the oldest beyond capacity.
    pub fn insert(&self, key: [u8; 32]) {
        if let Ok(mut g) = self.inner.lock() {
            if g.known.insert(key) {
                g.order.push_back(key);
                while g.order.len() > self.capacity {
                    if let Some(old) = g.order.pop_front() {
                        g.known.remove(&old);
                    }
                }
            }
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
}
