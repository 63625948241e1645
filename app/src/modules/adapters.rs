//! adapters: the LoRA adapter registry, who serves which adapter, operator standing. Also the
//! app's keepers between it and models and attribution (both directions).

use openledger_adapters as ad;
use openledger_adapters::proto as pb;
use openledger_framework::error::call_error;
use openledger_framework::module::respond;
use openledger_framework::{
    msg_routes, query_routes, Address, CallError, Module, MsgRoute, QueryRoute, StateRead,
};
use openledger_proto::methods::openledger::adapters::v1::query as q;

/// The adapters module's view of models and attribution operators.
#[derive(Debug, Clone, Copy)]
pub struct AdaptersKeepers;

impl ad::ModelsKeeper for AdaptersKeepers {
    fn model(&self, state: &dyn StateRead, id: u64) -> Result<Option<ad::ModelView>, CallError> {
        use openledger_models::ModelsRead;
        let m = state.model(id).map_err(call_error)?;
        Ok(m.map(|m| ad::ModelView {
            id: m.id,
            creator: m.creator,
            base_model: m.base_model,
        }))
    }

    fn version_exists(
        &self,
        state: &dyn StateRead,
        id: u64,
        number: u64,
    ) -> Result<bool, CallError> {
        use openledger_models::ModelsRead;
        Ok(state
            .model_version(id, number)
            .map_err(call_error)?
            .is_some())
    }
}

impl ad::AttributionKeeper for AdaptersKeepers {
    fn operator(
        &self,
        state: &dyn StateRead,
        address: &Address,
    ) -> Result<Option<ad::OperatorView>, CallError> {
        use openledger_attribution::AttributionRead;
        let Some(op) = state.inference_operator(address).map_err(call_error)? else {
            return Ok(None);
        };
        let challenges_lost = state.challenges_lost(address).map_err(call_error)?;
        Ok(Some(ad::OperatorView {
            address: op.address,
            active: op.status == openledger_attribution::OperatorStatus::Active,
            models: op.models,
            receipts_recorded: op.inferences,
            challenges_lost,
        }))
    }
}

/// Attribution's view of the adapters module: what a receipt naming an adapter is checked
/// against.
#[derive(Debug, Clone, Copy)]
pub struct AttributionAdapters;

impl openledger_attribution::AdaptersKeeper for AttributionAdapters {
    fn serving(
        &self,
        state: &dyn StateRead,
        operator: &Address,
        adapter_hash: &str,
    ) -> Result<Option<openledger_attribution::AdapterServingView>, CallError> {
        use ad::AdaptersRead;
        // a malformed hash can name no adapter
        if ad::check_hash(adapter_hash).is_err() {
            return Ok(None);
        }
        let Some(serving) = state.serving(adapter_hash, operator).map_err(call_error)? else {
            return Ok(None);
        };
        let adapter = state
            .adapter(adapter_hash)
            .map_err(call_error)?
            .ok_or_else(|| {
                call_error(ad::AdaptersError::Invariant(format!(
                    "serving entry of missing adapter {adapter_hash}"
                )))
            })?;
        Ok(Some(openledger_attribution::AdapterServingView {
            model_id: adapter.model_id,
            price_ceiling_per_1k: serving.price_ceiling_per_1k,
        }))
    }
}

pub struct Adapters;

impl Module for Adapters {
    fn name(&self) -> &'static str {
        "adapters"
    }

    openledger_framework::genesis_methods!(ad::GenesisState, init(&AdaptersKeepers));

    fn check_invariants(&self, state: &dyn StateRead) -> Result<(), String> {
        ad::invariants::check_all(state, &AdaptersKeepers).map_err(|e| e.to_string())
    }

    fn msg_routes(&self) -> Vec<MsgRoute> {
        msg_routes![
            pb::MsgRegisterAdapter => ad::MsgRegisterAdapter => |s, c, m| respond(
                ad::execute_register_adapter(s, c, &AdaptersKeepers, m),
                |()| pb::MsgRegisterAdapterResponse {},
            ),
            pb::MsgDeclareServing => ad::MsgDeclareServing => |s, c, m| respond(
                ad::execute_declare_serving(s, c, &AdaptersKeepers, m),
                |()| pb::MsgDeclareServingResponse {},
            ),
            pb::MsgStopServing => ad::MsgStopServing => |s, c, m| respond(
                ad::execute_stop_serving(s, c, m),
                |()| pb::MsgStopServingResponse {},
            ),
            pb::MsgClaimUptime => ad::MsgClaimUptime => |s, c, m| respond(
                ad::execute_claim_uptime(s, c, &AdaptersKeepers, m),
                |()| pb::MsgClaimUptimeResponse {},
            ),
            #[proposal]
            pb::MsgUpdateParams => ad::MsgUpdateParams => |s, c, m| respond(
                ad::execute_update_params(s, c, m),
                |()| pb::MsgUpdateParamsResponse {},
            ),
        ]
    }

    fn query_routes(&self) -> Vec<QueryRoute> {
        query_routes![
            q::PARAMS => pb::QueryParamsRequest => |s, r| ad::query_params(s, r),
            q::ADAPTER => pb::QueryAdapterRequest => |s, r| ad::query_adapter(s, r),
            q::ADAPTERS_BY_MODEL => pb::QueryAdaptersByModelRequest
                => |s, r| ad::query_adapters_by_model(s, r),
            q::SERVERS => pb::QueryServersRequest => |s, r| ad::query_servers(s, r),
            q::OPERATOR_ADAPTERS => pb::QueryOperatorAdaptersRequest
                => |s, r| ad::query_operator_adapters(s, r),
            q::OPERATOR_STANDING => pb::QueryOperatorStandingRequest
                => |s, r| ad::query_operator_standing(s, &AdaptersKeepers, r),
        ]
    }
}
