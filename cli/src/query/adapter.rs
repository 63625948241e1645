//! `openledger query adapter ...` overrides: the adapter hash is positional in `adapter <hash>`
//! and `servers <hash>` (hashes are not taken as positional arguments by the generated
//! commands). Every other method is the generated command.

use openledger_proto::methods::openledger::adapters::v1::query as p;

use super::spec::QuerySpec;
use super::Entry;
use crate::schema::args::Options;

pub fn overrides() -> Vec<Entry> {
    vec![
        QuerySpec::classic("adapter", p::ADAPTER, &["hash"])
            .about("One registered adapter: owner, model and version, rank, size, licence, job")
            .must("adapter"),
        QuerySpec::classic("servers", p::SERVERS, &["adapter_hash"])
            .about("Who serves an adapter, with their price ceilings (aopen per 1000 tokens)"),
    ]
    .into_iter()
    .map(Entry::from)
    .collect()
}
