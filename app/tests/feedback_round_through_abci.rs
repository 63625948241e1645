//! An RLHF feedback round through the ABCI surface: five feedback validators register, the
//! creator of a model in ALIGNMENT funds a round on its candidate, they commit and reveal
//! (one far from the others, one never reveals), and the end block of the reveal deadline
//! settles the worked example of docs/modules/feedback.md to the aopen. With the models param
//! `require_feedback_round`, the model deploys only once that round is settled. The node
//! checks every module's invariants (the feedback escrow among them) after each block.

use cosmos_sdk_proto::cosmos::gov::v1 as gov_pb;
use cosmos_sdk_proto::Any;
use openledger_app::genesis::AppGenesis;
use openledger_app::query::abci::QueryGateway;
use openledger_app::tx::execute::LocalPolicy;
use openledger_bank::BankRead;
use openledger_datanets::proto as dn;
use openledger_feedback::proto as fb;
use openledger_feedback::FeedbackRead;
use openledger_framework::{Address, Coins};
use openledger_gov::proto::MsgLock;
use openledger_models::proto as md;
use openledger_models::{ModelsRead, Stage};
use openledger_testkit::{any, coin, genesis_with_validators, TestKey, TestNode};
use prost::Message;
use sha2::{Digest, Sha256};

const CHAIN: &str = "openledger-test-1";
const OPEN: u128 = 1_000_000_000_000_000_000;

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
        .edit("models", |g: &mut openledger_models::GenesisState| {
            g.params.require_feedback_round = true;
        })
        .unwrap();
    let mut node = TestNode::new(&dir.path().join("db"), CHAIN, &genesis).unwrap();
    node.block(vec![]).unwrap();
    (dir, node, keys)
}

fn exec(node: &mut TestNode, key: &TestKey, msg: Any) -> Result<(), (String, u32, String)> {
    let out = node.exec(key, vec![msg]).unwrap();
    out.result
        .map(|_| ())
        .map_err(|e| (e.codespace.to_string(), e.code, e.log))
}

fn ok(node: &mut TestNode, key: &TestKey, msg: Any) {
    exec(node, key, msg).unwrap();
}

