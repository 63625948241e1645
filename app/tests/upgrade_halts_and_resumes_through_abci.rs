//! Software upgrades through the ABCI surface: a plan passed by governance halts the chain at
//! its height (FinalizeBlock fails, nothing is committed, `data/upgrade-info.json` is written
//! for cosmovisor), a node restarted with the same binary halts again, a binary with the
//! plan's handler runs it once and goes on; a cancelled plan halts nothing; a binary with a
//! handler for a plan not due yet refuses to run.

use std::sync::atomic::{AtomicUsize, Ordering};

use cosmos_sdk_proto::cosmos::gov::v1 as gov_pb;
use cosmos_sdk_proto::cosmos::upgrade::v1beta1 as pb;
use cosmos_sdk_proto::Any;
use openledger_app::app::AppError;
use openledger_app::genesis::AppGenesis;
use openledger_app::modules::routes;
use openledger_app::modules::upgrade::{register_handler, run_migrations, UpgradeHandler};
use openledger_bank::BankRead;
use openledger_framework::{Address, BlockCtx, CallError, Coins, StateWrite};
use openledger_gov::proto::MsgLock;
use openledger_gov::{GovRead, ProposalStatus};
use openledger_proto::methods::cosmos::upgrade::v1beta1::query as q;
use openledger_testkit::{any, coin, genesis_with_validators, TestKey, TestNode};
use openledger_upgrade::UpgradeRead;
use prost::Message;

const CHAIN: &str = "openledger-test-1";
const OPEN: u128 = 1_000_000_000_000_000_000;

fn gov() -> Address {
    Address::module("gov")
}

fn setup(dir: &std::path::Path) -> (TestNode, Vec<TestKey>) {
    let keys: Vec<TestKey> = (0..4).map(TestKey::from_seed).collect();
    let mut genesis: AppGenesis =
        genesis_with_validators(&keys, 1_000_000 * OPEN, 1, 100 * OPEN).unwrap();
    genesis
        .edit("gov", |g: &mut openledger_gov::GenesisState| {
            g.params.voting_period_secs = 10;
            g.params.max_deposit_period_secs = 10;
            g.params.min_deposit = Coins::single("aopen", 10 * OPEN).unwrap();
        })
        .unwrap();
    let mut node = TestNode::new(&dir.join("db"), CHAIN, &genesis).unwrap();
    node.block(vec![]).unwrap();
    let out = node
        .exec(
            &keys[1],
            vec![any(&MsgLock {
                owner: keys[1].address.to_string(),
                amount: Some(coin(1_000 * OPEN)),
            })],
        )
        .unwrap();
    assert!(out.result.is_ok(), "{:?}", out.result);
    (node, keys)
}

/// A proposal of `messages` by keys[2], voted yes by keys[1], through its voting period.
fn pass(node: &mut TestNode, keys: &[TestKey], messages: Vec<Any>) {
    let id = node.state().next_proposal_id().unwrap();
    let submit = gov_pb::MsgSubmitProposal {
        messages,
        initial_deposit: vec![coin(10 * OPEN)],
        proposer: keys[2].address.to_string(),
        metadata: String::new(),
        title: "upgrade".into(),
        summary: "a software upgrade".into(),
        expedited: false,
    };
    let out = node.exec(&keys[2], vec![any(&submit)]).unwrap();
    assert!(out.result.is_ok(), "{:?}", out.result);
    let vote = gov_pb::MsgVote {
        proposal_id: id,
        voter: keys[1].address.to_string(),
        option: gov_pb::VoteOption::Yes as i32,
        metadata: String::new(),
    };
    let out = node.exec(&keys[1], vec![any(&vote)]).unwrap();
    assert!(out.result.is_ok(), "{:?}", out.result);
    node.block_secs = 11;
    node.block(vec![]).unwrap();
    node.block_secs = 1;
    let p = node.state().proposal(id).unwrap().unwrap();
    assert_eq!(p.status, ProposalStatus::Passed, "{:?}", p.failed_reason);
}

fn software_upgrade(name: &str, height: u64, info: &str) -> Any {
    any(&pb::MsgSoftwareUpgrade {
        authority: gov().to_string(),
        plan: Some(pb::Plan {
            name: name.into(),
            height: height as i64,
            info: info.into(),
            ..Default::default()
        }),
    })
}

fn query<Req: Message, Resp: Message + Default>(node: &TestNode, path: &str, req: &Req) -> Resp {
    let handle = routes().query(path).unwrap();
    let bytes = handle(&node.state(), &req.encode_to_vec()).unwrap();
    Resp::decode(bytes.as_slice()).unwrap()
}

fn current_plan(node: &TestNode) -> Option<pb::Plan> {
    let r: pb::QueryCurrentPlanResponse =
        query(node, q::CURRENT_PLAN, &pb::QueryCurrentPlanRequest {});
    r.plan
}

fn applied_height(node: &TestNode, name: &str) -> i64 {
    let r: pb::QueryAppliedPlanResponse = query(
        node,
        q::APPLIED_PLAN,
        &pb::QueryAppliedPlanRequest { name: name.into() },
    );
    r.height
}

static RUNS: AtomicUsize = AtomicUsize::new(0);

fn counted_migrations(state: &mut dyn StateWrite, ctx: &BlockCtx) -> Result<(), CallError> {
    RUNS.fetch_add(1, Ordering::SeqCst);
    run_migrations(state, ctx)
}

