//! The report of a run: human lines, or one JSON document.

use crate::run::Outcome;
use crate::stats::percentile;
use serde_json::{json, Value};

pub fn print(mode: &str, o: &Outcome, extra: Value, as_json: bool) -> anyhow::Result<()> {
    let doc = document(mode, o, extra);
    if as_json {
        println!("{}", serde_json::to_string_pretty(&doc)?);
    } else {
        print_human(&doc);
    }
    Ok(())
}

fn document(mode: &str, o: &Outcome, extra: Value) -> Value {
    let s = &o.settings;
    let lat = |p| percentile(&o.latency_ms, p);
    let window_secs = (o.window_to_us - o.window_from_us) as f64 / 1e6;
    let in_window: Vec<&(f64, u64, u64)> = o
        .mempool
        .iter()
        .filter(|(t, _, _)| {
            *t * 1e6 >= o.window_from_us as f64 && *t * 1e6 <= o.window_to_us as f64
        })
        .collect();
    let mem_max = in_window.iter().map(|m| m.1).max().unwrap_or(0);
    let mem_mean = if in_window.is_empty() {
        0.0
    } else {
        in_window.iter().map(|m| m.1 as f64).sum::<f64>() / in_window.len() as f64
    };
    let refusals: Vec<Value> = o
        .refusals
        .iter()
        .map(|(code, (n, log))| {
            json!({ "code": if *code == u32::MAX { Value::Null } else { json!(code) }, "count": n, "example": log })
        })
        .collect();
    let flood_codes: Vec<Value> = o
        .flood_codes
        .iter()
        .map(|((kind, code), n)| json!({ "kind": kind.name(), "code": code, "count": n }))
        .collect();
    let failed_valid =
        o.refused + o.broadcast_errors + o.failed_in_block.unwrap_or(0) + o.uncommitted;
    let mut doc = json!({
        "mode": mode,
        "rate": s.rate,
        "flat_out": s.rate.is_none(),
        "connections": s.connections,
        "broadcast": if s.sync { "sync" } else { "async" },
        "warmup_secs": s.warmup.as_secs(),
        "duration_secs": s.duration.as_secs(),
        "sent": {
            "attempts": o.attempts,
            "accepted": o.accepted,
            "accepted_in_window_per_sec": o.accepted_in_window as f64 / window_secs.max(1e-9),
            "mempool_full_retries": o.mempool_full,
            "refused_by_checktx": o.refused,
            "rpc_errors": o.rpc_errors,
            "broadcast_errors": o.broadcast_errors,
            "refusals": refusals,
            "lanes_stopped": o.lanes_stopped,
            "lanes_exhausted": o.lanes_exhausted,
        },
        "committed": {
            "tps": o.throughput.map(|t| t.tps),
            "txs_in_window": o.throughput.map(|t| t.txs),
            "blocks_in_window": o.throughput.map(|t| t.blocks),
            "block_time_secs": o.throughput.map(|t| t.secs),
            "heights": o.throughput.map(|t| [t.first_height, t.last_height]),
            "txs_per_block": o.throughput.map(|t| if t.blocks > 0 { t.txs as f64 / t.blocks as f64 } else { 0.0 }),
            "ours_total": o.committed_ours,
            "uncommitted_after_drain": o.uncommitted,
            "failed_in_block": o.failed_in_block,
        },
        "failed_valid": failed_valid,
        "latency_ms": {
            "samples": o.latency_ms.len(),
            "p50": lat(50),
            "p90": lat(90),
            "p99": lat(99),
            "max": o.latency_ms.last(),
        },
        "mempool": {
            "max_in_window": mem_max,
            "mean_in_window": mem_mean,
            "samples": o.mempool.iter().map(|(t, n, b)| json!([(t * 10.0).round() / 10.0, n, b])).collect::<Vec<_>>(),
        },
        "blocks": o.blocks.iter().map(|b| json!([b.height, b.num_txs])).collect::<Vec<_>>(),
    });
    if s.flood_rate > 0 {
        doc["flood"] = json!({
            "rate": s.flood_rate,
            "sent": o.flood_sent,
            "refused": o.flood_refused,
            "refused_per_sec": o.flood_refused as f64 / (s.warmup + s.duration).as_secs_f64().max(1e-9),
            "accepted": o.flood_accepted,
            "rpc_errors": o.flood_errors,
            "committed": o.flood_in_block,
            "codes": flood_codes,
        });
    }
    if let (Some(d), Value::Object(e)) = (doc.as_object_mut(), extra) {
        d.extend(e);
    }
    doc
}

