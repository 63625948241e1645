use openledger_framework::{MsgCtx, StateRead, StateWrite};

use super::check_signer;
use crate::adapter::AdapterSpec;
use crate::error::AdaptersError;
use crate::keeper::ModelsKeeper;
use crate::msg::MsgRegisterAdapter;
use crate::register::register_adapter;

/// `MsgRegisterAdapter`: the model's creator registers an adapter of the model. The model must
/// exist (5), the signer be its creator (13), a non-zero version exist (6) and the base model
/// be the model's (7); then [`register_adapter`] checks the spec and that the hash is new (3).
/// Adapters from fine-tuning jobs carry their job id and are registered by the finetune
/// module, never through this message (job id 0 here).
pub fn execute<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    models: &dyn ModelsKeeper,
    msg: &MsgRegisterAdapter,
) -> Result<(), AdaptersError> {
    check_signer(ctx, &msg.owner)?;
    {
        let read: &dyn StateRead = &state;
        let model = models
            .model(read, msg.model_id)?
            .ok_or(AdaptersError::UnknownModel(msg.model_id))?;
        if model.creator != msg.owner {
            return Err(AdaptersError::NotCreator {
                model_id: msg.model_id,
                actor: msg.owner.to_string(),
            });
        }
        if msg.model_version != 0
            && !models.version_exists(read, msg.model_id, msg.model_version)?
        {
            return Err(AdaptersError::UnknownModelVersion {
                model_id: msg.model_id,
                version: msg.model_version,
            });
        }
        if msg.base_model != model.base_model {
            return Err(AdaptersError::BaseModelMismatch {
                expected: model.base_model,
                got: msg.base_model.clone(),
            });
        }
    }
    register_adapter(
        state,
        ctx.block,
        AdapterSpec {
            hash: msg.hash.clone(),
            model_id: msg.model_id,
            model_version: msg.model_version,
            base_model: msg.base_model.clone(),
            rank: msg.rank,
            size_bytes: msg.size_bytes,
            licence: msg.licence.clone(),
            job_id: 0,
            owner: msg.owner,
        },
    )
}
