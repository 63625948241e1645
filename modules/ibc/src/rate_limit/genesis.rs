//! Genesis import and export of rate limiting (a field of the IBC module's genesis): the rate
//! limits with their flows and windows, the pending sends and the next window id. And the
//! invariant tying them: a rate limit's outflow covers its pending sends of the same window.

use std::collections::{BTreeMap, BTreeSet};

use openledger_framework::{StateRead, StateWrite};
use serde::{Deserialize, Serialize};

use super::error::RateLimitError;
use super::msg::validate_channel_or_client_id;
use super::state::{self, PendingSend, RateLimit};

fn one() -> u64 {
    1
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateLimitGenesis {
    #[serde(default)]
    pub rate_limits: Vec<RateLimit>,
    #[serde(default)]
    pub pending_sends: Vec<PendingSend>,
    #[serde(default = "one")]
    pub next_window_id: u64,
}

impl Default for RateLimitGenesis {
    fn default() -> Self {
        RateLimitGenesis {
            rate_limits: Vec::new(),
            pending_sends: Vec::new(),
            next_window_id: 1,
        }
    }
}

fn invalid(m: impl Into<String>) -> RateLimitError {
    RateLimitError::InvalidGenesis(m.into())
}

/// Every window id (of a rate limit or of a pending send) is taken: above 0, below the next.
fn check_windows<'a>(
    rate_limits: impl Iterator<Item = &'a RateLimit>,
    pending: impl Iterator<Item = &'a PendingSend>,
    next_window_id: u64,
) -> Result<(), String> {
    for rl in rate_limits {
        if rl.window_id == 0 || rl.window_id >= next_window_id {
            return Err(format!(
                "rate limit of {} on {} has window {}, next window is {next_window_id}",
                rl.denom, rl.channel_or_client_id, rl.window_id
            ));
        }
    }
    for p in pending {
        if p.window_id == 0 || p.window_id >= next_window_id {
            return Err(format!(
                "pending send {} on {} has window {}, next window is {next_window_id}",
                p.sequence, p.channel_id, p.window_id
            ));
        }
    }
    Ok(())
}

/// The outflow of each rate limit covers the pending sends of its window.
fn check_outflows(rate_limits: &[RateLimit], pending: &[PendingSend]) -> Result<(), String> {
    let mut sums: BTreeMap<(&str, &str, u64), u128> = BTreeMap::new();
    for p in pending {
        let e = sums
            .entry((p.channel_id.as_str(), p.denom.as_str(), p.window_id))
            .or_default();
        *e = e
            .checked_add(p.amount)
            .ok_or_else(|| "pending amounts overflow".to_string())?;
    }
    for rl in rate_limits {
        let key = (
            rl.channel_or_client_id.as_str(),
            rl.denom.as_str(),
            rl.window_id,
        );
        let pending = sums.get(&key).copied().unwrap_or(0);
        if rl.flow.outflow < pending {
            return Err(format!(
                "outflow {} of {} on {} is below its pending sends {pending}",
                rl.flow.outflow, rl.denom, rl.channel_or_client_id
            ));
        }
    }
    Ok(())
}

impl RateLimitGenesis {
    pub fn validate(&self) -> Result<(), RateLimitError> {
        let mut seen = BTreeSet::new();
        for rl in &self.rate_limits {
            validate_channel_or_client_id(&rl.channel_or_client_id)
                .map_err(|e| invalid(e.to_string()))?;
            openledger_framework::coin::validate_denom(&rl.denom)
                .map_err(|e| invalid(format!("denom {:?}: {e}", rl.denom)))?;
            rl.quota.validate().map_err(|e| invalid(e.to_string()))?;
            if !seen.insert((rl.channel_or_client_id.as_str(), rl.denom.as_str())) {
                return Err(invalid(format!(
                    "duplicate rate limit of {} on {}",
                    rl.denom, rl.channel_or_client_id
                )));
            }
        }
        let mut seen = BTreeSet::new();
        for p in &self.pending_sends {
            validate_channel_or_client_id(&p.channel_id).map_err(|e| invalid(e.to_string()))?;
            if !seen.insert((p.channel_id.as_str(), p.sequence)) {
                return Err(invalid(format!(
                    "duplicate pending send {} on {}",
                    p.sequence, p.channel_id
                )));
            }
        }
        check_windows(
            self.rate_limits.iter(),
            self.pending_sends.iter(),
            self.next_window_id,
        )
        .map_err(invalid)?;
        check_outflows(&self.rate_limits, &self.pending_sends).map_err(invalid)
    }

    /// Write into state (validated first).
    pub fn init<S: StateWrite + ?Sized>(&self, state: &mut S) -> Result<(), RateLimitError> {
        self.validate()?;
        for rl in &self.rate_limits {
            state::put_rate_limit(state, rl)?;
        }
        for p in &self.pending_sends {
            state::put_pending_send(state, p)?;
        }
        state::set_next_window_id(state, self.next_window_id)
    }

    /// Everything under the rate-limit keys (a scan: genesis export only).
    pub fn export<S: StateRead + ?Sized>(state: &S) -> Result<Self, RateLimitError> {
        let prefix = state::limits_prefix();
        let mut rate_limits = Vec::new();
        for item in state.prefix_raw(&prefix, None) {
            let (k, v) = item?;
            rate_limits.push(state::decode::<RateLimit>(&k, &v)?);
        }
        let prefix = state::pending_prefix();
        let mut pending_sends = Vec::new();
        for item in state.prefix_raw(&prefix, None) {
            let (k, v) = item?;
            pending_sends.push(state::decode_pending(&k, &v)?);
        }
        Ok(RateLimitGenesis {
            rate_limits,
            pending_sends,
            next_window_id: state::next_window_id(state)?,
        })
    }
}

/// The invariants of rate limiting over the whole state (a scan: tests and audits only).
pub fn check_invariants<S: StateRead + ?Sized>(state: &S) -> Result<(), RateLimitError> {
    let g = RateLimitGenesis::export(state)?;
    check_windows(
        g.rate_limits.iter(),
        g.pending_sends.iter(),
        g.next_window_id,
    )
    .map_err(RateLimitError::Invariant)?;
    check_outflows(&g.rate_limits, &g.pending_sends).map_err(RateLimitError::Invariant)
}
