//! The tonic gRPC gateway: thin adapters over the same query functions as ABCI `Query`.
//! Transaction broadcast, tx lookup and node/block info are forwarded to CometBFT's RPC.
// tonic's `Status` is the error type the generated service traits require.
#![allow(clippy::result_large_err)]

use cosmos_sdk_proto::cosmos::base::abci::v1beta1::TxResponse;
use cosmos_sdk_proto::cosmos::base::node::v1beta1 as node;
use cosmos_sdk_proto::cosmos::base::tendermint::v1beta1 as tm;
use cosmos_sdk_proto::cosmos::tx::v1beta1 as txpb;
use prost::Message;
use tendermint_rpc::{Client, HttpClient};
use tonic::{Request, Response, Status};

use openledger_proto::methods::openledger::content::v1::content as content_methods;

use crate::content::ContentGrpcService;
use crate::query::abci::QueryGateway;
use crate::query::dispatch_grpc::{
    AttributionQuery, AuthQuery, BankQuery, DatanetsQuery, DispatchService, DistributionQuery,
    GopenQuery, GovQuery, ModelsQuery, SlashingQuery, StakingQuery,
};
use crate::query::error::QueryError;
use crate::query::handlers;
use crate::query::reflection;

type R<T> = Result<Response<T>, Status>;

fn unimplemented<T>(what: &str) -> R<T> {
    Err(Status::unimplemented(format!(
        "{what} is not served by this node"
    )))
}

fn ok<T>(r: Result<T, QueryError>) -> R<T> {
    r.map(Response::new).map_err(|e| e.to_status())
}

/// Shared by every service: committed snapshots and a CometBFT RPC client.
#[derive(Clone)]
pub struct GrpcState {
    pub gateway: QueryGateway,
    pub cometbft: HttpClient,
}

impl GrpcState {
    /// Query height from the `x-cosmos-block-height` header, as the SDK reads it.
    pub fn snapshot<T>(&self, req: &Request<T>) -> Result<crate::store::Snapshot, Status> {
        let height = req
            .metadata()
            .get("x-cosmos-block-height")
            .and_then(|v| v.to_str().ok())
            .map(|s| s.parse::<u64>())
            .transpose()
            .map_err(|_| Status::invalid_argument("bad x-cosmos-block-height"))?
            .unwrap_or(0);
        self.gateway.snapshot(height).map_err(|e| e.to_status())
    }
}

/// A tx result's `data` as bytes. CometBFT's JSON-RPC sends it base64-encoded and the RPC
/// client hands over that text undecoded (tendermint-rs issue 1251), so base64 text is decoded;
/// raw bytes (an encoded `TxMsgData` starts with a byte no base64 text has) pass through.
fn result_data(data: &[u8]) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(data)
        .unwrap_or_else(|_| data.to_vec())
}

fn tx_response(
    height: i64,
    hash: String,
    r: &tendermint::abci::types::ExecTxResult,
    tx: Option<&[u8]>,
) -> TxResponse {
    TxResponse {
        height,
        txhash: hash,
        codespace: r.codespace.clone(),
        code: r.code.value(),
        data: hex::encode_upper(result_data(&r.data)),
        raw_log: r.log.clone(),
        logs: Vec::new(),
        info: r.info.clone(),
        gas_wanted: r.gas_wanted,
        gas_used: r.gas_used,
        tx: tx.map(|b| cosmos_sdk_proto::Any {
            type_url: <txpb::Tx as prost::Name>::type_url(),
            value: b.to_vec(),
        }),
        timestamp: String::new(),
        events: r.events.iter().cloned().map(Into::into).collect(),
    }
}

