//! Properties of the pure fee functions with random fees, token counts, rates, shares,
//! multipliers, weights and 1..=256 entries: nothing is created or lost, and no credit exceeds
//! the contributor's exact real share.

use openledger_attribution::{split_fee, token_fee, AttributionError, Shares, PPM};
use openledger_framework::{mul_div_floor, Dec};
use proptest::prelude::*;

const ONE: u128 = 1_000_000_000_000_000_000;

/// Weights ≥ 1 adding up to exactly 10^6, from raw positive numbers.
fn normalize(raw: &[u32]) -> Vec<u32> {
    let total: u64 = raw.iter().map(|r| u64::from(*r)).sum();
    let mut w: Vec<u32> = raw
        .iter()
        .map(|r| (u64::from(*r) * u64::from(PPM) / total) as u32)
        .collect();
    let sum: u32 = w.iter().sum();
    w[0] += PPM - sum;
    w
}

/// Shares adding up to exactly 1.
fn shares(creator: u128, stakers: u128) -> Shares {
    let creator = creator % (ONE + 1);
    let stakers = stakers % (ONE - creator + 1);
    Shares {
        creator: Dec::from_atomics(creator),
        stakers: Dec::from_atomics(stakers),
        data: Dec::from_atomics(ONE - creator - stakers),
    }
}

fn multiplier(kind: u8, atomics: u128) -> Dec {
    match kind % 4 {
        0 => Dec::ONE,
        1 => Dec::percent(50),
        2 => Dec::ZERO,
        _ => Dec::from_atomics(atomics % (ONE + 1)),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn token_fee_is_the_floor_of_the_rate_formula(
        input in 0u64..=1_000_000_000,
        output in 0u64..=1_000_000_000,
        rate_in in 0u128..=1_000_000_000_000_000_000_000_000,
        rate_out in 0u128..=1_000_000_000_000_000_000_000_000,
    ) {
        let want = (u128::from(input) * rate_in + u128::from(output) * rate_out) / 1000;
        prop_assert_eq!(token_fee(input, output, rate_in, rate_out), Ok(want));
    }

    #[test]
    fn token_fee_overflow_is_an_error_not_a_wrap(
        input in any::<u64>(),
        output in any::<u64>(),
        rate_in in any::<u128>(),
        rate_out in any::<u128>(),
    ) {
        let want = u128::from(input)
            .checked_mul(rate_in)
            .and_then(|a| u128::from(output).checked_mul(rate_out).and_then(|b| a.checked_add(b)))
            .map(|sum| sum / 1000)
            .ok_or(AttributionError::FeeOverflow);
        prop_assert_eq!(token_fee(input, output, rate_in, rate_out), want);
    }

    #[test]
    fn split_conserves_every_aopen(
        token_fee in 0u128..=1_000_000_000_000_000_000_000_000_000_000,
        platform in 0u128..=1_000_000_000_000_000_000_000,
        creator in any::<u128>(),
        stakers in any::<u128>(),
        raw in proptest::collection::vec(1u32..=100_000, 1..=256),
        kinds in proptest::collection::vec(any::<u8>(), 256),
        atomics in proptest::collection::vec(any::<u128>(), 256),
    ) {
        let sh = shares(creator, stakers);
        let weights = normalize(&raw);
        let entries: Vec<(u32, Dec)> = weights
            .iter()
            .enumerate()
            .map(|(i, w)| (*w, multiplier(kinds[i], atomics[i])))
            .collect();
        let s = split_fee(token_fee, platform, &sh, &entries).unwrap();

        // fee = platform + creator + stakers + credited + withheld + dust
        prop_assert_eq!(s.fee, token_fee + platform);
        prop_assert_eq!(s.net, token_fee);
        prop_assert_eq!(
            s.fee,
            s.platform + s.creator + s.stakers + s.credited_total + s.withheld_total + s.dust
        );
        // pool = Σ raw + entry dust; the dust is what the floors leave
        let raw_sum: u128 = s.entries.iter().map(|e| e.raw).sum();
        let split_dust = s.net - s.creator - s.stakers - s.pool;
        prop_assert!(split_dust < 3);
        let entry_dust = s.pool - raw_sum;
        prop_assert!(entry_dust < entries.len() as u128);
        prop_assert_eq!(s.dust, split_dust + entry_dust);
        prop_assert_eq!(s.credited_total, s.entries.iter().map(|e| e.credited).sum::<u128>());
        prop_assert_eq!(s.withheld_total, s.entries.iter().map(|e| e.withheld).sum::<u128>());
        prop_assert_eq!(s.creator, sh.creator.mul_floor(token_fee).unwrap());
        prop_assert_eq!(s.stakers, sh.stakers.mul_floor(token_fee).unwrap());
        prop_assert_eq!(s.pool, sh.data.mul_floor(token_fee).unwrap());

        for (e, (w, m)) in s.entries.iter().zip(&entries) {
            prop_assert_eq!(e.raw, e.credited + e.withheld);
            // each credit ≤ its exact real share pool × w / 10^6 × m (and within 2 aopen of it)
            let exact = mul_div_floor(s.pool * u128::from(*w), m.atomics(), 1_000_000 * ONE)
                .unwrap();
            prop_assert!(e.credited <= exact, "{} > {}", e.credited, exact);
            prop_assert!(e.credited + 2 > exact);
            if *m == Dec::ONE {
                prop_assert_eq!(e.withheld, 0);
            }
            if m.is_zero() {
                prop_assert_eq!(e.credited, 0);
            }
        }
    }
}

#[test]
fn a_single_full_weight_entry_takes_the_whole_pool() {
    let sh = shares(700_000_000_000_000_000, 100_000_000_000_000_000);
    let s = split_fee(999, 0, &sh, &[(PPM, Dec::ONE)]).unwrap();
    // creator floor(699.3) = 699, stakers floor(99.9) = 99, pool floor(199.8) = 199
    assert_eq!((s.creator, s.stakers, s.pool), (699, 99, 199));
    assert_eq!(s.entries[0].credited, 199);
    assert_eq!(s.dust, 2);
}
