//! Prometheus metrics of the node: what the ABCI connections see (transactions by result
//! code, gas, FinalizeBlock and Commit times, CheckTx verdicts), the attribution module's
//! typed events (receipts, fees, payouts, challenges) and the store's size.
//!
//! Observation only: nothing here is read by the state machine, so metrics never influence
//! consensus, and no observation can panic (a poisoned lock is taken over, amounts saturate).
//! Labels come from small fixed sets or from the chain's result codes; never from addresses
//! or ids. `GET /metrics` is served by [`server`] when `metrics_enable` is set.
//!
//! The registry is written by hand (a few counters, gauges and histograms in the text
//! exposition format 0.0.4) rather than taken from a client library: the node keeps its
//! dependencies few, and amounts in aopen are kept as exact `u128` and printed as integers.

pub mod families;
pub mod server;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::Duration;

use openledger_framework::Event;

use crate::app::FinalizedBlock;
use crate::store::Storage;
use crate::tx::TxOutcome;
use families::{Kind, FAMILIES};

/// Upper bounds of the time histograms, in seconds.
pub const SECONDS_BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];
/// Upper bounds of the gas-per-block histogram (the default block limit is 150M gas).
pub const GAS_BUCKETS: &[f64] = &[0.0, 1e5, 5e5, 1e6, 2.5e6, 5e6, 1e7, 2.5e7, 5e7, 1e8, 1.5e8];

/// Why CheckTx refused a transaction, from its result code (the `reason` label).
pub const REJECT_REASONS: &[&str] = &["decode", "signature", "sequence", "fee", "gas", "other"];
/// CheckTx of a new transaction or a recheck after a block (the `kind` label).
pub const CHECK_KINDS: &[&str] = &["new", "recheck"];
/// How a challenge was settled (the `status` label).
pub const SETTLED_STATUSES: &[&str] = &["upheld", "corrected", "escalated", "other"];
/// The parts an inference fee is split into (the `part` label).
pub const FEE_PARTS: &[&str] = &["platform", "creator", "stakers", "data_pool"];

pub const EVENT_INFERENCE_RECORDED: &str = "openledger.attribution.v1.EventInferenceRecorded";
pub const EVENT_REWARDS_CLAIMED: &str = "openledger.attribution.v1.EventRewardsClaimed";
pub const EVENT_CREDITS_RELEASED: &str = "openledger.attribution.v1.EventCreditsReleased";
pub const EVENT_RECEIPT_CHALLENGED: &str = "openledger.attribution.v1.EventReceiptChallenged";
pub const EVENT_CHALLENGE_SETTLED: &str = "openledger.attribution.v1.EventChallengeSettled";

/// The `reason` label of a CheckTx refusal with this code (codes of the `sdk` codespace;
/// any other codespace is `other`).
pub fn reject_reason(codespace: &str, code: u32) -> &'static str {
    use openledger_framework::error::sdk;
    if codespace != sdk::CODESPACE {
        return "other";
    }
    match code {
        sdk::TX_DECODE
        | sdk::TX_TOO_LARGE
        | sdk::UNKNOWN_REQUEST
        | sdk::INVALID_REQUEST
        | sdk::MEMO_TOO_LARGE
        | sdk::UNKNOWN_EXTENSION_OPTIONS => "decode",
        sdk::UNAUTHORIZED | sdk::INVALID_PUBKEY | sdk::NO_SIGNATURES | sdk::TOO_MANY_SIGNATURES => {
            "signature"
        }
        sdk::INVALID_SEQUENCE | sdk::WRONG_SEQUENCE => "sequence",
        sdk::INSUFFICIENT_FEE | sdk::INSUFFICIENT_FUNDS => "fee",
        sdk::OUT_OF_GAS | sdk::INVALID_GAS_LIMIT => "gas",
        _ => "other",
    }
}

/// Bounded cumulative histogram.
#[derive(Debug, Clone)]
struct Histogram {
    bounds: &'static [f64],
    /// Observations at most each bound (not cumulative; cumulated when rendered).
    counts: Vec<u64>,
    count: u64,
    sum: f64,
}

