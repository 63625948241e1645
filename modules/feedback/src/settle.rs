//! The settlement formula, as a pure function of the revealed scores (docs/modules/feedback.md
//! has it in prose with a worked example). Integers only; every division floors.
//!
//! For a round with `n` items and pool `P`:
//! 1. per item k, the consensus `c_k` is the stake-weighted median of the revealed scores: the
//!    lowest score `s` such that the stake of the revealers with a score `<= s` is at least
//!    half of the total revealed stake (`2 x stake(<= s) >= total`);
//! 2. the scores are clipped symmetrically to consensus: what a score exceeds or falls short
//!    of `c_k` by counts as distance, nothing beyond `c_k` counts for the validator;
//!    `d_i = floor(sum_k |s_ik - c_k| / n)`, `a_i = max_score - min(d_i, max_score)`;
//! 3. a revealer with `d_i <= reward_distance` and `a_i > 0` is eligible; one with
//!    `d_i > slash_distance` loses `floor(slash_fraction x stake_i)` (at most its bond);
//!    non-revealers earn nothing and are not slashed;
//! 4. eligible validator i receives `floor(P x stake_i x a_i / sum_j stake_j x a_j)`; the dust
//!    (or the whole pool when nobody is eligible) returns to the round creator.

use openledger_framework::{mul_div_floor, Address, Dec};

use crate::error::FeedbackError;

/// One commitment of the round, as settlement sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry<'a> {
    pub validator: Address,
    pub stake: u128,
    /// The revealed scores (one per item), or `None` if it never revealed.
    pub scores: Option<&'a [u32]>,
}

/// The thresholds settlement applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    pub max_score: u32,
    pub reward_distance: u32,
    pub slash_distance: u32,
    pub slash_fraction: Dec,
}

/// The computed settlement of one validator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Computed {
    pub validator: Address,
    pub stake: u128,
    pub revealed: bool,
    pub distance: u32,
    pub agreement: u32,
    pub reward: u128,
    /// What the slash fraction asks for; the caller caps it at the validator's bond.
    pub slash: u128,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settlement {
    /// Per item; empty if nobody revealed.
    pub consensus: Vec<u32>,
    pub validators: Vec<Computed>,
    /// Sum of the rewards.
    pub paid: u128,
    /// `pool - paid`: back to the creator.
    pub refunded: u128,
}

/// Stake-weighted median of `(score, stake)` pairs with total stake `total > 0`.
pub fn weighted_median(mut pairs: Vec<(u32, u128)>, total: u128) -> Result<u32, FeedbackError> {
    pairs.sort_unstable();
    let mut acc: u128 = 0;
    for (score, stake) in &pairs {
        acc = acc.checked_add(*stake).ok_or(FeedbackError::Overflow)?;
        if acc.checked_mul(2).ok_or(FeedbackError::Overflow)? >= total {
            return Ok(*score);
        }
    }
    // Unreachable with total = the sum of the stakes; the highest score otherwise.
    Ok(pairs.last().map_or(0, |p| p.0))
}

