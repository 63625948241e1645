//! The block-driven side: matured gOPEN unlocks are paid, proposals whose deposit period ended
//! without enough deposit are dropped, and proposals whose voting period ended are tallied and,
//! if passed, executed. Each queue is read in time order and only up to the block time, in
//! batches, so the work of a block is what earlier transactions scheduled for it.

use openledger_bank::BankWrite;
use openledger_framework::{BlockCtx, Coins, StateDelta, StateError, StateWrite, BASE_DENOM};

use crate::error::GovError;
use crate::event;
use crate::executor::ProposalExecutor;
use crate::proposal::ProposalStatus;
use crate::state::{self, gopen_address, gov_address, GovRead};
use crate::state_key;
use crate::tally::{decide, Tally, Verdict};
use openledger_framework::time::Time;

/// Queue entries read per batch.
const BATCH: usize = 256;

/// Run at the end of every block, after the block's transactions.
pub fn end_block<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &BlockCtx,
    executor: &dyn ProposalExecutor,
) -> Result<(), GovError> {
    let now = Time::from_block(ctx);
    complete_unlocks(state, now)?;
    drop_inactive_proposals(state, now)?;
    tally_ended_proposals(state, ctx, now, executor)?;
    Ok(())
}

/// The first queue keys (up to [`BATCH`]) whose time is at or before `now`.
fn matured<S: StateWrite + ?Sized>(
    state: &S,
    prefix: &[u8],
    now: Time,
) -> Result<Vec<Vec<u8>>, GovError> {
    let mut out = Vec::new();
    for item in state.prefix_raw(prefix, None).take(BATCH) {
        let (k, _) = item?;
        let t = k
            .get(prefix.len()..)
            .and_then(Time::from_key_bytes)
            .ok_or_else(|| StateError::decode(&k, "bad queue key"))?;
        if t > now {
            break;
        }
        out.push(k);
    }
    Ok(out)
}

fn complete_unlocks<S: StateWrite + ?Sized>(state: &mut S, now: Time) -> Result<(), GovError> {
    let prefix = state_key::unlock_queue_prefix();
    loop {
        let batch = matured(state, &prefix, now)?;
        if batch.is_empty() {
            return Ok(());
        }
        for k in batch {
            let (time, owner) = state_key::parse_unlock_queue_key(&k)
                .ok_or_else(|| StateError::decode(&k, "bad unlock queue key"))?;
            let amount = state::get_u128(state, &state_key::unlocking(&owner, time))?;
            state::remove_unlocking(state, &owner, time)?;
            if amount > 0 {
                state.send(
                    &gopen_address(),
                    &owner,
                    &Coins::single(BASE_DENOM, amount)?,
                )?;
            }
            state.record(event::unlock_completed(&owner, amount));
        }
    }
}

/// Return every deposit of a proposal to its depositor and delete the records.
fn refund_deposits<S: StateWrite + ?Sized>(state: &mut S, id: u64) -> Result<(), GovError> {
    for d in state::deposits_of(state, id)? {
        state.delete(state_key::deposit(id, &d.depositor))?;
        state.send(&gov_address(), &d.depositor, &d.amount)?;
    }
    Ok(())
}

/// Burn every deposit of a proposal from the gov module account and delete the records.
fn burn_deposits<S: StateWrite + ?Sized>(state: &mut S, id: u64) -> Result<(), GovError> {
    let mut total = Coins::default();
    for d in state::deposits_of(state, id)? {
        state.delete(state_key::deposit(id, &d.depositor))?;
        total = total.checked_add(&d.amount)?;
    }
    if !total.is_empty() {
        openledger_bank::burn(state, &gov_address(), &total)?;
    }
    Ok(())
}

fn drop_inactive_proposals<S: StateWrite + ?Sized>(
    state: &mut S,
    now: Time,
) -> Result<(), GovError> {
    let prefix = state_key::inactive_queue_prefix();
    loop {
        let batch = matured(state, &prefix, now)?;
        if batch.is_empty() {
            return Ok(());
        }
        let params = state.gov_params()?;
        for k in batch {
            let (_, id) = state_key::parse_queue_key(&k, &prefix)
                .ok_or_else(|| StateError::decode(&k, "bad inactive queue key"))?;
            state.delete(k)?;
            let proposal = state
                .proposal(id)?
                .ok_or_else(|| GovError::Invariant(format!("queued proposal {id} missing")))?;
            if proposal.status != ProposalStatus::DepositPeriod {
                return Err(GovError::Invariant(format!(
                    "proposal {id} in the inactive queue is not in its deposit period"
                )));
            }
            state.delete(state_key::proposal(id))?;
            if params.burn_proposal_deposit_prevote {
                burn_deposits(state, id)?;
            } else {
                refund_deposits(state, id)?;
            }
            state.record(event::inactive_proposal(id));
        }
    }
}

