//! Proof of Attribution through the ABCI surface: a user funds inference and grants an
//! operator; the operator records inferences of a deployed model with attribution across two
//! datanets; the fee is split exactly (the whitepaper's 1.14 OPEN example, to the aopen) between
//! the community pool, the stakers (via the fee collector), the model creator and the data
//! contributors by influence, with a penalised contributor's reduced share; the contributors'
//! credits are held for the challenge window and claimable after it; every party claims.
//! Refused records change nothing but the operator's tx fee, and governance can slash an
//! operator's bond. A challenged receipt the validators do not settle is escalated (bond
//! refunded, pool still held) and governance corrects it.

use cosmos_sdk_proto::cosmos::gov::v1 as gov_pb;
use cosmos_sdk_proto::Any;
use openledger_attribution::proto as at;
use openledger_attribution::AttributionRead;
use openledger_bank::BankRead;
use openledger_datanets::proto as dn;
use openledger_distribution::DistributionRead;
use openledger_framework::{Address, Dec};
use openledger_testkit::ai::{ai_genesis, deploy_model, AiFixture, Roles};
use openledger_testkit::{any, coin, TestKey, TestNode};
use sha2::{Digest, Sha256};

const CHAIN: &str = "openledger-test-1";
const OPEN: u128 = 1_000_000_000_000_000_000;
/// 0.24 OPEN per 1000 input tokens and 0.20 OPEN per 1000 output tokens: 1000 in and 2000 out
/// cost 0.64 OPEN before the platform fee.
const RATES: (u128, u128) = (240_000_000_000_000_000, 200_000_000_000_000_000);

struct World {
    _dir: tempfile::TempDir,
    node: TestNode,
    keys: Vec<TestKey>,
    fx: AiFixture,
}

// accounts: 0 validator, 1 datanet owner, 2 creator, 3 governor, 4 operator, 5 user,
// 6.. contributors
const OWNER: usize = 1;
const CREATOR: usize = 2;
const GOVERNOR: usize = 3;
const OPERATOR: usize = 4;
const USER: usize = 5;

fn world() -> World {
    let keys: Vec<TestKey> = (0..10).map(TestKey::from_seed).collect();
    let mut genesis = ai_genesis(&keys).unwrap();
    genesis
        .edit(
            "attribution",
            |g: &mut openledger_attribution::GenesisState| {
                g.params.platform_fee = OPEN / 2;
                g.params.challenge_deadline_blocks = 2;
            },
        )
        .unwrap();
    // the whole fee collector goes to the validator, so the stakers' share is visible exactly
    genesis
        .edit(
            "distribution",
            |g: &mut openledger_distribution::GenesisState| {
                g.params.community_tax = Dec::ZERO;
            },
        )
        .unwrap();
    genesis
        .edit("datanets", |g: &mut openledger_datanets::GenesisState| {
            g.params.penalty_threshold = 1;
        })
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut node = TestNode::new(&dir.path().join("db"), CHAIN, &genesis).unwrap();
    node.block(vec![]).unwrap();
    let fx = deploy_model(
        &mut node,
        &Roles {
            datanet_owner: &keys[OWNER],
            contributors: &keys[6..],
            creator: &keys[CREATOR],
            governor: &keys[GOVERNOR],
        },
        4,
        RATES,
    )
    .unwrap();
    let mut w = World {
        _dir: dir,
        node,
        keys,
        fx,
    };
    let (operator, user) = (w.keys[OPERATOR].clone(), w.keys[USER].clone());
    ok(
        &mut w.node,
        &operator,
        vec![any(&at::MsgRegisterOperator {
            operator: operator.address.to_string(),
            bond: Some(coin(100 * OPEN)),
            endpoint: "https://inference.example/v1".into(),
            models: vec![w.fx.model_id],
        })],
    );
    ok(
        &mut w.node,
        &user,
        vec![
            any(&at::MsgDeposit {
                user: user.address.to_string(),
                amount: Some(coin(10 * OPEN)),
            }),
            any(&at::MsgGrant {
                user: user.address.to_string(),
                operator: operator.address.to_string(),
                model_id: w.fx.model_id,
                spend_limit: (5 * OPEN).to_string(),
            }),
        ],
    );
    w
}

