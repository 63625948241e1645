//! Mempool connection: CheckTx (new and recheck) against the check state, which has its own
//! lock ([`Checker`]): CheckTx never waits for a block executing on the consensus connection.

use std::future::{ready, Ready};
use std::task::{Context, Poll};

use tendermint::abci::response;
use tendermint::v0_38::abci::{MempoolRequest, MempoolResponse};
use tower_abci::BoxError;

use crate::abci::events::to_abci_events;
use crate::check::Checker;
use crate::tx::result::result_fields;

#[derive(Clone)]
pub struct MempoolService {
    checker: Checker,
}

impl MempoolService {
    pub fn new(checker: Checker) -> Self {
        MempoolService { checker }
    }
}

impl tower::Service<MempoolRequest> for MempoolService {
    type Response = MempoolResponse;
    type Error = BoxError;
    type Future = Ready<Result<MempoolResponse, BoxError>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: MempoolRequest) -> Self::Future {
        let MempoolRequest::CheckTx(r) = req;
        let recheck = r.kind == tendermint::abci::request::CheckTxKind::Recheck;
        let checker = &self.checker;
        let result =
            tokio::task::block_in_place(|| checker.check_tx(&r.tx).map_err(BoxError::from));
        ready(result.map(|o| {
            crate::metrics::global().observe_check_tx(recheck, &o);
            let (code, codespace, log) = result_fields(&o);
            MempoolResponse::CheckTx(response::CheckTx {
                code: code.into(),
                codespace,
                log,
                gas_wanted: i64::try_from(o.gas_wanted).unwrap_or(i64::MAX),
                gas_used: i64::try_from(o.gas_used).unwrap_or(i64::MAX),
                events: to_abci_events(&o.events),
                ..Default::default()
            })
        }))
    }
}
