//! Consensus connection: requests arrive strictly in order and are answered in `call`, so the
//! order CometBFT sends them is the order they run in.

use std::future::{ready, Ready};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use tendermint::abci::response::{self, ProcessProposal, VerifyVoteExtension};
use tendermint::abci::types::ExecTxResult;
use tendermint::v0_38::abci::{ConsensusRequest, ConsensusResponse};
use tower_abci::BoxError;
use tracing::error;

use crate::abci::events::to_abci_events;
use crate::app::{App, AppError, BlockParams};
use crate::tx::TxOutcome;

#[derive(Clone)]
pub struct ConsensusService {
    app: Arc<Mutex<App>>,
}

impl ConsensusService {
    pub fn new(app: Arc<Mutex<App>>) -> Self {
        ConsensusService { app }
    }
}

/// Code, codespace and log of an outcome (0 and empty on success).
pub fn result_fields(o: &TxOutcome) -> (u32, String, String) {
    match &o.result {
        Ok(()) => (0, String::new(), String::new()),
        Err(e) => (e.code, e.codespace.clone(), e.log.clone()),
    }
}

pub fn exec_tx_result(o: &TxOutcome) -> ExecTxResult {
    let (code, codespace, log) = result_fields(o);
    ExecTxResult {
        code: code.into(),
        codespace,
        log,
        gas_wanted: i64::try_from(o.gas_wanted).unwrap_or(i64::MAX),
        gas_used: i64::try_from(o.gas_used).unwrap_or(i64::MAX),
        events: to_abci_events(&o.events),
        ..Default::default()
    }
}

fn handle(app: &mut App, req: ConsensusRequest) -> Result<ConsensusResponse, AppError> {
    Ok(match req {
        ConsensusRequest::InitChain(r) => {
            let block = r.consensus_params.block;
            let params = BlockParams {
                max_bytes: i64::try_from(block.max_bytes).unwrap_or(i64::MAX),
                max_gas: block.max_gas,
            };
            let initial = r.initial_height.value();
            let app_hash = app.init_chain(&r.chain_id, &r.app_state_bytes, initial, params)?;
            ConsensusResponse::InitChain(response::InitChain {
                consensus_params: None,
                validators: r.validators,
                app_hash: app_hash.to_vec().try_into().unwrap_or_default(),
            })
        }
        ConsensusRequest::PrepareProposal(r) => {
            let txs = app.prepare_proposal(r.txs, r.max_tx_bytes, r.height.value(), r.time)?;
            ConsensusResponse::PrepareProposal(response::PrepareProposal { txs })
        }
        ConsensusRequest::ProcessProposal(r) => {
            let ok =
                app.process_proposal(&r.txs, r.hash.as_bytes().to_vec(), r.height.value(), r.time)?;
            ConsensusResponse::ProcessProposal(if ok {
                ProcessProposal::Accept
            } else {
                ProcessProposal::Reject
            })
        }
        ConsensusRequest::FinalizeBlock(r) => {
            let (outcomes, app_hash) =
                app.finalize_block(&r.txs, r.hash.as_bytes().to_vec(), r.height.value(), r.time)?;
            ConsensusResponse::FinalizeBlock(response::FinalizeBlock {
                events: Vec::new(),
                tx_results: outcomes.iter().map(exec_tx_result).collect(),
                validator_updates: Vec::new(),
                consensus_param_updates: None,
                app_hash: app_hash.to_vec().try_into().unwrap_or_default(),
            })
        }
        ConsensusRequest::Commit => {
            app.commit()?;
            ConsensusResponse::Commit(response::Commit {
                data: Default::default(),
                retain_height: 0u32.into(),
            })
        }
        // Vote extensions are not used: an empty extension, and every extension accepted.
        ConsensusRequest::ExtendVote(_) => ConsensusResponse::ExtendVote(response::ExtendVote {
            vote_extension: Default::default(),
        }),
        ConsensusRequest::VerifyVoteExtension(_) => {
            ConsensusResponse::VerifyVoteExtension(VerifyVoteExtension::Accept)
        }
    })
}

impl tower::Service<ConsensusRequest> for ConsensusService {
    type Response = ConsensusResponse;
    type Error = BoxError;
    type Future = Ready<Result<ConsensusResponse, BoxError>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: ConsensusRequest) -> Self::Future {
        let app = self.app.clone();
        let result = tokio::task::block_in_place(move || {
            let mut app = app
                .lock()
                .map_err(|_| AppError::Protocol("app lock poisoned".into()))?;
            handle(&mut app, req)
        });
        ready(result.map_err(|e| {
            // The node cannot continue safely: CometBFT stops when this connection fails.
            error!(error = %e, "consensus request failed");
            BoxError::from(e)
        }))
    }
}
