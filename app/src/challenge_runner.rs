//! The node's challenge runner (docs/challenges.md): re-runs the attribution engine
//! (docs/attribution-engine.md) on every open challenge, in the background, and records this
//! node's result in the shared [`ChallengeResults`], from which `ExtendVote` takes the votes.
//!
//! Nothing here runs inside an ABCI call. A round reads the open challenges from the latest
//! committed [`Snapshot`] (an immutable view: no lock the consensus path takes is held while
//! the engine runs) and computes each challenge without a result on a blocking thread, one at
//! a time.
//!
//! Computing one challenge has two steps:
//!
//! 1. [`plan`] reads everything it needs from committed state, through the modules' public read
//!    APIs: the engine params the receipt names, the attribution module's
//!    `max_attribution_entries`, the model version's datanet versions (the highest referenced
//!    version of each datanet) and the approved contributions of each of them (approval
//!    sequence at most the version's contribution count). This is the corpus the CLI's
//!    `attribute run` loads over RPC.
//! 2. [`Corpora::run`] opens the index of each datanet version under
//!    `<index_dir>/<datanet>/<version>`, after checking its document table against the chain
//!    (contribution ids, approval keys, content hashes), or builds it from the contents in the
//!    node's content store, and runs [`openledger_engine::attribute`].
//!
//! A challenge this node cannot compute (a content not in the store yet, an engine version or
//! normalisation this build does not run, any other failure) gets an abstention
//! (`content_missing: true`), recomputed every `challenge_retry_rounds` rounds until it
//! succeeds or the challenge closes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use cosmos_sdk_proto::cosmos::base::query::v1beta1::PageRequest;
use openledger_attribution::proto::{AttributionEntry, ChallengeVote};
use openledger_attribution::AttributionRead;
use openledger_content::{Hash, Store};
use openledger_datanets::proto as dpb;
use openledger_datanets::{ContributionStatus, DatanetsRead, MAX_PAGE_LIMIT};
use openledger_engine::{ApprovalKey, Corpus, Document, Index};
use openledger_framework::StateRead;
use openledger_models::ModelsRead;

use crate::challenge_results::ChallengeResults;
use crate::config::AppConfig;
use crate::store::{Snapshot, Storage};

/// Open challenges read per round at most: more than the chain keeps open at once (the
/// attribution module's `max_open_challenges` is at most 1000).
pub const OPEN_CHALLENGES_PER_ROUND: usize = 10_000;

/// Missing contributions named in an abstention's log line at most.
const MISSING_LOGGED: usize = 10;

/// What the runner needs of a challenge: the receipt's model version and engine params, and
/// the output the receipt is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChallengeInput {
    pub id: u64,
    pub model_id: u64,
    pub model_version: u64,
    pub engine_params_id: u64,
    pub output: Vec<u8>,
}

impl From<openledger_attribution::OpenChallenge> for ChallengeInput {
    fn from(c: openledger_attribution::OpenChallenge) -> Self {
        ChallengeInput {
            id: c.id,
            model_id: c.model_id,
            model_version: c.model_version,
            engine_params_id: c.engine_params_id,
            output: c.output,
        }
    }
}

/// One contribution of a corpus, as the chain records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedContribution {
    pub id: u64,
    pub content_hash: [u8; 32],
    pub size_bytes: u64,
    /// The contribution's `curated_height`.
    pub approval_height: u64,
    pub approval_seq: u64,
}

/// One datanet version of a corpus: its contributions in approval order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatanetVersionPlan {
    pub datanet_id: u64,
    pub version: u64,
    pub contributions: Vec<PlannedContribution>,
}

/// Everything a challenge's computation reads from the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusPlan {
    pub params: openledger_engine::Params,
    /// By datanet id.
    pub datanets: Vec<DatanetVersionPlan>,
}

