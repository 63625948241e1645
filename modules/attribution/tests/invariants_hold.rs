//! Property: any sequence of deposits, withdrawals, grants, inference records (with random
//! token counts, multipliers, weights and up to 64 entries), claims, slashes, unbondings,
//! challenges, their settlement by the validators (upheld, corrected, unattributed, with or
//! without enough power) and by governance, time passing (releases of held data pools,
//! escalations) and end blocks, successful or not, keeps every attribution invariant and
//! bank's supply invariant after each step (`run` and `settle` check them, and assert that a
//! refusal changed nothing), and leaves a state whose export is a valid genesis (receipts add
//! up to the totals and the operators' stats, claimables to the totals and to the held pools)
//! that imports back into the same state.
//! Supply only shrinks by what slashing burned (a corrected challenge burns its slash minus
//! the challenger's reward). Withdrawals and revocations are requests that take effect after
//! the delay, records landing meanwhile: every user (that neither challenges nor earns) ends
//! with exactly its funds minus the fees of its receipts, in bank or still deposited, and no
//! receipt charged more than its grants allowed.

mod common;

use common::*;
use openledger_attribution::{
    execute_update_operator, AttributionEntry, AttributionRead, ContributionView, GenesisState,
    MsgRecordInference, MsgUpdateOperator, Params,
};
use openledger_framework::{Address, Dec, StateRead};
use proptest::prelude::*;

const CONTRIBUTIONS: u64 = 300;
const FIRST: u64 = 1000;

fn contributor(i: u64) -> Address {
    addr(40 + (i % 8) as u8)
}

/// Env with operators 1..=3 serving models 1 and 4, and contributions 1000..1300 in
/// datanets 1 and 2 (every version counts 10_000 contributions); users 5..=7 have deposited
/// 100 OPEN and granted 1000 OPEN to every operator. Short challenge windows (100 s, 20
/// blocks) and deadlines (8 blocks), at most 4 open challenges and 3 releases per block;
/// withdrawals and revocations take effect 50 s (10 blocks) after they are requested.
fn env() -> Env {
    let mut env = Env::with_params(Params {
        challenge_window_secs: 100,
        challenge_deadline_blocks: 8,
        max_open_challenges: 4,
        max_releases_per_block: 3,
        withdrawal_delay_secs: 50,
        ..Params::default()
    });
    for i in 0..CONTRIBUTIONS {
        let id = FIRST + i;
        env.datanets.contributions.insert(
            id,
            ContributionView {
                id,
                datanet_id: if i % 3 == 0 { 2 } else { 1 },
                contributor: contributor(i),
                approved: true,
                approval_seq: i + 1,
            },
        );
    }
    for k in [(1, 1), (1, 2), (2, 2)] {
        env.datanets.counts.insert(k, 10_000);
    }
    for op in 1..=3 {
        env.register(op, &[1, 4]);
    }
    for user in 5..=7 {
        env.deposit(user, 100 * OPEN).unwrap();
        for op in 1..=3 {
            env.grant(user, op, 0, 1000 * OPEN).unwrap();
        }
    }
    env
}

