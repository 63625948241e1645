//! Inference balances and grants: deposit, withdraw, grant, revoke and their refusals (each
//! leaves state unchanged; `run` asserts it), and the stateless checks of every message's
//! conversion from its protobuf form.

mod common;

use common::*;
use cosmos_sdk_proto::cosmos::base::v1beta1::Coin as PbCoin;
use openledger_attribution::{
    execute_deposit, execute_grant, execute_revoke, execute_withdraw, proto, AttributionEntry,
    AttributionRead, MsgClaimRewards, MsgDeposit, MsgGrant, MsgRecordInference,
    MsgRegisterOperator, MsgRevoke, MsgSlashOperator, MsgUnbondOperator, MsgUpdateOperator,
    MsgUpdateParams, MsgWithdraw, Params,
};
use openledger_framework::Dec;

#[test]
fn deposit_and_withdraw() {
    let mut env = Env::new();
    assert_eq!(env.deposit(USER, 10 * OPEN).unwrap(), 10 * OPEN);
    assert_eq!(env.deposit(USER, 5).unwrap(), 10 * OPEN + 5);
    assert_eq!(env.balance(&module()), 10 * OPEN + 5);
    assert_eq!(env.balance(&addr(USER)), FUNDS - 10 * OPEN - 5);
    let ev = env.events(EV_DEPOSIT);
    assert_eq!(ev[1].attribute("balance"), Some("\"10000000000000000005\""));

    // a withdrawal is requested: nothing moves until the delay has passed
    assert_eq!(env.withdraw(USER, 5).unwrap(), 5);
    assert_eq!(env.s.inference_balance(&addr(USER)).unwrap(), 10 * OPEN + 5);
    assert_eq!(env.events(EV_WITHDRAW).len(), 0);
    assert_eq!(
        env.events("openledger.attribution.v1.EventWithdrawalRequested")
            .len(),
        1
    );
    let w = env.s.pending_withdrawal(&addr(USER)).unwrap().unwrap();
    let delay = env.s.attribution_params().unwrap().withdrawal_delay_secs;
    assert_eq!(
        w.completion,
        u64::try_from(env.block().time_unix_secs).unwrap() + delay
    );
    env.end_block().unwrap();
    assert_eq!(env.s.inference_balance(&addr(USER)).unwrap(), 10 * OPEN + 5);
    env.pass_withdrawal_delay();
    assert_eq!(env.s.inference_balance(&addr(USER)).unwrap(), 10 * OPEN);
    assert_eq!(env.s.pending_withdrawal(&addr(USER)).unwrap(), None);
    // 0 is everything
    assert_eq!(env.withdraw(USER, 0).unwrap(), 10 * OPEN);
    env.pass_withdrawal_delay();
    assert_eq!(env.s.inference_balance(&addr(USER)).unwrap(), 0);
    assert_eq!(env.balance(&addr(USER)), FUNDS);
    assert_eq!(env.balance(&module()), 0);
    let ev = env.events(EV_WITHDRAW);
    assert_eq!(ev.len(), 2);
    assert_eq!(ev[1].attribute("balance"), Some("\"0\""));
}

#[test]
fn deposit_and_withdraw_refusals() {
    let mut env = Env::new();
    let msg = MsgDeposit {
        user: addr(USER),
        amount: OPEN,
    };
    let e = env
        .run(addr(OP), |f, c, _| execute_deposit(f, c, &msg))
        .unwrap_err();
    assert_eq!(code(&e), ("sdk", 4));
    assert_eq!(code(&env.deposit(USER, 0).unwrap_err()), ("sdk", 10));
    assert_eq!(code(&env.deposit(USER, FUNDS + 1).unwrap_err()), ("sdk", 5));
    // nothing to withdraw
    let e = env.withdraw(USER, 0).unwrap_err();
    assert_eq!(code(&e), ("attribution", 18));
    env.deposit(USER, OPEN).unwrap();
    let e = env.withdraw(USER, OPEN + 1).unwrap_err();
    assert_eq!(code(&e), ("attribution", 17));
    assert_eq!(
        e.to_string(),
        "inference balance 1000000000000000000aopen is less than 1000000000000000001aopen"
    );
    let msg = MsgWithdraw {
        user: addr(USER),
        amount: 0,
    };
    let e = env
        .run(addr(OP), |f, c, _| execute_withdraw(f, c, &msg))
        .unwrap_err();
    assert_eq!(code(&e), ("sdk", 4));
    assert_eq!(env.s.inference_balance(&addr(USER)).unwrap(), OPEN);
}

