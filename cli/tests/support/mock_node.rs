//! A small stand-in for a CometBFT v0.38 RPC endpoint in front of an OpenLedger app:
//! enough of `status`, `abci_query`, `broadcast_tx_sync` and `tx` to drive the CLI end to end.
//! It verifies signatures and sequences like the real ante handler does.

#![allow(dead_code, clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use base64::Engine;
use cosmos_sdk_proto::cosmos::auth::v1beta1::{
    BaseAccount, QueryAccountRequest, QueryAccountResponse,
};
use cosmos_sdk_proto::cosmos::bank::v1beta1::{
    QueryAllBalancesRequest, QueryAllBalancesResponse, QueryBalanceRequest, QueryBalanceResponse,
    QueryTotalSupplyRequest, QueryTotalSupplyResponse,
};
use cosmos_sdk_proto::cosmos::base::abci::v1beta1::GasInfo;
use cosmos_sdk_proto::cosmos::base::node::v1beta1::ConfigResponse;
use cosmos_sdk_proto::cosmos::base::query::v1beta1::PageResponse;
use cosmos_sdk_proto::cosmos::base::v1beta1::Coin;
use cosmos_sdk_proto::cosmos::crypto::secp256k1::PubKey;
use cosmos_sdk_proto::cosmos::tx::signing::v1beta1::SignMode;
use cosmos_sdk_proto::cosmos::tx::v1beta1::{
    mode_info, AuthInfo, SignDoc, SimulateRequest, SimulateResponse, TxBody, TxRaw,
};
use cosmos_sdk_proto::Any;
use k256::ecdsa::signature::Verifier;
use prost::Message;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

pub const CHAIN_ID: &str = "openledger-devnet-1";
pub const SIMULATED_GAS: u64 = 61_000;
pub const INCLUSION_HEIGHT: u64 = 42;

#[derive(Debug, Clone)]
pub struct Account {
    pub number: u64,
    pub sequence: u64,
    pub pubkey: Option<Vec<u8>>,
}

/// Answers an ABCI query path the mock does not know itself: `None` for an unknown path,
/// else the reply value or an error (code, log).
pub type ExtraQueries = fn(&str, &[u8]) -> Option<Result<Vec<u8>, (u32, String)>>;

#[derive(Debug, Default)]
pub struct State {
    /// Further query paths (module queries), if a test needs them.
    pub extra_queries: Option<ExtraQueries>,
    pub accounts: BTreeMap<String, Account>,
    pub balances: BTreeMap<(String, String), u128>,
    pub min_gas_price: String,
    /// When set, DeliverTx fails with this code.
    pub deliver_code: u32,
    /// How many `/tx` polls answer "not found" before the transaction shows up.
    pub polls_before_inclusion: u32,
    pub simulated: Vec<Vec<u8>>,
    pub broadcast: Vec<Vec<u8>>,
    pub queries: Vec<String>,
    pub included: BTreeMap<String, Vec<u8>>,
}

pub struct MockNode {
    pub url: String,
    pub state: Arc<Mutex<State>>,
}

impl MockNode {
    pub fn start(state: State) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let state = Arc::new(Mutex::new(state));
        let shared = state.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let shared = shared.clone();
                std::thread::spawn(move || serve(stream, &shared));
            }
        });
        Self { url, state }
    }
}

fn serve(stream: TcpStream, state: &Mutex<State>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    loop {
        let mut content_length = 0usize;
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        loop {
            line.clear();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    content_length = value.trim().parse().unwrap();
                }
            }
        }
        let mut body = vec![0u8; content_length];
        reader.read_exact(&mut body).unwrap();
        let request: Value = serde_json::from_slice(&body).unwrap();
        let reply = handle(&request, state);
        let payload = reply.to_string();
        let mut out = &stream;
        let response = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{payload}",
            payload.len()
        );
        if out.write_all(response.as_bytes()).is_err() {
            return;
        }
    }
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn unb64(s: &str) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD.decode(s).unwrap()
}