fn ok(node: &mut TestNode, key: &TestKey, msgs: Vec<Any>) {
    let out = node.exec(key, msgs).unwrap();
    assert!(out.result.is_ok(), "{:?}", out.result);
}

fn record(w: &World, request: &str, attribution: &[(u64, u32)]) -> Any {
    any(&record_msg(w, request, attribution))
}

/// The reference inference (1000 tokens in, 2000 out) by the operator for the user.
fn record_msg(w: &World, request: &str, attribution: &[(u64, u32)]) -> at::MsgRecordInference {
    at::MsgRecordInference {
        operator: w.keys[OPERATOR].address.to_string(),
        user: w.keys[USER].address.to_string(),
        model_id: w.fx.model_id,
        model_version: 0,
        input_tokens: 1000,
        output_tokens: 2000,
        output_hash: Sha256::digest(request.as_bytes()).to_vec(),
        prompt_hash: Sha256::digest(b"prompt").to_vec(),
        request_id: request.into(),
        attribution: attribution
            .iter()
            .map(|&(contribution_id, weight_ppm)| at::AttributionEntry {
                contribution_id,
                weight_ppm,
            })
            .collect(),
        engine_version: 1,
        engine_params_id: 1,
        evidence_hash: vec![0xee; 32],
        adapter_hash: String::new(),
    }
}

/// `key` contributes `data` to the first datanet and the owner curates it (`reason` None
/// approves); the new contribution's id.
fn contribute_and_curate(
    w: &mut World,
    key: &TestKey,
    data: &[u8],
    reason: dn::CurationReason,
) -> u64 {
    ok(
        &mut w.node,
        key,
        vec![any(&dn::MsgContribute {
            contributor: key.address.to_string(),
            datanet_id: w.fx.datanets[0],
            content_hash: Sha256::digest(data).to_vec(),
            size_bytes: data.len() as u64,
            content_uri: String::new(),
            licence: String::new(),
            metadata: String::new(),
            salt: Vec::new(),
        })],
    );
    let id = openledger_datanets::DatanetsRead::next_contribution_id(&w.node.state()).unwrap() - 1;
    let owner = w.keys[OWNER].clone();
    ok(
        &mut w.node,
        &owner,
        vec![any(&dn::MsgCurate {
            curator: owner.address.to_string(),
            contribution_id: id,
            approve: reason == dn::CurationReason::None,
            reason: reason as i32,
            note: String::new(),
        })],
    );
    id
}

/// The fixture's contributions: `(id, contributor)` of datanet index `d`.
fn contributions(w: &World, d: usize) -> Vec<(u64, Address)> {
    w.fx.contributions
        .iter()
        .filter(|c| c.datanet_id == w.fx.datanets[d])
        .map(|c| (c.id, c.contributor))
        .collect()
}

fn claimable(w: &World, a: &Address) -> u128 {
    w.node.state().claimable_rewards(a).unwrap().claimable
}

fn pending(w: &World, a: &Address) -> u128 {
    w.node.state().claimable_rewards(a).unwrap().pending
}

/// Block time moves one challenge window forward and a block ends it: the held data pools
/// recorded before are released.
fn release_held(w: &mut World) {
    let window = w
        .node
        .state()
        .attribution_params()
        .unwrap()
        .challenge_window_secs;
    w.node.time += i64::try_from(window).unwrap();
    w.node.block(vec![]).unwrap();
}

fn tx_fee(w: &World) -> u128 {
    u128::from(w.node.gas_limit) * 1_000_000_000
}