#[test]
fn grants_are_set_replaced_and_revoked() {
    let mut env = Env::new();
    // the operator need not be registered
    env.grant(USER, OP, 0, 7).unwrap();
    env.grant(USER, OP, 3, 9).unwrap();
    assert_eq!(
        env.s.inference_grant(&addr(USER), &addr(OP), 0).unwrap(),
        Some(7)
    );
    env.grant(USER, OP, 0, 11).unwrap();
    assert_eq!(
        env.s.inference_grant(&addr(USER), &addr(OP), 0).unwrap(),
        Some(11)
    );
    let ev = env.events(EV_GRANT);
    assert_eq!(ev.len(), 3);
    assert_eq!(ev[2].attribute("spend_limit"), Some("\"11\""));
    assert_eq!(ev[1].attribute("model_id"), Some("\"3\""));

    // a revocation is requested: the grant stays until the delay has passed
    env.revoke(USER, OP, 3).unwrap();
    assert_eq!(
        env.s.inference_grant(&addr(USER), &addr(OP), 3).unwrap(),
        Some(9)
    );
    assert_eq!(env.events(EV_REVOKE).len(), 0);
    // asking again keeps the first completion time
    let first = env.s.grant_revocation(&addr(USER), &addr(OP), 3).unwrap();
    assert!(first.is_some());
    env.end_block().unwrap();
    env.revoke(USER, OP, 3).unwrap();
    assert_eq!(
        env.s.grant_revocation(&addr(USER), &addr(OP), 3).unwrap(),
        first
    );
    env.pass_withdrawal_delay();
    assert_eq!(
        env.s.inference_grant(&addr(USER), &addr(OP), 3).unwrap(),
        None
    );
    assert_eq!(env.events(EV_REVOKE).len(), 1);

    // refusals
    let msg = MsgGrant {
        user: addr(USER),
        operator: addr(OP),
        model_id: 0,
        spend_limit: 1,
    };
    let e = env
        .run(addr(OP), |f, c, _| execute_grant(f, c, &msg))
        .unwrap_err();
    assert_eq!(code(&e), ("sdk", 4));
    assert_eq!(
        code(&env.grant(USER, USER, 0, 1).unwrap_err()),
        ("attribution", 19)
    );
    assert_eq!(code(&env.grant(USER, OP, 0, 0).unwrap_err()), ("sdk", 10));
    let e = env.revoke(USER, OP, 3).unwrap_err();
    assert_eq!(code(&e), ("attribution", 20));
    assert_eq!(
        code(&env.revoke(USER2, OP, 0).unwrap_err()),
        ("attribution", 20)
    );
    let msg = MsgRevoke {
        user: addr(USER),
        operator: addr(OP),
        model_id: 0,
    };
    let e = env
        .run(addr(OP), |f, c, _| execute_revoke(f, c, &msg))
        .unwrap_err();
    assert_eq!(code(&e), ("sdk", 4));
    assert_eq!(
        env.s.inference_grant(&addr(USER), &addr(OP), 0).unwrap(),
        Some(11)
    );
}

fn coin(denom: &str, amount: &str) -> Option<PbCoin> {
    Some(PbCoin {
        denom: denom.into(),
        amount: amount.into(),
    })
}

