//! One entry point for every query method by its gRPC path: what the REST gateway calls.
//!
//! The module query services go to the ABCI dispatcher ([`dispatch`]) on the query limiter, as
//! their gRPC services do; the node services (`cosmos.tx.v1beta1.Service`,
//! `cosmos.base.tendermint.v1beta1.Service`, `cosmos.base.node.v1beta1.Service`) decode the typed
//! request and call the same trait methods their tonic servers call. gRPC, ABCI `Query` and
//! REST thus answer each method with one handler.
// tonic's `Status` is the error type the service traits return.
#![allow(clippy::result_large_err)]

use cosmos_sdk_proto::cosmos::base::node::v1beta1 as node;
use cosmos_sdk_proto::cosmos::base::tendermint::v1beta1 as tm;
use cosmos_sdk_proto::cosmos::tx::v1beta1 as txpb;
use openledger_proto::methods::cosmos as m;
use prost::Message;
use tonic::{Request, Status};

use crate::query::abci::dispatch;
use crate::query::grpc::GrpcState;

/// The request metadata key of the query height, as the SDK reads it.
pub const HEIGHT_HEADER: &str = "x-cosmos-block-height";

fn decode<T: Message + Default>(bytes: &[u8], height: u64) -> Result<Request<T>, Status> {
    let mut req = T::decode(bytes)
        .map(Request::new)
        .map_err(|_| Status::invalid_argument("cannot decode the request"))?;
    if height > 0 {
        if let Ok(v) = height.to_string().parse() {
            req.metadata_mut().insert(HEIGHT_HEADER, v);
        }
    }
    Ok(req)
}

fn encode<T: Message>(r: Result<tonic::Response<T>, Status>) -> Result<Vec<u8>, Status> {
    r.map(|r| r.into_inner().encode_to_vec())
}

/// Answer the method at `method_path` (`/package.Service/Method`) for the encoded request
/// `request`, at the latest committed height; the encoded response, or the status gRPC would
/// answer. An unknown path is UNIMPLEMENTED.
pub async fn call(state: &GrpcState, method_path: &str, request: &[u8]) -> Result<Vec<u8>, Status> {
    call_at(state, 0, method_path, request).await
}

/// [`call`] at a committed `height` (0: the latest), as gRPC's `x-cosmos-block-height`
/// header asks: state queries and Simulate read that height; the node services that ask
/// CometBFT answer as they do over gRPC.
pub async fn call_at(
    state: &GrpcState,
    height: u64,
    method_path: &str,
    request: &[u8],
) -> Result<Vec<u8>, Status> {
    use node::service_server::Service as _;
    use tm::service_server::Service as _;
    use txpb::service_server::Service as _;
    match method_path {
        // cosmos.tx.v1beta1.Service
        m::tx::v1beta1::service::SIMULATE => encode(state.simulate(decode(request, height)?).await),
        m::tx::v1beta1::service::GET_TX => encode(state.get_tx(decode(request, height)?).await),
        m::tx::v1beta1::service::BROADCAST_TX => {
            encode(state.broadcast_tx(decode(request, height)?).await)
        }
        m::tx::v1beta1::service::GET_TXS_EVENT => {
            encode(state.get_txs_event(decode(request, height)?).await)
        }
        m::tx::v1beta1::service::GET_BLOCK_WITH_TXS => {
            encode(state.get_block_with_txs(decode(request, height)?).await)
        }
        m::tx::v1beta1::service::TX_DECODE => {
            encode(state.tx_decode(decode(request, height)?).await)
        }
        m::tx::v1beta1::service::TX_ENCODE => {
            encode(state.tx_encode(decode(request, height)?).await)
        }
        m::tx::v1beta1::service::TX_ENCODE_AMINO => {
            encode(state.tx_encode_amino(decode(request, height)?).await)
        }
        m::tx::v1beta1::service::TX_DECODE_AMINO => {
            encode(state.tx_decode_amino(decode(request, height)?).await)
        }
        // cosmos.base.tendermint.v1beta1.Service
        m::base::tendermint::v1beta1::service::GET_NODE_INFO => {
            encode(state.get_node_info(decode(request, height)?).await)
        }
        m::base::tendermint::v1beta1::service::GET_SYNCING => {
            encode(state.get_syncing(decode(request, height)?).await)
        }
        m::base::tendermint::v1beta1::service::GET_LATEST_BLOCK => {
            encode(state.get_latest_block(decode(request, height)?).await)
        }
        m::base::tendermint::v1beta1::service::GET_BLOCK_BY_HEIGHT => {
            encode(state.get_block_by_height(decode(request, height)?).await)
        }
        m::base::tendermint::v1beta1::service::GET_LATEST_VALIDATOR_SET => encode(
            state
                .get_latest_validator_set(decode(request, height)?)
                .await,
        ),
        m::base::tendermint::v1beta1::service::GET_VALIDATOR_SET_BY_HEIGHT => encode(
            state
                .get_validator_set_by_height(decode(request, height)?)
                .await,
        ),
        m::base::tendermint::v1beta1::service::ABCI_QUERY => {
            encode(state.abci_query(decode(request, height)?).await)
        }
        // cosmos.base.node.v1beta1.Service
        m::base::node::v1beta1::service::CONFIG => {
            encode(state.config(decode(request, height)?).await)
        }
        m::base::node::v1beta1::service::STATUS => {
            encode(state.status(decode(request, height)?).await)
        }
        // the module query services
        path => {
            if crate::modules::routes().query(path).is_none() {
                return Err(Status::unimplemented(format!(
                    "{} is not served by this node",
                    bounded(path)
                )));
            }
            let snapshot = state.gateway.snapshot(height).map_err(|e| e.to_status())?;
            let local = state.gateway.local();
            let limiter = state.gateway.limiter();
            let cap = limiter.limits().simulate_gas_cap();
            let path = path.to_string();
            let data = request.to_vec();
            limiter
                .run(move || dispatch(&snapshot, local, cap, &path, &data))
                .await
                .map_err(|e| e.to_status())
        }
    }
}

