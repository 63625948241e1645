//! CheckTx's own state, behind its own lock, so the mempool connection never waits for a
//! block being executed on the consensus connection.
//!
//! The check state is the last committed state plus the ante effects (fees, sequences, public
//! keys) of the txs accepted into the mempool since. Only InitChain, Commit and a state-sync
//! restore touch it from the consensus side, each for the moment it takes to swap it; CometBFT
//! rechecks its mempool after every Commit.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use openledger_framework::{BlockCtx, Changes, StateDelta};

use crate::abci::vote_extension as ve;
use crate::app::{block_ctx, AppError, BlockParams};
use crate::store::Snapshot;
use crate::tx::execute::LocalPolicy;
use crate::tx::{execute_tx_cached, ExecMode, SigCache, TxError, TxOutcome};

/// Everything CheckTx reads: it never touches the consensus side's [`crate::app::App`].
pub struct CheckState {
    state: StateDelta<Snapshot>,
    chain_id: String,
    block_params: BlockParams,
    local: LocalPolicy,
    /// Time of the last committed block (the genesis time before the first).
    last_block_time: tendermint::Time,
    /// The height CheckTx runs at: the one after the last commit.
    next_height: u64,
    /// Shared with block execution: a signature verified here is not verified again there.
    sig_cache: Arc<SigCache>,
}

impl CheckState {
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        snapshot: Snapshot,
        chain_id: String,
        block_params: BlockParams,
        local: LocalPolicy,
        last_block_time: tendermint::Time,
        next_height: u64,
        sig_cache: Arc<SigCache>,
    ) -> Self {
        CheckState {
            state: StateDelta::new(snapshot),
            chain_id,
            block_params,
            local,
            last_block_time,
            next_height,
            sig_cache,
        }
    }

    /// The context CheckTx runs in: the next height at the last committed block's time, as
    /// the SDK's check state (the next block's own time is not known yet).
    fn ctx(&self) -> BlockCtx {
        block_ctx(&self.chain_id, self.next_height, self.last_block_time)
    }

    /// The block gas limit, `None` when unlimited (a negative `max_gas`, as in CometBFT).
    fn max_gas(&self) -> Option<u64> {
        u64::try_from(self.block_params.max_gas).ok()
    }

    fn check(&mut self, bytes: &[u8]) -> Result<TxOutcome, AppError> {
        let ctx = self.ctx();
        let mut fork = StateDelta::new(&self.state);
        let outcome = execute_tx_cached(
            &mut fork,
            &ctx,
            bytes,
            ExecMode::Check,
            self.local,
            Some(&self.sig_cache),
        )
        .map_err(AppError::Internal)?;
        if let Some(max) = self.max_gas() {
            if outcome.ante_passed && outcome.gas_wanted > max {
                return Ok(TxOutcome {
                    result: Err(TxError::sdk(
                        openledger_framework::error::sdk::INVALID_GAS_LIMIT,
                        format!(
                            "tx gas limit {} exceeds the block gas limit {max}",
                            outcome.gas_wanted
                        ),
                    )),
                    ante_passed: false,
                    events: Vec::new(),
                    ..outcome
                });
            }
        }
        let changes = fork.into_changes();
        self.state.apply(changes);
        Ok(outcome)
    }
}

/// A handle on the check state: the mempool service holds one, the app another.
#[derive(Clone)]
pub struct Checker {
    inner: Arc<Mutex<CheckState>>,
}

impl Checker {
    pub(crate) fn new(state: CheckState) -> Self {
        Checker {
            inner: Arc::new(Mutex::new(state)),
        }
    }

    /// A panic in CheckTx must not stop Commit from resetting the check state: the lock is
    /// taken even when poisoned (every reset replaces what a panic could have left half-done).
    fn lock(&self) -> Result<MutexGuard<'_, CheckState>, AppError> {
        Ok(self.inner.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// CheckTx: ante steps against the check state; accepted txs update it so a sender can
    /// queue several txs with consecutive sequences. A tx whose gas limit alone exceeds the
    /// block gas limit could never be in a block: it is refused.
    pub fn check_tx(&self, bytes: &[u8]) -> Result<TxOutcome, AppError> {
        if ve::is_injection(bytes) {
            return Ok(injection_refused());
        }
        self.lock()?.check(bytes)
    }

    /// The block context CheckTx runs in (next height, last block time).
    pub fn ctx(&self) -> Result<BlockCtx, AppError> {
        Ok(self.lock()?.ctx())
    }

    /// After Commit: the new committed state, with nothing pending.
    pub(crate) fn reset(
        &self,
        snapshot: Snapshot,
        next_height: u64,
        last_block_time: tendermint::Time,
    ) -> Result<(), AppError> {
        let mut s = self.lock()?;
        s.state = StateDelta::new(snapshot);
        s.next_height = next_height;
        s.last_block_time = last_block_time;
        Ok(())
    }

    /// After InitChain: the genesis state (committed with the first block).
    pub(crate) fn reset_to_genesis(
        &self,
        snapshot: Snapshot,
        genesis: Changes,
        chain_id: &str,
        block_params: BlockParams,
    ) -> Result<(), AppError> {
        let mut s = self.lock()?;
        s.state = StateDelta::with_changes(snapshot, genesis);
        s.chain_id = chain_id.to_string();
        s.block_params = block_params;
        Ok(())
    }

    pub(crate) fn set_last_block_time(&self, time: tendermint::Time) -> Result<(), AppError> {
        self.lock()?.last_block_time = time;
        Ok(())
    }

    /// Replace the whole check state (a state-sync restore rebuilt the app).
    pub(crate) fn replace(&self, other: &Checker) -> Result<(), AppError> {
        if Arc::ptr_eq(&self.inner, &other.inner) {
            return Ok(());
        }
        let fresh = {
            let o = other.lock()?;
            CheckState {
                state: StateDelta::with_changes(o.state.base().clone(), o.state.changes().clone()),
                chain_id: o.chain_id.clone(),
                block_params: o.block_params,
                local: o.local,
                last_block_time: o.last_block_time,
                next_height: o.next_height,
                sig_cache: o.sig_cache.clone(),
            }
        };
        *self.lock()? = fresh;
        Ok(())
    }
}

/// CheckTx's answer to a tx that starts like an injected commit: only a proposer may put one
/// in a block, as its first transaction.
fn injection_refused() -> TxOutcome {
    TxOutcome {
        hash: None,
        result: Err(TxError::sdk(
            openledger_framework::error::sdk::TX_DECODE,
            "an injected vote-extension commit is not a transaction",
        )),
        ante_passed: false,
        gas_wanted: 0,
        gas_used: 0,
        events: Vec::new(),
        msg_responses: Vec::new(),
    }
}
