//! The data and model registries through the ABCI surface: a datanet collects and curates
//! contributions and publishes a version; a model proposed on that version is approved only by
//! a passed gOPEN vote, then advanced by its creator to Deployed with pricing. A rejected vote
//! rejects the model and refunds its bond.

use cosmos_sdk_proto::cosmos::gov::v1 as gov_pb;
use cosmos_sdk_proto::Any;
use openledger_app::genesis::AppGenesis;
use openledger_bank::BankRead;
use openledger_datanets::proto as dn;
use openledger_datanets::{ContributionStatus, DatanetsRead};
use openledger_framework::{Address, Coins};
use openledger_gov::proto::MsgLock;
use openledger_models::proto as md;
use openledger_models::{ModelsRead, Stage};
use openledger_testkit::{any, coin, genesis_with_validators, TestKey, TestNode};
use sha2::{Digest, Sha256};

const CHAIN: &str = "openledger-test-1";
const OPEN: u128 = 1_000_000_000_000_000_000;

fn gov() -> Address {
    Address::module("gov")
}

fn setup() -> (tempfile::TempDir, TestNode, Vec<TestKey>) {
    let dir = tempfile::tempdir().unwrap();
    let keys: Vec<TestKey> = (0..7).map(TestKey::from_seed).collect();
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

fn ok(node: &mut TestNode, key: &TestKey, msgs: Vec<Any>) {
    let out = node.exec(key, msgs).unwrap();
    assert!(out.result.is_ok(), "{:?}", out.result);
}

fn contribute(key: &TestKey, datanet: u64, data: &[u8]) -> Any {
    any(&dn::MsgContribute {
        contributor: key.address.to_string(),
        datanet_id: datanet,
        content_hash: Sha256::digest(data).to_vec(),
        size_bytes: data.len() as u64,
        content_uri: "ipfs://data".into(),
        licence: "CC-BY-4.0".into(),
        metadata: String::new(),
        salt: Vec::new(),
    })
}

fn curate(owner: &TestKey, id: u64, approve: bool, reason: dn::CurationReason) -> Any {
    any(&dn::MsgCurate {
        curator: owner.address.to_string(),
        contribution_id: id,
        approve,
        reason: reason as i32,
        note: String::new(),
    })
}

/// A datanet with three contributions, two approved and one rejected as spam, and version 1.
fn datanet_with_version(node: &mut TestNode, keys: &[TestKey]) {
    let owner = &keys[1];
    ok(
        node,
        owner,
        vec![any(&dn::MsgCreateDatanet {
            owner: owner.address.to_string(),
            name: "medical-qa".into(),
            summary: "curated medical questions and answers".into(),
            description: String::new(),
            tags: vec!["medical".into()],
            licence: "CC-BY-4.0".into(),
            visibility: dn::Visibility::Public as i32,
            curators: vec![],
            allow_list: vec![],
            contribution_bond: OPEN.to_string(),
            fee_per_byte: "1000".into(),
            access_price: "0".into(),
        })],
    );
    for (i, k) in keys[2..5].iter().enumerate() {
        ok(
            node,
            k,
            vec![contribute(k, 1, format!("sample {i}").as_bytes())],
        );
    }
    let spammer_before = node.state().balance(&keys[4].address, "aopen").unwrap();
    ok(
        node,
        owner,
        vec![curate(owner, 1, true, dn::CurationReason::None)],
    );
    ok(
        node,
        owner,
        vec![curate(owner, 2, true, dn::CurationReason::None)],
    );
    ok(
        node,
        owner,
        vec![curate(owner, 3, false, dn::CurationReason::Spam)],
    );
    // half of the spammer's bond is burned, half comes back
    let spammer_after = node.state().balance(&keys[4].address, "aopen").unwrap();
    assert_eq!(spammer_after - spammer_before, OPEN / 2);
    let c = node.state().contribution(3).unwrap().unwrap();
    assert_eq!(c.status, ContributionStatus::Rejected);
    ok(
        node,
        owner,
        vec![any(&dn::MsgPublishVersion {
            owner: owner.address.to_string(),
            datanet_id: 1,
            note: "v1".into(),
        })],
    );
    let v = node.state().version(1, 1).unwrap().unwrap();
    assert_eq!(v.contribution_count, 2);
}

fn propose_model(node: &mut TestNode, creator: &TestKey) {
    ok(
        node,
        creator,
        vec![any(&md::MsgProposeModel {
            creator: creator.address.to_string(),
            name: "med-llm".into(),
            description: "a medical assistant".into(),
            base_model: "llama-3-8b".into(),
            intended_use: "answering clinicians' questions".into(),
            datanet_versions: vec![md::DatanetVersionRef {
                datanet_id: 1,
                version: 1,
            }],
            bond: Some(coin(100 * OPEN)),
            pricing: Some(md::Pricing {
                rate_in_per_1000: "1000000000000000".into(),
                rate_out_per_1000: "2000000000000000".into(),
            }),
        })],
    );
}

fn approval_vote(
    node: &mut TestNode,
    proposer: &TestKey,
    voter: &TestKey,
    option: gov_pb::VoteOption,
) -> u64 {
    let id = openledger_gov::GovRead::next_proposal_id(&node.state()).unwrap();
    ok(
        node,
        proposer,
        vec![any(&gov_pb::MsgSubmitProposal {
            messages: vec![any(&md::MsgApproveModel {
                authority: gov().to_string(),
                model_id: 1,
            })],
            initial_deposit: vec![coin(10 * OPEN)],
            proposer: proposer.address.to_string(),
            metadata: String::new(),
            title: "approve med-llm".into(),
            summary: "approve model 1".into(),
            expedited: false,
        })],
    );
    ok(
        node,
        voter,
        vec![any(&gov_pb::MsgVote {
            proposal_id: id,
            voter: voter.address.to_string(),
            option: option as i32,
            metadata: String::new(),
        })],
    );
    node.block_secs = 11;
    node.block(vec![]).unwrap();
    node.block_secs = 1;
    id
}

fn advance(
    node: &mut TestNode,
    creator: &TestKey,
    to: md::ModelStage,
    run: &str,
    adapter: &str,
) -> Result<(), String> {
    let out = node
        .exec(
            creator,
            vec![any(&md::MsgAdvanceModel {
                actor: creator.address.to_string(),
                model_id: 1,
                to_stage: to as i32,
                evidence: Some(md::Evidence {
                    training_run_hash: run.into(),
                    adapter_hash: adapter.into(),
                    metrics: String::new(),
                }),
            })],
        )
        .unwrap();
    out.result.map_err(|e| e.log)
}

#[test]
fn a_datanet_version_becomes_a_deployed_model_by_governance() {
    let (_dir, mut node, keys) = setup();
    datanet_with_version(&mut node, &keys);
    let creator = &keys[5];
    propose_model(&mut node, creator);
    assert_eq!(
        node.state().model(1).unwrap().unwrap().stage,
        Stage::Proposed
    );
    // no advancing before approval
    assert!(advance(&mut node, creator, md::ModelStage::DataCollection, "", "").is_err());
    // Protocol Governors lock OPEN and vote the approval through
    let governor = &keys[6];
    ok(
        &mut node,
        governor,
        vec![any(&MsgLock {
            owner: governor.address.to_string(),
            amount: Some(coin(1_000 * OPEN)),
        })],
    );
    approval_vote(&mut node, creator, governor, gov_pb::VoteOption::Yes);
    assert_eq!(
        node.state().model(1).unwrap().unwrap().stage,
        Stage::Approved
    );

    advance(&mut node, creator, md::ModelStage::DataCollection, "", "").unwrap();
    advance(&mut node, creator, md::ModelStage::FineTuning, "", "").unwrap();
    // alignment needs the training run
    assert!(advance(&mut node, creator, md::ModelStage::Alignment, "", "").is_err());
    advance(
        &mut node,
        creator,
        md::ModelStage::Alignment,
        "ab12cd34",
        "",
    )
    .unwrap();
    // skipping back is illegal
    assert!(advance(&mut node, creator, md::ModelStage::FineTuning, "", "").is_err());
    advance(&mut node, creator, md::ModelStage::Deployed, "", "ee99ff00").unwrap();
    let m = node.state().model(1).unwrap().unwrap();
    assert_eq!(m.stage, Stage::Deployed);
    assert!(node.state().is_deployed(1).unwrap());
    assert!(node.state().model_version(1, 1).unwrap().is_some());
    // the bond stays escrowed while the model is live
    assert_eq!(
        node.state()
            .balance(&Address::module("models"), "aopen")
            .unwrap(),
        100 * OPEN
    );
}

#[test]
fn a_rejected_vote_rejects_the_model_and_refunds_its_bond() {
    let (_dir, mut node, keys) = setup();
    datanet_with_version(&mut node, &keys);
    let creator = &keys[5];
    propose_model(&mut node, creator);
    let governor = &keys[6];
    ok(
        &mut node,
        governor,
        vec![any(&MsgLock {
            owner: governor.address.to_string(),
            amount: Some(coin(1_000 * OPEN)),
        })],
    );
    let before = node.state().balance(&creator.address, "aopen").unwrap();
    approval_vote(&mut node, creator, governor, gov_pb::VoteOption::No);
    assert_eq!(
        node.state().model(1).unwrap().unwrap().stage,
        Stage::Rejected
    );
    let after = node.state().balance(&creator.address, "aopen").unwrap();
    // the bond comes back (and the deposit); only the proposal tx's fee was spent
    assert!(
        after > before + 99 * OPEN && after <= before + 100 * OPEN,
        "{before} -> {after}"
    );
    assert_eq!(
        node.state()
            .balance(&Address::module("models"), "aopen")
            .unwrap(),
        0
    );
}

#[test]
fn a_model_cannot_be_approved_without_a_proposal() {
    let (_dir, mut node, keys) = setup();
    datanet_with_version(&mut node, &keys);
    propose_model(&mut node, &keys[5]);
    // signed by the creator itself, naming itself as authority: refused by the handler
    let out = node
        .exec(
            &keys[5],
            vec![any(&md::MsgApproveModel {
                authority: keys[5].address.to_string(),
                model_id: 1,
            })],
        )
        .unwrap();
    let err = out.result.unwrap_err();
    assert_eq!(err.codespace, "models", "{}", err.log);
    assert_eq!(
        node.state().model(1).unwrap().unwrap().stage,
        Stage::Proposed
    );
}
