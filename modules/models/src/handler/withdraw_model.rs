use openledger_framework::{MsgCtx, StateRead, StateWrite};

use super::{check_signer, load, release_bond};
use crate::error::ModelsError;
use crate::keeper::{GovProposalsKeeper, ProposalPhase};
use crate::model::Stage;
use crate::msg::MsgWithdrawModel;
use crate::record::Evidence;
use crate::state;

/// `MsgWithdrawModel`: the creator takes back a PROPOSED model. It becomes REJECTED (actor: the
/// creator) and the bond is refunded. Refused while the model's approval proposal is being
/// voted on (26): the vote decides then, and a veto may burn the bond.
pub fn execute<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    proposals: &dyn GovProposalsKeeper,
    msg: &MsgWithdrawModel,
) -> Result<(), ModelsError> {
    check_signer(ctx, &msg.creator)?;
    let mut model = load(state, msg.model_id)?;
    if msg.creator != model.creator {
        return Err(ModelsError::NotCreator {
            model_id: model.id,
            actor: msg.creator.to_string(),
            or_gov: "",
        });
    }
    if model.stage != Stage::Proposed {
        return Err(ModelsError::NotProposed {
            model_id: model.id,
            stage: model.stage,
        });
    }
    if model.approval_proposal_id != 0 {
        let read: &dyn StateRead = &state;
        if proposals.proposal_phase(read, model.approval_proposal_id)? == ProposalPhase::Voting {
            return Err(ModelsError::ApprovalPending {
                model_id: model.id,
                proposal_id: model.approval_proposal_id,
                phase: "in its voting period",
            });
        }
    }
    state::record_transition(
        state,
        ctx.block,
        &mut model,
        Some(Stage::Proposed),
        Stage::Rejected,
        msg.creator,
        Evidence::default(),
    )?;
    release_bond(state, &model, false)
}
