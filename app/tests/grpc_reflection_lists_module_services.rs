//! gRPC reflection describes the module query services the gateway answers through the ABCI
//! query dispatcher (staking, distribution, slashing, gov v1, and OpenLedger's
//! `openledger.gov.v1`, `openledger.datanets.v1`, `openledger.models.v1` and
//! `openledger.attribution.v1`), and the transaction messages of those modules:
//!
//! * the files declaring them are self-consistent, and every message they declare matches the
//!   wire format of its prost type (fully populated values are encoded and the bytes walked
//!   field by field with the descriptors);
//! * OpenLedger's files declare exactly what their sources in `proto/openledger/` declare
//!   (package, imports, messages, fields, enums, the Query service), and every such source
//!   is described;
//! * a running gateway over a genesis with validators, a datanet with a published version and
//!   a proposed model lists each service over real gRPC
//!   reflection, every method's input and output resolve (with every message and enum they
//!   reach) through the files reflection serves, and one method per service answers a real
//!   encoded request with a response those reflected descriptors decode.

#![allow(deprecated)] // some described fields are deprecated but still on the wire

#[path = "support/reflection.rs"]
mod reflection;

use std::collections::{BTreeMap, BTreeSet};

use cosmos_sdk_proto::cosmos::base::v1beta1::DecCoin;
use cosmos_sdk_proto::cosmos::crypto::ed25519;
use cosmos_sdk_proto::cosmos::distribution::v1beta1 as distr;
use cosmos_sdk_proto::cosmos::gov::v1 as gov;
use cosmos_sdk_proto::cosmos::slashing::v1beta1 as slashing;
use cosmos_sdk_proto::cosmos::staking::v1beta1 as staking;
use cosmos_sdk_proto::Any;
use openledger_app::query::reflection::file_descriptor_set;
use openledger_app::testkit::{consensus_key, genesis_with_validators, TestKey, TestNode};
use openledger_attribution::proto as at;
use openledger_datanets::proto as dn;
use openledger_framework::{consensus_address, Address, VALCONS_PREFIX, VALOPER_PREFIX};
use openledger_gov::proto as gopen;
use openledger_models::proto as md;
use prost::{Message, Name};
use prost_types::field_descriptor_proto::{Label, Type};
use prost_types::FileDescriptorProto;
use reflection::{
    any, assert_enum_values, assert_every_field_seen, assert_file_consistent, assert_routed, check,
    coin, decodes_as, files_for, is_module_message, list_services, page_request, page_response,
    reflect, ts, Gateway, Index, Reflection, Seen, MODULE_FILES, MODULE_SERVICES,
};
use tendermint_proto::google::protobuf::Duration;
use tonic::transport::Channel;
use tonic_reflection::pb::v1::server_reflection_request::MessageRequest;

// ---------------------------------------------------------------------------------------
// the descriptor set

#[test]
fn module_files_are_self_consistent_and_declare_the_served_methods() {
    let set = file_descriptor_set();
    let ix = Index::new(&set.file);

    // each module file, checked as the whole set is by `grpc_reflection_describes_served_types.rs`
    let names: Vec<&str> = set.file.iter().map(|f| f.name()).collect();
    for name in MODULE_FILES {
        let at = names
            .iter()
            .position(|n| n == name)
            .unwrap_or_else(|| panic!("{name} is not in the set"));
        let earlier: BTreeSet<&str> = names[..at].iter().copied().collect();
        assert_file_consistent(&ix, &set.file[at], &earlier);
    }

    // the services, with exactly the routed methods, each reaching only described types
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
        "openledger.datanets.v1",
        "openledger.models.v1",
        "openledger.attribution.v1",
    ] {
        assert!(
            !ix.services.contains_key(&format!("{pkg}.Msg")),
            "{pkg}.Msg"
        );
    }

    // enum values named and numbered as the prost enums have them
    assert_enum_values(
        &ix,
        ".cosmos.staking.v1beta1.BondStatus",
        &[
            staking::BondStatus::Unspecified,
            staking::BondStatus::Unbonded,
            staking::BondStatus::Unbonding,
            staking::BondStatus::Bonded,
        ],
        staking::BondStatus::as_str_name,
    );
    assert_enum_values(
        &ix,
        ".cosmos.gov.v1.ProposalStatus",
        &[
            gov::ProposalStatus::Unspecified,
            gov::ProposalStatus::DepositPeriod,
            gov::ProposalStatus::VotingPeriod,
            gov::ProposalStatus::Passed,
            gov::ProposalStatus::Rejected,
            gov::ProposalStatus::Failed,
        ],
        gov::ProposalStatus::as_str_name,
    );
    assert_enum_values(
        &ix,
        ".cosmos.gov.v1.VoteOption",
        &[
            gov::VoteOption::Unspecified,
            gov::VoteOption::Yes,
            gov::VoteOption::Abstain,
            gov::VoteOption::No,
            gov::VoteOption::NoWithVeto,
        ],
        gov::VoteOption::as_str_name,
    );
    // the datanets enums, named as the module names them in its events (UNSPECIFIED has no
    // domain value)
    assert_enum_values(
        &ix,
        ".openledger.datanets.v1.Visibility",
        &[
            dn::Visibility::Unspecified,
            dn::Visibility::Public,
            dn::Visibility::Permissioned,
        ],
        |v| {
            openledger_datanets::Visibility::from_proto(*v as i32)
                .map_or("VISIBILITY_UNSPECIFIED", |d| d.as_str())
        },
    );
    assert_enum_values(
        &ix,
        ".openledger.datanets.v1.ContributionStatus",
        &[
            dn::ContributionStatus::Unspecified,
            dn::ContributionStatus::Pending,
            dn::ContributionStatus::Approved,
            dn::ContributionStatus::Rejected,
        ],
        |v| {
            openledger_datanets::ContributionStatus::from_proto(*v as i32)
                .map_or("CONTRIBUTION_STATUS_UNSPECIFIED", |d| d.as_str())
        },
    );
    assert_enum_values(
        &ix,
        ".openledger.datanets.v1.CurationReason",
        &[
            dn::CurationReason::None,
            dn::CurationReason::LowQuality,
            dn::CurationReason::Duplicate,
            dn::CurationReason::Adversarial,
            dn::CurationReason::Spam,
        ],
        |v| {
            openledger_datanets::CurationReason::from_proto(*v as i32)
                .map_or("(no domain value)", |d| d.as_str())
        },
    );
    assert_enum_values(
        &ix,
        ".openledger.models.v1.ModelStage",
        &[
            md::ModelStage::Unspecified,
            md::ModelStage::Proposed,
            md::ModelStage::Approved,
            md::ModelStage::Rejected,
            md::ModelStage::DataCollection,
            md::ModelStage::FineTuning,
            md::ModelStage::Alignment,
            md::ModelStage::Deployed,
            md::ModelStage::Retired,
        ],
        md::ModelStage::as_str_name,
    );
    assert_enum_values(
        &ix,
        ".openledger.attribution.v1.OperatorStatus",
        &[
            at::OperatorStatus::Unspecified,
            at::OperatorStatus::Active,
            at::OperatorStatus::Unbonding,
            at::OperatorStatus::Unbonded,
        ],
        at::OperatorStatus::as_str_name,
    );
}

// ---------------------------------------------------------------------------------------
// OpenLedger's descriptors against their .proto sources

/// A field of a `.proto` source, as written.
#[derive(Debug)]
struct SourceField {
    name: String,
    number: i32,
    repeated: bool,
    ty: String,
}

