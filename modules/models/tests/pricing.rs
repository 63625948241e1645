//! `MsgSetPricing` and `pricing_at`: new rates apply from the next height only.

mod common;

use common::*;
use openledger_models::{proto, Evidence, ModelsRead, MsgSetPricing, Stage};

#[test]
fn pricing_takes_effect_from_the_next_height() {
    let mut s = setup();
    let id = propose_at(&mut s, 3, &propose_msg(1)).unwrap();
    let eff = set_pricing(&mut s, 10, addr(1), id, pricing(11, 22)).unwrap();
    assert_eq!(eff, 11);
    // inferences of height 10 keep the old rates
    assert_eq!(s.pricing_at(id, 10).unwrap(), Some(pricing(10, 20)));
    assert_eq!(s.pricing_at(id, 11).unwrap(), Some(pricing(11, 22)));
    let m = s.model(id).unwrap().unwrap();
    assert_eq!(m.pricing, pricing(11, 22));
    assert_eq!(m.pricing_effective_height, 11);
    let ev = events(&s, EV_PRICING);
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].attribute("effective_height"), Some("\"11\""));
    assert_eq!(
        ev[0].attribute("pricing"),
        Some(r#"{"rate_in_per_1000":"11","rate_out_per_1000":"22"}"#)
    );

    // a second change in the same block replaces the first
    set_pricing(&mut s, 10, addr(1), id, pricing(12, 0)).unwrap();
    assert_eq!(s.pricing_at(id, 11).unwrap(), Some(pricing(12, 0)));
    assert_eq!(s.pricing_at(id, 10).unwrap(), Some(pricing(10, 20)));

    set_pricing(&mut s, 20, addr(1), id, pricing(30, 40)).unwrap();
    assert_eq!(s.pricing_at(id, 2).unwrap(), None);
    assert_eq!(s.pricing_at(id, 3).unwrap(), Some(pricing(10, 20)));
    assert_eq!(s.pricing_at(id, 15).unwrap(), Some(pricing(12, 0)));
    assert_eq!(s.pricing_at(id, 20).unwrap(), Some(pricing(12, 0)));
    assert_eq!(s.pricing_at(id, 21).unwrap(), Some(pricing(30, 40)));
    assert_eq!(s.pricing_at(id, u64::MAX).unwrap(), Some(pricing(30, 40)));
    // unknown models have no pricing
    assert_eq!(s.pricing_at(id + 1, 21).unwrap(), None);
}

#[test]
fn pricing_at_finds_the_entry_in_a_long_history() {
    let mut s = setup();
    let id = propose(&mut s, 1);
    let id2 = propose(&mut s, 2);
    for h in (5..200).step_by(7) {
        set_pricing(&mut s, h, addr(1), id, pricing(u128::from(h), 1)).unwrap();
    }
    for h in 1..210u64 {
        let want = if h < 6 {
            pricing(10, 20)
        } else {
            // the last change made at a height below h
            let made = (5..200).step_by(7).filter(|m| *m < h).last().unwrap();
            pricing(u128::from(made), 1)
        };
        assert_eq!(s.pricing_at(id, h).unwrap(), Some(want), "height {h}");
        // the other model's history is separate
        assert_eq!(s.pricing_at(id2, h).unwrap(), Some(pricing(10, 20)));
    }
}

#[test]
fn pricing_is_allowed_in_every_non_terminal_stage() {
    let mut s = setup();
    let c = addr(1);
    let id = propose(&mut s, 1);
    set_pricing(&mut s, 1, c, id, pricing(1, 1)).unwrap();
    approve(&mut s, id);
    set_pricing(&mut s, 2, c, id, pricing(2, 2)).unwrap();
    let path = [
        (Stage::DataCollection, Evidence::default()),
        (Stage::FineTuning, Evidence::default()),
        (Stage::Alignment, training_evidence()),
        (Stage::Deployed, adapter_evidence(1)),
    ];
    for (i, (to, ev)) in path.into_iter().enumerate() {
        let h = 3 + i as u64;
        advance(&mut s, h, c, id, to, ev).unwrap();
        set_pricing(&mut s, h, c, id, pricing(u128::from(h), 0)).unwrap();
    }
    advance(&mut s, 10, c, id, Stage::Retired, Evidence::default()).unwrap();
    let e = set_pricing(&mut s, 11, c, id, pricing(9, 9)).unwrap_err();
    assert_eq!(code(&e), ("models", 13));
    assert_eq!(
        e.to_string(),
        "model 1 is MODEL_STAGE_RETIRED, a terminal stage"
    );
    let id2 = propose(&mut s, 2);
    reject_as(&mut s, 12, gov(), id2).unwrap();
    let e = set_pricing(&mut s, 13, addr(2), id2, pricing(9, 9)).unwrap_err();
    assert_eq!(code(&e), ("models", 13));
}

#[test]
fn pricing_refusals() {
    let mut s = setup();
    let id = propose(&mut s, 1);
    // another account, even governance
    let e = set_pricing(&mut s, 2, addr(2), id, pricing(1, 1)).unwrap_err();
    assert_eq!(code(&e), ("models", 11));
    let e = set_pricing(&mut s, 2, gov(), id, pricing(1, 1)).unwrap_err();
    assert_eq!(code(&e), ("models", 11));
    // the creator did not sign
    let msg = MsgSetPricing {
        creator: addr(1),
        model_id: id,
        pricing: pricing(1, 1),
    };
    let e = run(&mut s, |f| {
        with_ctx(2, addr(2), |c| {
            openledger_models::execute_set_pricing(f, c, &msg)
        })
    })
    .unwrap_err();
    assert_eq!(code(&e), ("sdk", 4));
    // unknown model
    let e = set_pricing(&mut s, 2, addr(1), 8, pricing(1, 1)).unwrap_err();
    assert_eq!(code(&e), ("models", 2));
    assert_eq!(s.pricing_at(id, 3).unwrap(), Some(pricing(10, 20)));
    // rates must be integer aopen
    for (i, o) in [("1.5", "1"), ("", "1"), ("1", "x"), ("-3", "0")] {
        let p = proto::MsgSetPricing {
            creator: addr(1).to_string(),
            model_id: id,
            rate_in_per_1000: i.into(),
            rate_out_per_1000: o.into(),
        };
        assert_eq!(
            code(&MsgSetPricing::try_from(&p).unwrap_err()),
            ("models", 17)
        );
    }
}
