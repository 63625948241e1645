//! Operators: registration, updates, unbonding through end block, slashing by governance and
//! params updates; every refusal leaves state unchanged (`run` asserts it).

mod common;

use common::*;
use openledger_attribution::{
    execute_register_operator, execute_slash_operator, execute_unbond_operator,
    execute_update_operator, AttributionRead, MsgRegisterOperator, MsgSlashOperator,
    MsgUnbondOperator, MsgUpdateOperator, OperatorStatus, Params,
};
use openledger_framework::Dec;

#[test]
fn register_escrows_the_bond() {
    let mut env = Env::new();
    let supply = env.supply();
    env.register(OP, &[1, 2]);
    let o = env.s.inference_operator(&addr(OP)).unwrap().unwrap();
    assert_eq!(o.status, OperatorStatus::Active);
    assert_eq!(o.bond, BOND);
    assert_eq!(o.models, vec![1, 2]);
    assert_eq!(o.endpoint, "https://inference.example/v1");
    assert_eq!(o.registered_height, env.height);
    assert_eq!(
        (o.inferences, o.slash_count, o.unbonding_completion),
        (0, 0, 0)
    );
    assert_eq!(env.balance(&module()), BOND);
    assert_eq!(env.balance(&addr(OP)), FUNDS - BOND);
    assert_eq!(env.supply(), supply);
    let ev = env.events(EV_REGISTERED);
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].attribute("models"), Some(r#"["1","2"]"#));
    assert_eq!(ev[0].attribute("bond"), Some("\"100000000000000000000\""));
    // a model in any stage may be served
    env.register(OP2, &[2]);
}

#[test]
fn register_refusals() {
    let mut env = Env::new();
    let ok = register_msg(OP, BOND, &[1, 3]);
    let check = |env: &mut Env, m: &MsgRegisterOperator, want: (&str, u32)| {
        let e = env.register_msg(m).unwrap_err();
        assert_eq!(code(&e), want, "{e}");
    };
    // signer
    let e = env
        .run(addr(OP2), |f, c, k| execute_register_operator(f, c, &ok, k))
        .unwrap_err();
    assert_eq!(code(&e), ("sdk", 4));
    // bond below the minimum
    check(
        &mut env,
        &register_msg(OP, BOND - 1, &[1]),
        ("attribution", 9),
    );
    // endpoint: empty, too long, not printable ASCII
    for endpoint in [
        "".to_string(),
        "e".repeat(257),
        "http://ä".into(),
        "a\tb".into(),
    ] {
        let m = MsgRegisterOperator {
            endpoint,
            ..ok.clone()
        };
        check(&mut env, &m, ("attribution", 10));
    }
    // models: none, too many, repeated, unknown
    check(&mut env, &register_msg(OP, BOND, &[]), ("attribution", 11));
    let many: Vec<u64> = (1..=65).collect();
    check(
        &mut env,
        &register_msg(OP, BOND, &many),
        ("attribution", 12),
    );
    check(
        &mut env,
        &register_msg(OP, BOND, &[1, 3, 1]),
        ("attribution", 13),
    );
    let e = env
        .register_msg(&register_msg(OP, BOND, &[1, 9]))
        .unwrap_err();
    assert_eq!(code(&e), ("attribution", 14));
    assert_eq!(e.to_string(), "unknown model 9");
    // not enough funds for the bond (bank's error)
    check(&mut env, &register_msg(OP, FUNDS + 1, &[1]), ("sdk", 5));
    // nothing was written
    assert_eq!(env.s.inference_operator(&addr(OP)).unwrap(), None);
    assert_eq!(env.balance(&module()), 0);
    // limits at the edge are accepted
    let m = MsgRegisterOperator {
        endpoint: "e".repeat(256),
        ..ok.clone()
    };
    env.register_msg(&m).unwrap();
    // registered already (ACTIVE), then UNBONDING
    check(&mut env, &ok, ("attribution", 6));
    env.unbond(OP).unwrap();
    let e = env.register_msg(&ok).unwrap_err();
    assert_eq!(code(&e), ("attribution", 6));
    assert!(e.to_string().contains("OPERATOR_STATUS_UNBONDING"), "{e}");
}