fn handle(request: &Value, state: &Mutex<State>) -> Value {
    let id = request["id"].clone();
    let params = &request["params"];
    let method = request["method"].as_str().unwrap_or_default();
    let result = match method {
        "status" => Ok(status()),
        "abci_query" => Ok(abci_query(params, state)),
        "broadcast_tx_sync" => Ok(broadcast(params, state)),
        "tx" => tx(params, state),
        other => Err(format!("method {other} not supported by the mock")),
    };
    match result {
        Ok(result) => json!({ "jsonrpc": "2.0", "id": id, "result": result }),
        Err(data) => json!({
            "jsonrpc": "2.0",
            "id": id,
            "error": { "code": -32603, "message": "Internal error", "data": data }
        }),
    }
}

fn status() -> Value {
    json!({
        "node_info": {
            "channels": "40202122233038606100",
            "id": "cf4a66aa29e5123abfdfbdf485da6788bb8e46d1",
            "listen_addr": "tcp://127.0.0.1:26656",
            "moniker": "mock-node",
            "network": CHAIN_ID,
            "other": { "rpc_address": "tcp://127.0.0.1:26657", "tx_index": "on" },
            "protocol_version": { "app": "1", "block": "11", "p2p": "8" },
            "version": "0.38.25"
        },
        "sync_info": {
            "catching_up": false,
            "earliest_app_hash": "",
            "earliest_block_hash": "6CD5CF4E23A49D9BC073D6F305D29D1B8B5193B534C237696D42FEA5AFBCD520",
            "earliest_block_height": "1",
            "earliest_block_time": "2026-11-24T10:00:00.000000000Z",
            "latest_app_hash": "0A1B2C3D0A1B2C3D0A1B2C3D0A1B2C3D0A1B2C3D0A1B2C3D0A1B2C3D0A1B2C3D",
            "latest_block_hash": "B647CF507155BADAC86FADD00E38B065C63A84953A847AA9FA99DB1CEE6C4DA9",
            "latest_block_height": "41",
            "latest_block_time": "2026-11-24T10:05:00.000000000Z"
        },
        "validator_info": {
            "address": "2DD9F44FD9067555C322243C3C913BA7B51D2BE0",
            "pub_key": { "type": "tendermint/PubKeyEd25519", "value": "bNNlGls5R25wC3Sd8720F/3+7IZBhXcD22MNFtPk/v0=" },
            "voting_power": "10"
        }
    })
}

fn query_reply(code: u32, codespace: &str, log: &str, value: &[u8]) -> Value {
    json!({
        "response": {
            "code": code,
            "codespace": codespace,
            "height": "41",
            "index": "0",
            "info": "",
            "key": null,
            "log": log,
            "proofOps": null,
            "value": b64(value)
        }
    })
}

