//! Drives the attribution commands against the mock node: transactions are checked by
//! decoding what was broadcast, refusals by what was not, queries by their output.

// Helpers of this test crate may panic: a failed step is a failed test.
#![allow(clippy::unwrap_used)]

#[path = "support/mock_node.rs"]
mod mock_node;

#[path = "support/harness.rs"]
mod harness;

use cosmos_sdk_proto::cosmos::base::query::v1beta1::PageResponse;
use cosmos_sdk_proto::cosmos::gov::v1 as gov;
use cosmrs::AccountId;
use harness::{assert_success, json, setup, stderr, Setup};
use openledger_attribution::proto as at;
use prost::{Message, Name};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

/// The address of the harness's `bob` key.
const BOB: &str = "open19rl4cm2hmr8afy4kldpxz3fka4jguq0attl9rz";
const HASH: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

fn account(byte: u8) -> String {
    AccountId::new("open", &[byte; 20]).unwrap().to_string()
}

fn ok<M: Message>(m: M) -> Option<Result<Vec<u8>, (u32, String)>> {
    Some(Ok(m.encode_to_vec()))
}

fn receipt(id: u64) -> at::Receipt {
    at::Receipt {
        id,
        model_id: 2,
        model_version: 1,
        operator: BOB.into(),
        user: account(5),
        input_tokens: 1000,
        output_tokens: 2000,
        output_hash: vec![0xab; 32],
        request_id: format!("req-{id}"),
        height: 40,
        fee: "1140000000000000000".into(),
        platform_fee: "500000000000000000".into(),
        creator_amount: "448000000000000000".into(),
        stakers_amount: "64000000000000000".into(),
        data_pool: "128000000000000000".into(),
        credited: "128000000000000000".into(),
        creator: account(6),
        entries: vec![at::ReceiptEntry {
            contribution_id: 12,
            datanet_id: 1,
            contributor: account(7),
            weight_ppm: 1_000_000,
            amount: "128000000000000000".into(),
            withheld: String::new(),
        }],
        datanets: vec![at::DatanetShare {
            datanet_id: 1,
            weight_ppm: 1_000_000,
            amount: "128000000000000000".into(),
        }],
        ..Default::default()
    }
}

fn challenge(id: u64, status: at::ChallengeStatus) -> at::Challenge {
    let corrected = status == at::ChallengeStatus::Corrected;
    at::Challenge {
        id,
        receipt_id: id,
        challenger: account(8),
        bond: "10000000000000000000".into(),
        output: b"the output".to_vec(),
        status: status as i32,
        opened_height: 50,
        deadline_height: 150,
        settled_height: if corrected { 60 } else { 0 },
        agreed: if corrected {
            vec![at::AttributionEntry {
                contribution_id: 13,
                weight_ppm: 1_000_000,
            }]
        } else {
            vec![]
        },
        slashed: if corrected {
            "10000000000000000000"
        } else {
            "0"
        }
        .into(),
        reward: if corrected {
            "5000000000000000000"
        } else {
            "0"
        }
        .into(),
    }
}

fn operator() -> at::Operator {
    at::Operator {
        address: BOB.into(),
        endpoint: "https://infer.example.com".into(),
        models: vec![1, 2],
        bond: "100000000000000000000".into(),
        status: at::OperatorStatus::Active as i32,
        registered_height: 9,
        inferences: 3,
        fees_charged: "3420000000000000000".into(),
        ..Default::default()
    }
}

