//! MsgPurchaseAccess and MsgClaimRevenue: the pro-rata split by approved bytes, dust, access
//! records and every refusal.

mod common;

use common::*;
use openledger_datanets::{
    datanets_address, revenue::REVENUE_SCALE, DatanetsError, DatanetsRead, MsgPurchaseAccess,
    MsgUpdateDatanet, Params, CODESPACE,
};
use openledger_framework::delta::MemState;

/// Permissioned datanet 1 with version 1 holding `sizes[i]` bytes of contributor `who[i]`.
fn version_with(s: &mut MemState, parts: &[(u8, u64)]) -> u64 {
    let d = permissioned_datanet(s);
    for (n, (who, size)) in parts.iter().enumerate() {
        let id = contribute(s, *who, d, n as u64 + 1, *size).unwrap();
        approve(s, 1, id).unwrap();
    }
    publish(s, 1, d).unwrap();
    d
}

fn set_price(s: &mut MemState, d: u64, price: u128) {
    set_price_at(s, HEIGHT, d, price);
}

fn set_price_at(s: &mut MemState, height: u64, d: u64, price: u128) {
    let msg = MsgUpdateDatanet {
        owner: addr(1),
        datanet_id: d,
        summary: String::new(),
        description: String::new(),
        tags: vec![],
        licence: String::new(),
        curators: vec![addr(2)],
        allow_list: vec![addr(3), addr(4)],
        access_price: price,
    };
    run_at(s, height, addr(1), |f, c| {
        openledger_datanets::execute_update_datanet(f, c, &msg)
    })
    .unwrap();
}

fn purchase_at(
    s: &mut MemState,
    height: u64,
    who: u8,
    d: u64,
    max_price: u128,
) -> Result<u128, DatanetsError> {
    let msg = MsgPurchaseAccess {
        buyer: addr(who),
        datanet_id: d,
        version: 1,
        max_price,
    };
    run_at(s, height, addr(who), |f, c| {
        openledger_datanets::execute_purchase_access(f, c, &msg)
    })
}

/// The height from which a price raised at [`HEIGHT`] is in effect.
fn raised_from() -> u64 {
    HEIGHT + Params::default().price_increase_delay_blocks
}

#[test]
fn purchase_pays_the_module_and_splits_by_bytes() {
    let mut s = setup();
    let d = version_with(&mut s, &[(3, 100), (4, 300)]);
    let module_before = module_balance(&s);
    assert_eq!(purchase(&mut s, 6, d, 1).unwrap(), 10 * OPEN);
    assert_eq!(balance(&s, &addr(6)), FUNDS - 10 * OPEN);
    assert_eq!(module_balance(&s), module_before + 10 * OPEN);
    let pool = s.revenue_pool(d, 1).unwrap();
    assert_eq!(pool.paid, 10 * OPEN);
    assert_eq!(pool.revenue_per_byte, 10 * OPEN * REVENUE_SCALE / 400);
    assert_eq!((pool.claimed, pool.dust), (0, 0));
    assert_eq!(s.claimable_revenue(d, 1, &addr(3)).unwrap(), 25 * OPEN / 10);
    assert_eq!(s.claimable_revenue(d, 1, &addr(4)).unwrap(), 75 * OPEN / 10);
    let rec = s.access_record(&addr(6), d, 1).unwrap().unwrap();
    assert_eq!((rec.price, rec.height), (10 * OPEN, HEIGHT));
    assert!(s.has_access(&addr(6), d, 1).unwrap());

    let before = balance(&s, &addr(3));
    assert_eq!(claim(&mut s, 3, d, 1).unwrap(), 25 * OPEN / 10);
    assert_eq!(balance(&s, &addr(3)), before + 25 * OPEN / 10);
    assert_eq!(s.revenue_claimed(d, 1, &addr(3)).unwrap(), 25 * OPEN / 10);
    assert_eq!(s.claimable_revenue(d, 1, &addr(3)).unwrap(), 0);
    let e = claim(&mut s, 3, d, 1).unwrap_err();
    assert!(matches!(e, DatanetsError::NothingToClaim { .. }));
    assert_eq!(code(&e), (CODESPACE, 20));

    // A second buyer: contributor 3 earns again.
    purchase(&mut s, 7, d, 1).unwrap();
    assert_eq!(claim(&mut s, 3, d, 1).unwrap(), 25 * OPEN / 10);
    assert_eq!(claim(&mut s, 4, d, 1).unwrap(), 15 * OPEN);
    let pool = s.revenue_pool(d, 1).unwrap();
    assert_eq!(
        (pool.paid, pool.claimed, pool.dust),
        (20 * OPEN, 20 * OPEN, 0)
    );
    assert_eq!(module_balance(&s), module_before);
}

