//! End block: jobs whose deadline or dispute window has come, and matured unbondings. Both
//! queues are keyed by height, so the work is O(due), and bounded by
//! `max_expiries_per_block` each; what is left waits for the next block.

use openledger_framework::{Address, BlockCtx, StateRead, StateWrite};

use crate::error::FinetuneError;
use crate::event;
use crate::handler::slash_provider;
use crate::handler::{load_job, load_provider, pay_job, refund_job, send_aopen, with_fork};
use crate::keeper::Keepers;
use crate::state::{self, finetune_address, FinetuneRead};
use crate::state_key;
use crate::types::{JobStatus, ProviderStatus};

/// Up to `limit` keys of `prefix` whose height is at most `height`, in queue order.
fn due_keys<S: StateRead + ?Sized>(
    state: &S,
    prefix: &[u8],
    height: u64,
    limit: usize,
) -> Result<Vec<Vec<u8>>, FinetuneError> {
    let mut out = Vec::new();
    for item in state.prefix_raw(prefix, None) {
        let (k, _) = item?;
        match state_key::due_height(prefix, &k) {
            Some(h) if h <= height && out.len() < limit => out.push(k),
            _ => break,
        }
    }
    Ok(out)
}

/// Once per block, after the block's messages:
///
/// 1. OPEN jobs past their deadline are refunded; CLAIMED ones too, and their provider's
///    `missed_deadlines` grows; from the `missed_deadlines_before_slash`-th miss on, each
///    miss slashes `missed_deadline_slash_fraction` of its bond to the community pool;
/// 2. DELIVERED jobs whose dispute window passed without accept or dispute are paid to the
///    provider as if accepted (silence can not keep a provider from its pay);
/// 3. UNBONDING providers whose unbonding height has come get their bond back.
pub fn end_block<S: StateWrite + ?Sized>(
    state: &mut S,
    block: &BlockCtx,
    keepers: &Keepers<'_>,
) -> Result<(), FinetuneError> {
    let params = state.finetune_params()?;
    let limit = usize::try_from(params.max_expiries_per_block).unwrap_or(usize::MAX);
    for k in due_keys(state, &state_key::job_due_prefix(), block.height, limit)? {
        let id = state_key::trailing_u64(&k)
            .ok_or_else(|| FinetuneError::Invariant("bad job queue key".into()))?;
        let job = load_job(state, id)?;
        match job.status {
            JobStatus::Open => {
                refund_job(state, block, &job, "missed_deadline")?;
            }
            JobStatus::Claimed => {
                let refunded = refund_job(state, block, &job, "missed_deadline")?;
                if let Some(p) = refunded.provider {
                    missed_deadline(state, keepers, &p, job.id)?;
                }
            }
            JobStatus::Delivered => {
                pay_job(state, block, keepers, &job, "dispute_window_passed")?;
            }
            // Not queued in other statuses; drop a stale key.
            _ => state.delete(k)?,
        }
    }
    for k in due_keys(state, &state_key::unbond_due_prefix(), block.height, limit)? {
        let addr = k
            .len()
            .checked_sub(20)
            .and_then(|i| k.get(i..))
            .and_then(|b| Address::from_slice(b).ok())
            .ok_or_else(|| FinetuneError::Invariant("bad unbonding queue key".into()))?;
        let old = load_provider(state, &addr)?;
        if old.status != ProviderStatus::Unbonding {
            state.delete(k)?;
            continue;
        }
        send_aopen(state, &finetune_address(), &addr, old.bond)?;
        let mut p = old.clone();
        p.bond = 0;
        p.status = ProviderStatus::Unbonded;
        p.unbonding_height = 0;
        state::save_provider(state, Some(&old), &p)?;
        state.record(event::provider_unbonded(&addr, old.bond));
    }
    Ok(())
}

/// Record a missed deadline; slash once the provider has missed enough. A slash the
/// distribution module refuses is skipped (the bond stays), never a halt.
fn missed_deadline<S: StateWrite + ?Sized>(
    state: &mut S,
    keepers: &Keepers<'_>,
    addr: &Address,
    job_id: u64,
) -> Result<(), FinetuneError> {
    let params = state.finetune_params()?;
    let old = load_provider(state, addr)?;
    let mut p = old.clone();
    p.missed_deadlines = p
        .missed_deadlines
        .checked_add(1)
        .ok_or(FinetuneError::Overflow)?;
    state::save_provider(state, Some(&old), &p)?;
    if p.missed_deadlines >= params.missed_deadlines_before_slash {
        let fraction = params.missed_deadline_slash_fraction;
        with_fork(state, |s| {
            slash_provider(
                &mut &mut *s,
                keepers,
                addr,
                fraction,
                "missed_deadline",
                job_id,
            )
            .map(|_| ())
            .map_err(|e| openledger_framework::CallError::from_module(&e))
        })?;
    }
    Ok(())
}
