//! finetune: compute providers and fine-tuning jobs, with the keepers it uses over models,
//! datanets, adapters and distribution.

use openledger_finetune as ft;
use openledger_finetune::proto as pb;
use openledger_framework::error::{call_error, sdk};
use openledger_framework::module::respond;
use openledger_framework::{
    msg_routes, query_routes, Address, BlockCtx, CallError, Coins, Module, MsgRoute, QueryRoute,
    StateDelta, StateRead, StateWrite, ValidatorUpdate, BASE_DENOM,
};
use openledger_models::{ModelsRead, Stage};
use openledger_proto::methods::openledger::finetune::v1::query as q;

/// The keepers of the finetune module, over the other modules' crates.
pub struct FinetuneKeepers;

impl FinetuneKeepers {
    pub fn keepers(&self) -> ft::Keepers<'static> {
        ft::Keepers {
            models: &FinetuneKeepers,
            datanets: &FinetuneKeepers,
            adapters: &FinetuneKeepers,
            distribution: &FinetuneKeepers,
        }
    }
}

impl ft::ModelsKeeper for FinetuneKeepers {
    fn model(&self, state: &dyn StateRead, id: u64) -> Result<Option<ft::ModelView>, CallError> {
        let Some(m) = state.model(id).map_err(call_error)? else {
            return Ok(None);
        };
        Ok(Some(ft::ModelView {
            id: m.id,
            creator: m.creator,
            stage: m.stage.name().to_string(),
            fine_tunable: matches!(
                m.stage,
                Stage::FineTuning | Stage::Alignment | Stage::Deployed
            ),
            datanet_versions: m
                .datanet_versions
                .iter()
                .map(|r| (r.datanet_id, r.version))
                .collect(),
        }))
    }

    fn complete_fine_tuning(
        &self,
        state: &mut dyn StateWrite,
        block: &BlockCtx,
        model_id: u64,
        actor: Address,
        training_run_hash: &str,
        metrics: String,
    ) -> Result<(), CallError> {
        openledger_models::complete_fine_tuning(
            &mut &mut *state,
            block,
            model_id,
            actor,
            training_run_hash,
            metrics,
        )
        .map_err(call_error)
    }
}

impl ft::DatanetsKeeper for FinetuneKeepers {
    fn charge_access(
        &self,
        state: &mut dyn StateWrite,
        block: &BlockCtx,
        buyer: &Address,
        datanet_id: u64,
        version: u64,
    ) -> Result<u128, CallError> {
        openledger_datanets::charge_access(&mut &mut *state, block, buyer, datanet_id, version)
            .map_err(call_error)
    }
}

/// The adapters module's spec of a job's adapter: not yet published as a model version.
fn adapter_spec(a: ft::AdapterRegistration) -> openledger_adapters::AdapterSpec {
    openledger_adapters::AdapterSpec {
        hash: a.hash,
        model_id: a.model_id,
        model_version: 0,
        base_model: a.base_model,
        rank: a.rank,
        size_bytes: a.size_bytes,
        licence: a.licence,
        job_id: a.job_id,
        owner: a.owner,
    }
}

impl ft::AdaptersKeeper for FinetuneKeepers {
    /// The registration run on a throwaway fork: the same checks, nothing kept.
    fn check_adapter(
        &self,
        state: &dyn StateRead,
        block: &BlockCtx,
        a: &ft::AdapterRegistration,
    ) -> Result<(), CallError> {
        let mut fork = StateDelta::new(state);
        openledger_adapters::register_adapter(&mut fork, block, adapter_spec(a.clone()))
            .map_err(call_error)
    }

    fn register_adapter(
        &self,
        state: &mut dyn StateWrite,
        block: &BlockCtx,
        a: ft::AdapterRegistration,
    ) -> Result<(), CallError> {
        openledger_adapters::register_adapter(&mut &mut *state, block, adapter_spec(a))
            .map_err(call_error)
    }
}

impl ft::DistributionKeeper for FinetuneKeepers {
    fn fund_community_pool(
        &self,
        state: &mut dyn StateWrite,
        from: &Address,
        amount: u128,
    ) -> Result<(), CallError> {
        if amount == 0 {
            return Ok(());
        }
        let coins = Coins::single(BASE_DENOM, amount)
            .map_err(|e| CallError::new(sdk::CODESPACE, sdk::INVALID_COINS, e.to_string()))?;
        openledger_distribution::fund_community_pool(&mut &mut *state, from, &coins)
            .map_err(call_error)
    }
}