#[test]
fn dust_is_tracked_and_absorbed_later() {
    let mut s = setup();
    let d = version_with(&mut s, &[(3, 1), (4, 1), (2, 1)]);
    set_price(&mut s, d, 10);
    purchase(&mut s, 6, d, 1).unwrap();
    let pool = s.revenue_pool_with_dust(d, 1).unwrap();
    assert_eq!(pool.revenue_per_byte, 3_333_333_333_333_333_333);
    assert_eq!(pool.dust, 1);
    for who in [3, 4, 2] {
        assert_eq!(s.claimable_revenue(d, 1, &addr(who)).unwrap(), 3);
    }
    assert_eq!(claim(&mut s, 3, d, 1).unwrap(), 3);
    purchase(&mut s, 7, d, 1).unwrap();
    let pool = s.revenue_pool_with_dust(d, 1).unwrap();
    assert_eq!((pool.paid, pool.claimed, pool.dust), (20, 3, 2));
    assert_eq!(s.claimable_revenue(d, 1, &addr(3)).unwrap(), 3);
    assert_eq!(s.claimable_revenue(d, 1, &addr(4)).unwrap(), 6);
    purchase(&mut s, 8, d, 1).unwrap();
    let pool = s.revenue_pool_with_dust(d, 1).unwrap();
    assert_eq!((pool.paid, pool.dust), (30, 0));
    assert_eq!(claim(&mut s, 3, d, 1).unwrap(), 7);
    assert_eq!(claim(&mut s, 4, d, 1).unwrap(), 10);
    assert_eq!(claim(&mut s, 2, d, 1).unwrap(), 10);
    assert_eq!(s.revenue_pool_with_dust(d, 1).unwrap().claimed, 30);
}

#[test]
fn the_price_in_force_at_purchase_is_paid() {
    let mut s = setup();
    let d = version_with(&mut s, &[(3, 10)]);
    set_price(&mut s, d, 5);
    assert_eq!(purchase(&mut s, 6, d, 1).unwrap(), 5);
    set_price(&mut s, d, 7);
    // The increase waits price_increase_delay_blocks.
    assert_eq!(purchase(&mut s, 7, d, 1).unwrap(), 5);
    assert_eq!(purchase_at(&mut s, raised_from(), 8, d, 7).unwrap(), 7);
    assert_eq!(s.revenue_pool(d, 1).unwrap().paid, 17);
    assert_eq!(claim(&mut s, 3, d, 1).unwrap(), 17);
}

/// Attack: the owner sees a purchase in the mempool and raises the price in the same block,
/// ahead of it. The raise is only announced (pending); the buyer pays the price it saw, and
/// after the delay a buyer whose max_price is below the new price is refused, paying nothing.
#[test]
fn an_owner_raising_the_price_ahead_of_a_buyer_is_not_paid() {
    let mut s = setup();
    let d = version_with(&mut s, &[(3, 10)]);
    set_price(&mut s, d, 1_000 * OPEN);
    let dn = s.datanet(d).unwrap().unwrap();
    assert_eq!(
        (
            dn.access_price,
            dn.pending_access_price,
            dn.pending_price_height
        ),
        (10 * OPEN, 1_000 * OPEN, raised_from())
    );
    // Same block as the raise, and every block before it takes effect: the old price.
    assert_eq!(
        purchase_at(&mut s, HEIGHT, 6, d, 10 * OPEN).unwrap(),
        10 * OPEN
    );
    assert_eq!(
        purchase_at(&mut s, raised_from() - 1, 7, d, 10 * OPEN).unwrap(),
        10 * OPEN
    );
    assert_eq!(balance(&s, &addr(6)), FUNDS - 10 * OPEN);
    // Once in effect, a buyer that signed for 10 OPEN is refused and pays nothing.
    let before = balance(&s, &addr(8));
    let e = purchase_at(&mut s, raised_from(), 8, d, 10 * OPEN).unwrap_err();
    assert!(matches!(
        e,
        DatanetsError::PriceAboveMax { price, max_price, .. }
            if price == 1_000 * OPEN && max_price == 10 * OPEN
    ));
    assert_eq!(code(&e), (CODESPACE, 29));
    assert_eq!(balance(&s, &addr(8)), before);
    assert!(s.access_record(&addr(8), d, 1).unwrap().is_none());
}

