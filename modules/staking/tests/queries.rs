//! The `cosmos.staking.v1beta1.Query` functions.

mod common;

use common::*;
use cosmos_sdk_proto::cosmos::base::query::v1beta1::PageRequest;
use cosmos_sdk_proto::cosmos::staking::v1beta1 as pb;
use openledger_framework::ModuleError;
use openledger_staking::{ed25519_pubkey_from_any, rpc};

fn setup() -> Chain {
    let mut c = Chain::new(&[
        (1, 1000 * OPEN),
        (2, 1000 * OPEN),
        (3, 1000 * OPEN),
        (4, 1000 * OPEN),
    ]);
    c.create_validator(1, 10 * OPEN).unwrap();
    c.create_validator(2, 20 * OPEN).unwrap();
    c.create_validator(3, OPEN / 2).unwrap(); // stays unbonded
    c.delegate(4, 1, 5 * OPEN).unwrap();
    c.delegate(4, 2, 5 * OPEN).unwrap();
    c.end_block(5);
    c.undelegate(4, 1, OPEN).unwrap();
    c.redelegate(4, 2, 1, 2 * OPEN).unwrap();
    c
}

fn page(limit: u64, key: Vec<u8>) -> Option<PageRequest> {
    Some(PageRequest {
        key,
        offset: 0,
        limit,
        count_total: false,
        reverse: false,
    })
}

#[test]
fn validators_filter_by_status_and_paginate() {
    let c = setup();
    let all = rpc::query_validators(
        &c.state,
        &pb::QueryValidatorsRequest {
            status: String::new(),
            pagination: None,
        },
    )
    .unwrap();
    assert_eq!(all.validators.len(), 3);
    let bonded = rpc::query_validators(
        &c.state,
        &pb::QueryValidatorsRequest {
            status: "BOND_STATUS_BONDED".into(),
            pagination: None,
        },
    )
    .unwrap();
    assert_eq!(bonded.validators.len(), 2);
    assert!(bonded
        .validators
        .iter()
        .all(|v| v.status == pb::BondStatus::Bonded as i32));
    let first = rpc::query_validators(
        &c.state,
        &pb::QueryValidatorsRequest {
            status: String::new(),
            pagination: page(2, vec![]),
        },
    )
    .unwrap();
    assert_eq!(first.validators.len(), 2);
    let next = first.pagination.unwrap().next_key;
    assert!(!next.is_empty());
    let second = rpc::query_validators(
        &c.state,
        &pb::QueryValidatorsRequest {
            status: String::new(),
            pagination: page(2, next),
        },
    )
    .unwrap();
    assert_eq!(second.validators.len(), 1);
    assert_eq!(second.validators[0].operator_address, valoper(3));
    assert!(second.pagination.unwrap().next_key.is_empty());
    let e = rpc::query_validators(
        &c.state,
        &pb::QueryValidatorsRequest {
            status: "nope".into(),
            pagination: None,
        },
    )
    .unwrap_err();
    assert_eq!(e.code(), 18);
}

#[test]
fn validator_wire_form_matches_the_sdk() {
    let c = setup();
    let v = rpc::query_validator(
        &c.state,
        &pb::QueryValidatorRequest {
            validator_addr: valoper(1),
        },
    )
    .unwrap()
    .validator
    .unwrap();
    assert_eq!(
        v.consensus_pubkey.as_ref().unwrap().type_url,
        "/cosmos.crypto.ed25519.PubKey"
    );
    assert_eq!(
        ed25519_pubkey_from_any(v.consensus_pubkey.as_ref()).unwrap(),
        pk(1)
    );
    assert_eq!(v.tokens, (16 * OPEN).to_string());
    assert_eq!(
        v.delegator_shares,
        format!("{}000000000000000000", 16 * OPEN)
    );
    assert_eq!(
        v.commission.unwrap().commission_rates.unwrap().rate,
        "100000000000000000"
    );
    assert_eq!(v.status, 3);
    let e = rpc::query_validator(
        &c.state,
        &pb::QueryValidatorRequest {
            validator_addr: valoper(9),
        },
    )
    .unwrap_err();
    assert_eq!((e.codespace(), e.code()), ("staking", 3));
}

