use openledger_framework::{MsgCtx, StateWrite};

use super::{check_datanets, check_signer, load, release_bond};
use crate::error::ModelsError;
use crate::event;
use crate::keeper::{DatanetsKeeper, FeedbackKeeper};
use crate::model::Stage;
use crate::msg::MsgAdvanceModel;
use crate::params::check_len;
use crate::record::ModelVersion;
use crate::state::{self, gov_address, ModelsRead};
use openledger_framework::time::Time;

/// `MsgAdvanceModel`: the creator or the gov module account moves an approved model one step
/// along APPROVED → DATA_COLLECTION → FINE_TUNING → ALIGNMENT → DEPLOYED, or retires it from
/// any of those stages.
///
/// * FINE_TUNING → ALIGNMENT needs `evidence.training_run_hash`.
/// * ALIGNMENT → DEPLOYED needs `evidence.adapter_hash` and publishes version 1: that adapter
///   on the model's base model and datanet versions (which must still exist).
///   With the param `require_feedback_round`, the candidate (version `latest_version`, 0
///   before the first deployment) must have a settled feedback round (asked of `feedback`).
/// * → RETIRED pays the bond back to the creator.
pub fn execute<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    keeper: &dyn DatanetsKeeper,
    feedback: &dyn FeedbackKeeper,
    msg: &MsgAdvanceModel,
) -> Result<(), ModelsError> {
    check_signer(ctx, &msg.actor)?;
    let mut model = load(state, msg.model_id)?;
    if msg.actor != model.creator && msg.actor != gov_address() {
        return Err(ModelsError::NotCreator {
            model_id: model.id,
            actor: msg.actor.to_string(),
            or_gov: ", nor the gov module account",
        });
    }
    let params = state.models_params()?;
    check_len(
        "evidence.metrics",
        &msg.evidence.metrics,
        params.max_evidence_len,
    )?;
    let (from, to) = (model.stage, msg.to_stage);
    if !from.can_advance_to(to) {
        return Err(ModelsError::IllegalTransition {
            model_id: model.id,
            from,
            to,
        });
    }
    let missing = |field| ModelsError::MissingEvidence {
        model_id: model.id,
        from,
        to,
        field,
    };
    let mut first_version = None;
    match to {
        Stage::Alignment if msg.evidence.training_run_hash.is_none() => {
            return Err(missing("training_run_hash"));
        }
        Stage::Deployed => {
            let adapter = msg
                .evidence
                .adapter_hash
                .clone()
                .ok_or_else(|| missing("adapter_hash"))?;
            check_datanets(state, keeper, &model.datanet_versions)?;
            if params.require_feedback_round {
                let read: &dyn openledger_framework::StateRead = &state;
                if !feedback.has_settled_round(read, model.id, model.latest_version)? {
                    return Err(ModelsError::NoSettledFeedbackRound {
                        model_id: model.id,
                        version: model.latest_version,
                    });
                }
            }
            let number = model
                .latest_version
                .checked_add(1)
                .ok_or(ModelsError::Overflow)?;
            model.latest_version = number;
            first_version = Some(ModelVersion {
                model_id: model.id,
                number,
                adapter_hash: adapter,
                base_model: model.base_model.clone(),
                parent_version: 0,
                datanet_versions: model.datanet_versions.clone(),
                publisher: msg.actor,
                height: ctx.block.height,
                time: Time::from_block(ctx.block),
            });
        }
        _ => {}
    }
    state::record_transition(
        state,
        ctx.block,
        &mut model,
        Some(from),
        to,
        msg.actor,
        msg.evidence.clone(),
    )?;
    if let Some(v) = first_version {
        state::put_version(state, &v)?;
        state.record(event::version_published(&v));
    }
    if to == Stage::Retired {
        release_bond(state, &model, false)?;
    }
    Ok(())
}
