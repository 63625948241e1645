//! gRPC errors a client reads are short and human: GetTx of a hash CometBFT does not know
//! answers NOT_FOUND "tx ... not found" (not a transport error chain), and every refusal of a
//! set of bad requests to several services is under 300 bytes, one line, with no file path
//! or backtrace.

use cosmos_sdk_proto::cosmos::auth::v1beta1 as auth;
use cosmos_sdk_proto::cosmos::bank::v1beta1 as bank;
use cosmos_sdk_proto::cosmos::base::tendermint::v1beta1 as tm;
use cosmos_sdk_proto::cosmos::staking::v1beta1 as staking;
use cosmos_sdk_proto::cosmos::tx::v1beta1 as txpb;
use openledger_app::query::abci::QueryGateway;
use openledger_app::query::grpc::{self, GrpcState};
use openledger_app::tx::execute::LocalPolicy;
use openledger_testkit::{genesis_with_validators, TestKey, TestNode};
use prost::Message;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tonic::transport::Channel;

/// A stand-in for CometBFT's JSON-RPC: every call is answered with the error CometBFT gives
/// for an unknown tx (`tx (HASH) not found`), as a JSON-RPC error object.
async fn fake_cometbft() -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = vec![0u8; 64 * 1024];
                let mut n = 0;
                // read the headers and the body (Content-Length)
                loop {
                    let Ok(k) = sock.read(&mut buf[n..]).await else {
                        return;
                    };
                    if k == 0 {
                        return;
                    }
                    n += k;
                    let text = String::from_utf8_lossy(&buf[..n]).to_string();
                    if let Some(end) = text.find("\r\n\r\n") {
                        let len = text
                            .lines()
                            .find_map(|l| {
                                l.to_ascii_lowercase()
                                    .strip_prefix("content-length:")
                                    .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                            })
                            .unwrap_or(0);
                        if n >= end + 4 + len {
                            let body: serde_json::Value =
                                serde_json::from_slice(&buf[end + 4..end + 4 + len])
                                    .unwrap_or_default();
                            let reply = serde_json::json!({
                                "jsonrpc": "2.0",
                                "id": body["id"].clone(),
                                "error": {
                                    "code": -32603,
                                    "message": "Internal error",
                                    "data": "tx (5E0A) not found",
                                },
                            })
                            .to_string();
                            let resp = format!(
                                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{reply}",
                                reply.len()
                            );
                            let _ = sock.write_all(resp.as_bytes()).await;
                            return;
                        }
                    }
                }
            });
        }
    });
    addr
}

struct Gateway {
    channel: Channel,
    _dir: tempfile::TempDir,
}

async fn gateway(cometbft: std::net::SocketAddr) -> Gateway {
    let dir = tempfile::tempdir().unwrap();
    let keys = [TestKey::from_seed(1), TestKey::from_seed(2)];
    let genesis = genesis_with_validators(&keys, 10u128.pow(24), 2, 10u128.pow(21)).unwrap();
    let mut chain = TestNode::new(dir.path(), "openledger-test-1", &genesis).unwrap();
    chain.block(Vec::new()).unwrap();
    let gateway = QueryGateway::new(chain.app.storage().clone(), LocalPolicy::default());
    let cometbft = tendermint_rpc::HttpClient::new(format!("http://{cometbft}").as_str()).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(grpc::serve_on(GrpcState { gateway, cometbft }, listener));
    let channel = tonic::transport::Endpoint::from_shared(format!("http://{addr}"))
        .unwrap()
        .connect()
        .await
        .unwrap();
    Gateway { channel, _dir: dir }
}

fn assert_client_message(what: &str, s: &tonic::Status) {
    let m = s.message();
    assert!(m.len() < 300, "{what}: {} bytes: {m}", m.len());
    assert!(!m.contains('\n'), "{what}: newline in {m}");
    for bad in ["/src/", ".rs:", "backtrace", "Backtrace", ".cargo"] {
        assert!(!m.contains(bad), "{what}: {bad} in {m}");
    }
}

