//! The deploy gate: with `require_feedback_round`, ALIGNMENT → DEPLOYED needs a settled
//! feedback round on the candidate version (0 before the first deployment).

mod common;

use common::*;
use openledger_framework::StateWrite;
use openledger_models::{Evidence, ModelsRead, Params, Stage};

fn aligned(s: &mut openledger_framework::delta::MemState) -> u64 {
    let id = propose(s, 1);
    approve(s, id);
    let c = addr(1);
    advance(s, 3, c, id, Stage::DataCollection, Evidence::default()).unwrap();
    advance(s, 4, c, id, Stage::FineTuning, Evidence::default()).unwrap();
    advance(s, 5, c, id, Stage::Alignment, training_evidence()).unwrap();
    id
}

#[test]
fn deploying_without_a_settled_round_is_refused_when_required() {
    let mut s = setup_with(Params {
        require_feedback_round: true,
        ..test_params()
    });
    let id = aligned(&mut s);
    // a round settled on another model or another version does not count
    s.put_raw(settled_round_key(id + 1, 0), vec![1]).unwrap();
    s.put_raw(settled_round_key(id, 1), vec![1]).unwrap();
    let e = advance(
        &mut s,
        6,
        addr(1),
        id,
        Stage::Deployed,
        adapter_evidence(0xbb),
    )
    .unwrap_err();
    assert_eq!(code(&e), ("models", 40));
    assert_eq!(
        e.to_string(),
        format!("model {id} needs a settled feedback round on version 0 to be deployed")
    );
    assert_eq!(s.model(id).unwrap().unwrap().stage, Stage::Alignment);
    // with the candidate's round settled it deploys
    s.put_raw(settled_round_key(id, 0), vec![1]).unwrap();
    advance(
        &mut s,
        7,
        addr(1),
        id,
        Stage::Deployed,
        adapter_evidence(0xbb),
    )
    .unwrap();
    assert_eq!(s.model(id).unwrap().unwrap().stage, Stage::Deployed);
}

#[test]
fn deploying_without_a_round_is_allowed_by_default() {
    assert!(!Params::default().require_feedback_round);
    let mut s = setup();
    let id = aligned(&mut s);
    advance(
        &mut s,
        6,
        addr(1),
        id,
        Stage::Deployed,
        adapter_evidence(0xbb),
    )
    .unwrap();
    assert_eq!(s.model(id).unwrap().unwrap().stage, Stage::Deployed);
}

#[test]
fn the_param_round_trips_and_defaults_to_false_in_json() {
    let p = Params {
        require_feedback_round: true,
        ..Params::default()
    };
    assert_eq!(Params::from_proto(&p.to_proto()).unwrap(), p);
    let mut json = serde_json::to_value(Params::default()).unwrap();
    json.as_object_mut()
        .unwrap()
        .remove("require_feedback_round");
    let back: Params = serde_json::from_value(json).unwrap();
    assert!(!back.require_feedback_round);
}
