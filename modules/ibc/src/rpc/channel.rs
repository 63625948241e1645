//! `ibc.core.channel.v1.Query`: channel ends, the client behind a channel, packet
//! commitments, receipts and acknowledgements, what a counterparty has not yet received, and
//! next sequences.

use ibc_proto::ibc::core::channel::v1::{
    Channel, IdentifiedChannel, Order, PacketState, Params, QueryChannelClientStateRequest,
    QueryChannelClientStateResponse, QueryChannelConsensusStateRequest,
    QueryChannelConsensusStateResponse, QueryChannelParamsRequest, QueryChannelParamsResponse,
    QueryChannelRequest, QueryChannelResponse, QueryChannelsRequest, QueryChannelsResponse,
    QueryConnectionChannelsRequest, QueryConnectionChannelsResponse,
    QueryNextSequenceReceiveRequest, QueryNextSequenceReceiveResponse,
    QueryNextSequenceSendRequest, QueryNextSequenceSendResponse, QueryPacketAcknowledgementRequest,
    QueryPacketAcknowledgementResponse, QueryPacketAcknowledgementsRequest,
    QueryPacketAcknowledgementsResponse, QueryPacketCommitmentRequest,
    QueryPacketCommitmentResponse, QueryPacketCommitmentsRequest, QueryPacketCommitmentsResponse,
    QueryPacketReceiptRequest, QueryPacketReceiptResponse, QueryUnreceivedAcksRequest,
    QueryUnreceivedAcksResponse, QueryUnreceivedPacketsRequest, QueryUnreceivedPacketsResponse,
    QueryUpgradeErrorRequest, QueryUpgradeErrorResponse, QueryUpgradeRequest, QueryUpgradeResponse,
    Timeout,
};
use ibc_proto::ibc::core::client::v1::{Height, IdentifiedClientState};
use openledger_framework::StateRead;
use prost::Message;

use super::client::{require_client_state, require_consensus_state};
use super::connection::require_connection;
use super::{
    check_sequences, get_proto, get_u64, host_height, invalid, key, not_found, page, page_response,
    parse_channel_id, parse_connection_id, parse_port_id, utf8, RpcError, RpcResult,
};
use crate::state_key;

/// A request's port and channel, validated.
struct Ends {
    port: String,
    channel: String,
}

fn ends(port_id: &str, channel_id: &str) -> RpcResult<Ends> {
    Ok(Ends {
        port: parse_port_id(port_id)?.to_string(),
        channel: parse_channel_id(channel_id)?.to_string(),
    })
}

impl Ends {
    fn channel_path(&self) -> String {
        format!("channelEnds/ports/{}/channels/{}", self.port, self.channel)
    }

    /// `<kind>/ports/<port>/channels/<channel>` (next sequences).
    fn path(&self, kind: &str) -> String {
        format!("{kind}/ports/{}/channels/{}", self.port, self.channel)
    }

    /// `<kind>/ports/<port>/channels/<channel>/sequences/` (commitments, acks, receipts).
    fn sequences_path(&self, kind: &str) -> String {
        format!("{}/sequences/", self.path(kind))
    }

    fn sequence_path(&self, kind: &str, sequence: u64) -> String {
        format!("{}{sequence}", self.sequences_path(kind))
    }

    fn channel(&self, state: &dyn StateRead) -> RpcResult<Option<Channel>> {
        get_proto::<Channel>(state, &self.channel_path())
    }

    /// The channel end or NOT_FOUND (ibc-go's text).
    fn require_channel(&self, state: &dyn StateRead) -> RpcResult<Channel> {
        self.channel(state)?.ok_or_else(|| {
            not_found(format!(
                "port-id: {}, channel-id: {}: channel not found",
                self.port, self.channel
            ))
        })
    }

