//! One match from a message to its module's handler.

use openledger_framework::{ModuleError, MsgCtx, StateWrite};

use crate::keepers::{
    AppStakingHooks, AttributionKeepers, DatanetsView, DistrStakingView, GovExecutor,
    SlashingStakingView,
};
use crate::tx::error::TxError;
use crate::tx::msg::Msg;

fn err<E: ModuleError>(e: E) -> TxError {
    TxError::module(&e)
}

pub fn route<S: StateWrite>(state: &mut S, ctx: &MsgCtx, msg: &Msg) -> Result<(), TxError> {
    use openledger_attribution as attribution;
    use openledger_auth as auth;
    use openledger_bank as bank;
    use openledger_datanets as datanets;
    use openledger_distribution as distribution;
    use openledger_gov as gov;
    use openledger_models as models;
    use openledger_slashing as slashing;
    use openledger_staking as staking;

    let hooks = AppStakingHooks { ctx: ctx.block };
    match msg {
        Msg::AuthUpdateParams(m) => auth::execute_update_params(state, ctx, m).map_err(err),
        Msg::AuthUpdateTxParams(m) => auth::execute_update_tx_params(state, ctx, m).map_err(err),
        Msg::BankSend(m) => bank::execute_send(state, ctx, m).map_err(err),
        Msg::BankMultiSend(m) => bank::execute_multi_send(state, ctx, m).map_err(err),
        Msg::BankUpdateParams(m) => bank::execute_update_params(state, ctx, m).map_err(err),
        Msg::CreateValidator(m) => staking::execute_create_validator(state, ctx, &hooks, m)
            .map(drop)
            .map_err(err),
        Msg::EditValidator(m) => staking::execute_edit_validator(state, ctx, m)
            .map(drop)
            .map_err(err),
        Msg::Delegate(m) => staking::execute_delegate(state, ctx, &hooks, m)
            .map(drop)
            .map_err(err),
        Msg::Undelegate(m) => staking::execute_undelegate(state, ctx, &hooks, m)
            .map(drop)
            .map_err(err),
        Msg::BeginRedelegate(m) => staking::execute_begin_redelegate(state, ctx, &hooks, m)
            .map(drop)
            .map_err(err),
        Msg::CancelUnbondingDelegation(m) => {
            staking::execute_cancel_unbonding_delegation(state, ctx, &hooks, m)
                .map(drop)
                .map_err(err)
        }
        Msg::StakingUpdateParams(m) => staking::execute_update_params(state, ctx, m)
            .map(drop)
            .map_err(err),
        Msg::SetWithdrawAddress(m) => {
            distribution::execute_set_withdraw_address(state, ctx, m).map_err(err)
        }
        Msg::WithdrawDelegatorReward(m) => {
            distribution::execute_withdraw_delegator_reward(state, &DistrStakingView, ctx, m)
                .map(drop)
                .map_err(err)
        }
        Msg::WithdrawValidatorCommission(m) => {
            distribution::execute_withdraw_validator_commission(state, ctx, m)
                .map(drop)
                .map_err(err)
        }
        Msg::FundCommunityPool(m) => {
            distribution::execute_fund_community_pool(state, ctx, m).map_err(err)
        }
        Msg::CommunityPoolSpend(m) => {
            distribution::execute_community_pool_spend(state, ctx, m).map_err(err)
        }
        Msg::DistributionUpdateParams(m) => {
            distribution::execute_update_params(state, ctx, m).map_err(err)
        }
        Msg::Unjail(m) => {
            let keeper = SlashingStakingView { ctx: ctx.block };
            slashing::execute_unjail(state, &keeper, ctx, m).map_err(err)
        }
        Msg::SlashingUpdateParams(m) => slashing::execute_update_params(state, ctx, m).map_err(err),
        Msg::SlashingUpdateEvidenceParams(m) => {
            slashing::execute_update_evidence_params(state, ctx, m).map_err(err)
        }
        Msg::SubmitProposal(m) => gov::execute_submit_proposal(state, ctx, m, &GovExecutor)
            .map(drop)
            .map_err(err),
        Msg::Deposit(m) => gov::execute_deposit(state, ctx, m).map_err(err),
        Msg::Vote(m) => gov::execute_vote(state, ctx, m).map_err(err),
        Msg::VoteWeighted(m) => gov::execute_vote_weighted(state, ctx, m).map_err(err),
        Msg::GovUpdateParams(m) => gov::execute_update_params(state, ctx, m).map_err(err),
        Msg::GovUpdateLimits(m) => gov::execute_update_gov_limits(state, ctx, m).map_err(err),
        Msg::GopenLock(m) => gov::execute_lock(state, ctx, m).map_err(err),
        Msg::GopenDelegateVotes(m) => gov::execute_delegate_votes(state, ctx, m).map_err(err),
        Msg::GopenBeginUnlock(m) => gov::execute_begin_unlock(state, ctx, m)
            .map(drop)
            .map_err(err),
        Msg::CreateDatanet(m) => datanets::execute_create_datanet(state, ctx, m)
            .map(drop)
            .map_err(err),
        Msg::UpdateDatanet(m) => datanets::execute_update_datanet(state, ctx, m)
            .map(drop)
            .map_err(err),
        Msg::Contribute(m) => datanets::execute_contribute(state, ctx, m)
            .map(drop)
            .map_err(err),
        Msg::Curate(m) => datanets::execute_curate(state, ctx, m)
            .map(drop)
            .map_err(err),
        Msg::PublishDatanetVersion(m) => datanets::execute_publish_version(state, ctx, m)
            .map(drop)
            .map_err(err),
        Msg::PurchaseAccess(m) => datanets::execute_purchase_access(state, ctx, m)
            .map(drop)
            .map_err(err),
        Msg::ClaimRevenue(m) => datanets::execute_claim_revenue(state, ctx, m)
            .map(drop)
            .map_err(err),
        Msg::DatanetsUpdateParams(m) => datanets::execute_update_params(state, ctx, m)
            .map(drop)
            .map_err(err),
        Msg::ProposeModel(m) => models::execute_propose_model(state, ctx, &DatanetsView, m)
            .map(drop)
            .map_err(err),
        Msg::ApproveModel(m) => models::execute_approve_model(state, ctx, m).map_err(err),
        Msg::RejectModel(m) => models::execute_reject_model(state, ctx, m).map_err(err),
        Msg::AdvanceModel(m) => {
            models::execute_advance_model(state, ctx, &DatanetsView, m).map_err(err)
        }
        Msg::PublishModelVersion(m) => {
            models::execute_publish_model_version(state, ctx, &DatanetsView, m)
                .map(drop)
                .map_err(err)
        }
        Msg::SetModelPricing(m) => models::execute_set_pricing(state, ctx, m)
            .map(drop)
            .map_err(err),
        Msg::ModelsUpdateParams(m) => models::execute_update_params(state, ctx, m).map_err(err),
        Msg::RegisterOperator(m) => {
            attribution::execute_register_operator(state, ctx, m, &AttributionKeepers.keepers())
                .map_err(err)
        }
        Msg::UpdateOperator(m) => {
            attribution::execute_update_operator(state, ctx, m, &AttributionKeepers.keepers())
                .map_err(err)
        }
        Msg::UnbondOperator(m) => attribution::execute_unbond_operator(state, ctx, m)
            .map(drop)
            .map_err(err),
        Msg::SlashOperator(m) => attribution::execute_slash_operator(state, ctx, m)
            .map(drop)
            .map_err(err),
        Msg::InferenceDeposit(m) => attribution::execute_deposit(state, ctx, m)
            .map(drop)
            .map_err(err),
        Msg::InferenceWithdraw(m) => attribution::execute_withdraw(state, ctx, m)
            .map(drop)
            .map_err(err),
        Msg::InferenceGrant(m) => attribution::execute_grant(state, ctx, m).map_err(err),
        Msg::InferenceRevoke(m) => attribution::execute_revoke(state, ctx, m).map_err(err),
        Msg::RecordInference(m) => {
            attribution::execute_record_inference(state, ctx, m, &AttributionKeepers.keepers())
                .map(drop)
                .map_err(err)
        }
        Msg::ClaimAttributionRewards(m) => attribution::execute_claim_rewards(state, ctx, m)
            .map(drop)
            .map_err(err),
        Msg::AttributionUpdateParams(m) => {
            attribution::execute_update_params(state, ctx, m).map_err(err)
        }
    }
}
