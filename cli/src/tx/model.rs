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
use crate::schema::args::{enum_choices, enum_number};
use crate::schema::pool;

const MSG: &str = "openledger.models.v1.";

pub fn overrides() -> Vec<Entry> {
    let pricing = |spec: TxSpec| {
        spec.nested("pricing.rate_in_per_1000", "rate-in")
            .nested("pricing.rate_out_per_1000", "rate-out")
            .arg("pricing.rate_in_per_1000", |a| {
                a.required(true).help("aopen per 1000 input tokens, e.g. 10aopen")
            })
            .arg("pricing.rate_out_per_1000", |a| {
                a.required(true).help("aopen per 1000 output tokens")
            })
    };
    let datanets = |spec: TxSpec| {
        spec.parser("datanet_versions", datanet_ref).arg("datanet_versions", |a| {
            a.long("datanet")
                .value_name("ID:VERSION")
                .help("A datanet version, e.g. 1:2; repeated for several")
        })
    };
    let propose = datanets(pricing(TxSpec::new(
        "propose",
        &format!("{MSG}MsgProposeModel"),
        "Propose a model on datanet versions, escrowing the creator bond; governance approves it",
        &[],
        &["pricing"],
    )))
    .arg("name", |a| a.required(true).help("Name"))
    .arg("base_model", |a| a.required(true).help("Base model, e.g. llama-3-8b"))
    .arg("datanet_versions", |a| a.required(true))
    .parser("bond", aopen_coin)
    .arg("bond", |a| a.required(true).help("Creator bond, e.g. 100OPEN"));
    let advance = TxSpec::new(
        "advance",
        &format!("{MSG}MsgAdvanceModel"),
        "Move an approved model along its lifecycle: data_collection, fine_tuning, alignment \
         (needs --training-run-hash), deployed (needs --adapter-hash) or retired",
        &["model_id", "to_stage"],
        &["evidence"],
    )
    .parser("model_id", positive)
    .parser("to_stage", target_stage)
    .arg("to_stage", |a| a.value_name("STAGE"))
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
        d.set("evidence.metrics", Value::String(d.text("evidence.metrics")));
        Ok(())
    });
    let publish = datanets(TxSpec::new(
        "publish-version",
        &format!("{MSG}MsgPublishModelVersion"),
        "Publish a new version of a deployed model (its base model and datanet versions default \
         to those of the parent version)",
        &["model_id"],
        &[],
    ))
    .parser("model_id", positive)
    .parser("adapter_hash", hex_hash)
    .arg("adapter_hash", |a| a.required(true))
    .arg("parent_version", |a| a.long("parent").help("Parent version (0: the latest)"));
    let set_pricing = TxSpec::new(
        "set-pricing",
        &format!("{MSG}MsgSetPricing"),
        "Set a model's inference rates, from the next block on",
        &["model_id"],
        &[],
    )
    .parser("model_id", positive)
    .arg("rate_in_per_1000", |a| {
        a.long("rate-in").required(true).help("aopen per 1000 input tokens")
    })
    .arg("rate_out_per_1000", |a| {
        a.long("rate-out").required(true).help("aopen per 1000 output tokens")
    });
    vec![propose.into(), advance.into(), publish.into(), set_pricing.into()]
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
        format!("invalid stage {s:?}: expected {}", enum_choices(&stage).join(", "))
    })?;
    let to = ["data_collection", "fine_tuning", "alignment", "deployed", "retired"];
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
        Err(format!("{s:?}: a model can only be advanced to {}", to.join(", ")))
    }
}
