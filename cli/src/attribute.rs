//! `openledger attribute ...` (run the attribution engine, verify a receipt, build indexes) and
//! `openledger content ...` (the content store). Local data lives under the home directory:
//! `content/` and `index/`.

pub mod corpus;

use std::path::PathBuf;

use anyhow::{bail, Context as _};
use clap::Subcommand;
use openledger_content::{client, Hash};
use openledger_proto::openledger::attribution::v1 as at;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::context::Context;
use crate::output;
use crate::rpc::paths;
use crate::schema::text;
use corpus::{EngineChoice, Source};

#[derive(Debug, Subcommand)]
pub enum AttributeCommand {
    /// Attribute an output text over a model version's corpus: weights and spans
    ///
    /// Uses the chain's current engine params. The corpus is the approved contributions of the
    /// datanet versions the model version was trained on; missing contents are fetched from the
    /// node's content store (--grpc) and every byte is checked against its on-chain hash.
    Run {
        /// The model
        #[arg(long, value_name = "ID")]
        model: u64,
        /// The model version (0: the latest)
        #[arg(long, value_name = "N", default_value_t = 0)]
        version: u64,
        /// The output text, a file ("-": standard input). (`--output` is the global output
        /// format.)
        #[arg(long, value_name = "FILE")]
        output_file: PathBuf,
        /// Rebuild the indexes even if they exist
        #[arg(long)]
        rebuild: bool,
    },
    /// Re-run the engine for a receipt and say whether its weights match (exit code 0) or not (1)
    ///
    /// Uses the engine params the receipt names and the model version it was charged for.
    Verify {
        /// The receipt
        #[arg(value_name = "RECEIPT_ID")]
        receipt: u64,
        /// The output text the receipt is for ("-": standard input); its sha256 must be the
        /// receipt's output_hash
        #[arg(long, value_name = "FILE")]
        output_file: PathBuf,
    },
    /// Build (or refresh) the local indexes of a model version or of one datanet version
    Index {
        /// Every datanet version of this model's version
        #[arg(
            long,
            value_name = "ID",
            conflicts_with = "datanet",
            required_unless_present = "datanet"
        )]
        model: Option<u64>,
        /// One datanet (with --version)
        #[arg(long, value_name = "ID")]
        datanet: Option<u64>,
        /// The model version (0: the latest) or the datanet version (0: the latest)
        #[arg(long, value_name = "N", default_value_t = 0)]
        version: u64,
        /// Rebuild even if they exist
        #[arg(long)]
        rebuild: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ContentCommand {
    /// Upload a file to the node's content store (its sha256 must be a contribution's on chain)
    Put {
        /// The contribution's bytes ("-": standard input)
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Download bytes by sha256 (local store first, then the node), checked against the hash
    Get {
        /// sha256, 64 hex digits
        #[arg(value_name = "HASH")]
        hash: String,
        /// Write the bytes here (default: standard output, text mode only)
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Which approved contributions the node holds and which it misses
    Status {
        /// One datanet (default: all)
        #[arg(long, value_name = "ID", default_value_t = 0)]
        datanet: u64,
        /// List at most this many missing contributions (default 100, at most 1000)
        #[arg(long, value_name = "N", default_value_t = 0)]
        limit: u32,
    },
}

fn read_input(path: &PathBuf) -> anyhow::Result<Vec<u8>> {
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)
            .context("cannot read standard input")?;
        return Ok(bytes);
    }
    std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
}

fn source(ctx: &Context) -> anyhow::Result<Source> {
    Source::new(ctx.rpc()?, &ctx.grpc, &ctx.home()?)
}

/// The engine's result as a document.
fn attribution_doc(
    a: &openledger_engine::Attribution,
    engine: &EngineChoice,
    data: &corpus::ModelData,
    output: &[u8],
) -> Value {
    json!({
        "model_id": data.model_id.to_string(),
        "model_version": data.version.to_string(),
        "engine": engine,
        "output_hash": hex::encode(Sha256::digest(output)),
        "output_bytes": a.output_bytes,
        "unattributed": a.is_unattributed(),
        "evidence_hash": hex::encode(a.evidence_hash),
        "entries": a.entries,
        "spans": a.spans,
    })
}

