use openledger_framework::{MsgCtx, StateWrite};

use super::{check_gov, load};
use crate::error::ModelsError;
use crate::model::Stage;
use crate::msg::MsgApproveModel;
use crate::record::Evidence;
use crate::state;

/// `MsgApproveModel`: the gov module account (a passed proposal) moves a PROPOSED model to
/// APPROVED. The bond stays in escrow.
pub fn execute<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgApproveModel,
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
        Stage::Approved,
        msg.authority,
        Evidence::default(),
    )
}
