//! The gRPC reflection descriptors describe what the gateway really serves:
//!
//! * the descriptor set is self-consistent (names resolve, imports exist and are ordered);
//! * every described message matches the wire format of its prost type: fully populated
//!   prost values are encoded and the bytes are walked field by field with the descriptors;
//! * a running gateway answers reflection requests (v1 and v1alpha) and routes every
//!   described method to a real handler.

#[path = "support/reflection.rs"]
mod reflection;

use std::collections::{BTreeMap, BTreeSet};

use cosmos_sdk_proto::cosmos::auth::v1beta1 as auth;
use cosmos_sdk_proto::cosmos::bank::v1beta1 as bank;
use cosmos_sdk_proto::cosmos::base::abci::v1beta1 as abci;
use cosmos_sdk_proto::cosmos::base::node::v1beta1 as node;
use cosmos_sdk_proto::cosmos::base::tendermint::v1beta1 as tm;
use cosmos_sdk_proto::cosmos::crypto::multisig::v1beta1::CompactBitArray;
use cosmos_sdk_proto::cosmos::crypto::secp256k1::PubKey;
use cosmos_sdk_proto::cosmos::tx::signing::v1beta1::SignMode;
use cosmos_sdk_proto::cosmos::tx::v1beta1 as txpb;
use cosmos_sdk_proto::Any;
use openledger_app::query::dispatch_grpc::{
    DispatchService, DistributionQuery, GopenQuery, GovQuery, SlashingQuery, StakingQuery,
};
use openledger_app::query::grpc::GrpcState;
use openledger_app::query::reflection::{encoded_file_descriptor_set, file_descriptor_set};
use openledger_app::testkit::{genesis_funding, TestKey, TestNode};
use prost::Message;
use prost_types::FileDescriptorSet;
use reflection::{
    any, assert_enum_values, assert_every_field_seen, assert_file_consistent, assert_routed, check,
    coin, described_files, fetch_imports, is_module_message, listed_services, page_request,
    page_response, request, ts, Gateway, Index, Reflection, Seen, MODULE_SERVICES,
};
use tendermint_proto::types as tmt;
use tonic_reflection::pb::v1::server_reflection_request::MessageRequest;

// ---------------------------------------------------------------------------------------
// self-consistency

/// What the gateway serves besides `MODULE_SERVICES`, as `grpc.rs` implements it.
const BASE_SERVICES: &[(&str, &[&str])] = &[
    (
        "cosmos.auth.v1beta1.Query",
        &[
            "Account",
            "Params",
            "Bech32Prefix",
            "AddressBytesToString",
            "AddressStringToBytes",
        ],
    ),
    (
        "cosmos.bank.v1beta1.Query",
        &[
            "Balance",
            "AllBalances",
            "SpendableBalances",
            "SpendableBalanceByDenom",
            "TotalSupply",
            "SupplyOf",
        ],
    ),
    (
        "cosmos.tx.v1beta1.Service",
        &["Simulate", "GetTx", "BroadcastTx"],
    ),
    (
        "cosmos.base.tendermint.v1beta1.Service",
        &["GetNodeInfo", "GetSyncing", "GetLatestBlock", "ABCIQuery"],
    ),
    ("cosmos.base.node.v1beta1.Service", &["Config", "Status"]),
];

/// Every service the gateway serves, with its methods: its own, and the module services as
/// `query::modules` routes them.
fn served() -> impl Iterator<Item = &'static (&'static str, &'static [&'static str])> {
    BASE_SERVICES.iter().chain(MODULE_SERVICES)
}