impl Histogram {
    fn new(bounds: &'static [f64]) -> Self {
        Histogram {
            bounds,
            counts: vec![0; bounds.len()],
            count: 0,
            sum: 0.0,
        }
    }

    fn observe(&mut self, v: f64) {
        if let Some(i) = self.bounds.iter().position(|b| v <= *b) {
            if let Some(c) = self.counts.get_mut(i) {
                *c = c.saturating_add(1);
            }
        }
        self.count = self.count.saturating_add(1);
        self.sum += v;
    }

    fn render(&self, out: &mut String, name: &str) {
        let mut cumulative = 0u64;
        for (b, c) in self.bounds.iter().zip(&self.counts) {
            cumulative = cumulative.saturating_add(*c);
            let _ = writeln!(out, "{name}_bucket{{le=\"{b}\"}} {cumulative}");
        }
        let _ = writeln!(out, "{name}_bucket{{le=\"+Inf\"}} {}", self.count);
        let _ = writeln!(out, "{name}_sum {}", self.sum);
        let _ = writeln!(out, "{name}_count {}", self.count);
    }
}

#[derive(Debug, Clone)]
struct State {
    /// Delivered transactions by (code, codespace).
    txs: BTreeMap<(u32, String), u64>,
    /// The height FinalizeBlock executed last; the committed height once Commit succeeds.
    finalized_height: u64,
    committed_height: u64,
    blocks: u64,
    block_gas: Histogram,
    gas_used: u128,
    finalize_seconds: Histogram,
    commit_seconds: Histogram,
    check_accepted: BTreeMap<&'static str, u64>,
    check_rejected: BTreeMap<(&'static str, &'static str), u64>,
    receipts: u64,
    inference_fees: u128,
    fee_parts: BTreeMap<&'static str, u128>,
    rewards_claims: u64,
    rewards_claimed: u128,
    credits_released: u128,
    challenges_opened: u64,
    challenges_settled: BTreeMap<&'static str, u64>,
    challenges_slashed: u128,
}

impl Default for State {
    fn default() -> Self {
        State {
            txs: BTreeMap::new(),
            finalized_height: 0,
            committed_height: 0,
            blocks: 0,
            block_gas: Histogram::new(GAS_BUCKETS),
            gas_used: 0,
            finalize_seconds: Histogram::new(SECONDS_BUCKETS),
            commit_seconds: Histogram::new(SECONDS_BUCKETS),
            check_accepted: zeros(CHECK_KINDS),
            check_rejected: CHECK_KINDS
                .iter()
                .flat_map(|k| REJECT_REASONS.iter().map(move |r| ((*k, *r), 0)))
                .collect(),
            receipts: 0,
            inference_fees: 0,
            fee_parts: zeros(FEE_PARTS),
            rewards_claims: 0,
            rewards_claimed: 0,
            credits_released: 0,
            challenges_opened: 0,
            challenges_settled: zeros(SETTLED_STATUSES),
            challenges_slashed: 0,
        }
    }
}

fn zeros<V: Default>(keys: &[&'static str]) -> BTreeMap<&'static str, V> {
    keys.iter().map(|k| (*k, V::default())).collect()
}

/// A typed event attribute's value: proto3 JSON, so amounts and 64-bit integers are quoted.
fn attr_str<'a>(e: &'a Event, key: &str) -> Option<&'a str> {
    let v = e.attribute(key)?;
    Some(
        v.strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .unwrap_or(v),
    )
}

/// An amount attribute (0 when absent or not a number: metrics never refuse anything).
fn attr_amount(e: &Event, key: &str) -> u128 {
    attr_str(e, key).and_then(|v| v.parse().ok()).unwrap_or(0)
}

fn add(counter: &mut u128, v: u128) {
    *counter = counter.saturating_add(v);
}

fn bump<K: Ord>(map: &mut BTreeMap<K, u64>, key: K) {
    let c = map.entry(key).or_insert(0);
    *c = c.saturating_add(1);
}

