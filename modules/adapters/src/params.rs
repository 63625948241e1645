//! Module params: limits of adapter records and of serving declarations.

use serde::{Deserialize, Serialize};

use crate::error::AdaptersError;
use crate::proto;

/// Allowed ranges (inclusive) of the limits.
pub const RANK_RANGE: (u64, u64) = (1, 65_536);
pub const ADAPTERS_PER_OPERATOR_RANGE: (u64, u64) = (1, 10_000);
pub const SERVERS_PER_ADAPTER_RANGE: (u64, u64) = (1, 10_000);
pub const LICENCE_LEN_RANGE: (u64, u64) = (1, 1024);
pub const BASE_MODEL_LEN_RANGE: (u64, u64) = (1, 8_192);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    pub max_rank: u32,
    pub max_adapters_per_operator: u64,
    pub max_servers_per_adapter: u64,
    pub max_licence_len: u64,
    pub max_base_model_len: u64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            max_rank: 1024,
            max_adapters_per_operator: 64,
            max_servers_per_adapter: 256,
            max_licence_len: 128,
            max_base_model_len: 512,
        }
    }
}

fn in_range(name: &str, v: u64, (lo, hi): (u64, u64)) -> Result<(), AdaptersError> {
    if v < lo || v > hi {
        return Err(AdaptersError::InvalidParams(format!(
            "{name} must be in {lo}..={hi}, got {v}"
        )));
    }
    Ok(())
}

impl Params {
    pub fn validate(&self) -> Result<(), AdaptersError> {
        in_range("max_rank", u64::from(self.max_rank), RANK_RANGE)?;
        in_range(
            "max_adapters_per_operator",
            self.max_adapters_per_operator,
            ADAPTERS_PER_OPERATOR_RANGE,
        )?;
        in_range(
            "max_servers_per_adapter",
            self.max_servers_per_adapter,
            SERVERS_PER_ADAPTER_RANGE,
        )?;
        in_range("max_licence_len", self.max_licence_len, LICENCE_LEN_RANGE)?;
        in_range(
            "max_base_model_len",
            self.max_base_model_len,
            BASE_MODEL_LEN_RANGE,
        )?;
        Ok(())
    }

    pub fn to_proto(&self) -> proto::Params {
        proto::Params {
            max_rank: self.max_rank,
            max_adapters_per_operator: self.max_adapters_per_operator,
            max_servers_per_adapter: self.max_servers_per_adapter,
            max_licence_len: self.max_licence_len,
            max_base_model_len: self.max_base_model_len,
        }
    }

    /// Decode and validate.
    pub fn from_proto(p: &proto::Params) -> Result<Params, AdaptersError> {
        let params = Params {
            max_rank: p.max_rank,
            max_adapters_per_operator: p.max_adapters_per_operator,
            max_servers_per_adapter: p.max_servers_per_adapter,
            max_licence_len: p.max_licence_len,
            max_base_model_len: p.max_base_model_len,
        };
        params.validate()?;
        Ok(params)
    }
}

/// Refuse `value` longer than `max` bytes.
pub(crate) fn check_len(field: &'static str, value: &str, max: u64) -> Result<(), AdaptersError> {
    if u64::try_from(value.len()).unwrap_or(u64::MAX) > max {
        return Err(AdaptersError::TooLong {
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
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(serde_json::from_str::<Params>(&json).unwrap(), p);
    }

    #[test]
    fn out_of_range_values_are_refused() {
        let bad = [
            Params {
                max_rank: 0,
                ..Params::default()
            },
            Params {
                max_adapters_per_operator: 0,
                ..Params::default()
            },
            Params {
                max_servers_per_adapter: 10_001,
                ..Params::default()
            },
            Params {
                max_licence_len: 0,
                ..Params::default()
            },
            Params {
                max_base_model_len: 0,
                ..Params::default()
            },
        ];
        for p in bad {
            assert!(matches!(p.validate(), Err(AdaptersError::InvalidParams(_))));
        }
    }
}
