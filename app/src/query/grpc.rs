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
    AdaptersQuery, AttributionQuery, AuthQuery, BankQuery, DatanetsQuery, DispatchService,
    DistributionQuery, FeedbackQuery, FinetuneQuery, GopenQuery, GovQuery, IbcChannelQuery,
    IbcClientQuery, IbcConnectionQuery, IbcRateLimitQuery, IbcTransferQuery, ModelsQuery,
    SlashingQuery, StakingQuery, UpgradeQuery,
};
use crate::query::error::{status, QueryError};
use crate::query::handlers;
use crate::query::reflection;

type R<T> = Result<Response<T>, Status>;

fn unimplemented<T>(what: &str) -> R<T> {
    Err(Status::unimplemented(format!(
        "{what} is not served by this node"
    )))
}

/// CometBFT's RPC did not answer: the client reads a short reason, never the transport chain.
fn rpc_unavailable(what: &str) -> impl FnOnce(tendermint_rpc::Error) -> Status + '_ {
    move |e| {
        tracing::debug!(error = %e, "cometbft rpc {what}");
        status(
            tonic::Code::Unavailable,
            format!("cometbft rpc {what} failed: the node's consensus engine did not answer"),
        )
    }
}

/// Whether a CometBFT RPC error is its answer that the item is not there (as opposed to the
/// RPC not answering at all).
fn rpc_not_found(e: &tendermint_rpc::Error) -> bool {
    matches!(e.detail(), tendermint_rpc::error::ErrorDetail::Response(_))
}

/// The most txs [`GetTxsEvent`](txpb::service_server::Service::get_txs_event) returns per
/// page (CometBFT's own `tx_search` maximum), and the default.
pub const MAX_TXS_PER_PAGE: u64 = 100;
/// The longest `query` (or sum of `events`) GetTxsEvent accepts.
pub const MAX_TX_QUERY_LEN: usize = 1024;
/// The most `events` conditions GetTxsEvent accepts.
pub const MAX_TX_QUERY_EVENTS: usize = 16;

/// The CometBFT query of a GetTxsEvent request: the v0.50 `query` string, or else the
/// `events` list (`type.attr=value`, values quoted if not already) joined with `AND`.
#[allow(deprecated)] // `events` is deprecated in the SDK but still sent by its clients
pub fn tx_search_query(req: &txpb::GetTxsEventRequest) -> Result<String, Status> {
    let q = if !req.query.trim().is_empty() {
        req.query.trim().to_string()
    } else {
        if req.events.is_empty() {
            return Err(Status::invalid_argument("query cannot be empty"));
        }
        if req.events.len() > MAX_TX_QUERY_EVENTS {
            return Err(Status::invalid_argument(format!(
                "at most {MAX_TX_QUERY_EVENTS} events"
            )));
        }
        let mut conds = Vec::with_capacity(req.events.len());
        for e in &req.events {
            let Some((key, value)) = e.split_once('=') else {
                return Err(status(
                    tonic::Code::InvalidArgument,
                    format!("invalid event; event {e} should be of the format: type.attr=value"),
                ));
            };
            let (key, value) = (key.trim(), value.trim());
            if key.is_empty() || value.is_empty() || !key.contains('.') {
                return Err(status(
                    tonic::Code::InvalidArgument,
                    format!("invalid event; event {e} should be of the format: type.attr=value"),
                ));
            }
            let value = value.trim_matches('\'');
            conds.push(format!("{key}='{value}'"));
        }
        conds.join(" AND ")
    };
    if q.len() > MAX_TX_QUERY_LEN {
        return Err(Status::invalid_argument(format!(
            "query longer than {MAX_TX_QUERY_LEN} bytes"
        )));
    }
    Ok(q)
}

