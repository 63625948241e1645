//! ibc: IBC core (07-tendermint clients, connections, channels) and ICS-20 transfer, with its
//! keeper over staking (the unbonding period a counterparty's client of us must stay under).

use std::time::Duration;

use cosmos_sdk_proto::Any;
use ibc_proto::ibc::applications::transfer::v1 as tr;
use ibc_proto::ibc::core::channel::v1 as ch;
use ibc_proto::ibc::core::client::v1 as cl;
use ibc_proto::ibc::core::connection::v1 as co;
use openledger_framework::error::call_error;
use openledger_framework::module::downcast;
use openledger_framework::module::respond;
use openledger_framework::{
    msg_routes, query_routes, CallError, Module, MsgCtx, MsgRoute, QueryRoute, StateRead,
    StateWrite,
};
use openledger_ibc::rate_limit::{self as rl, proto as pb};
use openledger_ibc::{self as ibc, rpc, IbcMsg};
use openledger_proto::methods::ibc::applications::transfer::v1::query as tq;
use openledger_proto::methods::ibc::core::channel::v1::query as chq;
use openledger_proto::methods::ibc::core::client::v1::query as cq;
use openledger_proto::methods::ibc::core::connection::v1::query as coq;
use openledger_proto::methods::openledger::ibc::v1::query as rq;
use openledger_staking::StakingRead;

pub struct Ibc;

/// Staking's unbonding period, read for every IBC message (a handshake checks the
/// counterparty's client of us against it).
fn unbonding_period(state: &dyn StateRead) -> Result<Duration, CallError> {
    let p = state.staking_params().map_err(call_error)?;
    Ok(Duration::from_secs(p.unbonding_time_secs))
}

fn execute(
    state: &mut dyn StateWrite,
    ctx: &MsgCtx,
    msg: &(dyn std::any::Any + Send + Sync),
) -> Result<Any, CallError> {
    let m: &IbcMsg = downcast(msg)?;
    let unbonding = unbonding_period(&*state)?;
    ibc::execute(state, ctx, unbonding, m).map_err(CallError::from)
}