/// Why this node abstains on a challenge.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Abstention {
    /// Contents of these contributions are not (yet) in the content store.
    #[error("{} contents not in the content store", .0.len())]
    ContentMissing(Vec<u64>),
    /// The receipt names an engine this build does not run.
    #[error("{0}")]
    UnsupportedEngine(String),
    /// Chain state, the store or an index could not be read or written.
    #[error("{0}")]
    Failed(String),
}

/// How one index was obtained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexUse {
    pub datanet_id: u64,
    pub version: u64,
    pub documents: usize,
    /// Built by this computation (false: opened from disk).
    pub built: bool,
}

/// The result of one computation.
#[derive(Debug, Clone, PartialEq)]
pub struct Computed {
    /// What goes into the vote extension.
    pub vote: ChallengeVote,
    /// Why the vote is an abstention (`vote.content_missing`), if it is one.
    pub abstention: Option<Abstention>,
    /// The indexes used, by datanet id (those reached before an abstention).
    pub indexes: Vec<IndexUse>,
}

fn failed(what: impl std::fmt::Display) -> Abstention {
    Abstention::Failed(what.to_string())
}

/// Reads the corpus and engine parameters of a challenge from committed state.
pub fn plan(state: &dyn StateRead, c: &ChallengeInput) -> Result<CorpusPlan, Abstention> {
    let engine = state
        .engine_params_record(c.engine_params_id)
        .map_err(failed)?
        .ok_or_else(|| failed(format!("no engine params with id {}", c.engine_params_id)))?;
    if engine.version != openledger_engine::ENGINE_VERSION {
        return Err(Abstention::UnsupportedEngine(format!(
            "engine params {} name engine version {}; this build runs version {}",
            c.engine_params_id,
            engine.version,
            openledger_engine::ENGINE_VERSION
        )));
    }
    if engine.normalization != openledger_engine::NORMALIZATION_NFC {
        return Err(Abstention::UnsupportedEngine(format!(
            "engine params {} name normalisation {:?}; this build runs {:?}",
            c.engine_params_id,
            engine.normalization,
            openledger_engine::NORMALIZATION_NFC
        )));
    }
    let max_entries = state
        .attribution_params()
        .map_err(failed)?
        .max_attribution_entries;

    let version = state
        .model_version(c.model_id, c.model_version)
        .map_err(failed)?
        .ok_or_else(|| {
            failed(format!(
                "model {} has no version {}",
                c.model_id, c.model_version
            ))
        })?;
    // versions of one datanet nest: the highest referenced one is the datanet's part
    let mut highest: BTreeMap<u64, u64> = BTreeMap::new();
    for r in &version.datanet_versions {
        let v = highest.entry(r.datanet_id).or_default();
        *v = (*v).max(r.version);
    }
    let mut datanets = Vec::with_capacity(highest.len());
    for (datanet_id, version) in highest {
        datanets.push(DatanetVersionPlan {
            datanet_id,
            version,
            contributions: version_contributions(state, datanet_id, version)?,
        });
    }
    Ok(CorpusPlan {
        params: openledger_engine::Params {
            min_span: engine.min_span,
            max_entries,
        },
        datanets,
    })
}

