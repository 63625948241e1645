//! `openledger tx model ...`: propose models, move them along their lifecycle, publish versions
//! and set inference prices. Approval is governance's: `openledger tx gov propose-model-approval`.

use std::fmt;
use std::str::FromStr;

use anyhow::bail;
use clap::{Args, Subcommand};

use super::flow;
use super::options::{Aopen, PositiveAopen, SignedTxOpts};
use crate::amount::Coin;
use crate::chain::BASE_DENOM;
use crate::context::Context;
use crate::proto::models::{
    DatanetVersionRef, Evidence, ModelStage, MsgAdvanceModel, MsgProposeModel,
    MsgPublishModelVersion, MsgSetPricing, Pricing,
};

/// Longest hash the chain accepts, in bytes (a SHA-512 digest).
const MAX_HASH_BYTES: usize = 64;

#[derive(Debug, Subcommand)]
pub enum ModelTx {
    /// Propose a model trained on datanet versions, escrowing the creator bond
    ///
    /// The model starts PROPOSED; governance approves it (see `openledger tx gov
    /// propose-model-approval`). The bond is returned when the model retires, or burned when
    /// the approval vote is vetoed.
    ///
    /// Example:
    ///   openledger tx model propose --name legal-llm --base-model llama-3-8b \
    ///     --intended-use "legal research" --datanet 1:1 --bond 100OPEN \
    ///     --rate-in 10aopen --rate-out 20aopen --from alice
    #[command(verbatim_doc_comment)]
    Propose(ProposeArgs),
    /// Move an approved model one step along its lifecycle, or retire it (creator)
    ///
    /// APPROVED -> data_collection -> fine_tuning -> alignment -> deployed; any of them ->
    /// retired. alignment needs --training-run-hash; deployed needs --adapter-hash and
    /// publishes version 1.
    ///
    /// Example: openledger tx model advance 1 deployed --adapter-hash 9f86d0... --from alice
    Advance(AdvanceArgs),
    /// Publish a new version of a deployed model (creator)
    PublishVersion(PublishVersionArgs),
    /// Set a model's inference rates, in effect from the next block (creator)
    SetPricing(SetPricingArgs),
}

/// `ID:VERSION`: a published version of a datanet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DatanetRef {
    pub datanet_id: u64,
    pub version: u64,
}

impl DatanetRef {
    pub fn to_proto(self) -> DatanetVersionRef {
        DatanetVersionRef {
            datanet_id: self.datanet_id,
            version: self.version,
        }
    }
}

impl fmt::Display for DatanetRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.datanet_id, self.version)
    }
}

impl FromStr for DatanetRef {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let bad = |why: &str| format!("invalid datanet version {s:?}: {why}");
        let (id, version) = s
            .trim()
            .split_once(':')
            .ok_or_else(|| bad("expected DATANET_ID:VERSION, e.g. 1:2"))?;
        let number = |text: &str, what: &str| match text.parse::<u64>() {
            Ok(0) => Err(bad(&format!("the {what} starts at 1"))),
            Ok(n) => Ok(n),
            Err(_) => Err(bad(&format!("the {what} is not a number"))),
        };
        Ok(Self {
            datanet_id: number(id, "datanet id")?,
            version: number(version, "version")?,
        })
    }
}

/// A hash given in hex (1 to 64 bytes), kept as lowercase hex.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HexHash(pub String);

impl FromStr for HexHash {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let text = s.trim();
        let text = text
            .strip_prefix("0x")
            .or_else(|| text.strip_prefix("0X"))
            .unwrap_or(text);
        let bytes = hex::decode(text)
            .map_err(|_| format!("invalid hash {s:?}: expected hex, e.g. a sha256 digest"))?;
        if bytes.is_empty() || bytes.len() > MAX_HASH_BYTES {
            return Err(format!(
                "invalid hash {s:?}: expected 1 to {MAX_HASH_BYTES} bytes, got {}",
                bytes.len()
            ));
        }
        Ok(Self(hex::encode(bytes)))
    }
}

