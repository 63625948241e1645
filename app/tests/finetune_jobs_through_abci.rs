//! Fine-tuning jobs through the ABCI surface: a provider registers, a model's creator opens a
//! job on a permissioned datanet version (its contributors earn the access fee), the provider
//! claims and delivers, the creator accepts: the provider is paid, the model moves to
//! ALIGNMENT and the adapter is registered. A claimed job nobody delivers is refunded at its
//! deadline and counts against the provider; a disputed delivery is settled by a gOPEN vote.
//! The exported genesis starts a new chain with the same finetune state. The node checks every
//! module's invariants (the finetune escrow among them) after each block.

use cosmos_sdk_proto::cosmos::gov::v1 as gov_pb;
use cosmos_sdk_proto::Any;
use openledger_app::genesis::AppGenesis;
use openledger_bank::BankRead;
use openledger_datanets::proto as dn;
use openledger_datanets::DatanetsRead;
use openledger_finetune::proto as ft;
use openledger_finetune::{FinetuneRead, JobStatus};
use openledger_framework::{Address, Coins};
use openledger_gov::proto::MsgLock;
use openledger_models::proto as md;
use openledger_models::{ModelsRead, Stage};
use openledger_testkit::{any, coin, genesis_with_validators, TestKey, TestNode};
use sha2::{Digest, Sha256};

const CHAIN: &str = "openledger-test-1";
const OPEN: u128 = 1_000_000_000_000_000_000;
const ACCESS_PRICE: u128 = 5 * OPEN;
const BUDGET: u128 = 50 * OPEN;

fn gov() -> Address {
    Address::module("gov")
}

fn setup() -> (tempfile::TempDir, TestNode, Vec<TestKey>) {
    let dir = tempfile::tempdir().unwrap();
    let keys: Vec<TestKey> = (0..9).map(TestKey::from_seed).collect();
    let mut genesis: AppGenesis =
        genesis_with_validators(&keys, 1_000_000 * OPEN, 1, 100 * OPEN).unwrap();
    genesis
        .edit("gov", |g: &mut openledger_gov::GenesisState| {
            g.params.voting_period_secs = 10;
            g.params.max_deposit_period_secs = 10;
            g.params.min_deposit = Coins::single("aopen", 10 * OPEN).unwrap();
        })
        .unwrap();
    genesis
        .edit("finetune", |g: &mut openledger_finetune::GenesisState| {
            g.params.dispute_window_blocks = 5;
            g.params.missed_deadlines_before_slash = 1;
        })
        .unwrap();
    let mut node = TestNode::new(&dir.path().join("db"), CHAIN, &genesis).unwrap();
    node.block(vec![]).unwrap();
    (dir, node, keys)
}

fn exec(node: &mut TestNode, key: &TestKey, msg: Any) -> Result<(), (String, String)> {
    let out = node.exec(key, vec![msg]).unwrap();
    out.result
        .map(|_| ())
        .map_err(|e| (e.codespace.to_string(), e.log))
}

fn ok(node: &mut TestNode, key: &TestKey, msg: Any) {
    exec(node, key, msg).unwrap();
}

/// A permissioned datanet (id 1) selling access at ACCESS_PRICE, with version 1 holding two
/// approved contributions (keys 2 and 3).
fn permissioned_datanet(node: &mut TestNode, keys: &[TestKey]) {
    let owner = &keys[1];
    ok(
        node,
        owner,
        any(&dn::MsgCreateDatanet {
            owner: owner.address.to_string(),
            name: "clinical-notes".into(),
            summary: "de-identified clinical notes".into(),
            description: String::new(),
            tags: vec![],
            licence: "CC-BY-4.0".into(),
            visibility: dn::Visibility::Permissioned as i32,
            curators: vec![],
            allow_list: vec![keys[2].address.to_string(), keys[3].address.to_string()],
            contribution_bond: OPEN.to_string(),
            fee_per_byte: "1000".into(),
            access_price: ACCESS_PRICE.to_string(),
        }),
    );
    for (i, k) in keys[2..4].iter().enumerate() {
        let data = format!("note {i}");
        ok(
            node,
            k,
            any(&dn::MsgContribute {
                contributor: k.address.to_string(),
                datanet_id: 1,
                content_hash: Sha256::digest(data.as_bytes()).to_vec(),
                size_bytes: data.len() as u64,
                content_uri: "ipfs://note".into(),
                licence: "CC-BY-4.0".into(),
                metadata: String::new(),
                salt: Vec::new(),
            }),
        );
    }
    for id in 1..=2 {
        ok(
            node,
            owner,
            any(&dn::MsgCurate {
                curator: owner.address.to_string(),
                contribution_id: id,
                approve: true,
                reason: dn::CurationReason::None as i32,
                note: String::new(),
            }),
        );
    }
    ok(
        node,
        owner,
        any(&dn::MsgPublishVersion {
            owner: owner.address.to_string(),
            datanet_id: 1,
            note: "v1".into(),
        }),
    );
}

