//! gRPC services answered by the ABCI query dispatcher.
//!
//! The module query services (auth, bank, staking, distribution, slashing, gov, and OpenLedger's
//! own) are served by one generic tonic service per service name: it takes the request's
//! protobuf bytes as they are, and answers with what [`dispatch`](crate::query::abci::dispatch) returns for
//! the method path. gRPC and ABCI `Query` thus share one routing table and can never disagree.
// tonic's `Status` is the error type the codec and service traits require.
#![allow(clippy::result_large_err)]

use std::marker::PhantomData;
use std::task::{Context, Poll};

use bytes::{Buf, BufMut};
use tonic::codec::{Codec, DecodeBuf, Decoder, EncodeBuf, Encoder};
use tonic::codegen::{http, Body, BoxFuture, Service, StdError};
use tonic::server::{Grpc, NamedService, UnaryService};
use tonic::{Request, Response, Status};

use openledger_proto::methods as m;

use crate::query::abci::dispatch;
use crate::query::grpc::GrpcState;

/// A codec that passes message bytes through unchanged.
#[derive(Debug, Clone, Copy, Default)]
pub struct RawCodec;

#[derive(Debug, Clone, Copy, Default)]
pub struct RawEncoder;

#[derive(Debug, Clone, Copy, Default)]
pub struct RawDecoder;

impl Encoder for RawEncoder {
    type Item = Vec<u8>;
    type Error = Status;
    fn encode(&mut self, item: Vec<u8>, dst: &mut EncodeBuf<'_>) -> Result<(), Status> {
        dst.put_slice(&item);
        Ok(())
    }
}

impl Decoder for RawDecoder {
    type Item = Vec<u8>;
    type Error = Status;
    fn decode(&mut self, src: &mut DecodeBuf<'_>) -> Result<Option<Vec<u8>>, Status> {
        let n = src.remaining();
        Ok(Some(src.copy_to_bytes(n).to_vec()))
    }
}

impl Codec for RawCodec {
    type Encode = Vec<u8>;
    type Decode = Vec<u8>;
    type Encoder = RawEncoder;
    type Decoder = RawDecoder;
    fn encoder(&mut self) -> RawEncoder {
        RawEncoder
    }
    fn decoder(&mut self) -> RawDecoder {
        RawDecoder
    }
}

/// The fully qualified name of a gRPC service (`package.Service`).
pub trait ServiceName: Send + Sync + 'static {
    const NAME: &'static str;
}

macro_rules! service_names {
    ($($ty:ident => $name:path),* $(,)?) => {
        $(
            #[derive(Debug, Clone, Copy)]
            pub struct $ty;
            impl ServiceName for $ty {
                const NAME: &'static str = $name;
            }
        )*
        /// The services answered through the dispatcher.
        pub const DISPATCHED_SERVICES: &[&str] = &[$($name),*];
    };
}

service_names! {
    AuthQuery => m::cosmos::auth::v1beta1::query::SERVICE,
    BankQuery => m::cosmos::bank::v1beta1::query::SERVICE,
    StakingQuery => m::cosmos::staking::v1beta1::query::SERVICE,
    DistributionQuery => m::cosmos::distribution::v1beta1::query::SERVICE,
    SlashingQuery => m::cosmos::slashing::v1beta1::query::SERVICE,
    GovQuery => m::cosmos::gov::v1::query::SERVICE,
    GopenQuery => m::openledger::gov::v1::query::SERVICE,
    DatanetsQuery => m::openledger::datanets::v1::query::SERVICE,
    ModelsQuery => m::openledger::models::v1::query::SERVICE,
    AttributionQuery => m::openledger::attribution::v1::query::SERVICE,
    AdaptersQuery => m::openledger::adapters::v1::query::SERVICE,
    FinetuneQuery => m::openledger::finetune::v1::query::SERVICE,
    FeedbackQuery => m::openledger::feedback::v1::query::SERVICE,
    UpgradeQuery => m::cosmos::upgrade::v1beta1::query::SERVICE,
    IbcClientQuery => m::ibc::core::client::v1::query::SERVICE,
    IbcConnectionQuery => m::ibc::core::connection::v1::query::SERVICE,
    IbcChannelQuery => m::ibc::core::channel::v1::query::SERVICE,
    IbcTransferQuery => m::ibc::applications::transfer::v1::query::SERVICE,
    IbcRateLimitQuery => m::openledger::ibc::v1::query::SERVICE,
}

/// One gRPC service whose every method is answered by the ABCI query dispatcher.
pub struct DispatchService<N> {
    state: GrpcState,
    _name: PhantomData<N>,
}

impl<N> DispatchService<N> {
    pub fn new(state: GrpcState) -> Self {
        DispatchService {
            state,
            _name: PhantomData,
        }
    }
}

impl<N> Clone for DispatchService<N> {
    fn clone(&self) -> Self {
        DispatchService::new(self.state.clone())
    }
}

impl<N: ServiceName> NamedService for DispatchService<N> {
    const NAME: &'static str = N::NAME;
}

struct Method {
    state: GrpcState,
    path: String,
}

impl UnaryService<Vec<u8>> for Method {
    type Response = Vec<u8>;
    type Future = BoxFuture<Response<Vec<u8>>, Status>;

    fn call(&mut self, req: Request<Vec<u8>>) -> Self::Future {
        let state = self.state.clone();
        let path = self.path.clone();
        Box::pin(async move {
            let snapshot = state.snapshot(&req)?;
            let local = state.gateway.local();
            let limiter = state.gateway.limiter();
            let cap = limiter.limits().simulate_gas_cap();
            limiter
                .run(move || dispatch(&snapshot, local, cap, &path, req.get_ref()))
                .await
                .map(Response::new)
                .map_err(|e| e.to_status())
        })
    }
}

impl<N, B> Service<http::Request<B>> for DispatchService<N>
where
    N: ServiceName,
    B: Body + Send + 'static,
    B::Error: Into<StdError> + Send + 'static,
{
    type Response = http::Response<tonic::body::BoxBody>;
    type Error = std::convert::Infallible;
    type Future = BoxFuture<Self::Response, Self::Error>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: http::Request<B>) -> Self::Future {
        let method = Method {
            state: self.state.clone(),
            path: req.uri().path().to_string(),
        };
        Box::pin(async move {
            let mut grpc = Grpc::new(RawCodec);
            Ok(grpc.unary(method, req).await)
        })
    }
}
