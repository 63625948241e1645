//! `openledger query slashing ...` overrides, in the classic form: `signing-info` also takes
//! the validator's consensus public key.

use prost_reflect::Value;

use super::spec::QuerySpec;
use super::Entry;
use crate::address;
use crate::chain::VALCONS_PREFIX;
use crate::rpc::paths::slashing as p;
use crate::schema::args::Options;

pub fn overrides() -> Vec<Entry> {
    let columns = &[
        "address",
        "missed_blocks_counter",
        "jailed_until",
        "tombstoned",
    ];
    vec![
        QuerySpec::classic("signing-info", p::SIGNING_INFO, &["cons_address"])
            .parser("cons_address", consensus_address)
            .arg("cons_address", |a| {
                a.value_name("CONSENSUS").help(
                    "Consensus address (openvalcons1...), or the validator's ed25519 consensus \
                     public key (base64, its JSON, or a priv_validator_key.json path)",
                )
            }),
        QuerySpec::classic("signing-infos", p::SIGNING_INFOS, &[]).table(
            "info",
            "no signing infos",
            columns,
        ),
        QuerySpec::classic("params", p::PARAMS, &[]),
    ]
    .into_iter()
    .map(Entry::from)
    .collect()
}

/// An `openvalcons1...` address, or the consensus address of a public key.
fn consensus_address(input: &str) -> Result<Value, String> {
    let lower = input.trim().to_ascii_lowercase();
    let id = if lower.starts_with(&format!("{VALCONS_PREFIX}1")) {
        address::parse_consensus(input).map_err(|e| e.to_string())?
    } else {
        let key = address::consensus_key(input)
            .map_err(|e| format!("{e}; or give the consensus address ({VALCONS_PREFIX}1...)"))?;
        address::consensus_address(&key).map_err(|e| e.to_string())?
    };
    Ok(Value::String(id.to_string()))
}
