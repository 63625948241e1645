//! Domain records of the staking module: validators, delegations, unbonding delegations and
//! redelegations. Stored with borsh; JSON (genesis) and protobuf (queries) forms are here too.

use borsh::{BorshDeserialize, BorshSerialize};
use openledger_framework::{
    consensus_address, mul_div_ceil, mul_div_floor, Address, ConsAddress, Dec,
};
use serde::{Deserialize, Serialize};

use crate::error::StakingError;
use crate::serde_helpers::{amount_string, hex32, shares_string, valoper};

/// aopen per unit of consensus power: 1 OPEN = 1 unit.
pub const POWER_REDUCTION: u128 = 1_000_000_000_000_000_000;
/// The largest total voting power CometBFT accepts (`MaxTotalVotingPower`).
pub const MAX_TOTAL_POWER: i64 = i64::MAX / 8;
/// Module account holding the tokens of Bonded validators.
pub const BONDED_POOL: &str = "bonded_tokens_pool";
/// Module account holding the tokens of other validators and of unbonding entries.
pub const NOT_BONDED_POOL: &str = "not_bonded_tokens_pool";
/// Description fields with this value keep their old value in `MsgEditValidator`.
pub const DO_NOT_MODIFY: &str = "[do-not-modify]";
/// Seconds between two commission changes.
pub const COMMISSION_UPDATE_INTERVAL_SECS: i64 = 86_400;

pub const MAX_MONIKER_LENGTH: usize = 70;
pub const MAX_IDENTITY_LENGTH: usize = 3000;
pub const MAX_WEBSITE_LENGTH: usize = 140;
pub const MAX_SECURITY_CONTACT_LENGTH: usize = 140;
pub const MAX_DETAILS_LENGTH: usize = 280;

pub fn bonded_pool() -> Address {
    Address::module(BONDED_POOL)
}

pub fn not_bonded_pool() -> Address {
    Address::module(NOT_BONDED_POOL)
}

/// Consensus power of an amount of tokens, saturating at `i64::MAX`.
pub fn tokens_to_power(tokens: u128) -> i64 {
    i64::try_from(tokens.checked_div(POWER_REDUCTION).unwrap_or(0)).unwrap_or(i64::MAX)
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, BorshSerialize, BorshDeserialize,
)]
pub enum BondStatus {
    Unbonded,
    Unbonding,
    Bonded,
}

impl BondStatus {
    /// The SDK's `BondStatus` enum value.
    pub fn to_proto(self) -> i32 {
        self.proto_enum() as i32
    }

    pub fn proto_enum(self) -> cosmos_sdk_proto::cosmos::staking::v1beta1::BondStatus {
        use cosmos_sdk_proto::cosmos::staking::v1beta1::BondStatus as P;
        match self {
            BondStatus::Unbonded => P::Unbonded,
            BondStatus::Unbonding => P::Unbonding,
            BondStatus::Bonded => P::Bonded,
        }
    }

    /// `BOND_STATUS_BONDED` etc.
    pub fn as_str_name(self) -> &'static str {
        self.proto_enum().as_str_name()
    }

    pub fn from_str_name(s: &str) -> Option<BondStatus> {
        match s {
            "BOND_STATUS_UNBONDED" => Some(BondStatus::Unbonded),
            "BOND_STATUS_UNBONDING" => Some(BondStatus::Unbonding),
            "BOND_STATUS_BONDED" => Some(BondStatus::Bonded),
            _ => None,
        }
    }
}

impl Serialize for BondStatus {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str_name())
    }
}

impl<'de> Deserialize<'de> for BondStatus {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <String as Deserialize>::deserialize(d)?;
        BondStatus::from_str_name(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown bond status {s:?}")))
    }
}

#[derive(
    Debug, Clone, Default, PartialEq, Eq, BorshSerialize, BorshDeserialize, Serialize, Deserialize,
)]
#[serde(deny_unknown_fields, default)]
pub struct Description {
    pub moniker: String,
    pub identity: String,
    pub website: String,
    pub security_contact: String,
    pub details: String,
}