/// Bob is an active operator of models 1 and 2; model 2 has receipts 1 to 3 (pages of
/// `limit`, two by default when no limit is set).
fn answer(path: &str, data: &[u8]) -> Option<Result<Vec<u8>, (u32, String)>> {
    match path {
        "/openledger.attribution.v1.Query/Operator" => {
            let req = at::QueryOperatorRequest::decode(data).unwrap();
            if req.address == BOB {
                ok(at::QueryOperatorResponse {
                    operator: Some(operator()),
                })
            } else {
                Some(Err((5, format!("operator {} not found", req.address))))
            }
        }
        "/openledger.attribution.v1.Query/ReceiptsByModel" => {
            let req = at::QueryReceiptsByModelRequest::decode(data).unwrap();
            let page = req.pagination.unwrap_or_default();
            let start = if page.key.is_empty() {
                1
            } else {
                u64::from_be_bytes(page.key.as_slice().try_into().unwrap())
            };
            let limit = if page.limit == 0 { 2 } else { page.limit };
            let end = (start + limit).min(4);
            let next_key = if end <= 3 {
                end.to_be_bytes().to_vec()
            } else {
                vec![]
            };
            ok(at::QueryReceiptsByModelResponse {
                receipts: (start..end).map(receipt).collect(),
                pagination: Some(PageResponse { next_key, total: 0 }),
            })
        }
        "/openledger.attribution.v1.Query/EngineParams" => ok(at::QueryEngineParamsResponse {
            record: Some(at::EngineParamsRecord {
                id: 3,
                params: Some(at::EngineParams {
                    version: 1,
                    min_span: 32,
                    normalization: "nfc".into(),
                }),
            }),
        }),
        "/openledger.attribution.v1.Query/Challenge" => {
            let req = at::QueryChallengeRequest::decode(data).unwrap();
            match req.id {
                1 => ok(at::QueryChallengeResponse {
                    challenge: Some(challenge(1, at::ChallengeStatus::Open)),
                }),
                id => Some(Err((57, format!("unknown challenge {id}")))),
            }
        }
        "/openledger.attribution.v1.Query/Challenges" => {
            let req = at::QueryChallengesRequest::decode(data).unwrap();
            let all = [
                challenge(1, at::ChallengeStatus::Open),
                challenge(2, at::ChallengeStatus::Corrected),
            ];
            ok(at::QueryChallengesResponse {
                challenges: all
                    .into_iter()
                    .filter(|c| req.status == 0 || c.status == req.status)
                    .collect(),
                pagination: Some(PageResponse::default()),
            })
        }
        "/openledger.attribution.v1.Query/Totals" => ok(at::QueryTotalsResponse {
            totals: Some(at::Totals {
                fees_charged: "1140000000000000000".into(),
                inferences: 1,
                ..Default::default()
            }),
            pending: None,
        }),
        "/openledger.attribution.v1.Query/TopContributors" => {
            let req = at::QueryTopContributorsRequest::decode(data).unwrap();
            assert_eq!(req.limit, 5);
            ok(at::QueryTopContributorsResponse {
                contributors: vec![at::ContributorInfluence {
                    contributor: account(7),
                    influence_ppm: "1000000".into(),
                    earned: "128000000000000000".into(),
                    entries: 1,
                }],
            })
        }
        _ => None,
    }
}

fn chain() -> Setup {
    let s = setup(|state, _| state.extra_queries = Some(answer));
    assert_eq!(s.sender, BOB, "the harness signs as bob");
    s
}

fn ok_tx(s: &Setup, args: &[&str]) {
    let out = s.tx(args);
    assert_success(&out);
    assert_eq!(json(&out)["code"], 0);
}

fn refused(s: &Setup, args: &[&str], exit: i32, message: &str) {
    let before = s.broadcast_txs().len();
    let out = s.tx(args);
    assert_eq!(out.status.code(), Some(exit), "{args:?}: {}", stderr(&out));
    assert!(
        stderr(&out).contains(message),
        "{args:?}: expected {message:?} in {}",
        stderr(&out)
    );
    assert_eq!(
        s.broadcast_txs().len(),
        before,
        "{args:?} broadcast something"
    );
}

fn file_in(s: &Setup, name: &str, content: &str) -> String {
    let path = s.home.path().join(name);
    std::fs::write(&path, content).unwrap();
    path.to_str().unwrap().to_owned()
}

