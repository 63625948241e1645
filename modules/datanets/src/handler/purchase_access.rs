use openledger_framework::{MsgCtx, StateWrite};

use crate::error::DatanetsError;
use crate::event;
use crate::handler::{check_signer, send_aopen};
use crate::msg::MsgPurchaseAccess;
use crate::revenue;
use crate::state::{self, datanets_address, DatanetsRead};
use crate::types::{AccessRecord, Time, Visibility};

/// `MsgPurchaseAccess`: buy access to one version of a permissioned datanet at the access
/// price in effect at this height (a raised price applies only from its
/// `pending_price_height`), refused when that price is above the buyer's `max_price`. The price goes to the `datanets` module account and is credited to the
/// version's contributors pro rata by approved bytes (lazily: see [`crate::revenue`]). Each
/// buyer buys a version once. Returns the price paid.
///
/// Constant work: only the version's running total and revenue per byte change; what each
/// contributor is owed follows from its bytes when it claims, and the dust (what the floors
/// leave) is derived when read ([`DatanetsRead::revenue_dust`]).
pub fn execute<S: StateWrite>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgPurchaseAccess,
) -> Result<u128, DatanetsError> {
    check_signer(ctx, &msg.buyer)?;
    let d = state
        .datanet(msg.datanet_id)?
        .ok_or(DatanetsError::UnknownDatanet(msg.datanet_id))?;
    if d.visibility != Visibility::Permissioned {
        return Err(DatanetsError::NotForSale {
            datanet_id: d.id,
            reason: "the datanet is public".into(),
        });
    }
    let price = d.access_price_at(ctx.block.height);
    if price == 0 {
        return Err(DatanetsError::NotForSale {
            datanet_id: d.id,
            reason: "no access price is set".into(),
        });
    }
    let v = state
        .version(d.id, msg.version)?
        .ok_or(DatanetsError::UnknownVersion {
            datanet_id: d.id,
            version: msg.version,
        })?;
    if state.access_record(&msg.buyer, d.id, v.number)?.is_some() {
        return Err(DatanetsError::AlreadyPurchased {
            buyer: msg.buyer.to_string(),
            datanet_id: d.id,
            version: v.number,
        });
    }
    if price > msg.max_price {
        return Err(DatanetsError::PriceAboveMax {
            datanet_id: d.id,
            price,
            max_price: msg.max_price,
        });
    }
    send_aopen(state, &msg.buyer, &datanets_address(), price)?;

    let mut pool = state.revenue_pool(d.id, v.number)?;
    pool.paid = pool
        .paid
        .checked_add(price)
        .ok_or(DatanetsError::Overflow)?;
    pool.revenue_per_byte =
        revenue::revenue_per_byte(pool.paid, v.total_bytes).ok_or(DatanetsError::Overflow)?;
    state::put_revenue(state, &pool)?;
    state::put_access(
        state,
        &AccessRecord {
            buyer: msg.buyer,
            datanet_id: d.id,
            version: v.number,
            price,
            height: ctx.block.height,
            time: Time::from_block(ctx.block),
        },
    )?;
    state.record(event::purchase_access(d.id, v.number, &msg.buyer, price));
    Ok(price)
}
