//! Access revenue split: a lazy accumulator per version, in exact integer arithmetic.
//!
//! Every purchase adds its price to the version's `paid`; the version's revenue per byte is
//! recomputed from the running total, `floor(paid × 10^18 / total_bytes)`, so flooring never
//! compounds across purchases. A contributor with `b` bytes in the version is entitled to
//! `floor(b × revenue_per_byte / 10^18)` and may claim that minus what it already claimed.
//! Whatever the floors leave over is the version's `dust`: `paid − Σ entitlements`. It stays
//! in the module account and is absorbed by later purchases' larger revenue per byte.

use openledger_framework::mul_div_floor;

/// The scale of `revenue_per_byte`.
pub const REVENUE_SCALE: u128 = 1_000_000_000_000_000_000;

/// `floor(paid × 10^18 / total_bytes)`, or `None` if `total_bytes` is 0 or the result overflows.
pub fn revenue_per_byte(paid: u128, total_bytes: u128) -> Option<u128> {
    mul_div_floor(paid, REVENUE_SCALE, total_bytes)
}

/// `floor(bytes × revenue_per_byte / 10^18)`: what `bytes` earned in total.
pub fn entitlement(bytes: u128, revenue_per_byte: u128) -> Option<u128> {
    mul_div_floor(bytes, revenue_per_byte, REVENUE_SCALE)
}

/// The revenue per byte and dust after the running total reaches `paid`, for a version whose
/// contributors hold `bytes` (summing to `total_bytes`).
pub fn split(
    paid: u128,
    total_bytes: u128,
    bytes: impl IntoIterator<Item = u128>,
) -> Option<(u128, u128)> {
    let rpb = revenue_per_byte(paid, total_bytes)?;
    let mut credited: u128 = 0;
    for b in bytes {
        credited = credited.checked_add(entitlement(b, rpb)?)?;
    }
    let dust = paid.checked_sub(credited)?;
    Some((rpb, dust))
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn exact_split_leaves_no_dust() {
        // 3 OPEN over 100 + 200 bytes: 1 and 2 OPEN.
        let paid = 3 * REVENUE_SCALE;
        let (rpb, dust) = split(paid, 300, [100, 200]).unwrap();
        assert_eq!(rpb, REVENUE_SCALE / 100 * REVENUE_SCALE);
        assert_eq!(entitlement(100, rpb), Some(REVENUE_SCALE));
        assert_eq!(entitlement(200, rpb), Some(2 * REVENUE_SCALE));
        assert_eq!(dust, 0);
    }

    #[test]
    fn dust_is_what_the_floors_leave() {
        // 10 aopen over 1 + 1 + 1 bytes: rpb = floor(10e18 / 3) = 3333333333333333333,
        // each gets floor(3.333…) = 3, dust 1.
        let (rpb, dust) = split(10, 3, [1, 1, 1]).unwrap();
        assert_eq!(rpb, 3_333_333_333_333_333_333);
        assert_eq!(entitlement(1, rpb), Some(3));
        assert_eq!(dust, 1);
        // A second purchase of 10: paid 20, rpb 6666666666666666666, each 6, dust 2.
        let (rpb, dust) = split(20, 3, [1, 1, 1]).unwrap();
        assert_eq!(entitlement(1, rpb), Some(6));
        assert_eq!(dust, 2);
        // A third: paid 30 splits exactly.
        assert_eq!(split(30, 3, [1, 1, 1]).unwrap().1, 0);
    }

    #[test]
    fn large_amounts_use_wide_intermediates() {
        // 10^30 aopen over 10^13 bytes: paid × 10^18 exceeds u128 but the quotient fits.
        let (rpb, dust) = split(
            10u128.pow(30),
            10u128.pow(13),
            [3 * 10u128.pow(12), 7 * 10u128.pow(12)],
        )
        .unwrap();
        assert_eq!(rpb, 10u128.pow(35));
        assert_eq!(
            entitlement(3 * 10u128.pow(12), rpb),
            Some(3 * 10u128.pow(29))
        );
        assert_eq!(dust, 0);
        assert_eq!(revenue_per_byte(1, 0), None);
        // More than ~3.4 × 10^20 aopen per byte does not fit: such a purchase is refused.
        assert_eq!(revenue_per_byte(10u128.pow(21), 1), None);
        assert!(revenue_per_byte(3 * 10u128.pow(20), 1).is_some());
    }

    proptest! {
        #[test]
        fn credited_plus_dust_is_paid(
            paid in 0u128..10u128.pow(30),
            bytes in proptest::collection::vec(1u128..1u128 << 40, 1..20),
        ) {
            let total: u128 = bytes.iter().sum();
            let (rpb, dust) = split(paid, total, bytes.iter().copied()).unwrap();
            let credited: u128 = bytes.iter().map(|b| entitlement(*b, rpb).unwrap()).sum();
            prop_assert_eq!(credited + dust, paid);
            // Each floor loses less than 1 aopen, and the revenue-per-byte floor less than
            // 1 aopen per 10^18 bytes.
            prop_assert!(dust <= bytes.len() as u128 + total / REVENUE_SCALE);
        }

        #[test]
        fn entitlements_never_decrease(
            a in 0u128..10u128.pow(26),
            b in 0u128..10u128.pow(26),
            bytes in 1u128..1u128 << 40,
            total_extra in 0u128..1u128 << 40,
        ) {
            let total = bytes + total_extra;
            let (lo, hi) = (a.min(b), a.max(b));
            let r_lo = revenue_per_byte(lo, total).unwrap();
            let r_hi = revenue_per_byte(hi, total).unwrap();
            prop_assert!(entitlement(bytes, r_lo).unwrap() <= entitlement(bytes, r_hi).unwrap());
        }
    }
}