fn batch_record(i: usize) -> Value {
    json!({
        "user": account(5),
        "model_id": 2,
        "input_tokens": 1000,
        "output_tokens": 2000,
        "output_hash": HASH,
        "evidence_hash": HASH,
        "request_id": format!("req-{i}"),
        "attribution": [{"contribution_id": 12, "weight_ppm": 250000},
                        {"contribution_id": 13, "weight_ppm": 750000}]
    })
}

#[test]
fn attribution_commands_broadcast_the_attribution_messages() {
    let s = chain();

    ok_tx(&s, &["attribution", "deposit", "1.5OPEN"]);
    let msg: at::MsgDeposit = s.last_message();
    assert_eq!(msg.user, BOB);
    let coin = msg.amount.unwrap();
    assert_eq!(
        (coin.denom.as_str(), coin.amount.as_str()),
        ("aopen", "1500000000000000000")
    );

    ok_tx(&s, &["attribution", "withdraw"]);
    let msg: at::MsgWithdraw = s.last_message();
    assert!(msg.amount.is_none());
    // withdrawals and revocations are requests that take effect after a delay
    for cmd in ["withdraw", "revoke"] {
        let help = s.run(&["tx", "attribution", cmd, "--help"]);
        assert_success(&help);
        let text = String::from_utf8(help.stdout).unwrap();
        assert!(text.contains("withdrawal_delay_secs"), "{cmd}: {text}");
    }

    let op = account(3);
    ok_tx(&s, &["attribution", "grant", &op, "5OPEN", "--model", "2"]);
    let msg: at::MsgGrant = s.last_message();
    assert_eq!(
        (msg.user.as_str(), msg.operator.as_str(), msg.model_id),
        (BOB, op.as_str(), 2)
    );
    assert_eq!(msg.spend_limit, "5000000000000000000");

    ok_tx(&s, &["attribution", "revoke", &op]);
    let msg: at::MsgRevoke = s.last_message();
    assert_eq!(msg.model_id, 0);

    ok_tx(
        &s,
        &[
            "attribution",
            "register-operator",
            "100OPEN",
            "--endpoint",
            "https://infer.example.com",
            "--models",
            "1,2",
        ],
    );
    let msg: at::MsgRegisterOperator = s.last_message();
    assert_eq!(msg.models, vec![1, 2]);
    assert_eq!(msg.bond.unwrap().amount, "100000000000000000000");

    // only the bond changes: the endpoint and models are read from the chain
    ok_tx(
        &s,
        &["attribution", "update-operator", "--add-bond", "50OPEN"],
    );
    let msg: at::MsgUpdateOperator = s.last_message();
    assert_eq!(msg.endpoint, "https://infer.example.com");
    assert_eq!(msg.models, vec![1, 2]);
    assert_eq!(msg.add_bond.unwrap().amount, "50000000000000000000");
    ok_tx(&s, &["attribution", "update-operator", "--models", "3"]);
    let msg: at::MsgUpdateOperator = s.last_message();
    assert_eq!(msg.models, vec![3]);
    assert!(msg.add_bond.is_none());

    ok_tx(&s, &["attribution", "unbond-operator"]);
    let msg: at::MsgUnbondOperator = s.last_message();
    assert_eq!(msg.operator, BOB);

    ok_tx(
        &s,
        &[
            "attribution",
            "record",
            "--user",
            &account(5),
            "--model",
            "2",
            "--version",
            "1",
            "--input-tokens",
            "1000",
            "--output-tokens",
            "2000",
            "--output-hash",
            HASH,
            "--prompt-hash",
            &format!("0x{HASH}"),
            "--request-id",
            "req-42",
            "--evidence-hash",
            HASH,
            "--attribution",
            "12:250000,13:750000",
        ],
    );
    let msg: at::MsgRecordInference = s.last_message();
    assert_eq!(msg.operator, BOB);
    assert_eq!(msg.user, account(5));
    assert_eq!((msg.model_id, msg.model_version), (2, 1));
    assert_eq!((msg.input_tokens, msg.output_tokens), (1000, 2000));
    assert_eq!(hex::encode(&msg.output_hash), HASH);
    assert_eq!(hex::encode(&msg.prompt_hash), HASH);
    assert_eq!(msg.request_id, "req-42");
    // the engine defaults to the chain's current one
    assert_eq!((msg.engine_version, msg.engine_params_id), (1, 3));
    assert_eq!(hex::encode(&msg.evidence_hash), HASH);
    let entries: Vec<(u64, u32)> = msg
        .attribution
        .iter()
        .map(|e| (e.contribution_id, e.weight_ppm))
        .collect();
    assert_eq!(entries, vec![(12, 250_000), (13, 750_000)]);

    let weights = file_in(
        &s,
        "weights.json",
        r#"[{"contribution_id": 7, "weight_ppm": 1000000}]"#,
    );
    ok_tx(
        &s,
        &[
            "attribution",
            "record",
            "--user",
            "bob",
            "--model",
            "2",
            "--input-tokens",
            "0",
            "--output-tokens",
            "5",
            "--output-hash",
            HASH,
            "--request-id",
            "req-43",
            "--evidence-hash",
            HASH,
            "--engine-params-id",
            "2",
            "--attribution-file",
            &weights,
        ],
    );
    let msg: at::MsgRecordInference = s.last_message();
    assert_eq!(msg.user, BOB, "a key name is resolved");
    assert_eq!((msg.engine_version, msg.engine_params_id), (1, 2));
    assert_eq!(msg.model_version, 0);
    assert!(msg.prompt_hash.is_empty());
    assert_eq!(msg.attribution.len(), 1);

    ok_tx(&s, &["attribution", "claim"]);
    let msg: at::MsgClaimRewards = s.last_message();
    assert_eq!(msg.claimant, BOB);
}

