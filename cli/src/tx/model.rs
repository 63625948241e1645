//! `openledger tx model ...` overrides: the older commands (`propose`, `advance`,
//! `publish-version`, `set-pricing`) with flags for the pricing and evidence fields and datanet
//! versions as `ID:VERSION`. Approval is governance's (`tx gov propose-model-approval`).
//! Every other message is generated.

use anyhow::bail;
use prost_reflect::Value;

use super::spec::TxSpec;
use super::values::{aopen_coin, datanet_ref, hex_hash, positive};
use super::Entry;
use crate::schema::args::Options;
use crate::schema::pool;
use crate::schema::value::{enum_choices, enum_number};

const MSG: &str = "openledger.models.v1.";

fn spec(name: &'static str, msg: &str, positional: &[&str], skip: &[&str]) -> TxSpec {
    let spec = TxSpec::new(name, &format!("{MSG}{msg}"), positional, skip);
    let spec = if positional.contains(&"model_id") {
        spec.parser("model_id", positive)
    } else {
        spec
    };
    let datanets = |a: clap::Arg| {
        a.long("datanet")
            .value_name("ID:VERSION")
            .help("A datanet version, e.g. 1:2; repeated")
    };
    match spec.fields.desc.get_field_by_name("datanet_versions") {
        Some(_) => spec
            .parser("datanet_versions", datanet_ref)
            .arg("datanet_versions", datanets),
        None => spec,
    }
}

pub fn overrides() -> Vec<Entry> {
    let propose = spec("propose", "MsgProposeModel", &[], &["pricing"])
        .nested("pricing.rate_in_per_1000", "rate-in")
        .nested("pricing.rate_out_per_1000", "rate-out")
        .required(&[
            "name",
            "base_model",
            "datanet_versions",
            "bond",
            "pricing.rate_in_per_1000",
            "pricing.rate_out_per_1000",
        ])
        .parser("bond", aopen_coin);
    let advance = spec(
        "advance",
        "MsgAdvanceModel",
        &["model_id", "to_stage"],
        &["evidence"],
    )
    .parser("to_stage", target_stage)
    .arg("to_stage", |a| {
        a.value_name("STAGE")
            .help("data_collection, fine_tuning, alignment, deployed or retired")
    })
    .nested("evidence.training_run_hash", "training-run-hash")
    .nested("evidence.adapter_hash", "adapter-hash")
    .nested("evidence.metrics", "metrics")
    .parser("evidence.training_run_hash", hex_hash)
    .parser("evidence.adapter_hash", hex_hash)
    .fix(|d| {
        let stage = d.get("to_stage");
        let needs = |name: &str| stage_number(name).map(Value::EnumNumber) == Some(stage.clone());
        if needs("alignment") && d.text("evidence.training_run_hash").is_empty() {
            bail!("advancing to alignment needs --training-run-hash (the fine-tuning run)");
        }
        if needs("deployed") && d.text("evidence.adapter_hash").is_empty() {
            bail!("advancing to deployed needs --adapter-hash (it becomes version 1)");
        }
        // the evidence is always sent, empty when there is none
        d.set(
            "evidence.metrics",
            Value::String(d.text("evidence.metrics")),
        );
        Ok(())
    });
    let publish = spec(
        "publish-version",
        "MsgPublishModelVersion",
        &["model_id"],
        &[],
    )
    .parser("adapter_hash", hex_hash)
    .required(&["adapter_hash"])
    .rename("parent_version", "parent");
    let set_pricing = spec("set-pricing", "MsgSetPricing", &["model_id"], &[])
        .rename("rate_in_per_1000", "rate-in")
        .rename("rate_out_per_1000", "rate-out")
        .required(&["rate_in_per_1000", "rate_out_per_1000"]);
    vec![
        propose.into(),
        advance.into(),
        publish.into(),
        set_pricing.into(),
    ]
}

fn stage_number(name: &str) -> Option<i32> {
    let stage = pool().get_enum_by_name(&format!("{MSG}ModelStage"))?;
    enum_number(&stage, name).ok()
}

/// A stage `advance` moves to; approval and rejection are governance's.
fn target_stage(s: &str) -> Result<Value, String> {
    let stage = pool()
        .get_enum_by_name(&format!("{MSG}ModelStage"))
        .ok_or("no ModelStage in the descriptor set")?;
    let number = enum_number(&stage, s).map_err(|_| {
        format!(
            "invalid stage {s:?}: expected {}",
            enum_choices(&stage).join(", ")
        )
    })?;
    let to = [
        "data_collection",
        "fine_tuning",
        "alignment",
        "deployed",
        "retired",
    ];
    let governed = ["approved", "rejected"];
    let is = |names: &[&str]| names.iter().any(|n| stage_number(n) == Some(number));
    if is(&to) {
        Ok(Value::EnumNumber(number))
    } else if is(&governed) {
        Err(format!(
            "{s:?}: a model is approved or rejected by governance, not advanced there \
             (see `openledger tx gov propose-model-approval`)"
        ))
    } else {
        Err(format!(
            "{s:?}: a model can only be advanced to {}",
            to.join(", ")
        ))
    }
}
