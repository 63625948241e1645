//! Feedback validators: registration, bonds, unbonding, and every refusal.

mod common;

use common::*;
use openledger_feedback::{
    execute_register_validator, execute_update_params, gov_address, FeedbackRead,
    MsgRegisterFeedbackValidator, MsgUpdateParams, Params, OPEN,
};

#[test]
fn register_add_and_unbond_return_the_bond_after_the_delay() {
    let mut s = setup();
    let v = addr(3);
    register(&mut s, 1, v, 2 * OPEN).unwrap();
    assert_eq!(add_bond(&mut s, 2, v, OPEN).unwrap(), 3 * OPEN);
    assert_eq!(escrow(&s), 3 * OPEN);
    assert_eq!(balance(&s, &v), FUNDS - 3 * OPEN);
    let done = unbond(&mut s, 5, v).unwrap();
    assert_eq!(done, 15);
    assert!(s.feedback_validator(&v).unwrap().is_none());
    assert_eq!(s.unbonding(&v).unwrap().unwrap().amount, 3 * OPEN);
    end(&mut s, 14);
    assert_eq!(escrow(&s), 3 * OPEN);
    end(&mut s, 15);
    assert_eq!(escrow(&s), 0);
    assert_eq!(balance(&s, &v), FUNDS);
    assert!(s.unbonding(&v).unwrap().is_none());
    assert_eq!(
        events(&s, "openledger.feedback.v1.EventUnbondingCompleted").len(),
        1
    );
}

#[test]
fn leaving_twice_before_the_first_bond_returns_returns_both_later() {
    let mut s = setup();
    let v = addr(3);
    register(&mut s, 1, v, OPEN).unwrap();
    unbond(&mut s, 2, v).unwrap();
    register(&mut s, 3, v, 2 * OPEN).unwrap();
    assert_eq!(unbond(&mut s, 4, v).unwrap(), 14);
    end(&mut s, 12);
    assert_eq!(escrow(&s), 3 * OPEN);
    end(&mut s, 14);
    assert_eq!(escrow(&s), 0);
    assert_eq!(balance(&s, &v), FUNDS);
}

#[test]
fn registration_refusals() {
    let mut s = setup();
    let v = addr(3);
    // below the minimum bond
    let e = register(&mut s, 1, v, OPEN - 1).unwrap_err();
    assert_eq!(code(&e), ("feedback", 4));
    assert_eq!(
        e.to_string(),
        format!("bond {}aopen is below the minimum {}aopen", OPEN - 1, OPEN)
    );
    // not signed by the validator
    let m = MsgRegisterFeedbackValidator {
        validator: v,
        bond: OPEN,
    };
    let e = run(&mut s, |f| {
        with_ctx(1, addr(4), |c| execute_register_validator(f, c, &m))
    })
    .unwrap_err();
    assert_eq!(code(&e), ("sdk", 4));
    // more than it holds
    let e = register(&mut s, 1, v, FUNDS + 1).unwrap_err();
    assert_eq!(code(&e), ("sdk", 5));
    register(&mut s, 1, v, OPEN).unwrap();
    // twice
    let e = register(&mut s, 2, v, OPEN).unwrap_err();
    assert_eq!(code(&e), ("feedback", 3));
    assert_eq!(
        e.to_string(),
        format!("{v} is already a feedback validator")
    );
}

#[test]
fn add_bond_and_unbond_refusals() {
    let mut s = setup();
    let v = addr(3);
    let e = add_bond(&mut s, 1, v, OPEN).unwrap_err();
    assert_eq!(code(&e), ("feedback", 2));
    assert_eq!(e.to_string(), format!("{v} is not a feedback validator"));
    let e = unbond(&mut s, 1, v).unwrap_err();
    assert_eq!(code(&e), ("feedback", 2));
    // committed to an unsettled round: refused until it settles
    register(&mut s, 1, v, OPEN).unwrap();
    let round = fund(&mut s, 2, &fund_msg(OPEN, 1)).unwrap();
    commit(&mut s, 3, v, round, &[1]).unwrap();
    let e = unbond(&mut s, 4, v).unwrap_err();
    assert_eq!(code(&e), ("feedback", 7));
    assert_eq!(
        e.to_string(),
        format!("{v} has committed to 1 unsettled round(s) and cannot unbond")
    );
    end(&mut s, 20);
    assert_eq!(unbond(&mut s, 21, v).unwrap(), 31);
}

