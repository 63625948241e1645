//! Helpers of the gRPC reflection tests (`grpc_reflection_describes_served_types.rs` and
//! `grpc_reflection_lists_module_services.rs`), which include this file with
//! `#[path = "support/reflection.rs"] mod reflection;`:
//!
//! * the module query services and the files describing them;
//! * an index of descriptor files, and the self-consistency check of one file;
//! * a walker matching encoded bytes field by field against the descriptors, and the check
//!   that fully populated prost values covered every described field;
//! * a gateway served on a loopback port, and the reflection client calls made to it.

#![allow(dead_code)] // each test uses its own part of these helpers

use std::collections::{BTreeMap, BTreeSet};

use cosmos_sdk_proto::cosmos::base::query::v1beta1::{PageRequest, PageResponse};
use cosmos_sdk_proto::cosmos::base::v1beta1::Coin;
use cosmos_sdk_proto::{Any, Timestamp};
use openledger_app::query::abci::QueryGateway;
use openledger_app::query::grpc::{self, GrpcState};
use openledger_app::testkit::TestNode;
use openledger_app::tx::execute::LocalPolicy;
use prost::{Message, Name};
use prost_types::field_descriptor_proto::{Label, Type};
use prost_types::{DescriptorProto, EnumDescriptorProto, FileDescriptorProto};
use tonic::transport::Channel;
use tonic_reflection::pb::v1;
use v1::server_reflection_request::MessageRequest;
use v1::server_reflection_response::MessageResponse;

// ---------------------------------------------------------------------------------------
// the module services

/// The module services and their methods, as `query::modules` routes them, in the order
/// their `.proto` files declare them.
pub const MODULE_SERVICES: &[(&str, &[&str])] = &[
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
    (
        "openledger.datanets.v1.Query",
        &[
            "Params",
            "Datanet",
            "Datanets",
            "Contribution",
            "ContributionsByDatanet",
            "ContributionsByContributor",
            "Versions",
            "Version",
            "Standing",
            "Access",
            "Claimable",
        ],
    ),
    (
        "openledger.models.v1.Query",
        &[
            "Model", "Models", "Versions", "Version", "Lineage", "History", "Params",
        ],
    ),
    (
        "openledger.attribution.v1.Query",
        &[
            "Params",
            "Operator",
            "Operators",
            "Account",
            "Grants",
            "Receipt",
            "ReceiptsByModel",
            "ReceiptsByUser",
            "ReceiptsByOperator",
            "Earnings",
            "ModelInfluence",
            "TopContributors",
            "TopDatanets",
            "Totals",
        ],
    ),
];

/// The files these services and the modules' transaction messages live in. Their messages'
/// wire format is checked by `grpc_reflection_lists_module_services.rs`, that of all other
/// described messages by `grpc_reflection_describes_served_types.rs`.
pub const MODULE_FILES: &[&str] = &[
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
    "openledger/datanets/v1/datanets.proto",
    "openledger/datanets/v1/query.proto",
    "openledger/datanets/v1/tx.proto",
    "openledger/models/v1/models.proto",
    "openledger/models/v1/query.proto",
    "openledger/models/v1/tx.proto",
    "openledger/attribution/v1/attribution.proto",
    "openledger/attribution/v1/events.proto",
    "openledger/attribution/v1/query.proto",
    "openledger/attribution/v1/tx.proto",
];

/// Messages of shared files that only these modules use.
pub const MODULE_SHARED_MESSAGES: &[&str] = &[
    ".cosmos.base.v1beta1.DecCoin",
    ".cosmos.crypto.ed25519.PubKey",
    ".google.protobuf.Duration",
];

/// Whether the message `full`, declared in `file`, belongs to the module services.
pub fn is_module_message(full: &str, file: &str) -> bool {
    MODULE_FILES.contains(&file) || MODULE_SHARED_MESSAGES.contains(&full)
}

// ---------------------------------------------------------------------------------------
// An index of descriptor files.

pub struct Index {
    /// full name (leading dot) -> message and the file declaring it
    pub messages: BTreeMap<String, (DescriptorProto, String)>,
    pub enums: BTreeMap<String, (EnumDescriptorProto, String)>,
    /// full service name (no leading dot) -> (method, input, output)
    pub services: BTreeMap<String, Vec<(String, String, String)>>,
    pub files: BTreeMap<String, FileDescriptorProto>,
}

