//! `MsgProposeModel`: the success path and every refusal (each refusal leaves state unchanged;
//! `run` asserts it).

mod common;

use common::*;
use cosmos_sdk_proto::cosmos::base::v1beta1::Coin as PbCoin;
use openledger_models::{models_address, proto, ModelsRead, MsgProposeModel, Stage};

#[test]
fn propose_escrows_the_bond_and_records_the_model() {
    let mut s = setup();
    let supply_before = supply(&s);
    let id = propose_at(&mut s, 7, &propose_msg(1)).unwrap();
    assert_eq!(id, 1);
    let m = s.model(id).unwrap().unwrap();
    assert_eq!(m.creator, addr(1));
    assert_eq!(m.stage, Stage::Proposed);
    assert_eq!(m.bond, BOND);
    assert_eq!(m.datanet_versions, vec![dref(1, 1), dref(2, 3)]);
    assert_eq!(m.pricing, pricing(10, 20));
    assert_eq!(m.pricing_effective_height, 7);
    assert_eq!(m.latest_version, 0);
    assert_eq!(m.history_count, 1);
    assert_eq!(m.created_height, 7);
    assert_eq!(balance(&s, &models_address()), BOND);
    assert_eq!(balance(&s, &addr(1)), FUNDS - BOND);
    assert_eq!(supply(&s), supply_before);
    assert!(!s.is_deployed(id).unwrap());
    assert_eq!(s.next_model_id().unwrap(), 2);

    let h = s.history_entry(id, 1).unwrap().unwrap();
    assert_eq!(h.from_stage, None);
    assert_eq!(h.to_stage, Stage::Proposed);
    assert_eq!(h.height, 7);
    assert_eq!(h.time.secs, START + 35);
    assert_eq!(h.actor, addr(1));

    // the initial pricing is in effect from the proposal's height
    assert_eq!(s.pricing_at(id, 6).unwrap(), None);
    assert_eq!(s.pricing_at(id, 7).unwrap(), Some(pricing(10, 20)));
    assert_eq!(s.pricing_at(id, 1_000).unwrap(), Some(pricing(10, 20)));

    let ev = events(&s, EV_PROPOSED);
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].attribute("model_id"), Some("\"1\""));
    assert_eq!(ev[0].attribute("bond"), Some("\"1000\""));
    assert_eq!(
        ev[0].attribute("creator"),
        Some(format!("\"{}\"", addr(1)).as_str())
    );
    assert_eq!(
        ev[0].attribute("datanet_versions"),
        Some(r#"[{"datanet_id":"1","version":"1"},{"datanet_id":"2","version":"3"}]"#)
    );
    let keys: Vec<&str> = ev[0].attributes.iter().map(|a| a.key.as_str()).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "attributes are sorted by key");
    let ev = events(&s, EV_STAGE);
    assert_eq!(ev.len(), 1);
    assert_eq!(
        ev[0].attribute("from_stage"),
        Some("\"MODEL_STAGE_UNSPECIFIED\"")
    );
    assert_eq!(
        ev[0].attribute("to_stage"),
        Some("\"MODEL_STAGE_PROPOSED\"")
    );
    assert!(!events(&s, "transfer").is_empty());

    // ids are sequential
    assert_eq!(propose(&mut s, 2), 2);
    assert_eq!(balance(&s, &models_address()), 2 * BOND);
}

