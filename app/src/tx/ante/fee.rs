use openledger_auth::FEE_COLLECTOR;
use openledger_bank::{BankRead, BankWrite};
use openledger_framework::error::sdk;
use openledger_framework::{Address, Coins, StateWrite, BASE_DENOM};

use super::AnteCtx;
use crate::tx::error::TxError;
use crate::tx::execute::ExecMode;

pub fn check_gas_limit(ctx: &AnteCtx) -> Result<(), TxError> {
    let limit = ctx.tx.gas_limit();
    if ctx.mode == ExecMode::Simulate && limit == 0 {
        return Ok(());
    }
    if limit == 0 || limit > ctx.params.max_gas_per_tx {
        return Err(TxError::sdk(
            sdk::INVALID_GAS_LIMIT,
            format!(
                "invalid gas limit {limit}: must be in 1..={}",
                ctx.params.max_gas_per_tx
            ),
        ));
    }
    Ok(())
}

/// Check the fee covers gas_limit x min gas price and move it to the fee collector before
/// any message runs. Returns the fee payer.
pub fn check_and_deduct<S: StateWrite>(state: &mut S, ctx: &AnteCtx) -> Result<Address, TxError> {
    let fee = ctx
        .tx
        .auth_info
        .fee
        .as_ref()
        .ok_or_else(|| TxError::sdk(sdk::INSUFFICIENT_FEE, "missing fee"))?;
    let coins = Coins::from_proto(&fee.amount)
        .map_err(|e| TxError::sdk(sdk::INVALID_COINS, format!("fee: {e}")))?;
    if coins.iter().any(|c| c.denom != BASE_DENOM) {
        return Err(TxError::sdk(
            sdk::INSUFFICIENT_FEE,
            format!("fees must be paid in {BASE_DENOM}, got {coins}"),
        ));
    }
    let payer = if fee.payer.is_empty() {
        *ctx.signers
            .first()
            .ok_or_else(|| TxError::sdk(sdk::NO_SIGNATURES, "no signers"))?
    } else {
        let p: Address = fee
            .payer
            .parse()
            .map_err(|e| TxError::sdk(sdk::INVALID_ADDRESS, format!("fee payer: {e}")))?;
        if !ctx.signers.contains(&p) {
            return Err(TxError::sdk(
                sdk::UNAUTHORIZED,
                format!("fee payer {p} is not a signer"),
            ));
        }
        p
    };

    let min_price = match ctx.mode {
        ExecMode::Simulate => 0,
        ExecMode::Check => ctx.params.min_gas_price.max(ctx.local_min_gas_price),
        ExecMode::Finalize => ctx.params.min_gas_price,
    };
    let required = u128::from(ctx.tx.gas_limit())
        .checked_mul(min_price)
        .ok_or_else(|| TxError::sdk(sdk::INSUFFICIENT_FEE, "required fee overflows"))?;
    let paid = coins.amount_of(BASE_DENOM);
    if paid < required {
        return Err(TxError::sdk(
            sdk::INSUFFICIENT_FEE,
            format!("insufficient fees; got: {paid}{BASE_DENOM} required: {required}{BASE_DENOM}"),
        ));
    }
    if state
        .account(&payer)
        .map_err(|e| TxError::module(&e))?
        .is_none()
    {
        return Err(TxError::sdk(
            sdk::UNKNOWN_ADDRESS,
            format!("fee payer address: {payer} does not exist: unknown address"),
        ));
    }
    if coins.is_empty() && ctx.mode == ExecMode::Simulate {
        // Clients simulate with an empty fee; moving 1 aopen instead (in the throw-away
        // simulation fork) charges the same state-access gas as the real fee deduction, so the
        // estimate covers it.
        if state
            .balance(&payer, BASE_DENOM)
            .map_err(|e| TxError::module(&e))?
            > 0
        {
            let one = Coins::single(BASE_DENOM, 1)
                .map_err(|e| TxError::sdk(sdk::INVALID_COINS, e.to_string()))?;
            state
                .send(&payer, &Address::module(FEE_COLLECTOR), &one)
                .map_err(|e| TxError::module(&e))?;
        }
    }
    if !coins.is_empty() {
        let have = state
            .balance(&payer, BASE_DENOM)
            .map_err(|e| TxError::module(&e))?;
        if have < paid {
            return Err(TxError::sdk(
                sdk::INSUFFICIENT_FUNDS,
                format!(
                    "{have}{BASE_DENOM} is smaller than {paid}{BASE_DENOM}: insufficient funds: insufficient funds to pay fees"
                ),
            ));
        }
        state
            .send(&payer, &Address::module(FEE_COLLECTOR), &coins)
            .map_err(|e| TxError::module(&e))?;
    }
    state.record(
        openledger_framework::Event::new("tx")
            .attr("fee", coins.to_string())
            .attr("fee_payer", payer.to_string()),
    );
    Ok(payer)
}

use openledger_auth::AuthRead;