#[test]
fn update_replaces_endpoint_and_models_and_adds_bond() {
    let mut env = Env::new();
    env.register(OP, &[1]);
    let msg = MsgUpdateOperator {
        operator: addr(OP),
        endpoint: "https://new.example".into(),
        models: vec![3, 4],
        add_bond: 5 * OPEN,
    };
    env.update_msg(&msg).unwrap();
    let o = env.s.inference_operator(&addr(OP)).unwrap().unwrap();
    assert_eq!(o.endpoint, "https://new.example");
    assert_eq!(o.models, vec![3, 4]);
    assert_eq!(o.bond, BOND + 5 * OPEN);
    assert_eq!(env.balance(&module()), BOND + 5 * OPEN);
    let ev = env.events(EV_UPDATED);
    assert_eq!(ev[0].attribute("add_bond"), Some("\"5000000000000000000\""));
    assert_eq!(ev[0].attribute("bond"), Some("\"105000000000000000000\""));
    // without add_bond
    env.update_msg(&MsgUpdateOperator {
        add_bond: 0,
        ..msg.clone()
    })
    .unwrap();
    assert_eq!(env.balance(&module()), BOND + 5 * OPEN);

    // refusals
    let check = |env: &mut Env, m: &MsgUpdateOperator, want: (&str, u32)| {
        let e = env.update_msg(m).unwrap_err();
        assert_eq!(code(&e), want, "{e}");
    };
    let e = env
        .run(addr(USER), |f, c, k| execute_update_operator(f, c, &msg, k))
        .unwrap_err();
    assert_eq!(code(&e), ("sdk", 4));
    check(
        &mut env,
        &MsgUpdateOperator {
            operator: addr(OP2),
            ..msg.clone()
        },
        ("attribution", 7),
    );
    check(
        &mut env,
        &MsgUpdateOperator {
            endpoint: String::new(),
            ..msg.clone()
        },
        ("attribution", 10),
    );
    check(
        &mut env,
        &MsgUpdateOperator {
            models: vec![],
            ..msg.clone()
        },
        ("attribution", 11),
    );
    check(
        &mut env,
        &MsgUpdateOperator {
            models: vec![5],
            ..msg.clone()
        },
        ("attribution", 14),
    );
    check(
        &mut env,
        &MsgUpdateOperator {
            add_bond: FUNDS,
            ..msg.clone()
        },
        ("sdk", 5),
    );
    env.unbond(OP).unwrap();
    check(&mut env, &msg, ("attribution", 8));
}

#[test]
fn unbonding_pays_the_bond_back_at_completion() {
    let mut env = Env::new();
    env.register(OP, &[1]);
    let completion = env.unbond(OP).unwrap();
    let now = START + 5 * env.height as i64;
    assert_eq!(completion.secs, now + 1_814_400);
    let o = env.s.inference_operator(&addr(OP)).unwrap().unwrap();
    assert_eq!(o.status, OperatorStatus::Unbonding);
    assert_eq!(o.unbonding_completion, completion.secs as u64);
    assert_eq!(
        env.events(EV_UNBONDING)[0].attribute("completion_time"),
        Some(format!("\"{completion}\"").as_str())
    );
    // refusals: signer, unknown, not active
    let msg = MsgUnbondOperator { operator: addr(OP) };
    let e = env
        .run(addr(USER), |f, c, _| execute_unbond_operator(f, c, &msg))
        .unwrap_err();
    assert_eq!(code(&e), ("sdk", 4));
    assert_eq!(code(&env.unbond(OP2).unwrap_err()), ("attribution", 7));
    assert_eq!(code(&env.unbond(OP).unwrap_err()), ("attribution", 8));
    // an unbonding operator can not record
    env.deposit(USER, OPEN).unwrap();
    env.grant(USER, OP, 0, OPEN).unwrap();
    let e = env.record(&record_msg("x")).unwrap_err();
    assert_eq!(code(&e), ("attribution", 8));

    // one second early: nothing happens
    env.end_block_at(&block_at(50, completion.secs - 1))
        .unwrap();
    assert_eq!(env.balance(&addr(OP)), FUNDS - BOND);
    assert!(env.events(EV_UNBONDED).is_empty());
    // at completion the bond is paid back
    env.end_block_at(&block_at(51, completion.secs)).unwrap();
    assert_eq!(env.balance(&addr(OP)), FUNDS);
    assert_eq!(env.balance(&module()), OPEN, "only the deposit is left");
    let o = env.s.inference_operator(&addr(OP)).unwrap().unwrap();
    assert_eq!(o.status, OperatorStatus::Unbonded);
    assert_eq!((o.bond, o.unbonding_completion), (0, 0));
    let ev = env.events(EV_UNBONDED);
    assert_eq!(ev[0].attribute("amount"), Some("\"100000000000000000000\""));
    // an unbonded operator can not update or unbond, but may register again
    assert_eq!(code(&env.unbond(OP).unwrap_err()), ("attribution", 8));
    env.register(OP, &[1, 4]);
    let o = env.s.inference_operator(&addr(OP)).unwrap().unwrap();
    assert_eq!(o.status, OperatorStatus::Active);
    assert_eq!(o.models, vec![1, 4]);
}

