//! Query functions that need more than one module (simulation, node config, proofs).

use cosmos_sdk_proto::cosmos::base::abci::v1beta1::{GasInfo, Result as AbciResult};
use cosmos_sdk_proto::cosmos::base::node::v1beta1::ConfigResponse;
use cosmos_sdk_proto::cosmos::tx::v1beta1::{SimulateRequest, SimulateResponse};
use openledger_auth::AuthRead;
use openledger_framework::{StateDelta, StateReadExt, BASE_DENOM};

use crate::abci::events::to_proto_events;
use crate::app::{block_ctx, keys};
use crate::query::error::QueryError;
use crate::store::Snapshot;
use crate::tx::execute::LocalPolicy;
use crate::tx::{execute_tx, ExecMode};

/// Dry-run a transaction on a throw-away fork of `snapshot`: real gas, nothing persists.
pub fn simulate(
    snapshot: &Snapshot,
    req: &SimulateRequest,
) -> Result<SimulateResponse, QueryError> {
    if req.tx_bytes.is_empty() {
        return Err(QueryError::invalid("empty tx_bytes"));
    }
    let bytes = req.tx_bytes.clone();
    let chain_id: String = snapshot
        .nonverifiable_get_borsh(&keys::chain_id())
        .map_err(|e| QueryError::unavailable(e.to_string()))?
        .unwrap_or_default();
    let ctx = block_ctx(
        &chain_id,
        snapshot.height().saturating_add(1),
        tendermint::Time::unix_epoch(),
    );
    let mut fork = StateDelta::new(snapshot.clone());
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
