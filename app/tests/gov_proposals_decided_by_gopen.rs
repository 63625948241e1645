//! Governance through the ABCI surface: gOPEN power decides proposals; a passed parameter
//! change takes effect at the end of the voting period; a community pool spend pays out; a
//! failing proposal changes nothing; delegating votes never lets OPEN vote twice.

use cosmos_sdk_proto::cosmos::distribution::v1beta1 as distr_pb;
use cosmos_sdk_proto::cosmos::gov::v1 as gov_pb;
use cosmos_sdk_proto::cosmos::staking::v1beta1 as staking_pb;
use cosmos_sdk_proto::Any;
use openledger_app::genesis::AppGenesis;
use openledger_bank::BankRead;
use openledger_framework::{Address, Coins};
use openledger_gov::proto::{MsgDelegateVotes, MsgLock};
use openledger_gov::{GovRead, ProposalStatus};
use openledger_staking::StakingRead;
use openledger_testkit::{any, coin, genesis_with_validators, TestKey, TestNode};

const CHAIN: &str = "openledger-test-1";
const OPEN: u128 = 1_000_000_000_000_000_000;

fn gov() -> Address {
    Address::module("gov")
}

fn setup() -> (tempfile::TempDir, TestNode, Vec<TestKey>) {
    let dir = tempfile::tempdir().unwrap();
    let keys: Vec<TestKey> = (0..5).map(TestKey::from_seed).collect();
    let mut genesis: AppGenesis =
        genesis_with_validators(&keys, 1_000_000 * OPEN, 1, 100 * OPEN).unwrap();
    genesis
        .edit("gov", |g: &mut openledger_gov::GenesisState| {
            g.params.voting_period_secs = 10;
            g.params.max_deposit_period_secs = 10;
            g.params.min_deposit = Coins::single("aopen", 10 * OPEN).unwrap();
        })
        .unwrap();
    let mut node = TestNode::new(&dir.path().join("db"), CHAIN, &genesis).unwrap();
    node.block(vec![]).unwrap();
    (dir, node, keys)
}

fn lock(node: &mut TestNode, key: &TestKey, amount: u128) {
    let out = node
        .exec(
            key,
            vec![any(&MsgLock {
                owner: key.address.to_string(),
                amount: Some(coin(amount)),
            })],
        )
        .unwrap();
    assert!(out.result.is_ok(), "{:?}", out.result);
}

fn submit(node: &mut TestNode, key: &TestKey, messages: Vec<Any>) -> u64 {
    let id = node.state().next_proposal_id().unwrap();
    let out = node
        .exec(
            key,
            vec![any(&gov_pb::MsgSubmitProposal {
                messages,
                initial_deposit: vec![coin(10 * OPEN)],
                proposer: key.address.to_string(),
                metadata: String::new(),
                title: "change".into(),
                summary: "a change".into(),
                expedited: false,
            })],
        )
        .unwrap();
    assert!(out.result.is_ok(), "{:?}", out.result);
    id
}

fn vote(node: &mut TestNode, key: &TestKey, id: u64, option: gov_pb::VoteOption) {
    let out = node
        .exec(
            key,
            vec![any(&gov_pb::MsgVote {
                proposal_id: id,
                voter: key.address.to_string(),
                option: option as i32,
                metadata: String::new(),
            })],
        )
        .unwrap();
    assert!(out.result.is_ok(), "{:?}", out.result);
}

fn finish_voting(node: &mut TestNode) {
    node.block_secs = 11;
    node.block(vec![]).unwrap();
    node.block_secs = 1;
}

fn staking_params(max_validators: u32) -> Any {
    let mut p = openledger_staking::Params::default().to_proto();
    p.max_validators = max_validators;
    any(&staking_pb::MsgUpdateParams {
        authority: gov().to_string(),
        params: Some(p),
    })
}

