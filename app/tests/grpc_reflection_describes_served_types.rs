//! The gRPC reflection descriptors describe what the gateway really serves:
//!
//! * the descriptor set is self-consistent (names resolve, imports exist and are ordered);
//! * every described message matches the wire format of its prost type: fully populated
//!   prost values are encoded and the bytes are walked field by field with the descriptors;
//! * a running gateway answers reflection requests (v1 and v1alpha) and routes every
//!   described method to a real handler.

use std::collections::{BTreeMap, BTreeSet};

use cosmos_sdk_proto::cosmos::auth::v1beta1 as auth;
use cosmos_sdk_proto::cosmos::bank::v1beta1 as bank;
use cosmos_sdk_proto::cosmos::base::abci::v1beta1 as abci;
use cosmos_sdk_proto::cosmos::base::node::v1beta1 as node;
use cosmos_sdk_proto::cosmos::base::query::v1beta1::{PageRequest, PageResponse};
use cosmos_sdk_proto::cosmos::base::tendermint::v1beta1 as tm;
use cosmos_sdk_proto::cosmos::base::v1beta1::Coin;
use cosmos_sdk_proto::cosmos::crypto::multisig::v1beta1::CompactBitArray;
use cosmos_sdk_proto::cosmos::crypto::secp256k1::PubKey;
use cosmos_sdk_proto::cosmos::tx::signing::v1beta1::SignMode;
use cosmos_sdk_proto::cosmos::tx::v1beta1 as txpb;
use cosmos_sdk_proto::Any;
use openledger_app::query::abci::QueryGateway;
use openledger_app::query::dispatch_grpc::{
    DispatchService, DistributionQuery, GopenQuery, GovQuery, SlashingQuery, StakingQuery,
};
use openledger_app::query::grpc::{self, GrpcState};
use openledger_app::query::reflection::{encoded_file_descriptor_set, file_descriptor_set};
use openledger_app::testkit::{genesis_funding, TestKey, TestNode};
use openledger_app::tx::execute::LocalPolicy;
use prost::{Message, Name};
use prost_types::field_descriptor_proto::{Label, Type};
use prost_types::{DescriptorProto, EnumDescriptorProto, FileDescriptorProto, FileDescriptorSet};
use tendermint_proto::google::protobuf::Timestamp;
use tendermint_proto::types as tmt;

// ---------------------------------------------------------------------------------------
// An index of the descriptor set.

struct Index {
    /// full name (leading dot) -> message and the file declaring it
    messages: BTreeMap<String, (DescriptorProto, String)>,
    enums: BTreeMap<String, (EnumDescriptorProto, String)>,
    /// full service name -> method names
    services: BTreeMap<String, Vec<String>>,
    files: BTreeMap<String, FileDescriptorProto>,
}

impl Index {
    fn new(set: &FileDescriptorSet) -> Index {
        let mut ix = Index {
            messages: BTreeMap::new(),
            enums: BTreeMap::new(),
            services: BTreeMap::new(),
            files: BTreeMap::new(),
        };
        let mut symbols = BTreeSet::new();
        for f in &set.file {
            let scope = format!(".{}", f.package());
            for m in &f.message_type {
                ix.add_message(&mut symbols, &scope, m, f.name());
            }
            for e in &f.enum_type {
                ix.add_enum(&mut symbols, &scope, e, f.name());
            }
            for s in &f.service {
                let full = format!("{scope}.{}", s.name());
                assert!(symbols.insert(full.clone()), "duplicate symbol {full}");
                let methods = s.method.iter().map(|m| m.name().to_string()).collect();
                ix.services.insert(full[1..].to_string(), methods);
            }
            assert!(
                ix.files.insert(f.name().to_string(), f.clone()).is_none(),
                "duplicate file {}",
                f.name()
            );
        }
        ix
    }

    fn add_message(
        &mut self,
        symbols: &mut BTreeSet<String>,
        scope: &str,
        m: &DescriptorProto,
        file: &str,
    ) {
        let full = format!("{scope}.{}", m.name());
        assert!(symbols.insert(full.clone()), "duplicate symbol {full}");
        for n in &m.nested_type {
            self.add_message(symbols, &full, n, file);
        }
        for e in &m.enum_type {
            self.add_enum(symbols, &full, e, file);
        }
        self.messages.insert(full, (m.clone(), file.to_string()));
    }

