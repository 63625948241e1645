//! Property: under any sequence of operations (accepted or refused) and end blocks, the
//! feedback escrow equals bonds + unbonding bonds + open pools (the invariants `run` checks),
//! and the total supply never changes.

mod common;

use common::*;
use openledger_feedback::{FeedbackRead, OPEN};
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Op {
    Register(u8, u8),
    AddBond(u8, u8),
    Unbond(u8),
    Fund(u8, u8),
    Commit(u8, u8, Vec<u16>),
    Reveal(u8, u8, Vec<u16>),
    EndBlock,
}

fn op() -> impl Strategy<Value = Op> {
    let v = 3u8..=8;
    let round = 1u8..=4;
    let scores = prop::collection::vec(0u16..=10_000, 1..=3);
    prop_oneof![
        (v.clone(), 1u8..=20).prop_map(|(a, b)| Op::Register(a, b)),
        (v.clone(), 1u8..=5).prop_map(|(a, b)| Op::AddBond(a, b)),
        v.clone().prop_map(Op::Unbond),
        (1u8..=50, 1u8..=3).prop_map(|(r, n)| Op::Fund(r, n)),
        (v.clone(), round.clone(), scores.clone()).prop_map(|(a, r, s)| Op::Commit(a, r, s)),
        (v, round, scores).prop_map(|(a, r, s)| Op::Reveal(a, r, s)),
        Just(Op::EndBlock),
    ]
}

fn scores(s: &[u16]) -> Vec<u32> {
    s.iter().map(|x| u32::from(*x)).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn escrow_and_supply_are_conserved(ops in prop::collection::vec(op(), 1..60)) {
        let mut s = setup();
        let supply0 = supply(&s);
        let mut h = 1u64;
        for op in ops {
            // Each op runs in its own block; rounds' deadlines are relative to it.
            h += 1;
            let _ = match op {
                Op::Register(a, b) => register(&mut s, h, addr(a), u128::from(b) * OPEN).map(|_| ()),
                Op::AddBond(a, b) => add_bond(&mut s, h, addr(a), u128::from(b) * OPEN).map(|_| ()),
                Op::Unbond(a) => unbond(&mut s, h, addr(a)).map(|_| ()),
                Op::Fund(r, n) => {
                    let mut m = fund_msg(u128::from(r) * OPEN / 3 + OPEN, n);
                    m.commit_deadline_height = h + 3;
                    m.reveal_deadline_height = h + 6;
                    fund(&mut s, h, &m).map(|_| ())
                }
                Op::Commit(a, r, sc) => commit(&mut s, h, addr(a), u64::from(r), &scores(&sc)),
                Op::Reveal(a, r, sc) => reveal(&mut s, h, addr(a), u64::from(r), &scores(&sc)),
                Op::EndBlock => Ok(()),
            };
            end(&mut s, h);
            prop_assert_eq!(supply(&s), supply0);
        }
        // let everything settle and every unbonding complete
        for _ in 0..30 {
            h += 1;
            end(&mut s, h);
        }
        let g = openledger_feedback::GenesisState::export(&s).unwrap();
        prop_assert!(g.rounds.iter().all(|r| r.settled));
        prop_assert!(g.unbondings.is_empty());
        let bonds: u128 = g.validators.iter().map(|v| v.bond).sum();
        prop_assert_eq!(escrow(&s), bonds);
        prop_assert_eq!(supply(&s), supply0);
        for r in &g.results {
            let paid: u128 = r.validators.iter().map(|o| o.reward).sum();
            prop_assert_eq!(paid, r.paid);
            let round = s.round(r.round_id).unwrap().unwrap();
            prop_assert_eq!(r.paid + r.refunded, round.reward);
        }
    }
}