fn tally_ended_proposals<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &BlockCtx,
    now: Time,
    executor: &dyn ProposalExecutor,
) -> Result<(), GovError> {
    let prefix = state_key::active_queue_prefix();
    loop {
        let batch = matured(state, &prefix, now)?;
        if batch.is_empty() {
            return Ok(());
        }
        for k in batch {
            let (_, id) = state_key::parse_queue_key(&k, &prefix)
                .ok_or_else(|| StateError::decode(&k, "bad active queue key"))?;
            state.delete(k)?;
            finish_voting(state, ctx, id, executor)?;
        }
    }
}

/// Tally one proposal with each voter's power now, settle its deposits, execute it if it
/// passed, and record the outcome.
fn finish_voting<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &BlockCtx,
    id: u64,
    executor: &dyn ProposalExecutor,
) -> Result<(), GovError> {
    let mut proposal = state
        .proposal(id)?
        .ok_or_else(|| GovError::Invariant(format!("queued proposal {id} missing")))?;
    if proposal.status != ProposalStatus::VotingPeriod {
        return Err(GovError::Invariant(format!(
            "proposal {id} in the active queue is not in its voting period"
        )));
    }
    let params = state.gov_params()?;
    let mut tally = Tally::default();
    for vote in state::votes_of(state, id)? {
        let power = state.voting_power(&vote.voter)?;
        tally.add(power, &vote.options)?;
        state.delete(state_key::vote(id, &vote.voter))?;
    }
    let verdict = decide(&tally, state.total_power()?, &params)?;
    let burn = matches!(
        verdict,
        Verdict::Rejected {
            burn_deposits: true,
            ..
        }
    );
    if burn {
        burn_deposits(state, id)?;
    } else {
        refund_deposits(state, id)?;
    }
    let (result, log) = match verdict {
        Verdict::Passed => {
            let outcome = {
                let mut fork = StateDelta::new(&*state);
                executor
                    .execute(&mut fork, ctx, &proposal.messages)
                    .map(|()| fork.into_changes())
            };
            match outcome {
                Ok(changes) => {
                    changes.apply_to(state)?;
                    proposal.status = ProposalStatus::Passed;
                    (event::RESULT_PASSED, "passed".to_string())
                }
                // A storage failure is not the proposal's fault: like any other storage
                // failure it stops the block, rather than marking the proposal Failed on this
                // node only.
                Err(e) if is_internal(&e) => {
                    return Err(GovError::Invariant(format!(
                        "execution of proposal {id}: {e}"
                    )))
                }
                Err(e) => {
                    proposal.status = ProposalStatus::Failed;
                    proposal.failed_reason = e.to_string();
                    (
                        event::RESULT_FAILED,
                        format!("passed, but failed on execution: {e}"),
                    )
                }
            }
        }
        Verdict::Rejected { reason, .. } => {
            proposal.status = ProposalStatus::Rejected;
            // Modules whose objects wait on this vote (a model's approval) learn the outcome;
            // what they do is all or nothing, and a refusal does not stop the block.
            let outcome = {
                let mut fork = StateDelta::new(&*state);
                executor
                    .on_rejected(&mut fork, ctx, id, &proposal.messages, burn)
                    .map(|()| fork.into_changes())
            };
            match outcome {
                Ok(changes) => changes.apply_to(state)?,
                Err(e) if is_internal(&e) => {
                    return Err(GovError::Invariant(format!(
                        "rejection hook of proposal {id}: {e}"
                    )))
                }
                Err(_) => {}
            }
            (event::RESULT_REJECTED, format!("rejected: {reason}"))
        }
    };
    proposal.final_tally_result = tally.result;
    state::set_proposal(state, &proposal)?;
    state.record(event::active_proposal(id, result, &log));
    Ok(())
}

/// An error of the node rather than of the messages (storage, corrupt state): it must stop the
/// block on every node alike instead of becoming a recorded outcome.
fn is_internal(e: &openledger_framework::CallError) -> bool {
    e.codespace == openledger_framework::error::sdk::CODESPACE
        && e.code == openledger_framework::error::sdk::INTERNAL
}
