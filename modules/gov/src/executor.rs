//! The bridge from governance to every other module's messages. The app implements it with its
//! message router; tests use mocks.

use cosmos_sdk_proto::Any;
use openledger_framework::{Address, BlockCtx, CallError, StateWrite};

/// Decodes, checks and runs the messages of proposals.
///
/// Errors keep their own codespace and code. To report the SDK's gov codes, build them from
/// [`crate::GovError::UnroutableProposalMsg`] (10), [`crate::GovError::InvalidProposalMsg`] (12)
/// or [`crate::GovError::InvalidSigner`] (13) with [`CallError::from_module`].
pub trait ProposalExecutor {
    /// Decode and check messages at submission: each must be a known message whose only
    /// signer is the gov module account ([`crate::gov_address`]).
    fn validate(&self, messages: &[Any]) -> Result<(), CallError>;

    /// Told when proposal `proposal_id` carrying `messages` is submitted by `proposer`, after
    /// [`Self::validate`] and before the proposal is stored. Modules whose objects a proposal
    /// decides may refuse it here (an error refuses the submission) or record the proposal id.
    /// Runs inside the submission: its changes are kept only if the submission succeeds. By
    /// default nothing happens.
    fn on_submitted(
        &self,
        _state: &mut dyn StateWrite,
        _ctx: &BlockCtx,
        _proposal_id: u64,
        _proposer: &Address,
        _messages: &[Any],
    ) -> Result<(), CallError> {
        Ok(())
    }

    /// Run all messages atomically (the app forks state and applies only on full success).
    /// Governance also runs this on a fork of its own and keeps nothing of a failed run.
    fn execute(
        &self,
        state: &mut dyn StateWrite,
        ctx: &BlockCtx,
        messages: &[Any],
    ) -> Result<(), CallError>;

    /// Told when proposal `proposal_id` carrying `messages` ends rejected by its vote
    /// (`deposits_burned`: the gov rules burned its deposits, as on a veto). Runs on a fork of
    /// its own; an error other than an internal one is ignored. By default nothing happens.
    fn on_rejected(
        &self,
        _state: &mut dyn StateWrite,
        _ctx: &BlockCtx,
        _proposal_id: u64,
        _messages: &[Any],
        _deposits_burned: bool,
    ) -> Result<(), CallError> {
        Ok(())
    }
}