    fn add_enum(
        &mut self,
        symbols: &mut BTreeSet<String>,
        scope: &str,
        e: &EnumDescriptorProto,
        file: &str,
    ) {
        let full = format!("{scope}.{}", e.name());
        assert!(symbols.insert(full.clone()), "duplicate symbol {full}");
        self.enums.insert(full, (e.clone(), file.to_string()));
    }

    fn message(&self, full: &str) -> &DescriptorProto {
        &self
            .messages
            .get(full)
            .unwrap_or_else(|| panic!("{full} is not described"))
            .0
    }

    /// The file declaring `full`, if `full` is a message or enum of the set.
    fn file_of(&self, full: &str) -> Option<&str> {
        self.messages
            .get(full)
            .map(|(_, f)| f.as_str())
            .or_else(|| self.enums.get(full).map(|(_, f)| f.as_str()))
    }
}

fn lower_camel(name: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// self-consistency

/// What the gateway serves, as `grpc.rs` implements it and, for the module services,
/// `query::modules` routes it.
const SERVED: &[(&str, &[&str])] = &[
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
    (
        "cosmos.staking.v1beta1.Query",
        &[
            "Validators",
            "Validator",
            "ValidatorDelegations",
            "ValidatorUnbondingDelegations",
            "Delegation",
            "UnbondingDelegation",
            "DelegatorDelegations",
            "DelegatorUnbondingDelegations",
            "Redelegations",
            "DelegatorValidators",
            "DelegatorValidator",
            "HistoricalInfo",
            "Pool",
            "Params",
        ],
    ),
    (
        "cosmos.distribution.v1beta1.Query",
        &[
            "Params",
            "ValidatorDistributionInfo",
            "ValidatorOutstandingRewards",
            "ValidatorCommission",
            "ValidatorSlashes",
            "DelegationRewards",
            "DelegationTotalRewards",
            "DelegatorValidators",
            "DelegatorWithdrawAddress",
            "CommunityPool",
        ],
    ),
    (
        "cosmos.slashing.v1beta1.Query",
        &["Params", "SigningInfo", "SigningInfos"],
    ),
    (
        "cosmos.gov.v1.Query",
        &[
            "Constitution",
            "Proposal",
            "Proposals",
            "Vote",
            "Votes",
            "Params",
            "Deposit",
            "Deposits",
            "TallyResult",
        ],
    ),
    (
        "openledger.gov.v1.Query",
        &["GovernancePower", "TotalPower"],
    ),
];

/// Described messages whose wire format `grpc_reflection_lists_module_services.rs` checks:
/// those of these files, and the shared messages only they use.
const MODULE_FILES: &[&str] = &[
    "cosmos/staking/v1beta1/staking.proto",
    "cosmos/staking/v1beta1/query.proto",
    "cosmos/staking/v1beta1/tx.proto",
    "cosmos/distribution/v1beta1/distribution.proto",
    "cosmos/distribution/v1beta1/query.proto",
    "cosmos/distribution/v1beta1/tx.proto",
    "cosmos/slashing/v1beta1/slashing.proto",
    "cosmos/slashing/v1beta1/query.proto",
    "cosmos/slashing/v1beta1/tx.proto",
    "cosmos/gov/v1/gov.proto",
    "cosmos/gov/v1/query.proto",
    "cosmos/gov/v1/tx.proto",
    "openledger/gov/v1/gopen.proto",
    "openledger/gov/v1/query.proto",
    "openledger/gov/v1/tx.proto",
];
const MODULE_SHARED_MESSAGES: &[&str] = &[
    ".cosmos.base.v1beta1.DecCoin",
    ".cosmos.crypto.ed25519.PubKey",
    ".google.protobuf.Duration",
];

#[test]
fn descriptor_set_is_self_consistent() {
    let set = file_descriptor_set();
    assert_eq!(
        FileDescriptorSet::decode(encoded_file_descriptor_set().as_slice()).unwrap(),
        set,
        "the encoded set decodes to the same descriptors"
    );
    let ix = Index::new(&set);

    // files: proto3, a package, imports that exist and come earlier, no unused import
    let mut earlier = BTreeSet::new();
    for f in &set.file {
        let name = f.name();
        assert!(name.ends_with(".proto"), "{name}");
        assert_eq!(f.syntax(), "proto3", "{name}");
        assert!(!f.package().is_empty(), "{name} has no package");
        let deps: BTreeSet<&str> = f.dependency.iter().map(String::as_str).collect();
        assert_eq!(
            deps.len(),
            f.dependency.len(),
            "{name} imports a file twice"
        );
        for d in &deps {
            assert_ne!(*d, name, "{name} imports itself");
            assert!(ix.files.contains_key(*d), "{name} imports unknown {d}");
            assert!(earlier.contains(*d), "{name} comes before its import {d}");
        }

        let mut used = BTreeSet::new();
        let mut refer = |full: &str, what: &str| {
            let file = ix
                .file_of(full)
                .unwrap_or_else(|| panic!("{what}: {full} does not resolve"));
            assert!(
                file == name || deps.contains(file),
                "{what}: {full} is in {file}, which {name} does not import"
            );
            if file != name {
                used.insert(file.to_string());
            }
        };
        let scope = format!(".{}", f.package());
        let mut stack: Vec<(String, &DescriptorProto)> = f
            .message_type
            .iter()
            .map(|m| (format!("{scope}.{}", m.name()), m))
            .collect();
        while let Some((full, m)) = stack.pop() {
            stack.extend(
                m.nested_type
                    .iter()
                    .map(|n| (format!("{full}.{}", n.name()), n)),
            );
            let mut numbers = BTreeSet::new();
            let mut names = BTreeSet::new();
            let mut oneof_members = vec![0; m.oneof_decl.len()];
            for fd in &m.field {
                let what = format!("{full}.{}", fd.name());
                let n = fd.number();
                assert!(
                    (1..=536_870_911).contains(&n) && !(19_000..=19_999).contains(&n),
                    "{what}: bad number {n}"
                );
                assert!(numbers.insert(n), "{what}: number {n} used twice");
                assert!(names.insert(fd.name()), "{what}: name used twice");
                assert!(
                    m.reserved_range
                        .iter()
                        .all(|r| n < r.start() || n >= r.end()),
                    "{what}: number {n} is reserved"
                );
                assert_eq!(fd.json_name(), lower_camel(fd.name()), "{what}: json_name");
                assert!(
                    matches!(fd.label(), Label::Optional | Label::Repeated),
                    "{what}: proto3 has no required fields"
                );
                assert!(fd.r#type.is_some(), "{what}: no type");
                match fd.r#type() {
                    Type::Message => {
                        assert!(ix.messages.contains_key(fd.type_name()), "{what}");
                        refer(fd.type_name(), &what);
                    }
                    Type::Enum => {
                        assert!(ix.enums.contains_key(fd.type_name()), "{what}");
                        refer(fd.type_name(), &what);
                    }
                    Type::Group => panic!("{what}: groups are not proto3"),
                    _ => assert!(fd.type_name.is_none(), "{what}: scalar with a type name"),
                }
                if let Some(i) = fd.oneof_index {
                    let i = usize::try_from(i).unwrap();
                    assert!(i < m.oneof_decl.len(), "{what}: oneof index out of range");
                    assert_eq!(fd.label(), Label::Optional, "{what}: repeated in a oneof");
                    oneof_members[i] += 1;
                }
            }
            assert!(
                oneof_members.iter().all(|&c| c > 0),
                "{full}: a oneof without members"
            );
        }
        for e in &f.enum_type {
            let values: BTreeSet<i32> = e.value.iter().map(|v| v.number()).collect();
            assert_eq!(
                values.len(),
                e.value.len(),
                "{}: duplicate number",
                e.name()
            );
            assert_eq!(e.value.first().map(|v| v.number()), Some(0), "{}", e.name());
        }
        for s in &f.service {
            for m in &s.method {
                let what = format!("{}.{}/{}", f.package(), s.name(), m.name());
                for t in [m.input_type(), m.output_type()] {
                    assert!(ix.messages.contains_key(t), "{what}: {t} is not a message");
                    refer(t, &what);
                }
                assert!(!m.client_streaming() && !m.server_streaming(), "{what}");
            }
        }
        assert_eq!(used, deps.iter().map(|d| d.to_string()).collect(), "{name}");
        earlier.insert(name);
    }

    // exactly the served services and methods, named as the tonic servers route them
    let served: BTreeMap<String, Vec<String>> = SERVED
        .iter()
        .map(|(s, ms)| (s.to_string(), ms.iter().map(|m| m.to_string()).collect()))
        .collect();
    assert_eq!(ix.services, served);
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
    let numbers = |full: &str| -> Vec<(String, i32)> {
        ix.enums[full]
            .0
            .value
            .iter()
            .map(|v| (v.name().to_string(), v.number()))
            .collect()
    };
    let sign_modes = [
        SignMode::Unspecified,
        SignMode::Direct,
        SignMode::Textual,
        SignMode::DirectAux,
        SignMode::LegacyAminoJson,
        SignMode::Eip191,
    ];
    assert_eq!(
        numbers(".cosmos.tx.signing.v1beta1.SignMode"),
        sign_modes
            .iter()
            .map(|m| (m.as_str_name().to_string(), *m as i32))
            .collect::<Vec<_>>()
    );
    let broadcast = [
        txpb::BroadcastMode::Unspecified,
        txpb::BroadcastMode::Block,
        txpb::BroadcastMode::Sync,
        txpb::BroadcastMode::Async,
    ];
    assert_eq!(
        numbers(".cosmos.tx.v1beta1.BroadcastMode"),
        broadcast
            .iter()
            .map(|m| (m.as_str_name().to_string(), *m as i32))
            .collect::<Vec<_>>()
    );
    let flags = [
        tmt::BlockIdFlag::Unknown,
        tmt::BlockIdFlag::Absent,
        tmt::BlockIdFlag::Commit,
        tmt::BlockIdFlag::Nil,
    ];
    assert_eq!(
        numbers(".tendermint.types.BlockIDFlag"),
        flags
            .iter()
            .map(|m| (m.as_str_name().to_string(), *m as i32))
            .collect::<Vec<_>>()
    );
    let msg_types = [
        tmt::SignedMsgType::Unknown,
        tmt::SignedMsgType::Prevote,
        tmt::SignedMsgType::Precommit,
        tmt::SignedMsgType::Proposal,
    ];
    assert_eq!(
        numbers(".tendermint.types.SignedMsgType"),
        msg_types
            .iter()
            .map(|m| (m.as_str_name().to_string(), *m as i32))
            .collect::<Vec<_>>()
    );
}

// ---------------------------------------------------------------------------------------
// descriptors against prost encodings

#[derive(Debug)]
enum Value<'a> {
    Varint(u64),
    Fixed64,
    Len(&'a [u8]),
    Fixed32,
}

struct Reader<'a> {
    buf: &'a [u8],
}