#[test]
fn the_chain_halts_at_the_plan_and_a_binary_with_its_handler_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let (mut node, keys) = setup(dir.path());
    let before = node.state().balance(&keys[3].address, "aopen").unwrap();
    let height = node.height + 8;
    pass(
        &mut node,
        &keys,
        vec![software_upgrade("v2-halt", height, "notes")],
    );
    let plan = current_plan(&node).unwrap();
    assert_eq!(
        (plan.name.as_str(), plan.height),
        ("v2-halt", height as i64)
    );

    // halt: FinalizeBlock at the plan height fails and commits nothing
    node.advance_to(height - 1).unwrap();
    let time = node.time;
    let home = dir.path().join("home");
    node.app.set_home(home.clone());
    let (h, hash) = node.app.info();
    let err = node.block(vec![]).unwrap_err();
    assert!(matches!(err, AppError::Upgrade(_)), "{err}");
    assert_eq!(
        err.to_string(),
        format!("UPGRADE \"v2-halt\" NEEDED at height {height}: notes")
    );
    assert_eq!(node.app.info(), (h, hash.clone()));
    let info: serde_json::Value =
        serde_json::from_slice(&std::fs::read(home.join("data/upgrade-info.json")).unwrap())
            .unwrap();
    assert_eq!(
        info,
        serde_json::json!({"name": "v2-halt", "height": height, "info": "notes"})
    );

    // the same binary restarted halts again
    drop(node);
    let mut node = TestNode::reopen(&dir.path().join("db"), CHAIN).unwrap();
    node.time = time;
    assert_eq!(node.height, height - 1);
    assert!(matches!(node.block(vec![]), Err(AppError::Upgrade(_))));
    assert_eq!(node.app.info(), (h, hash));

    // a binary with the handler: it runs once, in the block at the plan height
    drop(node);
    register_handler(UpgradeHandler {
        name: "v2-halt",
        run: counted_migrations,
    });
    let mut node = TestNode::reopen(&dir.path().join("db"), CHAIN).unwrap();
    node.time = time;
    node.block(vec![]).unwrap();
    assert_eq!(node.height, height);
    assert_eq!(RUNS.load(Ordering::SeqCst), 1);
    assert_eq!(current_plan(&node), None);
    assert_eq!(applied_height(&node, "v2-halt"), height as i64);
    assert!(node.last_events.iter().any(|e| e.kind == "upgrade"));
    node.advance_to(height + 3).unwrap();
    assert_eq!(RUNS.load(Ordering::SeqCst), 1);
    // state from before the upgrade is intact
    assert_eq!(
        node.state().balance(&keys[3].address, "aopen").unwrap(),
        before
    );
    let versions: pb::QueryModuleVersionsResponse = query(
        &node,
        q::MODULE_VERSIONS,
        &pb::QueryModuleVersionsRequest::default(),
    );
    assert!(versions
        .module_versions
        .iter()
        .any(|v| v.name == "bank" && v.version == 1));
    // an applied name cannot be scheduled again: the proposal fails, nothing is scheduled
    assert_eq!(node.state().done_height("v2-halt").unwrap(), Some(height));
}

#[test]
fn a_cancelled_plan_halts_nothing_and_a_new_plan_replaces_the_old() {
    let dir = tempfile::tempdir().unwrap();
    let (mut node, keys) = setup(dir.path());
    let height = node.height + 8;
    pass(
        &mut node,
        &keys,
        vec![software_upgrade("v2-first", height, "")],
    );
    pass(
        &mut node,
        &keys,
        vec![software_upgrade("v2-second", height + 20, "")],
    );
    assert_eq!(current_plan(&node).unwrap().name, "v2-second");
    pass(
        &mut node,
        &keys,
        vec![any(&pb::MsgCancelUpgrade {
            authority: gov().to_string(),
        })],
    );
    assert_eq!(current_plan(&node), None);
    node.advance_to(height + 22).unwrap();
    assert_eq!(applied_height(&node, "v2-second"), 0);
}

#[test]
fn upgrade_messages_are_governance_only() {
    let dir = tempfile::tempdir().unwrap();
    let (mut node, keys) = setup(dir.path());
    let mut direct = pb::MsgSoftwareUpgrade {
        authority: keys[2].address.to_string(),
        plan: Some(pb::Plan {
            name: "v2".into(),
            height: 100,
            ..Default::default()
        }),
    };
    let out = node.exec(&keys[2], vec![any(&direct)]).unwrap();
    let e = out.result.unwrap_err();
    assert_eq!((e.codespace, e.code), ("upgrade", 8), "{e:?}");
    // naming the gov account without its signature is refused before execution
    direct.authority = gov().to_string();
    let tx = node.sign(&keys[2], vec![any(&direct)]).unwrap();
    let out = node.app.check_tx(&tx).unwrap();
    assert!(!out.ante_passed && out.result.is_err(), "{:?}", out.result);
    assert_eq!(current_plan(&node), None);
    let auth: pb::QueryAuthorityResponse =
        query(&node, q::AUTHORITY, &pb::QueryAuthorityRequest {});
    assert_eq!(auth.address, gov().to_string());
}

fn noop(_: &mut dyn StateWrite, _: &BlockCtx) -> Result<(), CallError> {
    Ok(())
}

#[test]
fn a_handler_for_a_plan_not_due_refuses_to_run() {
    let dir = tempfile::tempdir().unwrap();
    let (mut node, keys) = setup(dir.path());
    let height = node.height + 30;
    pass(
        &mut node,
        &keys,
        vec![software_upgrade("v2-early", height, "")],
    );
    let time = node.time;
    drop(node);
    register_handler(UpgradeHandler {
        name: "v2-early",
        run: noop,
    });
    let mut node = TestNode::reopen(&dir.path().join("db"), CHAIN).unwrap();
    node.time = time;
    let err = node.block(vec![]).unwrap_err();
    assert!(
        err.to_string().contains("BINARY UPDATED BEFORE TRIGGER"),
        "{err}"
    );
}
