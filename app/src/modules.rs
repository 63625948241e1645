//! The chain's modules: one explicit, ordered list, and the routing tables built from it.
//!
//! Order is consensus. [`MODULES`] is the order of genesis (init and export), of invariants
//! and of route registration; [`BEGIN_BLOCKERS`] and [`END_BLOCKERS`] the order of the block
//! hooks, in the Cosmos SDK's module order. Each module's file is its keeper wiring: it calls
//! the module crate's handlers with the keepers the app provides.
//!
//! Adding a module takes three edits in `app/`: the dependency in `Cargo.toml`, a file here
//! wiring its keepers (its `Module` impl), and its entry in the lists below.

mod adapters;
pub mod attribution;
mod auth;
mod bank;
mod datanets;
mod distribution;
mod feedback;
mod finetune;
mod gov;
mod ibc;
mod models;
mod slashing;
mod staking;
pub mod upgrade;

use std::collections::btree_map::Entry;
use std::collections::BTreeMap;
use std::sync::OnceLock;

use openledger_framework::module::QueryFn;
use openledger_framework::{Module, MsgRoute};

/// Every module, in genesis order.
pub static MODULES: [&dyn Module; 14] = [
    &auth::Auth,
    &bank::Bank,
    &staking::Staking,
    &distribution::Distribution,
    &slashing::Slashing,
    &gov::Gov,
    &datanets::Datanets,
    &models::Models,
    &attribution::Attribution,
    &adapters::Adapters,
    &finetune::Finetune,
    &feedback::Feedback,
    &ibc::Ibc,
    &upgrade::Upgrade,
];

/// Begin block: distribution pays the previous block's fees by last-commit power, then
/// slashing handles evidence and liveness.
pub static BEGIN_BLOCKERS: [&dyn Module; 2] = [&distribution::Distribution, &slashing::Slashing];

/// End block: governance (unlocks, deposit and voting periods, proposal execution),
/// attribution (payouts of the block's fees, matured operator unbondings), finetune (jobs
/// past their deadline or dispute window, matured provider unbondings), feedback (rounds at
/// their reveal deadline settled, matured validator unbondings), then staking (queues and the
/// validator set), whose updates go to CometBFT.
pub static END_BLOCKERS: [&dyn Module; 5] = [
    &gov::Gov,
    &attribution::Attribution,
    &finetune::Finetune,
    &feedback::Feedback,
    &staking::Staking,
];

/// The message and query routes of every module, by type URL and by method path.
pub struct Routes {
    msgs: BTreeMap<String, (&'static str, MsgRoute)>,
    queries: BTreeMap<&'static str, QueryFn>,
    /// Registrations that clashed with an earlier one (a wiring error; tests keep it empty).
    pub duplicates: Vec<String>,
}

impl Routes {
    fn build() -> Routes {
        let mut routes = Routes {
            msgs: BTreeMap::new(),
            queries: BTreeMap::new(),
            duplicates: Vec::new(),
        };
        for module in MODULES {
            for route in module.msg_routes() {
                match routes.msgs.entry(route.type_url.clone()) {
                    Entry::Occupied(e) => routes.duplicates.push(e.key().clone()),
                    Entry::Vacant(e) => {
                        e.insert((module.name(), route));
                    }
                }
            }
            for route in module.query_routes() {
                if routes.queries.insert(route.path, route.handle).is_some() {
                    routes.duplicates.push(route.path.to_string());
                }
            }
        }
        routes
    }

    /// The module and route of a message type.
    pub fn msg(&self, type_url: &str) -> Option<(&'static str, &MsgRoute)> {
        self.msgs.get(type_url).map(|(m, r)| (*m, r))
    }

    /// Every message type URL the chain accepts.
    pub fn type_urls(&self) -> impl Iterator<Item = &str> {
        self.msgs.keys().map(String::as_str)
    }

    /// The handler of a query method path.
    pub fn query(&self, path: &str) -> Option<QueryFn> {
        self.queries.get(path).copied()
    }

    /// Every query method path the modules answer.
    pub fn query_paths(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.queries.keys().copied()
    }
}

/// The routing tables, built once from [`MODULES`].
pub fn routes() -> &'static Routes {
    static ROUTES: OnceLock<Routes> = OnceLock::new();
    ROUTES.get_or_init(Routes::build)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::routes;

    #[test]
    fn every_route_is_registered_once() {
        assert!(routes().duplicates.is_empty(), "{:?}", routes().duplicates);
        assert_eq!(routes().type_urls().count(), 108);
    }

    /// Governance may execute parameter changes and other acts of governance only: anything
    /// else signed by the gov account would spend the deposit escrow or let governance vote
    /// on itself.
    #[test]
    fn proposals_carry_exactly_the_acts_of_governance() {
        let allowed: BTreeSet<&str> = routes()
            .msgs
            .iter()
            .filter(|(_, (_, r))| r.proposal)
            .map(|(url, _)| url.as_str())
            .collect();
        let expected = BTreeSet::from([
            "/cosmos.auth.v1beta1.MsgUpdateParams",
            "/openledger.auth.v1.MsgUpdateTxParams",
            "/cosmos.bank.v1beta1.MsgUpdateParams",
            "/cosmos.staking.v1beta1.MsgUpdateParams",
            "/cosmos.distribution.v1beta1.MsgUpdateParams",
            "/cosmos.distribution.v1beta1.MsgCommunityPoolSpend",
            "/cosmos.slashing.v1beta1.MsgUpdateParams",
            "/openledger.slashing.v1.MsgUpdateEvidenceParams",
            "/cosmos.gov.v1.MsgUpdateParams",
            "/openledger.gov.v1.MsgUpdateGovLimits",
            "/openledger.datanets.v1.MsgUpdateParams",
            "/openledger.models.v1.MsgApproveModel",
            "/openledger.models.v1.MsgRejectModel",
            "/openledger.models.v1.MsgAdvanceModel",
            "/openledger.models.v1.MsgPublishModelVersion",
            "/openledger.models.v1.MsgUpdateParams",
            "/openledger.attribution.v1.MsgSlashOperator",
            "/openledger.attribution.v1.MsgUpdateParams",
            "/openledger.attribution.v1.MsgSettleChallenge",
            "/openledger.adapters.v1.MsgUpdateParams",
            "/openledger.finetune.v1.MsgSettleJob",
            "/openledger.finetune.v1.MsgUpdateParams",
            "/openledger.feedback.v1.MsgUpdateParams",
            "/cosmos.upgrade.v1beta1.MsgSoftwareUpgrade",
            "/cosmos.upgrade.v1beta1.MsgCancelUpgrade",
            "/openledger.ibc.v1.MsgAddRateLimit",
            "/openledger.ibc.v1.MsgUpdateRateLimit",
            "/openledger.ibc.v1.MsgRemoveRateLimit",
            "/openledger.ibc.v1.MsgResetRateLimit",
        ]);
        assert_eq!(allowed, expected);
    }
}
