//! `ibc.core.channel.v1.Query` over state written as the host contexts write it.

mod rpc_common;

use ibc_proto::ibc::core::channel::v1::{
    Order, QueryChannelClientStateRequest, QueryChannelConsensusStateRequest,
    QueryChannelParamsRequest, QueryChannelRequest, QueryChannelsRequest,
    QueryConnectionChannelsRequest, QueryNextSequenceReceiveRequest, QueryNextSequenceSendRequest,
    QueryPacketAcknowledgementRequest, QueryPacketAcknowledgementsRequest,
    QueryPacketCommitmentRequest, QueryPacketCommitmentsRequest, QueryPacketReceiptRequest,
    QueryUnreceivedAcksRequest, QueryUnreceivedPacketsRequest, QueryUpgradeErrorRequest,
    QueryUpgradeRequest,
};
use openledger_framework::delta::MemState;
use openledger_ibc::rpc::channel::*;
use openledger_ibc::rpc::MAX_QUERY_SEQUENCES;
use rpc_common::*;

const T: &str = "transfer";

fn chan_req(port: &str, id: &str) -> QueryChannelRequest {
    QueryChannelRequest {
        port_id: port.into(),
        channel_id: id.into(),
    }
}

/// Client 0 <- connection-0 <- transfer/channel-0 (unordered) and transfer/channel-1
/// (ordered); connection-1 <- transfer/channel-2.
fn setup() -> MemState {
    let mut s = state();
    client(&mut s, "07-tendermint-0", &[3, 4], NOW);
    connection(&mut s, "connection-0", "07-tendermint-0");
    connection(&mut s, "connection-1", "07-tendermint-0");
    channel(&mut s, T, "channel-0", "connection-0", Order::Unordered);
    channel(&mut s, T, "channel-1", "connection-0", Order::Ordered);
    channel(&mut s, T, "channel-2", "connection-1", Order::Unordered);
    s
}

#[test]
fn channel_found_missing_and_malformed() {
    let s = setup();
    let r = query_channel(&s, &chan_req(T, "channel-1")).unwrap();
    assert_eq!(r.channel, Some(channel_end("connection-0", Order::Ordered)));
    assert_eq!(r.proof_height, Some(height(1, 100)));
    assert!(r.proof.is_empty());
    assert!(is_not_found(query_channel(&s, &chan_req(T, "channel-3"))));
    assert!(is_not_found(query_channel(
        &s,
        &chan_req("other", "channel-0")
    )));
    for (p, c) in [
        (T, "chan-0"),
        (T, "channel-01"),
        ("t", "channel-0"),
        ("a/b", "channel-0"),
    ] {
        assert!(is_invalid(query_channel(&s, &chan_req(p, c))), "{p} {c}");
    }
}

#[test]
fn channels_list_page_and_filter_by_connection() {
    let mut s = setup();
    channel(&mut s, T, "channel-10", "connection-1", Order::Unordered);
    let all = query_channels(&s, &QueryChannelsRequest { pagination: None }).unwrap();
    let ids: Vec<_> = all.channels.iter().map(|c| c.channel_id.as_str()).collect();
    assert_eq!(ids, ["channel-0", "channel-1", "channel-10", "channel-2"]);
    assert!(all.channels.iter().all(|c| c.port_id == T));
    assert_eq!(all.channels[1].ordering, Order::Ordered as i32);
    assert_eq!(all.height, Some(height(1, 100)));

    let p1 = query_channels(
        &s,
        &QueryChannelsRequest {
            pagination: page(b"", 3),
        },
    )
    .unwrap();
    let next = p1.pagination.unwrap().next_key;
    assert_eq!(next, b"transfer/channels/channel-2");
    let p2 = query_channels(
        &s,
        &QueryChannelsRequest {
            pagination: page(&next, 3),
        },
    )
    .unwrap();
    assert_eq!(p2.channels.len(), 1);
    assert_eq!(p2.channels[0].channel_id, "channel-2");

    let on = |c: &str| {
        query_connection_channels(
            &s,
            &QueryConnectionChannelsRequest {
                connection: c.into(),
                pagination: None,
            },
        )
    };
    let ids: Vec<_> = on("connection-1")
        .unwrap()
        .channels
        .into_iter()
        .map(|c| c.channel_id)
        .collect();
    assert_eq!(ids, ["channel-10", "channel-2"]);
    assert!(on("connection-5").unwrap().channels.is_empty());
    assert!(is_invalid(on("connection")));
}

