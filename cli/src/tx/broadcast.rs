//! Broadcasting a signed transaction and waiting for it to be included in a block.

use std::time::Duration;

use anyhow::bail;
use serde_json::Value as Json;

use super::builder::SignedTx;
use super::options::BroadcastMode;
use super::outcome;
use crate::output::{self, OutputFormat};
use crate::rpc::Rpc;
use crate::schema::text::cell;

/// Pause between two `/tx` polls while waiting for inclusion.
const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// Broadcasts `tx` and prints the outcome; a rejected or failed transaction is an error
/// (after its outcome has been printed).
pub async fn submit(
    rpc: &Rpc,
    tx: SignedTx,
    mode: BroadcastMode,
    wait_timeout: Duration,
    format: OutputFormat,
) -> anyhow::Result<()> {
    let txhash = tx.hash.to_string();
    if mode == BroadcastMode::Async {
        rpc.broadcast_async(tx.bytes).await?;
        output::note(&format!(
            "Broadcast without waiting; check later with `openledger query tx {txhash}`"
        ));
        return emit(format, &outcome::pending(&txhash, 0, "", ""));
    }

    let check = rpc.broadcast_sync(tx.bytes).await?;
    if check.code.is_err() {
        let (code, codespace, log) = (check.code.value(), check.codespace, check.log);
        emit(format, &outcome::pending(&txhash, code, &codespace, &log))?;
        bail!(
            "the node rejected the transaction (CheckTx code {code}, codespace {codespace:?}): {log}"
        );
    }
    if mode == BroadcastMode::Sync {
        output::note(&format!(
            "Accepted into the mempool; check inclusion with `openledger query tx {txhash}`"
        ));
        return emit(format, &outcome::pending(&txhash, 0, "", &check.log));
    }

    output::note(&format!(
        "Transaction {txhash} accepted into the mempool, waiting up to {}s for a block...",
        wait_timeout.as_secs_f32()
    ));
    let doc = wait_for_inclusion(rpc, tx.hash, wait_timeout).await?;
    emit(format, &doc)?;
    if doc["code"] != 0 {
        let (height, code) = (&doc["height"], &doc["code"]);
        let (codespace, log) = (cell(&doc, "codespace"), cell(&doc, "raw_log"));
        bail!("the transaction failed in block {height} (code {code}, codespace {codespace:?}): {log}");
    }
    Ok(())
}

fn emit(format: OutputFormat, doc: &Json) -> anyhow::Result<()> {
    output::emit_doc(format, doc, &outcome::text)
}

/// Polls `/tx?hash=` until the transaction is found or `timeout` passes.
async fn wait_for_inclusion(
    rpc: &Rpc,
    hash: tendermint::Hash,
    timeout: Duration,
) -> anyhow::Result<Json> {
    let mut last_error = String::new();
    let poll = async {
        loop {
            match rpc.tx(hash).await {
                Ok(response) => return outcome::included(&response),
                Err(err) => last_error = err.to_string(),
            }
            tokio::time::sleep(POLL_INTERVAL).await;
        }
    };
    match tokio::time::timeout(timeout, poll).await {
        Ok(outcome) => Ok(outcome),
        Err(_) => {
            let detail =
                if last_error.to_ascii_lowercase().contains("not found") || last_error.is_empty() {
                    String::new()
                } else {
                    format!(" (last error: {last_error})")
                };
            bail!(
                "transaction {hash} was accepted but not found in a block within {}s{detail}; \
                 check later with `openledger query tx {hash}`",
                timeout.as_secs_f32()
            )
        }
    }
}
