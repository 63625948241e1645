//! `MsgPublishModelVersion`: versions of deployed models, their immutable lineage, and every
//! refusal.

mod common;

use common::*;
use openledger_models::{proto, Evidence, ModelsRead, MsgPublishModelVersion, Params, Stage};

#[test]
fn publish_adds_versions_with_lineage() {
    let mut s = setup();
    let id = deployed(&mut s, 1);
    // parent 0 = latest; base model and datanets inherited
    let n = publish_at(&mut s, 10, addr(1), &publish_msg(1, id, 0)).unwrap();
    assert_eq!(n, 2);
    let v2 = s.model_version(id, 2).unwrap().unwrap();
    assert_eq!(v2.parent_version, 1);
    assert_eq!(v2.base_model, "llama-3-8b");
    assert_eq!(v2.datanet_versions, vec![dref(1, 1), dref(2, 3)]);
    assert_eq!(v2.adapter_hash, hash(0xcc));
    assert_eq!(v2.height, 10);
    assert_eq!(v2.publisher, addr(1));
    // a branch from version 1 on newer data of an approved datanet and another base model
    let mut m = publish_msg(1, id, 1);
    m.base_model = "mistral-7b".into();
    m.datanet_versions = vec![dref(2, 2)];
    m.adapter_hash = hash(0xdd);
    assert_eq!(publish_at(&mut s, 11, addr(1), &m).unwrap(), 3);
    let v3 = s.model_version(id, 3).unwrap().unwrap();
    assert_eq!(v3.parent_version, 1);
    assert_eq!(v3.base_model, "mistral-7b");
    assert_eq!(v3.datanet_versions, vec![dref(2, 2)]);
    // earlier versions are untouched
    assert_eq!(s.model_version(id, 2).unwrap().unwrap(), v2);
    assert_eq!(s.model(id).unwrap().unwrap().latest_version, 3);
    let ev = events(&s, EV_VERSION);
    assert_eq!(ev.len(), 3);
    assert_eq!(ev[2].attribute("version"), Some("\"3\""));
    assert_eq!(ev[2].attribute("parent_version"), Some("\"1\""));
    assert_eq!(
        ev[2].attribute("datanet_versions"),
        Some(r#"[{"datanet_id":"2","version":"2"}]"#)
    );
    // publishing is not a stage transition
    assert_eq!(s.model(id).unwrap().unwrap().history_count, 6);
}

#[test]
fn publish_refusals() {
    let mut s = setup();
    let id = deployed(&mut s, 1);
    let ok = publish_msg(1, id, 0);
    let check = |s: &mut openledger_framework::delta::MemState,
                 m: &MsgPublishModelVersion,
                 want: (&str, u32)| {
        let e = publish_at(s, 10, m.creator, m).unwrap_err();
        assert_eq!(code(&e), want, "{e}");
    };
    // signer
    let e = publish_at(&mut s, 10, addr(2), &ok).unwrap_err();
    assert_eq!(code(&e), ("sdk", 4));
    // not the creator (nor the gov module account)
    check(&mut s, &publish_msg(2, id, 0), ("models", 11));
    // unknown model
    check(&mut s, &publish_msg(1, 77, 0), ("models", 2));
    // unknown parent version
    let e = publish_at(&mut s, 10, addr(1), &publish_msg(1, id, 5)).unwrap_err();
    assert_eq!(code(&e), ("models", 3));
    assert_eq!(e.to_string(), "model 1 has no version 5");
    // unknown datanet version
    let mut m = ok.clone();
    m.datanet_versions = vec![dref(1, 1), dref(1, 4)];
    check(&mut s, &m, ("models", 4));
    // more references than max_datanet_refs
    let mut m = ok.clone();
    m.datanet_versions = (1..=17).map(|v| dref(1, v)).collect();
    check(&mut s, &m, ("models", 18));
    // base model longer than max_text_len
    let mut m = ok.clone();
    m.base_model = "b".repeat(513);
    check(&mut s, &m, ("models", 14));
    assert_eq!(s.model(id).unwrap().unwrap().latest_version, 1);

    // models that are not deployed
    let approved = propose(&mut s, 3);
    approve(&mut s, approved);
    let e = publish_at(&mut s, 10, addr(3), &publish_msg(3, approved, 0)).unwrap_err();
    assert_eq!(code(&e), ("models", 12));
    assert_eq!(
        e.to_string(),
        format!("model {approved} is MODEL_STAGE_APPROVED, not MODEL_STAGE_DEPLOYED")
    );
    advance(&mut s, 11, addr(1), id, Stage::Retired, Evidence::default()).unwrap();
    check(&mut s, &ok, ("models", 12));
}

#[test]
fn the_version_count_is_bounded() {
    let mut s = setup_with(Params {
        max_versions_per_model: 2,
        ..test_params()
    });
    let id = deployed(&mut s, 1);
    assert_eq!(
        publish_at(&mut s, 10, addr(1), &publish_msg(1, id, 0)).unwrap(),
        2
    );
    let e = publish_at(&mut s, 11, addr(1), &publish_msg(1, id, 0)).unwrap_err();
    assert_eq!(code(&e), ("models", 20));
}

#[test]
fn publish_message_is_checked_statelessly() {
    let ok = proto::MsgPublishModelVersion {
        creator: addr(1).to_string(),
        model_id: 1,
        adapter_hash: "ff".repeat(32),
        base_model: String::new(),
        parent_version: 0,
        datanet_versions: vec![],
    };
    let m = MsgPublishModelVersion::try_from(&ok).unwrap();
    assert_eq!(m.adapter_hash.as_bytes(), &[0xff; 32]);
    assert!(m.datanet_versions.is_empty());
    let mut p = ok.clone();
    p.adapter_hash = String::new();
    assert_eq!(
        code(&MsgPublishModelVersion::try_from(&p).unwrap_err()),
        ("models", 15)
    );
    let mut p = ok.clone();
    p.adapter_hash = "0g".into();
    assert_eq!(
        code(&MsgPublishModelVersion::try_from(&p).unwrap_err()),
        ("models", 16)
    );
    let mut p = ok.clone();
    p.base_model = " ".into();
    assert_eq!(
        code(&MsgPublishModelVersion::try_from(&p).unwrap_err()),
        ("models", 15)
    );
    let mut p = ok.clone();
    let r = proto::DatanetVersionRef {
        datanet_id: 1,
        version: 1,
    };
    p.datanet_versions = vec![r, r];
    assert_eq!(
        code(&MsgPublishModelVersion::try_from(&p).unwrap_err()),
        ("models", 19)
    );
}

/// The attack: after approval the creator trains on datanets governance never saw and
/// publishes the result as a new version. Refused: a creator's version may use the approved
/// datanets only (any of their versions); the gov module account may publish on any.
#[test]
fn the_creator_cannot_publish_on_datanets_governance_never_saw() {
    let mut s = setup();
    // approved on datanets 1 and 2
    let id = deployed(&mut s, 1);
    let mut m = publish_msg(1, id, 0);
    m.datanet_versions = vec![dref(3, 1)];
    let e = publish_at(&mut s, 10, addr(1), &m).unwrap_err();
    assert_eq!(code(&e), ("models", 27), "{e}");
    assert_eq!(
        e.to_string(),
        "model 1: datanet 3 is not one of the datanets governance approved; only a governance \
         proposal may publish on it"
    );
    // smuggled in beside approved ones
    m.datanet_versions = vec![dref(1, 2), dref(3, 3)];
    let e = publish_at(&mut s, 10, addr(1), &m).unwrap_err();
    assert_eq!(code(&e), ("models", 27));
    assert_eq!(s.model(id).unwrap().unwrap().latest_version, 1);
    // any version of an approved datanet, and a subset of them, is fine
    m.datanet_versions = vec![dref(1, 3)];
    assert_eq!(publish_at(&mut s, 11, addr(1), &m).unwrap(), 2);

    // governance (a passed proposal) may publish on new datanets
    let mut g = publish_msg(1, id, 0);
    g.creator = gov();
    g.datanet_versions = vec![dref(1, 3), dref(3, 1)];
    assert_eq!(publish_at(&mut s, 12, gov(), &g).unwrap(), 3);
    let v3 = s.model_version(id, 3).unwrap().unwrap();
    assert_eq!(v3.publisher, gov());
    // the creator cannot inherit governance's extra datanets by leaving the list empty
    let e = publish_at(&mut s, 13, addr(1), &publish_msg(1, id, 3)).unwrap_err();
    assert_eq!(code(&e), ("models", 27));
    // the gov account still needs a deployed model, like the creator
    let other = propose(&mut s, 2);
    let mut g = publish_msg(1, other, 0);
    g.creator = gov();
    let e = publish_at(&mut s, 13, gov(), &g).unwrap_err();
    assert_eq!(code(&e), ("models", 12));
}
