//! Running one transaction against a block (or check, or simulation) state.

use cosmos_sdk_proto::Any;
use openledger_auth::AuthRead;
use openledger_framework::{
    BlockCtx, Event, GasConfig, GasMeter, GasMeteredState, MsgCtx, StateDelta, StateRead,
    StateWrite,
};

use crate::tx::ante::{self, AnteCtx};
use crate::tx::decode::decode_tx;
use crate::tx::error::TxError;
use crate::tx::sig_cache::SigCache;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExecMode {
    /// CheckTx (new or recheck): ante only, node-local minimum gas price applies.
    Check,
    /// FinalizeBlock, ProcessProposal, PrepareProposal: ante then messages.
    Finalize,
    /// Simulate: no signature check, no minimum fee, gas limit may be zero.
    Simulate,
}

/// The result of one transaction.
#[derive(Debug, Clone)]
pub struct TxOutcome {
    pub hash: Option<[u8; 32]>,
    /// `Err` with the refusal or failure; `Ok` when every message ran.
    pub result: Result<(), TxError>,
    /// False when decoding or an ante step refused the tx: then nothing was applied, not even
    /// the fee. A block containing such a tx is rejected in ProcessProposal.
    pub ante_passed: bool,
    pub gas_wanted: u64,
    pub gas_used: u64,
    pub events: Vec<Event>,
    /// The response of each message, in order, when every message ran (empty for a refused or
    /// failed tx, and in CheckTx, where no message runs).
    pub msg_responses: Vec<Any>,
}

impl TxOutcome {
    fn refused(hash: Option<[u8; 32]>, e: TxError, gas_wanted: u64, gas_used: u64) -> Self {
        TxOutcome {
            hash,
            result: Err(e),
            ante_passed: false,
            gas_wanted,
            gas_used,
            events: Vec::new(),
            msg_responses: Vec::new(),
        }
    }
}

/// Node-local settings that never influence consensus.
#[derive(Debug, Clone, Copy, Default)]
pub struct LocalPolicy {
    pub min_gas_price: u128,
}

/// Execute `bytes` on `state`. Returns `Err` only for a storage failure, which must stop the
/// node (another node would not see it); every client error is inside the outcome.
pub fn execute_tx<B: StateRead>(
    state: &mut StateDelta<B>,
    block: &BlockCtx,
    bytes: &[u8],
    mode: ExecMode,
    local: LocalPolicy,
) -> Result<TxOutcome, TxError> {
    execute_tx_cached(state, block, bytes, mode, local, None)
}

/// [`execute_tx`] with this node's cache of verified signatures.
pub fn execute_tx_cached<B: StateRead>(
    state: &mut StateDelta<B>,
    block: &BlockCtx,
    bytes: &[u8],
    mode: ExecMode,
    local: LocalPolicy,
    sig_cache: Option<&SigCache>,
) -> Result<TxOutcome, TxError> {
    let params = state.auth_params().map_err(|e| TxError::module(&e))?;
    let tx = match decode_tx(bytes, &params) {
        Ok(tx) => tx,
        Err(e) => return Ok(TxOutcome::refused(None, e, 0, 0)),
    };
    let gas_wanted = tx.gas_limit();
    let limit = if mode == ExecMode::Simulate && gas_wanted == 0 {
        params.max_gas_per_tx
    } else {
        gas_wanted
    };
    let meter = GasMeter::new(limit);
    let signers = tx.signers();

    // Ante: fee, public keys, signatures, sequences.
    let ante_result = {
        let fork = StateDelta::new(&*state);
        let mut metered = GasMeteredState::new(fork, &meter, GasConfig::KV);
        let ctx = AnteCtx {
            tx: &tx,
            signers: &signers,
            block,
            mode,
            params: &params,
            meter: &meter,
            local_min_gas_price: local.min_gas_price,
            sig_cache,
        };
        ante::run(&mut metered, &ctx).map(|()| metered.into_inner().into_changes())
    };
    let mut ante_changes = match ante_result {
        Ok(c) => c,
        Err(e) if e.is_internal() => return Err(e),
        Err(e) => {
            return Ok(TxOutcome::refused(
                Some(tx.hash),
                e,
                gas_wanted,
                meter.consumed(),
            ))
        }
    };
    let mut events = std::mem::take(&mut ante_changes.events);
    state.apply(ante_changes);

    if mode == ExecMode::Check {
        return Ok(TxOutcome {
            hash: Some(tx.hash),
            result: Ok(()),
            ante_passed: true,
            gas_wanted,
            gas_used: meter.consumed(),
            events,
            msg_responses: Vec::new(),
        });
    }

    // Messages: all or nothing.
    let msg_result = {
        let fork = StateDelta::new(&*state);
        let mut metered = GasMeteredState::new(fork, &meter, GasConfig::KV);
        let mut run = || -> Result<Vec<Any>, TxError> {
            let mut responses = Vec::with_capacity(tx.msgs.len());
            for (i, msg) in tx.msgs.iter().enumerate() {
                let ctx = MsgCtx {
                    block,
                    signers: &signers,
                    msg_index: i,
                };
                responses.push(msg.execute(&mut metered, &ctx)?);
                let sender = msg
                    .signers()
                    .first()
                    .map(|s| s.to_string())
                    .unwrap_or_default();
                metered.record(
                    Event::new("message")
                        .attr("action", msg.type_url())
                        .attr("sender", sender)
                        .attr("module", msg.module())
                        .attr("msg_index", i.to_string()),
                );
            }
            Ok(responses)
        };
        run().map(|responses| (responses, metered.into_inner().into_changes()))
    };
    let (result, msg_responses) = match msg_result {
        Ok((responses, mut changes)) => {
            events.append(&mut changes.events);
            state.apply(changes);
            (Ok(()), responses)
        }
        Err(e) if e.is_internal() => return Err(e),
        Err(e) => (Err(e), Vec::new()),
    };
    Ok(TxOutcome {
        hash: Some(tx.hash),
        result,
        ante_passed: true,
        gas_wanted,
        gas_used: meter.consumed(),
        events,
        msg_responses,
    })
}
