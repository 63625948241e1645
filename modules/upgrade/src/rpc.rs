//! Query functions behind `cosmos.upgrade.v1beta1.Query`. One plain function per RPC.

use cosmos_sdk_proto::cosmos::upgrade::v1beta1::{
    ModuleVersion, QueryAppliedPlanRequest, QueryAppliedPlanResponse, QueryAuthorityRequest,
    QueryAuthorityResponse, QueryCurrentPlanRequest, QueryCurrentPlanResponse,
    QueryModuleVersionsRequest, QueryModuleVersionsResponse, QueryUpgradedConsensusStateRequest,
    QueryUpgradedConsensusStateResponse,
};
use openledger_framework::{Address, StateRead};

use crate::error::UpgradeError;
use crate::state::UpgradeRead;

/// The scheduled plan; none when nothing is scheduled.
pub fn query_current_plan<S: StateRead>(
    state: &S,
    _req: &QueryCurrentPlanRequest,
) -> Result<QueryCurrentPlanResponse, UpgradeError> {
    Ok(QueryCurrentPlanResponse {
        plan: state.current_plan()?.map(|p| p.to_proto()),
    })
}

/// The height a plan was applied at; 0 when it was not (as the SDK).
pub fn query_applied_plan<S: StateRead>(
    state: &S,
    req: &QueryAppliedPlanRequest,
) -> Result<QueryAppliedPlanResponse, UpgradeError> {
    if req.name.is_empty() {
        return Err(UpgradeError::InvalidRequest("empty name".into()));
    }
    let height = state.done_height(&req.name)?.unwrap_or(0);
    Ok(QueryAppliedPlanResponse {
        height: i64::try_from(height).unwrap_or(i64::MAX),
    })
}

/// Every module's state version in name order, or one module's (`module_name`).
pub fn query_module_versions<S: StateRead>(
    state: &S,
    req: &QueryModuleVersionsRequest,
) -> Result<QueryModuleVersionsResponse, UpgradeError> {
    let module_versions = if req.module_name.is_empty() {
        state
            .module_versions()?
            .into_iter()
            .map(|(name, version)| ModuleVersion { name, version })
            .collect()
    } else {
        let version = state
            .module_version(&req.module_name)?
            .ok_or_else(|| UpgradeError::NoModuleVersion(req.module_name.clone()))?;
        vec![ModuleVersion {
            name: req.module_name.clone(),
            version,
        }]
    };
    Ok(QueryModuleVersionsResponse { module_versions })
}

/// The account allowed to schedule and cancel upgrades: the gov module account.
pub fn query_authority<S: StateRead>(
    _state: &S,
    _req: &QueryAuthorityRequest,
) -> Result<QueryAuthorityResponse, UpgradeError> {
    Ok(QueryAuthorityResponse {
        address: Address::module(openledger_auth::GOV_AUTHORITY).to_string(),
    })
}

/// Deprecated in the SDK (IBC has its own): no upgraded consensus state is ever stored, so
/// the answer is empty.
pub fn query_upgraded_consensus_state<S: StateRead>(
    _state: &S,
    _req: &QueryUpgradedConsensusStateRequest,
) -> Result<QueryUpgradedConsensusStateResponse, UpgradeError> {
    Ok(QueryUpgradedConsensusStateResponse::default())
}