    /// A packet sequence store value (commitment, ack, receipt), if stored and non-empty.
    fn packet_value(
        &self,
        state: &dyn StateRead,
        kind: &str,
        sequence: u64,
    ) -> RpcResult<Option<Vec<u8>>> {
        Ok(state
            .get_raw(&key(&self.sequence_path(kind, sequence)))?
            .filter(|v| !v.is_empty()))
    }

    fn packet_state(&self, sequence: u64, data: Vec<u8>) -> PacketState {
        PacketState {
            port_id: self.port.clone(),
            channel_id: self.channel.clone(),
            sequence,
            data,
        }
    }
}

const COMMITMENTS: &str = "commitments";
const ACKS: &str = "acks";
const RECEIPTS: &str = "receipts";

fn identified(port: &str, channel: &str, c: Channel) -> IdentifiedChannel {
    IdentifiedChannel {
        state: c.state,
        ordering: c.ordering,
        counterparty: c.counterparty,
        connection_hops: c.connection_hops,
        version: c.version,
        port_id: port.to_string(),
        channel_id: channel.to_string(),
        upgrade_sequence: c.upgrade_sequence,
    }
}

/// A channel end listed under `channelEnds/ports/`: the key after that prefix is
/// `<port>/channels/<channel>`.
fn listed_channel(suffix: &[u8], value: &[u8]) -> RpcResult<IdentifiedChannel> {
    let rest = utf8(suffix)?;
    let (port, channel) = rest
        .split_once("/channels/")
        .ok_or_else(|| RpcError::Internal(format!("malformed channel path {rest}")))?;
    let c = Channel::decode(value).map_err(|e| {
        RpcError::Internal(format!("channel {port}/{channel} does not decode: {e}"))
    })?;
    Ok(identified(port, channel, c))
}

fn zero_sequence(sequence: u64) -> RpcResult<()> {
    if sequence == 0 {
        return Err(invalid("packet sequence cannot be 0"));
    }
    Ok(())
}

pub fn query_channel(
    state: &dyn StateRead,
    req: &QueryChannelRequest,
) -> RpcResult<QueryChannelResponse> {
    let e = ends(&req.port_id, &req.channel_id)?;
    let channel = e.require_channel(state)?;
    Ok(QueryChannelResponse {
        channel: Some(channel),
        proof: Vec::new(),
        proof_height: Some(host_height(state)?),
    })
}

/// Every channel end, in (port, channel id) string order.
pub fn query_channels(
    state: &dyn StateRead,
    req: &QueryChannelsRequest,
) -> RpcResult<QueryChannelsResponse> {
    let prefix = state_key::path_key(&"channelEnds/ports/");
    let (channels, next_key) = page(state, &prefix, req.pagination.as_ref(), |k, v| {
        listed_channel(k, v).map(Some)
    })?;
    Ok(QueryChannelsResponse {
        channels,
        pagination: page_response(next_key),
        height: Some(host_height(state)?),
    })
}

/// The channels whose first connection hop is the connection (a filtered walk over all
/// channels, as ibc-go does it).
pub fn query_connection_channels(
    state: &dyn StateRead,
    req: &QueryConnectionChannelsRequest,
) -> RpcResult<QueryConnectionChannelsResponse> {
    let connection = parse_connection_id(&req.connection)?;
    let prefix = state_key::path_key(&"channelEnds/ports/");
    let (channels, next_key) = page(state, &prefix, req.pagination.as_ref(), |k, v| {
        let c = listed_channel(k, v)?;
        let on = c.connection_hops.first().map(String::as_str) == Some(connection.as_str());
        Ok(on.then_some(c))
    })?;
    Ok(QueryConnectionChannelsResponse {
        channels,
        pagination: page_response(next_key),
        height: Some(host_height(state)?),
    })
}

/// The client id under a channel's first connection hop.
fn channel_client_id(state: &dyn StateRead, channel: &Channel) -> RpcResult<String> {
    let hop = channel
        .connection_hops
        .first()
        .ok_or_else(|| not_found("channel has no connection hops: connection not found"))?;
    Ok(require_connection(state, hop)?.client_id)
}

