//! Opening and cancelling jobs.

use openledger_framework::{MsgCtx, StateWrite};

use super::{check_signer, expect_status, load_job, send_aopen};
use crate::error::FinetuneError;
use crate::event;
use crate::keeper::Keepers;
use crate::msg::{MsgCancelJob, MsgOpenJob};
use crate::params::check_len;
use crate::state::{self, finetune_address, FinetuneRead};
use crate::types::{Job, JobStatus};

/// `MsgOpenJob`: the model's creator opens a job for a fine-tunable model on some of the
/// model's datanet versions. The budget is escrowed; the access fee of each version (0 for a
/// public datanet or a version the creator already bought) is paid through the datanets
/// module, crediting the version's contributors. Returns the job id and the fees paid.
pub fn execute_open_job<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    keepers: &Keepers<'_>,
    msg: &MsgOpenJob,
) -> Result<(u64, u128), FinetuneError> {
    check_signer(ctx, &msg.creator)?;
    let params = state.finetune_params()?;
    check_len("base_model", &msg.base_model, params.max_text_len)?;
    let len = msg.datanet_versions.len();
    if u64::try_from(len).unwrap_or(u64::MAX) > params.max_datanet_versions_per_job {
        return Err(FinetuneError::TooMany {
            field: "datanet_versions",
            len,
            max: params.max_datanet_versions_per_job,
        });
    }
    if msg.budget < params.min_job_budget {
        return Err(FinetuneError::BudgetTooSmall {
            got: msg.budget,
            min: params.min_job_budget,
        });
    }
    let height = ctx.block.height;
    let latest = height
        .checked_add(params.max_job_duration_blocks)
        .ok_or(FinetuneError::Overflow)?;
    if msg.deadline_height <= height || msg.deadline_height > latest {
        return Err(FinetuneError::InvalidDeadline {
            deadline: msg.deadline_height,
            height,
            max: params.max_job_duration_blocks,
        });
    }
    let model = keepers
        .models
        .model(&state, msg.model_id)?
        .ok_or(FinetuneError::UnknownModel(msg.model_id))?;
    if model.creator != msg.creator {
        return Err(FinetuneError::NotCreator {
            what: format!("model {}", model.id),
            actor: msg.creator.to_string(),
        });
    }
    if !model.fine_tunable {
        return Err(FinetuneError::ModelNotFineTunable {
            model_id: model.id,
            stage: model.stage,
        });
    }
    for r in &msg.datanet_versions {
        if !model.datanet_versions.contains(&(r.datanet_id, r.version)) {
            return Err(FinetuneError::DatanetNotOfModel {
                model_id: model.id,
                datanet_id: r.datanet_id,
                version: r.version,
            });
        }
    }

    send_aopen(state, &msg.creator, &finetune_address(), msg.budget)?;
    let mut fees: u128 = 0;
    for r in &msg.datanet_versions {
        let paid = keepers.datanets.charge_access(
            &mut &mut *state,
            ctx.block,
            &msg.creator,
            r.datanet_id,
            r.version,
        )?;
        fees = fees.checked_add(paid).ok_or(FinetuneError::Overflow)?;
    }
    let id = state.next_job_id()?;
    state::set_next_job_id(state, id.checked_add(1).ok_or(FinetuneError::Overflow)?)?;
    let job = Job {
        id,
        creator: msg.creator,
        model_id: msg.model_id,
        base_model: msg.base_model.clone(),
        datanet_versions: msg.datanet_versions.clone(),
        training_config_hash: msg.training_config_hash.clone(),
        budget: msg.budget,
        access_fees_paid: fees,
        deadline_height: msg.deadline_height,
        status: JobStatus::Open,
        provider: None,
        claimed_height: 0,
        delivery: None,
        dispute_deadline_height: 0,
        dispute_reason: String::new(),
        disputed_height: 0,
        closed_height: 0,
        created_height: height,
        outcome: None,
    };
    state::save_job(state, None, &job)?;
    state.record(event::job_opened(&job));
    Ok((id, fees))
}

/// `MsgCancelJob`: the creator withdraws an OPEN (unclaimed) job; the budget is refunded, the
/// access fees are not (the data was bought).
pub fn execute_cancel_job<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgCancelJob,
) -> Result<(), FinetuneError> {
    check_signer(ctx, &msg.signer)?;
    let job = load_job(state, msg.job_id)?;
    if job.creator != msg.signer {
        return Err(FinetuneError::NotCreator {
            what: format!("job {}", job.id),
            actor: msg.signer.to_string(),
        });
    }
    expect_status(&job, JobStatus::Open)?;
    send_aopen(state, &finetune_address(), &job.creator, job.budget)?;
    let mut cancelled = job.clone();
    cancelled.status = JobStatus::Cancelled;
    cancelled.closed_height = ctx.block.height;
    state::save_job(state, Some(&job), &cancelled)?;
    state.record(event::job_cancelled(&job));
    Ok(())
}
