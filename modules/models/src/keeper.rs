//! What models needs from datanets (the SDK's "expected keeper"). The app implements
//! [`DatanetsKeeper`] over the datanets module; this crate never reads datanets state itself.

use openledger_framework::{CallError, StateRead};

/// The facts about one datanet version that models uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatanetVersionView {
    pub datanet_id: u64,
    pub number: u64,
    /// Content root of the version.
    pub root: [u8; 32],
    pub contribution_count: u64,
    pub total_bytes: u128,
}

pub trait DatanetsKeeper {
    /// The version `number` of datanet `datanet_id`, if it exists.
    fn version(
        &self,
        state: &dyn StateRead,
        datanet_id: u64,
        number: u64,
    ) -> Result<Option<DatanetVersionView>, CallError>;
}