impl Module for Ibc {
    fn name(&self) -> &'static str {
        "ibc"
    }

    openledger_framework::genesis_methods!(ibc::GenesisState);

    fn check_invariants(&self, state: &dyn StateRead) -> Result<(), String> {
        rl::check_invariants(state).map_err(|e| e.to_string())?;
        ibc::transfer::check_escrow_invariant(state)
    }

    fn msg_routes(&self) -> Vec<MsgRoute> {
        let mut routes: Vec<MsgRoute> = ibc::TYPE_URLS
            .iter()
            .map(|url| MsgRoute {
                type_url: (*url).to_string(),
                proposal: false,
                decode: ibc::decode_route,
                execute,
            })
            .collect();
        routes.extend(msg_routes![
            #[proposal]
            pb::MsgAddRateLimit => rl::MsgAddRateLimit => |s, c, m| respond(
                rl::execute_add_rate_limit(s, c, &rl::Keepers, m),
                |()| pb::MsgAddRateLimitResponse {},
            ),
            #[proposal]
            pb::MsgUpdateRateLimit => rl::MsgUpdateRateLimit => |s, c, m| respond(
                rl::execute_update_rate_limit(s, c, &rl::Keepers, m),
                |()| pb::MsgUpdateRateLimitResponse {},
            ),
            #[proposal]
            pb::MsgRemoveRateLimit => rl::MsgRemoveRateLimit => |s, c, m| respond(
                rl::execute_remove_rate_limit(s, c, m),
                |()| pb::MsgRemoveRateLimitResponse {},
            ),
            #[proposal]
            pb::MsgResetRateLimit => rl::MsgResetRateLimit => |s, c, m| respond(
                rl::execute_reset_rate_limit(s, c, &rl::Keepers, m),
                |()| pb::MsgResetRateLimitResponse {},
            ),
        ]);
        routes
    }

    fn query_routes(&self) -> Vec<QueryRoute> {
        query_routes![
            cq::CLIENT_STATE => cl::QueryClientStateRequest
                => |s, r| rpc::client::query_client_state(s, r),
            cq::CLIENT_STATES => cl::QueryClientStatesRequest
                => |s, r| rpc::client::query_client_states(s, r),
            cq::CONSENSUS_STATE => cl::QueryConsensusStateRequest
                => |s, r| rpc::client::query_consensus_state(s, r),
            cq::CONSENSUS_STATES => cl::QueryConsensusStatesRequest
                => |s, r| rpc::client::query_consensus_states(s, r),
            cq::CONSENSUS_STATE_HEIGHTS => cl::QueryConsensusStateHeightsRequest
                => |s, r| rpc::client::query_consensus_state_heights(s, r),
            cq::CLIENT_STATUS => cl::QueryClientStatusRequest
                => |s, r| rpc::client::query_client_status(s, r),
            cq::CLIENT_PARAMS => cl::QueryClientParamsRequest
                => |s, r| rpc::client::query_client_params(s, r),
            cq::UPGRADED_CLIENT_STATE => cl::QueryUpgradedClientStateRequest
                => |s, r| rpc::client::query_upgraded_client_state(s, r),
            cq::UPGRADED_CONSENSUS_STATE => cl::QueryUpgradedConsensusStateRequest
                => |s, r| rpc::client::query_upgraded_consensus_state(s, r),
            coq::CONNECTION => co::QueryConnectionRequest
                => |s, r| rpc::connection::query_connection(s, r),
            coq::CONNECTIONS => co::QueryConnectionsRequest
                => |s, r| rpc::connection::query_connections(s, r),
            coq::CLIENT_CONNECTIONS => co::QueryClientConnectionsRequest
                => |s, r| rpc::connection::query_client_connections(s, r),
            coq::CONNECTION_CLIENT_STATE => co::QueryConnectionClientStateRequest
                => |s, r| rpc::connection::query_connection_client_state(s, r),
            coq::CONNECTION_CONSENSUS_STATE => co::QueryConnectionConsensusStateRequest
                => |s, r| rpc::connection::query_connection_consensus_state(s, r),
            coq::CONNECTION_PARAMS => co::QueryConnectionParamsRequest
                => |s, r| rpc::connection::query_connection_params(s, r),
            chq::CHANNEL => ch::QueryChannelRequest
                => |s, r| rpc::channel::query_channel(s, r),
            chq::CHANNELS => ch::QueryChannelsRequest
                => |s, r| rpc::channel::query_channels(s, r),
            chq::CONNECTION_CHANNELS => ch::QueryConnectionChannelsRequest
                => |s, r| rpc::channel::query_connection_channels(s, r),
            chq::CHANNEL_CLIENT_STATE => ch::QueryChannelClientStateRequest
                => |s, r| rpc::channel::query_channel_client_state(s, r),
            chq::CHANNEL_CONSENSUS_STATE => ch::QueryChannelConsensusStateRequest
                => |s, r| rpc::channel::query_channel_consensus_state(s, r),
            chq::PACKET_COMMITMENT => ch::QueryPacketCommitmentRequest
                => |s, r| rpc::channel::query_packet_commitment(s, r),
            chq::PACKET_COMMITMENTS => ch::QueryPacketCommitmentsRequest
                => |s, r| rpc::channel::query_packet_commitments(s, r),
            chq::PACKET_RECEIPT => ch::QueryPacketReceiptRequest
                => |s, r| rpc::channel::query_packet_receipt(s, r),
            chq::PACKET_ACKNOWLEDGEMENT => ch::QueryPacketAcknowledgementRequest
                => |s, r| rpc::channel::query_packet_acknowledgement(s, r),
            chq::PACKET_ACKNOWLEDGEMENTS => ch::QueryPacketAcknowledgementsRequest
                => |s, r| rpc::channel::query_packet_acknowledgements(s, r),
            chq::UNRECEIVED_PACKETS => ch::QueryUnreceivedPacketsRequest
                => |s, r| rpc::channel::query_unreceived_packets(s, r),
            chq::UNRECEIVED_ACKS => ch::QueryUnreceivedAcksRequest
                => |s, r| rpc::channel::query_unreceived_acks(s, r),
            chq::NEXT_SEQUENCE_RECEIVE => ch::QueryNextSequenceReceiveRequest
                => |s, r| rpc::channel::query_next_sequence_receive(s, r),
            chq::NEXT_SEQUENCE_SEND => ch::QueryNextSequenceSendRequest
                => |s, r| rpc::channel::query_next_sequence_send(s, r),
            chq::UPGRADE_ERROR => ch::QueryUpgradeErrorRequest
                => |s, r| rpc::channel::query_upgrade_error(s, r),
            chq::UPGRADE => ch::QueryUpgradeRequest
                => |s, r| rpc::channel::query_upgrade(s, r),
            chq::CHANNEL_PARAMS => ch::QueryChannelParamsRequest
                => |s, r| rpc::channel::query_channel_params(s, r),
            tq::DENOM_TRACES => tr::QueryDenomTracesRequest
                => |s, r| rpc::transfer::query_denom_traces(s, r),
            tq::DENOM_TRACE => tr::QueryDenomTraceRequest
                => |s, r| rpc::transfer::query_denom_trace(s, r),
            tq::PARAMS => tr::QueryParamsRequest
                => |s, r| rpc::transfer::query_params(s, r),
            tq::DENOM_HASH => tr::QueryDenomHashRequest
                => |s, r| rpc::transfer::query_denom_hash(s, r),
            tq::ESCROW_ADDRESS => tr::QueryEscrowAddressRequest
                => |s, r| rpc::transfer::query_escrow_address(s, r),
            tq::TOTAL_ESCROW_FOR_DENOM => tr::QueryTotalEscrowForDenomRequest
                => |s, r| rpc::transfer::query_total_escrow_for_denom(s, r),
            rq::ALL_RATE_LIMITS => pb::QueryAllRateLimitsRequest
                => |s, r| rl::query_all_rate_limits(s, r),
            rq::RATE_LIMIT => pb::QueryRateLimitRequest => |s, r| rl::query_rate_limit(s, r),
            rq::RATE_LIMITS_BY_CHANNEL_OR_CLIENT_ID => pb::QueryRateLimitsByChannelOrClientIdRequest
                => |s, r| rl::query_rate_limits_by_channel_or_client_id(s, r),
        ]
    }
}
