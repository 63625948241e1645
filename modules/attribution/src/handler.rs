//! Message execution: one file per message. Every handler checks its signer, refuses with a
//! typed error and may fail midway: the caller drops the fork on error.

mod challenge_receipt;
mod claim_rewards;
mod deposit;
mod grant;
pub(crate) mod record_inference;
mod register_operator;
mod revoke;
mod settle_challenge;
mod slash_operator;
mod unbond_operator;
mod update_operator;
mod update_params;
mod withdraw;

pub use challenge_receipt::execute as execute_challenge_receipt;
pub use claim_rewards::execute as execute_claim_rewards;
pub use deposit::execute as execute_deposit;
pub use grant::execute as execute_grant;
pub use record_inference::{
    execute as execute_record_inference,
    execute_with_adapters as execute_record_inference_with_adapters, RecordedInference,
};
pub use register_operator::execute as execute_register_operator;
pub use revoke::execute as execute_revoke;
pub use settle_challenge::execute as execute_settle_challenge;
pub use slash_operator::execute as execute_slash_operator;
pub use unbond_operator::execute as execute_unbond_operator;
pub use update_operator::execute as execute_update_operator;
pub use update_params::execute as execute_update_params;
pub use withdraw::execute as execute_withdraw;

use std::collections::BTreeSet;

use openledger_bank::BankWrite;
use openledger_framework::time::Time;
use openledger_framework::{Address, Coins, MsgCtx, StateRead, StateWrite, BASE_DENOM};

use crate::error::AttributionError;
use crate::keeper::ModelsKeeper;
use crate::params::Params;
use crate::state::{gov_address, AttributionRead};
use crate::types::{Operator, OperatorStatus};

/// `addr` must have signed the transaction.
pub(crate) fn check_signer(ctx: &MsgCtx, addr: &Address) -> Result<(), AttributionError> {
    if !ctx.is_signer(addr) {
        return Err(AttributionError::Unauthorized(addr.to_string()));
    }
    Ok(())
}

/// `authority` must be the gov module account, and have signed (a passed proposal).
pub(crate) fn check_gov(ctx: &MsgCtx, authority: &Address) -> Result<(), AttributionError> {
    let gov = gov_address();
    if *authority != gov {
        return Err(AttributionError::InvalidAuthority {
            expected: gov.to_string(),
            got: authority.to_string(),
        });
    }
    check_signer(ctx, authority)
}

/// The completion of a delayed request made in this block: block time (whole seconds) +
/// `delay`, as unix seconds and as a time.
pub(crate) fn delayed(ctx: &MsgCtx, delay: u64) -> Result<(u64, Time), AttributionError> {
    let now = u64::try_from(ctx.block.time_unix_secs)
        .map_err(|_| AttributionError::InvalidRequest("block time before the Unix epoch".into()))?;
    let completion = now.checked_add(delay).ok_or(AttributionError::Overflow)?;
    Ok((completion, secs_time(completion)?))
}

/// Unix seconds as a time.
pub(crate) fn secs_time(secs: u64) -> Result<Time, AttributionError> {
    i64::try_from(secs)
        .ok()
        .and_then(|secs| Time::new(secs, 0).ok())
        .ok_or(AttributionError::Overflow)
}

/// Printable ASCII (space to `~`).
pub(crate) fn is_printable_ascii(s: &str) -> bool {
    s.bytes().all(|b| (0x20..=0x7e).contains(&b))
}

fn len_u64(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// 1..=`max_endpoint_len` bytes of printable ASCII.
pub(crate) fn check_endpoint(params: &Params, endpoint: &str) -> Result<(), AttributionError> {
    if endpoint.is_empty() {
        return Err(AttributionError::InvalidEndpoint("empty".into()));
    }
    if len_u64(endpoint.len()) > u64::from(params.max_endpoint_len) {
        return Err(AttributionError::InvalidEndpoint(format!(
            "{} bytes, at most {}",
            endpoint.len(),
            params.max_endpoint_len
        )));
    }
    if !is_printable_ascii(endpoint) {
        return Err(AttributionError::InvalidEndpoint(
            "only printable ASCII is allowed".into(),
        ));
    }
    Ok(())
}

/// 1..=`max_models_per_operator` distinct models, each of which exists (in any stage).
pub(crate) fn check_models<S: StateRead + ?Sized>(
    state: &S,
    keeper: &dyn ModelsKeeper,
    params: &Params,
    models: &[u64],
) -> Result<(), AttributionError> {
    if models.is_empty() {
        return Err(AttributionError::NoModels);
    }
    if len_u64(models.len()) > u64::from(params.max_models_per_operator) {
        return Err(AttributionError::TooManyModels {
            len: models.len(),
            max: params.max_models_per_operator,
        });
    }
    let mut seen = BTreeSet::new();
    for id in models {
        if !seen.insert(*id) {
            return Err(AttributionError::DuplicateModel(*id));
        }
    }
    let read: &dyn StateRead = &state;
    for id in models {
        if keeper.model(read, *id)?.is_none() {
            return Err(AttributionError::UnknownModel(*id));
        }
    }
    Ok(())
}

pub(crate) fn load_operator<S: StateRead + ?Sized>(
    state: &S,
    addr: &Address,
) -> Result<Operator, AttributionError> {
    state
        .inference_operator(addr)?
        .ok_or_else(|| AttributionError::UnknownOperator(addr.to_string()))
}

/// The operator must be ACTIVE.
pub(crate) fn check_active(o: &Operator) -> Result<(), AttributionError> {
    if o.status != OperatorStatus::Active {
        return Err(AttributionError::OperatorNotActive {
            operator: o.address.to_string(),
            status: o.status,
        });
    }
    Ok(())
}

/// Move `amount` aopen (nothing if zero).
pub(crate) fn send_aopen<S: StateWrite + ?Sized>(
    state: &mut S,
    from: &Address,
    to: &Address,
    amount: u128,
) -> Result<(), AttributionError> {
    if amount == 0 {
        return Ok(());
    }
    state.send(from, to, &Coins::single(BASE_DENOM, amount)?)?;
    Ok(())
}

/// Burn `amount` aopen held by `from` (nothing if zero).
pub(crate) fn burn_aopen<S: StateWrite + ?Sized>(
    state: &mut S,
    from: &Address,
    amount: u128,
) -> Result<(), AttributionError> {
    if amount == 0 {
        return Ok(());
    }
    openledger_bank::burn(state, from, &Coins::single(BASE_DENOM, amount)?)?;
    Ok(())
}

/// `a + b`, or [`AttributionError::Overflow`].
pub(crate) fn add(a: u128, b: u128) -> Result<u128, AttributionError> {
    a.checked_add(b).ok_or(AttributionError::Overflow)
}

/// `a - b`, or [`AttributionError::Overflow`].
pub(crate) fn sub(a: u128, b: u128) -> Result<u128, AttributionError> {
    a.checked_sub(b).ok_or(AttributionError::Overflow)
}

/// `n + 1`, or [`AttributionError::Overflow`].
pub(crate) fn incr(n: u64) -> Result<u64, AttributionError> {
    n.checked_add(1).ok_or(AttributionError::Overflow)
}
