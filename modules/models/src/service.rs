//! Stage changes made by other modules on a user's behalf (the app calls these from its keeper
//! implementations): the fine-tuning module completes the FINE_TUNING stage of a model when
//! its creator accepts a job's delivery.

use openledger_framework::{Address, BlockCtx, StateWrite};

use crate::error::ModelsError;
use crate::model::{Digest, Stage};
use crate::params::check_len;
use crate::record::Evidence;
use crate::state::{self, ModelsRead};

/// FINE_TUNING -> ALIGNMENT of model `model_id`, recording `training_run_hash` (hex) and
/// `metrics` as evidence with `actor` (the fine-tuning module account) as the actor: a history
/// entry and `EventModelStageChanged`, exactly as `MsgAdvanceModel` records it. Refused for an
/// unknown model, a model in another stage, a bad hash or metrics longer than
/// `max_evidence_len`.
pub fn complete_fine_tuning<S: StateWrite + ?Sized>(
    state: &mut S,
    block: &BlockCtx,
    model_id: u64,
    actor: Address,
    training_run_hash: &str,
    metrics: String,
) -> Result<(), ModelsError> {
    let mut model = state
        .model(model_id)?
        .ok_or(ModelsError::UnknownModel(model_id))?;
    if model.stage != Stage::FineTuning {
        return Err(ModelsError::IllegalTransition {
            model_id,
            from: model.stage,
            to: Stage::Alignment,
        });
    }
    check_len(
        "evidence.metrics",
        &metrics,
        state.models_params()?.max_evidence_len,
    )?;
    let evidence = Evidence {
        training_run_hash: Some(Digest::parse(
            "evidence.training_run_hash",
            training_run_hash,
        )?),
        adapter_hash: None,
        metrics,
    };
    state::record_transition(
        state,
        block,
        &mut model,
        Some(Stage::FineTuning),
        Stage::Alignment,
        actor,
        evidence,
    )
}
