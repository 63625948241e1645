use openledger_framework::error::sdk;
use prost::Name;

use super::families::series_names;
use super::*;
use crate::tx::TxError;

fn outcome(result: Result<(), TxError>, gas_used: u64, events: Vec<Event>) -> TxOutcome {
    TxOutcome {
        hash: Some([1; 32]),
        result,
        ante_passed: true,
        gas_wanted: 200_000,
        gas_used,
        events,
        msg_responses: Vec::new(),
    }
}

/// A typed event as the modules write it: proto3 JSON values.
fn typed(kind: &str, attrs: &[(&str, &str)]) -> Event {
    attrs
        .iter()
        .fold(Event::new(kind), |e, (k, v)| e.attr(*k, *v))
}

/// The value of the sample `series` (name and labels as printed), if present.
fn sample(text: &str, series: &str) -> Option<String> {
    text.lines()
        .find_map(|l| l.strip_prefix(series)?.strip_prefix(' '))
        .map(str::to_string)
}

#[test]
fn the_event_kinds_are_the_attribution_protos_names() {
    use openledger_proto::openledger::attribution::v1 as pb;
    assert_eq!(
        EVENT_INFERENCE_RECORDED,
        pb::EventInferenceRecorded::full_name()
    );
    assert_eq!(EVENT_REWARDS_CLAIMED, pb::EventRewardsClaimed::full_name());
    assert_eq!(
        EVENT_CREDITS_RELEASED,
        pb::EventCreditsReleased::full_name()
    );
    assert_eq!(
        EVENT_RECEIPT_CHALLENGED,
        pb::EventReceiptChallenged::full_name()
    );
    assert_eq!(
        EVENT_CHALLENGE_SETTLED,
        pb::EventChallengeSettled::full_name()
    );
}

#[test]
fn reject_reasons_come_from_a_small_fixed_set() {
    assert_eq!(reject_reason("sdk", sdk::TX_DECODE), "decode");
    assert_eq!(reject_reason("sdk", sdk::UNAUTHORIZED), "signature");
    assert_eq!(reject_reason("sdk", sdk::WRONG_SEQUENCE), "sequence");
    assert_eq!(reject_reason("sdk", sdk::INSUFFICIENT_FEE), "fee");
    assert_eq!(reject_reason("sdk", sdk::OUT_OF_GAS), "gas");
    assert_eq!(reject_reason("sdk", sdk::INVALID_GAS_LIMIT), "gas");
    assert_eq!(reject_reason("sdk", sdk::TX_TIMEOUT_HEIGHT), "other");
    assert_eq!(reject_reason("bank", sdk::TX_DECODE), "other");
    for code in 0..200 {
        assert!(REJECT_REASONS.contains(&reject_reason("sdk", code)));
    }
}

