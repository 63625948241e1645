//! Random sequences of staking, distribution, gOPEN and governance transactions, with
//! validators going offline and coming back, through the ABCI surface. After every block the
//! test node checks every module invariant (pools and escrows match their accounting, supply
//! equals the balances); here we also check that supply only ever falls by what was burned.

#![allow(deprecated)] // MsgCreateValidator.delegator_address is deprecated but still on the wire

use cosmos_sdk_proto::cosmos::distribution::v1beta1 as distr_pb;
use cosmos_sdk_proto::cosmos::gov::v1 as gov_pb;
use cosmos_sdk_proto::cosmos::slashing::v1beta1 as slashing_pb;
use cosmos_sdk_proto::cosmos::staking::v1beta1 as pb;
use cosmos_sdk_proto::Any;
use openledger_app::genesis::AppGenesis;
use openledger_bank::BankRead;
use openledger_framework::{consensus_address, Address, Coins, Dec, VALOPER_PREFIX};
use openledger_gov::proto::{MsgBeginUnlock, MsgDelegateVotes, MsgLock};
use openledger_testkit::{
    any, coin, consensus_key, genesis_with_validators, msg_send, TestKey, TestNode,
};
use proptest::prelude::*;

const CHAIN: &str = "openledger-test-1";
const OPEN: u128 = 1_000_000_000_000_000_000;
const N: usize = 6;
const VALIDATORS: usize = 3;

#[derive(Debug, Clone)]
enum Op {
    Send(usize, usize, u128),
    Delegate(usize, usize, u128),
    Undelegate(usize, usize, u128),
    Redelegate(usize, usize, usize, u128),
    Withdraw(usize, usize),
    Commission(usize),
    CreateValidator(usize),
    Unjail(usize),
    Lock(usize, u128),
    Unlock(usize, u128),
    DelegateVotes(usize, usize),
    Propose(usize, u32),
    Vote(usize, i32),
    Offline(usize),
    Online(usize),
    Wait(i64),
}

fn op() -> impl Strategy<Value = Op> {
    let i = 0..N;
    let v = 0..N;
    let amt = 1u128..200;
    prop_oneof![
        (i.clone(), 0..N, amt.clone()).prop_map(|(a, b, x)| Op::Send(a, b, x)),
        (i.clone(), v.clone(), amt.clone()).prop_map(|(a, b, x)| Op::Delegate(a, b, x)),
        (i.clone(), v.clone(), amt.clone()).prop_map(|(a, b, x)| Op::Undelegate(a, b, x)),
        (i.clone(), v.clone(), v.clone(), amt.clone())
            .prop_map(|(a, b, c, x)| Op::Redelegate(a, b, c, x)),
        (i.clone(), v.clone()).prop_map(|(a, b)| Op::Withdraw(a, b)),
        v.clone().prop_map(Op::Commission),
        i.clone().prop_map(Op::CreateValidator),
        v.clone().prop_map(Op::Unjail),
        (i.clone(), amt.clone()).prop_map(|(a, x)| Op::Lock(a, x)),
        (i.clone(), amt).prop_map(|(a, x)| Op::Unlock(a, x)),
        (i.clone(), 0..N).prop_map(|(a, b)| Op::DelegateVotes(a, b)),
        (i.clone(), 1u32..150).prop_map(|(a, m)| Op::Propose(a, m)),
        (i, 1i32..5).prop_map(|(a, o)| Op::Vote(a, o)),
        (0..VALIDATORS).prop_map(Op::Offline),
        (0..VALIDATORS).prop_map(Op::Online),
        (1i64..40).prop_map(Op::Wait),
    ]
}

fn valoper(k: &TestKey) -> String {
    k.address.to_bech32(VALOPER_PREFIX)
}

