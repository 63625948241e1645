//! `ibc.core.client.v1.Query` over state written as the host contexts write it.

mod rpc_common;

use ibc_proto::ibc::core::client::v1::{
    QueryClientParamsRequest, QueryClientStateRequest, QueryClientStatesRequest,
    QueryClientStatusRequest, QueryConsensusStateHeightsRequest, QueryConsensusStateRequest,
    QueryConsensusStatesRequest, QueryUpgradedClientStateRequest,
    QueryUpgradedConsensusStateRequest,
};
use openledger_framework::error::sdk;
use openledger_framework::ModuleError;
use openledger_ibc::rpc::client::*;
use openledger_ibc::rpc::RpcError;
use prost::Message;
use rpc_common::*;

fn cs_req(id: &str) -> QueryClientStateRequest {
    QueryClientStateRequest {
        client_id: id.into(),
    }
}

#[test]
fn client_state_found_with_proof_height_of_the_host() {
    let mut s = state();
    client(&mut s, "07-tendermint-0", &[5], NOW);
    let r = query_client_state(&s, &cs_req("07-tendermint-0")).unwrap();
    assert_eq!(r.client_state, Some(tm_client_state(height(1, 5), None)));
    assert!(r.proof.is_empty());
    assert_eq!(r.proof_height, Some(height(1, 100)));
}

#[test]
fn client_state_missing_is_not_found_and_bad_ids_are_invalid() {
    let s = state();
    let e = query_client_state(&s, &cs_req("07-tendermint-3")).unwrap_err();
    assert!(matches!(e, RpcError::NotFound(_)));
    assert_eq!((e.codespace(), e.code()), (sdk::CODESPACE, sdk::NOT_FOUND));
    for bad in ["", "x", "07-tendermint-0/clientState", "UPPER/../x"] {
        let e = query_client_state(&s, &cs_req(bad)).unwrap_err();
        assert!(matches!(e, RpcError::InvalidArgument(_)), "{bad}: {e:?}");
        assert_eq!(e.code(), sdk::INVALID_REQUEST);
    }
}

#[test]
fn client_states_page_in_id_order_skipping_consensus_entries() {
    let mut s = state();
    for id in [
        "07-tendermint-0",
        "07-tendermint-1",
        "07-tendermint-10",
        "07-tendermint-2",
    ] {
        client(&mut s, id, &[1, 2, 3], NOW);
        client_connections(&mut s, id, &["connection-0"]);
    }
    let all = query_client_states(&s, &QueryClientStatesRequest { pagination: None }).unwrap();
    let ids: Vec<_> = all
        .client_states
        .iter()
        .map(|c| c.client_id.as_str())
        .collect();
    // ICS-24 ids sort as strings, as ibc-go lists them.
    assert_eq!(
        ids,
        [
            "07-tendermint-0",
            "07-tendermint-1",
            "07-tendermint-10",
            "07-tendermint-2"
        ]
    );
    assert!(all.pagination.unwrap().next_key.is_empty());

    let p1 = query_client_states(
        &s,
        &QueryClientStatesRequest {
            pagination: page(b"", 3),
        },
    )
    .unwrap();
    assert_eq!(p1.client_states.len(), 3);
    let next = p1.pagination.unwrap().next_key;
    assert_eq!(next, b"07-tendermint-2");
    let p2 = query_client_states(
        &s,
        &QueryClientStatesRequest {
            pagination: page(&next, 3),
        },
    )
    .unwrap();
    assert_eq!(p2.client_states.len(), 1);
    assert_eq!(p2.client_states[0].client_id, "07-tendermint-2");
    assert!(p2.pagination.unwrap().next_key.is_empty());
}