/// Page (1-based) and page size of a GetTxsEvent request: `page`/`limit`, or else the
/// deprecated `pagination` (`offset` must then be a multiple of the limit).
#[allow(deprecated)] // `pagination` is deprecated in the SDK but still sent by its clients
pub fn tx_search_page(req: &txpb::GetTxsEventRequest) -> Result<(u32, u8), Status> {
    let (page, limit) = if req.page != 0 || req.limit != 0 {
        (req.page.max(1), req.limit)
    } else if let Some(p) = &req.pagination {
        if !p.key.is_empty() {
            return Err(Status::invalid_argument(
                "key-based pagination is not supported by GetTxsEvent; use page and limit",
            ));
        }
        let limit = if p.limit == 0 {
            MAX_TXS_PER_PAGE
        } else {
            p.limit.min(MAX_TXS_PER_PAGE)
        };
        (p.offset / limit + 1, limit)
    } else {
        (1, 0)
    };
    let limit = if limit == 0 {
        MAX_TXS_PER_PAGE
    } else {
        limit.min(MAX_TXS_PER_PAGE)
    };
    let page = u32::try_from(page).map_err(|_| Status::invalid_argument("page too large"))?;
    // limit <= 100
    Ok((page, u8::try_from(limit).unwrap_or(100)))
}