fn msgs(op: &Op, keys: &[TestKey], next_id: u64) -> Option<(usize, Vec<Any>)> {
    let a = |i: usize| keys[i].address.to_string();
    Some(match *op {
        Op::Send(f, t, x) => (
            f,
            vec![msg_send(&keys[f].address, &keys[t].address, x * OPEN)],
        ),
        Op::Delegate(d, v, x) => (
            d,
            vec![any(&pb::MsgDelegate {
                delegator_address: a(d),
                validator_address: valoper(&keys[v]),
                amount: Some(coin(x * OPEN)),
            })],
        ),
        Op::Undelegate(d, v, x) => (
            d,
            vec![any(&pb::MsgUndelegate {
                delegator_address: a(d),
                validator_address: valoper(&keys[v]),
                amount: Some(coin(x * OPEN / 2)),
            })],
        ),
        Op::Redelegate(d, s, t, x) => (
            d,
            vec![any(&pb::MsgBeginRedelegate {
                delegator_address: a(d),
                validator_src_address: valoper(&keys[s]),
                validator_dst_address: valoper(&keys[t]),
                amount: Some(coin(x * OPEN / 3)),
            })],
        ),
        Op::Withdraw(d, v) => (
            d,
            vec![any(&distr_pb::MsgWithdrawDelegatorReward {
                delegator_address: a(d),
                validator_address: valoper(&keys[v]),
            })],
        ),
        Op::Commission(v) => (
            v,
            vec![any(&distr_pb::MsgWithdrawValidatorCommission {
                validator_address: valoper(&keys[v]),
            })],
        ),
        Op::CreateValidator(i) => (
            i,
            vec![any(&pb::MsgCreateValidator {
                description: Some(pb::Description {
                    moniker: format!("v{i}"),
                    ..Default::default()
                }),
                commission: Some(pb::CommissionRates {
                    rate: "50000000000000000".into(),
                    max_rate: "100000000000000000".into(),
                    max_change_rate: "10000000000000000".into(),
                }),
                min_self_delegation: "1".into(),
                delegator_address: String::new(),
                validator_address: valoper(&keys[i]),
                pubkey: Some(openledger_staking::ed25519_pubkey_to_any(&consensus_key(
                    i as u64,
                ))),
                value: Some(coin(20 * OPEN)),
            })],
        ),
        Op::Unjail(v) => (
            v,
            vec![any(&slashing_pb::MsgUnjail {
                validator_addr: valoper(&keys[v]),
            })],
        ),
        Op::Lock(i, x) => (
            i,
            vec![any(&MsgLock {
                owner: a(i),
                amount: Some(coin(x * OPEN)),
            })],
        ),
        Op::Unlock(i, x) => (
            i,
            vec![any(&MsgBeginUnlock {
                owner: a(i),
                amount: Some(coin(x * OPEN / 2)),
            })],
        ),
        Op::DelegateVotes(i, t) => (
            i,
            vec![any(&MsgDelegateVotes {
                owner: a(i),
                delegatee: a(t),
            })],
        ),
        Op::Propose(i, max_validators) => {
            let mut p = openledger_staking::Params::default().to_proto();
            p.max_validators = max_validators;
            (
                i,
                vec![any(&gov_pb::MsgSubmitProposal {
                    messages: vec![any(&pb::MsgUpdateParams {
                        authority: Address::module("gov").to_string(),
                        params: Some(p),
                    })],
                    initial_deposit: vec![coin(10 * OPEN)],
                    proposer: a(i),
                    metadata: String::new(),
                    title: "t".into(),
                    summary: "s".into(),
                    expedited: false,
                })],
            )
        }
        Op::Vote(i, option) => (
            i,
            vec![any(&gov_pb::MsgVote {
                proposal_id: next_id.saturating_sub(1).max(1),
                voter: a(i),
                option,
                metadata: String::new(),
            })],
        ),
        Op::Offline(_) | Op::Online(_) | Op::Wait(_) => return None,
    })
}

fn burned(events: &[openledger_framework::Event]) -> u128 {
    events
        .iter()
        .filter(|e| e.kind == "burn")
        .filter_map(|e| e.attribute("amount"))
        .filter_map(|a| a.strip_suffix("aopen").and_then(|n| n.parse::<u128>().ok()))
        .sum()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]
    #[test]
    fn random_pos_operations_keep_invariants(ops in proptest::collection::vec(op(), 1..60)) {
        let dir = tempfile::tempdir().unwrap();
        let keys: Vec<TestKey> = (0..N as u64).map(TestKey::from_seed).collect();
        let mut genesis: AppGenesis =
            genesis_with_validators(&keys, 10_000 * OPEN, VALIDATORS, 100 * OPEN).unwrap();
        genesis
            .edit("slashing", |g: &mut openledger_slashing::GenesisState| {
                g.params.signed_blocks_window = 10;
                g.params.min_signed_per_window = Dec::percent(50);
                g.params.downtime_jail_duration_secs = 20;
            })
            .unwrap();
        genesis
            .edit("staking", |g: &mut openledger_staking::GenesisState| {
                g.params.unbonding_time_secs = 30;
            })
            .unwrap();
        genesis
            .edit("gov", |g: &mut openledger_gov::GenesisState| {
                g.params.voting_period_secs = 15;
                g.params.max_deposit_period_secs = 15;
                g.params.unlock_delay_secs = 25;
                g.params.min_deposit = Coins::single("aopen", 10 * OPEN).unwrap();
            })
            .unwrap();
        let mut node = TestNode::new(&dir.path().join("db"), CHAIN, &genesis).unwrap();
        node.block(vec![]).unwrap();
        let mut supply = node.state().supply("aopen").unwrap();
        for op in &ops {
            let next_id = openledger_gov::GovRead::next_proposal_id(&node.state()).unwrap();
            match op {
                Op::Offline(v) => { node.offline.insert(consensus_address(&consensus_key(*v as u64))); }
                Op::Online(v) => { node.offline.remove(&consensus_address(&consensus_key(*v as u64))); }
                Op::Wait(secs) => { node.block_secs = *secs; }
                _ => {}
            }
            // keep at least 2/3 of the genesis set signing, as CometBFT needs to commit
            if node.offline.len() > 1 {
                node.offline.clear();
            }
            let txs = match msgs(op, &keys, next_id) {
                Some((signer, m)) => vec![node.sign(&keys[signer], m).unwrap()],
                None => vec![],
            };
            // node.block checks every invariant after commit
            let (outcomes, _) = node.block(txs).unwrap();
            node.block_secs = 1;
            let mut events = node.last_events.clone();
            for o in &outcomes {
                prop_assert!(o.ante_passed);
                events.extend(o.events.iter().cloned());
            }
            let now = node.state().supply("aopen").unwrap();
            prop_assert_eq!(now + burned(&events), supply, "supply fell by more than was burned");
            supply = now;
        }
    }
}
