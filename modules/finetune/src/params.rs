//! Module params: bonds, budgets, windows, slashing fractions and the bounds of lists and of
//! end-block work.

use openledger_framework::coin::{amount_string, parse_amount};
use openledger_framework::Dec;
use serde::{Deserialize, Serialize};

use crate::error::FinetuneError;
use crate::proto;

/// 1 OPEN in aopen.
pub const ONE_OPEN: u128 = 1_000_000_000_000_000_000;

/// Allowed ranges (inclusive).
pub const BLOCKS_RANGE: (u64, u64) = (1, 10_000_000);
pub const MISSES_RANGE: (u64, u64) = (1, 1_000);
pub const DATANET_VERSIONS_RANGE: (u64, u64) = (1, 256);
pub const METRICS_RANGE: (u64, u64) = (0, 256);
pub const EXPIRIES_RANGE: (u64, u64) = (1, 10_000);
pub const TEXT_LEN_RANGE: (u64, u64) = (16, 4_096);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    #[serde(with = "amount_string")]
    pub min_provider_bond: u128,
    pub provider_unbonding_blocks: u64,
    #[serde(with = "amount_string")]
    pub min_job_budget: u128,
    pub max_job_duration_blocks: u64,
    pub dispute_window_blocks: u64,
    pub missed_deadline_slash_fraction: Dec,
    pub missed_deadlines_before_slash: u64,
    pub dispute_slash_fraction: Dec,
    pub max_datanet_versions_per_job: u64,
    pub max_metrics: u64,
    pub max_expiries_per_block: u64,
    pub max_text_len: u64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            min_provider_bond: ONE_OPEN.saturating_mul(100),
            provider_unbonding_blocks: 100,
            min_job_budget: ONE_OPEN,
            max_job_duration_blocks: 100_000,
            dispute_window_blocks: 100,
            missed_deadline_slash_fraction: Dec::percent(10),
            missed_deadlines_before_slash: 2,
            dispute_slash_fraction: Dec::percent(10),
            max_datanet_versions_per_job: 16,
            max_metrics: 16,
            max_expiries_per_block: 100,
            max_text_len: 256,
        }
    }
}

fn in_range(name: &str, v: u64, (lo, hi): (u64, u64)) -> Result<(), FinetuneError> {
    if v < lo || v > hi {
        return Err(FinetuneError::InvalidParams(format!(
            "{name} must be in {lo}..={hi}, got {v}"
        )));
    }
    Ok(())
}

fn fraction(name: &str, d: Dec) -> Result<(), FinetuneError> {
    if d > Dec::ONE {
        return Err(FinetuneError::InvalidParams(format!(
            "{name} must be in [0, 1], got {d}"
        )));
    }
    Ok(())
}

impl Params {
    pub fn validate(&self) -> Result<(), FinetuneError> {
        if self.min_provider_bond == 0 || self.min_job_budget == 0 {
            return Err(FinetuneError::InvalidParams(
                "min_provider_bond and min_job_budget must be at least 1aopen".into(),
            ));
        }
        in_range(
            "provider_unbonding_blocks",
            self.provider_unbonding_blocks,
            BLOCKS_RANGE,
        )?;
        in_range(
            "max_job_duration_blocks",
            self.max_job_duration_blocks,
            BLOCKS_RANGE,
        )?;
        in_range(
            "dispute_window_blocks",
            self.dispute_window_blocks,
            BLOCKS_RANGE,
        )?;
        fraction(
            "missed_deadline_slash_fraction",
            self.missed_deadline_slash_fraction,
        )?;
        in_range(
            "missed_deadlines_before_slash",
            self.missed_deadlines_before_slash,
            MISSES_RANGE,
        )?;
        fraction("dispute_slash_fraction", self.dispute_slash_fraction)?;
        in_range(
            "max_datanet_versions_per_job",
            self.max_datanet_versions_per_job,
            DATANET_VERSIONS_RANGE,
        )?;
        in_range("max_metrics", self.max_metrics, METRICS_RANGE)?;
        in_range(
            "max_expiries_per_block",
            self.max_expiries_per_block,
            EXPIRIES_RANGE,
        )?;
        in_range("max_text_len", self.max_text_len, TEXT_LEN_RANGE)?;
        Ok(())
    }