/// Attack: a price raised twice in a row restarts the delay; max_price caps every purchase,
/// including an empty one (0).
#[test]
fn max_price_caps_every_purchase() {
    let mut s = setup();
    let d = version_with(&mut s, &[(3, 10)]);
    let e = purchase_at(&mut s, HEIGHT, 6, d, 10 * OPEN - 1).unwrap_err();
    assert_eq!(code(&e), (CODESPACE, 29));
    let e = purchase_at(&mut s, HEIGHT, 6, d, 0).unwrap_err();
    assert_eq!(code(&e), (CODESPACE, 29));
    assert_eq!(balance(&s, &addr(6)), FUNDS);
    // Raising an announced increase further starts its delay again.
    set_price(&mut s, d, 20 * OPEN);
    set_price_at(&mut s, HEIGHT + 5, d, 30 * OPEN);
    assert_eq!(
        purchase_at(&mut s, raised_from(), 6, d, 30 * OPEN).unwrap(),
        10 * OPEN
    );
    assert_eq!(
        purchase_at(&mut s, raised_from() + 5, 7, d, 30 * OPEN).unwrap(),
        30 * OPEN
    );
}

#[test]
fn price_decreases_apply_at_once_and_cancel_a_pending_increase() {
    let mut s = setup();
    let d = version_with(&mut s, &[(3, 10)]);
    set_price(&mut s, d, 50 * OPEN);
    // Lowering the pending increase keeps its height.
    set_price_at(&mut s, HEIGHT + 3, d, 40 * OPEN);
    let dn = s.datanet(d).unwrap().unwrap();
    assert_eq!(
        (dn.pending_access_price, dn.pending_price_height),
        (40 * OPEN, raised_from())
    );
    // A price below the current one applies in the same block and drops the increase.
    set_price_at(&mut s, HEIGHT + 4, d, 2 * OPEN);
    let dn = s.datanet(d).unwrap().unwrap();
    assert_eq!(
        (
            dn.access_price,
            dn.pending_access_price,
            dn.pending_price_height
        ),
        (2 * OPEN, 0, 0)
    );
    assert_eq!(
        purchase_at(&mut s, HEIGHT + 4, 6, d, 2 * OPEN).unwrap(),
        2 * OPEN
    );
    assert_eq!(
        purchase_at(&mut s, raised_from() + 1, 7, d, 2 * OPEN).unwrap(),
        2 * OPEN
    );
}

#[test]
fn access_is_per_version_and_per_buyer() {
    let mut s = setup();
    let d = version_with(&mut s, &[(3, 10)]);
    let id = contribute(&mut s, 4, d, 99, 10).unwrap();
    approve(&mut s, 1, id).unwrap();
    publish(&mut s, 1, d).unwrap();
    purchase(&mut s, 6, d, 2).unwrap();
    assert!(s.has_access(&addr(6), d, 2).unwrap());
    assert!(!s.has_access(&addr(6), d, 1).unwrap());
    assert!(!s.has_access(&addr(7), d, 2).unwrap());
    // Owner and curators always have access; unknown versions never.
    assert!(s.has_access(&addr(1), d, 1).unwrap());
    assert!(s.has_access(&addr(2), d, 1).unwrap());
    assert!(!s.has_access(&addr(1), d, 3).unwrap());
    assert!(!s.has_access(&addr(1), d, 0).unwrap());
    // Version 2's revenue goes to version 2's contributors only.
    assert_eq!(s.claimable_revenue(d, 2, &addr(3)).unwrap(), 5 * OPEN);
    assert_eq!(s.claimable_revenue(d, 2, &addr(4)).unwrap(), 5 * OPEN);
    assert_eq!(s.claimable_revenue(d, 1, &addr(3)).unwrap(), 0);
}

