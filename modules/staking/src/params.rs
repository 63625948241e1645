//! Staking parameters: defaults, allowed ranges and the protobuf form.

use borsh::{BorshDeserialize, BorshSerialize};
use cosmos_sdk_proto::cosmos::staking::v1beta1 as pb;
use cosmos_sdk_proto::tendermint::google::protobuf::Duration;
use openledger_framework::coin::validate_denom;
use openledger_framework::{Dec, BASE_DENOM};
use serde::{Deserialize, Serialize};

use crate::error::StakingError;

/// 21 days.
pub const DEFAULT_UNBONDING_TIME_SECS: u64 = 1_814_400;
/// One year: the longest unbonding time governance may set.
pub const MAX_UNBONDING_TIME_SECS: u64 = 31_536_000;
pub const MAX_MAX_VALIDATORS: u32 = 300;
pub const MAX_MAX_ENTRIES: u32 = 100;
pub const MAX_HISTORICAL_ENTRIES: u32 = 1_000_000;

#[derive(Debug, Clone, PartialEq, Eq, BorshSerialize, BorshDeserialize, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Params {
    /// How long unbonding delegations, redelegations and unbonding validators wait.
    pub unbonding_time_secs: u64,
    /// Size of the active validator set CometBFT follows.
    pub max_validators: u32,
    /// Most entries per unbonding delegation or redelegation pair.
    pub max_entries: u32,
    /// Heights whose header and validator set are kept for `Query/HistoricalInfo`.
    pub historical_entries: u32,
    pub bond_denom: String,
    pub min_commission_rate: Dec,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            unbonding_time_secs: DEFAULT_UNBONDING_TIME_SECS,
            max_validators: 100,
            max_entries: 7,
            historical_entries: 10_000,
            bond_denom: BASE_DENOM.to_string(),
            min_commission_rate: Dec::ZERO,
        }
    }
}

fn invalid(msg: impl Into<String>) -> StakingError {
    StakingError::InvalidParams(msg.into())
}

impl Params {
    /// Every value allowed here keeps the chain running.
    pub fn validate(&self) -> Result<(), StakingError> {
        if !(1..=MAX_UNBONDING_TIME_SECS).contains(&self.unbonding_time_secs) {
            return Err(invalid(format!(
                "unbonding time must be 1..={MAX_UNBONDING_TIME_SECS} seconds: {}",
                self.unbonding_time_secs
            )));
        }
        if !(1..=MAX_MAX_VALIDATORS).contains(&self.max_validators) {
            return Err(invalid(format!(
                "max validators must be 1..={MAX_MAX_VALIDATORS}: {}",
                self.max_validators
            )));
        }
        if !(1..=MAX_MAX_ENTRIES).contains(&self.max_entries) {
            return Err(invalid(format!(
                "max entries must be 1..={MAX_MAX_ENTRIES}: {}",
                self.max_entries
            )));
        }
        if !(1..=MAX_HISTORICAL_ENTRIES).contains(&self.historical_entries) {
            return Err(invalid(format!(
                "historical entries must be 1..={MAX_HISTORICAL_ENTRIES}: {}",
                self.historical_entries
            )));
        }
        validate_denom(&self.bond_denom).map_err(|e| invalid(format!("bond denom: {e}")))?;
        if self.min_commission_rate > Dec::ONE {
            return Err(invalid(format!(
                "minimum commission rate cannot be greater than 100%: {}",
                self.min_commission_rate
            )));
        }
        Ok(())
    }

    pub fn to_proto(&self) -> pb::Params {
        pb::Params {
            unbonding_time: Some(Duration {
                seconds: i64::try_from(self.unbonding_time_secs).unwrap_or(i64::MAX),
                nanos: 0,
            }),
            max_validators: self.max_validators,
            max_entries: self.max_entries,
            historical_entries: self.historical_entries,
            bond_denom: self.bond_denom.clone(),
            min_commission_rate: self.min_commission_rate.to_proto_string(),
        }
    }
}

impl TryFrom<&pb::Params> for Params {
    type Error = StakingError;

    /// The protobuf form, validated. The unbonding time must be whole seconds.
    fn try_from(p: &pb::Params) -> Result<Self, StakingError> {
        let d = p
            .unbonding_time
            .as_ref()
            .ok_or_else(|| invalid("unbonding time is missing"))?;
        if d.nanos != 0 {
            return Err(invalid("unbonding time must be whole seconds"));
        }
        let unbonding_time_secs = u64::try_from(d.seconds)
            .map_err(|_| invalid(format!("negative unbonding time {}", d.seconds)))?;
        let min_commission_rate = Dec::from_proto_str(&p.min_commission_rate)
            .map_err(|e| invalid(format!("min commission rate: {e}")))?;
        let params = Params {
            unbonding_time_secs,
            max_validators: p.max_validators,
            max_entries: p.max_entries,
            historical_entries: p.historical_entries,
            bond_denom: p.bond_denom.clone(),
            min_commission_rate,
        };
        params.validate()?;
        Ok(params)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_ranges_enforced() {
        let p = Params::default();
        p.validate().unwrap();
        assert_eq!(Params::try_from(&p.to_proto()).unwrap(), p);
        let bad = [
            Params {
                unbonding_time_secs: 0,
                ..p.clone()
            },
            Params {
                unbonding_time_secs: MAX_UNBONDING_TIME_SECS + 1,
                ..p.clone()
            },
            Params {
                max_validators: 0,
                ..p.clone()
            },
            Params {
                max_validators: 301,
                ..p.clone()
            },
            Params {
                max_entries: 0,
                ..p.clone()
            },
            Params {
                max_entries: 101,
                ..p.clone()
            },
            Params {
                historical_entries: 0,
                ..p.clone()
            },
            Params {
                historical_entries: 1_000_001,
                ..p.clone()
            },
            Params {
                bond_denom: "x".into(),
                ..p.clone()
            },
            Params {
                min_commission_rate: Dec::percent(101),
                ..p.clone()
            },
        ];
        for b in bad {
            assert!(b.validate().is_err(), "{b:?}");
        }
        let mut proto = p.to_proto();
        proto.unbonding_time = Some(Duration {
            seconds: 10,
            nanos: 5,
        });
        assert!(Params::try_from(&proto).is_err());
        proto.unbonding_time = None;
        assert!(Params::try_from(&proto).is_err());
    }

    #[test]
    fn json_form_uses_decimals_and_defaults() {
        let p: Params = serde_json::from_str(r#"{"max_validators": 5}"#).unwrap();
        assert_eq!(p.max_validators, 5);
        assert_eq!(p.bond_denom, "aopen");
        let s = serde_json::to_string(&Params::default()).unwrap();
        assert!(s.contains(r#""min_commission_rate":"0.000000000000000000""#));
        assert!(serde_json::from_str::<Params>(r#"{"nope": 1}"#).is_err());
    }
}
