//! Drives the staking, distribution, slashing and gov commands against the mock node: each
//! transaction command is checked by decoding what it broadcast, each query by its output.

// Helpers of this test crate may panic: a failed step is a failed test.
#![allow(clippy::unwrap_used)]

#[path = "support/mock_node.rs"]
mod mock_node;

#[path = "support/harness.rs"]
mod harness;

#[path = "support/module_queries.rs"]
mod module_queries;

use cosmos_sdk_proto::cosmos::base::v1beta1::Coin;
use cosmos_sdk_proto::cosmos::crypto::ed25519;
use cosmos_sdk_proto::cosmos::distribution::v1beta1 as distribution;
use cosmos_sdk_proto::cosmos::gov::v1 as gov;
use cosmos_sdk_proto::cosmos::slashing::v1beta1 as slashing;
use cosmos_sdk_proto::cosmos::staking::v1beta1 as staking;
use harness::{assert_success, json, setup, stderr, Setup};
use module_queries::{account, gov_authority, valcons, valoper, CONS_KEY};
use openledger_gov::proto as gopen;
use prost::{Message, Name};
use serde_json::{json, Value};

const KEY_B64: &str = "AwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwM="; // CONS_KEY

fn chain() -> Setup {
    setup(|state, _| state.extra_queries = Some(module_queries::answer))
}

fn aopen(amount: &str) -> Option<Coin> {
    Some(Coin {
        denom: "aopen".into(),
        amount: amount.into(),
    })
}

/// Runs a transaction command and checks it succeeded.
fn ok_tx(s: &Setup, args: &[&str]) {
    let out = s.tx(args);
    assert_success(&out);
    assert_eq!(json(&out)["code"], 0);
}

/// Runs a command that must be refused, with `exit` code, before anything is broadcast.
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

