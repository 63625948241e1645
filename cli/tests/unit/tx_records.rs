//! Unit tests of `tx/records.rs`.
use super::*;
use serde_json::json;

#[test]
fn attribution_lists() {
    assert!(list("12:250000,13:750000").is_ok());
    for (bad, why) in [
        ("12:500000", "sum to 500000"),
        ("12:500000,12:500000", "more than once"),
        ("12", "CONTRIBUTION_ID:WEIGHT_PPM"),
        ("a:b", "numbers"),
        ("0:1000000", "start at 1"),
        ("1:0,2:1000000", "weight 0"),
    ] {
        assert!(list(bad).unwrap_err().contains(why), "{bad}");
    }
    assert!(json_list(r#"[{"contribution_id": "7", "weight_ppm": 1000000}]"#).is_ok());
    assert!(json_list("[]").unwrap_err().contains("at least one entry"));
}

#[test]
fn batches() {
    let record = |id: &str| {
        json!({"user": "u", "model_id": 2, "input_tokens": 1, "output_tokens": "2",
               "output_hash": "ab".repeat(32), "prompt_hash": null, "request_id": id,
               "evidence_hash": "cd".repeat(32),
               "attribution": [{"contribution_id": 1, "weight_ppm": 1000000}]})
    };
    let user = |name: &str| Ok(format!("resolved-{name}"));
    let ok = json!([record("a"), record("b")]).to_string();
    let messages = batch(&ok, "op", &user).unwrap();
    assert_eq!(messages.len(), 2);
    let json = crate::schema::render::message(&messages[0], crate::schema::render::Style::Classic);
    assert_eq!(json["user"], "resolved-u");
    assert_eq!(json["operator"], "op");
    assert_eq!(json["output_hash"], "ab".repeat(32));
    let dup = json!([record("a"), record("a")]).to_string();
    let err = batch(&dup, "op", &user).unwrap_err();
    assert!(
        err.contains("records[1]: request_id \"a\" appears more than once"),
        "{err}"
    );
    let mut extra = record("a");
    extra["colour"] = json!("red");
    let err = batch(&json!([extra]).to_string(), "op", &user).unwrap_err();
    assert!(err.starts_with("records[0]: unknown field"), "{err}");
    let mut heavy = record("a");
    heavy["attribution"][0]["weight_ppm"] = json!(7);
    let err = batch(&json!([heavy]).to_string(), "op", &user).unwrap_err();
    assert!(
        err.contains("records[0]: attribution: the weights sum to 7"),
        "{err}"
    );
    // no evidence hash: refused; no attribution: an unattributed output
    let mut bare = record("a");
    bare.as_object_mut().unwrap().remove("evidence_hash");
    let err = batch(&json!([bare]).to_string(), "op", &user).unwrap_err();
    assert!(err.contains("records[0]: evidence_hash"), "{err}");
    let mut unattributed = record("a");
    unattributed.as_object_mut().unwrap().remove("attribution");
    let messages = batch(&json!([unattributed]).to_string(), "op", &user).unwrap();
    let json = crate::schema::render::message(&messages[0], crate::schema::render::Style::Classic);
    assert_eq!(json["evidence_hash"], "cd".repeat(32));
}