#[test]
fn a_batch_goes_in_one_transaction() {
    let s = chain();
    let records: Vec<Value> = (0..100).map(batch_record).collect();
    let file = file_in(&s, "batch.json", &Value::Array(records).to_string());
    ok_tx(&s, &["attribution", "record-batch", &file, "--gas", "auto"]);
    assert_eq!(s.broadcast_txs().len(), 1);
    let messages = s.last_messages();
    assert_eq!(messages.len(), 100);
    for (i, any) in messages.iter().enumerate() {
        assert_eq!(any.type_url, at::MsgRecordInference::type_url());
        let msg = at::MsgRecordInference::decode(any.value.as_slice()).unwrap();
        assert_eq!(msg.request_id, format!("req-{i}"), "file order");
        assert_eq!(msg.operator, BOB);
        assert_eq!(msg.attribution.len(), 2);
    }

    let records: Vec<Value> = (0..101).map(batch_record).collect();
    let file = file_in(&s, "big.json", &Value::Array(records).to_string());
    refused(
        &s,
        &["attribution", "record-batch", &file],
        1,
        "at most 100",
    );
    let mut bad = vec![batch_record(0), batch_record(1)];
    bad[1]["attribution"][1]["weight_ppm"] = json!(700000);
    let file = file_in(&s, "bad.json", &Value::Array(bad).to_string());
    refused(
        &s,
        &["attribution", "record-batch", &file],
        1,
        "records[1]: attribution: the weights sum to 950000",
    );
    let file = file_in(
        &s,
        "dup.json",
        &json!([batch_record(3), batch_record(3)]).to_string(),
    );
    refused(
        &s,
        &["attribution", "record-batch", &file],
        1,
        "more than once",
    );
    refused(
        &s,
        &["attribution", "record-batch", "/nonexistent/batch.json"],
        1,
        "cannot read",
    );
}

