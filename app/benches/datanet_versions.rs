//! Gas and wall time of publishing a datanet version (security finding 3), through real
//! transactions: a datanet gets N approved contributions (N = 1k, 10k, 100k), then version 1
//! is published; then a few more contributions are approved on top and version 2 is
//! published. A version's cost must depend on the approvals since the previous version, not on
//! the datanet's whole history.
//!
//! `max_gas_per_tx` is raised for this bench (to `BENCH_MAX_GAS`, default 10^10) so that a
//! publication costing more than the chain's 50M default is measured rather than refused; the
//! figures say how it compares with 50M.
//!
//! Run: `cargo bench -p openledgerd --bench datanet_versions`
//! Env: BENCH_APPROVALS="1000,10000,100000", BENCH_TOP_UP=100, BENCH_MAX_GAS=10000000000.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::disallowed_methods)]

use std::time::{Duration, Instant};

use cosmos_sdk_proto::Any;
use openledger_app::genesis::AppGenesis;
use openledger_datanets::proto as dn;
use openledger_testkit::{any, genesis_with_validators, TestKey, TestNode};
use sha2::{Digest, Sha256};

const CHAIN: &str = "openledger-bench-1";
const OPEN: u128 = 1_000_000_000_000_000_000;
/// Chain default `max_gas_per_tx`, for comparison.
const DEFAULT_MAX_GAS: u64 = 50_000_000;
const CURATORS: usize = 20;
const CONTRIBUTORS: usize = 100;
/// Messages per setup transaction.
const BATCH: usize = 250;
/// Key layout: 0 validator, 1 owner, then curators, then contributors.
const OWNER: usize = 1;
const FIRST_CURATOR: usize = 2;
const FIRST_CONTRIBUTOR: usize = FIRST_CURATOR + CURATORS;