#[test]
fn delegation_queries() {
    let c = setup();
    let d = rpc::query_delegation(
        &c.state,
        &pb::QueryDelegationRequest {
            delegator_addr: acc(4).to_string(),
            validator_addr: valoper(1),
        },
    )
    .unwrap()
    .delegation_response
    .unwrap();
    assert_eq!(d.balance.unwrap().amount, (6 * OPEN).to_string());
    assert_eq!(
        d.delegation.unwrap().shares,
        format!("{}000000000000000000", 6 * OPEN)
    );
    let e = rpc::query_delegation(
        &c.state,
        &pb::QueryDelegationRequest {
            delegator_addr: acc(3).to_string(),
            validator_addr: valoper(1),
        },
    )
    .unwrap_err();
    assert_eq!(e.code(), 38);

    let dd = rpc::query_delegator_delegations(
        &c.state,
        &pb::QueryDelegatorDelegationsRequest {
            delegator_addr: acc(4).to_string(),
            pagination: None,
        },
    )
    .unwrap();
    assert_eq!(dd.delegation_responses.len(), 2);
    let vd = rpc::query_validator_delegations(
        &c.state,
        &pb::QueryValidatorDelegationsRequest {
            validator_addr: valoper(1),
            pagination: page(1, vec![]),
        },
    )
    .unwrap();
    assert_eq!(vd.delegation_responses.len(), 1);
    assert!(!vd.pagination.unwrap().next_key.is_empty());
    let dv = rpc::query_delegator_validators(
        &c.state,
        &pb::QueryDelegatorValidatorsRequest {
            delegator_addr: acc(4).to_string(),
            pagination: None,
        },
    )
    .unwrap();
    assert_eq!(dv.validators.len(), 2);
    let one = rpc::query_delegator_validator(
        &c.state,
        &pb::QueryDelegatorValidatorRequest {
            delegator_addr: acc(4).to_string(),
            validator_addr: valoper(2),
        },
    )
    .unwrap();
    assert_eq!(one.validator.unwrap().operator_address, valoper(2));
    let e = rpc::query_delegator_validator(
        &c.state,
        &pb::QueryDelegatorValidatorRequest {
            delegator_addr: acc(4).to_string(),
            validator_addr: valoper(3),
        },
    )
    .unwrap_err();
    assert_eq!((e.codespace(), e.code()), ("staking", 19));
}

