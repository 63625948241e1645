//! Unit tests of `schema/text.rs`.
use super::*;
use serde_json::json;

#[test]
fn documents_render_as_indented_text() {
    let doc = json!({
        "validator": {
            "operator_address": "openvaloper1x",
            "tokens": [{"denom": "aopen", "amount": "1500000000000000000"}],
            "entries": [{"height": 5, "balance": {"denom": "aopen", "amount": "1"}}],
            "empty": []
        }
    });
    let text = document(&doc);
    assert!(text.contains("  operator_address: openvaloper1x"), "{text}");
    assert!(
        text.contains("  - 1500000000000000000aopen (1.5 OPEN)"),
        "{text}"
    );
    assert!(
        text.contains("  - balance: 1aopen (0.000000000000000001 OPEN)\n      height: 5"),
        "{text}"
    );
    assert!(text.contains("empty: []"), "{text}");
}

#[test]
fn amounts_and_cells() {
    assert_eq!(
        amount_text("1500000000000000000.500000000000000000", "aopen"),
        "1500000000000000000.5aopen (~1.5 OPEN)"
    );
    assert_eq!(amount_text("7", "uatom"), "7uatom");
    let row = json!({"tags": ["a", "b"], "d": {"m": "x"}, "n": 3, "none": []});
    assert_eq!(cell(&row, "tags"), "a,b");
    assert_eq!(cell(&row, "d.m"), "x");
    assert_eq!(cell(&row, "n"), "3");
    assert_eq!(cell(&row, "none"), "-");
}

#[test]
fn tables() {
    let doc = json!({"rows": [
        {"id": 1, "s": "BOND_STATUS_BONDED", "t": "2000000000000000000", "d": {"m": "x"}},
        {"id": 2, "s": "BOND_STATUS_UNBONDED", "t": "1", "d": {"m": "y"}}
    ]});
    let text = table(&doc, "rows", "none", &["#", "id", "s~BOND_STATUS_", "t$", "d.m"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "RANK  ID  S  T  M");
    assert_eq!(lines[1], "1  1  BONDED  2000000000000000000aopen (2 OPEN)  x");
    assert_eq!(table(&json!({"rows": []}), "rows", "none", &["id"]), "none");
}