pub async fn run_attribute(ctx: &Context, cmd: AttributeCommand) -> anyhow::Result<()> {
    match cmd {
        AttributeCommand::Run {
            model,
            version,
            output_file,
            rebuild,
        } => {
            let text_bytes = read_input(&output_file)?;
            let src = source(ctx)?;
            let engine = src.engine(0).await?;
            engine.check_supported()?;
            let data = src.model_data(model, version).await?;
            let (corpus, indexes) = src.corpus(&data, rebuild).await?;
            let a = openledger_engine::attribute(&corpus, &text_bytes, &engine.params());
            let mut doc = attribution_doc(&a, &engine, &data, &text_bytes);
            doc["indexes"] = json!(indexes);
            output::emit_doc(ctx.output, &doc, &text::document)
        }
        AttributeCommand::Verify {
            receipt,
            output_file,
        } => verify(ctx, receipt, &output_file).await,
        AttributeCommand::Index {
            model,
            datanet,
            version,
            rebuild,
        } => {
            let src = source(ctx)?;
            let reports = match (model, datanet) {
                (Some(model), _) => {
                    let data = src.model_data(model, version).await?;
                    src.corpus(&data, rebuild).await?.1
                }
                (None, Some(datanet)) => {
                    let version = match version {
                        0 => latest_datanet_version(&src, datanet).await?,
                        v => v,
                    };
                    vec![src.index(datanet, version, rebuild).await?.1]
                }
                (None, None) => bail!("give --model or --datanet"),
            };
            output::emit_doc(ctx.output, &json!({ "indexes": reports }), &text::document)
        }
    }
}

async fn latest_datanet_version(src: &Source, datanet_id: u64) -> anyhow::Result<u64> {
    use openledger_proto::openledger::datanets::v1 as dn;
    let v: dn::QueryVersionResponse = src
        .rpc()
        .query(
            paths::datanets::VERSION,
            &dn::QueryVersionRequest {
                datanet_id,
                version: 0,
            },
            None,
        )
        .await
        .with_context(|| format!("datanet {datanet_id} has no published version"))?;
    Ok(v.version.map(|v| v.number).unwrap_or_default())
}

/// `attribute verify`: recompute a receipt's attribution and compare.
async fn verify(ctx: &Context, receipt_id: u64, output: &PathBuf) -> anyhow::Result<()> {
    let text_bytes = read_input(output)?;
    let src = source(ctx)?;
    let resp: at::QueryReceiptResponse = src
        .rpc()
        .query(
            paths::attribution::RECEIPT,
            &at::QueryReceiptRequest { id: receipt_id },
            None,
        )
        .await
        .with_context(|| format!("cannot read receipt {receipt_id}"))?;
    let r = resp
        .receipt
        .with_context(|| format!("no receipt {receipt_id}"))?;
    if r.engine_version == 0 {
        bail!("receipt {receipt_id} was recorded before the attribution engine: its weights were stated, not computed");
    }
    let output_hash = Sha256::digest(&text_bytes).to_vec();
    if output_hash != r.output_hash {
        bail!(
            "{} is not the output of receipt {receipt_id}: its sha256 is {}, the receipt's output_hash is {}",
            output.display(),
            hex::encode(&output_hash),
            hex::encode(&r.output_hash)
        );
    }
    let engine = src.engine(r.engine_params_id).await?;
    engine.check_supported()?;
    let data = src.model_data(r.model_id, r.model_version).await?;
    let (corpus, _) = src.corpus(&data, false).await?;
    let a = openledger_engine::attribute(&corpus, &text_bytes, &engine.params());

    let recorded: Vec<(u64, u32)> = r
        .entries
        .iter()
        .map(|e| (e.contribution_id, e.weight_ppm))
        .collect();
    let mut recomputed: Vec<(u64, u32)> = a
        .entries
        .iter()
        .map(|e| (e.contribution_id, e.weight_ppm))
        .collect();
    recomputed.sort_unstable();
    let mut recorded_sorted = recorded.clone();
    recorded_sorted.sort_unstable();
    let differences = differences(&recorded_sorted, &recomputed);
    let evidence_matches = a.evidence_hash.as_slice() == r.evidence_hash.as_slice();
    let matches = differences.is_empty() && evidence_matches;
    let doc = json!({
        "receipt_id": receipt_id.to_string(),
        "match": matches,
        "engine": engine,
        "recorded_evidence_hash": hex::encode(&r.evidence_hash),
        "recomputed_evidence_hash": hex::encode(a.evidence_hash),
        "differences": differences,
        "recomputed": attribution_doc(&a, &engine, &data, &text_bytes),
    });
    output::emit_doc(ctx.output, &doc, &text::document)?;
    if !matches {
        bail!(
            "receipt {receipt_id} does not match the engine: {} weight difference(s){}",
            doc["differences"].as_array().map_or(0, Vec::len),
            if evidence_matches {
                ""
            } else {
                ", evidence hash differs"
            }
        );
    }
    Ok(())
}