#[test]
fn client_and_consensus_state_behind_a_channel() {
    let mut s = setup();
    let r = query_channel_client_state(
        &s,
        &QueryChannelClientStateRequest {
            port_id: T.into(),
            channel_id: "channel-0".into(),
        },
    )
    .unwrap();
    let ics = r.identified_client_state.unwrap();
    assert_eq!(ics.client_id, "07-tendermint-0");
    assert_eq!(ics.client_state, Some(tm_client_state(height(1, 4), None)));

    let cons = |c: &str, h: u64| {
        query_channel_consensus_state(
            &s,
            &QueryChannelConsensusStateRequest {
                port_id: T.into(),
                channel_id: c.into(),
                revision_number: 1,
                revision_height: h,
            },
        )
    };
    let r = cons("channel-0", 3).unwrap();
    assert_eq!(r.client_id, "07-tendermint-0");
    assert_eq!(r.consensus_state, Some(tm_consensus_state(NOW)));
    assert!(is_not_found(cons("channel-0", 5)));
    assert!(is_not_found(cons("channel-9", 3)));

    // A channel whose connection is gone.
    channel(&mut s, T, "channel-5", "connection-4", Order::Unordered);
    assert!(is_not_found(query_channel_client_state(
        &s,
        &QueryChannelClientStateRequest {
            port_id: T.into(),
            channel_id: "channel-5".into(),
        },
    )));
}

#[test]
fn packet_commitment_receipt_and_ack() {
    let mut s = setup();
    packet(&mut s, "commitments", T, "channel-0", 1, vec![0xaa; 32]);
    packet(&mut s, "receipts", T, "channel-0", 2, vec![1]);
    packet(&mut s, "acks", T, "channel-0", 3, vec![0xbb; 32]);

    let commit = |c: &str, seq: u64| {
        query_packet_commitment(
            &s,
            &QueryPacketCommitmentRequest {
                port_id: T.into(),
                channel_id: c.into(),
                sequence: seq,
            },
        )
    };
    let r = commit("channel-0", 1).unwrap();
    assert_eq!(r.commitment, vec![0xaa; 32]);
    assert_eq!(r.proof_height, Some(height(1, 100)));
    assert!(is_not_found(commit("channel-0", 2)));
    assert!(is_not_found(commit("channel-8", 1)));
    assert!(is_invalid(commit("channel-0", 0)));
    assert!(is_invalid(commit("channel0", 1)));

    let receipt = |seq: u64| {
        query_packet_receipt(
            &s,
            &QueryPacketReceiptRequest {
                port_id: T.into(),
                channel_id: "channel-0".into(),
                sequence: seq,
            },
        )
    };
    assert!(receipt(2).unwrap().received);
    assert!(!receipt(1).unwrap().received);
    assert!(is_invalid(receipt(0)));

    let ack = |seq: u64| {
        query_packet_acknowledgement(
            &s,
            &QueryPacketAcknowledgementRequest {
                port_id: T.into(),
                channel_id: "channel-0".into(),
                sequence: seq,
            },
        )
    };
    assert_eq!(ack(3).unwrap().acknowledgement, vec![0xbb; 32]);
    assert!(is_not_found(ack(1)));
    assert!(is_invalid(ack(0)));
}

#[test]
fn packet_commitments_and_acks_list_and_page() {
    let mut s = setup();
    for seq in [1, 2, 10, 11, 20] {
        packet(
            &mut s,
            "commitments",
            T,
            "channel-0",
            seq,
            vec![seq as u8; 32],
        );
        packet(
            &mut s,
            "acks",
            T,
            "channel-0",
            seq,
            vec![seq as u8 + 100; 32],
        );
    }
    // Another channel's packets never leak in.
    packet(&mut s, "commitments", T, "channel-1", 5, vec![5; 32]);

    let req = |key: &[u8], limit: u64| QueryPacketCommitmentsRequest {
        port_id: T.into(),
        channel_id: "channel-0".into(),
        pagination: page(key, limit),
    };
    let all = query_packet_commitments(&s, &req(b"", 0)).unwrap();
    let seqs: Vec<u64> = all.commitments.iter().map(|c| c.sequence).collect();
    // Store (string) order, as ibc-go pages them.
    assert_eq!(seqs, [1, 10, 11, 2, 20]);
    assert_eq!(all.commitments[1].data, vec![10; 32]);
    assert_eq!(all.commitments[1].channel_id, "channel-0");
    assert_eq!(all.height, Some(height(1, 100)));

    let p1 = query_packet_commitments(&s, &req(b"", 2)).unwrap();
    let next = p1.pagination.unwrap().next_key;
    assert_eq!(next, b"11");
    let p2 = query_packet_commitments(&s, &req(&next, 2)).unwrap();
    let seqs: Vec<u64> = p2.commitments.iter().map(|c| c.sequence).collect();
    assert_eq!(seqs, [11, 2]);

    assert!(is_not_found(query_packet_commitments(
        &s,
        &QueryPacketCommitmentsRequest {
            port_id: T.into(),
            channel_id: "channel-9".into(),
            pagination: None,
        }
    )));

    let acks = |seqs: Vec<u64>| {
        query_packet_acknowledgements(
            &s,
            &QueryPacketAcknowledgementsRequest {
                port_id: T.into(),
                channel_id: "channel-0".into(),
                pagination: None,
                packet_commitment_sequences: seqs,
            },
        )
    };
    let all = acks(vec![]).unwrap();
    assert_eq!(all.acknowledgements.len(), 5);
    assert_eq!(all.acknowledgements[0].data, vec![101; 32]);
    // Filtered: only those that exist, in the request's order.
    let some = acks(vec![20, 3, 1]).unwrap();
    let seqs: Vec<u64> = some.acknowledgements.iter().map(|a| a.sequence).collect();
    assert_eq!(seqs, [20, 1]);
    assert_eq!(some.pagination.unwrap().total, 2);
    assert!(is_invalid(acks(vec![1, 0])));
}