fn abci_query(params: &Value, state: &Mutex<State>) -> Value {
    let path = params["path"].as_str().unwrap_or_default();
    let data = hex::decode(params["data"].as_str().unwrap_or_default()).unwrap();
    let mut state = state.lock().unwrap();
    state.queries.push(path.to_owned());
    match path {
        "/cosmos.auth.v1beta1.Query/Account" => {
            let req = QueryAccountRequest::decode(data.as_slice()).unwrap();
            match state.accounts.get(&req.address) {
                Some(account) => {
                    let base = BaseAccount {
                        address: req.address.clone(),
                        pub_key: account.pubkey.as_ref().map(|key| Any {
                            type_url: "/cosmos.crypto.secp256k1.PubKey".into(),
                            value: PubKey { key: key.clone() }.encode_to_vec(),
                        }),
                        account_number: account.number,
                        sequence: account.sequence,
                    };
                    let resp = QueryAccountResponse {
                        account: Some(Any {
                            type_url: "/cosmos.auth.v1beta1.BaseAccount".into(),
                            value: base.encode_to_vec(),
                        }),
                    };
                    query_reply(0, "", "", &resp.encode_to_vec())
                }
                None => query_reply(
                    22,
                    "sdk",
                    &format!("account {} not found: key not found", req.address),
                    &[],
                ),
            }
        }
        "/cosmos.bank.v1beta1.Query/Balance" => {
            let req = QueryBalanceRequest::decode(data.as_slice()).unwrap();
            let amount = state
                .balances
                .get(&(req.address.clone(), req.denom.clone()))
                .copied()
                .unwrap_or(0);
            let resp = QueryBalanceResponse {
                balance: Some(Coin {
                    denom: req.denom,
                    amount: amount.to_string(),
                }),
            };
            query_reply(0, "", "", &resp.encode_to_vec())
        }
        "/cosmos.bank.v1beta1.Query/AllBalances" => {
            let req = QueryAllBalancesRequest::decode(data.as_slice()).unwrap();
            let balances = state
                .balances
                .iter()
                .filter(|((address, _), _)| *address == req.address)
                .map(|((_, denom), amount)| Coin {
                    denom: denom.clone(),
                    amount: amount.to_string(),
                })
                .collect();
            let resp = QueryAllBalancesResponse {
                balances,
                pagination: None,
            };
            query_reply(0, "", "", &resp.encode_to_vec())
        }
        "/cosmos.bank.v1beta1.Query/TotalSupply" => {
            // two pages, to exercise pagination
            let req = QueryTotalSupplyRequest::decode(data.as_slice()).unwrap();
            let first_page = req.pagination.map(|p| p.key.is_empty()).unwrap_or(true);
            let resp = if first_page {
                QueryTotalSupplyResponse {
                    supply: vec![Coin {
                        denom: "aopen".into(),
                        amount: "1000000000000000000000000000".into(),
                    }],
                    pagination: Some(PageResponse {
                        next_key: b"uatom".to_vec(),
                        total: 0,
                    }),
                }
            } else {
                QueryTotalSupplyResponse {
                    supply: vec![Coin {
                        denom: "uatom".into(),
                        amount: "5".into(),
                    }],
                    pagination: Some(PageResponse::default()),
                }
            };
            query_reply(0, "", "", &resp.encode_to_vec())
        }
        "/cosmos.base.node.v1beta1.Service/Config" => {
            let resp = ConfigResponse {
                minimum_gas_price: state.min_gas_price.clone(),
                ..Default::default()
            };
            query_reply(0, "", "", &resp.encode_to_vec())
        }
        "/cosmos.tx.v1beta1.Service/Simulate" => {
            let req = SimulateRequest::decode(data.as_slice()).unwrap();
            let raw = TxRaw::decode(req.tx_bytes.as_slice()).unwrap();
            assert_eq!(
                raw.signatures,
                vec![Vec::<u8>::new()],
                "simulation needs one empty signature"
            );
            state.simulated.push(req.tx_bytes.clone());
            let resp = SimulateResponse {
                gas_info: Some(GasInfo {
                    gas_wanted: 0,
                    gas_used: SIMULATED_GAS,
                }),
                result: None,
            };
            query_reply(0, "", "", &resp.encode_to_vec())
        }
        other => match state.extra_queries.and_then(|answer| answer(other, &data)) {
            Some(Ok(value)) => query_reply(0, "", "", &value),
            Some(Err((code, log))) => query_reply(code, "sdk", &log, &[]),
            None => query_reply(6, "sdk", &format!("unknown query path {other}"), &[]),
        },
    }
}

