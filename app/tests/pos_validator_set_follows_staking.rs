//! Proof of stake through the ABCI surface: genesis validators, a validator joining by
//! MsgCreateValidator, delegations changing power, fees paid out to delegators, and the
//! validator set CometBFT would follow (updates apply two heights later).

#![allow(deprecated)] // MsgCreateValidator.delegator_address is deprecated but still on the wire

use cosmos_sdk_proto::cosmos::distribution::v1beta1 as distr_pb;
use cosmos_sdk_proto::cosmos::staking::v1beta1 as pb;
use openledger_bank::BankRead;
use openledger_framework::{consensus_address, Address, VALOPER_PREFIX};
use openledger_staking::StakingRead;
use openledger_testkit::{
    any, coin, consensus_key, genesis_with_validators, msg_send, TestKey, TestNode,
};

const CHAIN: &str = "openledger-test-1";
const OPEN: u128 = 1_000_000_000_000_000_000;

fn valoper(a: &Address) -> String {
    a.to_bech32(VALOPER_PREFIX)
}

fn create_validator(key: &TestKey, cons: [u8; 32], bond: u128) -> cosmos_sdk_proto::Any {
    any(&pb::MsgCreateValidator {
        description: Some(pb::Description {
            moniker: "joiner".into(),
            ..Default::default()
        }),
        commission: Some(pb::CommissionRates {
            rate: "100000000000000000".into(),
            max_rate: "200000000000000000".into(),
            max_change_rate: "10000000000000000".into(),
        }),
        min_self_delegation: "1".into(),
        delegator_address: String::new(),
        validator_address: valoper(&key.address),
        pubkey: Some(openledger_staking::ed25519_pubkey_to_any(&cons)),
        value: Some(coin(bond)),
    })
}

fn setup() -> (tempfile::TempDir, TestNode, Vec<TestKey>) {
    let dir = tempfile::tempdir().unwrap();
    let keys: Vec<TestKey> = (0..6).map(TestKey::from_seed).collect();
    let genesis = genesis_with_validators(&keys, 1_000_000 * OPEN, 3, 100 * OPEN).unwrap();
    let node = TestNode::new(&dir.path().join("db"), CHAIN, &genesis).unwrap();
    (dir, node, keys)
}

#[test]
fn genesis_validators_are_the_initial_set() {
    let (_dir, node, _keys) = setup();
    let set = node.validator_set(1).unwrap();
    assert_eq!(set.len(), 3);
    assert!(set.values().all(|p| *p == 100));
    for i in 0..3 {
        assert_eq!(set.get(&consensus_key(i)), Some(&100));
    }
}

#[test]
fn a_new_validator_joins_and_signs_two_heights_later() {
    let (_dir, mut node, keys) = setup();
    node.block(vec![]).unwrap();
    let joiner = &keys[4];
    let cons = consensus_key(40);
    let out = node
        .exec(joiner, vec![create_validator(joiner, cons, 50 * OPEN)])
        .unwrap();
    assert!(out.result.is_ok(), "{:?}", out.result);
    let h = node.height;
    // returned in this block's updates, in CometBFT's set from h + 2
    assert!(node
        .last_updates
        .iter()
        .any(|u| u.ed25519_pubkey == cons && u.power == 50));
    assert!(node.validator_set(h + 1).unwrap().get(&cons).is_none());
    assert_eq!(node.validator_set(h + 2).unwrap().get(&cons), Some(&50));
    node.advance_to(h + 3).unwrap();
    let v = node.state().validator(&joiner.address).unwrap().unwrap();
    assert!(v.is_bonded());
    assert_eq!(v.tokens, 50 * OPEN);
    // its signature in the commit starts its liveness record
    let info =
        openledger_slashing::SlashingRead::signing_info(&node.state(), &consensus_address(&cons))
            .unwrap();
    assert!(info.is_some());
}

#[test]
fn a_delegation_raises_power_and_an_undelegation_lowers_it() {
    let (_dir, mut node, keys) = setup();
    node.block(vec![]).unwrap();
    let delegator = &keys[5];
    let target = &keys[0];
    let out = node
        .exec(
            delegator,
            vec![any(&pb::MsgDelegate {
                delegator_address: delegator.address.to_string(),
                validator_address: valoper(&target.address),
                amount: Some(coin(25 * OPEN)),
            })],
        )
        .unwrap();
    assert!(out.result.is_ok(), "{:?}", out.result);
    assert!(node
        .last_updates
        .iter()
        .any(|u| u.ed25519_pubkey == consensus_key(0) && u.power == 125));
    let out = node
        .exec(
            delegator,
            vec![any(&pb::MsgUndelegate {
                delegator_address: delegator.address.to_string(),
                validator_address: valoper(&target.address),
                amount: Some(coin(25 * OPEN)),
            })],
        )
        .unwrap();
    assert!(out.result.is_ok(), "{:?}", out.result);
    assert!(node
        .last_updates
        .iter()
        .any(|u| u.ed25519_pubkey == consensus_key(0) && u.power == 100));
    // the tokens wait in an unbonding entry, not in the delegator's balance
    let ubd = node
        .state()
        .unbonding_delegation(&delegator.address, &target.address)
        .unwrap()
        .unwrap();
    assert_eq!(ubd.entries.len(), 1);
}

#[test]
fn fees_reach_the_validators_and_their_delegators() {
    let (_dir, mut node, keys) = setup();
    node.block(vec![]).unwrap();
    // a transaction paying 10^15 aopen in fees; the next block pays them out by power
    let tx = node
        .sign(
            &keys[5],
            vec![msg_send(&keys[5].address, &keys[4].address, OPEN)],
        )
        .unwrap();
    let (outcomes, _) = node.block(vec![tx]).unwrap();
    assert!(outcomes[0].result.is_ok());
    node.block(vec![]).unwrap();
    let s = node.state();
    let distribution = Address::module("distribution");
    let held = s.balance(&distribution, "aopen").unwrap();
    assert_eq!(
        held,
        1_000_000 * 1_000_000_000,
        "all fees moved to distribution"
    );
    // validator 0 withdraws: its self-delegation reward, a third of 98% after 10% commission
    let before = s.balance(&keys[0].address, "aopen").unwrap();
    let out = node
        .exec(
            &keys[0],
            vec![
                any(&distr_pb::MsgWithdrawDelegatorReward {
                    delegator_address: keys[0].address.to_string(),
                    validator_address: valoper(&keys[0].address),
                }),
                any(&distr_pb::MsgWithdrawValidatorCommission {
                    validator_address: valoper(&keys[0].address),
                }),
            ],
        )
        .unwrap();
    assert!(out.result.is_ok(), "{:?}", out.result);
    let after = node.state().balance(&keys[0].address, "aopen").unwrap();
    let fee_paid = 1_000_000u128 * 1_000_000_000;
    let share = fee_paid * 98 / 100 / 3;
    // reward + commission of one validator's share of the first fee, minus this tx's fee
    // (the fees of this block are only distributed at the next one)
    assert!(
        after + fee_paid >= before + share - 3,
        "{before} -> {after}"
    );
    assert!(
        after + fee_paid <= before + share + 3,
        "{before} -> {after}"
    );
}
