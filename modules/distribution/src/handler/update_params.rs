use openledger_framework::{MsgCtx, StateWrite};

use crate::error::DistributionError;
use crate::msg::MsgUpdateParams;
use crate::state::DistributionWrite;

/// `MsgUpdateParams`: the authority must be the gov module account; the params are validated.
pub fn execute<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgUpdateParams,
) -> Result<(), DistributionError> {
    super::require_gov_authority(ctx, &msg.authority)?;
    msg.params.validate()?;
    state.set_distribution_params(&msg.params)
}
