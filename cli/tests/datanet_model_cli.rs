//! Drives the datanet and model commands against the mock node: each transaction command is
//! checked by decoding what it broadcast, each refusal by what it did not send, each query by
//! its output.

// Helpers of this test crate may panic: a failed step is a failed test.
#![allow(clippy::unwrap_used)]

#[path = "support/mock_node.rs"]
mod mock_node;

#[path = "support/harness.rs"]
mod harness;

#[path = "support/datanet_model_queries.rs"]
mod datanet_model_queries;

use cosmos_sdk_proto::cosmos::gov::v1 as gov;
use datanet_model_queries::{account, BOB, ROOT};
use harness::{assert_success, json, setup, stderr, Setup};
use openledger_datanets::proto as dn;
use openledger_models::proto as md;
use prost::{Message, Name};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

fn chain() -> Setup {
    let s = setup(|state, _| state.extra_queries = Some(datanet_model_queries::answer));
    assert_eq!(s.sender, BOB, "the harness signs as bob");
    s
}

/// The gov module account.
fn gov_authority() -> String {
    cosmrs::AccountId::new("open", &Sha256::digest(b"gov")[..20])
        .unwrap()
        .to_string()
}

/// Runs a transaction command and checks it succeeded.
fn ok_tx(s: &Setup, args: &[&str]) {
    let out = s.tx(args);
    assert_success(&out);
    assert_eq!(json(&out)["code"], 0);
}

/// Runs a command that must be refused with `exit` code before anything is broadcast.
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

