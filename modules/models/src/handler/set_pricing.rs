use openledger_framework::{MsgCtx, StateWrite};

use super::{check_signer, load};
use crate::error::ModelsError;
use crate::event;
use crate::msg::MsgSetPricing;
use crate::record::PricingEntry;
use crate::state;

/// `MsgSetPricing`: the creator sets new rates for a model in any stage but REJECTED and
/// RETIRED. They apply from the next height on, so inferences of this block keep the old
/// rates; a second change in the same block replaces the first. Returns the effective height.
pub fn execute<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgSetPricing,
) -> Result<u64, ModelsError> {
    check_signer(ctx, &msg.creator)?;
    let mut model = load(state, msg.model_id)?;
    if msg.creator != model.creator {
        return Err(ModelsError::NotCreator {
            model_id: model.id,
            actor: msg.creator.to_string(),
            or_gov: "",
        });
    }
    if model.stage.is_terminal() {
        return Err(ModelsError::TerminalStage {
            model_id: model.id,
            stage: model.stage,
        });
    }
    let effective_height = ctx
        .block
        .height
        .checked_add(1)
        .ok_or(ModelsError::Overflow)?;
    state::put_pricing(
        state,
        &PricingEntry {
            model_id: model.id,
            effective_height,
            pricing: msg.pricing,
        },
    )?;
    model.pricing = msg.pricing;
    model.pricing_effective_height = effective_height;
    state::put_model(state, &model)?;
    state.record(event::pricing_set(model.id, &msg.pricing, effective_height));
    Ok(effective_height)
}
