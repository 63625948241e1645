//! `openledger tx staking ...` overrides: the older commands, on the generated machinery, with
//! flags for the description and commission fields, the consensus key read from a file, and
//! validators and amounts as positional arguments. Every other message is generated.

use clap::ArgGroup;
use cosmos_sdk_proto::cosmos::crypto::ed25519;
use prost::Name;
use prost_reflect::Value;
use serde_json::json;

use super::spec::{Draft, TxSpec};
use super::values::{self, fraction, min_self_delegation, positive_height, valoper};
use super::Entry;
use crate::address;
use crate::amount::Coin;
use crate::chain::BASE_DENOM;
use crate::dec;
use crate::schema::args::Options;

const DESCRIPTION: [(&str, &str); 5] = [
    ("description.moniker", "moniker"),
    ("description.identity", "identity"),
    ("description.website", "website"),
    ("description.security_contact", "security-contact"),
    ("description.details", "details"),
];

pub fn overrides() -> Vec<Entry> {
    let mut create = TxSpec::new(
        "create-validator",
        "cosmos.staking.v1beta1.MsgCreateValidator",
        "Create a validator operated by the --from account, with a first self-delegation",
        &[],
        &["delegator_address", "description", "commission"],
    );
    let mut edit = TxSpec::new(
        "edit-validator",
        "cosmos.staking.v1beta1.MsgEditValidator",
        "Change the --from validator's description, commission rate or minimum self-delegation",
        &[],
        &["description"],
    );
    for (path, long) in DESCRIPTION {
        create = create.nested(path, long);
        edit = edit.nested(path, long);
    }
    let rates = [
        (
            "commission.rate",
            "commission-rate",
            "Initial commission rate, a fraction such as 0.1 (10%)",
        ),
        (
            "commission.max_rate",
            "commission-max-rate",
            "Highest commission rate the validator may ever charge",
        ),
        (
            "commission.max_change_rate",
            "commission-max-change-rate",
            "Largest commission change per day",
        ),
    ];
    for (path, long, help) in rates {
        create = create
            .nested(path, long)
            .parser(path, fraction)
            .arg(path, |a| a.required(true).value_name("RATE").help(help));
    }
    let create = create
        .arg("description.moniker", |a| a.required(true).help("Validator name"))
        .arg("value", |a| a.long("amount").required(true).help("Self-delegation, e.g. 100OPEN"))
        .parser("pubkey", consensus_pubkey)
        .arg("pubkey", |a| {
            a.required(true).value_name("KEY|FILE").help(
                "Consensus public key: a base64 ed25519 key, its JSON, or the path of a CometBFT \
                 priv_validator_key.json (only its public key is read)",
            )
        })
        .parser("min_self_delegation", min_self_delegation)
        .arg("min_self_delegation", |a| a.required(true).value_name("AOPEN"))
        .fix(check_commission);
    let changes =
        DESCRIPTION.iter().map(|(path, _)| *path).chain(["commission_rate", "min_self_delegation"]);
    let edit = edit
        .parser("commission_rate", fraction)
        .parser("min_self_delegation", min_self_delegation)
        .configure(|c| {
            c.group(ArgGroup::new("changes").required(true).multiple(true).args(changes))
        })
        .fix(|d| {
            // description fields not given keep their value
            for (path, _) in DESCRIPTION {
                if !d.given(path) {
                    d.set(path, Value::String(openledger_staking::DO_NOT_MODIFY.to_owned()));
                }
            }
            Ok(())
        });
    let amount = |spec: TxSpec| spec.parser("validator_address", valoper);
    vec![
        create.into(),
        edit.into(),
        amount(TxSpec::new(
            "delegate",
            "cosmos.staking.v1beta1.MsgDelegate",
            "Delegate tokens to a validator",
            &["validator_address", "amount"],
            &[],
        ))
        .into(),
        amount(TxSpec::new(
            "unbond",
            "cosmos.staking.v1beta1.MsgUndelegate",
            "Undelegate tokens from a validator; they are paid out after the unbonding time",
            &["validator_address", "amount"],
            &[],
        ))
        .into(),
        TxSpec::new(
            "redelegate",
            "cosmos.staking.v1beta1.MsgBeginRedelegate",
            "Move a delegation from one validator to another without unbonding",
            &["validator_src_address", "validator_dst_address", "amount"],
            &[],
        )
        .parser("validator_src_address", valoper)
        .parser("validator_dst_address", valoper)
        .fix(|d| {
            if d.text("validator_src_address") == d.text("validator_dst_address") {
                anyhow::bail!("the source and destination validators are the same");
            }
            Ok(())
        })
        .into(),
        amount(TxSpec::new(
            "cancel-unbond",
            "cosmos.staking.v1beta1.MsgCancelUnbondingDelegation",
            "Cancel (part of) an unbonding entry and delegate it back to its validator",
            &["validator_address", "amount", "creation_height"],
            &[],
        ))
        .parser("creation_height", positive_height)
        .into(),
    ]
}

/// `--pubkey`: an ed25519 consensus key, as the `Any` the message carries.
fn consensus_pubkey(s: &str) -> Result<Value, String> {
    let key = address::consensus_key(s)?;
    let json = json!({"@type": ed25519::PubKey::type_url(), "key": base64_of(&key)});
    values::message("google.protobuf.Any", json)
}

fn base64_of(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The rates and the self-delegation, checked against each other in the flags' terms.
fn check_commission(d: &mut Draft) -> anyhow::Result<()> {
    let rate = |path: &str| dec::from_atomics_str(&d.text(path));
    let (rate_, max, change) = (
        rate("commission.rate")?,
        rate("commission.max_rate")?,
        rate("commission.max_change_rate")?,
    );
    let short = dec::short_string;
    if rate_ > max {
        anyhow::bail!(
            "--commission-rate {} is above --commission-max-rate {}",
            short(rate_),
            short(max)
        );
    }
    if change > max {
        anyhow::bail!(
            "--commission-max-change-rate {} is above --commission-max-rate {}",
            short(change),
            short(max)
        );
    }
    let min = d.text("min_self_delegation").parse::<u128>().unwrap_or(0);
    let amount = d.text("value.amount").parse::<u128>().unwrap_or(0);
    if d.text("value.denom") == BASE_DENOM && amount < min {
        let shown = Coin::new(amount, BASE_DENOM).display();
        anyhow::bail!(
            "the self-delegation {shown} is below --min-self-delegation {min}{BASE_DENOM}"
        );
    }
    Ok(())
}
