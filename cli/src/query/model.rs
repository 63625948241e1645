//! `openledger query model ...` overrides: the older commands (`show` and `list` under their
//! own names), in the classic form. `version` and every other method are the generated
//! commands.

use serde_json::Value as Json;

use super::spec::QuerySpec;
use super::Entry;
use crate::rpc::paths::models as p;
use crate::schema::args::Options;
use crate::schema::text::{self, cell};

pub fn overrides() -> Vec<Entry> {
    let id = &["model_id"][..];
    let models = &["id", "name", "stage~MODEL_STAGE_", "base_model", "creator"];
    let versions = &[
        "number",
        "parent_version",
        "base_model",
        "height",
        "adapter_hash",
    ];
    vec![
        QuerySpec::classic("show", p::MODEL, id)
            .about("One model: stage, bond, pricing, lineage")
            .must("model"),
        QuerySpec::classic("list", p::MODELS, &[])
            .about("All models, or those at a stage or of a creator")
            .table("models", "no models", models),
        QuerySpec::classic("versions", p::VERSIONS, id)
            .about("A model's published versions")
            .table("versions", "no versions", versions),
        QuerySpec::classic("lineage", p::LINEAGE, &["model_id", "version"]).must("version"),
        QuerySpec::classic("history", p::HISTORY, id)
            .about("A model's stage transitions, with their evidence")
            .text(history),
        QuerySpec::classic("params", p::PARAMS, &[])
            .about("Models parameters (the form a proposal file uses)"),
    ]
    .into_iter()
    .map(Entry::from)
    .collect()
}

/// The history as a table, with the evidence of each transition as `name=value`.
fn history(doc: &Json) -> String {
    let mut doc = doc.clone();
    for entry in doc["entries"].as_array_mut().into_iter().flatten() {
        let evidence: Vec<String> = ["training_run", "adapter", "metrics"]
            .iter()
            .zip(["training_run_hash", "adapter_hash", "metrics"])
            .map(|(name, key)| (name, cell(&entry["evidence"], key)))
            .filter(|(_, v)| !v.is_empty() && v != "-")
            .map(|(name, v)| format!("{name}={v}"))
            .collect();
        entry["evidence"] = Json::String(evidence.join(" "));
    }
    let columns = &[
        "seq",
        "from_stage~MODEL_STAGE_",
        "to_stage~MODEL_STAGE_",
        "height",
        "actor",
        "evidence",
    ];
    text::table(&doc, "entries", "no history", columns)
}