/// Pass a proposal carrying `msg` with the governor's gOPEN.
fn pass(node: &mut TestNode, proposer: &TestKey, governor: &TestKey, msg: Any) {
    let id = openledger_gov::GovRead::next_proposal_id(&node.state()).unwrap();
    ok(
        node,
        proposer,
        any(&gov_pb::MsgSubmitProposal {
            messages: vec![msg],
            initial_deposit: vec![coin(10 * OPEN)],
            proposer: proposer.address.to_string(),
            metadata: String::new(),
            title: "proposal".into(),
            summary: "proposal".into(),
            expedited: false,
        }),
    );
    ok(
        node,
        governor,
        any(&gov_pb::MsgVote {
            proposal_id: id,
            voter: governor.address.to_string(),
            option: gov_pb::VoteOption::Yes as i32,
            metadata: String::new(),
        }),
    );
    node.block_secs = 11;
    node.block(vec![]).unwrap();
    node.block_secs = 1;
}

/// Model 1 by keys[5] on datanet 1 version 1, approved by keys[6]'s vote, in FINE_TUNING.
fn model_in_fine_tuning(node: &mut TestNode, keys: &[TestKey]) {
    let (creator, governor) = (&keys[5], &keys[6]);
    ok(
        node,
        creator,
        any(&md::MsgProposeModel {
            creator: creator.address.to_string(),
            name: "clinical-llm".into(),
            description: String::new(),
            base_model: "llama-3-8b".into(),
            intended_use: "clinical summaries".into(),
            datanet_versions: vec![md::DatanetVersionRef {
                datanet_id: 1,
                version: 1,
            }],
            bond: Some(coin(100 * OPEN)),
            pricing: Some(md::Pricing {
                rate_in_per_1000: "1000".into(),
                rate_out_per_1000: "2000".into(),
            }),
        }),
    );
    ok(
        node,
        governor,
        any(&MsgLock {
            owner: governor.address.to_string(),
            amount: Some(coin(1_000 * OPEN)),
        }),
    );
    pass(
        node,
        creator,
        governor,
        any(&md::MsgApproveModel {
            authority: gov().to_string(),
            model_id: 1,
        }),
    );
    for to in [md::ModelStage::DataCollection, md::ModelStage::FineTuning] {
        ok(
            node,
            creator,
            any(&md::MsgAdvanceModel {
                actor: creator.address.to_string(),
                model_id: 1,
                to_stage: to as i32,
                evidence: None,
            }),
        );
    }
    assert_eq!(
        node.state().model(1).unwrap().unwrap().stage,
        Stage::FineTuning
    );
}

fn register(node: &mut TestNode, p: &TestKey) {
    ok(
        node,
        p,
        any(&ft::MsgRegisterProvider {
            provider: p.address.to_string(),
            endpoint: "https://gpu.example".into(),
            bond: Some(coin(100 * OPEN)),
        }),
    );
}

fn open_job(node: &mut TestNode, creator: &TestKey, deadline: u64) -> u64 {
    let id = node.state().next_job_id().unwrap();
    ok(
        node,
        creator,
        any(&ft::MsgOpenJob {
            creator: creator.address.to_string(),
            model_id: 1,
            base_model: "llama-3-8b".into(),
            datanet_versions: vec![ft::DatanetVersionRef {
                datanet_id: 1,
                version: 1,
            }],
            training_config_hash: "c0ffee".into(),
            budget: Some(coin(BUDGET)),
            deadline_height: deadline,
        }),
    );
    id
}

