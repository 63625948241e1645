//! cosmos.slashing.v1beta1.Query: Params, SigningInfo, SigningInfos.

mod common;

use common::*;
use cosmos_sdk_proto::cosmos::base::query::v1beta1::PageRequest;
use cosmos_sdk_proto::cosmos::slashing::v1beta1::{
    QueryParamsRequest, QuerySigningInfoRequest, QuerySigningInfosRequest,
};
use openledger_framework::{Address, ModuleError};
use openledger_slashing::{query_params, query_signing_info, query_signing_infos, Params};

fn valcons(n: u8) -> String {
    Address(cons(n)).to_bech32("openvalcons")
}

#[test]
fn params_in_sdk_form() {
    let env = Env::new(small_params(), 0);
    let p = query_params(&env.state, &QueryParamsRequest {})
        .unwrap()
        .params
        .unwrap();
    assert_eq!(p, small_params().to_proto());
    assert_eq!(p.signed_blocks_window, 10);
    assert_eq!(p.slash_fraction_double_sign, b"50000000000000000".to_vec());
    assert_eq!(p.downtime_jail_duration.unwrap().seconds, 600);
    // with nothing stored, the defaults
    let empty = openledger_framework::delta::MemState::empty();
    let p = query_params(&empty, &QueryParamsRequest {})
        .unwrap()
        .params
        .unwrap();
    assert_eq!(p, Params::default().to_proto());
}

#[test]
fn signing_info_by_consensus_address() {
    let mut env = Env::new(small_params(), 1);
    env.begin(7, &[vote(1, false)], &[]);
    let info = query_signing_info(
        &env.state,
        &QuerySigningInfoRequest {
            cons_address: valcons(1),
        },
    )
    .unwrap()
    .val_signing_info
    .unwrap();
    assert_eq!(info.address, valcons(1));
    assert_eq!(info.start_height, 7);
    assert_eq!(info.index_offset, 1);
    assert_eq!(info.missed_blocks_counter, 1);
    assert_eq!(info.jailed_until.unwrap().seconds, 0);

    let e = query_signing_info(
        &env.state,
        &QuerySigningInfoRequest {
            cons_address: valcons(2),
        },
    )
    .unwrap_err();
    assert_eq!((e.codespace(), e.code()), ("slashing", 8));
    let e = query_signing_info(
        &env.state,
        &QuerySigningInfoRequest {
            cons_address: Address(cons(1)).to_string(),
        },
    )
    .unwrap_err();
    assert_eq!((e.codespace(), e.code()), ("sdk", 7));
    let e = query_signing_info(
        &env.state,
        &QuerySigningInfoRequest {
            cons_address: String::new(),
        },
    )
    .unwrap_err();
    assert_eq!((e.codespace(), e.code()), ("sdk", 18));
}

#[test]
fn signing_infos_are_paginated_by_consensus_address() {
    let mut env = Env::new(small_params(), 5);
    env.begin(1, &(1..=5).map(|n| vote(n, true)).collect::<Vec<_>>(), &[]);
    let page = |key: Vec<u8>, limit: u64| {
        query_signing_infos(
            &env.state,
            &QuerySigningInfosRequest {
                pagination: Some(PageRequest {
                    key,
                    limit,
                    ..Default::default()
                }),
            },
        )
        .unwrap()
    };
    let first = page(vec![], 2);
    assert_eq!(
        first
            .info
            .iter()
            .map(|i| i.address.clone())
            .collect::<Vec<_>>(),
        vec![valcons(1), valcons(2)]
    );
    let next = first.pagination.unwrap().next_key;
    assert_eq!(next, cons(3).to_vec());
    let second = page(next, 10);
    assert_eq!(second.info.len(), 3);
    assert!(second.pagination.unwrap().next_key.is_empty());
    let all =
        query_signing_infos(&env.state, &QuerySigningInfosRequest { pagination: None }).unwrap();
    assert_eq!(all.info.len(), 5);
    let e = query_signing_infos(
        &env.state,
        &QuerySigningInfosRequest {
            pagination: Some(PageRequest {
                key: vec![1, 2, 3],
                ..Default::default()
            }),
        },
    )
    .unwrap_err();
    assert_eq!((e.codespace(), e.code()), ("sdk", 18));
}
