//! Pure reward arithmetic: the lazy per-share accumulator and the wire form of amounts.

use cosmos_sdk_proto::cosmos::base::v1beta1::DecCoin;
use openledger_framework::math::DEC_ONE_ATOMICS;
use openledger_framework::mul_div_floor;

use crate::error::DistributionError;

/// The reward index is rewards per share scaled by this factor (10^18).
pub const REWARD_INDEX_SCALE: u128 = DEC_ONE_ATOMICS;

/// The reward of `shares` between two index values: `shares × (index − start) / 10^18`,
/// rounded down. A start above the index is a broken invariant.
pub fn pending_reward(shares: u128, start: u128, index: u128) -> Result<u128, DistributionError> {
    let delta = index.checked_sub(start).ok_or_else(|| {
        DistributionError::Invariant(format!("start index {start} above reward index {index}"))
    })?;
    mul_div_floor(shares, delta, REWARD_INDEX_SCALE).ok_or(DistributionError::Overflow)
}

/// How much one allocation of `amount` to `shares` raises the reward index (rounded down).
/// `None` if there are no shares.
pub fn index_increment(amount: u128, shares: u128) -> Option<u128> {
    mul_div_floor(amount, REWARD_INDEX_SCALE, shares)
}

/// The LegacyDec wire form of an integer amount: `n` followed by 18 zeros, `"0"` for zero.
pub fn dec_amount_string(amount: u128) -> String {
    if amount == 0 {
        "0".to_string()
    } else {
        format!("{amount}000000000000000000")
    }
}

/// A `DecCoin` of an integer amount.
pub fn dec_coin(denom: &str, amount: u128) -> DecCoin {
    DecCoin {
        denom: denom.to_string(),
        amount: dec_amount_string(amount),
    }
}

/// A DecCoins list of one denom: empty for zero, as the SDK drops zero coins.
pub(crate) fn dec_coins(denom: &str, amount: u128) -> Vec<DecCoin> {
    if amount == 0 {
        Vec::new()
    } else {
        vec![dec_coin(denom, amount)]
    }
}

/// The SDK's `DecCoins.String()` of one denom: `"5.000000000000000000aopen"`, empty for zero.
pub(crate) fn dec_coins_string(amount: u128, denom: &str) -> String {
    if amount == 0 {
        String::new()
    } else {
        format!("{amount}.000000000000000000{denom}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn pending_is_shares_times_index_delta() {
        assert_eq!(pending_reward(10, 0, 3 * REWARD_INDEX_SCALE).unwrap(), 30);
        assert_eq!(pending_reward(3, 5, 5).unwrap(), 0);
        assert_eq!(pending_reward(1, 0, REWARD_INDEX_SCALE - 1).unwrap(), 0);
        assert!(matches!(
            pending_reward(1, 2, 1),
            Err(DistributionError::Invariant(_))
        ));
    }

    #[test]
    fn dec_wire_form() {
        assert_eq!(dec_amount_string(0), "0");
        assert_eq!(dec_amount_string(7), "7000000000000000000");
        assert_eq!(dec_coins_string(7, "aopen"), "7.000000000000000000aopen");
        assert!(dec_coins("aopen", 0).is_empty());
    }

    proptest! {
        /// Splitting an allocation over any number of delegations never pays out more than
        /// was allocated.
        #[test]
        fn payouts_never_exceed_allocation(
            amount in 0u128..1_000_000_000_000_000_000_000_000,
            shares in proptest::collection::vec(1u128..1_000_000_000_000_000_000_000_000, 1..8),
        ) {
            let total: u128 = shares.iter().sum();
            let inc = index_increment(amount, total).unwrap();
            let paid: u128 = shares.iter().map(|s| pending_reward(*s, 0, inc).unwrap()).sum();
            prop_assert!(paid <= amount);
        }
    }
}
