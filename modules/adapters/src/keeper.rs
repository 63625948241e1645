//! What the adapters module needs from other modules (the SDK's "expected keepers"). The app
//! implements these traits over the models and attribution modules; this crate never reads or
//! writes another module's state itself.

use openledger_framework::{Address, CallError, StateRead};

/// The facts about a model that the adapters module uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelView {
    pub id: u64,
    pub creator: Address,
    pub base_model: String,
}

pub trait ModelsKeeper {
    fn model(&self, state: &dyn StateRead, id: u64) -> Result<Option<ModelView>, CallError>;
    /// Whether version `number` (from 1) of model `id` exists.
    fn version_exists(
        &self,
        state: &dyn StateRead,
        id: u64,
        number: u64,
    ) -> Result<bool, CallError>;
}

/// The facts about an inference operator of the attribution module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperatorView {
    pub address: Address,
    /// ACTIVE (not unbonding nor unbonded).
    pub active: bool,
    /// The models it serves.
    pub models: Vec<u64>,
    /// Inference receipts it recorded.
    pub receipts_recorded: u64,
    /// Challenges of its receipts settled CORRECTED.
    pub challenges_lost: u64,
}

pub trait AttributionKeeper {
    /// The operator record, if the address ever registered.
    fn operator(
        &self,
        state: &dyn StateRead,
        address: &Address,
    ) -> Result<Option<OperatorView>, CallError>;
}
