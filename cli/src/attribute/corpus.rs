//! The corpus of a model version, as the attribution engine reads it (docs/attribution-engine.md):
//! the approved contributions of every datanet version the model version was trained on, their
//! bytes from the local content store (fetched from a node's store when missing, each checked
//! against its on-chain sha256), and one suffix-array index per datanet version, built once
//! and memory-mapped afterwards.
//!
//! A model version may reference several versions of one datanet; versions nest (version n
//! holds the contributions approved up to its count), so the highest one is the datanet's
//! part of the corpus, exactly as the chain decides which contributions a receipt may name.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{bail, Context as _};
use cosmos_sdk_proto::cosmos::base::query::v1beta1::PageRequest;
use openledger_content::{client, Hash, Store};
use openledger_engine::{Corpus, Document, Index};
use openledger_proto::openledger::attribution::v1 as at;
use openledger_proto::openledger::datanets::v1 as dn;
use openledger_proto::openledger::models::v1 as md;

use crate::rpc::{paths, Rpc};

/// Contributions listed per query page.
const PAGE: u64 = 200;

/// The engine parameters a run uses, as the chain states them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct EngineChoice {
    /// The engine params id (receipts name it).
    pub params_id: u64,
    pub version: u32,
    pub min_span: u32,
    pub normalization: String,
    /// The attribution module's `max_attribution_entries`.
    pub max_entries: u32,
}

impl EngineChoice {
    pub fn params(&self) -> openledger_engine::Params {
        openledger_engine::Params {
            min_span: self.min_span,
            max_entries: self.max_entries,
        }
    }

    /// Refuses parameters this build of the engine cannot run.
    pub fn check_supported(&self) -> anyhow::Result<()> {
        if self.version != openledger_engine::ENGINE_VERSION {
            bail!(
                "the chain's engine params {} name engine version {}; this build runs version {}",
                self.params_id,
                self.version,
                openledger_engine::ENGINE_VERSION
            );
        }
        if self.normalization != openledger_engine::NORMALIZATION_NFC {
            bail!(
                "the chain's engine params {} name normalisation {:?}; this build runs {:?}",
                self.params_id,
                self.normalization,
                openledger_engine::NORMALIZATION_NFC
            );
        }
        Ok(())
    }
}

/// A model version and the datanet versions its corpus is made of.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ModelData {
    pub model_id: u64,
    /// Resolved: never 0.
    pub version: u64,
    /// `(datanet id, highest referenced version)`, by datanet id.
    pub datanets: Vec<(u64, u64)>,
}

/// What one index holds, for reports.
#[derive(Debug, Clone, serde::Serialize)]
pub struct IndexReport {
    pub datanet_id: u64,
    pub version: u64,
    pub documents: usize,
    pub corpus_bytes: u64,
    pub file_bytes: u64,
    /// Built by this run (false: opened from disk).
    pub built: bool,
    /// Contents fetched from the node by this run.
    pub fetched: usize,
    pub path: String,
}

/// The chain (over CometBFT RPC), a node's content store (over gRPC) and the local content
/// store and indexes (under the home directory).
pub struct Source {
    rpc: Rpc,
    grpc: String,
    store: Store,
    index_root: PathBuf,
}

impl Source {
    /// Local data under `home`: `content/` (the content store) and `index/` (the indexes).
    pub fn new(rpc: Rpc, grpc: &str, home: &Path) -> anyhow::Result<Self> {
        let store = Store::open(home.join("content"))
            .with_context(|| format!("cannot open the content store in {}", home.display()))?;
        Ok(Self {
            rpc,
            grpc: grpc.to_owned(),
            store,
            index_root: home.join("index"),
        })
    }