#[test]
fn unreceived_packets_on_unordered_and_ordered_channels() {
    let mut s = setup();
    // Unordered: received are those with a receipt.
    packet(&mut s, "receipts", T, "channel-0", 2, vec![1]);
    packet(&mut s, "receipts", T, "channel-0", 4, vec![1]);
    let unreceived = |c: &str, seqs: Vec<u64>| {
        query_unreceived_packets(
            &s,
            &QueryUnreceivedPacketsRequest {
                port_id: T.into(),
                channel_id: c.into(),
                packet_commitment_sequences: seqs,
            },
        )
    };
    let r = unreceived("channel-0", vec![5, 1, 2, 3, 4]).unwrap();
    assert_eq!(r.sequences, [5, 1, 3]);
    assert_eq!(r.height, Some(height(1, 100)));
    assert!(unreceived("channel-0", vec![])
        .unwrap()
        .sequences
        .is_empty());
    assert!(is_invalid(unreceived("channel-0", vec![1, 0])));
    assert!(is_not_found(unreceived("channel-7", vec![1])));
    assert!(is_invalid(unreceived(
        "channel-0",
        vec![1; MAX_QUERY_SEQUENCES + 1]
    )));

    // Ordered: received are those below the next sequence to receive.
    put(
        &mut s,
        "nextSequenceRecv/ports/transfer/channels/channel-1",
        4u64.to_be_bytes().to_vec(),
    );
    let unreceived = |seqs: Vec<u64>| {
        query_unreceived_packets(
            &s,
            &QueryUnreceivedPacketsRequest {
                port_id: T.into(),
                channel_id: "channel-1".into(),
                packet_commitment_sequences: seqs,
            },
        )
    };
    assert_eq!(unreceived(vec![2, 3, 4, 5]).unwrap().sequences, [4, 5]);
}

#[test]
fn unreceived_acks_are_those_still_committed() {
    let mut s = setup();
    packet(&mut s, "commitments", T, "channel-0", 3, vec![1; 32]);
    packet(&mut s, "commitments", T, "channel-0", 7, vec![1; 32]);
    let unreceived = |c: &str, seqs: Vec<u64>| {
        query_unreceived_acks(
            &s,
            &QueryUnreceivedAcksRequest {
                port_id: T.into(),
                channel_id: c.into(),
                packet_ack_sequences: seqs,
            },
        )
    };
    let r = unreceived("channel-0", vec![7, 1, 3, 5]).unwrap();
    assert_eq!(r.sequences, [7, 3]);
    assert_eq!(r.height, Some(height(1, 100)));
    assert!(is_invalid(unreceived("channel-0", vec![0])));
    assert!(is_not_found(unreceived("channel-7", vec![3])));
}

#[test]
fn next_sequences() {
    let mut s = setup();
    put(
        &mut s,
        "nextSequenceSend/ports/transfer/channels/channel-0",
        9u64.to_be_bytes().to_vec(),
    );
    put(
        &mut s,
        "nextSequenceRecv/ports/transfer/channels/channel-1",
        6u64.to_be_bytes().to_vec(),
    );
    let send = |c: &str| {
        query_next_sequence_send(
            &s,
            &QueryNextSequenceSendRequest {
                port_id: T.into(),
                channel_id: c.into(),
            },
        )
    };
    let recv = |c: &str| {
        query_next_sequence_receive(
            &s,
            &QueryNextSequenceReceiveRequest {
                port_id: T.into(),
                channel_id: c.into(),
            },
        )
    };
    assert_eq!(send("channel-0").unwrap().next_sequence_send, 9);
    assert_eq!(recv("channel-1").unwrap().next_sequence_receive, 6);
    assert_eq!(recv("channel-0").unwrap().next_sequence_receive, 1);
    assert!(is_not_found(send("channel-4")));
    assert!(is_not_found(recv("channel-4")));
    assert!(is_invalid(send("channel-")));
}

#[test]
fn no_channel_upgrades_and_channel_params() {
    let s = setup();
    assert!(is_not_found(query_upgrade(
        &s,
        &QueryUpgradeRequest {
            port_id: T.into(),
            channel_id: "channel-0".into(),
        }
    )));
    assert!(is_not_found(query_upgrade_error(
        &s,
        &QueryUpgradeErrorRequest {
            port_id: T.into(),
            channel_id: "channel-0".into(),
        }
    )));
    assert!(is_invalid(query_upgrade(
        &s,
        &QueryUpgradeRequest {
            port_id: T.into(),
            channel_id: "c".into(),
        }
    )));
    let p = query_channel_params(&s, &QueryChannelParamsRequest {}).unwrap();
    let t = p.params.unwrap().upgrade_timeout.unwrap();
    assert_eq!(t.timestamp, 600_000_000_000);
    assert_eq!(t.height, Some(height(0, 0)));
}