#[test]
fn staking_commands_broadcast_the_sdk_messages() {
    let s = chain();
    let key_file = s.home.path().join("priv_validator_key.json");
    std::fs::write(
        &key_file,
        json!({
            "address": "00",
            "pub_key": {"type": "tendermint/PubKeyEd25519", "value": KEY_B64},
            "priv_key": {"type": "tendermint/PrivKeyEd25519", "value": "c2VjcmV0"}
        })
        .to_string(),
    )
    .unwrap();
    ok_tx(
        &s,
        &[
            "staking",
            "create-validator",
            "--amount",
            "100OPEN",
            "--pubkey",
            key_file.to_str().unwrap(),
            "--moniker",
            "node3",
            "--website",
            "https://example.org",
            "--commission-rate",
            "0.1",
            "--commission-max-rate",
            "0.2",
            "--commission-max-change-rate",
            "0.01",
            "--min-self-delegation",
            "1",
            "--gas",
            "auto",
        ],
    );
    let msg: staking::MsgCreateValidator = s.last_message();
    assert_eq!(msg.validator_address, s.sender_valoper());
    let pubkey = msg.pubkey.unwrap();
    assert_eq!(pubkey.type_url, "/cosmos.crypto.ed25519.PubKey");
    assert_eq!(
        ed25519::PubKey::decode(pubkey.value.as_slice())
            .unwrap()
            .key,
        CONS_KEY.to_vec()
    );
    let rates = msg.commission.unwrap();
    assert_eq!(rates.rate, "100000000000000000");
    assert_eq!(rates.max_rate, "200000000000000000");
    assert_eq!(rates.max_change_rate, "10000000000000000");
    assert_eq!(msg.min_self_delegation, "1");
    assert_eq!(msg.value, aopen("100000000000000000000"));
    let description = msg.description.unwrap();
    assert_eq!(description.moniker, "node3");
    assert_eq!(description.website, "https://example.org");
    assert_eq!(description.identity, "");
    assert_eq!(s.node.state.lock().unwrap().simulated.len(), 1);

    // the same key as base64
    ok_tx(
        &s,
        &[
            "staking",
            "create-validator",
            "--amount",
            "5OPEN",
            "--pubkey",
            KEY_B64,
            "--moniker",
            "n",
            "--commission-rate",
            "0",
            "--commission-max-rate",
            "1",
            "--commission-max-change-rate",
            "1",
            "--min-self-delegation",
            "2OPEN",
        ],
    );
    let msg: staking::MsgCreateValidator = s.last_message();
    assert_eq!(msg.min_self_delegation, "2000000000000000000");
    assert_eq!(msg.commission.unwrap().max_rate, "1000000000000000000");

    ok_tx(
        &s,
        &[
            "staking",
            "edit-validator",
            "--details",
            "new details",
            "--commission-rate",
            "0.15",
        ],
    );
    let msg: staking::MsgEditValidator = s.last_message();
    assert_eq!(msg.validator_address, s.sender_valoper());
    assert_eq!(msg.commission_rate, "150000000000000000");
    assert_eq!(msg.min_self_delegation, "");
    let description = msg.description.unwrap();
    assert_eq!(description.details, "new details");
    assert_eq!(description.moniker, "[do-not-modify]");

    let val1 = valoper(1);
    let val2 = valoper(2);
    ok_tx(&s, &["staking", "delegate", &val1, "10OPEN"]);
    let msg: staking::MsgDelegate = s.last_message();
    assert_eq!(
        (
            msg.delegator_address.as_str(),
            msg.validator_address.as_str()
        ),
        (s.sender.as_str(), val1.as_str())
    );
    assert_eq!(msg.amount, aopen("10000000000000000000"));

    ok_tx(&s, &["staking", "unbond", &val1, "2.5OPEN"]);
    let msg: staking::MsgUndelegate = s.last_message();
    assert_eq!(msg.delegator_address, s.sender);
    assert_eq!(msg.validator_address, val1);
    assert_eq!(msg.amount, aopen("2500000000000000000"));

    ok_tx(&s, &["staking", "redelegate", &val1, &val2, "1000aopen"]);
    let msg: staking::MsgBeginRedelegate = s.last_message();
    assert_eq!(msg.validator_src_address, val1);
    assert_eq!(msg.validator_dst_address, val2);
    assert_eq!(msg.amount, aopen("1000"));

    ok_tx(&s, &["staking", "cancel-unbond", &val1, "1OPEN", "40"]);
    let msg: staking::MsgCancelUnbondingDelegation = s.last_message();
    assert_eq!(msg.creation_height, 40);
    assert_eq!(msg.validator_address, val1);
    assert_eq!(msg.amount, aopen("1000000000000000000"));
}

#[test]
fn distribution_and_slashing_commands_broadcast_the_sdk_messages() {
    let s = chain();
    let val1 = valoper(1);

    ok_tx(&s, &["distribution", "withdraw-rewards", &val1]);
    let msg: distribution::MsgWithdrawDelegatorReward = s.last_message();
    assert_eq!(msg.delegator_address, s.sender);
    assert_eq!(msg.validator_address, val1);

    // --commission adds the commission withdrawal of the operator's own validator
    let own = s.sender_valoper();
    ok_tx(
        &s,
        &["distribution", "withdraw-rewards", &own, "--commission"],
    );
    let messages = s.last_messages();
    assert_eq!(messages.len(), 2);
    assert_eq!(
        messages[0].type_url,
        distribution::MsgWithdrawDelegatorReward::type_url()
    );
    assert_eq!(
        messages[1].type_url,
        "/cosmos.distribution.v1beta1.MsgWithdrawValidatorCommission"
    );
    let commission =
        distribution::MsgWithdrawValidatorCommission::decode(messages[1].value.as_slice()).unwrap();
    assert_eq!(commission.validator_address, own);

    // one withdrawal per validator the chain lists for the delegator
    ok_tx(&s, &["distribution", "withdraw-all-rewards"]);
    let messages = s.last_messages();
    assert_eq!(messages.len(), 2);
    let validators: Vec<String> = messages
        .iter()
        .map(|m| {
            distribution::MsgWithdrawDelegatorReward::decode(m.value.as_slice())
                .unwrap()
                .validator_address
        })
        .collect();
    assert_eq!(validators, vec![valoper(1), valoper(2)]);
    assert!(s
        .node
        .state
        .lock()
        .unwrap()
        .queries
        .iter()
        .any(|q| q == "/cosmos.distribution.v1beta1.Query/DelegatorValidators"));

    ok_tx(&s, &["distribution", "set-withdraw-addr", &s.recipient]);
    let msg: distribution::MsgSetWithdrawAddress = s.last_message();
    assert_eq!(msg.delegator_address, s.sender);
    assert_eq!(msg.withdraw_address, s.recipient);

    ok_tx(
        &s,
        &["distribution", "fund-community-pool", "1.5OPEN,7uatom"],
    );
    let msg: distribution::MsgFundCommunityPool = s.last_message();
    assert_eq!(msg.depositor, s.sender);
    assert_eq!(msg.amount.len(), 2);
    assert_eq!(msg.amount[0].amount, "1500000000000000000");
    assert_eq!(msg.amount[1].denom, "uatom");

    ok_tx(&s, &["slashing", "unjail"]);
    let msg: slashing::MsgUnjail = s.last_message();
    assert_eq!(msg.validator_addr, s.sender_valoper());
}

