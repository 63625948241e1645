//! The tonic gRPC gateway: thin adapters over the same query functions as ABCI `Query`.
//! Transaction broadcast, tx lookup and node/block info are forwarded to CometBFT's RPC.
// tonic's `Status` is the error type the generated service traits require.
#![allow(clippy::result_large_err)]

use cosmos_sdk_proto::cosmos::auth::v1beta1 as auth;
use cosmos_sdk_proto::cosmos::bank::v1beta1 as bank;
use cosmos_sdk_proto::cosmos::base::abci::v1beta1::TxResponse;
use cosmos_sdk_proto::cosmos::base::node::v1beta1 as node;
use cosmos_sdk_proto::cosmos::base::tendermint::v1beta1 as tm;
use cosmos_sdk_proto::cosmos::tx::v1beta1 as txpb;
use prost::Message;
use tendermint_rpc::{Client, HttpClient};
use tonic::{Request, Response, Status};

use crate::query::abci::QueryGateway;
use crate::query::dispatch_grpc::{
    AttributionQuery, DatanetsQuery, DispatchService, DistributionQuery, GopenQuery, GovQuery,
    ModelsQuery, SlashingQuery, StakingQuery,
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

fn module<E: openledger_framework::ModuleError>(e: E) -> QueryError {
    QueryError::module(&e)
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

#[tonic::async_trait]
impl auth::query_server::Query for GrpcState {
    async fn account(
        &self,
        req: Request<auth::QueryAccountRequest>,
    ) -> R<auth::QueryAccountResponse> {
        let s = self.snapshot(&req)?;
        ok(openledger_auth::query_account(&s, req.get_ref()).map_err(module))
    }
    async fn params(&self, req: Request<auth::QueryParamsRequest>) -> R<auth::QueryParamsResponse> {
        let s = self.snapshot(&req)?;
        ok(openledger_auth::query_params(&s).map_err(module))
    }
    async fn accounts(
        &self,
        _: Request<auth::QueryAccountsRequest>,
    ) -> R<auth::QueryAccountsResponse> {
        unimplemented("Accounts")
    }
    async fn account_address_by_id(
        &self,
        _: Request<auth::QueryAccountAddressByIdRequest>,
    ) -> R<auth::QueryAccountAddressByIdResponse> {
        unimplemented("AccountAddressByID")
    }
    async fn module_accounts(
        &self,
        _: Request<auth::QueryModuleAccountsRequest>,
    ) -> R<auth::QueryModuleAccountsResponse> {
        unimplemented("ModuleAccounts")
    }
    async fn module_account_by_name(
        &self,
        _: Request<auth::QueryModuleAccountByNameRequest>,
    ) -> R<auth::QueryModuleAccountByNameResponse> {
        unimplemented("ModuleAccountByName")
    }
    async fn bech32_prefix(
        &self,
        _: Request<auth::Bech32PrefixRequest>,
    ) -> R<auth::Bech32PrefixResponse> {
        Ok(Response::new(auth::Bech32PrefixResponse {
            bech32_prefix: openledger_framework::ACCOUNT_PREFIX.to_string(),
        }))
    }
    async fn address_bytes_to_string(
        &self,
        req: Request<auth::AddressBytesToStringRequest>,
    ) -> R<auth::AddressBytesToStringResponse> {
        let a = openledger_framework::Address::from_slice(&req.get_ref().address_bytes)
            .map_err(|e| Status::invalid_argument(e.to_string()))?;
        Ok(Response::new(auth::AddressBytesToStringResponse {
            address_string: a.to_string(),
        }))
    }
    async fn address_string_to_bytes(
        &self,
        req: Request<auth::AddressStringToBytesRequest>,
    ) -> R<auth::AddressStringToBytesResponse> {
        let a: openledger_framework::Address = req.get_ref().address_string.parse().map_err(
            |e: openledger_framework::AddressError| Status::invalid_argument(e.to_string()),
        )?;
        Ok(Response::new(auth::AddressStringToBytesResponse {
            address_bytes: a.0.to_vec(),
        }))
    }
    async fn account_info(
        &self,
        _: Request<auth::QueryAccountInfoRequest>,
    ) -> R<auth::QueryAccountInfoResponse> {
        unimplemented("AccountInfo")
    }
}

#[tonic::async_trait]
impl bank::query_server::Query for GrpcState {
    async fn balance(
        &self,
        req: Request<bank::QueryBalanceRequest>,
    ) -> R<bank::QueryBalanceResponse> {
        let s = self.snapshot(&req)?;
        ok(openledger_bank::query_balance(&s, req.get_ref()).map_err(module))
    }
    async fn all_balances(
        &self,
        req: Request<bank::QueryAllBalancesRequest>,
    ) -> R<bank::QueryAllBalancesResponse> {
        let s = self.snapshot(&req)?;
        ok(openledger_bank::query_all_balances(&s, req.get_ref()).map_err(module))
    }
    async fn total_supply(
        &self,
        req: Request<bank::QueryTotalSupplyRequest>,
    ) -> R<bank::QueryTotalSupplyResponse> {
        let s = self.snapshot(&req)?;
        ok(openledger_bank::query_total_supply(&s, req.get_ref()).map_err(module))
    }
    async fn supply_of(
        &self,
        req: Request<bank::QuerySupplyOfRequest>,
    ) -> R<bank::QuerySupplyOfResponse> {
        let s = self.snapshot(&req)?;
        ok(openledger_bank::query_supply_of(&s, req.get_ref()).map_err(module))
    }
    async fn spendable_balances(
        &self,
        req: Request<bank::QuerySpendableBalancesRequest>,
    ) -> R<bank::QuerySpendableBalancesResponse> {
        // No locked funds exist yet, so spendable equals the balance.
        let s = self.snapshot(&req)?;
        let r = req.get_ref();
        let all = openledger_bank::query_all_balances(
            &s,
            &bank::QueryAllBalancesRequest {
                address: r.address.clone(),
                pagination: r.pagination.clone(),
                resolve_denom: false,
            },
        )
        .map_err(|e| module(e).to_status())?;
        Ok(Response::new(bank::QuerySpendableBalancesResponse {
            balances: all.balances,
            pagination: all.pagination,
        }))
    }
    async fn spendable_balance_by_denom(
        &self,
        req: Request<bank::QuerySpendableBalanceByDenomRequest>,
    ) -> R<bank::QuerySpendableBalanceByDenomResponse> {
        let s = self.snapshot(&req)?;
        let r = req.get_ref();
        let b = openledger_bank::query_balance(
            &s,
            &bank::QueryBalanceRequest {
                address: r.address.clone(),
                denom: r.denom.clone(),
            },
        )
        .map_err(|e| module(e).to_status())?;
        Ok(Response::new(bank::QuerySpendableBalanceByDenomResponse {
            balance: b.balance,
        }))
    }
    async fn params(&self, _: Request<bank::QueryParamsRequest>) -> R<bank::QueryParamsResponse> {
        unimplemented("bank Params")
    }
    async fn denom_metadata(
        &self,
        _: Request<bank::QueryDenomMetadataRequest>,
    ) -> R<bank::QueryDenomMetadataResponse> {
        unimplemented("DenomMetadata")
    }
    async fn denom_metadata_by_query_string(
        &self,
        _: Request<bank::QueryDenomMetadataByQueryStringRequest>,
    ) -> R<bank::QueryDenomMetadataByQueryStringResponse> {
        unimplemented("DenomMetadataByQueryString")
    }
    async fn denoms_metadata(
        &self,
        _: Request<bank::QueryDenomsMetadataRequest>,
    ) -> R<bank::QueryDenomsMetadataResponse> {
        unimplemented("DenomsMetadata")
    }
    async fn denom_owners(
        &self,
        _: Request<bank::QueryDenomOwnersRequest>,
    ) -> R<bank::QueryDenomOwnersResponse> {
        unimplemented("DenomOwners")
    }
    async fn denom_owners_by_query(
        &self,
        _: Request<bank::QueryDenomOwnersByQueryRequest>,
    ) -> R<bank::QueryDenomOwnersByQueryResponse> {
        unimplemented("DenomOwnersByQuery")
    }
    async fn send_enabled(
        &self,
        _: Request<bank::QuerySendEnabledRequest>,
    ) -> R<bank::QuerySendEnabledResponse> {
        unimplemented("SendEnabled")
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
            type_url: "/cosmos.tx.v1beta1.Tx".to_string(),
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
        ok(handlers::simulate(&s, req.get_ref()))
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
        let r = req.get_ref();
        let q = self.gateway.query(
            &r.path,
            &r.data,
            u64::try_from(r.height).unwrap_or(0),
            r.prove,
        );
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
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| anyhow::anyhow!("gRPC server on {addr}: {e}"))?;
    serve_on(state, listener).await
}

/// Serve every gRPC service, plus server reflection (v1 and v1alpha), on a bound listener.
pub async fn serve_on(state: GrpcState, listener: tokio::net::TcpListener) -> anyhow::Result<()> {
    let addr = listener.local_addr()?;
    let descriptors = reflection::encoded_file_descriptor_set();
    let reflection_v1 = tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(&descriptors)
        .build_v1()
        .map_err(|e| anyhow::anyhow!("gRPC reflection: {e}"))?;
    let reflection_v1alpha = tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(&descriptors)
        .build_v1alpha()
        .map_err(|e| anyhow::anyhow!("gRPC reflection: {e}"))?;
    let incoming = tonic::transport::server::TcpIncoming::from_listener(listener, true, None)
        .map_err(|e| anyhow::anyhow!("gRPC server on {addr}: {e}"))?;
    tonic::transport::Server::builder()
        .add_service(auth::query_server::QueryServer::new(state.clone()))
        .add_service(bank::query_server::QueryServer::new(state.clone()))
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