/// A lifecycle stage as typed: `fine_tuning`, `fine-tuning`, `FINE_TUNING` or
/// `MODEL_STAGE_FINE_TUNING`, in any case.
pub fn parse_stage(s: &str) -> Result<ModelStage, String> {
    let normalized = s.trim().to_ascii_uppercase().replace('-', "_");
    let name = normalized
        .strip_prefix("MODEL_STAGE_")
        .unwrap_or(&normalized);
    match ModelStage::from_str_name(&format!("MODEL_STAGE_{name}")) {
        Some(stage) if stage != ModelStage::Unspecified => Ok(stage),
        _ => Err(format!(
            "invalid stage {s:?}: expected proposed, approved, rejected, data_collection, \
             fine_tuning, alignment, deployed or retired"
        )),
    }
}

/// The short name of a stage: `fine_tuning`.
pub fn stage_name(stage: ModelStage) -> String {
    stage
        .as_str_name()
        .trim_start_matches("MODEL_STAGE_")
        .to_ascii_lowercase()
}

/// A stage `tx model advance` can move to (the others are governance's or the start).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TargetStage(pub ModelStage);

impl FromStr for TargetStage {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let stage = parse_stage(s)?;
        match stage {
            ModelStage::DataCollection
            | ModelStage::FineTuning
            | ModelStage::Alignment
            | ModelStage::Deployed
            | ModelStage::Retired => Ok(Self(stage)),
            ModelStage::Approved | ModelStage::Rejected => Err(format!(
                "{s:?}: a model is {} by governance, not advanced there (see `openledger tx gov propose-model-approval`)",
                stage_name(stage)
            )),
            _ => Err(format!(
                "{s:?}: a model can only be advanced to data_collection, fine_tuning, \
                 alignment, deployed or retired"
            )),
        }
    }
}

#[derive(Debug, Args)]
pub struct ProposeArgs {
    /// Model name
    #[arg(long)]
    pub name: String,
    /// What the model does
    #[arg(long, default_value = "")]
    pub description: String,
    /// The model it is fine-tuned from, e.g. llama-3-8b
    #[arg(long)]
    pub base_model: String,
    /// What it is meant to be used for
    #[arg(long, default_value = "")]
    pub intended_use: String,
    /// A datanet version it is trained on, as DATANET_ID:VERSION (e.g. 1:2); repeated for
    /// several
    #[arg(long = "datanet", value_name = "ID:VERSION", required = true)]
    pub datanets: Vec<DatanetRef>,
    /// Creator bond, held in escrow (at least the chain's min_creator_bond), e.g. 100OPEN
    #[arg(long, value_name = "AMOUNT")]
    pub bond: PositiveAopen,
    /// Inference price per 1000 input tokens, e.g. 10aopen
    #[arg(long, value_name = "AMOUNT")]
    pub rate_in: Aopen,
    /// Inference price per 1000 output tokens, e.g. 20aopen
    #[arg(long, value_name = "AMOUNT")]
    pub rate_out: Aopen,
    #[command(flatten)]
    pub signed: SignedTxOpts,
}

#[derive(Debug, Args)]
pub struct AdvanceArgs {
    /// Model id
    #[arg(value_parser = clap::value_parser!(u64).range(1..))]
    pub model_id: u64,
    /// Stage to move to: data_collection, fine_tuning, alignment, deployed or retired
    pub stage: TargetStage,
    /// Hash of the training run, in hex (required for alignment)
    #[arg(long, value_name = "HEX")]
    pub training_run_hash: Option<HexHash>,
    /// Hash of the trained adapter, in hex (required for deployed)
    #[arg(long, value_name = "HEX")]
    pub adapter_hash: Option<HexHash>,
    /// Evaluation results or other evidence, free text
    #[arg(long, default_value = "")]
    pub metrics: String,
    #[command(flatten)]
    pub signed: SignedTxOpts,
}

