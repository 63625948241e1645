//! `openledger query model ...` overrides: the older commands (`show` and `list` under their
//! own names), in the classic form. `version` and every other method are the generated
//! commands.

use super::spec::QuerySpec;
use super::Entry;
use crate::rpc::paths::models as p;
use crate::schema::text::{self, cell, short};

pub fn overrides() -> Vec<Entry> {
    let id = &["model_id"][..];
    vec![
        QuerySpec::classic(
            "show",
            p::MODEL,
            "One model: stage, bond, pricing, lineage",
            id,
        )
        .required("model")
        .into(),
        QuerySpec::classic(
            "list",
            p::MODELS,
            "All models, or those at a stage or of a creator",
            &[],
        )
        .text(|doc| {
            let header = "ID  NAME  STAGE  BASE_MODEL  CREATOR";
            text::table(doc, "models", "no models", header, |m| {
                let stage = short(m, "stage", "MODEL_STAGE_");
                let [id, name, base, creator] =
                    ["id", "name", "base_model", "creator"].map(|k| cell(m, k));
                format!("{id}  {name}  {stage}  {base}  {creator}")
            })
        })
        .into(),
        QuerySpec::classic("versions", p::VERSIONS, "A model's published versions", id)
            .text(|doc| {
                let header = "VERSION  PARENT  BASE_MODEL  HEIGHT  ADAPTER";
                text::table(doc, "versions", "no versions", header, |v| {
                    let cells = [
                        "number",
                        "parent_version",
                        "base_model",
                        "height",
                        "adapter_hash",
                    ];
                    cells.map(|c| cell(v, c)).join("  ")
                })
            })
            .into(),
        QuerySpec::classic(
            "lineage",
            p::LINEAGE,
            "A version (0: the latest) with the datanet versions it was trained on",
            &["model_id", "version"],
        )
        .required("version")
        .into(),
        QuerySpec::classic(
            "history",
            p::HISTORY,
            "A model's stage transitions, with their evidence",
            id,
        )
        .text(|doc| {
            let header = "SEQ  FROM  TO  HEIGHT  ACTOR  EVIDENCE";
            text::table(doc, "entries", "no history", header, |e| {
                let evidence: Vec<String> = [
                    ("training_run", "evidence.training_run_hash"),
                    ("adapter", "evidence.adapter_hash"),
                    ("metrics", "evidence.metrics"),
                ]
                .iter()
                .map(|(name, path)| (name, cell(e, path)))
                .filter(|(_, v)| !v.is_empty() && v != "-")
                .map(|(name, v)| format!("{name}={v}"))
                .collect();
                format!(
                    "{}  {}  {}  {}  {}  {}",
                    cell(e, "seq"),
                    short(e, "from_stage", "MODEL_STAGE_"),
                    short(e, "to_stage", "MODEL_STAGE_"),
                    cell(e, "height"),
                    cell(e, "actor"),
                    evidence.join(" ")
                )
            })
        })
        .into(),
        QuerySpec::classic(
            "params",
            p::PARAMS,
            "Models parameters (the `params` object is the form a proposal file uses)",
            &[],
        )
        .into(),
    ]
}
