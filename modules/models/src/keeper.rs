//! What models needs from datanets, gov and feedback (the SDK's "expected keepers"). The app
//! implements [`DatanetsKeeper`] over the datanets module, [`GovProposalsKeeper`] over gov and
//! [`FeedbackKeeper`] over feedback; this crate never reads their state itself.

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

/// Where a governance proposal stands, as far as a model's approval is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProposalPhase {
    /// Unknown, dropped, or decided (passed, rejected or failed).
    Closed,
    /// Waiting for its minimum deposit.
    Deposit,
    /// Being voted on.
    Voting,
}

/// What models needs from gov: the phase of a model's approval proposal. The app implements
/// it over the gov module; this crate never reads gov state itself.
pub trait GovProposalsKeeper {
    fn proposal_phase(
        &self,
        state: &dyn StateRead,
        proposal_id: u64,
    ) -> Result<ProposalPhase, CallError>;
}

/// What models needs from feedback: whether a version has alignment evidence. The app
/// implements it over the feedback module.
pub trait FeedbackKeeper {
    /// Whether model `model_id` has a settled feedback round on `version` (0: the candidate
    /// before version 1).
    fn has_settled_round(
        &self,
        state: &dyn StateRead,
        model_id: u64,
        version: u64,
    ) -> Result<bool, CallError>;
}