#[tonic::async_trait]
impl txpb::service_server::Service for GrpcState {
    async fn simulate(&self, req: Request<txpb::SimulateRequest>) -> R<txpb::SimulateResponse> {
        let s = self.snapshot(&req)?;
        let limiter = self.gateway.limiter();
        let cap = limiter.limits().simulate_gas_cap();
        let req = req.into_inner();
        ok(limiter.run(move || handlers::simulate(&s, &req, cap)).await)
    }
    async fn get_tx(&self, req: Request<txpb::GetTxRequest>) -> R<txpb::GetTxResponse> {
        let hash: tendermint::Hash = req
            .get_ref()
            .hash
            .parse()
            .map_err(|_| Status::invalid_argument("hash must be 64 hex characters"))?;
        let r = self
            .cometbft
            .tx(hash, false)
            .await
            .map_err(|e| Status::not_found(format!("tx {hash}: {e}")))?;
        let tx = txpb::Tx::decode(r.tx.as_slice()).ok();
        Ok(Response::new(txpb::GetTxResponse {
            tx,
            tx_response: Some(tx_response(
                r.height.into(),
                hash.to_string(),
                &r.tx_result,
                Some(&r.tx),
            )),
        }))
    }
    async fn broadcast_tx(
        &self,
        req: Request<txpb::BroadcastTxRequest>,
    ) -> R<txpb::BroadcastTxResponse> {
        let bytes = req.into_inner().tx_bytes;
        let r = self
            .cometbft
            .broadcast_tx_sync(bytes)
            .await
            .map_err(|e| Status::unavailable(format!("broadcast: {e}")))?;
        Ok(Response::new(txpb::BroadcastTxResponse {
            tx_response: Some(TxResponse {
                txhash: r.hash.to_string(),
                code: r.code.value(),
                codespace: r.codespace,
                raw_log: r.log,
                data: hex::encode_upper(&r.data),
                ..Default::default()
            }),
        }))
    }
    async fn get_txs_event(
        &self,
        _: Request<txpb::GetTxsEventRequest>,
    ) -> R<txpb::GetTxsEventResponse> {
        unimplemented("GetTxsEvent")
    }
    async fn get_block_with_txs(
        &self,
        _: Request<txpb::GetBlockWithTxsRequest>,
    ) -> R<txpb::GetBlockWithTxsResponse> {
        unimplemented("GetBlockWithTxs")
    }
    async fn tx_decode(&self, _: Request<txpb::TxDecodeRequest>) -> R<txpb::TxDecodeResponse> {
        unimplemented("TxDecode")
    }
    async fn tx_encode(&self, _: Request<txpb::TxEncodeRequest>) -> R<txpb::TxEncodeResponse> {
        unimplemented("TxEncode")
    }
    async fn tx_encode_amino(
        &self,
        _: Request<txpb::TxEncodeAminoRequest>,
    ) -> R<txpb::TxEncodeAminoResponse> {
        unimplemented("TxEncodeAmino")
    }
    async fn tx_decode_amino(
        &self,
        _: Request<txpb::TxDecodeAminoRequest>,
    ) -> R<txpb::TxDecodeAminoResponse> {
        unimplemented("TxDecodeAmino")
    }
}

#[tonic::async_trait]
impl tm::service_server::Service for GrpcState {
    async fn get_node_info(
        &self,
        _: Request<tm::GetNodeInfoRequest>,
    ) -> R<tm::GetNodeInfoResponse> {
        let st = self
            .cometbft
            .status()
            .await
            .map_err(|e| Status::unavailable(format!("cometbft status: {e}")))?;
        let ni = st.node_info;
        Ok(Response::new(tm::GetNodeInfoResponse {
            default_node_info: Some(tendermint_proto::p2p::DefaultNodeInfo {
                protocol_version: None,
                default_node_id: ni.id.to_string(),
                listen_addr: ni.listen_addr.to_string(),
                network: ni.network.to_string(),
                version: ni.version.to_string(),
                channels: Vec::new(),
                moniker: ni.moniker.to_string(),
                other: None,
            }),
            application_version: Some(tm::VersionInfo {
                name: "openledger".to_string(),
                app_name: "openledgerd".to_string(),
                version: env!("CARGO_PKG_VERSION").to_string(),
                ..Default::default()
            }),
        }))
    }
    async fn get_syncing(&self, _: Request<tm::GetSyncingRequest>) -> R<tm::GetSyncingResponse> {
        let st = self
            .cometbft
            .status()
            .await
            .map_err(|e| Status::unavailable(format!("cometbft status: {e}")))?;
        Ok(Response::new(tm::GetSyncingResponse {
            syncing: st.sync_info.catching_up,
        }))
    }
    async fn get_latest_block(
        &self,
        _: Request<tm::GetLatestBlockRequest>,
    ) -> R<tm::GetLatestBlockResponse> {
        let b = self
            .cometbft
            .latest_block()
            .await
            .map_err(|e| Status::unavailable(format!("cometbft block: {e}")))?;
        Ok(Response::new(tm::GetLatestBlockResponse {
            block_id: Some(b.block_id.into()),
            block: Some(b.block.into()),
            sdk_block: None,
        }))
    }
    async fn get_block_by_height(
        &self,
        _: Request<tm::GetBlockByHeightRequest>,
    ) -> R<tm::GetBlockByHeightResponse> {
        unimplemented("GetBlockByHeight")
    }
    async fn get_latest_validator_set(
        &self,
        _: Request<tm::GetLatestValidatorSetRequest>,
    ) -> R<tm::GetLatestValidatorSetResponse> {
        unimplemented("GetLatestValidatorSet")
    }
    async fn get_validator_set_by_height(
        &self,
        _: Request<tm::GetValidatorSetByHeightRequest>,
    ) -> R<tm::GetValidatorSetByHeightResponse> {
        unimplemented("GetValidatorSetByHeight")
    }
    async fn abci_query(&self, req: Request<tm::AbciQueryRequest>) -> R<tm::AbciQueryResponse> {
        let r = req.into_inner();
        let q = self
            .gateway
            .query_limited(
                r.path,
                r.data,
                u64::try_from(r.height).unwrap_or(0),
                r.prove,
            )
            .await;
        Ok(Response::new(tm::AbciQueryResponse {
            code: q.code.value(),
            log: q.log,
            info: q.info,
            index: q.index,
            key: q.key.to_vec(),
            value: q.value.to_vec(),
            proof_ops: None,
            height: q.height.into(),
            codespace: q.codespace,
        }))
    }
}

