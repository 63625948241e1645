//! Genesis export/import round trip (mid-round and settled), refused genesis, and queries.

mod common;

use common::*;
use openledger_feedback::{proto, GenesisState, OPEN};
use openledger_framework::delta::MemState;

/// Two validators, one settled round, one round with a commit and a reveal pending, one
/// unbonding.
fn busy_state() -> MemState {
    let mut s = setup();
    for n in 3..=5 {
        register(&mut s, 1, addr(n), OPEN).unwrap();
    }
    let r1 = fund(&mut s, 2, &fund_msg(2 * OPEN, 2)).unwrap();
    commit(&mut s, 3, addr(3), r1, &[1, 2]).unwrap();
    commit(&mut s, 3, addr(4), r1, &[1, 3]).unwrap();
    reveal(&mut s, 11, addr(3), r1, &[1, 2]).unwrap();
    reveal(&mut s, 11, addr(4), r1, &[1, 3]).unwrap();
    end(&mut s, 20);
    let mut m = fund_msg(OPEN, 1);
    m.commit_deadline_height = 30;
    m.reveal_deadline_height = 40;
    let r2 = fund(&mut s, 21, &m).unwrap();
    commit(&mut s, 22, addr(3), r2, &[9]).unwrap();
    unbond(&mut s, 22, addr(5)).unwrap();
    s
}

/// A fresh state with the bank balances of `s` and `g` imported.
fn import(s: &MemState, g: &GenesisState) -> Result<MemState, openledger_feedback::FeedbackError> {
    let bank = openledger_bank::GenesisState::export(s).unwrap();
    let mut t = MemState::empty();
    bank.init(&mut t).unwrap();
    g.init(&mut t)?;
    Ok(t)
}

#[test]
fn genesis_round_trips_mid_round() {
    let s = busy_state();
    let g = GenesisState::export(&s).unwrap();
    assert_eq!(
        (g.rounds.len(), g.results.len(), g.unbondings.len()),
        (2, 1, 1)
    );
    let json = serde_json::to_value(&g).unwrap();
    let back: GenesisState = serde_json::from_value(json).unwrap();
    assert_eq!(back, g);
    let mut t = import(&s, &back).unwrap();
    check_invariants(&t);
    assert_eq!(GenesisState::export(&t).unwrap(), g);
    // the imported chain finishes the open round and the unbonding like the original
    let mut s = s;
    reveal(&mut s, 31, addr(3), 2, &[9]).unwrap();
    reveal(&mut t, 31, addr(3), 2, &[9]).unwrap();
    end(&mut s, 40);
    end(&mut t, 40);
    assert_eq!(
        GenesisState::export(&s).unwrap(),
        GenesisState::export(&t).unwrap()
    );
}

#[test]
fn inconsistent_genesis_is_refused() {
    let s = busy_state();
    let g = GenesisState::export(&s).unwrap();
    let mut bad = Vec::new();
    let mut x = g.clone();
    x.next_round_id = 2;
    bad.push(x);
    let mut x = g.clone();
    x.validators[0].open_rounds += 1;
    bad.push(x);
    let mut x = g.clone();
    x.results.clear();
    bad.push(x);
    let mut x = g.clone();
    x.commitments.push(x.commitments[0].clone());
    bad.push(x);
    let mut x = g.clone();
    x.rounds[1].commit_count = 0;
    bad.push(x);
    let mut x = g.clone();
    x.validators.push(x.validators[0].clone());
    bad.push(x);
    for x in bad {
        let e = x.validate().unwrap_err();
        assert_eq!(code(&e), ("feedback", 26), "{e}");
    }
    // valid on its own, but the escrow does not hold it
    let mut x = g.clone();
    x.validators[0].bond += 1;
    x.validate().unwrap();
    let Err(e) = import(&s, &x) else {
        panic!("a genesis the escrow does not hold was imported")
    };
    assert_eq!(code(&e), ("feedback", 26));
}