#[tokio::test]
async fn get_tx_of_an_unknown_hash_is_not_found_with_a_short_message() {
    let gw = gateway(fake_cometbft().await).await;
    let mut client = txpb::service_client::ServiceClient::new(gw.channel.clone());
    let hash = "5E0A".repeat(16);
    let e = client
        .get_tx(txpb::GetTxRequest { hash: hash.clone() })
        .await
        .unwrap_err();
    assert_eq!(e.code(), tonic::Code::NotFound, "{e}");
    assert_eq!(e.message(), format!("tx {hash} not found"));
    assert_client_message("GetTx", &e);
}

#[tokio::test]
async fn cometbft_down_is_unavailable_with_a_short_message() {
    let unused = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let gw = gateway(unused).await;
    let mut client = txpb::service_client::ServiceClient::new(gw.channel.clone());
    let e = client
        .get_tx(txpb::GetTxRequest {
            hash: "AB".repeat(32),
        })
        .await
        .unwrap_err();
    assert_eq!(e.code(), tonic::Code::Unavailable, "{e}");
    assert_client_message("GetTx", &e);
}

#[tokio::test]
async fn every_refusal_of_bad_requests_is_short_one_line_and_pathless() {
    let gw = gateway(fake_cometbft().await).await;
    let ch = gw.channel.clone();
    let mut tx = txpb::service_client::ServiceClient::new(ch.clone());
    let mut tmc = tm::service_client::ServiceClient::new(ch.clone());
    let mut bankc = bank::query_client::QueryClient::new(ch.clone());
    let mut authc = auth::query_client::QueryClient::new(ch.clone());
    let mut stakingc = staking::query_client::QueryClient::new(ch.clone());
    let long = "x".repeat(5000);
    let mut errors: Vec<(&str, tonic::Status)> = Vec::new();
    let mut push = |what, r: Result<(), tonic::Status>| match r {
        Ok(()) => panic!("{what} was accepted"),
        Err(e) => errors.push((what, e)),
    };
    push(
        "GetTx bad hash",
        tx.get_tx(txpb::GetTxRequest { hash: long.clone() })
            .await
            .map(drop),
    );
    push(
        "GetTx unknown",
        tx.get_tx(txpb::GetTxRequest {
            hash: "00".repeat(32),
        })
        .await
        .map(drop),
    );
    push(
        "Simulate empty",
        tx.simulate(txpb::SimulateRequest::default())
            .await
            .map(drop),
    );
    push(
        "Simulate garbage",
        tx.simulate(txpb::SimulateRequest {
            tx_bytes: vec![0xff; 4000],
            ..Default::default()
        })
        .await
        .map(drop),
    );
    push(
        "TxDecode garbage",
        tx.tx_decode(txpb::TxDecodeRequest {
            tx_bytes: vec![0xff; 64],
        })
        .await
        .map(drop),
    );
    push(
        "BroadcastTx empty",
        tx.broadcast_tx(txpb::BroadcastTxRequest::default())
            .await
            .map(drop),
    );
    push(
        "BroadcastTx block mode",
        tx.broadcast_tx(txpb::BroadcastTxRequest {
            tx_bytes: vec![1],
            mode: txpb::BroadcastMode::Block as i32,
        })
        .await
        .map(drop),
    );
    #[allow(deprecated)]
    let bad_events = txpb::GetTxsEventRequest {
        events: vec![long.clone()],
        ..Default::default()
    };
    push(
        "GetTxsEvent bad event",
        tx.get_txs_event(bad_events).await.map(drop),
    );
    push(
        "GetTxsEvent empty",
        tx.get_txs_event(txpb::GetTxsEventRequest::default())
            .await
            .map(drop),
    );
    push(
        "GetBlockByHeight 0",
        tmc.get_block_by_height(tm::GetBlockByHeightRequest { height: 0 })
            .await
            .map(drop),
    );
    push(
        "Balance bad address",
        bankc
            .balance(bank::QueryBalanceRequest {
                address: long.clone(),
                denom: "aopen".into(),
            })
            .await
            .map(drop),
    );
    push(
        "Account bad address",
        authc
            .account(auth::QueryAccountRequest {
                address: format!("open1{long}"),
            })
            .await
            .map(drop),
    );
    push(
        "Validator bad address",
        stakingc
            .validator(staking::QueryValidatorRequest {
                validator_addr: long.clone(),
            })
            .await
            .map(drop),
    );
    assert!(errors.len() >= 12);
    for (what, e) in &errors {
        assert_client_message(what, e);
    }
    let unknown = errors
        .iter()
        .find(|(w, _)| *w == "GetTx unknown")
        .map(|(_, e)| e)
        .unwrap();
    assert_eq!(unknown.code(), tonic::Code::NotFound);
    assert!(unknown.message().ends_with("not found"));
}

