use openledger_bank::BankWrite;
use openledger_framework::{Address, Coins, MsgCtx, StateWrite};

use crate::error::GovError;
use crate::event;
use crate::msg::MsgDeposit;
use crate::params::Params;
use crate::proposal::{Deposit, Proposal, ProposalStatus};
use crate::state::{self, gov_address, GovRead};
use crate::state_key;
use openledger_framework::time::Time;

/// `MsgDeposit`: add to a proposal in its deposit or voting period. Emits
/// `proposal_deposit{voting_period_start}` when this deposit starts the voting period.
pub fn execute<S: StateWrite>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgDeposit,
) -> Result<(), GovError> {
    if !ctx.is_signer(&msg.depositor) {
        return Err(GovError::Unauthorized(msg.depositor.to_string()));
    }
    let mut proposal = state
        .proposal(msg.proposal_id)?
        .ok_or(GovError::UnknownProposal(msg.proposal_id))?;
    let params = state.gov_params()?;
    let now = Time::from_block(ctx.block);
    if add_deposit(
        state,
        now,
        &mut proposal,
        &msg.depositor,
        &msg.amount,
        &params,
    )? {
        state.record(event::voting_period_start(
            event::PROPOSAL_DEPOSIT,
            msg.proposal_id,
        ));
    }
    Ok(())
}

/// Every denom of `amount` must be a denom of `min_deposit`.
pub(crate) fn check_deposit_denoms(params: &Params, amount: &Coins) -> Result<(), GovError> {
    if amount
        .iter()
        .any(|c| params.min_deposit.amount_of(&c.denom) == 0)
    {
        return Err(GovError::InvalidDepositDenom {
            deposited: amount.to_string(),
            accepted: params
                .min_deposit
                .iter()
                .map(|c| c.denom.clone())
                .collect::<Vec<_>>()
                .join(","),
        });
    }
    Ok(())
}

fn all_gte(have: &Coins, need: &Coins) -> bool {
    need.iter().all(|c| have.amount_of(&c.denom) >= c.amount)
}

/// Escrow `amount` from `depositor` in the gov module account, add it to the proposal and to
/// the depositor's deposit, and start the voting period once the total reaches `min_deposit`.
/// Returns whether the voting period started.
pub(crate) fn add_deposit<S: StateWrite>(
    state: &mut S,
    now: Time,
    proposal: &mut Proposal,
    depositor: &Address,
    amount: &Coins,
    params: &Params,
) -> Result<bool, GovError> {
    if !proposal.status.is_open() {
        return Err(GovError::InactiveProposal(proposal.id));
    }
    check_deposit_denoms(params, amount)?;
    state.send(depositor, &gov_address(), amount)?;
    proposal.total_deposit = proposal.total_deposit.checked_add(amount)?;
    let mut activated = false;
    if proposal.status == ProposalStatus::DepositPeriod
        && all_gte(&proposal.total_deposit, &params.min_deposit)
    {
        let end = now
            .checked_add_secs(params.voting_period_secs)
            .ok_or_else(|| GovError::InvalidRequest("voting end time out of range".into()))?;
        state.delete(state_key::inactive_queue(
            proposal.deposit_end_time,
            proposal.id,
        ))?;
        proposal.status = ProposalStatus::VotingPeriod;
        proposal.voting_start_time = Some(now);
        proposal.voting_end_time = Some(end);
        state::enqueue(state, proposal)?;
        activated = true;
    }
    state::set_proposal(state, proposal)?;
    let total = match state.deposit(proposal.id, depositor)? {
        Some(d) => d.amount.checked_add(amount)?,
        None => amount.clone(),
    };
    state::set_deposit(
        state,
        &Deposit {
            proposal_id: proposal.id,
            depositor: *depositor,
            amount: total,
        },
    )?;
    state.record(event::proposal_deposit(proposal.id, depositor, amount));
    Ok(activated)
}
