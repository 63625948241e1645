//! datanets: datanets, contributions, curation, versions and access sales.

use openledger_datanets as ds;
use openledger_datanets::proto as pb;
use openledger_framework::module::respond;
use openledger_framework::{msg_routes, query_routes, Module, MsgRoute, QueryRoute, StateRead};
use openledger_proto::methods::openledger::datanets::v1::query as q;

pub struct Datanets;

impl Module for Datanets {
    fn name(&self) -> &'static str {
        "datanets"
    }

    openledger_framework::genesis_methods!(ds::GenesisState);

    fn check_invariants(&self, state: &dyn StateRead) -> Result<(), String> {
        ds::invariants::check_all(&state).map_err(|e| e.to_string())
    }

    fn msg_routes(&self) -> Vec<MsgRoute> {
        msg_routes![
            pb::MsgCreateDatanet => ds::MsgCreateDatanet => |s, c, m| respond(
                ds::execute_create_datanet(s, c, m),
                |id| pb::MsgCreateDatanetResponse { datanet_id: id },
            ),
            pb::MsgUpdateDatanet => ds::MsgUpdateDatanet => |s, c, m| respond(
                ds::execute_update_datanet(s, c, m),
                |()| pb::MsgUpdateDatanetResponse {},
            ),
            pb::MsgCommitContribution => ds::MsgCommitContribution => |s, c, m| respond(
                ds::execute_commit_contribution(s, c, m),
                |expires_height| pb::MsgCommitContributionResponse { expires_height },
            ),
            pb::MsgContribute => ds::MsgContribute => |s, c, m| respond(
                ds::execute_contribute(s, c, m),
                |id| pb::MsgContributeResponse { contribution_id: id },
            ),
            pb::MsgCurate => ds::MsgCurate => |s, c, m| respond(
                ds::execute_curate(s, c, m),
                |r| pb::MsgCurateResponse {
                    bond_returned: r.bond_returned.to_string(),
                    bond_burned: r.bond_burned.to_string(),
                },
            ),
            pb::MsgPublishVersion => ds::MsgPublishVersion => |s, c, m| respond(
                ds::execute_publish_version(s, c, m),
                |(version, root)| pb::MsgPublishVersionResponse { version, root: root.to_vec() },
            ),
            pb::MsgPurchaseAccess => ds::MsgPurchaseAccess => |s, c, m| respond(
                ds::execute_purchase_access(s, c, m),
                |price| pb::MsgPurchaseAccessResponse { price: price.to_string() },
            ),
            pb::MsgClaimRevenue => ds::MsgClaimRevenue => |s, c, m| respond(
                ds::execute_claim_revenue(s, c, m),
                |a| pb::MsgClaimRevenueResponse { amount: a.to_string() },
            ),
            #[proposal]
            pb::MsgUpdateParams => ds::MsgUpdateParams => |s, c, m| respond(
                ds::execute_update_params(s, c, m),
                |()| pb::MsgUpdateParamsResponse {},
            ),
        ]
    }

    fn query_routes(&self) -> Vec<QueryRoute> {
        query_routes![
            q::PARAMS => pb::QueryParamsRequest => |s, r| ds::query_params(s, r),
            q::DATANET => pb::QueryDatanetRequest => |s, r| ds::query_datanet(s, r),
            q::DATANETS => pb::QueryDatanetsRequest => |s, r| ds::query_datanets(s, r),
            q::CONTRIBUTION => pb::QueryContributionRequest
                => |s, r| ds::query_contribution(s, r),
            q::CONTRIBUTIONS_BY_DATANET => pb::QueryContributionsByDatanetRequest
                => |s, r| ds::query_contributions_by_datanet(s, r),
            q::CONTRIBUTIONS_BY_CONTRIBUTOR => pb::QueryContributionsByContributorRequest
                => |s, r| ds::query_contributions_by_contributor(s, r),
            q::VERSIONS => pb::QueryVersionsRequest => |s, r| ds::query_versions(s, r),
            q::VERSION => pb::QueryVersionRequest => |s, r| ds::query_version(s, r),
            q::STANDING => pb::QueryStandingRequest => |s, r| ds::query_standing(s, r),
            q::ACCESS => pb::QueryAccessRequest => |s, r| ds::query_access(s, r),
            q::CLAIMABLE => pb::QueryClaimableRequest => |s, r| ds::query_claimable(s, r),
        ]
    }
}