pub fn query_channel_client_state(
    state: &dyn StateRead,
    req: &QueryChannelClientStateRequest,
) -> RpcResult<QueryChannelClientStateResponse> {
    let e = ends(&req.port_id, &req.channel_id)?;
    let channel = e.require_channel(state)?;
    let client_id = channel_client_id(state, &channel)?;
    let client_state = require_client_state(state, &client_id)?;
    Ok(QueryChannelClientStateResponse {
        identified_client_state: Some(IdentifiedClientState {
            client_id,
            client_state: Some(client_state),
        }),
        proof: Vec::new(),
        proof_height: Some(host_height(state)?),
    })
}

pub fn query_channel_consensus_state(
    state: &dyn StateRead,
    req: &QueryChannelConsensusStateRequest,
) -> RpcResult<QueryChannelConsensusStateResponse> {
    let e = ends(&req.port_id, &req.channel_id)?;
    let channel = e.require_channel(state)?;
    let client_id = channel_client_id(state, &channel)?;
    let height = Height {
        revision_number: req.revision_number,
        revision_height: req.revision_height,
    };
    let consensus_state = require_consensus_state(state, &client_id, &height)?;
    Ok(QueryChannelConsensusStateResponse {
        consensus_state: Some(consensus_state),
        client_id,
        proof: Vec::new(),
        proof_height: Some(host_height(state)?),
    })
}

pub fn query_packet_commitment(
    state: &dyn StateRead,
    req: &QueryPacketCommitmentRequest,
) -> RpcResult<QueryPacketCommitmentResponse> {
    let e = ends(&req.port_id, &req.channel_id)?;
    zero_sequence(req.sequence)?;
    e.require_channel(state)?;
    let commitment = e
        .packet_value(state, COMMITMENTS, req.sequence)?
        .ok_or_else(|| not_found("packet commitment hash not found"))?;
    Ok(QueryPacketCommitmentResponse {
        commitment,
        proof: Vec::new(),
        proof_height: Some(host_height(state)?),
    })
}

/// The packet states under `<kind>/ports/<port>/channels/<channel>/sequences/`, in store
/// (string) order of their sequences.
fn packet_states(
    state: &dyn StateRead,
    e: &Ends,
    kind: &str,
    pagination: Option<&ibc_proto::cosmos::base::query::v1beta1::PageRequest>,
) -> RpcResult<(Vec<PacketState>, Vec<u8>)> {
    let prefix = key(&e.sequences_path(kind));
    page(state, &prefix, pagination, |k, v| {
        let seq = utf8(k)?;
        let sequence = seq
            .parse::<u64>()
            .map_err(|_| RpcError::Internal(format!("malformed packet sequence {seq}")))?;
        Ok((!v.is_empty()).then(|| e.packet_state(sequence, v.to_vec())))
    })
}

pub fn query_packet_commitments(
    state: &dyn StateRead,
    req: &QueryPacketCommitmentsRequest,
) -> RpcResult<QueryPacketCommitmentsResponse> {
    let e = ends(&req.port_id, &req.channel_id)?;
    e.require_channel(state)?;
    let (commitments, next_key) = packet_states(state, &e, COMMITMENTS, req.pagination.as_ref())?;
    Ok(QueryPacketCommitmentsResponse {
        commitments,
        pagination: page_response(next_key),
        height: Some(host_height(state)?),
    })
}

pub fn query_packet_receipt(
    state: &dyn StateRead,
    req: &QueryPacketReceiptRequest,
) -> RpcResult<QueryPacketReceiptResponse> {
    let e = ends(&req.port_id, &req.channel_id)?;
    zero_sequence(req.sequence)?;
    e.require_channel(state)?;
    let received = e.packet_value(state, RECEIPTS, req.sequence)?.is_some();
    Ok(QueryPacketReceiptResponse {
        received,
        proof: Vec::new(),
        proof_height: Some(host_height(state)?),
    })
}

