//! Protobuf forms of the domain records, as queries return them (SDK v0.50 types): operator
//! addresses as `openvaloper`, consensus keys as `/cosmos.crypto.ed25519.PubKey` Anys, shares
//! as LegacyDec integers (`n × 10^18`), times as whole-second timestamps.

use cosmos_sdk_proto::cosmos::staking::v1beta1 as pb;
use openledger_framework::VALOPER_PREFIX;

use crate::msg::ed25519_pubkey_to_any;
use crate::time::timestamp;
use crate::types::{
    shares_to_proto, Delegation, Redelegation, RedelegationEntry, UnbondingDelegation, Validator,
};

impl Validator {
    pub fn to_proto(&self) -> pb::Validator {
        pb::Validator {
            operator_address: self.operator.to_bech32(VALOPER_PREFIX),
            consensus_pubkey: Some(ed25519_pubkey_to_any(&self.consensus_pubkey)),
            jailed: self.jailed,
            status: self.status.to_proto(),
            tokens: self.tokens.to_string(),
            delegator_shares: shares_to_proto(self.delegator_shares),
            description: Some(pb::Description {
                moniker: self.description.moniker.clone(),
                identity: self.description.identity.clone(),
                website: self.description.website.clone(),
                security_contact: self.description.security_contact.clone(),
                details: self.description.details.clone(),
            }),
            unbonding_height: i64::try_from(self.unbonding_height).unwrap_or(i64::MAX),
            unbonding_time: Some(timestamp(self.unbonding_time)),
            commission: Some(pb::Commission {
                commission_rates: Some(pb::CommissionRates {
                    rate: self.commission.rate.to_proto_string(),
                    max_rate: self.commission.max_rate.to_proto_string(),
                    max_change_rate: self.commission.max_change_rate.to_proto_string(),
                }),
                update_time: Some(timestamp(self.commission.update_time)),
            }),
            min_self_delegation: self.min_self_delegation.to_string(),
            unbonding_on_hold_ref_count: 0,
            unbonding_ids: Vec::new(),
        }
    }
}

impl Delegation {
    pub fn to_proto(&self) -> pb::Delegation {
        pb::Delegation {
            delegator_address: self.delegator.to_string(),
            validator_address: self.validator.to_bech32(VALOPER_PREFIX),
            shares: shares_to_proto(self.shares),
        }
    }
}

impl UnbondingDelegation {
    pub fn to_proto(&self) -> pb::UnbondingDelegation {
        pb::UnbondingDelegation {
            delegator_address: self.delegator.to_string(),
            validator_address: self.validator.to_bech32(VALOPER_PREFIX),
            entries: self
                .entries
                .iter()
                .map(|e| pb::UnbondingDelegationEntry {
                    creation_height: i64::try_from(e.creation_height).unwrap_or(i64::MAX),
                    completion_time: Some(timestamp(e.completion_time)),
                    initial_balance: e.initial_balance.to_string(),
                    balance: e.balance.to_string(),
                    unbonding_id: 0,
                    unbonding_on_hold_ref_count: 0,
                })
                .collect(),
        }
    }
}

impl Redelegation {
    pub fn to_proto(&self) -> pb::Redelegation {
        pb::Redelegation {
            delegator_address: self.delegator.to_string(),
            validator_src_address: self.validator_src.to_bech32(VALOPER_PREFIX),
            validator_dst_address: self.validator_dst.to_bech32(VALOPER_PREFIX),
            entries: self.entries.iter().map(red_entry_proto).collect(),
        }
    }
}

pub(crate) fn red_entry_proto(e: &RedelegationEntry) -> pb::RedelegationEntry {
    pb::RedelegationEntry {
        creation_height: i64::try_from(e.creation_height).unwrap_or(i64::MAX),
        completion_time: Some(timestamp(e.completion_time)),
        initial_balance: e.initial_balance.to_string(),
        shares_dst: shares_to_proto(e.shares_dst),
        unbonding_id: 0,
        unbonding_on_hold_ref_count: 0,
    }
}
