//! Genesis import and export: params, community pool, withdraw addresses, validator records and
//! delegation start indexes.

use std::collections::{BTreeMap, BTreeSet};

use openledger_framework::coin::{amount_string, validate_denom};
use openledger_framework::{Address, Coin, StateRead, StateWrite};
use serde::{Deserialize, Serialize};

use crate::error::DistributionError;
use crate::params::Params;
use crate::state::{decode_u128, DistributionRead, DistributionWrite, ValidatorRecord};
use crate::state_key;

/// Operator addresses as `openvaloper` bech32 in JSON.
mod valoper_string {
    use openledger_framework::{Address, VALOPER_PREFIX};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(a: &Address, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&a.to_bech32(VALOPER_PREFIX))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Address, D::Error> {
        let s = String::deserialize(d)?;
        Address::from_bech32(&s, VALOPER_PREFIX).map_err(serde::de::Error::custom)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WithdrawAddress {
    pub delegator: Address,
    pub withdraw_address: Address,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValidatorGenesis {
    #[serde(with = "valoper_string")]
    pub operator: Address,
    #[serde(with = "amount_string")]
    pub reward_index: u128,
    #[serde(with = "amount_string")]
    pub outstanding: u128,
    #[serde(with = "amount_string")]
    pub commission: u128,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DelegatorStartIndex {
    pub delegator: Address,
    #[serde(with = "valoper_string")]
    pub validator: Address,
    #[serde(with = "amount_string")]
    pub start_index: u128,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenesisState {
    #[serde(default)]
    pub params: Params,
    /// Sorted by denom, positive amounts.
    #[serde(default)]
    pub community_pool: Vec<Coin>,
    #[serde(default)]
    pub withdraw_addresses: Vec<WithdrawAddress>,
    #[serde(default)]
    pub validators: Vec<ValidatorGenesis>,
    #[serde(default)]
    pub delegator_start_indexes: Vec<DelegatorStartIndex>,
}

fn invalid(msg: impl Into<String>) -> DistributionError {
    DistributionError::InvalidGenesis(msg.into())
}

impl GenesisState {
    pub fn validate(&self) -> Result<(), DistributionError> {
        self.params.validate()?;
        for c in &self.community_pool {
            validate_denom(&c.denom).map_err(|e| invalid(e.to_string()))?;
            if c.amount == 0 {
                return Err(invalid(format!("zero community pool coin {}", c.denom)));
            }
        }
        if self
            .community_pool
            .windows(2)
            .any(|w| w[0].denom >= w[1].denom)
        {
            return Err(invalid(
                "community pool is not sorted by denom or repeats one",
            ));
        }
        let mut delegators = BTreeSet::new();
        for w in &self.withdraw_addresses {
            if !delegators.insert(w.delegator) {
                return Err(invalid(format!(
                    "duplicate withdraw address for {}",
                    w.delegator
                )));
            }
            if crate::state::is_blocked_address(&w.withdraw_address) {
                return Err(invalid(format!(
                    "{} may not be a withdraw address",
                    w.withdraw_address
                )));
            }
        }
        let mut indexes: BTreeMap<Address, u128> = BTreeMap::new();
        let mut total: u128 = 0;
        for v in &self.validators {
            if indexes.insert(v.operator, v.reward_index).is_some() {
                return Err(invalid(format!(
                    "duplicate validator record {}",
                    v.operator
                )));
            }
            total = total
                .checked_add(v.outstanding)
                .and_then(|t| t.checked_add(v.commission))
                .ok_or(DistributionError::Overflow)?;
        }
        let mut pairs = BTreeSet::new();
        for s in &self.delegator_start_indexes {
            if !pairs.insert((s.validator, s.delegator)) {
                return Err(invalid(format!(
                    "duplicate start index for {} with {}",
                    s.delegator, s.validator
                )));
            }
            let index = indexes.get(&s.validator).copied().unwrap_or(0);
            if s.start_index > index {
                return Err(invalid(format!(
                    "start index of {} with {} is above the validator's reward index",
                    s.delegator, s.validator
                )));
            }
        }
        Ok(())
    }

    /// Write the genesis into state. The bank genesis must already be in state: the
    /// distribution module account's balance must equal the community pool plus all
    /// commission and outstanding rewards.
    pub fn init<S: StateWrite + ?Sized>(&self, state: &mut S) -> Result<(), DistributionError> {
        self.validate()?;
        state.set_distribution_params(&self.params)?;
        for c in &self.community_pool {
            state.set_community_pool_amount(&c.denom, c.amount)?;
        }
        for w in &self.withdraw_addresses {
            state.set_withdraw_address(&w.delegator, &w.withdraw_address)?;
        }
        for v in &self.validators {
            state.set_validator_record(
                &v.operator,
                &ValidatorRecord {
                    reward_index: v.reward_index,
                    outstanding: v.outstanding,
                    commission: v.commission,
                },
            )?;
        }
        for s in &self.delegator_start_indexes {
            state.set_start_index(&s.validator, &s.delegator, s.start_index)?;
        }
        crate::invariants::module_balance_matches_holdings(&*state)
            .map_err(|e| invalid(e.to_string()))?;
        Ok(())
    }

    pub fn export<S: StateRead + ?Sized>(state: &S) -> Result<Self, DistributionError> {
        let community_pool = state.community_pool(None, usize::MAX)?;
        let mut withdraw_addresses = Vec::new();
        let prefix = state_key::withdraw_address_prefix();
        for item in state.prefix_raw(&prefix, None) {
            let (k, v) = item?;
            let delegator = state_key::parse_address_suffix(&k, &prefix)
                .ok_or_else(|| invalid("malformed withdraw address key"))?;
            let withdraw_address =
                Address::from_slice(&v).map_err(|_| invalid("malformed withdraw address"))?;
            withdraw_addresses.push(WithdrawAddress {
                delegator,
                withdraw_address,
            });
        }
        let mut validators = Vec::new();
        let prefix = state_key::validator_prefix();
        for item in state.prefix_raw(&prefix, None) {
            let (k, v) = item?;
            let operator = state_key::parse_address_suffix(&k, &prefix)
                .ok_or_else(|| invalid("malformed validator key"))?;
            let r: ValidatorRecord =
                borsh::from_slice(&v).map_err(|e| invalid(format!("validator record: {e}")))?;
            validators.push(ValidatorGenesis {
                operator,
                reward_index: r.reward_index,
                outstanding: r.outstanding,
                commission: r.commission,
            });
        }
        let mut delegator_start_indexes = Vec::new();
        for item in state.prefix_raw(&state_key::start_index_prefix(), None) {
            let (k, v) = item?;
            let (validator, delegator) = state_key::parse_start_index_key(&k)
                .ok_or_else(|| invalid("malformed start index key"))?;
            delegator_start_indexes.push(DelegatorStartIndex {
                delegator,
                validator,
                start_index: decode_u128(&k, &v)?,
            });
        }
        Ok(GenesisState {
            params: state.distribution_params()?,
            community_pool,
            withdraw_addresses,
            validators,
            delegator_start_indexes,
        })
    }
}
