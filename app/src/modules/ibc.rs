//! ibc: IBC core (07-tendermint clients, connections, channels) and ICS-20 transfer, with its
//! keeper over staking (the unbonding period a counterparty's client of us must stay under).

use std::time::Duration;

use cosmos_sdk_proto::Any;
use openledger_framework::error::call_error;
use openledger_framework::module::downcast;
use openledger_framework::{CallError, Module, MsgCtx, MsgRoute, StateRead, StateWrite};
use openledger_ibc::{self as ibc, IbcMsg};
use openledger_staking::StakingRead;

pub struct Ibc;

/// Staking's unbonding period, read for every IBC message (a handshake checks the
/// counterparty's client of us against it).
fn unbonding_period(state: &dyn StateRead) -> Result<Duration, CallError> {
    let p = state.staking_params().map_err(call_error)?;
    Ok(Duration::from_secs(p.unbonding_time_secs))
}

fn execute(
    state: &mut dyn StateWrite,
    ctx: &MsgCtx,
    msg: &(dyn std::any::Any + Send + Sync),
) -> Result<Any, CallError> {
    let m: &IbcMsg = downcast(msg)?;
    let unbonding = unbonding_period(&*state)?;
    ibc::execute(state, ctx, unbonding, m).map_err(CallError::from)
}

impl Module for Ibc {
    fn name(&self) -> &'static str {
        "ibc"
    }

    openledger_framework::genesis_methods!(ibc::GenesisState);

    fn msg_routes(&self) -> Vec<MsgRoute> {
        ibc::TYPE_URLS
            .iter()
            .map(|url| MsgRoute {
                type_url: (*url).to_string(),
                proposal: false,
                decode: ibc::decode_route,
                execute,
            })
            .collect()
    }
}
