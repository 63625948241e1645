use openledger_framework::{MsgCtx, StateWrite};

use super::{check_datanets, check_signer, load};
use crate::error::ModelsError;
use crate::event;
use crate::keeper::DatanetsKeeper;
use crate::model::{check_refs, Stage};
use crate::msg::MsgPublishModelVersion;
use crate::params::check_len;
use crate::record::ModelVersion;
use crate::state::{self, gov_address, ModelsRead};
use openledger_framework::time::Time;

/// `MsgPublishModelVersion`: the creator of a DEPLOYED model publishes the next version number,
/// derived from `parent_version` (0: the latest). An empty base model or datanet list is
/// taken from the parent; every datanet version must exist. The creator may train only on the
/// datanets governance approved with the model (any of their versions); the gov module account
/// (a passed proposal) may publish on any. Returns the new version number.
pub fn execute<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    keeper: &dyn DatanetsKeeper,
    msg: &MsgPublishModelVersion,
) -> Result<u64, ModelsError> {
    check_signer(ctx, &msg.creator)?;
    let mut model = load(state, msg.model_id)?;
    let by_gov = msg.creator == gov_address();
    if msg.creator != model.creator && !by_gov {
        return Err(ModelsError::NotCreator {
            model_id: model.id,
            actor: msg.creator.to_string(),
            or_gov: ", nor the gov module account",
        });
    }
    if model.stage != Stage::Deployed {
        return Err(ModelsError::NotDeployed {
            model_id: model.id,
            stage: model.stage,
        });
    }
    let params = state.models_params()?;
    if model.latest_version >= params.max_versions_per_model {
        return Err(ModelsError::TooManyVersions {
            model_id: model.id,
            max: params.max_versions_per_model,
        });
    }
    let parent_number = match msg.parent_version {
        0 => model.latest_version,
        n => n,
    };
    let parent =
        state
            .model_version(model.id, parent_number)?
            .ok_or(ModelsError::UnknownVersion {
                model_id: model.id,
                version: parent_number,
            })?;
    let base_model = if msg.base_model.is_empty() {
        parent.base_model.clone()
    } else {
        check_len("base_model", &msg.base_model, params.max_text_len)?;
        msg.base_model.clone()
    };
    let datanet_versions = if msg.datanet_versions.is_empty() {
        parent.datanet_versions.clone()
    } else {
        check_refs(&msg.datanet_versions, Some(params.max_datanet_refs))?;
        msg.datanet_versions.clone()
    };
    if !by_gov {
        // Bounded: at most MAX_DATANET_REFS references on each side.
        if let Some(r) = datanet_versions.iter().find(|r| {
            !model
                .datanet_versions
                .iter()
                .any(|a| a.datanet_id == r.datanet_id)
        }) {
            return Err(ModelsError::DatanetNotApproved {
                model_id: model.id,
                datanet_id: r.datanet_id,
            });
        }
    }
    check_datanets(state, keeper, &datanet_versions)?;
    let number = model
        .latest_version
        .checked_add(1)
        .ok_or(ModelsError::Overflow)?;
    let version = ModelVersion {
        model_id: model.id,
        number,
        adapter_hash: msg.adapter_hash.clone(),
        base_model,
        parent_version: parent.number,
        datanet_versions,
        publisher: msg.creator,
        height: ctx.block.height,
        time: Time::from_block(ctx.block),
    };
    state::put_version(state, &version)?;
    model.latest_version = number;
    state::put_model(state, &model)?;
    state.record(event::version_published(&version));
    Ok(number)
}