/// Datanet 1 with version 1 (one approved contribution), model 1 by `creator` on it,
/// approved by `governor`'s vote and advanced to ALIGNMENT.
fn model_in_alignment(node: &mut TestNode, creator: &TestKey, governor: &TestKey) {
    ok(
        node,
        creator,
        any(&dn::MsgCreateDatanet {
            owner: creator.address.to_string(),
            name: "preference-pairs".into(),
            summary: "prompt and answer pairs".into(),
            description: String::new(),
            tags: vec![],
            licence: "CC-BY-4.0".into(),
            visibility: dn::Visibility::Public as i32,
            curators: vec![],
            allow_list: vec![],
            contribution_bond: OPEN.to_string(),
            fee_per_byte: "1000".into(),
            access_price: "0".into(),
        }),
    );
    let data = b"pair 1";
    ok(
        node,
        creator,
        any(&dn::MsgContribute {
            contributor: creator.address.to_string(),
            datanet_id: 1,
            content_hash: Sha256::digest(data).to_vec(),
            size_bytes: data.len() as u64,
            content_uri: "ipfs://pair".into(),
            licence: "CC-BY-4.0".into(),
            metadata: String::new(),
            salt: Vec::new(),
        }),
    );
    ok(
        node,
        creator,
        any(&dn::MsgCurate {
            curator: creator.address.to_string(),
            contribution_id: 1,
            approve: true,
            reason: dn::CurationReason::None as i32,
            note: String::new(),
        }),
    );
    ok(
        node,
        creator,
        any(&dn::MsgPublishVersion {
            owner: creator.address.to_string(),
            datanet_id: 1,
            note: "v1".into(),
        }),
    );
    ok(
        node,
        creator,
        any(&md::MsgProposeModel {
            creator: creator.address.to_string(),
            name: "aligned-llm".into(),
            description: String::new(),
            base_model: "llama-3-8b".into(),
            intended_use: "assistant".into(),
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
    let id = openledger_gov::GovRead::next_proposal_id(&node.state()).unwrap();
    ok(
        node,
        creator,
        any(&gov_pb::MsgSubmitProposal {
            messages: vec![any(&md::MsgApproveModel {
                authority: Address::module("gov").to_string(),
                model_id: 1,
            })],
            initial_deposit: vec![coin(10 * OPEN)],
            proposer: creator.address.to_string(),
            metadata: String::new(),
            title: "approve".into(),
            summary: "approve".into(),
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
    for (to, run) in [
        (md::ModelStage::DataCollection, ""),
        (md::ModelStage::FineTuning, ""),
        (md::ModelStage::Alignment, "ab12cd34"),
    ] {
        ok(node, creator, advance(creator, to, run, ""));
    }
    assert_eq!(
        node.state().model(1).unwrap().unwrap().stage,
        Stage::Alignment
    );
}

fn advance(creator: &TestKey, to: md::ModelStage, run: &str, adapter: &str) -> Any {
    any(&md::MsgAdvanceModel {
        actor: creator.address.to_string(),
        model_id: 1,
        to_stage: to as i32,
        evidence: Some(md::Evidence {
            training_run_hash: run.into(),
            adapter_hash: adapter.into(),
            metrics: String::new(),
        }),
    })
}

fn scores(i: usize) -> Vec<u32> {
    match i {
        0 => vec![8000, 6000, 7000],
        1 => vec![8200, 5800, 7000],
        2 => vec![7800, 6200, 6600],
        3 => vec![1000, 9000, 2000],
        _ => vec![5000, 5000, 5000],
    }
}

#[test]
fn a_round_settles_the_worked_example_and_opens_the_deploy_gate() {
    let (_dir, mut node, keys) = setup();
    let (creator, governor) = (&keys[5], &keys[6]);
    model_in_alignment(&mut node, creator, governor);
    // A, B, C, D (far), E (never reveals)
    let vals: Vec<&TestKey> = vec![&keys[1], &keys[2], &keys[3], &keys[4], &keys[7]];
    for (i, v) in vals.iter().enumerate() {
        let bond = if i == 1 { 20 * OPEN } else { 10 * OPEN };
        ok(
            &mut node,
            v,
            any(&fb::MsgRegisterFeedbackValidator {
                validator: v.address.to_string(),
                bond: Some(coin(bond)),
            }),
        );
    }
    // without a settled round the model cannot deploy
    let e = exec(
        &mut node,
        creator,
        advance(creator, md::ModelStage::Deployed, "", "ee99ff00"),
    )
    .unwrap_err();
    assert_eq!((e.0.as_str(), e.1), ("models", 40), "{}", e.2);

    // blocks: a refused fund, the fund, five commits, the early reveal
    let commit_deadline = node.height + 9;
    let reveal_deadline = commit_deadline + 6;
    // only the model's creator funds a round on it
    let fund = |who: &TestKey| {
        any(&fb::MsgFundRound {
            creator: who.address.to_string(),
            model_id: 1,
            model_version: 0,
            reward: Some(coin(100 * OPEN)),
            item_hashes: (1u8..=3).map(|i| hex::encode([i; 32])).collect(),
            commit_deadline_height: commit_deadline,
            reveal_deadline_height: reveal_deadline,
        })
    };
    let e = exec(&mut node, governor, fund(governor)).unwrap_err();
    assert_eq!((e.0.as_str(), e.1), ("feedback", 9));
    ok(&mut node, creator, fund(creator));
    let round = 1;
    let salt = |i: usize| vec![u8::try_from(i).unwrap() + 1; 16];
    for (i, v) in vals.iter().enumerate() {
        let c = openledger_feedback::commitment_hash(round, &v.address, &scores(i), &salt(i));
        ok(
            &mut node,
            v,
            any(&fb::MsgCommitScores {
                validator: v.address.to_string(),
                round_id: round,
                commitment: hex::encode(c),
            }),
        );
    }
    let reveal = |i: usize, v: &TestKey| {
        any(&fb::MsgRevealScores {
            validator: v.address.to_string(),
            round_id: round,
            scores: scores(i),
            salt: hex::encode(salt(i)),
        })
    };
    // too early
    let e = exec(&mut node, vals[0], reveal(0, vals[0])).unwrap_err();
    assert_eq!((e.0.as_str(), e.1), ("feedback", 19));
    node.advance_to(commit_deadline).unwrap();
    for (i, v) in vals.iter().enumerate().take(4) {
        ok(&mut node, v, reveal(i, v));
    }
    let creator_before = node.state().balance(&creator.address, "aopen").unwrap();
    node.advance_to(reveal_deadline).unwrap();

    let state = node.state();
    let r = state.round_result(round).unwrap().unwrap();
    assert_eq!(r.consensus, vec![8000, 6000, 7000]);
    let outcome = |v: &TestKey| {
        let o = r
            .validators
            .iter()
            .find(|o| o.validator == v.address)
            .unwrap();
        (o.distance, o.agreement, o.reward, o.slashed, o.revealed)
    };
    assert_eq!(
        outcome(vals[0]),
        (0, 10_000, 25_336_981_858_720_989_155, 0, true)
    );
    assert_eq!(
        outcome(vals[1]),
        (133, 9_867, 50_000_000_000_000_000_000, 0, true)
    );
    assert_eq!(
        outcome(vals[2]),
        (266, 9_734, 24_663_018_141_279_010_844, 0, true)
    );
    assert_eq!(outcome(vals[3]), (5_000, 5_000, 0, OPEN, true));
    assert_eq!(outcome(vals[4]), (0, 0, 0, 0, false));
    assert_eq!(
        (r.paid, r.refunded, r.slashed),
        (99_999_999_999_999_999_999, 1, OPEN)
    );
    assert_eq!(
        state.balance(&creator.address, "aopen").unwrap(),
        creator_before + 1
    );
    assert_eq!(
        state
            .feedback_validator(&vals[3].address)
            .unwrap()
            .unwrap()
            .bond,
        9 * OPEN
    );
    // the same result through the ABCI query gateway
    let gateway = QueryGateway::new(node.app.storage().clone(), LocalPolicy::default());
    let q = gateway.query(
        "/openledger.feedback.v1.Query/RoundResult",
        &fb::QueryRoundResultRequest { round_id: round }.encode_to_vec(),
        0,
        false,
    );
    assert!(q.code.is_ok(), "{}", q.log);
    let res = fb::QueryRoundResultResponse::decode(q.value.as_ref())
        .unwrap()
        .result
        .unwrap();
    assert_eq!(res.consensus, vec![8000, 6000, 7000]);
    assert_eq!(res.refunded, "1");
    let q = gateway.query(
        "/openledger.feedback.v1.Query/SettledRounds",
        &fb::QuerySettledRoundsRequest {
            model_id: 1,
            model_version: 0,
        }
        .encode_to_vec(),
        0,
        false,
    );
    assert!(q.code.is_ok(), "{}", q.log);
    assert_eq!(
        fb::QuerySettledRoundsResponse::decode(q.value.as_ref())
            .unwrap()
            .results
            .len(),
        1
    );

    // the settled round opens the deploy gate
    ok(
        &mut node,
        creator,
        advance(creator, md::ModelStage::Deployed, "", "ee99ff00"),
    );
    assert_eq!(
        node.state().model(1).unwrap().unwrap().stage,
        Stage::Deployed
    );
}
