//! What feedback needs from other modules (the SDK's "expected keepers"). The app implements
//! them over models and distribution; this crate never reads their state itself.

use openledger_framework::{Address, CallError, StateRead, StateWrite};

/// The facts about a model that feedback uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelView {
    pub id: u64,
    pub creator: Address,
    /// 0 before the first deployment.
    pub latest_version: u64,
    /// REJECTED or RETIRED: no new rounds.
    pub closed: bool,
}

pub trait ModelsKeeper {
    fn model(&self, state: &dyn StateRead, id: u64) -> Result<Option<ModelView>, CallError>;
}

pub trait DistributionKeeper {
    /// Move `amount` aopen from `from` into the community pool.
    fn fund_community_pool(
        &self,
        state: &mut dyn StateWrite,
        from: &Address,
        amount: u128,
    ) -> Result<(), CallError>;
}
