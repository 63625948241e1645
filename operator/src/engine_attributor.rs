//! The real [`Attributor`]: the attribution engine over each served model version's corpus.
//!
//! At start the gateway loads the corpus of every model version in its configuration (the
//! contents from the local content store, else from the node's; the indexes built once under
//! the home directory and memory-mapped), and reads the chain's current engine params. A task
//! re-reads the params, so a governance change is followed without a restart; the records of
//! an output attributed with old params are refused by the chain and the gateway says so.

use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use anyhow::Context as _;
use openledger_cli::attribute::corpus::{EngineChoice, Source};
use openledger_engine::Corpus;

use crate::chain::{AttributeError, AttributionEntry, AttributionResult, Attributor, Span};
use crate::chain_client::ChainSettings;

/// The engine with the corpora of the served model versions.
pub struct EngineAttributor {
    corpora: BTreeMap<(u64, u64), Corpus>,
    engine: RwLock<EngineChoice>,
}

fn source(settings: &ChainSettings) -> anyhow::Result<Source> {
    let ctx = settings.context();
    Source::new(ctx.rpc()?, &settings.grpc, &settings.home)
}

impl EngineAttributor {
    /// Loads the corpus of each `(model id, version)`.
    pub async fn load(
        settings: &ChainSettings,
        models: &[(u64, u64)],
    ) -> anyhow::Result<EngineAttributor> {
        let src = source(settings)?;
        let engine = src.engine(0).await?;
        engine.check_supported()?;
        let mut corpora = BTreeMap::new();
        for &(model_id, version) in models {
            let data = src.model_data(model_id, version).await?;
            let (corpus, reports) = src.corpus(&data, false).await.with_context(|| {
                format!("cannot load the corpus of model {model_id} version {version}")
            })?;
            for r in &reports {
                tracing::info!(
                    model_id,
                    version,
                    datanet = r.datanet_id,
                    datanet_version = r.version,
                    documents = r.documents,
                    bytes = r.corpus_bytes,
                    built = r.built,
                    "corpus index ready"
                );
            }
            corpora.insert((model_id, data.version), corpus);
        }
        Ok(EngineAttributor {
            corpora,
            engine: RwLock::new(engine),
        })
    }

    /// The engine params in use.
    pub fn engine(&self) -> Option<EngineChoice> {
        self.engine.read().ok().map(|e| e.clone())
    }

    /// Re-reads the chain's current engine params every `interval`.
    pub fn spawn_refresh(self: &Arc<Self>, settings: ChainSettings, interval: Duration) {
        let this = Arc::clone(self);
        tokio::spawn(async move {
            let Ok(src) = source(&settings) else {
                tracing::warn!("cannot follow the chain's engine params: bad settings");
                return;
            };
            loop {
                tokio::time::sleep(interval).await;
                match src.engine(0).await {
                    Ok(next) => {
                        if let Err(e) = next.check_supported() {
                            tracing::error!("{e:#}; keeping engine params {:?}", this.engine());
                            continue;
                        }
                        if let Ok(mut current) = this.engine.write() {
                            if *current != next {
                                tracing::info!(params_id = next.params_id, "engine params changed");
                                *current = next;
                            }
                        }
                    }
                    Err(e) => tracing::warn!("cannot read the engine params: {e:#}"),
                }
            }
        });
    }
}

impl Attributor for EngineAttributor {
    fn attribute(
        &self,
        model_id: u64,
        model_version: u64,
        output: &str,
    ) -> Result<AttributionResult, AttributeError> {
        let corpus =
            self.corpora
                .get(&(model_id, model_version))
                .ok_or(AttributeError::UnknownModel {
                    model_id,
                    model_version,
                })?;
        let engine = self
            .engine
            .read()
            .map_err(|_| AttributeError::Failed("engine params unavailable".into()))?
            .clone();
        let a = openledger_engine::attribute(corpus, output.as_bytes(), &engine.params());
        Ok(AttributionResult {
            engine_version: a.engine_version,
            engine_params_id: engine.params_id,
            entries: a
                .entries
                .iter()
                .map(|e| AttributionEntry {
                    contribution_id: e.contribution_id,
                    weight_ppm: e.weight_ppm,
                })
                .collect(),
            spans: a
                .spans
                .iter()
                .map(|s| Span {
                    start: s.start,
                    len: s.len,
                    contribution_id: s.contribution_id,
                    source_offset: s.source_offset,
                })
                .collect(),
            evidence_hash: a.evidence_hash,
        })
    }
}
