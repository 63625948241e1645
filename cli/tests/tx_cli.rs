//! Drives `openledger tx` and `openledger query` against a stand-in CometBFT RPC endpoint.

// Helpers of this test crate may panic: a failed step is a failed test.
#![allow(clippy::unwrap_used)]

#[path = "support/mock_node.rs"]
mod mock_node;

#[path = "support/harness.rs"]
mod harness;

use std::process::Output;

use cosmos_sdk_proto::cosmos::bank::v1beta1::MsgSend;
use harness::{assert_success, decode, json, setup, stderr, Setup};
use mock_node::{INCLUSION_HEIGHT, SIMULATED_GAS};
use prost::Message;
use sha2::{Digest, Sha256};

impl Setup {
    fn send(&self, extra: &[&str]) -> Output {
        self.cmd()
            .args([
                "tx",
                "bank",
                "send",
                "bob",
                &self.recipient,
                "1.5OPEN",
                "--yes",
                "-o",
                "json",
            ])
            .args(extra)
            .output()
            .unwrap()
    }
}

#[test]
fn send_with_gas_auto_simulates_signs_broadcasts_and_waits() {
    let s = setup(|state, _| state.polls_before_inclusion = 2);
    let out = s.send(&["--gas", "auto", "--memo", "thanks"]);
    assert_success(&out);
    let result = json(&out);

    let txs = s.broadcast_txs();
    assert_eq!(txs.len(), 1);
    let expected_hash = hex::encode_upper(Sha256::digest(&txs[0]));
    assert_eq!(result["txhash"], expected_hash);
    assert_eq!(result["height"], INCLUSION_HEIGHT);
    assert_eq!(result["code"], 0);
    assert_eq!(result["gas_used"], SIMULATED_GAS);
    assert_eq!(result["gas_wanted"], 79_300);
    assert_eq!(result["events"][0]["type"], "transfer");
    for key in [
        "txhash",
        "height",
        "code",
        "codespace",
        "raw_log",
        "gas_wanted",
        "gas_used",
        "events",
    ] {
        assert!(result.get(key).is_some(), "missing {key}");
    }

    let (raw, body, auth) = decode(&txs[0]);
    assert_eq!(raw.signatures.len(), 1);
    assert_eq!(body.memo, "thanks");
    let msg = MsgSend::decode(body.messages[0].value.as_slice()).unwrap();
    assert_eq!(body.messages[0].type_url, "/cosmos.bank.v1beta1.MsgSend");
    assert_eq!(msg.from_address, s.sender);
    assert_eq!(msg.to_address, s.recipient);
    assert_eq!(msg.amount[0].amount, "1500000000000000000");
    assert_eq!(msg.amount[0].denom, "aopen");
    // gas = ceil(61000 × 1.3) + 20000 margin = 99300; fee = 99300 × 1e9 aopen
    let fee = auth.fee.unwrap();
    assert_eq!(fee.gas_limit, 99_300);
    assert_eq!(fee.amount[0].amount, "99300000000000");
    assert_eq!(auth.signer_infos[0].sequence, 3);

    let state = s.node.state.lock().unwrap();
    assert_eq!(state.simulated.len(), 1);
    assert!(state
        .queries
        .iter()
        .any(|q| q == "/cosmos.base.node.v1beta1.Service/Config"));
}

#[test]
fn amino_json_sign_mode_signs_the_std_sign_doc() {
    use cosmos_sdk_proto::cosmos::tx::signing::v1beta1::SignMode;
    use cosmos_sdk_proto::cosmos::tx::v1beta1::mode_info;
    let s = setup(|_, _| {});
    let out = s.send(&["--sign-mode", "amino-json", "--memo", "ledger <ok>"]);
    assert_success(&out);
    assert_eq!(json(&out)["code"], 0);
    let txs = s.broadcast_txs();
    assert_eq!(txs.len(), 1);
    let (_, body, auth) = decode(&txs[0]);
    assert_eq!(body.memo, "ledger <ok>");
    let mode = match auth.signer_infos[0]
        .mode_info
        .as_ref()
        .unwrap()
        .sum
        .as_ref()
    {
        Some(mode_info::Sum::Single(single)) => single.mode,
        other => panic!("{other:?}"),
    };
    assert_eq!(mode, SignMode::LegacyAminoJson as i32);
    // the mock node verified the signature over the amino StdSignDoc before accepting it
    // (a direct signature in this mode would have been refused with code 4)

    // an amino signature for another chain is refused like a direct one
    let other = s.send(&["--sign-mode", "amino-json", "--chain-id", "openledger-1"]);
    assert!(!other.status.success());
    assert_eq!(json(&other)["code"], 4);
}

