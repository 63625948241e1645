//! `MsgAdvanceModel`: the full lifecycle with its history, governance as actor, illegal
//! transitions, missing evidence and the other refusals.

mod common;

use common::*;
use openledger_models::{models_address, proto, Evidence, ModelsRead, MsgAdvanceModel, Stage};

#[test]
fn full_lifecycle_with_history() {
    let mut s = setup();
    let c = addr(1);
    let id = propose(&mut s, 1);
    approve(&mut s, id);
    advance(&mut s, 3, c, id, Stage::DataCollection, Evidence::default()).unwrap();
    advance(&mut s, 4, c, id, Stage::FineTuning, Evidence::default()).unwrap();
    advance(&mut s, 5, c, id, Stage::Alignment, training_evidence()).unwrap();
    assert!(!s.is_deployed(id).unwrap());
    assert_eq!(s.model(id).unwrap().unwrap().latest_version, 0);
    advance(&mut s, 6, c, id, Stage::Deployed, adapter_evidence(0xbb)).unwrap();
    assert!(s.is_deployed(id).unwrap());

    // deployment publishes version 1 from the model's base model and datanet versions
    let m = s.model(id).unwrap().unwrap();
    assert_eq!(m.latest_version, 1);
    let v = s.model_version(id, 1).unwrap().unwrap();
    assert_eq!(v.adapter_hash, hash(0xbb));
    assert_eq!(v.base_model, "llama-3-8b");
    assert_eq!(v.parent_version, 0);
    assert_eq!(v.datanet_versions, vec![dref(1, 1), dref(2, 3)]);
    assert_eq!(v.publisher, c);
    assert_eq!(v.height, 6);
    let ev = events(&s, EV_VERSION);
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].attribute("version"), Some("\"1\""));
    assert_eq!(
        ev[0].attribute("adapter_hash"),
        Some(format!("\"{}\"", "bb".repeat(32)).as_str())
    );

    advance(&mut s, 7, c, id, Stage::Retired, Evidence::default()).unwrap();
    assert!(!s.is_deployed(id).unwrap());
    // retirement pays the bond back; versions stay
    assert_eq!(balance(&s, &addr(1)), FUNDS);
    assert_eq!(balance(&s, &models_address()), 0);
    assert!(s.model_version(id, 1).unwrap().is_some());
    assert_eq!(events(&s, EV_BOND).len(), 1);

    let m = s.model(id).unwrap().unwrap();
    assert_eq!(m.stage, Stage::Retired);
    assert_eq!(m.history_count, 7);
    let steps: Vec<(Option<Stage>, Stage, u64)> = (1..=7)
        .map(|seq| {
            let h = s.history_entry(id, seq).unwrap().unwrap();
            assert_eq!(h.seq, seq);
            (h.from_stage, h.to_stage, h.height)
        })
        .collect();
    assert_eq!(
        steps,
        vec![
            (None, Stage::Proposed, 1),
            (Some(Stage::Proposed), Stage::Approved, 2),
            (Some(Stage::Approved), Stage::DataCollection, 3),
            (Some(Stage::DataCollection), Stage::FineTuning, 4),
            (Some(Stage::FineTuning), Stage::Alignment, 5),
            (Some(Stage::Alignment), Stage::Deployed, 6),
            (Some(Stage::Deployed), Stage::Retired, 7),
        ]
    );
    let h = s.history_entry(id, 5).unwrap().unwrap();
    assert_eq!(h.evidence, training_evidence());
    assert_eq!(h.actor, c);
    assert_eq!(
        s.history_entry(id, 6).unwrap().unwrap().evidence,
        adapter_evidence(0xbb)
    );
    let ev = events(&s, EV_STAGE);
    assert_eq!(ev.len(), 7);
    assert_eq!(
        ev[4].attribute("evidence"),
        Some(
            format!(
                r#"{{"adapter_hash":"","metrics":"loss=0.12","training_run_hash":"{}"}}"#,
                "aa".repeat(32)
            )
            .as_str()
        )
    );
}