#[test]
fn a_parameter_change_passes_by_gopen_vote_and_takes_effect() {
    let (_dir, mut node, keys) = setup();
    lock(&mut node, &keys[1], 1_000 * OPEN);
    lock(&mut node, &keys[2], 500 * OPEN);
    let id = submit(&mut node, &keys[3], vec![staking_params(42)]);
    vote(&mut node, &keys[1], id, gov_pb::VoteOption::Yes);
    vote(&mut node, &keys[2], id, gov_pb::VoteOption::No);
    assert_eq!(node.state().staking_params().unwrap().max_validators, 100);
    finish_voting(&mut node);
    let p = node.state().proposal(id).unwrap().unwrap();
    assert_eq!(p.status, ProposalStatus::Passed);
    assert_eq!(p.final_tally_result.yes_count, 1_000 * OPEN);
    assert_eq!(node.state().staking_params().unwrap().max_validators, 42);
    // the deposit went back to the proposer, the escrow is empty
    assert_eq!(node.state().balance(&gov(), "aopen").unwrap(), 0);
}

#[test]
fn a_community_pool_spend_pays_the_recipient() {
    let (_dir, mut node, keys) = setup();
    let out = node
        .exec(
            &keys[4],
            vec![any(&distr_pb::MsgFundCommunityPool {
                amount: vec![coin(50 * OPEN)],
                depositor: keys[4].address.to_string(),
            })],
        )
        .unwrap();
    assert!(out.result.is_ok(), "{:?}", out.result);
    lock(&mut node, &keys[1], 1_000 * OPEN);
    let recipient = TestKey::from_seed(99).address;
    let spend = any(&distr_pb::MsgCommunityPoolSpend {
        authority: gov().to_string(),
        recipient: recipient.to_string(),
        amount: vec![coin(20 * OPEN)],
    });
    let id = submit(&mut node, &keys[3], vec![spend]);
    vote(&mut node, &keys[1], id, gov_pb::VoteOption::Yes);
    finish_voting(&mut node);
    assert_eq!(
        node.state().proposal(id).unwrap().unwrap().status,
        ProposalStatus::Passed
    );
    assert_eq!(
        node.state().balance(&recipient, "aopen").unwrap(),
        20 * OPEN
    );
}

#[test]
fn a_proposal_whose_messages_fail_changes_nothing() {
    let (_dir, mut node, keys) = setup();
    lock(&mut node, &keys[1], 1_000 * OPEN);
    // valid params first, then a spend the pool cannot pay: all or nothing
    let spend = any(&distr_pb::MsgCommunityPoolSpend {
        authority: gov().to_string(),
        recipient: keys[4].address.to_string(),
        amount: vec![coin(1_000_000 * OPEN)],
    });
    let id = submit(&mut node, &keys[3], vec![staking_params(7), spend]);
    vote(&mut node, &keys[1], id, gov_pb::VoteOption::Yes);
    finish_voting(&mut node);
    let p = node.state().proposal(id).unwrap().unwrap();
    assert_eq!(p.status, ProposalStatus::Failed);
    assert_eq!(node.state().staking_params().unwrap().max_validators, 100);
}

#[test]
fn a_proposal_message_not_signed_by_gov_is_refused_at_submission() {
    let (_dir, mut node, keys) = setup();
    let wrong = any(&staking_pb::MsgUpdateParams {
        authority: keys[3].address.to_string(),
        params: Some(openledger_staking::Params::default().to_proto()),
    });
    let id = node.state().next_proposal_id().unwrap();
    let out = node
        .exec(
            &keys[3],
            vec![any(&gov_pb::MsgSubmitProposal {
                messages: vec![wrong],
                initial_deposit: vec![coin(10 * OPEN)],
                proposer: keys[3].address.to_string(),
                metadata: String::new(),
                title: "t".into(),
                summary: "s".into(),
                expedited: false,
            })],
        )
        .unwrap();
    let err = out.result.unwrap_err();
    assert_eq!(err.codespace, "gov", "{}", err.log);
    assert!(node.state().proposal(id).unwrap().is_none());
}

