use openledger_framework::{Address, BlockCtx, MsgCtx, StateWrite};

use crate::error::DatanetsError;
use crate::event;
use crate::handler::{check_signer, send_aopen};
use crate::msg::MsgPurchaseAccess;
use crate::revenue;
use crate::state::{self, datanets_address, DatanetsRead};
use crate::types::{AccessRecord, Time, Version, Visibility};

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
    pay(state, ctx.block, &msg.buyer, &v, price)?;
    Ok(price)
}

/// Charge `buyer` the access price of version `version` of datanet `datanet_id` in effect at
/// this height, exactly as `MsgPurchaseAccess` does (same revenue accounting, same access
/// record and event), for another module buying access on a user's behalf (a fine-tuning job
/// training on the version). Returns the price paid: 0, and nothing charged, for a public
/// datanet, a permissioned one without a price, or a version the buyer already bought.
/// Refused for an unknown datanet or version, or when the buyer cannot pay.
pub fn charge_access<S: StateWrite>(
    state: &mut S,
    block: &BlockCtx,
    buyer: &Address,
    datanet_id: u64,
    version: u64,
) -> Result<u128, DatanetsError> {
    let d = state
        .datanet(datanet_id)?
        .ok_or(DatanetsError::UnknownDatanet(datanet_id))?;
    let v = state
        .version(d.id, version)?
        .ok_or(DatanetsError::UnknownVersion {
            datanet_id: d.id,
            version,
        })?;
    let price = d.access_price_at(block.height);
    if d.visibility != Visibility::Permissioned
        || price == 0
        || state.access_record(buyer, d.id, v.number)?.is_some()
    {
        return Ok(0);
    }
    pay(state, block, buyer, &v, price)?;
    Ok(price)
}

/// The one code path of a purchase: the price into the `datanets` module account, credited
/// to the version's revenue pool, the access record and the event.
fn pay<S: StateWrite>(
    state: &mut S,
    block: &BlockCtx,
    buyer: &Address,
    v: &Version,
    price: u128,
) -> Result<(), DatanetsError> {
    send_aopen(state, buyer, &datanets_address(), price)?;
    let mut pool = state.revenue_pool(v.datanet_id, v.number)?;
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
            buyer: *buyer,
            datanet_id: v.datanet_id,
            version: v.number,
            price,
            height: block.height,
            time: Time::from_block(block),
        },
    )?;
    state.record(event::purchase_access(v.datanet_id, v.number, buyer, price));
    Ok(())
}
