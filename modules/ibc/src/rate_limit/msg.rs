//! The governance messages of rate limiting: domain messages converted from their protobuf
//! form with stateless validation, and their executors. Every one is signed by the gov module
//! account (a passed proposal carries it).

use openledger_framework::coin::validate_denom;
use openledger_framework::{Address, CallError, MsgCtx, StateRead, StateWrite};

use super::error::RateLimitError;
use super::event;
use super::proto;
use super::state::{self, Quota, RateLimit};

/// The name of the gov module account, `Address::module("gov")`: the authority of every
/// rate-limit message (the auth module's `GOV_AUTHORITY`).
pub const GOV_AUTHORITY: &str = "gov";

/// The longest channel or client id (ICS-24).
pub const MAX_ID_LEN: usize = 64;

/// What rate limiting needs of the rest of the chain, implemented by the app.
pub trait RateLimitKeeper {
    /// The total supply of `denom` (bank).
    fn supply(&self, state: &dyn StateRead, denom: &str) -> Result<u128, CallError>;
    /// Whether a channel of the transfer port, or a client, has this id.
    fn channel_or_client_exists(&self, state: &dyn StateRead, id: &str) -> Result<bool, CallError>;
}

pub fn gov_address() -> Address {
    Address::module(GOV_AUTHORITY)
}

/// `authority` must be the gov module account, and have signed.
fn check_gov(ctx: &MsgCtx, authority: &Address) -> Result<(), RateLimitError> {
    let gov = gov_address();
    if *authority != gov {
        return Err(RateLimitError::InvalidAuthority {
            expected: gov.to_string(),
            got: authority.to_string(),
        });
    }
    if !ctx.is_signer(authority) {
        return Err(RateLimitError::Unauthorized(authority.to_string()));
    }
    Ok(())
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// `channel-N` (ibc-go's channel ids), or a client id `<type>-N` (lowercase letters, digits and
/// `-`, 9 to 64 characters).
pub fn validate_channel_or_client_id(id: &str) -> Result<(), RateLimitError> {
    let bad = || {
        RateLimitError::InvalidRequest(format!(
            "invalid channel or client id {id:?}: must be channel-N or a client id"
        ))
    };
    if id.len() > MAX_ID_LEN {
        return Err(bad());
    }
    if let Some(n) = id.strip_prefix("channel-") {
        return if is_digits(n) && n.parse::<u64>().is_ok() {
            Ok(())
        } else {
            Err(bad())
        };
    }
    let (kind, n) = id.rsplit_once('-').ok_or_else(bad)?;
    let kind_ok = !kind.is_empty()
        && kind
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if id.len() < 9 || !kind_ok || !is_digits(n) || n.parse::<u64>().is_err() {
        return Err(bad());
    }
    Ok(())
}

fn denom(s: &str) -> Result<String, RateLimitError> {
    validate_denom(s).map_err(|e| RateLimitError::InvalidRequest(format!("denom {s:?}: {e}")))?;
    Ok(s.to_string())
}

/// A percent: a decimal integer 0..=100.
fn percent(s: &str, field: &str) -> Result<u8, RateLimitError> {
    let bad =
        || RateLimitError::InvalidRequest(format!("{field} must be between 0 and 100, got {s:?}"));
    if !is_digits(s) || s.len() > 3 {
        return Err(bad());
    }
    let p: u8 = s.parse().map_err(|_| bad())?;
    if p > 100 {
        return Err(bad());
    }
    Ok(p)
}

fn addr(s: &str) -> Result<Address, RateLimitError> {
    Ok(s.parse::<Address>()?)
}

fn quota(send: &str, recv: &str, duration_hours: u64) -> Result<Quota, RateLimitError> {
    let q = Quota {
        max_percent_send: percent(send, "max_percent_send")?,
        max_percent_recv: percent(recv, "max_percent_recv")?,
        duration_hours,
    };
    q.validate()?;
    Ok(q)
}

/// Add a rate limit, or replace the quota of one (`MsgAddRateLimit`, `MsgUpdateRateLimit`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgAddRateLimit {
    pub authority: Address,
    pub denom: String,
    pub channel_or_client_id: String,
    pub quota: Quota,
}

pub type MsgUpdateRateLimit = MsgAddRateLimit;

impl TryFrom<&proto::MsgAddRateLimit> for MsgAddRateLimit {
    type Error = RateLimitError;
    fn try_from(m: &proto::MsgAddRateLimit) -> Result<Self, RateLimitError> {
        validate_channel_or_client_id(&m.channel_or_client_id)?;
        Ok(MsgAddRateLimit {
            authority: addr(&m.authority)?,
            denom: denom(&m.denom)?,
            channel_or_client_id: m.channel_or_client_id.clone(),
            quota: quota(&m.max_percent_send, &m.max_percent_recv, m.duration_hours)?,
        })
    }
}

impl TryFrom<&proto::MsgUpdateRateLimit> for MsgAddRateLimit {
    type Error = RateLimitError;
    fn try_from(m: &proto::MsgUpdateRateLimit) -> Result<Self, RateLimitError> {
        validate_channel_or_client_id(&m.channel_or_client_id)?;
        Ok(MsgAddRateLimit {
            authority: addr(&m.authority)?,
            denom: denom(&m.denom)?,
            channel_or_client_id: m.channel_or_client_id.clone(),
            quota: quota(&m.max_percent_send, &m.max_percent_recv, m.duration_hours)?,
        })
    }
}

impl MsgAddRateLimit {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.authority]
    }
}

