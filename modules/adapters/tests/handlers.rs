//! Every message of the adapters module: what it records, and each refusal (with its code)
//! leaving the state unchanged.

mod common;

use common::*;
use openledger_adapters::{
    execute_claim_uptime, execute_declare_serving, execute_register_adapter, execute_stop_serving,
    execute_update_params, gov_address, proto, query_operator_standing, query_servers,
    register_adapter, AdapterSpec, AdaptersError, AdaptersRead, MsgClaimUptime, MsgDeclareServing,
    MsgRegisterAdapter, MsgStopServing, MsgUpdateParams, Params,
};
use openledger_framework::delta::MemState;
use openledger_framework::Address;

const HASH: &str = "aa11";

fn reg(owner: u8, hash: &str) -> MsgRegisterAdapter {
    MsgRegisterAdapter {
        owner: addr(owner),
        hash: hash.into(),
        model_id: 1,
        model_version: 1,
        base_model: "llama-3-8b".into(),
        rank: 16,
        size_bytes: 4_000_000,
        licence: "Apache-2.0".into(),
    }
}

fn register(s: &mut MemState, signer: u8, m: &MsgRegisterAdapter) -> Result<(), AdaptersError> {
    run(s, |f| {
        with_ctx(5, addr(signer), |c| {
            execute_register_adapter(f, c, &MockModels, m)
        })
    })
}

fn declare(s: &mut MemState, op: u8, hash: &str, ceiling: u128) -> Result<(), AdaptersError> {
    let m = MsgDeclareServing {
        operator: addr(op),
        adapter_hash: hash.into(),
        price_ceiling_per_1k: ceiling,
    };
    run(s, |f| {
        with_ctx(6, addr(op), |c| {
            execute_declare_serving(f, c, &MockAttribution::default(), &m)
        })
    })
}

fn stop(s: &mut MemState, signer: u8, op: u8, hash: &str) -> Result<(), AdaptersError> {
    let m = MsgStopServing {
        operator: addr(op),
        adapter_hash: hash.into(),
    };
    run(s, |f| {
        with_ctx(7, addr(signer), |c| execute_stop_serving(f, c, &m))
    })
}

fn registered() -> MemState {
    let mut s = MemState::empty();
    register(&mut s, CREATOR, &reg(CREATOR, HASH)).unwrap();
    s
}

fn refused(s: &mut MemState, r: Result<(), AdaptersError>, want: (&str, u32)) {
    let before = openledger_adapters::GenesisState::export(&*s).unwrap();
    let e = r.unwrap_err();
    assert_eq!(code(&e), want, "{e}");
    assert_eq!(
        openledger_adapters::GenesisState::export(&*s).unwrap(),
        before
    );
}

#[test]
fn creator_registers_an_adapter() {
    let s = registered();
    let a = s.adapter(HASH).unwrap().unwrap();
    assert_eq!(
        (a.owner, a.model_id, a.model_version, a.height),
        (addr(CREATOR), 1, 1, 5)
    );
    assert_eq!(a.job_id, 0);
}

#[test]
fn registration_refusals() {
    let mut s = registered();
    let cases: Vec<(u8, MsgRegisterAdapter, (&str, u32))> = vec![
        // not signed by the owner
        (OTHER_CREATOR, reg(CREATOR, "bb"), ("sdk", 4)),
        // unknown model
        (
            CREATOR,
            MsgRegisterAdapter {
                model_id: 9,
                ..reg(CREATOR, "bb")
            },
            ("adapters", 5),
        ),
        // not the model's creator
        (OTHER_CREATOR, reg(OTHER_CREATOR, "bb"), ("adapters", 13)),
        // unknown version
        (
            CREATOR,
            MsgRegisterAdapter {
                model_version: 3,
                ..reg(CREATOR, "bb")
            },
            ("adapters", 6),
        ),
        // another base model
        (
            CREATOR,
            MsgRegisterAdapter {
                base_model: "mistral-7b".into(),
                ..reg(CREATOR, "bb")
            },
            ("adapters", 7),
        ),
        // rank 0 and above max_rank
        (
            CREATOR,
            MsgRegisterAdapter {
                rank: 0,
                ..reg(CREATOR, "bb")
            },
            ("adapters", 8),
        ),
        (
            CREATOR,
            MsgRegisterAdapter {
                rank: 4096,
                ..reg(CREATOR, "bb")
            },
            ("adapters", 8),
        ),
        (
            CREATOR,
            MsgRegisterAdapter {
                size_bytes: 0,
                ..reg(CREATOR, "bb")
            },
            ("adapters", 9),
        ),
        (
            CREATOR,
            MsgRegisterAdapter {
                licence: "MIT/X".into(),
                ..reg(CREATOR, "bb")
            },
            ("adapters", 10),
        ),
        (
            CREATOR,
            MsgRegisterAdapter {
                licence: "A".repeat(200),
                ..reg(CREATOR, "bb")
            },
            ("adapters", 11),
        ),
        // the same hash again, by its owner
        (CREATOR, reg(CREATOR, HASH), ("adapters", 3)),
    ];
    for (signer, m, want) in cases {
        let r = register(&mut s, signer, &m);
        refused(&mut s, r, want);
    }
    // version 0 (not yet a version) is fine
    register(
        &mut s,
        CREATOR,
        &MsgRegisterAdapter {
            model_version: 0,
            ..reg(CREATOR, "bb")
        },
    )
    .unwrap();
}