/// A `.proto` file of `proto/openledger/`, read with just the grammar those files use:
/// package, imports, top-level messages of plain fields, enums, and services of unary methods.
#[derive(Debug, Default)]
struct ProtoSource {
    package: String,
    imports: BTreeSet<String>,
    messages: BTreeMap<String, Vec<SourceField>>,
    enums: BTreeMap<String, Vec<(String, i32)>>,
    /// service -> (method, input, output), types as written
    services: BTreeMap<String, Vec<(String, String, String)>>,
}

struct Tokens {
    tokens: Vec<String>,
    at: usize,
}

impl Tokens {
    fn new(text: &str) -> Tokens {
        assert!(!text.contains("/*"), "block comments are not read");
        let mut tokens = Vec::new();
        for line in text.lines() {
            let mut code = line.split("//").next().unwrap_or_default().to_string();
            for c in ['{', '}', ';', '(', ')', '='] {
                code = code.replace(c, &format!(" {c} "));
            }
            tokens.extend(code.split_whitespace().map(String::from));
        }
        Tokens { tokens, at: 0 }
    }

    fn next(&mut self) -> Option<String> {
        let t = self.tokens.get(self.at).cloned();
        self.at += 1;
        t
    }

    fn word(&mut self) -> String {
        self.next().expect("unexpected end of file")
    }

    fn expect(&mut self, want: &str) {
        let got = self.word();
        assert_eq!(got, want, "token {}", self.at);
    }

    fn number(&mut self) -> i32 {
        let n = self.word();
        n.parse().unwrap_or_else(|_| panic!("{n} is not a number"))
    }
}

fn parse_proto(text: &str) -> ProtoSource {
    let mut t = Tokens::new(text);
    let mut src = ProtoSource::default();
    while let Some(tok) = t.next() {
        match tok.as_str() {
            "syntax" => {
                t.expect("=");
                assert_eq!(t.word(), "\"proto3\"");
                t.expect(";");
            }
            "package" => {
                src.package = t.word();
                t.expect(";");
            }
            "import" => {
                src.imports.insert(t.word().trim_matches('"').to_string());
                t.expect(";");
            }
            "message" => {
                let name = t.word();
                t.expect("{");
                let mut fields = Vec::new();
                loop {
                    let first = t.word();
                    if first == "}" {
                        break;
                    }
                    let repeated = first == "repeated";
                    let ty = if repeated { t.word() } else { first };
                    let field = t.word();
                    t.expect("=");
                    let number = t.number();
                    t.expect(";");
                    fields.push(SourceField {
                        name: field,
                        number,
                        repeated,
                        ty,
                    });
                }
                assert!(
                    src.messages.insert(name.clone(), fields).is_none(),
                    "{name}"
                );
            }
            "enum" => {
                let name = t.word();
                t.expect("{");
                let mut values = Vec::new();
                loop {
                    let value = t.word();
                    if value == "}" {
                        break;
                    }
                    t.expect("=");
                    values.push((value, t.number()));
                    t.expect(";");
                }
                assert!(src.enums.insert(name.clone(), values).is_none(), "{name}");
            }
            "service" => {
                let name = t.word();
                t.expect("{");
                let mut methods = Vec::new();
                loop {
                    let rpc = t.word();
                    if rpc == "}" {
                        break;
                    }
                    assert_eq!(rpc, "rpc");
                    let method = t.word();
                    t.expect("(");
                    let input = t.word();
                    t.expect(")");
                    t.expect("returns");
                    t.expect("(");
                    let output = t.word();
                    t.expect(")");
                    t.expect(";");
                    methods.push((method, input, output));
                }
                assert!(
                    src.services.insert(name.clone(), methods).is_none(),
                    "{name}"
                );
            }
            other => panic!("unexpected `{other}`"),
        }
    }
    src
}

/// The descriptor type of a scalar keyword.
fn scalar(keyword: &str) -> Option<Type> {
    Some(match keyword {
        "double" => Type::Double,
        "float" => Type::Float,
        "int64" => Type::Int64,
        "uint64" => Type::Uint64,
        "int32" => Type::Int32,
        "fixed64" => Type::Fixed64,
        "fixed32" => Type::Fixed32,
        "bool" => Type::Bool,
        "string" => Type::String,
        "bytes" => Type::Bytes,
        "uint32" => Type::Uint32,
        "sfixed32" => Type::Sfixed32,
        "sfixed64" => Type::Sfixed64,
        "sint32" => Type::Sint32,
        "sint64" => Type::Sint64,
        _ => return None,
    })
}

/// A type name as written in `package`, made absolute (these files only refer to their own
/// package's top-level types by bare name, and to other packages' types by full name).
fn qualified(package: &str, ty: &str) -> String {
    if ty.contains('.') {
        format!(".{ty}")
    } else {
        format!(".{package}.{ty}")
    }
}

