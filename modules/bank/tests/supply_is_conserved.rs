//! Property: any sequence of sends and multi-sends, successful or not, conserves the total
//! supply, never stores a zero balance, and a failed message leaves no trace.

use openledger_bank::{
    execute_multi_send, execute_send, invariants, Balance, BankRead, GenesisState, MsgMultiSend,
    MsgSend,
};
use openledger_framework::delta::MemState;
use openledger_framework::{Address, BlockCtx, Coins, MsgCtx, StateDelta};
use proptest::prelude::*;

const N: u8 = 6;

fn addr(n: u8) -> Address {
    Address([n; 20])
}

#[derive(Debug, Clone)]
enum Op {
    Send { from: u8, to: u8, amount: u128 },
    Multi { from: u8, outs: Vec<(u8, u128)> },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..N, 0..N, 1u128..2_000).prop_map(|(from, to, amount)| Op::Send { from, to, amount }),
        (0..N, proptest::collection::vec((0..N, 1u128..800), 1..5))
            .prop_map(|(from, outs)| Op::Multi { from, outs }),
    ]
}

proptest! {
    #[test]
    fn supply_is_conserved(ops in proptest::collection::vec(op(), 1..60)) {
        let mut s = MemState::empty();
        GenesisState {
            balances: (0..N).map(|i| Balance { address: addr(i), coins: Coins::single("aopen", 1_000 * (u128::from(i) + 1)).unwrap() }).collect(),
            ..Default::default()
        }.init(&mut s).unwrap();
        let supply = s.supply("aopen").unwrap();
        let block = BlockCtx { chain_id: "t-1".into(), height: 1, time_unix_secs: 0, time_nanos: 0 };
        for op in ops {
            let signer = match &op { Op::Send { from, .. } | Op::Multi { from, .. } => [addr(*from)] };
            let ctx = MsgCtx { block: &block, signers: &signer, msg_index: 0 };
            let before: Vec<u128> = (0..N).map(|i| s.balance(&addr(i), "aopen").unwrap()).collect();
            let mut fork = StateDelta::new(&s);
            let r = match &op {
                Op::Send { from, to, amount } => execute_send(&mut fork, &ctx, &MsgSend { from: addr(*from), to: addr(*to), amount: Coins::single("aopen", *amount).unwrap() }),
                Op::Multi { from, outs } => {
                    let total: u128 = outs.iter().map(|(_, a)| a).sum();
                    let msg = MsgMultiSend {
                        input: (addr(*from), Coins::single("aopen", total).unwrap()),
                        outputs: outs.iter().map(|(to, a)| (addr(*to), Coins::single("aopen", *a).unwrap())).collect(),
                    };
                    execute_multi_send(&mut fork, &ctx, &msg)
                }
            };
            match r {
                Ok(()) => { let c = fork.into_changes(); s.apply(c); }
                Err(_) => {
                    drop(fork);
                    let after: Vec<u128> = (0..N).map(|i| s.balance(&addr(i), "aopen").unwrap()).collect();
                    prop_assert_eq!(before, after);
                }
            }
            invariants::total_supply_matches_balances(&s).unwrap();
            prop_assert_eq!(s.supply("aopen").unwrap(), supply);
        }
    }
}
