//! Domain messages, converted from their protobuf form with stateless validation. Limits that
//! are params (bond minimum, item and validator counts, max score) are checked by handlers.

use openledger_framework::{Address, BASE_DENOM};
use sha2::{Digest, Sha256};

use crate::error::FeedbackError;
use crate::params::{Params, MAX_ITEMS};
use crate::proto;
use cosmos_sdk_proto::cosmos::base::v1beta1::Coin as ProtoCoin;

/// Longest salt, in bytes.
pub const MAX_SALT_LEN: usize = 64;
/// Longest item hash, in bytes (128 hex characters).
pub const MAX_ITEM_HASH_LEN: usize = 64;

fn addr(s: &str) -> Result<Address, FeedbackError> {
    Ok(s.parse::<Address>()?)
}

/// A positive aopen amount.
fn aopen(c: &Option<ProtoCoin>, field: &str) -> Result<u128, FeedbackError> {
    let c = c
        .as_ref()
        .ok_or_else(|| FeedbackError::InvalidCoins(format!("{field} is missing")))?;
    if c.denom != BASE_DENOM {
        return Err(FeedbackError::InvalidDenom(c.denom.clone()));
    }
    let a = openledger_framework::coin::parse_amount(&c.amount)
        .map_err(|e| FeedbackError::InvalidCoins(format!("{field}: {e}")))?;
    if a == 0 {
        return Err(FeedbackError::InvalidCoins(format!(
            "{field} must be positive"
        )));
    }
    Ok(a)
}

/// Lowercase hex, 1..=max bytes.
fn lower_hex(s: &str, max: usize) -> Result<Vec<u8>, String> {
    if s.is_empty() || s.bytes().any(|b| b.is_ascii_uppercase()) {
        return Err(format!("{s:?} is not lowercase hex"));
    }
    let bytes = hex::decode(s).map_err(|_| format!("{s:?} is not lowercase hex"))?;
    if bytes.len() > max {
        return Err(format!("{s:?} is longer than {max} bytes"));
    }
    Ok(bytes)
}

/// A commitment: 64 lowercase hex characters.
pub fn parse_commitment(s: &str) -> Result<[u8; 32], FeedbackError> {
    let bytes = lower_hex(s, 32).map_err(FeedbackError::InvalidCommitment)?;
    bytes.try_into().map_err(|_| {
        FeedbackError::InvalidCommitment(format!("{s:?} is not a sha256 (64 hex characters)"))
    })
}

/// `sha256(round_id (u64 BE) || validator (20 bytes) || each score (u32 BE) || salt)`: binding
/// the round and the validator, so nobody can reuse another's commitment.
pub fn commitment_hash(
    round_id: u64,
    validator: &Address,
    scores: &[u32],
    salt: &[u8],
) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(round_id.to_be_bytes());
    h.update(validator.as_bytes());
    for s in scores {
        h.update(s.to_be_bytes());
    }
    h.update(salt);
    h.finalize().into()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgRegisterFeedbackValidator {
    pub validator: Address,
    pub bond: u128,
}

impl TryFrom<&proto::MsgRegisterFeedbackValidator> for MsgRegisterFeedbackValidator {
    type Error = FeedbackError;
    fn try_from(m: &proto::MsgRegisterFeedbackValidator) -> Result<Self, FeedbackError> {
        Ok(MsgRegisterFeedbackValidator {
            validator: addr(&m.validator)?,
            bond: aopen(&m.bond, "bond")?,
        })
    }
}

impl MsgRegisterFeedbackValidator {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.validator]
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgAddFeedbackBond {
    pub validator: Address,
    pub amount: u128,
}

impl TryFrom<&proto::MsgAddFeedbackBond> for MsgAddFeedbackBond {
    type Error = FeedbackError;
    fn try_from(m: &proto::MsgAddFeedbackBond) -> Result<Self, FeedbackError> {
        Ok(MsgAddFeedbackBond {
            validator: addr(&m.validator)?,
            amount: aopen(&m.amount, "amount")?,
        })
    }
}

impl MsgAddFeedbackBond {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.validator]
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgUnbondFeedbackValidator {
    pub validator: Address,
}

impl TryFrom<&proto::MsgUnbondFeedbackValidator> for MsgUnbondFeedbackValidator {
    type Error = FeedbackError;
    fn try_from(m: &proto::MsgUnbondFeedbackValidator) -> Result<Self, FeedbackError> {
        Ok(MsgUnbondFeedbackValidator {
            validator: addr(&m.validator)?,
        })
    }
}

