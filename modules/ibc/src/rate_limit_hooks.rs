//! Where ICS-20 meets the rate limits: a send is checked (and counted) before its tokens
//! move, a receive before its tokens are minted or released, and a refund (timeout or error
//! acknowledgement) gives the send's quota back exactly once.

use ibc::apps::transfer::types::msgs::transfer::MsgTransfer;
use ibc::core::channel::types::acknowledgement::{
    Acknowledgement, AcknowledgementStatus, StatusValue,
};
use ibc::core::channel::types::packet::Packet;
use ibc::core::host::types::error::HostError;

use ibc::apps::transfer::types::packet::PacketData;
use openledger_bank::BankRead;

use crate::context::{host_other, Host};
use crate::error::IbcError;
use crate::rate_limit;

/// Before a `MsgTransfer` moves tokens: refuse it when it would pass a limit.
pub fn on_send(host: &Host<'_>, msg: &MsgTransfer, sequence: u64) -> Result<(), IbcError> {
    let denom = rate_limit::send_denom(&msg.packet_data.token.denom.to_string());
    let amount = amount_of(&msg.packet_data.token.amount.to_string())
        .map_err(|e| IbcError::InvalidCoins(e.to_string()))?;
    let now = host.block.time_unix_secs;
    let channel = msg.chan_id_on_a.to_string();
    host.write(|s| {
        let supply = s.supply(&denom).map_err(host_other)?;
        rate_limit::check_send(s, now, &denom, &channel, amount, supply, sequence)
            .map_err(|e| HostError::invalid_state(e.to_string()))
    })
    .map_err(|e| IbcError::Handler(strip_host(e)))
}

/// Before a received packet's tokens are credited; an error acknowledgement when refused.
/// A packet whose data does not decode is left to ICS-20, which acknowledges it with an error.
pub fn on_recv(host: &Host<'_>, packet: &Packet) -> Result<(), Option<Acknowledgement>> {
    let Ok(data) = serde_json::from_slice::<PacketData>(&packet.data) else {
        return Ok(());
    };
    let Ok(amount) = amount_of(&data.token.amount.to_string()) else {
        return Ok(());
    };
    let denom = rate_limit::recv_denom(
        packet.port_id_on_a.as_str(),
        packet.chan_id_on_a.as_str(),
        packet.port_id_on_b.as_str(),
        packet.chan_id_on_b.as_str(),
        &data.token.denom.to_string(),
    );
    let now = host.block.time_unix_secs;
    let channel = packet.chan_id_on_b.to_string();
    host.write(|s| {
        let supply = s.supply(&denom).map_err(host_other)?;
        rate_limit::check_recv(s, now, &denom, &channel, amount, supply)
            .map_err(|e| HostError::invalid_state(e.to_string()))
    })
    .map_err(|e| error_ack(&crate::error::short(&strip_host(e))))
}

/// After a packet we sent was acknowledged (its tokens already refunded on an error ack):
/// a success ends its pending send, an error gives its quota back.
pub fn on_ack(host: &Host<'_>, packet: &Packet, ack: &Acknowledgement) -> Result<(), HostError> {
    let channel = packet.chan_id_on_a.to_string();
    let seq = packet.seq_on_a.value();
    host.write(|s| {
        if ack_is_success(ack) {
            rate_limit::complete_send(s, &channel, seq)
        } else {
            rate_limit::undo_send(s, &channel, seq)
        }
        .map(|_| ())
        .map_err(host_other)
    })
}

/// After a packet we sent timed out and its tokens were refunded: its quota is given back.
pub fn on_timeout(host: &Host<'_>, packet: &Packet) -> Result<(), HostError> {
    let channel = packet.chan_id_on_a.to_string();
    let seq = packet.seq_on_a.value();
    host.write(|s| {
        rate_limit::undo_send(s, &channel, seq)
            .map(|_| ())
            .map_err(host_other)
    })
}

fn amount_of(s: &str) -> Result<u128, std::num::ParseIntError> {
    s.parse::<u128>()
}

/// The message of a host error without ibc-rs' "invalid state:" framing.
fn strip_host(e: HostError) -> String {
    match e {
        HostError::InvalidState { description }
        | HostError::MissingState { description }
        | HostError::FailedToStore { description }
        | HostError::FailedToRetrieve { description }
        | HostError::Other { description } => description,
    }
}

/// Whether an acknowledgement is ICS-20's success.
pub fn ack_is_success(ack: &Acknowledgement) -> bool {
    serde_json::from_slice::<AcknowledgementStatus>(ack.as_bytes())
        .map(|s| s.is_successful())
        .unwrap_or(false)
}

/// An error acknowledgement as state may hold it: its bytes are committed (a counterparty
/// proves them), so they must be the same on every node. ibc-rs' messages may carry, after
/// their first line, source locations or a backtrace that differ between builds and machines;
/// only the first line is kept.
pub fn deterministic(ack: Acknowledgement) -> Acknowledgement {
    let Ok(status) = serde_json::from_slice::<serde_json::Value>(ack.as_bytes()) else {
        return ack;
    };
    let Some(reason) = status.get("error").and_then(|v| v.as_str()) else {
        return ack;
    };
    let mut first = crate::error::short(reason);
    if first == reason {
        return ack;
    }
    if first.is_empty() {
        first = "error handling packet".to_string();
    }
    StatusValue::new(first)
        .ok()
        .map(|v| AcknowledgementStatus::error(v).into())
        .unwrap_or(ack)
}

/// An ICS-20 error acknowledgement carrying `reason` (`None` only for an empty status,
/// which the prefix rules out).
pub fn error_ack(reason: &str) -> Option<Acknowledgement> {
    StatusValue::new(format!("receive failed: {reason}"))
        .ok()
        .map(|v| AcknowledgementStatus::error(v).into())
}
