//! models: model proposals, the lifecycle, versions, lineage and pricing.

use openledger_framework::module::respond;
use openledger_framework::{msg_routes, query_routes, Module, MsgRoute, QueryRoute, StateRead};
use openledger_models as ms;
use openledger_models::proto as pb;
use openledger_proto::methods::openledger::models::v1::query as q;

use crate::keepers::{DatanetsView, FeedbackView, GovProposalsView};

pub struct Models;

impl Module for Models {
    fn name(&self) -> &'static str {
        "models"
    }

    openledger_framework::genesis_methods!(ms::GenesisState, init(&DatanetsView));

    fn check_invariants(&self, state: &dyn StateRead) -> Result<(), String> {
        ms::invariants::check_all(state, &DatanetsView).map_err(|e| e.to_string())
    }

    fn msg_routes(&self) -> Vec<MsgRoute> {
        msg_routes![
            pb::MsgProposeModel => ms::MsgProposeModel => |s, c, m| respond(
                ms::execute_propose_model(s, c, &DatanetsView, m),
                |model_id| pb::MsgProposeModelResponse { model_id },
            ),
            #[proposal]
            pb::MsgApproveModel => ms::MsgApproveModel => |s, c, m| respond(
                ms::execute_approve_model(s, c, m),
                |()| pb::MsgApproveModelResponse {},
            ),
            #[proposal]
            pb::MsgRejectModel => ms::MsgRejectModel => |s, c, m| respond(
                ms::execute_reject_model(s, c, m),
                |()| pb::MsgRejectModelResponse {},
            ),
            pb::MsgWithdrawModel => ms::MsgWithdrawModel => |s, c, m| respond(
                ms::execute_withdraw_model(s, c, &GovProposalsView, m),
                |()| pb::MsgWithdrawModelResponse {},
            ),
            #[proposal]
            pb::MsgAdvanceModel => ms::MsgAdvanceModel => |s, c, m| respond(
                ms::execute_advance_model(s, c, &DatanetsView, &FeedbackView, m),
                |()| pb::MsgAdvanceModelResponse {},
            ),
            #[proposal]
            pb::MsgPublishModelVersion => ms::MsgPublishModelVersion => |s, c, m| respond(
                ms::execute_publish_model_version(s, c, &DatanetsView, m),
                |version| pb::MsgPublishModelVersionResponse { version },
            ),
            pb::MsgSetPricing => ms::MsgSetPricing => |s, c, m| respond(
                ms::execute_set_pricing(s, c, m),
                |effective_height| pb::MsgSetPricingResponse { effective_height },
            ),
            #[proposal]
            pb::MsgUpdateParams => ms::MsgUpdateParams => |s, c, m| respond(
                ms::execute_update_params(s, c, m),
                |()| pb::MsgUpdateParamsResponse {},
            ),
        ]
    }

    fn query_routes(&self) -> Vec<QueryRoute> {
        query_routes![
            q::PARAMS => pb::QueryParamsRequest => |s, r| ms::query_params(s, r),
            q::MODEL => pb::QueryModelRequest => |s, r| ms::query_model(s, r),
            q::MODELS => pb::QueryModelsRequest => |s, r| ms::query_models(s, r),
            q::VERSIONS => pb::QueryVersionsRequest => |s, r| ms::query_versions(s, r),
            q::VERSION => pb::QueryVersionRequest => |s, r| ms::query_version(s, r),
            q::LINEAGE => pb::QueryLineageRequest
                => |s, r| ms::query_lineage(s, &DatanetsView, r),
            q::HISTORY => pb::QueryHistoryRequest => |s, r| ms::query_history(s, r),
        ]
    }
}
