//! `openledger status`: what the node reports about itself and the chain.

use serde_json::json;

use crate::context::Context;
use crate::output;
use crate::schema::text;

pub async fn run(ctx: &Context) -> anyhow::Result<()> {
    let status = ctx.rpc()?.status().await?;
    let (node, sync) = (&status.node_info, &status.sync_info);
    let doc = json!({
        "chain_id": node.network.to_string(),
        "node_id": node.id.to_string(),
        "moniker": node.moniker.to_string(),
        "cometbft_version": node.version.to_string(),
        "latest_block_height": sync.latest_block_height.value(),
        "latest_block_hash": sync.latest_block_hash.to_string(),
        "latest_app_hash": hex::encode_upper(sync.latest_app_hash.as_bytes()),
        "latest_block_time": sync.latest_block_time.to_string(),
        "catching_up": sync.catching_up,
    });
    output::emit_doc(ctx.output, &doc, &text::document)
}