#[test]
fn the_reference_inference_is_split_to_the_aopen_and_every_party_claims() {
    let mut w = world();
    let a = contributions(&w, 0);
    let b = contributions(&w, 1);
    // 25% to one contribution of each datanet's first contributor... here: distinct people
    let (c25, who25) = a[0];
    let (c75, who75) = b[1];
    assert_ne!(who25, who75);
    let fee_collector = Address::module("fee_collector");
    let s = w.node.state();
    let pool_before = s.community_pool_amount("aopen").unwrap();
    let balance_before = s.inference_balance(&w.keys[USER].address).unwrap();

    let operator = w.keys[OPERATOR].clone();
    let msg = record(&w, "req-1", &[(c25, 250_000), (c75, 750_000)]);
    ok(&mut w.node, &operator, vec![msg]);

    let s = w.node.state();
    // the user paid 1.14 OPEN out of the inference account and the grant
    assert_eq!(
        balance_before - s.inference_balance(&w.keys[USER].address).unwrap(),
        1_140_000_000_000_000_000
    );
    let grant = s
        .inference_grant(&w.keys[USER].address, &operator.address, w.fx.model_id)
        .unwrap()
        .unwrap();
    assert_eq!(grant, 5 * OPEN - 1_140_000_000_000_000_000);
    // creator 0.448 claimable now; contributors 0.128 by influence, held for the challenge
    // window: 25% earns exactly 0.032 OPEN
    assert_eq!(claimable(&w, &w.fx.creator), 448_000_000_000_000_000);
    assert_eq!(pending(&w, &who25), 32_000_000_000_000_000);
    assert_eq!(pending(&w, &who75), 96_000_000_000_000_000);
    assert_eq!(claimable(&w, &who25), 0);
    // the platform fee went to the community pool at the end of the block
    assert_eq!(
        s.community_pool_amount("aopen").unwrap() - pool_before,
        500_000_000_000_000_000
    );
    // stakers: 0.064 OPEN joined this block's gas fees in the fee collector
    assert_eq!(
        s.balance(&fee_collector, "aopen").unwrap(),
        tx_fee(&w) + 64_000_000_000_000_000
    );
    let totals = s.attribution_totals().unwrap();
    assert_eq!(totals.fees_charged, 1_140_000_000_000_000_000);
    assert_eq!(totals.platform, 500_000_000_000_000_000);
    assert_eq!(totals.creator, 448_000_000_000_000_000);
    assert_eq!(totals.stakers, 64_000_000_000_000_000);
    assert_eq!(totals.contributors_credited, 0);
    assert_eq!(totals.held, 128_000_000_000_000_000);
    assert_eq!(totals.dust, 0);
    // the receipt is queryable, with the per-datanet view of influence
    let r = openledger_attribution::query_receipt(&s, &at::QueryReceiptRequest { id: 1 })
        .unwrap()
        .receipt
        .unwrap();
    assert_eq!(r.fee, "1140000000000000000");
    assert_eq!(r.datanets.len(), 2);
    assert_eq!(r.entries.len(), 2);

    // the next block pays the stakers' share to the validator
    w.node.block(vec![]).unwrap();
    assert_eq!(w.node.state().balance(&fee_collector, "aopen").unwrap(), 0);

    // one challenge window later the credits are claimable
    release_held(&mut w);
    assert_eq!(claimable(&w, &who25), 32_000_000_000_000_000);
    assert_eq!(claimable(&w, &who75), 96_000_000_000_000_000);
    assert_eq!(pending(&w, &who75), 0);
    let totals = w.node.state().attribution_totals().unwrap();
    assert_eq!(
        (totals.contributors_credited, totals.held),
        (128_000_000_000_000_000, 0)
    );

    // everybody claims exactly what was credited
    for (key, expected) in [
        (
            w.keys.iter().find(|k| k.address == who25).unwrap().clone(),
            32_000_000_000_000_000,
        ),
        (
            w.keys.iter().find(|k| k.address == who75).unwrap().clone(),
            96_000_000_000_000_000,
        ),
        (w.keys[CREATOR].clone(), 448_000_000_000_000_000),
    ] {
        let before = w.node.state().balance(&key.address, "aopen").unwrap();
        ok(
            &mut w.node,
            &key,
            vec![any(&at::MsgClaimRewards {
                claimant: key.address.to_string(),
            })],
        );
        let after = w.node.state().balance(&key.address, "aopen").unwrap();
        assert_eq!(after + tx_fee(&w) - before, expected);
        assert_eq!(claimable(&w, &key.address), 0);
        // nothing is left to claim
        let out = w
            .node
            .exec(
                &key,
                vec![any(&at::MsgClaimRewards {
                    claimant: key.address.to_string(),
                })],
            )
            .unwrap();
        assert!(out.result.is_err());
    }
    assert_eq!(
        w.node.state().attribution_totals().unwrap().claimed,
        576_000_000_000_000_000
    );
}

