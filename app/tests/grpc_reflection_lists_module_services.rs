//! gRPC reflection describes the module query services the gateway answers through the ABCI
//! query dispatcher (staking, distribution, slashing, gov v1 and `openledger.gov.v1`), and the
//! transaction messages of those modules:
//!
//! * the files declaring them are self-consistent, and every message they declare matches the
//!   wire format of its prost type (fully populated values are encoded and the bytes walked
//!   field by field with the descriptors);
//! * a running gateway over a genesis with validators lists each service over real gRPC
//!   reflection, every method's input and output resolve (with every message and enum they
//!   reach) through the files reflection serves, and one method per service answers a real
//!   encoded request with a response those reflected descriptors decode.

#![allow(deprecated)] // some described fields are deprecated but still on the wire

use std::collections::{BTreeMap, BTreeSet};

use cosmos_sdk_proto::cosmos::base::query::v1beta1::{PageRequest, PageResponse};
use cosmos_sdk_proto::cosmos::base::v1beta1::{Coin, DecCoin};
use cosmos_sdk_proto::cosmos::crypto::ed25519;
use cosmos_sdk_proto::cosmos::distribution::v1beta1 as distr;
use cosmos_sdk_proto::cosmos::gov::v1 as gov;
use cosmos_sdk_proto::cosmos::slashing::v1beta1 as slashing;
use cosmos_sdk_proto::cosmos::staking::v1beta1 as staking;
use cosmos_sdk_proto::{Any, Timestamp};
use openledger_app::query::abci::QueryGateway;
use openledger_app::query::grpc::{self, GrpcState};
use openledger_app::query::reflection::file_descriptor_set;
use openledger_app::testkit::{consensus_key, genesis_with_validators, TestKey, TestNode};
use openledger_app::tx::execute::LocalPolicy;
use openledger_framework::{consensus_address, Address, VALCONS_PREFIX, VALOPER_PREFIX};
use openledger_gov::proto as gopen;
use prost::{Message, Name};
use prost_types::field_descriptor_proto::{Label, Type};
use prost_types::{DescriptorProto, EnumDescriptorProto, FileDescriptorProto};
use tendermint_proto::google::protobuf::Duration;

