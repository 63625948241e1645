//! The consensus state machine. It owns the block's state fork; the ABCI layer only converts
//! requests and responses. Nothing is written to disk before [`App::commit`].

use borsh::{BorshDeserialize, BorshSerialize};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use openledger_framework::{
    BlockCtx, Changes, Event, Misbehavior, StateDelta, StateReadExt, StateWriteExt,
    ValidatorUpdate, VoteInfo,
};
use thiserror::Error;
use tracing::{debug, info, instrument, warn};

use tendermint_proto::v0_38::abci::{CommitInfo, ExtendedCommitInfo};

use crate::abci::vote_extension::{self as ve, ConsensusKeys, SignCtx};
use crate::block;
use crate::challenge_results::ChallengeResults;
use crate::check::{CheckState, Checker};
use crate::genesis::{AppGenesis, GenesisError};
use crate::store::{PreparedCommit, Snapshot, Storage, StoreError};
use crate::tx::execute::LocalPolicy;
use crate::tx::{execute_tx_cached, ExecMode, SigCache, TxError, TxOutcome};

/// Keys of the app's own (non-verifiable) settings.
pub mod keys {
    pub fn chain_id() -> Vec<u8> {
        b"app/chain_id".to_vec()
    }
    pub fn block_params() -> Vec<u8> {
        b"app/block_params".to_vec()
    }
    /// The time of the last committed block, as borsh `(unix seconds, nanoseconds)`: CheckTx
    /// and Simulate run at that time. Written by every block; not part of the app hash.
    pub fn last_block_time() -> Vec<u8> {
        b"app/last_block_time".to_vec()
    }
}

/// Block limits from the consensus params (-1 = no limit, as in CometBFT).
#[derive(Debug, Clone, Copy, PartialEq, Eq, BorshSerialize, BorshDeserialize)]
pub struct BlockParams {
    pub max_bytes: i64,
    pub max_gas: i64,
}

impl Default for BlockParams {
    fn default() -> Self {
        BlockParams {
            max_bytes: 22_020_096,
            max_gas: -1,
        }
    }
}