#[test]
fn bad_input_is_refused_before_anything_is_sent() {
    let s = chain();
    let record = |extra: &[&str]| {
        let mut args = vec![
            "attribution",
            "record",
            "--user",
            BOB,
            "--model",
            "2",
            "--input-tokens",
            "10",
            "--output-tokens",
            "10",
            "--output-hash",
            HASH,
            "--request-id",
            "r",
            "--evidence-hash",
            HASH,
        ];
        args.extend_from_slice(extra);
        args.into_iter().map(str::to_owned).collect::<Vec<_>>()
    };
    let run = |args: Vec<String>, exit: i32, message: &str| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        refused(&s, &args, exit, message);
    };
    run(record(&["--attribution", "12:500000"]), 2, "sum to 500000");
    run(
        record(&["--attribution", "12:500000,12:500000"]),
        2,
        "more than once",
    );
    run(
        record(&["--attribution", "12"]),
        2,
        "CONTRIBUTION_ID:WEIGHT_PPM",
    );
    run(record(&[]), 2, "--attribution");
    let empty = file_in(&s, "empty.json", "[]");
    run(
        record(&["--attribution-file", &empty]),
        1,
        "at least one entry",
    );
    let mut no_evidence = record(&["--attribution", "1:1000000"]);
    no_evidence.truncate(no_evidence.len() - 4);
    no_evidence.extend(["--attribution".to_owned(), "1:1000000".to_owned()]);
    run(no_evidence, 2, "--evidence-hash");
    let mut short_hash = record(&["--attribution", "1:1000000"]);
    let at = short_hash.iter().position(|a| a == HASH).unwrap();
    short_hash[at] = "abcd".into();
    run(short_hash, 2, "64 hex characters");
    let mut no_tokens = record(&["--attribution", "1:1000000"]);
    no_tokens[7] = "0".into();
    no_tokens[9] = "0".into();
    run(no_tokens, 1, "at least 1");

    refused(
        &s,
        &["attribution", "deposit", "5uatom"],
        2,
        "not an amount of aopen",
    );
    refused(&s, &["attribution", "deposit", "0OPEN"], 2, "");
    refused(
        &s,
        &["attribution", "grant", BOB, "1OPEN"],
        1,
        "cannot grant itself",
    );
    refused(
        &s,
        &[
            "attribution",
            "register-operator",
            "1OPEN",
            "--endpoint",
            "x",
            "--models",
            "1,1",
        ],
        1,
        "more than once",
    );
    refused(&s, &["attribution", "update-operator"], 2, "required");

    // update-operator stops when --from is not an active operator
    let other = setup(|state, _| {
        state.extra_queries = Some(|path, data| match path {
            "/openledger.attribution.v1.Query/Operator" => {
                at::QueryOperatorRequest::decode(data).unwrap();
                ok(at::QueryOperatorResponse {
                    operator: Some(at::Operator {
                        status: at::OperatorStatus::Unbonding as i32,
                        ..operator()
                    }),
                })
            }
            _ => None,
        })
    });
    refused(
        &other,
        &["attribution", "update-operator", "--add-bond", "1OPEN"],
        1,
        "OPERATOR_STATUS_UNBONDING",
    );
}

