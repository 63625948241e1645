//! Paging through any listing with any limit yields every item exactly once, in order.

mod rpc_common;

use std::collections::BTreeSet;

use ibc_proto::ibc::core::channel::v1::{Order, QueryPacketCommitmentsRequest};
use ibc_proto::ibc::core::client::v1::{QueryClientStatesRequest, QueryConsensusStatesRequest};
use openledger_ibc::rpc::channel::query_packet_commitments;
use openledger_ibc::rpc::client::{query_client_states, query_consensus_states};
use proptest::prelude::*;
use rpc_common::*;

/// Follow `next_key` from the first page to the last; at most `max_pages` pages.
fn walk<T>(max_pages: usize, mut f: impl FnMut(&[u8]) -> (Vec<T>, Vec<u8>)) -> Vec<T> {
    let mut all = Vec::new();
    let mut key = Vec::new();
    for _ in 0..max_pages {
        let (items, next) = f(&key);
        all.extend(items);
        if next.is_empty() {
            return all;
        }
        key = next;
    }
    panic!("paging did not end");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn client_states_pages_cover_every_client_once(
        clients in proptest::collection::btree_map(0u64..300, 1usize..4, 0..30),
        with_connections in any::<bool>(),
        limit in 1u64..6,
    ) {
        let mut s = state();
        for (n, count) in &clients {
            let id = format!("07-tendermint-{n}");
            let heights: Vec<u64> = (1..=*count as u64).collect();
            client(&mut s, &id, &heights, NOW);
            if with_connections {
                client_connections(&mut s, &id, &["connection-0"]);
            }
        }
        let got = walk(100, |key| {
            let r = query_client_states(&s, &QueryClientStatesRequest { pagination: page(key, limit) })
                .unwrap();
            assert!(r.client_states.len() as u64 <= limit);
            (r.client_states.into_iter().map(|c| c.client_id).collect(), r.pagination.unwrap().next_key)
        });
        let want: Vec<String> = clients
            .keys()
            .map(|n| format!("07-tendermint-{n}"))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        prop_assert_eq!(got, want);
    }

    #[test]
    fn consensus_states_pages_come_in_height_order(
        heights in proptest::collection::btree_set(1u64..100_000, 1..40),
        limit in 1u64..7,
    ) {
        let mut s = state();
        let hs: Vec<u64> = heights.iter().copied().collect();
        client(&mut s, "07-tendermint-0", &hs, NOW);
        let got = walk(100, |key| {
            let r = query_consensus_states(&s, &QueryConsensusStatesRequest {
                client_id: "07-tendermint-0".into(),
                pagination: page(key, limit),
            })
            .unwrap();
            (
                r.consensus_states.iter().map(|c| c.height.unwrap().revision_height).collect(),
                r.pagination.unwrap().next_key,
            )
        });
        prop_assert_eq!(got, hs);
    }

    #[test]
    fn packet_commitment_pages_cover_every_sequence_once(
        seqs in proptest::collection::btree_set(1u64..10_000, 0..40),
        limit in 1u64..7,
    ) {
        let mut s = state();
        channel(&mut s, "transfer", "channel-0", "connection-0", Order::Unordered);
        channel(&mut s, "transfer", "channel-1", "connection-0", Order::Unordered);
        for &q in &seqs {
            packet(&mut s, "commitments", "transfer", "channel-0", q, vec![1; 32]);
            packet(&mut s, "commitments", "transfer", "channel-1", q, vec![2; 32]);
        }
        let got = walk(100, |key| {
            let r = query_packet_commitments(&s, &QueryPacketCommitmentsRequest {
                port_id: "transfer".into(),
                channel_id: "channel-0".into(),
                pagination: page(key, limit),
            })
            .unwrap();
            assert!(r.commitments.iter().all(|c| c.data == vec![1; 32]));
            (r.commitments.into_iter().map(|c| c.sequence).collect::<Vec<u64>>(), r.pagination.unwrap().next_key)
        });
        let mut sorted = got.clone();
        sorted.sort_unstable();
        prop_assert_eq!(sorted, seqs.into_iter().collect::<Vec<_>>());
        // Store order: sequences as strings.
        let as_str: Vec<String> = got.iter().map(u64::to_string).collect();
        let mut str_sorted = as_str.clone();
        str_sorted.sort();
        prop_assert_eq!(as_str, str_sorted);
    }
}
