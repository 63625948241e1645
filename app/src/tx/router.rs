//! One match from a message to its module's handler, and from the handler's result to the
//! message's response.

use cosmos_sdk_proto::cosmos::auth::v1beta1 as auth_pb;
use cosmos_sdk_proto::cosmos::bank::v1beta1 as bank_pb;
use cosmos_sdk_proto::cosmos::distribution::v1beta1 as distr_pb;
use cosmos_sdk_proto::cosmos::gov::v1 as gov_pb;
use cosmos_sdk_proto::cosmos::slashing::v1beta1 as slashing_pb;
use cosmos_sdk_proto::Any;
use openledger_framework::{ModuleError, MsgCtx, StateWrite};
use prost::{Message, Name};

use crate::keepers::{
    AppStakingHooks, AttributionKeepers, DatanetsView, DistrStakingView, GovExecutor,
    SlashingStakingView,
};
use crate::tx::error::TxError;
use crate::tx::msg::Msg;

fn err<E: ModuleError>(e: E) -> TxError {
    TxError::module(&e)
}

/// `m` packed into an `Any` under its type URL (`/` and its full protobuf name).
fn pack<M: Message + Name>(m: &M) -> Any {
    Any {
        type_url: M::type_url(),
        value: m.encode_to_vec(),
    }
}

/// The handler's result as the message's response: `response` builds it from the value the
/// handler returned.
fn respond<T, E: ModuleError, M: Message + Name>(
    result: Result<T, E>,
    response: impl FnOnce(T) -> M,
) -> Result<Any, TxError> {
    result.map(|v| pack(&response(v))).map_err(err)
}

