//! `openledger tx ibc-transfer transfer SRC-PORT SRC-CHANNEL RECEIVER AMOUNT`: an ICS-20
//! transfer, as ibc-go's CLI writes it (v8, the version the descriptors are vendored at).
//!
//! Timeouts are relative unless `--absolute-timeouts`: the relative timeout height is added to
//! the latest height of the light client the channel uses (the counterparty's height as this
//! chain knows it), the relative timestamp to the later of this chain's latest block time and
//! the timestamp of that client's latest consensus state. (ibc-go's CLI reads the local clock
//! where this reads the latest block time: the CLI takes no wall-clock time.) A timeout of 0
//! (`0-0`) is disabled; both cannot be. `--memo` is the transaction's memo, as on every `tx` command; the packet's memo (ICS-20
//! `memo`, ibc-go's `--memo`) is `--packet-memo`.

use anyhow::{bail, Context as _};
use clap::{Arg, ArgAction, ArgMatches};
use cosmos_sdk_proto::Any;
use openledger_proto::ibc_proto::ibc::applications::transfer::v1::MsgTransfer;
use openledger_proto::ibc_proto::ibc::core::channel::v1::{
    QueryChannelClientStateRequest, QueryChannelClientStateResponse,
};
use openledger_proto::ibc_proto::ibc::core::client::v1::{
    Height, QueryConsensusStateRequest, QueryConsensusStateResponse,
};
use openledger_proto::ibc_proto::ibc::lightclients::tendermint::v1 as tm;
use openledger_proto::methods::ibc::core::channel::v1::query as channel_paths;
use openledger_proto::methods::ibc::core::client::v1::query as client_paths;
use prost::{Message, Name};
use sha2::{Digest, Sha256};

use super::flow::{any, Signer};
use super::spec::TxSpec;
use super::Entry;
use crate::context::Context;
use crate::schema::args::Options;

pub const MSG_TRANSFER: &str = "ibc.applications.transfer.v1.MsgTransfer";

/// ibc-go's `DefaultRelativePacketTimeoutHeight`.
pub const DEFAULT_TIMEOUT_HEIGHT: &str = "0-1000";
/// ibc-go's `DefaultRelativePacketTimeoutTimestamp`: 10 minutes, in nanoseconds.
pub const DEFAULT_TIMEOUT_TIMESTAMP: u64 = 600_000_000_000;

/// Type URL of the localhost light client's state (no consensus states: the block time only).
const LOCALHOST_CLIENT_STATE: &str = "/ibc.lightclients.localhost.v2.ClientState";

const LONG_ABOUT: &str = "\
Transfer a fungible token through IBC (ICS-20)

Timeouts are relative unless --absolute-timeouts is given: the relative timeout height is added
to the latest height of the light client behind the channel (the counterparty's height as this
chain knows it), and the relative timeout timestamp to the later of this chain's latest block
time and the block time of that client's latest consensus state. A timeout set to 0 (0-0 for
the height) is disabled; they cannot both be 0.

A denomination written as a trace (transfer/channel-0/uatom) is sent as its ibc/HASH
denomination. --memo is the transaction's memo; the packet's memo is --packet-memo.

Example: openledger tx ibc-transfer transfer transfer channel-0 cosmos1... 1.5OPEN --from alice";

fn transfer_spec() -> TxSpec {
    let spec = TxSpec::new(
        "transfer",
        MSG_TRANSFER,
        &["source_port", "source_channel", "receiver", "token"],
        &["timeout_height", "timeout_timestamp", "memo"],
    );
    spec.about("Transfer a fungible token through IBC")
        .configure(|c| c.long_about(LONG_ABOUT))
        .arg("source_port", |a| {
            a.value_name("SRC-PORT")
                .help("Port the packet is sent on (transfer)")
        })
        .arg("source_channel", |a| {
            a.value_name("SRC-CHANNEL")
                .help("Channel the packet is sent through (channel-0)")
        })
        .arg("receiver", |a| {
            a.value_name("RECEIVER")
                .help("Recipient address on the destination chain")
        })
        .arg("token", |a| {
            a.value_name("AMOUNT")
                .allow_hyphen_values(true)
                .help("Amount, e.g. 1.5OPEN, 2500aopen, 7ibc/HASH or 7transfer/channel-0/uatom")
        })
        .extra(
            Arg::new("packet-timeout-height")
                .long("packet-timeout-height")
                .value_name("REVISION-HEIGHT")
                .default_value(DEFAULT_TIMEOUT_HEIGHT)
                .value_parser(parse_height)
                .help("Packet timeout block height, as REVISION-HEIGHT (0-0: disabled)"),
        )
        .extra(
            Arg::new("packet-timeout-timestamp")
                .long("packet-timeout-timestamp")
                .value_name("NANOS")
                .default_value(DEFAULT_TIMEOUT_TIMESTAMP.to_string())
                .value_parser(clap::value_parser!(u64))
                .help(
                    "Packet timeout timestamp in nanoseconds (relative: from the latest block \
                     time; default 10 minutes; 0: disabled)",
                ),
        )
        .extra(
            Arg::new("absolute-timeouts")
                .long("absolute-timeouts")
                .action(ArgAction::SetTrue)
                .help("The timeout flags are absolute (a height and a Unix time in nanoseconds)"),
        )
        .extra(
            Arg::new("packet-memo")
                .long("packet-memo")
                .value_name("TEXT")
                .default_value("")
                .help("Memo sent along with the packet (ICS-20 memo; --memo is the tx's)"),
        )
}