#[test]
fn descriptor_set_is_self_consistent() {
    let set = file_descriptor_set();
    assert_eq!(
        FileDescriptorSet::decode(encoded_file_descriptor_set().as_slice()).unwrap(),
        set,
        "the encoded set decodes to the same descriptors"
    );
    let ix = Index::new(&set.file);

    // files: proto3, a package, imports that exist and come earlier, no unused import
    let mut earlier = BTreeSet::new();
    for f in &set.file {
        assert_file_consistent(&ix, f, &earlier);
        earlier.insert(f.name());
    }

    // exactly the served services and methods, named as the tonic servers route them
    let served: BTreeMap<String, Vec<String>> = served()
        .map(|(s, ms)| (s.to_string(), ms.iter().map(|m| m.to_string()).collect()))
        .collect();
    assert_eq!(ix.method_names(), served);
    use tonic::server::NamedService;
    for name in [
        <auth::query_server::QueryServer<GrpcState> as NamedService>::NAME,
        <bank::query_server::QueryServer<GrpcState> as NamedService>::NAME,
        <txpb::service_server::ServiceServer<GrpcState> as NamedService>::NAME,
        <tm::service_server::ServiceServer<GrpcState> as NamedService>::NAME,
        <node::service_server::ServiceServer<GrpcState> as NamedService>::NAME,
        <DispatchService<StakingQuery> as NamedService>::NAME,
        <DispatchService<DistributionQuery> as NamedService>::NAME,
        <DispatchService<SlashingQuery> as NamedService>::NAME,
        <DispatchService<GovQuery> as NamedService>::NAME,
        <DispatchService<GopenQuery> as NamedService>::NAME,
    ] {
        assert!(ix.services.contains_key(name), "{name} is not described");
    }

    // enum values named and numbered as the prost enums have them
    assert_enum_values(
        &ix,
        ".cosmos.tx.signing.v1beta1.SignMode",
        &[
            SignMode::Unspecified,
            SignMode::Direct,
            SignMode::Textual,
            SignMode::DirectAux,
            SignMode::LegacyAminoJson,
            SignMode::Eip191,
        ],
        SignMode::as_str_name,
    );
    assert_enum_values(
        &ix,
        ".cosmos.tx.v1beta1.BroadcastMode",
        &[
            txpb::BroadcastMode::Unspecified,
            txpb::BroadcastMode::Block,
            txpb::BroadcastMode::Sync,
            txpb::BroadcastMode::Async,
        ],
        txpb::BroadcastMode::as_str_name,
    );
    assert_enum_values(
        &ix,
        ".tendermint.types.BlockIDFlag",
        &[
            tmt::BlockIdFlag::Unknown,
            tmt::BlockIdFlag::Absent,
            tmt::BlockIdFlag::Commit,
            tmt::BlockIdFlag::Nil,
        ],
        tmt::BlockIdFlag::as_str_name,
    );
    assert_enum_values(
        &ix,
        ".tendermint.types.SignedMsgType",
        &[
            tmt::SignedMsgType::Unknown,
            tmt::SignedMsgType::Prevote,
            tmt::SignedMsgType::Precommit,
            tmt::SignedMsgType::Proposal,
        ],
        tmt::SignedMsgType::as_str_name,
    );
}

// ---------------------------------------------------------------------------------------
// descriptors against prost encodings

fn opaque_any() -> Any {
    Any {
        type_url: "/openledger.test.Opaque".into(),
        value: vec![8, 1],
    }
}

fn pubkey() -> Any {
    any(&PubKey { key: vec![2; 33] })
}

fn base_account() -> auth::BaseAccount {
    auth::BaseAccount {
        address: "open1account".into(),
        pub_key: Some(pubkey()),
        account_number: 7,
        sequence: 8,
    }
}

fn single(mode: SignMode) -> txpb::ModeInfo {
    txpb::ModeInfo {
        sum: Some(txpb::mode_info::Sum::Single(txpb::mode_info::Single {
            mode: mode as i32,
        })),
    }
}

#[allow(deprecated)]
fn tx() -> txpb::Tx {
    let send = bank::MsgSend {
        from_address: "open1from".into(),
        to_address: "open1to".into(),
        amount: vec![coin()],
    };
    let multi = bank::MsgMultiSend {
        inputs: vec![bank::Input {
            address: "open1in".into(),
            coins: vec![coin()],
        }],
        outputs: vec![bank::Output {
            address: "open1out".into(),
            coins: vec![coin()],
        }],
    };
    txpb::Tx {
        body: Some(txpb::TxBody {
            messages: vec![any(&send), any(&multi)],
            memo: "memo".into(),
            timeout_height: 9,
            extension_options: vec![opaque_any()],
            non_critical_extension_options: vec![opaque_any()],
        }),
        auth_info: Some(txpb::AuthInfo {
            signer_infos: vec![
                txpb::SignerInfo {
                    public_key: Some(pubkey()),
                    mode_info: Some(single(SignMode::Direct)),
                    sequence: 3,
                },
                txpb::SignerInfo {
                    public_key: Some(pubkey()),
                    mode_info: Some(txpb::ModeInfo {
                        sum: Some(txpb::mode_info::Sum::Multi(txpb::mode_info::Multi {
                            bitarray: Some(CompactBitArray {
                                extra_bits_stored: 2,
                                elems: vec![0xc0],
                            }),
                            mode_infos: vec![
                                single(SignMode::LegacyAminoJson),
                                single(SignMode::Eip191),
                            ],
                        })),
                    }),
                    sequence: 4,
                },
            ],
            fee: Some(txpb::Fee {
                amount: vec![coin()],
                gas_limit: 200_000,
                payer: "open1payer".into(),
                granter: "open1granter".into(),
            }),
            tip: Some(txpb::Tip {
                amount: vec![coin()],
                tipper: "open1tipper".into(),
            }),
        }),
        signatures: vec![vec![9; 64]],
    }
}

