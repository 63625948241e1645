//! Query functions behind `cosmos.bank.v1beta1.Query`. One plain function per RPC; the gRPC
//! service and the ABCI query gateway are thin adapters over these.

use cosmos_sdk_proto::cosmos::bank::v1beta1::{
    DenomOwner, QueryAllBalancesRequest, QueryAllBalancesResponse, QueryBalanceRequest,
    QueryBalanceResponse, QueryDenomMetadataByQueryStringRequest,
    QueryDenomMetadataByQueryStringResponse, QueryDenomMetadataRequest, QueryDenomMetadataResponse,
    QueryDenomOwnersByQueryRequest, QueryDenomOwnersByQueryResponse, QueryDenomOwnersRequest,
    QueryDenomOwnersResponse, QueryDenomsMetadataRequest, QueryDenomsMetadataResponse,
    QueryParamsRequest, QueryParamsResponse, QuerySendEnabledRequest, QuerySendEnabledResponse,
    QuerySpendableBalanceByDenomRequest, QuerySpendableBalanceByDenomResponse,
    QuerySpendableBalancesRequest, QuerySpendableBalancesResponse, QuerySupplyOfRequest,
    QuerySupplyOfResponse, QueryTotalSupplyRequest, QueryTotalSupplyResponse, SendEnabled,
};
use cosmos_sdk_proto::cosmos::base::query::v1beta1::{PageRequest, PageResponse};
use cosmos_sdk_proto::cosmos::base::v1beta1::Coin as ProtoCoin;
use openledger_framework::coin::validate_denom;
use openledger_framework::{Address, Coin, StateRead};

use crate::error::BankError;
use crate::metadata::denom_metadata;
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

/// `Query/Params`: per-denom send flags do not exist on this chain, only the default.
pub fn query_params<S: StateRead>(
    state: &S,
    _req: &QueryParamsRequest,
) -> Result<QueryParamsResponse, BankError> {
    let p = state.bank_params()?;
    #[allow(deprecated)] // `send_enabled` is deprecated in the SDK but still part of the type
    Ok(QueryParamsResponse {
        params: Some(cosmos_sdk_proto::cosmos::bank::v1beta1::Params {
            send_enabled: Vec::new(),
            default_send_enabled: p.default_send_enabled,
        }),
    })
}

fn metadata_of<S: StateRead>(
    state: &S,
    denom: &str,
) -> Result<cosmos_sdk_proto::cosmos::bank::v1beta1::Metadata, BankError> {
    validate_denom(denom)?;
    denom_metadata(state, denom)?
        .map(|m| m.to_proto())
        .ok_or_else(|| BankError::NotFound(format!("denom metadata for {denom}")))
}

/// `Query/DenomMetadata`: NOT_FOUND for a denom without metadata.
pub fn query_denom_metadata<S: StateRead>(
    state: &S,
    req: &QueryDenomMetadataRequest,
) -> Result<QueryDenomMetadataResponse, BankError> {
    Ok(QueryDenomMetadataResponse {
        metadata: Some(metadata_of(state, &req.denom)?),
    })
}

/// `Query/DenomMetadataByQueryString`: as [`query_denom_metadata`].
pub fn query_denom_metadata_by_query_string<S: StateRead>(
    state: &S,
    req: &QueryDenomMetadataByQueryStringRequest,
) -> Result<QueryDenomMetadataByQueryStringResponse, BankError> {
    Ok(QueryDenomMetadataByQueryStringResponse {
        metadata: Some(metadata_of(state, &req.denom)?),
    })
}

/// `Query/DenomsMetadata`: paginated by base denom (`pagination.key` is the base to start
/// from).
pub fn query_denoms_metadata<S: StateRead>(
    state: &S,
    req: &QueryDenomsMetadataRequest,
) -> Result<QueryDenomsMetadataResponse, BankError> {
    let limit = page_limit(req.pagination.as_ref());
    let prefix = state_key::denom_metadata_prefix();
    let start = req
        .pagination
        .as_ref()
        .filter(|p| !p.key.is_empty())
        .map(|p| state_key::denom_metadata(&String::from_utf8_lossy(&p.key)));
    let mut metadatas = Vec::new();
    let mut next_key = Vec::new();
    for item in state.prefix_raw(&prefix, start.as_deref()) {
        let (k, _) = item?;
        let base = String::from_utf8_lossy(&k[prefix.len()..]).into_owned();
        if metadatas.len() == limit {
            next_key = base.into_bytes();
            break;
        }
        if let Some(m) = denom_metadata(state, &base)? {
            metadatas.push(m.to_proto());
        }
    }
    Ok(QueryDenomsMetadataResponse {
        metadatas,
        pagination: Some(PageResponse { next_key, total: 0 }),
    })
}

