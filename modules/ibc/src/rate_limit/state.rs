//! Rate limits, their flows and the pending sends in state, and the checks the ICS-20 paths
//! call.
//!
//! Keys, under [`RATE_LIMIT_PREFIX`] (`ibc/x/rate-limit/`):
//! * `limit/<channel>/<denom>` -> borsh [`RateLimit`] (channel first: the rate limits of one
//!   channel are one prefix; channel ids hold no `/`, denoms may);
//! * `pending/<channel>/<sequence u64 BE>` -> borsh [`PendingSend`]: a send whose outflow is
//!   undone if it times out or fails;
//! * `next-window` -> borsh u64: the id of the next window to start.
//!
//! Windows end lazily: a rate limit whose window has ended starts a new one, with zero flows and
//! the supply the caller passes as channel value, at the next transfer of its denom and channel
//! (no end-block scan over every rate limit). Until then flows stay as the last transfer left
//! them, and nothing reads them but queries. The new window starts at the last whole multiple
//! of the duration after the old start, so windows stay aligned to the first one.
//!
//! Every window has an id unique over all rate limits and all time; a pending send remembers the
//! window it was counted in, and only a send of the current window is undone. A pending send
//! of an earlier window (or of a removed rate limit) is only forgotten, without a scan over the
//! pending sends when a window starts.

use borsh::{BorshDeserialize, BorshSerialize};
use openledger_framework::coin::amount_string;
use openledger_framework::{StateError, StateRead, StateWrite};
use serde::{Deserialize, Serialize};

use super::error::RateLimitError;
use super::event;
use crate::state_key::RATE_LIMIT_PREFIX;

/// Seconds in an hour: windows are whole hours.
pub const SECS_PER_HOUR: u64 = 3600;

/// The direction of a transfer, from this chain's side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Send,
    Recv,
}

impl Direction {
    fn flow_name(self) -> &'static str {
        match self {
            Direction::Send => "outflow",
            Direction::Recv => "inflow",
        }
    }
}

/// The thresholds of a rate limit. Valid: each percent 0..=100, not both 0 (ibc-go's rule: a
/// rate limit that blocks both ways is refused; remove the channel instead), at least 1 hour.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, BorshSerialize, BorshDeserialize, Serialize, Deserialize,
)]
#[serde(deny_unknown_fields)]
pub struct Quota {
    pub max_percent_send: u8,
    pub max_percent_recv: u8,
    pub duration_hours: u64,
}

impl Quota {
    pub fn validate(&self) -> Result<(), RateLimitError> {
        for (name, p) in [
            ("max_percent_send", self.max_percent_send),
            ("max_percent_recv", self.max_percent_recv),
        ] {
            if p > 100 {
                return Err(RateLimitError::InvalidRequest(format!(
                    "{name} must be between 0 and 100, got {p}"
                )));
            }
        }
        if self.max_percent_send == 0 && self.max_percent_recv == 0 {
            return Err(RateLimitError::InvalidRequest(
                "either max_percent_send or max_percent_recv must be greater than 0".into(),
            ));
        }
        if self.duration_hours == 0 {
            return Err(RateLimitError::InvalidRequest(
                "duration_hours must be at least 1".into(),
            ));
        }
        Ok(())
    }

    fn percent(&self, d: Direction) -> u8 {
        match d {
            Direction::Send => self.max_percent_send,
            Direction::Recv => self.max_percent_recv,
        }
    }

    /// The window length in seconds; `None` if it does not fit an i64 (a window that never
    /// ends).
    fn duration_secs(&self) -> Option<i64> {
        let secs = self.duration_hours.checked_mul(SECS_PER_HOUR)?;
        i64::try_from(secs).ok()
    }
}

/// `value * percent / 100`, rounded down, without overflow for any u128 (percent <= 100):
/// with `value = 100 q + r`, it is `q * percent + r * percent / 100`.
pub fn threshold(value: u128, percent: u8) -> u128 {
    let p = u128::from(percent.min(100));
    let (q, r) = (value / 100, value % 100);
    // q * p <= value and r * p < 10_000: neither overflows
    q.saturating_mul(p)
        .saturating_add(r.saturating_mul(p) / 100)
}

/// The flows of the current window.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    BorshSerialize,
    BorshDeserialize,
    Serialize,
    Deserialize,
)]
#[serde(deny_unknown_fields)]
pub struct Flow {
    #[serde(with = "amount_string")]
    pub inflow: u128,
    #[serde(with = "amount_string")]
    pub outflow: u128,
    /// The denom's supply when the window started: the base of the percentages.
    #[serde(with = "amount_string")]
    pub channel_value: u128,
}

