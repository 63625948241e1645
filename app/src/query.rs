//! Queries: one plain function per RPC over a snapshot ([`handlers`]), served by the ABCI
//! `Query` gateway at the gRPC method path ([`abci`]) and by tonic services ([`grpc`]).

pub mod abci;
pub mod dispatch_grpc;
pub mod error;
pub mod grpc;
pub mod handlers;
pub mod limits;
pub mod reflection;
pub mod route;

pub use error::QueryError;
pub use limits::{QueryLimiter, QueryLimits};
