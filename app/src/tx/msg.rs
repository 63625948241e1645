//! A transaction's message, decoded through its module's route (see [`crate::modules`]).

use cosmos_sdk_proto::Any;
use openledger_framework::error::sdk;
use openledger_framework::module::AnyMsg;
use openledger_framework::{Address, MsgCtx, MsgRoute, StateWrite};

use crate::modules::routes;
use crate::tx::error::TxError;

/// A message the chain accepts, decoded and validated without state by its module.
pub struct Msg {
    module: &'static str,
    route: &'static MsgRoute,
    inner: AnyMsg,
    signers: Vec<Address>,
}

impl std::fmt::Debug for Msg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Msg")
            .field("type_url", &self.route.type_url)
            .field("signers", &self.signers)
            .finish_non_exhaustive()
    }
}

impl Msg {
    /// Decode a message from its `Any`, refusing unknown types and non-canonical bytes.
    pub fn from_any(any: &Any) -> Result<Msg, TxError> {
        let t = any.type_url.as_str();
        let (module, route) = routes().msg(t).ok_or_else(|| {
            TxError::sdk(
                sdk::UNKNOWN_REQUEST,
                format!("unrecognized message type: {t}"),
            )
        })?;
        let (inner, signers) = (route.decode)(any).map_err(|e| TxError::module(&e))?;
        Ok(Msg {
            module,
            route,
            inner,
            signers,
        })
    }

    pub fn signers(&self) -> Vec<Address> {
        self.signers.clone()
    }

    pub fn type_url(&self) -> String {
        self.route.type_url.clone()
    }

    pub fn module(&self) -> &'static str {
        self.module
    }

    /// A governance proposal may carry this message.
    pub fn proposal_allowed(&self) -> bool {
        self.route.proposal
    }

    /// Run the message; its response in an `Any`.
    pub fn execute(&self, state: &mut dyn StateWrite, ctx: &MsgCtx) -> Result<Any, TxError> {
        (self.route.execute)(state, ctx, &*self.inner).map_err(|e| TxError::module(&e))
    }

    /// Every type URL the chain accepts.
    pub fn type_urls() -> Vec<String> {
        routes().type_urls().map(String::from).collect()
    }
}