/// The module services and their methods, as `query::modules` routes them.
const MODULE_SERVICES: &[(&str, &[&str])] = &[
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

/// The files these services and the modules' transaction messages live in.
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

/// Messages of shared files that only these modules use.
const SHARED_MESSAGES: &[&str] = &[
    ".cosmos.base.v1beta1.DecCoin",
    ".cosmos.crypto.ed25519.PubKey",
    ".google.protobuf.Duration",
];

// ---------------------------------------------------------------------------------------
// An index of descriptor files.

#[derive(Default)]
struct Index {
    /// full name (leading dot) -> message and the file declaring it
    messages: BTreeMap<String, (DescriptorProto, String)>,
    enums: BTreeMap<String, (EnumDescriptorProto, String)>,
    /// full service name (no leading dot) -> (method, input, output)
    services: BTreeMap<String, Vec<(String, String, String)>>,
    files: BTreeMap<String, FileDescriptorProto>,
}

impl Index {
    fn new<'a>(files: impl IntoIterator<Item = &'a FileDescriptorProto>) -> Index {
        let mut ix = Index::default();
        for f in files {
            let scope = format!(".{}", f.package());
            for m in &f.message_type {
                ix.add_message(&scope, m, f.name());
            }
            for e in &f.enum_type {
                ix.add_enum(&scope, e, f.name());
            }
            for s in &f.service {
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
                let full = format!("{}.{}", f.package(), s.name());
                assert!(
                    ix.services.insert(full.clone(), methods).is_none(),
                    "{full}"
                );
            }
            assert!(
                ix.files.insert(f.name().to_string(), f.clone()).is_none(),
                "duplicate file {}",
                f.name()
            );
        }
        ix
    }

    fn add_message(&mut self, scope: &str, m: &DescriptorProto, file: &str) {
        let full = format!("{scope}.{}", m.name());
        for n in &m.nested_type {
            self.add_message(&full, n, file);
        }
        for e in &m.enum_type {
            self.add_enum(&full, e, file);
        }
        let dup = self
            .messages
            .insert(full.clone(), (m.clone(), file.to_string()));
        assert!(dup.is_none(), "duplicate message {full}");
    }

    fn add_enum(&mut self, scope: &str, e: &EnumDescriptorProto, file: &str) {
        let full = format!("{scope}.{}", e.name());
        let dup = self
            .enums
            .insert(full.clone(), (e.clone(), file.to_string()));
        assert!(dup.is_none(), "duplicate enum {full}");
    }

    fn message(&self, full: &str) -> &DescriptorProto {
        &self
            .messages
            .get(full)
            .unwrap_or_else(|| panic!("{full} is not described"))
            .0
    }

    fn file_of(&self, full: &str) -> Option<&str> {
        self.messages
            .get(full)
            .map(|(_, f)| f.as_str())
            .or_else(|| self.enums.get(full).map(|(_, f)| f.as_str()))
    }

    /// Every message and enum reachable from the message `root`; panics on a name that does
    /// not resolve in the index.
    fn reach(&self, root: &str) -> BTreeSet<String> {
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
// the descriptor set

#[test]
fn module_files_are_self_consistent_and_declare_the_served_methods() {
    let set = file_descriptor_set();
    let ix = Index::new(&set.file);

    let position = |name: &str| set.file.iter().position(|f| f.name() == name);
    for name in MODULE_FILES {
        let at = position(name).unwrap_or_else(|| panic!("{name} is not in the set"));
        let f = &set.file[at];
        assert_eq!(f.syntax(), "proto3", "{name}");
        for d in &f.dependency {
            let dep_at = position(d).unwrap_or_else(|| panic!("{name} imports unknown {d}"));
            assert!(dep_at < at, "{name} comes before its import {d}");
        }
        // every type name resolves, in this file or one it imports, and every import is used
        let mut used = BTreeSet::new();
        let mut refer = |full: &str, what: &str| {
            let file = ix
                .file_of(full)
                .unwrap_or_else(|| panic!("{what}: {full} does not resolve"));
            assert!(
                file == *name || f.dependency.iter().any(|d| d == file),
                "{what}: {full} is in {file}, which {name} does not import"
            );
            if file != *name {
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
            for fd in &m.field {
                let what = format!("{full}.{}", fd.name());
                assert!(numbers.insert(fd.number()), "{what}: number used twice");
                assert!(
                    m.reserved_range
                        .iter()
                        .all(|r| fd.number() < r.start() || fd.number() >= r.end()),
                    "{what}: reserved number"
                );
                assert_eq!(fd.json_name(), lower_camel(fd.name()), "{what}");
                assert!(matches!(fd.label(), Label::Optional | Label::Repeated));
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
                    _ => assert!(fd.type_name.is_none(), "{what}"),
                }
            }
        }
        for s in &f.service {
            for m in &s.method {
                let what = format!("{}.{}/{}", f.package(), s.name(), m.name());
                for t in [m.input_type(), m.output_type()] {
                    assert!(ix.messages.contains_key(t), "{what}: {t} is not a message");
                    refer(t, &what);
                }
            }
        }
        let deps: BTreeSet<String> = f.dependency.iter().cloned().collect();
        assert_eq!(used, deps, "{name}: imports");
    }

    // the five services, with exactly the routed methods, each reaching only described types
    for (service, methods) in MODULE_SERVICES {
        let described = ix
            .services
            .get(*service)
            .unwrap_or_else(|| panic!("{service} is not described"));
        let names: Vec<&str> = described.iter().map(|(m, _, _)| m.as_str()).collect();
        assert_eq!(names, *methods, "{service}");
        for (method, input, output) in described {
            let (pkg, _) = service.rsplit_once('.').unwrap();
            for t in [input, output] {
                assert!(
                    t.starts_with(&format!(".{pkg}.")),
                    "{service}/{method}: {t} is outside the package"
                );
                ix.reach(t);
            }
        }
    }
    // the Msg services are not served by the gateway, so they are not described
    for pkg in [
        "cosmos.staking.v1beta1",
        "cosmos.distribution.v1beta1",
        "cosmos.slashing.v1beta1",
        "cosmos.gov.v1",
        "openledger.gov.v1",
    ] {
        assert!(
            !ix.services.contains_key(&format!("{pkg}.Msg")),
            "{pkg}.Msg"
        );
    }

    // enum values named and numbered as the prost enums have them
    let values = |full: &str| -> Vec<(String, i32)> {
        ix.enums[full]
            .0
            .value
            .iter()
            .map(|v| (v.name().to_string(), v.number()))
            .collect()
    };
    let bond = [
        staking::BondStatus::Unspecified,
        staking::BondStatus::Unbonded,
        staking::BondStatus::Unbonding,
        staking::BondStatus::Bonded,
    ];
    assert_eq!(
        values(".cosmos.staking.v1beta1.BondStatus"),
        bond.iter()
            .map(|v| (v.as_str_name().to_string(), *v as i32))
            .collect::<Vec<_>>()
    );
    let status = [
        gov::ProposalStatus::Unspecified,
        gov::ProposalStatus::DepositPeriod,
        gov::ProposalStatus::VotingPeriod,
        gov::ProposalStatus::Passed,
        gov::ProposalStatus::Rejected,
        gov::ProposalStatus::Failed,
    ];
    assert_eq!(
        values(".cosmos.gov.v1.ProposalStatus"),
        status
            .iter()
            .map(|v| (v.as_str_name().to_string(), *v as i32))
            .collect::<Vec<_>>()
    );
    let option = [
        gov::VoteOption::Unspecified,
        gov::VoteOption::Yes,
        gov::VoteOption::Abstain,
        gov::VoteOption::No,
        gov::VoteOption::NoWithVeto,
    ];
    assert_eq!(
        values(".cosmos.gov.v1.VoteOption"),
        option
            .iter()
            .map(|v| (v.as_str_name().to_string(), *v as i32))
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

/// Walks `bytes` as the message `full`: every field in the bytes must be declared with a wire
/// type its declared type allows; nested messages (and `Any` payloads of described types) are
/// walked in turn.
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

fn coin() -> Coin {
    Coin {
        denom: "aopen".into(),
        amount: "17".into(),
    }
}

fn dec_coin() -> DecCoin {
    DecCoin {
        denom: "aopen".into(),
        amount: "17000000000000000000".into(),
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

fn duration() -> Option<Duration> {
    Some(Duration {
        seconds: 1_814_400,
        nanos: 9,
    })
}

fn ed25519_key() -> Any {
    any(&ed25519::PubKey { key: vec![3; 32] })
}

fn description() -> staking::Description {
    staking::Description {
        moniker: "moniker".into(),
        identity: "identity".into(),
        website: "https://example.org".into(),
        security_contact: "sec@example.org".into(),
        details: "details".into(),
    }
}

fn commission_rates() -> staking::CommissionRates {
    staking::CommissionRates {
        rate: "100000000000000000".into(),
        max_rate: "200000000000000000".into(),
        max_change_rate: "10000000000000000".into(),
    }
}

fn validator() -> staking::Validator {
    staking::Validator {
        operator_address: "openvaloper1x".into(),
        consensus_pubkey: Some(ed25519_key()),
        jailed: true,
        status: staking::BondStatus::Unbonding as i32,
        tokens: "100".into(),
        delegator_shares: "100000000000000000000".into(),
        description: Some(description()),
        unbonding_height: 4,
        unbonding_time: ts(),
        commission: Some(staking::Commission {
            commission_rates: Some(commission_rates()),
            update_time: ts(),
        }),
        min_self_delegation: "1".into(),
        unbonding_on_hold_ref_count: 1,
        unbonding_ids: vec![1, 2],
    }
}

fn delegation_response() -> staking::DelegationResponse {
    staking::DelegationResponse {
        delegation: Some(staking::Delegation {
            delegator_address: "open1d".into(),
            validator_address: "openvaloper1v".into(),
            shares: "5".into(),
        }),
        balance: Some(coin()),
    }
}

fn unbonding_delegation() -> staking::UnbondingDelegation {
    staking::UnbondingDelegation {
        delegator_address: "open1d".into(),
        validator_address: "openvaloper1v".into(),
        entries: vec![staking::UnbondingDelegationEntry {
            creation_height: 3,
            completion_time: ts(),
            initial_balance: "10".into(),
            balance: "9".into(),
            unbonding_id: 4,
            unbonding_on_hold_ref_count: 1,
        }],
    }
}

fn redelegation_entry() -> staking::RedelegationEntry {
    staking::RedelegationEntry {
        creation_height: 3,
        completion_time: ts(),
        initial_balance: "10".into(),
        shares_dst: "10000".into(),
        unbonding_id: 5,
        unbonding_on_hold_ref_count: 1,
    }
}

fn staking_params() -> staking::Params {
    staking::Params {
        unbonding_time: duration(),
        max_validators: 100,
        max_entries: 7,
        historical_entries: 10_000,
        bond_denom: "aopen".into(),
        min_commission_rate: "50000000000000000".into(),
    }
}

fn distribution_params() -> distr::Params {
    distr::Params {
        community_tax: "20000000000000000".into(),
        base_proposer_reward: "1".into(),
        bonus_proposer_reward: "2".into(),
        withdraw_addr_enabled: true,
    }
}

fn slashing_params() -> slashing::Params {
    slashing::Params {
        signed_blocks_window: 100,
        min_signed_per_window: b"500000000000000000".to_vec(),
        downtime_jail_duration: duration(),
        slash_fraction_double_sign: b"50000000000000000".to_vec(),
        slash_fraction_downtime: b"10000000000000000".to_vec(),
    }
}

fn signing_info() -> slashing::ValidatorSigningInfo {
    slashing::ValidatorSigningInfo {
        address: "openvalcons1x".into(),
        start_height: 1,
        index_offset: 2,
        jailed_until: ts(),
        tombstoned: true,
        missed_blocks_counter: 3,
    }
}

fn gov_params() -> gov::Params {
    gov::Params {
        min_deposit: vec![coin()],
        max_deposit_period: duration(),
        voting_period: duration(),
        quorum: "0.334".into(),
        threshold: "0.5".into(),
        veto_threshold: "0.334".into(),
        min_initial_deposit_ratio: "0.1".into(),
        proposal_cancel_ratio: "0.5".into(),
        proposal_cancel_dest: "open1dest".into(),
        expedited_voting_period: duration(),
        expedited_threshold: "0.667".into(),
        expedited_min_deposit: vec![coin()],
        burn_vote_quorum: true,
        burn_proposal_deposit_prevote: true,
        burn_vote_veto: true,
        min_deposit_ratio: "0.01".into(),
    }
}

fn weighted() -> Vec<gov::WeightedVoteOption> {
    vec![
        gov::WeightedVoteOption {
            option: gov::VoteOption::Yes as i32,
            weight: "0.7".into(),
        },
        gov::WeightedVoteOption {
            option: gov::VoteOption::NoWithVeto as i32,
            weight: "0.3".into(),
        },
    ]
}

fn tally() -> gov::TallyResult {
    gov::TallyResult {
        yes_count: "1".into(),
        abstain_count: "2".into(),
        no_count: "3".into(),
        no_with_veto_count: "4".into(),
    }
}

fn vote() -> gov::Vote {
    gov::Vote {
        proposal_id: 1,
        voter: "open1voter".into(),
        options: weighted(),
        metadata: "meta".into(),
    }
}

fn deposit() -> gov::Deposit {
    gov::Deposit {
        proposal_id: 1,
        depositor: "open1depositor".into(),
        amount: vec![coin()],
    }
}

/// The messages a proposal may carry; they are packed into `Any` and walked too.
fn proposal_messages() -> Vec<Any> {
    vec![
        any(&staking::MsgUpdateParams {
            authority: "open1gov".into(),
            params: Some(staking_params()),
        }),
        any(&distr::MsgCommunityPoolSpend {
            authority: "open1gov".into(),
            recipient: "open1r".into(),
            amount: vec![coin()],
        }),
    ]
}

fn proposal() -> gov::Proposal {
    gov::Proposal {
        id: 1,
        messages: proposal_messages(),
        status: gov::ProposalStatus::Passed as i32,
        final_tally_result: Some(tally()),
        submit_time: ts(),
        deposit_end_time: ts(),
        total_deposit: vec![coin()],
        voting_start_time: ts(),
        voting_end_time: ts(),
        metadata: "meta".into(),
        title: "title".into(),
        summary: "summary".into(),
        proposer: "open1proposer".into(),
        expedited: true,
        failed_reason: "none".into(),
    }
}

fn check_staking(ix: &Index, s: &mut Seen) {
    check(
        ix,
        s,
        &staking::QueryValidatorsRequest {
            status: "BOND_STATUS_BONDED".into(),
            pagination: page_request(),
        },
    );
    check(
        ix,
        s,
        &staking::QueryValidatorsResponse {
            validators: vec![validator(), validator()],
            pagination: page_response(),
        },
    );
    check(
        ix,
        s,
        &staking::QueryValidatorRequest {
            validator_addr: "openvaloper1v".into(),
        },
    );
    check(
        ix,
        s,
        &staking::QueryValidatorResponse {
            validator: Some(validator()),
        },
    );
    check(
        ix,
        s,
        &staking::QueryValidatorDelegationsRequest {
            validator_addr: "openvaloper1v".into(),
            pagination: page_request(),
        },
    );
    check(
        ix,
        s,
        &staking::QueryValidatorDelegationsResponse {
            delegation_responses: vec![delegation_response()],
            pagination: page_response(),
        },
    );
    check(
        ix,
        s,
        &staking::QueryValidatorUnbondingDelegationsRequest {
            validator_addr: "openvaloper1v".into(),
            pagination: page_request(),
        },
    );
    check(
        ix,
        s,
        &staking::QueryValidatorUnbondingDelegationsResponse {
            unbonding_responses: vec![unbonding_delegation()],
            pagination: page_response(),
        },
    );
    check(
        ix,
        s,
        &staking::QueryDelegationRequest {
            delegator_addr: "open1d".into(),
            validator_addr: "openvaloper1v".into(),
        },
    );
    check(
        ix,
        s,
        &staking::QueryDelegationResponse {
            delegation_response: Some(delegation_response()),
        },
    );
    check(
        ix,
        s,
        &staking::QueryUnbondingDelegationRequest {
            delegator_addr: "open1d".into(),
            validator_addr: "openvaloper1v".into(),
        },
    );
    check(
        ix,
        s,
        &staking::QueryUnbondingDelegationResponse {
            unbond: Some(unbonding_delegation()),
        },
    );
    check(
        ix,
        s,
        &staking::QueryDelegatorDelegationsRequest {
            delegator_addr: "open1d".into(),
            pagination: page_request(),
        },
    );
    check(
        ix,
        s,
        &staking::QueryDelegatorDelegationsResponse {
            delegation_responses: vec![delegation_response()],
            pagination: page_response(),
        },
    );
    check(
        ix,
        s,
        &staking::QueryDelegatorUnbondingDelegationsRequest {
            delegator_addr: "open1d".into(),
            pagination: page_request(),
        },
    );
    check(
        ix,
        s,
        &staking::QueryDelegatorUnbondingDelegationsResponse {
            unbonding_responses: vec![unbonding_delegation()],
            pagination: page_response(),
        },
    );
    check(
        ix,
        s,
        &staking::QueryRedelegationsRequest {
            delegator_addr: "open1d".into(),
            src_validator_addr: "openvaloper1s".into(),
            dst_validator_addr: "openvaloper1t".into(),
            pagination: page_request(),
        },
    );
    check(
        ix,
        s,
        &staking::QueryRedelegationsResponse {
            redelegation_responses: vec![staking::RedelegationResponse {
                redelegation: Some(staking::Redelegation {
                    delegator_address: "open1d".into(),
                    validator_src_address: "openvaloper1s".into(),
                    validator_dst_address: "openvaloper1t".into(),
                    entries: vec![redelegation_entry()],
                }),
                entries: vec![staking::RedelegationEntryResponse {
                    redelegation_entry: Some(redelegation_entry()),
                    balance: "10".into(),
                }],
            }],
            pagination: page_response(),
        },
    );
    check(
        ix,
        s,
        &staking::QueryDelegatorValidatorsRequest {
            delegator_addr: "open1d".into(),
            pagination: page_request(),
        },
    );
    check(
        ix,
        s,
        &staking::QueryDelegatorValidatorsResponse {
            validators: vec![validator()],
            pagination: page_response(),
        },
    );
    check(
        ix,
        s,
        &staking::QueryDelegatorValidatorRequest {
            delegator_addr: "open1d".into(),
            validator_addr: "openvaloper1v".into(),
        },
    );
    check(
        ix,
        s,
        &staking::QueryDelegatorValidatorResponse {
            validator: Some(validator()),
        },
    );
    check(ix, s, &staking::QueryHistoricalInfoRequest { height: 5 });
    check(
        ix,
        s,
        &staking::QueryHistoricalInfoResponse {
            hist: Some(staking::HistoricalInfo {
                header: Some(tendermint_proto::types::Header {
                    chain_id: "openledger-test-1".into(),
                    height: 5,
                    time: ts(),
                    app_hash: vec![1; 32],
                    proposer_address: vec![2; 20],
                    ..Default::default()
                }),
                valset: vec![validator()],
            }),
        },
    );
    check(ix, s, &staking::QueryPoolRequest {});
    check(
        ix,
        s,
        &staking::QueryPoolResponse {
            pool: Some(staking::Pool {
                not_bonded_tokens: "1".into(),
                bonded_tokens: "2".into(),
            }),
        },
    );
    check(ix, s, &staking::QueryParamsRequest {});
    check(
        ix,
        s,
        &staking::QueryParamsResponse {
            params: Some(staking_params()),
        },
    );

    // transaction messages
    check(
        ix,
        s,
        &staking::MsgCreateValidator {
            description: Some(description()),
            commission: Some(commission_rates()),
            min_self_delegation: "1".into(),
            delegator_address: "open1d".into(),
            validator_address: "openvaloper1v".into(),
            pubkey: Some(ed25519_key()),
            value: Some(coin()),
        },
    );
    check(ix, s, &staking::MsgCreateValidatorResponse {});
    check(
        ix,
        s,
        &staking::MsgEditValidator {
            description: Some(description()),
            validator_address: "openvaloper1v".into(),
            commission_rate: "120000000000000000".into(),
            min_self_delegation: "2".into(),
        },
    );
    check(ix, s, &staking::MsgEditValidatorResponse {});
    check(
        ix,
        s,
        &staking::MsgDelegate {
            delegator_address: "open1d".into(),
            validator_address: "openvaloper1v".into(),
            amount: Some(coin()),
        },
    );
    check(ix, s, &staking::MsgDelegateResponse {});
    check(
        ix,
        s,
        &staking::MsgBeginRedelegate {
            delegator_address: "open1d".into(),
            validator_src_address: "openvaloper1s".into(),
            validator_dst_address: "openvaloper1t".into(),
            amount: Some(coin()),
        },
    );
    check(
        ix,
        s,
        &staking::MsgBeginRedelegateResponse {
            completion_time: ts(),
        },
    );
    check(
        ix,
        s,
        &staking::MsgUndelegate {
            delegator_address: "open1d".into(),
            validator_address: "openvaloper1v".into(),
            amount: Some(coin()),
        },
    );
    check(
        ix,
        s,
        &staking::MsgUndelegateResponse {
            completion_time: ts(),
            amount: Some(coin()),
        },
    );
    check(
        ix,
        s,
        &staking::MsgCancelUnbondingDelegation {
            delegator_address: "open1d".into(),
            validator_address: "openvaloper1v".into(),
            amount: Some(coin()),
            creation_height: 3,
        },
    );
    check(ix, s, &staking::MsgCancelUnbondingDelegationResponse {});
    check(
        ix,
        s,
        &staking::MsgUpdateParams {
            authority: "open1gov".into(),
            params: Some(staking_params()),
        },
    );
    check(ix, s, &staking::MsgUpdateParamsResponse {});
}

fn check_distribution(ix: &Index, s: &mut Seen) {
    check(ix, s, &distr::QueryParamsRequest {});
    check(
        ix,
        s,
        &distr::QueryParamsResponse {
            params: Some(distribution_params()),
        },
    );
    check(
        ix,
        s,
        &distr::QueryValidatorDistributionInfoRequest {
            validator_address: "openvaloper1v".into(),
        },
    );
    check(
        ix,
        s,
        &distr::QueryValidatorDistributionInfoResponse {
            operator_address: "open1v".into(),
            self_bond_rewards: vec![dec_coin()],
            commission: vec![dec_coin()],
        },
    );
    check(
        ix,
        s,
        &distr::QueryValidatorOutstandingRewardsRequest {
            validator_address: "openvaloper1v".into(),
        },
    );
    check(
        ix,
        s,
        &distr::QueryValidatorOutstandingRewardsResponse {
            rewards: Some(distr::ValidatorOutstandingRewards {
                rewards: vec![dec_coin()],
            }),
        },
    );
    check(
        ix,
        s,
        &distr::QueryValidatorCommissionRequest {
            validator_address: "openvaloper1v".into(),
        },
    );
    check(
        ix,
        s,
        &distr::QueryValidatorCommissionResponse {
            commission: Some(distr::ValidatorAccumulatedCommission {
                commission: vec![dec_coin()],
            }),
        },
    );
    check(
        ix,
        s,
        &distr::QueryValidatorSlashesRequest {
            validator_address: "openvaloper1v".into(),
            starting_height: 1,
            ending_height: 9,
            pagination: page_request(),
        },
    );
    check(
        ix,
        s,
        &distr::QueryValidatorSlashesResponse {
            slashes: vec![distr::ValidatorSlashEvent {
                validator_period: 3,
                fraction: "10000000000000000".into(),
            }],
            pagination: page_response(),
        },
    );
    check(
        ix,
        s,
        &distr::QueryDelegationRewardsRequest {
            delegator_address: "open1d".into(),
            validator_address: "openvaloper1v".into(),
        },
    );
    check(
        ix,
        s,
        &distr::QueryDelegationRewardsResponse {
            rewards: vec![dec_coin()],
        },
    );
    check(
        ix,
        s,
        &distr::QueryDelegationTotalRewardsRequest {
            delegator_address: "open1d".into(),
        },
    );
    check(
        ix,
        s,
        &distr::QueryDelegationTotalRewardsResponse {
            rewards: vec![distr::DelegationDelegatorReward {
                validator_address: "openvaloper1v".into(),
                reward: vec![dec_coin()],
            }],
            total: vec![dec_coin()],
        },
    );
    check(
        ix,
        s,
        &distr::QueryDelegatorValidatorsRequest {
            delegator_address: "open1d".into(),
        },
    );
    check(
        ix,
        s,
        &distr::QueryDelegatorValidatorsResponse {
            validators: vec!["openvaloper1v".into(), "openvaloper1w".into()],
        },
    );
    check(
        ix,
        s,
        &distr::QueryDelegatorWithdrawAddressRequest {
            delegator_address: "open1d".into(),
        },
    );
    check(
        ix,
        s,
        &distr::QueryDelegatorWithdrawAddressResponse {
            withdraw_address: "open1w".into(),
        },
    );
    check(ix, s, &distr::QueryCommunityPoolRequest {});
    check(
        ix,
        s,
        &distr::QueryCommunityPoolResponse {
            pool: vec![dec_coin()],
        },
    );

    // transaction messages
    check(
        ix,
        s,
        &distr::MsgSetWithdrawAddress {
            delegator_address: "open1d".into(),
            withdraw_address: "open1w".into(),
        },
    );
    check(ix, s, &distr::MsgSetWithdrawAddressResponse {});
    check(
        ix,
        s,
        &distr::MsgWithdrawDelegatorReward {
            delegator_address: "open1d".into(),
            validator_address: "openvaloper1v".into(),
        },
    );
    check(
        ix,
        s,
        &distr::MsgWithdrawDelegatorRewardResponse {
            amount: vec![coin()],
        },
    );
    check(
        ix,
        s,
        &distr::MsgWithdrawValidatorCommission {
            validator_address: "openvaloper1v".into(),
        },
    );
    check(
        ix,
        s,
        &distr::MsgWithdrawValidatorCommissionResponse {
            amount: vec![coin()],
        },
    );
    check(
        ix,
        s,
        &distr::MsgFundCommunityPool {
            amount: vec![coin()],
            depositor: "open1d".into(),
        },
    );
    check(ix, s, &distr::MsgFundCommunityPoolResponse {});
    check(
        ix,
        s,
        &distr::MsgUpdateParams {
            authority: "open1gov".into(),
            params: Some(distribution_params()),
        },
    );
    check(ix, s, &distr::MsgUpdateParamsResponse {});
    check(
        ix,
        s,
        &distr::MsgCommunityPoolSpend {
            authority: "open1gov".into(),
            recipient: "open1r".into(),
            amount: vec![coin()],
        },
    );
    check(ix, s, &distr::MsgCommunityPoolSpendResponse {});
}

fn check_slashing(ix: &Index, s: &mut Seen) {
    check(ix, s, &slashing::QueryParamsRequest {});
    check(
        ix,
        s,
        &slashing::QueryParamsResponse {
            params: Some(slashing_params()),
        },
    );
    check(
        ix,
        s,
        &slashing::QuerySigningInfoRequest {
            cons_address: "openvalcons1x".into(),
        },
    );
    check(
        ix,
        s,
        &slashing::QuerySigningInfoResponse {
            val_signing_info: Some(signing_info()),
        },
    );
    check(
        ix,
        s,
        &slashing::QuerySigningInfosRequest {
            pagination: page_request(),
        },
    );
    check(
        ix,
        s,
        &slashing::QuerySigningInfosResponse {
            info: vec![signing_info()],
            pagination: page_response(),
        },
    );
    check(
        ix,
        s,
        &slashing::MsgUnjail {
            validator_addr: "openvaloper1v".into(),
        },
    );
    check(ix, s, &slashing::MsgUnjailResponse {});
    check(
        ix,
        s,
        &slashing::MsgUpdateParams {
            authority: "open1gov".into(),
            params: Some(slashing_params()),
        },
    );
    check(ix, s, &slashing::MsgUpdateParamsResponse {});
}

fn check_gov(ix: &Index, s: &mut Seen) {
    check(ix, s, &gov::QueryConstitutionRequest {});
    check(
        ix,
        s,
        &gov::QueryConstitutionResponse {
            constitution: "be excellent".into(),
        },
    );
    check(ix, s, &gov::QueryProposalRequest { proposal_id: 1 });
    check(
        ix,
        s,
        &gov::QueryProposalResponse {
            proposal: Some(proposal()),
        },
    );
    check(
        ix,
        s,
        &gov::QueryProposalsRequest {
            proposal_status: gov::ProposalStatus::VotingPeriod as i32,
            voter: "open1voter".into(),
            depositor: "open1depositor".into(),
            pagination: page_request(),
        },
    );
    check(
        ix,
        s,
        &gov::QueryProposalsResponse {
            proposals: vec![proposal()],
            pagination: page_response(),
        },
    );
    check(
        ix,
        s,
        &gov::QueryVoteRequest {
            proposal_id: 1,
            voter: "open1voter".into(),
        },
    );
    check(ix, s, &gov::QueryVoteResponse { vote: Some(vote()) });
    check(
        ix,
        s,
        &gov::QueryVotesRequest {
            proposal_id: 1,
            pagination: page_request(),
        },
    );
    check(
        ix,
        s,
        &gov::QueryVotesResponse {
            votes: vec![vote()],
            pagination: page_response(),
        },
    );
    check(
        ix,
        s,
        &gov::QueryParamsRequest {
            params_type: "tallying".into(),
        },
    );
    let p = gov_params();
    check(
        ix,
        s,
        &gov::QueryParamsResponse {
            voting_params: Some(gov::VotingParams {
                voting_period: p.voting_period,
            }),
            deposit_params: Some(gov::DepositParams {
                min_deposit: p.min_deposit.clone(),
                max_deposit_period: p.max_deposit_period,
            }),
            tally_params: Some(gov::TallyParams {
                quorum: p.quorum.clone(),
                threshold: p.threshold.clone(),
                veto_threshold: p.veto_threshold.clone(),
            }),
            params: Some(p),
        },
    );
    check(
        ix,
        s,
        &gov::QueryDepositRequest {
            proposal_id: 1,
            depositor: "open1depositor".into(),
        },
    );
    check(
        ix,
        s,
        &gov::QueryDepositResponse {
            deposit: Some(deposit()),
        },
    );
    check(
        ix,
        s,
        &gov::QueryDepositsRequest {
            proposal_id: 1,
            pagination: page_request(),
        },
    );
    check(
        ix,
        s,
        &gov::QueryDepositsResponse {
            deposits: vec![deposit()],
            pagination: page_response(),
        },
    );
    check(ix, s, &gov::QueryTallyResultRequest { proposal_id: 1 });
    check(
        ix,
        s,
        &gov::QueryTallyResultResponse {
            tally: Some(tally()),
        },
    );

    // transaction messages
    check(
        ix,
        s,
        &gov::MsgSubmitProposal {
            messages: proposal_messages(),
            initial_deposit: vec![coin()],
            proposer: "open1proposer".into(),
            metadata: "meta".into(),
            title: "title".into(),
            summary: "summary".into(),
            expedited: true,
        },
    );
    check(ix, s, &gov::MsgSubmitProposalResponse { proposal_id: 2 });
    check(
        ix,
        s,
        &gov::MsgVote {
            proposal_id: 1,
            voter: "open1voter".into(),
            option: gov::VoteOption::Abstain as i32,
            metadata: "meta".into(),
        },
    );
    check(ix, s, &gov::MsgVoteResponse {});
    check(
        ix,
        s,
        &gov::MsgVoteWeighted {
            proposal_id: 1,
            voter: "open1voter".into(),
            options: weighted(),
            metadata: "meta".into(),
        },
    );
    check(ix, s, &gov::MsgVoteWeightedResponse {});
    check(
        ix,
        s,
        &gov::MsgDeposit {
            proposal_id: 1,
            depositor: "open1depositor".into(),
            amount: vec![coin()],
        },
    );
    check(ix, s, &gov::MsgDepositResponse {});
    check(
        ix,
        s,
        &gov::MsgUpdateParams {
            authority: "open1gov".into(),
            params: Some(gov_params()),
        },
    );
    check(ix, s, &gov::MsgUpdateParamsResponse {});
}

fn check_gopen(ix: &Index, s: &mut Seen) {
    check(
        ix,
        s,
        &gopen::QueryGovernancePowerRequest {
            address: "open1a".into(),
        },
    );
    check(
        ix,
        s,
        &gopen::QueryGovernancePowerResponse {
            locked: "5".into(),
            delegatee: "open1b".into(),
            voting_power: "7".into(),
            unlocking: vec![gopen::UnlockEntry {
                amount: "1".into(),
                completion_time: ts(),
            }],
        },
    );
    check(ix, s, &gopen::QueryTotalPowerRequest {});
    check(
        ix,
        s,
        &gopen::QueryTotalPowerResponse {
            total_locked: "12".into(),
        },
    );
    check(
        ix,
        s,
        &gopen::MsgLock {
            owner: "open1a".into(),
            amount: Some(coin()),
        },
    );
    check(ix, s, &gopen::MsgLockResponse {});
    check(
        ix,
        s,
        &gopen::MsgDelegateVotes {
            owner: "open1a".into(),
            delegatee: "open1b".into(),
        },
    );
    check(ix, s, &gopen::MsgDelegateVotesResponse {});
    check(
        ix,
        s,
        &gopen::MsgBeginUnlock {
            owner: "open1a".into(),
            amount: Some(coin()),
        },
    );
    check(
        ix,
        s,
        &gopen::MsgBeginUnlockResponse {
            completion_time: ts(),
        },
    );
    check(
        ix,
        s,
        &gopen::EventLock {
            owner: "open1a".into(),
            amount: "5".into(),
            delegatee: "open1b".into(),
        },
    );
    check(
        ix,
        s,
        &gopen::EventDelegateVotes {
            owner: "open1a".into(),
            previous_delegatee: "open1a".into(),
            delegatee: "open1b".into(),
            amount: "5".into(),
        },
    );
    check(
        ix,
        s,
        &gopen::EventBeginUnlock {
            owner: "open1a".into(),
            amount: "1".into(),
            completion_time: ts(),
        },
    );
    check(
        ix,
        s,
        &gopen::EventUnlockCompleted {
            owner: "open1a".into(),
            amount: "1".into(),
        },
    );
}

#[test]
fn module_descriptors_match_the_prost_wire_format() {
    let set = file_descriptor_set();
    let ix = Index::new(&set.file);
    let mut seen = Seen::new();
    check_staking(&ix, &mut seen);
    check_distribution(&ix, &mut seen);
    check_slashing(&ix, &mut seen);
    check_gov(&ix, &mut seen);
    check_gopen(&ix, &mut seen);

    // Every message of the module files (and the shared messages only they use) was walked,
    // and every field it declares was present in some fully populated encoding: the
    // descriptors have no field the prost types lack, and the prost types (populated in full
    // above) have none the descriptors lack.
    let mut covered = 0;
    for (full, (m, file)) in &ix.messages {
        if !MODULE_FILES.contains(&file.as_str()) && !SHARED_MESSAGES.contains(&full.as_str()) {
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
    assert!(covered > 100, "only {covered} messages covered");
}

// ---------------------------------------------------------------------------------------
// a running gateway

const CHAIN: &str = "openledger-test-1";
const OPEN: u128 = 1_000_000_000_000_000_000;

type Reflection = tonic_reflection::pb::v1::server_reflection_client::ServerReflectionClient<
    tonic::transport::Channel,
>;

/// One reflection request, answered with the encoded files of its response.
async fn reflect(
    client: &mut Reflection,
    req: tonic_reflection::pb::v1::server_reflection_request::MessageRequest,
) -> Result<Vec<FileDescriptorProto>, String> {
    use tonic_reflection::pb::v1;
    use v1::server_reflection_response::MessageResponse;
    let mut stream = client
        .server_reflection_info(futures::stream::iter(vec![v1::ServerReflectionRequest {
            host: String::new(),
            message_request: Some(req),
        }]))
        .await
        .map_err(|e| e.to_string())?
        .into_inner();
    let resp = stream
        .message()
        .await
        .map_err(|e| e.to_string())?
        .ok_or("no response")?;
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

/// The file declaring `symbol`, with every file it imports, transitively, as a client fetches
/// them by name.
async fn files_for(client: &mut Reflection, symbol: &str) -> Vec<FileDescriptorProto> {
    use tonic_reflection::pb::v1::server_reflection_request::MessageRequest;
    let mut out = reflect(client, MessageRequest::FileContainingSymbol(symbol.into()))
        .await
        .unwrap_or_else(|e| panic!("{symbol}: {e}"));
    assert_eq!(out.len(), 1, "{symbol}");
    let mut fetched: BTreeSet<String> = out.iter().map(|f| f.name().to_string()).collect();
    let mut wanted: Vec<String> = out[0].dependency.clone();
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

/// `bytes` decode as `full` with descriptors served by reflection.
fn decodes_as(ix: &Index, full: &str, bytes: &[u8]) -> Seen {
    let mut seen = Seen::new();
    walk(ix, &mut seen, full, bytes, full);
    seen
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn running_gateway_lists_describes_and_answers_the_module_services() {
    use tonic_reflection::pb::v1;

    let dir = tempfile::tempdir().unwrap();
    let keys: Vec<TestKey> = (0..4).map(TestKey::from_seed).collect();
    let genesis = genesis_with_validators(&keys, 1_000_000 * OPEN, 2, 100 * OPEN).unwrap();
    let mut chain = TestNode::new(&dir.path().join("db"), CHAIN, &genesis).unwrap();
    chain.block(vec![]).unwrap();
    // some gOPEN, so that the gOPEN query has something to report
    let locker = &keys[3];
    let out = chain
        .exec(
            locker,
            vec![openledger_app::testkit::any(&gopen::MsgLock {
                owner: locker.address.to_string(),
                amount: Some(openledger_app::testkit::coin(5 * OPEN)),
            })],
        )
        .unwrap();
    assert!(out.result.is_ok(), "{:?}", out.result);
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

    // listed
    let mut client = v1::server_reflection_client::ServerReflectionClient::new(channel.clone());
    let mut stream = client
        .server_reflection_info(futures::stream::iter(vec![v1::ServerReflectionRequest {
            host: String::new(),
            message_request: Some(v1::server_reflection_request::MessageRequest::ListServices(
                String::new(),
            )),
        }]))
        .await
        .unwrap()
        .into_inner();
    let listed: BTreeSet<String> = match stream.message().await.unwrap().unwrap().message_response {
        Some(v1::server_reflection_response::MessageResponse::ListServicesResponse(l)) => {
            l.service.into_iter().map(|s| s.name).collect()
        }
        other => panic!("list services: {other:?}"),
    };
    for (service, _) in MODULE_SERVICES {
        assert!(
            listed.contains(*service),
            "{service} not listed: {listed:?}"
        );
    }

    // described: each service's file and its imports, as reflection serves them, declare
    // exactly the routed methods, whose types (and all they reach) resolve
    let mut served_files: BTreeMap<String, FileDescriptorProto> = BTreeMap::new();
    for (service, methods) in MODULE_SERVICES {
        let files = files_for(&mut client, service).await;
        let ix = Index::new(&files);
        let described = ix
            .services
            .get(*service)
            .unwrap_or_else(|| panic!("{service} is not in its file {}", files[0].name()));
        let names: Vec<&str> = described.iter().map(|(m, _, _)| m.as_str()).collect();
        assert_eq!(names, *methods, "{service}");
        for (method, input, output) in described {
            for t in [input, output] {
                assert!(ix.messages.contains_key(t), "{service}/{method}: {t}");
                ix.reach(t);
                // and reflection finds the type by name, in the file that declares it
                let by_symbol = reflect(
                    &mut client,
                    v1::server_reflection_request::MessageRequest::FileContainingSymbol(
                        t.trim_start_matches('.').into(),
                    ),
                )
                .await
                .unwrap_or_else(|e| panic!("{service}/{method}: {t}: {e}"));
                assert_eq!(Some(by_symbol[0].name()), ix.file_of(t), "{t}");
            }
        }
        for f in files {
            served_files.insert(f.name().to_string(), f);
        }
    }
    // the ed25519 key the validators carry is described too
    for f in files_for(&mut client, "cosmos.crypto.ed25519.PubKey").await {
        served_files.insert(f.name().to_string(), f);
    }
    let served = Index::new(served_files.values());

    // every routed method reaches a handler: an empty request may be refused, but is never
    // answered as an unknown method
    for (service, methods) in MODULE_SERVICES {
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

    // answered: one real request per service; each response decodes with the reflected
    // descriptors
    let valoper = keys[0].address.to_bech32(VALOPER_PREFIX);

    let mut st = staking::query_client::QueryClient::new(channel.clone());
    let validators = st
        .validators(staking::QueryValidatorsRequest {
            status: "BOND_STATUS_BONDED".into(),
            pagination: None,
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(validators.validators.len(), 2, "{validators:?}");
    let v0 = validators
        .validators
        .iter()
        .find(|v| v.operator_address == valoper)
        .unwrap_or_else(|| panic!("{valoper} not in {validators:?}"));
    assert_eq!(v0.status, staking::BondStatus::Bonded as i32);
    assert_eq!(v0.tokens, (100 * OPEN).to_string());
    assert_eq!(v0.description.as_ref().unwrap().moniker, "validator-0");
    let key = v0.consensus_pubkey.as_ref().unwrap();
    assert_eq!(key.type_url, ed25519::PubKey::type_url());
    assert_eq!(
        ed25519::PubKey::decode(key.value.as_slice()).unwrap().key,
        consensus_key(0).to_vec()
    );
    let seen = decodes_as(
        &served,
        ".cosmos.staking.v1beta1.QueryValidatorsResponse",
        &validators.encode_to_vec(),
    );
    assert!(
        seen.contains_key(".cosmos.crypto.ed25519.PubKey"),
        "{seen:?}"
    );
    assert!(seen.contains_key(".cosmos.staking.v1beta1.Commission"));

    let mut d = distr::query_client::QueryClient::new(channel.clone());
    let withdraw = d
        .delegator_withdraw_address(distr::QueryDelegatorWithdrawAddressRequest {
            delegator_address: keys[1].address.to_string(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(withdraw.withdraw_address, keys[1].address.to_string());
    decodes_as(
        &served,
        ".cosmos.distribution.v1beta1.QueryDelegatorWithdrawAddressResponse",
        &withdraw.encode_to_vec(),
    );

    let mut sl = slashing::query_client::QueryClient::new(channel.clone());
    let cons = Address(consensus_address(&consensus_key(0))).to_bech32(VALCONS_PREFIX);
    let info = sl
        .signing_info(slashing::QuerySigningInfoRequest {
            cons_address: cons.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    let info = info.val_signing_info.expect("signing info");
    assert_eq!(info.address, cons);
    assert!(!info.tombstoned);
    decodes_as(
        &served,
        ".cosmos.slashing.v1beta1.ValidatorSigningInfo",
        &info.encode_to_vec(),
    );

    let mut g = gov::query_client::QueryClient::new(channel.clone());
    let params = g
        .params(gov::QueryParamsRequest {
            params_type: String::new(),
        })
        .await
        .unwrap()
        .into_inner();
    let p = params.params.clone().expect("gov params");
    assert!(!p.quorum.is_empty() && p.voting_period.is_some(), "{p:?}");
    let seen = decodes_as(
        &served,
        ".cosmos.gov.v1.QueryParamsResponse",
        &params.encode_to_vec(),
    );
    assert!(seen.contains_key(".google.protobuf.Duration"), "{seen:?}");

    // openledger.gov.v1 has no generated client: the request is encoded by hand from its
    // prost type and sent on the described path
    let mut raw = tonic::client::Grpc::new(channel.clone());
    raw.ready().await.unwrap();
    let power = raw
        .unary(
            tonic::Request::new(gopen::QueryGovernancePowerRequest {
                address: locker.address.to_string(),
            }),
            tonic::codegen::http::uri::PathAndQuery::from_static(
                "/openledger.gov.v1.Query/GovernancePower",
            ),
            tonic::codec::ProstCodec::<
                gopen::QueryGovernancePowerRequest,
                gopen::QueryGovernancePowerResponse,
            >::default(),
        )
        .await
        .unwrap()
        .into_inner();
    assert_eq!(power.locked, (5 * OPEN).to_string());
    assert_eq!(power.voting_power, (5 * OPEN).to_string());
    assert_eq!(power.delegatee, locker.address.to_string());
    decodes_as(
        &served,
        ".openledger.gov.v1.QueryGovernancePowerResponse",
        &power.encode_to_vec(),
    );

    server.abort();
}