    pub fn to_proto(&self) -> proto::Params {
        proto::Params {
            min_provider_bond: self.min_provider_bond.to_string(),
            provider_unbonding_blocks: self.provider_unbonding_blocks,
            min_job_budget: self.min_job_budget.to_string(),
            max_job_duration_blocks: self.max_job_duration_blocks,
            dispute_window_blocks: self.dispute_window_blocks,
            missed_deadline_slash_fraction: self.missed_deadline_slash_fraction.to_string(),
            missed_deadlines_before_slash: self.missed_deadlines_before_slash,
            dispute_slash_fraction: self.dispute_slash_fraction.to_string(),
            max_datanet_versions_per_job: self.max_datanet_versions_per_job,
            max_metrics: self.max_metrics,
            max_expiries_per_block: self.max_expiries_per_block,
            max_text_len: self.max_text_len,
        }
    }

    /// Decode and validate.
    pub fn from_proto(p: &proto::Params) -> Result<Params, FinetuneError> {
        let amount = |name: &str, s: &str| {
            parse_amount(s)
                .map_err(|_| FinetuneError::InvalidParams(format!("{name} {s:?} is not an amount")))
        };
        let dec = |name: &str, s: &str| {
            s.parse::<Dec>()
                .map_err(|_| FinetuneError::InvalidParams(format!("{name} {s:?} is not a decimal")))
        };
        let params = Params {
            min_provider_bond: amount("min_provider_bond", &p.min_provider_bond)?,
            provider_unbonding_blocks: p.provider_unbonding_blocks,
            min_job_budget: amount("min_job_budget", &p.min_job_budget)?,
            max_job_duration_blocks: p.max_job_duration_blocks,
            dispute_window_blocks: p.dispute_window_blocks,
            missed_deadline_slash_fraction: dec(
                "missed_deadline_slash_fraction",
                &p.missed_deadline_slash_fraction,
            )?,
            missed_deadlines_before_slash: p.missed_deadlines_before_slash,
            dispute_slash_fraction: dec("dispute_slash_fraction", &p.dispute_slash_fraction)?,
            max_datanet_versions_per_job: p.max_datanet_versions_per_job,
            max_metrics: p.max_metrics,
            max_expiries_per_block: p.max_expiries_per_block,
            max_text_len: p.max_text_len,
        };
        params.validate()?;
        Ok(params)
    }
}

/// Refuse `value` longer than `max` bytes.
pub(crate) fn check_len(field: &'static str, value: &str, max: u64) -> Result<(), FinetuneError> {
    if u64::try_from(value.len()).unwrap_or(u64::MAX) > max {
        return Err(FinetuneError::TooLong {
            field,
            len: value.len(),
            max,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_round_trip() {
        let p = Params::default();
        p.validate().unwrap();
        assert_eq!(Params::from_proto(&p.to_proto()).unwrap(), p);
        assert_eq!(
            p.to_proto().missed_deadline_slash_fraction,
            "0.100000000000000000"
        );
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(serde_json::from_str::<Params>(&json).unwrap(), p);
    }

    #[test]
    fn out_of_range_values_are_refused() {
        let bad = [
            Params {
                min_provider_bond: 0,
                ..Params::default()
            },
            Params {
                min_job_budget: 0,
                ..Params::default()
            },
            Params {
                dispute_window_blocks: 0,
                ..Params::default()
            },
            Params {
                missed_deadline_slash_fraction: Dec::percent(101),
                ..Params::default()
            },
            Params {
                max_expiries_per_block: 0,
                ..Params::default()
            },
            Params {
                max_text_len: 4097,
                ..Params::default()
            },
        ];
        for p in bad {
            assert!(matches!(p.validate(), Err(FinetuneError::InvalidParams(_))));
        }
        let mut proto = Params::default().to_proto();
        proto.dispute_slash_fraction = "x".into();
        assert!(Params::from_proto(&proto).is_err());
    }
}
