use openledger_framework::error::sdk;

use super::AnteCtx;
use crate::tx::error::TxError;

/// A transaction with a timeout height below the current block is refused.
pub fn check_timeout_height(ctx: &AnteCtx) -> Result<(), TxError> {
    let timeout = ctx.tx.body.timeout_height;
    if timeout != 0 && ctx.block.height > timeout {
        return Err(TxError::sdk(
            sdk::TX_TIMEOUT_HEIGHT,
            format!(
                "block height: {}, timeout height: {timeout}: tx timeout height",
                ctx.block.height
            ),
        ));
    }
    Ok(())
}

/// Every byte of the transaction costs gas. A simulation counts each empty signature as the
/// 64 bytes the signed tx will carry.
pub fn consume_tx_size_gas(ctx: &AnteCtx) -> Result<(), TxError> {
    let mut size = u64::try_from(ctx.tx.size).unwrap_or(u64::MAX);
    if ctx.mode == crate::tx::execute::ExecMode::Simulate {
        let missing: usize = ctx
            .tx
            .raw
            .signatures
            .iter()
            .map(|s| 64usize.saturating_sub(s.len()))
            .sum();
        size = size.saturating_add(u64::try_from(missing).unwrap_or(0));
    }
    ctx.meter
        .consume(size.saturating_mul(ctx.params.tx_size_cost_per_byte))?;
    Ok(())
}
