//! MsgUnjail, MsgUpdateParams and MsgUpdateEvidenceParams: success and every refusal.
//! Refusals run on a fork and must leave it without changes.

mod common;

use common::*;
use cosmos_sdk_proto::cosmos::slashing::v1beta1 as pb;
use openledger_framework::{Address, Dec, ModuleError, MsgCtx, StateDelta, VALOPER_PREFIX};
use openledger_slashing::mock::{MockCall, MOCK_UNJAIL_REFUSAL_CODE};
use openledger_slashing::{
    execute_unjail, execute_update_evidence_params, execute_update_params, proto, MsgUnjail,
    MsgUpdateEvidenceParams, MsgUpdateParams, Params, SlashingError, SlashingRead,
};

fn gov() -> Address {
    Address::module("gov")
}

/// Validator 1 jailed for downtime at height 12 (jailed until block(12) + 600 s).
fn jailed_env() -> Env {
    let mut env = Env::new(small_params(), 2);
    for h in 1..=12u64 {
        env.begin(h, &[vote(1, false), vote(2, true)], &[]);
    }
    assert!(env.validator(1).jailed);
    env.keeper.clear_calls();
    env.take_events();
    env
}

fn unjail_at(env: &Env, time: i64, signer: Address, n: u8) -> (Result<(), SlashingError>, bool) {
    let mut b = block(500);
    b.time_unix_secs = time;
    let signers = [signer];
    let ctx = MsgCtx {
        block: &b,
        signers: &signers,
        msg_index: 0,
    };
    let mut fork = StateDelta::new(&env.state);
    let r = execute_unjail(
        &mut fork,
        &env.keeper,
        &ctx,
        &MsgUnjail {
            validator: operator(n),
        },
    );
    let unchanged = fork.changes().is_empty();
    (r, unchanged)
}

fn code(r: &Result<(), SlashingError>) -> (&'static str, u32) {
    let e = r.as_ref().unwrap_err();
    (e.codespace(), e.code())
}

#[test]
fn unjail_after_the_jail_time_calls_staking() {
    let mut env = jailed_env();
    let until = block(12).time_unix_secs + 600;
    let b = {
        let mut b = block(500);
        b.time_unix_secs = until; // jailed_until itself is already free
        b
    };
    let signers = [operator(1)];
    let ctx = MsgCtx {
        block: &b,
        signers: &signers,
        msg_index: 0,
    };
    execute_unjail(
        &mut env.state,
        &env.keeper,
        &ctx,
        &MsgUnjail {
            validator: operator(1),
        },
    )
    .unwrap();
    assert!(!env.validator(1).jailed);
    assert_eq!(env.keeper.calls(), vec![MockCall::Unjail(operator(1))]);
}

#[test]
fn unjail_refusals_have_sdk_codes_and_change_nothing() {
    let mut env = jailed_env();
    let until = block(12).time_unix_secs + 600;

    // still jailed
    let (r, unchanged) = unjail_at(&env, until - 1, operator(1), 1);
    assert_eq!(code(&r), ("slashing", 4));
    assert!(unchanged);
    // not signed by the operator's account
    let (r, unchanged) = unjail_at(&env, until, operator(2), 1);
    assert_eq!(code(&r), ("sdk", 4));
    assert!(unchanged);
    // unknown validator
    let (r, unchanged) = unjail_at(&env, until, operator(9), 9);
    assert_eq!(code(&r), ("slashing", 2));
    assert!(unchanged);
    // not jailed
    let (r, unchanged) = unjail_at(&env, until, operator(2), 2);
    assert_eq!(code(&r), ("slashing", 5));
    assert!(unchanged);
    assert!(env.keeper.calls().is_empty());

    // tombstoned: never
    let now = block(13).time_unix_secs;
    env.begin(13, &[], &[double_sign(1, 12, now)]);
    let (r, unchanged) = unjail_at(&env, i64::MAX, operator(1), 1);
    assert_eq!(code(&r), ("slashing", 4));
    assert!(r.unwrap_err().to_string().contains("tombstoned"));
    assert!(unchanged);
}

#[test]
fn without_signing_info_staking_decides() {
    // jailed by staking (for example self-delegation too low) before ever signing: no
    // signing info, so slashing lets staking decide, as the SDK does
    let mut env = Env::new(small_params(), 1);
    let mut v = env.validator(1);
    v.jailed = true;
    env.set_validator(v);
    assert!(env.state.signing_info(&cons(1)).unwrap().is_none());
    let (r, unchanged) = unjail_at(&env, T0, operator(1), 1);
    r.unwrap();
    assert!(!unchanged);
}

#[test]
fn a_staking_refusal_of_unjail_keeps_its_codespace_and_code() {
    let env = jailed_env();
    env.keeper.refuse_unjail.set(true);
    let (r, unchanged) = unjail_at(&env, i64::MAX, operator(1), 1);
    assert_eq!(code(&r), ("staking", MOCK_UNJAIL_REFUSAL_CODE));
    assert!(unchanged);
}

