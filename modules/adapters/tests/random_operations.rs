//! Random sequences of registrations, declarations, stops and uptime claims by random
//! accounts: every refusal changes nothing, and the invariants (indexes, per-operator and
//! per-adapter counts, serving entries naming adapters and registered operators) hold after
//! every step; the genesis export then imports to the same state.

mod common;

use common::*;
use openledger_adapters::{
    execute_claim_uptime, execute_declare_serving, execute_register_adapter, execute_stop_serving,
    AdaptersRead, GenesisState, MsgClaimUptime, MsgDeclareServing, MsgRegisterAdapter,
    MsgStopServing,
};
use openledger_framework::delta::MemState;
use proptest::prelude::*;

const HASHES: [&str; 4] = ["01", "02", "0a0b", "ff"];
const ACTORS: [u8; 6] = [CREATOR, OTHER_CREATOR, OP, OP2, OP_UNBONDING, OP_BOTH];

#[derive(Debug, Clone)]
enum Op {
    Register {
        who: usize,
        hash: usize,
        model: u64,
        version: u64,
    },
    Declare {
        who: usize,
        hash: usize,
        ceiling: u128,
    },
    Stop {
        who: usize,
        hash: usize,
    },
    Claim {
        who: usize,
        start: u64,
        end: u64,
        bps: u32,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let who = 0..ACTORS.len();
    let hash = 0..HASHES.len();
    prop_oneof![
        (who.clone(), hash.clone(), 1u64..=3, 0u64..=3).prop_map(|(who, hash, model, version)| {
            Op::Register {
                who,
                hash,
                model,
                version,
            }
        }),
        (who.clone(), hash.clone(), 0u128..1_000).prop_map(|(who, hash, ceiling)| Op::Declare {
            who,
            hash,
            ceiling
        }),
        (who.clone(), hash).prop_map(|(who, hash)| Op::Stop { who, hash }),
        (who, 0u64..30, 0u64..30, 0u32..10_100).prop_map(|(who, start, end, bps)| Op::Claim {
            who,
            start,
            end,
            bps
        }),
    ]
}

fn apply(s: &mut MemState, step: u64, op: &Op) {
    let height = step + 1;
    let attribution = MockAttribution::default();
    let _ = match op {
        Op::Register {
            who,
            hash,
            model,
            version,
        } => {
            let m = MsgRegisterAdapter {
                owner: addr(ACTORS[*who]),
                hash: HASHES[*hash].into(),
                model_id: *model,
                model_version: *version,
                base_model: if *model == 2 {
                    "mistral-7b"
                } else {
                    "llama-3-8b"
                }
                .into(),
                rank: 8,
                size_bytes: 1,
                licence: "MIT".into(),
            };
            run(s, |f| {
                with_ctx(height, m.owner, |c| {
                    execute_register_adapter(f, c, &MockModels, &m)
                })
            })
        }
        Op::Declare { who, hash, ceiling } => {
            let m = MsgDeclareServing {
                operator: addr(ACTORS[*who]),
                adapter_hash: HASHES[*hash].into(),
                price_ceiling_per_1k: *ceiling,
            };
            run(s, |f| {
                with_ctx(height, m.operator, |c| {
                    execute_declare_serving(f, c, &attribution, &m)
                })
            })
        }
        Op::Stop { who, hash } => {
            let m = MsgStopServing {
                operator: addr(ACTORS[*who]),
                adapter_hash: HASHES[*hash].into(),
            };
            run(s, |f| {
                with_ctx(height, m.operator, |c| execute_stop_serving(f, c, &m))
            })
        }
        Op::Claim {
            who,
            start,
            end,
            bps,
        } => {
            let m = MsgClaimUptime {
                operator: addr(ACTORS[*who]),
                window_start_height: *start,
                window_end_height: *end,
                uptime_bps: *bps,
            };
            run(s, |f| {
                with_ctx(height, m.operator, |c| {
                    execute_claim_uptime(f, c, &attribution, &m)
                })
            })
        }
    };
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn invariants_hold_and_genesis_round_trips(ops in prop::collection::vec(op(), 1..60)) {
        let mut s = MemState::empty();
        for (i, op) in ops.iter().enumerate() {
            // `run` checks the invariants after every step
            apply(&mut s, i as u64, op);
        }
        // every hash is owned by its first registrant, the model's creator
        for h in HASHES {
            if let Some(a) = s.adapter(h).unwrap() {
                prop_assert_eq!(a.owner, if a.model_id == 2 { addr(OTHER_CREATOR) } else { addr(CREATOR) });
            }
        }
        let g = GenesisState::export(&s).unwrap();
        let mut fresh = MemState::empty();
        g.init(&mut fresh, &MockAttribution::default()).unwrap();
        prop_assert_eq!(GenesisState::export(&fresh).unwrap(), g);
        openledger_adapters::invariants::check_all(&fresh, &MockAttribution::default()).unwrap();
    }
}