fn env_list(name: &str, default: &str) -> Vec<u64> {
    std::env::var(name)
        .unwrap_or_else(|_| default.to_string())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

struct Bench {
    _dir: tempfile::TempDir,
    node: TestNode,
    keys: Vec<TestKey>,
    /// Contributions made so far (ids run 1..=made: one datanet on a fresh chain).
    made: u64,
    /// Contributions approved so far (ids 1..=approved).
    approved: u64,
    /// Gas used by the approval transactions so far.
    approval_gas: u64,
    max_gas: u64,
}

impl Bench {
    fn new(max_gas: u64) -> Bench {
        let dir = tempfile::tempdir().unwrap();
        let keys: Vec<TestKey> = (0..(FIRST_CONTRIBUTOR + CONTRIBUTORS) as u64)
            .map(TestKey::from_seed)
            .collect();
        let mut genesis: AppGenesis =
            genesis_with_validators(&keys, 10_000_000 * OPEN, 1, 100 * OPEN).unwrap();
        genesis
            .edit("auth", |g: &mut openledger_auth::GenesisState| {
                g.params.max_gas_per_tx = max_gas;
                g.params.max_msgs_per_tx = 1024;
                g.params.max_tx_bytes = 4 * 1024 * 1024;
            })
            .unwrap();
        let mut node = TestNode::new(&dir.path().join("db"), CHAIN, &genesis).unwrap();
        // The invariants recompute every version from scratch: not what is measured here.
        node.check_invariants = false;
        node.gas_limit = 400_000_000;
        node.block(vec![]).unwrap();
        let owner = &keys[OWNER];
        let create = any(&dn::MsgCreateDatanet {
            owner: owner.address.to_string(),
            name: "bench".into(),
            summary: "publishing cost".into(),
            description: String::new(),
            tags: vec![],
            licence: "CC-BY-4.0".into(),
            visibility: dn::Visibility::Public as i32,
            curators: keys[FIRST_CURATOR..FIRST_CONTRIBUTOR]
                .iter()
                .map(|k| k.address.to_string())
                .collect(),
            allow_list: vec![],
            contribution_bond: OPEN.to_string(),
            fee_per_byte: "1000".into(),
            access_price: "0".into(),
        });
        let tx = node.sign(owner, vec![create]).unwrap();
        let (out, _) = node.block(vec![tx]).unwrap();
        assert!(out[0].result.is_ok(), "{:?}", out[0].result);
        Bench {
            _dir: dir,
            node,
            keys,
            made: 0,
            approved: 0,
            approval_gas: 0,
            max_gas,
        }
    }

    /// Run a block of setup transactions; the gas they used.
    fn run_block(&mut self, txs: Vec<Vec<u8>>) -> u64 {
        let (outs, _) = self.node.block(txs).unwrap();
        let mut gas = 0;
        for o in outs {
            assert!(o.result.is_ok(), "{:?}", o.result);
            gas += o.gas_used;
        }
        gas
    }

    /// `n` more contributions, each from one of the contributors, `BATCH` per transaction.
    fn contribute(&mut self, n: u64) {
        let mut left = n;
        while left > 0 {
            let mut txs = Vec::new();
            for k in &self.keys[FIRST_CONTRIBUTOR..] {
                if left == 0 {
                    break;
                }
                let take = left.min(BATCH as u64);
                let msgs: Vec<Any> = (0..take)
                    .map(|i| {
                        let data = (self.made + (n - left) + i).to_be_bytes();
                        any(&dn::MsgContribute {
                            contributor: k.address.to_string(),
                            datanet_id: 1,
                            content_hash: Sha256::digest(data).to_vec(),
                            size_bytes: 32,
                            content_uri: "ipfs://bench".into(),
                            licence: "CC-BY-4.0".into(),
                            metadata: String::new(),
                            salt: Vec::new(),
                        })
                    })
                    .collect();
                txs.push(self.node.sign(k, msgs).unwrap());
                left -= take;
            }
            self.run_block(txs);
        }
        self.made += n;
    }

    /// Approve every contribution made and not yet approved, by the owner and the curators.
    fn approve_all(&mut self) {
        while self.approved < self.made {
            let mut txs = Vec::new();
            for k in &self.keys[OWNER..FIRST_CONTRIBUTOR] {
                if self.approved == self.made {
                    break;
                }
                let take = (self.made - self.approved).min(BATCH as u64);
                let msgs: Vec<Any> = (1..=take)
                    .map(|i| {
                        any(&dn::MsgCurate {
                            curator: k.address.to_string(),
                            contribution_id: self.approved + i,
                            approve: true,
                            reason: dn::CurationReason::None as i32,
                            note: String::new(),
                        })
                    })
                    .collect();
                txs.push(self.node.sign(k, msgs).unwrap());
                self.approved += take;
            }
            self.approval_gas += self.run_block(txs);
        }
    }

    /// Publish the next version alone in a block: gas used, block time (FinalizeBlock and
    /// Commit), and the refusal if any.
    fn publish(&mut self, note: &str) -> (u64, Duration, Option<String>) {
        let owner = &self.keys[OWNER];
        let gas = self.node.gas_limit;
        self.node.gas_limit = self.max_gas;
        let tx = self
            .node
            .sign(
                owner,
                vec![any(&dn::MsgPublishVersion {
                    owner: owner.address.to_string(),
                    datanet_id: 1,
                    note: note.into(),
                })],
            )
            .unwrap();
        self.node.gas_limit = gas;
        let t = Instant::now();
        let (outs, _) = self.node.finalize_and_commit(vec![tx]).unwrap();
        let took = t.elapsed();
        let o = &outs[0];
        (
            o.gas_used,
            took,
            o.result.as_ref().err().map(|e| e.to_string()),
        )
    }
}

fn report(label: &str, (gas, took, err): (u64, Duration, Option<String>)) {
    let vs = gas as f64 / DEFAULT_MAX_GAS as f64;
    match err {
        None => println!(
            "{label}: gas {gas} ({:.3}x the 50M tx cap), block {:.1} ms",
            vs,
            ms(took)
        ),
        Some(e) => println!(
            "{label}: REFUSED after gas {gas}, block {:.1} ms: {e}",
            ms(took)
        ),
    }
}

fn main() {
    let max_gas = env_list("BENCH_MAX_GAS", "10000000000")[0];
    let top_up = env_list("BENCH_TOP_UP", "100")[0];
    for n in env_list("BENCH_APPROVALS", "1000,10000,100000") {
        println!("== {n} approvals ==");
        let t = Instant::now();
        let mut b = Bench::new(max_gas);
        b.contribute(n);
        b.approve_all();
        println!(
            "setup: {n} contributions made and approved in {:.1} s; approval txs {:.0} gas per MsgCurate",
            t.elapsed().as_secs_f64(),
            b.approval_gas as f64 / n.max(1) as f64
        );
        report(&format!("version 1 ({n} new approvals)"), b.publish("v1"));
        b.contribute(top_up);
        let before = b.approval_gas;
        b.approve_all();
        println!(
            "approving {top_up} more: {:.0} gas per MsgCurate",
            (b.approval_gas - before) as f64 / top_up.max(1) as f64
        );
        report(
            &format!("version 2 ({top_up} new approvals on top of {n})"),
            b.publish("v2"),
        );
    }
}
