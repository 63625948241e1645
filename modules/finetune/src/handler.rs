//! Message execution: one file per group of messages, and the settlements they share with end
//! block (pay, refund, slash). Every handler checks its signer, refuses with a typed error
//! and may fail midway: the caller drops the fork on error.

mod decide;
mod job;
mod provider;
mod update_params;
mod work;

pub use decide::{execute_accept_job, execute_dispute_job, execute_settle_job};
pub use job::{execute_cancel_job, execute_open_job};
pub use provider::{execute_register_provider, execute_unbond_provider, execute_update_provider};
pub use update_params::execute as execute_update_params;
pub use work::{execute_claim_job, execute_deliver_job};

use openledger_bank::BankWrite;
use openledger_framework::error::sdk;
use openledger_framework::{
    Address, BlockCtx, CallError, Coins, Dec, MsgCtx, StateDelta, StateRead, StateWrite, BASE_DENOM,
};

use crate::error::FinetuneError;
use crate::event;
use crate::keeper::{AdapterRegistration, Keepers};
use crate::state::{self, finetune_address, gov_address, FinetuneRead};
use crate::types::{Job, JobStatus, Provider};

/// `addr` must have signed the transaction.
fn check_signer(ctx: &MsgCtx, addr: &Address) -> Result<(), FinetuneError> {
    if !ctx.is_signer(addr) {
        return Err(FinetuneError::Unauthorized(addr.to_string()));
    }
    Ok(())
}

/// `authority` must be the gov module account, and have signed (a passed proposal).
fn check_gov(ctx: &MsgCtx, authority: &Address) -> Result<(), FinetuneError> {
    let gov = gov_address();
    if *authority != gov {
        return Err(FinetuneError::InvalidAuthority {
            expected: gov.to_string(),
            got: authority.to_string(),
        });
    }
    check_signer(ctx, authority)
}

pub(crate) fn load_job<S: StateRead + ?Sized>(state: &S, id: u64) -> Result<Job, FinetuneError> {
    state.job(id)?.ok_or(FinetuneError::UnknownJob(id))
}

pub(crate) fn load_provider<S: StateRead + ?Sized>(
    state: &S,
    addr: &Address,
) -> Result<Provider, FinetuneError> {
    state
        .provider(addr)?
        .ok_or_else(|| FinetuneError::UnknownProvider(addr.to_string()))
}

fn expect_status(job: &Job, expected: JobStatus) -> Result<(), FinetuneError> {
    if job.status != expected {
        return Err(FinetuneError::WrongStatus {
            job_id: job.id,
            status: job.status,
            expected,
        });
    }
    Ok(())
}

/// Move `amount` aopen (nothing if zero).
pub(crate) fn send_aopen<S: StateWrite + ?Sized>(
    state: &mut S,
    from: &Address,
    to: &Address,
    amount: u128,
) -> Result<(), FinetuneError> {
    if amount > 0 {
        state.send(from, to, &Coins::single(BASE_DENOM, amount)?)?;
    }
    Ok(())
}

/// Whether a keeper error is a failure of the store (the block can not be executed) rather
/// than a refusal.
fn is_storage_failure(e: &CallError) -> bool {
    e.codespace == sdk::CODESPACE && (e.code == sdk::INTERNAL || e.code == sdk::OUT_OF_GAS)
}

/// Run one keeper call on a fork, applied if it succeeds. `Ok(false)`: the keeper refused and
/// nothing was written. Used where another module's refusal must not block a payment.
pub(crate) fn with_fork<S: StateWrite + ?Sized>(
    state: &mut S,
    f: impl FnOnce(&mut dyn StateWrite) -> Result<(), CallError>,
) -> Result<bool, FinetuneError> {
    let changes = {
        let mut fork = StateDelta::new(&*state);
        match f(&mut fork) {
            Ok(()) => fork.into_changes(),
            Err(e) if is_storage_failure(&e) => return Err(FinetuneError::Keeper(e)),
            Err(_) => return Ok(false),
        }
    };
    changes.apply_to(state)?;
    Ok(true)
}

/// The provider of a job that a provider holds.
fn job_provider(job: &Job) -> Result<Address, FinetuneError> {
    job.provider
        .ok_or_else(|| FinetuneError::Invariant(format!("job {} has no provider", job.id)))
}

/// The provider lets go of a job it held.
fn release_job(p: &mut Provider) -> Result<(), FinetuneError> {
    p.active_jobs = p
        .active_jobs
        .checked_sub(1)
        .ok_or(FinetuneError::Overflow)?;
    Ok(())
}