fn check_len(field: &str, value: &str, max: usize) -> Result<(), StakingError> {
    let len = value.chars().count();
    if len > max {
        return Err(StakingError::InvalidRequest(format!(
            "invalid {field} length; got: {len}, max: {max}"
        )));
    }
    Ok(())
}

impl Description {
    /// SDK length limits; the moniker must not be empty.
    pub fn validate(&self) -> Result<(), StakingError> {
        if self.moniker.is_empty() {
            return Err(StakingError::InvalidRequest("empty moniker".into()));
        }
        self.check_lengths()
    }

    /// Length limits of every field that is not `[do-not-modify]`.
    pub fn check_lengths(&self) -> Result<(), StakingError> {
        let fields = [
            ("moniker", &self.moniker, MAX_MONIKER_LENGTH),
            ("identity", &self.identity, MAX_IDENTITY_LENGTH),
            ("website", &self.website, MAX_WEBSITE_LENGTH),
            (
                "security contact",
                &self.security_contact,
                MAX_SECURITY_CONTACT_LENGTH,
            ),
            ("details", &self.details, MAX_DETAILS_LENGTH),
        ];
        for (name, value, max) in fields {
            if value != DO_NOT_MODIFY {
                check_len(name, value, max)?;
            }
        }
        Ok(())
    }

    /// Apply an edit: fields equal to `[do-not-modify]` keep their current value.
    pub fn updated(&self, edit: &Description) -> Description {
        let pick = |new: &String, old: &String| {
            if new == DO_NOT_MODIFY {
                old.clone()
            } else {
                new.clone()
            }
        };
        Description {
            moniker: pick(&edit.moniker, &self.moniker),
            identity: pick(&edit.identity, &self.identity),
            website: pick(&edit.website, &self.website),
            security_contact: pick(&edit.security_contact, &self.security_contact),
            details: pick(&edit.details, &self.details),
        }
    }
}

/// The three commission rates a validator commits to at creation.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, BorshSerialize, BorshDeserialize, Serialize, Deserialize,
)]
#[serde(deny_unknown_fields)]
pub struct CommissionRates {
    pub rate: Dec,
    pub max_rate: Dec,
    pub max_change_rate: Dec,
}

impl CommissionRates {
    /// SDK `CommissionRates.Validate` (rates cannot be negative here).
    pub fn validate(&self) -> Result<(), StakingError> {
        if self.max_rate > Dec::ONE {
            return Err(StakingError::CommissionHuge);
        }
        if self.rate > self.max_rate {
            return Err(StakingError::CommissionGtMaxRate);
        }
        if self.max_change_rate > self.max_rate {
            return Err(StakingError::CommissionChangeRateGtMaxRate);
        }
        Ok(())
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, BorshSerialize, BorshDeserialize, Serialize, Deserialize,
)]
#[serde(deny_unknown_fields)]
pub struct Commission {
    pub rate: Dec,
    pub max_rate: Dec,
    pub max_change_rate: Dec,
    /// Block time (seconds) of the last change.
    pub update_time: i64,
}

impl Commission {
    pub fn rates(&self) -> CommissionRates {
        CommissionRates {
            rate: self.rate,
            max_rate: self.max_rate,
            max_change_rate: self.max_change_rate,
        }
    }

    /// SDK `Commission.ValidateNewRate`: once per 24h, within max rate and max change rate.
    pub fn validate_new_rate(&self, new_rate: Dec, now: i64) -> Result<(), StakingError> {
        let since = now.saturating_sub(self.update_time);
        if since < COMMISSION_UPDATE_INTERVAL_SECS {
            return Err(StakingError::CommissionUpdateTime);
        }
        if new_rate > self.max_rate {
            return Err(StakingError::CommissionGtMaxRate);
        }
        let change = if new_rate >= self.rate {
            new_rate.checked_sub(self.rate)
        } else {
            self.rate.checked_sub(new_rate)
        }
        .unwrap_or(Dec::ZERO);
        if change > self.max_change_rate {
            return Err(StakingError::CommissionGtMaxChangeRate);
        }
        Ok(())
    }
}

