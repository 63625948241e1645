//! Rate limits of ICS-20 transfers, in the manner of ibc-go's rate-limiting middleware
//! (Stride's `x/ratelimit`).
//!
//! Governance sets, per denom and channel, the largest net flow out of and into the chain
//! during a window of whole hours, as a percent of the denom's total supply when the window
//! started (the "channel value"). There is no rate limit until governance adds one, and a
//! transfer of a denom and channel without one is never checked nor recorded.
//!
//! The transfer paths call, with the denom as it is on this chain (the base denom of a native
//! token, `aopen`; the `ibc/HASH` voucher denom of a received one; see [`send_denom`] and
//! [`recv_denom`] for ibc-go's rule):
//! * [`check_send`] before a send escrows or burns: refused over the quota, otherwise the
//!   outflow grows and the packet is remembered;
//! * [`check_recv`] before a receive mints or unescrows: refused over the quota (the packet is
//!   acknowledged with an error), otherwise the inflow grows;
//! * [`undo_send`] on a timeout or an error acknowledgement: the outflow of a packet sent in the
//!   current window is undone, once;
//! * [`complete_send`] on a successful acknowledgement.
//!
//! The rules are ibc-go's: net flow = this direction's flow + amount - the other direction's,
//! refused if above `channel_value * percent / 100` (rounded down), so a transfer that reaches
//! the threshold exactly passes; a percent of 0 refuses any net flow that way (a rate limit
//! with both at 0 is refused: remove the channel instead); 100 allows up to the whole supply;
//! a channel value of 0 checks nothing. Windows end lazily (see [`state`]).

pub mod error;
pub mod event;
pub mod genesis;
pub mod keeper;
pub mod msg;
pub mod rpc;
pub mod state;

pub use error::{RateLimitError, CODESPACE};
pub use genesis::{check_invariants, RateLimitGenesis};
pub use keeper::Keepers;
pub use msg::{
    execute_add_rate_limit, execute_remove_rate_limit, execute_reset_rate_limit,
    execute_update_rate_limit, gov_address, MsgAddRateLimit, MsgRemoveRateLimit, MsgResetRateLimit,
    MsgUpdateRateLimit, RateLimitKeeper,
};
pub use rpc::{query_all_rate_limits, query_rate_limit, query_rate_limits_by_channel_or_client_id};
pub use state::{
    check_recv, check_send, complete_send, undo_send, Flow, PendingSend, Quota, RateLimit,
};

/// Wire types of the rate limits, in `openledger.ibc.v1` (`proto/openledger/ibc/v1/`).
pub mod proto {
    pub use openledger_proto::openledger::ibc::v1::*;
}

use sha2::{Digest, Sha256};

/// `port/channel-N`: an ICS-20 hop of a denom trace (ibc-go checks the channel id only).
fn is_channel_id(s: &str) -> bool {
    s.strip_prefix("channel-").is_some_and(|n| {
        !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && n.parse::<u64>().is_ok()
    })
}

/// The denom on this chain of a full ICS-20 denom path (ibc-go's `ExtractDenomFromPath` then
/// `IBCDenom`): the path itself if it has no `port/channel-N` hop in front, otherwise
/// `ibc/` and the upper-case hex sha256 of the path.
pub fn ibc_denom(path: &str) -> String {
    let parts: Vec<&str> = path.split('/').collect();
    let traced = parts.len() > 2 && parts.get(1).is_some_and(|c| is_channel_id(c));
    if !traced {
        return path.to_string();
    }
    let hash = Sha256::digest(path.as_bytes());
    let hex: String = hash.iter().map(|b| format!("{b:02X}")).collect();
    format!("ibc/{hex}")
}

/// The rate-limited denom of a send (ibc-go's `ParseDenomFromSendPacket`): the packet's denom
/// as is if it is already `ibc/...`, otherwise [`ibc_denom`] of its full path (a native denom
/// stays itself; a voucher sent back becomes its `ibc/HASH`).
pub fn send_denom(packet_denom: &str) -> String {
    if packet_denom.starts_with("ibc/") {
        return packet_denom.to_string();
    }
    ibc_denom(packet_denom)
}

/// The rate-limited denom of a receive (ibc-go's `ParseDenomFromRecvPacket`). If the packet's
/// denom starts with the source `port/channel/` the token comes back: that prefix is removed
/// (a native token returns as itself). Otherwise this chain is a sink and the denom becomes the
/// voucher of `dest_port/dest_channel/denom`.
pub fn recv_denom(
    source_port: &str,
    source_channel: &str,
    dest_port: &str,
    dest_channel: &str,
    packet_denom: &str,
) -> String {
    let source_prefix = format!("{source_port}/{source_channel}/");
    match packet_denom.strip_prefix(&source_prefix) {
        Some(unprefixed) => ibc_denom(unprefixed),
        None => ibc_denom(&format!("{dest_port}/{dest_channel}/{packet_denom}")),
    }
}