#[test]
fn a_challenge_carries_the_output_file_and_the_bond() {
    let s = chain();
    let output = "The quick brown fox\n";
    let file = file_in(&s, "output.txt", output);
    ok_tx(
        &s,
        &[
            "attribution",
            "challenge",
            "3",
            "--output-file",
            &file,
            "--bond",
            "10OPEN",
        ],
    );
    let msg: at::MsgChallengeReceipt = s.last_message();
    assert_eq!(msg.challenger, BOB);
    assert_eq!(msg.receipt_id, 3);
    assert_eq!(msg.output, output.as_bytes());
    let bond = msg.bond.unwrap();
    assert_eq!(
        (bond.denom.as_str(), bond.amount.as_str()),
        ("aopen", "10000000000000000000")
    );
    // the message's own name is the same command (hidden): never the output as hex in
    // --output, the output format's flag
    ok_tx(
        &s,
        &[
            "attribution",
            "challenge-receipt",
            "4",
            "--output-file",
            &file,
            "--bond",
            "12OPEN",
        ],
    );
    let msg: at::MsgChallengeReceipt = s.last_message();
    assert_eq!((msg.receipt_id, msg.output.len()), (4, output.len()));

    // refused before anything is sent
    let args = |extra: &[&str]| {
        let mut a = vec!["attribution", "challenge"];
        a.extend_from_slice(extra);
        a.into_iter().map(str::to_owned).collect::<Vec<_>>()
    };
    let run = |a: Vec<String>, exit: i32, message: &str| {
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        refused(&s, &a, exit, message);
    };
    run(args(&["3", "--bond", "10OPEN"]), 2, "--output-file");
    run(args(&["3", "--output-file", &file]), 2, "--bond");
    run(
        args(&["0", "--output-file", &file, "--bond", "10OPEN"]),
        2,
        "at least 1",
    );
    run(
        args(&["3", "--output-file", &file, "--bond", "5uatom"]),
        2,
        "not an amount of aopen",
    );
    let missing = s.home.path().join("missing.txt");
    run(
        args(&[
            "3",
            "--output-file",
            missing.to_str().unwrap(),
            "--bond",
            "10OPEN",
        ]),
        1,
        "cannot read --output-file",
    );
    let big = file_in(&s, "big.txt", &"x".repeat(1_048_577));
    run(
        args(&["3", "--output-file", &big, "--bond", "10OPEN"]),
        1,
        "at most 1048576",
    );
}

#[test]
fn settling_a_challenge_goes_through_a_proposal() {
    let s = chain();
    let authority = AccountId::new("open", &Sha256::digest(b"gov")[..20])
        .unwrap()
        .to_string();
    let proposal = json!({
        "messages": [{"@type": "/openledger.attribution.v1.MsgSettleChallenge",
                      "authority": authority, "challenge_id": "7",
                      "entries": [{"contribution_id": "12", "weight_ppm": 1000000}]}],
        "deposit": "1000OPEN", "title": "Settle challenge 7", "summary": "The engine's weights"
    });
    let file = file_in(&s, "settle.json", &proposal.to_string());
    ok_tx(&s, &["gov", "submit-proposal", &file]);
    let submit: gov::MsgSubmitProposal = s.last_message();
    assert_eq!(
        submit.messages[0].type_url,
        at::MsgSettleChallenge::type_url()
    );
    let settle = at::MsgSettleChallenge::decode(submit.messages[0].value.as_slice()).unwrap();
    assert_eq!(settle.challenge_id, 7);
    assert_eq!(settle.entries[0].contribution_id, 12);
}

#[test]
fn slashing_an_operator_goes_through_a_proposal() {
    let s = chain();
    let authority = AccountId::new("open", &Sha256::digest(b"gov")[..20])
        .unwrap()
        .to_string();
    let proposal = json!({
        "messages": [{"@type": "/openledger.attribution.v1.MsgSlashOperator",
                      "authority": authority, "operator": account(3), "fraction": "0.25",
                      "reason": "wrong outputs"}],
        "deposit": "1000OPEN", "title": "Slash op", "summary": "It served wrong outputs"
    });
    let file = file_in(&s, "slash.json", &proposal.to_string());
    ok_tx(&s, &["gov", "submit-proposal", &file]);
    let submit: gov::MsgSubmitProposal = s.last_message();
    assert_eq!(submit.messages.len(), 1);
    assert_eq!(
        submit.messages[0].type_url,
        at::MsgSlashOperator::type_url()
    );
    let slash = at::MsgSlashOperator::decode(submit.messages[0].value.as_slice()).unwrap();
    assert_eq!(slash.fraction, "250000000000000000");
    assert_eq!(slash.operator, account(3));
}