fn proposal_file(s: &Setup, name: &str, content: &Value) -> String {
    let path = s.home.path().join(name);
    std::fs::write(&path, content.to_string()).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn gov_commands_broadcast_the_gov_messages() {
    let s = chain();

    // The e2e flow: read the slashing params, change one, propose the change.
    let out = s.run(&["query", "slashing", "params", "-o", "json"]);
    assert_success(&out);
    let mut params = json(&out)["params"].clone();
    params["signed_blocks_window"] = json!(20);
    let out = s.run(&["query", "gov", "authority"]);
    assert_success(&out);
    let authority = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    assert_eq!(authority, gov_authority());
    let file = proposal_file(
        &s,
        "proposal.json",
        &json!({
            "messages": [{
                "@type": "/cosmos.slashing.v1beta1.MsgUpdateParams",
                "authority": authority,
                "params": params
            }],
            "metadata": "ipfs://meta",
            "deposit": "1000OPEN",
            "title": "Longer window",
            "summary": "Set signed_blocks_window to 20"
        }),
    );
    ok_tx(&s, &["gov", "submit-proposal", &file]);
    let msg: gov::MsgSubmitProposal = s.last_message();
    assert_eq!(msg.proposer, s.sender);
    assert_eq!(msg.title, "Longer window");
    assert_eq!(msg.summary, "Set signed_blocks_window to 20");
    assert_eq!(msg.metadata, "ipfs://meta");
    assert!(!msg.expedited);
    assert_eq!(
        msg.initial_deposit,
        vec![aopen("1000000000000000000000").unwrap()]
    );
    assert_eq!(msg.messages.len(), 1);
    assert_eq!(
        msg.messages[0].type_url,
        "/cosmos.slashing.v1beta1.MsgUpdateParams"
    );
    let update = slashing::MsgUpdateParams::decode(msg.messages[0].value.as_slice()).unwrap();
    assert_eq!(update.authority, gov_authority());
    let expected = slashing::Params {
        signed_blocks_window: 20,
        ..module_queries::slashing_params()
    };
    assert_eq!(update.params.unwrap(), expected, "only the window changed");

    // a text proposal
    let text = proposal_file(&s, "text.json", &json!({"title": "t", "summary": "s"}));
    ok_tx(&s, &["gov", "submit-proposal", &text]);
    let msg: gov::MsgSubmitProposal = s.last_message();
    assert!(msg.messages.is_empty());
    assert!(msg.initial_deposit.is_empty());

    ok_tx(&s, &["gov", "deposit", "3", "500OPEN"]);
    let msg: gov::MsgDeposit = s.last_message();
    assert_eq!(msg.proposal_id, 3);
    assert_eq!(msg.depositor, s.sender);
    assert_eq!(msg.amount[0].amount, "500000000000000000000");

    ok_tx(
        &s,
        &["gov", "vote", "3", "no_with_veto", "--metadata", "why"],
    );
    let msg: gov::MsgVote = s.last_message();
    assert_eq!(msg.proposal_id, 3);
    assert_eq!(msg.voter, s.sender);
    assert_eq!(msg.option, gov::VoteOption::NoWithVeto as i32);
    assert_eq!(msg.metadata, "why");

    ok_tx(&s, &["gov", "weighted-vote", "3", "yes=0.6,no=0.4"]);
    let msg: gov::MsgVoteWeighted = s.last_message();
    assert_eq!(msg.options.len(), 2);
    assert_eq!(msg.options[0].option, gov::VoteOption::Yes as i32);
    assert_eq!(msg.options[0].weight, "0.600000000000000000");
    assert_eq!(msg.options[1].option, gov::VoteOption::No as i32);
    assert_eq!(msg.options[1].weight, "0.400000000000000000");

    ok_tx(&s, &["gov", "lock", "1000OPEN"]);
    let messages = s.last_messages();
    assert_eq!(messages[0].type_url, "/openledger.gov.v1.MsgLock");
    let lock = gopen::MsgLock::decode(messages[0].value.as_slice()).unwrap();
    assert_eq!(lock.owner, s.sender);
    assert_eq!(lock.amount, aopen("1000000000000000000000"));

    ok_tx(&s, &["gov", "unlock", "1OPEN"]);
    let messages = s.last_messages();
    assert_eq!(messages[0].type_url, "/openledger.gov.v1.MsgBeginUnlock");
    let unlock = gopen::MsgBeginUnlock::decode(messages[0].value.as_slice()).unwrap();
    assert_eq!(unlock.owner, s.sender);
    assert_eq!(unlock.amount, aopen("1000000000000000000"));

    ok_tx(&s, &["gov", "delegate-votes", &s.recipient]);
    let messages = s.last_messages();
    assert_eq!(messages[0].type_url, "/openledger.gov.v1.MsgDelegateVotes");
    let delegate = gopen::MsgDelegateVotes::decode(messages[0].value.as_slice()).unwrap();
    assert_eq!(delegate.owner, s.sender);
    assert_eq!(delegate.delegatee, s.recipient);

    // a key name works as the delegatee too
    ok_tx(&s, &["gov", "delegate-votes", "bob"]);
    let messages = s.last_messages();
    let delegate = gopen::MsgDelegateVotes::decode(messages[0].value.as_slice()).unwrap();
    assert_eq!(delegate.delegatee, s.sender);
}

#[test]
fn bad_input_is_refused_before_anything_is_sent() {
    let s = chain();
    let val1 = valoper(1);
    let common = [
        "--commission-max-rate",
        "0.2",
        "--commission-max-change-rate",
        "0.01",
        "--min-self-delegation",
        "1",
        "--moniker",
        "m",
        "--amount",
        "1OPEN",
        "--pubkey",
        KEY_B64,
    ];
    let create = |rate: &'static str| {
        let mut args = vec!["staking", "create-validator", "--commission-rate", rate];
        args.extend(common);
        args
    };

    // usage errors (exit 2)
    refused(
        &s,
        &["staking", "delegate", &s.sender, "1OPEN"],
        2,
        "openvaloper",
    );
    let cosmos_valoper = cosmrs::AccountId::new("cosmosvaloper", &[1u8; 20])
        .unwrap()
        .to_string();
    refused(
        &s,
        &["staking", "delegate", &cosmos_valoper, "1OPEN"],
        2,
        "openvaloper",
    );
    let mut corrupted = val1.clone();
    corrupted.pop();
    corrupted.push(if val1.ends_with('q') { 'p' } else { 'q' });
    refused(&s, &["staking", "unbond", &corrupted, "1OPEN"], 2, "bech32");
    refused(
        &s,
        &["staking", "delegate", &val1, "0OPEN"],
        2,
        "greater than zero",
    );
    refused(&s, &create("abc"), 2, "invalid decimal");
    refused(&s, &create("0.1234567890123456789"), 2, "invalid decimal");
    refused(&s, &create("1.5"), 2, "between 0 and 1");
    refused(
        &s,
        &[
            "staking",
            "create-validator",
            "--pubkey",
            "AAAA",
            "--commission-rate",
            "0.1",
        ],
        2,
        "32 bytes",
    );
    refused(&s, &["staking", "edit-validator"], 2, "required");
    refused(
        &s,
        &["staking", "cancel-unbond", &val1, "1OPEN", "0"],
        2,
        "CREATION_HEIGHT",
    );
    refused(&s, &["gov", "vote", "1", "maybe"], 2, "invalid vote option");
    refused(&s, &["gov", "vote", "0", "yes"], 2, "PROPOSAL_ID");
    refused(
        &s,
        &["gov", "weighted-vote", "1", "yes=0.6,no=0.3"],
        2,
        "sum to exactly 1",
    );
    refused(
        &s,
        &["gov", "weighted-vote", "1", "yes=0.5,yes=0.5"],
        2,
        "more than once",
    );
    refused(
        &s,
        &["gov", "weighted-vote", "1", "yes=0.6,maybe=0.4"],
        2,
        "invalid vote option",
    );

    // refusals after parsing (exit 1)
    refused(&s, &create("0.3"), 1, "above --commission-max-rate");
    refused(
        &s,
        &["staking", "redelegate", &val1, &val1, "1OPEN"],
        1,
        "are the same",
    );
    refused(
        &s,
        &["distribution", "withdraw-rewards", &val1, "--commission"],
        1,
        "only the operator",
    );
    let unknown = proposal_file(
        &s,
        "unknown.json",
        &json!({
            "messages": [{"@type": "/cosmos.bank.v1beta1.MsgSend", "from_address": gov_authority()}],
            "deposit": "1OPEN", "title": "t", "summary": "s"
        }),
    );
    refused(
        &s,
        &["gov", "submit-proposal", &unknown],
        1,
        "unsupported message type",
    );
    let wrong_authority = proposal_file(
        &s,
        "authority.json",
        &json!({
            "messages": [{
                "@type": "/cosmos.distribution.v1beta1.MsgCommunityPoolSpend",
                "authority": account(5), "recipient": account(6), "amount": "1OPEN"
            }],
            "title": "t", "summary": "s"
        }),
    );
    refused(
        &s,
        &["gov", "submit-proposal", &wrong_authority],
        1,
        "gov module account",
    );
    let missing = s.home.path().join("missing.json");
    refused(
        &s,
        &["gov", "submit-proposal", missing.to_str().unwrap()],
        1,
        "cannot read the proposal file",
    );

    // nothing reached the node at all
    let state = s.node.state.lock().unwrap();
    assert!(state.broadcast.is_empty());
    assert!(state.queries.is_empty(), "{:?}", state.queries);
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
fn staking_and_distribution_queries() {
    let s = chain();
    let val1 = valoper(1);

    let validators = query(&s, &["staking", "validators"]);
    let list = validators["validators"].as_array().unwrap();
    assert_eq!(list.len(), 2, "both pages");
    let v = &list[0];
    assert_eq!(v["operator_address"], val1);
    assert_eq!(v["status"], "BOND_STATUS_BONDED");
    assert_eq!(v["jailed"], false);
    assert_eq!(v["tokens"], "100000000000000000000");
    assert_eq!(
        v["delegator_shares"],
        "100000000000000000000.000000000000000000"
    );
    assert_eq!(
        v["commission"]["commission_rates"]["rate"],
        "0.100000000000000000"
    );
    assert_eq!(
        v["consensus_pubkey"]["@type"],
        "/cosmos.crypto.ed25519.PubKey"
    );
    assert_eq!(v["consensus_pubkey"]["key"], KEY_B64);
    assert_eq!(v["consensus_address"], valcons());
    assert_eq!(v["description"]["moniker"], "node1");
    assert_eq!(list[1]["jailed"], true);
    assert_eq!(list[1]["status"], "BOND_STATUS_UNBONDING");

    let bonded = query(&s, &["staking", "validators", "--status", "unbonding"]);
    assert_eq!(bonded["validators"].as_array().unwrap().len(), 1);
    let text = query_text(&s, &["staking", "validators"]);
    assert!(text.contains("node1  BONDED  false"), "{text}");

    let v = query(&s, &["staking", "validator", &valoper(2)]);
    assert_eq!(v["validator"]["jailed"], true);
    assert_eq!(v["validator"]["unbonding_height"], 30);
    let text = query_text(&s, &["staking", "validator", &val1]);
    assert!(text.contains("  jailed: false"), "{text}");
    assert!(text.contains("moniker: node1"), "{text}");
    let missing = s.run(&["query", "staking", "validator", &valoper(7)]);
    assert!(!missing.status.success());
    assert!(
        stderr(&missing).contains("not found"),
        "{}",
        stderr(&missing)
    );

    let d = query(&s, &["staking", "delegation", "bob", &val1]);
    assert_eq!(
        d["delegation_response"]["delegation"]["delegator_address"],
        s.sender
    );
    assert_eq!(
        d["delegation_response"]["delegation"]["shares"],
        "10000000000000000000.000000000000000000"
    );
    assert_eq!(
        d["delegation_response"]["balance"]["amount"],
        "10000000000000000000"
    );
    let ds = query(&s, &["staking", "delegations", &s.sender]);
    assert_eq!(ds["delegation_responses"].as_array().unwrap().len(), 2);
    let u = query(&s, &["staking", "unbonding-delegations", "bob"]);
    let entry = &u["unbonding_responses"][0]["entries"][0];
    assert_eq!(entry["creation_height"], 40);
    assert_eq!(entry["balance"], "2500000000000000000");
    assert_eq!(entry["completion_time"], "2026-11-24T10:01:00Z");
    let r = query(&s, &["staking", "redelegations", "bob"]);
    let red = &r["redelegation_responses"][0];
    assert_eq!(red["validator_dst_address"], valoper(2));
    assert_eq!(
        red["entries"][0]["shares_dst"],
        "1000000000000000000.000000000000000000"
    );
    assert_eq!(red["entries"][0]["balance"], "1000000000000000000");
    let pool = query(&s, &["staking", "pool"]);
    assert_eq!(pool["pool"]["bonded_tokens"], "200000000000000000000");
    let params = query(&s, &["staking", "params"]);
    assert_eq!(params["params"]["unbonding_time"], "1814400s");
    assert_eq!(
        params["params"]["min_commission_rate"],
        "0.050000000000000000"
    );
    assert_eq!(params["params"]["max_validators"], 100);

    let rewards = query(&s, &["distribution", "rewards", "bob"]);
    assert_eq!(rewards["rewards"][0]["validator_address"], val1);
    assert_eq!(
        rewards["rewards"][0]["reward"][0]["amount"],
        "1234.500000000000000000"
    );
    assert_eq!(rewards["total"][0]["amount"], "1235.500000000000000000");
    let one = query(&s, &["distribution", "rewards", "bob", &val1]);
    assert_eq!(one["rewards"][0]["amount"], "1234.500000000000000000");
    let text = query_text(&s, &["distribution", "rewards", "bob", &val1]);
    assert!(text.contains("1234.5aopen"), "{text}");
    let c = query(&s, &["distribution", "commission", &val1]);
    assert_eq!(
        c["commission"][0]["amount"],
        "3000000000000000000.000000000000000000"
    );
    let pool = query(&s, &["distribution", "community-pool"]);
    assert_eq!(pool["pool"][0]["amount"], "7.000000000000000000");
    let params = query(&s, &["distribution", "params"]);
    assert_eq!(params["params"]["community_tax"], "0.020000000000000000");
    assert_eq!(params["params"]["withdraw_addr_enabled"], true);
    let w = query(&s, &["distribution", "withdraw-addr", "bob"]);
    assert_eq!(w["withdraw_address"], account(9));

    // a validator may be named by its operator's key
    let own = query(&s, &["distribution", "commission", "bob"]);
    assert!(own["commission"].is_array());
    let state = s.node.state.lock().unwrap();
    assert!(state
        .queries
        .iter()
        .any(|q| q == "/cosmos.distribution.v1beta1.Query/ValidatorCommission"));
}

#[test]
fn slashing_and_gov_queries() {
    let s = chain();

    for by in [valcons(), KEY_B64.to_owned()] {
        let info = query(&s, &["slashing", "signing-info", &by]);
        let info = &info["val_signing_info"];
        assert_eq!(info["address"], valcons());
        assert_eq!(info["missed_blocks_counter"], 6);
        assert_eq!(info["jailed_until"], "2026-11-24T10:00:30Z");
        assert_eq!(info["tombstoned"], false);
    }
    let infos = query(&s, &["slashing", "signing-infos"]);
    assert_eq!(infos["info"][0]["index_offset"], 17);
    let text = query_text(&s, &["slashing", "signing-infos"]);
    assert!(text.contains(&valcons()), "{text}");
    let params = query(&s, &["slashing", "params"]);
    assert_eq!(params["params"]["signed_blocks_window"], 100);
    assert_eq!(
        params["params"]["min_signed_per_window"],
        "0.500000000000000000"
    );
    assert_eq!(params["params"]["downtime_jail_duration"], "600s");
    assert_eq!(
        params["params"]["slash_fraction_downtime"],
        "0.010000000000000000"
    );

    let proposals = query(&s, &["gov", "proposals"]);
    assert_eq!(proposals["proposals"].as_array().unwrap().len(), 2);
    let passed = query(&s, &["gov", "proposals", "--status", "passed"]);
    assert_eq!(passed["proposals"][0]["id"], 2);
    assert_eq!(passed["proposals"].as_array().unwrap().len(), 1);
    let p = query(&s, &["gov", "proposal", "1"]);
    let p = &p["proposal"];
    assert_eq!(p["status"], "PROPOSAL_STATUS_VOTING_PERIOD");
    assert_eq!(p["voting_end_time"], "2026-11-24T10:00:15Z");
    assert_eq!(p["total_deposit"][0]["amount"], "1000000000000000000000");
    let message = &p["messages"][0];
    assert_eq!(message["@type"], "/cosmos.slashing.v1beta1.MsgUpdateParams");
    assert_eq!(message["authority"], gov_authority());
    assert_eq!(message["params"]["signed_blocks_window"], 20);
    assert_eq!(
        message["params"]["min_signed_per_window"],
        "0.500000000000000000"
    );
    let text = query_text(&s, &["gov", "proposals"]);
    assert!(text.contains("1  VOTING_PERIOD  proposal 1"), "{text}");
    let missing = s.run(&["query", "gov", "proposal", "9"]);
    assert!(!missing.status.success());

    let votes = query(&s, &["gov", "votes", "1"]);
    assert_eq!(votes["votes"][0]["options"][0]["option"], "VOTE_OPTION_YES");
    assert_eq!(
        votes["votes"][0]["options"][0]["weight"],
        "0.600000000000000000"
    );
    let vote = query(&s, &["gov", "vote", "1", &account(1)]);
    assert_eq!(vote["vote"]["voter"], account(1));
    let deposits = query(&s, &["gov", "deposits", "1"]);
    assert_eq!(
        deposits["deposits"][0]["amount"][0]["amount"],
        "1000000000000000000000"
    );
    let tally = query(&s, &["gov", "tally", "1"]);
    assert_eq!(tally["tally"]["yes_count"], "600000000000000000000");
    let params = query(&s, &["gov", "params"]);
    assert_eq!(params["params"]["quorum"], "0.334000000000000000");
    assert_eq!(params["params"]["voting_period"], "172800s");
    assert_eq!(params["params"]["burn_vote_veto"], true);
    let power = query(&s, &["gov", "power", "bob"]);
    assert_eq!(power["address"], s.sender);
    assert_eq!(power["voting_power"], "1000000000000000000000");
    assert_eq!(power["unlocking"][0]["amount"], "5000000000000000000");
    assert_eq!(
        power["unlocking"][0]["completion_time"],
        "2026-12-01T10:00:00Z"
    );
    let text = query_text(&s, &["gov", "power", "bob"]);
    assert!(
        text.contains("voting power: 1000000000000000000000aopen (1000 OPEN)"),
        "{text}"
    );
    let total = query(&s, &["gov", "total-power"]);
    assert_eq!(total["total_locked"], "3000000000000000000000");
    let authority = query(&s, &["gov", "authority"]);
    assert_eq!(authority["authority"], gov_authority());
}
