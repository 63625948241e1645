//! Staking events keep the Cosmos SDK x/staking names and attribute keys.

use openledger_framework::{Address, ConsAddress, Dec, Event, VALCONS_PREFIX, VALOPER_PREFIX};

use crate::time::rfc3339;
use crate::types::shares_to_display;

fn valoper(a: &Address) -> String {
    a.to_bech32(VALOPER_PREFIX)
}

fn coin(amount: u128, denom: &str) -> String {
    format!("{amount}{denom}")
}

pub fn create_validator(op: &Address, amount: u128, denom: &str) -> Event {
    Event::new("create_validator")
        .attr("validator", valoper(op))
        .attr("amount", coin(amount, denom))
}

pub fn edit_validator(op: &Address, commission_rate: Dec, min_self_delegation: u128) -> Event {
    Event::new("edit_validator")
        .attr("validator", valoper(op))
        .attr("commission_rate", commission_rate.to_string())
        .attr("min_self_delegation", min_self_delegation.to_string())
}

pub fn delegate(op: &Address, del: &Address, amount: u128, denom: &str, new_shares: u128) -> Event {
    Event::new("delegate")
        .attr("validator", valoper(op))
        .attr("delegator", del.to_string())
        .attr("amount", coin(amount, denom))
        .attr("new_shares", shares_to_display(new_shares))
}

pub fn unbond(op: &Address, del: &Address, amount: u128, denom: &str, completion: i64) -> Event {
    Event::new("unbond")
        .attr("validator", valoper(op))
        .attr("delegator", del.to_string())
        .attr("amount", coin(amount, denom))
        .attr("completion_time", rfc3339(completion))
}

pub fn redelegate(
    src: &Address,
    dst: &Address,
    del: &Address,
    amount: u128,
    denom: &str,
    completion: i64,
) -> Event {
    Event::new("redelegate")
        .attr("source_validator", valoper(src))
        .attr("destination_validator", valoper(dst))
        .attr("delegator", del.to_string())
        .attr("amount", coin(amount, denom))
        .attr("completion_time", rfc3339(completion))
}

pub fn cancel_unbonding_delegation(
    op: &Address,
    del: &Address,
    amount: u128,
    denom: &str,
    creation_height: u64,
) -> Event {
    Event::new("cancel_unbonding_delegation")
        .attr("amount", coin(amount, denom))
        .attr("validator", valoper(op))
        .attr("delegator", del.to_string())
        .attr("creation_height", creation_height.to_string())
}

pub fn complete_unbonding(op: &Address, del: &Address, amount: u128, denom: &str) -> Event {
    Event::new("complete_unbonding")
        .attr("amount", coin(amount, denom))
        .attr("validator", valoper(op))
        .attr("delegator", del.to_string())
}

pub fn complete_redelegation(
    del: &Address,
    src: &Address,
    dst: &Address,
    amount: u128,
    denom: &str,
) -> Event {
    Event::new("complete_redelegation")
        .attr("amount", coin(amount, denom))
        .attr("delegator", del.to_string())
        .attr("source_validator", valoper(src))
        .attr("destination_validator", valoper(dst))
}

pub fn slash(
    op: &Address,
    cons: &ConsAddress,
    power: i64,
    fraction: Dec,
    burned: u128,
    denom: &str,
) -> Event {
    let address = Address(*cons).to_bech32(VALCONS_PREFIX);
    Event::new("slash")
        .attr("validator", valoper(op))
        .attr("address", address)
        .attr("power", power.to_string())
        .attr("slash_factor", fraction.to_string())
        .attr("burned_coins", coin(burned, denom))
}
