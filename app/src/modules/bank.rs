//! bank: balances, transfers and the supply.

use cosmos_sdk_proto::cosmos::bank::v1beta1 as pb;
use openledger_bank as bank;
use openledger_framework::module::{default_genesis, genesis_from_json, genesis_to_json, respond};
use openledger_framework::{
    msg_routes, query_routes, CallError, Module, MsgRoute, QueryRoute, StateRead, StateWrite,
};
use openledger_proto::methods::cosmos::bank::v1beta1::query as q;

pub struct Bank;

impl Module for Bank {
    fn name(&self) -> &'static str {
        "bank"
    }

    fn default_genesis(&self) -> Option<serde_json::Value> {
        default_genesis::<bank::GenesisState>()
    }

    fn validate_genesis(&self, genesis: &serde_json::Value) -> Result<(), CallError> {
        let g: bank::GenesisState = genesis_from_json(self.name(), genesis)?;
        g.validate().map_err(|e| CallError::from_module(&e))
    }

    fn init_genesis(
        &self,
        mut state: &mut dyn StateWrite,
        genesis: &serde_json::Value,
    ) -> Result<(), CallError> {
        let g: bank::GenesisState = genesis_from_json(self.name(), genesis)?;
        g.init(&mut state).map_err(|e| CallError::from_module(&e))
    }

    fn export_genesis(
        &self,
        state: &dyn StateRead,
    ) -> Result<Option<serde_json::Value>, CallError> {
        let g = bank::GenesisState::export(&state).map_err(|e| CallError::from_module(&e))?;
        genesis_to_json(self.name(), &g).map(Some)
    }

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
        ]
    }
}
