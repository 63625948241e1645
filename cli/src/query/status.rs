//! `openledger status`: what the node reports about itself and the chain.

use serde::Serialize;

use crate::context::Context;
use crate::output::{self, Render};

pub async fn run(ctx: &Context) -> anyhow::Result<()> {
    let rpc = ctx.rpc()?;
    let status = rpc.status().await?;
    let sync = &status.sync_info;
    output::emit(
        ctx.output,
        &StatusOut {
            chain_id: status.node_info.network.to_string(),
            node_id: status.node_info.id.to_string(),
            moniker: status.node_info.moniker.to_string(),
            cometbft_version: status.node_info.version.to_string(),
            latest_block_height: sync.latest_block_height.value(),
            latest_block_hash: sync.latest_block_hash.to_string(),
            latest_app_hash: hex::encode_upper(sync.latest_app_hash.as_bytes()),
            latest_block_time: sync.latest_block_time.to_string(),
            catching_up: sync.catching_up,
        },
    )
}

#[derive(Debug, Serialize)]
struct StatusOut {
    chain_id: String,
    node_id: String,
    moniker: String,
    cometbft_version: String,
    latest_block_height: u64,
    latest_block_hash: String,
    latest_app_hash: String,
    latest_block_time: String,
    catching_up: bool,
}

impl Render for StatusOut {
    fn text(&self) -> String {
        format!(
            "chain id:     {}\n\
             latest block: {} at {}\n\
             block hash:   {}\n\
             app hash:     {}\n\
             catching up:  {}\n\
             node id:      {}\n\
             moniker:      {}\n\
             cometbft:     {}",
            self.chain_id,
            self.latest_block_height,
            self.latest_block_time,
            self.latest_block_hash,
            self.latest_app_hash,
            self.catching_up,
            self.node_id,
            self.moniker,
            self.cometbft_version
        )
    }
}