/// Run `msg` and return its response (`MsgXResponse` in an `Any`).
pub fn route<S: StateWrite>(state: &mut S, ctx: &MsgCtx, msg: &Msg) -> Result<Any, TxError> {
    use openledger_attribution as attribution;
    use openledger_attribution::proto as attribution_pb;
    use openledger_auth as auth;
    use openledger_bank as bank;
    use openledger_datanets as datanets;
    use openledger_datanets::proto as datanets_pb;
    use openledger_distribution as distribution;
    use openledger_gov as gov;
    use openledger_gov::proto as gopen_pb;
    use openledger_models as models;
    use openledger_models::proto as models_pb;
    use openledger_slashing as slashing;
    use openledger_staking as staking;

    let hooks = AppStakingHooks { ctx: ctx.block };
    match msg {
        Msg::AuthUpdateParams(m) => respond(auth::execute_update_params(state, ctx, m), |()| {
            auth_pb::MsgUpdateParamsResponse {}
        }),
        Msg::AuthUpdateTxParams(m) => {
            respond(auth::execute_update_tx_params(state, ctx, m), |()| {
                auth::proto::MsgUpdateTxParamsResponse {}
            })
        }
        Msg::BankSend(m) => respond(bank::execute_send(state, ctx, m), |()| {
            bank_pb::MsgSendResponse {}
        }),
        Msg::BankMultiSend(m) => respond(bank::execute_multi_send(state, ctx, m), |()| {
            bank_pb::MsgMultiSendResponse {}
        }),
        Msg::BankUpdateParams(m) => respond(bank::execute_update_params(state, ctx, m), |()| {
            bank_pb::MsgUpdateParamsResponse {}
        }),
        Msg::CreateValidator(m) => respond(
            staking::execute_create_validator(state, ctx, &hooks, m),
            |r| r,
        ),
        Msg::EditValidator(m) => respond(staking::execute_edit_validator(state, ctx, m), |r| r),
        Msg::Delegate(m) => respond(staking::execute_delegate(state, ctx, &hooks, m), |r| r),
        Msg::Undelegate(m) => respond(staking::execute_undelegate(state, ctx, &hooks, m), |r| r),
        Msg::BeginRedelegate(m) => respond(
            staking::execute_begin_redelegate(state, ctx, &hooks, m),
            |r| r,
        ),
        Msg::CancelUnbondingDelegation(m) => respond(
            staking::execute_cancel_unbonding_delegation(state, ctx, &hooks, m),
            |r| r,
        ),
        Msg::StakingUpdateParams(m) => {
            respond(staking::execute_update_params(state, ctx, m), |r| r)
        }
        Msg::SetWithdrawAddress(m) => respond(
            distribution::execute_set_withdraw_address(state, ctx, m),
            |()| distr_pb::MsgSetWithdrawAddressResponse {},
        ),
        Msg::WithdrawDelegatorReward(m) => respond(
            distribution::execute_withdraw_delegator_reward(state, &DistrStakingView, ctx, m),
            distribution::MsgWithdrawDelegatorReward::response,
        ),
        Msg::WithdrawValidatorCommission(m) => respond(
            distribution::execute_withdraw_validator_commission(state, ctx, m),
            distribution::MsgWithdrawValidatorCommission::response,
        ),
        Msg::FundCommunityPool(m) => respond(
            distribution::execute_fund_community_pool(state, ctx, m),
            |()| distr_pb::MsgFundCommunityPoolResponse {},
        ),
        Msg::CommunityPoolSpend(m) => respond(
            distribution::execute_community_pool_spend(state, ctx, m),
            |()| distr_pb::MsgCommunityPoolSpendResponse {},
        ),
        Msg::DistributionUpdateParams(m) => {
            respond(distribution::execute_update_params(state, ctx, m), |()| {
                distr_pb::MsgUpdateParamsResponse {}
            })
        }
        Msg::Unjail(m) => {
            let keeper = SlashingStakingView { ctx: ctx.block };
            respond(slashing::execute_unjail(state, &keeper, ctx, m), |()| {
                slashing_pb::MsgUnjailResponse {}
            })
        }
        Msg::SlashingUpdateParams(m) => {
            respond(slashing::execute_update_params(state, ctx, m), |()| {
                slashing_pb::MsgUpdateParamsResponse {}
            })
        }
        Msg::SlashingUpdateEvidenceParams(m) => respond(
            slashing::execute_update_evidence_params(state, ctx, m),
            |()| slashing::proto::MsgUpdateEvidenceParamsResponse {},
        ),
        Msg::SubmitProposal(m) => respond(
            gov::execute_submit_proposal(state, ctx, m, &GovExecutor),
            |proposal_id| gov_pb::MsgSubmitProposalResponse { proposal_id },
        ),
        Msg::Deposit(m) => respond(gov::execute_deposit(state, ctx, m), |()| {
            gov_pb::MsgDepositResponse {}
        }),
        Msg::Vote(m) => respond(gov::execute_vote(state, ctx, m), |()| {
            gov_pb::MsgVoteResponse {}
        }),
        Msg::VoteWeighted(m) => respond(gov::execute_vote_weighted(state, ctx, m), |()| {
            gov_pb::MsgVoteWeightedResponse {}
        }),
        Msg::GovUpdateParams(m) => respond(gov::execute_update_params(state, ctx, m), |()| {
            gov_pb::MsgUpdateParamsResponse {}
        }),
        Msg::GovUpdateLimits(m) => respond(gov::execute_update_gov_limits(state, ctx, m), |()| {
            gopen_pb::MsgUpdateGovLimitsResponse {}
        }),
        Msg::GopenLock(m) => respond(gov::execute_lock(state, ctx, m), |()| {
            gopen_pb::MsgLockResponse {}
        }),
        Msg::GopenDelegateVotes(m) => respond(gov::execute_delegate_votes(state, ctx, m), |()| {
            gopen_pb::MsgDelegateVotesResponse {}
        }),
        Msg::GopenBeginUnlock(m) => respond(gov::execute_begin_unlock(state, ctx, m), |t| {
            gopen_pb::MsgBeginUnlockResponse {
                completion_time: Some(t.to_proto()),
            }
        }),
        Msg::CreateDatanet(m) => respond(datanets::execute_create_datanet(state, ctx, m), |id| {
            datanets_pb::MsgCreateDatanetResponse { datanet_id: id }
        }),
        Msg::UpdateDatanet(m) => respond(datanets::execute_update_datanet(state, ctx, m), |()| {
            datanets_pb::MsgUpdateDatanetResponse {}
        }),
        Msg::Contribute(m) => respond(datanets::execute_contribute(state, ctx, m), |id| {
            datanets_pb::MsgContributeResponse {
                contribution_id: id,
            }
        }),
        Msg::Curate(m) => respond(datanets::execute_curate(state, ctx, m), |r| {
            datanets_pb::MsgCurateResponse {
                bond_returned: r.bond_returned.to_string(),
                bond_burned: r.bond_burned.to_string(),
            }
        }),
        Msg::PublishDatanetVersion(m) => respond(
            datanets::execute_publish_version(state, ctx, m),
            |(version, root)| datanets_pb::MsgPublishVersionResponse {
                version,
                root: root.to_vec(),
            },
        ),
        Msg::PurchaseAccess(m) => {
            respond(datanets::execute_purchase_access(state, ctx, m), |price| {
                datanets_pb::MsgPurchaseAccessResponse {
                    price: price.to_string(),
                }
            })
        }
        Msg::ClaimRevenue(m) => respond(datanets::execute_claim_revenue(state, ctx, m), |a| {
            datanets_pb::MsgClaimRevenueResponse {
                amount: a.to_string(),
            }
        }),
        Msg::DatanetsUpdateParams(m) => {
            respond(datanets::execute_update_params(state, ctx, m), |()| {
                datanets_pb::MsgUpdateParamsResponse {}
            })
        }
        Msg::ProposeModel(m) => respond(
            models::execute_propose_model(state, ctx, &DatanetsView, m),
            |model_id| models_pb::MsgProposeModelResponse { model_id },
        ),
        Msg::ApproveModel(m) => respond(models::execute_approve_model(state, ctx, m), |()| {
            models_pb::MsgApproveModelResponse {}
        }),
        Msg::RejectModel(m) => respond(models::execute_reject_model(state, ctx, m), |()| {
            models_pb::MsgRejectModelResponse {}
        }),
        Msg::AdvanceModel(m) => respond(
            models::execute_advance_model(state, ctx, &DatanetsView, m),
            |()| models_pb::MsgAdvanceModelResponse {},
        ),
        Msg::PublishModelVersion(m) => respond(
            models::execute_publish_model_version(state, ctx, &DatanetsView, m),
            |version| models_pb::MsgPublishModelVersionResponse { version },
        ),
        Msg::SetModelPricing(m) => respond(
            models::execute_set_pricing(state, ctx, m),
            |effective_height| models_pb::MsgSetPricingResponse { effective_height },
        ),
        Msg::ModelsUpdateParams(m) => respond(models::execute_update_params(state, ctx, m), |()| {
            models_pb::MsgUpdateParamsResponse {}
        }),
        Msg::RegisterOperator(m) => respond(
            attribution::execute_register_operator(state, ctx, m, &AttributionKeepers.keepers()),
            |()| attribution_pb::MsgRegisterOperatorResponse {},
        ),
        Msg::UpdateOperator(m) => respond(
            attribution::execute_update_operator(state, ctx, m, &AttributionKeepers.keepers()),
            |()| attribution_pb::MsgUpdateOperatorResponse {},
        ),
        Msg::UnbondOperator(m) => {
            respond(attribution::execute_unbond_operator(state, ctx, m), |t| {
                attribution_pb::MsgUnbondOperatorResponse {
                    completion_time: Some(t.to_proto()),
                }
            })
        }
        Msg::SlashOperator(m) => respond(
            attribution::execute_slash_operator(state, ctx, m),
            |burned| attribution_pb::MsgSlashOperatorResponse {
                burned: burned.to_string(),
            },
        ),
        Msg::InferenceDeposit(m) => respond(attribution::execute_deposit(state, ctx, m), |b| {
            attribution_pb::MsgDepositResponse {
                balance: b.to_string(),
            }
        }),
        Msg::InferenceWithdraw(m) => respond(attribution::execute_withdraw(state, ctx, m), |a| {
            attribution_pb::MsgWithdrawResponse {
                amount: a.to_string(),
            }
        }),
        Msg::InferenceGrant(m) => respond(attribution::execute_grant(state, ctx, m), |()| {
            attribution_pb::MsgGrantResponse {}
        }),
        Msg::InferenceRevoke(m) => respond(attribution::execute_revoke(state, ctx, m), |()| {
            attribution_pb::MsgRevokeResponse {}
        }),
        Msg::RecordInference(m) => respond(
            attribution::execute_record_inference(state, ctx, m, &AttributionKeepers.keepers()),
            |r| attribution_pb::MsgRecordInferenceResponse {
                receipt_id: r.receipt_id,
                fee: r.fee.to_string(),
            },
        ),
        Msg::ClaimAttributionRewards(m) => {
            respond(attribution::execute_claim_rewards(state, ctx, m), |a| {
                attribution_pb::MsgClaimRewardsResponse {
                    amount: a.to_string(),
                }
            })
        }
        Msg::AttributionUpdateParams(m) => {
            respond(attribution::execute_update_params(state, ctx, m), |()| {
                attribution_pb::MsgUpdateParamsResponse {}
            })
        }
    }
}
