//! The chain's protobuf descriptors (`openledger_proto::FILE_DESCRIPTOR_SET`), from which the
//! `query` and `tx` commands are generated: which services each CLI module serves, the comments
//! that become help texts, and how fields are read (signers, addresses, decimals, amounts).

pub mod args;
pub mod parse;
pub mod render;
pub mod text;
pub mod value;

use prost_reflect::{
    FieldDescriptor, FileDescriptor, Kind, MessageDescriptor, MethodDescriptor, Value,
};

/// Every file the node serves, with comments (decoded once by openledger-proto).
pub use openledger_proto::json::pool;

/// A module of the command line (`openledger query NAME`, `openledger tx NAME`): its
/// protobuf packages, whose `Query` services give one `query NAME METHOD` command per method
/// and whose `Msg` services one `tx NAME MESSAGE` command per message the chain accepts.
pub struct Module {
    pub name: &'static str,
    pub query_about: &'static str,
    pub tx_about: &'static str,
    pub packages: &'static [&'static str],
}

const fn module(
    name: &'static str,
    about: [&'static str; 2],
    packages: &'static [&'static str],
) -> Module {
    Module {
        name,
        query_about: about[0],
        tx_about: about[1],
        packages,
    }
}

pub const MODULES: &[Module] = &[
    module("auth", ["Auth module: accounts and params", "Auth module: params (gov module account only)"], &[
        "cosmos.auth.v1beta1",
        "openledger.auth.v1",
    ]),
    module("bank", ["Bank module: balances and total supply", "Bank module: send tokens"], &["cosmos.bank.v1beta1"]),
    module(
        "staking",
        [
            "Staking module: validators, delegations, unbonding, redelegations, pool, params",
            "Staking module: validators, delegations, unbonding and redelegation",
        ],
        &["cosmos.staking.v1beta1"],
    ),
    module(
        "distribution",
        [
            "Distribution module: rewards, commission, community pool, params",
            "Distribution module: withdraw rewards and commission, fund the community pool",
        ],
        &["cosmos.distribution.v1beta1"],
    ),
    module(
        "slashing",
        ["Slashing module: signing info (liveness and jail) and params", "Slashing module: unjail a validator"],
        &["cosmos.slashing.v1beta1", "openledger.slashing.v1"],
    ),
    module(
        "gov",
        [
            "Governance: proposals, votes, deposits, tallies, params and gOPEN voting power",
            "Governance: proposals, deposits, votes and gOPEN voting power",
        ],
        &["cosmos.gov.v1", "openledger.gov.v1"],
    ),
    module(
        "datanet",
        [
            "Datanets: datanets, contributions, versions, standings, access and access revenue",
            "Datanets: create, update, contribute, curate, publish versions, buy access, claim revenue",
        ],
        &["openledger.datanets.v1"],
    ),
    module(
        "model",
        [
            "Models: models, their versions, lineage and stage history",
            "Models: propose models, advance them through their lifecycle, publish versions, set prices",
        ],
        &["openledger.models.v1"],
    ),
    module(
        "attribution",
        [
            "Attribution: operators, balances, grants, receipts, earnings, influence and totals",
            "Attribution: deposits, grants, operators, recorded inferences and reward claims",
        ],
        &["openledger.attribution.v1"],
    ),
    module(
        "adapter",
        [
            "LoRA adapters: the registry per model, who serves an adapter, operator standing",
            "LoRA adapters: register adapters, declare and stop serving them",
        ],
        &["openledger.adapters.v1"],
    ),
    module(
        "finetune",
        [
            "Fine-tuning jobs: compute providers and jobs",
            "Fine-tuning jobs: register providers, open, claim, deliver, accept or dispute jobs",
        ],
        &["openledger.finetune.v1"],
    ),
    module(
        "feedback",
        [
            "RLHF feedback: validators, rounds and their settled scores",
            "RLHF feedback: register validators, fund rounds, commit and reveal scores",
        ],
        &["openledger.feedback.v1"],
    ),
    module(
        "upgrade",
        [
            "Software upgrades: the scheduled plan, applied plans, module versions",
            "Software upgrades (gov module account only: submit them as a gov proposal)",
        ],
        &["cosmos.upgrade.v1beta1"],
    ),
    module(
        "ibc-transfer",
        [
            "IBC fungible token transfer (ICS-20): denomination traces and hashes, escrows, params",
            "IBC fungible token transfer (ICS-20): send tokens to another chain",
        ],
        &["ibc.applications.transfer.v1"],
    ),
    module(
        "ibc",
        [
            "IBC core: light clients, connections, channels and packets",
            "IBC core (relayer messages; no commands)",
        ],
        &["ibc.core.client.v1", "ibc.core.connection.v1", "ibc.core.channel.v1"],
    ),
    module(
        "ibc-rate-limit",
        [
            "IBC transfer rate limits: quotas and flows per denom and channel",
            "IBC transfer rate limits (gov module account only: submit them as a gov proposal)",
        ],
        &["openledger.ibc.v1"],
    ),
];