/// Name a rate limit (`MsgRemoveRateLimit`, `MsgResetRateLimit`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgRemoveRateLimit {
    pub authority: Address,
    pub denom: String,
    pub channel_or_client_id: String,
}

pub type MsgResetRateLimit = MsgRemoveRateLimit;

impl TryFrom<&proto::MsgRemoveRateLimit> for MsgRemoveRateLimit {
    type Error = RateLimitError;
    fn try_from(m: &proto::MsgRemoveRateLimit) -> Result<Self, RateLimitError> {
        validate_channel_or_client_id(&m.channel_or_client_id)?;
        Ok(MsgRemoveRateLimit {
            authority: addr(&m.authority)?,
            denom: denom(&m.denom)?,
            channel_or_client_id: m.channel_or_client_id.clone(),
        })
    }
}

impl TryFrom<&proto::MsgResetRateLimit> for MsgRemoveRateLimit {
    type Error = RateLimitError;
    fn try_from(m: &proto::MsgResetRateLimit) -> Result<Self, RateLimitError> {
        validate_channel_or_client_id(&m.channel_or_client_id)?;
        Ok(MsgRemoveRateLimit {
            authority: addr(&m.authority)?,
            denom: denom(&m.denom)?,
            channel_or_client_id: m.channel_or_client_id.clone(),
        })
    }
}

impl MsgRemoveRateLimit {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.authority]
    }
}

fn existing<S: StateRead + ?Sized>(
    state: &S,
    channel: &str,
    denom: &str,
) -> Result<RateLimit, RateLimitError> {
    state::rate_limit(state, channel, denom)?.ok_or_else(|| RateLimitError::NotFound {
        denom: denom.to_string(),
        channel: channel.to_string(),
    })
}

/// `MsgAddRateLimit`: a new rate limit, its first window starting now with the denom's supply
/// as channel value. Refused if one exists for the denom and channel, if the channel (or
/// client) is unknown, or if the denom has no supply (ibc-go's rules).
pub fn execute_add_rate_limit<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    keeper: &dyn RateLimitKeeper,
    msg: &MsgAddRateLimit,
) -> Result<(), RateLimitError> {
    check_gov(ctx, &msg.authority)?;
    let (channel, denom) = (&msg.channel_or_client_id, &msg.denom);
    if state::rate_limit(state, channel, denom)?.is_some() {
        return Err(RateLimitError::AlreadyExists {
            denom: denom.clone(),
            channel: channel.clone(),
        });
    }
    let read: &dyn StateRead = &state;
    if !keeper.channel_or_client_exists(read, channel)? {
        return Err(RateLimitError::ChannelNotFound(channel.clone()));
    }
    let supply = keeper.supply(read, denom)?;
    if supply == 0 {
        return Err(RateLimitError::ZeroChannelValue(denom.clone()));
    }
    let mut rl = RateLimit {
        denom: denom.clone(),
        channel_or_client_id: channel.clone(),
        quota: msg.quota,
        flow: state::Flow::default(),
        window_start: 0,
        window_id: 0,
    };
    state::restart_window(state, &mut rl, ctx.block.time_unix_secs, supply)?;
    state::put_rate_limit(state, &rl)?;
    state.record(event::rate_limit_added(&rl));
    Ok(())
}

/// `MsgUpdateRateLimit`: the new quota, and a new window from now with zero flows and the
/// denom's supply now (as ibc-go resets the flow on update). Pending sends of the old window
/// are no longer undone.
pub fn execute_update_rate_limit<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    keeper: &dyn RateLimitKeeper,
    msg: &MsgUpdateRateLimit,
) -> Result<(), RateLimitError> {
    check_gov(ctx, &msg.authority)?;
    let mut rl = existing(state, &msg.channel_or_client_id, &msg.denom)?;
    let read: &dyn StateRead = &state;
    let supply = keeper.supply(read, &msg.denom)?;
    rl.quota = msg.quota;
    state::restart_window(state, &mut rl, ctx.block.time_unix_secs, supply)?;
    state::put_rate_limit(state, &rl)?;
    state.record(event::rate_limit_updated(&rl));
    Ok(())
}

/// `MsgRemoveRateLimit`: transfers of the denom on the channel are no longer checked. Its
/// pending sends are forgotten as they are acknowledged or time out.
pub fn execute_remove_rate_limit<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgRemoveRateLimit,
) -> Result<(), RateLimitError> {
    check_gov(ctx, &msg.authority)?;
    existing(state, &msg.channel_or_client_id, &msg.denom)?;
    state::delete_rate_limit(state, &msg.channel_or_client_id, &msg.denom)?;
    state.record(event::rate_limit_removed(
        &msg.denom,
        &msg.channel_or_client_id,
    ));
    Ok(())
}

/// `MsgResetRateLimit`: a new window from now, zero flows, the denom's supply now as channel
/// value.
pub fn execute_reset_rate_limit<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    keeper: &dyn RateLimitKeeper,
    msg: &MsgResetRateLimit,
) -> Result<(), RateLimitError> {
    check_gov(ctx, &msg.authority)?;
    let mut rl = existing(state, &msg.channel_or_client_id, &msg.denom)?;
    let read: &dyn StateRead = &state;
    let supply = keeper.supply(read, &msg.denom)?;
    state::restart_window(state, &mut rl, ctx.block.time_unix_secs, supply)?;
    state::put_rate_limit(state, &rl)?;
    state.record(event::rate_limit_reset(&rl));
    Ok(())
}
