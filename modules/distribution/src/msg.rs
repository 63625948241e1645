//! Domain messages, converted from their protobuf form with stateless validation.

use cosmos_sdk_proto::cosmos::base::v1beta1::Coin as PbCoin;
use cosmos_sdk_proto::cosmos::distribution::v1beta1 as pb;
use openledger_framework::{Address, Coins, ACCOUNT_PREFIX, VALOPER_PREFIX};

use crate::error::DistributionError;
use crate::params::Params;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgSetWithdrawAddress {
    pub delegator: Address,
    pub withdraw_address: Address,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgWithdrawDelegatorReward {
    pub delegator: Address,
    /// The operator (bech32 `openvaloper` on the wire).
    pub validator: Address,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgWithdrawValidatorCommission {
    /// The operator; its account (same 20 bytes) signs.
    pub validator: Address,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgFundCommunityPool {
    pub depositor: Address,
    pub amount: Coins,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgCommunityPoolSpend {
    pub authority: Address,
    pub recipient: Address,
    pub amount: Coins,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgUpdateParams {
    pub authority: Address,
    pub params: Params,
}

pub(crate) fn account(s: &str, what: &str) -> Result<Address, DistributionError> {
    Address::from_bech32(s, ACCOUNT_PREFIX)
        .map_err(|e| DistributionError::InvalidAddress(format!("invalid {what} address: {e}")))
}

pub(crate) fn valoper(s: &str) -> Result<Address, DistributionError> {
    Address::from_bech32(s, VALOPER_PREFIX)
        .map_err(|e| DistributionError::InvalidAddress(format!("invalid validator address: {e}")))
}

fn coins(c: &[PbCoin]) -> Result<Coins, DistributionError> {
    let coins = Coins::from_proto(c)?;
    if coins.is_empty() {
        return Err(DistributionError::InvalidCoins(
            "amount cannot be empty".into(),
        ));
    }
    Ok(coins)
}

impl TryFrom<&pb::MsgSetWithdrawAddress> for MsgSetWithdrawAddress {
    type Error = DistributionError;
    fn try_from(m: &pb::MsgSetWithdrawAddress) -> Result<Self, DistributionError> {
        Ok(MsgSetWithdrawAddress {
            delegator: account(&m.delegator_address, "delegator")?,
            withdraw_address: account(&m.withdraw_address, "withdraw")?,
        })
    }
}

impl TryFrom<&pb::MsgWithdrawDelegatorReward> for MsgWithdrawDelegatorReward {
    type Error = DistributionError;
    fn try_from(m: &pb::MsgWithdrawDelegatorReward) -> Result<Self, DistributionError> {
        Ok(MsgWithdrawDelegatorReward {
            delegator: account(&m.delegator_address, "delegator")?,
            validator: valoper(&m.validator_address)?,
        })
    }
}

impl TryFrom<&pb::MsgWithdrawValidatorCommission> for MsgWithdrawValidatorCommission {
    type Error = DistributionError;
    fn try_from(m: &pb::MsgWithdrawValidatorCommission) -> Result<Self, DistributionError> {
        Ok(MsgWithdrawValidatorCommission {
            validator: valoper(&m.validator_address)?,
        })
    }
}

impl TryFrom<&pb::MsgFundCommunityPool> for MsgFundCommunityPool {
    type Error = DistributionError;
    fn try_from(m: &pb::MsgFundCommunityPool) -> Result<Self, DistributionError> {
        Ok(MsgFundCommunityPool {
            depositor: account(&m.depositor, "depositor")?,
            amount: coins(&m.amount)?,
        })
    }
}

impl TryFrom<&pb::MsgCommunityPoolSpend> for MsgCommunityPoolSpend {
    type Error = DistributionError;
    fn try_from(m: &pb::MsgCommunityPoolSpend) -> Result<Self, DistributionError> {
        Ok(MsgCommunityPoolSpend {
            authority: account(&m.authority, "authority")?,
            recipient: account(&m.recipient, "recipient")?,
            amount: coins(&m.amount)?,
        })
    }
}

impl TryFrom<&pb::MsgUpdateParams> for MsgUpdateParams {
    type Error = DistributionError;
    fn try_from(m: &pb::MsgUpdateParams) -> Result<Self, DistributionError> {
        let params = m
            .params
            .as_ref()
            .ok_or_else(|| DistributionError::InvalidParams("params are missing".into()))?;
        Ok(MsgUpdateParams {
            authority: account(&m.authority, "authority")?,
            params: Params::from_proto(params)?,
        })
    }
}

impl MsgSetWithdrawAddress {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.delegator]
    }
}

impl MsgWithdrawDelegatorReward {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.delegator]
    }

    /// The response: the amount withdrawn (empty when nothing was pending).
    pub fn response(amount: u128) -> pb::MsgWithdrawDelegatorRewardResponse {
        pb::MsgWithdrawDelegatorRewardResponse {
            amount: response_coins(amount),
        }
    }
}

impl MsgWithdrawValidatorCommission {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.validator]
    }

    pub fn response(amount: u128) -> pb::MsgWithdrawValidatorCommissionResponse {
        pb::MsgWithdrawValidatorCommissionResponse {
            amount: response_coins(amount),
        }
    }
}

