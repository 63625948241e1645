//! The one routing table of the module query services (auth, bank, staking, distribution,
//! slashing, gov, gOPEN, datanets, models, attribution), by gRPC method path. ABCI `Query` and
//! the gRPC gateway both answer from it, so they cannot disagree; the paths are the generated
//! constants of `openledger_proto::methods`.

use cosmos_sdk_proto::cosmos::auth::v1beta1 as auth;
use cosmos_sdk_proto::cosmos::bank::v1beta1 as bank;
use cosmos_sdk_proto::cosmos::distribution::v1beta1 as distr;
use cosmos_sdk_proto::cosmos::gov::v1 as gov;
use cosmos_sdk_proto::cosmos::slashing::v1beta1 as slashing;
use cosmos_sdk_proto::cosmos::staking::v1beta1 as staking;
use openledger_attribution::proto as at;
use openledger_datanets::proto as dn;
use openledger_gov::proto as gopen;
use openledger_models::proto as md;
use openledger_proto::methods as m;
use prost::Message;

use crate::keepers::{DatanetsView, DistrStakingView};
use crate::query::error::QueryError;
use crate::store::Snapshot;

fn decode<T: Message + Default>(data: &[u8]) -> Result<T, QueryError> {
    T::decode(data).map_err(|e| QueryError::invalid(format!("cannot decode request: {e}")))
}

/// `path => Request => |state, request| call`: [`ROUTES`] lists the paths, and [`dispatch`]
/// decodes, calls, encodes and maps the module error.
macro_rules! routes {
    ($($p:path => $req:ty => $f:expr,)*) => {
        /// Every method path [`dispatch`] answers.
        pub const ROUTES: &[&str] = &[$($p),*];

        /// The response bytes, or `None` if no module serves `path`.
        pub fn dispatch(
            snap: &Snapshot,
            path: &str,
            data: &[u8],
        ) -> Result<Option<Vec<u8>>, QueryError> {
            use openledger_attribution as ab;
            use openledger_datanets as ds;
            use openledger_distribution as d;
            use openledger_gov as g;
            use openledger_models as ms;
            use openledger_slashing as sl;
            use openledger_staking::rpc as st;
            Ok(match path {
                $($p => {
                    let req: $req = decode(data)?;
                    #[allow(clippy::redundant_closure_call)]
                    let resp = ($f)(snap, &req).map_err(|e| QueryError::module(&e))?;
                    Some(resp.encode_to_vec())
                })*
                _ => None,
            })
        }
    };
}

