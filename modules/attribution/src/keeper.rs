//! What attribution needs from other modules (the SDK's "expected keepers"). The app
//! implements these traits over the models, datanets and distribution modules; this crate
//! never reads or writes another module's state itself (bank transfers aside).

use openledger_framework::{Address, CallError, Dec, StateRead, StateWrite};

/// The facts about a model that attribution uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelView {
    pub id: u64,
    pub creator: Address,
    /// Whether the model is in stage DEPLOYED.
    pub deployed: bool,
    pub latest_version: u64,
}

pub trait ModelsKeeper {
    fn model(&self, state: &dyn StateRead, id: u64) -> Result<Option<ModelView>, CallError>;
    /// (datanet_id, version) pairs of model version `number`, None if no such version.
    fn version_datanets(
        &self,
        state: &dyn StateRead,
        id: u64,
        number: u64,
    ) -> Result<Option<Vec<(u64, u64)>>, CallError>;
    /// (rate_in_per_1000, rate_out_per_1000) in effect at `height`.
    fn pricing_at(
        &self,
        state: &dyn StateRead,
        id: u64,
        height: u64,
    ) -> Result<Option<(u128, u128)>, CallError>;
}

/// The facts about a contribution that attribution uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContributionView {
    pub id: u64,
    pub datanet_id: u64,
    pub contributor: Address,
    /// Whether the contribution is APPROVED.
    pub approved: bool,
    /// Its place in the datanet's approval order (from 1): a version with contribution_count
    /// `n` holds the contributions with approval_seq ≤ n.
    pub approval_seq: u64,
}

pub trait DatanetsKeeper {
    fn contribution(
        &self,
        state: &dyn StateRead,
        id: u64,
    ) -> Result<Option<ContributionView>, CallError>;
    /// contribution_count of datanet version (datanet_id, number), None if it does not exist.
    fn version_contribution_count(
        &self,
        state: &dyn StateRead,
        datanet_id: u64,
        number: u64,
    ) -> Result<Option<u64>, CallError>;
    /// The contributor's reward multiplier in the datanet: 1, or the penalty multiplier.
    fn reward_multiplier(
        &self,
        state: &dyn StateRead,
        datanet_id: u64,
        contributor: &Address,
    ) -> Result<Dec, CallError>;
    /// The reward multipliers of several `(datanet_id, contributor)` pairs, in their order:
    /// what [`DatanetsKeeper::reward_multiplier`] gives for each (an implementation may share
    /// the reads the pairs have in common).
    fn reward_multipliers(
        &self,
        state: &dyn StateRead,
        pairs: &[(u64, Address)],
    ) -> Result<Vec<Dec>, CallError> {
        pairs
            .iter()
            .map(|(datanet_id, contributor)| {
                self.reward_multiplier(state, *datanet_id, contributor)
            })
            .collect()
    }
}

pub trait DistributionKeeper {
    /// Move `amount` aopen from `from` to the fee collector as staking rewards.
    fn fund_rewards(
        &self,
        state: &mut dyn StateWrite,
        from: &Address,
        amount: u128,
    ) -> Result<(), CallError>;
    /// Move `amount` aopen from `from` into the community pool.
    fn fund_community_pool(
        &self,
        state: &mut dyn StateWrite,
        from: &Address,
        amount: u128,
    ) -> Result<(), CallError>;
}

/// All three, for handlers that need them.
#[derive(Clone, Copy)]
pub struct Keepers<'a> {
    pub models: &'a dyn ModelsKeeper,
    pub datanets: &'a dyn DatanetsKeeper,
    pub distribution: &'a dyn DistributionKeeper,
}

/// An operator's declaration of serving a LoRA adapter (kept by the adapters module).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdapterServingView {
    /// The model the adapter belongs to.
    pub model_id: u64,
    /// aopen per 1000 tokens the operator charges at most with this adapter.
    pub price_ceiling_per_1k: u128,
}

/// What a receipt naming an adapter is checked against.
pub trait AdaptersKeeper {
    /// `operator`'s declaration of serving `adapter_hash`; None if it declared none (or the
    /// adapter is unknown).
    fn serving(
        &self,
        state: &dyn StateRead,
        operator: &Address,
        adapter_hash: &str,
    ) -> Result<Option<AdapterServingView>, CallError>;
}

/// No adapters module: no operator serves any adapter, so a receipt naming one is refused.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoAdapters;

impl AdaptersKeeper for NoAdapters {
    fn serving(
        &self,
        _state: &dyn StateRead,
        _operator: &Address,
        _adapter_hash: &str,
    ) -> Result<Option<AdapterServingView>, CallError> {
        Ok(None)
    }
}
