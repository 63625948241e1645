//! auth: accounts, sequences and the transaction limits.

use cosmos_sdk_proto::cosmos::auth::v1beta1 as pb;
use openledger_auth as auth;
use openledger_framework::module::respond;
use openledger_framework::{msg_routes, query_routes, Module, MsgRoute, QueryRoute};
use openledger_proto::methods::cosmos::auth::v1beta1::query as q;

/// The chain's module accounts: the ones whose balances modules account for.
const MODULE_ACCOUNTS: [&str; 11] = openledger_bank::BLOCKED_MODULE_ACCOUNTS;

pub struct Auth;

impl Module for Auth {
    fn name(&self) -> &'static str {
        "auth"
    }

    openledger_framework::genesis_methods!(auth::GenesisState);

    fn msg_routes(&self) -> Vec<MsgRoute> {
        msg_routes![
            #[proposal]
            pb::MsgUpdateParams => auth::MsgUpdateParams => |s, c, m| respond(
                auth::execute_update_params(s, c, m),
                |()| pb::MsgUpdateParamsResponse {},
            ),
            #[proposal]
            auth::proto::MsgUpdateTxParams => auth::MsgUpdateTxParams => |s, c, m| respond(
                auth::execute_update_tx_params(s, c, m),
                |()| auth::proto::MsgUpdateTxParamsResponse {},
            ),
        ]
    }

    fn query_routes(&self) -> Vec<QueryRoute> {
        query_routes![
            q::ACCOUNT => pb::QueryAccountRequest => |s, r| auth::query_account(s, r),
            q::PARAMS => pb::QueryParamsRequest => |s, _r| auth::query_params(s),
            q::BECH32_PREFIX => pb::Bech32PrefixRequest
                => |_s, _r| Ok::<_, auth::AuthError>(auth::query_bech32_prefix()),
            q::ADDRESS_BYTES_TO_STRING => pb::AddressBytesToStringRequest
                => |_s, r| auth::query_address_bytes_to_string(r),
            q::ADDRESS_STRING_TO_BYTES => pb::AddressStringToBytesRequest
                => |_s, r| auth::query_address_string_to_bytes(r),
            q::ACCOUNTS => pb::QueryAccountsRequest
                => |s, r| auth::query_accounts(s, r, &MODULE_ACCOUNTS),
            q::MODULE_ACCOUNTS => pb::QueryModuleAccountsRequest
                => |s, _r| auth::query_module_accounts(s, &MODULE_ACCOUNTS),
            q::MODULE_ACCOUNT_BY_NAME => pb::QueryModuleAccountByNameRequest
                => |s, r| auth::query_module_account_by_name(s, r, &MODULE_ACCOUNTS),
            q::ACCOUNT_INFO => pb::QueryAccountInfoRequest
                => |s, r| auth::query_account_info(s, r),
            q::ACCOUNT_ADDRESS_BY_ID => pb::QueryAccountAddressByIdRequest
                => |s, r| auth::query_account_address_by_id(s, r),
        ]
    }
}
