//! `openledger query attribution ...`: operators, inference balances and grants, receipts,
//! earnings, the model → datanet / contributor influence graph and the module totals.

use std::str::FromStr;

use clap::{ArgGroup, Args, Subcommand};
use cosmos_sdk_proto::cosmos::base::query::v1beta1::PageRequest;
use serde::Serialize;

use super::common::{self, HeightOpt, PlainArgs};
use super::resolve_address;
use super::view;
use crate::chain::BASE_DENOM;
use crate::context::Context;
use crate::forms::params::AttributionParams;
use crate::output::{self, Render};
use crate::proto::attribution::{
    ContributorInfluence, DatanetInfluence, Grant, Operator, OperatorStatus, QueryAccountRequest,
    QueryAccountResponse, QueryEarningsRequest, QueryEarningsResponse, QueryGrantsRequest,
    QueryGrantsResponse, QueryModelInfluenceRequest, QueryModelInfluenceResponse,
    QueryOperatorRequest, QueryOperatorResponse, QueryOperatorsRequest, QueryOperatorsResponse,
    QueryParamsRequest, QueryParamsResponse, QueryReceiptRequest, QueryReceiptResponse,
    QueryReceiptsByModelRequest, QueryReceiptsByModelResponse, QueryReceiptsByOperatorRequest,
    QueryReceiptsByOperatorResponse, QueryReceiptsByUserRequest, QueryReceiptsByUserResponse,
    QueryTopContributorsRequest, QueryTopContributorsResponse, QueryTopDatanetsRequest,
    QueryTopDatanetsResponse, QueryTotalsRequest, QueryTotalsResponse, Receipt,
};
use crate::rpc::{paths, Rpc};

/// Most rows one page of receipts may hold (the chain's cap).
const MAX_PAGE: u64 = 1000;

#[derive(Debug, Subcommand)]
pub enum AttributionQuery {
    /// Attribution parameters (the `params` object is the form a proposal file uses)
    Params(PlainArgs),
    /// One operator: status, bond, endpoint, models, counters
    ///
    /// Example: openledger query attribution operator open1op...
    Operator(AddressArgs),
    /// Every registered operator (active, unbonding and unbonded)
    Operators(PlainArgs),
    /// A user's inference balance (what recorded inferences are paid from)
    ///
    /// Example: openledger query attribution account alice
    Account(AddressArgs),
    /// A user's grants: which operator may charge how much more, for which model
    Grants(AddressArgs),
    /// One inference receipt with its fee split and attribution
    ///
    /// Example: openledger query attribution receipt 42
    Receipt(ReceiptArgs),
    /// Receipts of a model, a user or an operator, one page at a time (or --all)
    ///
    /// Example: openledger query attribution receipts --model 2 --limit 20
    Receipts(ReceiptsArgs),
    /// What an address earned as model creator and data contributor, claimed and claimable,
    /// by datanet and by model
    ///
    /// Example: openledger query attribution earnings bob
    Earnings(AddressArgs),
    /// A model's influence graph: every datanet its inferences were attributed to, with the
    /// summed weights (ppm), earnings and inference count
    ///
    /// Example: openledger query attribution influence 2
    Influence(ModelArgs),
    /// A model's contributors with the highest earnings
    ///
    /// Example: openledger query attribution top-contributors 2 --limit 5
    TopContributors(TopArgs),
    /// A model's datanets with the highest influence
    ///
    /// Example: openledger query attribution top-datanets 2
    TopDatanets(TopArgs),
    /// Cumulative fees and their split since genesis, and what waits for the end of the block
    Totals(PlainArgs),
}

#[derive(Debug, Args)]
pub struct AddressArgs {
    /// Address (open1...) or key name
    pub address: String,
    #[command(flatten)]
    pub height: HeightOpt,
}

#[derive(Debug, Args)]
pub struct ReceiptArgs {
    /// Receipt id
    #[arg(value_parser = clap::value_parser!(u64).range(1..))]
    pub id: u64,
    #[command(flatten)]
    pub height: HeightOpt,
}

#[derive(Debug, Args)]
pub struct ModelArgs {
    /// Model id
    #[arg(value_parser = clap::value_parser!(u64).range(1..))]
    pub model_id: u64,
    #[command(flatten)]
    pub height: HeightOpt,
}

