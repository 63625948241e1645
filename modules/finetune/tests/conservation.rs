//! Property: random sequences of provider and job operations, interleaved with end blocks,
//! never create or destroy aopen and always leave the escrow equal to the active bonds plus
//! the open budgets (both checked by `run` after every step); genesis export and import
//! round-trips whatever state they reach.

mod common;

use common::*;
use openledger_finetune::{GenesisState, SettleOutcome};
use openledger_framework::delta::MemState;
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Op {
    Register(u8),
    TopUp(u8),
    Unbond(u8),
    Open(u64),
    Cancel(u64),
    Claim(u8, u64),
    Deliver(u8, u64, u8),
    Accept(u64),
    Dispute(u64),
    Settle(u64, u8),
    EndBlock,
}

fn op() -> impl Strategy<Value = Op> {
    let provider = 3u8..=5;
    let job = 1u64..=8;
    prop_oneof![
        provider.clone().prop_map(Op::Register),
        provider.clone().prop_map(Op::TopUp),
        provider.clone().prop_map(Op::Unbond),
        (2u64..=12).prop_map(Op::Open),
        job.clone().prop_map(Op::Cancel),
        (provider.clone(), job.clone()).prop_map(|(p, j)| Op::Claim(p, j)),
        (provider, job.clone(), 1u8..=3).prop_map(|(p, j, a)| Op::Deliver(p, j, a)),
        job.clone().prop_map(Op::Accept),
        job.clone().prop_map(Op::Dispute),
        (job, 0u8..3).prop_map(|(j, o)| Op::Settle(j, o)),
        Just(Op::EndBlock),
        Just(Op::EndBlock),
    ]
}

fn apply(s: &mut MemState, h: u64, op: &Op) {
    // Refusals are expected; `run` checks conservation either way.
    let _ = match op {
        Op::Register(p) => register(s, h, addr(*p), BOND),
        Op::TopUp(p) => update(s, h, addr(*p), 50),
        Op::Unbond(p) => unbond(s, h, addr(*p)).map(|_| ()),
        Op::Open(d) => open(s, h, h + d).map(|_| ()),
        Op::Cancel(j) => cancel(s, h, creator(), *j),
        Op::Claim(p, j) => claim(s, h, addr(*p), *j),
        Op::Deliver(p, j, a) => deliver(s, h, addr(*p), *j, *a),
        Op::Accept(j) => accept(s, h, creator(), *j),
        Op::Dispute(j) => dispute(s, h, creator(), *j),
        Op::Settle(j, o) => {
            let outcome = [
                SettleOutcome::Pay,
                SettleOutcome::Refund,
                SettleOutcome::RefundAndSlash,
            ][usize::from(*o)];
            settle(s, h, *j, outcome)
        }
        Op::EndBlock => {
            run_end_block(s, h);
            Ok(())
        }
    };
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_operations_conserve_every_escrow(ops in prop::collection::vec(op(), 1..60)) {
        let mut s = setup();
        let supply = total(&s);
        for (i, op) in ops.iter().enumerate() {
            let h = 1 + u64::try_from(i).unwrap() / 2;
            apply(&mut s, h, op);
        }
        prop_assert_eq!(total(&s), supply);

        let exported = GenesisState::export(&s).unwrap();
        let json = serde_json::to_value(&exported).unwrap();
        let back: GenesisState = serde_json::from_value(json).unwrap();
        prop_assert_eq!(&back, &exported);
        back.validate().unwrap();
    }
}