#[derive(Debug, Args)]
pub struct PublishVersionArgs {
    /// Model id
    #[arg(value_parser = clap::value_parser!(u64).range(1..))]
    pub model_id: u64,
    /// Hash of the new adapter, in hex
    #[arg(long, value_name = "HEX")]
    pub adapter_hash: HexHash,
    /// Base model of the new version (default: the parent version's)
    #[arg(long, default_value = "")]
    pub base_model: String,
    /// Version it derives from (default 0: the latest)
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub parent: u64,
    /// A datanet version it is trained on, as DATANET_ID:VERSION; repeated for several
    /// (default: the parent version's)
    #[arg(long = "datanet", value_name = "ID:VERSION")]
    pub datanets: Vec<DatanetRef>,
    #[command(flatten)]
    pub signed: SignedTxOpts,
}

#[derive(Debug, Args)]
pub struct SetPricingArgs {
    /// Model id
    #[arg(value_parser = clap::value_parser!(u64).range(1..))]
    pub model_id: u64,
    /// Price per 1000 input tokens, e.g. 10aopen
    #[arg(long, value_name = "AMOUNT")]
    pub rate_in: Aopen,
    /// Price per 1000 output tokens, e.g. 20aopen
    #[arg(long, value_name = "AMOUNT")]
    pub rate_out: Aopen,
    #[command(flatten)]
    pub signed: SignedTxOpts,
}

/// Refuses a datanet version listed twice.
fn refuse_repeats(refs: &[DatanetRef]) -> anyhow::Result<()> {
    for (i, r) in refs.iter().enumerate() {
        if refs[..i].contains(r) {
            bail!("--datanet {r} is given more than once");
        }
    }
    Ok(())
}

fn refs_text(refs: &[DatanetRef]) -> String {
    refs.iter()
        .map(|r| format!("datanet {} v{}", r.datanet_id, r.version))
        .collect::<Vec<_>>()
        .join(", ")
}

fn rates_text(rate_in: Aopen, rate_out: Aopen) -> String {
    format!(
        "{}aopen in / {}aopen out per 1000 tokens",
        rate_in.0, rate_out.0
    )
}

