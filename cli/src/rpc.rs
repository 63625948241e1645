//! The node connection: CometBFT RPC (v0.38 dialect) and gRPC-style ABCI queries over it.
//!
//! Queries work like cosmjs: `abci_query` with `path` = the gRPC method name and `data` = the
//! protobuf-encoded request; the response value is the protobuf-encoded reply.

use std::time::Duration;

use anyhow::Context as _;
use prost::Message;
use tendermint::Hash;
use tendermint_rpc::client::CompatMode;
use tendermint_rpc::endpoint::broadcast::{tx_async, tx_sync};
use tendermint_rpc::endpoint::{status, tx};
use tendermint_rpc::{Client, HttpClient, HttpClientUrl};

/// gRPC method paths served through ABCI `Query`: the generated constants, by service.
pub mod paths {
    pub use openledger_proto::methods::cosmos::auth::v1beta1::query as auth;
    pub use openledger_proto::methods::cosmos::bank::v1beta1::query as bank;
    pub use openledger_proto::methods::cosmos::base::node::v1beta1::service as node;
    pub use openledger_proto::methods::cosmos::distribution::v1beta1::query as distribution;
    pub use openledger_proto::methods::cosmos::gov::v1::query as gov;
    pub use openledger_proto::methods::cosmos::slashing::v1beta1::query as slashing;
    pub use openledger_proto::methods::cosmos::staking::v1beta1::query as staking;
    pub use openledger_proto::methods::cosmos::tx::v1beta1::service as tx;
    pub use openledger_proto::methods::openledger::attribution::v1::query as attribution;
    pub use openledger_proto::methods::openledger::datanets::v1::query as datanets;
    pub use openledger_proto::methods::openledger::gov::v1::query as gopen;
    pub use openledger_proto::methods::openledger::models::v1::query as models;
}

/// Time limit of a single HTTP request to the node.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// A transport or JSON-RPC failure, as one readable line.
///
/// `tendermint_rpc::Error` displays its whole trace (with a backtrace when `RUST_BACKTRACE` is
/// set); users only need the chain of messages.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{0}")]
pub struct RpcError(String);

impl RpcError {
    pub fn is_not_found(&self) -> bool {
        self.0.to_ascii_lowercase().contains("not found")
    }
}

impl From<tendermint_rpc::Error> for RpcError {
    fn from(err: tendermint_rpc::Error) -> Self {
        Self(format!("{:#}", err.trace()))
    }
}

/// A failed ABCI query.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    #[error("cannot query {path} on {node}: {reason}")]
    Rpc {
        path: String,
        node: String,
        reason: RpcError,
    },
    #[error("{path} failed with code {code} (codespace {codespace:?}): {log}")]
    Abci {
        path: String,
        code: u32,
        codespace: String,
        log: String,
    },
    #[error("cannot decode the reply of {path}: {reason}")]
    Decode {
        path: String,
        reason: prost::DecodeError,
    },
    #[error("invalid query height {0}")]
    Height(u64),
}

impl QueryError {
    /// The chain reported that the queried object does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(self, Self::Abci { log, .. } if log.to_ascii_lowercase().contains("not found"))
    }
}

/// A CometBFT RPC client speaking the v0.38 dialect.
pub struct Rpc {
    client: HttpClient,
    url: String,
}

impl Rpc {
    pub fn connect(url: &str) -> anyhow::Result<Self> {
        let parsed: HttpClientUrl = url
            .parse()
            .with_context(|| format!("invalid --node URL {url:?}"))?;
        let client = HttpClient::builder(parsed)
            .compat_mode(CompatMode::V0_38)
            .timeout(REQUEST_TIMEOUT)
            .build()
            .with_context(|| format!("cannot create an RPC client for {url}"))?;
        Ok(Self {
            client,
            url: url.to_owned(),
        })
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// Runs a gRPC-style query through ABCI `Query`, at `height` or the latest height.
    pub async fn query<Req, Resp>(
        &self,
        path: &str,
        request: &Req,
        height: Option<u64>,
    ) -> Result<Resp, QueryError>
    where
        Req: Message,
        Resp: Message + Default,
    {
        let value = self
            .query_raw(path, request.encode_to_vec(), height)
            .await?;
        Resp::decode(value.as_slice()).map_err(|reason| QueryError::Decode {
            path: path.to_owned(),
            reason,
        })
    }

    /// A query with an encoded request; the encoded reply.
    pub async fn query_raw(
        &self,
        path: &str,
        request: Vec<u8>,
        height: Option<u64>,
    ) -> Result<Vec<u8>, QueryError> {
        let height = height
            .map(|h| tendermint::block::Height::try_from(h).map_err(|_| QueryError::Height(h)))
            .transpose()?;
        let response = self
            .client
            .abci_query(Some(path.to_owned()), request, height, false)
            .await
            .map_err(|source| QueryError::Rpc {
                path: path.to_owned(),
                node: self.url.clone(),
                reason: source.into(),
            })?;
        if response.code.is_err() {
            return Err(QueryError::Abci {
                path: path.to_owned(),
                code: response.code.value(),
                codespace: response.codespace,
                log: response.log,
            });
        }
        Ok(response.value)
    }

    pub async fn status(&self) -> anyhow::Result<status::Response> {
        let context = || format!("cannot get /status from {}", self.url);
        self.client
            .status()
            .await
            .map_err(RpcError::from)
            .with_context(context)
    }

    pub async fn broadcast_sync(&self, tx: Vec<u8>) -> anyhow::Result<tx_sync::Response> {
        let context = || format!("broadcast_tx_sync to {} failed", self.url);
        self.client
            .broadcast_tx_sync(tx)
            .await
            .map_err(RpcError::from)
            .with_context(context)
    }

    pub async fn broadcast_async(&self, tx: Vec<u8>) -> anyhow::Result<tx_async::Response> {
        let context = || format!("broadcast_tx_async to {} failed", self.url);
        self.client
            .broadcast_tx_async(tx)
            .await
            .map_err(RpcError::from)
            .with_context(context)
    }

    /// `/tx?hash=`: the transaction and its result, once included in a block.
    pub async fn tx(&self, hash: Hash) -> Result<tx::Response, RpcError> {
        self.client.tx(hash, false).await.map_err(RpcError::from)
    }
}
