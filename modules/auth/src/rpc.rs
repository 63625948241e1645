//! Query functions behind `cosmos.auth.v1beta1.Query`.

use cosmos_sdk_proto::cosmos::auth::v1beta1::Params as ProtoParams;
use cosmos_sdk_proto::cosmos::auth::v1beta1::{
    AddressBytesToStringRequest, AddressBytesToStringResponse, AddressStringToBytesRequest,
    AddressStringToBytesResponse, BaseAccount, Bech32PrefixResponse, ModuleAccount,
    QueryAccountAddressByIdRequest, QueryAccountAddressByIdResponse, QueryAccountInfoRequest,
    QueryAccountInfoResponse, QueryAccountRequest, QueryAccountResponse, QueryAccountsRequest,
    QueryAccountsResponse, QueryModuleAccountByNameRequest, QueryModuleAccountByNameResponse,
    QueryModuleAccountsResponse, QueryParamsResponse,
};
use openledger_framework::{Address, StateRead};
use prost::Name;

use cosmos_sdk_proto::cosmos::base::query::v1beta1::{PageRequest, PageResponse};

use crate::error::AuthError;
use crate::state::AuthRead;
use crate::state_key;

/// `Query/Account`: the account in an `Any` holding a `BaseAccount`.
pub fn query_account<S: StateRead>(
    state: &S,
    req: &QueryAccountRequest,
) -> Result<QueryAccountResponse, AuthError> {
    let addr: Address = req
        .address
        .parse()
        .map_err(|e| AuthError::InvalidAddress(format!("{e}")))?;
    let account = state
        .account(&addr)?
        .ok_or_else(|| AuthError::AccountNotFound(req.address.clone()))?;
    let proto = account.to_proto();
    Ok(QueryAccountResponse {
        account: Some(cosmos_sdk_proto::Any {
            type_url: cosmos_sdk_proto::cosmos::auth::v1beta1::BaseAccount::type_url(),
            value: prost::Message::encode_to_vec(&proto),
        }),
    })
}

/// `Query/Params` in the SDK's shape.
pub fn query_params<S: StateRead>(state: &S) -> Result<QueryParamsResponse, AuthError> {
    let p = state.auth_params()?;
    Ok(QueryParamsResponse {
        params: Some(ProtoParams {
            max_memo_characters: p.max_memo_characters,
            tx_sig_limit: p.tx_sig_limit,
            tx_size_cost_per_byte: p.tx_size_cost_per_byte,
            sig_verify_cost_ed25519: 590,
            sig_verify_cost_secp256k1: p.sig_verify_cost_secp256k1,
        }),
    })
}

/// `Query/Bech32Prefix`: the account address prefix.
pub fn query_bech32_prefix() -> Bech32PrefixResponse {
    Bech32PrefixResponse {
        bech32_prefix: openledger_framework::ACCOUNT_PREFIX.to_string(),
    }
}

/// `Query/AddressBytesToString`: 20 address bytes as a bech32 account address.
pub fn query_address_bytes_to_string(
    req: &AddressBytesToStringRequest,
) -> Result<AddressBytesToStringResponse, AuthError> {
    let a = Address::from_slice(&req.address_bytes)
        .map_err(|e| AuthError::InvalidAddress(e.to_string()))?;
    Ok(AddressBytesToStringResponse {
        address_string: a.to_string(),
    })
}

/// `Query/AddressStringToBytes`: a bech32 account address as its 20 bytes.
pub fn query_address_string_to_bytes(
    req: &AddressStringToBytesRequest,
) -> Result<AddressStringToBytesResponse, AuthError> {
    let a: Address =
        req.address_string
            .parse()
            .map_err(|e: openledger_framework::AddressError| {
                AuthError::InvalidAddress(e.to_string())
            })?;
    Ok(AddressStringToBytesResponse {
        address_bytes: a.0.to_vec(),
    })
}

fn any_of<M: Name>(m: &M) -> cosmos_sdk_proto::Any {
    cosmos_sdk_proto::Any {
        type_url: M::type_url(),
        value: prost::Message::encode_to_vec(m),
    }
}

fn parse_address(s: &str) -> Result<Address, AuthError> {
    s.parse()
        .map_err(|e: openledger_framework::AddressError| AuthError::InvalidAddress(e.to_string()))
}