impl<'a> Reader<'a> {
    fn varint(&mut self) -> u64 {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let (&b, rest) = self.buf.split_first().expect("truncated varint");
            self.buf = rest;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return v;
            }
        }
        panic!("varint longer than 10 bytes")
    }

    fn take(&mut self, n: usize) -> &'a [u8] {
        assert!(n <= self.buf.len(), "truncated field");
        let (head, rest) = self.buf.split_at(n);
        self.buf = rest;
        head
    }

    fn field(&mut self) -> Option<(i32, Value<'a>)> {
        if self.buf.is_empty() {
            return None;
        }
        let key = self.varint();
        let number = i32::try_from(key >> 3).expect("field number");
        let value = match key & 7 {
            0 => Value::Varint(self.varint()),
            1 => {
                self.take(8);
                Value::Fixed64
            }
            2 => {
                let n = usize::try_from(self.varint()).unwrap();
                Value::Len(self.take(n))
            }
            5 => {
                self.take(4);
                Value::Fixed32
            }
            w => panic!("field {number}: wire type {w} (groups) is not proto3"),
        };
        Some((number, value))
    }
}

/// Field numbers seen in walked bytes, per message.
type Seen = BTreeMap<String, BTreeSet<i32>>;

fn scalar_fits(t: Type, v: &Value) -> bool {
    use Type::*;
    match v {
        Value::Varint(_) => matches!(
            t,
            Int32 | Int64 | Uint32 | Uint64 | Sint32 | Sint64 | Bool | Enum
        ),
        Value::Fixed64 => matches!(t, Fixed64 | Sfixed64 | Double),
        Value::Fixed32 => matches!(t, Fixed32 | Sfixed32 | Float),
        Value::Len(_) => matches!(t, String | Bytes | Message),
    }
}

