//! gov: gOPEN voting power, proposals, deposits, votes and the execution of passed proposals.

use cosmos_sdk_proto::cosmos::gov::v1 as pb;
use openledger_framework::error::call_error;
use openledger_framework::module::respond;
use openledger_framework::{
    msg_routes, query_routes, BlockCtx, CallError, Module, MsgRoute, QueryRoute, StateRead,
    StateWrite, ValidatorUpdate,
};
use openledger_gov as g;
use openledger_gov::proto as gopen;
use openledger_proto::methods::cosmos::gov::v1::query as q;
use openledger_proto::methods::openledger::gov::v1::query as gq;

use crate::keepers::GovExecutor;

pub struct Gov;

impl Module for Gov {
    fn name(&self) -> &'static str {
        "gov"
    }

    openledger_framework::genesis_methods!(g::GenesisState);

    /// Unlocks, deposit and voting periods, and the execution of passed proposals.
    fn end_block(
        &self,
        state: &mut dyn StateWrite,
        ctx: &BlockCtx,
    ) -> Result<Vec<ValidatorUpdate>, CallError> {
        g::end_block(state, ctx, &GovExecutor).map_err(call_error)?;
        Ok(Vec::new())
    }

    fn check_invariants(&self, state: &dyn StateRead) -> Result<(), String> {
        g::invariants::check_all(&state).map_err(|e| e.to_string())
    }

    fn msg_routes(&self) -> Vec<MsgRoute> {
        msg_routes![
            pb::MsgSubmitProposal => g::MsgSubmitProposal => |s, c, m| respond(
                g::execute_submit_proposal(s, c, m, &GovExecutor),
                |proposal_id| pb::MsgSubmitProposalResponse { proposal_id },
            ),
            pb::MsgDeposit => g::MsgDeposit
                => |s, c, m| respond(g::execute_deposit(s, c, m), |()| pb::MsgDepositResponse {}),
            pb::MsgVote => g::MsgVote
                => |s, c, m| respond(g::execute_vote(s, c, m), |()| pb::MsgVoteResponse {}),
            pb::MsgVoteWeighted => g::MsgVoteWeighted => |s, c, m| respond(
                g::execute_vote_weighted(s, c, m),
                |()| pb::MsgVoteWeightedResponse {},
            ),
            #[proposal]
            pb::MsgUpdateParams => g::MsgUpdateParams => |s, c, m| respond(
                g::execute_update_params(s, c, m),
                |()| pb::MsgUpdateParamsResponse {},
            ),
            #[proposal]
            gopen::MsgUpdateGovLimits => g::MsgUpdateGovLimits => |s, c, m| respond(
                g::execute_update_gov_limits(s, c, m),
                |()| gopen::MsgUpdateGovLimitsResponse {},
            ),
            gopen::MsgLock => g::MsgLock
                => |s, c, m| respond(g::execute_lock(s, c, m), |()| gopen::MsgLockResponse {}),
            gopen::MsgDelegateVotes => g::MsgDelegateVotes => |s, c, m| respond(
                g::execute_delegate_votes(s, c, m),
                |()| gopen::MsgDelegateVotesResponse {},
            ),
            gopen::MsgBeginUnlock => g::MsgBeginUnlock => |s, c, m| respond(
                g::execute_begin_unlock(s, c, m),
                |t| gopen::MsgBeginUnlockResponse { completion_time: Some(t.to_proto()) },
            ),
        ]
    }

    fn query_routes(&self) -> Vec<QueryRoute> {
        query_routes![
            q::CONSTITUTION => pb::QueryConstitutionRequest
                => |s, r| g::query_constitution(s, r),
            q::PARAMS => pb::QueryParamsRequest => |s, r| g::query_params(s, r),
            q::PROPOSAL => pb::QueryProposalRequest => |s, r| g::query_proposal(s, r),
            q::PROPOSALS => pb::QueryProposalsRequest => |s, r| g::query_proposals(s, r),
            q::VOTE => pb::QueryVoteRequest => |s, r| g::query_vote(s, r),
            q::VOTES => pb::QueryVotesRequest => |s, r| g::query_votes(s, r),
            q::DEPOSIT => pb::QueryDepositRequest => |s, r| g::query_deposit(s, r),
            q::DEPOSITS => pb::QueryDepositsRequest => |s, r| g::query_deposits(s, r),
            q::TALLY_RESULT => pb::QueryTallyResultRequest => |s, r| g::query_tally_result(s, r),
            gq::GOVERNANCE_POWER => gopen::QueryGovernancePowerRequest
                => |s, r| g::query_governance_power(s, r),
            gq::TOTAL_POWER => gopen::QueryTotalPowerRequest
                => |s, r| g::query_total_power(s, r),
        ]
    }
}