pub fn query_packet_acknowledgement(
    state: &dyn StateRead,
    req: &QueryPacketAcknowledgementRequest,
) -> RpcResult<QueryPacketAcknowledgementResponse> {
    let e = ends(&req.port_id, &req.channel_id)?;
    zero_sequence(req.sequence)?;
    e.require_channel(state)?;
    let acknowledgement = e
        .packet_value(state, ACKS, req.sequence)?
        .ok_or_else(|| not_found("packet acknowledgement hash not found"))?;
    Ok(QueryPacketAcknowledgementResponse {
        acknowledgement,
        proof: Vec::new(),
        proof_height: Some(host_height(state)?),
    })
}

/// The channel's acknowledgement commitments: a page of all of them, or, when the request
/// names sequences, those of the named ones that exist (in the request's order, no paging).
pub fn query_packet_acknowledgements(
    state: &dyn StateRead,
    req: &QueryPacketAcknowledgementsRequest,
) -> RpcResult<QueryPacketAcknowledgementsResponse> {
    let e = ends(&req.port_id, &req.channel_id)?;
    e.require_channel(state)?;
    let height = Some(host_height(state)?);
    if !req.packet_commitment_sequences.is_empty() {
        check_sequences(&req.packet_commitment_sequences)?;
        let mut acknowledgements = Vec::new();
        for &seq in &req.packet_commitment_sequences {
            if let Some(ack) = e.packet_value(state, ACKS, seq)? {
                acknowledgements.push(e.packet_state(seq, ack));
            }
        }
        let total = u64::try_from(acknowledgements.len()).unwrap_or(u64::MAX);
        return Ok(QueryPacketAcknowledgementsResponse {
            acknowledgements,
            pagination: Some(ibc_proto::cosmos::base::query::v1beta1::PageResponse {
                next_key: Vec::new(),
                total,
            }),
            height,
        });
    }
    let (acknowledgements, next_key) = packet_states(state, &e, ACKS, req.pagination.as_ref())?;
    Ok(QueryPacketAcknowledgementsResponse {
        acknowledgements,
        pagination: page_response(next_key),
        height,
    })
}

/// Of the sequences the counterparty committed to send, those this chain has not received:
/// on an unordered channel those without a receipt, on an ordered one those at or past the
/// next sequence to receive (ibc-go's rules). In the request's order.
pub fn query_unreceived_packets(
    state: &dyn StateRead,
    req: &QueryUnreceivedPacketsRequest,
) -> RpcResult<QueryUnreceivedPacketsResponse> {
    let e = ends(&req.port_id, &req.channel_id)?;
    let channel = e.require_channel(state)?;
    check_sequences(&req.packet_commitment_sequences)?;
    let mut sequences = Vec::new();
    match Order::try_from(channel.ordering) {
        Ok(Order::Unordered) => {
            for &seq in &req.packet_commitment_sequences {
                if e.packet_value(state, RECEIPTS, seq)?.is_none() {
                    sequences.push(seq);
                }
            }
        }
        Ok(Order::Ordered) => {
            let next = get_u64(state, &e.path("nextSequenceRecv"))?.ok_or_else(|| {
                not_found(format!(
                    "sequence receive not found for port {} and channel {}",
                    e.port, e.channel
                ))
            })?;
            sequences.extend(
                req.packet_commitment_sequences
                    .iter()
                    .copied()
                    .filter(|s| *s >= next),
            );
        }
        _ => {
            return Err(invalid(format!(
                "channel order {} is not supported",
                channel.ordering
            )))
        }
    }
    Ok(QueryUnreceivedPacketsResponse {
        sequences,
        height: Some(host_height(state)?),
    })
}

