//! Every method of every dispatched query service is routed (none answers UNIMPLEMENTED), and
//! the auth and bank methods explorers and wallets read answer the SDK's way over ABCI
//! `Query`: Accounts with pagination, ModuleAccounts, ModuleAccountByName, AccountInfo,
//! AccountAddressByID, bank Params, OPEN's denom metadata from genesis, DenomOwners,
//! SendEnabled; Simulate with the deprecated `tx` field.

use cosmos_sdk_proto::cosmos::auth::v1beta1 as auth;
use cosmos_sdk_proto::cosmos::bank::v1beta1 as bank;
use cosmos_sdk_proto::cosmos::base::query::v1beta1::PageRequest;
use cosmos_sdk_proto::cosmos::tx::v1beta1 as txpb;
use openledger_app::modules::routes;
use openledger_app::query::abci::{QueryGateway, NODE_ROUTES};
use openledger_app::query::dispatch_grpc::DISPATCHED_SERVICES;
use openledger_app::tx::execute::LocalPolicy;
use openledger_testkit::{genesis_with_validators, msg_send, TestKey, TestNode, TxSpec};
use prost::{Message, Name};

struct Chain {
    gw: QueryGateway,
    keys: Vec<TestKey>,
    _dir: tempfile::TempDir,
}

fn chain() -> Chain {
    let dir = tempfile::tempdir().unwrap();
    let keys = vec![
        TestKey::from_seed(1),
        TestKey::from_seed(2),
        TestKey::from_seed(3),
    ];
    let genesis = genesis_with_validators(&keys, 10u128.pow(24), 2, 10u128.pow(21)).unwrap();
    let mut node = TestNode::new(dir.path(), "openledger-test-1", &genesis).unwrap();
    node.block(Vec::new()).unwrap();
    let gw = QueryGateway::new(node.app.storage().clone(), LocalPolicy::default());
    Chain {
        gw,
        keys,
        _dir: dir,
    }
}

fn q<Req: Message, Resp: Message + Default>(gw: &QueryGateway, path: &str, req: &Req) -> Resp {
    let r = gw.query(path, &req.encode_to_vec(), 0, false);
    assert!(r.code.is_ok(), "{path}: {}", r.log);
    Resp::decode(r.value.as_ref()).unwrap()
}

#[test]
fn every_method_of_every_dispatched_service_is_routed() {
    let set = openledger_app::query::reflection::file_descriptor_set().unwrap();
    let mut missing = Vec::new();
    for file in &set.file {
        for s in &file.service {
            let name = format!("{}.{}", file.package(), s.name());
            if !DISPATCHED_SERVICES.contains(&name.as_str()) {
                continue;
            }
            for m in &s.method {
                let path = format!("/{name}/{}", m.name());
                if routes().query(&path).is_none() && !NODE_ROUTES.contains(&path.as_str()) {
                    missing.push(path);
                }
            }
        }
    }
    assert!(missing.is_empty(), "UNIMPLEMENTED: {missing:?}");
}

#[test]
fn accounts_page_by_address_and_module_accounts_are_named() {
    let c = chain();
    let first: auth::QueryAccountsResponse = q(
        &c.gw,
        "/cosmos.auth.v1beta1.Query/Accounts",
        &auth::QueryAccountsRequest {
            pagination: Some(PageRequest {
                limit: 2,
                ..Default::default()
            }),
        },
    );
    assert_eq!(first.accounts.len(), 2);
    let next = first.pagination.unwrap().next_key;
    assert_eq!(next.len(), 20);
    let rest: auth::QueryAccountsResponse = q(
        &c.gw,
        "/cosmos.auth.v1beta1.Query/Accounts",
        &auth::QueryAccountsRequest {
            pagination: Some(PageRequest {
                key: next,
                limit: 1000,
                ..Default::default()
            }),
        },
    );
    let all = first.accounts.len() + rest.accounts.len();
    assert!(all >= 3, "{all} accounts");
    assert!(rest.pagination.unwrap().next_key.is_empty());
    let module: auth::QueryModuleAccountByNameResponse = q(
        &c.gw,
        "/cosmos.auth.v1beta1.Query/ModuleAccountByName",
        &auth::QueryModuleAccountByNameRequest {
            name: "bonded_tokens_pool".into(),
        },
    );
    let any = module.account.unwrap();
    assert_eq!(any.type_url, auth::ModuleAccount::type_url());
    let m = auth::ModuleAccount::decode(any.value.as_slice()).unwrap();
    assert_eq!(m.name, "bonded_tokens_pool");
    assert!(m.permissions.contains(&"staking".to_string()));
    let all_modules: auth::QueryModuleAccountsResponse = q(
        &c.gw,
        "/cosmos.auth.v1beta1.Query/ModuleAccounts",
        &auth::QueryModuleAccountsRequest {},
    );
    assert_eq!(all_modules.accounts.len(), 11);
    let r = c.gw.query(
        "/cosmos.auth.v1beta1.Query/ModuleAccountByName",
        &auth::QueryModuleAccountByNameRequest {
            name: "nope".into(),
        }
        .encode_to_vec(),
        0,
        false,
    );
    assert!(r.code.is_err());
    assert!(r.log.ends_with("not found"), "{}", r.log);
}