#[test]
fn a_block_counts_txs_gas_and_attribution_events() {
    let m = Metrics::default();
    let recorded = typed(
        EVENT_INFERENCE_RECORDED,
        &[
            ("fee", "\"1000000000000000000000000\""),
            ("platform_fee", "\"100\""),
            ("creator_amount", "\"200\""),
            ("stakers_amount", "\"300\""),
            ("data_pool", "\"400\""),
            ("receipt_id", "\"7\""),
        ],
    );
    let block = FinalizedBlock {
        outcomes: vec![
            outcome(Ok(()), 50_000, vec![recorded.clone()]),
            outcome(Ok(()), 60_000, vec![]),
            // a failed tx's events (none should be there) are not counted
            outcome(
                Err(TxError::sdk(sdk::INSUFFICIENT_FUNDS, "poor")),
                10_000,
                vec![recorded],
            ),
        ],
        events: vec![
            typed(
                EVENT_CHALLENGE_SETTLED,
                &[
                    ("status", "\"CHALLENGE_STATUS_CORRECTED\""),
                    ("slashed", "\"5\""),
                ],
            ),
            typed(EVENT_RECEIPT_CHALLENGED, &[("challenge_id", "\"1\"")]),
            typed(EVENT_CREDITS_RELEASED, &[("credited", "\"9\"")]),
            typed(EVENT_REWARDS_CLAIMED, &[("amount", "\"11\"")]),
            typed(EVENT_CHALLENGE_SETTLED, &[("status", "\"NONSENSE\"")]),
        ],
        validator_updates: Vec::new(),
        app_hash: [0; 32],
    };
    m.observe_finalize(3, &block, Duration::from_millis(20));
    let text = m.render(None);
    let v = |s: &str| sample(&text, s);
    assert_eq!(
        v("openledger_txs_total{code=\"0\",codespace=\"\"}").as_deref(),
        Some("2")
    );
    assert_eq!(
        v("openledger_txs_total{code=\"5\",codespace=\"sdk\"}").as_deref(),
        Some("1")
    );
    // Commit not seen yet
    assert_eq!(v("openledger_block_height").as_deref(), Some("0"));
    m.observe_commit(Duration::from_millis(3));
    let text = m.render(None);
    let v = |s: &str| sample(&text, s);
    assert_eq!(v("openledger_block_height").as_deref(), Some("3"));
    assert_eq!(v("openledger_gas_used_total").as_deref(), Some("120000"));
    assert_eq!(v("openledger_block_gas_used_count").as_deref(), Some("1"));
    assert_eq!(
        v("openledger_block_gas_used_bucket{le=\"100000\"}").as_deref(),
        Some("0")
    );
    assert_eq!(
        v("openledger_block_gas_used_bucket{le=\"500000\"}").as_deref(),
        Some("1")
    );
    assert_eq!(
        v("openledger_finalize_block_seconds_bucket{le=\"0.01\"}").as_deref(),
        Some("0")
    );
    assert_eq!(
        v("openledger_finalize_block_seconds_bucket{le=\"0.025\"}").as_deref(),
        Some("1")
    );
    assert_eq!(v("openledger_commit_seconds_count").as_deref(), Some("1"));
    assert_eq!(
        v("openledger_attribution_receipts_total").as_deref(),
        Some("1")
    );
    // amounts past f64's 2^53 are printed exactly
    assert_eq!(
        v("openledger_attribution_inference_fees_aopen_total").as_deref(),
        Some("1000000000000000000000000")
    );
    assert_eq!(
        v("openledger_attribution_fee_split_aopen_total{part=\"data_pool\"}").as_deref(),
        Some("400")
    );
    assert_eq!(
        v("openledger_attribution_fee_split_aopen_total{part=\"platform\"}").as_deref(),
        Some("100")
    );
    assert_eq!(
        v("openledger_attribution_challenges_opened_total").as_deref(),
        Some("1")
    );
    assert_eq!(
        v("openledger_attribution_challenges_settled_total{status=\"corrected\"}").as_deref(),
        Some("1")
    );
    assert_eq!(
        v("openledger_attribution_challenges_settled_total{status=\"other\"}").as_deref(),
        Some("1")
    );
    assert_eq!(
        v("openledger_attribution_challenges_settled_total{status=\"upheld\"}").as_deref(),
        Some("0")
    );
    assert_eq!(
        v("openledger_attribution_challenge_slashed_aopen_total").as_deref(),
        Some("5")
    );
    assert_eq!(
        v("openledger_attribution_credits_released_aopen_total").as_deref(),
        Some("9")
    );
    assert_eq!(
        v("openledger_attribution_rewards_claims_total").as_deref(),
        Some("1")
    );
    assert_eq!(
        v("openledger_attribution_rewards_claimed_aopen_total").as_deref(),
        Some("11")
    );
}