#[test]
fn delegated_votes_count_once() {
    let (_dir, mut node, keys) = setup();
    lock(&mut node, &keys[1], 1_000 * OPEN);
    lock(&mut node, &keys[2], 300 * OPEN);
    let id = submit(&mut node, &keys[3], vec![staking_params(50)]);
    // keys[1] votes no, then hands its power to keys[2], who votes yes
    vote(&mut node, &keys[1], id, gov_pb::VoteOption::No);
    let out = node
        .exec(
            &keys[1],
            vec![any(&MsgDelegateVotes {
                owner: keys[1].address.to_string(),
                delegatee: keys[2].address.to_string(),
            })],
        )
        .unwrap();
    assert!(out.result.is_ok(), "{:?}", out.result);
    vote(&mut node, &keys[2], id, gov_pb::VoteOption::Yes);
    assert_eq!(
        node.state().voting_power(&keys[2].address).unwrap(),
        1_300 * OPEN
    );
    assert_eq!(node.state().voting_power(&keys[1].address).unwrap(), 0);
    finish_voting(&mut node);
    let p = node.state().proposal(id).unwrap().unwrap();
    let t = p.final_tally_result;
    assert_eq!(
        t.yes_count + t.no_count + t.abstain_count + t.no_with_veto_count,
        1_300 * OPEN
    );
    assert_eq!(t.yes_count, 1_300 * OPEN);
    assert_eq!(p.status, ProposalStatus::Passed);
}

#[test]
fn a_proposal_cannot_spend_the_deposit_escrow() {
    let (_dir, mut node, keys) = setup();
    // a send from the gov account itself is signed by gov, but is not an authority message
    let steal = openledger_testkit::msg_send(&gov(), &keys[3].address, 10 * OPEN);
    let id = node.state().next_proposal_id().unwrap();
    let out = node
        .exec(
            &keys[3],
            vec![any(&gov_pb::MsgSubmitProposal {
                messages: vec![steal],
                initial_deposit: vec![coin(10 * OPEN)],
                proposer: keys[3].address.to_string(),
                metadata: String::new(),
                title: "t".into(),
                summary: "s".into(),
                expedited: false,
            })],
        )
        .unwrap();
    let err = out.result.unwrap_err();
    assert_eq!((err.codespace, err.code), ("gov", 12), "{}", err.log);
    assert!(node.state().proposal(id).unwrap().is_none());
}

#[test]
fn the_gopen_limits_change_by_proposal_and_only_within_range() {
    let (_dir, mut node, keys) = setup();
    lock(&mut node, &keys[1], 1_000 * OPEN);
    let limits = |delay: u64| {
        any(&openledger_gov::proto::MsgUpdateGovLimits {
            authority: gov().to_string(),
            unlock_delay_secs: delay,
            max_unlock_entries: 3,
            max_messages: 8,
            max_metadata_len: 255,
            max_title_len: 140,
            max_summary_len: 10_000,
        })
    };
    let id = submit(&mut node, &keys[3], vec![limits(3_600)]);
    vote(&mut node, &keys[1], id, gov_pb::VoteOption::Yes);
    finish_voting(&mut node);
    let p = node.state().gov_params().unwrap();
    assert_eq!(
        (p.unlock_delay_secs, p.max_unlock_entries, p.max_messages),
        (3_600, 3, 8)
    );
    // a delay of zero would make gOPEN unlock at once: the proposal fails, nothing changes
    let id = submit(&mut node, &keys[3], vec![limits(0)]);
    vote(&mut node, &keys[1], id, gov_pb::VoteOption::Yes);
    finish_voting(&mut node);
    assert_eq!(
        node.state().proposal(id).unwrap().unwrap().status,
        ProposalStatus::Failed
    );
    assert_eq!(node.state().gov_params().unwrap().unlock_delay_secs, 3_600);
    // and nobody but gov may send it directly: the tx is not signed by its authority
    let tx = node.sign(&keys[2], vec![limits(60)]).unwrap();
    let checked = node.app.check_tx(&tx).unwrap();
    assert!(checked.result.is_err());
    assert_eq!(node.state().gov_params().unwrap().unlock_delay_secs, 3_600);
}
