//! Domain messages, converted from their protobuf form with stateless validation. Limits that
//! are params (message count, text lengths) are checked by the handlers.

use cosmos_sdk_proto::cosmos::base::v1beta1::Coin as PbCoin;
use cosmos_sdk_proto::cosmos::gov::v1 as pb;
use cosmos_sdk_proto::Any;
use openledger_framework::coin::parse_amount;
use openledger_framework::{Address, Coins, Dec, BASE_DENOM};

use crate::error::GovError;
use crate::params::coins_from_proto;
use crate::proposal::{options_from_proto, validate_options, VoteOption, WeightedVoteOption};
use crate::proto;

/// The most messages a proposal can carry whatever the params say.
pub const MAX_PROPOSAL_MESSAGES: usize = 64;

fn addr(s: &str) -> Result<Address, GovError> {
    Ok(s.parse::<Address>()?)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgSubmitProposal {
    pub messages: Vec<Any>,
    /// May be empty (unless `min_initial_deposit_ratio` asks for more).
    pub initial_deposit: Coins,
    pub proposer: Address,
    pub metadata: String,
    pub title: String,
    pub summary: String,
}

impl TryFrom<&pb::MsgSubmitProposal> for MsgSubmitProposal {
    type Error = GovError;
    fn try_from(m: &pb::MsgSubmitProposal) -> Result<Self, GovError> {
        if m.expedited {
            return Err(GovError::ExpeditedUnsupported);
        }
        let proposer = addr(&m.proposer)?;
        let initial_deposit = coins_from_proto(&m.initial_deposit)?;
        if m.messages.len() > MAX_PROPOSAL_MESSAGES {
            return Err(GovError::TooManyMessages {
                len: m.messages.len(),
                max: MAX_PROPOSAL_MESSAGES as u32,
            });
        }
        Ok(MsgSubmitProposal {
            messages: m.messages.clone(),
            initial_deposit,
            proposer,
            metadata: m.metadata.clone(),
            title: m.title.clone(),
            summary: m.summary.clone(),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgDeposit {
    pub proposal_id: u64,
    pub depositor: Address,
    /// Not empty.
    pub amount: Coins,
}

impl TryFrom<&pb::MsgDeposit> for MsgDeposit {
    type Error = GovError;
    fn try_from(m: &pb::MsgDeposit) -> Result<Self, GovError> {
        let amount = coins_from_proto(&m.amount)?;
        if amount.is_empty() {
            return Err(GovError::InvalidCoins("empty deposit".into()));
        }
        Ok(MsgDeposit {
            proposal_id: m.proposal_id,
            depositor: addr(&m.depositor)?,
            amount,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgVote {
    pub proposal_id: u64,
    pub voter: Address,
    pub option: VoteOption,
    pub metadata: String,
}

impl TryFrom<&pb::MsgVote> for MsgVote {
    type Error = GovError;
    fn try_from(m: &pb::MsgVote) -> Result<Self, GovError> {
        Ok(MsgVote {
            proposal_id: m.proposal_id,
            voter: addr(&m.voter)?,
            option: VoteOption::from_proto(m.option)?,
            metadata: m.metadata.clone(),
        })
    }
}

impl MsgVote {
    pub fn options(&self) -> Vec<WeightedVoteOption> {
        vec![WeightedVoteOption {
            option: self.option,
            weight: Dec::ONE,
        }]
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgVoteWeighted {
    pub proposal_id: u64,
    pub voter: Address,
    /// Valid: no duplicates, weights in (0, 1] summing to exactly 1.
    pub options: Vec<WeightedVoteOption>,
    pub metadata: String,
}

impl TryFrom<&pb::MsgVoteWeighted> for MsgVoteWeighted {
    type Error = GovError;
    fn try_from(m: &pb::MsgVoteWeighted) -> Result<Self, GovError> {
        if m.options.len() > 4 {
            return Err(GovError::InvalidVote("more than 4 options".into()));
        }
        let options = options_from_proto(&m.options)?;
        validate_options(&options)?;
        Ok(MsgVoteWeighted {
            proposal_id: m.proposal_id,
            voter: addr(&m.voter)?,
            options,
            metadata: m.metadata.clone(),
        })
    }
}

/// `MsgUpdateParams`: the SDK-shaped params are applied on top of the current ones by the
/// handler (see [`crate::Params::with_proto`]).
#[derive(Debug, Clone, PartialEq)]
pub struct MsgUpdateParams {
    pub authority: Address,
    pub params: pb::Params,
}

impl TryFrom<&pb::MsgUpdateParams> for MsgUpdateParams {
    type Error = GovError;
    fn try_from(m: &pb::MsgUpdateParams) -> Result<Self, GovError> {
        Ok(MsgUpdateParams {
            authority: addr(&m.authority)?,
            params: m
                .params
                .clone()
                .ok_or_else(|| GovError::InvalidParams("params must be set".into()))?,
        })
    }
}

/// `MsgUpdateGovLimits`: the gOPEN and content-limit params, set by governance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgUpdateGovLimits {
    pub authority: Address,
    pub unlock_delay_secs: u64,
    pub max_unlock_entries: u32,
    pub max_messages: u32,
    pub max_metadata_len: u64,
    pub max_title_len: u64,
    pub max_summary_len: u64,
}

impl TryFrom<&proto::MsgUpdateGovLimits> for MsgUpdateGovLimits {
    type Error = GovError;
    fn try_from(m: &proto::MsgUpdateGovLimits) -> Result<Self, GovError> {
        Ok(MsgUpdateGovLimits {
            authority: addr(&m.authority)?,
            unlock_delay_secs: m.unlock_delay_secs,
            max_unlock_entries: m.max_unlock_entries,
            max_messages: m.max_messages,
            max_metadata_len: m.max_metadata_len,
            max_title_len: m.max_title_len,
            max_summary_len: m.max_summary_len,
        })
    }
}

impl MsgUpdateGovLimits {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.authority]
    }
}

/// A positive amount of aopen.
fn aopen(c: &Option<PbCoin>) -> Result<u128, GovError> {
    let c = c
        .as_ref()
        .ok_or_else(|| GovError::InvalidCoins("amount must be set".into()))?;
    if c.denom != BASE_DENOM {
        return Err(GovError::InvalidLockDenom(c.denom.clone()));
    }
    let amount = parse_amount(&c.amount)?;
    if amount == 0 {
        return Err(GovError::InvalidCoins("amount must be positive".into()));
    }
    Ok(amount)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgLock {
    pub owner: Address,
    /// aopen, positive.
    pub amount: u128,
}

impl TryFrom<&proto::MsgLock> for MsgLock {
    type Error = GovError;
    fn try_from(m: &proto::MsgLock) -> Result<Self, GovError> {
        Ok(MsgLock {
            owner: addr(&m.owner)?,
            amount: aopen(&m.amount)?,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgDelegateVotes {
    pub owner: Address,
    /// The owner itself to vote with its own OPEN again.
    pub delegatee: Address,
}

impl TryFrom<&proto::MsgDelegateVotes> for MsgDelegateVotes {
    type Error = GovError;
    fn try_from(m: &proto::MsgDelegateVotes) -> Result<Self, GovError> {
        Ok(MsgDelegateVotes {
            owner: addr(&m.owner)?,
            delegatee: addr(&m.delegatee)?,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgBeginUnlock {
    pub owner: Address,
    /// aopen, positive.
    pub amount: u128,
}

impl TryFrom<&proto::MsgBeginUnlock> for MsgBeginUnlock {
    type Error = GovError;
    fn try_from(m: &proto::MsgBeginUnlock) -> Result<Self, GovError> {
        Ok(MsgBeginUnlock {
            owner: addr(&m.owner)?,
            amount: aopen(&m.amount)?,
        })
    }
}

impl MsgSubmitProposal {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.proposer]
    }
}
impl MsgDeposit {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.depositor]
    }
}
impl MsgVote {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.voter]
    }
}
impl MsgVoteWeighted {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.voter]
    }
}
impl MsgUpdateParams {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.authority]
    }
}
impl MsgLock {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.owner]
    }
}
impl MsgDelegateVotes {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.owner]
    }
}
impl MsgBeginUnlock {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.owner]
    }
}
