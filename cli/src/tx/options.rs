//! Flags shared by every transaction command, and their parsing.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use clap::Args;

use crate::amount::{self, AmountError, Coin, GasPrice};
use crate::chain::DEFAULT_GAS;
use crate::tx::builder::TxSignMode;

#[derive(Debug, Clone, Args)]
pub struct TxOpts {
    /// Fee to pay, e.g. 0.0002OPEN or 200000000000000aopen [default: gas limit × gas price]
    #[arg(long, value_name = "AMOUNT", conflicts_with = "gas_prices")]
    pub fees: Option<Fees>,

    /// Gas limit, or "auto" to simulate the transaction, multiply by --gas-adjustment and add
    /// a margin of 20000 for state that changes before the transaction runs
    #[arg(long, value_name = "N|auto", default_value_t = GasSetting::Fixed(DEFAULT_GAS))]
    pub gas: GasSetting,

    /// Factor applied to the simulated gas with --gas auto
    #[arg(long, value_name = "FACTOR", default_value = "1.3")]
    pub gas_adjustment: GasAdjustment,

    /// Price per unit of gas, e.g. 1000000000aopen or 0.000000001OPEN
    /// [default: the node's minimum gas price]
    #[arg(long, value_name = "AMOUNT_PER_GAS")]
    pub gas_prices: Option<GasPrice>,

    /// Note attached to the transaction
    #[arg(long, default_value = "")]
    pub memo: String,

    /// Sign with this sequence instead of querying the account
    #[arg(long, value_name = "N")]
    pub sequence: Option<u64>,

    /// Sign with this account number instead of querying the account
    #[arg(long, value_name = "N")]
    pub account_number: Option<u64>,

    /// Block height after which the transaction is no longer valid (0: none)
    #[arg(long, value_name = "H", default_value_t = 0)]
    pub timeout_height: u64,

    /// sync: return after the mempool check; async: return at once; commit-wait: broadcast
    /// with sync, then wait until the transaction is in a block
    #[arg(long, value_enum, default_value_t = BroadcastMode::CommitWait)]
    pub broadcast_mode: BroadcastMode,

    /// How long commit-wait waits for the transaction to be included, e.g. 30s, 2m, 500ms
    #[arg(long, visible_alias = "timeout", value_name = "DURATION", default_value = "30s", value_parser = parse_duration)]
    pub wait_timeout: Duration,

    /// direct: SIGN_MODE_DIRECT; amino-json: SIGN_MODE_LEGACY_AMINO_JSON, the amino JSON
    /// document a Ledger shows and signs
    #[arg(long, value_enum, value_name = "MODE", default_value_t = TxSignMode::Direct)]
    pub sign_mode: TxSignMode,

    /// Sign and broadcast without asking for confirmation
    #[arg(long, short = 'y')]
    pub yes: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BroadcastMode {
    /// Return after the node's CheckTx
    Sync,
    /// Return as soon as the node received the transaction
    Async,
    /// Broadcast with sync, then wait until the transaction is in a block
    CommitWait,
}

/// A fee: one or more coins (`0.0002OPEN`, `2000aopen,5uatom`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fees(pub Vec<Coin>);

impl FromStr for Fees {
    type Err = AmountError;

    fn from_str(s: &str) -> Result<Self, AmountError> {
        let coins = amount::parse_coins(s)?;
        // The chain rejects zero coins in a fee; "0aopen" means "no fee".
        Ok(Self(coins.into_iter().filter(|c| c.amount > 0).collect()))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GasSetting {
    Fixed(u64),
    Auto,
}

impl FromStr for GasSetting {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("auto") {
            return Ok(Self::Auto);
        }
        match s.parse::<u64>() {
            Ok(0) => Err("the gas limit must be greater than zero".to_owned()),
            Ok(gas) => Ok(Self::Fixed(gas)),
            Err(_) => Err(format!(
                "expected a positive integer or \"auto\", got {s:?}"
            )),
        }
    }
}

impl fmt::Display for GasSetting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Fixed(gas) => write!(f, "{gas}"),
            Self::Auto => f.write_str("auto"),
        }
    }
}

/// A multiplier with six decimal places, applied with exact integer arithmetic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GasAdjustment {
    per_million: u128,
}

const ADJUSTMENT_DECIMALS: u32 = 6;
const ADJUSTMENT_ONE: u128 = 1_000_000;

impl GasAdjustment {
    /// `ceil(gas × factor)`.
    pub fn apply(&self, gas: u64) -> Option<u64> {
        let scaled = u128::from(gas).checked_mul(self.per_million)?;
        u64::try_from(scaled.div_ceil(ADJUSTMENT_ONE)).ok()
    }
}

impl FromStr for GasAdjustment {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let per_million = amount::parse_decimal(s, ADJUSTMENT_DECIMALS, ADJUSTMENT_DECIMALS)
            .map_err(|_| format!("expected a positive decimal factor like 1.3, got {s:?}"))?;
        if per_million == 0 {
            return Err("the gas adjustment must be greater than zero".to_owned());
        }
        Ok(Self { per_million })
    }
}

/// Parses `30s`, `2m`, `500ms` or a bare number of seconds.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (number, unit) = s.split_at(split);
    let value: u64 = number
        .parse()
        .map_err(|_| format!("expected a duration like 30s, 2m or 500ms, got {s:?}"))?;
    let duration = match unit.trim() {
        "" | "s" => Duration::from_secs(value),
        "ms" => Duration::from_millis(value),
        "m" => Duration::from_secs(value.saturating_mul(60)),
        other => return Err(format!("unknown duration unit {other:?} (use ms, s or m)")),
    };
    if duration.is_zero() {
        return Err("the duration must be greater than zero".to_owned());
    }
    Ok(duration)
}

#[cfg(test)]
#[path = "../../tests/unit/tx_options.rs"]
mod tests;