#[test]
fn consensus_state_by_height_and_latest() {
    let mut s = state();
    client(&mut s, "07-tendermint-0", &[3, 7], NOW);
    consensus(&mut s, "07-tendermint-0", 5, NOW - 10);
    let by_height = query_consensus_state(
        &s,
        &QueryConsensusStateRequest {
            client_id: "07-tendermint-0".into(),
            revision_number: 1,
            revision_height: 5,
            latest_height: false,
        },
    )
    .unwrap();
    assert_eq!(
        by_height.consensus_state,
        Some(tm_consensus_state(NOW - 10))
    );
    assert_eq!(by_height.proof_height, Some(height(1, 100)));

    // Latest: the client state's latest height (7), not the last one written (5).
    let latest = query_consensus_state(
        &s,
        &QueryConsensusStateRequest {
            client_id: "07-tendermint-0".into(),
            latest_height: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(latest.consensus_state, Some(tm_consensus_state(NOW)));
}

#[test]
fn consensus_state_refusals() {
    let mut s = state();
    client(&mut s, "07-tendermint-0", &[3], NOW);
    let req = |id: &str, rev: u64, h: u64, latest: bool| QueryConsensusStateRequest {
        client_id: id.into(),
        revision_number: rev,
        revision_height: h,
        latest_height: latest,
    };
    assert!(is_invalid(query_consensus_state(
        &s,
        &req("07-tendermint-0", 1, 0, false)
    )));
    assert!(is_invalid(query_consensus_state(
        &s,
        &req("bad id!", 1, 3, false)
    )));
    assert!(is_not_found(query_consensus_state(
        &s,
        &req("07-tendermint-0", 1, 4, false)
    )));
    assert!(is_not_found(query_consensus_state(
        &s,
        &req("07-tendermint-0", 2, 3, false)
    )));
    assert!(is_not_found(query_consensus_state(
        &s,
        &req("07-tendermint-1", 0, 0, true)
    )));
}

#[test]
fn consensus_states_and_heights_come_in_numeric_order_and_page() {
    let mut s = state();
    client(&mut s, "07-tendermint-0", &[2, 10, 9, 100, 11], NOW);
    client(&mut s, "07-tendermint-1", &[4], NOW);
    let all = query_consensus_states(
        &s,
        &QueryConsensusStatesRequest {
            client_id: "07-tendermint-0".into(),
            pagination: None,
        },
    )
    .unwrap();
    let hs: Vec<u64> = all
        .consensus_states
        .iter()
        .map(|c| c.height.unwrap().revision_height)
        .collect();
    assert_eq!(hs, [2, 9, 10, 11, 100]);
    assert_eq!(
        all.consensus_states[0].consensus_state,
        Some(tm_consensus_state(NOW))
    );

    let req = |key: &[u8]| QueryConsensusStateHeightsRequest {
        client_id: "07-tendermint-0".into(),
        pagination: page(key, 2),
    };
    let mut seen = Vec::new();
    let mut key = Vec::new();
    for _ in 0..5 {
        let r = query_consensus_state_heights(&s, &req(&key)).unwrap();
        assert!(r.consensus_state_heights.len() <= 2);
        seen.extend(r.consensus_state_heights.iter().map(|h| h.revision_height));
        key = r.pagination.unwrap().next_key;
        if key.is_empty() {
            break;
        }
    }
    assert_eq!(seen, [2, 9, 10, 11, 100]);

    let none = query_consensus_states(
        &s,
        &QueryConsensusStatesRequest {
            client_id: "07-tendermint-5".into(),
            pagination: None,
        },
    )
    .unwrap();
    assert!(none.consensus_states.is_empty());
    assert!(is_invalid(query_consensus_state_heights(
        &s,
        &QueryConsensusStateHeightsRequest {
            client_id: "?".into(),
            pagination: None
        }
    )));
}

fn status(s: &openledger_framework::delta::MemState, id: &str) -> String {
    query_client_status(
        s,
        &QueryClientStatusRequest {
            client_id: id.into(),
        },
    )
    .unwrap()
    .status
}

#[test]
fn client_status_active_frozen_expired_unknown_unauthorized() {
    let mut s = state();
    // Latest consensus state at NOW - 10: expires at NOW - 10 + TRUST_SECS.
    client(&mut s, "07-tendermint-0", &[1, 2], NOW - 10);
    assert_eq!(status(&s, "07-tendermint-0"), "Active");

    // Host time reaches the expiry exactly: expired (expiry <= now).
    host_at(&mut s, 101, NOW - 10 + TRUST_SECS - 1);
    assert_eq!(status(&s, "07-tendermint-0"), "Active");
    host_at(&mut s, 102, NOW - 10 + TRUST_SECS);
    assert_eq!(status(&s, "07-tendermint-0"), "Expired");

    // An older consensus state being expired does not matter; the latest one counts.
    let mut s = state();
    client(&mut s, "07-tendermint-0", &[1], NOW - 5 * TRUST_SECS);
    consensus(&mut s, "07-tendermint-0", 2, NOW);
    put(
        &mut s,
        "clients/07-tendermint-0/clientState",
        tm_client_state(height(1, 2), None).encode_to_vec(),
    );
    assert_eq!(status(&s, "07-tendermint-0"), "Active");

    // Latest consensus state missing: expired.
    put(
        &mut s,
        "clients/07-tendermint-0/clientState",
        tm_client_state(height(1, 3), None).encode_to_vec(),
    );
    assert_eq!(status(&s, "07-tendermint-0"), "Expired");

    // Frozen wins over everything else; a zero frozen height is not frozen.
    put(
        &mut s,
        "clients/07-tendermint-0/clientState",
        tm_client_state(height(1, 2), Some(height(0, 0))).encode_to_vec(),
    );
    assert_eq!(status(&s, "07-tendermint-0"), "Active");
    put(
        &mut s,
        "clients/07-tendermint-0/clientState",
        tm_client_state(height(1, 3), Some(height(0, 1))).encode_to_vec(),
    );
    assert_eq!(status(&s, "07-tendermint-0"), "Frozen");

    assert_eq!(status(&s, "07-tendermint-9"), "Unknown");
    let other = ibc_proto::google::protobuf::Any {
        type_url: "/ibc.lightclients.solomachine.v3.ClientState".into(),
        value: vec![],
    };
    put(
        &mut s,
        "clients/06-solomachine-0/clientState",
        other.encode_to_vec(),
    );
    assert_eq!(status(&s, "06-solomachine-0"), "Unauthorized");
    assert!(is_invalid(query_client_status(
        &s,
        &QueryClientStatusRequest {
            client_id: "a".into()
        }
    )));
}

#[test]
fn client_params_and_upgraded_states() {
    let mut s = state();
    let p = query_client_params(&s, &QueryClientParamsRequest {}).unwrap();
    assert_eq!(p.params.unwrap().allowed_clients, ["07-tendermint"]);

    assert!(is_not_found(query_upgraded_client_state(
        &s,
        &QueryUpgradedClientStateRequest {}
    )));
    assert!(is_not_found(query_upgraded_consensus_state(
        &s,
        &QueryUpgradedConsensusStateRequest {}
    )));
    let up = tm_client_state(height(2, 1), None);
    put(
        &mut s,
        "upgradedIBCState/9/upgradedClient",
        tm_client_state(height(1, 9), None).encode_to_vec(),
    );
    put(
        &mut s,
        "upgradedIBCState/10/upgradedClient",
        up.encode_to_vec(),
    );
    put(
        &mut s,
        "upgradedIBCState/10/upgradedConsState",
        tm_consensus_state(NOW).encode_to_vec(),
    );
    let r = query_upgraded_client_state(&s, &QueryUpgradedClientStateRequest {}).unwrap();
    // The newest plan by height (10), though "10" sorts before "9".
    assert_eq!(r.upgraded_client_state, Some(up));
    let r = query_upgraded_consensus_state(&s, &QueryUpgradedConsensusStateRequest {}).unwrap();
    assert_eq!(r.upgraded_consensus_state, Some(tm_consensus_state(NOW)));
}