/// Walks `bytes` as the message `full`: every field in the bytes must be declared with a
/// wire type its declared type allows; nested messages (and `Any` payloads of described
/// types) are walked in turn.
fn walk(ix: &Index, seen: &mut Seen, full: &str, bytes: &[u8], path: &str) {
    let msg = ix.message(full);
    seen.entry(full.to_string()).or_default();
    let mut once = BTreeSet::new();
    let mut r = Reader { buf: bytes };
    while let Some((number, value)) = r.field() {
        let fd = msg
            .field
            .iter()
            .find(|f| f.number() == number)
            .unwrap_or_else(|| panic!("{path}: field {number} is not declared in {full}"));
        let here = format!("{path}.{}", fd.name());
        let t = fd.r#type();
        match (&value, t) {
            (Value::Len(b), Type::Message) => walk(ix, seen, fd.type_name(), b, &here),
            (Value::Len(b), Type::String) => {
                assert!(std::str::from_utf8(b).is_ok(), "{here}: not UTF-8")
            }
            (Value::Varint(v), Type::Enum) => {
                let e = &ix.enums[fd.type_name()].0;
                assert!(
                    e.value.iter().any(|x| i64::from(x.number()) == *v as i64),
                    "{here}: {v} is not a value of {}",
                    fd.type_name()
                );
            }
            (Value::Len(b), _) if fd.label() == Label::Repeated && t != Type::Bytes => {
                // packed scalars
                assert!(!matches!(t, Type::String | Type::Message), "{here}");
                let mut p = Reader { buf: b };
                while !p.buf.is_empty() {
                    p.varint();
                }
            }
            (v, t) => assert!(scalar_fits(t, v), "{here}: {v:?} does not fit {t:?}"),
        }
        if fd.label() != Label::Repeated {
            assert!(once.insert(number), "{here}: singular field repeated");
        }
        if let Some(o) = fd.oneof_index {
            let members: Vec<i32> = msg
                .field
                .iter()
                .filter(|f| f.oneof_index == Some(o))
                .map(|f| f.number())
                .collect();
            assert_eq!(
                members.iter().filter(|n| once.contains(n)).count(),
                1,
                "{here}: two members of one oneof"
            );
        }
        seen.entry(full.to_string()).or_default().insert(number);
    }
    if full == ".google.protobuf.Any" {
        let any = Any::decode(bytes).unwrap();
        let packed = format!(".{}", any.type_url.trim_start_matches('/'));
        if ix.messages.contains_key(&packed) {
            walk(ix, seen, &packed, &any.value, &format!("{path}<{packed}>"));
        }
    }
}