/// The approved contributions of datanet version `(datanet_id, number)` (approval sequence at
/// most its contribution count), in approval order, a page of the datanets query at a time.
fn version_contributions(
    state: &dyn StateRead,
    datanet_id: u64,
    number: u64,
) -> Result<Vec<PlannedContribution>, Abstention> {
    let v = state
        .version(datanet_id, number)
        .map_err(failed)?
        .ok_or_else(|| failed(format!("datanet {datanet_id} has no version {number}")))?;
    let count = v.contribution_count;
    let mut out = Vec::new();
    let mut key = Vec::new();
    'pages: loop {
        let page = openledger_datanets::query_contributions_by_datanet(
            &state,
            &dpb::QueryContributionsByDatanetRequest {
                datanet_id,
                status: ContributionStatus::Approved.to_proto(),
                pagination: Some(PageRequest {
                    key: std::mem::take(&mut key),
                    limit: MAX_PAGE_LIMIT,
                    ..Default::default()
                }),
            },
        )
        .map_err(failed)?;
        for p in &page.contributions {
            // pages are by contribution id, and no member's id is above the version's maximum
            if p.id > v.max_contribution_id {
                break 'pages;
            }
            if p.approval_seq == 0 || p.approval_seq > count {
                continue;
            }
            let content_hash: [u8; 32] = p.content_hash.as_slice().try_into().map_err(|_| {
                failed(format!(
                    "contribution {} records a content hash of {} bytes",
                    p.id,
                    p.content_hash.len()
                ))
            })?;
            out.push(PlannedContribution {
                id: p.id,
                content_hash,
                size_bytes: p.size_bytes,
                approval_height: p.curated_height,
                approval_seq: p.approval_seq,
            });
        }
        match page.pagination {
            Some(p) if !p.next_key.is_empty() => key = p.next_key,
            _ => break,
        }
    }
    out.sort_by_key(|c| c.approval_seq);
    if u64::try_from(out.len()).ok() != Some(count) {
        return Err(failed(format!(
            "datanet {datanet_id} version {number} holds {count} contributions, {} were found",
            out.len()
        )));
    }
    Ok(out)
}

/// The node's contents and indexes: what [`plan`]s are computed over.
pub struct Corpora {
    store: Arc<Store>,
    index_root: PathBuf,
    threads: usize,
}

impl Corpora {
    /// `index_root` holds one index per datanet version, `<datanet>/<version>`; `threads`
    /// parallelise index builds (0: one per core).
    pub fn new(store: Arc<Store>, index_root: PathBuf, threads: usize) -> Self {
        let threads = match threads {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        };
        Corpora {
            store,
            index_root,
            threads,
        }
    }

    pub fn store(&self) -> &Arc<Store> {
        &self.store
    }

    pub fn index_root(&self) -> &Path {
        &self.index_root
    }

    /// The directory of the index of datanet version `(datanet_id, version)`.
    pub fn index_dir(&self, datanet_id: u64, version: u64) -> PathBuf {
        self.index_root
            .join(datanet_id.to_string())
            .join(version.to_string())
    }

    /// This node's vote on a challenge, over the given committed state. Blocking: reads state,
    /// the content store and index files, and may build indexes.
    pub fn compute(&self, state: &dyn StateRead, c: &ChallengeInput) -> Computed {
        let mut indexes = Vec::new();
        let result = plan(state, c).and_then(|plan| self.run(&plan, &c.output, &mut indexes));
        match result {
            Ok(entries) => Computed {
                vote: ChallengeVote {
                    challenge_id: c.id,
                    content_missing: false,
                    entries,
                },
                abstention: None,
                indexes,
            },
            Err(a) => Computed {
                vote: ChallengeVote {
                    challenge_id: c.id,
                    content_missing: true,
                    entries: Vec::new(),
                },
                abstention: Some(a),
                indexes,
            },
        }
    }

    /// The engine's entries for `output` over the corpus of `plan`, by contribution id.
    pub fn run(
        &self,
        plan: &CorpusPlan,
        output: &[u8],
        used: &mut Vec<IndexUse>,
    ) -> Result<Vec<AttributionEntry>, Abstention> {
        let mut indexes = Vec::with_capacity(plan.datanets.len());
        let mut missing = Vec::new();
        for d in &plan.datanets {
            match self.index(d)? {
                Loaded::Index(index, built) => {
                    used.push(IndexUse {
                        datanet_id: d.datanet_id,
                        version: d.version,
                        documents: index.documents(),
                        built,
                    });
                    indexes.push(*index);
                }
                Loaded::Missing(ids) => missing.extend(ids),
            }
        }
        if !missing.is_empty() {
            missing.sort_unstable();
            return Err(Abstention::ContentMissing(missing));
        }
        let attribution = openledger_engine::attribute(&Corpus::new(indexes), output, &plan.params);
        let mut entries: Vec<AttributionEntry> = attribution
            .entries
            .iter()
            .map(|e| AttributionEntry {
                contribution_id: e.contribution_id,
                weight_ppm: e.weight_ppm,
            })
            .collect();
        entries.sort_by_key(|e| e.contribution_id);
        Ok(entries)
    }

