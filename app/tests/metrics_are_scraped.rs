//! The node's Prometheus endpoint over real TCP: blocks and transactions go through the ABCI
//! consensus and mempool services (as CometBFT sends them), and the scraped counters match
//! what those services answered: delivered txs by result code, gas, block and commit times,
//! CheckTx verdicts by reason, an inference receipt's fee and its split, and a challenge
//! opened then escalated (the attribution module's own events).
//!
//! The metrics are process-wide, so this file holds one test: the counts are exact.

use std::sync::{Arc, Mutex};

use cosmos_sdk_proto::Any;
use openledger_app::abci::consensus::ConsensusService;
use openledger_app::abci::mempool::MempoolService;
use openledger_app::app::App;
use openledger_app::challenge_results::ChallengeResults;
use openledger_app::store::Storage;
use openledger_attribution::proto as at;
use openledger_framework::Dec;
use openledger_testkit::ai::{ai_genesis, deploy_model, Roles};
use openledger_testkit::{any, coin, msg_send, TestKey, TestNode, TxSpec};
use sha2::{Digest, Sha256};
use tendermint::abci::request::{self, CheckTxKind};
use tendermint::abci::types::{CommitInfo, ExecTxResult};
use tendermint::v0_38::abci::{
    ConsensusRequest, ConsensusResponse, MempoolRequest, MempoolResponse,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tower::{Service, ServiceExt};

const CHAIN: &str = "openledger-metrics-1";
const OPEN: u128 = 1_000_000_000_000_000_000;
const RATES: (u128, u128) = (240_000_000_000_000_000, 200_000_000_000_000_000);
const GAS: u64 = 1_000_000;
// accounts: 0 validator, 1 datanet owner, 2 creator, 3 governor, 4 operator, 5 user,
// 6.. contributors (9 also challenges)
const OPERATOR: usize = 4;
const USER: usize = 5;
const CHALLENGER: usize = 9;

/// `msgs` signed by `key` at its committed sequence plus `ahead`.
fn sign(storage: &Storage, key: &TestKey, msgs: Vec<Any>, ahead: u64) -> Vec<u8> {
    let acc = openledger_auth::AuthRead::account(&storage.latest_snapshot(), &key.address)
        .unwrap()
        .unwrap();
    let mut spec = TxSpec::new(CHAIN, msgs, acc.account_number, acc.sequence + ahead);
    spec.gas_limit = GAS;
    spec.fee = u128::from(GAS) * 1_000_000_000;
    spec.sign(key)
}

struct Chain {
    consensus: ConsensusService,
    mempool: MempoolService,
    height: u64,
    time: i64,
}

impl Chain {
    async fn block(&mut self, txs: Vec<Vec<u8>>) -> Vec<ExecTxResult> {
        self.height += 1;
        self.time += 1;
        let req = ConsensusRequest::FinalizeBlock(request::FinalizeBlock {
            txs: txs.into_iter().map(Into::into).collect(),
            decided_last_commit: CommitInfo {
                round: 0u8.into(),
                votes: Vec::new(),
            },
            misbehavior: Vec::new(),
            hash: tendermint::Hash::Sha256(Sha256::digest(self.height.to_be_bytes()).into()),
            height: self.height.try_into().unwrap(),
            time: tendermint::Time::from_unix_timestamp(self.time, 0).unwrap(),
            next_validators_hash: tendermint::Hash::Sha256([0; 32]),
            proposer_address: tendermint::account::Id::new([0; 20]),
        });
        let results = match self
            .consensus
            .ready()
            .await
            .unwrap()
            .call(req)
            .await
            .unwrap()
        {
            ConsensusResponse::FinalizeBlock(r) => r.tx_results,
            other => panic!("unexpected {other:?}"),
        };
        match self
            .consensus
            .ready()
            .await
            .unwrap()
            .call(ConsensusRequest::Commit)
            .await
            .unwrap()
        {
            ConsensusResponse::Commit(_) => {}
            other => panic!("unexpected {other:?}"),
        }
        results
    }

    async fn check(&mut self, tx: Vec<u8>) -> u32 {
        let req = MempoolRequest::CheckTx(request::CheckTx {
            tx: tx.into(),
            kind: CheckTxKind::New,
        });
        match self.mempool.ready().await.unwrap().call(req).await.unwrap() {
            MempoolResponse::CheckTx(r) => r.code.value(),
        }
    }
}

/// `GET /metrics` over a plain TCP connection: the body, after checking status and type.
async fn scrape(addr: std::net::SocketAddr) -> String {
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    s.write_all(b"GET /metrics HTTP/1.1\r\nHost: node\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).await.unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: text/plain; version=0.0.4"),
        "{head}"
    );
    body.to_string()
}

