use openledger_framework::{MsgCtx, StateWrite};

use super::{
    add, check_active, check_endpoint, check_models, check_signer, load_operator, send_aopen,
};
use crate::error::AttributionError;
use crate::event;
use crate::keeper::Keepers;
use crate::msg::MsgUpdateOperator;
use crate::state::{self, attribution_address, AttributionRead};

/// `MsgUpdateOperator`: an ACTIVE operator replaces its endpoint and model list (checked like
/// a registration) and may add bond (`add_bond`, moved to the module account). Adding bond is
/// how an operator slashed below `min_operator_bond` may record again.
pub fn execute<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgUpdateOperator,
    keepers: &Keepers,
) -> Result<(), AttributionError> {
    check_signer(ctx, &msg.operator)?;
    let mut operator = load_operator(state, &msg.operator)?;
    check_active(&operator)?;
    let params = state.attribution_params()?;
    check_endpoint(&params, &msg.endpoint)?;
    check_models(state, keepers.models, &params, &msg.models)?;

    operator.bond = add(operator.bond, msg.add_bond)?;
    send_aopen(state, &msg.operator, &attribution_address(), msg.add_bond)?;
    operator.endpoint = msg.endpoint.clone();
    operator.models = msg.models.clone();
    state::put_operator(state, &operator)?;
    state.record(event::operator_updated(&operator, msg.add_bond));
    Ok(())
}