#[tonic::async_trait]
impl node::service_server::Service for GrpcState {
    async fn config(&self, _: Request<node::ConfigRequest>) -> R<node::ConfigResponse> {
        let s = self.gateway.storage().latest_snapshot();
        ok(handlers::node_config(&s, self.gateway.local()))
    }
    async fn status(&self, _: Request<node::StatusRequest>) -> R<node::StatusResponse> {
        let latest = self.gateway.storage().latest();
        Ok(Response::new(node::StatusResponse {
            earliest_store_height: 0,
            height: latest.map(|c| c.height).unwrap_or(0),
            timestamp: None,
            app_hash: latest.map(|c| c.app_hash.to_vec()).unwrap_or_default(),
            validator_hash: Vec::new(),
        }))
    }
}

/// Serve every gRPC service on `addr`.
pub async fn serve(state: GrpcState, addr: std::net::SocketAddr) -> anyhow::Result<()> {
    serve_with(state, None, addr).await
}

/// Serve every gRPC service on `addr`, and the node's content service when given.
pub async fn serve_with(
    state: GrpcState,
    content: Option<ContentGrpcService>,
    addr: std::net::SocketAddr,
) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| anyhow::anyhow!("gRPC server on {addr}: {e}"))?;
    serve_on_with(state, content, listener).await
}

/// Serve every gRPC service, plus server reflection (v1 and v1alpha), on a bound listener.
pub async fn serve_on(state: GrpcState, listener: tokio::net::TcpListener) -> anyhow::Result<()> {
    serve_on_with(state, None, listener).await
}

/// [`serve_on`], with the node's content service (`openledger.content.v1.Content`) when given;
/// reflection then lists it too.
pub async fn serve_on_with(
    state: GrpcState,
    content: Option<ContentGrpcService>,
    listener: tokio::net::TcpListener,
) -> anyhow::Result<()> {
    let addr = listener.local_addr()?;
    let reflection = || {
        let b = reflection::builder();
        match content {
            Some(_) => b.with_service_name(content_methods::SERVICE),
            None => b,
        }
    };
    let reflection_v1 = reflection()
        .build_v1()
        .map_err(|e| anyhow::anyhow!("gRPC reflection: {e}"))?;
    let reflection_v1alpha = reflection()
        .build_v1alpha()
        .map_err(|e| anyhow::anyhow!("gRPC reflection: {e}"))?;
    let incoming = tonic::transport::server::TcpIncoming::from_listener(listener, true, None)
        .map_err(|e| anyhow::anyhow!("gRPC server on {addr}: {e}"))?;
    tonic::transport::Server::builder()
        .add_service(DispatchService::<AuthQuery>::new(state.clone()))
        .add_service(DispatchService::<BankQuery>::new(state.clone()))
        .add_service(txpb::service_server::ServiceServer::new(state.clone()))
        .add_service(tm::service_server::ServiceServer::new(state.clone()))
        .add_service(node::service_server::ServiceServer::new(state.clone()))
        .add_service(DispatchService::<StakingQuery>::new(state.clone()))
        .add_service(DispatchService::<DistributionQuery>::new(state.clone()))
        .add_service(DispatchService::<SlashingQuery>::new(state.clone()))
        .add_service(DispatchService::<GovQuery>::new(state.clone()))
        .add_service(DispatchService::<GopenQuery>::new(state.clone()))
        .add_service(DispatchService::<DatanetsQuery>::new(state.clone()))
        .add_service(DispatchService::<ModelsQuery>::new(state.clone()))
        .add_service(DispatchService::<AttributionQuery>::new(state))
        .add_optional_service(content)
        .add_service(reflection_v1)
        .add_service(reflection_v1alpha)
        .serve_with_incoming(incoming)
        .await
        .map_err(|e| anyhow::anyhow!("gRPC server on {addr}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::result_data;
    use base64::Engine;
    use cosmos_sdk_proto::cosmos::base::abci::v1beta1::TxMsgData;
    use prost::Message;

    #[test]
    fn result_data_reads_base64_text_and_raw_bytes() {
        let raw = TxMsgData {
            msg_responses: vec![cosmos_sdk_proto::Any {
                type_url: "/cosmos.bank.v1beta1.MsgSendResponse".into(),
                value: vec![],
            }],
            ..Default::default()
        }
        .encode_to_vec();
        let text = base64::engine::general_purpose::STANDARD.encode(&raw);
        assert_eq!(result_data(text.as_bytes()), raw);
        assert_eq!(result_data(&raw), raw);
        assert!(result_data(&[]).is_empty());
    }
}
