//! The inference fee and its split, in exact integer arithmetic. Pure functions: the handler,
//! tests, benchmarks and docs all use these.
//!
//! ```text
//! token_fee  = floor((input_tokens × rate_in + output_tokens × rate_out) / 1000)
//! fee        = token_fee + platform_fee            (what the user pays)
//! net        = token_fee
//! creator    = floor(net × creator_share)
//! stakers    = floor(net × stakers_share)
//! pool       = floor(net × data_share)
//! split_dust = net − creator − stakers − pool
//! raw_i      = floor(pool × w_i / 1_000_000)
//! credited_i = floor(raw_i × m_i)                  (m_i ≤ 1; a larger multiplier counts as 1)
//! withheld_i = raw_i − credited_i
//! unattributed = pool if there are no entries (no span was found), else 0
//! entry_dust = pool − Σ raw_i − unattributed
//! dust       = split_dust + entry_dust
//! ```
//!
//! So `fee = platform + creator + stakers + Σ credited + Σ withheld + unattributed + dust`
//! exactly, and every
//! credit is at most the contributor's exact real share `pool × w_i / 10^6 × m_i`.

use openledger_framework::{mul_div_floor, Dec};

use crate::error::AttributionError;

/// Weights are parts per million; the weights of one inference add up to this.
pub const PPM: u32 = 1_000_000;

/// Tokens are priced per this many.
pub const TOKENS_PER_RATE: u128 = 1_000;

/// The shares of the token fee (they add up to 1 in valid params).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shares {
    pub creator: Dec,
    pub stakers: Dec,
    pub data: Dec,
}

/// What one attribution entry earns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EntrySplit {
    /// `floor(pool × weight / 10^6)`.
    pub raw: u128,
    /// `floor(raw × multiplier)`: credited to the contributor.
    pub credited: u128,
    /// `raw − credited`: to the community pool.
    pub withheld: u128,
}

/// The split of one inference fee.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FeeSplit {
    /// `token_fee + platform`: what the user pays.
    pub fee: u128,
    pub platform: u128,
    /// The token fee.
    pub net: u128,
    pub creator: u128,
    pub stakers: u128,
    /// The data pool shared by the entries.
    pub pool: u128,
    /// One per entry, in the order given.
    pub entries: Vec<EntrySplit>,
    pub credited_total: u128,
    pub withheld_total: u128,
    /// The whole data pool when there are no entries (an unattributed output); 0 otherwise.
    pub unattributed: u128,
    /// What the floors leave: `net − creator − stakers − pool` plus `pool − Σ raw −
    /// unattributed`.
    pub dust: u128,
}

/// `floor((input × rate_in + output × rate_out) / 1000)`; [`AttributionError::FeeOverflow`] if
/// an intermediate value exceeds u128.
pub fn token_fee(
    input_tokens: u64,
    output_tokens: u64,
    rate_in_per_1000: u128,
    rate_out_per_1000: u128,
) -> Result<u128, AttributionError> {
    let a = u128::from(input_tokens)
        .checked_mul(rate_in_per_1000)
        .ok_or(AttributionError::FeeOverflow)?;
    let b = u128::from(output_tokens)
        .checked_mul(rate_out_per_1000)
        .ok_or(AttributionError::FeeOverflow)?;
    let sum = a.checked_add(b).ok_or(AttributionError::FeeOverflow)?;
    sum.checked_div(TOKENS_PER_RATE)
        .ok_or(AttributionError::FeeOverflow)
}

/// Split an inference fee. `entries` are `(weight_ppm, reward multiplier)` pairs; their
/// weights must not add up to more than 10^6 (a message's add up to exactly 10^6). Shares
/// adding up to more than 1 are refused.
pub fn split_fee(
    token_fee: u128,
    platform_fee: u128,
    shares: &Shares,
    entries: &[(u32, Dec)],
) -> Result<FeeSplit, AttributionError> {
    let overflow = || AttributionError::Overflow;
    let fee = token_fee
        .checked_add(platform_fee)
        .ok_or(AttributionError::FeeOverflow)?;
    let net = token_fee;
    let creator = shares.creator.mul_floor(net).ok_or_else(overflow)?;
    let stakers = shares.stakers.mul_floor(net).ok_or_else(overflow)?;
    let pool = shares.data.mul_floor(net).ok_or_else(overflow)?;
    let split_dust = net
        .checked_sub(creator)
        .and_then(|v| v.checked_sub(stakers))
        .and_then(|v| v.checked_sub(pool))
        .ok_or_else(|| {
            AttributionError::InvalidParams("the shares add up to more than 1".into())
        })?;

    let ps = split_pool(pool, entries)?;
    let dust = split_dust.checked_add(ps.entry_dust).ok_or_else(overflow)?;
    Ok(FeeSplit {
        fee,
        platform: platform_fee,
        net,
        creator,
        stakers,
        pool,
        entries: ps.entries,
        credited_total: ps.credited_total,
        withheld_total: ps.withheld_total,
        unattributed: ps.unattributed,
        dust,
    })
}

/// The split of a data pool among attribution entries.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PoolSplit {
    /// One per entry, in the order given.
    pub entries: Vec<EntrySplit>,
    pub credited_total: u128,
    pub withheld_total: u128,
    /// The whole pool when there are no entries; 0 otherwise.
    pub unattributed: u128,
    /// `pool − Σ raw − unattributed`.
    pub entry_dust: u128,
}