fn query(s: &Setup, args: &[&str]) -> Value {
    let mut all = vec!["query", "attribution"];
    all.extend(args);
    all.extend(["-o", "json"]);
    let out = s.run(&all);
    assert_success(&out);
    json(&out)
}

fn query_text(s: &Setup, args: &[&str]) -> String {
    let mut all = vec!["query", "attribution"];
    all.extend(args);
    let out = s.run(&all);
    assert_success(&out);
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn attribution_queries() {
    let s = chain();

    let op = query(&s, &["operator", "bob"]);
    assert_eq!(op["operator"]["status"], "OPERATOR_STATUS_ACTIVE");
    assert_eq!(op["operator"]["models"], json!([1, 2]));
    assert_eq!(op["operator"]["slashed_total"], "0");
    assert_eq!(op["operator"]["unbonding_completion"], Value::Null);
    let missing = s.run(&["query", "attribution", "operator", &account(9)]);
    assert!(!missing.status.success());
    assert!(
        stderr(&missing).contains("not found"),
        "{}",
        stderr(&missing)
    );

    // one page of 2 by default of the mock, then the rest from its key
    let first = query(&s, &["receipts", "--model", "2", "--limit", "2"]);
    assert_eq!(first["receipts"].as_array().unwrap().len(), 2);
    assert_eq!(first["receipts"][0]["output_hash"], "ab".repeat(32));
    assert_eq!(first["receipts"][0]["withheld"], "0");
    let key = first["next_key"].as_str().unwrap().to_owned();
    assert_eq!(key, "0000000000000003");
    let rest = query(&s, &["receipts", "--model", "2", "--page-key", &key]);
    assert_eq!(rest["receipts"][0]["id"], 3);
    assert_eq!(rest["next_key"], Value::Null);
    let all = query(&s, &["receipts", "--model", "2", "--all"]);
    assert_eq!(all["receipts"].as_array().unwrap().len(), 3);
    let text = query_text(&s, &["receipts", "--model", "2", "--limit", "1"]);
    assert!(text.contains("more: --page-key 0000000000000002"), "{text}");
    assert!(
        text.contains("1140000000000000000aopen (1.14 OPEN)"),
        "{text}"
    );

    let totals = query(&s, &["totals"]);
    assert_eq!(totals["totals"]["fees_charged"], "1140000000000000000");
    assert_eq!(totals["totals"]["inferences"], 1);
    assert_eq!(totals["pending"]["community"], "0");

    let top = query(&s, &["top-contributors", "2", "--limit", "5"]);
    assert_eq!(top["model_id"], 2);
    assert_eq!(top["contributors"][0]["contributor"], account(7));
    let text = query_text(&s, &["top-contributors", "2", "--limit", "5"]);
    assert!(text.starts_with("RANK  CONTRIBUTOR"), "{text}");

    // challenges, generated from the descriptors
    let c = query(&s, &["challenge", "1"]);
    assert_eq!(c["challenge"]["status"], "CHALLENGE_STATUS_OPEN");
    assert_eq!(c["challenge"]["bond"], "10000000000000000000");
    assert_eq!(c["challenge"]["deadline_height"], "150");
    let missing = s.run(&["query", "attribution", "challenge", "9"]);
    assert!(!missing.status.success());
    assert!(
        stderr(&missing).contains("unknown challenge 9"),
        "{}",
        stderr(&missing)
    );
    let all = query(&s, &["challenges"]);
    assert_eq!(all["challenges"].as_array().unwrap().len(), 2);
    let corrected = query(
        &s,
        &["challenges", "--status", "CHALLENGE_STATUS_CORRECTED"],
    );
    let list = corrected["challenges"].as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["id"], "2");
    assert_eq!(list[0]["reward"], "5000000000000000000");
    assert_eq!(list[0]["agreed"][0]["contribution_id"], "13");
}
