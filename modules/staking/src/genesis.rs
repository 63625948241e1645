//! Genesis import and export. The pools are funded by the bank genesis (the app initialises
//! bank first); `init` checks them and never mints.

use std::collections::{BTreeMap, BTreeSet};

use openledger_framework::{Address, Dec, StateError, StateRead, StateWrite, VALOPER_PREFIX};
use serde::{Deserialize, Serialize};

use crate::error::StakingError;
use crate::params::Params;
use crate::serde_helpers::valoper;
use crate::state::{self, StakingRead};
use crate::state_key;
use crate::types::{
    bonded_pool, tokens_to_power, BondStatus, Commission, Delegation, Description, Redelegation,
    UnbondingDelegation, Validator, MAX_TOTAL_POWER, POWER_REDUCTION,
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LastValidatorPower {
    #[serde(with = "valoper")]
    pub address: Address,
    pub power: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenesisState {
    #[serde(default)]
    pub params: Params,
    #[serde(default)]
    pub validators: Vec<Validator>,
    #[serde(default)]
    pub delegations: Vec<Delegation>,
    #[serde(default)]
    pub unbonding_delegations: Vec<UnbondingDelegation>,
    #[serde(default)]
    pub redelegations: Vec<Redelegation>,
    /// Used only when `exported`; otherwise computed from the Bonded validators.
    #[serde(default)]
    pub last_total_power: i64,
    /// Used only when `exported`; otherwise computed from the Bonded validators.
    #[serde(default)]
    pub last_validator_powers: Vec<LastValidatorPower>,
    /// True for a genesis exported from a running chain: the last set is taken as is.
    #[serde(default)]
    pub exported: bool,
}

fn invalid(msg: impl Into<String>) -> StakingError {
    StakingError::InvalidGenesis(msg.into())
}

fn valoper_str(a: &Address) -> String {
    a.to_bech32(VALOPER_PREFIX)
}

impl GenesisState {
    /// Append a Bonded genesis validator with its self-delegation of `self_delegation` aopen.
    /// Returns the account that must hold those tokens at genesis: the bonded pool (the app
    /// moves them there from the operator's bank genesis balance).
    pub fn add_validator(
        &mut self,
        operator: Address,
        pubkey: [u8; 32],
        self_delegation: u128,
        moniker: impl Into<String>,
        commission_rate: Dec,
    ) -> Result<Address, StakingError> {
        if self.validators.iter().any(|v| v.operator == operator) {
            return Err(StakingError::ValidatorOwnerExists);
        }
        if self.validators.iter().any(|v| v.consensus_pubkey == pubkey) {
            return Err(StakingError::ValidatorPubKeyExists);
        }
        if self_delegation < POWER_REDUCTION {
            return Err(invalid(format!(
                "self-delegation {self_delegation} is below one unit of consensus power ({POWER_REDUCTION})"
            )));
        }
        if commission_rate < self.params.min_commission_rate {
            return Err(StakingError::CommissionLtMinRate(
                self.params.min_commission_rate.to_string(),
            ));
        }
        let max_rate = commission_rate.max(Dec::percent(20));
        let commission = Commission {
            rate: commission_rate,
            max_rate,
            max_change_rate: Dec::percent(1).min(max_rate),
            update_time: 0,
        };
        commission.rates().validate()?;
        let description = Description {
            moniker: moniker.into(),
            ..Default::default()
        };
        description.validate()?;
        let bonded = self.validators.iter().filter(|v| v.is_bonded()).count();
        if bonded >= usize::try_from(self.params.max_validators).unwrap_or(usize::MAX) {
            return Err(invalid(format!(
                "already {bonded} bonded validators, the maximum"
            )));
        }
        let mut next = self.clone();
        next.validators.push(Validator {
            operator,
            consensus_pubkey: pubkey,
            jailed: false,
            status: BondStatus::Bonded,
            tokens: self_delegation,
            delegator_shares: self_delegation,
            description,
            unbonding_height: 0,
            unbonding_time: 0,
            commission,
            min_self_delegation: 1,
        });
        next.delegations.push(Delegation {
            delegator: operator,
            validator: operator,
            shares: self_delegation,
        });
        next.validate()?;
        *self = next;
        Ok(bonded_pool())
    }

    pub fn validate(&self) -> Result<(), StakingError> {
        self.params.validate()?;
        let mut operators = BTreeMap::new();
        let mut pubkeys = BTreeSet::new();
        let mut total_power: i64 = 0;
        let mut bonded_count = 0usize;
        for v in &self.validators {
            let name = valoper_str(&v.operator);
            if operators.insert(v.operator, v).is_some() {
                return Err(invalid(format!("duplicate validator {name}")));
            }
            if !pubkeys.insert(v.consensus_pubkey) {
                return Err(invalid(format!("duplicate consensus pubkey of {name}")));
            }
            v.description
                .validate()
                .map_err(|e| invalid(format!("{name}: {e}")))?;
            v.commission
                .rates()
                .validate()
                .map_err(|e| invalid(format!("{name}: {e}")))?;
            if v.delegator_shares == 0 && v.tokens != 0 {
                return Err(invalid(format!("{name} has tokens but no shares")));
            }
            total_power = total_power
                .checked_add(tokens_to_power(v.tokens))
                .filter(|p| *p <= MAX_TOTAL_POWER)
                .ok_or_else(|| invalid("total consensus power exceeds the CometBFT limit"))?;
            if v.is_bonded() {
                bonded_count = bonded_count.saturating_add(1);
                if !self.exported && (v.jailed || v.consensus_power() < 1) {
                    return Err(invalid(format!(
                        "bonded validator {name} must be unjailed with at least one unit of power"
                    )));
                }
            }
        }
        if !self.exported
            && bonded_count > usize::try_from(self.params.max_validators).unwrap_or(usize::MAX)
        {
            return Err(invalid(format!(
                "{bonded_count} bonded validators exceed max_validators {}",
                self.params.max_validators
            )));
        }

        let mut shares: BTreeMap<Address, u128> = BTreeMap::new();
        let mut pairs = BTreeSet::new();
        for d in &self.delegations {
            if !operators.contains_key(&d.validator) {
                return Err(invalid(format!(
                    "delegation to unknown validator {}",
                    valoper_str(&d.validator)
                )));
            }
            if d.shares == 0 {
                return Err(invalid(format!("zero-share delegation of {}", d.delegator)));
            }
            if !pairs.insert((d.delegator, d.validator)) {
                return Err(invalid(format!("duplicate delegation of {}", d.delegator)));
            }
            let s = shares.entry(d.validator).or_insert(0);
            *s = s
                .checked_add(d.shares)
                .ok_or_else(|| invalid("delegation shares overflow"))?;
        }
        for v in &self.validators {
            let sum = shares.get(&v.operator).copied().unwrap_or(0);
            if sum != v.delegator_shares {
                return Err(invalid(format!(
                    "{}: delegator shares {} but delegations sum to {sum}",
                    valoper_str(&v.operator),
                    v.delegator_shares
                )));
            }
        }

        let mut ubd_pairs = BTreeSet::new();
        for u in &self.unbonding_delegations {
            if !ubd_pairs.insert((u.delegator, u.validator)) {
                return Err(invalid(format!(
                    "duplicate unbonding delegation of {}",
                    u.delegator
                )));
            }
            if u.entries.is_empty() {
                return Err(invalid(format!(
                    "unbonding delegation of {} has no entries",
                    u.delegator
                )));
            }
            if u.entries.iter().any(|e| e.balance > e.initial_balance) {
                return Err(invalid("unbonding entry balance above its initial balance"));
            }
        }
        let mut red_triplets = BTreeSet::new();
        for r in &self.redelegations {
            if r.validator_src == r.validator_dst {
                return Err(invalid("redelegation to the same validator"));
            }
            if !red_triplets.insert((r.delegator, r.validator_src, r.validator_dst)) {
                return Err(invalid(format!(
                    "duplicate redelegation of {}",
                    r.delegator
                )));
            }
            if r.entries.is_empty() {
                return Err(invalid(format!(
                    "redelegation of {} has no entries",
                    r.delegator
                )));
            }
        }

        if self.exported {
            let bonded: BTreeSet<Address> = self
                .validators
                .iter()
                .filter(|v| v.is_bonded())
                .map(|v| v.operator)
                .collect();
            let mut listed = BTreeSet::new();
            let mut sum: i64 = 0;
            for lp in &self.last_validator_powers {
                if lp.power <= 0 || !listed.insert(lp.address) {
                    return Err(invalid(format!(
                        "bad last validator power for {}",
                        valoper_str(&lp.address)
                    )));
                }
                sum = sum
                    .checked_add(lp.power)
                    .ok_or_else(|| invalid("last total power overflow"))?;
            }
            if listed != bonded {
                return Err(invalid(
                    "last validator powers must list exactly the bonded validators",
                ));
            }
            if sum != self.last_total_power {
                return Err(invalid(format!(
                    "last total power {} but last validator powers sum to {sum}",
                    self.last_total_power
                )));
            }
        }
        Ok(())
    }

    /// Write the genesis into state with every index. The bank genesis must already hold the
    /// pools' balances: bonded pool = tokens of Bonded validators; not-bonded pool = tokens of
    /// the other validators + balances of unbonding entries.
    pub fn init<S: StateWrite>(&self, state: &mut S) -> Result<(), StakingError> {
        self.init_dyn(state)
    }

    fn init_dyn(&self, state: &mut dyn StateWrite) -> Result<(), StakingError> {
        self.validate()?;
        state::set_params(state, &self.params)?;

        let (mut bonded, mut not_bonded) = (0u128, 0u128);
        for v in &self.validators {
            let slot = if v.is_bonded() {
                &mut bonded
            } else {
                &mut not_bonded
            };
            *slot = slot
                .checked_add(v.tokens)
                .ok_or_else(|| invalid("pool total overflow"))?;
        }
        for u in &self.unbonding_delegations {
            not_bonded = not_bonded
                .checked_add(u.total_balance()?)
                .ok_or_else(|| invalid("pool total overflow"))?;
        }
        let have_bonded = state.bonded_pool_balance()?;
        if have_bonded != bonded {
            return Err(invalid(format!(
                "bonded pool holds {have_bonded} but bonded validators have {bonded} tokens (initialise bank genesis first)"
            )));
        }
        let have_not_bonded = state.not_bonded_pool_balance()?;
        if have_not_bonded != not_bonded {
            return Err(invalid(format!(
                "not-bonded pool holds {have_not_bonded} but it must hold {not_bonded} (initialise bank genesis first)"
            )));
        }

        for v in &self.validators {
            state::create_validator_record(state, v)?;
            if v.is_unbonding() {
                state.put_raw(
                    state_key::val_queue(v.unbonding_time, &v.operator),
                    Vec::new(),
                )?;
            }
        }
        for d in &self.delegations {
            state::put_delegation(state, d)?;
        }
        for u in &self.unbonding_delegations {
            state::put_ubd(state, u)?;
            for e in &u.entries {
                state.put_raw(
                    state_key::ubd_queue(e.completion_time, &u.delegator, &u.validator),
                    Vec::new(),
                )?;
            }
        }
        for r in &self.redelegations {
            state::put_red(state, r)?;
            for e in &r.entries {
                state.put_raw(
                    state_key::red_queue(
                        e.completion_time,
                        &r.delegator,
                        &r.validator_src,
                        &r.validator_dst,
                    ),
                    Vec::new(),
                )?;
            }
        }

        if self.exported {
            for lp in &self.last_validator_powers {
                state::set_last_power(state, &lp.address, lp.power)?;
            }
            state::set_last_total_power(state, self.last_total_power)?;
        } else {
            let mut total: i64 = 0;
            for v in self.validators.iter().filter(|v| v.is_bonded()) {
                state::set_last_power(state, &v.operator, v.consensus_power())?;
                total = total
                    .checked_add(v.consensus_power())
                    .ok_or_else(|| invalid("last total power overflow"))?;
            }
            state::set_last_total_power(state, total)?;
        }
        Ok(())
    }

    /// Read the whole staking state back (`exported` is set).
    pub fn export<S: StateRead>(state: &S) -> Result<Self, StakingError> {
        fn all<T: borsh::BorshDeserialize, S: StateRead>(
            state: &S,
            prefix: &[u8],
        ) -> Result<Vec<T>, StakingError> {
            let mut out = Vec::new();
            for item in state.prefix_raw(prefix, None) {
                let (k, v) = item?;
                out.push(borsh::from_slice(&v).map_err(|e| StateError::decode(&k, e))?);
            }
            Ok(out)
        }
        let last_validator_powers = state
            .last_validator_powers()?
            .into_iter()
            .map(|(address, power)| LastValidatorPower { address, power })
            .collect();
        Ok(GenesisState {
            params: state.staking_params()?,
            validators: all(state, &state_key::validators_prefix())?,
            delegations: all(state, &state_key::delegations_prefix())?,
            unbonding_delegations: all(state, &state_key::ubds_prefix())?,
            redelegations: all(state, &state_key::reds_prefix())?,
            last_total_power: state.last_total_power()?,
            last_validator_powers,
            exported: true,
        })
    }
}