#[test]
fn queries_answer_validators_rounds_and_results() {
    let s = busy_state();
    let v = openledger_feedback::query_validator(
        &s,
        &proto::QueryValidatorRequest {
            address: addr(3).to_string(),
        },
    )
    .unwrap();
    assert_eq!(v.validator.unwrap().open_rounds, 1);
    let u = openledger_feedback::query_validator(
        &s,
        &proto::QueryValidatorRequest {
            address: addr(5).to_string(),
        },
    )
    .unwrap();
    assert!(u.validator.is_none());
    assert_eq!(u.unbonding.unwrap().completion_height, 32);
    let e = openledger_feedback::query_validator(
        &s,
        &proto::QueryValidatorRequest {
            address: addr(9).to_string(),
        },
    )
    .unwrap_err();
    assert_eq!(code(&e), ("feedback", 2));
    // paged validators
    let page = openledger_feedback::query_validators(
        &s,
        &proto::QueryValidatorsRequest {
            pagination: Some(
                cosmos_sdk_proto::cosmos::base::query::v1beta1::PageRequest {
                    limit: 1,
                    ..Default::default()
                },
            ),
        },
    )
    .unwrap();
    assert_eq!(page.validators.len(), 1);
    let next = page.pagination.unwrap().next_key;
    let page2 = openledger_feedback::query_validators(
        &s,
        &proto::QueryValidatorsRequest {
            pagination: Some(
                cosmos_sdk_proto::cosmos::base::query::v1beta1::PageRequest {
                    key: next,
                    limit: 10,
                    ..Default::default()
                },
            ),
        },
    )
    .unwrap();
    assert_eq!(page2.validators.len(), 1);
    assert!(page2.pagination.unwrap().next_key.is_empty());
    // rounds
    let r =
        openledger_feedback::query_round(&s, &proto::QueryRoundRequest { round_id: 1 }).unwrap();
    assert_eq!(r.round.unwrap().status, proto::RoundStatus::Settled as i32);
    assert_eq!(r.commitments.len(), 2);
    let all = openledger_feedback::query_rounds(&s, &proto::QueryRoundsRequest::default()).unwrap();
    assert_eq!(all.rounds.len(), 2);
    let none = openledger_feedback::query_rounds(
        &s,
        &proto::QueryRoundsRequest {
            model_id: 2,
            pagination: None,
        },
    )
    .unwrap();
    assert!(none.rounds.is_empty());
    let mine = openledger_feedback::query_rounds(
        &s,
        &proto::QueryRoundsRequest {
            model_id: 1,
            pagination: None,
        },
    )
    .unwrap();
    assert_eq!(mine.rounds.len(), 2);
    // results
    let res = openledger_feedback::query_round_result(
        &s,
        &proto::QueryRoundResultRequest { round_id: 1 },
    )
    .unwrap()
    .result
    .unwrap();
    assert_eq!(res.consensus, vec![1, 2]);
    let e = openledger_feedback::query_round_result(
        &s,
        &proto::QueryRoundResultRequest { round_id: 2 },
    )
    .unwrap_err();
    assert_eq!(
        (code(&e), e.to_string()),
        (("feedback", 28), "round 2 is not settled".into())
    );
    let e = openledger_feedback::query_round(&s, &proto::QueryRoundRequest { round_id: 0 })
        .unwrap_err();
    assert_eq!(code(&e), ("sdk", 18));
    let e = openledger_feedback::query_round(&s, &proto::QueryRoundRequest { round_id: 7 })
        .unwrap_err();
    assert_eq!(code(&e), ("feedback", 14));
    let settled = openledger_feedback::query_settled_rounds(
        &s,
        &proto::QuerySettledRoundsRequest {
            model_id: 1,
            model_version: 0,
        },
    )
    .unwrap();
    assert_eq!(settled.results.len(), 1);
    let p = openledger_feedback::query_params(&s, &proto::QueryParamsRequest {}).unwrap();
    assert_eq!(p.params.unwrap().min_validator_bond, OPEN.to_string());
}
