//! `openledger tx bank send FROM TO AMOUNT`: a transfer signed by the key named first, as the
//! SDK's CLI writes it. Every other bank message is a generated command.

use clap::Arg;

use super::spec::TxSpec;
use super::values::account;
use super::Entry;
use crate::schema::args::Options;

pub fn overrides() -> Vec<Entry> {
    let from = Arg::new("from").index(1).required(true).value_name("FROM");
    let send = TxSpec::new(
        "send",
        "cosmos.bank.v1beta1.MsgSend",
        &["to_address", "amount"],
        &[],
    )
    .about("Send tokens from a keyring key to an address")
    .configure(|c| {
        c.long_about(
            "Send tokens from a keyring key to an address\n\n\
                 Example: openledger tx bank send alice open1... 1.5OPEN",
        )
    })
    .extra(from.help("Sender: a key name (or the address of a key) in the keyring"))
    .parser("to_address", account)
    .arg("to_address", |a| {
        a.index(2)
            .value_name("TO")
            .help("Recipient address (open1...)")
    })
    .arg("amount", |a| {
        a.index(3)
            .value_name("AMOUNT")
            .allow_hyphen_values(true)
            .help("Amount, e.g. 1.5OPEN, 0.000001OPEN or 2500aopen (several: 1OPEN,5uatom)")
    });
    vec![send.into()]
}
