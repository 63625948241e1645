//! attribution: inference operators, deposits and grants, metered inference receipts with
//! their fee splits, held data pools and their challenges, and claimable rewards.

use openledger_attribution as ab;
use openledger_attribution::proto as pb;
use openledger_framework::error::call_error;
use openledger_framework::module::respond;
use openledger_framework::{
    msg_routes, query_routes, BlockCtx, CallError, Module, MsgRoute, QueryRoute, StateRead,
    StateWrite, ValidatorUpdate,
};
use openledger_proto::methods::openledger::attribution::v1::query as q;

use crate::keepers::AttributionKeepers;

/// OPEN challenges by ascending id, at most `limit`: what the validators re-run the
/// attribution engine on (their results go into vote extensions).
pub fn open_challenges(
    state: &dyn StateRead,
    limit: usize,
) -> Result<Vec<ab::OpenChallenge>, CallError> {
    ab::open_challenges(state, limit).map_err(call_error)
}

/// The ids of the OPEN challenges by ascending id, at most `limit` (the index only).
pub fn open_challenge_ids(state: &dyn StateRead, limit: usize) -> Result<Vec<u64>, CallError> {
    ab::open_challenge_ids(state, limit).map_err(call_error)
}

/// Settles an OPEN challenge with the weights more than 2/3 of the voting power agreed on
/// (`agreed` by contribution id; empty = unattributed), while executing `block`: UPHELD if
/// they are the receipt's, else CORRECTED (see `openledger_attribution::settle_challenge`).
/// An error changes nothing (the challenge stays OPEN): not more than 2/3 of the power,
/// unknown or not OPEN challenge, invalid weights.
pub fn settle_challenge(
    state: &mut dyn StateWrite,
    block: &BlockCtx,
    challenge_id: u64,
    agreed: &[ab::AttributionEntry],
    agreeing_power: u64,
    total_power: u64,
) -> Result<ab::ChallengeStatus, CallError> {
    ab::settle_challenge(
        state,
        block,
        &AttributionKeepers.keepers(),
        challenge_id,
        agreed,
        agreeing_power,
        total_power,
    )
    .map_err(call_error)
}

pub struct Attribution;

