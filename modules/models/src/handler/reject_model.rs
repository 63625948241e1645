use openledger_framework::{BlockCtx, MsgCtx, StateWrite};

use super::{check_gov, load, release_bond};
use crate::error::ModelsError;
use crate::model::Stage;
use crate::msg::MsgRejectModel;
use crate::record::Evidence;
use crate::state::{self, gov_address, ModelsRead};

/// `MsgRejectModel`: the gov module account (a passed proposal) moves a PROPOSED model to
/// REJECTED and the bond goes back to the creator.
pub fn execute<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgRejectModel,
) -> Result<(), ModelsError> {
    check_gov(ctx, &msg.authority)?;
    let mut model = load(state, msg.model_id)?;
    if model.stage != Stage::Proposed {
        return Err(ModelsError::NotProposed {
            model_id: model.id,
            stage: model.stage,
        });
    }
    state::record_transition(
        state,
        ctx.block,
        &mut model,
        Some(Stage::Proposed),
        Stage::Rejected,
        msg.authority,
        Evidence::default(),
    )?;
    release_bond(state, &model, false)
}

/// Called by the app when governance proposal `proposal_id`, carrying `MsgApproveModel` for
/// `model_id`, ends rejected. `burn_bond` is whether the gov rules burned the proposal's
/// deposits (for example a veto). If `proposal_id` is the model's recorded approval proposal
/// (see [`super::on_approval_submitted`]: the creator's own proposal, carrying that message
/// alone) and the model is still PROPOSED, it becomes REJECTED (actor: the gov module account)
/// and its bond is burned or refunded. Any other proposal, an unknown model or a model no
/// longer PROPOSED: nothing happens, so nobody else's proposal can cost a creator the bond.
///
/// Run it on a fork and drop the fork on error, like a message.
pub fn on_approval_failed<S: StateWrite + ?Sized>(
    state: &mut S,
    block: &BlockCtx,
    model_id: u64,
    proposal_id: u64,
    burn_bond: bool,
) -> Result<(), ModelsError> {
    let Some(mut model) = state.model(model_id)? else {
        return Ok(());
    };
    if model.stage != Stage::Proposed
        || model.approval_proposal_id == 0
        || model.approval_proposal_id != proposal_id
    {
        return Ok(());
    }
    state::record_transition(
        state,
        block,
        &mut model,
        Some(Stage::Proposed),
        Stage::Rejected,
        gov_address(),
        Evidence::default(),
    )?;
    release_bond(state, &model, burn_bond)
}
