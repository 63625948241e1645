//! The query services of staking, distribution, slashing, gov, datanets, models and attribution, by gRPC
//! method path.

use cosmos_sdk_proto::cosmos::distribution::v1beta1 as distr;
use cosmos_sdk_proto::cosmos::gov::v1 as gov;
use cosmos_sdk_proto::cosmos::slashing::v1beta1 as slashing;
use cosmos_sdk_proto::cosmos::staking::v1beta1 as staking;
use openledger_attribution::proto as at;
use openledger_datanets::proto as dn;
use openledger_gov::proto as gopen;
use openledger_models::proto as md;
use prost::Message;

use crate::keepers::{DatanetsView, DistrStakingView};
use crate::query::error::QueryError;
use crate::store::Snapshot;

fn decode<T: Message + Default>(data: &[u8]) -> Result<T, QueryError> {
    T::decode(data).map_err(|e| QueryError::invalid(format!("cannot decode request: {e}")))
}

/// `path => Request => |state, request| call`: decode, call, encode, map the module error.
macro_rules! routes {
    ($path:expr, $snap:expr, $data:expr, { $($p:literal => $req:ty => $f:expr,)* }) => {
        match $path {
            $($p => {
                let req: $req = decode($data)?;
                let s: &Snapshot = $snap;
                #[allow(clippy::redundant_closure_call)]
                let resp = ($f)(s, &req).map_err(|e| QueryError::module(&e))?;
                Some(resp.encode_to_vec())
            })*
            _ => None,
        }
    };
}