#[test]
fn public_datanets_are_open_and_not_for_sale() {
    let mut s = setup();
    let d = public_datanet(&mut s);
    let id = contribute(&mut s, 5, d, 1, 10).unwrap();
    approve(&mut s, 1, id).unwrap();
    publish(&mut s, 1, d).unwrap();
    assert!(s.has_access(&addr(9), d, 1).unwrap());
    let e = purchase(&mut s, 6, d, 1).unwrap_err();
    assert!(matches!(e, DatanetsError::NotForSale { .. }));
    assert_eq!(code(&e), (CODESPACE, 17));
}

#[test]
fn purchase_refusals_change_nothing() {
    let mut s = setup();
    let d = version_with(&mut s, &[(3, 10)]);
    purchase(&mut s, 6, d, 1).unwrap();
    let e = purchase(&mut s, 6, d, 1).unwrap_err();
    assert!(matches!(e, DatanetsError::AlreadyPurchased { .. }));
    assert_eq!(code(&e), (CODESPACE, 18));
    let e = purchase(&mut s, 7, d, 2).unwrap_err();
    assert!(matches!(
        e,
        DatanetsError::UnknownVersion { version: 2, .. }
    ));
    assert_eq!(code(&e), (CODESPACE, 6));
    let e = purchase(&mut s, 7, 42, 1).unwrap_err();
    assert_eq!(code(&e), (CODESPACE, 4));
    // Unfunded buyer.
    let e = purchase(&mut s, 30, d, 1).unwrap_err();
    assert_eq!(code(&e), ("sdk", 5));
    // No price set.
    set_price(&mut s, d, 0);
    let e = purchase(&mut s, 7, d, 1).unwrap_err();
    assert!(matches!(e, DatanetsError::NotForSale { .. }));
}

#[test]
fn claim_refusals_change_nothing() {
    let mut s = setup();
    let d = version_with(&mut s, &[(3, 10)]);
    // Nothing bought yet.
    let e = claim(&mut s, 3, d, 1).unwrap_err();
    assert!(matches!(e, DatanetsError::NothingToClaim { .. }));
    purchase(&mut s, 6, d, 1).unwrap();
    // Not a contributor of the version (the buyer, the owner).
    for who in [6, 1] {
        let e = claim(&mut s, who, d, 1).unwrap_err();
        assert!(matches!(e, DatanetsError::NotAContributor { .. }));
        assert_eq!(code(&e), (CODESPACE, 19));
    }
    let e = claim(&mut s, 3, d, 2).unwrap_err();
    assert_eq!(code(&e), (CODESPACE, 6));
    // Signed by someone else.
    let msg = openledger_datanets::MsgClaimRevenue {
        contributor: addr(3),
        datanet_id: d,
        version: 1,
    };
    let e = run(&mut s, addr(6), |f, c| {
        openledger_datanets::execute_claim_revenue(f, c, &msg)
    })
    .unwrap_err();
    assert_eq!(code(&e), ("sdk", 4));
    assert_eq!(balance(&s, &datanets_address()), 10 * OPEN);
}

#[test]
fn sales_that_overflow_revenue_per_byte_are_refused() {
    let mut s = setup();
    let d = version_with(&mut s, &[(3, 1)]);
    // 400 OPEN over one byte: 4 × 10^20 × 10^18 exceeds u128.
    set_price(&mut s, d, 400 * OPEN);
    let e = purchase_at(&mut s, raised_from(), 6, d, u128::MAX).unwrap_err();
    assert_eq!(e, DatanetsError::Overflow);
}
