use openledger_auth::AuthWrite;
use openledger_framework::error::sdk;
use openledger_framework::StateWrite;

use super::AnteCtx;
use crate::tx::error::TxError;

/// Each signer's sequence must equal its account's; then it advances by one (replay
/// protection). The increment persists even when a message fails.
pub fn check_and_increment<S: StateWrite>(state: &mut S, ctx: &AnteCtx) -> Result<(), TxError> {
    for (signer, info) in ctx.signers.iter().zip(&ctx.tx.auth_info.signer_infos) {
        let mut account = super::signer_account(state, signer)?;
        check(&account, info.sequence)?;
        account.sequence = account
            .sequence
            .checked_add(1)
            .ok_or_else(|| TxError::sdk(sdk::LOGIC, "sequence overflow"))?;
        state
            .set_account(&account)
            .map_err(|e| TxError::module(&e))?;
        state.record(
            openledger_framework::Event::new("tx")
                .attr("acc_seq", format!("{signer}/{}", info.sequence)),
        );
    }
    Ok(())
}

/// The sequence a signer declares must be its account's.
pub(super) fn check(account: &openledger_auth::Account, declared: u64) -> Result<(), TxError> {
    if declared != account.sequence {
        return Err(TxError::sdk(
            sdk::WRONG_SEQUENCE,
            format!(
                "account sequence mismatch, expected {}, got {declared}: incorrect account sequence",
                account.sequence
            ),
        ));
    }
    Ok(())
}
