//! A validator's liveness record.

use borsh::{BorshDeserialize, BorshSerialize};
use cosmos_sdk_proto::cosmos::slashing::v1beta1 as pb;
use cosmos_sdk_proto::tendermint::google::protobuf::Timestamp as PbTimestamp;
use openledger_framework::{Address, BlockCtx, ConsAddress, VALCONS_PREFIX};
use serde::{Deserialize, Serialize};

/// A point in time: seconds since the Unix epoch and nanoseconds (`0..1_000_000_000`).
/// Ordered by `(seconds, nanos)`.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    BorshSerialize,
    BorshDeserialize,
    Serialize,
    Deserialize,
)]
#[serde(deny_unknown_fields)]
pub struct Timestamp {
    pub seconds: i64,
    pub nanos: u32,
}

impl Timestamp {
    pub const NANOS_PER_SECOND: u32 = 1_000_000_000;

    /// The block time of `ctx`.
    pub fn of_block(ctx: &BlockCtx) -> Timestamp {
        Timestamp {
            seconds: ctx.time_unix_secs,
            nanos: ctx.time_nanos,
        }
    }

    /// `self + secs`, saturating at the far future.
    pub fn plus_secs(self, secs: u64) -> Timestamp {
        let secs = i64::try_from(secs).unwrap_or(i64::MAX);
        Timestamp {
            seconds: self.seconds.saturating_add(secs),
            nanos: self.nanos,
        }
    }

    pub fn to_proto(self) -> PbTimestamp {
        PbTimestamp {
            seconds: self.seconds,
            nanos: i32::try_from(self.nanos).unwrap_or(0),
        }
    }
}

/// `jailed_until` of a tombstoned validator: 9999-12-31T23:59:59Z, the SDK's
/// `DoubleSignJailEndTime`.
pub const DOUBLE_SIGN_JAIL_END_TIME: Timestamp = Timestamp {
    seconds: 253_402_300_799,
    nanos: 0,
};

/// The SDK's `ValidatorSigningInfo` plus the bookkeeping of the missed-block bitmap.
#[derive(Debug, Clone, PartialEq, Eq, BorshSerialize, BorshDeserialize)]
pub struct SigningInfo {
    /// Height at which liveness tracking (re)started for the validator.
    pub start_height: u64,
    /// Blocks counted since the last reset; the bitmap index is `index_offset % window`.
    pub index_offset: u64,
    pub jailed_until: Timestamp,
    pub tombstoned: bool,
    /// Set bits in the current bitmap generation.
    pub missed_blocks_counter: u64,
    /// Generation of the bitmap; a reset starts a new one (older bits are stale).
    pub bitmap_generation: u64,
    /// `signed_blocks_window` the current generation was recorded with. When governance
    /// changes the window, the bitmap is reset at the validator's next vote.
    pub bitmap_window: u64,
    /// Whether bits of older generations may still be stored; while set, each vote deletes a
    /// few of them. Steady state costs no scan.
    pub stale_bits_pending: bool,
}

impl SigningInfo {
    /// A fresh record: tracking starts at `start_height`.
    pub fn new(start_height: u64, window: u64) -> Self {
        SigningInfo {
            start_height,
            index_offset: 0,
            jailed_until: Timestamp::default(),
            tombstoned: false,
            missed_blocks_counter: 0,
            bitmap_generation: 0,
            bitmap_window: window,
            stale_bits_pending: false,
        }
    }

    /// Whether the bitmap still has to be reset for a window change.
    pub fn window_changed(&self, window: u64) -> bool {
        self.bitmap_window != window
    }

    /// Forget the bitmap in O(1): new generation, zero counter and offset.
    pub fn reset_bitmap(&mut self, window: u64) {
        self.stale_bits_pending |= self.missed_blocks_counter > 0;
        self.bitmap_generation = self.bitmap_generation.saturating_add(1);
        self.missed_blocks_counter = 0;
        self.index_offset = 0;
        self.bitmap_window = window;
    }

    /// The record as clients and genesis see it under `window`: a bitmap pending reset for a
    /// window change shows as already reset.
    pub fn effective(&self, window: u64) -> SigningInfo {
        let mut info = self.clone();
        if info.window_changed(window) {
            info.reset_bitmap(window);
        }
        info
    }

    pub fn to_proto(&self, cons: &ConsAddress) -> pb::ValidatorSigningInfo {
        pb::ValidatorSigningInfo {
            address: Address(*cons).to_bech32(VALCONS_PREFIX),
            start_height: i64::try_from(self.start_height).unwrap_or(i64::MAX),
            index_offset: i64::try_from(self.index_offset).unwrap_or(i64::MAX),
            jailed_until: Some(self.jailed_until.to_proto()),
            tombstoned: self.tombstoned,
            missed_blocks_counter: i64::try_from(self.missed_blocks_counter).unwrap_or(i64::MAX),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_order_by_seconds_then_nanos_and_saturate() {
        let a = Timestamp {
            seconds: 5,
            nanos: 10,
        };
        assert!(
            a < Timestamp {
                seconds: 5,
                nanos: 11
            }
        );
        assert!(
            a < Timestamp {
                seconds: 6,
                nanos: 0
            }
        );
        assert_eq!(a.plus_secs(600).seconds, 605);
        assert_eq!(a.plus_secs(u64::MAX).seconds, i64::MAX);
    }

    #[test]
    fn reset_starts_a_new_generation() {
        let mut i = SigningInfo::new(7, 100);
        i.index_offset = 42;
        i.missed_blocks_counter = 12;
        assert!(!i.window_changed(100));
        let e = i.effective(200);
        assert_eq!(
            (e.index_offset, e.missed_blocks_counter, e.bitmap_generation),
            (0, 0, 1)
        );
        assert_eq!(i.effective(100), i);
        i.reset_bitmap(100);
        assert_eq!(i.bitmap_generation, 1);
        assert_eq!(i.start_height, 7);
    }
}