fn file_in(s: &Setup, name: &str, content: &[u8]) -> String {
    let path = s.home.path().join(name);
    std::fs::write(&path, content).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn datanet_commands_broadcast_the_datanet_messages() {
    let s = chain();

    ok_tx(
        &s,
        &[
            "datanet",
            "create",
            "--name",
            "legal-corpus",
            "--summary",
            "Court rulings",
            "--description",
            "Rulings of 2020-2025",
            "--tag",
            "legal",
            "--tag",
            "en",
            "--licence",
            "CC-BY-4.0",
            "--permissioned",
            "--curator",
            &account(3),
            "--curator",
            "bob",
            "--allow",
            &account(4),
            "--bond",
            "1OPEN",
            "--fee-per-byte",
            "1000aopen",
            "--access-price",
            "0.5OPEN",
            "--gas",
            "auto",
        ],
    );
    let msg: dn::MsgCreateDatanet = s.last_message();
    assert_eq!(msg.owner, BOB);
    assert_eq!(msg.name, "legal-corpus");
    assert_eq!(msg.summary, "Court rulings");
    assert_eq!(msg.description, "Rulings of 2020-2025");
    assert_eq!(msg.tags, vec!["legal", "en"]);
    assert_eq!(msg.licence, "CC-BY-4.0");
    assert_eq!(msg.visibility, dn::Visibility::Permissioned as i32);
    assert_eq!(msg.curators, vec![account(3), BOB.to_owned()]);
    assert_eq!(msg.allow_list, vec![account(4)]);
    assert_eq!(msg.contribution_bond, "1000000000000000000");
    assert_eq!(msg.fee_per_byte, "1000");
    assert_eq!(msg.access_price, "500000000000000000");
    assert_eq!(s.node.state.lock().unwrap().simulated.len(), 1);

    // a public datanet: no allow list, nothing for sale
    ok_tx(
        &s,
        &[
            "datanet",
            "create",
            "--name",
            "open-data",
            "--summary",
            "s",
            "--bond",
            "2500000000000000000aopen",
            "--fee-per-byte",
            "0.000000000000001OPEN",
        ],
    );
    let msg: dn::MsgCreateDatanet = s.last_message();
    assert_eq!(msg.visibility, dn::Visibility::Public as i32);
    assert!(msg.tags.is_empty() && msg.curators.is_empty() && msg.allow_list.is_empty());
    assert_eq!(msg.contribution_bond, "2500000000000000000");
    assert_eq!(msg.fee_per_byte, "1000");
    assert_eq!(msg.access_price, "0");
    assert_eq!(msg.description, "");

    // update: what is not given is taken from the chain
    ok_tx(
        &s,
        &[
            "datanet",
            "update",
            "1",
            "--summary",
            "New",
            "--tag",
            "law",
            "--tag",
            "eu",
        ],
    );
    let msg: dn::MsgUpdateDatanet = s.last_message();
    assert_eq!(msg.owner, BOB);
    assert_eq!(msg.datanet_id, 1);
    assert_eq!(msg.summary, "New");
    assert_eq!(msg.tags, vec!["law", "eu"]);
    assert_eq!(msg.description, "Rulings of 2020-2025");
    assert_eq!(msg.licence, "CC-BY-4.0");
    assert_eq!(msg.curators, vec![account(3)]);
    assert_eq!(msg.allow_list, vec![account(4)]);
    assert_eq!(msg.access_price, "5000");
    ok_tx(
        &s,
        &[
            "datanet",
            "update",
            "1",
            "--clear-curators",
            "--clear-tags",
            "--allow",
            &account(5),
            "--allow",
            &account(6),
            "--access-price",
            "0aopen",
        ],
    );
    let msg: dn::MsgUpdateDatanet = s.last_message();
    assert!(msg.curators.is_empty() && msg.tags.is_empty());
    assert_eq!(msg.allow_list, vec![account(5), account(6)]);
    assert_eq!(msg.access_price, "0");
    assert_eq!(msg.summary, "Court rulings");

    // contribute a file: its sha256 and size are computed locally
    let content = b"{\"case\": 1, \"ruling\": \"upheld\"}\n".repeat(10);
    let path = file_in(&s, "rulings.jsonl", &content);
    ok_tx(
        &s,
        &[
            "datanet",
            "contribute",
            "1",
            "--file",
            &path,
            "--uri",
            "ipfs://bafyrulings",
            "--licence",
            "CC0",
            "--metadata",
            "{\"rows\": 10}",
        ],
    );
    let msg: dn::MsgContribute = s.last_message();
    assert_eq!(msg.contributor, BOB);
    assert_eq!(msg.datanet_id, 1);
    assert_eq!(msg.content_hash, Sha256::digest(&content).to_vec());
    assert_eq!(msg.size_bytes, content.len() as u64);
    assert_eq!(msg.content_uri, "ipfs://bafyrulings");
    assert_eq!(msg.licence, "CC0");
    assert_eq!(msg.metadata, "{\"rows\": 10}");

    // ... or a hash and size given
    let hash = "AB".repeat(32);
    ok_tx(
        &s,
        &[
            "datanet",
            "contribute",
            "2",
            "--hash",
            &hash,
            "--size",
            "4096",
            "--uri",
            "https://example.org/d",
        ],
    );
    let msg: dn::MsgContribute = s.last_message();
    assert_eq!(msg.content_hash, vec![0xab; 32]);
    assert_eq!(msg.size_bytes, 4096);
    assert_eq!(msg.licence, "");

    // --commit: a commitment, then (a second transaction) the contribution revealing it
    let before = s.broadcast_txs().len();
    let out = s.tx(&[
        "datanet",
        "contribute",
        "2",
        "--hash",
        &hash,
        "--size",
        "4096",
        "--uri",
        "u",
        "--commit",
    ]);
    assert_success(&out);
    let txs = s.broadcast_txs();
    assert_eq!(txs.len(), before + 2);
    let reveal: dn::MsgContribute = s.last_message();
    assert_eq!(reveal.salt.len(), 32);
    let commit = &harness::decode(&txs[before]).1.messages[0];
    assert_eq!(commit.type_url, dn::MsgCommitContribution::type_url());
    let commit = dn::MsgCommitContribution::decode(commit.value.as_slice()).unwrap();
    let bob: cosmrs::AccountId = BOB.parse().unwrap();
    let mut want = Sha256::new();
    want.update([0xab; 32]);
    want.update(bob.to_bytes());
    want.update(&reveal.salt);
    assert_eq!((commit.contributor.as_str(), commit.datanet_id), (BOB, 2));
    assert_eq!(commit.commitment, want.finalize().to_vec());

    // commit-contribution computes the commitment; contribute --salt reveals it
    let salt = "11".repeat(16);
    ok_tx(
        &s,
        &[
            "datanet",
            "commit-contribution",
            "2",
            "--hash",
            &hash,
            "--salt",
            &salt,
        ],
    );
    let commit: dn::MsgCommitContribution = s.last_message();
    let mut want = Sha256::new();
    want.update([0xab; 32]);
    want.update(bob.to_bytes());
    want.update([0x11; 16]);
    assert_eq!(commit.commitment, want.finalize().to_vec());
    ok_tx(
        &s,
        &[
            "datanet",
            "contribute",
            "2",
            "--hash",
            &hash,
            "--size",
            "4096",
            "--uri",
            "u",
            "--salt",
            &salt,
        ],
    );
    let msg: dn::MsgContribute = s.last_message();
    assert_eq!(msg.salt, vec![0x11; 16]);

    ok_tx(&s, &["datanet", "curate", "1", "approve"]);
    let msg: dn::MsgCurate = s.last_message();
    assert_eq!(msg.curator, BOB);
    assert_eq!(msg.contribution_id, 1);
    assert!(msg.approve);
    assert_eq!(msg.reason, dn::CurationReason::None as i32);

    for (reason, proto) in [
        ("spam", dn::CurationReason::Spam),
        ("low_quality", dn::CurationReason::LowQuality),
        ("duplicate", dn::CurationReason::Duplicate),
        ("adversarial", dn::CurationReason::Adversarial),
    ] {
        ok_tx(
            &s,
            &[
                "datanet", "curate", "3", "reject", "--reason", reason, "--note", "junk",
            ],
        );
        let msg: dn::MsgCurate = s.last_message();
        assert_eq!(msg.contribution_id, 3);
        assert!(!msg.approve);
        assert_eq!(msg.reason, proto as i32, "{reason}");
        assert_eq!(msg.note, "junk");
    }

    ok_tx(&s, &["datanet", "publish", "1", "--note", "first"]);
    let msg: dn::MsgPublishVersion = s.last_message();
    assert_eq!(
        (msg.owner.as_str(), msg.datanet_id, msg.note.as_str()),
        (BOB, 1, "first")
    );

    ok_tx(
        &s,
        &["datanet", "buy-access", "1", "2", "--max-price", "5aopen"],
    );
    let msg: dn::MsgPurchaseAccess = s.last_message();
    assert_eq!(
        (msg.buyer.as_str(), msg.datanet_id, msg.version),
        (BOB, 1, 2)
    );
    assert_eq!(msg.max_price, "5");

    ok_tx(&s, &["datanet", "claim", "1", "2"]);
    let msg: dn::MsgClaimRevenue = s.last_message();
    assert_eq!(
        (msg.contributor.as_str(), msg.datanet_id, msg.version),
        (BOB, 1, 2)
    );
}

#[test]
fn model_commands_broadcast_the_model_messages() {
    let s = chain();

    ok_tx(
        &s,
        &[
            "model",
            "propose",
            "--name",
            "legal-llm",
            "--description",
            "answers legal questions",
            "--base-model",
            "llama-3-8b",
            "--intended-use",
            "research",
            "--datanet",
            "1:1",
            "--datanet",
            "2:3",
            "--bond",
            "100OPEN",
            "--rate-in",
            "10aopen",
            "--rate-out",
            "0.00000000000000002OPEN",
        ],
    );
    let msg: md::MsgProposeModel = s.last_message();
    assert_eq!(msg.creator, BOB);
    assert_eq!(msg.name, "legal-llm");
    assert_eq!(msg.description, "answers legal questions");
    assert_eq!(msg.base_model, "llama-3-8b");
    assert_eq!(msg.intended_use, "research");
    let refs: Vec<(u64, u64)> = msg
        .datanet_versions
        .iter()
        .map(|r| (r.datanet_id, r.version))
        .collect();
    assert_eq!(refs, vec![(1, 1), (2, 3)]);
    let bond = msg.bond.unwrap();
    assert_eq!(
        (bond.denom.as_str(), bond.amount.as_str()),
        ("aopen", "100000000000000000000")
    );
    let pricing = msg.pricing.unwrap();
    assert_eq!(pricing.rate_in_per_1000, "10");
    assert_eq!(pricing.rate_out_per_1000, "20");

    ok_tx(&s, &["model", "advance", "1", "data_collection"]);
    let msg: md::MsgAdvanceModel = s.last_message();
    assert_eq!(msg.actor, BOB);
    assert_eq!(msg.model_id, 1);
    assert_eq!(msg.to_stage, md::ModelStage::DataCollection as i32);
    assert_eq!(msg.evidence.unwrap(), md::Evidence::default());

    ok_tx(&s, &["model", "advance", "1", "FINE-TUNING"]);
    let msg: md::MsgAdvanceModel = s.last_message();
    assert_eq!(msg.to_stage, md::ModelStage::FineTuning as i32);

    let run = "AA".repeat(32);
    ok_tx(
        &s,
        &[
            "model",
            "advance",
            "1",
            "alignment",
            "--training-run-hash",
            &run,
            "--metrics",
            "loss=0.12",
        ],
    );
    let msg: md::MsgAdvanceModel = s.last_message();
    assert_eq!(msg.to_stage, md::ModelStage::Alignment as i32);
    let evidence = msg.evidence.unwrap();
    assert_eq!(evidence.training_run_hash, "aa".repeat(32));
    assert_eq!(evidence.metrics, "loss=0.12");
    assert_eq!(evidence.adapter_hash, "");

    let adapter = "bb".repeat(32);
    ok_tx(
        &s,
        &[
            "model",
            "advance",
            "1",
            "MODEL_STAGE_DEPLOYED",
            "--adapter-hash",
            &adapter,
        ],
    );
    let msg: md::MsgAdvanceModel = s.last_message();
    assert_eq!(msg.to_stage, md::ModelStage::Deployed as i32);
    assert_eq!(msg.evidence.unwrap().adapter_hash, adapter);

    ok_tx(&s, &["model", "advance", "1", "retired"]);
    let msg: md::MsgAdvanceModel = s.last_message();
    assert_eq!(msg.to_stage, md::ModelStage::Retired as i32);

    ok_tx(
        &s,
        &[
            "model",
            "publish-version",
            "1",
            "--adapter-hash",
            "0xCC",
            "--base-model",
            "llama-3-70b",
            "--parent",
            "1",
            "--datanet",
            "1:2",
        ],
    );
    let msg: md::MsgPublishModelVersion = s.last_message();
    assert_eq!(msg.creator, BOB);
    assert_eq!(msg.model_id, 1);
    assert_eq!(msg.adapter_hash, "cc");
    assert_eq!(msg.base_model, "llama-3-70b");
    assert_eq!(msg.parent_version, 1);
    assert_eq!(msg.datanet_versions.len(), 1);
    assert_eq!(msg.datanet_versions[0].version, 2);

    // defaults: the latest version, its base model and datanet versions
    ok_tx(
        &s,
        &["model", "publish-version", "1", "--adapter-hash", "dd"],
    );
    let msg: md::MsgPublishModelVersion = s.last_message();
    assert_eq!(msg.parent_version, 0);
    assert_eq!(msg.base_model, "");
    assert!(msg.datanet_versions.is_empty());

    ok_tx(
        &s,
        &[
            "model",
            "set-pricing",
            "1",
            "--rate-in",
            "15aopen",
            "--rate-out",
            "0aopen",
        ],
    );
    let msg: md::MsgSetPricing = s.last_message();
    assert_eq!(msg.creator, BOB);
    assert_eq!(msg.model_id, 1);
    assert_eq!(msg.rate_in_per_1000, "15");
    assert_eq!(msg.rate_out_per_1000, "0");
}

#[test]
fn model_approval_goes_through_a_gov_proposal() {
    let s = chain();

    ok_tx(
        &s,
        &["gov", "propose-model-approval", "1", "--deposit", "10OPEN"],
    );
    let msg: gov::MsgSubmitProposal = s.last_message();
    assert_eq!(msg.proposer, BOB);
    assert_eq!(msg.title, "Approve model 1: legal-llm");
    assert!(msg.summary.contains("legal-llm"), "{}", msg.summary);
    assert!(msg.summary.contains("1:1"), "{}", msg.summary);
    assert_eq!(msg.initial_deposit.len(), 1);
    assert_eq!(msg.initial_deposit[0].amount, "10000000000000000000");
    assert!(!msg.expedited);
    assert_eq!(msg.messages.len(), 1);
    assert_eq!(msg.messages[0].type_url, md::MsgApproveModel::type_url());
    let approve = md::MsgApproveModel::decode(msg.messages[0].value.as_slice()).unwrap();
    assert_eq!(approve.authority, gov_authority());
    assert_eq!(approve.model_id, 1);
    assert!(s
        .node
        .state
        .lock()
        .unwrap()
        .queries
        .iter()
        .any(|q| q == "/openledger.models.v1.Query/Model"));

    ok_tx(
        &s,
        &[
            "gov",
            "propose-model-approval",
            "1",
            "--deposit",
            "1000OPEN",
            "--title",
            "Ship it",
            "--summary",
            "Legal model",
            "--metadata",
            "ipfs://m",
        ],
    );
    let msg: gov::MsgSubmitProposal = s.last_message();
    assert_eq!(
        (
            msg.title.as_str(),
            msg.summary.as_str(),
            msg.metadata.as_str()
        ),
        ("Ship it", "Legal model", "ipfs://m")
    );

    // the same message from a proposal file, with a rejection beside it
    let file = file_in(
        &s,
        "approve.json",
        json!({
            "messages": [
                {"@type": "/openledger.models.v1.MsgApproveModel",
                 "authority": gov_authority(), "model_id": "1"},
                {"@type": "/openledger.models.v1.MsgRejectModel",
                 "authority": gov_authority(), "model_id": 2}
            ],
            "deposit": "10OPEN", "title": "t", "summary": "s"
        })
        .to_string()
        .as_bytes(),
    );
    ok_tx(&s, &["gov", "submit-proposal", &file]);
    let msg: gov::MsgSubmitProposal = s.last_message();
    assert_eq!(
        msg.messages[0].type_url,
        "/openledger.models.v1.MsgApproveModel"
    );
    assert_eq!(
        msg.messages[1].type_url,
        "/openledger.models.v1.MsgRejectModel"
    );
    let reject = md::MsgRejectModel::decode(msg.messages[1].value.as_slice()).unwrap();
    assert_eq!((reject.authority, reject.model_id), (gov_authority(), 2));

    // only a PROPOSED model can be approved; an unknown one is an error
    refused(
        &s,
        &["gov", "propose-model-approval", "2", "--deposit", "10OPEN"],
        1,
        "MODEL_STAGE_DEPLOYED",
    );
    refused(
        &s,
        &["gov", "propose-model-approval", "9", "--deposit", "10OPEN"],
        1,
        "not found",
    );
}

#[test]
fn bad_input_is_refused_before_anything_is_sent() {
    let s = chain();
    let create = |extra: &[&'static str]| {
        let mut args = vec![
            "datanet",
            "create",
            "--name",
            "n",
            "--summary",
            "s",
            "--bond",
            "1OPEN",
            "--fee-per-byte",
            "1000aopen",
        ];
        args.extend_from_slice(extra);
        args
    };
    let contribute = |extra: &[&'static str]| {
        let mut args = vec!["datanet", "contribute", "1", "--uri", "ipfs://x"];
        args.extend_from_slice(extra);
        args
    };
    let propose = |datanet: &'static str, bond: &'static str| {
        vec![
            "model",
            "propose",
            "--name",
            "m",
            "--base-model",
            "b",
            "--datanet",
            datanet,
            "--bond",
            bond,
            "--rate-in",
            "1aopen",
            "--rate-out",
            "1aopen",
        ]
    };

    // usage errors (exit 2)
    refused(
        &s,
        &contribute(&["--hash", "abc", "--size", "5"]),
        2,
        "invalid hash",
    );
    let short = "ab".repeat(31);
    let short: &'static str = Box::leak(short.into_boxed_str());
    refused(
        &s,
        &contribute(&["--hash", short, "--size", "5"]),
        2,
        "32 bytes",
    );
    let good: &'static str = Box::leak("ab".repeat(32).into_boxed_str());
    refused(&s, &contribute(&["--hash", good]), 2, "--size");
    refused(
        &s,
        &contribute(&["--hash", good, "--size", "0"]),
        2,
        "--size",
    );
    refused(&s, &contribute(&[]), 2, "required");
    refused(
        &s,
        &contribute(&["--hash", good, "--size", "5", "--file", "x"]),
        2,
        "cannot be used with",
    );
    refused(&s, &["datanet", "curate", "1", "reject"], 2, "--reason");
    refused(&s, &["datanet", "curate", "1", "maybe"], 2, "invalid value");
    refused(
        &s,
        &["datanet", "curate", "1", "reject", "--reason", "boring"],
        2,
        "invalid value",
    );
    refused(&s, &create(&["--tag", "two words"]), 2, "invalid tag");
    refused(&s, &create(&["--allow", "bob"]), 2, "--permissioned");
    refused(
        &s,
        &create(&["--access-price", "1OPEN"]),
        2,
        "--permissioned",
    );
    refused(
        &s,
        &[
            "datanet",
            "create",
            "--name",
            "n",
            "--summary",
            "s",
            "--bond",
            "1uatom",
            "--fee-per-byte",
            "1aopen",
        ],
        2,
        "not an amount of aopen",
    );
    refused(&s, &["datanet", "update", "1"], 2, "required");
    refused(&s, &["datanet", "buy-access", "1", "0"], 2, "VERSION");
    refused(&s, &["datanet", "buy-access", "1", "1"], 2, "--max-price");
    refused(
        &s,
        &["model", "advance", "1", "training"],
        2,
        "invalid stage",
    );
    refused(&s, &["model", "advance", "1", "approved"], 2, "governance");
    refused(
        &s,
        &["model", "advance", "1", "proposed"],
        2,
        "can only be advanced",
    );
    refused(
        &s,
        &["model", "advance", "1", "deployed", "--adapter-hash", "xyz"],
        2,
        "invalid hash",
    );
    refused(&s, &propose("1", "100OPEN"), 2, "DATANET_ID:VERSION");
    refused(&s, &propose("0:1", "100OPEN"), 2, "starts at 1");
    refused(&s, &propose("a:b", "100OPEN"), 2, "not a number");
    refused(&s, &propose("1:1", "0OPEN"), 2, "greater than zero");
    refused(
        &s,
        &["gov", "propose-model-approval", "0", "--deposit", "1OPEN"],
        2,
        "MODEL_ID",
    );

    // refusals after parsing (exit 1)
    refused(
        &s,
        &create(&["--tag", "a", "--tag", "a"]),
        1,
        "more than once",
    );
    refused(
        &s,
        &create(&["--permissioned", "--allow", "bob", "--allow", BOB]),
        1,
        "more than once",
    );
    refused(&s, &create(&["--curator", "nobody"]), 1, "nobody");
    let empty = file_in(&s, "empty", b"");
    let empty: &'static str = Box::leak(empty.into_boxed_str());
    refused(&s, &contribute(&["--file", empty]), 1, "is empty");
    refused(
        &s,
        &contribute(&["--file", "/no/such/file"]),
        1,
        "cannot open",
    );
    refused(
        &s,
        &["datanet", "curate", "1", "approve", "--reason", "spam"],
        1,
        "reject only",
    );
    refused(
        &s,
        &["model", "advance", "1", "alignment"],
        1,
        "--training-run-hash",
    );
    refused(
        &s,
        &["model", "advance", "1", "deployed"],
        1,
        "--adapter-hash",
    );
    let mut twice = propose("1:1", "100OPEN");
    twice.extend(["--datanet", "1:1"]);
    refused(&s, &twice, 1, "more than once");

    // nothing reached the node at all
    {
        let state = s.node.state.lock().unwrap();
        assert!(state.broadcast.is_empty());
        assert!(state.queries.is_empty(), "{:?}", state.queries);
    }

    // refused after reading the chain: only the owner updates a datanet
    refused(
        &s,
        &["datanet", "update", "2", "--summary", "x"],
        1,
        "only the owner",
    );
    refused(
        &s,
        &["datanet", "update", "9", "--summary", "x"],
        1,
        "not found",
    );
    assert!(s.broadcast_txs().is_empty());
}

fn query(s: &Setup, args: &[&str]) -> Value {
    let mut all = vec!["query"];
    all.extend(args);
    all.extend(["-o", "json"]);
    let out = s.run(&all);
    assert_success(&out);
    json(&out)
}

fn query_text(s: &Setup, args: &[&str]) -> String {
    let mut all = vec!["query"];
    all.extend(args);
    let out = s.run(&all);
    assert_success(&out);
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn datanet_queries() {
    let s = chain();

    let show = query(&s, &["datanet", "show", "1"]);
    let d = &show["datanet"];
    assert_eq!(d["id"], 1);
    assert_eq!(d["owner"], BOB);
    assert_eq!(d["visibility"], "VISIBILITY_PERMISSIONED");
    assert_eq!(d["tags"], json!(["legal"]));
    assert_eq!(d["contribution_bond"], "1000000000000000000");
    assert_eq!(d["created_time"], "2026-11-24T10:00:00Z");
    assert_eq!(show["stats"]["approved"], 2);
    assert_eq!(show["stats"]["latest_version"], 1);
    assert_eq!(show["allow_list"], json!([account(4)]));
    let public = query(&s, &["datanet", "show", "2"]);
    assert_eq!(public["datanet"]["access_price"], "0");
    assert_eq!(public["stats"]["approved_bytes"], "0");
    let text = query_text(&s, &["datanet", "show", "1"]);
    assert!(text.contains("  name: legal-corpus"), "{text}");
    let missing = s.run(&["query", "datanet", "show", "9"]);
    assert!(!missing.status.success());
    assert!(
        stderr(&missing).contains("not found"),
        "{}",
        stderr(&missing)
    );

    let list = query(&s, &["datanet", "list"]);
    assert_eq!(list["datanets"].as_array().unwrap().len(), 2, "both pages");
    let owned = query(&s, &["datanet", "list", "--owner", "bob"]);
    assert_eq!(owned["datanets"].as_array().unwrap().len(), 1);
    assert_eq!(owned["datanets"][0]["id"], 1);
    let tagged = query(&s, &["datanet", "list", "--tag", "legal"]);
    assert_eq!(tagged["datanets"][0]["name"], "legal-corpus");
    let text = query_text(&s, &["datanet", "list"]);
    assert!(text.contains("1  legal-corpus"), "{text}");
    assert!(text.contains("PERMISSIONED  legal"), "{text}");

    let c = query(&s, &["datanet", "contribution", "3"]);
    let c = &c["contribution"];
    assert_eq!(c["status"], "CONTRIBUTION_STATUS_REJECTED");
    assert_eq!(c["reason"], "CURATION_REASON_SPAM");
    assert_eq!(c["bond_burned"], "500000000000000000");
    assert_eq!(c["content_hash"], "03".repeat(32));
    assert_eq!(c["size_bytes"], 300);
    let c1 = query(&s, &["datanet", "contribution", "1"]);
    assert_eq!(c1["contribution"]["bond_burned"], "0");
    assert_eq!(c1["contribution"]["approval_seq"], 1);

    let all = query(&s, &["datanet", "contributions", "1"]);
    assert_eq!(all["contributions"].as_array().unwrap().len(), 3);
    let approved = query(
        &s,
        &["datanet", "contributions", "1", "--status", "approved"],
    );
    assert_eq!(approved["contributions"].as_array().unwrap().len(), 2);
    let text = query_text(
        &s,
        &["datanet", "contributions", "1", "--status", "rejected"],
    );
    assert!(text.contains("REJECTED  300"), "{text}");
    let by = query(&s, &["datanet", "contributions-by", &account(7)]);
    assert_eq!(by["contributions"][0]["id"], 2);

    let versions = query(&s, &["datanet", "versions", "1"]);
    assert_eq!(versions["versions"][0]["root"], hex::encode(ROOT));
    assert_eq!(versions["versions"][0]["contribution_count"], 2);
    let v = query(&s, &["datanet", "version", "1", "1"]);
    assert_eq!(v["version"]["total_bytes"], "300");
    assert_eq!(v["version"]["note"], "first");
    assert_eq!(v["revenue"]["paid"], "10");
    assert_eq!(v["revenue"]["revenue_per_byte"], "0.033333333333333333");
    let latest = query(&s, &["datanet", "version", "1", "0"]);
    assert_eq!(latest["version"]["number"], 1);
    assert!(!s
        .run(&["query", "datanet", "version", "1", "5"])
        .status
        .success());

    let st = query(&s, &["datanet", "standing", "1", &account(8)]);
    assert_eq!(st["standing"]["penalty_score"], 1);
    assert_eq!(st["standing"]["reward_multiplier"], "1.000000000000000000");
    let access = query(&s, &["datanet", "access", "1", "1", &account(6)]);
    assert_eq!(access["has_access"], true);
    assert_eq!(access["record"]["price"], "5000");
    let none = query(&s, &["datanet", "access", "1", "1", "bob"]);
    assert_eq!(none["has_access"], false);
    assert_eq!(none["record"], Value::Null);
    let claim = query(&s, &["datanet", "claimable", "1", "1", &account(6)]);
    assert_eq!(
        (&claim["bytes"], &claim["claimable"], &claim["claimed"]),
        (&json!("100"), &json!("3"), &json!("0"))
    );
    let params = query(&s, &["datanet", "params"]);
    assert_eq!(
        params["params"]["reject_slash_fraction"],
        "0.500000000000000000"
    );
    assert_eq!(params["params"]["min_fee_per_byte"], "1000");
    assert_eq!(params["params"]["max_tags"], 10);
}

#[test]
fn model_queries() {
    let s = chain();

    let show = query(&s, &["model", "show", "2"]);
    let m = &show["model"];
    assert_eq!(m["stage"], "MODEL_STAGE_DEPLOYED");
    assert_eq!(m["creator"], BOB);
    assert_eq!(
        m["bond"],
        json!({"denom": "aopen", "amount": "100000000000000000000"})
    );
    assert_eq!(
        m["datanet_versions"],
        json!([{"datanet_id": 1, "version": 1}])
    );
    assert_eq!(
        m["pricing"],
        json!({"rate_in_per_1000": "10", "rate_out_per_1000": "20"})
    );
    assert_eq!(m["latest_version"], 1);
    let text = query_text(&s, &["model", "show", "1"]);
    assert!(text.contains("stage: MODEL_STAGE_PROPOSED"), "{text}");
    assert!(text.contains("(100 OPEN)"), "{text}");
    assert!(!s.run(&["query", "model", "show", "9"]).status.success());

    let list = query(&s, &["model", "list"]);
    assert_eq!(list["models"].as_array().unwrap().len(), 2);
    let proposed = query(&s, &["model", "list", "--stage", "proposed"]);
    assert_eq!(proposed["models"].as_array().unwrap().len(), 1);
    assert_eq!(proposed["models"][0]["id"], 1);
    let mine = query(
        &s,
        &["model", "list", "--creator", "bob", "--stage", "DEPLOYED"],
    );
    assert_eq!(mine["models"][0]["id"], 2);
    let text = query_text(&s, &["model", "list"]);
    assert!(text.contains("2  med-llm  DEPLOYED  llama-3-8b"), "{text}");
    let bad = s.run(&["query", "model", "list", "--stage", "training"]);
    assert_eq!(bad.status.code(), Some(2));

    let versions = query(&s, &["model", "versions", "2"]);
    assert_eq!(versions["versions"][0]["adapter_hash"], "bb".repeat(32));
    assert_eq!(versions["versions"][0]["time"], "2026-11-24T10:01:40Z");
    let lineage = query(&s, &["model", "lineage", "2", "0"]);
    assert_eq!(lineage["version"]["number"], 1);
    assert_eq!(lineage["datanets"][0]["root"], hex::encode(ROOT));
    assert_eq!(lineage["datanets"][0]["total_bytes"], "300");
    assert!(!s
        .run(&["query", "model", "lineage", "1", "1"])
        .status
        .success());

    let history = query(&s, &["model", "history", "2"]);
    let entries = history["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 6, "both pages");
    assert_eq!(entries[0]["from_stage"], "MODEL_STAGE_UNSPECIFIED");
    assert_eq!(entries[0]["to_stage"], "MODEL_STAGE_PROPOSED");
    assert_eq!(entries[1]["to_stage"], "MODEL_STAGE_APPROVED");
    assert_eq!(entries[1]["actor"], account(9));
    assert_eq!(entries[4]["evidence"]["training_run_hash"], "aa".repeat(32));
    assert_eq!(entries[5]["to_stage"], "MODEL_STAGE_DEPLOYED");
    assert_eq!(entries[5]["evidence"]["adapter_hash"], "bb".repeat(32));
    let text = query_text(&s, &["model", "history", "2"]);
    assert!(text.contains("5  FINE_TUNING  ALIGNMENT"), "{text}");
    assert!(text.contains("adapter=bbbb"), "{text}");

    let params = query(&s, &["model", "params"]);
    assert_eq!(
        params["params"]["min_creator_bond"],
        "100000000000000000000"
    );
    assert_eq!(params["params"]["max_datanet_refs"], 16);
}
