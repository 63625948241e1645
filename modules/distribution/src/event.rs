//! Distribution events keep the Cosmos SDK names and attributes.

use openledger_framework::{Address, Event, BASE_DENOM, VALOPER_PREFIX};

use crate::rewards::dec_coins_string;

/// `commission{amount, validator}` at allocation; the amount is written as SDK DecCoins.
pub fn commission(operator: &Address, amount: u128) -> Event {
    Event::new("commission")
        .attr("amount", dec_coins_string(amount, BASE_DENOM))
        .attr("validator", operator.to_bech32(VALOPER_PREFIX))
}

/// `rewards{amount, validator}` at allocation: everything the validator received (commission
/// and the delegators' part), as SDK DecCoins.
pub fn rewards(operator: &Address, amount: u128) -> Event {
    Event::new("rewards")
        .attr("amount", dec_coins_string(amount, BASE_DENOM))
        .attr("validator", operator.to_bech32(VALOPER_PREFIX))
}

/// `withdraw_rewards{amount, validator, delegator}`; a zero withdrawal reads `0aopen` as in the SDK.
pub fn withdraw_rewards(delegator: &Address, operator: &Address, amount: u128) -> Event {
    Event::new("withdraw_rewards")
        .attr("amount", format!("{amount}{BASE_DENOM}"))
        .attr("validator", operator.to_bech32(VALOPER_PREFIX))
        .attr("delegator", delegator.to_string())
}

/// `withdraw_commission{amount}`.
pub fn withdraw_commission(amount: u128) -> Event {
    Event::new("withdraw_commission").attr("amount", format!("{amount}{BASE_DENOM}"))
}

/// `set_withdraw_address{withdraw_address}`.
pub fn set_withdraw_address(withdraw: &Address) -> Event {
    Event::new("set_withdraw_address").attr("withdraw_address", withdraw.to_string())
}
