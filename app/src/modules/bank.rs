//! bank: balances, transfers and the supply.

use cosmos_sdk_proto::cosmos::bank::v1beta1 as pb;
use openledger_bank as bank;
use openledger_framework::module::respond;
use openledger_framework::{msg_routes, query_routes, Module, MsgRoute, QueryRoute, StateRead};
use openledger_proto::methods::cosmos::bank::v1beta1::query as q;

pub struct Bank;

impl Module for Bank {
    fn name(&self) -> &'static str {
        "bank"
    }

    openledger_framework::genesis_methods!(bank::GenesisState);

    fn check_invariants(&self, state: &dyn StateRead) -> Result<(), String> {
        bank::invariants::total_supply_matches_balances(&state).map_err(|e| e.to_string())
    }

    fn msg_routes(&self) -> Vec<MsgRoute> {
        msg_routes![
            pb::MsgSend => bank::MsgSend
                => |s, c, m| respond(bank::execute_send(s, c, m), |()| pb::MsgSendResponse {}),
            pb::MsgMultiSend => bank::MsgMultiSend => |s, c, m| respond(
                bank::execute_multi_send(s, c, m),
                |()| pb::MsgMultiSendResponse {},
            ),
            #[proposal]
            pb::MsgUpdateParams => bank::MsgUpdateParams => |s, c, m| respond(
                bank::execute_update_params(s, c, m),
                |()| pb::MsgUpdateParamsResponse {},
            ),
        ]
    }

    fn query_routes(&self) -> Vec<QueryRoute> {
        query_routes![
            q::BALANCE => pb::QueryBalanceRequest => |s, r| bank::query_balance(s, r),
            q::ALL_BALANCES => pb::QueryAllBalancesRequest
                => |s, r| bank::query_all_balances(s, r),
            q::SPENDABLE_BALANCES => pb::QuerySpendableBalancesRequest
                => |s, r| bank::query_spendable_balances(s, r),
            q::SPENDABLE_BALANCE_BY_DENOM => pb::QuerySpendableBalanceByDenomRequest
                => |s, r| bank::query_spendable_balance_by_denom(s, r),
            q::TOTAL_SUPPLY => pb::QueryTotalSupplyRequest
                => |s, r| bank::query_total_supply(s, r),
            q::SUPPLY_OF => pb::QuerySupplyOfRequest => |s, r| bank::query_supply_of(s, r),
            q::PARAMS => pb::QueryParamsRequest => |s, r| bank::query_params(s, r),
            q::DENOM_METADATA => pb::QueryDenomMetadataRequest
                => |s, r| bank::query_denom_metadata(s, r),
            q::DENOM_METADATA_BY_QUERY_STRING => pb::QueryDenomMetadataByQueryStringRequest
                => |s, r| bank::query_denom_metadata_by_query_string(s, r),
            q::DENOMS_METADATA => pb::QueryDenomsMetadataRequest
                => |s, r| bank::query_denoms_metadata(s, r),
            q::DENOM_OWNERS => pb::QueryDenomOwnersRequest
                => |s, r| bank::query_denom_owners(s, r),
            q::DENOM_OWNERS_BY_QUERY => pb::QueryDenomOwnersByQueryRequest
                => |s, r| bank::query_denom_owners_by_query(s, r),
            q::SEND_ENABLED => pb::QuerySendEnabledRequest
                => |s, r| bank::query_send_enabled(s, r),
        ]
    }
}
