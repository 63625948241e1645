//! `openledger query model ...`: models, their versions, lineage, history and params.

use clap::{Args, Subcommand};
use serde::Serialize;

use super::common::{self, HeightOpt, PlainArgs};
use super::resolve_address;
use super::view;
use crate::amount::Coin;
use crate::context::Context;
use crate::forms::params::ModelsParams;
use crate::output::{self, Render};
use crate::proto::models::{
    DatanetLineage, DatanetVersionRef, Evidence, HistoryEntry, Model, ModelStage, ModelVersion,
    Pricing, QueryHistoryRequest, QueryHistoryResponse, QueryLineageRequest, QueryLineageResponse,
    QueryModelRequest, QueryModelResponse, QueryModelsRequest, QueryModelsResponse,
    QueryParamsRequest, QueryParamsResponse, QueryVersionsRequest, QueryVersionsResponse,
};
use crate::rpc::paths;
use crate::tx::model::parse_stage;

#[derive(Debug, Subcommand)]
pub enum ModelQuery {
    /// One model: stage, bond, datanet versions, pricing, latest version
    Show(ModelArgs),
    /// All models, or those in one stage and/or of one creator
    List(ListArgs),
    /// A model's published versions
    Versions(ModelArgs),
    /// A version (0: the latest) with the datanet versions it was trained on, their Merkle
    /// roots and sizes
    Lineage(LineageArgs),
    /// A model's stage transitions, with their evidence
    History(ModelArgs),
    /// Models parameters (the `params` object is the form a proposal file uses)
    Params(PlainArgs),
}

#[derive(Debug, Args)]
pub struct ModelArgs {
    /// Model id
    #[arg(value_parser = clap::value_parser!(u64).range(1..))]
    pub model_id: u64,
    #[command(flatten)]
    pub height: HeightOpt,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only models in this stage: proposed, approved, rejected, data_collection, fine_tuning,
    /// alignment, deployed or retired
    #[arg(long, value_parser = parse_stage)]
    pub stage: Option<ModelStage>,
    /// Only models proposed by this address (or key)
    #[arg(long)]
    pub creator: Option<String>,
    #[command(flatten)]
    pub height: HeightOpt,
}

#[derive(Debug, Args)]
pub struct LineageArgs {
    /// Model id
    #[arg(value_parser = clap::value_parser!(u64).range(1..))]
    pub model_id: u64,
    /// Version number (0: the latest)
    #[arg(value_name = "VERSION")]
    pub number: u64,
    #[command(flatten)]
    pub height: HeightOpt,
}

pub fn stage_name(stage: i32) -> String {
    ModelStage::try_from(stage)
        .map(|s| s.as_str_name().to_owned())
        .unwrap_or_else(|_| format!("UNKNOWN ({stage})"))
}

