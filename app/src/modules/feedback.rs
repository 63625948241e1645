//! feedback: RLHF feedback rounds (bonded validators, commit-reveal scores, stake-weighted
//! median settlement), with its keepers over models and distribution.

use openledger_distribution as distribution;
use openledger_feedback as fb;
use openledger_feedback::proto as pb;
use openledger_framework::error::call_error;
use openledger_framework::module::respond;
use openledger_framework::{
    msg_routes, query_routes, Address, BlockCtx, CallError, Coins, Module, MsgRoute, QueryRoute,
    StateRead, StateWrite, ValidatorUpdate, BASE_DENOM,
};
use openledger_proto::methods::openledger::feedback::v1::query as q;

/// Feedback's view of models (creators, latest versions) and of the community pool.
#[derive(Debug, Clone, Copy)]
pub struct FeedbackKeepers;

impl fb::ModelsKeeper for FeedbackKeepers {
    fn model(&self, state: &dyn StateRead, id: u64) -> Result<Option<fb::ModelView>, CallError> {
        use openledger_models::ModelsRead;
        let m = state.model(id).map_err(call_error)?;
        Ok(m.map(|m| fb::ModelView {
            id: m.id,
            creator: m.creator,
            latest_version: m.latest_version,
            closed: m.stage.is_terminal(),
        }))
    }
}

impl fb::DistributionKeeper for FeedbackKeepers {
    fn fund_community_pool(
        &self,
        state: &mut dyn StateWrite,
        from: &Address,
        amount: u128,
    ) -> Result<(), CallError> {
        if amount == 0 {
            return Ok(());
        }
        let coins = Coins::single(BASE_DENOM, amount).map_err(|e| {
            CallError::new(
                openledger_framework::error::sdk::CODESPACE,
                openledger_framework::error::sdk::INVALID_COINS,
                e.to_string(),
            )
        })?;
        distribution::fund_community_pool(&mut &mut *state, from, &coins).map_err(call_error)
    }
}

pub struct Feedback;

impl Module for Feedback {
    fn name(&self) -> &'static str {
        "feedback"
    }

    openledger_framework::genesis_methods!(fb::GenesisState);

    /// Rounds at their reveal deadline settled; matured unbondings paid back.
    fn end_block(
        &self,
        state: &mut dyn StateWrite,
        ctx: &BlockCtx,
    ) -> Result<Vec<ValidatorUpdate>, CallError> {
        fb::end_block(&mut &mut *state, ctx, &FeedbackKeepers).map_err(call_error)?;
        Ok(Vec::new())
    }

    fn check_invariants(&self, state: &dyn StateRead) -> Result<(), String> {
        fb::invariants::check_all(state).map_err(|e| e.to_string())
    }

    fn msg_routes(&self) -> Vec<MsgRoute> {
        msg_routes![
            pb::MsgRegisterFeedbackValidator => fb::MsgRegisterFeedbackValidator
                => |s, c, m| respond(
                    fb::execute_register_validator(s, c, m),
                    |()| pb::MsgRegisterFeedbackValidatorResponse {},
                ),
            pb::MsgAddFeedbackBond => fb::MsgAddFeedbackBond => |s, c, m| respond(
                fb::execute_add_bond(s, c, m),
                |b| pb::MsgAddFeedbackBondResponse { bond: b.to_string() },
            ),
            pb::MsgUnbondFeedbackValidator => fb::MsgUnbondFeedbackValidator
                => |s, c, m| respond(
                    fb::execute_unbond_validator(s, c, m),
                    |h| pb::MsgUnbondFeedbackValidatorResponse { completion_height: h },
                ),
            pb::MsgFundRound => fb::MsgFundRound => |s, c, m| respond(
                fb::execute_fund_round(s, c, &FeedbackKeepers, m),
                |round_id| pb::MsgFundRoundResponse { round_id },
            ),
            pb::MsgCommitScores => fb::MsgCommitScores => |s, c, m| respond(
                fb::execute_commit_scores(s, c, m),
                |()| pb::MsgCommitScoresResponse {},
            ),
            pb::MsgRevealScores => fb::MsgRevealScores => |s, c, m| respond(
                fb::execute_reveal_scores(s, c, m),
                |()| pb::MsgRevealScoresResponse {},
            ),
            #[proposal]
            pb::MsgUpdateParams => fb::MsgUpdateParams => |s, c, m| respond(
                fb::execute_update_params(s, c, m),
                |()| pb::MsgUpdateParamsResponse {},
            ),
        ]
    }

    fn query_routes(&self) -> Vec<QueryRoute> {
        query_routes![
            q::PARAMS => pb::QueryParamsRequest => |s, r| fb::query_params(s, r),
            q::VALIDATOR => pb::QueryValidatorRequest => |s, r| fb::query_validator(s, r),
            q::VALIDATORS => pb::QueryValidatorsRequest => |s, r| fb::query_validators(s, r),
            q::ROUND => pb::QueryRoundRequest => |s, r| fb::query_round(s, r),
            q::ROUNDS => pb::QueryRoundsRequest => |s, r| fb::query_rounds(s, r),
            q::ROUND_RESULT => pb::QueryRoundResultRequest
                => |s, r| fb::query_round_result(s, r),
            q::SETTLED_ROUNDS => pb::QuerySettledRoundsRequest
                => |s, r| fb::query_settled_rounds(s, r),
        ]
    }
}