#[derive(Debug, Args)]
pub struct TopArgs {
    /// Model id
    #[arg(value_parser = clap::value_parser!(u64).range(1..))]
    pub model_id: u64,
    /// How many (1 to 100)
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=100))]
    pub limit: u32,
    #[command(flatten)]
    pub height: HeightOpt,
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("filter").required(true).args(["model", "user", "operator"])))]
pub struct ReceiptsArgs {
    /// Receipts of this model
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub model: Option<u64>,
    /// Receipts paid by this user (open1... or key name)
    #[arg(long, value_name = "ADDRESS")]
    pub user: Option<String>,
    /// Receipts recorded by this operator (open1... or key name)
    #[arg(long, value_name = "ADDRESS")]
    pub operator: Option<String>,
    #[command(flatten)]
    pub page: PageOpts,
    #[command(flatten)]
    pub height: HeightOpt,
}

/// One page of a long list, or all of it.
#[derive(Debug, Clone, Args)]
pub struct PageOpts {
    /// Most rows to return (1 to 1000)
    #[arg(long, value_name = "N", default_value_t = 100,
          value_parser = clap::value_parser!(u64).range(1..=MAX_PAGE))]
    pub limit: u64,
    /// Start where a previous page ended: its next_key (hex)
    #[arg(long, value_name = "HEX")]
    pub page_key: Option<PageKey>,
    /// Follow every page to the end (no --limit or --page-key)
    #[arg(long, conflicts_with_all = ["limit", "page_key"])]
    pub all: bool,
}

/// A page key as printed in `next_key`: hex (`0x` optional).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageKey(pub Vec<u8>);

impl FromStr for PageKey {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let text = s.trim();
        let text = text
            .strip_prefix("0x")
            .or_else(|| text.strip_prefix("0X"))
            .unwrap_or(text);
        match hex::decode(text) {
            Ok(bytes) if !bytes.is_empty() => Ok(Self(bytes)),
            _ => Err(format!(
                "invalid page key {s:?}: expected the hex next_key of a previous page"
            )),
        }
    }
}

impl PageOpts {
    fn request(&self) -> PageRequest {
        PageRequest {
            key: self.page_key.clone().map(|k| k.0).unwrap_or_default(),
            limit: self.limit,
            ..Default::default()
        }
    }
}

/// The name of an operator status: `OPERATOR_STATUS_ACTIVE`.
pub fn status_name(status: i32) -> String {
    OperatorStatus::try_from(status)
        .map(|s| s.as_str_name().to_owned())
        .unwrap_or_else(|_| format!("UNKNOWN ({status})"))
}

