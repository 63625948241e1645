use clap::Parser;
use serde_json::json;

use super::*;

fn e(contribution_id: u64, weight_ppm: u32) -> Entry {
    Entry {
        contribution_id,
        weight_ppm,
    }
}

const HASH: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

#[test]
fn attribution_lists() {
    assert_eq!(
        "12:250000,13:750000".parse::<AttributionList>().unwrap().0,
        vec![e(12, 250_000), e(13, 750_000)]
    );
    assert_eq!(
        " 7:1000000 ".parse::<AttributionList>().unwrap().0,
        vec![e(7, 1_000_000)]
    );
    assert_eq!(
        "1:1, 2:999999".parse::<AttributionList>().unwrap().0,
        vec![e(1, 1), e(2, 999_999)]
    );
}

#[test]
fn malformed_attribution_lists_are_refused() {
    let cases = [
        ("", "not CONTRIBUTION_ID:WEIGHT_PPM"),
        ("12", "not CONTRIBUTION_ID:WEIGHT_PPM"),
        ("12:250000,", "not CONTRIBUTION_ID:WEIGHT_PPM"),
        ("x:1000000", "not a contribution id"),
        ("-1:1000000", "not a contribution id"),
        ("1:half", "not a weight"),
        ("1:-5,2:1000005", "not a weight"),
        ("1:5000000000", "not a weight"),
        ("0:1000000", "start at 1"),
        ("1:500000,1:500000", "more than once"),
        ("1:0,2:1000000", "weight 0"),
        ("1:250000,2:250000", "sum to 500000"),
        ("1:600000,2:600000", "sum to 1200000"),
        ("1:1000000:2", "not a weight"),
    ];
    for (input, reason) in cases {
        let err = input.parse::<AttributionList>().unwrap_err();
        assert!(err.contains(reason), "{input:?}: {err}");
    }
}

#[test]
fn too_many_entries_are_refused() {
    // 1025 entries of 1 ppm, then the rest on the last one
    let mut entries: Vec<Entry> = (1..=1025).map(|i| e(i, 1)).collect();
    entries[1024].weight_ppm = 1_000_000 - 1024;
    let err = check_entries(&entries).unwrap_err();
    assert!(err.contains("at most 1024"), "{err}");
    entries.pop();
    entries[1023].weight_ppm = 1_000_000 - 1023;
    assert!(check_entries(&entries).is_ok());
    assert!(check_entries(&[]).is_err());
}

#[test]
fn attribution_json() {
    let entries = parse_attribution_json(
        r#"[{"contribution_id": 12, "weight_ppm": 250000},
            {"contributionId": "13", "weightPpm": "750000"}]"#,
    )
    .unwrap();
    assert_eq!(entries, vec![e(12, 250_000), e(13, 750_000)]);
    for (bad, reason) in [
        ("[]", "at least one entry"),
        ("{}", "expected ["),
        ("not json", "expected ["),
        (r#"[{"contribution_id": 1}]"#, "weight_ppm"),
        (
            r#"[{"contribution_id": 1, "weight_ppm": 1000000, "note": "x"}]"#,
            "unknown field",
        ),
        (
            r#"[{"contribution_id": 1, "weight_ppm": 1.5}]"#,
            "expected [",
        ),
        (
            r#"[{"contribution_id": 1, "weight_ppm": -1}]"#,
            "out of range",
        ),
        (
            r#"[{"contribution_id": 1, "weight_ppm": 4294967296}]"#,
            "out of range",
        ),
        (
            r#"[{"contribution_id": 1, "weight_ppm": 999999}]"#,
            "sum to 999999",
        ),
    ] {
        let err = parse_attribution_json(bad).unwrap_err();
        assert!(err.contains(reason), "{bad}: {err}");
    }
}

#[test]
fn hashes_are_32_bytes_of_hex() {
    let h: Hash32 = HASH.parse().unwrap();
    assert_eq!(hex::encode(h.0), HASH);
    assert_eq!(
        format!("0x{}", HASH.to_uppercase())
            .parse::<Hash32>()
            .unwrap(),
        h
    );
    for bad in [
        "",
        "abcd",
        &HASH[1..],
        &format!("{HASH}00"),
        &HASH.replace('9', "g"),
    ] {
        assert!(bad.parse::<Hash32>().is_err(), "{bad:?}");
    }
}

fn record_json() -> serde_json::Value {
    json!({
        "user": "open19rl4cm2hmr8afy4kldpxz3fka4jguq0attl9rz",
        "model_id": 2,
        "model_version": 1,
        "input_tokens": 1000,
        "output_tokens": "2000",
        "output_hash": HASH,
        "prompt_hash": format!("0x{HASH}"),
        "request_id": "req-1",
        "attribution": [
            {"contribution_id": 12, "weight_ppm": 250000},
            {"contribution_id": 13, "weight_ppm": 750000}
        ]
    })
}