    /// The index of one datanet version: opened when one is on disk and matches the chain,
    /// else built from the content store.
    fn index(&self, d: &DatanetVersionPlan) -> Result<Loaded, Abstention> {
        let dir = self.index_dir(d.datanet_id, d.version);
        if dir.exists() {
            match Index::open(&dir) {
                Ok(index) => match mismatch(&index, d) {
                    None => return Ok(Loaded::Index(Box::new(index), false)),
                    Some(why) => tracing::warn!(
                        datanet = d.datanet_id,
                        version = d.version,
                        dir = %dir.display(),
                        "challenge runner: rebuilding an index that does not match the chain: {why}"
                    ),
                },
                Err(e) => tracing::warn!(
                    datanet = d.datanet_id,
                    version = d.version,
                    "challenge runner: rebuilding an index that does not open: {e}"
                ),
            }
        }

        // every content first by metadata, so a missing one is found without reading the rest
        let mut missing = Vec::new();
        for c in &d.contributions {
            if self.store.len_of(&Hash(c.content_hash)).map_err(failed)? != Some(c.size_bytes) {
                missing.push(c.id);
            }
        }
        if !missing.is_empty() {
            return Ok(Loaded::Missing(missing));
        }
        let mut docs = Vec::with_capacity(d.contributions.len());
        for c in &d.contributions {
            // `get` re-hashes: a corrupted file is quarantined and counts as missing
            match self.store.get(&Hash(c.content_hash)).map_err(failed)? {
                Some(content) if u64::try_from(content.len()).ok() == Some(c.size_bytes) => {
                    docs.push(Document {
                        contribution_id: c.id,
                        datanet_id: d.datanet_id,
                        approval_height: c.approval_height,
                        approval_seq: c.approval_seq,
                        content,
                    });
                }
                _ => missing.push(c.id),
            }
        }
        if !missing.is_empty() {
            return Ok(Loaded::Missing(missing));
        }

        if dir.exists() {
            std::fs::remove_dir_all(&dir)
                .map_err(|e| failed(format!("cannot remove {}: {e}", dir.display())))?;
        }
        if let Some(parent) = dir.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| failed(format!("cannot create {}: {e}", parent.display())))?;
            remove_stale_temporaries(parent, d.version);
        }
        let started = now();
        let index =
            Index::build(&dir, d.datanet_id, d.version, docs, self.threads).map_err(|e| {
                failed(format!(
                    "cannot build the index of datanet {} version {}: {e}",
                    d.datanet_id, d.version
                ))
            })?;
        tracing::info!(
            datanet = d.datanet_id,
            version = d.version,
            documents = index.documents(),
            corpus_bytes = index.corpus_bytes(),
            ms = started.elapsed().as_millis() as u64,
            "challenge runner: index built"
        );
        Ok(Loaded::Index(Box::new(index), true))
    }
}

/// Wall-clock time for log lines only: the runner is not consensus code, and what it computes
/// depends on committed state alone.
#[allow(clippy::disallowed_methods)]
fn now() -> Instant {
    Instant::now()
}

/// An index, or the contributions whose contents it needs and the store does not hold.
enum Loaded {
    /// The index, and whether it was built now.
    Index(Box<Index>, bool),
    Missing(Vec<u64>),
}

