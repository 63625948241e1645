//! Drives `openledger tx ibc-transfer transfer` and the IBC queries against the mock node:
//! the transfer's relative timeouts come from the channel's client and consensus state, and
//! what is broadcast is ibc-go's `MsgTransfer`.

// Helpers of this test crate may panic: a failed step is a failed test.
#![allow(clippy::unwrap_used)]

#[path = "support/mock_node.rs"]
mod mock_node;

#[path = "support/harness.rs"]
mod harness;

use cosmos_sdk_proto::cosmos::base::v1beta1::Coin;
use cosmos_sdk_proto::Any;
use harness::{assert_success, json, setup, stderr, Setup};
use openledger_proto::ibc_proto::ibc::applications::transfer::v1 as transfer;
use openledger_proto::ibc_proto::ibc::core::channel::v1 as channel;
use openledger_proto::ibc_proto::ibc::core::client::v1 as client;
use openledger_proto::ibc_proto::ibc::lightclients::tendermint::v1 as tm;
use prost::{Message, Name};

const RECEIVER: &str = "cosmos1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5lzv7xu";
/// The counterparty's consensus time: far enough ahead that it is later than any local clock.
const CONSENSUS_SECONDS: i64 = 4_102_444_800; // 2100-01-01

fn ok<M: Message>(m: M) -> Option<Result<Vec<u8>, (u32, String)>> {
    Some(Ok(m.encode_to_vec()))
}

fn answer(path: &str, data: &[u8]) -> Option<Result<Vec<u8>, (u32, String)>> {
    match path {
        "/ibc.core.channel.v1.Query/ChannelClientState" => {
            let req = channel::QueryChannelClientStateRequest::decode(data).unwrap();
            if req.channel_id != "channel-0" || req.port_id != "transfer" {
                return Some(Err((1, "channel not found".into())));
            }
            let state = tm::ClientState {
                chain_id: "gaia-1".into(),
                latest_height: Some(client::Height {
                    revision_number: 1,
                    revision_height: 5000,
                }),
                ..Default::default()
            };
            ok(channel::QueryChannelClientStateResponse {
                identified_client_state: Some(client::IdentifiedClientState {
                    client_id: "07-tendermint-0".into(),
                    client_state: Some(Any {
                        type_url: tm::ClientState::type_url(),
                        value: state.encode_to_vec(),
                    }),
                }),
                proof: vec![],
                proof_height: None,
            })
        }
        "/ibc.core.client.v1.Query/ConsensusState" => {
            let req = client::QueryConsensusStateRequest::decode(data).unwrap();
            assert_eq!(req.client_id, "07-tendermint-0");
            assert_eq!((req.revision_number, req.revision_height), (1, 5000));
            let state = tm::ConsensusState {
                timestamp: Some(cosmos_sdk_proto::Timestamp {
                    seconds: CONSENSUS_SECONDS,
                    nanos: 7,
                }),
                ..Default::default()
            };
            ok(client::QueryConsensusStateResponse {
                consensus_state: Some(Any {
                    type_url: tm::ConsensusState::type_url(),
                    value: state.encode_to_vec(),
                }),
                proof: vec![],
                proof_height: None,
            })
        }
        "/ibc.applications.transfer.v1.Query/DenomTrace" => {
            let req = transfer::QueryDenomTraceRequest::decode(data).unwrap();
            assert_eq!(req.hash, "27394FB0");
            ok(transfer::QueryDenomTraceResponse {
                denom_trace: Some(transfer::DenomTrace {
                    path: "transfer/channel-0".into(),
                    base_denom: "uatom".into(),
                }),
            })
        }
        "/ibc.applications.transfer.v1.Query/TotalEscrowForDenom" => {
            let req = transfer::QueryTotalEscrowForDenomRequest::decode(data).unwrap();
            ok(transfer::QueryTotalEscrowForDenomResponse {
                amount: Some(Coin {
                    denom: req.denom,
                    amount: "1500".into(),
                }),
            })
        }
        _ => None,
    }
}

/// The same chain, but the counterparty's consensus state is older than this chain's latest
/// block (the mock's `/status` says 2026-11-24T10:05:00Z).
fn stale_client(path: &str, data: &[u8]) -> Option<Result<Vec<u8>, (u32, String)>> {
    if path != "/ibc.core.client.v1.Query/ConsensusState" {
        return answer(path, data);
    }
    let state = tm::ConsensusState {
        timestamp: Some(cosmos_sdk_proto::Timestamp {
            seconds: 1_700_000_000, // 2023
            nanos: 0,
        }),
        ..Default::default()
    };
    ok(client::QueryConsensusStateResponse {
        consensus_state: Some(Any {
            type_url: tm::ConsensusState::type_url(),
            value: state.encode_to_vec(),
        }),
        proof: vec![],
        proof_height: None,
    })
}

fn chain() -> Setup {
    setup(|state, _| state.extra_queries = Some(answer))
}

fn transfer_args<'a>(amount: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "ibc-transfer",
        "transfer",
        "transfer",
        "channel-0",
        RECEIVER,
        amount,
    ];
    args.extend_from_slice(extra);
    args
}

