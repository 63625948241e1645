use borsh::{BorshDeserialize, BorshSerialize};
use cosmos_sdk_proto::cosmos::distribution::v1beta1::Params as ProtoParams;
use openledger_framework::Dec;
use serde::{Deserialize, Serialize};

use crate::error::DistributionError;

#[derive(Debug, Clone, PartialEq, Eq, BorshSerialize, BorshDeserialize, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Share of every block's fees that goes to the community pool (0..=1).
    pub community_tax: Dec,
    /// Whether delegators may set a withdraw address other than their own.
    pub withdraw_addr_enabled: bool,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            community_tax: Dec::percent(2),
            withdraw_addr_enabled: true,
        }
    }
}

impl Params {
    pub fn validate(&self) -> Result<(), DistributionError> {
        if self.community_tax > Dec::ONE {
            return Err(DistributionError::InvalidParams(format!(
                "community tax must be between 0 and 1, got {}",
                self.community_tax
            )));
        }
        Ok(())
    }

    /// The SDK's shape; the deprecated proposer rewards are always zero.
    // The proposer reward fields are deprecated in the SDK but still part of the message.
    #[allow(deprecated)]
    pub fn to_proto(&self) -> ProtoParams {
        ProtoParams {
            community_tax: self.community_tax.to_proto_string(),
            base_proposer_reward: Dec::ZERO.to_proto_string(),
            bonus_proposer_reward: Dec::ZERO.to_proto_string(),
            withdraw_addr_enabled: self.withdraw_addr_enabled,
        }
    }

    /// Parse the SDK's shape. The deprecated proposer rewards must be well-formed decimals in
    /// 0..=1 and are otherwise ignored.
    #[allow(deprecated)]
    pub fn from_proto(p: &ProtoParams) -> Result<Self, DistributionError> {
        let dec = |s: &str, name: &str| {
            Dec::from_proto_str(s)
                .map_err(|e| DistributionError::InvalidParams(format!("{name}: {e}")))
        };
        for (s, name) in [
            (&p.base_proposer_reward, "base_proposer_reward"),
            (&p.bonus_proposer_reward, "bonus_proposer_reward"),
        ] {
            if dec(s, name)? > Dec::ONE {
                return Err(DistributionError::InvalidParams(format!(
                    "{name} must be between 0 and 1"
                )));
            }
        }
        Ok(Params {
            community_tax: dec(&p.community_tax, "community_tax")?,
            withdraw_addr_enabled: p.withdraw_addr_enabled,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(deprecated)]
    fn defaults_are_valid_and_round_trip_through_proto() {
        let p = Params::default();
        p.validate().unwrap();
        assert_eq!(p.to_proto().community_tax, "20000000000000000");
        assert_eq!(p.to_proto().base_proposer_reward, "0");
        assert_eq!(Params::from_proto(&p.to_proto()).unwrap(), p);
    }

    #[test]
    fn tax_above_one_is_refused() {
        let p = Params {
            community_tax: Dec::from_atomics(Dec::ONE.atomics() + 1),
            withdraw_addr_enabled: true,
        };
        assert!(p.validate().is_err());
        assert!(Params {
            community_tax: Dec::ONE,
            withdraw_addr_enabled: false
        }
        .validate()
        .is_ok());
    }

    #[test]
    fn json_uses_decimal_strings() {
        let json = serde_json::to_string(&Params::default()).unwrap();
        assert_eq!(
            json,
            r#"{"community_tax":"0.020000000000000000","withdraw_addr_enabled":true}"#
        );
    }
}
