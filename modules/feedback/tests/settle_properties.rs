//! Properties of the settlement formula over random rounds: the pool is exactly paid plus
//! refunded, the consensus is a weighted median, only close revealers are paid and only far
//! ones are slashed.

use openledger_feedback::settle::{settle, Entry, Rules};
use openledger_framework::{Address, Dec};
use proptest::prelude::*;

fn rules() -> Rules {
    Rules {
        max_score: 10_000,
        reward_distance: 1_000,
        slash_distance: 3_000,
        slash_fraction: Dec::percent(10),
    }
}

type Validator = (u128, Option<Vec<u32>>);

fn round(n: usize) -> impl Strategy<Value = Vec<Validator>> {
    prop::collection::vec(
        (
            1u128..=1_000_000_000_000_000_000_000,
            prop::option::weighted(0.8, prop::collection::vec(0u32..=10_000, n)),
        ),
        1..12,
    )
}

fn with_items() -> impl Strategy<Value = (usize, Vec<Validator>, u128)> {
    (1usize..=5).prop_flat_map(|n| (Just(n), round(n), 0u128..=u128::MAX / 4))
}

proptest! {
    #[test]
    fn settlement_conserves_the_pool_and_follows_its_rules((n, vals, pool) in with_items()) {
        let entries: Vec<Entry<'_>> = vals
            .iter()
            .enumerate()
            .map(|(i, (stake, scores))| Entry {
                validator: Address([u8::try_from(i).unwrap(); 20]),
                stake: *stake,
                scores: scores.as_deref(),
            })
            .collect();
        let s = settle(rules(), pool, n, &entries).unwrap();
        prop_assert_eq!(s.paid + s.refunded, pool);
        prop_assert_eq!(s.validators.iter().map(|c| c.reward).sum::<u128>(), s.paid);
        let revealed: Vec<&Validator> = vals.iter().filter(|v| v.1.is_some()).collect();
        if revealed.is_empty() {
            prop_assert!(s.consensus.is_empty());
            prop_assert_eq!(s.refunded, pool);
        } else {
            let total: u128 = revealed.iter().map(|v| v.0).sum();
            for (k, c) in s.consensus.iter().enumerate() {
                let at_most: u128 = revealed.iter().filter(|v| v.1.as_ref().unwrap()[k] <= *c).map(|v| v.0).sum();
                let below: u128 = revealed.iter().filter(|v| v.1.as_ref().unwrap()[k] < *c).map(|v| v.0).sum();
                // c is the lowest score reaching half the revealed stake
                prop_assert!(2 * at_most >= total);
                prop_assert!(2 * below < total);
            }
        }
        for c in &s.validators {
            if c.reward > 0 {
                prop_assert!(c.revealed && c.distance <= 1_000 && c.agreement > 0);
            }
            prop_assert_eq!(c.slash > 0, c.revealed && c.distance > 3_000 && c.stake >= 10);
            prop_assert!(c.slash <= c.stake / 10);
        }
    }
}
