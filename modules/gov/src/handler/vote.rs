use openledger_framework::{Address, MsgCtx, StateWrite};

use crate::error::GovError;
use crate::event;
use crate::msg::{MsgVote, MsgVoteWeighted};
use crate::proposal::{ProposalStatus, Vote, WeightedVoteOption};
use crate::state::{self, GovRead};

/// `MsgVote`: a single option with weight 1.
pub fn execute<S: StateWrite>(state: &mut S, ctx: &MsgCtx, msg: &MsgVote) -> Result<(), GovError> {
    cast(
        state,
        ctx,
        msg.proposal_id,
        &msg.voter,
        msg.options(),
        &msg.metadata,
    )
}

/// `MsgVoteWeighted`: split the voter's power over several options.
pub fn execute_weighted<S: StateWrite>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgVoteWeighted,
) -> Result<(), GovError> {
    cast(
        state,
        ctx,
        msg.proposal_id,
        &msg.voter,
        msg.options.clone(),
        &msg.metadata,
    )
}

/// Store the vote, replacing an earlier one. Only an address with gOPEN voting power may vote;
/// the power counted is the one it has when the voting period ends.
fn cast<S: StateWrite>(
    state: &mut S,
    ctx: &MsgCtx,
    proposal_id: u64,
    voter: &Address,
    options: Vec<WeightedVoteOption>,
    metadata: &str,
) -> Result<(), GovError> {
    if !ctx.is_signer(voter) {
        return Err(GovError::Unauthorized(voter.to_string()));
    }
    let proposal = state
        .proposal(proposal_id)?
        .ok_or(GovError::UnknownProposal(proposal_id))?;
    if proposal.status != ProposalStatus::VotingPeriod {
        return Err(GovError::InactiveProposal(proposal_id));
    }
    let params = state.gov_params()?;
    if metadata.len() as u64 > params.max_metadata_len {
        return Err(GovError::MetadataTooLong {
            len: metadata.len(),
            max: params.max_metadata_len,
        });
    }
    if state.voting_power(voter)? == 0 {
        return Err(GovError::NoVotingPower(voter.to_string()));
    }
    state.record(event::proposal_vote(proposal_id, voter, &options));
    state::set_vote(
        state,
        &Vote {
            proposal_id,
            voter: *voter,
            options,
            metadata: metadata.to_string(),
        },
    )
}
