//! `ibc.core.connection.v1.Query` over state written as the host contexts write it.

mod rpc_common;

use ibc_proto::ibc::core::connection::v1::{
    QueryClientConnectionsRequest, QueryConnectionClientStateRequest,
    QueryConnectionConsensusStateRequest, QueryConnectionParamsRequest, QueryConnectionRequest,
    QueryConnectionsRequest,
};
use openledger_ibc::rpc::connection::*;
use rpc_common::*;

fn conn_req(id: &str) -> QueryConnectionRequest {
    QueryConnectionRequest {
        connection_id: id.into(),
    }
}

#[test]
fn connection_found_missing_and_malformed() {
    let mut s = state();
    connection(&mut s, "connection-0", "07-tendermint-0");
    let r = query_connection(&s, &conn_req("connection-0")).unwrap();
    assert_eq!(r.connection, Some(connection_end("07-tendermint-0")));
    assert!(r.proof.is_empty());
    assert_eq!(r.proof_height, Some(height(1, 100)));
    assert!(is_not_found(query_connection(
        &s,
        &conn_req("connection-1")
    )));
    for bad in ["", "conn", "connection-x", "connection-0/1"] {
        assert!(is_invalid(query_connection(&s, &conn_req(bad))), "{bad}");
    }
}

#[test]
fn connections_page_in_string_order() {
    let mut s = state();
    for n in [0, 1, 2, 10, 11] {
        connection(
            &mut s,
            &format!("connection-{n}"),
            &format!("07-tendermint-{n}"),
        );
    }
    let all = query_connections(&s, &QueryConnectionsRequest { pagination: None }).unwrap();
    let ids: Vec<_> = all.connections.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "connection-0",
            "connection-1",
            "connection-10",
            "connection-11",
            "connection-2"
        ]
    );
    assert_eq!(all.connections[2].client_id, "07-tendermint-10");
    assert_eq!(all.height, Some(height(1, 100)));

    let p1 = query_connections(
        &s,
        &QueryConnectionsRequest {
            pagination: page(b"", 2),
        },
    )
    .unwrap();
    assert_eq!(p1.connections.len(), 2);
    let next = p1.pagination.unwrap().next_key;
    assert_eq!(next, b"connection-10");
    let p2 = query_connections(
        &s,
        &QueryConnectionsRequest {
            pagination: page(&next, 10),
        },
    )
    .unwrap();
    let ids: Vec<_> = p2.connections.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["connection-10", "connection-11", "connection-2"]);
    assert!(p2.pagination.unwrap().next_key.is_empty());
}

#[test]
fn client_connections_of_a_client() {
    let mut s = state();
    client_connections(&mut s, "07-tendermint-0", &["connection-0", "connection-3"]);
    let r = query_client_connections(
        &s,
        &QueryClientConnectionsRequest {
            client_id: "07-tendermint-0".into(),
        },
    )
    .unwrap();
    assert_eq!(r.connection_paths, ["connection-0", "connection-3"]);
    assert!(is_not_found(query_client_connections(
        &s,
        &QueryClientConnectionsRequest {
            client_id: "07-tendermint-1".into()
        }
    )));
    assert!(is_invalid(query_client_connections(
        &s,
        &QueryClientConnectionsRequest {
            client_id: "no".into()
        }
    )));
}

#[test]
fn client_and_consensus_state_behind_a_connection() {
    let mut s = state();
    client(&mut s, "07-tendermint-0", &[4, 6], NOW);
    connection(&mut s, "connection-0", "07-tendermint-0");
    connection(&mut s, "connection-1", "07-tendermint-5");

    let r = query_connection_client_state(
        &s,
        &QueryConnectionClientStateRequest {
            connection_id: "connection-0".into(),
        },
    )
    .unwrap();
    let ics = r.identified_client_state.unwrap();
    assert_eq!(ics.client_id, "07-tendermint-0");
    assert_eq!(ics.client_state, Some(tm_client_state(height(1, 6), None)));
    // The connection exists, its client does not.
    assert!(is_not_found(query_connection_client_state(
        &s,
        &QueryConnectionClientStateRequest {
            connection_id: "connection-1".into()
        }
    )));
    assert!(is_not_found(query_connection_client_state(
        &s,
        &QueryConnectionClientStateRequest {
            connection_id: "connection-2".into()
        }
    )));

    let req = |id: &str, h: u64| QueryConnectionConsensusStateRequest {
        connection_id: id.into(),
        revision_number: 1,
        revision_height: h,
    };
    let r = query_connection_consensus_state(&s, &req("connection-0", 4)).unwrap();
    assert_eq!(r.client_id, "07-tendermint-0");
    assert_eq!(r.consensus_state, Some(tm_consensus_state(NOW)));
    assert!(is_not_found(query_connection_consensus_state(
        &s,
        &req("connection-0", 5)
    )));
    assert!(is_not_found(query_connection_consensus_state(
        &s,
        &req("connection-7", 4)
    )));
    assert!(is_invalid(query_connection_consensus_state(
        &s,
        &req("c-0", 4)
    )));
}

#[test]
fn connection_params() {
    let s = state();
    let p = query_connection_params(&s, &QueryConnectionParamsRequest {}).unwrap();
    assert_eq!(
        p.params.unwrap().max_expected_time_per_block,
        30_000_000_000
    );
}