fn events() -> Vec<tendermint_proto::abci::Event> {
    vec![tendermint_proto::abci::Event {
        r#type: "transfer".into(),
        attributes: vec![tendermint_proto::abci::EventAttribute {
            key: "amount".into(),
            value: "17aopen".into(),
            index: true,
        }],
    }]
}

fn tx_response() -> abci::TxResponse {
    abci::TxResponse {
        height: 12,
        txhash: "AB".into(),
        codespace: "sdk".into(),
        code: 5,
        data: "0A".into(),
        raw_log: "raw".into(),
        logs: vec![abci::AbciMessageLog {
            msg_index: 1,
            log: "log".into(),
            events: vec![abci::StringEvent {
                r#type: "message".into(),
                attributes: vec![abci::Attribute {
                    key: "k".into(),
                    value: "v".into(),
                }],
            }],
        }],
        info: "info".into(),
        gas_wanted: 100,
        gas_used: 90,
        tx: Some(any(&tx())),
        timestamp: "2024-01-01T00:00:00Z".into(),
        events: events(),
    }
}

fn block_id() -> Option<tmt::BlockId> {
    Some(tmt::BlockId {
        hash: vec![1; 32],
        part_set_header: Some(tmt::PartSetHeader {
            total: 1,
            hash: vec![2; 32],
        }),
    })
}

fn header() -> tmt::Header {
    tmt::Header {
        version: Some(tendermint_proto::version::Consensus { block: 11, app: 1 }),
        chain_id: "openledger-test-1".into(),
        height: 10,
        time: ts(),
        last_block_id: block_id(),
        last_commit_hash: vec![3; 32],
        data_hash: vec![4; 32],
        validators_hash: vec![5; 32],
        next_validators_hash: vec![6; 32],
        consensus_hash: vec![7; 32],
        app_hash: vec![8; 32],
        last_results_hash: vec![9; 32],
        evidence_hash: vec![10; 32],
        proposer_address: vec![11; 20],
    }
}

fn commit() -> tmt::Commit {
    tmt::Commit {
        height: 9,
        round: 1,
        block_id: block_id(),
        signatures: vec![tmt::CommitSig {
            block_id_flag: tmt::BlockIdFlag::Commit as i32,
            validator_address: vec![11; 20],
            timestamp: ts(),
            signature: vec![12; 64],
        }],
    }
}

fn vote() -> Option<tmt::Vote> {
    Some(tmt::Vote {
        r#type: tmt::SignedMsgType::Precommit as i32,
        height: 9,
        round: 1,
        block_id: block_id(),
        timestamp: ts(),
        validator_address: vec![11; 20],
        validator_index: 2,
        signature: vec![12; 64],
        extension: vec![13],
        extension_signature: vec![14; 64],
    })
}

fn validator(ed25519: bool) -> tmt::Validator {
    use tendermint_proto::crypto::{public_key::Sum, PublicKey};
    let sum = if ed25519 {
        Sum::Ed25519(vec![15; 32])
    } else {
        Sum::Secp256k1(vec![16; 33])
    };
    tmt::Validator {
        address: vec![11; 20],
        pub_key: Some(PublicKey { sum: Some(sum) }),
        voting_power: 10,
        proposer_priority: -3,
    }
}

fn evidence() -> Option<tmt::EvidenceList> {
    use tmt::evidence::Sum;
    let duplicate = tmt::DuplicateVoteEvidence {
        vote_a: vote(),
        vote_b: vote(),
        total_voting_power: 30,
        validator_power: 10,
        timestamp: ts(),
    };
    let attack = tmt::LightClientAttackEvidence {
        conflicting_block: Some(tmt::LightBlock {
            signed_header: Some(tmt::SignedHeader {
                header: Some(header()),
                commit: Some(commit()),
            }),
            validator_set: Some(tmt::ValidatorSet {
                validators: vec![validator(true), validator(false)],
                proposer: Some(validator(true)),
                total_voting_power: 20,
            }),
        }),
        common_height: 8,
        byzantine_validators: vec![validator(false)],
        total_voting_power: 20,
        timestamp: ts(),
    };
    Some(tmt::EvidenceList {
        evidence: vec![
            tmt::Evidence {
                sum: Some(Sum::DuplicateVoteEvidence(duplicate)),
            },
            tmt::Evidence {
                sum: Some(Sum::LightClientAttackEvidence(attack)),
            },
        ],
    })
}

