//! Slashing events keep the Cosmos SDK names and attributes (`x/slashing/types/events.go`).

use openledger_framework::{Address, ConsAddress, Event, VALCONS_PREFIX};

pub const EVENT_TYPE_SLASH: &str = "slash";
pub const EVENT_TYPE_LIVENESS: &str = "liveness";
pub const REASON_DOUBLE_SIGN: &str = "double_sign";
pub const REASON_MISSING_SIGNATURE: &str = "missing_signature";

pub fn cons_bech32(cons: &ConsAddress) -> String {
    Address(*cons).to_bech32(VALCONS_PREFIX)
}

/// A missed signature: `liveness{address, missed_blocks, height}`.
pub fn liveness(cons: &ConsAddress, missed_blocks: u64, height: u64) -> Event {
    Event::new(EVENT_TYPE_LIVENESS)
        .attr("address", cons_bech32(cons))
        .attr("missed_blocks", missed_blocks.to_string())
        .attr("height", height.to_string())
}

/// Downtime: `slash{address, power, reason=missing_signature, jailed}`.
pub fn slash_downtime(cons: &ConsAddress, power: i64) -> Event {
    Event::new(EVENT_TYPE_SLASH)
        .attr("address", cons_bech32(cons))
        .attr("power", power.to_string())
        .attr("reason", REASON_MISSING_SIGNATURE)
        .attr("jailed", cons_bech32(cons))
}

/// Double sign: `slash{address, power, reason=double_sign}`.
pub fn slash_double_sign(cons: &ConsAddress, power: i64) -> Event {
    Event::new(EVENT_TYPE_SLASH)
        .attr("address", cons_bech32(cons))
        .attr("power", power.to_string())
        .attr("reason", REASON_DOUBLE_SIGN)
}

/// Jailing for double sign: `slash{jailed}`.
pub fn jailed(cons: &ConsAddress) -> Event {
    Event::new(EVENT_TYPE_SLASH).attr("jailed", cons_bech32(cons))
}