fn decode_tx(bytes: &[u8]) -> Result<txpb::Tx, Status> {
    txpb::Tx::decode(bytes).map_err(|_| Status::invalid_argument("tx bytes are not a valid Tx"))
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
    /// The block at `height` from CometBFT: NOT_FOUND if it has none, UNAVAILABLE if it
    /// cannot be reached.
    async fn block_at(
        &self,
        height: tendermint::block::Height,
    ) -> Result<tendermint_rpc::endpoint::block::Response, Status> {
        self.cometbft.block(height).await.map_err(|e| {
            if rpc_not_found(&e) {
                Status::not_found(format!("block {height} not found"))
            } else {
                rpc_unavailable("block")(e)
            }
        })
    }

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
        let r = self.cometbft.tx(hash, false).await.map_err(|e| {
            if rpc_not_found(&e) {
                Status::not_found(format!("tx {hash} not found"))
            } else {
                rpc_unavailable("tx")(e)
            }
        })?;
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
        let req = req.into_inner();
        if req.tx_bytes.is_empty() {
            return Err(Status::invalid_argument("invalid empty tx"));
        }
        let mode = txpb::BroadcastMode::try_from(req.mode).unwrap_or_default();
        let r = match mode {
            txpb::BroadcastMode::Block => {
                return Err(Status::invalid_argument(
                    "broadcast mode BLOCK is not supported (as in Cosmos SDK 0.50); \
                     use BROADCAST_MODE_SYNC and wait for the tx with GetTx",
                ))
            }
            txpb::BroadcastMode::Async => {
                let r = self
                    .cometbft
                    .broadcast_tx_async(req.tx_bytes)
                    .await
                    .map_err(rpc_unavailable("broadcast_tx_async"))?;
                return Ok(Response::new(txpb::BroadcastTxResponse {
                    tx_response: Some(TxResponse {
                        txhash: r.hash.to_string(),
                        ..Default::default()
                    }),
                }));
            }
            // unspecified is taken as sync, the mode every client means by it
            txpb::BroadcastMode::Sync | txpb::BroadcastMode::Unspecified => self
                .cometbft
                .broadcast_tx_sync(req.tx_bytes)
                .await
                .map_err(rpc_unavailable("broadcast_tx_sync"))?,
        };
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
    #[allow(deprecated)] // `pagination` of the response is still read by older clients
    async fn get_txs_event(
        &self,
        req: Request<txpb::GetTxsEventRequest>,
    ) -> R<txpb::GetTxsEventResponse> {
        let req = req.into_inner();
        let q = tx_search_query(&req)?;
        let (page, per_page) = tx_search_page(&req)?;
        let query: tendermint_rpc::query::Query = q
            .parse()
            .map_err(|_| status(tonic::Code::InvalidArgument, format!("invalid query: {q}")))?;
        let order = match txpb::OrderBy::try_from(req.order_by).unwrap_or_default() {
            txpb::OrderBy::Desc => tendermint_rpc::Order::Descending,
            _ => tendermint_rpc::Order::Ascending,
        };
        let r = self
            .cometbft
            .tx_search(query, false, page, per_page, order)
            .await
            .map_err(|e| {
                if rpc_not_found(&e) {
                    // CometBFT answers an error for a page past the end or a bad query
                    status(
                        tonic::Code::InvalidArgument,
                        format!("tx search: {}", e.detail()),
                    )
                } else {
                    rpc_unavailable("tx_search")(e)
                }
            })?;
        let mut txs = Vec::with_capacity(r.txs.len());
        let mut tx_responses = Vec::with_capacity(r.txs.len());
        for t in &r.txs {
            txs.push(txpb::Tx::decode(t.tx.as_slice()).unwrap_or_default());
            tx_responses.push(tx_response(
                t.height.into(),
                t.hash.to_string(),
                &t.tx_result,
                Some(&t.tx),
            ));
        }
        let total = u64::from(r.total_count);
        Ok(Response::new(txpb::GetTxsEventResponse {
            txs,
            tx_responses,
            pagination: Some(
                cosmos_sdk_proto::cosmos::base::query::v1beta1::PageResponse {
                    next_key: Vec::new(),
                    total,
                },
            ),
            total,
        }))
    }
    async fn get_block_with_txs(
        &self,
        req: Request<txpb::GetBlockWithTxsRequest>,
    ) -> R<txpb::GetBlockWithTxsResponse> {
        let req = req.into_inner();
        let height = block_height(req.height)?;
        let b = self.block_at(height).await?;
        let all = b.block.data.clone();
        let (start, end, page) = offset_page(all.len(), req.pagination.as_ref())?;
        let mut txs = Vec::with_capacity(end - start);
        for raw in all.get(start..end).unwrap_or_default() {
            txs.push(decode_tx(raw)?);
        }
        Ok(Response::new(txpb::GetBlockWithTxsResponse {
            txs,
            block_id: Some(b.block_id.into()),
            block: Some(b.block.into()),
            pagination: Some(page),
        }))
    }
    async fn tx_decode(&self, req: Request<txpb::TxDecodeRequest>) -> R<txpb::TxDecodeResponse> {
        let bytes = req.into_inner().tx_bytes;
        if bytes.is_empty() {
            return Err(Status::invalid_argument("invalid empty tx bytes"));
        }
        Ok(Response::new(txpb::TxDecodeResponse {
            tx: Some(decode_tx(&bytes)?),
        }))
    }
    async fn tx_encode(&self, req: Request<txpb::TxEncodeRequest>) -> R<txpb::TxEncodeResponse> {
        let tx = req
            .into_inner()
            .tx
            .ok_or_else(|| Status::invalid_argument("invalid empty tx"))?;
        Ok(Response::new(txpb::TxEncodeResponse {
            tx_bytes: tx.encode_to_vec(),
        }))
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
            .map_err(rpc_unavailable("status"))?;
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
            application_version: Some(crate::query::handlers::app_version_info(
                &ni.version.to_string(),
            )),
        }))
    }
    async fn get_syncing(&self, _: Request<tm::GetSyncingRequest>) -> R<tm::GetSyncingResponse> {
        let st = self
            .cometbft
            .status()
            .await
            .map_err(rpc_unavailable("status"))?;
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
            .map_err(rpc_unavailable("block"))?;
        let block: tendermint_proto::types::Block = b.block.into();
        Ok(Response::new(tm::GetLatestBlockResponse {
            block_id: Some(b.block_id.into()),
            sdk_block: Some(sdk_block(&block)),
            block: Some(block),
        }))
    }
    async fn get_block_by_height(
        &self,
        req: Request<tm::GetBlockByHeightRequest>,
    ) -> R<tm::GetBlockByHeightResponse> {
        let height = block_height(req.get_ref().height)?;
        let b = self.block_at(height).await?;
        let block: tendermint_proto::types::Block = b.block.into();
        Ok(Response::new(tm::GetBlockByHeightResponse {
            block_id: Some(b.block_id.into()),
            sdk_block: Some(sdk_block(&block)),
            block: Some(block),
        }))
    }
    async fn get_latest_validator_set(
        &self,
        req: Request<tm::GetLatestValidatorSetRequest>,
    ) -> R<tm::GetLatestValidatorSetResponse> {
        let st = self
            .cometbft
            .status()
            .await
            .map_err(rpc_unavailable("status"))?;
        let height = st.sync_info.latest_block_height;
        let (block_height, validators, pagination) = self
            .validator_set(height, req.into_inner().pagination.as_ref())
            .await?;
        Ok(Response::new(tm::GetLatestValidatorSetResponse {
            block_height,
            validators,
            pagination: Some(pagination),
        }))
    }
    async fn get_validator_set_by_height(
        &self,
        req: Request<tm::GetValidatorSetByHeightRequest>,
    ) -> R<tm::GetValidatorSetByHeightResponse> {
        let req = req.into_inner();
        let height = block_height(req.height)?;
        let (block_height, validators, pagination) =
            self.validator_set(height, req.pagination.as_ref()).await?;
        Ok(Response::new(tm::GetValidatorSetByHeightResponse {
            block_height,
            validators,
            pagination: Some(pagination),
        }))
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

/// A requested block height: positive.
fn block_height(h: i64) -> Result<tendermint::block::Height, Status> {
    if h <= 0 {
        return Err(Status::invalid_argument("height must be greater than 0"));
    }
    tendermint::block::Height::try_from(h)
        .map_err(|_| Status::invalid_argument("height out of range"))
}

/// The `[start, end)` window of `len` items a `PageRequest` selects by `offset` (or by a
/// `key` holding a big-endian offset, as this node's `next_key` does) and `limit` (default
/// 100, at most 1000), with `reverse`; and its `PageResponse`.
pub fn offset_page(
    len: usize,
    p: Option<&cosmos_sdk_proto::cosmos::base::query::v1beta1::PageRequest>,
) -> Result<
    (
        usize,
        usize,
        cosmos_sdk_proto::cosmos::base::query::v1beta1::PageResponse,
    ),
    Status,
> {
    use cosmos_sdk_proto::cosmos::base::query::v1beta1::PageResponse;
    let default = Default::default();
    let p = p.unwrap_or(&default);
    let limit = openledger_framework::query::page_limit(p.limit);
    let offset = if !p.key.is_empty() {
        let k: [u8; 8] = p
            .key
            .as_slice()
            .try_into()
            .map_err(|_| Status::invalid_argument("invalid pagination key"))?;
        u64::from_be_bytes(k)
    } else {
        p.offset
    };
    let offset = usize::try_from(offset).unwrap_or(usize::MAX).min(len);
    let end = offset.saturating_add(limit).min(len);
    let next_key = if end < len {
        u64::try_from(end)
            .unwrap_or(u64::MAX)
            .to_be_bytes()
            .to_vec()
    } else {
        Vec::new()
    };
    let total = if p.count_total {
        u64::try_from(len).unwrap_or(u64::MAX)
    } else {
        0
    };
    // `reverse` counts the window from the end
    let (start, end) = if p.reverse {
        (len - end, len - offset)
    } else {
        (offset, end)
    };
    Ok((start, end, PageResponse { next_key, total }))
}

/// The SDK's block form: the CometBFT block with the proposer as a `openvalcons` address.
pub fn sdk_block(b: &tendermint_proto::types::Block) -> tm::Block {
    let header = b.header.as_ref().map(|h| tm::Header {
        version: h.version,
        chain_id: h.chain_id.clone(),
        height: h.height,
        time: h.time,
        last_block_id: h.last_block_id.clone(),
        last_commit_hash: h.last_commit_hash.clone(),
        data_hash: h.data_hash.clone(),
        validators_hash: h.validators_hash.clone(),
        next_validators_hash: h.next_validators_hash.clone(),
        consensus_hash: h.consensus_hash.clone(),
        app_hash: h.app_hash.clone(),
        last_results_hash: h.last_results_hash.clone(),
        evidence_hash: h.evidence_hash.clone(),
        proposer_address: valcons(&h.proposer_address),
    });
    tm::Block {
        header,
        data: b.data.clone(),
        evidence: b.evidence.clone(),
        last_commit: b.last_commit.clone(),
    }
}

fn valcons(addr: &[u8]) -> String {
    match <[u8; 20]>::try_from(addr) {
        Ok(a) => openledger_framework::Address(a).to_bech32(openledger_framework::VALCONS_PREFIX),
        Err(_) => String::new(),
    }
}

impl GrpcState {
    /// One page of the validator set at `height`, in CometBFT's order, as the SDK answers it.
    async fn validator_set(
        &self,
        height: tendermint::block::Height,
        p: Option<&cosmos_sdk_proto::cosmos::base::query::v1beta1::PageRequest>,
    ) -> Result<
        (
            i64,
            Vec<tm::Validator>,
            cosmos_sdk_proto::cosmos::base::query::v1beta1::PageResponse,
        ),
        Status,
    > {
        let r = self
            .cometbft
            .validators(height, tendermint_rpc::Paging::All)
            .await
            .map_err(|e| {
                if rpc_not_found(&e) {
                    Status::not_found(format!("validator set at height {height} not found"))
                } else {
                    rpc_unavailable("validators")(e)
                }
            })?;
        let (start, end, mut page) = offset_page(r.validators.len(), p)?;
        if p.is_none_or(|p| p.count_total) {
            page.total = u64::try_from(r.validators.len()).unwrap_or(u64::MAX);
        }
        let validators = r
            .validators
            .get(start..end)
            .unwrap_or_default()
            .iter()
            .map(|v| tm::Validator {
                address: valcons(v.address.as_bytes()),
                pub_key: Some(validator_pub_key(&v.pub_key)),
                voting_power: i64::try_from(v.power.value()).unwrap_or(i64::MAX),
                proposer_priority: v.proposer_priority.value(),
            })
            .collect();
        Ok((r.block_height.into(), validators, page))
    }
}

/// A consensus key as the SDK's `Any` (`/cosmos.crypto.ed25519.PubKey`...).
fn validator_pub_key(k: &tendermint::PublicKey) -> tendermint_proto::google::protobuf::Any {
    // the chain's consensus keys are ed25519 (CometBFT's default)
    tendermint_proto::google::protobuf::Any {
        type_url: "/cosmos.crypto.ed25519.PubKey".into(),
        value: cosmos_sdk_proto::cosmos::crypto::ed25519::PubKey { key: k.to_bytes() }
            .encode_to_vec(),
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
        .add_service(DispatchService::<AttributionQuery>::new(state.clone()))
        .add_service(DispatchService::<AdaptersQuery>::new(state.clone()))
        .add_service(DispatchService::<FinetuneQuery>::new(state.clone()))
        .add_service(DispatchService::<FeedbackQuery>::new(state.clone()))
        .add_service(DispatchService::<UpgradeQuery>::new(state.clone()))
        .add_service(DispatchService::<IbcClientQuery>::new(state.clone()))
        .add_service(DispatchService::<IbcConnectionQuery>::new(state.clone()))
        .add_service(DispatchService::<IbcChannelQuery>::new(state.clone()))
        .add_service(DispatchService::<IbcTransferQuery>::new(state.clone()))
        .add_service(DispatchService::<IbcRateLimitQuery>::new(state))
        .add_optional_service(content)
        .add_service(reflection_v1)
        .add_service(reflection_v1alpha)
        .serve_with_incoming(incoming)
        .await
        .map_err(|e| anyhow::anyhow!("gRPC server on {addr}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::{offset_page, result_data, tx_search_page, tx_search_query, MAX_TXS_PER_PAGE};
    use cosmos_sdk_proto::cosmos::base::query::v1beta1::PageRequest;
    use cosmos_sdk_proto::cosmos::tx::v1beta1::GetTxsEventRequest;

    #[allow(deprecated)]
    fn events(e: &[&str]) -> GetTxsEventRequest {
        GetTxsEventRequest {
            events: e.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn tx_search_query_takes_the_query_string_or_anded_quoted_events() {
        let q = GetTxsEventRequest {
            query: "message.sender='open1x' AND tx.height>=3".into(),
            ..Default::default()
        };
        assert_eq!(
            tx_search_query(&q).unwrap(),
            "message.sender='open1x' AND tx.height>=3"
        );
        assert_eq!(
            tx_search_query(&events(&["message.sender=open1x", "message.action='/a.B'"])).unwrap(),
            "message.sender='open1x' AND message.action='/a.B'"
        );
        for bad in [&[][..], &["nokey"][..], &["=v"][..], &["noattr=v"][..]] {
            let e = tx_search_query(&events(bad)).unwrap_err();
            assert_eq!(e.code(), tonic::Code::InvalidArgument);
        }
        let many: Vec<String> = (0..17).map(|i| format!("a.b={i}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        assert!(tx_search_query(&events(&many)).is_err());
        let long = GetTxsEventRequest {
            query: format!("a.b='{}'", "x".repeat(2000)),
            ..Default::default()
        };
        assert!(tx_search_query(&long).is_err());
    }

    #[test]
    #[allow(deprecated)]
    fn tx_search_pages_are_capped_at_100() {
        let r = |page, limit| GetTxsEventRequest {
            page,
            limit,
            ..Default::default()
        };
        assert_eq!(tx_search_page(&r(0, 0)).unwrap(), (1, 100));
        assert_eq!(tx_search_page(&r(3, 10)).unwrap(), (3, 10));
        assert_eq!(tx_search_page(&r(1, 5000)).unwrap(), (1, 100));
        assert!(tx_search_page(&r(u64::MAX, 1)).is_err());
        let p = |offset, limit, key: Vec<u8>| GetTxsEventRequest {
            pagination: Some(PageRequest {
                key,
                offset,
                limit,
                ..Default::default()
            }),
            ..Default::default()
        };
        assert_eq!(tx_search_page(&p(20, 10, vec![])).unwrap(), (3, 10));
        assert_eq!(tx_search_page(&p(0, 1000, vec![])).unwrap(), (1, 100));
        assert!(tx_search_page(&p(0, 10, vec![1])).is_err());
        assert_eq!(MAX_TXS_PER_PAGE, 100);
    }

    #[test]
    fn offset_pages_follow_the_sdk_with_a_cap() {
        let req = |key: Vec<u8>, offset, limit, count_total, reverse| PageRequest {
            key,
            offset,
            limit,
            count_total,
            reverse,
        };
        // default limit 100, next_key continues
        let (s, e, p) = offset_page(250, None).unwrap();
        assert_eq!((s, e, p.total), (0, 100, 0));
        let (s, e, p2) = offset_page(250, Some(&req(p.next_key, 0, 0, true, false))).unwrap();
        assert_eq!((s, e, p2.total), (100, 200, 250));
        // the cap: at most 1000 whatever the limit
        let (s, e, _) = offset_page(5000, Some(&req(vec![], 0, u64::MAX, false, false))).unwrap();
        assert_eq!((s, e), (0, 1000));
        // offset past the end is empty, reverse counts from the end
        let (s, e, p) = offset_page(10, Some(&req(vec![], 50, 5, false, false))).unwrap();
        assert_eq!((s, e), (10, 10));
        assert!(p.next_key.is_empty());
        let (s, e, _) = offset_page(10, Some(&req(vec![], 0, 3, false, true))).unwrap();
        assert_eq!((s, e), (7, 10));
        assert!(offset_page(10, Some(&req(vec![1, 2], 0, 0, false, false))).is_err());
    }

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