fn check<M: Message + Name>(ix: &Index, seen: &mut Seen, value: &M) {
    let full = format!(".{}", M::full_name());
    walk(ix, seen, &full, &value.encode_to_vec(), &full);
}

fn any<M: Message + Name>(m: &M) -> Any {
    Any {
        type_url: M::type_url(),
        value: m.encode_to_vec(),
    }
}

fn opaque_any() -> Any {
    Any {
        type_url: "/openledger.test.Opaque".into(),
        value: vec![8, 1],
    }
}

fn coin() -> Coin {
    Coin {
        denom: "aopen".into(),
        amount: "17".into(),
    }
}

fn page_request() -> Option<PageRequest> {
    Some(PageRequest {
        key: vec![1],
        offset: 2,
        limit: 3,
        count_total: true,
        reverse: true,
    })
}

fn page_response() -> Option<PageResponse> {
    Some(PageResponse {
        next_key: vec![4],
        total: 5,
    })
}

fn ts() -> Option<Timestamp> {
    Some(Timestamp {
        seconds: 1_700_000_000,
        nanos: 7,
    })
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
    let ix = Index::new(&file_descriptor_set());
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
    for (full, (m, file)) in &ix.messages {
        if MODULE_FILES.contains(&file.as_str()) || MODULE_SHARED_MESSAGES.contains(&full.as_str())
        {
            continue;
        }
        let present = seen
            .get(full)
            .unwrap_or_else(|| panic!("{full} was never checked against a prost encoding"));
        for f in &m.field {
            assert!(
                present.contains(&f.number()),
                "{full}.{} ({}) never appeared in an encoding",
                f.name(),
                f.number()
            );
        }
    }
}

