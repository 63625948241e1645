//! `openledger query bank ...`: balances and supply.

use clap::{Args, Subcommand};
use cosmos_sdk_proto::cosmos::bank::v1beta1::{
    QueryAllBalancesRequest, QueryAllBalancesResponse, QueryBalanceRequest, QueryBalanceResponse,
    QuerySupplyOfRequest, QuerySupplyOfResponse, QueryTotalSupplyRequest, QueryTotalSupplyResponse,
};
use cosmos_sdk_proto::cosmos::base::query::v1beta1::PageRequest;
use serde::Serialize;

use crate::amount::Coin;
use crate::chain::{BASE_DENOM, DISPLAY_DENOM};
use crate::context::Context;
use crate::output::{self, Render};
use crate::rpc::{paths, Rpc};

/// Upper bound on pages fetched for one paginated query.
const MAX_PAGES: usize = 1000;

#[derive(Debug, Subcommand)]
pub enum BankQuery {
    /// Balance of one denomination (0 for an account that holds none)
    Balance(BalanceArgs),
    /// All balances of an address
    Balances(BalancesArgs),
    /// Total supply of every denomination, or of one with --denom
    Total(TotalArgs),
}

#[derive(Debug, Args)]
pub struct BalanceArgs {
    /// Address (open1...) or key name
    pub address: String,
    /// Denomination (OPEN is read as aopen)
    #[arg(long, default_value = BASE_DENOM)]
    pub denom: String,
    /// Query the state at this block height (default: latest)
    #[arg(long)]
    pub height: Option<u64>,
}

#[derive(Debug, Args)]
pub struct BalancesArgs {
    /// Address (open1...) or key name
    pub address: String,
    /// Query the state at this block height (default: latest)
    #[arg(long)]
    pub height: Option<u64>,
}

#[derive(Debug, Args)]
pub struct TotalArgs {
    /// Only this denomination (OPEN is read as aopen)
    #[arg(long)]
    pub denom: Option<String>,
    /// Query the state at this block height (default: latest)
    #[arg(long)]
    pub height: Option<u64>,
}

pub async fn run(ctx: &Context, query: BankQuery) -> anyhow::Result<()> {
    let rpc = ctx.rpc()?;
    match query {
        BankQuery::Balance(args) => {
            let address = super::resolve_address(ctx, &args.address)?;
            let denom = base_denom(&args.denom);
            let request = QueryBalanceRequest {
                address: address.to_string(),
                denom: denom.clone(),
            };
            let response: QueryBalanceResponse = rpc
                .query(paths::bank::BALANCE, &request, args.height)
                .await?;
            let balance = match response.balance {
                Some(coin) => Coin::from_proto(&coin)?,
                None => Coin::new(0, denom),
            };
            output::emit(
                ctx.output,
                &BalanceOut {
                    address: address.to_string(),
                    balance,
                },
            )
        }
        BankQuery::Balances(args) => {
            let address = super::resolve_address(ctx, &args.address)?;
            let balances = all_balances(&rpc, address.as_ref(), args.height).await?;
            output::emit(
                ctx.output,
                &BalancesOut {
                    address: address.to_string(),
                    balances,
                },
            )
        }
        BankQuery::Total(args) => {
            let supply = match args.denom {
                Some(denom) => {
                    let request = QuerySupplyOfRequest {
                        denom: base_denom(&denom),
                    };
                    let response: QuerySupplyOfResponse = rpc
                        .query(paths::bank::SUPPLY_OF, &request, args.height)
                        .await?;
                    match response.amount {
                        Some(coin) => vec![Coin::from_proto(&coin)?],
                        None => vec![Coin::new(0, request.denom)],
                    }
                }
                None => total_supply(&rpc, args.height).await?,
            };
            output::emit(ctx.output, &SupplyOut { supply })
        }
    }
}

/// `OPEN` (any case) means the base denomination; other denominations pass through.
fn base_denom(denom: &str) -> String {
    if denom.eq_ignore_ascii_case(DISPLAY_DENOM) {
        BASE_DENOM.to_owned()
    } else {
        denom.to_owned()
    }
}

fn page(key: Vec<u8>) -> Option<PageRequest> {
    Some(PageRequest {
        key,
        ..Default::default()
    })
}

async fn all_balances(rpc: &Rpc, address: &str, height: Option<u64>) -> anyhow::Result<Vec<Coin>> {
    let mut coins = Vec::new();
    let mut key = Vec::new();
    for _ in 0..MAX_PAGES {
        let request = QueryAllBalancesRequest {
            address: address.to_owned(),
            pagination: page(key),
            ..Default::default()
        };
        let response: QueryAllBalancesResponse = rpc
            .query(paths::bank::ALL_BALANCES, &request, height)
            .await?;
        for coin in &response.balances {
            coins.push(Coin::from_proto(coin)?);
        }
        match response.pagination.map(|p| p.next_key) {
            Some(next) if !next.is_empty() => key = next,
            _ => return Ok(coins),
        }
    }
    anyhow::bail!(
        "{} returned more than {MAX_PAGES} pages",
        paths::bank::ALL_BALANCES
    )
}

async fn total_supply(rpc: &Rpc, height: Option<u64>) -> anyhow::Result<Vec<Coin>> {
    let mut coins = Vec::new();
    let mut key = Vec::new();
    for _ in 0..MAX_PAGES {
        let request = QueryTotalSupplyRequest {
            pagination: page(key),
        };
        let response: QueryTotalSupplyResponse = rpc
            .query(paths::bank::TOTAL_SUPPLY, &request, height)
            .await?;
        for coin in &response.supply {
            coins.push(Coin::from_proto(coin)?);
        }
        match response.pagination.map(|p| p.next_key) {
            Some(next) if !next.is_empty() => key = next,
            _ => return Ok(coins),
        }
    }
    anyhow::bail!(
        "{} returned more than {MAX_PAGES} pages",
        paths::bank::TOTAL_SUPPLY
    )
}

#[derive(Debug, Serialize)]
struct BalanceOut {
    address: String,
    balance: Coin,
}

impl Render for BalanceOut {
    fn text(&self) -> String {
        self.balance.display()
    }
}

#[derive(Debug, Serialize)]
struct BalancesOut {
    address: String,
    balances: Vec<Coin>,
}

impl Render for BalancesOut {
    fn text(&self) -> String {
        if self.balances.is_empty() {
            return format!("{}: no balances", self.address);
        }
        coin_lines(&self.balances)
    }
}

#[derive(Debug, Serialize)]
struct SupplyOut {
    supply: Vec<Coin>,
}

impl Render for SupplyOut {
    fn text(&self) -> String {
        if self.supply.is_empty() {
            return "no supply".to_owned();
        }
        coin_lines(&self.supply)
    }
}

fn coin_lines(coins: &[Coin]) -> String {
    coins
        .iter()
        .map(Coin::display)
        .collect::<Vec<_>>()
        .join("\n")
}