routes! {
        m::cosmos::auth::v1beta1::query::ACCOUNT => auth::QueryAccountRequest
            => openledger_auth::query_account,
        m::cosmos::auth::v1beta1::query::PARAMS => auth::QueryParamsRequest
            => |s, _| openledger_auth::query_params(s),
        m::cosmos::auth::v1beta1::query::BECH32_PREFIX => auth::Bech32PrefixRequest
            => |_, _| Ok::<_, openledger_auth::AuthError>(openledger_auth::query_bech32_prefix()),
        m::cosmos::auth::v1beta1::query::ADDRESS_BYTES_TO_STRING
            => auth::AddressBytesToStringRequest
            => |_, r| openledger_auth::query_address_bytes_to_string(r),
        m::cosmos::auth::v1beta1::query::ADDRESS_STRING_TO_BYTES
            => auth::AddressStringToBytesRequest
            => |_, r| openledger_auth::query_address_string_to_bytes(r),

        m::cosmos::bank::v1beta1::query::BALANCE => bank::QueryBalanceRequest
            => openledger_bank::query_balance,
        m::cosmos::bank::v1beta1::query::ALL_BALANCES => bank::QueryAllBalancesRequest
            => openledger_bank::query_all_balances,
        m::cosmos::bank::v1beta1::query::SPENDABLE_BALANCES
            => bank::QuerySpendableBalancesRequest => openledger_bank::query_spendable_balances,
        m::cosmos::bank::v1beta1::query::SPENDABLE_BALANCE_BY_DENOM
            => bank::QuerySpendableBalanceByDenomRequest
            => openledger_bank::query_spendable_balance_by_denom,
        m::cosmos::bank::v1beta1::query::TOTAL_SUPPLY => bank::QueryTotalSupplyRequest
            => openledger_bank::query_total_supply,
        m::cosmos::bank::v1beta1::query::SUPPLY_OF => bank::QuerySupplyOfRequest
            => openledger_bank::query_supply_of,

        m::cosmos::staking::v1beta1::query::VALIDATORS => staking::QueryValidatorsRequest
            => st::query_validators,
        m::cosmos::staking::v1beta1::query::VALIDATOR => staking::QueryValidatorRequest
            => st::query_validator,
        m::cosmos::staking::v1beta1::query::VALIDATOR_DELEGATIONS
            => staking::QueryValidatorDelegationsRequest => st::query_validator_delegations,
        m::cosmos::staking::v1beta1::query::VALIDATOR_UNBONDING_DELEGATIONS
            => staking::QueryValidatorUnbondingDelegationsRequest
            => st::query_validator_unbonding_delegations,
        m::cosmos::staking::v1beta1::query::DELEGATION => staking::QueryDelegationRequest
            => st::query_delegation,
        m::cosmos::staking::v1beta1::query::UNBONDING_DELEGATION
            => staking::QueryUnbondingDelegationRequest => st::query_unbonding_delegation,
        m::cosmos::staking::v1beta1::query::DELEGATOR_DELEGATIONS
            => staking::QueryDelegatorDelegationsRequest => st::query_delegator_delegations,
        m::cosmos::staking::v1beta1::query::DELEGATOR_UNBONDING_DELEGATIONS
            => staking::QueryDelegatorUnbondingDelegationsRequest
            => st::query_delegator_unbonding_delegations,
        m::cosmos::staking::v1beta1::query::REDELEGATIONS => staking::QueryRedelegationsRequest
            => st::query_redelegations,
        m::cosmos::staking::v1beta1::query::DELEGATOR_VALIDATORS
            => staking::QueryDelegatorValidatorsRequest => st::query_delegator_validators,
        m::cosmos::staking::v1beta1::query::DELEGATOR_VALIDATOR
            => staking::QueryDelegatorValidatorRequest => st::query_delegator_validator,
        m::cosmos::staking::v1beta1::query::HISTORICAL_INFO => staking::QueryHistoricalInfoRequest
            => st::query_historical_info,
        m::cosmos::staking::v1beta1::query::POOL => staking::QueryPoolRequest => st::query_pool,
        m::cosmos::staking::v1beta1::query::PARAMS => staking::QueryParamsRequest
            => st::query_params,

        m::cosmos::distribution::v1beta1::query::PARAMS => distr::QueryParamsRequest
            => d::query_params,
        m::cosmos::distribution::v1beta1::query::VALIDATOR_DISTRIBUTION_INFO
            => distr::QueryValidatorDistributionInfoRequest
            => |s, r| d::query_validator_distribution_info(s, &DistrStakingView, r),
        m::cosmos::distribution::v1beta1::query::VALIDATOR_OUTSTANDING_REWARDS
            => distr::QueryValidatorOutstandingRewardsRequest
            => |s, r| d::query_validator_outstanding_rewards(s, &DistrStakingView, r),
        m::cosmos::distribution::v1beta1::query::VALIDATOR_COMMISSION
            => distr::QueryValidatorCommissionRequest
            => |s, r| d::query_validator_commission(s, &DistrStakingView, r),
        m::cosmos::distribution::v1beta1::query::VALIDATOR_SLASHES
            => distr::QueryValidatorSlashesRequest => d::query_validator_slashes,
        m::cosmos::distribution::v1beta1::query::DELEGATION_REWARDS
            => distr::QueryDelegationRewardsRequest
            => |s, r| d::query_delegation_rewards(s, &DistrStakingView, r),
        m::cosmos::distribution::v1beta1::query::DELEGATION_TOTAL_REWARDS
            => distr::QueryDelegationTotalRewardsRequest
            => |s, r| d::query_delegation_total_rewards(s, &DistrStakingView, r),
        m::cosmos::distribution::v1beta1::query::DELEGATOR_VALIDATORS
            => distr::QueryDelegatorValidatorsRequest
            => |s, r| d::query_delegator_validators(s, &DistrStakingView, r),
        m::cosmos::distribution::v1beta1::query::DELEGATOR_WITHDRAW_ADDRESS
            => distr::QueryDelegatorWithdrawAddressRequest => d::query_delegator_withdraw_address,
        m::cosmos::distribution::v1beta1::query::COMMUNITY_POOL => distr::QueryCommunityPoolRequest
            => d::query_community_pool,

        m::cosmos::slashing::v1beta1::query::PARAMS => slashing::QueryParamsRequest
            => sl::query_params,
        m::cosmos::slashing::v1beta1::query::SIGNING_INFO => slashing::QuerySigningInfoRequest
            => sl::query_signing_info,
        m::cosmos::slashing::v1beta1::query::SIGNING_INFOS => slashing::QuerySigningInfosRequest
            => sl::query_signing_infos,

        m::cosmos::gov::v1::query::CONSTITUTION => gov::QueryConstitutionRequest
            => g::query_constitution,
        m::cosmos::gov::v1::query::PARAMS => gov::QueryParamsRequest => g::query_params,
        m::cosmos::gov::v1::query::PROPOSAL => gov::QueryProposalRequest => g::query_proposal,
        m::cosmos::gov::v1::query::PROPOSALS => gov::QueryProposalsRequest => g::query_proposals,
        m::cosmos::gov::v1::query::VOTE => gov::QueryVoteRequest => g::query_vote,
        m::cosmos::gov::v1::query::VOTES => gov::QueryVotesRequest => g::query_votes,
        m::cosmos::gov::v1::query::DEPOSIT => gov::QueryDepositRequest => g::query_deposit,
        m::cosmos::gov::v1::query::DEPOSITS => gov::QueryDepositsRequest => g::query_deposits,
        m::cosmos::gov::v1::query::TALLY_RESULT => gov::QueryTallyResultRequest
            => g::query_tally_result,
        m::openledger::gov::v1::query::GOVERNANCE_POWER => gopen::QueryGovernancePowerRequest
            => g::query_governance_power,
        m::openledger::gov::v1::query::TOTAL_POWER => gopen::QueryTotalPowerRequest
            => g::query_total_power,

        m::openledger::datanets::v1::query::PARAMS => dn::QueryParamsRequest => ds::query_params,
        m::openledger::datanets::v1::query::DATANET => dn::QueryDatanetRequest => ds::query_datanet,
        m::openledger::datanets::v1::query::DATANETS => dn::QueryDatanetsRequest
            => ds::query_datanets,
        m::openledger::datanets::v1::query::CONTRIBUTION => dn::QueryContributionRequest
            => ds::query_contribution,
        m::openledger::datanets::v1::query::CONTRIBUTIONS_BY_DATANET
            => dn::QueryContributionsByDatanetRequest => ds::query_contributions_by_datanet,
        m::openledger::datanets::v1::query::CONTRIBUTIONS_BY_CONTRIBUTOR
            => dn::QueryContributionsByContributorRequest
            => ds::query_contributions_by_contributor,
        m::openledger::datanets::v1::query::VERSIONS => dn::QueryVersionsRequest
            => ds::query_versions,
        m::openledger::datanets::v1::query::VERSION => dn::QueryVersionRequest => ds::query_version,
        m::openledger::datanets::v1::query::STANDING => dn::QueryStandingRequest
            => ds::query_standing,
        m::openledger::datanets::v1::query::ACCESS => dn::QueryAccessRequest => ds::query_access,
        m::openledger::datanets::v1::query::CLAIMABLE => dn::QueryClaimableRequest
            => ds::query_claimable,

        m::openledger::models::v1::query::PARAMS => md::QueryParamsRequest => ms::query_params,
        m::openledger::models::v1::query::MODEL => md::QueryModelRequest => ms::query_model,
        m::openledger::models::v1::query::MODELS => md::QueryModelsRequest => ms::query_models,
        m::openledger::models::v1::query::VERSIONS => md::QueryVersionsRequest
            => ms::query_versions,
        m::openledger::models::v1::query::VERSION => md::QueryVersionRequest => ms::query_version,
        m::openledger::models::v1::query::LINEAGE => md::QueryLineageRequest
            => |s, r| ms::query_lineage(s, &DatanetsView, r),
        m::openledger::models::v1::query::HISTORY => md::QueryHistoryRequest
            => ms::query_history,

        m::openledger::attribution::v1::query::PARAMS => at::QueryParamsRequest => ab::query_params,
        m::openledger::attribution::v1::query::OPERATOR => at::QueryOperatorRequest
            => ab::query_operator,
        m::openledger::attribution::v1::query::OPERATORS => at::QueryOperatorsRequest
            => ab::query_operators,
        m::openledger::attribution::v1::query::ACCOUNT => at::QueryAccountRequest
            => ab::query_account,
        m::openledger::attribution::v1::query::GRANTS => at::QueryGrantsRequest => ab::query_grants,
        m::openledger::attribution::v1::query::RECEIPT => at::QueryReceiptRequest
            => ab::query_receipt,
        m::openledger::attribution::v1::query::RECEIPTS_BY_MODEL => at::QueryReceiptsByModelRequest
            => ab::query_receipts_by_model,
        m::openledger::attribution::v1::query::RECEIPTS_BY_USER => at::QueryReceiptsByUserRequest
            => ab::query_receipts_by_user,
        m::openledger::attribution::v1::query::RECEIPTS_BY_OPERATOR
            => at::QueryReceiptsByOperatorRequest => ab::query_receipts_by_operator,
        m::openledger::attribution::v1::query::EARNINGS => at::QueryEarningsRequest
            => ab::query_earnings,
        m::openledger::attribution::v1::query::MODEL_INFLUENCE => at::QueryModelInfluenceRequest
            => ab::query_model_influence,
        m::openledger::attribution::v1::query::TOP_CONTRIBUTORS => at::QueryTopContributorsRequest
            => ab::query_top_contributors,
        m::openledger::attribution::v1::query::TOP_DATANETS => at::QueryTopDatanetsRequest
            => ab::query_top_datanets,
        m::openledger::attribution::v1::query::TOTALS => at::QueryTotalsRequest => ab::query_totals,
}