#[derive(Debug, Clone)]
enum Op {
    Deposit {
        user: u8,
        amount: u128,
    },
    Withdraw {
        user: u8,
        amount: u128,
    },
    Grant {
        user: u8,
        op: u8,
        model: u64,
        limit: u128,
    },
    Revoke {
        user: u8,
        op: u8,
        model: u64,
    },
    Record {
        op: u8,
        user: u8,
        model: u64,
        start: u64,
        raw: Vec<u32>,
        input: u64,
        output: u64,
        rid: u8,
    },
    Claim {
        who: u8,
    },
    EndBlock {
        refuse: bool,
    },
    Multiplier {
        who: u64,
        datanet: u64,
        atomics: u128,
    },
    Slash {
        op: u8,
        percent: u64,
    },
    Unbond {
        op: u8,
    },
    Register {
        op: u8,
    },
    AddBond {
        op: u8,
        amount: u128,
    },
    Challenge {
        who: u8,
        receipt: u64,
        bond: u128,
    },
    /// kind 0: the receipt's weights; 1: other weights; 2: unattributed; 3: an unknown
    /// contribution (refused).
    Settle {
        challenge: u64,
        kind: u8,
        start: u64,
        raw: Vec<u32>,
        agreeing: u64,
        total: u64,
    },
    GovSettle {
        challenge: u64,
        kind: u8,
        start: u64,
        raw: Vec<u32>,
    },
    /// End a block `secs` later.
    Wait {
        secs: i64,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let user = 5u8..=7;
    let operator = 1u8..=3;
    prop_oneof![
        4 => (user.clone(), 0u128..=20 * OPEN).prop_map(|(user, amount)| Op::Deposit { user, amount }),
        1 => (user.clone(), 0u128..=3 * OPEN).prop_map(|(user, amount)| Op::Withdraw { user, amount }),
        3 => (user.clone(), operator.clone(), prop_oneof![Just(0u64), Just(1), Just(4)], 0u128..=50 * OPEN)
            .prop_map(|(user, op, model, limit)| Op::Grant { user, op, model, limit }),
        1 => (user.clone(), operator.clone(), prop_oneof![Just(0u64), Just(1), Just(4)])
            .prop_map(|(user, op, model)| Op::Revoke { user, op, model }),
        10 => (
            operator.clone(),
            user.clone(),
            prop_oneof![Just(1u64), Just(4)],
            0..CONTRIBUTIONS,
            proptest::collection::vec(1u32..=1000, 1..=64),
            0u64..=10_000,
            0u64..=10_000,
            any::<u8>(),
        )
            .prop_map(|(op, user, model, start, raw, input, output, rid)| Op::Record {
                op, user, model, start, raw, input, output, rid,
            }),
        3 => prop_oneof![Just(CREATOR), 40u8..48, Just(USER)].prop_map(|who| Op::Claim { who }),
        3 => proptest::bool::weighted(0.2).prop_map(|refuse| Op::EndBlock { refuse }),
        2 => (0u64..8, 1u64..=2, any::<u128>())
            .prop_map(|(who, datanet, atomics)| Op::Multiplier { who, datanet, atomics }),
        1 => (operator.clone(), 1u64..=100).prop_map(|(op, percent)| Op::Slash { op, percent }),
        1 => operator.clone().prop_map(|op| Op::Unbond { op }),
        1 => operator.clone().prop_map(|op| Op::Register { op }),
        1 => (operator, 0u128..=50 * OPEN).prop_map(|(op, amount)| Op::AddBond { op, amount }),
        5 => (7u8..=9, 1u64..=6, 9 * OPEN..=12 * OPEN)
            .prop_map(|(who, receipt, bond)| Op::Challenge { who, receipt, bond }),
        8 => (
            1u64..=4,
            0u8..4,
            0..CONTRIBUTIONS,
            proptest::collection::vec(1u32..=1000, 1..=8),
            1u64..=10,
            proptest::bool::weighted(0.8),
        )
            .prop_map(|(challenge, kind, start, raw, total, agree)| Op::Settle {
                challenge,
                kind,
                start,
                raw,
                // more than 2/3 of the power when `agree`, exactly 2/3 (refused) otherwise
                agreeing: if agree { total } else { total * 2 / 3 },
                total,
            }),
        1 => (1u64..=4, 0u8..4, 0..CONTRIBUTIONS, proptest::collection::vec(1u32..=1000, 1..=8))
            .prop_map(|(challenge, kind, start, raw)| Op::GovSettle { challenge, kind, start, raw }),
        2 => (0i64..=150).prop_map(|secs| Op::Wait { secs }),
    ]
}

fn weights(raw: &[u32]) -> Vec<u32> {
    let total: u64 = raw.iter().map(|r| u64::from(*r)).sum();
    let mut w: Vec<u32> = raw
        .iter()
        .map(|r| (u64::from(*r) * 1_000_000 / total) as u32)
        .collect();
    let sum: u32 = w.iter().sum();
    w[0] += 1_000_000 - sum;
    w
}

/// The weights a settlement proposes for challenge `challenge` (see `Op::Settle`).
fn agreed(env: &Env, challenge: u64, kind: u8, start: u64, raw: &[u32]) -> Vec<AttributionEntry> {
    match kind {
        0 => env
            .s
            .challenge(challenge)
            .unwrap()
            .and_then(|c| env.s.receipt(c.receipt_id).unwrap())
            .map(|r| {
                r.entries
                    .iter()
                    .map(|e| entry(e.contribution_id, e.weight_ppm))
                    .collect()
            })
            .unwrap_or_default(),
        1 => weights(raw)
            .iter()
            .enumerate()
            .map(|(i, w)| entry(FIRST + (start + i as u64) % CONTRIBUTIONS, *w))
            .collect(),
        2 => Vec::new(),
        _ => vec![entry(1, 1_000_000)],
    }
}

fn apply(env: &mut Env, op: &Op) {
    // Results are ignored: `run` checks that a refusal changed nothing and that a success
    // keeps the invariants.
    match op.clone() {
        Op::Deposit { user, amount } => {
            let _ = env.deposit(user, amount);
        }
        Op::Withdraw { user, amount } => {
            let _ = env.withdraw(user, amount);
        }
        Op::Grant {
            user,
            op,
            model,
            limit,
        } => {
            let _ = env.grant(user, op, model, limit);
        }
        Op::Revoke { user, op, model } => {
            let _ = env.revoke(user, op, model);
        }
        Op::Record {
            op,
            user,
            model,
            start,
            raw,
            input,
            output,
            rid,
        } => {
            let w = weights(&raw);
            // one record in five is an unattributed output (no entries)
            let attribution = if rid % 5 == 0 {
                Vec::new()
            } else {
                w.iter()
                    .enumerate()
                    .map(|(i, w)| entry(FIRST + (start + i as u64) % CONTRIBUTIONS, *w))
                    .collect()
            };
            let msg = MsgRecordInference {
                operator: addr(op),
                user: addr(user),
                model_id: model,
                input_tokens: input,
                output_tokens: output,
                request_id: format!("req-{rid}"),
                attribution,
                ..record_with_output("x")
            };
            let _ = env.record(&msg);
        }
        Op::Claim { who } => {
            let _ = env.claim(addr(who));
        }
        Op::EndBlock { refuse } => {
            env.distr.refuse.set(refuse);
            env.end_block().unwrap();
            env.distr.refuse.set(false);
        }
        Op::Multiplier {
            who,
            datanet,
            atomics,
        } => {
            let m = Dec::from_atomics(atomics % (Dec::ONE.atomics() + 1));
            env.datanets
                .multipliers
                .insert((datanet, contributor(who)), m);
        }
        Op::Slash { op, percent } => {
            let _ = env.slash_as(gov(), op, Dec::percent(percent));
        }
        Op::Unbond { op } => {
            let _ = env.unbond(op);
        }
        Op::Register { op } => {
            let _ = env.register_msg(&register_msg(op, BOND, &[1, 4]));
        }
        Op::AddBond { op, amount } => {
            let msg = MsgUpdateOperator {
                operator: addr(op),
                endpoint: "https://op.example".into(),
                models: vec![1, 4],
                add_bond: amount,
            };
            let _ = env.run(msg.operator, |f, c, k| {
                execute_update_operator(f, c, &msg, k)
            });
        }
        Op::Challenge { who, receipt, bond } => {
            let _ = env.challenge(who, receipt, bond);
        }
        Op::Settle {
            challenge,
            kind,
            start,
            raw,
            agreeing,
            total,
        } => {
            let agreed = agreed(env, challenge, kind, start, &raw);
            let _ = env.settle(challenge, &agreed, agreeing, total);
        }
        Op::GovSettle {
            challenge,
            kind,
            start,
            raw,
        } => {
            let agreed = agreed(env, challenge, kind, start, &raw);
            let _ = env.gov_settle_as(gov(), challenge, &agreed);
        }
        Op::Wait { secs } => {
            env.offset += secs;
            env.end_block().unwrap();
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn invariants_hold_after_any_sequence(ops in proptest::collection::vec(op(), 1..60)) {
        let mut env = env();
        let supply = env.supply();
        for op in &ops {
            apply(&mut env, op);
        }
        // final end blocks far in the future release every unchallenged or settled pool (3
        // per block) and pay every pending amount and unbonding bond
        for i in 1..=30 {
            env.end_block_at(&block_at(env.height + i, START + 100_000_000)).unwrap();
        }
        check_invariants(&env.s);
        let g = GenesisState::export(&env.s).unwrap();
        g.validate().unwrap();
        // every request has taken effect
        prop_assert!(g.withdrawals.is_empty());
        prop_assert!(g.grants.iter().all(|g| g.revocation_completion == 0));
        // users 5 and 6 only deposit, withdraw and are charged: what they paid is exactly the
        // fees of their receipts, whatever the order of requests and records
        for user in [5u8, 6] {
            let fees: u128 = env
                .s
                .prefix_raw(b"attribution/receipt/", None)
                .map(|kv| {
                    let (k, _) = kv.unwrap();
                    let id = openledger_attribution::state_key::trailing_u64(&k).unwrap();
                    env.s.receipt(id).unwrap().unwrap()
                })
                .filter(|r| r.user == addr(user))
                .map(|r| r.fee)
                .sum();
            prop_assert_eq!(
                env.balance(&addr(user)) + env.s.inference_balance(&addr(user)).unwrap() + fees,
                FUNDS
            );
        }
        // and imports into the same state: holds, challenges, corrections and the graph
        let bank = openledger_bank::GenesisState::export(&env.s).unwrap();
        let mut fresh = openledger_framework::delta::MemState::empty();
        bank.init(&mut fresh).unwrap();
        g.init(&mut fresh).unwrap();
        check_invariants(&fresh);
        prop_assert_eq!(&GenesisState::export(&fresh).unwrap(), &g);
        let keys = |s: &openledger_framework::delta::MemState| -> Vec<(Vec<u8>, Vec<u8>)> {
            s.prefix_raw(b"attribution/", None).collect::<Result<_, _>>().unwrap()
        };
        prop_assert!(keys(&fresh) == keys(&env.s), "derived keys differ after import");
        let p = env.s.attribution_pending().unwrap();
        prop_assert_eq!((p.stakers, p.community), (0, 0));
        let t = env.s.attribution_totals().unwrap();
        prop_assert_eq!(
            t.fees_charged,
            t.platform + t.creator + t.stakers + t.contributors_credited + t.withheld + t.unattributed + t.dust + t.held
        );
        // what is still held waits for an unsettled challenge
        for h in &g.holds {
            let c = g.challenges.iter().find(|c| c.receipt_id == h.receipt_id);
            prop_assert!(c.is_some_and(|c| c.status.is_unsettled()), "{:?}", h);
        }
        // what left the module for distribution is exactly stakers + community pool parts
        prop_assert_eq!(env.balance(&fee_collector()), t.stakers);
        prop_assert_eq!(
            env.balance(&community_pool()),
            t.platform + t.withheld + t.unattributed + t.dust
        );
        let slashed: u128 = g.operators.iter().map(|o| o.slashed_total).sum();
        let rewarded: u128 = g.challenges.iter().map(|c| c.reward).sum();
        prop_assert_eq!(env.supply(), supply - (slashed - rewarded));
    }
}
