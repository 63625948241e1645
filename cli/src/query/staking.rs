//! `openledger query staking ...` overrides: the older commands, in the classic form, with the
//! consensus address of each validator added. `delegation`, `pool` and `params` and every other
//! method are the generated commands.

use base64::Engine;
use prost_reflect::Value;
use serde_json::Value as Json;

use super::spec::QuerySpec;
use super::Entry;
use crate::address;
use crate::rpc::paths::staking as p;
use crate::schema::args::Options;
use crate::schema::pool;
use crate::schema::value::enum_number;

pub fn overrides() -> Vec<Entry> {
    let validators = &[
        "operator_address",
        "description.moniker",
        "status~BOND_STATUS_",
        "jailed",
        "tokens$",
        "commission.commission_rates.rate",
    ];
    let delegations = &[
        "delegation.validator_address",
        "balance.amount$",
        "delegation.shares",
    ];
    vec![
        QuerySpec::classic("validators", p::VALIDATORS, &[])
            .parser("status", bond_status)
            .arg("status", |a| {
                a.help("Only validators with this status: bonded, unbonding or unbonded")
            })
            .finish(|doc, _| each(doc, "validators", add_consensus_address))
            .table("validators", "no validators", validators),
        QuerySpec::classic("validator", p::VALIDATOR, &["validator_addr"])
            .must("validator")
            .finish(|doc, _| {
                doc.get_mut("validator")
                    .into_iter()
                    .for_each(add_consensus_address)
            }),
        QuerySpec::classic("delegations", p::DELEGATOR_DELEGATIONS, &["delegator_addr"]).table(
            "delegation_responses",
            "no delegations",
            delegations,
        ),
        QuerySpec::classic(
            "unbonding-delegations",
            p::DELEGATOR_UNBONDING_DELEGATIONS,
            &["delegator_addr"],
        ),
        QuerySpec::classic("redelegations", p::REDELEGATIONS, &["delegator_addr"])
            .finish(|doc, _| each(doc, "redelegation_responses", flatten_redelegation)),
    ]
    .into_iter()
    .map(Entry::from)
    .collect()
}

/// `bonded`, `BOND_STATUS_BONDED`...: the status filter is the enum's name as text.
fn bond_status(s: &str) -> Result<Value, String> {
    let status = pool()
        .get_enum_by_name("cosmos.staking.v1beta1.BondStatus")
        .ok_or("no BondStatus in the descriptor set")?;
    let number = enum_number(&status, s)?;
    let name = status.get_value(number).map(|v| v.name().to_owned());
    Ok(Value::String(name.unwrap_or_default()))
}

fn each(doc: &mut Json, key: &str, f: fn(&mut Json)) {
    if let Some(items) = doc.get_mut(key).and_then(Json::as_array_mut) {
        items.iter_mut().for_each(f);
    }
}

/// `consensus_address` (`openvalcons1...`) of a validator's ed25519 consensus key, which the
/// SDK does not print, so that it can be matched with signing infos and CometBFT.
fn add_consensus_address(validator: &mut Json) {
    let key = validator["consensus_pubkey"]["key"]
        .as_str()
        .unwrap_or_default();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(key)
        .unwrap_or_default();
    let consensus = address::consensus_address(&bytes)
        .ok()
        .map(|a| a.to_string());
    if let (Json::Object(map), Some(consensus)) = (validator, consensus) {
        map.insert("consensus_address".to_owned(), Json::String(consensus));
    }
}

/// `{delegator_address, validator_src_address, validator_dst_address, entries: [{...entry,
/// balance}]}`: the redelegation's addresses with each entry and its current balance.
fn flatten_redelegation(response: &mut Json) {
    let mut out = response["redelegation"].clone();
    let entries: Vec<Json> = response["entries"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .map(|e| {
            let mut entry = e["redelegation_entry"].clone();
            if let Json::Object(map) = &mut entry {
                map.insert("balance".to_owned(), e["balance"].clone());
            }
            entry
        })
        .collect();
    if let Json::Object(map) = &mut out {
        map.insert("entries".to_owned(), Json::Array(entries));
        *response = out;
    }
}