#[test]
fn governance_may_advance_and_retire() {
    let mut s = setup();
    let id = propose(&mut s, 1);
    approve(&mut s, id);
    advance(
        &mut s,
        3,
        gov(),
        id,
        Stage::DataCollection,
        Evidence::default(),
    )
    .unwrap();
    advance(&mut s, 4, gov(), id, Stage::Retired, Evidence::default()).unwrap();
    let m = s.model(id).unwrap().unwrap();
    assert_eq!(m.stage, Stage::Retired);
    assert_eq!(s.history_entry(id, 4).unwrap().unwrap().actor, gov());
    // the bond goes to the creator, not to the actor
    assert_eq!(balance(&s, &addr(1)), FUNDS);
    assert_eq!(balance(&s, &gov()), 0);
}

#[test]
fn retirement_from_every_active_stage() {
    for steps in 0..=4 {
        let mut s = setup();
        let c = addr(1);
        let id = propose(&mut s, 1);
        approve(&mut s, id);
        let path = [
            (Stage::DataCollection, Evidence::default()),
            (Stage::FineTuning, Evidence::default()),
            (Stage::Alignment, training_evidence()),
            (Stage::Deployed, adapter_evidence(1)),
        ];
        for (i, (to, ev)) in path.into_iter().take(steps).enumerate() {
            advance(&mut s, 3 + i as u64, c, id, to, ev).unwrap();
        }
        advance(&mut s, 10, c, id, Stage::Retired, Evidence::default()).unwrap();
        assert_eq!(balance(&s, &c), FUNDS, "after {steps} steps");
    }
}

#[test]
fn illegal_transitions_name_both_stages_and_change_nothing() {
    let mut s = setup();
    let c = addr(1);
    let id = propose(&mut s, 1);
    let illegal = |s: &mut openledger_framework::delta::MemState, to: Stage, ev: Evidence| {
        let e = advance(s, 9, c, id, to, ev).unwrap_err();
        assert_eq!(code(&e), ("models", 9), "{e}");
        e
    };
    // nothing moves a PROPOSED model but governance
    let e = illegal(&mut s, Stage::DataCollection, Evidence::default());
    assert_eq!(
        e.to_string(),
        "model 1: illegal transition from MODEL_STAGE_PROPOSED to MODEL_STAGE_DATA_COLLECTION"
    );
    illegal(&mut s, Stage::Approved, Evidence::default());
    illegal(&mut s, Stage::Retired, Evidence::default());
    approve(&mut s, id);
    // no skipping, no going back, no re-entering governance stages
    illegal(&mut s, Stage::FineTuning, Evidence::default());
    illegal(&mut s, Stage::Deployed, adapter_evidence(1));
    illegal(&mut s, Stage::Approved, Evidence::default());
    illegal(&mut s, Stage::Proposed, Evidence::default());
    illegal(&mut s, Stage::Rejected, Evidence::default());
    advance(&mut s, 3, c, id, Stage::DataCollection, Evidence::default()).unwrap();
    illegal(&mut s, Stage::DataCollection, Evidence::default());
    illegal(&mut s, Stage::Approved, Evidence::default());
    advance(&mut s, 4, c, id, Stage::FineTuning, Evidence::default()).unwrap();
    let e = illegal(&mut s, Stage::DataCollection, Evidence::default());
    assert!(e
        .to_string()
        .contains("from MODEL_STAGE_FINE_TUNING to MODEL_STAGE_DATA_COLLECTION"));
    advance(&mut s, 5, c, id, Stage::Retired, Evidence::default()).unwrap();
    // terminal
    illegal(&mut s, Stage::Deployed, adapter_evidence(1));
    illegal(&mut s, Stage::Retired, Evidence::default());
    // REJECTED is terminal too
    let id2 = propose(&mut s, 2);
    reject_as(&mut s, 6, gov(), id2).unwrap();
    let e = advance(&mut s, 7, addr(2), id2, Stage::Retired, Evidence::default()).unwrap_err();
    assert_eq!(code(&e), ("models", 9));
}

