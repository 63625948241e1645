//! Property: any sequence of gOPEN and proposal operations and block ends, successful or not,
//! keeps every governance invariant (escrows, power = locks, queues), keeps bank's supply
//! invariant, leaves no trace of a refused message, and never tallies more power than exists.

mod common;

use common::*;
use openledger_gov::{GovRead, ProposalStatus, VoteOption};
use proptest::prelude::*;

const N: u8 = 5;

#[derive(Debug, Clone)]
enum Op {
    Lock(u8, u128),
    Delegate(u8, u8),
    Unlock(u8, u128),
    Submit(u8, u128, bool),
    Deposit(u8, u64, u128),
    Vote(u8, u64, u8),
    Weighted(u8, u64),
    Advance(i64),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (1..=N, 1u128..400).prop_map(|(w, a)| Op::Lock(w, a)),
        2 => (1..=N, 1..=N).prop_map(|(w, t)| Op::Delegate(w, t)),
        2 => (1..=N, 1u128..300).prop_map(|(w, a)| Op::Unlock(w, a)),
        2 => (1..=N, 0u128..1_200, any::<bool>()).prop_map(|(w, d, f)| Op::Submit(w, d, f)),
        2 => (1..=N, 1u64..8, 1u128..700).prop_map(|(w, id, a)| Op::Deposit(w, id, a)),
        3 => (1..=N, 1u64..8, 1u8..=4).prop_map(|(w, id, o)| Op::Vote(w, id, o)),
        1 => (1..=N, 1u64..8).prop_map(|(w, id)| Op::Weighted(w, id)),
        2 => (1i64..80).prop_map(Op::Advance),
    ]
}

fn option(o: u8) -> VoteOption {
    match o {
        1 => VoteOption::Yes,
        2 => VoteOption::Abstain,
        3 => VoteOption::No,
        _ => VoteOption::NoWithVeto,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn invariants_hold_for_any_sequence(ops in proptest::collection::vec(op(), 1..60)) {
        let mut s = setup();
        let mut now = START;
        for op in ops {
            // `run` applies successes, asserts refusals changed nothing and checks invariants.
            let _ = match op {
                Op::Lock(w, a) => lock(&mut s, w, a),
                Op::Delegate(w, t) => delegate(&mut s, w, t),
                Op::Unlock(w, a) => begin_unlock(&mut s, now, w, a).map(|_| ()),
                Op::Submit(w, d, fail) => {
                    let msgs = if fail { vec![failing_msg()] } else { vec![update_voting_period_msg(60)] };
                    submit_at(&mut s, now, &submit_msg(w, d, msgs)).map(|_| ())
                }
                Op::Deposit(w, id, a) => deposit(&mut s, now, w, id, coins(a)),
                Op::Vote(w, id, o) => vote(&mut s, w, id, option(o)),
                Op::Weighted(w, id) => vote_weighted(
                    &mut s, w, id, &[(VoteOption::Yes, "0.3"), (VoteOption::No, "0.7")],
                ),
                Op::Advance(secs) => {
                    now += secs;
                    let open: Vec<u64> = (1..8)
                        .filter(|id| {
                            s.proposal(*id).unwrap().is_some_and(|p| p.status == ProposalStatus::VotingPeriod)
                        })
                        .collect();
                    end_block_at(&mut s, now, &MockExecutor);
                    let total = s.total_power().unwrap();
                    for id in open {
                        let p = s.proposal(id).unwrap().unwrap();
                        if p.status != ProposalStatus::VotingPeriod {
                            let t = p.final_tally_result;
                            let counted = t.yes_count + t.abstain_count + t.no_count + t.no_with_veto_count;
                            prop_assert!(counted <= total, "tallied {} of {}", counted, total);
                        }
                    }
                    Ok(())
                }
            };
            openledger_gov::invariants::check_all(&s).unwrap();
            openledger_bank::invariants::total_supply_matches_balances(&s).unwrap();
        }
    }
}