/// Pay a DELIVERED or DISPUTED job: the budget to the provider, the model FINE_TUNING ->
/// ALIGNMENT with the training log hash (when the model is in FINE_TUNING), the adapter
/// registered with the job's id. The model and adapter steps run on forks: a refusal (the
/// model moved on, the adapter hash already registered) is reported in the event and does not
/// stop the payment, so a creator can not keep a provider from being paid.
pub(crate) fn pay_job<S: StateWrite + ?Sized>(
    state: &mut S,
    block: &BlockCtx,
    keepers: &Keepers<'_>,
    job: &Job,
    reason: &str,
) -> Result<(), FinetuneError> {
    let provider_addr = job_provider(job)?;
    let delivery = job
        .delivery
        .clone()
        .ok_or_else(|| FinetuneError::Invariant(format!("job {} has no delivery", job.id)))?;
    send_aopen(state, &finetune_address(), &provider_addr, job.budget)?;
    let old = load_provider(state, &provider_addr)?;
    let mut p = old.clone();
    release_job(&mut p)?;
    p.jobs_paid = p.jobs_paid.checked_add(1).ok_or(FinetuneError::Overflow)?;
    state::save_provider(state, Some(&old), &p)?;

    let metrics = delivery.metrics_text();
    let model_advanced = with_fork(state, |s| {
        keepers.models.complete_fine_tuning(
            s,
            block,
            job.model_id,
            finetune_address(),
            &delivery.training_log_hash,
            metrics,
        )
    })?;
    let adapter = AdapterRegistration {
        hash: delivery.adapter_hash.clone(),
        model_id: job.model_id,
        base_model: job.base_model.clone(),
        rank: delivery.rank,
        size_bytes: delivery.size_bytes,
        licence: delivery.licence.clone(),
        job_id: job.id,
        owner: job.creator,
    };
    let adapter_registered = with_fork(state, |s| {
        keepers.adapters.register_adapter(s, block, adapter)
    })?;

    let mut paid = job.clone();
    paid.status = JobStatus::Paid;
    paid.closed_height = block.height;
    state::save_job(state, Some(job), &paid)?;
    state.record(event::job_paid(
        job.id,
        &provider_addr,
        job.budget,
        reason,
        adapter_registered,
        model_advanced,
    ));
    Ok(())
}

/// Refund a job's budget to its creator; the provider holding it, if any, lets go of it.
/// Returns the refunded job (the caller may change the provider's standing further).
pub(crate) fn refund_job<S: StateWrite + ?Sized>(
    state: &mut S,
    block: &BlockCtx,
    job: &Job,
    reason: &str,
) -> Result<Job, FinetuneError> {
    send_aopen(state, &finetune_address(), &job.creator, job.budget)?;
    if job.status.held_by_provider() {
        let addr = job_provider(job)?;
        let old = load_provider(state, &addr)?;
        let mut p = old.clone();
        release_job(&mut p)?;
        state::save_provider(state, Some(&old), &p)?;
    }
    let mut refunded = job.clone();
    refunded.status = JobStatus::Refunded;
    refunded.closed_height = block.height;
    state::save_job(state, Some(job), &refunded)?;
    state.record(event::job_refunded(job, reason));
    Ok(refunded)
}

/// Take `fraction` of a provider's bond (rounded down) to the community pool. Returns the
/// amount slashed.
pub(crate) fn slash_provider<S: StateWrite + ?Sized>(
    state: &mut S,
    keepers: &Keepers<'_>,
    addr: &Address,
    fraction: Dec,
    reason: &str,
    job_id: u64,
) -> Result<u128, FinetuneError> {
    let old = load_provider(state, addr)?;
    let amount = fraction
        .mul_floor(old.escrowed())
        .ok_or(FinetuneError::Overflow)?;
    if amount == 0 {
        return Ok(0);
    }
    let mut p = old.clone();
    p.bond = p.bond.checked_sub(amount).ok_or(FinetuneError::Overflow)?;
    p.slash_count = p
        .slash_count
        .checked_add(1)
        .ok_or(FinetuneError::Overflow)?;
    p.slashed_total = p
        .slashed_total
        .checked_add(amount)
        .ok_or(FinetuneError::Overflow)?;
    keepers
        .distribution
        .fund_community_pool(&mut &mut *state, &finetune_address(), amount)?;
    state::save_provider(state, Some(&old), &p)?;
    state.record(event::provider_slashed(addr, amount, reason, job_id));
    Ok(amount)
}
