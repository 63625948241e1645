use openledger_framework::{MsgCtx, StateWrite};

use crate::error::DatanetsError;
use crate::event;
use crate::handler::{check_datanet_text, check_signer, DatanetText};
use crate::msg::{check_public, MsgUpdateDatanet};
use crate::state::{self, DatanetsRead};

/// `MsgUpdateDatanet`: the owner replaces the summary, description, tags, licence, curators,
/// allow list and access price. Name, visibility, bond and fee per byte never change.
///
/// A price at or below the one in effect applies at once (and cancels a pending increase). A
/// higher price becomes pending and takes effect `price_increase_delay_blocks` later, so a
/// buyer's purchase in flight never pays an increase announced after it was signed; lowering a
/// pending increase keeps its height, raising it starts the delay again.
pub fn execute<S: StateWrite>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgUpdateDatanet,
) -> Result<(), DatanetsError> {
    check_signer(ctx, &msg.owner)?;
    let mut d = state
        .datanet(msg.datanet_id)?
        .ok_or(DatanetsError::UnknownDatanet(msg.datanet_id))?;
    if d.owner != msg.owner {
        return Err(DatanetsError::NotOwner {
            signer: msg.owner.to_string(),
            datanet_id: d.id,
        });
    }
    let params = state.datanets_params()?;
    check_datanet_text(
        &params,
        &DatanetText {
            summary: &msg.summary,
            description: &msg.description,
            licence: &msg.licence,
            tags: &msg.tags,
            curators: &msg.curators,
            allow_list: &msg.allow_list,
        },
    )?;
    check_public(d.visibility, &msg.allow_list, msg.access_price)?;
    state::set_tags_index(state, d.id, &d.tags, &msg.tags)?;
    state::set_allow_list(state, d.id, &msg.allow_list)?;
    d.summary = msg.summary.clone();
    d.description = msg.description.clone();
    d.tags = msg.tags.clone();
    d.licence = msg.licence.clone();
    d.curators = msg.curators.clone();
    let height = ctx.block.height;
    d.settle_price(height);
    if msg.access_price <= d.access_price {
        d.access_price = msg.access_price;
        d.clear_pending_price();
    } else if d.pending_price_height != 0 && msg.access_price <= d.pending_access_price {
        d.pending_access_price = msg.access_price;
    } else {
        d.pending_access_price = msg.access_price;
        d.pending_price_height = height
            .checked_add(params.price_increase_delay_blocks)
            .ok_or(DatanetsError::Overflow)?;
    }
    state::put_datanet(state, &d)?;
    state.record(event::update_datanet(&d));
    Ok(())
}