pub struct Finetune;

impl Module for Finetune {
    fn name(&self) -> &'static str {
        "finetune"
    }

    openledger_framework::genesis_methods!(ft::GenesisState);

    /// Jobs past their deadline refunded (the provider's standing records it), delivered jobs
    /// whose dispute window passed paid, matured provider unbondings paid back.
    fn end_block(
        &self,
        state: &mut dyn StateWrite,
        ctx: &BlockCtx,
    ) -> Result<Vec<ValidatorUpdate>, CallError> {
        ft::end_block(&mut &mut *state, ctx, &FinetuneKeepers.keepers()).map_err(call_error)?;
        Ok(Vec::new())
    }

    fn check_invariants(&self, state: &dyn StateRead) -> Result<(), String> {
        ft::invariants::check(state).map_err(|e| e.to_string())
    }

    fn msg_routes(&self) -> Vec<MsgRoute> {
        msg_routes![
            pb::MsgRegisterProvider => ft::MsgRegisterProvider => |s, c, m| respond(
                ft::execute_register_provider(s, c, m),
                |()| pb::MsgRegisterProviderResponse {},
            ),
            pb::MsgUpdateProvider => ft::MsgUpdateProvider => |s, c, m| respond(
                ft::execute_update_provider(s, c, m),
                |()| pb::MsgUpdateProviderResponse {},
            ),
            pb::MsgUnbondProvider => ft::MsgUnbondProvider => |s, c, m| respond(
                ft::execute_unbond_provider(s, c, m),
                |unbonding_height| pb::MsgUnbondProviderResponse { unbonding_height },
            ),
            pb::MsgOpenJob => ft::MsgOpenJob => |s, c, m| respond(
                ft::execute_open_job(s, c, &FinetuneKeepers.keepers(), m),
                |(job_id, fees)| pb::MsgOpenJobResponse {
                    job_id,
                    access_fees_paid: fees.to_string(),
                },
            ),
            pb::MsgCancelJob => ft::MsgCancelJob => |s, c, m| respond(
                ft::execute_cancel_job(s, c, m),
                |()| pb::MsgCancelJobResponse {},
            ),
            pb::MsgClaimJob => ft::MsgClaimJob => |s, c, m| respond(
                ft::execute_claim_job(s, c, m),
                |()| pb::MsgClaimJobResponse {},
            ),
            pb::MsgDeliverJob => ft::MsgDeliverJob => |s, c, m| respond(
                ft::execute_deliver_job(s, c, &FinetuneKeepers.keepers(), m),
                |()| pb::MsgDeliverJobResponse {},
            ),
            pb::MsgAcceptJob => ft::MsgAcceptJob => |s, c, m| respond(
                ft::execute_accept_job(s, c, &FinetuneKeepers.keepers(), m),
                |()| pb::MsgAcceptJobResponse {},
            ),
            pb::MsgDisputeJob => ft::MsgDisputeJob => |s, c, m| respond(
                ft::execute_dispute_job(s, c, m),
                |()| pb::MsgDisputeJobResponse {},
            ),
            #[proposal]
            pb::MsgSettleJob => ft::MsgSettleJob => |s, c, m| respond(
                ft::execute_settle_job(s, c, &FinetuneKeepers.keepers(), m),
                |()| pb::MsgSettleJobResponse {},
            ),
            #[proposal]
            pb::MsgUpdateParams => ft::MsgUpdateParams => |s, c, m| respond(
                ft::execute_update_params(s, c, m),
                |()| pb::MsgUpdateParamsResponse {},
            ),
        ]
    }

    fn query_routes(&self) -> Vec<QueryRoute> {
        query_routes![
            q::PARAMS => pb::QueryParamsRequest => |s, r| ft::query_params(s, r),
            q::PROVIDER => pb::QueryProviderRequest => |s, r| ft::query_provider(s, r),
            q::PROVIDERS => pb::QueryProvidersRequest => |s, r| ft::query_providers(s, r),
            q::JOB => pb::QueryJobRequest => |s, r| ft::query_job(s, r),
            q::JOBS => pb::QueryJobsRequest => |s, r| ft::query_jobs(s, r),
        ]
    }
}
