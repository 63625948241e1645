//! Query functions that need more than one module (simulation, node config, proofs).

use cosmos_sdk_proto::cosmos::base::abci::v1beta1::{GasInfo, Result as AbciResult};
use cosmos_sdk_proto::cosmos::base::node::v1beta1::ConfigResponse;
use cosmos_sdk_proto::cosmos::base::tendermint::v1beta1::{
    GetNodeInfoResponse, Module, VersionInfo,
};
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

/// The CometBFT protocol line this app speaks (ABCI 2.0 of v0.38), reported as its version
/// when the running node's own version is not at hand (an ABCI `Query` has no CometBFT client).
pub const COMETBFT_PROTOCOL_VERSION: &str = "v0.38.0";

/// The Cosmos SDK and ibc-go interface levels this node answers like (queries, tx format,
/// events), reported in `build_deps` as a Go node lists its modules. Relayers read them to pick
/// their compatibility mode and to pass their health check (Hermes wants an SDK in
/// [0.45, 0.51) for 1.10, [0.46, 0.54) for 1.13, and ibc-go from 4.1.1 up); they are not
/// dependencies of this binary.
pub const SDK_INTERFACE_VERSION: &str = "v0.50.0";
pub const IBC_GO_INTERFACE: (&str, &str) = ("github.com/cosmos/ibc-go/v8", "v8.0.0");

/// `application_version` of `GetNodeInfo`: this binary's name and version, and the
/// interface levels above with the CometBFT version `cometbft_version` (e.g. "0.38.25").
pub fn app_version_info(cometbft_version: &str) -> VersionInfo {
    let dep = |path: &str, version: &str| Module {
        path: path.to_string(),
        version: format!("v{}", version.trim_start_matches('v')),
        sum: String::new(),
    };
    VersionInfo {
        name: "openledger".to_string(),
        app_name: "openledgerd".to_string(),
        version: env!("CARGO_PKG_VERSION").to_string(),
        cosmos_sdk_version: SDK_INTERFACE_VERSION.to_string(),
        build_deps: vec![
            dep("github.com/cometbft/cometbft", cometbft_version),
            dep("github.com/cosmos/cosmos-sdk", SDK_INTERFACE_VERSION),
            dep(IBC_GO_INTERFACE.0, IBC_GO_INTERFACE.1),
        ],
        ..Default::default()
    }
}

/// `cosmos.base.tendermint.v1beta1.Service/GetNodeInfo` over ABCI `Query` (Hermes asks it
/// there): the application version only; the node's p2p info is CometBFT's own `/status`.
pub fn node_info_abci() -> GetNodeInfoResponse {
    GetNodeInfoResponse {
        default_node_info: None,
        application_version: Some(app_version_info(COMETBFT_PROTOCOL_VERSION)),
    }
}

#[cfg(test)]
mod tests {
    use cosmos_sdk_proto::cosmos::base::tendermint::v1beta1::GetNodeInfoRequest;
    use openledger_proto::methods::cosmos as m;
    use prost::Message;

    use super::*;
    use crate::query::abci::QueryGateway;

    /// Hermes reads GetNodeInfo over ABCI `Query` (not gRPC) for its compatibility check and
    /// compat mode: it must answer there with the CometBFT, SDK and ibc-go entries it looks for.
    #[test]
    fn get_node_info_answers_over_abci_with_the_versions_relayers_read() {
        let dir = tempfile::tempdir().unwrap();
        let storage = crate::store::Storage::open(
            &dir.path().join("db"),
            crate::store::StoreConfig { keep_recent: 0 },
        )
        .unwrap();
        let gw = QueryGateway::new(storage, LocalPolicy::default());
        let path = m::base::tendermint::v1beta1::service::GET_NODE_INFO;
        let r = gw.query(path, &GetNodeInfoRequest {}.encode_to_vec(), 0, false);
        assert!(r.code.is_ok(), "{}", r.log);
        let info = GetNodeInfoResponse::decode(r.value.as_ref())
            .unwrap()
            .application_version
            .unwrap();
        assert_eq!(info.app_name, "openledgerd");
        let dep = |p: &str| {
            info.build_deps
                .iter()
                .find(|d| d.path == p)
                .map(|d| d.version.clone())
                .unwrap_or_else(|| panic!("no {p} in {:?}", info.build_deps))
        };
        assert!(dep("github.com/cometbft/cometbft").starts_with("v0.38."));
        assert!(dep("github.com/cosmos/cosmos-sdk").starts_with("v0.50."));
        assert!(dep("github.com/cosmos/ibc-go/v8").starts_with("v8."));
        // a request that is not a GetNodeInfoRequest is refused, not answered
        let bad = gw.query(path, &[0xff, 0xff], 0, false);
        assert!(!bad.code.is_ok());
        // the gRPC answer carries the running node's version the same way
        assert_eq!(
            app_version_info("0.38.25").build_deps[0].version,
            "v0.38.25"
        );
    }
}
