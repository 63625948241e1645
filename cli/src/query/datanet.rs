//! `openledger query datanet ...`: datanets, contributions, versions, standings, access and
//! access revenue.

use clap::{Args, Subcommand, ValueEnum};
use serde::Serialize;

use super::common::{self, HeightOpt, PlainArgs};
use super::resolve_address;
use super::view;
use crate::context::Context;
use crate::dec;
use crate::forms::params::DatanetsParams;
use crate::output::{self, Render};
use crate::proto::datanets::{
    AccessRecord, Contribution, ContributionStatus, CurationReason, Datanet, DatanetStats,
    QueryAccessRequest, QueryAccessResponse, QueryClaimableRequest, QueryClaimableResponse,
    QueryContributionRequest, QueryContributionResponse, QueryContributionsByContributorRequest,
    QueryContributionsByContributorResponse, QueryContributionsByDatanetRequest,
    QueryContributionsByDatanetResponse, QueryDatanetRequest, QueryDatanetResponse,
    QueryDatanetsRequest, QueryDatanetsResponse, QueryParamsRequest, QueryParamsResponse,
    QueryStandingRequest, QueryStandingResponse, QueryVersionRequest, QueryVersionResponse,
    QueryVersionsRequest, QueryVersionsResponse, RevenuePool, Standing, Version, Visibility,
};
use crate::rpc::paths;

#[derive(Debug, Subcommand)]
pub enum DatanetQuery {
    /// One datanet with its counters and allow list
    Show(DatanetArgs),
    /// All datanets, or an owner's, or those with a tag
    List(ListArgs),
    /// One contribution
    Contribution(ContributionArgs),
    /// A datanet's contributions, or those with one status
    Contributions(ContributionsArgs),
    /// An address's contributions, in every datanet
    ContributionsBy(ContributorArgs),
    /// A datanet's published versions
    Versions(DatanetArgs),
    /// One version (0: the latest) with its access revenue
    Version(VersionArgs),
    /// A contributor's standing in a datanet: approvals, rejections, penalty score
    Standing(StandingArgs),
    /// Whether an address may use a version, and its purchase if it bought access
    Access(AddressVersionArgs),
    /// A contributor's approved bytes in a version and its claimable access revenue
    Claimable(AddressVersionArgs),
    /// Datanets parameters (the `params` object is the form a proposal file uses)
    Params(PlainArgs),
}

#[derive(Debug, Args)]
pub struct DatanetArgs {
    /// Datanet id
    #[arg(value_parser = clap::value_parser!(u64).range(1..))]
    pub datanet_id: u64,
    #[command(flatten)]
    pub height: HeightOpt,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only datanets owned by this address (or key)
    #[arg(long)]
    pub owner: Option<String>,
    /// Only datanets with this tag
    #[arg(long)]
    pub tag: Option<String>,
    #[command(flatten)]
    pub height: HeightOpt,
}

