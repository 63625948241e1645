//! Shared setup of the rate-limit tests: an in-memory state, a keeper with a fixed supply and
//! channels `channel-0` to `channel-9`, governance messages built from their protobuf form.
#![allow(dead_code)]

use openledger_framework::delta::MemState;
use openledger_framework::{Address, BlockCtx, CallError, MsgCtx, StateRead};
use openledger_ibc::rate_limit::{
    self as rl, proto, MsgAddRateLimit, MsgRemoveRateLimit, RateLimit, RateLimitError,
    RateLimitKeeper,
};

pub const T0: i64 = 1_700_000_000;
pub const HOUR: i64 = 3600;
pub const DENOM: &str = "aopen";
pub const CH: &str = "channel-0";
pub const SUPPLY: u128 = 1_000_000;

/// Every denom has `supply`, except `nosupply`; channels 0 to 9 exist and so does
/// `07-tendermint-0`.
pub struct Keeper {
    pub supply: u128,
}

impl RateLimitKeeper for Keeper {
    fn supply(&self, _state: &dyn StateRead, denom: &str) -> Result<u128, CallError> {
        Ok(if denom == "nosupply" { 0 } else { self.supply })
    }
    fn channel_or_client_exists(
        &self,
        _state: &dyn StateRead,
        id: &str,
    ) -> Result<bool, CallError> {
        Ok(id == "07-tendermint-0"
            || id
                .strip_prefix("channel-")
                .and_then(|n| n.parse::<u64>().ok())
                .is_some_and(|n| n < 10))
    }
}

pub const KEEPER: Keeper = Keeper { supply: SUPPLY };

pub fn gov() -> Address {
    rl::gov_address()
}

pub fn block(time: i64) -> BlockCtx {
    BlockCtx {
        chain_id: "test-1".into(),
        height: 10,
        time_unix_secs: time,
        time_nanos: 0,
    }
}

pub fn add_msg(
    authority: &Address,
    denom: &str,
    channel: &str,
    send: &str,
    recv: &str,
    hours: u64,
) -> Result<MsgAddRateLimit, RateLimitError> {
    MsgAddRateLimit::try_from(&proto::MsgAddRateLimit {
        authority: authority.to_string(),
        denom: denom.into(),
        channel_or_client_id: channel.into(),
        max_percent_send: send.into(),
        max_percent_recv: recv.into(),
        duration_hours: hours,
    })
}

pub fn update_msg(send: &str, recv: &str, hours: u64) -> Result<MsgAddRateLimit, RateLimitError> {
    MsgAddRateLimit::try_from(&proto::MsgUpdateRateLimit {
        authority: gov().to_string(),
        denom: DENOM.into(),
        channel_or_client_id: CH.into(),
        max_percent_send: send.into(),
        max_percent_recv: recv.into(),
        duration_hours: hours,
    })
}

pub fn name_msg(denom: &str, channel: &str) -> MsgRemoveRateLimit {
    MsgRemoveRateLimit::try_from(&proto::MsgRemoveRateLimit {
        authority: gov().to_string(),
        denom: denom.into(),
        channel_or_client_id: channel.into(),
    })
    .unwrap()
}

/// Run an executor as governance (the gov account signs) at `time`.
pub fn as_gov<T>(
    time: i64,
    f: impl FnOnce(&MsgCtx) -> Result<T, RateLimitError>,
) -> Result<T, RateLimitError> {
    let b = block(time);
    let signers = [gov()];
    let ctx = MsgCtx {
        block: &b,
        signers: &signers,
        msg_index: 0,
    };
    f(&ctx)
}

/// A state with a rate limit of aopen on channel-0 added at T0 (supply SUPPLY).
pub fn with_limit(send: &str, recv: &str, hours: u64) -> MemState {
    let mut s = MemState::empty();
    let m = add_msg(&gov(), DENOM, CH, send, recv, hours).unwrap();
    as_gov(T0, |c| rl::execute_add_rate_limit(&mut s, c, &KEEPER, &m)).unwrap();
    s
}

pub fn limit(s: &MemState) -> RateLimit {
    rl::state::rate_limit(s, CH, DENOM).unwrap().unwrap()
}

/// Every key and value of rate limiting.
pub fn dump(s: &MemState) -> Vec<(Vec<u8>, Vec<u8>)> {
    s.prefix_raw(b"ibc/x/rate-limit/", None)
        .collect::<Result<_, _>>()
        .unwrap()
}

pub fn send(s: &mut MemState, time: i64, amount: u128, seq: u64) -> Result<(), RateLimitError> {
    rl::check_send(s, time, DENOM, CH, amount, SUPPLY, seq)
}

pub fn recv(s: &mut MemState, time: i64, amount: u128) -> Result<(), RateLimitError> {
    rl::check_recv(s, time, DENOM, CH, amount, SUPPLY)
}
