use openledger_bank::BankWrite;
use openledger_framework::{Coins, MsgCtx, StateWrite, BASE_DENOM};

use super::{check_datanets, check_signer};
use crate::error::ModelsError;
use crate::event;
use crate::keeper::DatanetsKeeper;
use crate::model::{check_refs, Model, Stage};
use crate::msg::MsgProposeModel;
use crate::params::check_len;
use crate::record::{Evidence, PricingEntry};
use crate::state::{self, models_address, ModelsRead};

/// `MsgProposeModel`: check the texts and references against the params, check that every
/// datanet version exists, escrow the bond in the `models` module account and record the model
/// as PROPOSED with the next id. Its pricing is in effect from this height. Returns the id.
pub fn execute<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    keeper: &dyn DatanetsKeeper,
    msg: &MsgProposeModel,
) -> Result<u64, ModelsError> {
    check_signer(ctx, &msg.creator)?;
    let params = state.models_params()?;
    check_len("name", &msg.name, params.max_name_len)?;
    check_len("description", &msg.description, params.max_description_len)?;
    check_len("base_model", &msg.base_model, params.max_text_len)?;
    check_len("intended_use", &msg.intended_use, params.max_text_len)?;
    check_refs(&msg.datanet_versions, Some(params.max_datanet_refs))?;
    if msg.bond < params.min_creator_bond {
        return Err(ModelsError::BondTooSmall {
            got: msg.bond,
            min: params.min_creator_bond,
        });
    }
    check_datanets(state, keeper, &msg.datanet_versions)?;

    let id = state.next_model_id()?;
    let next = id.checked_add(1).ok_or(ModelsError::Overflow)?;
    state::set_next_model_id(state, next)?;
    state.send(
        &msg.creator,
        &models_address(),
        &Coins::single(BASE_DENOM, msg.bond)?,
    )?;
    let height = ctx.block.height;
    let mut model = Model {
        id,
        creator: msg.creator,
        name: msg.name.clone(),
        description: msg.description.clone(),
        base_model: msg.base_model.clone(),
        intended_use: msg.intended_use.clone(),
        datanet_versions: msg.datanet_versions.clone(),
        bond: msg.bond,
        stage: Stage::Proposed,
        pricing: msg.pricing,
        pricing_effective_height: height,
        latest_version: 0,
        history_count: 0,
        created_height: height,
        approval_proposal_id: 0,
    };
    state::put_pricing(
        state,
        &PricingEntry {
            model_id: id,
            effective_height: height,
            pricing: msg.pricing,
        },
    )?;
    state::index_model(state, &model)?;
    state.record(event::model_proposed(
        id,
        &msg.creator,
        &msg.name,
        msg.bond,
        &msg.datanet_versions,
    ));
    state::record_transition(
        state,
        ctx.block,
        &mut model,
        None,
        Stage::Proposed,
        msg.creator,
        Evidence::default(),
    )?;
    Ok(id)
}