#[test]
fn a_penalised_contributor_earns_the_reduced_share_and_the_rest_goes_to_the_pool() {
    let mut w = world();
    let a = contributions(&w, 0);
    let (good, good_who) = a[0];
    let (bad, bad_who) = a[1];
    let bad_key = w
        .keys
        .iter()
        .find(|k| k.address == bad_who)
        .unwrap()
        .clone();
    // the second contributor's spam is rejected: penalty 1 reaches the threshold of 1
    contribute_and_curate(&mut w, &bad_key, b"spam", dn::CurationReason::Spam);
    let pool_before = w.node.state().community_pool_amount("aopen").unwrap();
    let operator = w.keys[OPERATOR].clone();
    let msg = record(&w, "req-p", &[(good, 500_000), (bad, 500_000)]);
    ok(&mut w.node, &operator, vec![msg]);
    assert_eq!(pending(&w, &bad_who), 32_000_000_000_000_000);
    release_held(&mut w);
    // the data pool is 0.128 OPEN: 0.064 each, the penalised one keeps half (multiplier 0.5)
    assert_eq!(claimable(&w, &good_who), 64_000_000_000_000_000);
    assert_eq!(claimable(&w, &bad_who), 32_000_000_000_000_000);
    let s = w.node.state();
    assert_eq!(
        s.attribution_totals().unwrap().withheld,
        32_000_000_000_000_000
    );
    assert_eq!(
        s.community_pool_amount("aopen").unwrap() - pool_before,
        500_000_000_000_000_000 + 32_000_000_000_000_000
    );
}

#[test]
fn refused_records_change_nothing_but_the_fee() {
    let mut w = world();
    let a = contributions(&w, 0);
    let operator = w.keys[OPERATOR].clone();
    let first = record(&w, "dup", &[(a[0].0, 1_000_000)]);
    ok(&mut w.node, &operator, vec![first]);
    // a contribution approved after the model's datanet version is not part of the model
    let late_key = w.keys[6].clone();
    let late = contribute_and_curate(&mut w, &late_key, b"late", dn::CurationReason::None);
    let stranger = w.keys[7].clone();
    // 100,000 output tokens cost 20 OPEN, over the 5 OPEN grant
    let mut over_grant = record_msg(&w, "big", &[(a[0].0, 1_000_000)]);
    over_grant.output_tokens = 100_000;
    let mut by_stranger = record_msg(&w, "s", &[(a[0].0, 1_000_000)]);
    by_stranger.operator = stranger.address.to_string();
    let cases: Vec<(&str, TestKey, Any)> = vec![
        (
            "duplicate request",
            operator.clone(),
            record(&w, "dup", &[(a[0].0, 1_000_000)]),
        ),
        (
            "weights not summing",
            operator.clone(),
            record(&w, "w", &[(a[0].0, 999_999)]),
        ),
        (
            "late contribution",
            operator.clone(),
            record(&w, "late", &[(late, 1_000_000)]),
        ),
        (
            "unknown contribution",
            operator.clone(),
            record(&w, "unk", &[(9_999, 1_000_000)]),
        ),
        ("over the grant", operator.clone(), any(&over_grant)),
        ("not an operator", stranger.clone(), any(&by_stranger)),
    ];
    for (what, key, msg) in cases {
        let s = w.node.state();
        let before = (
            openledger_attribution::GenesisState::export(&s).unwrap(),
            s.balance(&key.address, "aopen").unwrap(),
        );
        let out = w.node.exec(&key, vec![msg]).unwrap();
        assert!(out.result.is_err(), "{what} was accepted");
        let s = w.node.state();
        let after = (
            openledger_attribution::GenesisState::export(&s).unwrap(),
            s.balance(&key.address, "aopen").unwrap(),
        );
        assert_eq!(
            serde_json::to_value(&before.0).unwrap(),
            serde_json::to_value(&after.0).unwrap(),
            "{what} changed attribution state"
        );
        assert_eq!(
            before.1 - after.1,
            tx_fee(&w),
            "{what}: only the fee is paid"
        );
    }
    // a revoke and a withdrawal of everything, just before the operator's record of an
    // inference it served lands: the record is still charged (they take effect after
    // withdrawal_delay_secs)
    let user = w.keys[USER].clone();
    let balance_before = w.node.state().balance(&user.address, "aopen").unwrap();
    ok(
        &mut w.node,
        &user,
        vec![
            any(&at::MsgRevoke {
                user: user.address.to_string(),
                operator: operator.address.to_string(),
                model_id: w.fx.model_id,
            }),
            any(&at::MsgWithdraw {
                user: user.address.to_string(),
                amount: None,
            }),
        ],
    );
    let msg = record(&w, "front-run", &[(a[0].0, 1_000_000)]);
    let out = w.node.exec(&operator, vec![msg]).unwrap();
    assert!(out.result.is_ok(), "{:?}", out.result);
    let charged = w
        .node
        .state()
        .receipt(w.node.state().next_receipt_id().unwrap() - 1)
        .unwrap()
        .unwrap()
        .fee;
    assert!(charged > 0);
    let left = w.node.state().inference_balance(&user.address).unwrap();
    // the delay passes: the grant is deleted and what is left of the deposit is paid
    let delay = w
        .node
        .state()
        .attribution_params()
        .unwrap()
        .withdrawal_delay_secs;
    w.node.time += i64::try_from(delay).unwrap();
    w.node.block(vec![]).unwrap();
    assert_eq!(w.node.state().inference_balance(&user.address).unwrap(), 0);
    let after = w.node.state().balance(&user.address, "aopen").unwrap();
    assert_eq!(after + tx_fee(&w) - balance_before, left);
    assert_eq!(
        w.node
            .state()
            .inference_grant(&user.address, &operator.address, w.fx.model_id)
            .unwrap(),
        None
    );
    // after the revocation nothing can be charged
    let msg = record(&w, "after-revoke", &[(a[0].0, 1_000_000)]);
    let out = w.node.exec(&operator, vec![msg]).unwrap();
    assert!(out.result.is_err());
}