#[test]
fn missing_evidence_is_refused() {
    let mut s = setup();
    let c = addr(1);
    let id = propose(&mut s, 1);
    approve(&mut s, id);
    advance(&mut s, 3, c, id, Stage::DataCollection, Evidence::default()).unwrap();
    advance(&mut s, 4, c, id, Stage::FineTuning, Evidence::default()).unwrap();
    // an adapter hash is not a training run hash
    let e = advance(&mut s, 5, c, id, Stage::Alignment, adapter_evidence(1)).unwrap_err();
    assert_eq!(code(&e), ("models", 10));
    assert_eq!(
        e.to_string(),
        "model 1: MODEL_STAGE_FINE_TUNING -> MODEL_STAGE_ALIGNMENT requires evidence.training_run_hash"
    );
    advance(&mut s, 5, c, id, Stage::Alignment, training_evidence()).unwrap();
    let e = advance(&mut s, 6, c, id, Stage::Deployed, training_evidence()).unwrap_err();
    assert_eq!(code(&e), ("models", 10));
    assert!(e.to_string().ends_with("requires evidence.adapter_hash"));
    assert_eq!(s.model(id).unwrap().unwrap().stage, Stage::Alignment);
    assert_eq!(s.model_version(id, 1).unwrap(), None);
}

#[test]
fn advance_refusals() {
    let mut s = setup();
    let id = propose(&mut s, 1);
    approve(&mut s, id);
    // neither creator nor gov
    let e = advance(
        &mut s,
        3,
        addr(2),
        id,
        Stage::DataCollection,
        Evidence::default(),
    )
    .unwrap_err();
    assert_eq!(code(&e), ("models", 11));
    assert!(e.to_string().contains("nor the gov module account"), "{e}");
    // the actor did not sign
    let msg = MsgAdvanceModel {
        actor: addr(1),
        model_id: id,
        to_stage: Stage::DataCollection,
        evidence: Evidence::default(),
    };
    let e = run(&mut s, |f| {
        with_ctx(3, addr(2), |c| {
            openledger_models::execute_advance_model(f, c, &MockDatanets, &MockFeedback, &msg)
        })
    })
    .unwrap_err();
    assert_eq!(code(&e), ("sdk", 4));
    // unknown model
    let e = advance(
        &mut s,
        3,
        addr(1),
        9,
        Stage::DataCollection,
        Evidence::default(),
    )
    .unwrap_err();
    assert_eq!(code(&e), ("models", 2));
    // metrics longer than max_evidence_len
    let ev = Evidence {
        metrics: "m".repeat(2049),
        ..Evidence::default()
    };
    let e = advance(&mut s, 3, addr(1), id, Stage::DataCollection, ev).unwrap_err();
    assert_eq!(code(&e), ("models", 14));
    assert_eq!(s.model(id).unwrap().unwrap().stage, Stage::Approved);
}

#[test]
fn advance_message_is_checked_statelessly() {
    let ok = proto::MsgAdvanceModel {
        actor: addr(1).to_string(),
        model_id: 1,
        to_stage: proto::ModelStage::Deployed as i32,
        evidence: Some(proto::Evidence {
            training_run_hash: String::new(),
            adapter_hash: "AB01".into(),
            metrics: "ok".into(),
        }),
    };
    let m = MsgAdvanceModel::try_from(&ok).unwrap();
    assert_eq!(m.to_stage, Stage::Deployed);
    assert_eq!(m.evidence.adapter_hash.unwrap().to_hex(), "ab01");
    assert_eq!(m.evidence.training_run_hash, None);
    let mut p = ok.clone();
    p.evidence = None;
    assert_eq!(
        MsgAdvanceModel::try_from(&p).unwrap().evidence,
        Evidence::default()
    );
    let mut p = ok.clone();
    p.to_stage = 0;
    assert_eq!(
        code(&MsgAdvanceModel::try_from(&p).unwrap_err()),
        ("models", 21)
    );
    let mut p = ok.clone();
    p.to_stage = 42;
    assert_eq!(
        code(&MsgAdvanceModel::try_from(&p).unwrap_err()),
        ("models", 21)
    );
    let mut p = ok.clone();
    p.evidence.as_mut().unwrap().training_run_hash = "xyz".into();
    assert_eq!(
        code(&MsgAdvanceModel::try_from(&p).unwrap_err()),
        ("models", 16)
    );
    let mut p = ok.clone();
    p.evidence.as_mut().unwrap().adapter_hash = "00".repeat(65);
    assert_eq!(
        code(&MsgAdvanceModel::try_from(&p).unwrap_err()),
        ("models", 16)
    );
}