#[test]
fn re_registration_keeps_the_stats() {
    let mut env = Env::ready();
    env.record(&record_msg("a")).unwrap();
    env.slash_as(gov(), OP, Dec::percent(10)).unwrap();
    let completion = env.unbond(OP).unwrap();
    env.end_block_at(&block_at(99, completion.secs)).unwrap();
    env.height = 100;
    env.register(OP, &[1]);
    let o = env.s.inference_operator(&addr(OP)).unwrap().unwrap();
    assert_eq!(o.inferences, 1);
    assert_eq!(o.slash_count, 1);
    assert_eq!(o.slashed_total, 10 * OPEN);
    assert_eq!(o.fees_charged, TOKEN_FEE + Params::default().platform_fee);
    assert_eq!(o.registered_height, 100);
    assert_eq!(o.bond, BOND);
}

#[test]
fn end_block_completes_at_most_max_unbondings_per_block() {
    let mut env = Env::with_params(Params {
        max_unbondings_per_block: 2,
        ..Params::default()
    });
    for op in [1u8, 2, 3] {
        env.register(op, &[1]);
    }
    // operators 3, 1, 2 unbond in that order, 1 and 2 in the same block
    env.unbond(3).unwrap();
    env.height += 1;
    let c1 = env.unbond(1).unwrap();
    let c2 = env.unbond(2).unwrap();
    assert_eq!(c1, c2);
    let t = c2.secs + 100;
    env.end_block_at(&block_at(200, t)).unwrap();
    let status = |env: &Env, op: u8| env.s.inference_operator(&addr(op)).unwrap().unwrap().status;
    // oldest completion first, then by address
    assert_eq!(status(&env, 3), OperatorStatus::Unbonded);
    assert_eq!(status(&env, 1), OperatorStatus::Unbonded);
    assert_eq!(status(&env, 2), OperatorStatus::Unbonding);
    env.end_block_at(&block_at(201, t)).unwrap();
    assert_eq!(status(&env, 2), OperatorStatus::Unbonded);
    assert_eq!(env.balance(&module()), 0);
    assert_eq!(env.events(EV_UNBONDED).len(), 3);
}