fn job_act(signer: &TestKey, job_id: u64) -> (String, u64) {
    (signer.address.to_string(), job_id)
}

fn claim(p: &TestKey, job_id: u64) -> Any {
    let (provider, job_id) = job_act(p, job_id);
    any(&ft::MsgClaimJob { provider, job_id })
}

fn deliver(p: &TestKey, job_id: u64, adapter: &str) -> Any {
    any(&ft::MsgDeliverJob {
        provider: p.address.to_string(),
        job_id,
        adapter_hash: adapter.into(),
        training_log_hash: "1095".into(),
        metrics: vec![ft::Metric {
            name: "eval_accuracy_bps".into(),
            value: 8_750,
        }],
        rank: 16,
        size_bytes: 33_554_432,
        licence: "Apache-2.0".into(),
    })
}

fn status(node: &TestNode, id: u64) -> JobStatus {
    node.state().job(id).unwrap().unwrap().status
}

#[test]
fn a_job_pays_the_provider_the_contributors_and_advances_the_model() {
    let (_dir, mut node, keys) = setup();
    permissioned_datanet(&mut node, &keys);
    model_in_fine_tuning(&mut node, &keys);
    let (creator, provider, rival) = (&keys[5], &keys[4], &keys[7]);
    register(&mut node, provider);
    register(&mut node, rival);

    let deadline = node.height + 50;
    let id = open_job(&mut node, creator, deadline);
    let job = node.state().job(id).unwrap().unwrap();
    assert_eq!(
        (job.status, job.access_fees_paid),
        (JobStatus::Open, ACCESS_PRICE)
    );
    // The contributors' revenue pool holds the access fee.
    assert_eq!(node.state().revenue_pool(1, 1).unwrap().paid, ACCESS_PRICE);

    ok(&mut node, provider, claim(provider, id));
    // One provider per job.
    let (codespace, _) = exec(&mut node, rival, claim(rival, id)).unwrap_err();
    assert_eq!(codespace, "finetune");
    ok(&mut node, provider, deliver(provider, id, "adad"));
    // A second accept is refused.
    let before = node.state().balance(&provider.address, "aopen").unwrap();
    let accept = any(&ft::MsgAcceptJob {
        creator: creator.address.to_string(),
        job_id: id,
    });
    ok(&mut node, creator, accept.clone());
    assert!(exec(&mut node, creator, accept).is_err());

    assert_eq!(status(&node, id), JobStatus::Paid);
    let after = node.state().balance(&provider.address, "aopen").unwrap();
    assert_eq!(after - before, BUDGET);
    assert_eq!(
        node.state().model(1).unwrap().unwrap().stage,
        Stage::Alignment
    );
    let adapter = openledger_adapters::AdaptersRead::adapter(&node.state(), "adad")
        .unwrap()
        .unwrap();
    assert_eq!((adapter.job_id, adapter.owner), (id, creator.address));
}