#[test]
fn wire_form_refusals() {
    use openledger_feedback::proto;
    use openledger_feedback::{MsgAddFeedbackBond, MsgFundRound, MsgRevealScores};
    let coin = |denom: &str, amount: &str| {
        Some(cosmos_sdk_proto::cosmos::base::v1beta1::Coin {
            denom: denom.into(),
            amount: amount.into(),
        })
    };
    let who = addr(3).to_string();
    let reg = |bond| proto::MsgRegisterFeedbackValidator {
        validator: who.clone(),
        bond,
    };
    assert!(MsgRegisterFeedbackValidator::try_from(&reg(coin("aopen", "5"))).is_ok());
    for (bond, want) in [
        (None, ("sdk", 10)),
        (coin("bopen", "5"), ("feedback", 5)),
        (coin("aopen", "0"), ("sdk", 10)),
        (coin("aopen", "x"), ("sdk", 10)),
    ] {
        let e = MsgRegisterFeedbackValidator::try_from(&reg(bond)).unwrap_err();
        assert_eq!(code(&e), want);
    }
    let e = MsgAddFeedbackBond::try_from(&proto::MsgAddFeedbackBond {
        validator: "nope".into(),
        amount: coin("aopen", "5"),
    })
    .unwrap_err();
    assert_eq!(code(&e), ("sdk", 7));
    // fund: items and deadlines
    let fund = |items: Vec<String>, commit, reveal| proto::MsgFundRound {
        creator: who.clone(),
        model_id: 1,
        model_version: 0,
        reward: coin("aopen", "5"),
        item_hashes: items,
        commit_deadline_height: commit,
        reveal_deadline_height: reveal,
    };
    assert!(MsgFundRound::try_from(&fund(items(2), 5, 6)).is_ok());
    for (m, want) in [
        (fund(vec![], 5, 6), 12),
        (fund(vec!["AB".into()], 5, 6), 12),
        (fund(vec!["xyz".into()], 5, 6), 12),
        (fund(vec!["ab".repeat(65)], 5, 6), 12),
        (fund(vec!["ab".into(), "ab".into()], 5, 6), 12),
        (fund(items(2), 6, 6), 13),
    ] {
        let e = MsgFundRound::try_from(&m).unwrap_err();
        assert_eq!(code(&e), ("feedback", want), "{e}");
    }
    // commitments and salts
    let e = openledger_feedback::MsgCommitScores::try_from(&proto::MsgCommitScores {
        validator: who.clone(),
        round_id: 1,
        commitment: "ab".into(),
    })
    .unwrap_err();
    assert_eq!(code(&e), ("feedback", 18));
    let rev = |scores: Vec<u32>, salt: &str| proto::MsgRevealScores {
        validator: who.clone(),
        round_id: 1,
        scores,
        salt: salt.into(),
    };
    assert!(MsgRevealScores::try_from(&rev(vec![1], "00")).is_ok());
    for (m, want) in [
        (rev(vec![1], ""), 24),
        (rev(vec![1], "0"), 24),
        (rev(vec![1], &"00".repeat(65)), 24),
        (rev(vec![], "00"), 23),
    ] {
        let e = MsgRevealScores::try_from(&m).unwrap_err();
        assert_eq!(code(&e), ("feedback", want), "{e}");
    }
}

#[test]
fn params_change_only_by_governance() {
    let mut s = setup();
    let p = Params {
        min_validator_bond: 5 * OPEN,
        ..test_params()
    };
    let m = MsgUpdateParams {
        authority: addr(3),
        params: p.clone(),
    };
    let e = run(&mut s, |f| {
        with_ctx(1, addr(3), |c| execute_update_params(f, c, &m))
    })
    .unwrap_err();
    assert_eq!(code(&e), ("feedback", 6));
    let m = MsgUpdateParams {
        authority: gov_address(),
        params: p.clone(),
    };
    // gov did not sign
    let e = run(&mut s, |f| {
        with_ctx(1, addr(3), |c| execute_update_params(f, c, &m))
    })
    .unwrap_err();
    assert_eq!(code(&e), ("sdk", 4));
    run(&mut s, |f| {
        with_ctx(1, gov_address(), |c| execute_update_params(f, c, &m))
    })
    .unwrap();
    assert_eq!(s.feedback_params().unwrap(), p);
    assert_eq!(
        code(&register(&mut s, 2, addr(3), OPEN).unwrap_err()),
        ("feedback", 4)
    );
    // invalid params never reach state
    let mut bad = p.to_proto();
    bad.max_score = 0;
    let e = openledger_feedback::MsgUpdateParams::try_from(
        &openledger_feedback::proto::MsgUpdateParams {
            authority: gov_address().to_string(),
            params: Some(bad),
        },
    )
    .unwrap_err();
    assert_eq!(code(&e), ("feedback", 25));
}

#[test]
fn a_bond_slashed_to_nothing_leaves_nothing_to_return() {
    let mut s = setup_with(Params {
        slash_fraction: openledger_framework::Dec::ONE,
        ..test_params()
    });
    let (a, b) = (addr(3), addr(4));
    register(&mut s, 1, a, 2 * OPEN).unwrap();
    register(&mut s, 1, b, OPEN).unwrap();
    let id = fund(&mut s, 2, &fund_msg(OPEN, 1)).unwrap();
    commit(&mut s, 3, a, id, &[0]).unwrap();
    commit(&mut s, 3, b, id, &[10_000]).unwrap();
    reveal(&mut s, 11, a, id, &[0]).unwrap();
    reveal(&mut s, 11, b, id, &[10_000]).unwrap();
    end(&mut s, 20);
    assert_eq!(s.feedback_validator(&b).unwrap().unwrap().bond, 0);
    assert_eq!(balance(&s, &community()), OPEN);
    assert_eq!(unbond(&mut s, 21, b).unwrap(), 31);
    assert!(s.unbonding(&b).unwrap().is_none());
    end(&mut s, 31);
    assert_eq!(escrow(&s), 2 * OPEN);
}