#[test]
fn msg_unjail_decodes_openvaloper_addresses_only() {
    let op = operator(1);
    let m = MsgUnjail::try_from(&pb::MsgUnjail {
        validator_addr: op.to_bech32(VALOPER_PREFIX),
    })
    .unwrap();
    assert_eq!(m.validator, op);
    assert_eq!(m.signers(), vec![op]);
    let e = MsgUnjail::try_from(&pb::MsgUnjail {
        validator_addr: op.to_string(),
    })
    .unwrap_err();
    assert_eq!((e.codespace(), e.code()), ("sdk", 7));
}

fn proto_params(window: i64) -> pb::Params {
    Params {
        signed_blocks_window: window,
        ..Params::default()
    }
    .to_proto()
}

#[test]
fn gov_updates_params_and_keeps_the_evidence_age() {
    let mut env = Env::new(small_params(), 0);
    let b = block(1);
    let signers = [gov()];
    let ctx = MsgCtx {
        block: &b,
        signers: &signers,
        msg_index: 0,
    };
    execute_update_evidence_params(
        &mut env.state,
        &ctx,
        &MsgUpdateEvidenceParams::try_from(&proto::MsgUpdateEvidenceParams {
            authority: gov().to_string(),
            max_evidence_age_secs: 3600,
        })
        .unwrap(),
    )
    .unwrap();
    assert_eq!(
        env.state.slashing_params().unwrap().max_evidence_age_secs,
        3600
    );
    let mut p = proto_params(500);
    p.slash_fraction_downtime = Dec::percent(2).to_proto_string().into_bytes();
    let msg = MsgUpdateParams::try_from(&pb::MsgUpdateParams {
        authority: gov().to_string(),
        params: Some(p),
    })
    .unwrap();
    assert_eq!(msg.signers(), vec![gov()]);
    execute_update_params(&mut env.state, &ctx, &msg).unwrap();
    let got = env.state.slashing_params().unwrap();
    assert_eq!(got.signed_blocks_window, 500);
    assert_eq!(got.slash_fraction_downtime, Dec::percent(2));
    assert_eq!(got.max_evidence_age_secs, 3600);
}

#[test]
fn param_updates_refuse_other_authorities_and_bad_values() {
    let env = Env::new(small_params(), 0);
    let b = block(1);
    let user = Address([7; 20]);
    let msg = MsgUpdateParams {
        authority: gov(),
        params: Params::default(),
    };
    for signers in [vec![user], vec![]] {
        let ctx = MsgCtx {
            block: &b,
            signers: &signers,
            msg_index: 0,
        };
        let mut fork = StateDelta::new(&env.state);
        let e = execute_update_params(&mut fork, &ctx, &msg).unwrap_err();
        assert_eq!((e.codespace(), e.code()), ("sdk", 4));
        assert!(fork.changes().is_empty());
    }
    let signers = [user];
    let ctx = MsgCtx {
        block: &b,
        signers: &signers,
        msg_index: 0,
    };
    let mut fork = StateDelta::new(&env.state);
    let e = execute_update_params(
        &mut fork,
        &ctx,
        &MsgUpdateParams {
            authority: user,
            params: Params::default(),
        },
    )
    .unwrap_err();
    assert_eq!((e.codespace(), e.code()), ("sdk", 4));
    let e = execute_update_evidence_params(
        &mut fork,
        &ctx,
        &MsgUpdateEvidenceParams {
            authority: user,
            max_evidence_age_secs: 5,
        },
    )
    .unwrap_err();
    assert_eq!((e.codespace(), e.code()), ("sdk", 4));
    assert!(fork.changes().is_empty());

    // out-of-range values are refused when decoding
    for bad in [
        proto_params(5),
        proto_params(1_000_000),
        {
            let mut p = proto_params(100);
            p.min_signed_per_window = b"2000000000000000000".to_vec();
            p
        },
        {
            let mut p = proto_params(100);
            p.downtime_jail_duration = None;
            p
        },
    ] {
        let e = MsgUpdateParams::try_from(&pb::MsgUpdateParams {
            authority: gov().to_string(),
            params: Some(bad),
        })
        .unwrap_err();
        assert_eq!((e.codespace(), e.code()), ("sdk", 18));
    }
    let e = MsgUpdateParams::try_from(&pb::MsgUpdateParams {
        authority: gov().to_string(),
        params: None,
    })
    .unwrap_err();
    assert!(matches!(e, SlashingError::InvalidParams(_)));
    for age in [0, 31_536_001] {
        let e = MsgUpdateEvidenceParams::try_from(&proto::MsgUpdateEvidenceParams {
            authority: gov().to_string(),
            max_evidence_age_secs: age,
        })
        .unwrap_err();
        assert_eq!((e.codespace(), e.code()), ("sdk", 18));
    }
}

#[test]
fn type_urls_come_from_the_generated_types() {
    use prost::Name;
    assert_eq!(
        pb::MsgUnjail::type_url(),
        "/cosmos.slashing.v1beta1.MsgUnjail"
    );
    assert_eq!(
        pb::MsgUpdateParams::type_url(),
        "/cosmos.slashing.v1beta1.MsgUpdateParams"
    );
    assert_eq!(
        proto::MsgUpdateEvidenceParams::type_url(),
        "/openledger.slashing.v1.MsgUpdateEvidenceParams"
    );
}