/// Why an index on disk is not the one of this datanet version, if it is not: its document
/// table must list exactly the version's contributions with their approval keys and hashes.
fn mismatch(index: &Index, d: &DatanetVersionPlan) -> Option<String> {
    if index.datanet_id() != d.datanet_id || index.version() != d.version {
        return Some(format!(
            "it is the index of datanet {} version {}",
            index.datanet_id(),
            index.version()
        ));
    }
    let infos = index.document_infos();
    if infos.len() != d.contributions.len() {
        return Some(format!(
            "it holds {} documents, the version {}",
            infos.len(),
            d.contributions.len()
        ));
    }
    let mut expected: Vec<(ApprovalKey, [u8; 32])> = d
        .contributions
        .iter()
        .map(|c| {
            (
                ApprovalKey {
                    approval_height: c.approval_height,
                    datanet_id: d.datanet_id,
                    approval_seq: c.approval_seq,
                    contribution_id: c.id,
                },
                c.content_hash,
            )
        })
        .collect();
    expected.sort();
    for (info, (key, hash)) in infos.iter().zip(&expected) {
        if info.key != *key || info.raw_sha256 != *hash {
            return Some(format!(
                "its document of contribution {} differs from the chain's contribution {}",
                info.key.contribution_id, key.contribution_id
            ));
        }
    }
    None
}

/// Temporary directories a build of `version` left behind when the node stopped during it
/// (`Index::build` writes `.<version>.tmp-<pid>-<n>` and renames it into place).
fn remove_stale_temporaries(parent: &Path, version: u64) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let prefix = format!(".{version}.tmp-");
    for entry in entries.flatten() {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with(&prefix) {
            let path = entry.path();
            match std::fs::remove_dir_all(&path) {
                Ok(()) => {
                    tracing::info!(dir = %path.display(), "challenge runner: removed an unfinished index build")
                }
                Err(e) => {
                    tracing::warn!(dir = %path.display(), "challenge runner: cannot remove an unfinished index build: {e}")
                }
            }
        }
    }
}

/// What one round did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoundReport {
    /// Challenges open in the state the round read.
    pub open: usize,
    /// Challenges computed (or recomputed) this round.
    pub computed: usize,
    /// Of those, abstentions.
    pub abstained: usize,
}

/// The background task: a round every poll interval.
pub struct ChallengeRunner {
    storage: Storage,
    corpora: Arc<Corpora>,
    results: ChallengeResults,
    interval: Duration,
    retry_rounds: u64,
    round: u64,
    /// Challenges with an abstention: the round from which they are recomputed.
    retry_at: BTreeMap<u64, u64>,
}

impl ChallengeRunner {
    /// A runner over the committed state of `storage`, writing to `results`; a round every
    /// `interval` (none when it is zero), an abstention recomputed after `retry_rounds` rounds.
    pub fn new(
        storage: Storage,
        corpora: Arc<Corpora>,
        results: ChallengeResults,
        interval: Duration,
        retry_rounds: u64,
    ) -> Self {
        ChallengeRunner {
            storage,
            corpora,
            results,
            interval,
            retry_rounds: retry_rounds.max(1),
            round: 0,
            retry_at: BTreeMap::new(),
        }
    }

    /// The runner of a node: indexes under [`AppConfig::index_dir`], the node's content store,
    /// the configured poll interval and retry rounds.
    pub fn from_config(
        home: &Path,
        cfg: &AppConfig,
        storage: Storage,
        store: Arc<Store>,
        results: ChallengeResults,
    ) -> Self {
        let corpora = Corpora::new(store, cfg.index_dir(home), cfg.index_build_threads);
        ChallengeRunner::new(
            storage,
            Arc::new(corpora),
            results,
            Duration::from_millis(cfg.challenge_poll_interval_ms),
            cfg.challenge_retry_rounds,
        )
    }

    pub fn corpora(&self) -> &Arc<Corpora> {
        &self.corpora
    }