#[test]
fn missed_deadlines_refund_and_disputes_go_to_governance() {
    let (_dir, mut node, keys) = setup();
    permissioned_datanet(&mut node, &keys);
    model_in_fine_tuning(&mut node, &keys);
    let (creator, provider, governor) = (&keys[5], &keys[4], &keys[6]);
    register(&mut node, provider);

    // Claimed, never delivered: refunded at the deadline, the miss slashes (threshold 1).
    let deadline = node.height + 3;
    let lazy = open_job(&mut node, creator, deadline);
    ok(&mut node, provider, claim(provider, lazy));
    let creator_before = node.state().balance(&creator.address, "aopen").unwrap();
    node.advance_to(deadline + 1).unwrap();
    assert_eq!(status(&node, lazy), JobStatus::Refunded);
    let creator_after = node.state().balance(&creator.address, "aopen").unwrap();
    assert_eq!(creator_after - creator_before, BUDGET);
    let p = node.state().provider(&provider.address).unwrap().unwrap();
    assert_eq!((p.missed_deadlines, p.slash_count), (1, 1));
    assert_eq!(p.bond, 90 * OPEN);
    // Too late to deliver.
    assert!(exec(&mut node, provider, deliver(provider, lazy, "aa")).is_err());

    // Delivered, then disputed: only governance moves the budget.
    ok(
        &mut node,
        provider,
        any(&ft::MsgUpdateProvider {
            provider: provider.address.to_string(),
            endpoint: "https://gpu.example".into(),
            add_bond: Some(coin(10 * OPEN)),
        }),
    );
    let deadline = node.height + 50;
    let id = open_job(&mut node, creator, deadline);
    ok(&mut node, provider, claim(provider, id));
    ok(&mut node, provider, deliver(provider, id, "bead"));
    ok(
        &mut node,
        creator,
        any(&ft::MsgDisputeJob {
            creator: creator.address.to_string(),
            job_id: id,
            reason: "the adapter does not load".into(),
        }),
    );
    // The creator can not settle it itself.
    let mut settle = ft::MsgSettleJob {
        authority: creator.address.to_string(),
        job_id: id,
        outcome: ft::SettleOutcome::RefundAndSlash as i32,
    };
    let (codespace, _) = exec(&mut node, creator, any(&settle)).unwrap_err();
    assert_eq!(codespace, "finetune");
    settle.authority = gov().to_string();
    node.advance_to(node.height + 10).unwrap();
    assert_eq!(status(&node, id), JobStatus::Disputed);
    // The exported state, a disputed job in escrow among it, starts a new chain with the same
    // finetune state.
    let exported = AppGenesis::export(&node.state()).unwrap();
    let ft_state: openledger_finetune::GenesisState = exported.module("finetune").unwrap();
    assert_eq!((ft_state.providers.len(), ft_state.jobs.len()), (1, 2));
    let dir = tempfile::tempdir().unwrap();
    let mut fresh = TestNode::new(&dir.path().join("db"), CHAIN, &exported).unwrap();
    fresh.block(vec![]).unwrap();
    assert_eq!(
        openledger_finetune::GenesisState::export(&fresh.state()).unwrap(),
        ft_state
    );
    ok(
        &mut node,
        governor,
        any(&MsgLock {
            owner: governor.address.to_string(),
            amount: Some(coin(1_000 * OPEN)),
        }),
    );
    pass(&mut node, creator, governor, any(&settle));
    assert_eq!(status(&node, id), JobStatus::Refunded);
    let p = node.state().provider(&provider.address).unwrap().unwrap();
    assert_eq!((p.disputes_lost, p.slash_count), (1, 2));
    assert_eq!(
        node.state()
            .balance(&openledger_finetune::finetune_address(), "aopen")
            .unwrap(),
        p.bond
    );
    // The model never left FINE_TUNING.
    assert_eq!(
        node.state().model(1).unwrap().unwrap().stage,
        Stage::FineTuning
    );
}

#[test]
fn silence_past_the_dispute_window_pays_the_provider() {
    let (_dir, mut node, keys) = setup();
    permissioned_datanet(&mut node, &keys);
    model_in_fine_tuning(&mut node, &keys);
    let (creator, provider) = (&keys[5], &keys[4]);
    register(&mut node, provider);
    let deadline = node.height + 50;
    let id = open_job(&mut node, creator, deadline);
    ok(&mut node, provider, claim(provider, id));
    ok(&mut node, provider, deliver(provider, id, "5a1e"));
    let window_end = node
        .state()
        .job(id)
        .unwrap()
        .unwrap()
        .dispute_deadline_height;
    let before = node.state().balance(&provider.address, "aopen").unwrap();
    node.advance_to(window_end - 1).unwrap();
    assert_eq!(status(&node, id), JobStatus::Delivered);
    node.advance_to(window_end).unwrap();
    assert_eq!(status(&node, id), JobStatus::Paid);
    let after = node.state().balance(&provider.address, "aopen").unwrap();
    assert_eq!(after - before, BUDGET);
    assert_eq!(
        node.state().model(1).unwrap().unwrap().stage,
        Stage::Alignment
    );
    assert!(
        openledger_adapters::AdaptersRead::adapter(&node.state(), "5a1e")
            .unwrap()
            .is_some()
    );
    // Too late to dispute.
    let dispute = any(&ft::MsgDisputeJob {
        creator: creator.address.to_string(),
        job_id: id,
        reason: "late".into(),
    });
    let (codespace, _) = exec(&mut node, creator, dispute).unwrap_err();
    assert_eq!(codespace, "finetune");
}
