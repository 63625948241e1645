//! Scheduling and cancelling plans, and what the block at a plan's height does.

use openledger_framework::{Address, BlockCtx, MsgCtx, StateRead, StateWrite};

use crate::error::UpgradeError;
use crate::event;
use crate::msg::{MsgCancelUpgrade, MsgSoftwareUpgrade};
use crate::plan::Plan;
use crate::state::{UpgradeRead, UpgradeWrite};

fn check_authority(ctx: &MsgCtx, authority: &Address) -> Result<(), UpgradeError> {
    let gov = Address::module(openledger_auth::GOV_AUTHORITY);
    if *authority != gov || !ctx.is_signer(authority) {
        return Err(UpgradeError::InvalidSigner(format!(
            "expected {gov}, got {authority}"
        )));
    }
    Ok(())
}

/// `MsgSoftwareUpgrade`: only the gov module account. The plan's height must be above the
/// current block's, and no plan of that name may have been applied; the plan replaces any
/// plan scheduled before (as in the SDK).
pub fn execute_software_upgrade<S: StateWrite>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgSoftwareUpgrade,
) -> Result<(), UpgradeError> {
    check_authority(ctx, &msg.authority)?;
    let plan = &msg.plan;
    plan.validate()?;
    if plan.height <= ctx.block.height {
        return Err(UpgradeError::InPast(format!(
            "plan height {} is not above the current height {}",
            plan.height, ctx.block.height
        )));
    }
    if let Some(h) = state.done_height(&plan.name)? {
        return Err(UpgradeError::Completed(format!(
            "{:?} was applied at height {h}",
            plan.name
        )));
    }
    state.set_plan(plan)?;
    state.record(event::scheduled(plan));
    Ok(())
}

/// `MsgCancelUpgrade`: only the gov module account; clears the plan (nothing to clear is not
/// an error, as in the SDK).
pub fn execute_cancel_upgrade<S: StateWrite>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgCancelUpgrade,
) -> Result<(), UpgradeError> {
    check_authority(ctx, &msg.authority)?;
    let name = state.current_plan()?.map(|p| p.name).unwrap_or_default();
    state.clear_plan()?;
    state.record(event::cancelled(&name));
    Ok(())
}

/// What the start of a block does about the scheduled plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// No plan, or a plan not due that this binary knows nothing of: run the block.
    Continue,
    /// The plan is due and this binary has its handler: run it, then [`apply_plan`].
    Apply(Plan),
    /// The plan is due and this binary has no handler for it: stop before the block.
    Halt(Plan),
    /// This binary has a handler for a plan that is not due yet: it was installed too early
    /// (the SDK's "BINARY UPDATED BEFORE TRIGGER"); stop before the block.
    Premature(Plan),
}

/// The step for the block at `height`; `has_handler` says whether this binary has the
/// handler of a plan name.
pub fn pre_block<S: StateRead>(
    state: &S,
    height: u64,
    has_handler: impl Fn(&str) -> bool,
) -> Result<Step, UpgradeError> {
    let Some(plan) = state.current_plan()? else {
        return Ok(Step::Continue);
    };
    let known = has_handler(&plan.name);
    Ok(match (height >= plan.height, known) {
        (true, true) => Step::Apply(plan),
        (true, false) => Step::Halt(plan),
        (false, true) => Step::Premature(plan),
        (false, false) => Step::Continue,
    })
}

/// After the plan's handler ran: the plan is recorded as applied at this block's height and
/// cleared, and `upgrade{name, height}` is emitted.
pub fn apply_plan<S: StateWrite>(
    state: &mut S,
    ctx: &BlockCtx,
    plan: &Plan,
) -> Result<(), UpgradeError> {
    state.set_done(&plan.name, ctx.height)?;
    state.clear_plan()?;
    state.record(event::applied(&Plan {
        height: ctx.height,
        ..plan.clone()
    }));
    Ok(())
}