#[test]
fn check_tx_verdicts_are_counted_by_kind_and_reason() {
    let m = Metrics::default();
    m.observe_check_tx(false, &outcome(Ok(()), 0, vec![]));
    m.observe_check_tx(
        false,
        &outcome(Err(TxError::sdk(sdk::WRONG_SEQUENCE, "s")), 0, vec![]),
    );
    m.observe_check_tx(
        true,
        &outcome(Err(TxError::sdk(sdk::WRONG_SEQUENCE, "s")), 0, vec![]),
    );
    m.observe_check_tx(
        false,
        &outcome(Err(TxError::sdk(sdk::TX_DECODE, "d")), 0, vec![]),
    );
    let text = m.render(None);
    let v = |s: &str| sample(&text, s);
    assert_eq!(
        v("openledger_check_tx_accepted_total{kind=\"new\"}").as_deref(),
        Some("1")
    );
    assert_eq!(
        v("openledger_check_tx_accepted_total{kind=\"recheck\"}").as_deref(),
        Some("0")
    );
    assert_eq!(
        v("openledger_check_tx_rejected_total{kind=\"new\",reason=\"sequence\"}").as_deref(),
        Some("1")
    );
    assert_eq!(
        v("openledger_check_tx_rejected_total{kind=\"recheck\",reason=\"sequence\"}").as_deref(),
        Some("1")
    );
    assert_eq!(
        v("openledger_check_tx_rejected_total{kind=\"new\",reason=\"decode\"}").as_deref(),
        Some("1")
    );
    // every reason is exported from the start, so rate() has a series to work on
    assert_eq!(
        text.matches("openledger_check_tx_rejected_total{").count(),
        12
    );
}

#[test]
fn every_family_has_help_type_and_unlabelled_ones_a_sample() {
    let text = Metrics::default().render(None);
    for f in FAMILIES {
        assert!(text.contains(&format!("# HELP {} ", f.name)), "{}", f.name);
        assert!(
            text.contains(&format!("# TYPE {} {}\n", f.name, f.kind.as_str())),
            "{}",
            f.name
        );
        assert!(f.name.starts_with("openledger_"));
        if f.labels.is_empty() && !f.name.starts_with("openledger_store_") {
            let series = if f.kind == Kind::Histogram {
                format!("{}_count", f.name)
            } else {
                f.name.to_string()
            };
            assert_eq!(sample(&text, &series).as_deref(), Some("0"), "{}", f.name);
        }
    }
}

#[test]
fn label_values_are_escaped() {
    assert_eq!(escape("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
}

/// The `openledger_...` series names an expression uses.
fn openledger_series(expr: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = expr;
    while let Some(i) = rest.find("openledger_") {
        let tail = &rest[i..];
        let end = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(tail.len());
        // a name, not the tail of a longer identifier
        let starts_word = rest[..i]
            .chars()
            .last()
            .is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '_'));
        if starts_word {
            out.push(tail[..end].to_string());
        }
        rest = &tail[end..];
    }
    out
}

fn exprs(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                match (k.as_str(), v) {
                    ("expr", serde_json::Value::String(s)) => out.push(s.clone()),
                    _ => exprs(v, out),
                }
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|v| exprs(v, out)),
        _ => {}
    }
}

#[test]
fn the_grafana_dashboard_parses_and_queries_only_exported_metrics() {
    let text = include_str!("../../../docs/grafana-dashboard.json");
    let dash: serde_json::Value = serde_json::from_str(text).unwrap();
    let inputs = dash["__inputs"].as_array().unwrap();
    assert!(inputs
        .iter()
        .any(|i| i["pluginId"] == "prometheus" && i["type"] == "datasource"));
    let mut all = Vec::new();
    exprs(&dash["panels"], &mut all);
    assert!(all.len() >= 10, "{} queries", all.len());
    let known = series_names();
    let mut used = std::collections::BTreeSet::new();
    for e in &all {
        for name in openledger_series(e) {
            assert!(
                known.contains(&name),
                "the dashboard queries {name}, which is not exported"
            );
            used.insert(name);
        }
    }
    for needed in [
        "openledger_txs_total",
        "openledger_finalize_block_seconds_bucket",
        "openledger_commit_seconds_bucket",
        "openledger_check_tx_rejected_total",
        "openledger_attribution_receipts_total",
        "openledger_attribution_challenges_settled_total",
    ] {
        assert!(used.contains(needed), "no panel shows {needed}");
    }
    for comet in [
        "cometbft_consensus_height",
        "cometbft_consensus_block_interval_seconds",
        "cometbft_mempool_size",
    ] {
        assert!(
            all.iter().any(|e| e.contains(comet)),
            "no panel shows {comet}"
        );
    }
}