#[test]
fn transfer_with_relative_timeouts_reads_the_channels_client() {
    let s = chain();
    let out = s.tx(&transfer_args(
        "1.5OPEN",
        &["--packet-memo", "hi", "--memo", "note"],
    ));
    assert_success(&out);
    assert_eq!(json(&out)["code"], 0);
    let msg: transfer::MsgTransfer = s.last_message();
    assert_eq!(msg.source_port, "transfer");
    assert_eq!(msg.source_channel, "channel-0");
    assert_eq!(msg.sender, s.sender);
    assert_eq!(msg.receiver, RECEIVER);
    let token = msg.token.unwrap();
    assert_eq!(
        (token.denom.as_str(), token.amount.as_str()),
        ("aopen", "1500000000000000000")
    );
    // 0-1000 blocks after the client's 1-5000; 10 minutes after its (later) consensus time
    let h = msg.timeout_height.unwrap();
    assert_eq!((h.revision_number, h.revision_height), (1, 6000));
    let consensus_ns = u64::try_from(CONSENSUS_SECONDS).unwrap() * 1_000_000_000 + 7;
    assert_eq!(msg.timeout_timestamp, consensus_ns + 600_000_000_000);
    assert_eq!(msg.memo, "hi");
    let txs = s.broadcast_txs();
    let (_, body, _) = harness::decode(txs.last().unwrap());
    assert_eq!(body.memo, "note");
}

#[test]
fn relative_timestamp_counts_from_the_latest_block_when_it_is_later() {
    let s = setup(|state, _| state.extra_queries = Some(stale_client));
    let out = s.tx(&transfer_args(
        "1OPEN",
        &["--packet-timeout-timestamp", "5000"],
    ));
    assert_success(&out);
    let msg: transfer::MsgTransfer = s.last_message();
    // 2026-11-24T10:05:00Z (the latest block) + 5000 ns
    assert_eq!(msg.timeout_timestamp, 1_795_514_700_000_000_000 + 5000);
    let h = msg.timeout_height.unwrap();
    assert_eq!((h.revision_number, h.revision_height), (1, 6000));
}

#[test]
fn transfer_with_absolute_timeouts_queries_nothing() {
    let s = setup(|_, _| {});
    let args = transfer_args(
        "7transfer/channel-0/uatom",
        &[
            "--absolute-timeouts",
            "--packet-timeout-height",
            "3-900",
            "--packet-timeout-timestamp",
            "0",
        ],
    );
    let out = s.tx(&args);
    assert_success(&out);
    let msg: transfer::MsgTransfer = s.last_message();
    let token = msg.token.unwrap();
    assert_eq!(
        token.denom,
        "ibc/27394FB092D2ECCD56123C74F36E4C1F926001CEADA9CA97EA622B25F41E5EB2"
    );
    assert_eq!(token.amount, "7");
    let h = msg.timeout_height.unwrap();
    assert_eq!((h.revision_number, h.revision_height), (3, 900));
    assert_eq!(msg.timeout_timestamp, 0);
}

#[test]
fn transfer_refusals() {
    let s = chain();
    // both timeouts disabled
    let args = [
        "--packet-timeout-height",
        "0-0",
        "--packet-timeout-timestamp",
        "0",
    ];
    let out = s.tx(&transfer_args("1OPEN", &args));
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("cannot both be 0"),
        "{}",
        stderr(&out)
    );
    // an unknown channel: its client cannot be read for relative timeouts
    let out = s.tx(&[
        "ibc-transfer",
        "transfer",
        "transfer",
        "channel-9",
        RECEIVER,
        "1OPEN",
    ]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("transfer/channel-9"),
        "{}",
        stderr(&out)
    );
    assert!(s.broadcast_txs().is_empty());
}

#[test]
fn transfer_help_names_the_arguments() {
    let s = setup(|_, _| {});
    let out = s.run(&["tx", "ibc-transfer", "transfer", "--help"]);
    assert_success(&out);
    let help = String::from_utf8(out.stdout).unwrap();
    for word in [
        "SRC-PORT",
        "SRC-CHANNEL",
        "RECEIVER",
        "AMOUNT",
        "--packet-timeout-height",
        "--packet-timeout-timestamp",
        "--absolute-timeouts",
        "--packet-memo",
        "--from",
    ] {
        assert!(help.contains(word), "{word} missing from:\n{help}");
    }
}

#[test]
fn ibc_queries() {
    let s = chain();
    let out = s.run(&[
        "query",
        "ibc-transfer",
        "denom-trace",
        "27394FB0",
        "-o",
        "json",
    ]);
    assert_success(&out);
    let doc = json(&out);
    assert_eq!(doc["denom_trace"]["base_denom"], "uatom");
    assert_eq!(doc["denom_trace"]["path"], "transfer/channel-0");
    for name in ["total-escrow", "total-escrow-for-denom"] {
        let out = s.run(&["query", "ibc-transfer", name, "aopen", "-o", "json"]);
        assert_success(&out);
        assert_eq!(json(&out)["amount"]["amount"], "1500");
    }
    let out = s.run(&[
        "query",
        "ibc",
        "channel-client-state",
        "transfer",
        "channel-0",
        "-o",
        "json",
    ]);
    assert_success(&out);
    let doc = json(&out);
    let state = &doc["identified_client_state"];
    assert_eq!(state["client_id"], "07-tendermint-0");
    assert_eq!(
        state["client_state"]["@type"],
        "/ibc.lightclients.tendermint.v1.ClientState"
    );
    assert_eq!(
        state["client_state"]["latest_height"]["revision_height"],
        "5000"
    );
}