#[test]
fn propose_refusals() {
    let mut s = setup();
    let ok = propose_msg(1);
    let check =
        |s: &mut openledger_framework::delta::MemState, m: &MsgProposeModel, want: (&str, u32)| {
            let e = propose_at(s, 1, m).unwrap_err();
            assert_eq!(code(&e), want, "{e}");
        };
    // signer
    let e = run(&mut s, |f| {
        with_ctx(1, addr(2), |c| {
            openledger_models::execute_propose_model(f, c, &MockDatanets, &ok)
        })
    })
    .unwrap_err();
    assert_eq!(code(&e), ("sdk", 4));
    // bond below the minimum
    let mut m = ok.clone();
    m.bond = BOND - 1;
    check(&mut s, &m, ("models", 5));
    // a datanet version that does not exist
    let mut m = ok.clone();
    m.datanet_versions = vec![dref(1, 1), dref(9, 1)];
    let e = propose_at(&mut s, 1, &m).unwrap_err();
    assert_eq!(code(&e), ("models", 4));
    assert_eq!(e.to_string(), "datanet 9 has no version 1");
    let mut m = ok.clone();
    m.datanet_versions = vec![dref(1, 4)];
    check(&mut s, &m, ("models", 4));
    // lengths from the params
    let mut m = ok.clone();
    m.name = "n".repeat(65);
    check(&mut s, &m, ("models", 14));
    let mut m = ok.clone();
    m.description = "d".repeat(4097);
    check(&mut s, &m, ("models", 14));
    let mut m = ok.clone();
    m.base_model = "b".repeat(513);
    check(&mut s, &m, ("models", 14));
    let mut m = ok.clone();
    m.intended_use = "u".repeat(513);
    check(&mut s, &m, ("models", 14));
    // too many datanet versions
    let mut m = ok.clone();
    m.datanet_versions = (1..=17).map(|v| dref(1, v)).collect();
    check(&mut s, &m, ("models", 18));
    // not enough funds for the bond
    let mut m = ok.clone();
    m.bond = FUNDS + 1;
    check(&mut s, &m, ("sdk", 5));
    // nothing was recorded
    assert_eq!(s.model(1).unwrap(), None);
    assert_eq!(s.next_model_id().unwrap(), 1);
    // the limits at the edge are accepted
    let mut m = ok.clone();
    m.name = "n".repeat(64);
    m.datanet_versions = (1..=3)
        .flat_map(|d| (1..=3).map(move |v| dref(d, v)))
        .collect();
    assert_eq!(propose_at(&mut s, 1, &m).unwrap(), 1);
}

fn proto_msg() -> proto::MsgProposeModel {
    proto::MsgProposeModel {
        creator: addr(1).to_string(),
        name: "legal-llm".into(),
        description: String::new(),
        base_model: "llama-3-8b".into(),
        intended_use: String::new(),
        datanet_versions: vec![proto::DatanetVersionRef {
            datanet_id: 1,
            version: 2,
        }],
        bond: Some(PbCoin {
            denom: "aopen".into(),
            amount: "1000".into(),
        }),
        pricing: Some(proto::Pricing {
            rate_in_per_1000: "5".into(),
            rate_out_per_1000: "0".into(),
        }),
    }
}

#[test]
fn propose_message_is_checked_statelessly() {
    let m = MsgProposeModel::try_from(&proto_msg()).unwrap();
    assert_eq!(m.creator, addr(1));
    assert_eq!(m.bond, 1000);
    assert_eq!(m.pricing, pricing(5, 0));
    assert_eq!(m.datanet_versions, vec![dref(1, 2)]);
    assert_eq!(m.signers(), vec![addr(1)]);

    let refuse = |f: &dyn Fn(&mut proto::MsgProposeModel), want: (&str, u32)| {
        let mut p = proto_msg();
        f(&mut p);
        let e = MsgProposeModel::try_from(&p).unwrap_err();
        assert_eq!(code(&e), want, "{e}");
    };
    refuse(&|p| p.creator = "cosmos1xyz".into(), ("sdk", 7));
    refuse(&|p| p.name = "  ".into(), ("models", 15));
    refuse(&|p| p.base_model = String::new(), ("models", 15));
    refuse(&|p| p.datanet_versions.clear(), ("models", 15));
    refuse(
        &|p| p.datanet_versions.push(p.datanet_versions[0]),
        ("models", 19),
    );
    refuse(
        &|p| {
            p.datanet_versions = (1..=257)
                .map(|v| proto::DatanetVersionRef {
                    datanet_id: 1,
                    version: v,
                })
                .collect()
        },
        ("models", 18),
    );
    refuse(
        &|p| p.bond.as_mut().unwrap().denom = "bopen".into(),
        ("models", 6),
    );
    refuse(
        &|p| p.bond.as_mut().unwrap().amount = "0".into(),
        ("sdk", 10),
    );
    refuse(
        &|p| p.bond.as_mut().unwrap().amount = "1.5".into(),
        ("sdk", 10),
    );
    refuse(&|p| p.bond = None, ("sdk", 10));
    refuse(&|p| p.pricing = None, ("models", 17));
    refuse(
        &|p| p.pricing.as_mut().unwrap().rate_out_per_1000 = "-1".into(),
        ("models", 17),
    );
}