/// The value of one series (name and labels as printed).
fn value(text: &str, series: &str) -> u128 {
    text.lines()
        .find_map(|l| l.strip_prefix(series)?.strip_prefix(' '))
        .unwrap_or_else(|| panic!("no series {series}"))
        .parse()
        .unwrap()
}

/// An attribute of the first event of `kind` in `r`, without its JSON quotes.
fn attr(r: &ExecTxResult, kind: &str, key: &str) -> String {
    let e = r.events.iter().find(|e| e.kind == kind).unwrap();
    let a = e
        .attributes
        .iter()
        .find(|a| a.key_bytes() == key.as_bytes())
        .unwrap();
    String::from_utf8(a.value_bytes().to_vec())
        .unwrap()
        .trim_matches('"')
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_are_scraped_over_tcp_and_match_the_blocks() {
    // An AI economy set up directly on the app (not counted: it bypasses the services).
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
    genesis
        .edit(
            "distribution",
            |g: &mut openledger_distribution::GenesisState| {
                g.params.community_tax = Dec::ZERO;
            },
        )
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut node = TestNode::new(&dir.path().join("db"), CHAIN, &genesis).unwrap();
    node.block(vec![]).unwrap();
    let fx = deploy_model(
        &mut node,
        &Roles {
            datanet_owner: &keys[1],
            contributors: &keys[6..],
            creator: &keys[2],
            governor: &keys[3],
        },
        2,
        RATES,
    )
    .unwrap();
    let (operator, user) = (&keys[OPERATOR], &keys[USER]);
    for (key, msgs) in [
        (
            operator,
            vec![any(&at::MsgRegisterOperator {
                operator: operator.address.to_string(),
                bond: Some(coin(100 * OPEN)),
                endpoint: "https://inference.example/v1".into(),
                models: vec![fx.model_id],
            })],
        ),
        (
            user,
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
        ),
    ] {
        let out = node.exec(key, msgs).unwrap();
        assert!(out.result.is_ok(), "{:?}", out.result);
    }

    // From here on, everything goes through the ABCI services.
    let storage = node.app.storage().clone();
    let (height, time) = (node.height, node.time);
    let app: App = node.app;
    let checker = app.checker();
    let app = Arc::new(Mutex::new(app));
    let mut chain = Chain {
        consensus: ConsensusService::new(app, ChallengeResults::new()),
        mempool: MempoolService::new(checker),
        height,
        time,
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let metrics = openledger_app::metrics::global();
    tokio::spawn(openledger_app::metrics::server::serve_on(
        metrics,
        Some(storage.clone()),
        listener,
    ));

    let before = scrape(addr).await;
    assert_eq!(value(&before, "openledger_blocks_total"), 0);
    // the store's height, committed before the services ran
    assert_eq!(
        value(&before, "openledger_block_height"),
        u128::from(height)
    );

    // CheckTx: one accepted, the same again (its sequence is now used), and garbage
    let (a, b) = (&keys[6], &keys[7]);
    let send = sign(&storage, a, vec![msg_send(&a.address, &b.address, 1000)], 0);
    assert_eq!(chain.check(send.clone()).await, 0);
    assert_eq!(chain.check(send.clone()).await, 32);
    assert_eq!(chain.check(b"not a tx".to_vec()).await, 2);

    // a block of a send, an inference and a send beyond the balance (delivered, failed)
    let contribution = fx.contributions[0].id;
    let record = at::MsgRecordInference {
        operator: operator.address.to_string(),
        user: user.address.to_string(),
        model_id: fx.model_id,
        model_version: 0,
        input_tokens: 1000,
        output_tokens: 2000,
        output_hash: Sha256::digest(b"req-1").to_vec(),
        prompt_hash: Sha256::digest(b"prompt").to_vec(),
        request_id: "req-1".into(),
        attribution: vec![at::AttributionEntry {
            contribution_id: contribution,
            weight_ppm: 1_000_000,
        }],
        engine_version: 1,
        engine_params_id: 1,
        evidence_hash: vec![0xee; 32],
        adapter_hash: String::new(),
    };
    let poor = &keys[8];
    let txs = vec![
        send,
        sign(&storage, operator, vec![any(&record)], 0),
        sign(
            &storage,
            poor,
            vec![msg_send(&poor.address, &b.address, 2_000_000 * OPEN)],
            0,
        ),
    ];
    let r1 = chain.block(txs).await;
    assert_eq!(r1[0].code.value(), 0, "{}", r1[0].log);
    assert_eq!(r1[1].code.value(), 0, "{}", r1[1].log);
    let failed = &r1[2];
    assert_ne!(failed.code.value(), 0);
    let fee: u128 = attr(
        &r1[1],
        "openledger.attribution.v1.EventInferenceRecorded",
        "fee",
    )
    .parse()
    .unwrap();
    let creator: u128 = attr(
        &r1[1],
        "openledger.attribution.v1.EventInferenceRecorded",
        "creator_amount",
    )
    .parse()
    .unwrap();
    // the whitepaper's example: 0.64 OPEN of tokens and a 0.5 OPEN platform fee
    assert_eq!(fee, 1_140_000_000_000_000_000);

    // the receipt is challenged; with no validator results it is escalated two blocks past
    // its deadline
    let challenger = &keys[CHALLENGER];
    let challenge = sign(
        &storage,
        challenger,
        vec![any(&at::MsgChallengeReceipt {
            challenger: challenger.address.to_string(),
            receipt_id: 1,
            output: b"req-1".to_vec(),
            bond: Some(coin(10 * OPEN)),
        })],
        0,
    );
    let r2 = chain.block(vec![challenge]).await;
    assert_eq!(r2[0].code.value(), 0, "{}", r2[0].log);
    for _ in 0..3 {
        chain.block(vec![]).await;
    }
    let blocks = 5u128;
    let gas: u128 = r1
        .iter()
        .chain(&r2)
        .map(|r| u128::try_from(r.gas_used).unwrap())
        .sum();

    let text = scrape(addr).await;
    let v = |s: &str| value(&text, s);
    assert_eq!(v("openledger_txs_total{code=\"0\",codespace=\"\"}"), 3);
    assert_eq!(
        v(&format!(
            "openledger_txs_total{{code=\"{}\",codespace=\"{}\"}}",
            failed.code.value(),
            failed.codespace
        )),
        1
    );
    assert_eq!(v("openledger_blocks_total"), blocks);
    assert_eq!(v("openledger_block_height"), u128::from(chain.height));
    assert_eq!(v("openledger_gas_used_total"), gas);
    assert_eq!(v("openledger_block_gas_used_count"), blocks);
    assert_eq!(v("openledger_finalize_block_seconds_count"), blocks);
    assert_eq!(v("openledger_commit_seconds_count"), blocks);
    assert_eq!(
        v("openledger_finalize_block_seconds_bucket{le=\"+Inf\"}"),
        blocks
    );
    assert_eq!(v("openledger_check_tx_accepted_total{kind=\"new\"}"), 1);
    assert_eq!(
        v("openledger_check_tx_rejected_total{kind=\"new\",reason=\"sequence\"}"),
        1
    );
    assert_eq!(
        v("openledger_check_tx_rejected_total{kind=\"new\",reason=\"decode\"}"),
        1
    );
    assert_eq!(
        v("openledger_check_tx_rejected_total{kind=\"new\",reason=\"fee\"}"),
        0
    );
    assert_eq!(v("openledger_attribution_receipts_total"), 1);
    assert_eq!(v("openledger_attribution_inference_fees_aopen_total"), fee);
    assert_eq!(
        v("openledger_attribution_fee_split_aopen_total{part=\"platform\"}"),
        OPEN / 2
    );
    assert_eq!(
        v("openledger_attribution_fee_split_aopen_total{part=\"creator\"}"),
        creator
    );
    assert_eq!(v("openledger_attribution_challenges_opened_total"), 1);
    assert_eq!(
        v("openledger_attribution_challenges_settled_total{status=\"escalated\"}"),
        1
    );
    assert!(v("openledger_store_disk_bytes") > 0);
    assert!(v("openledger_store_versions") >= u128::from(chain.height));
}