impl Module {
    /// The methods of the module's `Query` (`service` "Query") or `Msg` services.
    pub fn methods(&self, service: &str) -> Vec<MethodDescriptor> {
        let services = self
            .packages
            .iter()
            .filter_map(|p| pool().get_service_by_name(&format!("{p}.{service}")));
        services
            .flat_map(|s| s.methods().collect::<Vec<_>>())
            .collect()
    }
}

/// A method by its gRPC path (`/cosmos.bank.v1beta1.Query/Balance`).
pub fn method(path: &str) -> Option<MethodDescriptor> {
    let (service, name) = path.trim_start_matches('/').split_once('/')?;
    pool()
        .get_service_by_name(service)?
        .methods()
        .find(|m| m.name() == name)
}

/// The `about` and `long_about` of a method's command: the first paragraph of its comment,
/// and the whole comment.
pub fn method_help(method: &MethodDescriptor) -> (String, Option<String>) {
    let comment = comment_at(&method.parent_file(), method.path());
    // the SDK's comments start with the method's name and a verb: "Validators queries all
    // validators..."; OpenLedger's with a noun phrase: "Datanets by id, ..."
    let about = comment
        .as_deref()
        .map(summary)
        .map(|s| match s.strip_prefix(method.name()) {
            Some(rest)
                if rest
                    .split(' ')
                    .nth(1)
                    .is_some_and(|verb| verb.ends_with('s')) =>
            {
                let rest = rest.trim_start();
                rest.chars()
                    .take(1)
                    .flat_map(char::to_uppercase)
                    .chain(rest.chars().skip(1))
                    .collect()
            }
            _ => s,
        });
    let service = method.parent_service();
    (
        about.unwrap_or_else(|| format!("{} ({})", method.name(), service.full_name())),
        comment,
    )
}

/// The generated command of a method: its name in kebab case, its comment as help.
pub fn method_command(method: &MethodDescriptor) -> clap::Command {
    let (about, long) = method_help(method);
    let cmd = clap::Command::new(kebab(method.name())).about(about);
    long.into_iter().fold(cmd, |cmd, long| cmd.long_about(long))
}

/// The `Msg` method that takes `message` (`openledger.datanets.v1.MsgCreateDatanet`).
pub fn msg_method(message: &str) -> Option<MethodDescriptor> {
    let services = pool().services().filter(|s| s.name() == "Msg");
    services
        .flat_map(|s| s.methods().collect::<Vec<_>>())
        .find(|m| m.input().full_name() == message)
}

/// The gRPC path of a method, which is also its ABCI query path.
pub fn path(method: &MethodDescriptor) -> String {
    format!("/{}/{}", method.parent_service().full_name(), method.name())
}

/// The comment above a descriptor (`path` as in the file's source info), trimmed.
fn comment_at(file: &FileDescriptor, path: &[i32]) -> Option<String> {
    let info = file.file_descriptor_proto().source_code_info.as_ref()?;
    let location = info.location.iter().find(|l| l.path == path)?;
    // comments keep the space after `//` on every line
    let text: Vec<&str> = location
        .leading_comments
        .as_deref()?
        .lines()
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect();
    let text = text.join("\n").trim().to_owned();
    (!text.is_empty()).then_some(text)
}

pub fn field_comment(field: &FieldDescriptor) -> Option<String> {
    comment_at(&field.parent_file(), field.path())
}