pub async fn run(ctx: &Context, tx: ModelTx) -> anyhow::Result<()> {
    match tx {
        ModelTx::Propose(args) => {
            refuse_repeats(&args.datanets)?;
            flow::run_single(ctx, &args.signed, |signer| {
                let bond = Coin::new(args.bond.0 .0, BASE_DENOM);
                let msg = MsgProposeModel {
                    creator: signer.account.to_string(),
                    name: args.name.clone(),
                    description: args.description.clone(),
                    base_model: args.base_model.clone(),
                    intended_use: args.intended_use.clone(),
                    datanet_versions: args.datanets.iter().map(|r| r.to_proto()).collect(),
                    bond: Some(bond.to_proto()),
                    pricing: Some(Pricing {
                        rate_in_per_1000: args.rate_in.0.to_string(),
                        rate_out_per_1000: args.rate_out.0.to_string(),
                    }),
                };
                let text = format!(
                    "propose model {:?} ({}) on {}, bond {}, {}",
                    args.name,
                    args.base_model,
                    refs_text(&args.datanets),
                    bond.display(),
                    rates_text(args.rate_in, args.rate_out)
                );
                (msg, text)
            })
            .await
        }
        ModelTx::Advance(args) => {
            let stage = args.stage.0;
            if stage == ModelStage::Alignment && args.training_run_hash.is_none() {
                bail!("advancing to alignment needs --training-run-hash (the fine-tuning run)");
            }
            if stage == ModelStage::Deployed && args.adapter_hash.is_none() {
                bail!("advancing to deployed needs --adapter-hash (it becomes version 1)");
            }
            flow::run_single(ctx, &args.signed, |signer| {
                let evidence = Evidence {
                    training_run_hash: args
                        .training_run_hash
                        .as_ref()
                        .map(|h| h.0.clone())
                        .unwrap_or_default(),
                    adapter_hash: args
                        .adapter_hash
                        .as_ref()
                        .map(|h| h.0.clone())
                        .unwrap_or_default(),
                    metrics: args.metrics.clone(),
                };
                let msg = MsgAdvanceModel {
                    actor: signer.account.to_string(),
                    model_id: args.model_id,
                    to_stage: stage as i32,
                    evidence: Some(evidence),
                };
                let text = format!("advance model {} to {}", args.model_id, stage_name(stage));
                (msg, text)
            })
            .await
        }
        ModelTx::PublishVersion(args) => {
            refuse_repeats(&args.datanets)?;
            flow::run_single(ctx, &args.signed, |signer| {
                let msg = MsgPublishModelVersion {
                    creator: signer.account.to_string(),
                    model_id: args.model_id,
                    adapter_hash: args.adapter_hash.0.clone(),
                    base_model: args.base_model.clone(),
                    parent_version: args.parent,
                    datanet_versions: args.datanets.iter().map(|r| r.to_proto()).collect(),
                };
                let parent = if args.parent == 0 {
                    "the latest version".to_owned()
                } else {
                    format!("version {}", args.parent)
                };
                let text = format!(
                    "publish a new version of model {} (adapter {}) from {parent}",
                    args.model_id, args.adapter_hash.0
                );
                (msg, text)
            })
            .await
        }
        ModelTx::SetPricing(args) => {
            flow::run_single(ctx, &args.signed, |signer| {
                let msg = MsgSetPricing {
                    creator: signer.account.to_string(),
                    model_id: args.model_id,
                    rate_in_per_1000: args.rate_in.0.to_string(),
                    rate_out_per_1000: args.rate_out.0.to_string(),
                };
                let text = format!(
                    "price model {} at {} from the next block",
                    args.model_id,
                    rates_text(args.rate_in, args.rate_out)
                );
                (msg, text)
            })
            .await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datanet_refs() {
        assert_eq!(
            "1:2".parse::<DatanetRef>().unwrap(),
            DatanetRef {
                datanet_id: 1,
                version: 2
            }
        );
        for bad in ["", "1", "1:", ":2", "0:1", "1:0", "a:1", "1:2:3", "-1:2"] {
            assert!(bad.parse::<DatanetRef>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn stages() {
        assert_eq!(parse_stage("fine_tuning").unwrap(), ModelStage::FineTuning);
        assert_eq!(
            parse_stage("Data-Collection").unwrap(),
            ModelStage::DataCollection
        );
        assert_eq!(
            parse_stage("MODEL_STAGE_DEPLOYED").unwrap(),
            ModelStage::Deployed
        );
        for bad in [
            "",
            "unspecified",
            "MODEL_STAGE_UNSPECIFIED",
            "training",
            "7",
        ] {
            assert!(parse_stage(bad).is_err(), "{bad:?}");
        }
        assert_eq!(
            "alignment".parse::<TargetStage>().unwrap().0,
            ModelStage::Alignment
        );
        let err = "approved".parse::<TargetStage>().unwrap_err();
        assert!(err.contains("governance"), "{err}");
        assert!("proposed".parse::<TargetStage>().is_err());
        assert_eq!(stage_name(ModelStage::FineTuning), "fine_tuning");
    }

    #[test]
    fn hex_hashes() {
        assert_eq!("ABcd".parse::<HexHash>().unwrap().0, "abcd");
        assert_eq!("0x0a".parse::<HexHash>().unwrap().0, "0a");
        assert!("ab".repeat(64).parse::<HexHash>().is_ok());
        for bad in ["", "0x", "abc", "xyz", &"ab".repeat(65)] {
            assert!(bad.parse::<HexHash>().is_err(), "{bad:?}");
        }
    }
}