/// The ABCI `log` of a refused query is bounded the same way.
#[test]
fn abci_query_logs_are_short_one_line_and_pathless() {
    let dir = tempfile::tempdir().unwrap();
    let keys = [TestKey::from_seed(1)];
    let genesis = genesis_with_validators(&keys, 10u128.pow(24), 1, 10u128.pow(21)).unwrap();
    let mut chain = TestNode::new(dir.path(), "openledger-test-1", &genesis).unwrap();
    chain.block(Vec::new()).unwrap();
    let gateway = QueryGateway::new(chain.app.storage().clone(), LocalPolicy::default());
    let long = "y".repeat(5000);
    let cases: Vec<(String, Vec<u8>)> = vec![
        (format!("/cosmos.bank.v1beta1.Query/{long}"), Vec::new()),
        (
            "/cosmos.bank.v1beta1.Query/Balance".into(),
            bank::QueryBalanceRequest {
                address: long.clone(),
                denom: "aopen".into(),
            }
            .encode_to_vec(),
        ),
        (
            "/cosmos.tx.v1beta1.Service/Simulate".into(),
            vec![0xff; 300],
        ),
        ("/cosmos.auth.v1beta1.Query/Account".into(), vec![0xff; 10]),
    ];
    for (path, data) in cases {
        let r = gateway.query(&path, &data, 0, false);
        assert!(r.code.is_err(), "{path} was accepted");
        assert!(r.log.len() < 300, "{} bytes: {}", r.log.len(), r.log);
        assert!(
            !r.log.contains('\n') && !r.log.contains(".rs:"),
            "{}",
            r.log
        );
    }
}

/// The `log` CometBFT receives for a refused tx (CheckTx and FinalizeBlock results) is
/// bounded the same way, however long the refusal's text.
#[test]
fn tx_result_logs_are_short_and_one_line() {
    use openledger_app::tx::result::{exec_tx_result, result_fields};
    let dir = tempfile::tempdir().unwrap();
    let keys = [TestKey::from_seed(1)];
    let genesis = genesis_with_validators(&keys, 10u128.pow(24), 1, 10u128.pow(21)).unwrap();
    let mut chain = TestNode::new(dir.path(), "openledger-test-1", &genesis).unwrap();
    chain.block(Vec::new()).unwrap();
    // an overspend: the fee is paid, the message fails
    let to = TestKey::from_seed(9).address;
    let mut o = chain
        .exec(
            &keys[0],
            vec![openledger_testkit::msg_send(
                &keys[0].address,
                &to,
                10u128.pow(30),
            )],
        )
        .unwrap();
    assert!(o.result.is_err());
    let (_, _, log) = result_fields(&o);
    assert!(
        !log.is_empty() && log.len() < 300 && !log.contains('\n'),
        "{log}"
    );
    if let Err(e) = &mut o.result {
        e.log = format!("{}\nStack backtrace:\n at /src/x.rs:1", "z".repeat(4000));
    }
    let r = exec_tx_result(&o);
    assert!(r.log.len() <= 256 && !r.log.contains('\n') && !r.log.contains(".rs:"));
}
