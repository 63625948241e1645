//! Query functions that need more than one module (simulation, node config, proofs).

use cosmos_sdk_proto::cosmos::base::abci::v1beta1::{GasInfo, Result as AbciResult};
use cosmos_sdk_proto::cosmos::base::node::v1beta1::ConfigResponse;
use cosmos_sdk_proto::cosmos::tx::v1beta1::{SimulateRequest, SimulateResponse};
use openledger_auth::{AuthRead, AuthWrite};
use openledger_framework::{StateDelta, StateReadExt, BASE_DENOM};

use crate::abci::events::to_proto_events;
use crate::app::{block_ctx, keys, time_from_parts};
use crate::query::error::QueryError;
use crate::store::Snapshot;
use crate::tx::execute::LocalPolicy;
use crate::tx::{execute_tx, ExecMode};

/// Dry-run a transaction on a throw-away fork of `snapshot`: real gas, nothing persists. A
/// gas limit over `gas_cap` is refused; a gas limit of 0 runs with `gas_cap` (at most the
/// chain's `max_gas_per_tx`).
pub fn simulate(
    snapshot: &Snapshot,
    req: &SimulateRequest,
    gas_cap: u64,
) -> Result<SimulateResponse, QueryError> {
    // as the SDK: `tx_bytes`, or else the deprecated `tx` field encoded
    #[allow(deprecated)]
    let bytes = match (&req.tx_bytes, &req.tx) {
        (b, _) if !b.is_empty() => b.clone(),
        (_, Some(tx)) => prost::Message::encode_to_vec(tx),
        _ => return Err(QueryError::invalid("empty txBytes is not allowed")),
    };
    let chain_id: String = snapshot
        .nonverifiable_get_borsh(&keys::chain_id())
        .map_err(|e| QueryError::unavailable(e.to_string()))?
        .unwrap_or_default();
    // as CheckTx: the next height at the last committed block's time
    let time = snapshot
        .nonverifiable_get_borsh::<(i64, u32)>(&keys::last_block_time())
        .map_err(|e| QueryError::unavailable(e.to_string()))?
        .map(time_from_parts)
        .unwrap_or_else(tendermint::Time::unix_epoch);
    let ctx = block_ctx(&chain_id, snapshot.height().saturating_add(1), time);
    let mut fork = StateDelta::new(snapshot.clone());
    let mut params = fork.auth_params().map_err(|e| QueryError::module(&e))?;
    let gas_cap = gas_cap.max(crate::query::limits::MIN_SIMULATE_GAS_CAP);
    if let Ok(tx) = crate::tx::decode_tx(&bytes, &params) {
        if tx.gas_limit() > gas_cap {
            return Err(QueryError::new(
                tonic::Code::InvalidArgument,
                openledger_framework::error::sdk::INVALID_GAS_LIMIT,
                format!(
                    "simulation gas limit {} exceeds this node's simulate_gas_cap {gas_cap}",
                    tx.gas_limit()
                ),
            ));
        }
    }
    if params.max_gas_per_tx > gas_cap {
        // only on the throw-away fork: a gas limit of 0 then runs with the cap
        params.max_gas_per_tx = gas_cap;
        fork.set_auth_params(&params)
            .map_err(|e| QueryError::module(&e))?;
    }
    let outcome = execute_tx(
        &mut fork,
        &ctx,
        &bytes,
        ExecMode::Simulate,
        LocalPolicy::default(),
    )
    .map_err(|e| QueryError::unavailable(e.log))?;
    match outcome.result {
        #[allow(deprecated)] // `Result.data` is deprecated in the SDK but still part of the type
        Ok(()) => Ok(SimulateResponse {
            gas_info: Some(GasInfo {
                gas_wanted: outcome.gas_wanted,
                gas_used: outcome.gas_used,
            }),
            result: Some(AbciResult {
                // as in the SDK: the encoded TxMsgData, and the same responses as Anys
                data: crate::tx::result::tx_msg_data(&outcome),
                log: String::new(),
                events: to_proto_events(&outcome.events),
                msg_responses: outcome.msg_responses.clone(),
            }),
        }),
        Err(e) => Err(QueryError {
            grpc: tonic::Code::InvalidArgument,
            codespace: e.codespace.to_string(),
            code: e.code,
            message: e.log,
        }),
    }
}

/// `cosmos.base.node.v1beta1.Service/Config`: the minimum gas price this node accepts.
pub fn node_config(snapshot: &Snapshot, local: LocalPolicy) -> Result<ConfigResponse, QueryError> {
    let params = snapshot.auth_params().map_err(|e| QueryError::module(&e))?;
    Ok(ConfigResponse {
        minimum_gas_price: format!(
            "{}{BASE_DENOM}",
            params.min_gas_price.max(local.min_gas_price)
        ),
        pruning_keep_recent: String::new(),
        pruning_interval: String::new(),
        halt_height: 0,
    })
}
