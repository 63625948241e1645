//! LoRA adapters through the ABCI surface: the creator of a deployed model registers an
//! adapter (a second registration of the hash is refused), an inference operator declares
//! serving it with a price ceiling, the ABCI query gateway answers who serves it, a receipt
//! naming the adapter is recorded, and one is refused once the ceiling is below the model's
//! rates; the operator's standing counts its receipts and its uptime claim; the exported
//! genesis starts a new chain with the same adapters state. The testkit checks every module's
//! invariants after each block.

use cosmos_sdk_proto::Any;
use openledger_adapters::proto as adp;
use openledger_app::query::abci::QueryGateway;
use openledger_app::tx::execute::LocalPolicy;
use openledger_attribution::proto as at;
use openledger_attribution::AttributionRead;
use openledger_testkit::ai::{ai_genesis, deploy_model, AiFixture, Roles};
use openledger_testkit::{any, coin, TestKey, TestNode};
use prost::Message;
use sha2::{Digest, Sha256};

const CHAIN: &str = "openledger-test-1";
const OPEN: u128 = 1_000_000_000_000_000_000;
const RATES: (u128, u128) = (240_000_000_000_000_000, 200_000_000_000_000_000);
const HASH: &str = "a1b2c3d4";

// accounts: 0 validator, 1 datanet owner, 2 creator, 3 governor, 4 operator, 5 user,
// 6.. contributors
const OWNER: usize = 1;
const CREATOR: usize = 2;
const GOVERNOR: usize = 3;
const OPERATOR: usize = 4;
const USER: usize = 5;

struct World {
    _dir: tempfile::TempDir,
    node: TestNode,
    keys: Vec<TestKey>,
    fx: AiFixture,
}

fn world() -> World {
    let keys: Vec<TestKey> = (0..10).map(TestKey::from_seed).collect();
    let genesis = ai_genesis(&keys).unwrap();
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
        2,
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
    let model_id = w.fx.model_id;
    ok(
        &mut w,
        &operator,
        vec![any(&at::MsgRegisterOperator {
            operator: operator.address.to_string(),
            bond: Some(coin(100 * OPEN)),
            endpoint: "https://inference.example/v1".into(),
            models: vec![model_id],
        })],
    );
    ok(
        &mut w,
        &user,
        vec![
            any(&at::MsgDeposit {
                user: user.address.to_string(),
                amount: Some(coin(10 * OPEN)),
            }),
            any(&at::MsgGrant {
                user: user.address.to_string(),
                operator: operator.address.to_string(),
                model_id,
                spend_limit: (5 * OPEN).to_string(),
            }),
        ],
    );
    w
}

fn exec(w: &mut World, key: &TestKey, msgs: Vec<Any>) -> Result<(), (String, u32)> {
    let out = w.node.exec(key, msgs).unwrap();
    out.result.map_err(|e| (e.codespace.to_string(), e.code))
}

fn ok(w: &mut World, key: &TestKey, msgs: Vec<Any>) {
    let r = exec(w, key, msgs);
    assert!(r.is_ok(), "{r:?}");
}

fn query<Req: Message, Resp: Message + Default>(w: &World, path: &str, req: &Req) -> Resp {
    let gw = QueryGateway::new(w.node.app.storage().clone(), LocalPolicy::default());
    let r = gw.query(path, &req.encode_to_vec(), 0, false);
    assert_eq!(r.code.value(), 0, "{}", r.log);
    Resp::decode(r.value.as_ref()).unwrap()
}

fn register(w: &World, owner: usize) -> Any {
    any(&adp::MsgRegisterAdapter {
        owner: w.keys[owner].address.to_string(),
        hash: HASH.into(),
        model_id: w.fx.model_id,
        model_version: 1,
        base_model: "llama-3-8b".into(),
        rank: 16,
        size_bytes: 67_108_864,
        licence: "Apache-2.0".into(),
    })
}

fn declare(w: &World, ceiling: u128) -> Any {
    any(&adp::MsgDeclareServing {
        operator: w.keys[OPERATOR].address.to_string(),
        adapter_hash: HASH.into(),
        price_ceiling_per_1k: ceiling.to_string(),
    })
}

fn record(w: &World, request: &str) -> Any {
    any(&at::MsgRecordInference {
        operator: w.keys[OPERATOR].address.to_string(),
        user: w.keys[USER].address.to_string(),
        model_id: w.fx.model_id,
        model_version: 0,
        input_tokens: 1000,
        output_tokens: 2000,
        output_hash: Sha256::digest(request.as_bytes()).to_vec(),
        prompt_hash: Vec::new(),
        request_id: request.into(),
        attribution: Vec::new(),
        engine_version: 1,
        engine_params_id: 1,
        evidence_hash: vec![0xee; 32],
        adapter_hash: HASH.into(),
    })
}