/// Settle a round of `n_items` items and pool `pool`. Every revealed score list must have
/// `n_items` entries (the reveal handler checks it).
pub fn settle(
    rules: Rules,
    pool: u128,
    n_items: usize,
    entries: &[Entry<'_>],
) -> Result<Settlement, FeedbackError> {
    let revealed: Vec<(&Entry<'_>, &[u32])> = entries
        .iter()
        .filter_map(|e| e.scores.map(|s| (e, s)))
        .collect();
    let mut total: u128 = 0;
    for (e, s) in &revealed {
        if s.len() != n_items {
            return Err(FeedbackError::InvalidScores(format!(
                "{} revealed {} scores for {n_items} items",
                e.validator,
                s.len()
            )));
        }
        total = total.checked_add(e.stake).ok_or(FeedbackError::Overflow)?;
    }
    let mut consensus = Vec::new();
    if total > 0 {
        for k in 0..n_items {
            let pairs = revealed
                .iter()
                .map(|(e, s)| (s.get(k).copied().unwrap_or(0), e.stake))
                .collect();
            consensus.push(weighted_median(pairs, total)?);
        }
    }
    let n = u64::try_from(n_items.max(1)).map_err(|_| FeedbackError::Overflow)?;
    let mut out = Vec::with_capacity(entries.len());
    let mut weights: Vec<u128> = Vec::with_capacity(entries.len());
    let mut weight_sum: u128 = 0;
    for e in entries {
        let mut c = Computed {
            validator: e.validator,
            stake: e.stake,
            revealed: e.scores.is_some(),
            distance: 0,
            agreement: 0,
            reward: 0,
            slash: 0,
        };
        let mut w: u128 = 0;
        if let (Some(scores), false) = (e.scores, consensus.is_empty()) {
            let mut sum: u64 = 0;
            for (s, ck) in scores.iter().zip(&consensus) {
                sum = sum
                    .checked_add(u64::from(s.abs_diff(*ck)))
                    .ok_or(FeedbackError::Overflow)?;
            }
            let d = sum.checked_div(n).ok_or(FeedbackError::Overflow)?;
            let d = u32::try_from(d).unwrap_or(u32::MAX);
            c.distance = d;
            c.agreement = rules.max_score.saturating_sub(d.min(rules.max_score));
            if d <= rules.reward_distance && c.agreement > 0 {
                w = e
                    .stake
                    .checked_mul(u128::from(c.agreement))
                    .ok_or(FeedbackError::Overflow)?;
            }
            if d > rules.slash_distance {
                c.slash = rules
                    .slash_fraction
                    .mul_floor(e.stake)
                    .ok_or(FeedbackError::Overflow)?;
            }
        }
        weight_sum = weight_sum.checked_add(w).ok_or(FeedbackError::Overflow)?;
        weights.push(w);
        out.push(c);
    }
    let mut paid: u128 = 0;
    if weight_sum > 0 {
        for (c, w) in out.iter_mut().zip(&weights) {
            c.reward = mul_div_floor(pool, *w, weight_sum).ok_or(FeedbackError::Overflow)?;
            paid = paid.checked_add(c.reward).ok_or(FeedbackError::Overflow)?;
        }
    }
    let refunded = pool.checked_sub(paid).ok_or(FeedbackError::Overflow)?;
    Ok(Settlement {
        consensus,
        validators: out,
        paid,
        refunded,
    })
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    const OPEN: u128 = 1_000_000_000_000_000_000;

    fn rules() -> Rules {
        Rules {
            max_score: 10_000,
            reward_distance: 1_000,
            slash_distance: 3_000,
            slash_fraction: Dec::percent(10),
        }
    }

    #[test]
    fn the_median_is_the_lowest_score_reaching_half_the_stake() {
        // exactly half at 10: 10 is the median (ties go to the lower score)
        assert_eq!(weighted_median(vec![(20, 5), (10, 5)], 10).unwrap(), 10);
        // a heavy validator decides
        assert_eq!(weighted_median(vec![(1, 1), (2, 1), (9, 3)], 5).unwrap(), 9);
        // equal scores pool their stake
        assert_eq!(weighted_median(vec![(4, 2), (4, 2), (8, 3)], 7).unwrap(), 4);
        assert_eq!(weighted_median(vec![(7, 1)], 1).unwrap(), 7);
    }

    /// The worked example of docs/modules/feedback.md.
    #[test]
    fn the_worked_example() {
        let v = |n: u8| Address([n; 20]);
        let (a, b, c, d) = (
            [8000, 6000, 7000],
            [8200, 5800, 7000],
            [7800, 6200, 6600],
            [1000, 9000, 2000],
        );
        let entries = [
            Entry {
                validator: v(1),
                stake: 10 * OPEN,
                scores: Some(&a),
            },
            Entry {
                validator: v(2),
                stake: 20 * OPEN,
                scores: Some(&b),
            },
            Entry {
                validator: v(3),
                stake: 10 * OPEN,
                scores: Some(&c),
            },
            Entry {
                validator: v(4),
                stake: 10 * OPEN,
                scores: Some(&d),
            },
            Entry {
                validator: v(5),
                stake: 10 * OPEN,
                scores: None,
            },
        ];
        let s = settle(rules(), 100 * OPEN, 3, &entries).unwrap();
        assert_eq!(s.consensus, vec![8000, 6000, 7000]);
        let got: Vec<(u32, u32, u128, u128)> = s
            .validators
            .iter()
            .map(|c| (c.distance, c.agreement, c.reward, c.slash))
            .collect();
        assert_eq!(
            got,
            vec![
                (0, 10_000, 25_336_981_858_720_989_155, 0),
                (133, 9_867, 50_000_000_000_000_000_000, 0),
                (266, 9_734, 24_663_018_141_279_010_844, 0),
                (5_000, 5_000, 0, OPEN),
                (0, 0, 0, 0),
            ]
        );
        assert_eq!((s.paid, s.refunded), (99_999_999_999_999_999_999, 1));
    }

    #[test]
    fn far_validators_earn_nothing_and_past_the_second_threshold_are_slashed() {
        let v = |n: u8| Address([n; 20]);
        let (x, y, z) = ([5000], [6500], [9000]);
        let entries = [
            Entry {
                validator: v(1),
                stake: 3,
                scores: Some(&x),
            },
            Entry {
                validator: v(2),
                stake: 1,
                scores: Some(&y),
            },
            Entry {
                validator: v(3),
                stake: 1,
                scores: Some(&z),
            },
        ];
        let s = settle(rules(), 1000, 1, &entries).unwrap();
        assert_eq!(s.consensus, vec![5000]);
        // 1500 away: no reward, no slash; 4000 away: slashed floor(0.1 x 1) = 0 of 1
        assert_eq!(s.validators[1].reward, 0);
        assert_eq!(s.validators[1].slash, 0);
        assert_eq!(s.validators[2].distance, 4000);
        assert_eq!(s.validators[0].reward, 1000);
        assert_eq!(s.refunded, 0);
        // scores at the far ends of the scale cap the distance at max_score
        let (lo, hi) = ([0], [10_000]);
        let entries = [
            Entry {
                validator: v(1),
                stake: 2,
                scores: Some(&lo),
            },
            Entry {
                validator: v(2),
                stake: 1,
                scores: Some(&hi),
            },
        ];
        let s = settle(rules(), 7, 1, &entries).unwrap();
        assert_eq!(
            (s.validators[1].distance, s.validators[1].agreement),
            (10_000, 0)
        );
        assert_eq!((s.validators[0].reward, s.paid, s.refunded), (7, 7, 0));
    }
}
