//! A provider's work: claiming and delivering.

use openledger_framework::{MsgCtx, StateWrite};

use super::{check_signer, expect_status, load_job, load_provider};
use crate::error::FinetuneError;
use crate::event;
use crate::keeper::{AdapterRegistration, Keepers};
use crate::msg::{MsgClaimJob, MsgDeliverJob};
use crate::params::check_len;
use crate::state::{self, FinetuneRead};
use crate::types::{Delivery, JobStatus, ProviderStatus};

/// `MsgClaimJob`: an ACTIVE provider bonded at least `min_provider_bond` takes an OPEN job
/// before its deadline. One provider per job: a claimed job can not be claimed again.
pub fn execute_claim_job<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgClaimJob,
) -> Result<(), FinetuneError> {
    check_signer(ctx, &msg.signer)?;
    let params = state.finetune_params()?;
    let old_p = load_provider(state, &msg.signer)?;
    if old_p.status != ProviderStatus::Active {
        return Err(FinetuneError::ProviderNotActive(msg.signer.to_string()));
    }
    if old_p.bond < params.min_provider_bond {
        return Err(FinetuneError::BondTooSmall {
            got: old_p.bond,
            min: params.min_provider_bond,
        });
    }
    let job = load_job(state, msg.job_id)?;
    expect_status(&job, JobStatus::Open)?;
    if ctx.block.height > job.deadline_height {
        return Err(FinetuneError::DeadlinePassed {
            job_id: job.id,
            deadline: job.deadline_height,
        });
    }
    let mut p = old_p.clone();
    p.active_jobs = p
        .active_jobs
        .checked_add(1)
        .ok_or(FinetuneError::Overflow)?;
    state::save_provider(state, Some(&old_p), &p)?;
    let mut claimed = job.clone();
    claimed.status = JobStatus::Claimed;
    claimed.provider = Some(msg.signer);
    claimed.claimed_height = ctx.block.height;
    state::save_job(state, Some(&job), &claimed)?;
    state.record(event::job_claimed(job.id, &msg.signer));
    Ok(())
}

/// `MsgDeliverJob`: the job's provider delivers at or before the deadline height, an adapter
/// the registry would accept now (not a copy of a registered hash). The creator may then
/// accept or dispute until height + `dispute_window_blocks`; after that the provider is paid
/// as if accepted.
pub fn execute_deliver_job<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    keepers: &Keepers<'_>,
    msg: &MsgDeliverJob,
) -> Result<(), FinetuneError> {
    check_signer(ctx, &msg.provider)?;
    let params = state.finetune_params()?;
    check_len("licence", &msg.licence, params.max_text_len)?;
    let n = msg.metrics.len();
    if u64::try_from(n).unwrap_or(u64::MAX) > params.max_metrics {
        return Err(FinetuneError::TooMany {
            field: "metrics",
            len: n,
            max: params.max_metrics,
        });
    }
    for m in &msg.metrics {
        check_len("metrics.name", &m.name, params.max_text_len)?;
    }
    let job = load_job(state, msg.job_id)?;
    expect_status(&job, JobStatus::Claimed)?;
    if job.provider != Some(msg.provider) {
        return Err(FinetuneError::NotJobProvider {
            job_id: job.id,
            actor: msg.provider.to_string(),
        });
    }
    let height = ctx.block.height;
    if height > job.deadline_height {
        return Err(FinetuneError::DeadlinePassed {
            job_id: job.id,
            deadline: job.deadline_height,
        });
    }
    let adapter = AdapterRegistration {
        hash: msg.adapter_hash.clone(),
        model_id: job.model_id,
        base_model: job.base_model.clone(),
        rank: msg.rank,
        size_bytes: msg.size_bytes,
        licence: msg.licence.clone(),
        job_id: job.id,
        owner: job.creator,
    };
    keepers
        .adapters
        .check_adapter(&state, ctx.block, &adapter)?;
    let mut delivered = job.clone();
    delivered.status = JobStatus::Delivered;
    delivered.dispute_deadline_height = height
        .checked_add(params.dispute_window_blocks)
        .ok_or(FinetuneError::Overflow)?;
    delivered.delivery = Some(Delivery {
        adapter_hash: msg.adapter_hash.clone(),
        training_log_hash: msg.training_log_hash.clone(),
        metrics: msg.metrics.clone(),
        rank: msg.rank,
        size_bytes: msg.size_bytes,
        licence: msg.licence.clone(),
        height,
    });
    state::save_job(state, Some(&job), &delivered)?;
    state.record(event::job_delivered(
        job.id,
        &msg.provider,
        &msg.adapter_hash,
        &msg.training_log_hash,
    ));
    Ok(())
}