#[test]
#[allow(deprecated)]
fn every_described_message_matches_its_prost_encoding() {
    let ix = Index::new(&file_descriptor_set().file);
    let mut seen = Seen::new();
    let s = &mut seen;
    let ix = &ix;

    // auth
    check(
        ix,
        s,
        &auth::QueryAccountRequest {
            address: "a".into(),
        },
    );
    check(
        ix,
        s,
        &auth::QueryAccountResponse {
            account: Some(any(&base_account())),
        },
    );
    check(ix, s, &auth::QueryParamsRequest {});
    check(
        ix,
        s,
        &auth::QueryParamsResponse {
            params: Some(auth::Params {
                max_memo_characters: 1,
                tx_sig_limit: 2,
                tx_size_cost_per_byte: 3,
                sig_verify_cost_ed25519: 4,
                sig_verify_cost_secp256k1: 5,
            }),
        },
    );
    check(ix, s, &auth::Bech32PrefixRequest {});
    check(
        ix,
        s,
        &auth::Bech32PrefixResponse {
            bech32_prefix: "open".into(),
        },
    );
    check(
        ix,
        s,
        &auth::AddressBytesToStringRequest {
            address_bytes: vec![1; 20],
        },
    );
    check(
        ix,
        s,
        &auth::AddressBytesToStringResponse {
            address_string: "open1x".into(),
        },
    );
    check(
        ix,
        s,
        &auth::AddressStringToBytesRequest {
            address_string: "open1x".into(),
        },
    );
    check(
        ix,
        s,
        &auth::AddressStringToBytesResponse {
            address_bytes: vec![1; 20],
        },
    );

    // bank
    check(
        ix,
        s,
        &bank::QueryBalanceRequest {
            address: "open1x".into(),
            denom: "aopen".into(),
        },
    );
    check(
        ix,
        s,
        &bank::QueryBalanceResponse {
            balance: Some(coin()),
        },
    );
    check(
        ix,
        s,
        &bank::QueryAllBalancesRequest {
            address: "open1x".into(),
            pagination: page_request(),
            resolve_denom: true,
        },
    );
    check(
        ix,
        s,
        &bank::QueryAllBalancesResponse {
            balances: vec![coin(), coin()],
            pagination: page_response(),
        },
    );
    check(
        ix,
        s,
        &bank::QuerySpendableBalancesRequest {
            address: "open1x".into(),
            pagination: page_request(),
        },
    );
    check(
        ix,
        s,
        &bank::QuerySpendableBalancesResponse {
            balances: vec![coin()],
            pagination: page_response(),
        },
    );
    check(
        ix,
        s,
        &bank::QuerySpendableBalanceByDenomRequest {
            address: "open1x".into(),
            denom: "aopen".into(),
        },
    );
    check(
        ix,
        s,
        &bank::QuerySpendableBalanceByDenomResponse {
            balance: Some(coin()),
        },
    );
    check(
        ix,
        s,
        &bank::QueryTotalSupplyRequest {
            pagination: page_request(),
        },
    );
    check(
        ix,
        s,
        &bank::QueryTotalSupplyResponse {
            supply: vec![coin()],
            pagination: page_response(),
        },
    );
    check(
        ix,
        s,
        &bank::QuerySupplyOfRequest {
            denom: "aopen".into(),
        },
    );
    check(
        ix,
        s,
        &bank::QuerySupplyOfResponse {
            amount: Some(coin()),
        },
    );

    // tx
    check(
        ix,
        s,
        &txpb::SimulateRequest {
            tx: Some(tx()),
            tx_bytes: tx().encode_to_vec(),
        },
    );
    check(
        ix,
        s,
        &txpb::SimulateResponse {
            gas_info: Some(abci::GasInfo {
                gas_wanted: 1,
                gas_used: 2,
            }),
            result: Some(abci::Result {
                data: vec![1],
                log: "log".into(),
                events: events(),
                msg_responses: vec![
                    any(&bank::MsgSendResponse {}),
                    any(&bank::MsgMultiSendResponse {}),
                ],
            }),
        },
    );
    check(ix, s, &txpb::GetTxRequest { hash: "AB".into() });
    check(
        ix,
        s,
        &txpb::GetTxResponse {
            tx: Some(tx()),
            tx_response: Some(tx_response()),
        },
    );
    check(
        ix,
        s,
        &txpb::BroadcastTxRequest {
            tx_bytes: vec![1],
            mode: txpb::BroadcastMode::Sync as i32,
        },
    );
    check(
        ix,
        s,
        &txpb::BroadcastTxResponse {
            tx_response: Some(tx_response()),
        },
    );
    check(ix, s, &tx_response());
    check(ix, s, &tx());

    // node
    check(ix, s, &node::ConfigRequest {});
    check(
        ix,
        s,
        &node::ConfigResponse {
            minimum_gas_price: "0.1aopen".into(),
            pruning_keep_recent: "100".into(),
            pruning_interval: "10".into(),
            halt_height: 1000,
        },
    );
    check(ix, s, &node::StatusRequest {});
    check(
        ix,
        s,
        &node::StatusResponse {
            earliest_store_height: 1,
            height: 2,
            timestamp: ts(),
            app_hash: vec![1; 32],
            validator_hash: vec![2; 32],
        },
    );

    // cosmos.base.tendermint
    check(ix, s, &tm::GetNodeInfoRequest {});
    check(
        ix,
        s,
        &tm::GetNodeInfoResponse {
            default_node_info: Some(tendermint_proto::p2p::DefaultNodeInfo {
                protocol_version: Some(tendermint_proto::p2p::ProtocolVersion {
                    p2p: 8,
                    block: 11,
                    app: 1,
                }),
                default_node_id: "id".into(),
                listen_addr: "tcp://0.0.0.0:26656".into(),
                network: "openledger-test-1".into(),
                version: "0.38".into(),
                channels: vec![0x40, 0x20],
                moniker: "node".into(),
                other: Some(tendermint_proto::p2p::DefaultNodeInfoOther {
                    tx_index: "on".into(),
                    rpc_address: "tcp://127.0.0.1:26657".into(),
                }),
            }),
            application_version: Some(tm::VersionInfo {
                name: "openledger".into(),
                app_name: "openledgerd".into(),
                version: "0.1.0".into(),
                git_commit: "abc".into(),
                build_tags: "tags".into(),
                go_version: "none".into(),
                build_deps: vec![tm::Module {
                    path: "p".into(),
                    version: "v".into(),
                    sum: "s".into(),
                }],
                cosmos_sdk_version: "0.50".into(),
            }),
        },
    );
    check(ix, s, &tm::GetSyncingRequest {});
    check(ix, s, &tm::GetSyncingResponse { syncing: true });
    check(ix, s, &tm::GetLatestBlockRequest {});
    let sdk_header = {
        let h = header();
        tm::Header {
            version: h.version,
            chain_id: h.chain_id,
            height: h.height,
            time: h.time,
            last_block_id: h.last_block_id,
            last_commit_hash: h.last_commit_hash,
            data_hash: h.data_hash,
            validators_hash: h.validators_hash,
            next_validators_hash: h.next_validators_hash,
            consensus_hash: h.consensus_hash,
            app_hash: h.app_hash,
            last_results_hash: h.last_results_hash,
            evidence_hash: h.evidence_hash,
            proposer_address: "openvalcons1x".into(),
        }
    };
    check(
        ix,
        s,
        &tm::GetLatestBlockResponse {
            block_id: block_id(),
            block: Some(tmt::Block {
                header: Some(header()),
                data: Some(tmt::Data {
                    txs: vec![vec![1, 2, 3], vec![4]],
                }),
                evidence: evidence(),
                last_commit: Some(commit()),
            }),
            sdk_block: Some(tm::Block {
                header: Some(sdk_header),
                data: Some(tmt::Data { txs: vec![vec![5]] }),
                evidence: evidence(),
                last_commit: Some(commit()),
            }),
        },
    );
    check(
        ix,
        s,
        &tm::AbciQueryRequest {
            data: vec![1],
            path: "/store/bank/key".into(),
            height: 3,
            prove: true,
        },
    );
    check(
        ix,
        s,
        &tm::AbciQueryResponse {
            code: 1,
            log: "log".into(),
            info: "info".into(),
            index: 2,
            key: vec![3],
            value: vec![4],
            proof_ops: Some(tm::ProofOps {
                ops: vec![tm::ProofOp {
                    r#type: "ics23:iavl".into(),
                    key: vec![5],
                    data: vec![6],
                }],
            }),
            height: 7,
            codespace: "sdk".into(),
        },
    );

    // Every described message was walked, and every field it declares was present in some
    // fully populated encoding: the descriptors have no field the prost types lack, and
    // the prost types (populated in full above) have none the descriptors lack. The module
    // services' messages are walked by `grpc_reflection_lists_module_services.rs`.
    assert_every_field_seen(ix, &seen, |full, file| !is_module_message(full, file));
}

