//! This node's attribution-engine results for open challenges: computed in the background by
//! the challenge runner (never inside an ABCI call) and read by `ExtendVote`, which puts the
//! results for the challenges open at the last committed height in the vote extension.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, RwLock};

use openledger_attribution::proto::ChallengeVote;

/// Shared between the runner (writer) and the consensus service (reader).
#[derive(Debug, Clone, Default)]
pub struct ChallengeResults(Arc<RwLock<BTreeMap<u64, ChallengeVote>>>);

impl ChallengeResults {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records this node's result for a challenge (replacing an earlier one).
    pub fn insert(&self, vote: ChallengeVote) {
        if let Ok(mut map) = self.0.write() {
            map.insert(vote.challenge_id, vote);
        }
    }

    pub fn contains(&self, challenge_id: u64) -> bool {
        self.0
            .read()
            .map(|m| m.contains_key(&challenge_id))
            .unwrap_or(false)
    }

    /// The results computed for these challenges, in challenge id order.
    pub fn for_ids(&self, ids: &[u64]) -> Vec<ChallengeVote> {
        let Ok(map) = self.0.read() else {
            return Vec::new();
        };
        let wanted: BTreeSet<u64> = ids.iter().copied().collect();
        wanted
            .into_iter()
            .filter_map(|id| map.get(&id).cloned())
            .collect()
    }

    /// Forgets the results of challenges no longer open.
    pub fn retain_open(&self, open: &BTreeSet<u64>) {
        if let Ok(mut map) = self.0.write() {
            map.retain(|id, _| open.contains(id));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vote(id: u64) -> ChallengeVote {
        ChallengeVote {
            challenge_id: id,
            content_missing: id.is_multiple_of(2),
            entries: Vec::new(),
        }
    }

    #[test]
    fn results_by_id_in_order_and_forgotten_once_settled() {
        let r = ChallengeResults::new();
        r.insert(vote(3));
        r.insert(vote(1));
        assert!(r.contains(3) && !r.contains(2));
        let got: Vec<u64> = r
            .for_ids(&[3, 2, 1, 3])
            .iter()
            .map(|v| v.challenge_id)
            .collect();
        assert_eq!(got, vec![1, 3]);
        r.retain_open(&BTreeSet::from([3]));
        assert!(!r.contains(1) && r.contains(3));
    }
}
