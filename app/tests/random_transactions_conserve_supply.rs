//! Property: random blocks of valid and invalid transactions (bad signatures, replays,
//! overspends, low fees, garbage bytes) through the whole pipeline never break the supply
//! invariant, never change the total supply, and every fee charged reaches the fee collector.

use cosmos_sdk_proto::cosmos::tx::v1beta1::TxRaw;
use openledger_auth::FEE_COLLECTOR;
use openledger_bank::BankRead;
use openledger_framework::Address;
use openledger_testkit::{
    genesis_account_numbers, genesis_funding, msg_send, TestKey, TestNode, TxSpec,
};
use proptest::prelude::*;
use prost::Message;

const CHAIN: &str = "openledger-test-1";
const FUND: u128 = 50_000_000_000_000_000; // 0.05 OPEN: a few fees and sends each
const N: usize = 4;

#[derive(Debug, Clone)]
enum Kind {
    Good,
    BadSignature,
    Replay,
    Overspend,
    LowFee,
    Garbage,
}

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![
        6 => Just(Kind::Good),
        1 => Just(Kind::BadSignature),
        1 => Just(Kind::Replay),
        1 => Just(Kind::Overspend),
        1 => Just(Kind::LowFee),
        1 => Just(Kind::Garbage),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, .. ProptestConfig::default() })]
    #[test]
    fn random_transactions_conserve_supply(
        blocks in proptest::collection::vec(
            proptest::collection::vec((0..N, 0..N, 1u128..1_000_000_000_000, kind()), 0..8), 1..6)
    ) {
        let dir = tempfile::tempdir().unwrap();
        let keys: Vec<TestKey> = (0..N as u64).map(TestKey::from_seed).collect();
        let numbers = genesis_account_numbers(&keys);
        let mut node = TestNode::new(&dir.path().join("db"), CHAIN, &genesis_funding(&keys, FUND)).unwrap();
        let supply = FUND * N as u128;
        let mut seqs = [0u64; N];
        let mut fees_charged = 0u128;
        for block in blocks {
            let mut txs = Vec::new();
            // sequences as CheckTx would have admitted them into this block
            let mut planned = seqs;
            for (from, to, amount, kind) in block {
                let mut spec = TxSpec::new(CHAIN, vec![msg_send(&keys[from].address, &keys[to].address, amount)], numbers[from], planned[from]);
                let tx = match kind {
                    Kind::Good => { planned[from] += 1; spec.sign(&keys[from]) }
                    Kind::Overspend => {
                        spec.msgs = vec![msg_send(&keys[from].address, &keys[to].address, FUND * 10)];
                        planned[from] += 1;
                        spec.sign(&keys[from])
                    }
                    Kind::BadSignature => {
                        let mut raw = TxRaw::decode(spec.sign(&keys[from]).as_slice()).unwrap();
                        raw.signatures[0][7] ^= 0x40;
                        raw.encode_to_vec()
                    }
                    Kind::Replay => { spec.sequence = planned[from].wrapping_sub(1); spec.sign(&keys[from]) }
                    Kind::LowFee => { spec.fee = 1; spec.sign(&keys[from]) }
                    Kind::Garbage => vec![0x0a, 0xff, 0x01, from as u8],
                };
                txs.push(tx);
            }
            // what a proposer keeps, then the block as every validator runs it
            let chosen = node.app.prepare_proposal(
                txs.into_iter().map(Into::into).collect(),
                1 << 20,
                node.height + 1,
                tendermint::Time::unix_epoch(),
                &openledger_app::app::BlockInput::default(),
            ).unwrap();
            let (outcomes, _) = node.block(chosen.iter().map(|b| b.to_vec()).collect()).unwrap();
            for o in &outcomes {
                prop_assert!(o.ante_passed);
                fees_charged += u128::from(o.gas_wanted) * 1_000_000_000;
            }
            let s = node.app.storage().latest_snapshot();
            prop_assert_eq!(s.supply("aopen").unwrap(), supply);
            // fees wait in the fee collector until the next block moves them to distribution
            // (here, with no validators, into the community pool)
            let held = s.balance(&Address::module(FEE_COLLECTOR), "aopen").unwrap()
                + s.balance(&Address::module("distribution"), "aopen").unwrap();
            prop_assert_eq!(held, fees_charged);
            for (i, k) in keys.iter().enumerate() {
                let acc = openledger_auth::AuthRead::account(&s, &k.address).unwrap().unwrap();
                seqs[i] = acc.sequence;
            }
        }
    }
}