// ---------------------------------------------------------------------------------------
// a running gateway

const CHAIN: &str = "openledger-test-1";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn running_gateway_answers_reflection_and_routes_described_methods() {
    use tonic_reflection::pb::v1alpha;

    let dir = tempfile::tempdir().unwrap();
    let alice = TestKey::from_seed(1);
    let mut chain = TestNode::new(
        &dir.path().join("db"),
        CHAIN,
        &genesis_funding(std::slice::from_ref(&alice), 1_000),
    )
    .unwrap();
    chain.block(vec![]).unwrap();
    let gateway = Gateway::start(&chain).await;
    let channel = gateway.channel.clone();

    // v1: list services, then the file declaring the bank Query service, on one stream
    let mut client = Reflection::new(channel.clone());
    let mut stream = client
        .server_reflection_info(futures::stream::iter(vec![
            request(MessageRequest::ListServices(String::new())),
            request(MessageRequest::FileContainingSymbol(
                "cosmos.bank.v1beta1.Query".into(),
            )),
        ]))
        .await
        .unwrap()
        .into_inner();
    let services = listed_services(stream.message().await.unwrap().unwrap());
    for (s, _) in served() {
        assert!(services.contains(*s), "{s} not listed: {services:?}");
    }
    assert!(services.contains("grpc.reflection.v1.ServerReflection"));
    let files = described_files(stream.message().await.unwrap().unwrap())
        .unwrap_or_else(|e| panic!("file containing symbol: {e}"));
    let bank_query = &files[0];
    assert_eq!(bank_query.name(), "cosmos/bank/v1beta1/query.proto");
    assert_eq!(bank_query.package(), "cosmos.bank.v1beta1");
    let query = bank_query
        .service
        .iter()
        .find(|s| s.name() == "Query")
        .expect("bank Query service");
    let balance = query
        .method
        .iter()
        .find(|m| m.name() == "Balance")
        .expect("Balance method");
    assert_eq!(
        balance.input_type(),
        ".cosmos.bank.v1beta1.QueryBalanceRequest"
    );
    assert_eq!(
        balance.output_type(),
        ".cosmos.bank.v1beta1.QueryBalanceResponse"
    );

    // every import is served by name, as a client resolving the file would ask for it
    let fetched: BTreeSet<String> = fetch_imports(&mut client, bank_query)
        .await
        .iter()
        .map(|f| f.name().to_string())
        .collect();
    assert!(
        fetched.contains("cosmos/base/v1beta1/coin.proto"),
        "{fetched:?}"
    );

    // v1alpha, which older clients use
    let mut alpha = v1alpha::server_reflection_client::ServerReflectionClient::new(channel.clone());
    let mut stream = alpha
        .server_reflection_info(futures::stream::iter(vec![
            v1alpha::ServerReflectionRequest {
                host: String::new(),
                message_request: Some(
                    v1alpha::server_reflection_request::MessageRequest::ListServices(String::new()),
                ),
            },
        ]))
        .await
        .unwrap()
        .into_inner();
    match stream.message().await.unwrap().unwrap().message_response {
        Some(v1alpha::server_reflection_response::MessageResponse::ListServicesResponse(l)) => {
            assert!(l
                .service
                .iter()
                .any(|s| s.name == "cosmos.bank.v1beta1.Query"));
        }
        other => panic!("v1alpha list services: {other:?}"),
    }

    // every described method reaches a handler: an empty request may be refused or fail
    // to reach CometBFT, but is never answered as an unknown method
    assert_routed(&channel, served()).await;

    // and the described Balance method answers with the genesis balance
    let mut bank_client = bank::query_client::QueryClient::new(channel);
    let balance = bank_client
        .balance(bank::QueryBalanceRequest {
            address: alice.address.to_string(),
            denom: "aopen".into(),
        })
        .await
        .unwrap()
        .into_inner()
        .balance
        .unwrap();
    assert_eq!(balance.amount, "1000");

    gateway.stop();
}