// ---------------------------------------------------------------------------------------
// a running gateway

const CHAIN: &str = "openledger-test-1";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn running_gateway_answers_reflection_and_routes_described_methods() {
    use tonic_reflection::pb::{v1, v1alpha};

    let dir = tempfile::tempdir().unwrap();
    let alice = TestKey::from_seed(1);
    let mut chain = TestNode::new(
        &dir.path().join("db"),
        CHAIN,
        &genesis_funding(std::slice::from_ref(&alice), 1_000),
    )
    .unwrap();
    chain.block(vec![]).unwrap();
    let gateway = QueryGateway::new(chain.app.storage().clone(), LocalPolicy::default());
    // CometBFT is absent: its client points at a loopback port nothing listens on.
    let unused = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let cometbft = tendermint_rpc::HttpClient::new(format!("http://{unused}").as_str()).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(grpc::serve_on(GrpcState { gateway, cometbft }, listener));
    let channel = tonic::transport::Endpoint::from_shared(format!("http://{addr}"))
        .unwrap()
        .connect()
        .await
        .unwrap();

    // v1: list services, then the file declaring the bank Query service
    let mut client = v1::server_reflection_client::ServerReflectionClient::new(channel.clone());
    let ask = |req: v1::server_reflection_request::MessageRequest| v1::ServerReflectionRequest {
        host: String::new(),
        message_request: Some(req),
    };
    let mut stream = client
        .server_reflection_info(futures::stream::iter(vec![
            ask(v1::server_reflection_request::MessageRequest::ListServices(
                String::new(),
            )),
            ask(
                v1::server_reflection_request::MessageRequest::FileContainingSymbol(
                    "cosmos.bank.v1beta1.Query".into(),
                ),
            ),
        ]))
        .await
        .unwrap()
        .into_inner();
    use v1::server_reflection_response::MessageResponse;
    let services: BTreeSet<String> = match stream.message().await.unwrap().unwrap().message_response
    {
        Some(MessageResponse::ListServicesResponse(l)) => {
            l.service.into_iter().map(|s| s.name).collect()
        }
        other => panic!("list services: {other:?}"),
    };
    for (s, _) in SERVED {
        assert!(services.contains(*s), "{s} not listed: {services:?}");
    }
    assert!(services.contains("grpc.reflection.v1.ServerReflection"));
    let files = match stream.message().await.unwrap().unwrap().message_response {
        Some(MessageResponse::FileDescriptorResponse(f)) => f.file_descriptor_proto,
        other => panic!("file containing symbol: {other:?}"),
    };
    let bank_query = FileDescriptorProto::decode(files[0].as_slice()).unwrap();
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
    let mut wanted: Vec<String> = bank_query.dependency.clone();
    let mut fetched = BTreeSet::new();
    while let Some(name) = wanted.pop() {
        if !fetched.insert(name.clone()) {
            continue;
        }
        let mut s = client
            .server_reflection_info(futures::stream::iter(vec![ask(
                v1::server_reflection_request::MessageRequest::FileByFilename(name.clone()),
            )]))
            .await
            .unwrap()
            .into_inner();
        match s.message().await.unwrap().unwrap().message_response {
            Some(MessageResponse::FileDescriptorResponse(f)) => {
                let fd =
                    FileDescriptorProto::decode(f.file_descriptor_proto[0].as_slice()).unwrap();
                assert_eq!(fd.name(), name);
                wanted.extend(fd.dependency);
            }
            other => panic!("file {name}: {other:?}"),
        }
    }
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
    for (service, methods) in SERVED {
        for method in *methods {
            let mut raw = tonic::client::Grpc::new(channel.clone());
            raw.ready().await.unwrap();
            let path =
                tonic::codegen::http::uri::PathAndQuery::try_from(format!("/{service}/{method}"))
                    .unwrap();
            let r = raw
                .unary(
                    tonic::Request::new(()),
                    path,
                    tonic::codec::ProstCodec::<(), ()>::default(),
                )
                .await;
            if let Err(status) = r {
                assert_ne!(
                    status.code(),
                    tonic::Code::Unimplemented,
                    "{service}/{method}: {status:?}"
                );
            }
        }
    }

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

    server.abort();
}
