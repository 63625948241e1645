//! `openledger query ibc-transfer ...` overrides: the names and positional arguments of
//! ibc-go's CLI (`denom-trace HASH`, `denom-hash TRACE`, `escrow-address PORT CHANNEL`,
//! `total-escrow DENOM`), with the generated commands' proto3 JSON output. Every other method
//! (`denom-traces`, `params`) and the whole `query ibc` tree (client, connection and channel
//! queries) are the generated commands.

use openledger_proto::methods::ibc::applications::transfer::v1::query as p;

use super::spec::QuerySpec;
use super::Entry;
use crate::schema::args::Options;

pub fn overrides() -> Vec<Entry> {
    vec![
        QuerySpec::proto3("denom-trace", p::DENOM_TRACE, &["hash"]).arg("hash", |a| {
            a.value_name("HASH")
                .help("Hash of the trace (hex, or the ibc/HASH denomination)")
        }),
        QuerySpec::proto3("denom-hash", p::DENOM_HASH, &["trace"]).arg("trace", |a| {
            a.value_name("TRACE")
                .help("Denomination trace, e.g. transfer/channel-0/uatom")
        }),
        QuerySpec::proto3(
            "escrow-address",
            p::ESCROW_ADDRESS,
            &["port_id", "channel_id"],
        )
        .arg("port_id", |a| {
            a.value_name("PORT").help("Port, e.g. transfer")
        })
        .arg("channel_id", |a| {
            a.value_name("CHANNEL").help("Channel, e.g. channel-0")
        }),
        QuerySpec::proto3("total-escrow", p::TOTAL_ESCROW_FOR_DENOM, &["denom"])
            .configure(|c| c.visible_alias("total-escrow-for-denom"))
            .arg("denom", |a| {
                a.value_name("DENOM")
                    .help("Denomination escrowed by this chain's transfer module, e.g. aopen")
            }),
    ]
    .into_iter()
    .map(Entry::from)
    .collect()
}