impl Module for Attribution {
    fn name(&self) -> &'static str {
        "attribution"
    }

    openledger_framework::genesis_methods!(ab::GenesisState);

    /// Challenges past their deadline escalated, held data pools whose window passed
    /// released, the block's stakers' share to the fee collector, platform fees, withheld
    /// credits and dust to the community pool, and matured operator unbondings.
    fn end_block(
        &self,
        state: &mut dyn StateWrite,
        ctx: &BlockCtx,
    ) -> Result<Vec<ValidatorUpdate>, CallError> {
        ab::end_block(state, ctx, &AttributionKeepers.keepers()).map_err(call_error)?;
        Ok(Vec::new())
    }

    fn check_invariants(&self, state: &dyn StateRead) -> Result<(), String> {
        ab::invariants::check(state).map_err(|e| e.to_string())
    }

    fn msg_routes(&self) -> Vec<MsgRoute> {
        msg_routes![
            pb::MsgRegisterOperator => ab::MsgRegisterOperator => |s, c, m| respond(
                ab::execute_register_operator(s, c, m, &AttributionKeepers.keepers()),
                |()| pb::MsgRegisterOperatorResponse {},
            ),
            pb::MsgUpdateOperator => ab::MsgUpdateOperator => |s, c, m| respond(
                ab::execute_update_operator(s, c, m, &AttributionKeepers.keepers()),
                |()| pb::MsgUpdateOperatorResponse {},
            ),
            pb::MsgUnbondOperator => ab::MsgUnbondOperator => |s, c, m| respond(
                ab::execute_unbond_operator(s, c, m),
                |t| pb::MsgUnbondOperatorResponse { completion_time: Some(t.to_proto()) },
            ),
            #[proposal]
            pb::MsgSlashOperator => ab::MsgSlashOperator => |s, c, m| respond(
                ab::execute_slash_operator(s, c, m),
                |burned| pb::MsgSlashOperatorResponse { burned: burned.to_string() },
            ),
            pb::MsgDeposit => ab::MsgDeposit => |s, c, m| respond(
                ab::execute_deposit(s, c, m),
                |b| pb::MsgDepositResponse { balance: b.to_string() },
            ),
            pb::MsgWithdraw => ab::MsgWithdraw => |s, c, m| respond(
                ab::execute_withdraw(s, c, m),
                |(a, t)| pb::MsgWithdrawResponse {
                    amount: a.to_string(),
                    completion_time: Some(t.to_proto()),
                },
            ),
            pb::MsgGrant => ab::MsgGrant
                => |s, c, m| respond(ab::execute_grant(s, c, m), |()| pb::MsgGrantResponse {}),
            pb::MsgRevoke => ab::MsgRevoke => |s, c, m| respond(
                ab::execute_revoke(s, c, m),
                |t| pb::MsgRevokeResponse { completion_time: Some(t.to_proto()) },
            ),
            pb::MsgRecordInference => ab::MsgRecordInference => |s, c, m| respond(
                ab::execute_record_inference_with_adapters(
                    s,
                    c,
                    m,
                    &AttributionKeepers.keepers(),
                    &super::adapters::AttributionAdapters,
                ),
                |r| pb::MsgRecordInferenceResponse {
                    receipt_id: r.receipt_id,
                    fee: r.fee.to_string(),
                },
            ),
            pb::MsgClaimRewards => ab::MsgClaimRewards => |s, c, m| respond(
                ab::execute_claim_rewards(s, c, m),
                |a| pb::MsgClaimRewardsResponse { amount: a.to_string() },
            ),
            #[proposal]
            pb::MsgUpdateParams => ab::MsgUpdateParams => |s, c, m| respond(
                ab::execute_update_params(s, c, m),
                |()| pb::MsgUpdateParamsResponse {},
            ),
            pb::MsgChallengeReceipt => ab::MsgChallengeReceipt => |s, c, m| respond(
                ab::execute_challenge_receipt(s, c, m),
                |id| pb::MsgChallengeReceiptResponse { challenge_id: id },
            ),
            #[proposal]
            pb::MsgSettleChallenge => ab::MsgSettleChallenge => |s, c, m| respond(
                ab::execute_settle_challenge(s, c, m, &AttributionKeepers.keepers()),
                |st| pb::MsgSettleChallengeResponse { status: st.to_proto() as i32 },
            ),
        ]
    }

    fn query_routes(&self) -> Vec<QueryRoute> {
        query_routes![
            q::PARAMS => pb::QueryParamsRequest => |s, r| ab::query_params(s, r),
            q::OPERATOR => pb::QueryOperatorRequest => |s, r| ab::query_operator(s, r),
            q::OPERATORS => pb::QueryOperatorsRequest => |s, r| ab::query_operators(s, r),
            q::ACCOUNT => pb::QueryAccountRequest => |s, r| ab::query_account(s, r),
            q::GRANTS => pb::QueryGrantsRequest => |s, r| ab::query_grants(s, r),
            q::RECEIPT => pb::QueryReceiptRequest => |s, r| ab::query_receipt(s, r),
            q::RECEIPTS_BY_MODEL => pb::QueryReceiptsByModelRequest
                => |s, r| ab::query_receipts_by_model(s, r),
            q::RECEIPTS_BY_USER => pb::QueryReceiptsByUserRequest
                => |s, r| ab::query_receipts_by_user(s, r),
            q::RECEIPTS_BY_OPERATOR => pb::QueryReceiptsByOperatorRequest
                => |s, r| ab::query_receipts_by_operator(s, r),
            q::EARNINGS => pb::QueryEarningsRequest => |s, r| ab::query_earnings(s, r),
            q::MODEL_INFLUENCE => pb::QueryModelInfluenceRequest
                => |s, r| ab::query_model_influence(s, r),
            q::TOP_CONTRIBUTORS => pb::QueryTopContributorsRequest
                => |s, r| ab::query_top_contributors(s, r),
            q::TOP_DATANETS => pb::QueryTopDatanetsRequest
                => |s, r| ab::query_top_datanets(s, r),
            q::TOTALS => pb::QueryTotalsRequest => |s, r| ab::query_totals(s, r),
            q::ENGINE_PARAMS => pb::QueryEngineParamsRequest
                => |s, r| ab::query_engine_params(s, r),
            q::CHALLENGE => pb::QueryChallengeRequest => |s, r| ab::query_challenge(s, r),
            q::CHALLENGES => pb::QueryChallengesRequest => |s, r| ab::query_challenges(s, r),
        ]
    }
}