fn batch(records: &[serde_json::Value]) -> String {
    serde_json::Value::Array(records.to_vec()).to_string()
}

#[test]
fn batch_files() {
    let mut second = record_json();
    second["request_id"] = json!("req-2");
    second["prompt_hash"] = json!(null);
    second.as_object_mut().unwrap().remove("model_version");
    let mut third = record_json();
    third["request_id"] = json!("req-3");
    third["prompt_hash"] = json!("");
    third["input_tokens"] = json!(0);
    let records = parse_batch(&batch(&[record_json(), second, third])).unwrap();
    assert_eq!(records.len(), 3);
    let r = &records[0];
    assert_eq!(r.user, "open19rl4cm2hmr8afy4kldpxz3fka4jguq0attl9rz");
    assert_eq!((r.model_id, r.model_version), (2, 1));
    assert_eq!((r.input_tokens, r.output_tokens), (1000, 2000));
    assert_eq!(hex::encode(r.output_hash), HASH);
    assert_eq!(r.prompt_hash.map(hex::encode).as_deref(), Some(HASH));
    assert_eq!(r.attribution, vec![e(12, 250_000), e(13, 750_000)]);
    assert_eq!(records[1].model_version, 0, "the latest version by default");
    assert_eq!(records[1].prompt_hash, None);
    assert_eq!(records[2].prompt_hash, None);

    let msg = r.to_msg("open1op", "open1user");
    assert_eq!(msg.operator, "open1op");
    assert_eq!(msg.user, "open1user");
    assert_eq!(msg.output_hash.len(), 32);
    assert_eq!(msg.prompt_hash.len(), 32);
    assert_eq!(msg.attribution[1].contribution_id, 13);
    assert_eq!(msg.attribution[1].weight_ppm, 750_000);
    assert!(records[1].to_msg("a", "b").prompt_hash.is_empty());
}

#[test]
fn batches_of_up_to_100_records() {
    let record = |i: usize| {
        let mut r = record_json();
        r["request_id"] = json!(format!("req-{i}"));
        r
    };
    let hundred: Vec<_> = (0..100).map(record).collect();
    assert_eq!(parse_batch(&batch(&hundred)).unwrap().len(), 100);
    let more: Vec<_> = (0..101).map(record).collect();
    let err = parse_batch(&batch(&more)).unwrap_err();
    assert!(err.contains("101 records; at most 100"), "{err}");
    let err = parse_batch("[]").unwrap_err();
    assert!(err.contains("no records"), "{err}");
}

