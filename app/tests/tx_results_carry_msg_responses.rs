//! Every successful transaction answers with its messages' responses, in order, as the Cosmos
//! SDK does: in the outcome, in FinalizeBlock's `ExecTxResult.data` (an encoded
//! `cosmos.base.abci.v1beta1.TxMsgData`) and in Simulate's `result.msg_responses` and
//! `result.data`. A failed tx answers none.

use cosmos_sdk_proto::cosmos::base::abci::v1beta1::TxMsgData;
use cosmos_sdk_proto::cosmos::tx::v1beta1::{SimulateRequest, SimulateResponse};
use cosmos_sdk_proto::Any;
use openledger_app::query::abci::QueryGateway;
use openledger_app::tx::execute::LocalPolicy;
use openledger_app::tx::result::exec_tx_result;
use openledger_app::tx::TxOutcome;
use openledger_attribution::proto as at;
use openledger_attribution::AttributionRead;
use openledger_gov::proto as gopen;
use openledger_testkit::ai::{ai_genesis, deploy_model, Roles};
use openledger_testkit::{any, coin, genesis_funding, msg_send, TestKey, TestNode};
use prost::{Message, Name};
use sha2::{Digest, Sha256};

const CHAIN: &str = "openledger-test-1";
const OPEN: u128 = 1_000_000_000_000_000_000;

fn type_urls(o: &TxOutcome) -> Vec<&str> {
    o.msg_responses
        .iter()
        .map(|a| a.type_url.as_str())
        .collect()
}

fn decode<M: Message + Name + Default>(a: &Any) -> M {
    assert_eq!(a.type_url, M::type_url());
    M::decode(a.value.as_slice()).unwrap()
}

/// What FinalizeBlock answers CometBFT for `o`: `data` decoded as `TxMsgData`.
fn finalize_data(o: &TxOutcome) -> Vec<Any> {
    let r = exec_tx_result(o);
    TxMsgData::decode(r.data.as_ref()).unwrap().msg_responses
}

fn simulate(node: &TestNode, tx: Vec<u8>) -> SimulateResponse {
    let gw = QueryGateway::new(node.app.storage().clone(), LocalPolicy::default());
    let req = SimulateRequest {
        tx_bytes: tx,
        ..Default::default()
    };
    let r = gw.query(
        "/cosmos.tx.v1beta1.Service/Simulate",
        &req.encode_to_vec(),
        0,
        false,
    );
    assert_eq!(r.code.value(), 0, "{}", r.log);
    SimulateResponse::decode(r.value.as_ref()).unwrap()
}

#[test]
fn bank_and_gopen_txs_answer_their_responses_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let alice = TestKey::from_seed(1);
    let bob = TestKey::from_seed(2);
    let mut node = TestNode::new(
        &dir.path().join("db"),
        CHAIN,
        &genesis_funding(std::slice::from_ref(&alice), 10 * OPEN),
    )
    .unwrap();
    node.block(vec![]).unwrap();

    // one message, one response
    let out = node
        .exec(&alice, vec![msg_send(&alice.address, &bob.address, OPEN)])
        .unwrap();
    assert_eq!(out.result, Ok(()));
    assert_eq!(type_urls(&out), ["/cosmos.bank.v1beta1.MsgSendResponse"]);
    assert!(out.msg_responses[0].value.is_empty());
    assert_eq!(finalize_data(&out), out.msg_responses);

    // two messages, two responses in message order; Simulate answers the same list
    let msgs = vec![
        any(&gopen::MsgLock {
            owner: alice.address.to_string(),
            amount: Some(coin(OPEN)),
        }),
        msg_send(&alice.address, &bob.address, OPEN),
    ];
    let sim = simulate(&node, node.sign(&alice, msgs.clone()).unwrap());
    let out = node.exec(&alice, msgs).unwrap();
    assert_eq!(out.result, Ok(()));
    assert_eq!(
        type_urls(&out),
        [
            "/openledger.gov.v1.MsgLockResponse",
            "/cosmos.bank.v1beta1.MsgSendResponse"
        ]
    );
    assert_eq!(finalize_data(&out), out.msg_responses);
    let sim = sim.result.unwrap();
    assert_eq!(sim.msg_responses, out.msg_responses);
    // and its deprecated `data` holds the same TxMsgData, as in the SDK
    #[allow(deprecated)]
    let sim_data = sim.data;
    assert_eq!(
        cosmos_sdk_proto::cosmos::base::abci::v1beta1::TxMsgData::decode(sim_data.as_slice())
            .unwrap()
            .msg_responses,
        out.msg_responses
    );

    // a failed tx (the second message overspends) answers nothing, not even the first response
    let out = node
        .exec(
            &alice,
            vec![
                msg_send(&alice.address, &bob.address, 1),
                msg_send(&alice.address, &bob.address, 100 * OPEN),
            ],
        )
        .unwrap();
    assert!(out.result.is_err());
    assert!(out.ante_passed);
    assert!(out.msg_responses.is_empty());
    let r = exec_tx_result(&out);
    assert_ne!(r.code.value(), 0);
    assert!(r.data.is_empty());
}