#[test]
fn unbonding_and_redelegation_queries() {
    let c = setup();
    let u = rpc::query_unbonding_delegation(
        &c.state,
        &pb::QueryUnbondingDelegationRequest {
            delegator_addr: acc(4).to_string(),
            validator_addr: valoper(1),
        },
    )
    .unwrap()
    .unbond
    .unwrap();
    assert_eq!(u.entries[0].balance, OPEN.to_string());
    assert_eq!(
        u.entries[0].completion_time.unwrap().seconds,
        c.time + 1_814_400
    );
    let du = rpc::query_delegator_unbonding_delegations(
        &c.state,
        &pb::QueryDelegatorUnbondingDelegationsRequest {
            delegator_addr: acc(4).to_string(),
            pagination: None,
        },
    )
    .unwrap();
    assert_eq!(du.unbonding_responses.len(), 1);
    let vu = rpc::query_validator_unbonding_delegations(
        &c.state,
        &pb::QueryValidatorUnbondingDelegationsRequest {
            validator_addr: valoper(1),
            pagination: None,
        },
    )
    .unwrap();
    assert_eq!(vu.unbonding_responses.len(), 1);

    let by_del = rpc::query_redelegations(
        &c.state,
        &pb::QueryRedelegationsRequest {
            delegator_addr: acc(4).to_string(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(by_del.redelegation_responses.len(), 1);
    let r = &by_del.redelegation_responses[0];
    assert_eq!(r.entries[0].balance, (2 * OPEN).to_string());
    let by_src = rpc::query_redelegations(
        &c.state,
        &pb::QueryRedelegationsRequest {
            src_validator_addr: valoper(2),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(by_src.redelegation_responses.len(), 1);
    let exact = rpc::query_redelegations(
        &c.state,
        &pb::QueryRedelegationsRequest {
            delegator_addr: acc(4).to_string(),
            src_validator_addr: valoper(2),
            dst_validator_addr: valoper(1),
            pagination: None,
        },
    )
    .unwrap();
    assert_eq!(exact.redelegation_responses.len(), 1);
    let none = rpc::query_redelegations(
        &c.state,
        &pb::QueryRedelegationsRequest {
            delegator_addr: acc(4).to_string(),
            src_validator_addr: valoper(1),
            dst_validator_addr: valoper(2),
            pagination: None,
        },
    )
    .unwrap_err();
    assert_eq!((none.codespace(), none.code()), ("staking", 28));
}

#[test]
fn pool_params_and_historical_info() {
    let c = setup();
    let pool = rpc::query_pool(&c.state, &pb::QueryPoolRequest {})
        .unwrap()
        .pool
        .unwrap();
    let (bonded, not_bonded) = c.pools();
    assert_eq!(pool.bonded_tokens, bonded.to_string());
    assert_eq!(pool.not_bonded_tokens, not_bonded.to_string());
    let p = rpc::query_params(&c.state, &pb::QueryParamsRequest {})
        .unwrap()
        .params
        .unwrap();
    assert_eq!(p.unbonding_time.unwrap().seconds, 1_814_400);
    assert_eq!(p.bond_denom, "aopen");
    assert!(p.historical_entries > 0);
    assert_eq!(p.min_commission_rate, "0");
    // the setup's one end block (height 1) was kept; a height not reached yet is not found
    let e = rpc::query_historical_info(&c.state, &pb::QueryHistoricalInfoRequest { height: 9 })
        .unwrap_err();
    assert_eq!((e.codespace(), e.code()), ("staking", 38));
    let neg = rpc::query_historical_info(&c.state, &pb::QueryHistoricalInfoRequest { height: -1 });
    assert!(neg.is_err());
}

#[test]
fn historical_info_keeps_the_last_historical_entries_heights() {
    let genesis = openledger_staking::GenesisState {
        params: openledger_staking::Params {
            historical_entries: 2,
            ..Default::default()
        },
        ..Default::default()
    };
    let mut c = Chain::with_genesis(&[(1, 1000 * OPEN), (2, 1000 * OPEN)], genesis, &[]);
    c.create_validator(1, 10 * OPEN).unwrap();
    c.end_block(5); // height 1: stored before the set is applied, so no bonded validator yet
    c.create_validator(2, 20 * OPEN).unwrap();
    c.end_block(5); // height 2: validator 1 bonded
    c.end_block(5); // height 3: both bonded; height 1 pruned
    let at =
        |h| rpc::query_historical_info(&c.state, &pb::QueryHistoricalInfoRequest { height: h });
    let e = at(1).unwrap_err();
    assert_eq!((e.codespace(), e.code()), ("staking", 38));
    let h2 = at(2).unwrap().hist.unwrap();
    let header = h2.header.unwrap();
    assert_eq!((header.chain_id.as_str(), header.height), ("test-1", 2));
    assert_eq!(h2.valset.len(), 1);
    assert_eq!(h2.valset[0].operator_address, valoper(1));
    let h3 = at(3).unwrap().hist.unwrap();
    // by power, highest first
    let ops: Vec<&str> = h3
        .valset
        .iter()
        .map(|v| v.operator_address.as_str())
        .collect();
    assert_eq!(ops, [valoper(2), valoper(1)]);
}