#[test]
fn account_info_and_address_by_id() {
    let c = chain();
    let addr = c.keys[0].address.to_string();
    let info: auth::QueryAccountInfoResponse = q(
        &c.gw,
        "/cosmos.auth.v1beta1.Query/AccountInfo",
        &auth::QueryAccountInfoRequest {
            address: addr.clone(),
        },
    );
    let info = info.info.unwrap();
    assert_eq!(info.address, addr);
    let by_id: auth::QueryAccountAddressByIdResponse = q(
        &c.gw,
        "/cosmos.auth.v1beta1.Query/AccountAddressByID",
        &auth::QueryAccountAddressByIdRequest {
            account_id: info.account_number,
            ..Default::default()
        },
    );
    assert_eq!(by_id.account_address, addr);
}

#[test]
fn bank_params_metadata_owners_and_send_enabled() {
    let c = chain();
    let p: bank::QueryParamsResponse = q(
        &c.gw,
        "/cosmos.bank.v1beta1.Query/Params",
        &bank::QueryParamsRequest {},
    );
    assert!(p.params.unwrap().default_send_enabled);
    let m: bank::QueryDenomMetadataResponse = q(
        &c.gw,
        "/cosmos.bank.v1beta1.Query/DenomMetadata",
        &bank::QueryDenomMetadataRequest {
            denom: "aopen".into(),
        },
    );
    let m = m.metadata.unwrap();
    assert_eq!((m.base.as_str(), m.display.as_str()), ("aopen", "OPEN"));
    assert_eq!(m.denom_units[1].exponent, 18);
    let all: bank::QueryDenomsMetadataResponse = q(
        &c.gw,
        "/cosmos.bank.v1beta1.Query/DenomsMetadata",
        &bank::QueryDenomsMetadataRequest { pagination: None },
    );
    assert_eq!(all.metadatas, vec![m]);
    let owners: bank::QueryDenomOwnersResponse = q(
        &c.gw,
        "/cosmos.bank.v1beta1.Query/DenomOwners",
        &bank::QueryDenomOwnersRequest {
            denom: "aopen".into(),
            pagination: None,
        },
    );
    for k in &c.keys {
        assert!(owners
            .denom_owners
            .iter()
            .any(|o| o.address == k.address.to_string()));
    }
    let se: bank::QuerySendEnabledResponse = q(
        &c.gw,
        "/cosmos.bank.v1beta1.Query/SendEnabled",
        &bank::QuerySendEnabledRequest {
            denoms: vec!["aopen".into()],
            pagination: None,
        },
    );
    assert!(se.send_enabled[0].enabled);
    let r = c.gw.query(
        "/cosmos.bank.v1beta1.Query/DenomMetadata",
        &bank::QueryDenomMetadataRequest {
            denom: "uatom".into(),
        }
        .encode_to_vec(),
        0,
        false,
    );
    assert!(r.code.is_err());
    assert_eq!(
        r.log,
        "rpc error: code = NotFound desc = denom metadata for uatom not found"
    );
}

#[test]
fn simulate_accepts_the_deprecated_tx_field() {
    let c = chain();
    let bytes = TxSpec::new(
        "openledger-test-1",
        vec![msg_send(&c.keys[0].address, &c.keys[1].address, 5)],
        openledger_testkit::genesis_account_numbers(&c.keys)[0],
        0,
    )
    .sign(&c.keys[0]);
    let raw = txpb::TxRaw::decode(bytes.as_slice()).unwrap();
    let tx = txpb::Tx {
        body: Some(txpb::TxBody::decode(raw.body_bytes.as_slice()).unwrap()),
        auth_info: Some(txpb::AuthInfo::decode(raw.auth_info_bytes.as_slice()).unwrap()),
        signatures: raw.signatures.clone(),
    };
    #[allow(deprecated)]
    let by_tx = txpb::SimulateRequest {
        tx: Some(tx),
        tx_bytes: Vec::new(),
    };
    let a: txpb::SimulateResponse = q(&c.gw, "/cosmos.tx.v1beta1.Service/Simulate", &by_tx);
    #[allow(deprecated)]
    let by_bytes = txpb::SimulateRequest {
        tx: None,
        tx_bytes: bytes,
    };
    let b: txpb::SimulateResponse = q(&c.gw, "/cosmos.tx.v1beta1.Service/Simulate", &by_bytes);
    let (a, b) = (a.gas_info.unwrap(), b.gas_info.unwrap());
    assert!(a.gas_used > 0);
    assert_eq!(a.gas_used, b.gas_used);
    let empty = c.gw.query(
        "/cosmos.tx.v1beta1.Service/Simulate",
        &txpb::SimulateRequest::default().encode_to_vec(),
        0,
        false,
    );
    assert!(
        empty.log.contains("empty txBytes is not allowed"),
        "{}",
        empty.log
    );
}