pub fn overrides() -> Vec<Entry> {
    vec![Entry::Custom(
        transfer_spec().fields.cmd,
        |ctx, m, signer| Box::pin(transfer(ctx, m, signer)),
    )]
}

/// `REVISION-HEIGHT`, as ibc-go's `ParseHeight` reads it (`1-1000`, `0-0`).
pub fn parse_height(s: &str) -> Result<Height, String> {
    let bad = || format!("{s:?} is not a height REVISION-HEIGHT, e.g. 0-1000 or 1-250");
    let (revision, height) = s.trim().split_once('-').ok_or_else(bad)?;
    Ok(Height {
        revision_number: revision.parse().map_err(|_| bad())?,
        revision_height: height.parse().map_err(|_| bad())?,
    })
}

/// The timeouts given on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeouts {
    pub height: Height,
    pub timestamp: u64,
    pub absolute: bool,
}

impl Timeouts {
    pub fn from_matches(m: &ArgMatches) -> Self {
        Self {
            height: m
                .get_one::<Height>("packet-timeout-height")
                .cloned()
                .unwrap_or_default(),
            timestamp: m
                .get_one::<u64>("packet-timeout-timestamp")
                .copied()
                .unwrap_or_default(),
            absolute: m.get_flag("absolute-timeouts"),
        }
    }

    /// Whether the counterparty's client state is needed (relative timeouts that are set).
    pub fn needs_client(&self) -> bool {
        !self.absolute && (!is_zero(&self.height) || self.timestamp != 0)
    }

    /// The absolute timeouts: as given, or relative to the client's latest height, and to the
    /// later of `now_ns` (this chain's latest block time) and the client's latest consensus
    /// timestamp.
    pub fn resolve(
        &self,
        client_height: &Height,
        consensus_ns: u64,
        now_ns: u64,
    ) -> anyhow::Result<(Height, u64)> {
        if self.absolute {
            return Ok((self.height, self.timestamp));
        }
        let overflow = || anyhow::anyhow!("the packet timeout overflows");
        let height = if is_zero(&self.height) {
            Height::default()
        } else {
            Height {
                revision_number: client_height
                    .revision_number
                    .checked_add(self.height.revision_number)
                    .ok_or_else(overflow)?,
                revision_height: client_height
                    .revision_height
                    .checked_add(self.height.revision_height)
                    .ok_or_else(overflow)?,
            }
        };
        let timestamp = match self.timestamp {
            0 => 0,
            relative => now_ns
                .max(consensus_ns)
                .checked_add(relative)
                .ok_or_else(overflow)?,
        };
        Ok((height, timestamp))
    }
}

fn is_zero(h: &Height) -> bool {
    h.revision_number == 0 && h.revision_height == 0
}

/// The denomination sent for `denom`: a trace (`transfer/channel-0/uatom`) becomes its
/// `ibc/HASH`, as ibc-go's `ParseDenomTrace(denom).IBCDenom()` (v8); a base denomination and an
/// `ibc/...` denomination stay as they are.
pub fn ibc_denom(denom: &str) -> String {
    if denom.starts_with("ibc/") {
        return denom.to_owned();
    }
    let items: Vec<&str> = denom.split('/').collect();
    // the leading port/channel pairs are the path, the rest the base denomination
    // (ibc-go's extractPathAndBaseFromFullDenom)
    let mut path_len = 0;
    while path_len + 1 < items.len() && items.len() > 2 && is_channel_id(items[path_len + 1]) {
        path_len += 2;
    }
    if path_len == 0 {
        return denom.to_owned();
    }
    let path = items[..path_len].join("/");
    let base = items[path_len..].join("/");
    let hash = Sha256::digest(format!("{path}/{base}").as_bytes());
    format!("ibc/{}", hex::encode_upper(hash))
}

/// `channel-N`, as ibc-go's `IsValidChannelID`.
fn is_channel_id(s: &str) -> bool {
    s.strip_prefix("channel-").is_some_and(|n| {
        !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && n.parse::<u64>().is_ok()
    })
}