/// A validator. Shares are integer share units (see the doc page for their wire form).
#[derive(Debug, Clone, PartialEq, Eq, BorshSerialize, BorshDeserialize, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Validator {
    /// The operator: shown as `openvaloper...`; its account is the same 20 bytes.
    #[serde(with = "valoper")]
    pub operator: Address,
    /// ed25519 consensus public key (hex in JSON).
    #[serde(with = "hex32")]
    pub consensus_pubkey: [u8; 32],
    pub jailed: bool,
    pub status: BondStatus,
    #[serde(with = "amount_string")]
    pub tokens: u128,
    #[serde(with = "shares_string")]
    pub delegator_shares: u128,
    pub description: Description,
    pub unbonding_height: u64,
    /// Block time (seconds) at which the unbonding of the validator completes.
    pub unbonding_time: i64,
    pub commission: Commission,
    #[serde(with = "amount_string")]
    pub min_self_delegation: u128,
}

impl Validator {
    pub fn consensus_address(&self) -> ConsAddress {
        consensus_address(&self.consensus_pubkey)
    }

    pub fn is_bonded(&self) -> bool {
        self.status == BondStatus::Bonded
    }

    pub fn is_unbonding(&self) -> bool {
        self.status == BondStatus::Unbonding
    }

    pub fn is_unbonded(&self) -> bool {
        self.status == BondStatus::Unbonded
    }

    /// tokens / 10^18, saturating.
    pub fn consensus_power(&self) -> i64 {
        tokens_to_power(self.tokens)
    }

    /// Tokens the given shares are worth, rounded down (0 if the validator has no shares).
    pub fn tokens_from_shares(&self, shares: u128) -> u128 {
        mul_div_floor(shares, self.tokens, self.delegator_shares).unwrap_or(0)
    }

    /// Shares that `amount` tokens buy, rounded down.
    pub fn shares_from_tokens_floor(&self, amount: u128) -> Option<u128> {
        mul_div_floor(amount, self.delegator_shares, self.tokens)
    }

    /// Shares worth at least `amount` tokens, rounded up.
    pub fn shares_from_tokens_ceil(&self, amount: u128) -> Option<u128> {
        mul_div_ceil(amount, self.delegator_shares, self.tokens)
    }

    /// The validator lost every token but still has shares: nobody may delegate to it.
    pub fn invalid_ex_rate(&self) -> bool {
        self.tokens == 0 && self.delegator_shares > 0
    }

    /// Add delegated tokens; returns the shares issued. The first delegation gets one share
    /// per token; later ones `amount × shares / tokens`, rounded down. Refuses to issue zero
    /// shares, which would give the tokens away to the other delegators.
    pub fn add_tokens_from_del(&mut self, amount: u128) -> Result<u128, StakingError> {
        let shares = if self.delegator_shares == 0 || self.tokens == 0 {
            if self.invalid_ex_rate() {
                return Err(StakingError::DelegatorShareExRateInvalid);
            }
            amount
        } else {
            self.shares_from_tokens_floor(amount)
                .ok_or(StakingError::Overflow("shares"))?
        };
        if shares == 0 {
            return Err(StakingError::InvalidRequest(format!(
                "delegation of {amount} is too small to issue a share"
            )));
        }
        self.tokens = self
            .tokens
            .checked_add(amount)
            .ok_or(StakingError::Overflow("validator tokens"))?;
        self.delegator_shares = self
            .delegator_shares
            .checked_add(shares)
            .ok_or(StakingError::Overflow("validator shares"))?;
        Ok(shares)
    }

    /// Remove shares; returns the tokens they were worth (rounded down). The last shares take
    /// every remaining token, as in the SDK.
    pub fn remove_del_shares(&mut self, shares: u128) -> Result<u128, StakingError> {
        let remaining = self.delegator_shares.checked_sub(shares).ok_or_else(|| {
            StakingError::NotEnoughDelegationShares(self.delegator_shares.to_string())
        })?;
        let issued = if remaining == 0 {
            self.tokens
        } else {
            self.tokens_from_shares(shares)
        };
        self.tokens = self
            .tokens
            .checked_sub(issued)
            .ok_or(StakingError::Overflow("validator tokens"))?;
        self.delegator_shares = remaining;
        Ok(issued)
    }

