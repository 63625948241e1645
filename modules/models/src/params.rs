//! Module params: the creator bond and the size limits of model records.

use openledger_framework::coin::{amount_string, parse_amount};
use serde::{Deserialize, Serialize};

use crate::error::ModelsError;
use crate::proto;

/// 100 OPEN in aopen.
pub const DEFAULT_MIN_CREATOR_BOND: u128 = 100_000_000_000_000_000_000;

/// Allowed ranges (inclusive) of the limits.
pub const NAME_LEN_RANGE: (u64, u64) = (1, 1024);
pub const DESCRIPTION_LEN_RANGE: (u64, u64) = (0, 65_536);
pub const TEXT_LEN_RANGE: (u64, u64) = (1, 8_192);
pub const DATANET_REFS_RANGE: (u64, u64) = (1, 256);
pub const EVIDENCE_LEN_RANGE: (u64, u64) = (0, 65_536);
/// At least 8: a model has at most 7 transitions (proposal, approval or rejection, four
/// lifecycle steps, retirement), so no history is ever cut short.
pub const HISTORY_RANGE: (u64, u64) = (8, 100_000);
pub const VERSIONS_RANGE: (u64, u64) = (1, 100_000);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Smallest creator bond, in aopen (at least 1).
    #[serde(with = "amount_string")]
    pub min_creator_bond: u128,
    pub max_name_len: u64,
    pub max_description_len: u64,
    /// Limit of `base_model` and `intended_use`.
    pub max_text_len: u64,
    pub max_datanet_refs: u64,
    /// Limit of the evidence metrics text.
    pub max_evidence_len: u64,
    /// History entries kept per model; the oldest are pruned beyond it.
    pub max_history_per_model: u64,
    pub max_versions_per_model: u64,
    /// ALIGNMENT → DEPLOYED needs a settled feedback round on the candidate version.
    #[serde(default)]
    pub require_feedback_round: bool,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            min_creator_bond: DEFAULT_MIN_CREATOR_BOND,
            max_name_len: 64,
            max_description_len: 4096,
            max_text_len: 512,
            max_datanet_refs: 16,
            max_evidence_len: 2048,
            max_history_per_model: 1000,
            max_versions_per_model: 1000,
            require_feedback_round: false,
        }
    }
}

fn in_range(name: &str, v: u64, (lo, hi): (u64, u64)) -> Result<(), ModelsError> {
    if v < lo || v > hi {
        return Err(ModelsError::InvalidParams(format!(
            "{name} must be in {lo}..={hi}, got {v}"
        )));
    }
    Ok(())
}

impl Params {
    pub fn validate(&self) -> Result<(), ModelsError> {
        if self.min_creator_bond == 0 {
            return Err(ModelsError::InvalidParams(
                "min_creator_bond must be at least 1aopen".into(),
            ));
        }
        in_range("max_name_len", self.max_name_len, NAME_LEN_RANGE)?;
        in_range(
            "max_description_len",
            self.max_description_len,
            DESCRIPTION_LEN_RANGE,
        )?;
        in_range("max_text_len", self.max_text_len, TEXT_LEN_RANGE)?;
        in_range(
            "max_datanet_refs",
            self.max_datanet_refs,
            DATANET_REFS_RANGE,
        )?;
        in_range(
            "max_evidence_len",
            self.max_evidence_len,
            EVIDENCE_LEN_RANGE,
        )?;
        in_range(
            "max_history_per_model",
            self.max_history_per_model,
            HISTORY_RANGE,
        )?;
        in_range(
            "max_versions_per_model",
            self.max_versions_per_model,
            VERSIONS_RANGE,
        )?;
        Ok(())
    }

    pub fn to_proto(&self) -> proto::Params {
        proto::Params {
            min_creator_bond: self.min_creator_bond.to_string(),
            max_name_len: self.max_name_len,
            max_description_len: self.max_description_len,
            max_text_len: self.max_text_len,
            max_datanet_refs: self.max_datanet_refs,
            max_evidence_len: self.max_evidence_len,
            max_history_per_model: self.max_history_per_model,
            max_versions_per_model: self.max_versions_per_model,
            require_feedback_round: self.require_feedback_round,
        }
    }

    /// Decode and validate.
    pub fn from_proto(p: &proto::Params) -> Result<Params, ModelsError> {
        let params = Params {
            min_creator_bond: parse_amount(&p.min_creator_bond).map_err(|_| {
                ModelsError::InvalidParams(format!(
                    "min_creator_bond {:?} is not an amount",
                    p.min_creator_bond
                ))
            })?,
            max_name_len: p.max_name_len,
            max_description_len: p.max_description_len,
            max_text_len: p.max_text_len,
            max_datanet_refs: p.max_datanet_refs,
            max_evidence_len: p.max_evidence_len,
            max_history_per_model: p.max_history_per_model,
            max_versions_per_model: p.max_versions_per_model,
            require_feedback_round: p.require_feedback_round,
        };
        params.validate()?;
        Ok(params)
    }
}

/// Refuse `value` longer than `max` bytes.
pub(crate) fn check_len(field: &'static str, value: &str, max: u64) -> Result<(), ModelsError> {
    if u64::try_from(value.len()).unwrap_or(u64::MAX) > max {
        return Err(ModelsError::TooLong {
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
        assert_eq!(p.min_creator_bond, 100_000_000_000_000_000_000);
        assert_eq!(Params::from_proto(&p.to_proto()).unwrap(), p);
        let json = serde_json::to_string(&p).unwrap();
        assert!(json.contains("\"min_creator_bond\":\"100000000000000000000\""));
        assert_eq!(serde_json::from_str::<Params>(&json).unwrap(), p);
    }

    #[test]
    fn out_of_range_values_are_refused() {
        let bad = [
            Params {
                min_creator_bond: 0,
                ..Params::default()
            },
            Params {
                max_name_len: 0,
                ..Params::default()
            },
            Params {
                max_datanet_refs: 257,
                ..Params::default()
            },
            Params {
                max_history_per_model: 7,
                ..Params::default()
            },
            Params {
                max_versions_per_model: 0,
                ..Params::default()
            },
        ];
        for p in bad {
            assert!(matches!(p.validate(), Err(ModelsError::InvalidParams(_))));
        }
        let mut proto = Params::default().to_proto();
        proto.min_creator_bond = "1.5".into();
        assert!(Params::from_proto(&proto).is_err());
    }
}
