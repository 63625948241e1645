//! What finetune needs from other modules (the SDK's "expected keepers"). The app implements
//! these over the models, datanets, adapters and distribution modules; this crate never reads
//! or writes their state itself (bank transfers aside).

use openledger_framework::{Address, BlockCtx, CallError, StateRead, StateWrite};

/// The facts about a model that finetune uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelView {
    pub id: u64,
    pub creator: Address,
    /// The stage's proto name, for messages.
    pub stage: String,
    /// Approved and in FINE_TUNING, ALIGNMENT or DEPLOYED.
    pub fine_tunable: bool,
    /// The (datanet_id, version) pairs the model was proposed on.
    pub datanet_versions: Vec<(u64, u64)>,
}

pub trait ModelsKeeper {
    fn model(&self, state: &dyn StateRead, id: u64) -> Result<Option<ModelView>, CallError>;
    /// FINE_TUNING -> ALIGNMENT with `training_run_hash` and `metrics` as evidence and
    /// `actor` (the finetune module account) as the actor; refused in any other stage.
    fn complete_fine_tuning(
        &self,
        state: &mut dyn StateWrite,
        block: &BlockCtx,
        model_id: u64,
        actor: Address,
        training_run_hash: &str,
        metrics: String,
    ) -> Result<(), CallError>;
}

pub trait DatanetsKeeper {
    /// Charge `buyer` the access price of a datanet version as `MsgPurchaseAccess` does;
    /// returns the price paid (0 for a public datanet or a version already bought).
    fn charge_access(
        &self,
        state: &mut dyn StateWrite,
        block: &BlockCtx,
        buyer: &Address,
        datanet_id: u64,
        version: u64,
    ) -> Result<u128, CallError>;
}

/// An adapter to register, as the adapters module's `AdapterSpec`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdapterRegistration {
    pub hash: String,
    pub model_id: u64,
    pub base_model: String,
    pub rank: u32,
    pub size_bytes: u64,
    pub licence: String,
    pub job_id: u64,
    pub owner: Address,
}

pub trait AdaptersKeeper {
    /// Whether [`AdaptersKeeper::register_adapter`] would accept `adapter` now (changes
    /// nothing): a delivery whose adapter could not be registered (a hash already registered,
    /// a rank or licence the registry refuses) is refused.
    fn check_adapter(
        &self,
        state: &dyn StateRead,
        block: &BlockCtx,
        adapter: &AdapterRegistration,
    ) -> Result<(), CallError>;
    /// Register an adapter; refused when its hash is already registered.
    fn register_adapter(
        &self,
        state: &mut dyn StateWrite,
        block: &BlockCtx,
        adapter: AdapterRegistration,
    ) -> Result<(), CallError>;
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

/// Every keeper finetune uses.
#[derive(Clone, Copy)]
pub struct Keepers<'a> {
    pub models: &'a dyn ModelsKeeper,
    pub datanets: &'a dyn DatanetsKeeper,
    pub adapters: &'a dyn AdaptersKeeper,
    pub distribution: &'a dyn DistributionKeeper,
}
