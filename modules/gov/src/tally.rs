//! Pure tally arithmetic: counting weighted votes by gOPEN power and deciding the outcome with
//! the SDK's rules (quorum, then all-abstain, then veto, then threshold). All comparisons are
//! exact integer comparisons; no state access here.

use openledger_framework::math::DEC_ONE_ATOMICS;
use openledger_framework::{mul_div_ceil, mul_div_floor, Dec};

use crate::error::GovError;
use crate::params::Params;
use crate::proposal::{TallyResult, VoteOption, WeightedVoteOption};

/// Running counts of one proposal's votes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Power per option: each voter's power times the option's weight, rounded down.
    pub result: TallyResult,
    /// Full power of every voter (the quorum and threshold denominators).
    pub voted: u128,
}

impl Tally {
    pub fn add(&mut self, power: u128, options: &[WeightedVoteOption]) -> Result<(), GovError> {
        for o in options {
            let share = o.weight.mul_floor(power).ok_or(GovError::Overflow)?;
            let slot = match o.option {
                VoteOption::Yes => &mut self.result.yes_count,
                VoteOption::Abstain => &mut self.result.abstain_count,
                VoteOption::No => &mut self.result.no_count,
                VoteOption::NoWithVeto => &mut self.result.no_with_veto_count,
            };
            *slot = slot.checked_add(share).ok_or(GovError::Overflow)?;
        }
        self.voted = self.voted.checked_add(power).ok_or(GovError::Overflow)?;
        Ok(())
    }
}

/// The outcome of a voting period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Passed,
    Rejected {
        burn_deposits: bool,
        reason: &'static str,
    },
}

/// `share` of `amount`, rounded down (`share` ≤ 1 so it fits).
fn floor_share(share: Dec, amount: u128) -> Result<u128, GovError> {
    mul_div_floor(amount, share.atomics(), DEC_ONE_ATOMICS).ok_or(GovError::Overflow)
}

/// Decide a proposal from its tally and the total gOPEN power at tally time.
pub fn decide(tally: &Tally, total_power: u128, params: &Params) -> Result<Verdict, GovError> {
    // Nothing locked: nobody could vote, so the deposits are not punished (as the SDK does
    // when nothing is bonded).
    if total_power == 0 {
        return Ok(Verdict::Rejected {
            burn_deposits: false,
            reason: "no gOPEN voting power exists",
        });
    }
    // voted / total >= quorum  <=>  voted >= ceil(quorum * total)
    let needed = mul_div_ceil(total_power, params.quorum.atomics(), DEC_ONE_ATOMICS)
        .ok_or(GovError::Overflow)?;
    if tally.voted < needed {
        return Ok(Verdict::Rejected {
            burn_deposits: params.burn_vote_quorum,
            reason: "quorum not reached",
        });
    }
    let non_abstain = tally
        .voted
        .checked_sub(tally.result.abstain_count)
        .ok_or_else(|| GovError::Invariant("abstain exceeds voted power".into()))?;
    if non_abstain == 0 {
        return Ok(Verdict::Rejected {
            burn_deposits: false,
            reason: "every voter abstained",
        });
    }
    // veto / voted > veto_threshold  <=>  veto > floor(veto_threshold * voted)
    if tally.result.no_with_veto_count > floor_share(params.veto_threshold, tally.voted)? {
        return Ok(Verdict::Rejected {
            burn_deposits: params.burn_vote_veto,
            reason: "vetoed",
        });
    }
    // yes / (voted - abstain) > threshold  <=>  yes > floor(threshold * (voted - abstain))
    if tally.result.yes_count > floor_share(params.threshold, non_abstain)? {
        return Ok(Verdict::Passed);
    }
    Ok(Verdict::Rejected {
        burn_deposits: false,
        reason: "threshold not reached",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(option: VoteOption) -> Vec<WeightedVoteOption> {
        vec![WeightedVoteOption {
            option,
            weight: Dec::ONE,
        }]
    }

    fn tally(votes: &[(u128, VoteOption)]) -> Tally {
        let mut t = Tally::default();
        for (p, o) in votes {
            t.add(*p, &one(*o)).unwrap();
        }
        t
    }

    #[test]
    fn quorum_is_inclusive_and_exact() {
        let p = Params::default(); // quorum 0.334
        let t = tally(&[(334, VoteOption::Yes)]);
        assert_eq!(decide(&t, 1000, &p).unwrap(), Verdict::Passed);
        let t = tally(&[(333, VoteOption::Yes)]);
        assert!(matches!(
            decide(&t, 1000, &p).unwrap(),
            Verdict::Rejected {
                burn_deposits: false,
                reason: "quorum not reached"
            }
        ));
        let mut burn = p.clone();
        burn.burn_vote_quorum = true;
        assert!(matches!(
            decide(&t, 1000, &burn).unwrap(),
            Verdict::Rejected {
                burn_deposits: true,
                ..
            }
        ));
        assert!(matches!(
            decide(&Tally::default(), 0, &p).unwrap(),
            Verdict::Rejected {
                burn_deposits: false,
                ..
            }
        ));
    }

    #[test]
    fn threshold_is_strict_and_ignores_abstain() {
        let p = Params::default();
        let t = tally(&[(50, VoteOption::Yes), (50, VoteOption::No)]);
        assert!(matches!(
            decide(&t, 100, &p).unwrap(),
            Verdict::Rejected { .. }
        ));
        let t = tally(&[
            (51, VoteOption::Yes),
            (50, VoteOption::No),
            (400, VoteOption::Abstain),
        ]);
        assert_eq!(decide(&t, 600, &p).unwrap(), Verdict::Passed);
        let t = tally(&[(500, VoteOption::Abstain)]);
        assert!(matches!(
            decide(&t, 600, &p).unwrap(),
            Verdict::Rejected {
                reason: "every voter abstained",
                ..
            }
        ));
    }

    #[test]
    fn veto_above_threshold_rejects_and_burns() {
        let p = Params::default(); // veto 0.334, burn_vote_veto true
        let t = tally(&[(665, VoteOption::Yes), (335, VoteOption::NoWithVeto)]);
        assert_eq!(
            decide(&t, 1000, &p).unwrap(),
            Verdict::Rejected {
                burn_deposits: true,
                reason: "vetoed"
            }
        );
        let t = tally(&[(666, VoteOption::Yes), (334, VoteOption::NoWithVeto)]);
        assert_eq!(decide(&t, 1000, &p).unwrap(), Verdict::Passed);
    }

    #[test]
    fn weighted_votes_split_power() {
        let mut t = Tally::default();
        t.add(
            100,
            &[
                WeightedVoteOption {
                    option: VoteOption::Yes,
                    weight: "0.7".parse().unwrap(),
                },
                WeightedVoteOption {
                    option: VoteOption::No,
                    weight: "0.3".parse().unwrap(),
                },
            ],
        )
        .unwrap();
        assert_eq!(t.result.yes_count, 70);
        assert_eq!(t.result.no_count, 30);
        assert_eq!(t.voted, 100);
        // Huge powers do not overflow the comparisons.
        let big = u128::MAX / 4;
        let t = tally(&[(big, VoteOption::Yes)]);
        assert_eq!(
            decide(&t, big, &Params::default()).unwrap(),
            Verdict::Passed
        );
    }
}