    /// Remove tokens without touching shares (slashing).
    pub fn remove_tokens(&mut self, amount: u128) -> Result<(), StakingError> {
        self.tokens = self
            .tokens
            .checked_sub(amount)
            .ok_or(StakingError::Overflow("validator tokens"))?;
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, BorshSerialize, BorshDeserialize, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Delegation {
    pub delegator: Address,
    #[serde(with = "valoper")]
    pub validator: Address,
    #[serde(with = "shares_string")]
    pub shares: u128,
}

#[derive(Debug, Clone, PartialEq, Eq, BorshSerialize, BorshDeserialize, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnbondingDelegationEntry {
    pub creation_height: u64,
    /// Block time (seconds) at which the entry is paid out.
    pub completion_time: i64,
    #[serde(with = "amount_string")]
    pub initial_balance: u128,
    #[serde(with = "amount_string")]
    pub balance: u128,
}

impl UnbondingDelegationEntry {
    pub fn is_mature(&self, now: i64) -> bool {
        self.completion_time <= now
    }
}

#[derive(Debug, Clone, PartialEq, Eq, BorshSerialize, BorshDeserialize, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnbondingDelegation {
    pub delegator: Address,
    #[serde(with = "valoper")]
    pub validator: Address,
    pub entries: Vec<UnbondingDelegationEntry>,
}

impl UnbondingDelegation {
    /// SDK `AddEntry`: an entry with the same creation height and completion time is merged.
    pub fn add_entry(
        &mut self,
        creation_height: u64,
        completion_time: i64,
        balance: u128,
    ) -> Result<(), StakingError> {
        if let Some(e) = self
            .entries
            .iter_mut()
            .find(|e| e.creation_height == creation_height && e.completion_time == completion_time)
        {
            e.balance = e
                .balance
                .checked_add(balance)
                .ok_or(StakingError::Overflow("unbonding balance"))?;
            e.initial_balance = e
                .initial_balance
                .checked_add(balance)
                .ok_or(StakingError::Overflow("unbonding balance"))?;
            return Ok(());
        }
        self.entries.push(UnbondingDelegationEntry {
            creation_height,
            completion_time,
            initial_balance: balance,
            balance,
        });
        Ok(())
    }

    pub fn total_balance(&self) -> Result<u128, StakingError> {
        self.entries.iter().try_fold(0u128, |acc, e| {
            acc.checked_add(e.balance)
                .ok_or(StakingError::Overflow("unbonding balance"))
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, BorshSerialize, BorshDeserialize, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedelegationEntry {
    pub creation_height: u64,
    pub completion_time: i64,
    #[serde(with = "amount_string")]
    pub initial_balance: u128,
    /// Shares of the destination delegation this entry created.
    #[serde(with = "shares_string")]
    pub shares_dst: u128,
}

impl RedelegationEntry {
    pub fn is_mature(&self, now: i64) -> bool {
        self.completion_time <= now
    }
}

#[derive(Debug, Clone, PartialEq, Eq, BorshSerialize, BorshDeserialize, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Redelegation {
    pub delegator: Address,
    #[serde(with = "valoper")]
    pub validator_src: Address,
    #[serde(with = "valoper")]
    pub validator_dst: Address,
    pub entries: Vec<RedelegationEntry>,
}

/// Shares on the wire: the SDK's LegacyDec integer form, `n × 10^18` ("0" for zero).
pub fn shares_to_proto(shares: u128) -> String {
    if shares == 0 {
        "0".to_string()
    } else {
        format!("{shares}000000000000000000")
    }
}

/// Shares as the SDK prints a LegacyDec: `n.000000000000000000`.
pub fn shares_to_display(shares: u128) -> String {
    format!("{shares}.000000000000000000")
}

#[cfg(test)]
mod tests;
