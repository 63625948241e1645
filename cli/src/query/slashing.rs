//! `openledger query slashing ...`: validator signing info (liveness, jail) and params.

use clap::{Args, Subcommand};
use cosmos_sdk_proto::cosmos::slashing::v1beta1::{
    QueryParamsRequest, QueryParamsResponse, QuerySigningInfoRequest, QuerySigningInfoResponse,
    QuerySigningInfosRequest, QuerySigningInfosResponse, ValidatorSigningInfo,
};
use cosmrs::AccountId;
use serde::Serialize;

use super::common::{self, HeightOpt, PlainArgs};
use super::view;
use crate::address;
use crate::chain::VALCONS_PREFIX;
use crate::context::Context;
use crate::forms::params::SlashingParams;
use crate::output::{self, Render};
use crate::rpc::paths;
use crate::tx::staking::parse_consensus_key;

#[derive(Debug, Subcommand)]
pub enum SlashingQuery {
    /// Signing info of one validator: missed blocks, jail time, tombstone
    SigningInfo(SigningInfoArgs),
    /// Signing info of every validator
    SigningInfos(PlainArgs),
    /// Slashing parameters (the `params` object is the form a proposal file uses)
    Params(PlainArgs),
}

#[derive(Debug, Args)]
pub struct SigningInfoArgs {
    /// Consensus address (openvalcons1...), or the validator's ed25519 consensus public key
    /// (base64, its JSON, or a priv_validator_key.json path)
    #[arg(value_parser = parse_consensus)]
    pub consensus: AccountId,
    #[command(flatten)]
    pub height: HeightOpt,
}

/// An `openvalcons1...` address, or the consensus address of a public key.
fn parse_consensus(input: &str) -> Result<AccountId, String> {
    if input
        .trim()
        .to_ascii_lowercase()
        .starts_with(&format!("{VALCONS_PREFIX}1"))
    {
        return address::parse_consensus(input).map_err(|e| e.to_string());
    }
    let key = parse_consensus_key(input)
        .map_err(|e| format!("{e}; or give the consensus address ({VALCONS_PREFIX}1...)"))?;
    address::consensus_address(&key.0).map_err(|e| e.to_string())
}

#[derive(Debug, Serialize)]
struct SigningInfoView {
    address: String,
    start_height: i64,
    index_offset: i64,
    jailed_until: Option<String>,
    tombstoned: bool,
    missed_blocks_counter: i64,
}

fn signing_info_view(info: &ValidatorSigningInfo) -> SigningInfoView {
    SigningInfoView {
        address: info.address.clone(),
        start_height: info.start_height,
        index_offset: info.index_offset,
        jailed_until: view::time(info.jailed_until.as_ref()),
        tombstoned: info.tombstoned,
        missed_blocks_counter: info.missed_blocks_counter,
    }
}

#[derive(Debug, Serialize)]
struct SigningInfoOut {
    val_signing_info: SigningInfoView,
}

#[derive(Debug, Serialize)]
struct SigningInfosOut {
    info: Vec<SigningInfoView>,
}

impl Render for SigningInfosOut {
    fn text(&self) -> String {
        common::table(
            &self.info,
            "no signing infos",
            Some("ADDRESS  MISSED  JAILED_UNTIL  TOMBSTONED"),
            |i| {
                format!(
                    "{}  {}  {}  {}",
                    i.address,
                    i.missed_blocks_counter,
                    i.jailed_until.as_deref().unwrap_or("-"),
                    i.tombstoned
                )
            },
        )
    }
}

pub async fn run(ctx: &Context, query: SlashingQuery) -> anyhow::Result<()> {
    let rpc = ctx.rpc()?;
    match query {
        SlashingQuery::SigningInfo(args) => {
            let response: QuerySigningInfoResponse = rpc
                .query(
                    paths::slashing::SIGNING_INFO,
                    &QuerySigningInfoRequest {
                        cons_address: args.consensus.to_string(),
                    },
                    args.height.height,
                )
                .await?;
            let info = response
                .val_signing_info
                .ok_or_else(|| anyhow::anyhow!("no signing info for {}", args.consensus))?;
            common::emit_doc(
                ctx,
                SigningInfoOut {
                    val_signing_info: signing_info_view(&info),
                },
            )
        }
        SlashingQuery::SigningInfos(args) => {
            let infos = common::all_pages(
                &rpc,
                paths::slashing::SIGNING_INFOS,
                args.height.height,
                |pagination| QuerySigningInfosRequest { pagination },
                |r: QuerySigningInfosResponse| (r.info, r.pagination),
            )
            .await?;
            output::emit(
                ctx.output,
                &SigningInfosOut {
                    info: infos.iter().map(signing_info_view).collect(),
                },
            )
        }
        SlashingQuery::Params(args) => {
            let response: QueryParamsResponse = rpc
                .query(
                    paths::slashing::PARAMS,
                    &QueryParamsRequest {},
                    args.height.height,
                )
                .await?;
            common::emit_params(ctx, "slashing", response.params, SlashingParams::from_proto)
        }
    }
}
