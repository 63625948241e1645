//! Genesis: init then export gives the same document and the same state; validation and the
//! checks against bank (escrow) and datanets (referenced versions).

mod common;

use common::*;
use openledger_framework::delta::MemState;
use openledger_framework::{Coin, Coins, StateRead, BASE_DENOM};
use openledger_models::{
    models_address, state_key, Evidence, GenesisState, ModelsError, ModelsRead, Params, Stage,
};

/// A chain with models in every kind of stage, versions, history and pricing changes.
fn busy_state() -> MemState {
    let mut s = setup();
    let deployed_id = deployed(&mut s, 1); // 1: deployed, version 1
    publish_at(&mut s, 10, addr(1), &publish_msg(1, deployed_id, 0)).unwrap(); // version 2
    set_pricing(&mut s, 11, addr(1), deployed_id, pricing(3, 4)).unwrap();
    let proposed = propose(&mut s, 2); // 2: proposed
    set_pricing(&mut s, 12, addr(2), proposed, pricing(5, 6)).unwrap();
    submit_own_approval(&mut s, proposed, addr(2), 6); // its approval proposal is recorded
    let rejected = propose(&mut s, 3); // 3: rejected (burned)
    submit_own_approval(&mut s, rejected, addr(3), 5);
    approval_failed(&mut s, 13, rejected, 5, true).unwrap();
    let retired = deployed(&mut s, 4); // 4: retired after deployment
    advance(
        &mut s,
        14,
        addr(4),
        retired,
        Stage::Retired,
        Evidence::default(),
    )
    .unwrap();
    let approved = propose(&mut s, 5); // 5: approved, in data collection
    approve(&mut s, approved);
    advance(
        &mut s,
        15,
        gov(),
        approved,
        Stage::DataCollection,
        Evidence::default(),
    )
    .unwrap();
    s
}

