//! Broadcasting a signed transaction and waiting for it to be included in a block.

use std::time::Duration;

use anyhow::bail;

use super::builder::SignedTx;
use super::options::BroadcastMode;
use super::outcome::TxOutcome;
use crate::output::{self, OutputFormat};
use crate::rpc::Rpc;

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
        return output::emit(format, &TxOutcome::pending(txhash));
    }

    let check = rpc.broadcast_sync(tx.bytes).await?;
    if check.code.is_err() {
        let outcome = TxOutcome {
            code: check.code.value(),
            codespace: check.codespace,
            raw_log: check.log,
            ..TxOutcome::pending(txhash)
        };
        output::emit(format, &outcome)?;
        bail!(
            "the node rejected the transaction (CheckTx code {}, codespace {:?}): {}",
            outcome.code,
            outcome.codespace,
            outcome.raw_log
        );
    }
    if mode == BroadcastMode::Sync {
        output::note(&format!(
            "Accepted into the mempool; check inclusion with `openledger query tx {txhash}`"
        ));
        let outcome = TxOutcome { raw_log: check.log, ..TxOutcome::pending(txhash) };
        return output::emit(format, &outcome);
    }

    output::note(&format!(
        "Transaction {txhash} accepted into the mempool, waiting up to {}s for a block...",
        wait_timeout.as_secs_f32()
    ));
    let outcome = wait_for_inclusion(rpc, tx.hash, wait_timeout).await?;
    output::emit(format, &outcome)?;
    if !outcome.is_success() {
        bail!(
            "the transaction failed in block {} (code {}, codespace {:?}): {}",
            outcome.height,
            outcome.code,
            outcome.codespace,
            outcome.raw_log
        );
    }
    Ok(())
}

/// Polls `/tx?hash=` until the transaction is found or `timeout` passes.
async fn wait_for_inclusion(
    rpc: &Rpc,
    hash: tendermint::Hash,
    timeout: Duration,
) -> anyhow::Result<TxOutcome> {
    let mut last_error = String::new();
    let poll = async {
        loop {
            match rpc.tx(hash).await {
                Ok(response) => return TxOutcome::from_included(&response),
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
