use openledger_framework::{MsgCtx, StateWrite};

use super::{active_operator, check_signer};
use crate::adapter::ServingEntry;
use crate::error::AdaptersError;
use crate::event;
use crate::keeper::AttributionKeeper;
use crate::msg::MsgDeclareServing;
use crate::state::{self, AdaptersRead};

/// `MsgDeclareServing`: an ACTIVE attribution inference operator (14) that serves the
/// adapter's model (15) declares serving a registered adapter (4) with a price ceiling in
/// aopen per 1000 tokens. A new declaration must fit `max_adapters_per_operator` (16) and
/// `max_servers_per_adapter` (17); declaring again replaces the ceiling.
pub fn execute<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    attribution: &dyn AttributionKeeper,
    msg: &MsgDeclareServing,
) -> Result<(), AdaptersError> {
    check_signer(ctx, &msg.operator)?;
    let op = active_operator(state, attribution, &msg.operator)?;
    let adapter = state
        .adapter(&msg.adapter_hash)?
        .ok_or_else(|| AdaptersError::UnknownAdapter(msg.adapter_hash.clone()))?;
    if !op.models.contains(&adapter.model_id) {
        return Err(AdaptersError::ModelNotServed {
            operator: msg.operator.to_string(),
            model_id: adapter.model_id,
        });
    }
    let is_new = state.serving(&msg.adapter_hash, &msg.operator)?.is_none();
    if is_new {
        let params = state.adapters_params()?;
        if state.operator_adapter_count(&msg.operator)? >= params.max_adapters_per_operator {
            return Err(AdaptersError::TooManyAdapters {
                operator: msg.operator.to_string(),
                max: params.max_adapters_per_operator,
            });
        }
        if state.adapter_server_count(&msg.adapter_hash)? >= params.max_servers_per_adapter {
            return Err(AdaptersError::TooManyServers {
                hash: msg.adapter_hash.clone(),
                max: params.max_servers_per_adapter,
            });
        }
    }
    let entry = ServingEntry {
        operator: msg.operator,
        adapter_hash: msg.adapter_hash.clone(),
        price_ceiling_per_1k: msg.price_ceiling_per_1k,
        height: ctx.block.height,
    };
    state::put_serving(state, &entry, is_new)?;
    state.record(event::serving_declared(&entry));
    Ok(())
}