#[derive(Debug, Args)]
pub struct ContributionArgs {
    /// Contribution id
    #[arg(value_parser = clap::value_parser!(u64).range(1..))]
    pub contribution_id: u64,
    #[command(flatten)]
    pub height: HeightOpt,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusFilter {
    /// Waiting for curation
    Pending,
    Approved,
    Rejected,
}

#[derive(Debug, Args)]
pub struct ContributionsArgs {
    /// Datanet id
    #[arg(value_parser = clap::value_parser!(u64).range(1..))]
    pub datanet_id: u64,
    /// Only contributions with this status
    #[arg(long, value_enum)]
    pub status: Option<StatusFilter>,
    #[command(flatten)]
    pub height: HeightOpt,
}

#[derive(Debug, Args)]
pub struct ContributorArgs {
    /// Contributor address (open1...) or key name
    pub address: String,
    #[command(flatten)]
    pub height: HeightOpt,
}

#[derive(Debug, Args)]
pub struct VersionArgs {
    /// Datanet id
    #[arg(value_parser = clap::value_parser!(u64).range(1..))]
    pub datanet_id: u64,
    /// Version number (0: the latest)
    #[arg(value_name = "VERSION")]
    pub number: u64,
    #[command(flatten)]
    pub height: HeightOpt,
}

#[derive(Debug, Args)]
pub struct StandingArgs {
    /// Datanet id
    #[arg(value_parser = clap::value_parser!(u64).range(1..))]
    pub datanet_id: u64,
    /// Contributor address (open1...) or key name
    pub address: String,
    #[command(flatten)]
    pub height: HeightOpt,
}

#[derive(Debug, Args)]
pub struct AddressVersionArgs {
    /// Datanet id
    #[arg(value_parser = clap::value_parser!(u64).range(1..))]
    pub datanet_id: u64,
    /// Version number
    #[arg(value_name = "VERSION", value_parser = clap::value_parser!(u64).range(1..))]
    pub number: u64,
    /// Address (open1...) or key name
    pub address: String,
    #[command(flatten)]
    pub height: HeightOpt,
}

/// An amount the chain sent as an integer string (empty is 0).
fn amount(s: &str) -> String {
    if s.trim().is_empty() {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

pub fn visibility_name(v: i32) -> String {
    match Visibility::try_from(v) {
        Ok(Visibility::Public) => "VISIBILITY_PUBLIC".to_owned(),
        Ok(Visibility::Permissioned) => "VISIBILITY_PERMISSIONED".to_owned(),
        Ok(Visibility::Unspecified) => "VISIBILITY_UNSPECIFIED".to_owned(),
        Err(_) => format!("UNKNOWN ({v})"),
    }
}

pub fn status_name(s: i32) -> String {
    match ContributionStatus::try_from(s) {
        Ok(ContributionStatus::Pending) => "CONTRIBUTION_STATUS_PENDING".to_owned(),
        Ok(ContributionStatus::Approved) => "CONTRIBUTION_STATUS_APPROVED".to_owned(),
        Ok(ContributionStatus::Rejected) => "CONTRIBUTION_STATUS_REJECTED".to_owned(),
        Ok(ContributionStatus::Unspecified) => "CONTRIBUTION_STATUS_UNSPECIFIED".to_owned(),
        Err(_) => format!("UNKNOWN ({s})"),
    }
}

pub fn reason_name(r: i32) -> String {
    match CurationReason::try_from(r) {
        Ok(CurationReason::None) => "CURATION_REASON_NONE".to_owned(),
        Ok(CurationReason::LowQuality) => "CURATION_REASON_LOW_QUALITY".to_owned(),
        Ok(CurationReason::Duplicate) => "CURATION_REASON_DUPLICATE".to_owned(),
        Ok(CurationReason::Adversarial) => "CURATION_REASON_ADVERSARIAL".to_owned(),
        Ok(CurationReason::Spam) => "CURATION_REASON_SPAM".to_owned(),
        Err(_) => format!("UNKNOWN ({r})"),
    }
}

#[derive(Debug, Serialize)]
struct DatanetView {
    id: u64,
    owner: String,
    name: String,
    summary: String,
    description: String,
    tags: Vec<String>,
    licence: String,
    visibility: String,
    curators: Vec<String>,
    contribution_bond: String,
    fee_per_byte: String,
    access_price: String,
    created_height: u64,
    created_time: Option<String>,
}

fn datanet_view(d: &Datanet) -> DatanetView {
    DatanetView {
        id: d.id,
        owner: d.owner.clone(),
        name: d.name.clone(),
        summary: d.summary.clone(),
        description: d.description.clone(),
        tags: d.tags.clone(),
        licence: d.licence.clone(),
        visibility: visibility_name(d.visibility),
        curators: d.curators.clone(),
        contribution_bond: amount(&d.contribution_bond),
        fee_per_byte: amount(&d.fee_per_byte),
        access_price: amount(&d.access_price),
        created_height: d.created_height,
        created_time: view::time(d.created_time.as_ref()),
    }
}

#[derive(Debug, Serialize)]
struct StatsView {
    contributions: u64,
    pending: u64,
    approved: u64,
    rejected: u64,
    approved_bytes: String,
    latest_version: u64,
}

fn stats_view(s: &DatanetStats) -> StatsView {
    StatsView {
        contributions: s.contributions,
        pending: s.pending,
        approved: s.approved,
        rejected: s.rejected,
        approved_bytes: amount(&s.approved_bytes),
        latest_version: s.latest_version,
    }
}

#[derive(Debug, Serialize)]
struct DatanetOut {
    datanet: DatanetView,
    stats: StatsView,
    allow_list: Vec<String>,
}

#[derive(Debug, Serialize)]
struct DatanetsOut {
    datanets: Vec<DatanetView>,
}

impl Render for DatanetsOut {
    fn text(&self) -> String {
        common::table(
            &self.datanets,
            "no datanets",
            Some("ID  NAME  OWNER  VISIBILITY  TAGS"),
            |d| {
                format!(
                    "{}  {}  {}  {}  {}",
                    d.id,
                    d.name,
                    d.owner,
                    d.visibility.trim_start_matches("VISIBILITY_"),
                    if d.tags.is_empty() {
                        "-".to_owned()
                    } else {
                        d.tags.join(",")
                    }
                )
            },
        )
    }
}

#[derive(Debug, Serialize)]
struct ContributionView {
    id: u64,
    datanet_id: u64,
    contributor: String,
    /// Lower-case hex of the sha256.
    content_hash: String,
    size_bytes: u64,
    content_uri: String,
    licence: String,
    metadata: String,
    bond: String,
    fee: String,
    status: String,
    approval_seq: u64,
    height: u64,
    time: Option<String>,
    curator: String,
    reason: String,
    note: String,
    curated_height: u64,
    curated_time: Option<String>,
    bond_burned: String,
}

fn contribution_view(c: &Contribution) -> ContributionView {
    ContributionView {
        id: c.id,
        datanet_id: c.datanet_id,
        contributor: c.contributor.clone(),
        content_hash: hex::encode(&c.content_hash),
        size_bytes: c.size_bytes,
        content_uri: c.content_uri.clone(),
        licence: c.licence.clone(),
        metadata: c.metadata.clone(),
        bond: amount(&c.bond),
        fee: amount(&c.fee),
        status: status_name(c.status),
        approval_seq: c.approval_seq,
        height: c.height,
        time: view::time(c.time.as_ref()),
        curator: c.curator.clone(),
        reason: reason_name(c.reason),
        note: c.note.clone(),
        curated_height: c.curated_height,
        curated_time: view::time(c.curated_time.as_ref()),
        bond_burned: amount(&c.bond_burned),
    }
}

#[derive(Debug, Serialize)]
struct ContributionOut {
    contribution: ContributionView,
}

#[derive(Debug, Serialize)]
struct ContributionsOut {
    contributions: Vec<ContributionView>,
}

impl Render for ContributionsOut {
    fn text(&self) -> String {
        common::table(
            &self.contributions,
            "no contributions",
            Some("ID  DATANET  CONTRIBUTOR  STATUS  BYTES  SHA256"),
            |c| {
                format!(
                    "{}  {}  {}  {}  {}  {}",
                    c.id,
                    c.datanet_id,
                    c.contributor,
                    c.status.trim_start_matches("CONTRIBUTION_STATUS_"),
                    c.size_bytes,
                    c.content_hash
                )
            },
        )
    }
}

#[derive(Debug, Serialize)]
struct VersionView {
    datanet_id: u64,
    number: u64,
    /// Lower-case hex of the Merkle root.
    root: String,
    contribution_count: u64,
    total_bytes: String,
    max_contribution_id: u64,
    height: u64,
    time: Option<String>,
    publisher: String,
    note: String,
}

fn version_view(v: &Version) -> VersionView {
    VersionView {
        datanet_id: v.datanet_id,
        number: v.number,
        root: hex::encode(&v.root),
        contribution_count: v.contribution_count,
        total_bytes: amount(&v.total_bytes),
        max_contribution_id: v.max_contribution_id,
        height: v.height,
        time: view::time(v.time.as_ref()),
        publisher: v.publisher.clone(),
        note: v.note.clone(),
    }
}

#[derive(Debug, Serialize)]
struct VersionsOut {
    versions: Vec<VersionView>,
}

impl Render for VersionsOut {
    fn text(&self) -> String {
        common::table(
            &self.versions,
            "no versions",
            Some("VERSION  CONTRIBUTIONS  BYTES  HEIGHT  ROOT"),
            |v| {
                format!(
                    "{}  {}  {}  {}  {}",
                    v.number, v.contribution_count, v.total_bytes, v.height, v.root
                )
            },
        )
    }
}

#[derive(Debug, Serialize)]
struct RevenueView {
    datanet_id: u64,
    version: u64,
    paid: String,
    /// aopen per byte, a decimal.
    revenue_per_byte: String,
    claimed: String,
    dust: String,
}

fn revenue_view(r: &RevenuePool) -> RevenueView {
    RevenueView {
        datanet_id: r.datanet_id,
        version: r.version,
        paid: amount(&r.paid),
        revenue_per_byte: dec::display_legacy(&r.revenue_per_byte),
        claimed: amount(&r.claimed),
        dust: amount(&r.dust),
    }
}

#[derive(Debug, Serialize)]
struct VersionOut {
    version: VersionView,
    /// None before the first access purchase.
    revenue: Option<RevenueView>,
}

#[derive(Debug, Serialize)]
struct StandingView {
    datanet_id: u64,
    contributor: String,
    approved: u64,
    rejected: u64,
    approved_bytes: String,
    penalty_score: u64,
    /// A decimal: 1, or the penalty multiplier once the penalty score reaches the threshold.
    reward_multiplier: String,
}

fn standing_view(s: &Standing) -> StandingView {
    StandingView {
        datanet_id: s.datanet_id,
        contributor: s.contributor.clone(),
        approved: s.approved,
        rejected: s.rejected,
        approved_bytes: amount(&s.approved_bytes),
        penalty_score: s.penalty_score,
        reward_multiplier: dec::display_legacy(&s.reward_multiplier),
    }
}

#[derive(Debug, Serialize)]
struct StandingOut {
    standing: StandingView,
}

#[derive(Debug, Serialize)]
struct AccessRecordView {
    buyer: String,
    datanet_id: u64,
    version: u64,
    price: String,
    height: u64,
    time: Option<String>,
}

fn access_view(r: &AccessRecord) -> AccessRecordView {
    AccessRecordView {
        buyer: r.buyer.clone(),
        datanet_id: r.datanet_id,
        version: r.version,
        price: amount(&r.price),
        height: r.height,
        time: view::time(r.time.as_ref()),
    }
}

#[derive(Debug, Serialize)]
struct AccessOut {
    address: String,
    has_access: bool,
    record: Option<AccessRecordView>,
}

#[derive(Debug, Serialize)]
struct ClaimableOut {
    address: String,
    bytes: String,
    claimable: String,
    claimed: String,
}

pub async fn run(ctx: &Context, query: DatanetQuery) -> anyhow::Result<()> {
    let rpc = ctx.rpc()?;
    match query {
        DatanetQuery::Show(args) => {
            let response: QueryDatanetResponse = rpc
                .query(
                    paths::datanets::DATANET,
                    &QueryDatanetRequest {
                        datanet_id: args.datanet_id,
                    },
                    args.height.height,
                )
                .await?;
            let datanet = response
                .datanet
                .ok_or_else(|| anyhow::anyhow!("datanet {} not found", args.datanet_id))?;
            common::emit_doc(
                ctx,
                DatanetOut {
                    datanet: datanet_view(&datanet),
                    stats: stats_view(&response.stats.unwrap_or_default()),
                    allow_list: response.allow_list,
                },
            )
        }
        DatanetQuery::List(args) => {
            let owner = match &args.owner {
                Some(o) => resolve_address(ctx, o)?.to_string(),
                None => String::new(),
            };
            let tag = args.tag.clone().unwrap_or_default();
            let datanets = common::all_pages(
                &rpc,
                paths::datanets::DATANETS,
                args.height.height,
                |pagination| QueryDatanetsRequest {
                    owner: owner.clone(),
                    tag: tag.clone(),
                    pagination,
                },
                |r: QueryDatanetsResponse| (r.datanets, r.pagination),
            )
            .await?;
            output::emit(
                ctx.output,
                &DatanetsOut {
                    datanets: datanets.iter().map(datanet_view).collect(),
                },
            )
        }
        DatanetQuery::Contribution(args) => {
            let response: QueryContributionResponse = rpc
                .query(
                    paths::datanets::CONTRIBUTION,
                    &QueryContributionRequest {
                        contribution_id: args.contribution_id,
                    },
                    args.height.height,
                )
                .await?;
            let contribution = response.contribution.ok_or_else(|| {
                anyhow::anyhow!("contribution {} not found", args.contribution_id)
            })?;
            common::emit_doc(
                ctx,
                ContributionOut {
                    contribution: contribution_view(&contribution),
                },
            )
        }
        DatanetQuery::Contributions(args) => {
            let status = match args.status {
                None => ContributionStatus::Unspecified,
                Some(StatusFilter::Pending) => ContributionStatus::Pending,
                Some(StatusFilter::Approved) => ContributionStatus::Approved,
                Some(StatusFilter::Rejected) => ContributionStatus::Rejected,
            };
            let contributions = common::all_pages(
                &rpc,
                paths::datanets::CONTRIBUTIONS_BY_DATANET,
                args.height.height,
                |pagination| QueryContributionsByDatanetRequest {
                    datanet_id: args.datanet_id,
                    status: status as i32,
                    pagination,
                },
                |r: QueryContributionsByDatanetResponse| (r.contributions, r.pagination),
            )
            .await?;
            output::emit(
                ctx.output,
                &ContributionsOut {
                    contributions: contributions.iter().map(contribution_view).collect(),
                },
            )
        }
        DatanetQuery::ContributionsBy(args) => {
            let contributor = resolve_address(ctx, &args.address)?.to_string();
            let contributions = common::all_pages(
                &rpc,
                paths::datanets::CONTRIBUTIONS_BY_CONTRIBUTOR,
                args.height.height,
                |pagination| QueryContributionsByContributorRequest {
                    contributor: contributor.clone(),
                    pagination,
                },
                |r: QueryContributionsByContributorResponse| (r.contributions, r.pagination),
            )
            .await?;
            output::emit(
                ctx.output,
                &ContributionsOut {
                    contributions: contributions.iter().map(contribution_view).collect(),
                },
            )
        }
        DatanetQuery::Versions(args) => {
            let versions = common::all_pages(
                &rpc,
                paths::datanets::VERSIONS,
                args.height.height,
                |pagination| QueryVersionsRequest {
                    datanet_id: args.datanet_id,
                    pagination,
                },
                |r: QueryVersionsResponse| (r.versions, r.pagination),
            )
            .await?;
            output::emit(
                ctx.output,
                &VersionsOut {
                    versions: versions.iter().map(version_view).collect(),
                },
            )
        }
        DatanetQuery::Version(args) => {
            let response: QueryVersionResponse = rpc
                .query(
                    paths::datanets::VERSION,
                    &QueryVersionRequest {
                        datanet_id: args.datanet_id,
                        version: args.number,
                    },
                    args.height.height,
                )
                .await?;
            let version = response.version.ok_or_else(|| {
                anyhow::anyhow!(
                    "version {} of datanet {} not found",
                    args.number,
                    args.datanet_id
                )
            })?;
            common::emit_doc(
                ctx,
                VersionOut {
                    version: version_view(&version),
                    revenue: response.revenue.as_ref().map(revenue_view),
                },
            )
        }
        DatanetQuery::Standing(args) => {
            let contributor = resolve_address(ctx, &args.address)?.to_string();
            let response: QueryStandingResponse = rpc
                .query(
                    paths::datanets::STANDING,
                    &QueryStandingRequest {
                        datanet_id: args.datanet_id,
                        contributor: contributor.clone(),
                    },
                    args.height.height,
                )
                .await?;
            let standing = response.standing.unwrap_or_else(|| Standing {
                datanet_id: args.datanet_id,
                contributor,
                ..Default::default()
            });
            common::emit_doc(
                ctx,
                StandingOut {
                    standing: standing_view(&standing),
                },
            )
        }
        DatanetQuery::Access(args) => {
            let address = resolve_address(ctx, &args.address)?.to_string();
            let response: QueryAccessResponse = rpc
                .query(
                    paths::datanets::ACCESS,
                    &QueryAccessRequest {
                        datanet_id: args.datanet_id,
                        version: args.number,
                        buyer: address.clone(),
                    },
                    args.height.height,
                )
                .await?;
            common::emit_doc(
                ctx,
                AccessOut {
                    address,
                    has_access: response.has_access,
                    record: response.record.as_ref().map(access_view),
                },
            )
        }
        DatanetQuery::Claimable(args) => {
            let address = resolve_address(ctx, &args.address)?.to_string();
            let response: QueryClaimableResponse = rpc
                .query(
                    paths::datanets::CLAIMABLE,
                    &QueryClaimableRequest {
                        datanet_id: args.datanet_id,
                        version: args.number,
                        contributor: address.clone(),
                    },
                    args.height.height,
                )
                .await?;
            common::emit_doc(
                ctx,
                ClaimableOut {
                    address,
                    bytes: amount(&response.bytes),
                    claimable: amount(&response.claimable),
                    claimed: amount(&response.claimed),
                },
            )
        }
        DatanetQuery::Params(args) => {
            let response: QueryParamsResponse = rpc
                .query(
                    paths::datanets::PARAMS,
                    &QueryParamsRequest {},
                    args.height.height,
                )
                .await?;
            common::emit_params(ctx, "datanets", response.params, DatanetsParams::from_proto)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enum_names() {
        assert_eq!(visibility_name(2), "VISIBILITY_PERMISSIONED");
        assert_eq!(status_name(3), "CONTRIBUTION_STATUS_REJECTED");
        assert_eq!(reason_name(4), "CURATION_REASON_SPAM");
        assert_eq!(reason_name(9), "UNKNOWN (9)");
    }
}
