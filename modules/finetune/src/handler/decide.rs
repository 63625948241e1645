//! The creator's and governance's decisions on a delivery.

use openledger_framework::{MsgCtx, StateWrite};

use super::{check_gov, check_signer, expect_status, load_job, pay_job, refund_job};
use super::{job_provider, load_provider, slash_provider};
use crate::error::FinetuneError;
use crate::event;
use crate::keeper::Keepers;
use crate::msg::{MsgAcceptJob, MsgDisputeJob, MsgSettleJob};
use crate::params::check_len;
use crate::state::{self, FinetuneRead};
use crate::types::{Job, JobStatus, SettleOutcome};

fn check_creator(job: &Job, actor: &openledger_framework::Address) -> Result<(), FinetuneError> {
    if job.creator != *actor {
        return Err(FinetuneError::NotCreator {
            what: format!("job {}", job.id),
            actor: actor.to_string(),
        });
    }
    Ok(())
}

/// `MsgAcceptJob`: the creator accepts a DELIVERED job: the budget goes to the provider, the
/// model advances to ALIGNMENT (if in FINE_TUNING) and the adapter is registered.
pub fn execute_accept_job<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    keepers: &Keepers<'_>,
    msg: &MsgAcceptJob,
) -> Result<(), FinetuneError> {
    check_signer(ctx, &msg.signer)?;
    let job = load_job(state, msg.job_id)?;
    check_creator(&job, &msg.signer)?;
    expect_status(&job, JobStatus::Delivered)?;
    pay_job(state, ctx.block, keepers, &job, "accepted")
}

/// `MsgDisputeJob`: the creator disputes a DELIVERED job within its dispute window; the
/// budget stays escrowed until governance settles it (`MsgSettleJob`).
pub fn execute_dispute_job<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgDisputeJob,
) -> Result<(), FinetuneError> {
    check_signer(ctx, &msg.creator)?;
    let params = state.finetune_params()?;
    check_len("reason", &msg.reason, params.max_text_len)?;
    let job = load_job(state, msg.job_id)?;
    check_creator(&job, &msg.creator)?;
    expect_status(&job, JobStatus::Delivered)?;
    if ctx.block.height > job.dispute_deadline_height {
        return Err(FinetuneError::DisputeWindowClosed {
            job_id: job.id,
            deadline: job.dispute_deadline_height,
        });
    }
    let mut disputed = job.clone();
    disputed.status = JobStatus::Disputed;
    disputed.dispute_reason = msg.reason.clone();
    disputed.disputed_height = ctx.block.height;
    state::save_job(state, Some(&job), &disputed)?;
    state.record(event::job_disputed(&disputed));
    Ok(())
}

/// `MsgSettleJob` (gov module account only): PAY as if accepted, REFUND the creator, or
/// REFUND_AND_SLASH (also `dispute_slash_fraction` of the provider's bond to the community
/// pool). A refund counts as a dispute lost by the provider.
pub fn execute_settle_job<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    keepers: &Keepers<'_>,
    msg: &MsgSettleJob,
) -> Result<(), FinetuneError> {
    check_gov(ctx, &msg.authority)?;
    let mut job = load_job(state, msg.job_id)?;
    expect_status(&job, JobStatus::Disputed)?;
    // The outcome is recorded on the job before it is closed.
    let old = job.clone();
    job.outcome = Some(msg.outcome);
    state::save_job(state, Some(&old), &job)?;
    if msg.outcome == SettleOutcome::Pay {
        return pay_job(state, ctx.block, keepers, &job, "governance");
    }
    let provider = job_provider(&job)?;
    refund_job(state, ctx.block, &job, "governance")?;
    let old_p = load_provider(state, &provider)?;
    let mut p = old_p.clone();
    p.disputes_lost = p
        .disputes_lost
        .checked_add(1)
        .ok_or(FinetuneError::Overflow)?;
    state::save_provider(state, Some(&old_p), &p)?;
    if msg.outcome == SettleOutcome::RefundAndSlash {
        let fraction = state.finetune_params()?.dispute_slash_fraction;
        slash_provider(state, keepers, &provider, fraction, "dispute", job.id)?;
    }
    Ok(())
}