/// `Query/Accounts`: every account as an `Any` (`BaseAccount`, or `ModuleAccount` for a
/// module's), by address; `pagination.key` is the 20-byte address to start from.
pub fn query_accounts<S: StateRead>(
    state: &S,
    req: &QueryAccountsRequest,
    module_names: &[&str],
) -> Result<QueryAccountsResponse, AuthError> {
    let p: Option<&PageRequest> = req.pagination.as_ref();
    let limit = openledger_framework::query::page_limit(p.map_or(0, |p| p.limit));
    let prefix = state_key::accounts_prefix();
    let start = match p.filter(|p| !p.key.is_empty()) {
        Some(p) => Some(state_key::account(&Address::from_slice(&p.key).map_err(
            |_| AuthError::InvalidAddress("invalid pagination key".into()),
        )?)),
        None => None,
    };
    let mut accounts = Vec::new();
    let mut next_key = Vec::new();
    for item in state.prefix_raw(&prefix, start.as_deref()) {
        let (k, _) = item?;
        let Ok(addr) = Address::from_slice(&k[prefix.len()..]) else {
            continue;
        };
        if accounts.len() == limit {
            next_key = addr.as_bytes().to_vec();
            break;
        }
        if let Some(a) = state.account(&addr)? {
            let name = module_names
                .iter()
                .find(|n| Address::module(n) == addr)
                .copied();
            accounts.push(match name {
                Some(n) => any_of(&module_account(n, Some(a.to_proto()))),
                None => any_of(&a.to_proto()),
            });
        }
    }
    Ok(QueryAccountsResponse {
        accounts,
        pagination: Some(PageResponse { next_key, total: 0 }),
    })
}

/// The permissions the SDK gives its module accounts of the same name.
fn module_permissions(name: &str) -> Vec<String> {
    let p: &[&str] = match name {
        "bonded_tokens_pool" | "not_bonded_tokens_pool" => &["burner", "staking"],
        "gov" => &["burner"],
        _ => &[],
    };
    p.iter().map(|s| s.to_string()).collect()
}

fn module_account(name: &str, base: Option<BaseAccount>) -> ModuleAccount {
    let base = base.unwrap_or_else(|| BaseAccount {
        address: Address::module(name).to_string(),
        ..Default::default()
    });
    ModuleAccount {
        base_account: Some(base),
        name: name.to_string(),
        permissions: module_permissions(name),
    }
}

fn module_account_of<S: StateRead>(state: &S, name: &str) -> Result<ModuleAccount, AuthError> {
    let a = state.account(&Address::module(name))?;
    Ok(module_account(name, a.map(|a| a.to_proto())))
}

/// `Query/ModuleAccounts`: the chain's module accounts (`module_names`), by name.
pub fn query_module_accounts<S: StateRead>(
    state: &S,
    module_names: &[&str],
) -> Result<QueryModuleAccountsResponse, AuthError> {
    let mut names = module_names.to_vec();
    names.sort_unstable();
    let mut accounts = Vec::with_capacity(names.len());
    for n in names {
        accounts.push(any_of(&module_account_of(state, n)?));
    }
    Ok(QueryModuleAccountsResponse { accounts })
}

/// `Query/ModuleAccountByName`: NOT_FOUND for a name that is not a module account.
pub fn query_module_account_by_name<S: StateRead>(
    state: &S,
    req: &QueryModuleAccountByNameRequest,
    module_names: &[&str],
) -> Result<QueryModuleAccountByNameResponse, AuthError> {
    if !module_names.contains(&req.name.as_str()) {
        return Err(AuthError::AccountNotFound(
            req.name.chars().take(64).collect::<String>(),
        ));
    }
    Ok(QueryModuleAccountByNameResponse {
        account: Some(any_of(&module_account_of(state, &req.name)?)),
    })
}

/// `Query/AccountInfo`: the account as a plain `BaseAccount`.
pub fn query_account_info<S: StateRead>(
    state: &S,
    req: &QueryAccountInfoRequest,
) -> Result<QueryAccountInfoResponse, AuthError> {
    let addr = parse_address(&req.address)?;
    let account = state
        .account(&addr)?
        .ok_or_else(|| AuthError::AccountNotFound(req.address.clone()))?;
    Ok(QueryAccountInfoResponse {
        info: Some(account.to_proto()),
    })
}

/// The most accounts [`query_account_address_by_id`] reads before it answers NOT_FOUND (no
/// index by number is kept).
pub const MAX_ACCOUNT_ID_SCAN: usize = 100_000;

/// `Query/AccountAddressByID`: the address of an account number (`account_id`, or the
/// deprecated `id`).
pub fn query_account_address_by_id<S: StateRead>(
    state: &S,
    req: &QueryAccountAddressByIdRequest,
) -> Result<QueryAccountAddressByIdResponse, AuthError> {
    #[allow(deprecated)] // `id` is deprecated in the SDK but still sent
    let id = if req.account_id != 0 {
        req.account_id
    } else {
        u64::try_from(req.id).map_err(|_| AuthError::InvalidAddress("negative id".into()))?
    };
    let prefix = state_key::accounts_prefix();
    for item in state.prefix_raw(&prefix, None).take(MAX_ACCOUNT_ID_SCAN) {
        let (k, _) = item?;
        let Ok(addr) = Address::from_slice(&k[prefix.len()..]) else {
            continue;
        };
        if let Some(a) = state.account(&addr)? {
            if a.account_number == id {
                return Ok(QueryAccountAddressByIdResponse {
                    account_address: addr.to_string(),
                });
            }
        }
    }
    Err(AuthError::AccountNotFound(format!("#{id}")))
}
