//! `charge_access`: another module buying a version's access for a user (a fine-tuning job)
//! pays exactly what MsgPurchaseAccess pays, into the same revenue pool, once per buyer; a
//! public datanet costs nothing.

mod common;

use common::*;
use openledger_datanets::{charge_access, DatanetsError, DatanetsRead};

fn charge(
    s: &mut openledger_framework::delta::MemState,
    who: u8,
    d: u64,
    v: u64,
) -> Result<u128, DatanetsError> {
    run_at(s, HEIGHT, addr(who), |f, c| {
        charge_access(f, c.block, &addr(who), d, v)
    })
}

#[test]
fn charging_is_a_purchase_once_per_buyer() {
    let mut s = setup();
    let d = permissioned_datanet(&mut s);
    let id = contribute(&mut s, 3, d, 1, 100).unwrap();
    approve(&mut s, 1, id).unwrap();
    publish(&mut s, 1, d).unwrap();
    let before = module_balance(&s);
    let price = charge(&mut s, 6, d, 1).unwrap();
    assert!(price > 0);
    assert_eq!(balance(&s, &addr(6)), FUNDS - price);
    assert_eq!(module_balance(&s), before + price);
    assert_eq!(s.revenue_pool(d, 1).unwrap().paid, price);
    assert_eq!(s.claimable_revenue(d, 1, &addr(3)).unwrap(), price);
    assert!(s.has_access(&addr(6), d, 1).unwrap());
    // Already bought: nothing more, and a purchase is refused as for any buyer.
    assert_eq!(charge(&mut s, 6, d, 1).unwrap(), 0);
    assert_eq!(balance(&s, &addr(6)), FUNDS - price);
    // Unknown datanet or version, or a buyer who can not pay: refused.
    assert!(matches!(
        charge(&mut s, 7, d, 9),
        Err(DatanetsError::UnknownVersion { .. })
    ));
    assert!(matches!(
        charge(&mut s, 7, 42, 1),
        Err(DatanetsError::UnknownDatanet(42))
    ));
    assert!(charge(&mut s, 30, d, 1).is_err());
}

#[test]
fn public_datanets_cost_nothing() {
    let mut s = setup();
    let d = public_datanet(&mut s);
    let id = contribute(&mut s, 5, d, 1, 10).unwrap();
    approve(&mut s, 1, id).unwrap();
    publish(&mut s, 1, d).unwrap();
    assert_eq!(charge(&mut s, 6, d, 1).unwrap(), 0);
    assert_eq!(balance(&s, &addr(6)), FUNDS);
    assert!(s.access_record(&addr(6), d, 1).unwrap().is_none());
}
