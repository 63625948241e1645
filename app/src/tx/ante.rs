//! The ordered ante steps. They run in their own fork: if any refuses, nothing of the
//! transaction is applied; if all pass, their writes (fee, public key, sequence) persist even
//! when a message later fails.

mod basic;
mod fee;
mod sequence;
mod sig_verify;

use openledger_auth::Params as AuthParams;
use openledger_framework::{Address, BlockCtx, GasMeter, StateWrite};

use crate::tx::decode::DecodedTx;
use crate::tx::error::TxError;
use crate::tx::execute::ExecMode;

pub use sig_verify::{sign_bytes, verifications, verify_cached, verify_secp256k1};

/// What the steps need besides state.
pub struct AnteCtx<'a> {
    pub tx: &'a DecodedTx,
    pub signers: &'a [Address],
    pub block: &'a BlockCtx,
    pub mode: ExecMode,
    pub params: &'a AuthParams,
    pub meter: &'a GasMeter,
    /// This node's own minimum gas price, applied in CheckTx only (never in consensus).
    pub local_min_gas_price: u128,
    /// Signatures already verified by this node.
    pub sig_cache: Option<&'a crate::tx::sig_cache::SigCache>,
}

/// The signer's account; a tx from an address that never received funds is refused.
fn signer_account<S: openledger_framework::StateRead>(
    state: &S,
    signer: &Address,
) -> Result<openledger_auth::Account, TxError> {
    use openledger_auth::AuthRead;
    state
        .account(signer)
        .map_err(|e| TxError::module(&e))?
        .ok_or_else(|| {
            TxError::sdk(
                openledger_framework::error::sdk::UNKNOWN_ADDRESS,
                format!("account {signer} does not exist: unknown address"),
            )
        })
}

/// Run every step in order (as the SDK's `NewAnteHandler` list).
pub fn run<S: StateWrite>(state: &mut S, ctx: &AnteCtx) -> Result<(), TxError> {
    basic::check_timeout_height(ctx)?;
    basic::consume_tx_size_gas(ctx)?;
    fee::check_gas_limit(ctx)?;
    fee::check_and_deduct(state, ctx)?;
    sig_verify::set_pubkeys_and_verify(state, ctx)?;
    sequence::check_and_increment(state, ctx)?;
    Ok(())
}