/// An integer string of aopen (empty is 0).
fn amount(s: &str) -> String {
    if s.trim().is_empty() {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

/// An integer string of aopen in both units, for tables.
fn amount_text(s: &str) -> String {
    view::amount_text(&amount(s), BASE_DENOM)
}

/// Seconds since the Unix epoch as RFC 3339; `None` for 0.
fn unix_time(secs: u64) -> Option<String> {
    if secs == 0 {
        return None;
    }
    view::time(Some(&cosmos_sdk_proto::Timestamp {
        seconds: i64::try_from(secs).unwrap_or(i64::MAX),
        nanos: 0,
    }))
}

#[derive(Debug, Serialize)]
struct OperatorView {
    address: String,
    endpoint: String,
    models: Vec<u64>,
    bond: String,
    status: String,
    unbonding_completion: Option<String>,
    registered_height: u64,
    inferences: u64,
    fees_charged: String,
    slash_count: u64,
    slashed_total: String,
}

fn operator_view(o: &Operator) -> OperatorView {
    OperatorView {
        address: o.address.clone(),
        endpoint: o.endpoint.clone(),
        models: o.models.clone(),
        bond: amount(&o.bond),
        status: status_name(o.status),
        unbonding_completion: unix_time(o.unbonding_completion),
        registered_height: o.registered_height,
        inferences: o.inferences,
        fees_charged: amount(&o.fees_charged),
        slash_count: o.slash_count,
        slashed_total: amount(&o.slashed_total),
    }
}

#[derive(Debug, Serialize)]
struct OperatorOut {
    operator: OperatorView,
}

#[derive(Debug, Serialize)]
struct OperatorsOut {
    operators: Vec<OperatorView>,
}

impl Render for OperatorsOut {
    fn text(&self) -> String {
        common::table(
            &self.operators,
            "no operators",
            Some("ADDRESS  STATUS  BOND  MODELS  INFERENCES  ENDPOINT"),
            |o| {
                format!(
                    "{}  {}  {}  {}  {}  {}",
                    o.address,
                    o.status.trim_start_matches("OPERATOR_STATUS_"),
                    amount_text(&o.bond),
                    models_text(&o.models),
                    o.inferences,
                    o.endpoint
                )
            },
        )
    }
}

fn models_text(models: &[u64]) -> String {
    models
        .iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

#[derive(Debug, Serialize)]
struct AccountOut {
    user: String,
    balance: String,
}

#[derive(Debug, Serialize)]
struct GrantView {
    user: String,
    operator: String,
    model_id: u64,
    remaining: String,
}

fn grant_view(g: &Grant) -> GrantView {
    GrantView {
        user: g.user.clone(),
        operator: g.operator.clone(),
        model_id: g.model_id,
        remaining: amount(&g.remaining),
    }
}

#[derive(Debug, Serialize)]
struct GrantsOut {
    grants: Vec<GrantView>,
}

impl Render for GrantsOut {
    fn text(&self) -> String {
        common::table(
            &self.grants,
            "no grants",
            Some("OPERATOR  MODEL  REMAINING"),
            |g| {
                let model = if g.model_id == 0 {
                    "any".to_owned()
                } else {
                    g.model_id.to_string()
                };
                format!("{}  {model}  {}", g.operator, amount_text(&g.remaining))
            },
        )
    }
}

#[derive(Debug, Serialize)]
struct EntryView {
    contribution_id: u64,
    datanet_id: u64,
    contributor: String,
    weight_ppm: u32,
    amount: String,
    withheld: String,
}

#[derive(Debug, Serialize)]
struct ShareView {
    datanet_id: u64,
    weight_ppm: u32,
    amount: String,
}

#[derive(Debug, Serialize)]
struct ReceiptView {
    id: u64,
    model_id: u64,
    model_version: u64,
    operator: String,
    user: String,
    input_tokens: u64,
    output_tokens: u64,
    output_hash: String,
    prompt_hash: String,
    request_id: String,
    height: u64,
    time: Option<String>,
    fee: String,
    platform_fee: String,
    creator_amount: String,
    stakers_amount: String,
    data_pool: String,
    credited: String,
    withheld: String,
    dust: String,
    creator: String,
    entries: Vec<EntryView>,
    datanets: Vec<ShareView>,
}

fn receipt_view(r: &Receipt) -> ReceiptView {
    ReceiptView {
        id: r.id,
        model_id: r.model_id,
        model_version: r.model_version,
        operator: r.operator.clone(),
        user: r.user.clone(),
        input_tokens: r.input_tokens,
        output_tokens: r.output_tokens,
        output_hash: hex::encode(&r.output_hash),
        prompt_hash: hex::encode(&r.prompt_hash),
        request_id: r.request_id.clone(),
        height: r.height,
        time: view::time(r.time.as_ref()),
        fee: amount(&r.fee),
        platform_fee: amount(&r.platform_fee),
        creator_amount: amount(&r.creator_amount),
        stakers_amount: amount(&r.stakers_amount),
        data_pool: amount(&r.data_pool),
        credited: amount(&r.credited),
        withheld: amount(&r.withheld),
        dust: amount(&r.dust),
        creator: r.creator.clone(),
        entries: r
            .entries
            .iter()
            .map(|e| EntryView {
                contribution_id: e.contribution_id,
                datanet_id: e.datanet_id,
                contributor: e.contributor.clone(),
                weight_ppm: e.weight_ppm,
                amount: amount(&e.amount),
                withheld: amount(&e.withheld),
            })
            .collect(),
        datanets: r
            .datanets
            .iter()
            .map(|d| ShareView {
                datanet_id: d.datanet_id,
                weight_ppm: d.weight_ppm,
                amount: amount(&d.amount),
            })
            .collect(),
    }
}

#[derive(Debug, Serialize)]
struct ReceiptOut {
    receipt: ReceiptView,
}

#[derive(Debug, Serialize)]
struct ReceiptsOut {
    receipts: Vec<ReceiptView>,
    /// Hex key of the next page; `None` at the end.
    next_key: Option<String>,
}

impl Render for ReceiptsOut {
    fn text(&self) -> String {
        let mut text = common::table(
            &self.receipts,
            "no receipts",
            Some("ID  MODEL  OPERATOR  USER  TOKENS_IN  TOKENS_OUT  FEE  HEIGHT  REQUEST"),
            |r| {
                format!(
                    "{}  {} v{}  {}  {}  {}  {}  {}  {}  {}",
                    r.id,
                    r.model_id,
                    r.model_version,
                    r.operator,
                    r.user,
                    r.input_tokens,
                    r.output_tokens,
                    amount_text(&r.fee),
                    r.height,
                    r.request_id
                )
            },
        );
        if let Some(key) = &self.next_key {
            text.push_str(&format!("\nmore: --page-key {key}"));
        }
        text
    }
}

#[derive(Debug, Serialize)]
struct DatanetEarningView {
    datanet_id: u64,
    earned: String,
}

#[derive(Debug, Serialize)]
struct ModelEarningView {
    model_id: u64,
    earned: String,
}

#[derive(Debug, Serialize)]
struct EarningsOut {
    address: String,
    claimable: String,
    claimed: String,
    creator_earned: String,
    contributor_earned: String,
    by_datanet: Vec<DatanetEarningView>,
    by_model: Vec<ModelEarningView>,
}

fn earnings_out(address: String, r: &QueryEarningsResponse) -> EarningsOut {
    EarningsOut {
        address,
        claimable: amount(&r.claimable),
        claimed: amount(&r.claimed),
        creator_earned: amount(&r.creator_earned),
        contributor_earned: amount(&r.contributor_earned),
        by_datanet: r
            .by_datanet
            .iter()
            .map(|d| DatanetEarningView {
                datanet_id: d.datanet_id,
                earned: amount(&d.earned),
            })
            .collect(),
        by_model: r
            .by_model
            .iter()
            .map(|m| ModelEarningView {
                model_id: m.model_id,
                earned: amount(&m.earned),
            })
            .collect(),
    }
}

impl Render for EarningsOut {
    fn text(&self) -> String {
        let mut lines = vec![
            format!("address:            {}", self.address),
            format!("claimable:          {}", amount_text(&self.claimable)),
            format!("claimed:            {}", amount_text(&self.claimed)),
            format!("creator earned:     {}", amount_text(&self.creator_earned)),
            format!(
                "contributor earned: {}",
                amount_text(&self.contributor_earned)
            ),
        ];
        if !self.by_datanet.is_empty() {
            lines.push("by datanet:".to_owned());
            lines.extend(
                self.by_datanet
                    .iter()
                    .map(|d| format!("  {}  {}", d.datanet_id, amount_text(&d.earned))),
            );
        }
        if !self.by_model.is_empty() {
            lines.push("by model:".to_owned());
            lines.extend(
                self.by_model
                    .iter()
                    .map(|m| format!("  {}  {}", m.model_id, amount_text(&m.earned))),
            );
        }
        lines.join("\n")
    }
}

#[derive(Debug, Serialize)]
struct DatanetInfluenceView {
    datanet_id: u64,
    influence_ppm: String,
    earned: String,
    inferences: u64,
}

fn datanet_influence_view(d: &DatanetInfluence) -> DatanetInfluenceView {
    DatanetInfluenceView {
        datanet_id: d.datanet_id,
        influence_ppm: amount(&d.influence_ppm),
        earned: amount(&d.earned),
        inferences: d.inferences,
    }
}

#[derive(Debug, Serialize)]
struct ContributorInfluenceView {
    contributor: String,
    influence_ppm: String,
    earned: String,
    entries: u64,
}

fn contributor_influence_view(c: &ContributorInfluence) -> ContributorInfluenceView {
    ContributorInfluenceView {
        contributor: c.contributor.clone(),
        influence_ppm: amount(&c.influence_ppm),
        earned: amount(&c.earned),
        entries: c.entries,
    }
}

/// `influence` (by datanet id) and `top-datanets` (ranked).
#[derive(Debug, Serialize)]
struct DatanetsOut {
    model_id: u64,
    datanets: Vec<DatanetInfluenceView>,
    #[serde(skip)]
    ranked: bool,
}

impl Render for DatanetsOut {
    fn text(&self) -> String {
        let header = if self.ranked {
            "RANK  DATANET  INFLUENCE_PPM  EARNED  INFERENCES"
        } else {
            "DATANET  INFLUENCE_PPM  EARNED  INFERENCES"
        };
        let rows: Vec<(usize, &DatanetInfluenceView)> = self.datanets.iter().enumerate().collect();
        common::table(
            &rows,
            &format!("no inferences attributed for model {}", self.model_id),
            Some(header),
            |(i, d)| {
                let row = format!(
                    "{}  {}  {}  {}",
                    d.datanet_id,
                    d.influence_ppm,
                    amount_text(&d.earned),
                    d.inferences
                );
                if self.ranked {
                    format!("{}  {row}", i.saturating_add(1))
                } else {
                    row
                }
            },
        )
    }
}

#[derive(Debug, Serialize)]
struct ContributorsOut {
    model_id: u64,
    contributors: Vec<ContributorInfluenceView>,
}

impl Render for ContributorsOut {
    fn text(&self) -> String {
        let rows: Vec<(usize, &ContributorInfluenceView)> =
            self.contributors.iter().enumerate().collect();
        common::table(
            &rows,
            &format!("no contributors credited for model {}", self.model_id),
            Some("RANK  CONTRIBUTOR  EARNED  INFLUENCE_PPM  ENTRIES"),
            |(i, c)| {
                format!(
                    "{}  {}  {}  {}  {}",
                    i.saturating_add(1),
                    c.contributor,
                    amount_text(&c.earned),
                    c.influence_ppm,
                    c.entries
                )
            },
        )
    }
}

#[derive(Debug, Serialize)]
struct TotalsView {
    fees_charged: String,
    platform: String,
    creator: String,
    stakers: String,
    contributors_credited: String,
    withheld: String,
    dust: String,
    claimed: String,
    inferences: u64,
}

#[derive(Debug, Serialize)]
struct PendingView {
    stakers: String,
    community: String,
}

#[derive(Debug, Serialize)]
struct TotalsOut {
    totals: TotalsView,
    pending: PendingView,
}

fn totals_out(r: QueryTotalsResponse) -> TotalsOut {
    let t = r.totals.unwrap_or_default();
    let p = r.pending.unwrap_or_default();
    TotalsOut {
        totals: TotalsView {
            fees_charged: amount(&t.fees_charged),
            platform: amount(&t.platform),
            creator: amount(&t.creator),
            stakers: amount(&t.stakers),
            contributors_credited: amount(&t.contributors_credited),
            withheld: amount(&t.withheld),
            dust: amount(&t.dust),
            claimed: amount(&t.claimed),
            inferences: t.inferences,
        },
        pending: PendingView {
            stakers: amount(&p.stakers),
            community: amount(&p.community),
        },
    }
}

impl Render for TotalsOut {
    fn text(&self) -> String {
        let t = &self.totals;
        [
            format!("inferences:            {}", t.inferences),
            format!("fees charged:          {}", amount_text(&t.fees_charged)),
            format!("  platform:            {}", amount_text(&t.platform)),
            format!("  creators:            {}", amount_text(&t.creator)),
            format!("  stakers:             {}", amount_text(&t.stakers)),
            format!(
                "  contributors:        {}",
                amount_text(&t.contributors_credited)
            ),
            format!("  withheld:            {}", amount_text(&t.withheld)),
            format!("  dust:                {}", amount_text(&t.dust)),
            format!("claimed:               {}", amount_text(&t.claimed)),
            format!(
                "pending for stakers:   {}",
                amount_text(&self.pending.stakers)
            ),
            format!(
                "pending for community: {}",
                amount_text(&self.pending.community)
            ),
        ]
        .join("\n")
    }
}

/// Receipts of one page (`page`), or of every page.
async fn receipts<Req, Resp>(
    rpc: &Rpc,
    path: &'static str,
    page: &PageOpts,
    height: Option<u64>,
    request: impl Fn(Option<PageRequest>) -> Req,
    split: impl Fn(
        Resp,
    ) -> (
        Vec<Receipt>,
        Option<cosmos_sdk_proto::cosmos::base::query::v1beta1::PageResponse>,
    ),
) -> anyhow::Result<ReceiptsOut>
where
    Req: prost::Message,
    Resp: prost::Message + Default,
{
    if page.all {
        let all = common::all_pages(rpc, path, height, request, split).await?;
        return Ok(ReceiptsOut {
            receipts: all.iter().map(receipt_view).collect(),
            next_key: None,
        });
    }
    let response: Resp = rpc
        .query(path, &request(Some(page.request())), height)
        .await?;
    let (items, pagination) = split(response);
    Ok(ReceiptsOut {
        receipts: items.iter().map(receipt_view).collect(),
        next_key: pagination
            .map(|p| p.next_key)
            .filter(|k| !k.is_empty())
            .map(hex::encode),
    })
}

pub async fn run(ctx: &Context, query: AttributionQuery) -> anyhow::Result<()> {
    let rpc = ctx.rpc()?;
    match query {
        AttributionQuery::Params(args) => {
            let response: QueryParamsResponse = rpc
                .query(
                    paths::attribution::PARAMS,
                    &QueryParamsRequest {},
                    args.height.height,
                )
                .await?;
            common::emit_params(
                ctx,
                "attribution",
                response.params,
                AttributionParams::from_proto,
            )
        }
        AttributionQuery::Operator(args) => {
            let address = resolve_address(ctx, &args.address)?.to_string();
            let response: QueryOperatorResponse = rpc
                .query(
                    paths::attribution::OPERATOR,
                    &QueryOperatorRequest {
                        address: address.clone(),
                    },
                    args.height.height,
                )
                .await?;
            let operator = response
                .operator
                .ok_or_else(|| anyhow::anyhow!("{address} is not a registered operator"))?;
            common::emit_doc(
                ctx,
                OperatorOut {
                    operator: operator_view(&operator),
                },
            )
        }
        AttributionQuery::Operators(args) => {
            let operators = common::all_pages(
                &rpc,
                paths::attribution::OPERATORS,
                args.height.height,
                |pagination| QueryOperatorsRequest { pagination },
                |r: QueryOperatorsResponse| (r.operators, r.pagination),
            )
            .await?;
            output::emit(
                ctx.output,
                &OperatorsOut {
                    operators: operators.iter().map(operator_view).collect(),
                },
            )
        }
        AttributionQuery::Account(args) => {
            let user = resolve_address(ctx, &args.address)?.to_string();
            let response: QueryAccountResponse = rpc
                .query(
                    paths::attribution::ACCOUNT,
                    &QueryAccountRequest { user: user.clone() },
                    args.height.height,
                )
                .await?;
            common::emit_doc(
                ctx,
                AccountOut {
                    user,
                    balance: amount(&response.balance),
                },
            )
        }
        AttributionQuery::Grants(args) => {
            let user = resolve_address(ctx, &args.address)?.to_string();
            let grants = common::all_pages(
                &rpc,
                paths::attribution::GRANTS,
                args.height.height,
                |pagination| QueryGrantsRequest {
                    user: user.clone(),
                    pagination,
                },
                |r: QueryGrantsResponse| (r.grants, r.pagination),
            )
            .await?;
            output::emit(
                ctx.output,
                &GrantsOut {
                    grants: grants.iter().map(grant_view).collect(),
                },
            )
        }
        AttributionQuery::Receipt(args) => {
            let response: QueryReceiptResponse = rpc
                .query(
                    paths::attribution::RECEIPT,
                    &QueryReceiptRequest { id: args.id },
                    args.height.height,
                )
                .await?;
            let receipt = response
                .receipt
                .ok_or_else(|| anyhow::anyhow!("receipt {} not found", args.id))?;
            common::emit_doc(
                ctx,
                ReceiptOut {
                    receipt: receipt_view(&receipt),
                },
            )
        }
        AttributionQuery::Receipts(args) => {
            let height = args.height.height;
            let out = if let Some(model_id) = args.model {
                receipts(
                    &rpc,
                    paths::attribution::RECEIPTS_BY_MODEL,
                    &args.page,
                    height,
                    |pagination| QueryReceiptsByModelRequest {
                        model_id,
                        pagination,
                    },
                    |r: QueryReceiptsByModelResponse| (r.receipts, r.pagination),
                )
                .await?
            } else if let Some(user) = &args.user {
                let user = resolve_address(ctx, user)?.to_string();
                receipts(
                    &rpc,
                    paths::attribution::RECEIPTS_BY_USER,
                    &args.page,
                    height,
                    |pagination| QueryReceiptsByUserRequest {
                        user: user.clone(),
                        pagination,
                    },
                    |r: QueryReceiptsByUserResponse| (r.receipts, r.pagination),
                )
                .await?
            } else if let Some(operator) = &args.operator {
                let operator = resolve_address(ctx, operator)?.to_string();
                receipts(
                    &rpc,
                    paths::attribution::RECEIPTS_BY_OPERATOR,
                    &args.page,
                    height,
                    |pagination| QueryReceiptsByOperatorRequest {
                        operator: operator.clone(),
                        pagination,
                    },
                    |r: QueryReceiptsByOperatorResponse| (r.receipts, r.pagination),
                )
                .await?
            } else {
                anyhow::bail!("give --model, --user or --operator");
            };
            output::emit(ctx.output, &out)
        }
        AttributionQuery::Earnings(args) => {
            let address = resolve_address(ctx, &args.address)?.to_string();
            let response: QueryEarningsResponse = rpc
                .query(
                    paths::attribution::EARNINGS,
                    &QueryEarningsRequest {
                        address: address.clone(),
                    },
                    args.height.height,
                )
                .await?;
            output::emit(ctx.output, &earnings_out(address, &response))
        }
        AttributionQuery::Influence(args) => {
            let datanets = common::all_pages(
                &rpc,
                paths::attribution::MODEL_INFLUENCE,
                args.height.height,
                |pagination| QueryModelInfluenceRequest {
                    model_id: args.model_id,
                    pagination,
                },
                |r: QueryModelInfluenceResponse| (r.datanets, r.pagination),
            )
            .await?;
            output::emit(
                ctx.output,
                &DatanetsOut {
                    model_id: args.model_id,
                    datanets: datanets.iter().map(datanet_influence_view).collect(),
                    ranked: false,
                },
            )
        }
        AttributionQuery::TopContributors(args) => {
            let response: QueryTopContributorsResponse = rpc
                .query(
                    paths::attribution::TOP_CONTRIBUTORS,
                    &QueryTopContributorsRequest {
                        model_id: args.model_id,
                        limit: args.limit,
                    },
                    args.height.height,
                )
                .await?;
            output::emit(
                ctx.output,
                &ContributorsOut {
                    model_id: args.model_id,
                    contributors: response
                        .contributors
                        .iter()
                        .map(contributor_influence_view)
                        .collect(),
                },
            )
        }
        AttributionQuery::TopDatanets(args) => {
            let response: QueryTopDatanetsResponse = rpc
                .query(
                    paths::attribution::TOP_DATANETS,
                    &QueryTopDatanetsRequest {
                        model_id: args.model_id,
                        limit: args.limit,
                    },
                    args.height.height,
                )
                .await?;
            output::emit(
                ctx.output,
                &DatanetsOut {
                    model_id: args.model_id,
                    datanets: response
                        .datanets
                        .iter()
                        .map(datanet_influence_view)
                        .collect(),
                    ranked: true,
                },
            )
        }
        AttributionQuery::Totals(args) => {
            let response: QueryTotalsResponse = rpc
                .query(
                    paths::attribution::TOTALS,
                    &QueryTotalsRequest {},
                    args.height.height,
                )
                .await?;
            output::emit(ctx.output, &totals_out(response))
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;
    use crate::proto::attribution::{DatanetShare, ReceiptEntry};

    #[derive(Debug, Parser)]
    struct Cmd {
        #[command(subcommand)]
        query: AttributionQuery,
    }

    fn parse(args: &[&str]) -> Result<AttributionQuery, clap::Error> {
        let mut argv = vec!["attribution"];
        argv.extend_from_slice(args);
        Cmd::try_parse_from(argv).map(|c| c.query)
    }

    #[test]
    fn receipts_need_exactly_one_filter() {
        assert!(parse(&["receipts"]).is_err());
        assert!(parse(&["receipts", "--model", "1", "--user", "alice"]).is_err());
        assert!(parse(&["receipts", "--model", "0"]).is_err());
        let AttributionQuery::Receipts(r) = parse(&["receipts", "--operator", "op"]).unwrap()
        else {
            panic!("not receipts")
        };
        assert_eq!(r.operator.as_deref(), Some("op"));
        assert_eq!(r.page.limit, 100);
        assert!(!r.page.all);
    }

    #[test]
    fn page_flags() {
        let AttributionQuery::Receipts(r) = parse(&[
            "receipts",
            "--model",
            "2",
            "--limit",
            "20",
            "--page-key",
            "0x00000000000000ff",
        ])
        .unwrap() else {
            panic!("not receipts")
        };
        let request = r.page.request();
        assert_eq!(request.limit, 20);
        assert_eq!(request.key, vec![0, 0, 0, 0, 0, 0, 0, 0xff]);
        assert!(parse(&["receipts", "--model", "2", "--limit", "0"]).is_err());
        assert!(parse(&["receipts", "--model", "2", "--limit", "1001"]).is_err());
        assert!(parse(&["receipts", "--model", "2", "--page-key", "xyz"]).is_err());
        assert!(parse(&["receipts", "--model", "2", "--page-key", ""]).is_err());
        assert!(parse(&["receipts", "--model", "2", "--all", "--limit", "5"]).is_err());
        let AttributionQuery::Receipts(r) = parse(&["receipts", "--model", "2", "--all"]).unwrap()
        else {
            panic!("not receipts")
        };
        assert!(r.page.all);
    }

    #[test]
    fn top_limits() {
        let AttributionQuery::TopContributors(t) = parse(&["top-contributors", "2"]).unwrap()
        else {
            panic!("not top-contributors")
        };
        assert_eq!((t.model_id, t.limit), (2, 10));
        assert!(parse(&["top-datanets", "2", "--limit", "100"]).is_ok());
        assert!(parse(&["top-datanets", "2", "--limit", "101"]).is_err());
        assert!(parse(&["top-datanets", "2", "--limit", "0"]).is_err());
        assert!(parse(&["top-datanets", "0"]).is_err());
    }

    #[test]
    fn receipts_print_hex_hashes_and_whole_amounts() {
        let receipt = Receipt {
            id: 4,
            model_id: 2,
            model_version: 1,
            output_hash: vec![0xab; 32],
            fee: "1140000000000000000".into(),
            withheld: String::new(),
            entries: vec![ReceiptEntry {
                contribution_id: 12,
                datanet_id: 1,
                contributor: "open1c".into(),
                weight_ppm: 250_000,
                amount: "32000000000000000".into(),
                withheld: String::new(),
            }],
            datanets: vec![DatanetShare {
                datanet_id: 1,
                weight_ppm: 250_000,
                amount: "32000000000000000".into(),
            }],
            ..Default::default()
        };
        let json = serde_json::to_value(ReceiptOut {
            receipt: receipt_view(&receipt),
        })
        .unwrap();
        assert_eq!(json["receipt"]["output_hash"], "ab".repeat(32));
        assert_eq!(json["receipt"]["prompt_hash"], "");
        assert_eq!(json["receipt"]["withheld"], "0");
        assert_eq!(json["receipt"]["time"], serde_json::Value::Null);
        assert_eq!(json["receipt"]["entries"][0]["withheld"], "0");
        assert_eq!(json["receipt"]["datanets"][0]["weight_ppm"], 250_000);

        let list = ReceiptsOut {
            receipts: vec![receipt_view(&receipt)],
            next_key: Some("05".into()),
        };
        let text = list.text();
        assert!(text.contains("4  2 v1"), "{text}");
        assert!(text.contains("(1.14 OPEN)"), "{text}");
        assert!(text.ends_with("more: --page-key 05"), "{text}");
    }

    #[test]
    fn operators_and_totals() {
        let op = Operator {
            address: "open1op".into(),
            endpoint: "https://x".into(),
            models: vec![1, 2],
            bond: "100000000000000000000".into(),
            status: OperatorStatus::Unbonding as i32,
            unbonding_completion: 1_795_000_000,
            ..Default::default()
        };
        let view = operator_view(&op);
        assert_eq!(view.status, "OPERATOR_STATUS_UNBONDING");
        assert_eq!(
            view.unbonding_completion.as_deref(),
            Some("2026-11-18T11:06:40Z")
        );
        assert_eq!(view.fees_charged, "0");
        let text = OperatorsOut {
            operators: vec![view],
        }
        .text();
        assert!(
            text.contains("open1op  UNBONDING  100000000000000000000aopen (100 OPEN)  1,2"),
            "{text}"
        );
        assert_eq!(status_name(9), "UNKNOWN (9)");

        let totals = totals_out(QueryTotalsResponse::default());
        assert_eq!(totals.totals.fees_charged, "0");
        assert_eq!(totals.pending.community, "0");
    }
}