#[test]
fn stateless_checks_of_the_wire_messages() {
    let good = proto::MsgRegisterAdapter {
        owner: addr(CREATOR).to_string(),
        hash: "ab".into(),
        ..Default::default()
    };
    MsgRegisterAdapter::try_from(&good).unwrap();
    let bad_hash = proto::MsgRegisterAdapter {
        hash: "AB".into(),
        ..good.clone()
    };
    assert_eq!(
        code(&MsgRegisterAdapter::try_from(&bad_hash).unwrap_err()),
        ("adapters", 2)
    );
    let bad_owner = proto::MsgRegisterAdapter {
        owner: "x".into(),
        ..good
    };
    assert_eq!(
        code(&MsgRegisterAdapter::try_from(&bad_owner).unwrap_err()),
        ("sdk", 7)
    );
    let bad_ceiling = proto::MsgDeclareServing {
        operator: addr(OP).to_string(),
        adapter_hash: "ab".into(),
        price_ceiling_per_1k: "-1".into(),
    };
    assert_eq!(
        code(&MsgDeclareServing::try_from(&bad_ceiling).unwrap_err()),
        ("adapters", 19)
    );
    let no_params = proto::MsgUpdateParams {
        authority: gov_address().to_string(),
        params: None,
    };
    assert_eq!(
        code(&MsgUpdateParams::try_from(&no_params).unwrap_err()),
        ("adapters", 25)
    );
}

/// The first transaction included wins: a copy of a registered hash is refused whoever
/// sends it, even with another model of the copier's own; the original owner keeps it. The
/// finetune path (`register_adapter` with a job id) obeys the same rule.
#[test]
fn first_registrant_wins_against_copies() {
    let mut s = registered();
    let copy = MsgRegisterAdapter {
        model_id: 2,
        model_version: 0,
        base_model: "mistral-7b".into(),
        ..reg(OTHER_CREATOR, HASH)
    };
    let r = register(&mut s, OTHER_CREATOR, &copy);
    refused(&mut s, r, ("adapters", 3));
    let r = run(&mut s, |f| {
        register_adapter(
            f,
            &block(9),
            AdapterSpec {
                hash: HASH.into(),
                model_id: 2,
                model_version: 0,
                base_model: "mistral-7b".into(),
                rank: 8,
                size_bytes: 1,
                licence: "MIT".into(),
                job_id: 4,
                owner: addr(OTHER_CREATOR),
            },
        )
    });
    refused(&mut s, r, ("adapters", 3));
    assert_eq!(s.adapter(HASH).unwrap().unwrap().owner, addr(CREATOR));
}

#[test]
fn serving_is_declared_updated_and_stopped() {
    let mut s = registered();
    declare(&mut s, OP, HASH, 500).unwrap();
    declare(&mut s, OP_BOTH, HASH, 700).unwrap();
    assert_eq!(s.adapter_server_count(HASH).unwrap(), 2);
    // a second declaration replaces the ceiling, counts unchanged
    declare(&mut s, OP, HASH, 900).unwrap();
    assert_eq!(
        s.serving(HASH, &addr(OP))
            .unwrap()
            .unwrap()
            .price_ceiling_per_1k,
        900
    );
    assert_eq!(s.operator_adapter_count(&addr(OP)).unwrap(), 1);
    let servers = query_servers(
        &s,
        &proto::QueryServersRequest {
            adapter_hash: HASH.into(),
            pagination: None,
        },
    )
    .unwrap()
    .servers;
    assert_eq!(servers.len(), 2);
    stop(&mut s, OP, OP, HASH).unwrap();
    assert_eq!(s.operator_adapter_count(&addr(OP)).unwrap(), 0);
    assert_eq!(s.adapter_server_count(HASH).unwrap(), 1);
    assert!(s.serving(HASH, &addr(OP)).unwrap().is_none());
}