impl MsgUnbondFeedbackValidator {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.validator]
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgFundRound {
    pub creator: Address,
    pub model_id: u64,
    pub model_version: u64,
    pub reward: u128,
    /// 1..=MAX_ITEMS distinct lowercase hex hashes (the param bound is the handler's).
    pub item_hashes: Vec<String>,
    pub commit_deadline_height: u64,
    pub reveal_deadline_height: u64,
}

impl TryFrom<&proto::MsgFundRound> for MsgFundRound {
    type Error = FeedbackError;
    fn try_from(m: &proto::MsgFundRound) -> Result<Self, FeedbackError> {
        let creator = addr(&m.creator)?;
        let reward = aopen(&m.reward, "reward")?;
        check_items(&m.item_hashes, MAX_ITEMS)?;
        if m.reveal_deadline_height <= m.commit_deadline_height {
            return Err(FeedbackError::InvalidDeadlines(format!(
                "reveal deadline {} must be after commit deadline {}",
                m.reveal_deadline_height, m.commit_deadline_height
            )));
        }
        Ok(MsgFundRound {
            creator,
            model_id: m.model_id,
            model_version: m.model_version,
            reward,
            item_hashes: m.item_hashes.clone(),
            commit_deadline_height: m.commit_deadline_height,
            reveal_deadline_height: m.reveal_deadline_height,
        })
    }
}

impl MsgFundRound {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.creator]
    }
}

/// 1..=max distinct lowercase hex hashes of at most [`MAX_ITEM_HASH_LEN`] bytes.
pub(crate) fn check_items(items: &[String], max: u64) -> Result<(), FeedbackError> {
    if items.is_empty() {
        return Err(FeedbackError::InvalidItems(
            "a round needs at least one item".into(),
        ));
    }
    if u64::try_from(items.len()).unwrap_or(u64::MAX) > max {
        return Err(FeedbackError::InvalidItems(format!(
            "{} items, at most {max}",
            items.len()
        )));
    }
    let mut seen = std::collections::BTreeSet::new();
    for h in items {
        lower_hex(h, MAX_ITEM_HASH_LEN).map_err(FeedbackError::InvalidItems)?;
        if !seen.insert(h.as_str()) {
            return Err(FeedbackError::InvalidItems(format!("{h} is listed twice")));
        }
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgCommitScores {
    pub validator: Address,
    pub round_id: u64,
    pub commitment: [u8; 32],
}

impl TryFrom<&proto::MsgCommitScores> for MsgCommitScores {
    type Error = FeedbackError;
    fn try_from(m: &proto::MsgCommitScores) -> Result<Self, FeedbackError> {
        Ok(MsgCommitScores {
            validator: addr(&m.validator)?,
            round_id: m.round_id,
            commitment: parse_commitment(&m.commitment)?,
        })
    }
}

impl MsgCommitScores {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.validator]
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgRevealScores {
    pub validator: Address,
    pub round_id: u64,
    pub scores: Vec<u32>,
    pub salt: Vec<u8>,
}

impl TryFrom<&proto::MsgRevealScores> for MsgRevealScores {
    type Error = FeedbackError;
    fn try_from(m: &proto::MsgRevealScores) -> Result<Self, FeedbackError> {
        let salt = lower_hex(&m.salt, MAX_SALT_LEN).map_err(FeedbackError::InvalidSalt)?;
        if m.scores.is_empty() || u64::try_from(m.scores.len()).unwrap_or(u64::MAX) > MAX_ITEMS {
            return Err(FeedbackError::InvalidScores(format!(
                "{} scores, expected 1..={MAX_ITEMS}",
                m.scores.len()
            )));
        }
        Ok(MsgRevealScores {
            validator: addr(&m.validator)?,
            round_id: m.round_id,
            scores: m.scores.clone(),
            salt,
        })
    }
}

impl MsgRevealScores {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.validator]
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgUpdateParams {
    pub authority: Address,
    pub params: Params,
}

impl TryFrom<&proto::MsgUpdateParams> for MsgUpdateParams {
    type Error = FeedbackError;
    fn try_from(m: &proto::MsgUpdateParams) -> Result<Self, FeedbackError> {
        let p = m
            .params
            .as_ref()
            .ok_or_else(|| FeedbackError::InvalidParams("params are missing".into()))?;
        Ok(MsgUpdateParams {
            authority: addr(&m.authority)?,
            params: Params::from_proto(p)?,
        })
    }
}

impl MsgUpdateParams {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.authority]
    }
}