impl State {
    fn observe_event(&mut self, e: &Event) {
        match e.kind.as_str() {
            EVENT_INFERENCE_RECORDED => {
                self.receipts = self.receipts.saturating_add(1);
                add(&mut self.inference_fees, attr_amount(e, "fee"));
                for (part, key) in [
                    ("platform", "platform_fee"),
                    ("creator", "creator_amount"),
                    ("stakers", "stakers_amount"),
                    ("data_pool", "data_pool"),
                ] {
                    add(self.fee_parts.entry(part).or_insert(0), attr_amount(e, key));
                }
            }
            EVENT_REWARDS_CLAIMED => {
                self.rewards_claims = self.rewards_claims.saturating_add(1);
                add(&mut self.rewards_claimed, attr_amount(e, "amount"));
            }
            EVENT_CREDITS_RELEASED => add(&mut self.credits_released, attr_amount(e, "credited")),
            EVENT_RECEIPT_CHALLENGED => {
                self.challenges_opened = self.challenges_opened.saturating_add(1);
            }
            EVENT_CHALLENGE_SETTLED => {
                let status = match attr_str(e, "status") {
                    Some("CHALLENGE_STATUS_UPHELD") => "upheld",
                    Some("CHALLENGE_STATUS_CORRECTED") => "corrected",
                    Some("CHALLENGE_STATUS_ESCALATED") => "escalated",
                    _ => "other",
                };
                bump(&mut self.challenges_settled, status);
                add(&mut self.challenges_slashed, attr_amount(e, "slashed"));
            }
            _ => {}
        }
    }
}

/// The node's metrics. One per process ([`global`]); tests may make their own.
#[derive(Debug, Default)]
pub struct Metrics {
    state: Mutex<State>,
}

/// Measures a duration for a histogram. Wall-clock time, read only by metrics.
pub struct Timer(std::time::Instant);

impl Timer {
    #[allow(clippy::disallowed_methods)]
    pub fn start() -> Self {
        Timer(std::time::Instant::now())
    }

    pub fn elapsed(&self) -> Duration {
        self.0.elapsed()
    }
}

/// The process's metrics, which the ABCI connections write.
pub fn global() -> &'static Metrics {
    static METRICS: OnceLock<Metrics> = OnceLock::new();
    METRICS.get_or_init(Metrics::default)
}

impl Metrics {
    fn state(&self) -> MutexGuard<'_, State> {
        // A panic elsewhere while holding the lock leaves counters that are still usable.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A block FinalizeBlock executed at `height` in `elapsed`.
    pub fn observe_finalize(&self, height: u64, block: &FinalizedBlock, elapsed: Duration) {
        let mut s = self.state();
        s.finalized_height = height;
        s.blocks = s.blocks.saturating_add(1);
        s.finalize_seconds.observe(elapsed.as_secs_f64());
        let mut gas = 0u64;
        for o in &block.outcomes {
            gas = gas.saturating_add(o.gas_used);
            let key = match &o.result {
                Ok(()) => (0, String::new()),
                Err(e) => (e.code, e.codespace.to_string()),
            };
            bump(&mut s.txs, key);
            // A failed tx's messages wrote nothing: only a successful one's events count.
            if o.result.is_ok() {
                for e in &o.events {
                    s.observe_event(e);
                }
            }
        }
        for e in &block.events {
            s.observe_event(e);
        }
        s.block_gas.observe(gas as f64);
        add(&mut s.gas_used, u128::from(gas));
    }

    /// A Commit that took `elapsed`.
    pub fn observe_commit(&self, elapsed: Duration) {
        let mut s = self.state();
        s.commit_seconds.observe(elapsed.as_secs_f64());
        s.committed_height = s.finalized_height;
    }