/// A client-given path, cut to a length fit for an error message.
fn bounded(path: &str) -> &str {
    const MAX: usize = 120;
    if path.len() <= MAX {
        return path;
    }
    let mut end = MAX;
    while !path.is_char_boundary(end) {
        end -= 1;
    }
    &path[..end]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::abci::QueryGateway;
    use crate::tx::execute::LocalPolicy;

    fn state() -> (GrpcState, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let storage = crate::store::Storage::open(
            &dir.path().join("db"),
            crate::store::StoreConfig { keep_recent: 0 },
        )
        .unwrap();
        let gateway = QueryGateway::new(storage, LocalPolicy::default());
        let unused = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap();
        let cometbft =
            tendermint_rpc::HttpClient::new(format!("http://{unused}").as_str()).unwrap();
        (GrpcState { gateway, cometbft }, dir)
    }

    #[tokio::test]
    async fn module_method_goes_to_the_dispatcher() {
        let (s, _dir) = state();
        let req = cosmos_sdk_proto::cosmos::bank::v1beta1::QueryBalanceRequest {
            address: "open1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqrmw0ak".into(),
            denom: "aopen".into(),
        };
        let r = call(
            &s,
            openledger_proto::methods::cosmos::bank::v1beta1::query::BALANCE,
            &req.encode_to_vec(),
        )
        .await;
        // an empty store answers the balance (zero) or a clean refusal, never a panic
        match r {
            Ok(bytes) => {
                cosmos_sdk_proto::cosmos::bank::v1beta1::QueryBalanceResponse::decode(
                    bytes.as_slice(),
                )
                .unwrap();
            }
            Err(e) => assert_ne!(e.code(), tonic::Code::Unimplemented, "{e}"),
        }
    }

    #[tokio::test]
    async fn node_method_calls_the_typed_service() {
        let (s, _dir) = state();
        let bytes = call(
            &s,
            m::base::node::v1beta1::service::STATUS,
            &node::StatusRequest {}.encode_to_vec(),
        )
        .await
        .unwrap();
        let r = node::StatusResponse::decode(bytes.as_slice()).unwrap();
        assert_eq!(r.height, 0);
        // a tendermint method reaches its trait method (CometBFT is absent here)
        let e = call(&s, m::base::tendermint::v1beta1::service::GET_SYNCING, &[])
            .await
            .unwrap_err();
        assert_eq!(e.code(), tonic::Code::Unavailable);
        // a tx method decodes its typed request: bad bytes are INVALID_ARGUMENT
        let e = call(&s, m::tx::v1beta1::service::GET_TX, &[0xff, 0xff])
            .await
            .unwrap_err();
        assert_eq!(e.code(), tonic::Code::InvalidArgument);
        let e = call(
            &s,
            m::tx::v1beta1::service::GET_TX,
            &txpb::GetTxRequest { hash: "zz".into() }.encode_to_vec(),
        )
        .await
        .unwrap_err();
        assert_eq!(e.code(), tonic::Code::InvalidArgument);
    }

    #[tokio::test]
    async fn unknown_path_is_unimplemented_with_a_short_message() {
        let (s, _dir) = state();
        let long = format!("/nope.Service/{}", "x".repeat(5000));
        for path in ["/nope.Service/Method", long.as_str()] {
            let e = call(&s, path, &[]).await.unwrap_err();
            assert_eq!(e.code(), tonic::Code::Unimplemented);
            assert!(e.message().len() < 200, "{}", e.message().len());
        }
    }
}
