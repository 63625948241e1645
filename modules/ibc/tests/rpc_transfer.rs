//! `ibc.applications.transfer.v1.Query` over state written as the transfer module writes it.

mod rpc_common;

use ibc_proto::ibc::applications::transfer::v1::{
    QueryDenomHashRequest, QueryDenomTraceRequest, QueryDenomTracesRequest,
    QueryEscrowAddressRequest, QueryParamsRequest, QueryTotalEscrowForDenomRequest,
};
use openledger_framework::{Address, StateWrite};
use openledger_ibc::rpc::transfer::*;
use openledger_ibc::state_key;
use rpc_common::*;

const TRACE: &str = "transfer/channel-0/uatom";
/// sha256("transfer/channel-0/uatom"), as every ICS-20 chain names this voucher.
const HASH: &str = "27394FB092D2ECCD56123C74F36E4C1F926001CEADA9CA97EA622B25F41E5EB2";

fn with_traces() -> openledger_framework::delta::MemState {
    let mut s = state();
    for trace in [
        TRACE,
        "transfer/channel-1/transfer/channel-5/uosmo",
        "transfer/channel-0/gamm/pool/1",
    ] {
        let hash = openledger_ibc::transfer::denom_hash(trace);
        s.put_raw(state_key::denom_trace_key(&hash), trace.as_bytes().to_vec())
            .unwrap();
    }
    s
}

fn trace_req(h: &str) -> QueryDenomTraceRequest {
    QueryDenomTraceRequest { hash: h.into() }
}

#[test]
fn denom_trace_by_hash_with_or_without_prefix() {
    let s = with_traces();
    assert_eq!(openledger_ibc::transfer::denom_hash(TRACE), HASH);
    for h in [HASH.to_string(), format!("ibc/{HASH}"), HASH.to_lowercase()] {
        let t = query_denom_trace(&s, &trace_req(&h))
            .unwrap()
            .denom_trace
            .unwrap();
        assert_eq!(
            (t.path.as_str(), t.base_denom.as_str()),
            ("transfer/channel-0", "uatom")
        );
    }
    let multi = openledger_ibc::transfer::denom_hash("transfer/channel-1/transfer/channel-5/uosmo");
    let t = query_denom_trace(&s, &trace_req(&multi))
        .unwrap()
        .denom_trace
        .unwrap();
    assert_eq!(t.path, "transfer/channel-1/transfer/channel-5");
    assert_eq!(t.base_denom, "uosmo");
    // A base denom with slashes stays whole.
    let pool = openledger_ibc::transfer::denom_hash("transfer/channel-0/gamm/pool/1");
    let t = query_denom_trace(&s, &trace_req(&pool))
        .unwrap()
        .denom_trace
        .unwrap();
    assert_eq!(
        (t.path.as_str(), t.base_denom.as_str()),
        ("transfer/channel-0", "gamm/pool/1")
    );

    assert!(is_not_found(query_denom_trace(
        &s,
        &trace_req(&"A".repeat(64))
    )));
    for bad in ["", "ibc/", "XYZ", &"G".repeat(64), &"A".repeat(62)] {
        assert!(is_invalid(query_denom_trace(&s, &trace_req(bad))), "{bad}");
    }
}

#[test]
fn denom_traces_page() {
    let s = with_traces();
    let all = query_denom_traces(&s, &QueryDenomTracesRequest { pagination: None }).unwrap();
    assert_eq!(all.denom_traces.len(), 3);
    let p1 = query_denom_traces(
        &s,
        &QueryDenomTracesRequest {
            pagination: page(b"", 2),
        },
    )
    .unwrap();
    assert_eq!(p1.denom_traces.len(), 2);
    let next = p1.pagination.unwrap().next_key;
    assert_eq!(next.len(), 64);
    let p2 = query_denom_traces(
        &s,
        &QueryDenomTracesRequest {
            pagination: page(&next, 2),
        },
    )
    .unwrap();
    assert_eq!(p2.denom_traces.len(), 1);
    assert!(p2.pagination.unwrap().next_key.is_empty());
    let mut seen: Vec<_> = p1.denom_traces.into_iter().chain(p2.denom_traces).collect();
    seen.sort_by(|a, b| a.base_denom.cmp(&b.base_denom));
    assert_eq!(seen[0].base_denom, "gamm/pool/1");
    assert_eq!(seen[1].base_denom, "uatom");
    assert_eq!(seen[2].base_denom, "uosmo");
}

#[test]
fn params_default_and_stored() {
    let mut s = state();
    let p = query_params(&s, &QueryParamsRequest {})
        .unwrap()
        .params
        .unwrap();
    assert!(p.send_enabled && p.receive_enabled);
    openledger_ibc::params::set(
        &mut s,
        &openledger_ibc::params::TransferParams {
            send_enabled: false,
            receive_enabled: true,
        },
    )
    .unwrap();
    let p = query_params(&s, &QueryParamsRequest {})
        .unwrap()
        .params
        .unwrap();
    assert!(!p.send_enabled && p.receive_enabled);
}

#[test]
fn denom_hash_of_a_known_trace() {
    let s = with_traces();
    let hash = |t: &str| query_denom_hash(&s, &QueryDenomHashRequest { trace: t.into() });
    assert_eq!(hash(TRACE).unwrap().hash, HASH);
    assert!(is_not_found(hash("transfer/channel-9/uatom")));
    assert!(is_not_found(hash("uopen")));
    assert!(is_invalid(hash("")));
}

#[test]
fn escrow_address_as_ibc_go_derives_it() {
    let s = state();
    let esc = |p: &str, c: &str| {
        query_escrow_address(
            &s,
            &QueryEscrowAddressRequest {
                port_id: p.into(),
                channel_id: c.into(),
            },
        )
    };
    // The address gaiad reports for transfer/channel-141, under our prefix.
    let gaia =
        Address::from_bech32("cosmos1x54ltnyg88k0ejmk8ytwrhd3ltm84xehrnlslf", "cosmos").unwrap();
    let ours = esc("transfer", "channel-141").unwrap().escrow_address;
    assert!(ours.starts_with("open1"));
    assert_eq!(ours, gaia.to_string());
    assert!(is_invalid(esc("transfer", "channel")));
    assert!(is_invalid(esc("x", "channel-0")));
}

#[test]
fn total_escrow_for_denom() {
    let mut s = state();
    s.put_raw(
        state_key::total_escrow_key("uopen"),
        12_345u128.to_be_bytes().to_vec(),
    )
    .unwrap();
    let total = |d: &str| {
        query_total_escrow_for_denom(&s, &QueryTotalEscrowForDenomRequest { denom: d.into() })
    };
    let c = total("uopen").unwrap().amount.unwrap();
    assert_eq!((c.denom.as_str(), c.amount.as_str()), ("uopen", "12345"));
    assert_eq!(total("uatom").unwrap().amount.unwrap().amount, "0");
    assert!(is_invalid(total("")));
    assert!(is_invalid(total("1bad")));
}