/// The first paragraph of a comment, on one line.
pub fn summary(comment: &str) -> String {
    let first = comment.split("\n\n").next().unwrap_or(comment);
    first.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `DelegatorDelegations` and `delegator_delegations` as `delegator-delegations`;
/// `AccountAddressByID` as `account-address-by-id`.
pub fn kebab(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c == '_' {
            out.push('-');
            continue;
        }
        if c.is_ascii_uppercase() && i > 0 {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if prev.is_ascii_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_ascii_uppercase() && next_lower)
            {
                out.push('-');
            }
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// Whether `name` is one of the names in `list` (separated by white space).
fn listed(list: &str, name: &str) -> bool {
    list.split_whitespace().any(|n| n == name)
}

fn is_openledger(field: &FieldDescriptor) -> bool {
    field
        .parent_message()
        .package_name()
        .starts_with("openledger.")
}

pub fn is_deprecated(field: &FieldDescriptor) -> bool {
    let options = field.field_descriptor_proto().options.as_ref();
    options.and_then(|o| o.deprecated).unwrap_or(false)
}

/// Fields that hold an account address (open1...) and go by another name than `*_address`.
/// The descriptor set carries no `cosmos_proto.scalar` options, so the names are listed.
const ACCOUNT_FIELDS: &str = "\
    authority owner creator actor operator user claimant contributor curator curators buyer \
    delegatee allow_list recipient proposer depositor voter publisher";

/// Whether a string field holds a validator operator address (openvaloper1...).
pub fn is_validator_address(field: &FieldDescriptor) -> bool {
    let name = field.name();
    field.kind() == Kind::String
        && name.contains("validator")
        && (name.ends_with("address") || name.ends_with("addr"))
}

/// Whether a string field holds an account address (open1...).
pub fn is_account_address(field: &FieldDescriptor) -> bool {
    let name = field.name();
    if field.kind() != Kind::String || is_validator_address(field) || name.contains("cons") {
        return false;
    }
    name.ends_with("address") || name.ends_with("_addr") || listed(ACCOUNT_FIELDS, name)
}

/// The field a message's signer goes in: the one its `cosmos.msg.v1.signer` option names,
/// else its first address field (OpenLedger's messages are signed by their first field).
pub fn signer(message: &MessageDescriptor) -> Option<FieldDescriptor> {
    if let Some(option) = pool().get_extension_by_name("cosmos.msg.v1.signer") {
        let options = message.options();
        if let Value::List(names) = options.get_extension(&option).as_ref() {
            if let Some(Value::String(name)) = names.first() {
                return message.get_field_by_name(name);
            }
        }
    }
    message.fields().find(|f| {
        !is_deprecated(f) && !f.is_list() && (is_account_address(f) || is_validator_address(f))
    })
}

/// How a `LegacyDec` travels: the integer of value × 10^18, as text or as its ASCII bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecWire {
    Atomics,
    AtomicsBytes,
}

/// The Cosmos SDK fields of custom type `LegacyDec`. The descriptor set keeps no
/// `gogoproto.customtype` options, so they are listed here.
const LEGACY_DEC_FIELDS: &str = "\
    cosmos.base.v1beta1.DecCoin.amount cosmos.base.v1beta1.DecProto.dec \
    cosmos.staking.v1beta1.CommissionRates.rate cosmos.staking.v1beta1.CommissionRates.max_rate \
    cosmos.staking.v1beta1.CommissionRates.max_change_rate \
    cosmos.staking.v1beta1.Validator.delegator_shares cosmos.staking.v1beta1.Delegation.shares \
    cosmos.staking.v1beta1.RedelegationEntry.shares_dst \
    cosmos.staking.v1beta1.Params.min_commission_rate \
    cosmos.staking.v1beta1.MsgEditValidator.commission_rate \
    cosmos.distribution.v1beta1.Params.community_tax \
    cosmos.distribution.v1beta1.Params.base_proposer_reward \
    cosmos.distribution.v1beta1.Params.bonus_proposer_reward \
    cosmos.distribution.v1beta1.ValidatorSlashEvent.fraction \
    cosmos.distribution.v1beta1.DelegatorStartingInfo.stake \
    cosmos.slashing.v1beta1.Params.min_signed_per_window \
    cosmos.slashing.v1beta1.Params.slash_fraction_double_sign \
    cosmos.slashing.v1beta1.Params.slash_fraction_downtime";

/// Whether a field is a `LegacyDec`: one of the SDK's (above), or one of OpenLedger's, whose
/// comments call them "Dec atomics" (value × 10^18).
pub fn legacy_dec(field: &FieldDescriptor) -> Option<DecWire> {
    let listed = listed(LEGACY_DEC_FIELDS, field.full_name());
    let documented = is_openledger(field)
        && field_comment(field).is_some_and(|c| c.contains("Dec atomics") || c.contains("x 10^18"));
    match field.kind() {
        _ if !(listed || documented) => None,
        Kind::String => Some(DecWire::Atomics),
        Kind::Bytes => Some(DecWire::AtomicsBytes),
        _ => None,
    }
}

/// Name endings of OpenLedger's integer amounts of aopen, which are strings ("" meaning 0).
const AMOUNT_ENDINGS: &str = "\
    bond fee _byte price amount paid claimed claimable dust bytes burned returned _1000 charged \
    platform stakers credited withheld total remaining earned pool ppm community balance limit \
    locked power";

/// Whether a string field of an OpenLedger message is an integer amount of aopen.
pub fn is_amount(field: &FieldDescriptor) -> bool {
    field.kind() == Kind::String
        && is_openledger(field)
        && legacy_dec(field).is_none()
        && AMOUNT_ENDINGS
            .split_whitespace()
            .any(|e| field.name().ends_with(e))
}

#[cfg(test)]
#[path = "../tests/unit/schema.rs"]
mod tests;
