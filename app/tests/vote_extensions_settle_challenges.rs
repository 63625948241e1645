//! Challenges settled by the validators' vote extensions: a receipt is challenged, the
//! validators' results travel in their vote extensions, the next proposer injects them, and the
//! block settles the challenge when more than 2/3 of the last commit's voting power agrees on
//! one result: exactly 2/3 is not enough, abstentions (missing content, no extension, absent)
//! count against, conflicting results settle nothing, and one lying validator cannot move the
//! result. ExtendVote gives this node's results for the open challenges only, and replaying
//! the blocks on a fresh node gives the same app hashes.

use std::collections::BTreeMap;

use cosmos_sdk_proto::Any;
use openledger_app::abci::vote_extension as ve;
use openledger_app::challenge_results::ChallengeResults;
use openledger_app::genesis::AppGenesis;
use openledger_attribution::proto::{self as at, AttributionEntry, ChallengeVote, VoteExtension};
use openledger_attribution::{AttributionRead, ChallengeStatus};
use openledger_framework::{consensus_address, Coins, ConsAddress};
use openledger_testkit::ai::{deploy_model, Roles};
use openledger_testkit::{any, coin, consensus_key, genesis_with_validators, TestKey, TestNode};
use prost::Message;
use sha2::{Digest, Sha256};

const CHAIN: &str = "openledger-ve-settle-1";
const OPEN: u128 = 1_000_000_000_000_000_000;
const VALIDATORS: u64 = 6;

// accounts: 0..6 validators, 6 datanet owner, 7 creator, 8 governor, 9 operator, 10 user,
// 11.. contributors
const OWNER: usize = 6;
const CREATOR: usize = 7;
const GOVERNOR: usize = 8;
const OPERATOR: usize = 9;
const USER: usize = 10;
const OUTPUT: &[u8] = b"the challenged output";

struct World {
    _dir: tempfile::TempDir,
    node: TestNode,
    /// The receipt's weights.
    receipt: Vec<(u64, u32)>,
    /// Other valid weights (the same contributions, split differently).
    other: Vec<(u64, u32)>,
    challenge_id: u64,
}

fn ok(node: &mut TestNode, key: &TestKey, msgs: Vec<Any>) -> Vec<Any> {
    let out = node.exec(key, msgs).unwrap();
    assert!(out.result.is_ok(), "{:?}", out.result);
    out.msg_responses
}

fn keys() -> Vec<TestKey> {
    (0..15).map(TestKey::from_seed).collect()
}

/// Six validators of power 100; governance periods of 10 seconds (the fixture's model is
/// approved by a vote decided in one long block).
fn genesis(keys: &[TestKey]) -> AppGenesis {
    let mut genesis =
        genesis_with_validators(keys, 1_000_000 * OPEN, VALIDATORS as usize, 100 * OPEN).unwrap();
    let min_deposit = Coins::single("aopen", 10 * OPEN).unwrap();
    genesis
        .edit("gov", |g: &mut openledger_gov::GenesisState| {
            g.params.voting_period_secs = 10;
            g.params.max_deposit_period_secs = 10;
            g.params.min_deposit = min_deposit;
        })
        .unwrap();
    genesis
}

