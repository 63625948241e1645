//! Query functions behind `cosmos.auth.v1beta1.Query`.

use cosmos_sdk_proto::cosmos::auth::v1beta1::Params as ProtoParams;
use cosmos_sdk_proto::cosmos::auth::v1beta1::{
    AddressBytesToStringRequest, AddressBytesToStringResponse, AddressStringToBytesRequest,
    AddressStringToBytesResponse, Bech32PrefixResponse, QueryAccountRequest, QueryAccountResponse,
    QueryParamsResponse,
};
use openledger_framework::{Address, StateRead};
use prost::Name;

use crate::error::AuthError;
use crate::state::AuthRead;

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
