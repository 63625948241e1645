//! Finding 4: the block gas limit bounds a block's work. InitChain's `max_gas` is the limit the
//! app enforces (and keeps across a restart); a proposal over it is rejected, our own proposal
//! leaves out the txs beyond it, and CheckTx refuses a tx whose gas limit alone exceeds it.
//! `openledgerd init` writes a default limit into the genesis.

use openledger_app::app::{App, BlockParams};
use openledger_app::genesis::DEFAULT_BLOCK_MAX_GAS;
use openledger_app::store::{Storage, StoreConfig};
use openledger_app::tx::execute::LocalPolicy;
use openledger_framework::error::sdk;
use openledger_testkit::{genesis_funding, msg_send, TestKey, TestNode};
use std::collections::BTreeMap;

const CHAIN: &str = "openledger-test-1";
const OPEN: u128 = 1_000_000_000_000_000_000;
const MAX_GAS: i64 = 500_000;

fn node(dir: &std::path::Path, keys: &[TestKey]) -> TestNode {
    let params = BlockParams {
        max_gas: MAX_GAS,
        ..BlockParams::default()
    };
    let mut node =
        TestNode::with_block_params(&dir.join("db"), CHAIN, &genesis_funding(keys, OPEN), params)
            .unwrap();
    node.gas_limit = 200_000;
    node.block(vec![]).unwrap();
    node
}

/// One send from each key, each wanting 200,000 gas: three of them want 600,000.
fn sends(node: &TestNode, keys: &[TestKey]) -> Vec<Vec<u8>> {
    let to = TestKey::from_seed(99).address;
    keys.iter()
        .map(|k| node.sign(k, vec![msg_send(&k.address, &to, 1)]).unwrap())
        .collect()
}

#[test]
fn block_gas_limit_from_init_chain_is_enforced_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let keys: Vec<TestKey> = (1..=3).map(TestKey::from_seed).collect();
    let mut node = node(dir.path(), &keys);
    assert_eq!(node.app.block_params().max_gas, MAX_GAS);

    let txs = sends(&node, &keys);
    // a proposal over the limit is rejected
    assert!(!node.process(&txs, None).unwrap());
    // our own proposal leaves out what does not fit: two of 200,000 fit in 500,000
    let proposal = node.propose(txs.clone(), &BTreeMap::new()).unwrap();
    assert_eq!(proposal, txs[..2].to_vec());
    // and that proposal is accepted and runs
    let (outcomes, _) = node.block(proposal).unwrap();
    assert!(outcomes.iter().all(|o| o.result.is_ok()));

    // the limit persists with the chain: a restarted app enforces the same one
    drop(node);
    let storage = reopen(&dir.path().join("db"));
    let app = App::new(storage, LocalPolicy::default()).unwrap();
    assert_eq!(app.block_params().max_gas, MAX_GAS);
}

#[test]
fn check_tx_refuses_a_tx_wanting_more_gas_than_a_block() {
    let dir = tempfile::tempdir().unwrap();
    let keys = vec![TestKey::from_seed(1)];
    let mut node = node(dir.path(), &keys);
    let to = TestKey::from_seed(99).address;

    node.gas_limit = 600_000;
    let big = node
        .sign(&keys[0], vec![msg_send(&keys[0].address, &to, 1)])
        .unwrap();
    let refused = node.app.check_tx(&big).unwrap();
    assert!(!refused.ante_passed);
    let err = refused.result.unwrap_err();
    assert_eq!(err.code, sdk::INVALID_GAS_LIMIT);
    assert!(
        err.log.contains("exceeds the block gas limit"),
        "{}",
        err.log
    );

    // the refusal changed nothing: the same sequence is still free for a tx that fits
    node.gas_limit = 200_000;
    let ok = node
        .sign(&keys[0], vec![msg_send(&keys[0].address, &to, 1)])
        .unwrap();
    let accepted = node.app.check_tx(&ok).unwrap();
    assert!(accepted.result.is_ok(), "{:?}", accepted.result);
}

#[test]
fn init_writes_a_default_block_gas_limit() {
    // the default leaves room for the largest single tx (max_gas_per_tx)
    let max_per_tx = openledger_auth::Params::default().max_gas_per_tx;
    assert!(u64::try_from(DEFAULT_BLOCK_MAX_GAS).unwrap() >= max_per_tx);

    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("config")).unwrap();
    // what `cometbft init` writes, reduced to what matters here
    let genesis = serde_json::json!({
        "genesis_time": "2024-01-01T00:00:00Z",
        "chain_id": "test-chain",
        "initial_height": "1",
        "consensus_params": {
            "block": { "max_bytes": "22020096", "max_gas": "-1" },
            "abci": { "vote_extensions_enable_height": "0" }
        },
        "app_hash": ""
    });
    let path = home.path().join("config").join("genesis.json");
    std::fs::write(&path, serde_json::to_vec_pretty(&genesis).unwrap()).unwrap();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_openledgerd"))
        .args(["--home"])
        .arg(home.path())
        .args(["init", "--chain-id", CHAIN])
        .status()
        .unwrap();
    assert!(status.success());
    let written: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(
        written.pointer("/consensus_params/block/max_gas"),
        Some(&serde_json::Value::String(
            DEFAULT_BLOCK_MAX_GAS.to_string()
        ))
    );
}

/// Open the store again; sled's background flusher may hold the lock for a moment after the
/// node is dropped.
fn reopen(path: &std::path::Path) -> Storage {
    for _ in 0..100 {
        if let Ok(s) = Storage::open(path, StoreConfig { keep_recent: 0 }) {
            return s;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    Storage::open(path, StoreConfig { keep_recent: 0 }).unwrap()
}
