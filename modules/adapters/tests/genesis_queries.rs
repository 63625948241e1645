//! Genesis export/import round trip and refusals, and the paged queries.

mod common;

use common::*;
use cosmos_sdk_proto::cosmos::base::query::v1beta1::PageRequest;
use openledger_adapters::{
    execute_claim_uptime, execute_declare_serving, execute_register_adapter, invariants, proto,
    query_adapter, query_adapters_by_model, query_operator_adapters, query_params, GenesisState,
    MsgClaimUptime, MsgDeclareServing, MsgRegisterAdapter,
};
use openledger_framework::delta::MemState;

fn populated() -> MemState {
    let mut s = MemState::empty();
    for (hash, version) in [("0a", 2), ("0b", 1), ("0c", 0), ("0d", 1)] {
        let m = MsgRegisterAdapter {
            owner: addr(CREATOR),
            hash: hash.into(),
            model_id: 1,
            model_version: version,
            base_model: "llama-3-8b".into(),
            rank: 8,
            size_bytes: 10,
            licence: "MIT OR Apache-2.0".into(),
        };
        run(&mut s, |f| {
            with_ctx(3, addr(CREATOR), |c| {
                execute_register_adapter(f, c, &MockModels, &m)
            })
        })
        .unwrap();
    }
    for (op, hash) in [(OP, "0a"), (OP, "0b"), (OP_BOTH, "0a")] {
        let m = MsgDeclareServing {
            operator: addr(op),
            adapter_hash: hash.into(),
            price_ceiling_per_1k: 1_000,
        };
        run(&mut s, |f| {
            with_ctx(4, addr(op), |c| {
                execute_declare_serving(f, c, &MockAttribution::default(), &m)
            })
        })
        .unwrap();
    }
    let m = MsgClaimUptime {
        operator: addr(OP),
        window_start_height: 1,
        window_end_height: 4,
        uptime_bps: 10_000,
    };
    run(&mut s, |f| {
        with_ctx(4, addr(OP), |c| {
            execute_claim_uptime(f, c, &MockAttribution::default(), &m)
        })
    })
    .unwrap();
    s
}

#[test]
fn genesis_round_trips() {
    let s = populated();
    let g = GenesisState::export(&s).unwrap();
    assert_eq!(
        (g.adapters.len(), g.serving.len(), g.uptime_claims.len()),
        (4, 3, 1)
    );
    let json = serde_json::to_string(&g).unwrap();
    let back: GenesisState = serde_json::from_str(&json).unwrap();
    let mut fresh = MemState::empty();
    back.init(&mut fresh, &MockAttribution::default()).unwrap();
    assert_eq!(GenesisState::export(&fresh).unwrap(), g);
    invariants::check_all(&fresh, &MockAttribution::default()).unwrap();
    // the derived counts are rebuilt
    assert_eq!(
        openledger_adapters::AdaptersRead::operator_adapter_count(&fresh, &addr(OP)).unwrap(),
        2
    );
}

#[test]
fn bad_genesis_is_refused() {
    let g = GenesisState::export(&populated()).unwrap();
    let mut dup = g.clone();
    dup.adapters.push(dup.adapters[0].clone());
    let mut orphan = g.clone();
    orphan.adapters.retain(|a| a.hash != "0b");
    let mut twice = g.clone();
    twice.serving.push(twice.serving[0].clone());
    let mut bad_claim = g.clone();
    bad_claim.uptime_claims[0].uptime_bps = 10_001;
    let mut bad_licence = g.clone();
    bad_licence.adapters[0].licence = "MIT OR".into();
    for bad in [dup, orphan, twice, bad_claim, bad_licence] {
        assert!(bad.validate().is_err());
    }
    // an operator attribution does not know
    let mut unknown = g;
    unknown.serving[0].operator = addr(99);
    let e = unknown
        .init(&mut MemState::empty(), &MockAttribution::default())
        .unwrap_err();
    assert!(e.to_string().contains("not a registered operator"), "{e}");
}

#[test]
fn queries_answer_and_page() {
    let s = populated();
    assert!(query_params(&s, &proto::QueryParamsRequest {})
        .unwrap()
        .params
        .is_some());
    let a = query_adapter(&s, &proto::QueryAdapterRequest { hash: "0a".into() })
        .unwrap()
        .adapter
        .unwrap();
    assert_eq!(a.model_version, 2);
    assert_eq!(
        code(&query_adapter(&s, &proto::QueryAdapterRequest { hash: "ff".into() }).unwrap_err()),
        ("adapters", 4)
    );
    assert_eq!(
        code(&query_adapter(&s, &proto::QueryAdapterRequest { hash: "X".into() }).unwrap_err()),
        ("sdk", 18)
    );
    // all versions, by version then hash, two per page
    let mut hashes = Vec::new();
    let mut key = Vec::new();
    loop {
        let r = query_adapters_by_model(
            &s,
            &proto::QueryAdaptersByModelRequest {
                model_id: 1,
                model_version: 0,
                pagination: Some(PageRequest {
                    key: key.clone(),
                    limit: 2,
                    ..Default::default()
                }),
            },
        )
        .unwrap();
        hashes.extend(r.adapters.into_iter().map(|a| a.hash));
        key = r.pagination.unwrap().next_key;
        if key.is_empty() {
            break;
        }
    }
    assert_eq!(hashes, ["0c", "0b", "0d", "0a"]);
    let v1 = query_adapters_by_model(
        &s,
        &proto::QueryAdaptersByModelRequest {
            model_id: 1,
            model_version: 1,
            pagination: None,
        },
    )
    .unwrap();
    assert_eq!(v1.adapters.len(), 2);
    let served = query_operator_adapters(
        &s,
        &proto::QueryOperatorAdaptersRequest {
            operator: addr(OP).to_string(),
        },
    )
    .unwrap()
    .serving;
    assert_eq!(
        served
            .iter()
            .map(|e| e.adapter_hash.as_str())
            .collect::<Vec<_>>(),
        ["0a", "0b"]
    );
}
