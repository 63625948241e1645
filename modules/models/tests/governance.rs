//! Governance decisions: `MsgApproveModel`, `MsgRejectModel` (gov module account only) and the
//! `on_approval_failed` callback for approval proposals that end rejected.

mod common;

use common::*;
use cosmos_sdk_proto::Any;
use openledger_models::{approval_target, models_address, proto, ModelsRead, Stage};
use prost::{Message, Name};

#[test]
fn approve_moves_a_proposed_model_to_approved() {
    let mut s = setup();
    let id = propose(&mut s, 1);
    approve_as(&mut s, 2, gov(), id).unwrap();
    let m = s.model(id).unwrap().unwrap();
    assert_eq!(m.stage, Stage::Approved);
    assert_eq!(m.history_count, 2);
    let h = s.history_entry(id, 2).unwrap().unwrap();
    assert_eq!(h.from_stage, Some(Stage::Proposed));
    assert_eq!(h.to_stage, Stage::Approved);
    assert_eq!(h.actor, gov());
    assert_eq!(h.height, 2);
    // the bond stays in escrow
    assert_eq!(balance(&s, &models_address()), BOND);
    let ev = events(&s, EV_STAGE);
    assert_eq!(ev.len(), 2);
    assert_eq!(
        ev[1].attribute("to_stage"),
        Some("\"MODEL_STAGE_APPROVED\"")
    );
    assert_eq!(ev[1].attribute("seq"), Some("\"2\""));
}

#[test]
fn approve_refusals() {
    let mut s = setup();
    let id = propose(&mut s, 1);
    // a user as authority, even the creator
    let e = approve_as(&mut s, 2, addr(1), id).unwrap_err();
    assert_eq!(code(&e), ("models", 7));
    assert!(e.to_string().contains("expected gov module account"), "{e}");
    // the gov account as authority but not a signer
    let msg = openledger_models::MsgApproveModel {
        authority: gov(),
        model_id: id,
    };
    let e = run(&mut s, |f| {
        with_ctx(2, addr(1), |c| {
            openledger_models::execute_approve_model(f, c, &msg)
        })
    })
    .unwrap_err();
    assert_eq!(code(&e), ("sdk", 4));
    // unknown model
    let e = approve_as(&mut s, 2, gov(), 99).unwrap_err();
    assert_eq!(code(&e), ("models", 2));
    // only from PROPOSED
    approve(&mut s, id);
    let e = approve_as(&mut s, 3, gov(), id).unwrap_err();
    assert_eq!(code(&e), ("models", 8));
    assert_eq!(
        e.to_string(),
        "model 1 is MODEL_STAGE_APPROVED, not MODEL_STAGE_PROPOSED"
    );
    let id2 = propose(&mut s, 2);
    reject_as(&mut s, 3, gov(), id2).unwrap();
    let e = approve_as(&mut s, 4, gov(), id2).unwrap_err();
    assert_eq!(code(&e), ("models", 8));
}

#[test]
fn reject_refunds_the_bond() {
    let mut s = setup();
    let id = propose(&mut s, 1);
    let supply_before = supply(&s);
    reject_as(&mut s, 2, gov(), id).unwrap();
    let m = s.model(id).unwrap().unwrap();
    assert_eq!(m.stage, Stage::Rejected);
    assert_eq!(balance(&s, &addr(1)), FUNDS);
    assert_eq!(balance(&s, &models_address()), 0);
    assert_eq!(supply(&s), supply_before);
    let h = s.history_entry(id, 2).unwrap().unwrap();
    assert_eq!(
        (h.from_stage, h.to_stage),
        (Some(Stage::Proposed), Stage::Rejected)
    );
    let ev = events(&s, EV_BOND);
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].attribute("burned"), Some("false"));
    assert_eq!(ev[0].attribute("amount"), Some("\"1000\""));
}

#[test]
fn reject_refusals() {
    let mut s = setup();
    let id = propose(&mut s, 1);
    let e = reject_as(&mut s, 2, addr(3), id).unwrap_err();
    assert_eq!(code(&e), ("models", 7));
    let e = reject_as(&mut s, 2, gov(), 5).unwrap_err();
    assert_eq!(code(&e), ("models", 2));
    approve(&mut s, id);
    let e = reject_as(&mut s, 3, gov(), id).unwrap_err();
    assert_eq!(code(&e), ("models", 8));
    assert_eq!(s.model(id).unwrap().unwrap().stage, Stage::Approved);
}

#[test]
fn failed_approval_without_burn_refunds() {
    let mut s = setup();
    let id = propose(&mut s, 1);
    submit_own_approval(&mut s, id, addr(1), 4);
    let supply_before = supply(&s);
    approval_failed(&mut s, 9, id, 4, false).unwrap();
    let m = s.model(id).unwrap().unwrap();
    assert_eq!(m.stage, Stage::Rejected);
    assert_eq!(balance(&s, &addr(1)), FUNDS);
    assert_eq!(supply(&s), supply_before);
    let h = s.history_entry(id, 2).unwrap().unwrap();
    assert_eq!(h.actor, gov());
    assert_eq!(h.height, 9);
    assert_eq!(events(&s, EV_BOND)[0].attribute("burned"), Some("false"));
}

#[test]
fn failed_approval_with_burn_destroys_the_bond() {
    let mut s = setup();
    let id = propose(&mut s, 1);
    submit_own_approval(&mut s, id, addr(1), 4);
    let supply_before = supply(&s);
    approval_failed(&mut s, 9, id, 4, true).unwrap();
    assert_eq!(s.model(id).unwrap().unwrap().stage, Stage::Rejected);
    assert_eq!(balance(&s, &addr(1)), FUNDS - BOND);
    assert_eq!(balance(&s, &models_address()), 0);
    assert_eq!(supply(&s), supply_before - BOND);
    assert_eq!(events(&s, EV_BOND)[0].attribute("burned"), Some("true"));
    assert_eq!(events(&s, "burn").len(), 1);
}

#[test]
fn failed_approval_is_a_no_op_unless_proposed() {
    let mut s = setup();
    let id = propose(&mut s, 1);
    submit_own_approval(&mut s, id, addr(1), 1);
    approve(&mut s, id);
    let before = s.changes().clone();
    approval_failed(&mut s, 9, id, 1, true).unwrap();
    assert_eq!(s.changes(), &before);
    assert_eq!(s.model(id).unwrap().unwrap().stage, Stage::Approved);
    // unknown models too (a proposal may name any id)
    approval_failed(&mut s, 9, 42, 1, true).unwrap();
    assert_eq!(s.changes(), &before);
    // and a second call after a rejection
    let id2 = propose(&mut s, 2);
    submit_own_approval(&mut s, id2, addr(2), 2);
    approval_failed(&mut s, 9, id2, 2, false).unwrap();
    let before = s.changes().clone();
    approval_failed(&mut s, 10, id2, 2, true).unwrap();
    assert_eq!(s.changes(), &before);
    assert_eq!(balance(&s, &addr(2)), FUNDS);
}

#[test]
fn approval_target_reads_the_model_of_a_proposal_message() {
    let msg = proto::MsgApproveModel {
        authority: gov().to_string(),
        model_id: 7,
    };
    let any = Any {
        type_url: proto::MsgApproveModel::type_url(),
        value: msg.encode_to_vec(),
    };
    assert_eq!(approval_target(&any), Some(7));
    let other = Any {
        type_url: proto::MsgRejectModel::type_url(),
        value: msg.encode_to_vec(),
    };
    assert_eq!(approval_target(&other), None);
}