#[test]
fn serving_refusals() {
    let mut s = registered();
    // not signed by the operator
    let m = MsgDeclareServing {
        operator: addr(OP),
        adapter_hash: HASH.into(),
        price_ceiling_per_1k: 1,
    };
    let r = run(&mut s, |f| {
        with_ctx(6, addr(OP2), |c| {
            execute_declare_serving(f, c, &MockAttribution::default(), &m)
        })
    });
    refused(&mut s, r, ("sdk", 4));
    // not a registered operator, an unbonding one
    let r = declare(&mut s, 99, HASH, 1);
    refused(&mut s, r, ("adapters", 14));
    let r = declare(&mut s, OP_UNBONDING, HASH, 1);
    refused(&mut s, r, ("adapters", 14));
    // unknown adapter
    let r = declare(&mut s, OP, "cc", 1);
    refused(&mut s, r, ("adapters", 4));
    // the operator does not serve the adapter's model
    let r = declare(&mut s, OP2, HASH, 1);
    refused(&mut s, r, ("adapters", 15));
    // stop: nothing declared, and not signed
    let r = stop(&mut s, OP, OP, HASH);
    refused(&mut s, r, ("adapters", 18));
    declare(&mut s, OP, HASH, 1).unwrap();
    let r = stop(&mut s, OP2, OP, HASH);
    refused(&mut s, r, ("sdk", 4));
}

#[test]
fn serving_is_bounded_per_operator_and_per_adapter() {
    let mut s = registered();
    register(&mut s, CREATOR, &reg(CREATOR, "bb")).unwrap();
    let tight = Params {
        max_adapters_per_operator: 1,
        max_servers_per_adapter: 1,
        ..Params::default()
    };
    run(&mut s, |f| {
        with_ctx(5, gov_address(), |c| {
            execute_update_params(
                f,
                c,
                &MsgUpdateParams {
                    authority: gov_address(),
                    params: tight,
                },
            )
        })
    })
    .unwrap();
    declare(&mut s, OP, HASH, 1).unwrap();
    let r = declare(&mut s, OP, "bb", 1);
    refused(&mut s, r, ("adapters", 16));
    let r = declare(&mut s, OP_BOTH, HASH, 1);
    refused(&mut s, r, ("adapters", 17));
    // updating an existing declaration is not a new one
    declare(&mut s, OP, HASH, 2).unwrap();
}

#[test]
fn uptime_claims_and_standing() {
    let mut s = registered();
    declare(&mut s, OP_BOTH, HASH, 1).unwrap();
    let claim = |s: &mut MemState, op: u8, start: u64, end: u64, bps: u32| {
        let m = MsgClaimUptime {
            operator: addr(op),
            window_start_height: start,
            window_end_height: end,
            uptime_bps: bps,
        };
        run(s, |f| {
            with_ctx(20, addr(op), |c| {
                execute_claim_uptime(f, c, &MockAttribution::default(), &m)
            })
        })
    };
    claim(&mut s, OP_BOTH, 1, 20, 9_950).unwrap();
    claim(&mut s, OP_BOTH, 10, 19, 9_990).unwrap();
    let r = claim(&mut s, OP_BOTH, 5, 21, 1);
    refused(&mut s, r, ("adapters", 20));
    let r = claim(&mut s, OP_BOTH, 6, 5, 1);
    refused(&mut s, r, ("adapters", 20));
    let r = claim(&mut s, OP_BOTH, 1, 2, 10_001);
    refused(&mut s, r, ("adapters", 21));
    let r = claim(&mut s, OP_UNBONDING, 1, 2, 1);
    refused(&mut s, r, ("adapters", 14));
    let st = query_operator_standing(
        &s,
        &MockAttribution::default(),
        &proto::QueryOperatorStandingRequest {
            operator: addr(OP_BOTH).to_string(),
        },
    )
    .unwrap();
    assert!(st.registered);
    assert_eq!(
        (st.receipts_recorded, st.challenges_lost, st.adapters_served),
        (39, 1, 1)
    );
    let c = st.latest_uptime_claim.unwrap();
    assert_eq!(
        (
            c.window_start_height,
            c.window_end_height,
            c.uptime_bps,
            c.height
        ),
        (10, 19, 9_990, 20)
    );
    let none = query_operator_standing(
        &s,
        &MockAttribution::default(),
        &proto::QueryOperatorStandingRequest {
            operator: Address([77; 20]).to_string(),
        },
    )
    .unwrap();
    assert!(!none.registered && none.latest_uptime_claim.is_none());
}

#[test]
fn params_only_by_governance() {
    let mut s = registered();
    let m = MsgUpdateParams {
        authority: addr(CREATOR),
        params: Params::default(),
    };
    let r = run(&mut s, |f| {
        with_ctx(5, addr(CREATOR), |c| execute_update_params(f, c, &m))
    });
    refused(&mut s, r, ("adapters", 24));
    let m = MsgUpdateParams {
        authority: gov_address(),
        params: Params::default(),
    };
    let r = run(&mut s, |f| {
        with_ctx(5, addr(CREATOR), |c| execute_update_params(f, c, &m))
    });
    refused(&mut s, r, ("sdk", 4));
}
