//! Mempool connection: CheckTx (new and recheck) against the app's check state.

use std::future::{ready, Ready};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use tendermint::abci::response;
use tendermint::v0_38::abci::{MempoolRequest, MempoolResponse};
use tower_abci::BoxError;

use crate::abci::events::to_abci_events;
use crate::app::App;
use crate::tx::result::result_fields;

#[derive(Clone)]
pub struct MempoolService {
    app: Arc<Mutex<App>>,
}

impl MempoolService {
    pub fn new(app: Arc<Mutex<App>>) -> Self {
        MempoolService { app }
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
        let app = self.app.clone();
        let result = tokio::task::block_in_place(move || {
            let mut app = app
                .lock()
                .map_err(|_| BoxError::from("app lock poisoned"))?;
            app.check_tx(&r.tx).map_err(BoxError::from)
        });
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
