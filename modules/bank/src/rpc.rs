//! Query functions behind `cosmos.bank.v1beta1.Query`. One plain function per RPC; the gRPC
//! service and the ABCI query gateway are thin adapters over these.

use cosmos_sdk_proto::cosmos::bank::v1beta1::{
    QueryAllBalancesRequest, QueryAllBalancesResponse, QueryBalanceRequest, QueryBalanceResponse,
    QuerySpendableBalanceByDenomRequest, QuerySpendableBalanceByDenomResponse,
    QuerySpendableBalancesRequest, QuerySpendableBalancesResponse, QuerySupplyOfRequest,
    QuerySupplyOfResponse, QueryTotalSupplyRequest, QueryTotalSupplyResponse,
};
use cosmos_sdk_proto::cosmos::base::query::v1beta1::{PageRequest, PageResponse};
use cosmos_sdk_proto::cosmos::base::v1beta1::Coin as ProtoCoin;
use openledger_framework::coin::validate_denom;
use openledger_framework::{Address, Coin, StateRead};

use crate::error::BankError;
use crate::state::BankRead;
use crate::state_key;

fn proto_coin(c: &Coin) -> ProtoCoin {
    ProtoCoin {
        denom: c.denom.clone(),
        amount: c.amount.to_string(),
    }
}

fn parse_addr(s: &str) -> Result<Address, BankError> {
    s.parse()
        .map_err(|e: openledger_framework::AddressError| BankError::InvalidAddress(e.to_string()))
}

fn page_limit(p: Option<&PageRequest>) -> usize {
    openledger_framework::query::page_limit(p.map_or(0, |p| p.limit))
}

pub fn query_balance<S: StateRead>(
    state: &S,
    req: &QueryBalanceRequest,
) -> Result<QueryBalanceResponse, BankError> {
    let addr = parse_addr(&req.address)?;
    validate_denom(&req.denom)?;
    let amount = state.balance(&addr, &req.denom)?;
    Ok(QueryBalanceResponse {
        balance: Some(proto_coin(&Coin::new(req.denom.clone(), amount))),
    })
}

/// Paginated by denom: `pagination.key` is the denom to start from.
pub fn query_all_balances<S: StateRead>(
    state: &S,
    req: &QueryAllBalancesRequest,
) -> Result<QueryAllBalancesResponse, BankError> {
    let addr = parse_addr(&req.address)?;
    let limit = page_limit(req.pagination.as_ref());
    let start = req
        .pagination
        .as_ref()
        .filter(|p| !p.key.is_empty())
        .map(|p| String::from_utf8_lossy(&p.key).into_owned());
    let mut coins = state.balances(&addr, start.as_deref(), limit.saturating_add(1))?;
    let next_key = if coins.len() > limit {
        coins
            .pop()
            .map(|c| c.denom.into_bytes())
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    Ok(QueryAllBalancesResponse {
        balances: coins.iter().map(proto_coin).collect(),
        pagination: Some(PageResponse { next_key, total: 0 }),
    })
}

pub fn query_supply_of<S: StateRead>(
    state: &S,
    req: &QuerySupplyOfRequest,
) -> Result<QuerySupplyOfResponse, BankError> {
    validate_denom(&req.denom)?;
    Ok(QuerySupplyOfResponse {
        amount: Some(proto_coin(&Coin::new(
            req.denom.clone(),
            state.supply(&req.denom)?,
        ))),
    })
}

pub fn query_total_supply<S: StateRead>(
    state: &S,
    req: &QueryTotalSupplyRequest,
) -> Result<QueryTotalSupplyResponse, BankError> {
    let limit = page_limit(req.pagination.as_ref());
    let prefix = state_key::supply_prefix();
    let start = req
        .pagination
        .as_ref()
        .filter(|p| !p.key.is_empty())
        .map(|p| state_key::supply(&String::from_utf8_lossy(&p.key)));
    let mut supply = Vec::new();
    let mut next_key = Vec::new();
    for item in state.prefix_raw(&prefix, start.as_deref()) {
        let (k, _) = item?;
        let denom = String::from_utf8_lossy(&k[prefix.len()..]).into_owned();
        if supply.len() == limit {
            next_key = denom.into_bytes();
            break;
        }
        let amount = state.supply(&denom)?;
        supply.push(proto_coin(&Coin::new(denom, amount)));
    }
    Ok(QueryTotalSupplyResponse {
        supply,
        pagination: Some(PageResponse { next_key, total: 0 }),
    })
}

/// `Query/SpendableBalances`: no balance is locked on this chain (vesting and holds do not
/// exist), so what is spendable is the whole balance.
pub fn query_spendable_balances<S: StateRead>(
    state: &S,
    req: &QuerySpendableBalancesRequest,
) -> Result<QuerySpendableBalancesResponse, BankError> {
    let all = query_all_balances(
        state,
        &QueryAllBalancesRequest {
            address: req.address.clone(),
            pagination: req.pagination.clone(),
            resolve_denom: false,
        },
    )?;
    Ok(QuerySpendableBalancesResponse {
        balances: all.balances,
        pagination: all.pagination,
    })
}

/// `Query/SpendableBalanceByDenom`: the balance of one denom (see
/// [`query_spendable_balances`]).
pub fn query_spendable_balance_by_denom<S: StateRead>(
    state: &S,
    req: &QuerySpendableBalanceByDenomRequest,
) -> Result<QuerySpendableBalanceByDenomResponse, BankError> {
    let b = query_balance(
        state,
        &QueryBalanceRequest {
            address: req.address.clone(),
            denom: req.denom.clone(),
        },
    )?;
    Ok(QuerySpendableBalanceByDenomResponse { balance: b.balance })
}