/// CheckTx: signature over SignDoc{body, auth_info, chain id, account number} (direct) or the
/// amino JSON StdSignDoc (SIGN_MODE_LEGACY_AMINO_JSON, with the node's own encoder), and
/// sequence.
fn check_tx(bytes: &[u8], state: &State) -> Result<(), (u32, String)> {
    let raw = TxRaw::decode(bytes).map_err(|e| (2, e.to_string()))?;
    let auth = AuthInfo::decode(raw.auth_info_bytes.as_slice()).map_err(|e| (2, e.to_string()))?;
    let signer = auth
        .signer_infos
        .first()
        .ok_or((4, "no signer".to_owned()))?;
    let pubkey = PubKey::decode(
        signer
            .public_key
            .as_ref()
            .ok_or((4, "no pubkey".to_owned()))?
            .value
            .as_slice(),
    )
    .map_err(|e| (2, e.to_string()))?;
    let address = tendermint::PublicKey::from_raw_secp256k1(&pubkey.key)
        .map(cosmrs::crypto::PublicKey::from)
        .ok_or((4, "not a secp256k1 key".to_owned()))?
        .account_id("open")
        .map_err(|e| (4, e.to_string()))?
        .to_string();
    let account = state
        .accounts
        .get(&address)
        .ok_or((22, format!("account {address} not found")))?;
    if signer.sequence != account.sequence {
        return Err((
            32,
            format!(
                "account sequence mismatch, expected {}, got {}",
                account.sequence, signer.sequence
            ),
        ));
    }
    let mode = match signer.mode_info.as_ref().and_then(|m| m.sum.as_ref()) {
        Some(mode_info::Sum::Single(single)) => single.mode,
        _ => return Err((4, "not a single signature".to_owned())),
    };
    let sign_doc = if mode == SignMode::LegacyAminoJson as i32 {
        let body = TxBody::decode(raw.body_bytes.as_slice()).map_err(|e| (2, e.to_string()))?;
        let signer_data = openledger_proto::amino_json::SignerData {
            chain_id: CHAIN_ID,
            account_number: account.number,
            sequence: signer.sequence,
        };
        openledger_proto::amino_json::std_sign_bytes(signer_data, &body, auth.fee.as_ref())
            .map_err(|e| (18, e.to_string()))?
    } else if mode == SignMode::Direct as i32 {
        SignDoc {
            body_bytes: raw.body_bytes.clone(),
            auth_info_bytes: raw.auth_info_bytes.clone(),
            chain_id: CHAIN_ID.to_owned(),
            account_number: account.number,
        }
        .encode_to_vec()
    } else {
        return Err((4, format!("unsupported sign mode {mode}")));
    };
    let key =
        k256::ecdsa::VerifyingKey::from_sec1_bytes(&pubkey.key).map_err(|e| (4, e.to_string()))?;
    let signature = raw
        .signatures
        .first()
        .and_then(|s| k256::ecdsa::Signature::from_slice(s).ok())
        .ok_or((4, "bad signature encoding".to_owned()))?;
    key.verify(&sign_doc, &signature)
        .map_err(|_| (4, "signature verification failed".to_owned()))
}

fn broadcast(params: &Value, state: &Mutex<State>) -> Value {
    let bytes = unb64(params["tx"].as_str().unwrap_or_default());
    let hash = hex::encode_upper(Sha256::digest(&bytes));
    let mut state = state.lock().unwrap();
    state.broadcast.push(bytes.clone());
    match check_tx(&bytes, &state) {
        Ok(()) => {
            state.included.insert(hash.clone(), bytes);
            json!({ "code": 0, "codespace": "", "data": "", "hash": hash, "log": "" })
        }
        Err((code, log)) => {
            json!({ "code": code, "codespace": "sdk", "data": "", "hash": hash, "log": log })
        }
    }
}

fn tx(params: &Value, state: &Mutex<State>) -> Result<Value, String> {
    let hash = hex::encode_upper(unb64(params["hash"].as_str().unwrap_or_default()));
    let mut state = state.lock().unwrap();
    if state.polls_before_inclusion > 0 {
        state.polls_before_inclusion -= 1;
        return Err(format!("tx ({hash}) not found"));
    }
    let bytes = state
        .included
        .get(&hash)
        .cloned()
        .ok_or_else(|| format!("tx ({hash}) not found"))?;
    let (code, log) = if state.deliver_code == 0 {
        (0, String::new())
    } else {
        (
            state.deliver_code,
            "insufficient funds: 5aopen is smaller than 10aopen".to_owned(),
        )
    };
    Ok(json!({
        "hash": hash,
        "height": INCLUSION_HEIGHT.to_string(),
        "index": 0,
        "tx": b64(&bytes),
        "tx_result": {
            "code": code,
            "codespace": if code == 0 { "" } else { "sdk" },
            "data": null,
            "events": [{
                "type": "transfer",
                "attributes": [
                    { "key": "recipient", "value": "open1recipient", "index": true },
                    { "key": "amount", "value": "1500000000000000000aopen", "index": true }
                ]
            }],
            "gas_used": SIMULATED_GAS.to_string(),
            "gas_wanted": "79300",
            "info": "",
            "log": log
        }
    }))
}
