use openledger_framework::{MsgCtx, StateWrite};

use super::{check_endpoint, check_models, check_signer, send_aopen};
use crate::error::AttributionError;
use crate::event;
use crate::keeper::Keepers;
use crate::msg::MsgRegisterOperator;
use crate::state::{self, attribution_address, AttributionRead};
use crate::types::{Operator, OperatorStatus};

/// `MsgRegisterOperator`: an address that is not ACTIVE or UNBONDING registers as an
/// inference operator. Checks, in order: not already registered (an UNBONDED record may
/// register again and keeps its inference and slash statistics), bond ≥ `min_operator_bond`,
/// the endpoint (1..=`max_endpoint_len` bytes of printable ASCII), the models
/// (1..=`max_models_per_operator`, distinct, each known to the models module in any stage).
/// The bond moves from the operator to the `attribution` module account; status ACTIVE.
pub fn execute<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgRegisterOperator,
    keepers: &Keepers,
) -> Result<(), AttributionError> {
    check_signer(ctx, &msg.operator)?;
    let params = state.attribution_params()?;
    let existing = state.inference_operator(&msg.operator)?;
    if let Some(o) = &existing {
        if o.status != OperatorStatus::Unbonded {
            return Err(AttributionError::OperatorExists {
                operator: o.address.to_string(),
                status: o.status,
            });
        }
    }
    if msg.bond < params.min_operator_bond {
        return Err(AttributionError::BondTooSmall {
            got: msg.bond,
            min: params.min_operator_bond,
        });
    }
    check_endpoint(&params, &msg.endpoint)?;
    check_models(state, keepers.models, &params, &msg.models)?;

    send_aopen(state, &msg.operator, &attribution_address(), msg.bond)?;
    let operator = match existing {
        Some(old) => Operator {
            endpoint: msg.endpoint.clone(),
            models: msg.models.clone(),
            bond: msg.bond,
            status: OperatorStatus::Active,
            unbonding_completion: 0,
            registered_height: ctx.block.height,
            ..old
        },
        None => Operator {
            address: msg.operator,
            endpoint: msg.endpoint.clone(),
            models: msg.models.clone(),
            bond: msg.bond,
            status: OperatorStatus::Active,
            unbonding_completion: 0,
            registered_height: ctx.block.height,
            inferences: 0,
            fees_charged: 0,
            slash_count: 0,
            slashed_total: 0,
        },
    };
    state::put_operator(state, &operator)?;
    state.record(event::operator_registered(&operator));
    Ok(())
}