/// The message of the command line, with the timeouts resolved.
async fn transfer(ctx: &Context, m: &ArgMatches, signer: &Signer) -> anyhow::Result<Vec<Any>> {
    let draft = transfer_spec().build_message(ctx, m, signer)?;
    let mut msg = MsgTransfer::decode(draft.value.as_slice())?;
    let timeouts = Timeouts::from_matches(m);
    let (client_height, consensus_ns) = if timeouts.needs_client() {
        counterparty(ctx, &msg.source_port, &msg.source_channel).await?
    } else {
        (Height::default(), 0)
    };
    let now_ns = if timeouts.needs_client() && timeouts.timestamp != 0 {
        latest_block_ns(ctx).await?
    } else {
        0
    };
    let packet_memo = m.get_one::<String>("packet-memo").cloned();
    Ok(vec![finish(
        &mut msg,
        &timeouts,
        &client_height,
        consensus_ns,
        now_ns,
        packet_memo.unwrap_or_default(),
    )?])
}

/// The message once its denomination, timeouts and packet memo are set.
pub fn finish(
    msg: &mut MsgTransfer,
    timeouts: &Timeouts,
    client_height: &Height,
    consensus_ns: u64,
    now_ns: u64,
    packet_memo: String,
) -> anyhow::Result<Any> {
    let token = msg.token.as_mut().context("no amount given")?;
    if token.amount.trim_start_matches('0').is_empty() {
        bail!("the amount to transfer must be greater than zero");
    }
    token.denom = ibc_denom(&token.denom);
    let (height, timestamp) = timeouts.resolve(client_height, consensus_ns, now_ns)?;
    if is_zero(&height) && timestamp == 0 {
        bail!("the packet timeout height and timestamp cannot both be 0 (disabled)");
    }
    msg.timeout_height = Some(height);
    msg.timeout_timestamp = timestamp;
    msg.memo = packet_memo;
    Ok(any(msg))
}

/// The latest height of the channel's light client, and the timestamp (ns) of its consensus
/// state there (0 for the localhost client, which has none).
async fn counterparty(ctx: &Context, port: &str, channel: &str) -> anyhow::Result<(Height, u64)> {
    let rpc = ctx.rpc()?;
    let request = QueryChannelClientStateRequest {
        port_id: port.to_owned(),
        channel_id: channel.to_owned(),
    };
    let response: QueryChannelClientStateResponse = rpc
        .query(channel_paths::CHANNEL_CLIENT_STATE, &request, None)
        .await
        .with_context(|| {
            format!("cannot find the client of {port}/{channel} (for relative timeouts)")
        })?;
    let identified = response
        .identified_client_state
        .context("the channel's client state is missing")?;
    let state = identified
        .client_state
        .context("the channel's client state is missing")?;
    if state.type_url == LOCALHOST_CLIENT_STATE {
        let local =
            openledger_proto::ibc_proto::ibc::lightclients::localhost::v2::ClientState::decode(
                state.value.as_slice(),
            )?;
        return Ok((local.latest_height.unwrap_or_default(), 0));
    }
    if state.type_url != tm::ClientState::type_url() {
        bail!(
            "{port}/{channel} uses a {} client: give --absolute-timeouts",
            state.type_url
        );
    }
    let client = tm::ClientState::decode(state.value.as_slice())?;
    let height = client.latest_height.unwrap_or_default();
    let request = QueryConsensusStateRequest {
        client_id: identified.client_id.clone(),
        revision_number: height.revision_number,
        revision_height: height.revision_height,
        latest_height: false,
    };
    let response: QueryConsensusStateResponse = rpc
        .query(client_paths::CONSENSUS_STATE, &request, None)
        .await
        .with_context(|| {
            format!(
                "cannot read the consensus state of {}",
                identified.client_id
            )
        })?;
    let consensus = response
        .consensus_state
        .context("the client's consensus state is missing")?;
    let consensus = tm::ConsensusState::decode(consensus.value.as_slice())?;
    let time = consensus.timestamp.unwrap_or_default();
    let ns = i128::from(time.seconds)
        .checked_mul(1_000_000_000)
        .and_then(|s| s.checked_add(i128::from(time.nanos)))
        .and_then(|ns| u64::try_from(ns).ok())
        .context("the client's consensus timestamp is out of range")?;
    Ok((height, ns))
}

/// This chain's latest block time, in nanoseconds since the Unix epoch (from `/status`).
async fn latest_block_ns(ctx: &Context) -> anyhow::Result<u64> {
    let status = ctx.rpc()?.status().await?;
    let ns = status.sync_info.latest_block_time.unix_timestamp_nanos();
    u64::try_from(ns).context("the latest block time is out of range")
}

#[cfg(test)]
#[path = "../../tests/unit/tx_ibc.rs"]
mod tests;
