//! `openledger tx staking ...` overrides: the older commands on the generated machinery, with
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

fn spec(name: &'static str, msg: &str, positional: &[&str], skip: &[&str]) -> TxSpec {
    let spec = TxSpec::new(
        name,
        &format!("cosmos.staking.v1beta1.{msg}"),
        positional,
        skip,
    );
    let spec = DESCRIPTION
        .iter()
        .fold(spec, |s, (path, long)| s.nested(path, long));
    let validators = [
        "validator_address",
        "validator_src_address",
        "validator_dst_address",
    ];
    validators
        .iter()
        .filter(|v| positional.contains(v))
        .fold(spec, |s, v| s.parser(v, valoper))
}

pub fn overrides() -> Vec<Entry> {
    let mut create = spec(
        "create-validator",
        "MsgCreateValidator",
        &[],
        &["delegator_address", "description", "commission"],
    );
    let rates = [
        ("rate", "commission-rate"),
        ("max_rate", "commission-max-rate"),
        ("max_change_rate", "commission-max-change-rate"),
    ];
    for (field, long) in rates {
        let path = format!("commission.{field}");
        create = create
            .nested(&path, long)
            .parser(&path, fraction)
            .arg(&path, |a| a.required(true).value_name("RATE"));
    }
    let create = create
        .required(&[
            "description.moniker",
            "value",
            "pubkey",
            "min_self_delegation",
        ])
        .rename("value", "amount")
        .parser("pubkey", consensus_pubkey)
        .arg("pubkey", |a| {
            a.value_name("KEY|FILE").help(
                "Consensus public key: a base64 ed25519 key, its JSON, or the path of a CometBFT \
                 priv_validator_key.json (only its public key is read)",
            )
        })
        .parser("min_self_delegation", min_self_delegation)
        .fix(check_commission);
    let changes = DESCRIPTION
        .iter()
        .map(|(path, _)| *path)
        .chain(["commission_rate", "min_self_delegation"]);
    let edit = spec("edit-validator", "MsgEditValidator", &[], &["description"])
        .parser("commission_rate", fraction)
        .parser("min_self_delegation", min_self_delegation)
        .configure(|c| {
            c.group(
                ArgGroup::new("changes")
                    .required(true)
                    .multiple(true)
                    .args(changes),
            )
        })
        .fix(|d| {
            // description fields not given keep their value
            let untouched: Vec<&str> = DESCRIPTION
                .iter()
                .map(|(p, _)| *p)
                .filter(|p| !d.given(p))
                .collect();
            for path in untouched {
                d.set(
                    path,
                    Value::String(openledger_staking::DO_NOT_MODIFY.to_owned()),
                );
            }
            Ok(())
        });
    let positions = ["validator_src_address", "validator_dst_address", "amount"];
    vec![
        create.into(),
        edit.into(),
        spec(
            "delegate",
            "MsgDelegate",
            &["validator_address", "amount"],
            &[],
        )
        .into(),
        spec(
            "unbond",
            "MsgUndelegate",
            &["validator_address", "amount"],
            &[],
        )
        .into(),
        spec("redelegate", "MsgBeginRedelegate", &positions, &[])
            .fix(
                |d| match d.text("validator_src_address") == d.text("validator_dst_address") {
                    true => anyhow::bail!("the source and destination validators are the same"),
                    false => Ok(()),
                },
            )
            .into(),
        spec(
            "cancel-unbond",
            "MsgCancelUnbondingDelegation",
            &["validator_address", "amount", "creation_height"],
            &[],
        )
        .parser("creation_height", positive_height)
        .into(),
    ]
}

/// `--pubkey`: an ed25519 consensus key, as the `Any` the message carries.
fn consensus_pubkey(s: &str) -> Result<Value, String> {
    use base64::Engine;
    let key = base64::engine::general_purpose::STANDARD.encode(address::consensus_key(s)?);
    values::message(
        "google.protobuf.Any",
        json!({"@type": ed25519::PubKey::type_url(), "key": key}),
    )
}

/// The rates and the self-delegation, checked against each other in the flags' terms.
fn check_commission(d: &mut Draft) -> anyhow::Result<()> {
    let rate = |path: &str| dec::from_atomics_str(&d.text(&format!("commission.{path}")));
    let max = rate("max_rate")?;
    for (path, flag) in [("rate", "rate"), ("max_change_rate", "max-change-rate")] {
        if rate(path)? > max {
            let (value, max) = (dec::short_string(rate(path)?), dec::short_string(max));
            anyhow::bail!("--commission-{flag} {value} is above --commission-max-rate {max}");
        }
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