#[test]
fn malformed_batch_records_are_refused_with_their_index() {
    type Edit = fn(&mut serde_json::Value);
    let cases: [(Edit, &str); 13] = [
        (
            |r| r["output_hash"] = json!("abcd"),
            "records[1]: output_hash",
        ),
        (
            |r| r["prompt_hash"] = json!("zz"),
            "records[1]: prompt_hash",
        ),
        (|r| r["model_id"] = json!(0), "model ids start at 1"),
        (|r| r["model_id"] = json!(-2), "out of range"),
        (
            |r| {
                r["input_tokens"] = json!(0);
                r["output_tokens"] = json!(0);
            },
            "at least 1",
        ),
        (
            |r| r["request_id"] = json!(""),
            "request_id: must not be empty",
        ),
        (|r| r["request_id"] = json!("caf\u{e9}"), "printable ASCII"),
        (
            |r| r["request_id"] = json!("req-0"),
            "appears more than once",
        ),
        (
            |r| r["attribution"] = json!([]),
            "attribution: the attribution needs",
        ),
        (
            |r| r["attribution"][0]["weight_ppm"] = json!(1),
            "sum to 750001",
        ),
        (|r| r["extra"] = json!(1), "unknown field"),
        (
            |r| {
                r.as_object_mut().unwrap().remove("user");
            },
            "missing field `user`",
        ),
        (|r| r["user"] = json!(" "), "user: missing"),
    ];
    for (edit, reason) in cases {
        let mut first = record_json();
        first["request_id"] = json!("req-0");
        let mut second = record_json();
        edit(&mut second);
        let err = parse_batch(&batch(&[first, second])).unwrap_err();
        assert!(err.starts_with("records[1]"), "{reason}: {err}");
        assert!(err.contains(reason), "{reason}: {err}");
    }
    let err = parse_batch(r#"{"records": []}"#).unwrap_err();
    assert!(err.contains("JSON array"), "{err}");
    let err = parse_batch(r#"[1]"#).unwrap_err();
    assert!(err.starts_with("records[0]"), "{err}");
}

#[test]
fn endpoints_are_printable_ascii() {
    assert_eq!(
        parse_endpoint("https://infer.example.com/v1").unwrap(),
        "https://infer.example.com/v1"
    );
    assert!(parse_endpoint("").is_err());
    assert!(parse_endpoint("https://ex\u{e4}mple.com").is_err());
    assert!(parse_endpoint("https://example.com\n").is_err());
}

#[test]
fn model_lists_name_each_model_once() {
    assert!(check_models(&[1, 2, 3]).is_ok());
    assert!(check_models(&[]).is_err());
    let err = check_models(&[1, 2, 1]).unwrap_err();
    assert!(err.to_string().contains("model 1 more than once"), "{err}");
}

/// The command line as clap parses it.
#[derive(Debug, Parser)]
struct Cmd {
    #[command(subcommand)]
    tx: AttributionTx,
}

fn parse(args: &[&str]) -> Result<AttributionTx, clap::Error> {
    let mut argv = vec!["attribution"];
    argv.extend_from_slice(args);
    argv.extend_from_slice(&["--from", "op"]);
    Cmd::try_parse_from(argv).map(|c| c.tx)
}

#[test]
fn command_lines() {
    let AttributionTx::Record(record) = parse(&[
        "record",
        "--user",
        "alice",
        "--model",
        "2",
        "--input-tokens",
        "1000",
        "--output-tokens",
        "2000",
        "--output-hash",
        HASH,
        "--request-id",
        "req-1",
        "--attribution",
        "12:250000,13:750000",
    ])
    .unwrap() else {
        panic!("not a record command")
    };
    assert_eq!(record.version, 0);
    assert_eq!(
        record.attribution.unwrap().0,
        vec![e(12, 250_000), e(13, 750_000)]
    );
    assert!(record.prompt_hash.is_none());

    let base = [
        "record",
        "--user",
        "alice",
        "--model",
        "2",
        "--input-tokens",
        "1",
        "--output-tokens",
        "1",
        "--output-hash",
        HASH,
        "--request-id",
        "r",
    ];
    // neither or both of --attribution and --attribution-file
    assert!(parse(&base).is_err());
    let both = [
        &base[..],
        &["--attribution", "1:1000000", "--attribution-file", "a.json"],
    ]
    .concat();
    assert!(parse(&both).is_err());
    let bad_weights = [&base[..], &["--attribution", "1:999999"]].concat();
    assert!(parse(&bad_weights).is_err());
    let model_zero = [&base[..], &["--attribution", "1:1000000"]]
        .concat()
        .iter()
        .map(|a| if *a == "2" { "0" } else { a })
        .collect::<Vec<_>>();
    assert!(parse(&model_zero).is_err());

    let AttributionTx::RegisterOperator(reg) = parse(&[
        "register-operator",
        "100OPEN",
        "--endpoint",
        "https://infer.example.com",
        "--models",
        "1,2",
    ])
    .unwrap() else {
        panic!("not register-operator")
    };
    assert_eq!(reg.models, vec![1, 2]);
    assert_eq!(reg.bond.0 .0, 100 * 10u128.pow(18));
    assert!(parse(&["register-operator", "100OPEN", "--endpoint", "x"]).is_err());
    assert!(parse(&[
        "register-operator",
        "0OPEN",
        "--endpoint",
        "x",
        "--models",
        "1"
    ])
    .is_err());
    assert!(parse(&[
        "register-operator",
        "5uatom",
        "--endpoint",
        "x",
        "--models",
        "1"
    ])
    .is_err());
    assert!(parse(&[
        "register-operator",
        "1OPEN",
        "--endpoint",
        "x",
        "--models",
        "0"
    ])
    .is_err());

    assert!(parse(&["update-operator"]).is_err(), "at least one change");
    let AttributionTx::UpdateOperator(update) =
        parse(&["update-operator", "--add-bond", "1.5OPEN"]).unwrap()
    else {
        panic!("not update-operator")
    };
    assert_eq!(update.add_bond.unwrap().0 .0, 1_500_000_000_000_000_000);
    assert!(update.models.is_none() && update.endpoint.is_none());

    let AttributionTx::Withdraw(w) = parse(&["withdraw"]).unwrap() else {
        panic!("not withdraw")
    };
    assert!(w.amount.is_none());
    assert!(parse(&["withdraw", "0aopen"]).is_err());
    assert!(parse(&["deposit", "1.5aopen"]).is_err());

    let AttributionTx::Grant(g) = parse(&["grant", "bob", "5OPEN", "--model", "3"]).unwrap() else {
        panic!("not grant")
    };
    assert_eq!((g.model, g.spend_limit.0 .0), (3, 5 * 10u128.pow(18)));
    assert!(parse(&["grant", "bob", "0OPEN"]).is_err());
    let AttributionTx::Revoke(r) = parse(&["revoke", "bob"]).unwrap() else {
        panic!("not revoke")
    };
    assert_eq!(r.model, 0);
    assert!(matches!(
        parse(&["record-batch", "b.json"]).unwrap(),
        AttributionTx::RecordBatch(_)
    ));
    assert!(matches!(
        parse(&["claim"]).unwrap(),
        AttributionTx::Claim(_)
    ));
    assert!(matches!(
        parse(&["unbond-operator"]).unwrap(),
        AttributionTx::UnbondOperator(_)
    ));
}
