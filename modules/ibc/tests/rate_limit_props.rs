//! Properties over random sequences of transfers: the net outflow never passes the quota of
//! the current window, whatever sends, receives, undos, acks and time steps happen, and the
//! outflow always covers the pending sends of its window.

#[path = "rate_limit_common/mod.rs"]
mod common;

use common::*;
use openledger_framework::delta::MemState;
use openledger_ibc::rate_limit::{self as rl, state::threshold};
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Op {
    Send(u128),
    Recv(u128),
    /// Undo (timeout or error ack) the n-th packet sent so far, modulo their number.
    Undo(usize),
    Complete(usize),
    /// Let time pass, in minutes.
    Wait(i64),
}

fn op(with_recv: bool) -> impl Strategy<Value = Op> {
    let amount = prop_oneof![1u128..5_000, 1u128..150_000, Just(0u128)];
    let recv_weight = if with_recv { 2 } else { 0 };
    prop_oneof![
        4 => amount.clone().prop_map(Op::Send),
        recv_weight => amount.prop_map(Op::Recv),
        2 => any::<usize>().prop_map(Op::Undo),
        1 => any::<usize>().prop_map(Op::Complete),
        1 => (0i64..200).prop_map(Op::Wait),
    ]
}

/// Run `ops` on a 10% / 10% rate limit of 1 hour; after each step, the net outflow is within
/// the send quota (the outflow alone when nothing is received) and the invariants hold.
fn run(ops: Vec<Op>) {
    let mut s: MemState = with_limit("10", "10", 1);
    let mut now = T0;
    let mut sent: Vec<u64> = Vec::new();
    let mut seq = 0u64;
    // the supply moves, so windows start with different channel values
    let mut supply = SUPPLY;
    for op in ops {
        match op {
            Op::Send(a) => {
                seq += 1;
                if rl::check_send(&mut s, now, DENOM, CH, a, supply, seq).is_ok() {
                    sent.push(seq);
                }
            }
            Op::Recv(a) => {
                let _ = rl::check_recv(&mut s, now, DENOM, CH, a, supply);
            }
            Op::Undo(i) if !sent.is_empty() => {
                let q = sent[i % sent.len()];
                rl::undo_send(&mut s, CH, q).unwrap();
                // exactly once: a second undo never undoes
                assert!(!rl::undo_send(&mut s, CH, q).unwrap());
            }
            Op::Complete(i) if !sent.is_empty() => {
                let q = sent[i % sent.len()];
                rl::complete_send(&mut s, CH, q).unwrap();
            }
            Op::Wait(m) => {
                now += m * 60;
                supply += 7_919;
            }
            _ => {}
        }
        let r = limit(&s);
        let quota = threshold(r.flow.channel_value, r.quota.max_percent_send);
        assert!(
            r.flow.outflow.saturating_sub(r.flow.inflow) <= quota,
            "net outflow over the quota: {r:?}"
        );
        rl::check_invariants(&s).unwrap();
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn outflow_never_exceeds_the_quota(ops in prop::collection::vec(op(false), 1..80)) {
        run(ops);
    }

    #[test]
    fn net_outflow_never_exceeds_the_quota(ops in prop::collection::vec(op(true), 1..80)) {
        run(ops);
    }
}

#[test]
fn without_receives_the_outflow_alone_stays_within_the_quota() {
    // every send at once up to the limit, then undos and resends in a loop
    let mut s = with_limit("10", "10", 1);
    for i in 0..10u64 {
        send(&mut s, T0, 10_000, i).unwrap();
    }
    assert!(send(&mut s, T0, 1, 100).is_err());
    for i in 0..10u64 {
        assert!(rl::undo_send(&mut s, CH, i).unwrap());
        send(&mut s, T0, 10_000, 200 + i).unwrap();
        assert!(limit(&s).flow.outflow <= 100_000);
    }
    assert_eq!(limit(&s).flow.outflow, 100_000);
}
