//! Shared setup of the IBC query tests: IBC state written at the exact store keys and in the
//! encodings of `state_key`, as the host contexts write it.
#![allow(dead_code)]

use ibc_proto::cosmos::base::query::v1beta1::PageRequest;
use ibc_proto::google::protobuf::{Any, Duration, Timestamp};
use ibc_proto::ibc::core::channel::v1::{Channel, Counterparty as ChanCounterparty, Order, State};
use ibc_proto::ibc::core::client::v1::Height;
use ibc_proto::ibc::core::connection::v1::{ClientPaths, ConnectionEnd, Counterparty, Version};
use ibc_proto::ibc::lightclients::tendermint::v1::{ClientState, ConsensusState};
use openledger_framework::delta::MemState;
use openledger_framework::{BlockCtx, StateWrite};
use openledger_ibc::rpc::RpcError;
use openledger_ibc::state_key;
use prost::Message;

/// The chain's block time at height 100 (seconds since the Unix epoch).
pub const NOW: i64 = 1_700_000_000;
/// Trusting period of the test clients.
pub const TRUST_SECS: i64 = 1_000;

pub fn put(s: &mut MemState, path: &str, value: Vec<u8>) {
    s.put_raw(state_key::path_key(&path), value).unwrap();
}

pub fn height(revision_number: u64, revision_height: u64) -> Height {
    Height {
        revision_number,
        revision_height,
    }
}

/// A state whose host has recorded block 100 at [`NOW`].
pub fn state() -> MemState {
    let mut s = MemState::empty();
    host_at(&mut s, 100, NOW);
    s
}

pub fn host_at(s: &mut MemState, height: u64, time: i64) {
    let block = BlockCtx {
        chain_id: "openledger-1".into(),
        height,
        time_unix_secs: time,
        time_nanos: 0,
    };
    openledger_ibc::record_block(s, &block, &[7; 32], &[9; 32]).unwrap();
}

pub fn tm_client_state(latest: Height, frozen: Option<Height>) -> Any {
    let cs = ClientState {
        chain_id: "counterparty-1".into(),
        trusting_period: Some(Duration {
            seconds: TRUST_SECS,
            nanos: 0,
        }),
        latest_height: Some(latest),
        frozen_height: frozen,
        ..Default::default()
    };
    Any {
        type_url: "/ibc.lightclients.tendermint.v1.ClientState".into(),
        value: cs.encode_to_vec(),
    }
}

pub fn tm_consensus_state(time: i64) -> Any {
    let cs = ConsensusState {
        timestamp: Some(Timestamp {
            seconds: time,
            nanos: 0,
        }),
        root: None,
        next_validators_hash: vec![1; 32],
    };
    Any {
        type_url: "/ibc.lightclients.tendermint.v1.ConsensusState".into(),
        value: cs.encode_to_vec(),
    }
}

/// A 07-tendermint client with consensus states at `heights` (revision 1), the latest being
/// the last, each timestamped `time`; its latest height is the last of `heights`.
pub fn client(s: &mut MemState, id: &str, heights: &[u64], time: i64) {
    let latest = *heights.last().unwrap();
    put(
        s,
        &format!("clients/{id}/clientState"),
        tm_client_state(height(1, latest), None).encode_to_vec(),
    );
    for &h in heights {
        consensus(s, id, h, time);
    }
}

pub fn consensus(s: &mut MemState, id: &str, h: u64, time: i64) {
    put(
        s,
        &format!("clients/{id}/consensusStates/1-{h}"),
        tm_consensus_state(time).encode_to_vec(),
    );
    // What ibc-rs stores beside a consensus state: these must not show up in listings.
    put(
        s,
        &format!("clients/{id}/consensusStates/1-{h}/processedTime"),
        1u64.to_be_bytes().to_vec(),
    );
    s.put_raw(state_key::consensus_height_key(id, 1, h), Vec::new())
        .unwrap();
}

pub fn connection_end(client_id: &str) -> ConnectionEnd {
    ConnectionEnd {
        client_id: client_id.into(),
        versions: vec![Version {
            identifier: "1".into(),
            features: vec!["ORDER_ORDERED".into(), "ORDER_UNORDERED".into()],
        }],
        state: 3,
        counterparty: Some(Counterparty {
            client_id: "07-tendermint-9".into(),
            connection_id: "connection-9".into(),
            prefix: None,
        }),
        delay_period: 0,
    }
}

pub fn connection(s: &mut MemState, id: &str, client_id: &str) {
    put(
        s,
        &format!("connections/{id}"),
        connection_end(client_id).encode_to_vec(),
    );
}

pub fn client_connections(s: &mut MemState, client_id: &str, ids: &[&str]) {
    let paths = ClientPaths {
        paths: ids.iter().map(|s| s.to_string()).collect(),
    };
    put(
        s,
        &format!("clients/{client_id}/connections"),
        paths.encode_to_vec(),
    );
}

pub fn channel_end(connection_id: &str, order: Order) -> Channel {
    Channel {
        state: State::Open as i32,
        ordering: order as i32,
        counterparty: Some(ChanCounterparty {
            port_id: "transfer".into(),
            channel_id: "channel-7".into(),
        }),
        connection_hops: vec![connection_id.into()],
        version: "ics20-1".into(),
        upgrade_sequence: 0,
    }
}

pub fn channel(s: &mut MemState, port: &str, id: &str, connection_id: &str, order: Order) {
    put(
        s,
        &format!("channelEnds/ports/{port}/channels/{id}"),
        channel_end(connection_id, order).encode_to_vec(),
    );
    put(
        s,
        &format!("nextSequenceSend/ports/{port}/channels/{id}"),
        1u64.to_be_bytes().to_vec(),
    );
    put(
        s,
        &format!("nextSequenceRecv/ports/{port}/channels/{id}"),
        1u64.to_be_bytes().to_vec(),
    );
}

/// `kind` is `commitments`, `acks` or `receipts`.
pub fn packet(s: &mut MemState, kind: &str, port: &str, channel: &str, seq: u64, v: Vec<u8>) {
    put(
        s,
        &format!("{kind}/ports/{port}/channels/{channel}/sequences/{seq}"),
        v,
    );
}

pub fn page(key: &[u8], limit: u64) -> Option<PageRequest> {
    Some(PageRequest {
        key: key.to_vec(),
        offset: 0,
        limit,
        count_total: false,
        reverse: false,
    })
}

pub fn is_not_found<T: std::fmt::Debug>(r: Result<T, RpcError>) -> bool {
    matches!(r, Err(RpcError::NotFound(_)))
}

pub fn is_invalid<T: std::fmt::Debug>(r: Result<T, RpcError>) -> bool {
    matches!(r, Err(RpcError::InvalidArgument(_)))
}