impl Index {
    /// Indexes `files`; panics on a file or a symbol (message, enum or service) declared twice.
    pub fn new<'a>(files: impl IntoIterator<Item = &'a FileDescriptorProto>) -> Index {
        let mut ix = Index {
            messages: BTreeMap::new(),
            enums: BTreeMap::new(),
            services: BTreeMap::new(),
            files: BTreeMap::new(),
        };
        let mut symbols = BTreeSet::new();
        for f in files {
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
                let methods = s
                    .method
                    .iter()
                    .map(|m| {
                        (
                            m.name().to_string(),
                            m.input_type().to_string(),
                            m.output_type().to_string(),
                        )
                    })
                    .collect();
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

    pub fn message(&self, full: &str) -> &DescriptorProto {
        &self
            .messages
            .get(full)
            .unwrap_or_else(|| panic!("{full} is not described"))
            .0
    }

    /// The file declaring `full`, if `full` is a message or enum of the index.
    pub fn file_of(&self, full: &str) -> Option<&str> {
        self.messages
            .get(full)
            .map(|(_, f)| f.as_str())
            .or_else(|| self.enums.get(full).map(|(_, f)| f.as_str()))
    }

    /// The method names of every service.
    pub fn method_names(&self) -> BTreeMap<String, Vec<String>> {
        self.services
            .iter()
            .map(|(s, methods)| {
                let names = methods.iter().map(|(m, _, _)| m.clone()).collect();
                (s.clone(), names)
            })
            .collect()
    }

    /// The values of the enum `full`, as (name, number).
    pub fn enum_values(&self, full: &str) -> Vec<(String, i32)> {
        self.enums[full]
            .0
            .value
            .iter()
            .map(|v| (v.name().to_string(), v.number()))
            .collect()
    }

    /// Every message and enum reachable from the message `root`; panics on a name that does
    /// not resolve in the index.
    pub fn reach(&self, root: &str) -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut stack = vec![root.to_string()];
        while let Some(full) = stack.pop() {
            if !seen.insert(full.clone()) {
                continue;
            }
            if self.enums.contains_key(&full) {
                continue;
            }
            for f in &self.message(&full).field {
                match f.r#type() {
                    Type::Message | Type::Enum => {
                        assert!(
                            self.file_of(f.type_name()).is_some(),
                            "{full}.{}: {} does not resolve",
                            f.name(),
                            f.type_name()
                        );
                        stack.push(f.type_name().to_string());
                    }
                    _ => {}
                }
            }
        }
        seen
    }
}

/// Asserts that the described enum `full` has the values of the prost enum, `values` in
/// order, named by `name` (the prost enum's `as_str_name`).
pub fn assert_enum_values<E: Copy + Into<i32>>(
    ix: &Index,
    full: &str,
    values: &[E],
    name: impl Fn(&E) -> &'static str,
) {
    let prost: Vec<(String, i32)> = values
        .iter()
        .map(|v| (name(v).to_string(), (*v).into()))
        .collect();
    assert_eq!(ix.enum_values(full), prost, "{full}");
}

