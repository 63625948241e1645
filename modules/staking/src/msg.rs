//! Domain messages, converted from their protobuf form with the SDK's stateless validation
//! (`ValidateBasic`). Handlers see only these validated types.

use cosmos_sdk_proto::cosmos::base::v1beta1::Coin as PbCoin;
use cosmos_sdk_proto::cosmos::crypto::ed25519::PubKey as Ed25519PubKey;
use cosmos_sdk_proto::cosmos::staking::v1beta1 as pb;
use cosmos_sdk_proto::Any;
use openledger_framework::coin::{parse_amount, validate_denom};
use openledger_framework::{Address, Coin, Dec, ACCOUNT_PREFIX, VALOPER_PREFIX};
use prost::{Message, Name};

use crate::error::StakingError;
use crate::params::Params;
use crate::types::{CommissionRates, Description};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgCreateValidator {
    pub description: Description,
    pub commission: CommissionRates,
    pub min_self_delegation: u128,
    /// The operator (`validator_address`); its account signs and self-delegates.
    pub operator: Address,
    pub pubkey: [u8; 32],
    pub value: Coin,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgEditValidator {
    /// Fields equal to `[do-not-modify]` keep their value.
    pub description: Description,
    pub operator: Address,
    pub commission_rate: Option<Dec>,
    pub min_self_delegation: Option<u128>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgDelegate {
    pub delegator: Address,
    pub validator: Address,
    pub amount: Coin,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgUndelegate {
    pub delegator: Address,
    pub validator: Address,
    pub amount: Coin,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgBeginRedelegate {
    pub delegator: Address,
    pub validator_src: Address,
    pub validator_dst: Address,
    pub amount: Coin,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgCancelUnbondingDelegation {
    pub delegator: Address,
    pub validator: Address,
    pub amount: Coin,
    pub creation_height: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgUpdateParams {
    pub authority: Address,
    pub params: Params,
}

fn delegator_addr(s: &str) -> Result<Address, StakingError> {
    if s.is_empty() {
        return Err(StakingError::EmptyDelegatorAddr);
    }
    Address::from_bech32(s, ACCOUNT_PREFIX).map_err(|e| StakingError::InvalidAddress(e.to_string()))
}

fn validator_addr(s: &str) -> Result<Address, StakingError> {
    if s.is_empty() {
        return Err(StakingError::EmptyValidatorAddr);
    }
    Address::from_bech32(s, VALOPER_PREFIX).map_err(|e| StakingError::InvalidAddress(e.to_string()))
}

/// A positive, well-formed coin, else `what` as an invalid request.
fn positive_coin(c: Option<&PbCoin>, what: &str) -> Result<Coin, StakingError> {
    let invalid = || StakingError::InvalidRequest(what.to_string());
    let c = c.ok_or_else(invalid)?;
    validate_denom(&c.denom).map_err(|_| invalid())?;
    let amount = parse_amount(&c.amount).map_err(|_| invalid())?;
    if amount == 0 {
        return Err(invalid());
    }
    Ok(Coin::new(c.denom.clone(), amount))
}

fn description(d: Option<&pb::Description>) -> Description {
    d.map(|d| Description {
        moniker: d.moniker.clone(),
        identity: d.identity.clone(),
        website: d.website.clone(),
        security_contact: d.security_contact.clone(),
        details: d.details.clone(),
    })
    .unwrap_or_default()
}

fn dec(s: &str, what: &str) -> Result<Dec, StakingError> {
    Dec::from_proto_str(s).map_err(|e| StakingError::InvalidRequest(format!("{what}: {e}")))
}

fn positive_int(s: &str, what: &str) -> Result<u128, StakingError> {
    match parse_amount(s) {
        Ok(v) if v > 0 => Ok(v),
        _ => Err(StakingError::InvalidRequest(format!(
            "{what} must be a positive integer"
        ))),
    }
}

/// The 32 bytes of a `/cosmos.crypto.ed25519.PubKey` Any.
pub fn ed25519_pubkey_from_any(any: Option<&Any>) -> Result<[u8; 32], StakingError> {
    let any = any.ok_or(StakingError::EmptyValidatorPubKey)?;
    if any.type_url != Ed25519PubKey::type_url() {
        return Err(StakingError::ValidatorPubKeyTypeNotSupported(format!(
            "got: {}, expected: {}",
            any.type_url,
            Ed25519PubKey::type_url()
        )));
    }
    let pk = Ed25519PubKey::decode(any.value.as_slice())
        .map_err(|e| StakingError::InvalidPubKey(e.to_string()))?;
    pk.key.as_slice().try_into().map_err(|_| {
        StakingError::InvalidPubKey(format!(
            "ed25519 key must be 32 bytes, got {}",
            pk.key.len()
        ))
    })
}

/// The `/cosmos.crypto.ed25519.PubKey` Any of a consensus key.
pub fn ed25519_pubkey_to_any(key: &[u8; 32]) -> Any {
    Any {
        type_url: Ed25519PubKey::type_url(),
        value: Ed25519PubKey { key: key.to_vec() }.encode_to_vec(),
    }
}

impl TryFrom<&pb::MsgCreateValidator> for MsgCreateValidator {
    type Error = StakingError;
    // `delegator_address` is deprecated in SDK v0.50 but still accepted when it is the operator.
    #[allow(deprecated)]
    fn try_from(m: &pb::MsgCreateValidator) -> Result<Self, StakingError> {
        let operator = validator_addr(&m.validator_address)?;
        if !m.delegator_address.is_empty() && delegator_addr(&m.delegator_address)? != operator {
            return Err(StakingError::InvalidRequest(
                "delegator address must be empty or the validator operator's account".into(),
            ));
        }
        let pubkey = ed25519_pubkey_from_any(m.pubkey.as_ref())?;
        let value = positive_coin(m.value.as_ref(), "invalid delegation amount")?;
        let description = description(m.description.as_ref());
        if description == Description::default() {
            return Err(StakingError::InvalidRequest("empty description".into()));
        }
        description.validate()?;
        let c = m
            .commission
            .as_ref()
            .ok_or_else(|| StakingError::InvalidRequest("empty commission".into()))?;
        let commission = CommissionRates {
            rate: dec(&c.rate, "commission rate")?,
            max_rate: dec(&c.max_rate, "commission max rate")?,
            max_change_rate: dec(&c.max_change_rate, "commission max change rate")?,
        };
        commission.validate()?;
        let min_self_delegation = positive_int(&m.min_self_delegation, "minimum self delegation")?;
        if value.amount < min_self_delegation {
            return Err(StakingError::SelfDelegationBelowMinimum);
        }
        Ok(MsgCreateValidator {
            description,
            commission,
            min_self_delegation,
            operator,
            pubkey,
            value,
        })
    }
}

impl TryFrom<&pb::MsgEditValidator> for MsgEditValidator {
    type Error = StakingError;
    fn try_from(m: &pb::MsgEditValidator) -> Result<Self, StakingError> {
        let operator = validator_addr(&m.validator_address)?;
        let description = description(m.description.as_ref());
        if description == Description::default() {
            return Err(StakingError::InvalidRequest("empty description".into()));
        }
        description.check_lengths()?;
        let commission_rate = if m.commission_rate.is_empty() {
            None
        } else {
            let r = dec(&m.commission_rate, "commission rate")?;
            if r > Dec::ONE {
                return Err(StakingError::InvalidRequest(
                    "commission rate must be between 0 and 1 (inclusive)".into(),
                ));
            }
            Some(r)
        };
        let min_self_delegation = if m.min_self_delegation.is_empty() {
            None
        } else {
            Some(positive_int(
                &m.min_self_delegation,
                "minimum self delegation",
            )?)
        };
        Ok(MsgEditValidator {
            description,
            operator,
            commission_rate,
            min_self_delegation,
        })
    }
}

impl TryFrom<&pb::MsgDelegate> for MsgDelegate {
    type Error = StakingError;
    fn try_from(m: &pb::MsgDelegate) -> Result<Self, StakingError> {
        Ok(MsgDelegate {
            delegator: delegator_addr(&m.delegator_address)?,
            validator: validator_addr(&m.validator_address)?,
            amount: positive_coin(m.amount.as_ref(), "invalid delegation amount")?,
        })
    }
}

impl TryFrom<&pb::MsgUndelegate> for MsgUndelegate {
    type Error = StakingError;
    fn try_from(m: &pb::MsgUndelegate) -> Result<Self, StakingError> {
        Ok(MsgUndelegate {
            delegator: delegator_addr(&m.delegator_address)?,
            validator: validator_addr(&m.validator_address)?,
            amount: positive_coin(m.amount.as_ref(), "invalid shares amount")?,
        })
    }
}

impl TryFrom<&pb::MsgBeginRedelegate> for MsgBeginRedelegate {
    type Error = StakingError;
    fn try_from(m: &pb::MsgBeginRedelegate) -> Result<Self, StakingError> {
        Ok(MsgBeginRedelegate {
            delegator: delegator_addr(&m.delegator_address)?,
            validator_src: validator_addr(&m.validator_src_address)?,
            validator_dst: validator_addr(&m.validator_dst_address)?,
            amount: positive_coin(m.amount.as_ref(), "invalid shares amount")?,
        })
    }
}

impl TryFrom<&pb::MsgCancelUnbondingDelegation> for MsgCancelUnbondingDelegation {
    type Error = StakingError;
    fn try_from(m: &pb::MsgCancelUnbondingDelegation) -> Result<Self, StakingError> {
        let delegator = delegator_addr(&m.delegator_address)?;
        let validator = validator_addr(&m.validator_address)?;
        let amount = positive_coin(m.amount.as_ref(), "invalid amount")?;
        let creation_height = u64::try_from(m.creation_height)
            .ok()
            .filter(|h| *h > 0)
            .ok_or_else(|| StakingError::InvalidRequest("invalid height".into()))?;
        Ok(MsgCancelUnbondingDelegation {
            delegator,
            validator,
            amount,
            creation_height,
        })
    }
}

impl TryFrom<&pb::MsgUpdateParams> for MsgUpdateParams {
    type Error = StakingError;
    fn try_from(m: &pb::MsgUpdateParams) -> Result<Self, StakingError> {
        let authority = Address::from_bech32(&m.authority, ACCOUNT_PREFIX)
            .map_err(|e| StakingError::InvalidAddress(format!("invalid authority address: {e}")))?;
        let params = m
            .params
            .as_ref()
            .ok_or_else(|| StakingError::InvalidParams("params are missing".into()))?;
        Ok(MsgUpdateParams {
            authority,
            params: Params::try_from(params)?,
        })
    }
}

impl MsgCreateValidator {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.operator]
    }
}

impl MsgEditValidator {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.operator]
    }
}

impl MsgDelegate {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.delegator]
    }
}

impl MsgUndelegate {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.delegator]
    }
}

impl MsgBeginRedelegate {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.delegator]
    }
}

impl MsgCancelUnbondingDelegation {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.delegator]
    }
}

impl MsgUpdateParams {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.authority]
    }
}