fn f(v: &Value) -> String {
    match v {
        Value::Null => "-".into(),
        Value::Number(n) => match n.as_f64() {
            Some(x) if n.is_f64() => format!("{x:.1}"),
            _ => n.to_string(),
        },
        other => other.to_string(),
    }
}

fn print_human(d: &Value) {
    let c = &d["committed"];
    let s = &d["sent"];
    let l = &d["latency_ms"];
    let m = &d["mempool"];
    println!(
        "mode {} | {} | {} connections, broadcast_tx_{} | accounts {} | tx {} bytes",
        d["mode"].as_str().unwrap_or(""),
        if d["flat_out"].as_bool().unwrap_or(false) {
            "flat out".to_string()
        } else {
            format!("{} tx/s", f(&d["rate"]))
        },
        f(&d["connections"]),
        d["broadcast"].as_str().unwrap_or(""),
        f(&d["accounts"]),
        f(&d["tx_bytes"]),
    );
    println!(
        "committed tx/s       {} ({} txs in {} blocks over {} s of block time, heights {}; {} txs/block)",
        f(&c["tps"]),
        f(&c["txs_in_window"]),
        f(&c["blocks_in_window"]),
        f(&c["block_time_secs"]),
        f(&c["heights"]),
        f(&c["txs_per_block"]),
    );
    println!(
        "accepted             {} (in window {} tx/s), mempool-full retries {}, refused {}, rpc errors {}",
        f(&s["accepted"]),
        f(&s["accepted_in_window_per_sec"]),
        f(&s["mempool_full_retries"]),
        f(&s["refused_by_checktx"]),
        f(&s["rpc_errors"]),
    );
    println!(
        "inclusion latency ms p50 {} p90 {} p99 {} max {} ({} txs)",
        f(&l["p50"]),
        f(&l["p90"]),
        f(&l["p99"]),
        f(&l["max"]),
        f(&l["samples"]),
    );
    println!(
        "mempool txs          max {} mean {} in the window",
        f(&m["max_in_window"]),
        f(&m["mean_in_window"]),
    );
    if let Some(samples) = m["samples"].as_array() {
        // about a dozen points of the series (the JSON has all of them)
        let step = samples.len().div_ceil(12).max(1);
        let points: Vec<String> = samples
            .iter()
            .step_by(step)
            .map(|p| format!("{}s:{}", f(&p[0]), f(&p[1])))
            .collect();
        println!("mempool over time    {}", points.join(" "));
    }
    println!(
        "failed valid txs     {} (refused {}, broadcast errors {}, failed in block {}, not committed after the drain {})",
        f(&d["failed_valid"]),
        f(&s["refused_by_checktx"]),
        f(&s["broadcast_errors"]),
        f(&c["failed_in_block"]),
        f(&c["uncommitted_after_drain"]),
    );
    if let Some(r) = s["refusals"].as_array() {
        for x in r {
            println!(
                "  refused: code {} x{}: {}",
                f(&x["code"]),
                f(&x["count"]),
                x["example"].as_str().unwrap_or("")
            );
        }
    }
    if let Some(fl) = d.get("flood") {
        println!(
            "flood                sent {}, refused {} ({}/s), accepted {}, committed {}, rpc errors {}",
            f(&fl["sent"]),
            f(&fl["refused"]),
            f(&fl["refused_per_sec"]),
            f(&fl["accepted"]),
            f(&fl["committed"]),
            f(&fl["rpc_errors"]),
        );
        if let Some(codes) = fl["codes"].as_array() {
            for x in codes {
                println!(
                    "  {} code {}: {}",
                    x["kind"].as_str().unwrap_or(""),
                    f(&x["code"]),
                    f(&x["count"])
                );
            }
        }
    }
}