#[derive(Debug, Error)]
pub enum AppError {
    #[error("store: {0}")]
    Store(#[from] StoreError),
    #[error("genesis: {0}")]
    Genesis(#[from] GenesisError),
    #[error("state: {0}")]
    State(#[from] openledger_framework::StateError),
    #[error("transaction execution failed inside the node: {0}")]
    Internal(TxError),
    #[error("{0}")]
    Protocol(String),
    /// The block is at an upgrade this binary cannot run (see [`crate::modules::upgrade`]).
    #[error("{0}")]
    Upgrade(Box<crate::modules::upgrade::Halt>),
}

/// What the block header and CometBFT tell the app about consensus, besides the txs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BlockInput {
    /// The last commit: who was in the set and who signed.
    pub votes: Vec<VoteInfo>,
    /// Evidence of misbehaviour decided in this block.
    pub misbehavior: Vec<Misbehavior>,
    /// The last commit as CometBFT sent it, for the vote extensions.
    pub last_commit: LastCommit,
    /// The header's hash of the validator set of the next block (what a light client of this
    /// chain trusts next; IBC keeps it with our own consensus state of each height).
    pub next_validators_hash: Vec<u8>,
}

/// The last commit of a block in CometBFT's own form (v0.38 protobuf).
#[derive(Debug, Clone, Default, PartialEq)]
pub enum LastCommit {
    /// Not given (height 1, or a test).
    #[default]
    None,
    /// PrepareProposal's `local_last_commit`, with the vote extensions and their signatures.
    Extended(ExtendedCommitInfo),
    /// ProcessProposal's `proposed_last_commit` or FinalizeBlock's `decided_last_commit`.
    Decided(CommitInfo),
}

// Every field of both messages (bytes, integers, flags) has a total equality.
impl Eq for LastCommit {}

/// A block executed on a fork, ready to be committed.
#[derive(Debug, Clone)]
pub struct ExecutedBlock {
    pub height: u64,
    pub hash: Vec<u8>,
    /// The consensus input it ran with: a cached execution is reused only for the same input.
    pub input: BlockInput,
    /// The block time it ran at.
    pub time: tendermint::Time,
    pub outcomes: Vec<TxOutcome>,
    pub changes: Changes,
    /// Events of the block itself (reward allocation, slashing, queues, governance).
    pub events: Vec<Event>,
    pub validator_updates: Vec<ValidatorUpdate>,
}

/// The result of FinalizeBlock.
#[derive(Debug, Clone)]
pub struct FinalizedBlock {
    pub outcomes: Vec<TxOutcome>,
    pub events: Vec<Event>,
    pub validator_updates: Vec<ValidatorUpdate>,
    pub app_hash: [u8; 32],
}

/// Verified signatures remembered (about 100 bytes each).
const SIG_CACHE_CAPACITY: usize = 200_000;

pub struct App {
    storage: Storage,
    local: LocalPolicy,
    chain_id: String,
    block_params: BlockParams,
    /// InitChain's writes, applied under the first block and committed with it.
    genesis: Option<Changes>,
    /// The last proposal executed by ProcessProposal, reused by FinalizeBlock if it is the same.
    processed: Option<ExecutedBlock>,
    /// FinalizeBlock's result, waiting for Commit.
    pending: Option<(ExecutedBlock, PreparedCommit)>,
    /// CheckTx's state behind its own lock (committed state plus the txs accepted into the
    /// mempool since, the last block time), shared with the mempool service.
    checker: Checker,
    /// Signatures verified in CheckTx, reused when the tx arrives in a block.
    sig_cache: Arc<SigCache>,
    /// Verify a block's uncached signatures on every core before executing it (on by default).
    parallel_verify: bool,
    /// Transactions executed by PrepareProposal, ProcessProposal and FinalizeBlock since start
    /// (a counter for tests and metrics; never part of the state).
    txs_executed: AtomicU64,
    /// The node home: where a halt at an upgrade writes `data/upgrade-info.json`.
    home: Option<std::path::PathBuf>,
}

/// Why a proposal is rejected (see [`App::process_proposal`]).
enum Verdict {
    Accept(Box<ExecutedBlock>),
    Reject(String),
}

/// A `(unix seconds, nanoseconds)` pair as stored under [`keys::last_block_time`].
pub fn time_parts(time: tendermint::Time) -> (i64, u32) {
    let nanos = time.unix_timestamp_nanos();
    (
        i64::try_from(nanos.div_euclid(1_000_000_000)).unwrap_or(0),
        u32::try_from(nanos.rem_euclid(1_000_000_000)).unwrap_or(0),
    )
}

/// The inverse of [`time_parts`]; the Unix epoch for an out-of-range value.
pub fn time_from_parts((secs, nanos): (i64, u32)) -> tendermint::Time {
    tendermint::Time::from_unix_timestamp(secs, nanos)
        .unwrap_or_else(|_| tendermint::Time::unix_epoch())
}

pub fn block_ctx(chain_id: &str, height: u64, time: tendermint::Time) -> BlockCtx {
    let nanos = time.unix_timestamp_nanos();
    BlockCtx {
        chain_id: chain_id.to_string(),
        height,
        time_unix_secs: i64::try_from(nanos.div_euclid(1_000_000_000)).unwrap_or(0),
        time_nanos: u32::try_from(nanos.rem_euclid(1_000_000_000)).unwrap_or(0),
    }
}

impl App {
    pub fn new(storage: Storage, local: LocalPolicy) -> Result<Self, AppError> {
        let snapshot = storage.latest_snapshot();
        let chain_id: String = snapshot
            .nonverifiable_get_borsh(&keys::chain_id())?
            .unwrap_or_default();
        let block_params: BlockParams = snapshot
            .nonverifiable_get_borsh(&keys::block_params())?
            .unwrap_or_default();
        let last_block_time = snapshot
            .nonverifiable_get_borsh::<(i64, u32)>(&keys::last_block_time())?
            .map(time_from_parts)
            .unwrap_or_else(tendermint::Time::unix_epoch);
        let next_height = storage
            .latest()
            .map(|c| c.height.saturating_add(1))
            .unwrap_or(1);
        let sig_cache = Arc::new(SigCache::new(SIG_CACHE_CAPACITY));
        let checker = Checker::new(CheckState::new(
            snapshot,
            chain_id.clone(),
            block_params,
            local,
            last_block_time,
            next_height,
            sig_cache.clone(),
        ));
        Ok(App {
            checker,
            storage,
            local,
            chain_id,
            block_params,
            genesis: None,
            processed: None,
            pending: None,
            sig_cache,
            parallel_verify: true,
            txs_executed: AtomicU64::new(0),
            home: None,
        })
    }

    /// The block limits in force (from InitChain's consensus params).
    pub fn block_params(&self) -> BlockParams {
        self.block_params
    }

    /// Transactions executed in PrepareProposal, ProcessProposal and FinalizeBlock since the
    /// app started (CheckTx not counted).
    pub fn txs_executed(&self) -> u64 {
        self.txs_executed.load(Ordering::Relaxed)
    }

    /// The node home, where a halt at an upgrade writes `data/upgrade-info.json` for
    /// cosmovisor (unset in tests: nothing is written).
    pub fn set_home(&mut self, home: std::path::PathBuf) {
        self.home = Some(home);
    }

    /// Whether a block's signatures not in the cache are verified on every core before its
    /// txs execute in order (the default), or one by one as each tx runs. Results are the same
    /// either way; benchmarks and tests compare the two.
    pub fn set_parallel_verify(&mut self, on: bool) {
        self.parallel_verify = on;
    }

    /// The genesis time (InitChain's `time`): CheckTx's block time until the first block.
    pub fn set_genesis_time(&mut self, time: tendermint::Time) {
        if self.storage.latest().is_none() {
            if let Err(e) = self.checker.set_last_block_time(time) {
                warn!(error = %e, "cannot set CheckTx's block time");
            }
        }
    }

    /// The context CheckTx runs in: the next height at the last committed block's time, as
    /// the SDK's check state (the next block's own time is not known yet).
    pub fn check_ctx(&self) -> BlockCtx {
        self.checker.ctx().unwrap_or_else(|_| {
            block_ctx(
                &self.chain_id,
                self.next_height(),
                tendermint::Time::unix_epoch(),
            )
        })
    }

    /// CheckTx's side of the app, for the mempool service: it has its own lock, so CheckTx
    /// never waits for a block being executed.
    pub fn checker(&self) -> Checker {
        self.checker.clone()
    }

    /// Become `rebuilt` (an app built anew on a restored store), keeping the check state
    /// handle the mempool service holds, now pointing at the restored state.
    pub fn replace(&mut self, mut rebuilt: App) {
        if let Err(e) = self.checker.replace(&rebuilt.checker) {
            warn!(error = %e, "cannot reset the check state to the restored state");
        }
        rebuilt.checker = self.checker.clone();
        *self = rebuilt;
    }

    /// The block gas limit, `None` when unlimited (a negative `max_gas`, as in CometBFT).
    fn max_gas(&self) -> Option<u64> {
        u64::try_from(self.block_params.max_gas).ok()
    }

    fn execute_counted<B: openledger_framework::StateRead>(
        &self,
        state: &mut StateDelta<B>,
        ctx: &BlockCtx,
        tx: &[u8],
    ) -> Result<TxOutcome, AppError> {
        self.txs_executed.fetch_add(1, Ordering::Relaxed);
        execute_tx_cached(
            state,
            ctx,
            tx,
            ExecMode::Finalize,
            self.local,
            Some(self.sig_cache.as_ref()),
        )
        .map_err(AppError::Internal)
    }

    pub fn storage(&self) -> &Storage {
        &self.storage
    }

    pub fn chain_id(&self) -> &str {
        &self.chain_id
    }

    /// Height and app hash of the last commit (0 and empty on a fresh node).
    pub fn info(&self) -> (u64, Vec<u8>) {
        match self.storage.latest() {
            Some(c) => (c.height, c.app_hash.to_vec()),
            None => (0, Vec::new()),
        }
    }

    /// The state a new block builds on: committed state plus uncommitted genesis.
    fn block_base(&self) -> StateDelta<Snapshot> {
        StateDelta::with_changes(
            self.storage.latest_snapshot(),
            self.genesis.clone().unwrap_or_default(),
        )
    }

    /// Apply genesis. Idempotent: nothing persists before the first Commit, so a repeated
    /// InitChain after a crash starts again from the same empty state.
    #[instrument(skip(self, app_state))]
    pub fn init_chain(
        &mut self,
        chain_id: &str,
        app_state: &[u8],
        // The genesis writes are committed with the first block, whatever its height.
        _initial_height: u64,
        block: BlockParams,
    ) -> Result<([u8; 32], Vec<ValidatorUpdate>), AppError> {
        if let Some(c) = self.storage.latest() {
            return Err(AppError::Protocol(format!(
                "InitChain on a store already at height {}",
                c.height
            )));
        }
        let changes = {
            let genesis = AppGenesis::from_json(app_state)?;
            genesis.build(self.storage.latest_snapshot(), chain_id, block)?
        };
        // Read through an overlay that is taken apart again: no copy of the genesis writes.
        let state = StateDelta::with_changes(self.storage.latest_snapshot(), changes);
        let validators = block::genesis_validators(&state)?;
        let (_, changes) = state.into_parts();
        // The root jmt would give the genesis writes on this fresh store, computed without
        // building the trees; the first block rebuilds and commits them anyway.
        let app_hash = Storage::fresh_app_hash(&changes)?;
        self.chain_id = chain_id.to_string();
        self.block_params = block;
        self.checker.reset_to_genesis(
            self.storage.latest_snapshot(),
            changes.clone(),
            chain_id,
            block,
        )?;
        self.genesis = Some(changes);
        info!(
            chain_id,
            validators = validators.len(),
            app_hash = %hex::encode(app_hash),
            "genesis applied"
        );
        Ok((app_hash, validators))
    }

    /// CheckTx (see [`Checker::check_tx`]): the mempool service calls the checker directly,
    /// without this app's lock.
    pub fn check_tx(&mut self, bytes: &[u8]) -> Result<TxOutcome, AppError> {
        self.checker.check_tx(bytes)
    }

    fn next_height(&self) -> u64 {
        self.storage
            .latest()
            .map(|c| c.height.saturating_add(1))
            .unwrap_or(1)
    }

    /// Execute txs on a fork of the block base. An injected commit (`txs[0]` starting with
    /// the magic) is not run as a transaction: its votes settle challenges after the begin
    /// blockers and before the first transaction, and its result is an empty success.
    fn execute_block(
        &self,
        height: u64,
        hash: Vec<u8>,
        time: tendermint::Time,
        txs: &[bytes::Bytes],
        input: &BlockInput,
    ) -> Result<ExecutedBlock, AppError> {
        match self.run_block(height, hash, time, txs, input, false)? {
            Verdict::Accept(b) => Ok(*b),
            // not reached: without `validate` every tx is executed
            Verdict::Reject(e) => Err(AppError::Protocol(e)),
        }
    }

    /// [`App::execute_block`]; with `validate` (ProcessProposal) it stops at the first tx
    /// that fails decoding or the ante steps, or that takes the block over its gas limit,
    /// without executing the rest.
    fn run_block(
        &self,
        height: u64,
        hash: Vec<u8>,
        time: tendermint::Time,
        txs: &[bytes::Bytes],
        input: &BlockInput,
        validate: bool,
    ) -> Result<Verdict, AppError> {
        let ctx = block_ctx(&self.chain_id, height, time);
        let max_gas = self.max_gas();
        let mut gas_wanted = 0u64;
        let mut state = self.block_base();
        block::begin_block(&mut state, &ctx, input, &self.info().1)?;
        let mut outcomes = Vec::with_capacity(txs.len());
        let mut rest = txs;
        if let Some((first, others)) = txs.split_first() {
            if ve::is_injection(first) {
                // ProcessProposal accepted it, so it decodes; if it did not (a block decided
                // by a faulty majority), nothing is settled, the same way on every node.
                if let Ok(commit) = ve::decode_injection(first) {
                    block::settle_challenges(&mut state, &ctx, &commit)?;
                }
                outcomes.push(injection_outcome(first));
                rest = others;
            }
        }
        let mut events = state.take_events();
        // fills the signature cache on every core; execution below stays in order
        if self.parallel_verify {
            crate::tx::preverify::preverify(&state, &self.chain_id, rest, &self.sig_cache);
        }
        for (i, tx) in rest.iter().enumerate() {
            let outcome = self.execute_counted(&mut state, &ctx, tx)?;
            if validate {
                let index = i + (txs.len() - rest.len());
                if !outcome.ante_passed {
                    return Ok(Verdict::Reject(format!(
                        "tx {index} fails decoding or ante"
                    )));
                }
                gas_wanted = gas_wanted.saturating_add(outcome.gas_wanted);
                if let Some(max) = max_gas.filter(|max| gas_wanted > *max) {
                    return Ok(Verdict::Reject(format!(
                        "txs up to {index} want {gas_wanted} gas, over the block gas limit {max}"
                    )));
                }
            }
            outcomes.push(outcome);
        }
        let validator_updates = block::end_block(&mut state, &ctx)?;
        events.append(&mut state.take_events());
        state.nonverifiable_put_borsh(keys::last_block_time(), &time_parts(time))?;
        let (_, changes) = state.into_parts();
        Ok(Verdict::Accept(Box::new(ExecutedBlock {
            height,
            hash,
            time,
            input: input.clone(),
            outcomes,
            changes,
            events,
            validator_updates,
        })))
    }

    /// ExtendVote: this node's results for the challenges open in the last committed state,
    /// as a vote extension (empty when there is none). Only reads: the engine runs in the
    /// background. Never fails; a read error gives an empty extension.
    pub fn extend_vote(&self, results: &ChallengeResults) -> Vec<u8> {
        let state = self.block_base();
        match block::open_challenge_ids(&state) {
            Ok(ids) if ids.is_empty() => Vec::new(),
            Ok(ids) => ve::build_extension(results.for_ids(&ids)),
            Err(e) => {
                warn!(error = %e, "ExtendVote: cannot read the open challenges");
                Vec::new()
            }
        }
    }

    /// The injected commit for a proposal at `height`: the extended last commit pruned of
    /// invalid extensions, or `None` when no valid extension is left.
    fn injection(
        &self,
        local_last_commit: Option<&ExtendedCommitInfo>,
        height: u64,
    ) -> Result<Option<ExtendedCommitInfo>, AppError> {
        let Some(local) = local_last_commit.filter(|c| ve::has_extensions(c)) else {
            return Ok(None);
        };
        let state = self.block_base();
        let ctx = SignCtx {
            chain_id: &self.chain_id,
            height: vote_height(height),
            round: i64::from(local.round),
        };
        let pruned = ve::prune(local, &ctx, &StakingKeys(&state))?;
        if pruned.votes.iter().zip(&local.votes).any(|(p, l)| p != l) {
            debug!(
                height,
                "pruned invalid vote extensions from the last commit"
            );
        }
        Ok(ve::has_extensions(&pruned).then_some(pruned))
    }

    /// Choose txs for our proposal: first the injected commit when the extended last commit
    /// holds valid vote extensions (its bytes reserved in `max_tx_bytes`; left out if it does
    /// not fit), then in mempool order, each must pass the ante steps on the state left by the
    /// ones before it, within the byte and gas limits.
    pub fn prepare_proposal(
        &self,
        txs: Vec<bytes::Bytes>,
        max_tx_bytes: i64,
        height: u64,
        time: tendermint::Time,
        input: &BlockInput,
    ) -> Result<Vec<bytes::Bytes>, AppError> {
        let ctx = block_ctx(&self.chain_id, height, time);
        let max_bytes = u64::try_from(max_tx_bytes).unwrap_or(0);
        let mut chosen = Vec::new();
        let mut injected = None;
        let local_last_commit = match &input.last_commit {
            LastCommit::Extended(c) => Some(c),
            _ => None,
        };
        if let Some(commit) = self.injection(local_last_commit, height)? {
            let tx = ve::encode_injection(&commit);
            if u64::try_from(tx.len()).unwrap_or(u64::MAX) <= max_bytes {
                chosen.push(bytes::Bytes::from(tx));
                injected = Some(commit);
            } else {
                warn!(
                    height,
                    bytes = tx.len(),
                    max_tx_bytes,
                    "the vote extensions do not fit the block: not injected"
                );
            }
        }
        let mut state = self.block_base();
        match block::begin_block(&mut state, &ctx, input, &self.info().1) {
            // FinalizeBlock refuses the block at an upgrade: any proposal will do
            Err(AppError::Upgrade(_)) => return Ok(Vec::new()),
            r => r?,
        }
        if let Some(commit) = &injected {
            block::settle_challenges(&mut state, &ctx, commit)?;
        }
        let max_gas = self.max_gas();
        let mut bytes_used = chosen
            .iter()
            .fold(0u64, |n, t| n.saturating_add(t.len() as u64));
        let mut gas_used = 0u64;
        for tx in txs {
            if ve::is_injection(&tx) {
                continue;
            }
            let size = u64::try_from(tx.len()).unwrap_or(u64::MAX);
            if bytes_used.saturating_add(size) > max_bytes {
                continue;
            }
            let mut fork = StateDelta::new(&state);
            let outcome = self.execute_counted(&mut fork, &ctx, &tx)?;
            if !outcome.ante_passed {
                debug!(reason = ?outcome.result, "dropping tx from proposal");
                continue;
            }
            if let Some(max) = max_gas {
                if gas_used.saturating_add(outcome.gas_wanted) > max {
                    continue;
                }
            }
            let changes = fork.into_changes();
            state.apply(changes);
            bytes_used = bytes_used.saturating_add(size);
            gas_used = gas_used.saturating_add(outcome.gas_wanted);
            chosen.push(tx);
        }
        Ok(chosen)
    }

    /// Re-validate a proposal completely: a byzantine proposer can skip CheckTx. Accept only
    /// if an injected commit, if any, is valid (see [`App::check_injection`]), every tx passes
    /// decoding and the ante steps and the block fits the gas limit. Execution stops at the
    /// first tx that fails (the rest of the block is not run).
    pub fn process_proposal(
        &mut self,
        txs: &[bytes::Bytes],
        hash: Vec<u8>,
        height: u64,
        time: tendermint::Time,
        input: &BlockInput,
    ) -> Result<bool, AppError> {
        let proposed_last_commit = match &input.last_commit {
            LastCommit::Decided(c) => Some(c),
            _ => None,
        };
        if let Err(e) = self.check_injection(txs, height, proposed_last_commit)? {
            warn!(height, reason = %e, "rejecting proposal with an invalid injected commit");
            return Ok(false);
        }
        let verdict = match self.run_block(height, hash, time, txs, input, true) {
            // accepted, so that FinalizeBlock refuses it and the node stops at this height
            Err(AppError::Upgrade(_)) => return Ok(true),
            r => r?,
        };
        match verdict {
            Verdict::Accept(executed) => {
                self.processed = Some(*executed);
                Ok(true)
            }
            Verdict::Reject(reason) => {
                warn!(height, %reason, "rejecting proposal");
                Ok(false)
            }
        }
    }

    /// An injected commit may only be `txs[0]` (so at most one), must decode, and must match
    /// the proposed last commit with every extension well formed and correctly signed by the
    /// validator's consensus key as the state knows it ([`ve::validate_injection`]).
    pub fn check_injection(
        &self,
        txs: &[bytes::Bytes],
        height: u64,
        proposed_last_commit: Option<&CommitInfo>,
    ) -> Result<Result<(), ve::Invalid>, AppError> {
        if let Some(i) = txs.iter().skip(1).position(|t| ve::is_injection(t)) {
            return Ok(Err(ve::Invalid(format!(
                "an injected commit at index {}",
                i + 1
            ))));
        }
        let Some(first) = txs.first().filter(|t| ve::is_injection(t)) else {
            return Ok(Ok(()));
        };
        let commit = match ve::decode_injection(first) {
            Ok(c) => c,
            Err(e) => return Ok(Err(e)),
        };
        let Some(proposed) = proposed_last_commit else {
            return Ok(Err(ve::Invalid(
                "an injected commit but no last commit".into(),
            )));
        };
        let state = self.block_base();
        let ctx = SignCtx {
            chain_id: &self.chain_id,
            height: vote_height(height),
            round: i64::from(commit.round),
        };
        ve::validate_injection(&commit, proposed, &ctx, &StakingKeys(&state))
    }

    /// Execute the decided block and compute the app hash, without persisting.
    #[instrument(skip(self, txs, hash, time, input))]
    pub fn finalize_block(
        &mut self,
        txs: &[bytes::Bytes],
        hash: Vec<u8>,
        height: u64,
        time: tendermint::Time,
        input: &BlockInput,
    ) -> Result<FinalizedBlock, AppError> {
        let executed = match self.processed.take() {
            Some(p)
                if p.height == height
                    && p.hash == hash
                    && !hash.is_empty()
                    && p.input == *input =>
            {
                p
            }
            _ => match self.execute_block(height, hash, time, txs, input) {
                Err(AppError::Upgrade(halt)) => {
                    return Err(crate::modules::upgrade::halt(self.home.as_deref(), halt))
                }
                r => r?,
            },
        };
        let prepared = self.storage.prepare(height, &executed.changes)?;
        let result = FinalizedBlock {
            outcomes: executed.outcomes.clone(),
            events: executed.events.clone(),
            validator_updates: executed.validator_updates.clone(),
            app_hash: prepared.app_hash(),
        };
        self.pending = Some((executed, prepared));
        fail::fail_point!("finalize-after", |_| crate::crash_point("finalize-after"));
        Ok(result)
    }

    /// Persist the finalized block atomically and reset the check state.
    pub fn commit(&mut self) -> Result<u64, AppError> {
        let (executed, prepared) = self
            .pending
            .take()
            .ok_or_else(|| AppError::Protocol("Commit without FinalizeBlock".into()))?;
        // The store's crash points `commit-before-write`, `commit-before-background-write` and
        // `commit-after-write` (docs/faults.md) fire inside this call or its background write.
        let info = self.storage.commit(prepared)?;
        self.genesis = None;
        self.processed = None;
        self.checker.reset(
            self.storage.latest_snapshot(),
            info.height.saturating_add(1),
            executed.time,
        )?;
        let failed = executed
            .outcomes
            .iter()
            .filter(|o| o.result.is_err())
            .count();
        info!(
            height = info.height,
            txs = executed.outcomes.len(),
            failed,
            app_hash = %hex::encode(info.app_hash),
            "committed block"
        );
        Ok(info.height)
    }
}

/// The height the votes of a block's last commit were cast at.
fn vote_height(height: u64) -> i64 {
    i64::try_from(height.saturating_sub(1)).unwrap_or(i64::MAX)
}

/// Validators' consensus keys from the staking state: the validator set of the previous
/// height, and validators that have left it since, as long as their record exists.
struct StakingKeys<'a, S>(&'a S);

impl<S: openledger_framework::StateRead> ConsensusKeys for StakingKeys<'_, S> {
    type Error = AppError;

    fn consensus_key(&self, address: &[u8; 20]) -> Result<Option<[u8; 32]>, AppError> {
        use openledger_staking::StakingRead;
        self.0
            .validator_by_consensus_address(address)
            .map(|v| v.map(|v| v.consensus_pubkey))
            .map_err(|e| AppError::Protocol(format!("staking: {e}")))
    }
}

/// The result of an injected commit in FinalizeBlock: code 0, no gas, no events (the
/// settlements' events are the block's).
fn injection_outcome(tx: &[u8]) -> TxOutcome {
    use sha2::{Digest, Sha256};
    TxOutcome {
        hash: Some(Sha256::digest(tx).into()),
        result: Ok(()),
        ante_passed: true,
        gas_wanted: 0,
        gas_used: 0,
        events: Vec::new(),
        msg_responses: Vec::new(),
    }
}
