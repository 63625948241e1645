use openledger_framework::{MsgCtx, StateWrite};

use crate::error::DatanetsError;
use crate::event;
use crate::handler::{check_datanet_text, check_len, check_signer, DatanetText};
use crate::msg::MsgCreateDatanet;
use crate::state::{self, DatanetsRead};
use crate::state_key;
use crate::types::{Datanet, DatanetStats, Time};

/// `MsgCreateDatanet`: a new datanet with the next id (1, 2, ...), owned by the signer. The
/// bond and fee per byte must reach the params' minimums and are fixed from now on. Returns the
/// id.
pub fn execute<S: StateWrite>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgCreateDatanet,
) -> Result<u64, DatanetsError> {
    check_signer(ctx, &msg.owner)?;
    let params = state.datanets_params()?;
    if msg.name.is_empty() {
        return Err(DatanetsError::InvalidField {
            field: "name",
            reason: "must not be empty".into(),
        });
    }
    check_len("name", &msg.name, params.max_name_len)?;
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
    if msg.contribution_bond < params.min_contribution_bond {
        return Err(DatanetsError::BondTooLow {
            given: msg.contribution_bond,
            min: params.min_contribution_bond,
        });
    }
    if msg.fee_per_byte < params.min_fee_per_byte {
        return Err(DatanetsError::FeeTooLow {
            given: msg.fee_per_byte,
            min: params.min_fee_per_byte,
        });
    }
    let id = state.next_datanet_id()?;
    let next = id.checked_add(1).ok_or(DatanetsError::Overflow)?;
    state::set_next_datanet_id(state, next)?;
    let d = Datanet {
        id,
        owner: msg.owner,
        name: msg.name.clone(),
        summary: msg.summary.clone(),
        description: msg.description.clone(),
        tags: msg.tags.clone(),
        licence: msg.licence.clone(),
        visibility: msg.visibility,
        curators: msg.curators.clone(),
        contribution_bond: msg.contribution_bond,
        fee_per_byte: msg.fee_per_byte,
        access_price: msg.access_price,
        created_height: ctx.block.height,
        created_time: Time::from_block(ctx.block),
        pending_access_price: 0,
        pending_price_height: 0,
    };
    state::put_datanet(state, &d)?;
    state::put_stats(state, id, &DatanetStats::default())?;
    state::set_allow_list(state, id, &msg.allow_list)?;
    state::set_tags_index(state, id, &[], &d.tags)?;
    state.put_raw(state_key::by_owner(&d.owner, id), Vec::new())?;
    state.record(event::create_datanet(&d));
    Ok(id)
}