/// Every `models/` key and value of a state.
fn models_keys(s: &MemState) -> Vec<(Vec<u8>, Vec<u8>)> {
    s.prefix_raw(state_key::PREFIX.as_bytes(), None)
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn init_then_export_round_trips() {
    let s = busy_state();
    let exported = GenesisState::export(&s).unwrap();
    exported.validate().unwrap();
    assert_eq!(exported.models.len(), 5);
    assert_eq!(exported.versions.len(), 3);
    assert_eq!(exported.next_model_id, 6);
    assert_eq!(exported.params, test_params());
    let json = serde_json::to_string_pretty(&exported).unwrap();

    // a fresh chain from the exported bank and models genesis
    let parsed: GenesisState = serde_json::from_str(&json).unwrap();
    assert_eq!(parsed, exported);
    let mut fresh = MemState::empty();
    openledger_bank::GenesisState::export(&s)
        .unwrap()
        .init(&mut fresh)
        .unwrap();
    parsed.init(&mut fresh, &MockDatanets).unwrap();
    check_invariants(&fresh);
    let again = GenesisState::export(&fresh).unwrap();
    assert_eq!(again, exported);
    assert_eq!(serde_json::to_string_pretty(&again).unwrap(), json);
    // indexes and records are rebuilt byte for byte
    assert_eq!(models_keys(&fresh), models_keys(&s));
    // and the chain goes on from there
    let m = fresh.model(1).unwrap().unwrap();
    assert_eq!(m.latest_version, 2);
    assert_eq!(fresh.pricing_at(1, 11).unwrap(), Some(pricing(10, 20)));
    assert_eq!(fresh.pricing_at(1, 12).unwrap(), Some(pricing(3, 4)));
    assert_eq!(propose(&mut fresh, 6), 6);
}

#[test]
fn genesis_json_shape() {
    let g: GenesisState = serde_json::from_str("{}").unwrap();
    assert_eq!(g, GenesisState::default());
    assert!(serde_json::from_str::<GenesisState>(r#"{"unknown": 1}"#).is_err());
    let s = busy_state();
    let json = serde_json::to_value(GenesisState::export(&s).unwrap()).unwrap();
    let m = &json["models"][0];
    assert_eq!(m["stage"], "MODEL_STAGE_DEPLOYED");
    assert_eq!(m["bond"], "1000");
    assert_eq!(m["creator"], addr(1).to_string());
    assert_eq!(m["pricing"]["rate_in_per_1000"], "3");
    assert_eq!(json["versions"][0]["adapter_hash"], "bb".repeat(32));
    assert_eq!(json["histories"][0]["to_stage"], "MODEL_STAGE_PROPOSED");
    assert!(json["histories"][0].get("from_stage").is_none());
    assert_eq!(json["histories"][0]["time"], "2023-11-14T22:13:25Z");
    assert_eq!(json["pricing_histories"][0]["effective_height"], 1);
    assert_eq!(json["params"]["min_creator_bond"], "1000");
}

fn invalid(g: &GenesisState) -> String {
    match g.validate() {
        Err(ModelsError::InvalidGenesis(m)) => m,
        other => panic!("expected invalid genesis, got {other:?}"),
    }
}

#[test]
fn validation_refuses_inconsistent_documents() {
    let good = GenesisState::export(&busy_state()).unwrap();
    good.validate().unwrap();

    let mut g = good.clone();
    g.params = Params {
        max_name_len: 0,
        ..Params::default()
    };
    assert!(invalid(&g).contains("params"));
    let mut g = good.clone();
    g.next_model_id = 5;
    assert!(invalid(&g).contains("not in 1..5"));
    let mut g = good.clone();
    g.models.push(g.models[0].clone());
    assert!(invalid(&g).contains("duplicate model 1"));
    let mut g = good.clone();
    g.models[0].datanet_versions.clear();
    assert!(invalid(&g).contains("model 1"));
    let mut g = good.clone();
    g.models[0].bond = 0;
    assert!(invalid(&g).contains("zero bond"));
    // a deployed model needs its versions, an undeployed one has none
    let mut g = good.clone();
    g.versions.retain(|v| !(v.model_id == 1 && v.number == 2));
    assert!(invalid(&g).contains("model 1 has 1 versions but latest version 2"));
    let mut g = good.clone();
    g.models[1].latest_version = 1;
    assert!(invalid(&g).contains("with latest version 1"));
    let mut g = good.clone();
    g.versions[1].parent_version = 2;
    assert!(invalid(&g).contains("has parent 2"));
    let mut g = good.clone();
    g.versions.push(g.versions[0].clone());
    assert!(invalid(&g).contains("duplicate version"));
    // history must end in the model's stage, with legal transitions
    let mut g = good.clone();
    g.models[1].stage = Stage::Approved;
    assert!(invalid(&g).contains("last history entry"));
    let mut g = good.clone();
    g.histories.retain(|h| !(h.model_id == 2 && h.seq == 1));
    assert!(invalid(&g).contains("lacks its last history entry"));
    let mut g = good.clone();
    g.histories[1].from_stage = Some(Stage::Deployed);
    assert!(invalid(&g).contains("illegal transition"));
    let mut g = good.clone();
    g.histories[0].seq = 99;
    assert!(invalid(&g).contains("outside the kept range"));
    // pricing must match the latest entry
    let mut g = good.clone();
    g.models[0].pricing = pricing(1, 1);
    assert!(invalid(&g).contains("pricing does not match"));
    let mut g = good.clone();
    g.pricing_histories.push(g.pricing_histories[0]);
    assert!(invalid(&g).contains("duplicate pricing"));
    let mut g = good.clone();
    g.pricing_histories[0].model_id = 42;
    assert!(invalid(&g).contains("unknown model 42"));
}

#[test]
fn init_checks_the_escrow_and_the_datanet_versions() {
    let s = busy_state();
    let g = GenesisState::export(&s).unwrap();
    // bonds of models 1, 2 and 5 are in escrow
    assert_eq!(g.escrowed_bonds().unwrap(), 3 * BOND);
    assert_eq!(balance(&s, &models_address()), 3 * BOND);

    // the escrow is missing
    let mut fresh = MemState::empty();
    openledger_bank::GenesisState::default()
        .init(&mut fresh)
        .unwrap();
    let e = g.init(&mut fresh, &MockDatanets).unwrap_err();
    assert!(
        matches!(e, ModelsError::InvalidGenesis(ref m) if m.contains("escrowed bonds")),
        "{e}"
    );

    // a referenced datanet version does not exist
    let mut bad = g.clone();
    bad.versions[1].datanet_versions = vec![dref(7, 1)];
    let mut fresh = MemState::empty();
    openledger_bank::GenesisState {
        balances: vec![openledger_bank::Balance {
            address: models_address(),
            coins: Coins::new(vec![Coin::new(BASE_DENOM, 3 * BOND)]).unwrap(),
        }],
        ..Default::default()
    }
    .init(&mut fresh)
    .unwrap();
    let e = bad.init(&mut fresh, &MockDatanets).unwrap_err();
    assert!(
        matches!(e, ModelsError::InvalidGenesis(ref m) if m.contains("datanet 7")),
        "{e}"
    );
    // nothing of the models module was written by a refused init
    assert!(fresh.get_raw(&state_key::params()).unwrap().is_none());
    assert!(fresh.get_raw(&state_key::model(1)).unwrap().is_none());
}