/// Per contribution, the recorded and recomputed weights where they differ.
fn differences(recorded: &[(u64, u32)], recomputed: &[(u64, u32)]) -> Vec<Value> {
    let mut ids: Vec<u64> = recorded
        .iter()
        .chain(recomputed)
        .map(|(id, _)| *id)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let weight =
        |list: &[(u64, u32)], id: u64| list.iter().find(|(c, _)| *c == id).map_or(0, |(_, w)| *w);
    ids.into_iter()
        .filter_map(|id| {
            let (a, b) = (weight(recorded, id), weight(recomputed, id));
            (a != b).then(|| {
                json!({"contribution_id": id.to_string(), "recorded_ppm": a, "recomputed_ppm": b})
            })
        })
        .collect()
}

pub async fn run_content(ctx: &Context, cmd: ContentCommand) -> anyhow::Result<()> {
    match cmd {
        ContentCommand::Put { file } => {
            let bytes = read_input(&file)?;
            let r = client::put(&ctx.grpc, bytes.clone())
                .await
                .with_context(|| format!("the node at {} refused the upload", ctx.grpc))?;
            // kept locally too: the engine reads it from here
            openledger_content::Store::open(ctx.home()?.join("content"))?.put(&bytes)?;
            let doc = json!({
                "hash": hex::encode(&r.hash),
                "size": r.size.to_string(),
                "existed": r.existed,
                "contribution_ids": r.contribution_ids.iter().map(u64::to_string).collect::<Vec<_>>(),
            });
            output::emit_doc(ctx.output, &doc, &text::document)
        }
        ContentCommand::Get { hash, out } => {
            let hash = Hash::from_slice(
                &hex::decode(hash.trim().trim_start_matches("0x"))
                    .map_err(|_| anyhow::anyhow!("HASH must be 64 hex digits"))?,
            )
            .map_err(|_| anyhow::anyhow!("HASH must be 64 hex digits"))?;
            let local = openledger_content::Store::open(ctx.home()?.join("content"))?;
            let bytes = match local.get(&hash)? {
                Some(bytes) => bytes,
                None => client::get(&ctx.grpc, &hash).await.with_context(|| {
                    format!("cannot get {} from the node at {}", hash.to_hex(), ctx.grpc)
                })?,
            };
            match out {
                Some(path) => {
                    std::fs::write(&path, &bytes)
                        .with_context(|| format!("cannot write {}", path.display()))?;
                    let doc = json!({
                        "hash": hash.to_hex(),
                        "size": bytes.len().to_string(),
                        "file": path.display().to_string(),
                    });
                    output::emit_doc(ctx.output, &doc, &text::document)
                }
                None if ctx.output == output::OutputFormat::Json => {
                    bail!("with --output json, give --out FILE for the bytes")
                }
                None => {
                    use std::io::Write;
                    let mut out = std::io::stdout().lock();
                    out.write_all(&bytes)?;
                    out.flush()?;
                    Ok(())
                }
            }
        }
        ContentCommand::Status { datanet, limit } => {
            let s = client::status(&ctx.grpc, datanet, limit)
                .await
                .with_context(|| format!("cannot get the content status of {}", ctx.grpc))?;
            let missing: Vec<Value> = s
                .missing
                .iter()
                .map(|m| {
                    json!({
                        "contribution_id": m.contribution_id.to_string(),
                        "datanet_id": m.datanet_id.to_string(),
                        "content_hash": hex::encode(&m.content_hash),
                        "size_bytes": m.size_bytes.to_string(),
                        "content_uri": m.content_uri,
                    })
                })
                .collect();
            let doc = json!({
                "approved": s.approved.to_string(),
                "held": s.held.to_string(),
                "held_bytes": s.held_bytes.to_string(),
                "missing": missing,
            });
            output::emit_doc(ctx.output, &doc, &text::document)
        }
    }
}