#[test]
fn governance_slashes_an_operator_bond() {
    let mut w = world();
    let operator = w.keys[OPERATOR].address;
    let supply_before = w.node.state().supply("aopen").unwrap();
    let id = openledger_gov::GovRead::next_proposal_id(&w.node.state()).unwrap();
    let governor = w.keys[GOVERNOR].clone();
    ok(
        &mut w.node,
        &governor,
        vec![any(&gov_pb::MsgSubmitProposal {
            messages: vec![any(&at::MsgSlashOperator {
                authority: Address::module("gov").to_string(),
                operator: operator.to_string(),
                fraction: Dec::percent(10).to_proto_string(),
                reason: "served outputs of another model".into(),
            })],
            initial_deposit: vec![coin(10 * OPEN)],
            proposer: governor.address.to_string(),
            metadata: String::new(),
            title: "slash operator".into(),
            summary: "10% of the bond".into(),
            expedited: false,
        })],
    );
    ok(
        &mut w.node,
        &governor,
        vec![any(&gov_pb::MsgVote {
            proposal_id: id,
            voter: governor.address.to_string(),
            option: gov_pb::VoteOption::Yes as i32,
            metadata: String::new(),
        })],
    );
    w.node.block_secs = 11;
    w.node.block(vec![]).unwrap();
    let s = w.node.state();
    let op = s.inference_operator(&operator).unwrap().unwrap();
    assert_eq!(op.bond, 90 * OPEN);
    assert_eq!(op.slash_count, 1);
    // burned, not moved: supply fell by the slash (and rose by nothing)
    assert!(supply_before - s.supply("aopen").unwrap() >= 10 * OPEN);
    // below the 100 OPEN minimum the operator cannot record
    let a = contributions(&w, 0);
    let op_key = w.keys[OPERATOR].clone();
    let msg = record(&w, "after-slash", &[(a[0].0, 1_000_000)]);
    let out = w.node.exec(&op_key, vec![msg]).unwrap();
    assert!(out.result.is_err());
}