/// The most balance entries one DenomOwners page reads: a page stops there (with a
/// `next_key` to go on) even if it holds fewer owners than asked.
pub const MAX_DENOM_OWNERS_SCAN: usize = 10_000;

/// `Query/DenomOwners`: accounts holding a non-zero balance of `denom`, by address
/// (`pagination.key` is the 20-byte address to start from).
pub fn query_denom_owners<S: StateRead>(
    state: &S,
    req: &QueryDenomOwnersRequest,
) -> Result<QueryDenomOwnersResponse, BankError> {
    let (denom_owners, next_key) = denom_owners(state, &req.denom, req.pagination.as_ref())?;
    Ok(QueryDenomOwnersResponse {
        denom_owners,
        pagination: Some(PageResponse { next_key, total: 0 }),
    })
}

/// `Query/DenomOwnersByQuery`: as [`query_denom_owners`].
pub fn query_denom_owners_by_query<S: StateRead>(
    state: &S,
    req: &QueryDenomOwnersByQueryRequest,
) -> Result<QueryDenomOwnersByQueryResponse, BankError> {
    let (denom_owners, next_key) = denom_owners(state, &req.denom, req.pagination.as_ref())?;
    Ok(QueryDenomOwnersByQueryResponse {
        denom_owners,
        pagination: Some(PageResponse { next_key, total: 0 }),
    })
}

fn denom_owners<S: StateRead>(
    state: &S,
    denom: &str,
    p: Option<&PageRequest>,
) -> Result<(Vec<DenomOwner>, Vec<u8>), BankError> {
    validate_denom(denom)?;
    let limit = page_limit(p);
    let prefix = state_key::all_balances();
    let start = match p.filter(|p| !p.key.is_empty()) {
        Some(p) => {
            let a = Address::from_slice(&p.key)
                .map_err(|_| BankError::InvalidAddress("invalid pagination key".into()))?;
            Some(state_key::balances_of(&a))
        }
        None => None,
    };
    let mut owners = Vec::new();
    let mut next_key = Vec::new();
    for (scanned, item) in state.prefix_raw(&prefix, start.as_deref()).enumerate() {
        let (k, _) = item?;
        let Some((addr, d)) = state_key::parse_balance_key(&k) else {
            continue;
        };
        if owners.len() == limit || scanned >= MAX_DENOM_OWNERS_SCAN {
            next_key = addr.as_bytes().to_vec();
            break;
        }
        if d != denom {
            continue;
        }
        let amount = state.balance(&addr, denom)?;
        if amount > 0 {
            owners.push(DenomOwner {
                address: addr.to_string(),
                balance: Some(proto_coin(&Coin::new(d, amount))),
            });
        }
    }
    Ok((owners, next_key))
}

/// `Query/SendEnabled`: every requested denom with the chain's one send flag (no per-denom
/// entries exist, so none are listed when no denom is asked).
pub fn query_send_enabled<S: StateRead>(
    state: &S,
    req: &QuerySendEnabledRequest,
) -> Result<QuerySendEnabledResponse, BankError> {
    if req.denoms.len() > openledger_framework::query::MAX_PAGE_LIMIT as usize {
        return Err(BankError::InvalidCoins("too many denoms".into()));
    }
    let enabled = state.bank_params()?.default_send_enabled;
    let mut send_enabled = Vec::with_capacity(req.denoms.len());
    for d in &req.denoms {
        validate_denom(d)?;
        send_enabled.push(SendEnabled {
            denom: d.clone(),
            enabled,
        });
    }
    Ok(QuerySendEnabledResponse {
        send_enabled,
        pagination: Some(PageResponse::default()),
    })
}