#[test]
fn unknown_sign_mode_is_a_usage_error() {
    let s = setup(|_, _| {});
    let out = s.send(&["--sign-mode", "textual"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("amino-json"), "{}", stderr(&out));
    assert!(s.broadcast_txs().is_empty());
}

#[test]
fn fixed_gas_and_explicit_fees_are_used_as_given() {
    let s = setup(|_, _| {});
    let out = s.send(&[
        "--gas",
        "100000",
        "--fees",
        "0.0001OPEN",
        "--timeout-height",
        "500",
    ]);
    assert_success(&out);
    let (_, body, auth) = decode(&s.broadcast_txs()[0]);
    assert_eq!(body.timeout_height, 500);
    let fee = auth.fee.unwrap();
    assert_eq!(fee.gas_limit, 100_000);
    assert_eq!(fee.amount[0].amount, "100000000000000");
    let state = s.node.state.lock().unwrap();
    assert!(state.simulated.is_empty());
    assert!(!state.queries.iter().any(|q| q.contains("Config")));
}

#[test]
fn gas_prices_flag_sets_the_fee() {
    let s = setup(|_, _| {});
    let out = s.send(&["--gas", "200000", "--gas-prices", "0.025aopen"]);
    assert_success(&out);
    let (_, _, auth) = decode(&s.broadcast_txs()[0]);
    assert_eq!(auth.fee.unwrap().amount[0].amount, "5000");
}

#[test]
fn offline_overrides_skip_the_account_query() {
    let s = setup(|_, _| {});
    let out = s.send(&[
        "--sequence",
        "3",
        "--account-number",
        "7",
        "--chain-id",
        "openledger-devnet-1",
    ]);
    assert_success(&out);
    let state = s.node.state.lock().unwrap();
    assert!(!state.queries.iter().any(|q| q.contains("Account")));
}

#[test]
fn check_tx_rejection_is_printed_and_exits_non_zero() {
    let s = setup(|_, _| {});
    let out = s.send(&["--sequence", "9"]);
    assert!(!out.status.success());
    let result = json(&out);
    assert_eq!(result["code"], 32);
    assert_eq!(result["codespace"], "sdk");
    assert!(result["raw_log"]
        .as_str()
        .unwrap()
        .contains("sequence mismatch"));
    assert!(stderr(&out).contains("code 32"), "{}", stderr(&out));
}

#[test]
fn wrong_chain_id_fails_signature_verification() {
    let s = setup(|_, _| {});
    let out = s.send(&["--chain-id", "openledger-1"]);
    assert!(!out.status.success());
    assert_eq!(json(&out)["code"], 4);
}

#[test]
fn failed_delivery_exits_non_zero() {
    let s = setup(|state, _| state.deliver_code = 5);
    let out = s.send(&[]);
    assert!(!out.status.success());
    let result = json(&out);
    assert_eq!(result["code"], 5);
    assert_eq!(result["height"], INCLUSION_HEIGHT);
    assert!(
        stderr(&out).contains("insufficient funds"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn sync_mode_returns_after_check_tx() {
    let s = setup(|state, _| state.polls_before_inclusion = 1000);
    let out = s.send(&["--broadcast-mode", "sync"]);
    assert_success(&out);
    let result = json(&out);
    assert_eq!(result["height"], 0);
    assert_eq!(result["code"], 0);
}

#[test]
fn inclusion_timeout_is_an_error() {
    let s = setup(|state, _| state.polls_before_inclusion = 1000);
    let out = s.send(&["--wait-timeout", "1s"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("not found in a block"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn unknown_sender_account_is_explained() {
    let s = setup(|state, sender| {
        state.accounts.remove(sender);
    });
    let out = s.send(&[]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("does not exist on chain yet"),
        "{}",
        stderr(&out)
    );
    assert!(s.broadcast_txs().is_empty());
}

#[test]
fn wrong_passphrase_signs_nothing() {
    let s = setup(|_, _| {});
    let out = s
        .cmd()
        .env("OPENLEDGER_KEYRING_PASSPHRASE", "nope nope nope")
        .args(["tx", "bank", "send", "bob", &s.recipient, "1OPEN", "--yes"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("wrong keyring passphrase"),
        "{}",
        stderr(&out)
    );
    assert!(s.broadcast_txs().is_empty());
}

#[test]
fn queries_read_accounts_balances_status_and_transactions() {
    let s = setup(|_, _| {});

    let out = s
        .cmd()
        .args(["query", "account", "bob", "-o", "json"])
        .output()
        .unwrap();
    assert_success(&out);
    let account = json(&out);
    assert_eq!(account["exists"], true);
    assert_eq!(account["account_number"], 7);
    assert_eq!(account["sequence"], 3);

    let out = s
        .cmd()
        .args(["query", "account", &s.recipient])
        .output()
        .unwrap();
    assert_success(&out);
    assert!(String::from_utf8_lossy(&out.stdout).contains("does not exist on chain yet"));
    let out = s
        .cmd()
        .args(["query", "account", &s.recipient, "-o", "json"])
        .output()
        .unwrap();
    assert_eq!(json(&out)["exists"], false);

    let out = s
        .cmd()
        .args(["query", "bank", "balance", &s.sender])
        .output()
        .unwrap();
    assert_success(&out);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "5000000000000000000aopen (5 OPEN)"
    );
    let out = s
        .cmd()
        .args([
            "query",
            "bank",
            "balance",
            &s.recipient,
            "--denom",
            "OPEN",
            "-o",
            "json",
        ])
        .output()
        .unwrap();
    let balance = json(&out);
    assert_eq!(balance["balance"]["amount"], "0");
    assert_eq!(balance["balance"]["denom"], "aopen");

    let out = s
        .cmd()
        .args(["query", "bank", "balances", "bob", "-o", "json"])
        .output()
        .unwrap();
    assert_success(&out);
    assert_eq!(json(&out)["balances"][0]["amount"], "5000000000000000000");
    let out = s
        .cmd()
        .args(["query", "bank", "total", "-o", "json"])
        .output()
        .unwrap();
    assert_success(&out);
    let supply = json(&out);
    assert_eq!(
        supply["supply"].as_array().unwrap().len(),
        2,
        "both pages: {supply}"
    );

    let out = s.cmd().args(["status", "-o", "json"]).output().unwrap();
    assert_success(&out);
    let status = json(&out);
    assert_eq!(status["chain_id"], "openledger-devnet-1");
    assert_eq!(status["latest_block_height"], 41);
    assert_eq!(status["catching_up"], false);

    let sent = json(&s.send(&[]));
    let hash = sent["txhash"].as_str().unwrap().to_lowercase();
    let out = s
        .cmd()
        .args(["query", "tx", &hash, "-o", "json"])
        .output()
        .unwrap();
    assert_success(&out);
    let tx = json(&out);
    assert_eq!(tx["height"], INCLUSION_HEIGHT);
    assert_eq!(
        tx["tx"]["messages"][0]["@type"],
        "/cosmos.bank.v1beta1.MsgSend"
    );
    assert_eq!(
        tx["tx"]["messages"][0]["amount"][0]["amount"],
        "1500000000000000000"
    );
    assert_eq!(tx["tx"]["signers"][0]["sequence"], 3);
    assert_eq!(tx["tx"]["signers"][0]["address"], s.sender.as_str());
    assert_eq!(tx["tx"]["signers"][0]["sign_mode"], "SIGN_MODE_DIRECT");
    let out = s.cmd().args(["query", "tx", &hash]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("send 1500000000000000000aopen (1.5 OPEN)"),
        "{text}"
    );

    let missing = "AB".repeat(32);
    let out = s.cmd().args(["query", "tx", &missing]).output().unwrap();
    assert!(!out.status.success());
    assert!(stderr(&out).contains("not found"), "{}", stderr(&out));
}
