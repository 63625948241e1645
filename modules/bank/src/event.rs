//! Bank events keep the Cosmos SDK names and attributes so explorers and clients work.

use openledger_framework::{Address, Coins, Event};

pub fn coin_spent(spender: &Address, amount: &Coins) -> Event {
    Event::new("coin_spent")
        .attr("spender", spender.to_string())
        .attr("amount", amount.to_string())
}

pub fn coin_received(receiver: &Address, amount: &Coins) -> Event {
    Event::new("coin_received")
        .attr("receiver", receiver.to_string())
        .attr("amount", amount.to_string())
}

pub fn transfer(sender: &Address, recipient: &Address, amount: &Coins) -> Event {
    Event::new("transfer")
        .attr("recipient", recipient.to_string())
        .attr("sender", sender.to_string())
        .attr("amount", amount.to_string())
}

pub fn coinbase(minter: &Address, amount: &Coins) -> Event {
    Event::new("coinbase")
        .attr("minter", minter.to_string())
        .attr("amount", amount.to_string())
}

pub fn burn(burner: &Address, amount: &Coins) -> Event {
    Event::new("burn")
        .attr("burner", burner.to_string())
        .attr("amount", amount.to_string())
}