/// The described file `f` declares what its source declares: package, imports, messages with
/// their fields, enums with their values, and the Query service (the `Msg` service is
/// deliberately not described).
fn assert_matches_source(f: &FileDescriptorProto, src: &ProtoSource) {
    let name = f.name();
    assert_eq!(f.package(), src.package, "{name}: package");
    let deps: BTreeSet<String> = f.dependency.iter().cloned().collect();
    assert_eq!(deps, src.imports, "{name}: imports");

    let described: BTreeSet<&str> = f.message_type.iter().map(|m| m.name()).collect();
    let declared: BTreeSet<&str> = src.messages.keys().map(String::as_str).collect();
    assert_eq!(described, declared, "{name}: messages");
    for m in &f.message_type {
        let what = format!("{}.{}", src.package, m.name());
        assert!(m.nested_type.is_empty() && m.enum_type.is_empty(), "{what}");
        assert!(m.oneof_decl.is_empty(), "{what}");
        let fields = &src.messages[m.name()];
        assert_eq!(m.field.len(), fields.len(), "{what}: field count");
        for sf in fields {
            let fd = m
                .field
                .iter()
                .find(|fd| fd.number() == sf.number)
                .unwrap_or_else(|| panic!("{what}: no field {}", sf.number));
            let here = format!("{what}.{}", sf.name);
            assert_eq!(fd.name(), sf.name, "{what}: field {}", sf.number);
            let label = if sf.repeated {
                Label::Repeated
            } else {
                Label::Optional
            };
            assert_eq!(fd.label(), label, "{here}");
            match scalar(&sf.ty) {
                Some(t) => assert_eq!(fd.r#type(), t, "{here}"),
                None => {
                    assert!(
                        matches!(fd.r#type(), Type::Message | Type::Enum),
                        "{here}: {:?}",
                        fd.r#type()
                    );
                    assert_eq!(fd.type_name(), qualified(&src.package, &sf.ty), "{here}");
                }
            }
        }
    }

    let described: BTreeMap<String, Vec<(String, i32)>> = f
        .enum_type
        .iter()
        .map(|e| {
            let values = e
                .value
                .iter()
                .map(|v| (v.name().to_string(), v.number()))
                .collect();
            (e.name().to_string(), values)
        })
        .collect();
    assert_eq!(described, src.enums, "{name}: enums");

    let described: BTreeMap<String, Vec<(String, String, String)>> = f
        .service
        .iter()
        .map(|s| {
            let methods = s
                .method
                .iter()
                .map(|m| {
                    let (i, o) = (m.input_type(), m.output_type());
                    (m.name().to_string(), i.to_string(), o.to_string())
                })
                .collect();
            (s.name().to_string(), methods)
        })
        .collect();
    let declared: BTreeMap<String, Vec<(String, String, String)>> = src
        .services
        .iter()
        .filter(|(s, _)| s.as_str() != "Msg")
        .map(|(s, methods)| {
            let methods = methods
                .iter()
                .map(|(m, i, o)| {
                    let q = |t: &str| qualified(&src.package, t);
                    (m.clone(), q(i), q(o))
                })
                .collect();
            (s.clone(), methods)
        })
        .collect();
    assert_eq!(described, declared, "{name}: services");
}

#[test]
fn openledger_files_match_their_proto_sources() {
    let set = file_descriptor_set();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../proto");

    // every .proto file of proto/openledger/<module>/<version>/ is described
    let mut sources = BTreeSet::new();
    for module in std::fs::read_dir(root.join("openledger")).unwrap() {
        for version in std::fs::read_dir(module.unwrap().path()).unwrap() {
            for file in std::fs::read_dir(version.unwrap().path()).unwrap() {
                let path = file.unwrap().path();
                if path.extension().is_some_and(|e| e == "proto") {
                    let rel = path.strip_prefix(&root).unwrap();
                    sources.insert(rel.to_string_lossy().replace('\\', "/"));
                }
            }
        }
    }
    let described: BTreeSet<String> = set
        .file
        .iter()
        .map(|f| f.name().to_string())
        .filter(|n| n.starts_with("openledger/"))
        .collect();
    assert_eq!(described, sources);
    for name in &sources {
        assert!(MODULE_FILES.contains(&name.as_str()), "{name}");
    }

    // and declares what its source declares
    for f in set.file.iter().filter(|f| sources.contains(f.name())) {
        let text = std::fs::read_to_string(root.join(f.name())).unwrap();
        let src = parse_proto(&text);
        assert_matches_source(f, &src);
        assert_eq!(
            src.services.contains_key("Msg"),
            f.name().ends_with("/tx.proto"),
            "{}: the Msg service lives in tx.proto",
            f.name()
        );
    }
}

// ---------------------------------------------------------------------------------------
// descriptors against prost encodings

fn dec_coin() -> DecCoin {
    DecCoin {
        denom: "aopen".into(),
        amount: "17000000000000000000".into(),
    }
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
        &gopen::MsgUpdateGovLimits {
            authority: "open1gov".into(),
            unlock_delay_secs: 1_814_400,
            max_unlock_entries: 7,
            max_messages: 10,
            max_metadata_len: 255,
            max_title_len: 140,
            max_summary_len: 10_000,
        },
    );
    check(ix, s, &gopen::MsgUpdateGovLimitsResponse {});
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

fn datanets_params() -> dn::Params {
    dn::Params {
        min_contribution_bond: "1000000000000000000".into(),
        min_fee_per_byte: "1".into(),
        max_contribution_bytes: 1 << 30,
        max_uri_len: 512,
        max_metadata_len: 2048,
        max_name_len: 64,
        max_summary_len: 256,
        max_description_len: 4096,
        max_tags: 8,
        max_curators: 16,
        max_allow_list: 256,
        reject_slash_fraction: "500000000000000000".into(),
        penalty_per_rejection: 1,
        penalty_threshold: 3,
        penalty_reward_multiplier: "500000000000000000".into(),
        max_contributions_per_version: 10_000,
    }
}

fn datanet() -> dn::Datanet {
    dn::Datanet {
        id: 1,
        owner: "open1owner".into(),
        name: "medical-qa".into(),
        summary: "summary".into(),
        description: "description".into(),
        tags: vec!["medical".into(), "qa".into()],
        licence: "CC-BY-4.0".into(),
        visibility: dn::Visibility::Permissioned as i32,
        curators: vec!["open1curator".into()],
        contribution_bond: "1000000000000000000".into(),
        fee_per_byte: "1000".into(),
        access_price: "5".into(),
        created_height: 3,
        created_time: ts(),
    }
}

fn contribution() -> dn::Contribution {
    dn::Contribution {
        id: 2,
        datanet_id: 1,
        contributor: "open1contributor".into(),
        content_hash: vec![7; 32],
        size_bytes: 100,
        content_uri: "ipfs://data".into(),
        licence: "CC-BY-4.0".into(),
        metadata: "{}".into(),
        bond: "1000000000000000000".into(),
        fee: "100000".into(),
        status: dn::ContributionStatus::Rejected as i32,
        approval_seq: 1,
        height: 4,
        time: ts(),
        curator: "open1curator".into(),
        reason: dn::CurationReason::Spam as i32,
        note: "spam".into(),
        curated_height: 5,
        curated_time: ts(),
        bond_burned: "500000000000000000".into(),
    }
}

fn datanet_version() -> dn::Version {
    dn::Version {
        datanet_id: 1,
        number: 2,
        root: vec![9; 32],
        contribution_count: 3,
        total_bytes: "300".into(),
        max_contribution_id: 4,
        height: 6,
        time: ts(),
        publisher: "open1owner".into(),
        note: "v2".into(),
    }
}

fn check_datanets(ix: &Index, s: &mut Seen) {
    // queries
    check(ix, s, &dn::QueryParamsRequest {});
    check(
        ix,
        s,
        &dn::QueryParamsResponse {
            params: Some(datanets_params()),
        },
    );
    check(ix, s, &dn::QueryDatanetRequest { datanet_id: 1 });
    check(
        ix,
        s,
        &dn::QueryDatanetResponse {
            datanet: Some(datanet()),
            stats: Some(dn::DatanetStats {
                contributions: 3,
                pending: 1,
                approved: 1,
                rejected: 1,
                approved_bytes: "100".into(),
                latest_version: 2,
            }),
            allow_list: vec!["open1allowed".into()],
        },
    );
    check(
        ix,
        s,
        &dn::QueryDatanetsRequest {
            owner: "open1owner".into(),
            tag: "medical".into(),
            pagination: page_request(),
        },
    );
    check(
        ix,
        s,
        &dn::QueryDatanetsResponse {
            datanets: vec![datanet(), datanet()],
            pagination: page_response(),
        },
    );
    check(ix, s, &dn::QueryContributionRequest { contribution_id: 2 });
    check(
        ix,
        s,
        &dn::QueryContributionResponse {
            contribution: Some(contribution()),
        },
    );
    check(
        ix,
        s,
        &dn::QueryContributionsByDatanetRequest {
            datanet_id: 1,
            status: dn::ContributionStatus::Pending as i32,
            pagination: page_request(),
        },
    );
    check(
        ix,
        s,
        &dn::QueryContributionsByDatanetResponse {
            contributions: vec![contribution()],
            pagination: page_response(),
        },
    );
    check(
        ix,
        s,
        &dn::QueryContributionsByContributorRequest {
            contributor: "open1contributor".into(),
            pagination: page_request(),
        },
    );
    check(
        ix,
        s,
        &dn::QueryContributionsByContributorResponse {
            contributions: vec![contribution()],
            pagination: page_response(),
        },
    );
    check(
        ix,
        s,
        &dn::QueryVersionsRequest {
            datanet_id: 1,
            pagination: page_request(),
        },
    );
    check(
        ix,
        s,
        &dn::QueryVersionsResponse {
            versions: vec![datanet_version()],
            pagination: page_response(),
        },
    );
    check(
        ix,
        s,
        &dn::QueryVersionRequest {
            datanet_id: 1,
            version: 2,
        },
    );
    check(
        ix,
        s,
        &dn::QueryVersionResponse {
            version: Some(datanet_version()),
            revenue: Some(dn::RevenuePool {
                datanet_id: 1,
                version: 2,
                paid: "10".into(),
                revenue_per_byte: "33333333333333333".into(),
                claimed: "3".into(),
                dust: "1".into(),
            }),
        },
    );
    check(
        ix,
        s,
        &dn::QueryStandingRequest {
            datanet_id: 1,
            contributor: "open1contributor".into(),
        },
    );
    check(
        ix,
        s,
        &dn::QueryStandingResponse {
            standing: Some(dn::Standing {
                datanet_id: 1,
                contributor: "open1contributor".into(),
                approved: 4,
                rejected: 2,
                approved_bytes: "400".into(),
                penalty_score: 2,
                reward_multiplier: "1000000000000000000".into(),
            }),
        },
    );
    check(
        ix,
        s,
        &dn::QueryAccessRequest {
            datanet_id: 1,
            version: 2,
            buyer: "open1buyer".into(),
        },
    );
    check(
        ix,
        s,
        &dn::QueryAccessResponse {
            has_access: true,
            record: Some(dn::AccessRecord {
                buyer: "open1buyer".into(),
                datanet_id: 1,
                version: 2,
                price: "5".into(),
                height: 7,
                time: ts(),
            }),
        },
    );
    check(
        ix,
        s,
        &dn::QueryClaimableRequest {
            datanet_id: 1,
            version: 2,
            contributor: "open1contributor".into(),
        },
    );
    check(
        ix,
        s,
        &dn::QueryClaimableResponse {
            bytes: "100".into(),
            claimable: "3".into(),
            claimed: "1".into(),
        },
    );

    // a record no method returns
    check(
        ix,
        s,
        &dn::ContributorBytes {
            contributor: "open1contributor".into(),
            bytes: "100".into(),
        },
    );

    // transaction messages
    check(
        ix,
        s,
        &dn::MsgCreateDatanet {
            owner: "open1owner".into(),
            name: "medical-qa".into(),
            summary: "summary".into(),
            description: "description".into(),
            tags: vec!["medical".into()],
            licence: "CC-BY-4.0".into(),
            visibility: dn::Visibility::Public as i32,
            curators: vec!["open1curator".into()],
            allow_list: vec!["open1allowed".into()],
            contribution_bond: "1000000000000000000".into(),
            fee_per_byte: "1000".into(),
            access_price: "5".into(),
        },
    );
    check(ix, s, &dn::MsgCreateDatanetResponse { datanet_id: 1 });
    check(
        ix,
        s,
        &dn::MsgUpdateDatanet {
            owner: "open1owner".into(),
            datanet_id: 1,
            summary: "summary".into(),
            description: "description".into(),
            tags: vec!["medical".into()],
            licence: "CC0".into(),
            curators: vec!["open1curator".into()],
            allow_list: vec!["open1allowed".into()],
            access_price: "6".into(),
        },
    );
    check(ix, s, &dn::MsgUpdateDatanetResponse {});
    check(
        ix,
        s,
        &dn::MsgContribute {
            contributor: "open1contributor".into(),
            datanet_id: 1,
            content_hash: vec![7; 32],
            size_bytes: 100,
            content_uri: "ipfs://data".into(),
            licence: "CC-BY-4.0".into(),
            metadata: "{}".into(),
        },
    );
    check(ix, s, &dn::MsgContributeResponse { contribution_id: 2 });
    check(
        ix,
        s,
        &dn::MsgCurate {
            curator: "open1curator".into(),
            contribution_id: 2,
            approve: true,
            reason: dn::CurationReason::Duplicate as i32,
            note: "note".into(),
        },
    );
    check(
        ix,
        s,
        &dn::MsgCurateResponse {
            bond_returned: "1".into(),
            bond_burned: "2".into(),
        },
    );
    check(
        ix,
        s,
        &dn::MsgPublishVersion {
            owner: "open1owner".into(),
            datanet_id: 1,
            note: "v2".into(),
        },
    );
    check(
        ix,
        s,
        &dn::MsgPublishVersionResponse {
            version: 2,
            root: vec![9; 32],
        },
    );
    check(
        ix,
        s,
        &dn::MsgPurchaseAccess {
            buyer: "open1buyer".into(),
            datanet_id: 1,
            version: 2,
        },
    );
    check(ix, s, &dn::MsgPurchaseAccessResponse { price: "5".into() });
    check(
        ix,
        s,
        &dn::MsgClaimRevenue {
            contributor: "open1contributor".into(),
            datanet_id: 1,
            version: 2,
        },
    );
    check(ix, s, &dn::MsgClaimRevenueResponse { amount: "3".into() });
    check(
        ix,
        s,
        &dn::MsgUpdateParams {
            authority: "open1gov".into(),
            params: Some(datanets_params()),
        },
    );
    check(ix, s, &dn::MsgUpdateParamsResponse {});

    // events
    check(
        ix,
        s,
        &dn::EventCreateDatanet {
            datanet_id: 1,
            owner: "open1owner".into(),
            name: "medical-qa".into(),
            visibility: dn::Visibility::Permissioned as i32,
        },
    );
    check(
        ix,
        s,
        &dn::EventUpdateDatanet {
            datanet_id: 1,
            owner: "open1owner".into(),
        },
    );
    check(
        ix,
        s,
        &dn::EventContribute {
            contribution_id: 2,
            datanet_id: 1,
            contributor: "open1contributor".into(),
            content_hash: "07".repeat(32),
            size_bytes: 100,
            bond: "1".into(),
            fee: "2".into(),
        },
    );
    check(
        ix,
        s,
        &dn::EventCurate {
            contribution_id: 2,
            datanet_id: 1,
            curator: "open1curator".into(),
            contributor: "open1contributor".into(),
            approved: true,
            reason: dn::CurationReason::LowQuality as i32,
            bond_returned: "1".into(),
            bond_burned: "2".into(),
            penalty_score: 3,
        },
    );
    check(
        ix,
        s,
        &dn::EventPublishVersion {
            datanet_id: 1,
            version: 2,
            root: "09".repeat(32),
            contribution_count: 3,
            total_bytes: "300".into(),
            max_contribution_id: 4,
            publisher: "open1owner".into(),
        },
    );
    check(
        ix,
        s,
        &dn::EventPurchaseAccess {
            datanet_id: 1,
            version: 2,
            buyer: "open1buyer".into(),
            price: "5".into(),
        },
    );
    check(
        ix,
        s,
        &dn::EventClaimRevenue {
            datanet_id: 1,
            version: 2,
            contributor: "open1contributor".into(),
            amount: "3".into(),
        },
    );
}

fn models_params() -> md::Params {
    md::Params {
        min_creator_bond: "100000000000000000000".into(),
        max_name_len: 64,
        max_description_len: 4096,
        max_text_len: 512,
        max_datanet_refs: 16,
        max_evidence_len: 4096,
        max_history_per_model: 256,
        max_versions_per_model: 256,
    }
}

fn datanet_refs() -> Vec<md::DatanetVersionRef> {
    vec![
        md::DatanetVersionRef {
            datanet_id: 1,
            version: 2,
        },
        md::DatanetVersionRef {
            datanet_id: 3,
            version: 1,
        },
    ]
}

fn pricing() -> Option<md::Pricing> {
    Some(md::Pricing {
        rate_in_per_1000: "1000".into(),
        rate_out_per_1000: "2000".into(),
    })
}

fn evidence() -> Option<md::Evidence> {
    Some(md::Evidence {
        training_run_hash: "abcd".into(),
        adapter_hash: "ef01".into(),
        metrics: "loss=0.1".into(),
    })
}

fn model() -> md::Model {
    md::Model {
        id: 1,
        creator: "open1creator".into(),
        name: "med-llm".into(),
        description: "description".into(),
        base_model: "llama-3-8b".into(),
        intended_use: "answers".into(),
        datanet_versions: datanet_refs(),
        bond: Some(coin()),
        stage: md::ModelStage::FineTuning as i32,
        pricing: pricing(),
        pricing_effective_height: 5,
        latest_version: 2,
        history_count: 4,
        created_height: 3,
    }
}

fn model_version() -> md::ModelVersion {
    md::ModelVersion {
        model_id: 1,
        number: 2,
        adapter_hash: "ef01".into(),
        base_model: "llama-3-8b".into(),
        parent_version: 1,
        datanet_versions: datanet_refs(),
        publisher: "open1creator".into(),
        height: 9,
        time: ts(),
    }
}

fn check_models(ix: &Index, s: &mut Seen) {
    // queries
    check(ix, s, &md::QueryModelRequest { model_id: 1 });
    check(
        ix,
        s,
        &md::QueryModelResponse {
            model: Some(model()),
        },
    );
    check(
        ix,
        s,
        &md::QueryModelsRequest {
            stage: md::ModelStage::Deployed as i32,
            creator: "open1creator".into(),
            pagination: page_request(),
        },
    );
    check(
        ix,
        s,
        &md::QueryModelsResponse {
            models: vec![model(), model()],
            pagination: page_response(),
        },
    );
    check(
        ix,
        s,
        &md::QueryVersionsRequest {
            model_id: 1,
            pagination: page_request(),
        },
    );
    check(
        ix,
        s,
        &md::QueryVersionsResponse {
            versions: vec![model_version()],
            pagination: page_response(),
        },
    );
    check(
        ix,
        s,
        &md::QueryVersionRequest {
            model_id: 1,
            version: 2,
        },
    );
    check(
        ix,
        s,
        &md::QueryVersionResponse {
            version: Some(model_version()),
        },
    );
    check(
        ix,
        s,
        &md::QueryLineageRequest {
            model_id: 1,
            version: 2,
        },
    );
    check(
        ix,
        s,
        &md::QueryLineageResponse {
            version: Some(model_version()),
            datanets: vec![md::DatanetLineage {
                datanet_id: 1,
                version: 2,
                root: "09".repeat(32),
                contribution_count: 3,
                total_bytes: "300".into(),
            }],
        },
    );
    check(
        ix,
        s,
        &md::QueryHistoryRequest {
            model_id: 1,
            pagination: page_request(),
        },
    );
    check(
        ix,
        s,
        &md::QueryHistoryResponse {
            entries: vec![md::HistoryEntry {
                model_id: 1,
                seq: 3,
                from_stage: md::ModelStage::FineTuning as i32,
                to_stage: md::ModelStage::Alignment as i32,
                height: 8,
                time: ts(),
                actor: "open1creator".into(),
                evidence: evidence(),
            }],
            pagination: page_response(),
        },
    );
    check(ix, s, &md::QueryParamsRequest {});
    check(
        ix,
        s,
        &md::QueryParamsResponse {
            params: Some(models_params()),
        },
    );

    // a record no method returns
    check(
        ix,
        s,
        &md::PricingEntry {
            model_id: 1,
            effective_height: 5,
            pricing: pricing(),
        },
    );

    // transaction messages
    check(
        ix,
        s,
        &md::MsgProposeModel {
            creator: "open1creator".into(),
            name: "med-llm".into(),
            description: "description".into(),
            base_model: "llama-3-8b".into(),
            intended_use: "answers".into(),
            datanet_versions: datanet_refs(),
            bond: Some(coin()),
            pricing: pricing(),
        },
    );
    check(ix, s, &md::MsgProposeModelResponse { model_id: 1 });
    check(
        ix,
        s,
        &md::MsgApproveModel {
            authority: "open1gov".into(),
            model_id: 1,
        },
    );
    check(ix, s, &md::MsgApproveModelResponse {});
    check(
        ix,
        s,
        &md::MsgRejectModel {
            authority: "open1gov".into(),
            model_id: 1,
        },
    );
    check(ix, s, &md::MsgRejectModelResponse {});
    check(
        ix,
        s,
        &md::MsgAdvanceModel {
            actor: "open1creator".into(),
            model_id: 1,
            to_stage: md::ModelStage::Alignment as i32,
            evidence: evidence(),
        },
    );
    check(ix, s, &md::MsgAdvanceModelResponse {});
    check(
        ix,
        s,
        &md::MsgPublishModelVersion {
            creator: "open1creator".into(),
            model_id: 1,
            adapter_hash: "ef01".into(),
            base_model: "llama-3-8b".into(),
            parent_version: 1,
            datanet_versions: datanet_refs(),
        },
    );
    check(ix, s, &md::MsgPublishModelVersionResponse { version: 2 });
    check(
        ix,
        s,
        &md::MsgSetPricing {
            creator: "open1creator".into(),
            model_id: 1,
            rate_in_per_1000: "1000".into(),
            rate_out_per_1000: "2000".into(),
        },
    );
    check(
        ix,
        s,
        &md::MsgSetPricingResponse {
            effective_height: 6,
        },
    );
    check(
        ix,
        s,
        &md::MsgUpdateParams {
            authority: "open1gov".into(),
            params: Some(models_params()),
        },
    );
    check(ix, s, &md::MsgUpdateParamsResponse {});

    // events
    check(
        ix,
        s,
        &md::EventModelProposed {
            model_id: 1,
            creator: "open1creator".into(),
            name: "med-llm".into(),
            bond: "100".into(),
            datanet_versions: datanet_refs(),
        },
    );
    check(
        ix,
        s,
        &md::EventModelStageChanged {
            model_id: 1,
            seq: 2,
            from_stage: md::ModelStage::Proposed as i32,
            to_stage: md::ModelStage::Approved as i32,
            actor: "open1gov".into(),
            evidence: evidence(),
        },
    );
    check(
        ix,
        s,
        &md::EventModelBondReleased {
            model_id: 1,
            creator: "open1creator".into(),
            amount: "100".into(),
            burned: true,
        },
    );
    check(
        ix,
        s,
        &md::EventModelVersionPublished {
            model_id: 1,
            version: 2,
            parent_version: 1,
            adapter_hash: "ef01".into(),
            base_model: "llama-3-8b".into(),
            datanet_versions: datanet_refs(),
            publisher: "open1creator".into(),
        },
    );
    check(
        ix,
        s,
        &md::EventModelPricingSet {
            model_id: 1,
            pricing: pricing(),
            effective_height: 6,
        },
    );
    check(
        ix,
        s,
        &md::EventParamsUpdated {
            authority: "open1gov".into(),
            params: Some(models_params()),
        },
    );
}

fn attribution_params() -> at::Params {
    at::Params {
        platform_fee: "10000000000000000".into(),
        creator_share: "700000000000000000".into(),
        stakers_share: "100000000000000000".into(),
        data_share: "200000000000000000".into(),
        max_attribution_entries: 256,
        min_operator_bond: "100000000000000000000".into(),
        operator_unbonding_time: 1_814_400,
        max_models_per_operator: 64,
        max_endpoint_len: 256,
        max_request_id_len: 128,
        max_tokens_per_inference: 1_000_000_000,
        max_unbondings_per_block: 100,
    }
}

fn operator() -> at::Operator {
    at::Operator {
        address: "open1operator".into(),
        endpoint: "https://inference.example.org".into(),
        models: vec![1, 2],
        bond: "100000000000000000000".into(),
        status: at::OperatorStatus::Unbonding as i32,
        unbonding_completion: 1_701_814_400,
        registered_height: 4,
        inferences: 12,
        fees_charged: "1140000000000000000".into(),
        slash_count: 1,
        slashed_total: "5".into(),
    }
}

fn datanet_share() -> at::DatanetShare {
    at::DatanetShare {
        datanet_id: 2,
        weight_ppm: 250_000,
        amount: "32000000000000000".into(),
    }
}

fn receipt() -> at::Receipt {
    at::Receipt {
        id: 7,
        model_id: 1,
        model_version: 2,
        operator: "open1operator".into(),
        user: "open1user".into(),
        input_tokens: 1000,
        output_tokens: 2000,
        output_hash: vec![1; 32],
        prompt_hash: vec![2; 32],
        request_id: "req-7".into(),
        height: 9,
        time: ts(),
        fee: "1140000000000000000".into(),
        platform_fee: "500000000000000000".into(),
        creator_amount: "448000000000000000".into(),
        stakers_amount: "64000000000000000".into(),
        data_pool: "128000000000000000".into(),
        credited: "112000000000000000".into(),
        withheld: "16000000000000000".into(),
        dust: "1".into(),
        creator: "open1creator".into(),
        entries: vec![at::ReceiptEntry {
            contribution_id: 3,
            datanet_id: 2,
            contributor: "open1contributor".into(),
            weight_ppm: 250_000,
            amount: "16000000000000000".into(),
            withheld: "16000000000000000".into(),
        }],
        datanets: vec![datanet_share()],
    }
}

fn datanet_influence() -> at::DatanetInfluence {
    at::DatanetInfluence {
        datanet_id: 2,
        influence_ppm: "250000".into(),
        earned: "32000000000000000".into(),
        inferences: 1,
    }
}

fn check_attribution(ix: &Index, s: &mut Seen) {
    // queries
    check(ix, s, &at::QueryParamsRequest {});
    check(
        ix,
        s,
        &at::QueryParamsResponse {
            params: Some(attribution_params()),
        },
    );
    check(
        ix,
        s,
        &at::QueryOperatorRequest {
            address: "open1operator".into(),
        },
    );
    check(
        ix,
        s,
        &at::QueryOperatorResponse {
            operator: Some(operator()),
        },
    );
    check(
        ix,
        s,
        &at::QueryOperatorsRequest {
            pagination: page_request(),
        },
    );
    check(
        ix,
        s,
        &at::QueryOperatorsResponse {
            operators: vec![operator()],
            pagination: page_response(),
        },
    );
    check(
        ix,
        s,
        &at::QueryAccountRequest {
            user: "open1user".into(),
        },
    );
    check(
        ix,
        s,
        &at::QueryAccountResponse {
            balance: "17".into(),
        },
    );
    check(
        ix,
        s,
        &at::QueryGrantsRequest {
            user: "open1user".into(),
            pagination: page_request(),
        },
    );
    check(
        ix,
        s,
        &at::QueryGrantsResponse {
            grants: vec![at::Grant {
                user: "open1user".into(),
                operator: "open1operator".into(),
                model_id: 1,
                remaining: "5".into(),
            }],
            pagination: page_response(),
        },
    );
    check(ix, s, &at::QueryReceiptRequest { id: 7 });
    check(
        ix,
        s,
        &at::QueryReceiptResponse {
            receipt: Some(receipt()),
        },
    );
    check(
        ix,
        s,
        &at::QueryReceiptsByModelRequest {
            model_id: 1,
            pagination: page_request(),
        },
    );
    check(
        ix,
        s,
        &at::QueryReceiptsByModelResponse {
            receipts: vec![receipt()],
            pagination: page_response(),
        },
    );
    check(
        ix,
        s,
        &at::QueryReceiptsByUserRequest {
            user: "open1user".into(),
            pagination: page_request(),
        },
    );
    check(
        ix,
        s,
        &at::QueryReceiptsByUserResponse {
            receipts: vec![receipt()],
            pagination: page_response(),
        },
    );
    check(
        ix,
        s,
        &at::QueryReceiptsByOperatorRequest {
            operator: "open1operator".into(),
            pagination: page_request(),
        },
    );
    check(
        ix,
        s,
        &at::QueryReceiptsByOperatorResponse {
            receipts: vec![receipt()],
            pagination: page_response(),
        },
    );
    check(
        ix,
        s,
        &at::QueryEarningsRequest {
            address: "open1contributor".into(),
        },
    );
    check(
        ix,
        s,
        &at::QueryEarningsResponse {
            claimable: "3".into(),
            claimed: "4".into(),
            creator_earned: "2".into(),
            contributor_earned: "5".into(),
            by_datanet: vec![at::DatanetEarning {
                datanet_id: 2,
                earned: "5".into(),
            }],
            by_model: vec![at::ModelEarning {
                model_id: 1,
                earned: "5".into(),
            }],
        },
    );
    check(
        ix,
        s,
        &at::QueryModelInfluenceRequest {
            model_id: 1,
            pagination: page_request(),
        },
    );
    check(
        ix,
        s,
        &at::QueryModelInfluenceResponse {
            datanets: vec![datanet_influence()],
            pagination: page_response(),
        },
    );
    check(
        ix,
        s,
        &at::QueryTopContributorsRequest {
            model_id: 1,
            limit: 10,
        },
    );
    check(
        ix,
        s,
        &at::QueryTopContributorsResponse {
            contributors: vec![at::ContributorInfluence {
                contributor: "open1contributor".into(),
                influence_ppm: "250000".into(),
                earned: "16000000000000000".into(),
                entries: 1,
            }],
        },
    );
    check(
        ix,
        s,
        &at::QueryTopDatanetsRequest {
            model_id: 1,
            limit: 10,
        },
    );
    check(
        ix,
        s,
        &at::QueryTopDatanetsResponse {
            datanets: vec![datanet_influence()],
        },
    );
    check(ix, s, &at::QueryTotalsRequest {});
    check(
        ix,
        s,
        &at::QueryTotalsResponse {
            totals: Some(at::Totals {
                fees_charged: "1140000000000000000".into(),
                platform: "500000000000000000".into(),
                creator: "448000000000000000".into(),
                stakers: "64000000000000000".into(),
                contributors_credited: "112000000000000000".into(),
                withheld: "16000000000000000".into(),
                dust: "1".into(),
                claimed: "448000000000000000".into(),
                inferences: 1,
            }),
            pending: Some(at::Pending {
                stakers: "64000000000000000".into(),
                community: "516000000000000001".into(),
            }),
        },
    );

    // a record no method returns
    check(
        ix,
        s,
        &at::Claimable {
            claimable: "3".into(),
            claimed: "4".into(),
            creator_earned: "2".into(),
            contributor_earned: "5".into(),
        },
    );

    // transaction messages
    check(
        ix,
        s,
        &at::MsgRegisterOperator {
            operator: "open1operator".into(),
            bond: Some(coin()),
            endpoint: "https://inference.example.org".into(),
            models: vec![1, 2],
        },
    );
    check(ix, s, &at::MsgRegisterOperatorResponse {});
    check(
        ix,
        s,
        &at::MsgUpdateOperator {
            operator: "open1operator".into(),
            endpoint: "https://inference.example.org".into(),
            models: vec![1],
            add_bond: Some(coin()),
        },
    );
    check(ix, s, &at::MsgUpdateOperatorResponse {});
    check(
        ix,
        s,
        &at::MsgUnbondOperator {
            operator: "open1operator".into(),
        },
    );
    check(
        ix,
        s,
        &at::MsgUnbondOperatorResponse {
            completion_time: ts(),
        },
    );
    check(
        ix,
        s,
        &at::MsgSlashOperator {
            authority: "open1gov".into(),
            operator: "open1operator".into(),
            fraction: "100000000000000000".into(),
            reason: "served forged outputs".into(),
        },
    );
    check(
        ix,
        s,
        &at::MsgSlashOperatorResponse {
            burned: "10".into(),
        },
    );
    check(
        ix,
        s,
        &at::MsgDeposit {
            user: "open1user".into(),
            amount: Some(coin()),
        },
    );
    check(
        ix,
        s,
        &at::MsgDepositResponse {
            balance: "17".into(),
        },
    );
    check(
        ix,
        s,
        &at::MsgWithdraw {
            user: "open1user".into(),
            amount: Some(coin()),
        },
    );
    check(
        ix,
        s,
        &at::MsgWithdrawResponse {
            amount: "17".into(),
        },
    );
    check(
        ix,
        s,
        &at::MsgGrant {
            user: "open1user".into(),
            operator: "open1operator".into(),
            model_id: 1,
            spend_limit: "5".into(),
        },
    );
    check(ix, s, &at::MsgGrantResponse {});
    check(
        ix,
        s,
        &at::MsgRevoke {
            user: "open1user".into(),
            operator: "open1operator".into(),
            model_id: 1,
        },
    );
    check(ix, s, &at::MsgRevokeResponse {});
    check(
        ix,
        s,
        &at::MsgRecordInference {
            operator: "open1operator".into(),
            user: "open1user".into(),
            model_id: 1,
            model_version: 2,
            input_tokens: 1000,
            output_tokens: 2000,
            output_hash: vec![1; 32],
            prompt_hash: vec![2; 32],
            request_id: "req-7".into(),
            attribution: vec![
                at::AttributionEntry {
                    contribution_id: 3,
                    weight_ppm: 250_000,
                },
                at::AttributionEntry {
                    contribution_id: 4,
                    weight_ppm: 750_000,
                },
            ],
        },
    );
    check(
        ix,
        s,
        &at::MsgRecordInferenceResponse {
            receipt_id: 7,
            fee: "1140000000000000000".into(),
        },
    );
    check(
        ix,
        s,
        &at::MsgClaimRewards {
            claimant: "open1creator".into(),
        },
    );
    check(
        ix,
        s,
        &at::MsgClaimRewardsResponse {
            amount: "448000000000000000".into(),
        },
    );
    check(
        ix,
        s,
        &at::MsgUpdateParams {
            authority: "open1gov".into(),
            params: Some(attribution_params()),
        },
    );
    check(ix, s, &at::MsgUpdateParamsResponse {});

    // events
    check(
        ix,
        s,
        &at::EventOperatorRegistered {
            operator: "open1operator".into(),
            bond: "100".into(),
            endpoint: "https://inference.example.org".into(),
            models: vec![1, 2],
        },
    );
    check(
        ix,
        s,
        &at::EventOperatorUpdated {
            operator: "open1operator".into(),
            endpoint: "https://inference.example.org".into(),
            models: vec![1],
            add_bond: "5".into(),
            bond: "105".into(),
        },
    );
    check(
        ix,
        s,
        &at::EventOperatorUnbonding {
            operator: "open1operator".into(),
            bond: "105".into(),
            completion_time: ts(),
        },
    );
    check(
        ix,
        s,
        &at::EventOperatorUnbonded {
            operator: "open1operator".into(),
            amount: "105".into(),
        },
    );
    check(
        ix,
        s,
        &at::EventOperatorSlashed {
            operator: "open1operator".into(),
            fraction: "100000000000000000".into(),
            burned: "10".into(),
            bond: "95".into(),
            reason: "served forged outputs".into(),
        },
    );
    check(
        ix,
        s,
        &at::EventDeposit {
            user: "open1user".into(),
            amount: "17".into(),
            balance: "20".into(),
        },
    );
    check(
        ix,
        s,
        &at::EventWithdraw {
            user: "open1user".into(),
            amount: "17".into(),
            balance: "3".into(),
        },
    );
    check(
        ix,
        s,
        &at::EventGrant {
            user: "open1user".into(),
            operator: "open1operator".into(),
            model_id: 1,
            spend_limit: "5".into(),
        },
    );
    check(
        ix,
        s,
        &at::EventRevoke {
            user: "open1user".into(),
            operator: "open1operator".into(),
            model_id: 1,
        },
    );
    check(
        ix,
        s,
        &at::EventInferenceRecorded {
            receipt_id: 7,
            model_id: 1,
            model_version: 2,
            operator: "open1operator".into(),
            user: "open1user".into(),
            fee: "1140000000000000000".into(),
            platform_fee: "500000000000000000".into(),
            creator_amount: "448000000000000000".into(),
            stakers_amount: "64000000000000000".into(),
            data_pool: "128000000000000000".into(),
            credited: "112000000000000000".into(),
            withheld: "16000000000000000".into(),
            dust: "1".into(),
            entries: 2,
            datanets: vec![datanet_share()],
        },
    );
    check(
        ix,
        s,
        &at::EventRewardsClaimed {
            claimant: "open1creator".into(),
            amount: "448000000000000000".into(),
        },
    );
    check(
        ix,
        s,
        &at::EventParamsUpdated {
            authority: "open1gov".into(),
            params: Some(attribution_params()),
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
    check_datanets(&ix, &mut seen);
    check_models(&ix, &mut seen);
    check_attribution(&ix, &mut seen);

    // Every message of the module files (and the shared messages only they use) was walked,
    // and every field it declares was present in some fully populated encoding: the
    // descriptors have no field the prost types lack, and the prost types (populated in full
    // above) have none the descriptors lack.
    let covered = assert_every_field_seen(&ix, &seen, is_module_message);
    assert!(covered > 100, "only {covered} messages covered");
}

// ---------------------------------------------------------------------------------------
// a running gateway

const CHAIN: &str = "openledger-test-1";
const OPEN: u128 = 1_000_000_000_000_000_000;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn running_gateway_lists_describes_and_answers_the_module_services() {
    let dir = tempfile::tempdir().unwrap();
    let keys: Vec<TestKey> = (0..4).map(TestKey::from_seed).collect();
    let genesis = genesis_with_validators(&keys, 1_000_000 * OPEN, 2, 100 * OPEN).unwrap();
    let mut chain = TestNode::new(&dir.path().join("db"), CHAIN, &genesis).unwrap();
    chain.block(vec![]).unwrap();
    // some gOPEN, so that the gOPEN query has something to report
    let locker = &keys[3];
    exec_ok(
        &mut chain,
        locker,
        any(&gopen::MsgLock {
            owner: locker.address.to_string(),
            amount: Some(openledger_app::testkit::coin(5 * OPEN)),
        }),
    );
    // a datanet with an approved contribution and a published version, and a model proposed
    // on that version, so that the datanets and models queries have something to report
    let owner = &keys[2];
    let creator = &keys[1];
    build_datanet_and_model(&mut chain, owner, locker, creator);
    chain.block(vec![]).unwrap();

    let gateway = Gateway::start(&chain).await;
    let channel = gateway.channel.clone();

    // listed
    let mut client = Reflection::new(channel.clone());
    let listed = list_services(&mut client).await;
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
                    MessageRequest::FileContainingSymbol(t.trim_start_matches('.').into()),
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
    assert_routed(&channel, MODULE_SERVICES).await;

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

    // OpenLedger's services have no generated client: each request is encoded from its
    // prost type and sent on the described path
    let power: gopen::QueryGovernancePowerResponse = call(
        &channel,
        gopen::query_paths::GOVERNANCE_POWER,
        gopen::QueryGovernancePowerRequest {
            address: locker.address.to_string(),
        },
    )
    .await;
    assert_eq!(power.locked, (5 * OPEN).to_string());
    assert_eq!(power.voting_power, (5 * OPEN).to_string());
    assert_eq!(power.delegatee, locker.address.to_string());
    decodes_as(
        &served,
        ".openledger.gov.v1.QueryGovernancePowerResponse",
        &power.encode_to_vec(),
    );

    let datanet: dn::QueryDatanetResponse = call(
        &channel,
        dn::query_paths::DATANET,
        dn::QueryDatanetRequest { datanet_id: 1 },
    )
    .await;
    let d = datanet.datanet.as_ref().expect("datanet 1");
    assert_eq!(d.name, "reflection-data");
    assert_eq!(d.owner, owner.address.to_string());
    assert_eq!(d.tags, ["medical"]);
    assert_eq!(d.visibility, dn::Visibility::Public as i32);
    assert!(d.created_time.is_some(), "{d:?}");
    let stats = datanet.stats.as_ref().expect("datanet stats");
    assert_eq!((stats.approved, stats.latest_version), (1, 1), "{stats:?}");
    let seen = decodes_as(
        &served,
        ".openledger.datanets.v1.QueryDatanetResponse",
        &datanet.encode_to_vec(),
    );
    assert!(seen.contains_key(".google.protobuf.Timestamp"), "{seen:?}");
    assert!(seen.contains_key(".openledger.datanets.v1.DatanetStats"));

    let model: md::QueryModelResponse = call(
        &channel,
        md::query_paths::MODEL,
        md::QueryModelRequest { model_id: 1 },
    )
    .await;
    let m = model.model.as_ref().expect("model 1");
    assert_eq!(m.creator, creator.address.to_string());
    assert_eq!(m.stage, md::ModelStage::Proposed as i32);
    assert_eq!(
        m.datanet_versions,
        [md::DatanetVersionRef {
            datanet_id: 1,
            version: 1
        }]
    );
    assert_eq!(
        m.bond.as_ref().map(|c| c.amount.clone()),
        Some((100 * OPEN).to_string())
    );
    let seen = decodes_as(
        &served,
        ".openledger.models.v1.QueryModelResponse",
        &model.encode_to_vec(),
    );
    for t in [
        ".cosmos.base.v1beta1.Coin",
        ".openledger.models.v1.DatanetVersionRef",
        ".openledger.models.v1.Pricing",
    ] {
        assert!(seen.contains_key(t), "{t}: {seen:?}");
    }

    let params: at::QueryParamsResponse =
        call(&channel, at::query_paths::PARAMS, at::QueryParamsRequest {}).await;
    let p = params.params.as_ref().expect("attribution params");
    assert_eq!(p.platform_fee, "10000000000000000", "{p:?}");
    assert_eq!(p.creator_share, "700000000000000000", "{p:?}");
    assert_eq!(p.max_attribution_entries, 256, "{p:?}");
    let seen = decodes_as(
        &served,
        ".openledger.attribution.v1.QueryParamsResponse",
        &params.encode_to_vec(),
    );
    assert!(
        seen.contains_key(".openledger.attribution.v1.Params"),
        "{seen:?}"
    );

    gateway.stop();
}

/// One block with one transaction of `msg` by `key`, which must succeed.
fn exec_ok(chain: &mut TestNode, key: &TestKey, msg: Any) {
    let out = chain.exec(key, vec![msg]).unwrap();
    assert!(out.result.is_ok(), "{:?}", out.result);
}

/// Datanet 1 of `owner`, with one contribution of `contributor` approved and version 1
/// published; model 1 of `creator`, proposed on that version.
fn build_datanet_and_model(
    chain: &mut TestNode,
    owner: &TestKey,
    contributor: &TestKey,
    creator: &TestKey,
) {
    let owner_addr = owner.address.to_string();
    exec_ok(
        chain,
        owner,
        any(&dn::MsgCreateDatanet {
            owner: owner_addr.clone(),
            name: "reflection-data".into(),
            summary: "a datanet served over gRPC".into(),
            description: String::new(),
            tags: vec!["medical".into()],
            licence: "CC-BY-4.0".into(),
            visibility: dn::Visibility::Public as i32,
            curators: vec![],
            allow_list: vec![],
            contribution_bond: OPEN.to_string(),
            fee_per_byte: "1000".into(),
            access_price: "0".into(),
        }),
    );
    exec_ok(
        chain,
        contributor,
        any(&dn::MsgContribute {
            contributor: contributor.address.to_string(),
            datanet_id: 1,
            content_hash: vec![7; 32],
            size_bytes: 12,
            content_uri: "ipfs://data".into(),
            licence: "CC-BY-4.0".into(),
            metadata: String::new(),
        }),
    );
    exec_ok(
        chain,
        owner,
        any(&dn::MsgCurate {
            curator: owner_addr.clone(),
            contribution_id: 1,
            approve: true,
            reason: dn::CurationReason::None as i32,
            note: String::new(),
        }),
    );
    exec_ok(
        chain,
        owner,
        any(&dn::MsgPublishVersion {
            owner: owner_addr,
            datanet_id: 1,
            note: "v1".into(),
        }),
    );
    exec_ok(
        chain,
        creator,
        any(&md::MsgProposeModel {
            creator: creator.address.to_string(),
            name: "reflection-llm".into(),
            description: "a model served over gRPC".into(),
            base_model: "llama-3-8b".into(),
            intended_use: "answering questions".into(),
            datanet_versions: vec![md::DatanetVersionRef {
                datanet_id: 1,
                version: 1,
            }],
            bond: Some(openledger_app::testkit::coin(100 * OPEN)),
            pricing: Some(md::Pricing {
                rate_in_per_1000: "1000".into(),
                rate_out_per_1000: "2000".into(),
            }),
        }),
    );
}

/// One unary call of `path` with `req` encoded from its prost type.
async fn call<Req, Resp>(channel: &Channel, path: &'static str, req: Req) -> Resp
where
    Req: Message + Send + 'static,
    Resp: Message + Default + Send + 'static,
{
    let mut raw = tonic::client::Grpc::new(channel.clone());
    raw.ready().await.unwrap();
    raw.unary(
        tonic::Request::new(req),
        tonic::codegen::http::uri::PathAndQuery::from_static(path),
        tonic::codec::ProstCodec::<Req, Resp>::default(),
    )
    .await
    .unwrap_or_else(|e| panic!("{path}: {e:?}"))
    .into_inner()
}