/// Split a data pool among `(weight_ppm, reward multiplier)` entries: `raw_i = floor(pool ×
/// w_i / 10^6)`, `credited_i = floor(raw_i × min(m_i, 1))`, `withheld_i = raw_i −
/// credited_i`; no entries make the whole pool `unattributed`. [`split_fee`] uses it for a
/// new receipt and a corrected challenge re-splits a held pool with it. Weights adding up to
/// more than 10^6 are refused.
pub fn split_pool(pool: u128, entries: &[(u32, Dec)]) -> Result<PoolSplit, AttributionError> {
    let overflow = || AttributionError::Overflow;
    let mut weight_sum: u64 = 0;
    let mut raw_sum: u128 = 0;
    let mut credited_total: u128 = 0;
    let mut withheld_total: u128 = 0;
    let mut out = Vec::with_capacity(entries.len());
    for &(weight, multiplier) in entries {
        weight_sum = weight_sum
            .checked_add(u64::from(weight))
            .ok_or_else(overflow)?;
        if weight_sum > u64::from(PPM) {
            return Err(AttributionError::WeightSum(weight_sum));
        }
        let raw = mul_div_floor(pool, u128::from(weight), u128::from(PPM)).ok_or_else(overflow)?;
        let m = multiplier.min(Dec::ONE);
        let credited = m.mul_floor(raw).ok_or_else(overflow)?;
        let withheld = raw.checked_sub(credited).ok_or_else(overflow)?;
        raw_sum = raw_sum.checked_add(raw).ok_or_else(overflow)?;
        credited_total = credited_total.checked_add(credited).ok_or_else(overflow)?;
        withheld_total = withheld_total.checked_add(withheld).ok_or_else(overflow)?;
        out.push(EntrySplit {
            raw,
            credited,
            withheld,
        });
    }
    // An unattributed output (no entries) sends its data pool to the community pool as
    // `unattributed`, not as dust, so the totals tell the two apart.
    let unattributed = if entries.is_empty() { pool } else { 0 };
    let entry_dust = pool
        .checked_sub(raw_sum)
        .and_then(|v| v.checked_sub(unattributed))
        .ok_or_else(overflow)?;
    Ok(PoolSplit {
        entries: out,
        credited_total,
        withheld_total,
        unattributed,
        entry_dust,
    })
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    const OPEN: u128 = 1_000_000_000_000_000_000;

    fn default_shares() -> Shares {
        Shares {
            creator: Dec::percent(70),
            stakers: Dec::percent(10),
            data: Dec::percent(20),
        }
    }

    #[test]
    fn reference_example() {
        // 1000 input tokens at 0.24 OPEN and 2000 output tokens at 0.2 OPEN per 1000 tokens.
        let tf = token_fee(1000, 2000, 24 * OPEN / 100, 2 * OPEN / 10).unwrap();
        assert_eq!(tf, 640_000_000_000_000_000);
        let s = split_fee(
            tf,
            OPEN / 2,
            &default_shares(),
            &[(250_000, Dec::ONE), (750_000, Dec::ONE)],
        )
        .unwrap();
        assert_eq!(s.fee, 1_140_000_000_000_000_000);
        assert_eq!(s.net, 640_000_000_000_000_000);
        assert_eq!(s.creator, 448_000_000_000_000_000);
        assert_eq!(s.stakers, 64_000_000_000_000_000);
        assert_eq!(s.pool, 128_000_000_000_000_000);
        assert_eq!(s.entries[0].raw, 32_000_000_000_000_000);
        assert_eq!(s.entries[0].credited, 32_000_000_000_000_000);
        assert_eq!(s.entries[1].credited, 96_000_000_000_000_000);
        assert_eq!(s.withheld_total, 0);
        assert_eq!(s.dust, 0);
    }

    #[test]
    fn multiplier_withholds_and_floors_leave_dust() {
        let s = split_fee(
            1_001,
            5,
            &default_shares(),
            &[(333_333, Dec::percent(50)), (666_667, Dec::ONE)],
        )
        .unwrap();
        // creator 700, stakers 100, pool 200, split dust 1
        assert_eq!((s.creator, s.stakers, s.pool), (700, 100, 200));
        // raw 66 (66.6666) and 133 (133.3334); entry dust 1
        assert_eq!(s.entries[0].raw, 66);
        assert_eq!(s.entries[0].credited, 33);
        assert_eq!(s.entries[0].withheld, 33);
        assert_eq!(s.entries[1].raw, 133);
        assert_eq!(s.dust, 2);
        assert_eq!(
            s.fee,
            s.platform + s.creator + s.stakers + s.credited_total + s.withheld_total + s.dust
        );
        // a multiplier above 1 counts as 1
        let s = split_fee(1000, 0, &default_shares(), &[(PPM, Dec::percent(150))]).unwrap();
        assert_eq!(s.entries[0].credited, 200);
        assert_eq!(s.entries[0].withheld, 0);
    }

    #[test]
    fn overflow_and_bad_inputs_are_errors() {
        assert_eq!(
            token_fee(u64::MAX, 0, u128::MAX / 2, 0),
            Err(AttributionError::FeeOverflow)
        );
        assert_eq!(
            token_fee(1, 1, u128::MAX, 1),
            Err(AttributionError::FeeOverflow)
        );
        assert_eq!(token_fee(999, 0, 1, 0), Ok(0));
        assert_eq!(
            split_fee(u128::MAX, 1, &default_shares(), &[(PPM, Dec::ONE)]),
            Err(AttributionError::FeeOverflow)
        );
        assert!(matches!(
            split_fee(10, 0, &default_shares(), &[(PPM, Dec::ONE), (1, Dec::ONE)]),
            Err(AttributionError::WeightSum(1_000_001))
        ));
        let too_much = Shares {
            creator: Dec::ONE,
            stakers: Dec::percent(1),
            data: Dec::ZERO,
        };
        assert!(matches!(
            split_fee(100, 0, &too_much, &[]),
            Err(AttributionError::InvalidParams(_))
        ));
    }
}