    pub fn rpc(&self) -> &Rpc {
        &self.rpc
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The engine params of `id` (0: the current ones) and the entry limit.
    pub async fn engine(&self, id: u64) -> anyhow::Result<EngineChoice> {
        let resp: at::QueryEngineParamsResponse = self
            .rpc
            .query(
                paths::attribution::ENGINE_PARAMS,
                &at::QueryEngineParamsRequest { id },
                None,
            )
            .await?;
        let record = resp.record.context("the node returned no engine params")?;
        let p = record
            .params
            .context("the node returned no engine params")?;
        let params: at::QueryParamsResponse = self
            .rpc
            .query(paths::attribution::PARAMS, &at::QueryParamsRequest {}, None)
            .await?;
        let max_entries = params
            .params
            .map(|p| p.max_attribution_entries)
            .context("the node returned no attribution params")?;
        Ok(EngineChoice {
            params_id: record.id,
            version: p.version,
            min_span: p.min_span,
            normalization: p.normalization,
            max_entries,
        })
    }

    /// Model `model_id` at `version` (0: its latest) and its datanet versions.
    pub async fn model_data(&self, model_id: u64, version: u64) -> anyhow::Result<ModelData> {
        let resp: md::QueryVersionResponse = self
            .rpc
            .query(
                paths::models::VERSION,
                &md::QueryVersionRequest { model_id, version },
                None,
            )
            .await
            .with_context(|| format!("cannot read model {model_id} version {version}"))?;
        let v = resp
            .version
            .with_context(|| format!("model {model_id} has no version {version}"))?;
        let mut datanets: BTreeMap<u64, u64> = BTreeMap::new();
        for r in &v.datanet_versions {
            let highest = datanets.entry(r.datanet_id).or_default();
            *highest = (*highest).max(r.version);
        }
        Ok(ModelData {
            model_id,
            version: v.number,
            datanets: datanets.into_iter().collect(),
        })
    }

    /// The contributions of datanet version `(datanet_id, version)`: approved, with an approval
    /// sequence up to the version's contribution count, in approval order.
    pub async fn contributions(
        &self,
        datanet_id: u64,
        version: u64,
    ) -> anyhow::Result<Vec<dn::Contribution>> {
        let v: dn::QueryVersionResponse = self
            .rpc
            .query(
                paths::datanets::VERSION,
                &dn::QueryVersionRequest {
                    datanet_id,
                    version,
                },
                None,
            )
            .await
            .with_context(|| format!("cannot read datanet {datanet_id} version {version}"))?;
        let count = v
            .version
            .with_context(|| format!("datanet {datanet_id} has no version {version}"))?
            .contribution_count;
        let mut out = Vec::new();
        let mut key = Vec::new();
        // bounded: each page is PAGE rows and the version holds `count` of them
        let max_pages = count / PAGE + 2;
        for _ in 0..max_pages {
            let page: dn::QueryContributionsByDatanetResponse = self
                .rpc
                .query(
                    paths::datanets::CONTRIBUTIONS_BY_DATANET,
                    &dn::QueryContributionsByDatanetRequest {
                        datanet_id,
                        status: dn::ContributionStatus::Approved as i32,
                        pagination: Some(PageRequest {
                            key: key.clone(),
                            offset: 0,
                            limit: PAGE,
                            count_total: false,
                            reverse: false,
                        }),
                    },
                    None,
                )
                .await
                .with_context(|| {
                    format!("cannot list the contributions of datanet {datanet_id}")
                })?;
            out.extend(
                page.contributions
                    .into_iter()
                    .filter(|c| c.approval_seq >= 1 && c.approval_seq <= count),
            );
            key = page.pagination.map(|p| p.next_key).unwrap_or_default();
            if key.is_empty() {
                break;
            }
        }
        out.sort_by_key(|c| c.approval_seq);
        if u64::try_from(out.len()).ok() != Some(count) {
            bail!(
                "datanet {datanet_id} version {version} holds {count} contributions but the node listed {}",
                out.len()
            );
        }
        Ok(out)
    }

    /// The bytes of a contribution: from the local store, else from the node's store (checked
    /// against the on-chain hash and size, then kept locally). `Ok(true)` when fetched.
    pub async fn content(&self, c: &dn::Contribution) -> anyhow::Result<(Vec<u8>, bool)> {
        let hash = Hash::from_slice(&c.content_hash)
            .map_err(|e| anyhow::anyhow!("contribution {}: bad content hash: {e}", c.id))?;
        if let Some(bytes) = self.store.get(&hash)? {
            return Ok((bytes, false));
        }
        let bytes = client::get(&self.grpc, &hash).await.with_context(|| {
            format!(
                "contribution {} ({}) is not in the local content store and the node at {} could not serve it",
                c.id,
                hash.to_hex(),
                self.grpc
            )
        })?;
        if u64::try_from(bytes.len()).ok() != Some(c.size_bytes) {
            bail!(
                "contribution {}: the node served {} bytes, the chain says {}",
                c.id,
                bytes.len(),
                c.size_bytes
            );
        }
        self.store.put(&bytes)?;
        Ok((bytes, true))
    }

    fn index_dir(&self, datanet_id: u64, version: u64) -> PathBuf {
        self.index_root
            .join(datanet_id.to_string())
            .join(version.to_string())
    }

    /// The index of datanet version `(datanet_id, version)`: opened when built before (unless
    /// `rebuild`), else built from the contents (fetched as needed).
    pub async fn index(
        &self,
        datanet_id: u64,
        version: u64,
        rebuild: bool,
    ) -> anyhow::Result<(Index, IndexReport)> {
        let dir = self.index_dir(datanet_id, version);
        if dir.exists() && !rebuild {
            match Index::open(&dir) {
                Ok(index) => {
                    let report = report(&index, false, 0, &dir);
                    return Ok((index, report));
                }
                Err(e) => {
                    crate::output::note(&format!(
                        "rebuilding the index of datanet {datanet_id} version {version}: {e}"
                    ));
                }
            }
        }
        let contributions = self.contributions(datanet_id, version).await?;
        let mut docs = Vec::with_capacity(contributions.len());
        let mut fetched = 0;
        for c in &contributions {
            let (content, was_fetched) = self.content(c).await?;
            fetched += usize::from(was_fetched);
            docs.push(Document {
                contribution_id: c.id,
                datanet_id,
                approval_height: c.curated_height,
                approval_seq: c.approval_seq,
                content,
            });
        }
        if dir.exists() {
            std::fs::remove_dir_all(&dir)
                .with_context(|| format!("cannot remove the old index {}", dir.display()))?;
        }
        if let Some(parent) = dir.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let index = Index::build(&dir, datanet_id, version, docs, threads).with_context(|| {
            format!("cannot build the index of datanet {datanet_id} version {version}")
        })?;
        let report = report(&index, true, fetched, &dir);
        Ok((index, report))
    }

    /// The corpus of a model version: one index per datanet version.
    pub async fn corpus(
        &self,
        data: &ModelData,
        rebuild: bool,
    ) -> anyhow::Result<(Corpus, Vec<IndexReport>)> {
        let mut indexes = Vec::with_capacity(data.datanets.len());
        let mut reports = Vec::with_capacity(data.datanets.len());
        for &(datanet_id, version) in &data.datanets {
            let (index, report) = self.index(datanet_id, version, rebuild).await?;
            indexes.push(Arc::new(index));
            reports.push(report);
        }
        Ok((Corpus::from_shared(indexes), reports))
    }
}

fn report(index: &Index, built: bool, fetched: usize, dir: &Path) -> IndexReport {
    IndexReport {
        datanet_id: index.datanet_id(),
        version: index.version(),
        documents: index.documents(),
        corpus_bytes: index.corpus_bytes(),
        file_bytes: index.file_bytes(),
        built,
        fetched,
        path: dir.display().to_string(),
    }
}