    /// CheckTx's verdict on a new transaction, or on a recheck after a block.
    pub fn observe_check_tx(&self, recheck: bool, outcome: &TxOutcome) {
        let kind = if recheck { "recheck" } else { "new" };
        let mut s = self.state();
        match &outcome.result {
            Ok(()) => bump(&mut s.check_accepted, kind),
            Err(e) => bump(
                &mut s.check_rejected,
                (kind, reject_reason(e.codespace, e.code)),
            ),
        }
    }

    /// The text exposition of every family, with the store's figures read now when a store
    /// is given.
    pub fn render(&self, storage: Option<&Storage>) -> String {
        let s = self.state().clone();
        let (disk, versions) = match storage {
            Some(st) => (
                st.size_on_disk().ok(),
                st.latest().map(|l| {
                    let oldest = st.oldest_height().unwrap_or(l.height);
                    l.height.saturating_sub(oldest).saturating_add(1)
                }),
            ),
            None => (None, None),
        };
        // The store knows the committed height from the start, also after a restart; the
        // observed one stands in when there is no store.
        let height = storage
            .and_then(|st| st.latest())
            .map_or(s.committed_height, |l| l.height);
        let mut out = String::with_capacity(8 * 1024);
        for f in FAMILIES {
            let _ = writeln!(out, "# HELP {} {}", f.name, f.help);
            let _ = writeln!(out, "# TYPE {} {}", f.name, f.kind.as_str());
            let name = f.name;
            let mut line = |labels: &str, v: &dyn std::fmt::Display| {
                let _ = writeln!(out, "{name}{labels} {v}");
            };
            match name {
                "openledger_txs_total" => {
                    for ((code, space), n) in &s.txs {
                        line(
                            &format!("{{code=\"{code}\",codespace=\"{}\"}}", escape(space)),
                            n,
                        );
                    }
                }
                "openledger_block_height" => line("", &height),
                "openledger_blocks_total" => line("", &s.blocks),
                "openledger_block_gas_used" => s.block_gas.render(&mut out, name),
                "openledger_gas_used_total" => line("", &s.gas_used),
                "openledger_finalize_block_seconds" => s.finalize_seconds.render(&mut out, name),
                "openledger_commit_seconds" => s.commit_seconds.render(&mut out, name),
                "openledger_check_tx_accepted_total" => {
                    for (k, n) in &s.check_accepted {
                        line(&format!("{{kind=\"{k}\"}}"), n);
                    }
                }
                "openledger_check_tx_rejected_total" => {
                    for ((k, r), n) in &s.check_rejected {
                        line(&format!("{{kind=\"{k}\",reason=\"{r}\"}}"), n);
                    }
                }
                "openledger_attribution_receipts_total" => line("", &s.receipts),
                "openledger_attribution_inference_fees_aopen_total" => line("", &s.inference_fees),
                "openledger_attribution_fee_split_aopen_total" => {
                    for (p, n) in &s.fee_parts {
                        line(&format!("{{part=\"{p}\"}}"), n);
                    }
                }
                "openledger_attribution_rewards_claims_total" => line("", &s.rewards_claims),
                "openledger_attribution_rewards_claimed_aopen_total" => {
                    line("", &s.rewards_claimed)
                }
                "openledger_attribution_credits_released_aopen_total" => {
                    line("", &s.credits_released)
                }
                "openledger_attribution_challenges_opened_total" => line("", &s.challenges_opened),
                "openledger_attribution_challenges_settled_total" => {
                    for (st, n) in &s.challenges_settled {
                        line(&format!("{{status=\"{st}\"}}"), n);
                    }
                }
                "openledger_attribution_challenge_slashed_aopen_total" => {
                    line("", &s.challenges_slashed)
                }
                "openledger_store_disk_bytes" => {
                    if let Some(d) = disk {
                        line("", &d);
                    }
                }
                "openledger_store_versions" => {
                    if let Some(v) = versions {
                        line("", &v);
                    }
                }
                _ => {}
            }
        }
        out
    }
}

/// A label value in the text format: backslash, quote and newline escaped.
fn escape(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Counter => "counter",
            Kind::Gauge => "gauge",
            Kind::Histogram => "histogram",
        }
    }
}

#[cfg(test)]
mod tests;