/// An integer string of aopen (empty is 0).
fn amount(s: &str) -> String {
    if s.trim().is_empty() {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

#[derive(Debug, Serialize)]
struct RefView {
    datanet_id: u64,
    version: u64,
}

fn refs(refs: &[DatanetVersionRef]) -> Vec<RefView> {
    refs.iter()
        .map(|r| RefView {
            datanet_id: r.datanet_id,
            version: r.version,
        })
        .collect()
}

#[derive(Debug, Serialize)]
struct PricingView {
    rate_in_per_1000: String,
    rate_out_per_1000: String,
}

fn pricing_view(p: Option<&Pricing>) -> PricingView {
    let p = p.cloned().unwrap_or_default();
    PricingView {
        rate_in_per_1000: amount(&p.rate_in_per_1000),
        rate_out_per_1000: amount(&p.rate_out_per_1000),
    }
}

#[derive(Debug, Serialize)]
struct ModelView {
    id: u64,
    creator: String,
    name: String,
    description: String,
    base_model: String,
    intended_use: String,
    datanet_versions: Vec<RefView>,
    bond: Option<Coin>,
    stage: String,
    pricing: PricingView,
    pricing_effective_height: u64,
    latest_version: u64,
    history_count: u64,
    created_height: u64,
}

fn model_view(m: &Model) -> anyhow::Result<ModelView> {
    Ok(ModelView {
        id: m.id,
        creator: m.creator.clone(),
        name: m.name.clone(),
        description: m.description.clone(),
        base_model: m.base_model.clone(),
        intended_use: m.intended_use.clone(),
        datanet_versions: refs(&m.datanet_versions),
        bond: m.bond.as_ref().map(Coin::from_proto).transpose()?,
        stage: stage_name(m.stage),
        pricing: pricing_view(m.pricing.as_ref()),
        pricing_effective_height: m.pricing_effective_height,
        latest_version: m.latest_version,
        history_count: m.history_count,
        created_height: m.created_height,
    })
}

#[derive(Debug, Serialize)]
struct ModelOut {
    model: ModelView,
}

#[derive(Debug, Serialize)]
struct ModelsOut {
    models: Vec<ModelView>,
}

impl Render for ModelsOut {
    fn text(&self) -> String {
        common::table(
            &self.models,
            "no models",
            Some("ID  NAME  STAGE  BASE_MODEL  CREATOR"),
            |m| {
                format!(
                    "{}  {}  {}  {}  {}",
                    m.id,
                    m.name,
                    m.stage.trim_start_matches("MODEL_STAGE_"),
                    m.base_model,
                    m.creator
                )
            },
        )
    }
}

#[derive(Debug, Serialize)]
struct VersionView {
    model_id: u64,
    number: u64,
    adapter_hash: String,
    base_model: String,
    parent_version: u64,
    datanet_versions: Vec<RefView>,
    publisher: String,
    height: u64,
    time: Option<String>,
}

fn version_view(v: &ModelVersion) -> VersionView {
    VersionView {
        model_id: v.model_id,
        number: v.number,
        adapter_hash: v.adapter_hash.clone(),
        base_model: v.base_model.clone(),
        parent_version: v.parent_version,
        datanet_versions: refs(&v.datanet_versions),
        publisher: v.publisher.clone(),
        height: v.height,
        time: view::time(v.time.as_ref()),
    }
}

#[derive(Debug, Serialize)]
struct VersionsOut {
    versions: Vec<VersionView>,
}

impl Render for VersionsOut {
    fn text(&self) -> String {
        common::table(
            &self.versions,
            "no versions",
            Some("VERSION  PARENT  BASE_MODEL  HEIGHT  ADAPTER"),
            |v| {
                format!(
                    "{}  {}  {}  {}  {}",
                    v.number, v.parent_version, v.base_model, v.height, v.adapter_hash
                )
            },
        )
    }
}

#[derive(Debug, Serialize)]
struct LineageView {
    datanet_id: u64,
    version: u64,
    root: String,
    contribution_count: u64,
    total_bytes: String,
}

fn lineage_view(l: &DatanetLineage) -> LineageView {
    LineageView {
        datanet_id: l.datanet_id,
        version: l.version,
        root: l.root.clone(),
        contribution_count: l.contribution_count,
        total_bytes: amount(&l.total_bytes),
    }
}

#[derive(Debug, Serialize)]
struct LineageOut {
    version: VersionView,
    datanets: Vec<LineageView>,
}

#[derive(Debug, Serialize)]
struct EvidenceView {
    training_run_hash: String,
    adapter_hash: String,
    metrics: String,
}

fn evidence_view(e: Option<&Evidence>) -> EvidenceView {
    let e = e.cloned().unwrap_or_default();
    EvidenceView {
        training_run_hash: e.training_run_hash,
        adapter_hash: e.adapter_hash,
        metrics: e.metrics,
    }
}

#[derive(Debug, Serialize)]
struct EntryView {
    model_id: u64,
    seq: u64,
    from_stage: String,
    to_stage: String,
    height: u64,
    time: Option<String>,
    actor: String,
    evidence: EvidenceView,
}

fn entry_view(e: &HistoryEntry) -> EntryView {
    EntryView {
        model_id: e.model_id,
        seq: e.seq,
        from_stage: stage_name(e.from_stage),
        to_stage: stage_name(e.to_stage),
        height: e.height,
        time: view::time(e.time.as_ref()),
        actor: e.actor.clone(),
        evidence: evidence_view(e.evidence.as_ref()),
    }
}

#[derive(Debug, Serialize)]
struct HistoryOut {
    entries: Vec<EntryView>,
}

impl Render for HistoryOut {
    fn text(&self) -> String {
        common::table(
            &self.entries,
            "no history",
            Some("SEQ  FROM  TO  HEIGHT  ACTOR  EVIDENCE"),
            |e| {
                let mut evidence = Vec::new();
                if !e.evidence.training_run_hash.is_empty() {
                    evidence.push(format!("training_run={}", e.evidence.training_run_hash));
                }
                if !e.evidence.adapter_hash.is_empty() {
                    evidence.push(format!("adapter={}", e.evidence.adapter_hash));
                }
                if !e.evidence.metrics.is_empty() {
                    evidence.push(format!("metrics={:?}", e.evidence.metrics));
                }
                format!(
                    "{}  {}  {}  {}  {}  {}",
                    e.seq,
                    e.from_stage.trim_start_matches("MODEL_STAGE_"),
                    e.to_stage.trim_start_matches("MODEL_STAGE_"),
                    e.height,
                    e.actor,
                    if evidence.is_empty() {
                        "-".to_owned()
                    } else {
                        evidence.join(" ")
                    }
                )
            },
        )
    }
}

pub async fn run(ctx: &Context, query: ModelQuery) -> anyhow::Result<()> {
    let rpc = ctx.rpc()?;
    match query {
        ModelQuery::Show(args) => {
            let response: QueryModelResponse = rpc
                .query(
                    paths::models::MODEL,
                    &QueryModelRequest {
                        model_id: args.model_id,
                    },
                    args.height.height,
                )
                .await?;
            let model = response
                .model
                .ok_or_else(|| anyhow::anyhow!("model {} not found", args.model_id))?;
            common::emit_doc(
                ctx,
                ModelOut {
                    model: model_view(&model)?,
                },
            )
        }
        ModelQuery::List(args) => {
            let creator = match &args.creator {
                Some(c) => resolve_address(ctx, c)?.to_string(),
                None => String::new(),
            };
            let stage = args.stage.unwrap_or(ModelStage::Unspecified);
            let models = common::all_pages(
                &rpc,
                paths::models::MODELS,
                args.height.height,
                |pagination| QueryModelsRequest {
                    stage: stage as i32,
                    creator: creator.clone(),
                    pagination,
                },
                |r: QueryModelsResponse| (r.models, r.pagination),
            )
            .await?;
            output::emit(
                ctx.output,
                &ModelsOut {
                    models: models
                        .iter()
                        .map(model_view)
                        .collect::<anyhow::Result<_>>()?,
                },
            )
        }
        ModelQuery::Versions(args) => {
            let versions = common::all_pages(
                &rpc,
                paths::models::VERSIONS,
                args.height.height,
                |pagination| QueryVersionsRequest {
                    model_id: args.model_id,
                    pagination,
                },
                |r: QueryVersionsResponse| (r.versions, r.pagination),
            )
            .await?;
            output::emit(
                ctx.output,
                &VersionsOut {
                    versions: versions.iter().map(version_view).collect(),
                },
            )
        }
        ModelQuery::Lineage(args) => {
            let response: QueryLineageResponse = rpc
                .query(
                    paths::models::LINEAGE,
                    &QueryLineageRequest {
                        model_id: args.model_id,
                        version: args.number,
                    },
                    args.height.height,
                )
                .await?;
            let version = response.version.ok_or_else(|| {
                anyhow::anyhow!(
                    "version {} of model {} not found",
                    args.number,
                    args.model_id
                )
            })?;
            common::emit_doc(
                ctx,
                LineageOut {
                    version: version_view(&version),
                    datanets: response.datanets.iter().map(lineage_view).collect(),
                },
            )
        }
        ModelQuery::History(args) => {
            let entries = common::all_pages(
                &rpc,
                paths::models::HISTORY,
                args.height.height,
                |pagination| QueryHistoryRequest {
                    model_id: args.model_id,
                    pagination,
                },
                |r: QueryHistoryResponse| (r.entries, r.pagination),
            )
            .await?;
            output::emit(
                ctx.output,
                &HistoryOut {
                    entries: entries.iter().map(entry_view).collect(),
                },
            )
        }
        ModelQuery::Params(args) => {
            let response: QueryParamsResponse = rpc
                .query(
                    paths::models::PARAMS,
                    &QueryParamsRequest {},
                    args.height.height,
                )
                .await?;
            common::emit_params(ctx, "models", response.params, ModelsParams::from_proto)
        }
    }
}
