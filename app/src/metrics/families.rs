//! Every metric the node exports: name, type and help. docs/metrics.md describes them for
//! operators; the dashboard test checks docs/grafana-dashboard.json against this list.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Counter,
    Gauge,
    Histogram,
}

#[derive(Debug, Clone, Copy)]
pub struct Family {
    pub name: &'static str,
    pub kind: Kind,
    pub help: &'static str,
    /// Label names (empty for a single series; histograms add `le`).
    pub labels: &'static [&'static str],
}

const fn family(
    name: &'static str,
    kind: Kind,
    labels: &'static [&'static str],
    help: &'static str,
) -> Family {
    Family {
        name,
        kind,
        help,
        labels,
    }
}

use Kind::{Counter, Gauge, Histogram};

pub const FAMILIES: &[Family] = &[
    family(
        "openledger_txs_total",
        Counter,
        &["code", "codespace"],
        "Transactions delivered in finalized blocks, by result code and codespace (code 0: success).",
    ),
    family(
        "openledger_block_height",
        Gauge,
        &[],
        "Height of the last block this node committed.",
    ),
    family(
        "openledger_blocks_total",
        Counter,
        &[],
        "Blocks executed by FinalizeBlock since the node started.",
    ),
    family(
        "openledger_block_gas_used",
        Histogram,
        &[],
        "Gas used by the delivered transactions of a block.",
    ),
    family(
        "openledger_gas_used_total",
        Counter,
        &[],
        "Gas used by delivered transactions since the node started.",
    ),
    family(
        "openledger_finalize_block_seconds",
        Histogram,
        &[],
        "Time FinalizeBlock took to execute a block, in seconds.",
    ),
    family(
        "openledger_commit_seconds",
        Histogram,
        &[],
        "Time Commit took to write a block's state to disk, in seconds.",
    ),
    family(
        "openledger_check_tx_accepted_total",
        Counter,
        &["kind"],
        "Transactions CheckTx admitted to the mempool (kind: new, or recheck after a block).",
    ),
    family(
        "openledger_check_tx_rejected_total",
        Counter,
        &["kind", "reason"],
        "Transactions CheckTx refused, by reason: decode, signature, sequence, fee, gas, other.",
    ),
    family(
        "openledger_attribution_receipts_total",
        Counter,
        &[],
        "Inference receipts recorded (EventInferenceRecorded).",
    ),
    family(
        "openledger_attribution_inference_fees_aopen_total",
        Counter,
        &[],
        "Inference fees charged, in aopen (exact in the exposition; Prometheus stores float64).",
    ),
    family(
        "openledger_attribution_fee_split_aopen_total",
        Counter,
        &["part"],
        "Inference fees by where they went, in aopen: platform, creator, stakers, data_pool.",
    ),
    family(
        "openledger_attribution_rewards_claims_total",
        Counter,
        &[],
        "Contributor reward claims paid (EventRewardsClaimed).",
    ),
    family(
        "openledger_attribution_rewards_claimed_aopen_total",
        Counter,
        &[],
        "Contributor rewards paid out by claims, in aopen.",
    ),
    family(
        "openledger_attribution_credits_released_aopen_total",
        Counter,
        &[],
        "Held data pools that became claimable after their challenge window, in aopen.",
    ),
    family(
        "openledger_attribution_challenges_opened_total",
        Counter,
        &[],
        "Receipt challenges opened (EventReceiptChallenged).",
    ),
    family(
        "openledger_attribution_challenges_settled_total",
        Counter,
        &["status"],
        "Receipt challenges settled, by outcome: upheld, corrected, escalated, other.",
    ),
    family(
        "openledger_attribution_challenge_slashed_aopen_total",
        Counter,
        &[],
        "Operator bonds slashed by corrected challenges, in aopen.",
    ),
    family(
        "openledger_store_disk_bytes",
        Gauge,
        &[],
        "Size of the state store's files on disk, in bytes (read at scrape time).",
    ),
    family(
        "openledger_store_versions",
        Gauge,
        &[],
        "Committed versions the store keeps readable (latest - oldest + 1; read at scrape time).",
    ),
];

/// Every series name a query may use: the families, and a histogram's `_bucket`, `_sum` and
/// `_count`.
pub fn series_names() -> Vec<String> {
    let mut out = Vec::new();
    for f in FAMILIES {
        out.push(f.name.to_string());
        if f.kind == Kind::Histogram {
            for suffix in ["_bucket", "_sum", "_count"] {
                out.push(format!("{}{suffix}", f.name));
            }
        }
    }
    out
}