impl MsgFundCommunityPool {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.depositor]
    }
}

impl MsgCommunityPoolSpend {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.authority]
    }
}

impl MsgUpdateParams {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.authority]
    }
}

fn response_coins(amount: u128) -> Vec<PbCoin> {
    if amount == 0 {
        Vec::new()
    } else {
        vec![PbCoin {
            denom: openledger_framework::BASE_DENOM.to_string(),
            amount: amount.to_string(),
        }]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_need_the_right_prefix() {
        let a = Address([3; 20]);
        let ok = pb::MsgWithdrawDelegatorReward {
            delegator_address: a.to_string(),
            validator_address: a.to_bech32(VALOPER_PREFIX),
        };
        let m = MsgWithdrawDelegatorReward::try_from(&ok).unwrap();
        assert_eq!((m.delegator, m.validator), (a, a));
        let swapped = pb::MsgWithdrawDelegatorReward {
            delegator_address: a.to_bech32(VALOPER_PREFIX),
            validator_address: a.to_string(),
        };
        let err = MsgWithdrawDelegatorReward::try_from(&swapped).unwrap_err();
        assert!(matches!(err, DistributionError::InvalidAddress(_)));
        let empty = pb::MsgWithdrawValidatorCommission {
            validator_address: String::new(),
        };
        assert!(MsgWithdrawValidatorCommission::try_from(&empty).is_err());
    }

    #[test]
    fn fund_needs_positive_sorted_coins() {
        let a = Address([3; 20]);
        let mk = |amount: Vec<PbCoin>| pb::MsgFundCommunityPool {
            amount,
            depositor: a.to_string(),
        };
        let coin = |d: &str, n: &str| PbCoin {
            denom: d.into(),
            amount: n.into(),
        };
        assert!(MsgFundCommunityPool::try_from(&mk(vec![coin("aopen", "5")])).is_ok());
        for bad in [
            vec![],
            vec![coin("aopen", "0")],
            vec![coin("aopen", "-1")],
            vec![coin("bopen", "1"), coin("aopen", "1")],
        ] {
            let err = MsgFundCommunityPool::try_from(&mk(bad)).unwrap_err();
            assert!(matches!(err, DistributionError::InvalidCoins(_)), "{err}");
        }
    }

    #[test]
    fn update_params_requires_params() {
        let m = pb::MsgUpdateParams {
            authority: Address::module("gov").to_string(),
            params: None,
        };
        assert!(matches!(
            MsgUpdateParams::try_from(&m),
            Err(DistributionError::InvalidParams(_))
        ));
    }
}
