//! Module params: bonds, round sizes, the score scale and the settlement thresholds.

use openledger_framework::coin::{amount_string, parse_amount};
use openledger_framework::Dec;
use serde::{Deserialize, Serialize};

use crate::error::FeedbackError;
use crate::proto;

/// 1 OPEN in aopen.
pub const OPEN: u128 = 1_000_000_000_000_000_000;

/// Hard ceilings of the size params: whatever governance sets, one round's settlement reads
/// at most MAX_ITEMS x MAX_VALIDATORS scores.
pub const MAX_ITEMS: u64 = 256;
pub const MAX_VALIDATORS: u64 = 128;
pub const MAX_SETTLEMENTS: u64 = 100;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    #[serde(with = "amount_string")]
    pub min_validator_bond: u128,
    pub validator_unbonding_blocks: u64,
    #[serde(with = "amount_string")]
    pub min_round_reward: u128,
    pub max_items_per_round: u64,
    pub max_validators_per_round: u64,
    pub max_score: u32,
    pub reward_distance_bps: u32,
    pub slash_distance_bps: u32,
    pub slash_fraction: Dec,
    pub max_settlements_per_block: u64,
    pub max_round_blocks: u64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            min_validator_bond: 10 * OPEN,
            validator_unbonding_blocks: 100,
            min_round_reward: OPEN,
            max_items_per_round: 64,
            max_validators_per_round: 32,
            max_score: 10_000,
            reward_distance_bps: 1_000,
            slash_distance_bps: 3_000,
            slash_fraction: Dec::percent(10),
            max_settlements_per_block: 10,
            max_round_blocks: 100_000,
        }
    }
}

fn invalid(m: String) -> FeedbackError {
    FeedbackError::InvalidParams(m)
}

fn in_range(name: &str, v: u64, lo: u64, hi: u64) -> Result<(), FeedbackError> {
    if v < lo || v > hi {
        return Err(invalid(format!("{name} must be in {lo}..={hi}, got {v}")));
    }
    Ok(())
}

impl Params {
    pub fn validate(&self) -> Result<(), FeedbackError> {
        if self.min_validator_bond == 0 {
            return Err(invalid("min_validator_bond must be at least 1aopen".into()));
        }
        if self.min_round_reward == 0 {
            return Err(invalid("min_round_reward must be at least 1aopen".into()));
        }
        in_range(
            "validator_unbonding_blocks",
            self.validator_unbonding_blocks,
            1,
            10_000_000,
        )?;
        in_range(
            "max_items_per_round",
            self.max_items_per_round,
            1,
            MAX_ITEMS,
        )?;
        in_range(
            "max_validators_per_round",
            self.max_validators_per_round,
            1,
            MAX_VALIDATORS,
        )?;
        in_range("max_score", u64::from(self.max_score), 1, 1_000_000)?;
        if self.reward_distance_bps > self.max_score || self.slash_distance_bps > self.max_score {
            return Err(invalid(format!(
                "reward_distance_bps and slash_distance_bps must be at most max_score {}",
                self.max_score
            )));
        }
        if self.slash_distance_bps < self.reward_distance_bps {
            return Err(invalid(
                "slash_distance_bps must be at least reward_distance_bps".into(),
            ));
        }
        if self.slash_fraction > Dec::ONE {
            return Err(invalid(format!(
                "slash_fraction must be in 0..=1, got {}",
                self.slash_fraction
            )));
        }
        in_range(
            "max_settlements_per_block",
            self.max_settlements_per_block,
            1,
            MAX_SETTLEMENTS,
        )?;
        in_range("max_round_blocks", self.max_round_blocks, 2, 10_000_000)?;
        Ok(())
    }

    pub fn to_proto(&self) -> proto::Params {
        proto::Params {
            min_validator_bond: self.min_validator_bond.to_string(),
            validator_unbonding_blocks: self.validator_unbonding_blocks,
            min_round_reward: self.min_round_reward.to_string(),
            max_items_per_round: self.max_items_per_round,
            max_validators_per_round: self.max_validators_per_round,
            max_score: self.max_score,
            reward_distance_bps: self.reward_distance_bps,
            slash_distance_bps: self.slash_distance_bps,
            slash_fraction: self.slash_fraction.to_string(),
            max_settlements_per_block: self.max_settlements_per_block,
            max_round_blocks: self.max_round_blocks,
        }
    }

    /// Decode and validate.
    pub fn from_proto(p: &proto::Params) -> Result<Params, FeedbackError> {
        let amount = |name: &str, s: &str| {
            parse_amount(s).map_err(|_| invalid(format!("{name} {s:?} is not an amount")))
        };
        let params = Params {
            min_validator_bond: amount("min_validator_bond", &p.min_validator_bond)?,
            validator_unbonding_blocks: p.validator_unbonding_blocks,
            min_round_reward: amount("min_round_reward", &p.min_round_reward)?,
            max_items_per_round: p.max_items_per_round,
            max_validators_per_round: p.max_validators_per_round,
            max_score: p.max_score,
            reward_distance_bps: p.reward_distance_bps,
            slash_distance_bps: p.slash_distance_bps,
            slash_fraction: p.slash_fraction.parse::<Dec>().map_err(|_| {
                invalid(format!(
                    "slash_fraction {:?} is not a decimal",
                    p.slash_fraction
                ))
            })?,
            max_settlements_per_block: p.max_settlements_per_block,
            max_round_blocks: p.max_round_blocks,
        };
        params.validate()?;
        Ok(params)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_round_trip() {
        let p = Params::default();
        p.validate().unwrap();
        assert_eq!(Params::from_proto(&p.to_proto()).unwrap(), p);
        assert_eq!(p.to_proto().slash_fraction, "0.100000000000000000");
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(serde_json::from_str::<Params>(&json).unwrap(), p);
    }

    #[test]
    fn out_of_range_values_are_refused() {
        let d = Params::default;
        let bad = [
            Params {
                min_validator_bond: 0,
                ..d()
            },
            Params {
                min_round_reward: 0,
                ..d()
            },
            Params {
                max_items_per_round: 0,
                ..d()
            },
            Params {
                max_items_per_round: MAX_ITEMS + 1,
                ..d()
            },
            Params {
                max_validators_per_round: MAX_VALIDATORS + 1,
                ..d()
            },
            Params {
                max_score: 0,
                ..d()
            },
            Params {
                reward_distance_bps: 10_001,
                slash_distance_bps: 10_001,
                ..d()
            },
            Params {
                slash_distance_bps: 500,
                ..d()
            },
            Params {
                slash_fraction: Dec::percent(101),
                ..d()
            },
            Params {
                max_settlements_per_block: 0,
                ..d()
            },
            Params {
                validator_unbonding_blocks: 0,
                ..d()
            },
            Params {
                max_round_blocks: 1,
                ..d()
            },
        ];
        for p in bad {
            assert!(
                matches!(p.validate(), Err(FeedbackError::InvalidParams(_))),
                "{p:?}"
            );
        }
        let mut proto = d().to_proto();
        proto.slash_fraction = "x".into();
        assert!(Params::from_proto(&proto).is_err());
        let mut proto = d().to_proto();
        proto.min_round_reward = "-1".into();
        assert!(Params::from_proto(&proto).is_err());
    }
}