#[test]
fn adapters_are_registered_served_and_named_by_receipts() {
    let mut w = world();
    let (creator, operator) = (w.keys[CREATOR].clone(), w.keys[OPERATOR].clone());

    // a receipt may not name an adapter nobody declared serving
    let msg = record(&w, "early");
    let r = exec(&mut w, &operator, vec![msg]);
    assert_eq!(r, Err(("attribution".into(), 61)));

    let msg = register(&w, CREATOR);
    ok(&mut w, &creator, vec![msg]);
    // the first registrant owns the hash; a second registration is refused
    let msg = register(&w, CREATOR);
    assert_eq!(
        exec(&mut w, &creator, vec![msg]),
        Err(("adapters".into(), 3))
    );
    // only the model's creator registers for it
    let owner = w.keys[OWNER].clone();
    let msg = register(&w, OWNER);
    assert_eq!(
        exec(&mut w, &owner, vec![msg]),
        Err(("adapters".into(), 13))
    );

    let a: adp::QueryAdapterResponse = query(
        &w,
        "/openledger.adapters.v1.Query/Adapter",
        &adp::QueryAdapterRequest { hash: HASH.into() },
    );
    let a = a.adapter.unwrap();
    assert_eq!(
        (a.owner, a.model_id, a.job_id),
        (creator.address.to_string(), w.fx.model_id, 0)
    );

    // the operator serves the model: it may declare serving the adapter
    let msg = declare(&w, RATES.0);
    ok(&mut w, &operator, vec![msg]);
    let s: adp::QueryServersResponse = query(
        &w,
        "/openledger.adapters.v1.Query/Servers",
        &adp::QueryServersRequest {
            adapter_hash: HASH.into(),
            pagination: None,
        },
    );
    assert_eq!(s.servers.len(), 1);
    assert_eq!(s.servers[0].operator, operator.address.to_string());
    assert_eq!(s.servers[0].price_ceiling_per_1k, RATES.0.to_string());

    // a receipt names it
    let msg = record(&w, "r1");
    ok(&mut w, &operator, vec![msg]);
    let receipt = w.node.state().receipt(1).unwrap().unwrap();
    assert_eq!(receipt.adapter_hash, HASH);

    // a ceiling below the model's input rate refuses the next receipt
    let msg = declare(&w, RATES.0 - 1);
    ok(&mut w, &operator, vec![msg]);
    let msg = record(&w, "r2");
    assert_eq!(
        exec(&mut w, &operator, vec![msg]),
        Err(("attribution".into(), 63))
    );

    // standing: receipts recorded, adapters served, the latest uptime claim
    let height = w.node.state().height();
    let msg = any(&adp::MsgClaimUptime {
        operator: operator.address.to_string(),
        window_start_height: 1,
        window_end_height: height,
        uptime_bps: 9_990,
    });
    ok(&mut w, &operator, vec![msg]);
    let st: adp::QueryOperatorStandingResponse = query(
        &w,
        "/openledger.adapters.v1.Query/OperatorStanding",
        &adp::QueryOperatorStandingRequest {
            operator: operator.address.to_string(),
        },
    );
    assert!(st.registered);
    assert_eq!(
        (st.receipts_recorded, st.challenges_lost, st.adapters_served),
        (1, 0, 1)
    );
    assert_eq!(st.latest_uptime_claim.unwrap().uptime_bps, 9_990);
    let by_model: adp::QueryAdaptersByModelResponse = query(
        &w,
        "/openledger.adapters.v1.Query/AdaptersByModel",
        &adp::QueryAdaptersByModelRequest {
            model_id: w.fx.model_id,
            model_version: 0,
            pagination: None,
        },
    );
    assert_eq!(by_model.adapters.len(), 1);

    // the exported state starts a new chain with the same adapters state
    let exported = openledger_app::genesis::AppGenesis::export(&w.node.state()).unwrap();
    let adapters: openledger_adapters::GenesisState = exported.module("adapters").unwrap();
    assert_eq!((adapters.adapters.len(), adapters.serving.len()), (1, 1));
    let dir = tempfile::tempdir().unwrap();
    let mut fresh = TestNode::new(&dir.path().join("db"), CHAIN, &exported).unwrap();
    fresh.block(vec![]).unwrap();
    assert_eq!(
        openledger_adapters::GenesisState::export(&fresh.state()).unwrap(),
        adapters
    );

    // stop serving: the adapter is no longer served by anyone
    let msg = any(&adp::MsgStopServing {
        operator: operator.address.to_string(),
        adapter_hash: HASH.into(),
    });
    ok(&mut w, &operator, vec![msg]);
    let s: adp::QueryServersResponse = query(
        &w,
        "/openledger.adapters.v1.Query/Servers",
        &adp::QueryServersRequest {
            adapter_hash: HASH.into(),
            pagination: None,
        },
    );
    assert!(s.servers.is_empty());
}