#[test]
fn record_inference_answers_its_receipt_id_and_fee() {
    // accounts: 0 validator, 1 datanet owner, 2 creator, 3 governor, 4 operator, 5 user,
    // 6.. contributors
    let keys: Vec<TestKey> = (0..8).map(TestKey::from_seed).collect();
    let genesis = ai_genesis(&keys).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut node = TestNode::new(&dir.path().join("db"), CHAIN, &genesis).unwrap();
    node.block(vec![]).unwrap();
    // 0.24 OPEN per 1000 input tokens, 0.20 OPEN per 1000 output tokens
    let fx = deploy_model(
        &mut node,
        &Roles {
            datanet_owner: &keys[1],
            contributors: &keys[6..],
            creator: &keys[2],
            governor: &keys[3],
        },
        2,
        (240_000_000_000_000_000, 200_000_000_000_000_000),
    )
    .unwrap();
    let (operator, user) = (&keys[4], &keys[5]);

    let out = node
        .exec(
            operator,
            vec![any(&at::MsgRegisterOperator {
                operator: operator.address.to_string(),
                bond: Some(coin(100 * OPEN)),
                endpoint: "https://inference.example/v1".into(),
                models: vec![fx.model_id],
            })],
        )
        .unwrap();
    assert_eq!(out.result, Ok(()));
    assert_eq!(
        type_urls(&out),
        ["/openledger.attribution.v1.MsgRegisterOperatorResponse"]
    );

    let out = node
        .exec(
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
        )
        .unwrap();
    assert_eq!(out.result, Ok(()));
    assert_eq!(out.msg_responses.len(), 2);
    let deposit: at::MsgDepositResponse = decode(&out.msg_responses[0]);
    assert_eq!(deposit.balance, (10 * OPEN).to_string());
    let _: at::MsgGrantResponse = decode(&out.msg_responses[1]);

    let c = &fx.contributions;
    let out = node
        .exec(
            operator,
            vec![any(&at::MsgRecordInference {
                operator: operator.address.to_string(),
                user: user.address.to_string(),
                model_id: fx.model_id,
                model_version: 0,
                input_tokens: 1000,
                output_tokens: 2000,
                output_hash: Sha256::digest(b"answer").to_vec(),
                prompt_hash: Sha256::digest(b"prompt").to_vec(),
                request_id: "req-1".into(),
                attribution: vec![
                    at::AttributionEntry {
                        contribution_id: c[0].id,
                        weight_ppm: 600_000,
                    },
                    at::AttributionEntry {
                        contribution_id: c[1].id,
                        weight_ppm: 400_000,
                    },
                ],
                engine_version: 1,
                engine_params_id: 1,
                evidence_hash: vec![0xee; 32],
                adapter_hash: String::new(),
            })],
        )
        .unwrap();
    assert_eq!(out.result, Ok(()), "{:?}", out.result);
    assert_eq!(out.msg_responses.len(), 1);
    let recorded: at::MsgRecordInferenceResponse = decode(&out.msg_responses[0]);
    // 0.24 + 0.40 OPEN of tokens, plus the default platform fee of 0.01 OPEN
    assert_eq!(
        recorded,
        at::MsgRecordInferenceResponse {
            receipt_id: 1,
            fee: "650000000000000000".into(),
        }
    );
    let receipt = node.state().receipt(1).unwrap().unwrap();
    assert_eq!(receipt.fee.to_string(), recorded.fee);
    assert_eq!(finalize_data(&out), out.msg_responses);
}