/// A rate limit on a denom and channel, with the flows of its current window.
#[derive(Debug, Clone, PartialEq, Eq, BorshSerialize, BorshDeserialize, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateLimit {
    pub denom: String,
    pub channel_or_client_id: String,
    pub quota: Quota,
    pub flow: Flow,
    /// Start of the current window, unix seconds.
    pub window_start: i64,
    /// Id of the current window (see the module docs).
    pub window_id: u64,
}

impl RateLimit {
    /// Whether the current window has ended at `now` (unix seconds).
    pub fn window_ended(&self, now: i64) -> bool {
        match self
            .quota
            .duration_secs()
            .and_then(|d| self.window_start.checked_add(d))
        {
            Some(end) => now >= end,
            None => false,
        }
    }

    /// The start of the window `now` falls in: the last whole multiple of the duration after
    /// the current start (`now` itself if that does not compute).
    fn aligned_start(&self, now: i64) -> i64 {
        let aligned = self.quota.duration_secs().and_then(|d| {
            let elapsed = now.checked_sub(self.window_start)?;
            let windows = elapsed.checked_div(d)?;
            self.window_start.checked_add(windows.checked_mul(d)?)
        });
        aligned.unwrap_or(now)
    }

    /// Start a window at `start`: zero flows, `supply` as channel value.
    fn start_window(&mut self, start: i64, supply: u128, window_id: u64) {
        self.flow = Flow {
            inflow: 0,
            outflow: 0,
            channel_value: supply,
        };
        self.window_start = start;
        self.window_id = window_id;
    }

    /// Count `amount` in direction `d` if the net flow stays within the quota (ibc-go's
    /// `AddOutflow` / `AddInflow`): net = this direction's flow + amount - the other direction's
    /// flow, refused if above `channel_value * percent / 100`. A channel value of 0 (no
    /// supply) checks nothing, as in ibc-go.
    pub fn add_flow(&mut self, d: Direction, amount: u128) -> Result<(), RateLimitError> {
        let (this, other) = match d {
            Direction::Send => (self.flow.outflow, self.flow.inflow),
            Direction::Recv => (self.flow.inflow, self.flow.outflow),
        };
        let new = this.checked_add(amount).ok_or(RateLimitError::Overflow)?;
        // a net flow below zero is within any quota: clamp it at zero
        let net = new.saturating_sub(other);
        let percent = self.quota.percent(d);
        let limit = threshold(self.flow.channel_value, percent);
        if self.flow.channel_value != 0 && net > limit {
            return Err(RateLimitError::QuotaExceeded(format!(
                "net {} of {} on {} would be {net}, above {percent}% of the channel value {} \
                 ({limit})",
                d.flow_name(),
                self.denom,
                self.channel_or_client_id,
                self.flow.channel_value,
            )));
        }
        match d {
            Direction::Send => self.flow.outflow = new,
            Direction::Recv => self.flow.inflow = new,
        }
        Ok(())
    }
}

/// A send counted in a window, until its acknowledgement or timeout.
#[derive(Debug, Clone, PartialEq, Eq, BorshSerialize, BorshDeserialize, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PendingSend {
    pub channel_id: String,
    pub sequence: u64,
    pub denom: String,
    #[serde(with = "amount_string")]
    pub amount: u128,
    pub window_id: u64,
}

/// Borsh record stored at a pending key (channel and sequence are in the key).
#[derive(Debug, Clone, PartialEq, Eq, BorshSerialize, BorshDeserialize)]
struct PendingRecord {
    denom: String,
    amount: u128,
    window_id: u64,
}

// ---- keys ----

pub fn limits_prefix() -> Vec<u8> {
    format!("{RATE_LIMIT_PREFIX}limit/").into_bytes()
}

pub fn channel_limits_prefix(channel: &str) -> Vec<u8> {
    format!("{RATE_LIMIT_PREFIX}limit/{channel}/").into_bytes()
}

pub fn limit_key(channel: &str, denom: &str) -> Vec<u8> {
    format!("{RATE_LIMIT_PREFIX}limit/{channel}/{denom}").into_bytes()
}

pub fn pending_prefix() -> Vec<u8> {
    format!("{RATE_LIMIT_PREFIX}pending/").into_bytes()
}

pub fn pending_key(channel: &str, sequence: u64) -> Vec<u8> {
    let mut k = format!("{RATE_LIMIT_PREFIX}pending/{channel}/").into_bytes();
    k.extend_from_slice(&sequence.to_be_bytes());
    k
}

pub fn next_window_key() -> Vec<u8> {
    format!("{RATE_LIMIT_PREFIX}next-window").into_bytes()
}

