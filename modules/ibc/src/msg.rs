//! IBC messages inside standard Cosmos transactions: decoded statelessly (ibc-rs' own
//! validation of every field) with the signer each names, then run by ibc-rs' handlers
//! (validate, then execute) over our host contexts.

use std::time::Duration;

use cosmos_sdk_proto::Any as SdkAny;
use ibc::apps::transfer::handler::send_transfer;
use ibc::apps::transfer::types::msgs::transfer::MsgTransfer;
use ibc::apps::transfer::types::PrefixedDenom;
use ibc::core::channel::types::msgs::{ChannelMsg, PacketMsg};
use ibc::core::client::types::msgs::ClientMsg;
use ibc::core::connection::types::msgs::ConnectionMsg;
use ibc::core::entrypoint::dispatch;
use ibc::core::handler::types::msgs::MsgEnvelope;
use ibc::core::host::types::path::SeqSendPath;
use ibc::core::host::ValidationContext;
use ibc::primitives::proto::Any as IbcAny;
use ibc::primitives::Signer;
use ibc_proto::ibc::applications::transfer::v1::{
    MsgTransfer as RawMsgTransfer, MsgTransferResponse,
};
use openledger_framework::module::AnyMsg;
use openledger_framework::{Address, CallError, MsgCtx, StateWrite, ACCOUNT_PREFIX};
use prost::Message;

use crate::context::{Host, IbcCtx};
use crate::error::IbcError;
use crate::router::IbcRouter;
use crate::transfer::{self, TransferCtx};

pub const MSG_TRANSFER: &str = "/ibc.applications.transfer.v1.MsgTransfer";

/// Every IBC message type this chain executes.
pub const TYPE_URLS: &[&str] = &[
    "/ibc.core.client.v1.MsgCreateClient",
    "/ibc.core.client.v1.MsgUpdateClient",
    "/ibc.core.client.v1.MsgUpgradeClient",
    "/ibc.core.client.v1.MsgSubmitMisbehaviour",
    "/ibc.core.connection.v1.MsgConnectionOpenInit",
    "/ibc.core.connection.v1.MsgConnectionOpenTry",
    "/ibc.core.connection.v1.MsgConnectionOpenAck",
    "/ibc.core.connection.v1.MsgConnectionOpenConfirm",
    "/ibc.core.channel.v1.MsgChannelOpenInit",
    "/ibc.core.channel.v1.MsgChannelOpenTry",
    "/ibc.core.channel.v1.MsgChannelOpenAck",
    "/ibc.core.channel.v1.MsgChannelOpenConfirm",
    "/ibc.core.channel.v1.MsgChannelCloseInit",
    "/ibc.core.channel.v1.MsgChannelCloseConfirm",
    "/ibc.core.channel.v1.MsgRecvPacket",
    "/ibc.core.channel.v1.MsgAcknowledgement",
    "/ibc.core.channel.v1.MsgTimeout",
    "/ibc.core.channel.v1.MsgTimeoutOnClose",
    MSG_TRANSFER,
];

/// A decoded IBC message.
#[derive(Debug, Clone)]
pub enum IbcMsg {
    /// ICS-02/03/04: run by ibc-rs' core dispatch.
    Core { type_url: String, msg: MsgEnvelope },
    /// ICS-20 `MsgTransfer`.
    Transfer(MsgTransfer),
}

fn signer_address(signer: &Signer) -> Result<Address, IbcError> {
    Address::from_bech32(signer.as_ref(), ACCOUNT_PREFIX)
        .map_err(|e| IbcError::InvalidAddress(format!("signer {}: {e}", signer.as_ref())))
}

// the signer of a misbehaviour message is deprecated in ibc-go, not gone: it still signs
#[allow(deprecated)]
fn envelope_signer(msg: &MsgEnvelope) -> &Signer {
    match msg {
        MsgEnvelope::Client(m) => match m {
            ClientMsg::CreateClient(m) => &m.signer,
            ClientMsg::UpdateClient(m) => &m.signer,
            ClientMsg::Misbehaviour(m) => &m.signer,
            ClientMsg::UpgradeClient(m) => &m.signer,
            ClientMsg::RecoverClient(m) => &m.signer,
        },
        MsgEnvelope::Connection(m) => match m {
            ConnectionMsg::OpenInit(m) => &m.signer,
            ConnectionMsg::OpenTry(m) => &m.signer,
            ConnectionMsg::OpenAck(m) => &m.signer,
            ConnectionMsg::OpenConfirm(m) => &m.signer,
        },
        MsgEnvelope::Channel(m) => match m {
            ChannelMsg::OpenInit(m) => &m.signer,
            ChannelMsg::OpenTry(m) => &m.signer,
            ChannelMsg::OpenAck(m) => &m.signer,
            ChannelMsg::OpenConfirm(m) => &m.signer,
            ChannelMsg::CloseInit(m) => &m.signer,
            ChannelMsg::CloseConfirm(m) => &m.signer,
        },
        MsgEnvelope::Packet(m) => match m {
            PacketMsg::Recv(m) => &m.signer,
            PacketMsg::Ack(m) => &m.signer,
            PacketMsg::Timeout(m) => &m.signer,
            PacketMsg::TimeoutOnClose(m) => &m.signer,
        },
    }
}

