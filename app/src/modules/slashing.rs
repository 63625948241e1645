//! slashing: liveness, evidence, jailing and slashing.

use cosmos_sdk_proto::cosmos::slashing::v1beta1 as pb;
use openledger_framework::error::call_error;
use openledger_framework::module::{respond, BeginBlock};
use openledger_framework::{
    msg_routes, query_routes, CallError, Module, MsgRoute, QueryRoute, StateRead, StateWrite,
};
use openledger_proto::methods::cosmos::slashing::v1beta1::query as q;
use openledger_slashing as sl;

use crate::keepers::SlashingStakingView;

pub struct Slashing;

impl Module for Slashing {
    fn name(&self) -> &'static str {
        "slashing"
    }

    openledger_framework::genesis_methods!(sl::GenesisState);

    /// The liveness of every voter of the last commit, then the evidence of misbehaviour.
    fn begin_block(
        &self,
        mut state: &mut dyn StateWrite,
        b: &BeginBlock<'_>,
    ) -> Result<(), CallError> {
        let keeper = SlashingStakingView { ctx: b.ctx };
        sl::begin_block(&mut state, &keeper, b.ctx, b.votes, b.misbehavior).map_err(call_error)
    }

    fn check_invariants(&self, state: &dyn StateRead) -> Result<(), String> {
        sl::invariants::check_all(&state).map_err(|e| e.to_string())
    }

    fn msg_routes(&self) -> Vec<MsgRoute> {
        msg_routes![
            pb::MsgUnjail => sl::MsgUnjail => |s, c, m| respond(
                sl::execute_unjail(s, &SlashingStakingView { ctx: c.block }, c, m),
                |()| pb::MsgUnjailResponse {},
            ),
            #[proposal]
            pb::MsgUpdateParams => sl::MsgUpdateParams => |s, c, m| respond(
                sl::execute_update_params(s, c, m),
                |()| pb::MsgUpdateParamsResponse {},
            ),
            #[proposal]
            sl::proto::MsgUpdateEvidenceParams => sl::MsgUpdateEvidenceParams
                => |s, c, m| respond(
                    sl::execute_update_evidence_params(s, c, m),
                    |()| sl::proto::MsgUpdateEvidenceParamsResponse {},
                ),
        ]
    }

    fn query_routes(&self) -> Vec<QueryRoute> {
        query_routes![
            q::PARAMS => pb::QueryParamsRequest => |s, r| sl::query_params(s, r),
            q::SIGNING_INFO => pb::QuerySigningInfoRequest => |s, r| sl::query_signing_info(s, r),
            q::SIGNING_INFOS => pb::QuerySigningInfosRequest
                => |s, r| sl::query_signing_infos(s, r),
        ]
    }
}