/// Pass a governance proposal carrying `msg` (the governor holds the voting power).
fn pass_proposal(w: &mut World, msg: Any) {
    let id = openledger_gov::GovRead::next_proposal_id(&w.node.state()).unwrap();
    let governor = w.keys[GOVERNOR].clone();
    ok(
        &mut w.node,
        &governor,
        vec![any(&gov_pb::MsgSubmitProposal {
            messages: vec![msg],
            initial_deposit: vec![coin(10 * OPEN)],
            proposer: governor.address.to_string(),
            metadata: String::new(),
            title: "settle a challenge".into(),
            summary: "the engine's weights".into(),
            expedited: false,
        })],
    );
    ok(
        &mut w.node,
        &governor,
        vec![any(&gov_pb::MsgVote {
            proposal_id: id,
            voter: governor.address.to_string(),
            option: gov_pb::VoteOption::Yes as i32,
            metadata: String::new(),
        })],
    );
    let secs = w.node.block_secs;
    w.node.block_secs = 11;
    w.node.block(vec![]).unwrap();
    w.node.block_secs = secs;
}

#[test]
fn an_escalated_challenge_is_corrected_by_governance() {
    let mut w = world();
    let a = contributions(&w, 0);
    let b = contributions(&w, 1);
    let operator = w.keys[OPERATOR].clone();
    // the operator claims the whole pool for one contribution; the output was "req-x"
    let msg = record(&w, "req-x", &[(a[0].0, 1_000_000)]);
    ok(&mut w.node, &operator, vec![msg]);
    let challenger = w.keys[9].clone();
    let before = w
        .node
        .state()
        .balance(&challenger.address, "aopen")
        .unwrap();
    let out = w
        .node
        .exec(
            &challenger,
            vec![any(&at::MsgChallengeReceipt {
                challenger: challenger.address.to_string(),
                receipt_id: 1,
                output: b"req-x".to_vec(),
                bond: Some(coin(10 * OPEN)),
            })],
        )
        .unwrap();
    assert!(out.result.is_ok(), "{:?}", out.result);
    let open = openledger_app::modules::attribution::open_challenges(&w.node.state(), 10).unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!((open[0].id, open[0].receipt_id), (1, 1));
    assert_eq!(open[0].output, b"req-x".to_vec());
    // no validator settles it: two blocks past its deadline it is escalated, the bond refunded
    for _ in 0..3 {
        w.node.block(vec![]).unwrap();
    }
    let s = w.node.state();
    let c = s.challenge(1).unwrap().unwrap();
    assert_eq!(c.status, openledger_attribution::ChallengeStatus::Escalated);
    assert_eq!(
        s.balance(&challenger.address, "aopen").unwrap(),
        before - tx_fee(&w)
    );
    // the window passes: the pool stays held
    release_held(&mut w);
    assert_eq!(pending(&w, &a[0].1), 128_000_000_000_000_000);
    // governance corrects it: 25% / 75% to other people's contributions
    let cheat = a[0].1;
    let others: Vec<(u64, Address)> = a
        .iter()
        .chain(&b)
        .copied()
        .filter(|c| c.1 != cheat)
        .collect();
    let (c25, who25) = others[0];
    let (c75, who75) = *others.iter().find(|c| c.1 != who25).unwrap();
    pass_proposal(
        &mut w,
        any(&at::MsgSettleChallenge {
            authority: Address::module("gov").to_string(),
            challenge_id: 1,
            entries: vec![
                at::AttributionEntry {
                    contribution_id: c25,
                    weight_ppm: 250_000,
                },
                at::AttributionEntry {
                    contribution_id: c75,
                    weight_ppm: 750_000,
                },
            ],
        }),
    );
    let s = w.node.state();
    let c = s.challenge(1).unwrap().unwrap();
    assert_eq!(c.status, openledger_attribution::ChallengeStatus::Corrected);
    assert_eq!((c.slashed, c.reward), (10 * OPEN, 5 * OPEN));
    assert_eq!(
        s.inference_operator(&operator.address)
            .unwrap()
            .unwrap()
            .bond,
        90 * OPEN
    );
    assert_eq!(
        s.balance(&challenger.address, "aopen").unwrap(),
        before - tx_fee(&w) + 5 * OPEN
    );
    // released in that block (the window had passed), with the corrected split
    assert_eq!(pending(&w, &cheat), 0);
    assert_eq!(claimable(&w, &cheat), 0);
    assert_eq!(claimable(&w, &who25), 32_000_000_000_000_000);
    assert_eq!(claimable(&w, &who75), 96_000_000_000_000_000);
    openledger_attribution::invariants::check(&s).unwrap();
}