pub fn lower_camel(name: &str) -> String {
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

/// The file `f` of the index `ix` is self-consistent: proto3 with a package; its imports
/// exist, appear in `earlier` (the files before it in the set) and are all used; its fields
/// are well numbered and named, of proto3 labels, with type names that resolve in the file
/// or an import; its oneofs have members, its enums start at 0 without duplicate numbers,
/// and its methods are unary between messages that resolve.
pub fn assert_file_consistent(ix: &Index, f: &FileDescriptorProto, earlier: &BTreeSet<&str>) {
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
    assert_eq!(
        used,
        deps.iter().map(|d| d.to_string()).collect(),
        "{name}: imports"
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
pub type Seen = BTreeMap<String, BTreeSet<i32>>;

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
/// wire type its declared type allows, and at most one member of a oneof may be present;
/// nested messages (and `Any` payloads of described types) are walked in turn.
pub fn walk(ix: &Index, seen: &mut Seen, full: &str, bytes: &[u8], path: &str) {
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

/// Encodes `value` and walks the bytes as its described message.
pub fn check<M: Message + Name>(ix: &Index, seen: &mut Seen, value: &M) {
    let full = format!(".{}", M::full_name());
    walk(ix, seen, &full, &value.encode_to_vec(), &full);
}

/// `bytes` decode as `full` with the descriptors of `ix` (e.g. those served by reflection).
pub fn decodes_as(ix: &Index, full: &str, bytes: &[u8]) -> Seen {
    let mut seen = Seen::new();
    walk(ix, &mut seen, full, bytes, full);
    seen
}

/// Every message of `ix` that `include(full name, file)` selects was walked, and every field
/// it declares was present in some walked encoding; returns how many messages were selected.
pub fn assert_every_field_seen(
    ix: &Index,
    seen: &Seen,
    include: impl Fn(&str, &str) -> bool,
) -> usize {
    let mut covered = 0;
    for (full, (m, file)) in &ix.messages {
        if !include(full, file) {
            continue;
        }
        covered += 1;
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
    covered
}

// fully populated values used by both tests

pub fn any<M: Message + Name>(m: &M) -> Any {
    Any {
        type_url: M::type_url(),
        value: m.encode_to_vec(),
    }
}

pub fn coin() -> Coin {
    Coin {
        denom: "aopen".into(),
        amount: "17".into(),
    }
}

pub fn page_request() -> Option<PageRequest> {
    Some(PageRequest {
        key: vec![1],
        offset: 2,
        limit: 3,
        count_total: true,
        reverse: true,
    })
}

pub fn page_response() -> Option<PageResponse> {
    Some(PageResponse {
        next_key: vec![4],
        total: 5,
    })
}

pub fn ts() -> Option<Timestamp> {
    Some(Timestamp {
        seconds: 1_700_000_000,
        nanos: 7,
    })
}

// ---------------------------------------------------------------------------------------
// a running gateway

/// The gRPC gateway of a test chain, served on a loopback port.
pub struct Gateway {
    /// connected to the gateway
    pub channel: Channel,
    server: tokio::task::JoinHandle<anyhow::Result<()>>,
}

impl Gateway {
    /// Serves the gateway (with reflection) over the store of `chain` and connects to it.
    /// CometBFT is absent: its client points at a loopback port nothing listens on.
    pub async fn start(chain: &TestNode) -> Gateway {
        let gateway = QueryGateway::new(chain.app.storage().clone(), LocalPolicy::default());
        let unused = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap();
        let cometbft =
            tendermint_rpc::HttpClient::new(format!("http://{unused}").as_str()).unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = tokio::spawn(grpc::serve_on(GrpcState { gateway, cometbft }, listener));
        let channel = tonic::transport::Endpoint::from_shared(format!("http://{addr}"))
            .unwrap()
            .connect()
            .await
            .unwrap();
        Gateway { channel, server }
    }

    pub fn stop(self) {
        self.server.abort();
    }
}

/// Every method of `services` reaches a handler: an empty request may be refused (or fail to
/// reach CometBFT), but is never answered as an unknown method.
pub async fn assert_routed<'a>(
    channel: &Channel,
    services: impl IntoIterator<Item = &'a (&'a str, &'a [&'a str])>,
) {
    for (service, methods) in services {
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
}

// ---------------------------------------------------------------------------------------
// gRPC reflection (v1) calls

pub type Reflection = v1::server_reflection_client::ServerReflectionClient<Channel>;

pub fn request(req: MessageRequest) -> v1::ServerReflectionRequest {
    v1::ServerReflectionRequest {
        host: String::new(),
        message_request: Some(req),
    }
}

/// The service names of a list-services response.
pub fn listed_services(resp: v1::ServerReflectionResponse) -> BTreeSet<String> {
    match resp.message_response {
        Some(MessageResponse::ListServicesResponse(l)) => {
            l.service.into_iter().map(|s| s.name).collect()
        }
        other => panic!("list services: {other:?}"),
    }
}

/// The decoded files of a file-descriptor response, or the error it reports.
pub fn described_files(
    resp: v1::ServerReflectionResponse,
) -> Result<Vec<FileDescriptorProto>, String> {
    match resp.message_response {
        Some(MessageResponse::FileDescriptorResponse(f)) => Ok(f
            .file_descriptor_proto
            .iter()
            .map(|b| FileDescriptorProto::decode(b.as_slice()).unwrap())
            .collect()),
        Some(MessageResponse::ErrorResponse(e)) => Err(e.error_message),
        other => Err(format!("unexpected {other:?}")),
    }
}

/// One reflection request, answered with the encoded files of its response.
pub async fn reflect(
    client: &mut Reflection,
    req: MessageRequest,
) -> Result<Vec<FileDescriptorProto>, String> {
    let mut stream = client
        .server_reflection_info(futures::stream::iter(vec![request(req)]))
        .await
        .map_err(|e| e.to_string())?
        .into_inner();
    let resp = stream
        .message()
        .await
        .map_err(|e| e.to_string())?
        .ok_or("no response")?;
    described_files(resp)
}

/// The services reflection lists.
pub async fn list_services(client: &mut Reflection) -> BTreeSet<String> {
    let mut stream = client
        .server_reflection_info(futures::stream::iter(vec![request(
            MessageRequest::ListServices(String::new()),
        )]))
        .await
        .unwrap()
        .into_inner();
    listed_services(stream.message().await.unwrap().unwrap())
}

/// Every file `file` imports, transitively, fetched by name as a client resolving it does.
pub async fn fetch_imports(
    client: &mut Reflection,
    file: &FileDescriptorProto,
) -> Vec<FileDescriptorProto> {
    let mut out = Vec::new();
    let mut fetched = BTreeSet::from([file.name().to_string()]);
    let mut wanted: Vec<String> = file.dependency.clone();
    while let Some(name) = wanted.pop() {
        if !fetched.insert(name.clone()) {
            continue;
        }
        let files = reflect(client, MessageRequest::FileByFilename(name.clone()))
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(files[0].name(), name);
        wanted.extend(files[0].dependency.iter().cloned());
        out.extend(files);
    }
    out
}

/// The file declaring `symbol`, with every file it imports, transitively, as a client fetches
/// them by name.
pub async fn files_for(client: &mut Reflection, symbol: &str) -> Vec<FileDescriptorProto> {
    let mut out = reflect(client, MessageRequest::FileContainingSymbol(symbol.into()))
        .await
        .unwrap_or_else(|e| panic!("{symbol}: {e}"));
    assert_eq!(out.len(), 1, "{symbol}");
    let imports = fetch_imports(client, &out[0]).await;
    out.extend(imports);
    out
}