// ---- storage ----

pub(crate) fn decode<T: BorshDeserialize>(key: &[u8], bytes: &[u8]) -> Result<T, RateLimitError> {
    T::try_from_slice(bytes).map_err(|e| RateLimitError::State(StateError::decode(key, e)))
}

fn encode<T: BorshSerialize>(v: &T) -> Result<Vec<u8>, RateLimitError> {
    borsh::to_vec(v).map_err(|e| RateLimitError::State(StateError::Storage(e.to_string())))
}

/// The rate limit of `denom` on `channel`, if any.
pub fn rate_limit<S: StateRead + ?Sized>(
    state: &S,
    channel: &str,
    denom: &str,
) -> Result<Option<RateLimit>, RateLimitError> {
    let key = limit_key(channel, denom);
    state.get_raw(&key)?.map(|v| decode(&key, &v)).transpose()
}

pub fn put_rate_limit<S: StateWrite + ?Sized>(
    state: &mut S,
    rl: &RateLimit,
) -> Result<(), RateLimitError> {
    let key = limit_key(&rl.channel_or_client_id, &rl.denom);
    Ok(state.put_raw(key, encode(rl)?)?)
}

pub fn delete_rate_limit<S: StateWrite + ?Sized>(
    state: &mut S,
    channel: &str,
    denom: &str,
) -> Result<(), RateLimitError> {
    Ok(state.delete(limit_key(channel, denom))?)
}

pub fn pending_send<S: StateRead + ?Sized>(
    state: &S,
    channel: &str,
    sequence: u64,
) -> Result<Option<PendingSend>, RateLimitError> {
    let key = pending_key(channel, sequence);
    let Some(v) = state.get_raw(&key)? else {
        return Ok(None);
    };
    let r: PendingRecord = decode(&key, &v)?;
    Ok(Some(PendingSend {
        channel_id: channel.to_string(),
        sequence,
        denom: r.denom,
        amount: r.amount,
        window_id: r.window_id,
    }))
}

pub fn put_pending_send<S: StateWrite + ?Sized>(
    state: &mut S,
    p: &PendingSend,
) -> Result<(), RateLimitError> {
    let r = PendingRecord {
        denom: p.denom.clone(),
        amount: p.amount,
        window_id: p.window_id,
    };
    Ok(state.put_raw(pending_key(&p.channel_id, p.sequence), encode(&r)?)?)
}

/// A pending send from its key and value (for scans).
pub(crate) fn decode_pending(key: &[u8], value: &[u8]) -> Result<PendingSend, RateLimitError> {
    let prefix = pending_prefix();
    let rest = key
        .get(prefix.len()..)
        .ok_or_else(|| RateLimitError::State(StateError::decode(key, "short pending key")))?;
    let split = rest.len().checked_sub(9);
    let (channel, seq) = match split {
        Some(at) if rest.get(at) == Some(&b'/') => {
            let (c, s) = rest.split_at(at);
            (c, s.get(1..).unwrap_or_default())
        }
        _ => {
            return Err(RateLimitError::State(StateError::decode(
                key,
                "bad pending key",
            )))
        }
    };
    let channel = String::from_utf8(channel.to_vec())
        .map_err(|e| RateLimitError::State(StateError::decode(key, e)))?;
    let seq: [u8; 8] = seq
        .try_into()
        .map_err(|_| RateLimitError::State(StateError::decode(key, "bad pending sequence")))?;
    let r: PendingRecord = decode(key, value)?;
    Ok(PendingSend {
        channel_id: channel,
        sequence: u64::from_be_bytes(seq),
        denom: r.denom,
        amount: r.amount,
        window_id: r.window_id,
    })
}

/// The id the next window will get (1 on a new chain).
pub fn next_window_id<S: StateRead + ?Sized>(state: &S) -> Result<u64, RateLimitError> {
    let key = next_window_key();
    Ok(state
        .get_raw(&key)?
        .map(|v| decode::<u64>(&key, &v))
        .transpose()?
        .unwrap_or(1))
}

pub fn set_next_window_id<S: StateWrite + ?Sized>(
    state: &mut S,
    id: u64,
) -> Result<(), RateLimitError> {
    Ok(state.put_raw(next_window_key(), encode(&id)?)?)
}

/// Take the next window id.
fn take_window_id<S: StateWrite + ?Sized>(state: &mut S) -> Result<u64, RateLimitError> {
    let id = next_window_id(state)?;
    let next = id.checked_add(1).ok_or(RateLimitError::Overflow)?;
    set_next_window_id(state, next)?;
    Ok(id)
}