/// The response bytes, or `None` if no module serves `path`.
pub fn dispatch(snap: &Snapshot, path: &str, data: &[u8]) -> Result<Option<Vec<u8>>, QueryError> {
    use openledger_attribution as ab;
    use openledger_datanets as ds;
    use openledger_distribution as d;
    use openledger_gov as g;
    use openledger_models as ms;
    use openledger_slashing as sl;
    use openledger_staking::rpc as st;
    let k = &DistrStakingView;
    Ok(routes!(path, snap, data, {
        "/cosmos.staking.v1beta1.Query/Validators" => staking::QueryValidatorsRequest
            => st::query_validators,
        "/cosmos.staking.v1beta1.Query/Validator" => staking::QueryValidatorRequest
            => st::query_validator,
        "/cosmos.staking.v1beta1.Query/ValidatorDelegations"
            => staking::QueryValidatorDelegationsRequest => st::query_validator_delegations,
        "/cosmos.staking.v1beta1.Query/ValidatorUnbondingDelegations"
            => staking::QueryValidatorUnbondingDelegationsRequest
            => st::query_validator_unbonding_delegations,
        "/cosmos.staking.v1beta1.Query/Delegation" => staking::QueryDelegationRequest
            => st::query_delegation,
        "/cosmos.staking.v1beta1.Query/UnbondingDelegation"
            => staking::QueryUnbondingDelegationRequest => st::query_unbonding_delegation,
        "/cosmos.staking.v1beta1.Query/DelegatorDelegations"
            => staking::QueryDelegatorDelegationsRequest => st::query_delegator_delegations,
        "/cosmos.staking.v1beta1.Query/DelegatorUnbondingDelegations"
            => staking::QueryDelegatorUnbondingDelegationsRequest
            => st::query_delegator_unbonding_delegations,
        "/cosmos.staking.v1beta1.Query/Redelegations" => staking::QueryRedelegationsRequest
            => st::query_redelegations,
        "/cosmos.staking.v1beta1.Query/DelegatorValidators"
            => staking::QueryDelegatorValidatorsRequest => st::query_delegator_validators,
        "/cosmos.staking.v1beta1.Query/DelegatorValidator"
            => staking::QueryDelegatorValidatorRequest => st::query_delegator_validator,
        "/cosmos.staking.v1beta1.Query/HistoricalInfo" => staking::QueryHistoricalInfoRequest
            => st::query_historical_info,
        "/cosmos.staking.v1beta1.Query/Pool" => staking::QueryPoolRequest => st::query_pool,
        "/cosmos.staking.v1beta1.Query/Params" => staking::QueryParamsRequest
            => st::query_params,

        "/cosmos.distribution.v1beta1.Query/Params" => distr::QueryParamsRequest
            => d::query_params,
        "/cosmos.distribution.v1beta1.Query/ValidatorDistributionInfo"
            => distr::QueryValidatorDistributionInfoRequest
            => |s, r| d::query_validator_distribution_info(s, k, r),
        "/cosmos.distribution.v1beta1.Query/ValidatorOutstandingRewards"
            => distr::QueryValidatorOutstandingRewardsRequest
            => |s, r| d::query_validator_outstanding_rewards(s, k, r),
        "/cosmos.distribution.v1beta1.Query/ValidatorCommission"
            => distr::QueryValidatorCommissionRequest
            => |s, r| d::query_validator_commission(s, k, r),
        "/cosmos.distribution.v1beta1.Query/ValidatorSlashes"
            => distr::QueryValidatorSlashesRequest => d::query_validator_slashes,
        "/cosmos.distribution.v1beta1.Query/DelegationRewards"
            => distr::QueryDelegationRewardsRequest
            => |s, r| d::query_delegation_rewards(s, k, r),
        "/cosmos.distribution.v1beta1.Query/DelegationTotalRewards"
            => distr::QueryDelegationTotalRewardsRequest
            => |s, r| d::query_delegation_total_rewards(s, k, r),
        "/cosmos.distribution.v1beta1.Query/DelegatorValidators"
            => distr::QueryDelegatorValidatorsRequest
            => |s, r| d::query_delegator_validators(s, k, r),
        "/cosmos.distribution.v1beta1.Query/DelegatorWithdrawAddress"
            => distr::QueryDelegatorWithdrawAddressRequest => d::query_delegator_withdraw_address,
        "/cosmos.distribution.v1beta1.Query/CommunityPool" => distr::QueryCommunityPoolRequest
            => d::query_community_pool,

        "/cosmos.slashing.v1beta1.Query/Params" => slashing::QueryParamsRequest
            => sl::query_params,
        "/cosmos.slashing.v1beta1.Query/SigningInfo" => slashing::QuerySigningInfoRequest
            => sl::query_signing_info,
        "/cosmos.slashing.v1beta1.Query/SigningInfos" => slashing::QuerySigningInfosRequest
            => sl::query_signing_infos,

        "/cosmos.gov.v1.Query/Constitution" => gov::QueryConstitutionRequest
            => g::query_constitution,
        "/cosmos.gov.v1.Query/Params" => gov::QueryParamsRequest => g::query_params,
        "/cosmos.gov.v1.Query/Proposal" => gov::QueryProposalRequest => g::query_proposal,
        "/cosmos.gov.v1.Query/Proposals" => gov::QueryProposalsRequest => g::query_proposals,
        "/cosmos.gov.v1.Query/Vote" => gov::QueryVoteRequest => g::query_vote,
        "/cosmos.gov.v1.Query/Votes" => gov::QueryVotesRequest => g::query_votes,
        "/cosmos.gov.v1.Query/Deposit" => gov::QueryDepositRequest => g::query_deposit,
        "/cosmos.gov.v1.Query/Deposits" => gov::QueryDepositsRequest => g::query_deposits,
        "/cosmos.gov.v1.Query/TallyResult" => gov::QueryTallyResultRequest
            => g::query_tally_result,
        "/openledger.gov.v1.Query/GovernancePower" => gopen::QueryGovernancePowerRequest
            => g::query_governance_power,
        "/openledger.gov.v1.Query/TotalPower" => gopen::QueryTotalPowerRequest
            => g::query_total_power,

        "/openledger.datanets.v1.Query/Params" => dn::QueryParamsRequest => ds::query_params,
        "/openledger.datanets.v1.Query/Datanet" => dn::QueryDatanetRequest => ds::query_datanet,
        "/openledger.datanets.v1.Query/Datanets" => dn::QueryDatanetsRequest
            => ds::query_datanets,
        "/openledger.datanets.v1.Query/Contribution" => dn::QueryContributionRequest
            => ds::query_contribution,
        "/openledger.datanets.v1.Query/ContributionsByDatanet"
            => dn::QueryContributionsByDatanetRequest => ds::query_contributions_by_datanet,
        "/openledger.datanets.v1.Query/ContributionsByContributor"
            => dn::QueryContributionsByContributorRequest
            => ds::query_contributions_by_contributor,
        "/openledger.datanets.v1.Query/Versions" => dn::QueryVersionsRequest
            => ds::query_versions,
        "/openledger.datanets.v1.Query/Version" => dn::QueryVersionRequest => ds::query_version,
        "/openledger.datanets.v1.Query/Standing" => dn::QueryStandingRequest
            => ds::query_standing,
        "/openledger.datanets.v1.Query/Access" => dn::QueryAccessRequest => ds::query_access,
        "/openledger.datanets.v1.Query/Claimable" => dn::QueryClaimableRequest
            => ds::query_claimable,

        "/openledger.models.v1.Query/Params" => md::QueryParamsRequest => ms::query_params,
        "/openledger.models.v1.Query/Model" => md::QueryModelRequest => ms::query_model,
        "/openledger.models.v1.Query/Models" => md::QueryModelsRequest => ms::query_models,
        "/openledger.models.v1.Query/Versions" => md::QueryVersionsRequest
            => ms::query_versions,
        "/openledger.models.v1.Query/Version" => md::QueryVersionRequest => ms::query_version,
        "/openledger.models.v1.Query/Lineage" => md::QueryLineageRequest
            => |s, r| ms::query_lineage(s, &DatanetsView, r),
        "/openledger.models.v1.Query/History" => md::QueryHistoryRequest
            => ms::query_history,

        "/openledger.attribution.v1.Query/Params" => at::QueryParamsRequest => ab::query_params,
        "/openledger.attribution.v1.Query/Operator" => at::QueryOperatorRequest
            => ab::query_operator,
        "/openledger.attribution.v1.Query/Operators" => at::QueryOperatorsRequest
            => ab::query_operators,
        "/openledger.attribution.v1.Query/Account" => at::QueryAccountRequest
            => ab::query_account,
        "/openledger.attribution.v1.Query/Grants" => at::QueryGrantsRequest => ab::query_grants,
        "/openledger.attribution.v1.Query/Receipt" => at::QueryReceiptRequest
            => ab::query_receipt,
        "/openledger.attribution.v1.Query/ReceiptsByModel" => at::QueryReceiptsByModelRequest
            => ab::query_receipts_by_model,
        "/openledger.attribution.v1.Query/ReceiptsByUser" => at::QueryReceiptsByUserRequest
            => ab::query_receipts_by_user,
        "/openledger.attribution.v1.Query/ReceiptsByOperator"
            => at::QueryReceiptsByOperatorRequest => ab::query_receipts_by_operator,
        "/openledger.attribution.v1.Query/Earnings" => at::QueryEarningsRequest
            => ab::query_earnings,
        "/openledger.attribution.v1.Query/ModelInfluence" => at::QueryModelInfluenceRequest
            => ab::query_model_influence,
        "/openledger.attribution.v1.Query/TopContributors" => at::QueryTopContributorsRequest
            => ab::query_top_contributors,
        "/openledger.attribution.v1.Query/TopDatanets" => at::QueryTopDatanetsRequest
            => ab::query_top_datanets,
        "/openledger.attribution.v1.Query/Totals" => at::QueryTotalsRequest => ab::query_totals,
    }))
}