/// A deployed model, a receipt by the operator and a challenge of it (OPEN). Every block is
/// recorded.
fn world() -> World {
    let keys = keys();
    let genesis = genesis(&keys);
    let dir = tempfile::tempdir().unwrap();
    let mut node = TestNode::new(&dir.path().join("db"), CHAIN, &genesis).unwrap();
    node.recorded = Some(Vec::new());
    node.block(vec![]).unwrap();
    let fx = deploy_model(
        &mut node,
        &Roles {
            datanet_owner: &keys[OWNER],
            contributors: &keys[11..],
            creator: &keys[CREATOR],
            governor: &keys[GOVERNOR],
        },
        2,
        (240_000_000_000_000_000, 200_000_000_000_000_000),
    )
    .unwrap();
    let (operator, user) = (keys[OPERATOR].clone(), keys[USER].clone());
    ok(
        &mut node,
        &operator,
        vec![any(&at::MsgRegisterOperator {
            operator: operator.address.to_string(),
            bond: Some(coin(100 * OPEN)),
            endpoint: "https://inference.example/v1".into(),
            models: vec![fx.model_id],
        })],
    );
    ok(
        &mut node,
        &user,
        vec![
            any(&at::MsgDeposit {
                user: user.address.to_string(),
                amount: Some(coin(10 * OPEN)),
            }),
            any(&at::MsgGrant {
                user: user.address.to_string(),
                operator: operator.address.to_string(),
                model_id: fx.model_id,
                spend_limit: (5 * OPEN).to_string(),
            }),
        ],
    );
    let (c1, c2) = (fx.contributions[0].id, fx.contributions[2].id);
    let receipt = vec![(c1, 250_000), (c2, 750_000)];
    let other = vec![(c1, 600_000), (c2, 400_000)];
    let responses = ok(
        &mut node,
        &operator,
        vec![any(&at::MsgRecordInference {
            operator: operator.address.to_string(),
            user: user.address.to_string(),
            model_id: fx.model_id,
            model_version: 0,
            input_tokens: 1000,
            output_tokens: 2000,
            output_hash: Sha256::digest(OUTPUT).to_vec(),
            prompt_hash: Sha256::digest(b"prompt").to_vec(),
            request_id: "req-1".into(),
            attribution: entries(&receipt),
            engine_version: 1,
            engine_params_id: 1,
            evidence_hash: vec![0xee; 32],
            adapter_hash: String::new(),
        })],
    );
    let receipt_id = at::MsgRecordInferenceResponse::decode(responses[0].value.as_slice())
        .unwrap()
        .receipt_id;
    let responses = ok(
        &mut node,
        &user,
        vec![any(&at::MsgChallengeReceipt {
            challenger: user.address.to_string(),
            receipt_id,
            output: OUTPUT.to_vec(),
            bond: Some(coin(10 * OPEN)),
        })],
    );
    let challenge_id = at::MsgChallengeReceiptResponse::decode(responses[0].value.as_slice())
        .unwrap()
        .challenge_id;
    let w = World {
        _dir: dir,
        node,
        receipt,
        other,
        challenge_id,
    };
    assert_eq!(status(&w), ChallengeStatus::Open);
    w
}

fn entries(list: &[(u64, u32)]) -> Vec<AttributionEntry> {
    list.iter()
        .map(|&(contribution_id, weight_ppm)| AttributionEntry {
            contribution_id,
            weight_ppm,
        })
        .collect()
}

fn addr(seed: u64) -> ConsAddress {
    consensus_address(&consensus_key(seed))
}

fn status(w: &World) -> ChallengeStatus {
    w.node
        .state()
        .challenge(w.challenge_id)
        .unwrap()
        .unwrap()
        .status
}

/// One validator's vote.
#[derive(Clone, Copy)]
enum Vote<'a> {
    Result(&'a [(u64, u32)]),
    ContentMissing,
    Nothing,
}

fn extension(challenge_id: u64, vote: Vote<'_>) -> Vec<u8> {
    let v = match vote {
        Vote::Result(list) => ChallengeVote {
            challenge_id,
            content_missing: false,
            entries: entries(list),
        },
        Vote::ContentMissing => ChallengeVote {
            challenge_id,
            content_missing: true,
            entries: Vec::new(),
        },
        Vote::Nothing => return Vec::new(),
    };
    VoteExtension { votes: vec![v] }.encode_to_vec()
}