    /// Rounds until the task is dropped; returns at once when the interval is zero.
    pub async fn run(mut self) {
        if self.interval.is_zero() {
            tracing::info!("challenge runner off (challenge_poll_interval_ms = 0)");
            return;
        }
        tracing::info!(
            interval_ms = self.interval.as_millis() as u64,
            index_dir = %self.corpora.index_root().display(),
            "challenge runner started"
        );
        let mut tick = tokio::time::interval(self.interval);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            self.round().await;
        }
    }

    /// One round over the latest committed state.
    pub async fn round(&mut self) -> RoundReport {
        let snapshot = self.storage.latest_snapshot();
        let read = snapshot.clone();
        let open = tokio::task::spawn_blocking(move || open_challenges(&read)).await;
        match open {
            Ok(Ok(open)) => self.process(snapshot, open).await,
            Ok(Err(e)) => {
                tracing::warn!(
                    height = snapshot.height(),
                    "challenge runner: cannot read the open challenges: {e}"
                );
                RoundReport::default()
            }
            Err(e) => {
                tracing::error!("challenge runner: reading the open challenges failed: {e}");
                RoundReport::default()
            }
        }
    }

    /// One round over these open challenges of `snapshot`: forgets the results of closed
    /// challenges and computes, one at a time on a blocking thread, those without a result
    /// and the abstentions due for a retry.
    pub async fn process(&mut self, snapshot: Snapshot, open: Vec<ChallengeInput>) -> RoundReport {
        let round = self.round;
        self.round = self.round.saturating_add(1);
        let ids: BTreeSet<u64> = open.iter().map(|c| c.id).collect();
        self.results.retain_open(&ids);
        self.retry_at.retain(|id, _| ids.contains(id));
        let mut report = RoundReport {
            open: open.len(),
            ..RoundReport::default()
        };
        for c in open {
            let due = match self.retry_at.get(&c.id) {
                Some(&at) => at <= round,
                None => !self.results.contains(c.id),
            };
            if !due {
                continue;
            }
            let started = now();
            let corpora = self.corpora.clone();
            let state = snapshot.clone();
            let id = c.id;
            let computed = tokio::task::spawn_blocking(move || corpora.compute(&state, &c)).await;
            let computed = match computed {
                Ok(computed) => computed,
                Err(e) => {
                    tracing::error!(
                        challenge = id,
                        "challenge runner: the computation failed: {e}"
                    );
                    Computed {
                        vote: ChallengeVote {
                            challenge_id: id,
                            content_missing: true,
                            entries: Vec::new(),
                        },
                        abstention: Some(failed(e)),
                        indexes: Vec::new(),
                    }
                }
            };
            let ms = started.elapsed().as_millis() as u64;
            report.computed += 1;
            match &computed.abstention {
                None => {
                    self.retry_at.remove(&id);
                    tracing::info!(
                        challenge = id,
                        height = snapshot.height(),
                        entries = computed.vote.entries.len(),
                        indexes_built = computed.indexes.iter().filter(|i| i.built).count(),
                        ms,
                        "challenge computed"
                    );
                }
                Some(a) => {
                    report.abstained += 1;
                    let retry = round.saturating_add(self.retry_rounds);
                    self.retry_at.insert(id, retry);
                    match a {
                        Abstention::ContentMissing(missing) => tracing::warn!(
                            challenge = id,
                            missing = missing.len(),
                            first = ?missing.iter().take(MISSING_LOGGED).collect::<Vec<_>>(),
                            retry_in_rounds = self.retry_rounds,
                            "challenge abstained: contents not in the content store yet"
                        ),
                        a => tracing::error!(
                            challenge = id,
                            retry_in_rounds = self.retry_rounds,
                            "challenge abstained: {a}"
                        ),
                    }
                }
            }
            self.results.insert(computed.vote);
        }
        report
    }
}

/// The open challenges of committed state, by ascending id.
pub fn open_challenges(state: &Snapshot) -> Result<Vec<ChallengeInput>, String> {
    let open = crate::modules::attribution::open_challenges(state, OPEN_CHALLENGES_PER_ROUND)
        .map_err(|e| e.to_string())?;
    Ok(open.into_iter().map(ChallengeInput::from).collect())
}