#[test]
fn governance_slashes_bonds() {
    let mut env = Env::ready();
    let supply = env.supply();
    // 1/3 of 100 OPEN, rounded down
    let third = Dec::from_ratio(1, 3).unwrap();
    let burned = env.slash_as(gov(), OP, third).unwrap();
    assert_eq!(burned, 33_333_333_333_333_333_300);
    let o = env.s.inference_operator(&addr(OP)).unwrap().unwrap();
    assert_eq!(o.bond, BOND - burned);
    assert_eq!((o.slash_count, o.slashed_total), (1, burned));
    assert_eq!(env.supply(), supply - burned);
    let ev = env.events(EV_SLASHED);
    assert_eq!(ev[0].attribute("burned"), Some("\"33333333333333333300\""));
    assert_eq!(ev[0].attribute("fraction"), Some("\"333333333333333333\""));
    assert_eq!(ev[0].attribute("reason"), Some("\"served wrong outputs\""));

    // below the minimum: no recording until bond is added
    let e = env.record(&record_msg("a")).unwrap_err();
    assert_eq!(code(&e), ("attribution", 21));
    env.update_msg(&MsgUpdateOperator {
        operator: addr(OP),
        endpoint: "https://x".into(),
        models: vec![1],
        add_bond: burned,
    })
    .unwrap();
    env.record(&record_msg("a")).unwrap();

    // refusals
    let e = env.slash_as(addr(USER), OP, third).unwrap_err();
    assert_eq!(code(&e), ("attribution", 4));
    let msg = MsgSlashOperator {
        authority: gov(),
        operator: addr(OP),
        fraction: third,
        reason: String::new(),
    };
    let e = env
        .run(addr(USER), |f, c, _| execute_slash_operator(f, c, &msg))
        .unwrap_err();
    assert_eq!(code(&e), ("sdk", 4), "gov must sign");
    for bad in [Dec::ZERO, Dec::from_atomics(Dec::ONE.atomics() + 1)] {
        let e = env.slash_as(gov(), OP, bad).unwrap_err();
        assert_eq!(code(&e), ("attribution", 15));
    }
    let e = env.slash_as(gov(), OP2, third).unwrap_err();
    assert_eq!(code(&e), ("attribution", 7));

    // a slash while unbonding lowers what is paid back; the whole bond may be burned
    let completion = env.unbond(OP).unwrap();
    let burned = env.slash_as(gov(), OP, Dec::ONE).unwrap();
    assert_eq!(burned, BOND);
    let before = env.balance(&addr(OP));
    env.end_block_at(&block_at(500, completion.secs)).unwrap();
    assert_eq!(env.balance(&addr(OP)), before);
    let o = env.s.inference_operator(&addr(OP)).unwrap().unwrap();
    assert_eq!((o.status, o.slash_count), (OperatorStatus::Unbonded, 2));
    // unbonded: nothing to slash
    let e = env.slash_as(gov(), OP, third).unwrap_err();
    assert_eq!(code(&e), ("attribution", 16));
}

#[test]
fn params_are_updated_by_governance_only() {
    let mut env = Env::new();
    let p = Params {
        platform_fee: 0,
        min_operator_bond: OPEN,
        ..Params::default()
    };
    let e = env.update_params_as(addr(1), p.clone()).unwrap_err();
    assert_eq!(code(&e), ("attribution", 4));
    let msg = openledger_attribution::MsgUpdateParams {
        authority: gov(),
        params: p.clone(),
    };
    let e = env
        .run(addr(1), |f, c, _| {
            openledger_attribution::execute_update_params(f, c, &msg)
        })
        .unwrap_err();
    assert_eq!(code(&e), ("sdk", 4));
    let bad = Params {
        data_share: Dec::percent(30),
        ..Params::default()
    };
    assert_eq!(
        code(&env.update_params_as(gov(), bad).unwrap_err()),
        ("attribution", 2)
    );
    env.update_params_as(gov(), p.clone()).unwrap();
    assert_eq!(env.s.attribution_params().unwrap(), p);
    let ev = env.events(EV_PARAMS);
    assert_eq!(ev.len(), 1);
    assert!(ev[0]
        .attribute("params")
        .unwrap()
        .contains("\"min_operator_bond\":\"1000000000000000000\""));
    // the new minimum applies to the next registration
    env.register_msg(&register_msg(OP, OPEN, &[1])).unwrap();
    // and the platform fee of 0 to the next inference
    env.deposit(USER, OPEN).unwrap();
    env.grant(USER, OP, 0, OPEN).unwrap();
    let out = env.record(&record_msg("free-platform")).unwrap();
    assert_eq!(out.fee, TOKEN_FEE);
}