/// A block whose last commit carries these votes (validator i votes `votes[i]`).
fn vote_block(w: &mut World, votes: &[Vote<'_>]) {
    let exts: BTreeMap<ConsAddress, Vec<u8>> = votes
        .iter()
        .enumerate()
        .map(|(i, v)| (addr(i as u64), extension(w.challenge_id, *v)))
        .collect();
    let b = w.node.block_with_extensions(vec![], &exts).unwrap();
    assert!(
        b.txs.first().is_some_and(|t| ve::is_injection(t))
            || votes.iter().all(|v| matches!(v, Vote::Nothing)),
        "the votes were not injected"
    );
}

#[test]
fn more_than_two_thirds_on_other_weights_correct_the_receipt() {
    let mut w = world();
    let other = w.other.clone();
    let receipt = w.receipt.clone();
    // 5 of 6: more than 2/3.
    vote_block(
        &mut w,
        &[
            Vote::Result(&other),
            Vote::Result(&other),
            Vote::Result(&other),
            Vote::Result(&other),
            Vote::Result(&other),
            Vote::Result(&receipt),
        ],
    );
    let c = w.node.state().challenge(w.challenge_id).unwrap().unwrap();
    assert_eq!(c.status, ChallengeStatus::Corrected);
    let agreed: Vec<(u64, u32)> = c
        .agreed
        .iter()
        .map(|e| (e.contribution_id, e.weight_ppm))
        .collect();
    assert_eq!(agreed, other);
    assert!(c.slashed > 0);
    assert_eq!(c.settled_height, w.node.height);
}

#[test]
fn all_agreeing_with_the_receipt_uphold_it() {
    let mut w = world();
    let receipt = w.receipt.clone();
    vote_block(&mut w, &[Vote::Result(&receipt); VALIDATORS as usize]);
    assert_eq!(status(&w), ChallengeStatus::Upheld);
}

#[test]
fn exactly_two_thirds_do_not_settle_more_do() {
    let mut w = world();
    let (other, receipt) = (w.other.clone(), w.receipt.clone());
    // 4 of 6 is exactly 2/3.
    vote_block(
        &mut w,
        &[
            Vote::Result(&other),
            Vote::Result(&other),
            Vote::Result(&other),
            Vote::Result(&other),
            Vote::Result(&receipt),
            Vote::Result(&receipt),
        ],
    );
    assert_eq!(status(&w), ChallengeStatus::Open);
    // One more validator agrees in the next height's votes: 5 of 6.
    vote_block(
        &mut w,
        &[
            Vote::Result(&other),
            Vote::Result(&other),
            Vote::Result(&other),
            Vote::Result(&other),
            Vote::Result(&other),
            Vote::Result(&receipt),
        ],
    );
    assert_eq!(status(&w), ChallengeStatus::Corrected);
}

#[test]
fn abstentions_count_against_settling() {
    let mut w = world();
    let receipt = w.receipt.clone();
    let r = Vote::Result(&receipt);
    // Missing content and no result at all: 4 of 6.
    vote_block(&mut w, &[r, r, r, r, Vote::ContentMissing, Vote::Nothing]);
    assert_eq!(status(&w), ChallengeStatus::Open);
    // An absent validator (its power still counts in the total): 4 of 6.
    w.node.offline.insert(addr(5));
    vote_block(&mut w, &[r, r, r, r, Vote::ContentMissing, r]);
    assert_eq!(status(&w), ChallengeStatus::Open);
    // 5 of 6 with one abstention: settled.
    w.node.offline.clear();
    vote_block(&mut w, &[r, r, r, r, r, Vote::ContentMissing]);
    assert_eq!(status(&w), ChallengeStatus::Upheld);
}

#[test]
fn conflicting_results_settle_nothing_and_one_liar_cannot_move_the_result() {
    let mut w = world();
    let (other, receipt) = (w.other.clone(), w.receipt.clone());
    let (a, b) = (Vote::Result(&receipt), Vote::Result(&other));
    vote_block(&mut w, &[a, a, a, b, b, b]);
    assert_eq!(status(&w), ChallengeStatus::Open);
    // The liar alone votes other weights, and its extension is well formed and signed.
    vote_block(
        &mut w,
        &[
            b,
            Vote::Nothing,
            Vote::Nothing,
            Vote::Nothing,
            Vote::Nothing,
            Vote::Nothing,
        ],
    );
    assert_eq!(status(&w), ChallengeStatus::Open);
    // Five honest validators against the liar: the receipt stands.
    vote_block(&mut w, &[b, a, a, a, a, a]);
    assert_eq!(status(&w), ChallengeStatus::Upheld);
    let c = w.node.state().challenge(w.challenge_id).unwrap().unwrap();
    assert_eq!(c.slashed, 0);
}

#[test]
fn votes_for_settled_unknown_or_invalid_challenges_change_nothing() {
    let mut w = world();
    let receipt = w.receipt.clone();
    let r = Vote::Result(&receipt);
    vote_block(&mut w, &[r; VALIDATORS as usize]);
    assert_eq!(status(&w), ChallengeStatus::Upheld);
    // More votes for the settled challenge, and for an unknown one: the blocks go through.
    let other = w.other.clone();
    vote_block(&mut w, &[Vote::Result(&other); VALIDATORS as usize]);
    assert_eq!(status(&w), ChallengeStatus::Upheld);
    w.challenge_id += 100;
    vote_block(&mut w, &[r; VALIDATORS as usize]);
    w.challenge_id -= 100;
    assert!(w
        .node
        .state()
        .challenge(w.challenge_id + 100)
        .unwrap()
        .is_none());
}

#[test]
fn weights_the_module_refuses_leave_the_challenge_open() {
    let mut w = world();
    // A contribution that is not in the model's datanets: well formed, but no valid receipt.
    let bad = [(999_999u64, 1_000_000u32)];
    vote_block(&mut w, &[Vote::Result(&bad); VALIDATORS as usize]);
    assert_eq!(status(&w), ChallengeStatus::Open);
}

#[test]
fn extend_vote_gives_this_nodes_results_for_open_challenges() {
    let mut w = world();
    let results = ChallengeResults::new();
    assert!(w.node.app.extend_vote(&results).is_empty());
    let mine = ChallengeVote {
        challenge_id: w.challenge_id,
        content_missing: false,
        entries: entries(&w.receipt),
    };
    results.insert(mine.clone());
    // A result for a challenge that is not open is left out.
    results.insert(ChallengeVote {
        challenge_id: w.challenge_id + 7,
        content_missing: true,
        entries: Vec::new(),
    });
    let bytes = w.node.app.extend_vote(&results);
    let ext = ve::check_extension(&bytes).unwrap();
    assert_eq!(ext.votes, vec![mine]);
    // Once settled, nothing is open: an empty extension.
    let receipt = w.receipt.clone();
    vote_block(&mut w, &[Vote::Result(&receipt); VALIDATORS as usize]);
    assert!(w.node.app.extend_vote(&results).is_empty());
}

#[test]
fn replaying_the_blocks_gives_the_same_app_hashes() {
    let mut w = world();
    let (other, receipt) = (w.other.clone(), w.receipt.clone());
    let (a, b) = (Vote::Result(&receipt), Vote::Result(&other));
    vote_block(&mut w, &[a, a, a, b, b, b]);
    vote_block(&mut w, &[b, b, b, b, b, Vote::ContentMissing]);
    assert_eq!(status(&w), ChallengeStatus::Corrected);
    w.node.block(vec![]).unwrap();
    let recorded = w.node.recorded.clone().unwrap();
    let expected = w.node.app.info().1;

    let genesis = genesis(&keys());
    let dir = tempfile::tempdir().unwrap();
    for (name, process) in [("with-process", true), ("finalize-only", false)] {
        let mut node = TestNode::new(&dir.path().join(name), CHAIN, &genesis).unwrap();
        for block in &recorded {
            node.replay(block, process).unwrap();
        }
        assert_eq!(node.app.info().1, expected, "{name}");
        let c = node.state().challenge(w.challenge_id).unwrap().unwrap();
        assert_eq!(c.status, ChallengeStatus::Corrected, "{name}");
    }
}