/// Decode and validate an IBC message without state; its signer must sign the transaction.
pub fn decode(any: &SdkAny) -> Result<(IbcMsg, Vec<Address>), IbcError> {
    if any.type_url == MSG_TRANSFER {
        let raw = RawMsgTransfer::decode(any.value.as_slice())
            .map_err(|e| IbcError::InvalidRequest(format!("MsgTransfer: {e}")))?;
        if raw.encode_to_vec() != any.value {
            return Err(IbcError::InvalidRequest(
                "MsgTransfer is not in canonical protobuf encoding".into(),
            ));
        }
        let sender = raw.sender.clone();
        let msg = MsgTransfer::try_from(raw)
            .map_err(|e| IbcError::InvalidRequest(format!("MsgTransfer: {e}")))?;
        let token = &msg.packet_data.token;
        if token.amount.to_string() == "0" {
            return Err(IbcError::InvalidCoins("the amount must be positive".into()));
        }
        let denom = token.denom.to_string();
        openledger_framework::coin::validate_denom(&denom)
            .map_err(|e| IbcError::InvalidCoins(e.to_string()))?;
        if let Some(hash) = denom.strip_prefix("ibc/") {
            if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(IbcError::InvalidCoins(format!(
                    "{denom}: an IBC denom is ibc/ and 64 hex digits"
                )));
            }
        }
        let signer = signer_address(&Signer::from(sender))?;
        return Ok((IbcMsg::Transfer(msg), vec![signer]));
    }
    if !TYPE_URLS.contains(&any.type_url.as_str()) {
        return Err(IbcError::InvalidRequest(format!(
            "unknown IBC message {}",
            any.type_url
        )));
    }
    let env = MsgEnvelope::try_from(IbcAny {
        type_url: any.type_url.clone(),
        value: any.value.clone(),
    })
    .map_err(|e| IbcError::InvalidRequest(format!("{}: {e}", any.type_url)))?;
    let signer = signer_address(envelope_signer(&env))?;
    Ok((
        IbcMsg::Core {
            type_url: any.type_url.clone(),
            msg: env,
        },
        vec![signer],
    ))
}

/// The route's decode function.
pub fn decode_route(any: &SdkAny) -> Result<(AnyMsg, Vec<Address>), CallError> {
    let (m, signers) = decode(any)?;
    Ok((Box::new(m), signers))
}

/// Run a decoded IBC message. `unbonding_period` is staking's: the longest trusting period a
/// counterparty's client of us may have.
pub fn execute(
    state: &mut dyn StateWrite,
    ctx: &MsgCtx,
    unbonding_period: Duration,
    msg: &IbcMsg,
) -> Result<SdkAny, IbcError> {
    let host =
        Host::new(state, ctx.block, unbonding_period).map_err(|e| IbcError::Host(e.to_string()))?;
    match msg {
        IbcMsg::Core { type_url, msg } => {
            let mut core = IbcCtx { host: &host };
            let mut router = IbcRouter::new(&host);
            dispatch(&mut core, &mut router, msg.clone())
                .map_err(|e| IbcError::Handler(e.to_string()))?;
            // the responses of ibc-go's core messages carry nothing a client needs
            Ok(SdkAny {
                type_url: format!("{type_url}Response"),
                value: Vec::new(),
            })
        }
        IbcMsg::Transfer(m) => {
            let mut m = m.clone();
            resolve_voucher(&host, &mut m)?;
            let seq_path = SeqSendPath::new(&m.port_id_on_a, &m.chan_id_on_a);
            let core = IbcCtx { host: &host };
            let sequence = core
                .get_next_sequence_send(&seq_path)
                .map_err(|e| IbcError::Handler(e.to_string()))?;
            crate::rate_limit_hooks::on_send(&host, &m, sequence.value())?;
            let mut core = IbcCtx { host: &host };
            let mut token = TransferCtx { host: &host };
            send_transfer(&mut core, &mut token, m)
                .map_err(|e| IbcError::Handler(e.to_string()))?;
            Ok(SdkAny {
                type_url: "/ibc.applications.transfer.v1.MsgTransferResponse".into(),
                value: MsgTransferResponse {
                    sequence: sequence.value(),
                }
                .encode_to_vec(),
            })
        }
    }
}

/// A sender names a voucher by its bank denom `ibc/<HASH>`; ICS-20 needs its full trace.
fn resolve_voucher(host: &Host<'_>, m: &mut MsgTransfer) -> Result<(), IbcError> {
    let denom = &m.packet_data.token.denom;
    if !denom.trace_path.is_empty() {
        return Ok(());
    }
    let Some(hash) = denom.base_denom.as_str().strip_prefix("ibc/") else {
        return Ok(());
    };
    let trace = host
        .read(|s| transfer::denom_trace(s, hash))
        .map_err(|e| IbcError::Host(e.to_string()))?
        .ok_or_else(|| IbcError::InvalidCoins(format!("unknown IBC denom ibc/{hash}")))?;
    m.packet_data.token.denom = trace
        .parse::<PrefixedDenom>()
        .map_err(|e| IbcError::InvalidCoins(format!("denom trace {trace}: {e}")))?;
    Ok(())
}