/// Start a new window of `rl` at `start` now (add, update, reset).
pub(crate) fn restart_window<S: StateWrite + ?Sized>(
    state: &mut S,
    rl: &mut RateLimit,
    start: i64,
    supply: u128,
) -> Result<(), RateLimitError> {
    let id = take_window_id(state)?;
    rl.start_window(start, supply, id);
    Ok(())
}

// ---- the transfer paths ----

/// Count a transfer of `amount` in direction `d` against the rate limit of `denom` on
/// `channel`, if there is one; the rate limit written back on success. Refused: nothing
/// written.
fn check<S: StateWrite + ?Sized>(
    state: &mut S,
    now: i64,
    d: Direction,
    denom: &str,
    channel: &str,
    amount: u128,
    supply: u128,
) -> Result<Option<RateLimit>, RateLimitError> {
    let Some(mut rl) = rate_limit(state, channel, denom)? else {
        return Ok(None);
    };
    let ended = rl.window_ended(now);
    if ended {
        // the id is taken (written) only if the transfer is allowed
        let start = rl.aligned_start(now);
        rl.start_window(start, supply, next_window_id(state)?);
    }
    rl.add_flow(d, amount)?;
    if ended {
        take_window_id(state)?;
        state.record(event::rate_limit_reset(&rl));
    }
    put_rate_limit(state, &rl)?;
    Ok(Some(rl))
}

/// An ICS-20 send of `amount` of `denom` (`aopen`, or the `ibc/HASH` of a voucher) on the
/// source `channel`, packet `sequence`, at block time `now` (unix seconds); `supply` is the
/// denom's total supply in the bank now, the channel value if a window starts with this
/// transfer (read before or after the tokens move: ibc-go reads it after). No rate limit:
/// `Ok` and nothing written. Within the quota: the outflow grows by `amount` and the packet is
/// remembered until [`undo_send`] or [`complete_send`]. Over it: `QuotaExceeded`, nothing
/// written; the send must fail.
pub fn check_send<S: StateWrite + ?Sized>(
    state: &mut S,
    now: i64,
    denom: &str,
    channel: &str,
    amount: u128,
    supply: u128,
    sequence: u64,
) -> Result<(), RateLimitError> {
    if let Some(rl) = check(state, now, Direction::Send, denom, channel, amount, supply)? {
        put_pending_send(
            state,
            &PendingSend {
                channel_id: channel.to_string(),
                sequence,
                denom: denom.to_string(),
                amount,
                window_id: rl.window_id,
            },
        )?;
    }
    Ok(())
}

/// An ICS-20 receive of `amount` of `denom` (as it is on this chain: `aopen` coming back, or
/// the `ibc/HASH` voucher minted) on the destination `channel`. Like [`check_send`] for the
/// inflow; over the quota the packet must be acknowledged with an error.
pub fn check_recv<S: StateWrite + ?Sized>(
    state: &mut S,
    now: i64,
    denom: &str,
    channel: &str,
    amount: u128,
    supply: u128,
) -> Result<(), RateLimitError> {
    check(state, now, Direction::Recv, denom, channel, amount, supply).map(|_| ())
}

/// A send on `channel` with `sequence` timed out or was acknowledged with an error: its outflow
/// is undone if it was counted in the current window of its rate limit, once (the pending
/// entry goes). Returns whether an outflow was undone; an unknown packet changes nothing.
pub fn undo_send<S: StateWrite + ?Sized>(
    state: &mut S,
    channel: &str,
    sequence: u64,
) -> Result<bool, RateLimitError> {
    let Some(p) = pending_send(state, channel, sequence)? else {
        return Ok(false);
    };
    state.delete(pending_key(channel, sequence))?;
    let Some(mut rl) = rate_limit(state, channel, &p.denom)? else {
        return Ok(false);
    };
    if rl.window_id != p.window_id {
        return Ok(false);
    }
    rl.flow.outflow = rl.flow.outflow.checked_sub(p.amount).ok_or_else(|| {
        RateLimitError::Invariant(format!(
            "outflow {} of {} on {channel} is below the pending send {sequence} of {}",
            rl.flow.outflow, p.denom, p.amount
        ))
    })?;
    put_rate_limit(state, &rl)?;
    Ok(true)
}

/// A send on `channel` with `sequence` was acknowledged with success: its outflow stays, the
/// pending entry goes. Returns whether there was one.
pub fn complete_send<S: StateWrite + ?Sized>(
    state: &mut S,
    channel: &str,
    sequence: u64,
) -> Result<bool, RateLimitError> {
    let key = pending_key(channel, sequence);
    if state.get_raw(&key)?.is_none() {
        return Ok(false);
    }
    state.delete(key)?;
    Ok(true)
}