/// Of the sequences whose acknowledgements the counterparty wrote, those whose packet
/// commitment is still here: their acknowledgement has not been relayed back yet.
pub fn query_unreceived_acks(
    state: &dyn StateRead,
    req: &QueryUnreceivedAcksRequest,
) -> RpcResult<QueryUnreceivedAcksResponse> {
    let e = ends(&req.port_id, &req.channel_id)?;
    e.require_channel(state)?;
    check_sequences(&req.packet_ack_sequences)?;
    let mut sequences = Vec::new();
    for &seq in &req.packet_ack_sequences {
        if e.packet_value(state, COMMITMENTS, seq)?.is_some() {
            sequences.push(seq);
        }
    }
    Ok(QueryUnreceivedAcksResponse {
        sequences,
        height: Some(host_height(state)?),
    })
}

/// The next sequence to receive; on an unordered channel, which does not use it, 0 when none
/// is stored.
pub fn query_next_sequence_receive(
    state: &dyn StateRead,
    req: &QueryNextSequenceReceiveRequest,
) -> RpcResult<QueryNextSequenceReceiveResponse> {
    let e = ends(&req.port_id, &req.channel_id)?;
    let channel = e.require_channel(state)?;
    let stored = get_u64(state, &e.path("nextSequenceRecv"))?;
    let next_sequence_receive = match stored {
        Some(n) => n,
        None if channel.ordering == Order::Unordered as i32 => 0,
        None => {
            return Err(not_found(format!(
                "port-id: {}, channel-id {}: sequence receive not found",
                e.port, e.channel
            )))
        }
    };
    Ok(QueryNextSequenceReceiveResponse {
        next_sequence_receive,
        proof: Vec::new(),
        proof_height: Some(host_height(state)?),
    })
}

pub fn query_next_sequence_send(
    state: &dyn StateRead,
    req: &QueryNextSequenceSendRequest,
) -> RpcResult<QueryNextSequenceSendResponse> {
    let e = ends(&req.port_id, &req.channel_id)?;
    let next_sequence_send = get_u64(state, &e.path("nextSequenceSend"))?.ok_or_else(|| {
        not_found(format!(
            "port-id: {}, channel-id {}: sequence send not found",
            e.port, e.channel
        ))
    })?;
    Ok(QueryNextSequenceSendResponse {
        next_sequence_send,
        proof: Vec::new(),
        proof_height: Some(host_height(state)?),
    })
}

/// How long a channel upgrade may take (ibc-go's default channel param, 10 minutes). This
/// chain runs no channel upgrades (ibc-rs has none); the value is what ibc-go reports.
pub const UPGRADE_TIMEOUT_NANOS: u64 = 600_000_000_000;

/// A channel's upgrade in progress: none ever, as this chain runs no channel upgrades.
pub fn query_upgrade(
    _state: &dyn StateRead,
    req: &QueryUpgradeRequest,
) -> RpcResult<QueryUpgradeResponse> {
    let e = ends(&req.port_id, &req.channel_id)?;
    Err(not_found(format!(
        "port-id {}, channel-id {}: upgrade not found",
        e.port, e.channel
    )))
}

/// A channel's last upgrade error: none ever, as this chain runs no channel upgrades.
pub fn query_upgrade_error(
    _state: &dyn StateRead,
    req: &QueryUpgradeErrorRequest,
) -> RpcResult<QueryUpgradeErrorResponse> {
    let e = ends(&req.port_id, &req.channel_id)?;
    Err(not_found(format!(
        "port-id {}, channel-id {}: upgrade error receipt not found",
        e.port, e.channel
    )))
}

pub fn query_channel_params(
    _state: &dyn StateRead,
    _req: &QueryChannelParamsRequest,
) -> RpcResult<QueryChannelParamsResponse> {
    Ok(QueryChannelParamsResponse {
        params: Some(Params {
            upgrade_timeout: Some(Timeout {
                height: Some(Height {
                    revision_number: 0,
                    revision_height: 0,
                }),
                timestamp: UPGRADE_TIMEOUT_NANOS,
            }),
        }),
    })
}