#[test]
fn messages_are_checked_statelessly() {
    let a = addr(1).to_string();
    let b = addr(2).to_string();
    let err = |e: openledger_attribution::AttributionError| code(&e);

    // register
    let p = proto::MsgRegisterOperator {
        operator: a.clone(),
        bond: coin("aopen", "100"),
        endpoint: "https://x".into(),
        models: vec![1, 2],
    };
    let m = MsgRegisterOperator::try_from(&p).unwrap();
    assert_eq!((m.bond, m.models.clone()), (100, vec![1, 2]));
    assert_eq!(m.signers(), vec![addr(1)]);
    let bad = |f: &dyn Fn(&mut proto::MsgRegisterOperator)| {
        let mut q = p.clone();
        f(&mut q);
        err(MsgRegisterOperator::try_from(&q).unwrap_err())
    };
    assert_eq!(bad(&|q| q.operator = "cosmos1xyz".into()), ("sdk", 7));
    assert_eq!(bad(&|q| q.bond = coin("bopen", "100")), ("attribution", 5));
    assert_eq!(bad(&|q| q.bond = coin("aopen", "0")), ("sdk", 10));
    assert_eq!(bad(&|q| q.bond = coin("aopen", "")), ("sdk", 10));
    assert_eq!(bad(&|q| q.bond = coin("aopen", "1.5")), ("sdk", 10));
    assert_eq!(bad(&|q| q.bond = None), ("sdk", 10));
    assert_eq!(bad(&|q| q.endpoint = "e".repeat(4097)), ("attribution", 10));
    assert_eq!(
        bad(&|q| q.models = (1..=1025).collect()),
        ("attribution", 12)
    );

    // update: add_bond is optional but positive when given
    let p = proto::MsgUpdateOperator {
        operator: a.clone(),
        endpoint: "https://x".into(),
        models: vec![1],
        add_bond: None,
    };
    assert_eq!(MsgUpdateOperator::try_from(&p).unwrap().add_bond, 0);
    let q = proto::MsgUpdateOperator {
        add_bond: coin("aopen", "7"),
        ..p.clone()
    };
    assert_eq!(MsgUpdateOperator::try_from(&q).unwrap().add_bond, 7);
    let q = proto::MsgUpdateOperator {
        add_bond: coin("aopen", "0"),
        ..p.clone()
    };
    assert_eq!(
        err(MsgUpdateOperator::try_from(&q).unwrap_err()),
        ("sdk", 10)
    );
    let q = proto::MsgUpdateOperator {
        add_bond: coin("uatom", "7"),
        ..p.clone()
    };
    assert_eq!(
        err(MsgUpdateOperator::try_from(&q).unwrap_err()),
        ("attribution", 5)
    );

    // unbond, claim
    let m = MsgUnbondOperator::try_from(&proto::MsgUnbondOperator {
        operator: a.clone(),
    })
    .unwrap();
    assert_eq!(m.signers(), vec![addr(1)]);
    assert!(MsgClaimRewards::try_from(&proto::MsgClaimRewards {
        claimant: "x".into()
    })
    .is_err());

    // slash: fraction in (0, 1] as Dec atomics, bounded reason
    let p = proto::MsgSlashOperator {
        authority: a.clone(),
        operator: b.clone(),
        fraction: "500000000000000000".into(),
        reason: "r".into(),
    };
    let m = MsgSlashOperator::try_from(&p).unwrap();
    assert_eq!(m.fraction, Dec::percent(50));
    assert_eq!(m.signers(), vec![addr(1)]);
    for f in ["", "0", "1000000000000000001", "0.5", "-1"] {
        let q = proto::MsgSlashOperator {
            fraction: f.into(),
            ..p.clone()
        };
        assert_eq!(
            err(MsgSlashOperator::try_from(&q).unwrap_err()),
            ("attribution", 15),
            "{f:?}"
        );
    }
    let q = proto::MsgSlashOperator {
        fraction: "1000000000000000000".into(),
        reason: "r".repeat(1025),
        ..p.clone()
    };
    assert_eq!(
        err(MsgSlashOperator::try_from(&q).unwrap_err()),
        ("attribution", 44)
    );

    // deposit, withdraw
    let p = proto::MsgDeposit {
        user: a.clone(),
        amount: coin("aopen", "5"),
    };
    assert_eq!(MsgDeposit::try_from(&p).unwrap().amount, 5);
    let q = proto::MsgDeposit {
        amount: None,
        ..p.clone()
    };
    assert_eq!(err(MsgDeposit::try_from(&q).unwrap_err()), ("sdk", 10));
    let w = |amount| {
        MsgWithdraw::try_from(&proto::MsgWithdraw {
            user: a.clone(),
            amount,
        })
    };
    assert_eq!(w(None).unwrap().amount, 0);
    assert_eq!(w(coin("aopen", "0")).unwrap().amount, 0);
    assert_eq!(w(coin("aopen", "9")).unwrap().amount, 9);
    assert_eq!(err(w(coin("bopen", "9")).unwrap_err()), ("attribution", 5));

    // grant, revoke
    let g = |limit: &str| {
        MsgGrant::try_from(&proto::MsgGrant {
            user: a.clone(),
            operator: b.clone(),
            model_id: 4,
            spend_limit: limit.into(),
        })
    };
    assert_eq!(g("12").unwrap().spend_limit, 12);
    assert_eq!(err(g("").unwrap_err()), ("sdk", 10));
    assert_eq!(err(g("0").unwrap_err()), ("sdk", 10));
    assert_eq!(err(g("1open").unwrap_err()), ("sdk", 10));
    assert!(MsgRevoke::try_from(&proto::MsgRevoke {
        user: a.clone(),
        operator: "bad".into(),
        model_id: 0,
    })
    .is_err());

    // record: hard caps on the lists and the request id
    let p = proto::MsgRecordInference {
        operator: a.clone(),
        user: b.clone(),
        model_id: 1,
        model_version: 0,
        input_tokens: 1,
        output_tokens: 2,
        output_hash: vec![1; 32],
        prompt_hash: vec![],
        request_id: "r".into(),
        attribution: vec![proto::AttributionEntry {
            contribution_id: 3,
            weight_ppm: 1_000_000,
        }],
        engine_version: 1,
        engine_params_id: 1,
        evidence_hash: vec![7; 32],
        adapter_hash: String::new(),
    };
    let m = MsgRecordInference::try_from(&p).unwrap();
    assert_eq!(
        m.attribution,
        vec![AttributionEntry {
            contribution_id: 3,
            weight_ppm: 1_000_000
        }]
    );
    assert_eq!(m.signers(), vec![addr(1)]);
    let q = proto::MsgRecordInference {
        attribution: vec![p.attribution[0]; 1025],
        ..p.clone()
    };
    assert_eq!(
        err(MsgRecordInference::try_from(&q).unwrap_err()),
        ("attribution", 31)
    );
    let q = proto::MsgRecordInference {
        request_id: "r".repeat(1025),
        ..p.clone()
    };
    assert_eq!(
        err(MsgRecordInference::try_from(&q).unwrap_err()),
        ("attribution", 25)
    );
    let q = proto::MsgRecordInference {
        user: String::new(),
        ..p.clone()
    };
    assert_eq!(
        err(MsgRecordInference::try_from(&q).unwrap_err()),
        ("sdk", 7)
    );

    // params
    let p = proto::MsgUpdateParams {
        authority: a.clone(),
        params: Some(Params::default().to_proto()),
    };
    assert_eq!(
        MsgUpdateParams::try_from(&p).unwrap().params,
        Params::default()
    );
    let q = proto::MsgUpdateParams {
        params: None,
        ..p.clone()
    };
    assert_eq!(
        err(MsgUpdateParams::try_from(&q).unwrap_err()),
        ("attribution", 2)
    );
    let mut bad = Params::default().to_proto();
    bad.max_unbondings_per_block = 0;
    let q = proto::MsgUpdateParams {
        params: Some(bad),
        ..p
    };
    assert_eq!(
        err(MsgUpdateParams::try_from(&q).unwrap_err()),
        ("attribution", 2)
    );
}
