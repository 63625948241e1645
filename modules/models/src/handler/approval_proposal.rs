use cosmos_sdk_proto::Any;
use openledger_framework::{Address, StateRead, StateWrite};

use super::load;
use crate::error::ModelsError;
use crate::keeper::{GovProposalsKeeper, ProposalPhase};
use crate::model::Stage;
use crate::msg::approval_of;
use crate::state;

/// Called by the app when governance proposal `proposal_id` is submitted by `proposer` with
/// `messages`, before anything else of the proposal is kept. A proposal without
/// `MsgApproveModel` is left alone. One that approves a model must:
///
/// * carry that message only (bundled with anything else, voters could only take or leave
///   both, and a veto of the rest would burn the creator's bond) (25);
/// * be submitted by the model's creator (11): nobody else's proposal can decide the bond;
/// * find the model PROPOSED (8) with no other approval proposal in its deposit or voting
///   period (26).
///
/// The proposal id is then recorded on the model: only that proposal's rejection can reject
/// the model ([`super::on_approval_failed`]). Run it on a fork and drop the fork on error.
pub fn on_approval_submitted<S: StateWrite + ?Sized>(
    state: &mut S,
    proposals: &dyn GovProposalsKeeper,
    proposal_id: u64,
    proposer: &Address,
    messages: &[Any],
) -> Result<(), ModelsError> {
    let mut target = None;
    for any in messages {
        if let Some(id) = approval_of(any)? {
            if messages.len() != 1 {
                return Err(ModelsError::ApprovalNotAlone {
                    model_id: id,
                    count: messages.len(),
                });
            }
            target = Some(id);
        }
    }
    let Some(model_id) = target else {
        return Ok(());
    };
    let mut model = load(state, model_id)?;
    if model.stage != Stage::Proposed {
        return Err(ModelsError::NotProposed {
            model_id,
            stage: model.stage,
        });
    }
    if *proposer != model.creator {
        return Err(ModelsError::NotCreator {
            model_id,
            actor: proposer.to_string(),
            or_gov: "",
        });
    }
    if model.approval_proposal_id != 0 {
        let read: &dyn StateRead = &state;
        let phase = match proposals.proposal_phase(read, model.approval_proposal_id)? {
            ProposalPhase::Closed => None,
            ProposalPhase::Deposit => Some("in its deposit period"),
            ProposalPhase::Voting => Some("in its voting period"),
        };
        if let Some(phase) = phase {
            return Err(ModelsError::ApprovalPending {
                model_id,
                proposal_id: model.approval_proposal_id,
                phase,
            });
        }
    }
    model.approval_proposal_id = proposal_id;
    state::put_model(state, &model)
}
