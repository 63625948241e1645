//! ABCI `Query`: the path is the gRPC method name (as cosmjs and Hermes send it), or
//! `store/<substore>/key` for raw values with ICS-23 proofs.

use cosmos_sdk_proto::cosmos::base::node::v1beta1::ConfigRequest;
use cosmos_sdk_proto::cosmos::base::tendermint::v1beta1::GetNodeInfoRequest;
use cosmos_sdk_proto::cosmos::tx::v1beta1::SimulateRequest;
use openledger_proto::methods::cosmos as m;
use prost::Message;
use tendermint::abci::response;
use tendermint::merkle::proof::{ProofOp, ProofOps};

use crate::query::error::QueryError;
use crate::query::handlers;
use crate::query::limits::{QueryLimiter, QueryLimits};
use crate::store::{Snapshot, Storage};
use crate::tx::execute::LocalPolicy;

/// The proof op type of both levels of a store proof.
pub const PROOF_OP_TYPE: &str = "ics23:jmt";

#[derive(Clone)]
pub struct QueryGateway {
    storage: Storage,
    local: LocalPolicy,
    limiter: QueryLimiter,
}

fn decode<T: Message + Default>(data: &[u8]) -> Result<T, QueryError> {
    T::decode(data).map_err(|e| QueryError::invalid(format!("cannot decode request: {e}")))
}

/// Paths [`dispatch`] answers besides the modules' query routes ([`crate::modules::routes`]).
pub const NODE_ROUTES: &[&str] = &[
    m::tx::v1beta1::service::SIMULATE,
    m::base::node::v1beta1::service::CONFIG,
    m::base::tendermint::v1beta1::service::GET_NODE_INFO,
];

/// Route a gRPC method path to its query function. Simulate runs with at most
/// `simulate_gas_cap` gas.
pub fn dispatch(
    snapshot: &Snapshot,
    local: LocalPolicy,
    simulate_gas_cap: u64,
    path: &str,
    data: &[u8],
) -> Result<Vec<u8>, QueryError> {
    let bytes = match path {
        m::tx::v1beta1::service::SIMULATE => handlers::simulate(
            snapshot,
            &decode::<SimulateRequest>(data)?,
            simulate_gas_cap,
        )?
        .encode_to_vec(),
        m::base::node::v1beta1::service::CONFIG => {
            decode::<ConfigRequest>(data)?;
            handlers::node_config(snapshot, local)?.encode_to_vec()
        }
        m::base::tendermint::v1beta1::service::GET_NODE_INFO => {
            decode::<GetNodeInfoRequest>(data)?;
            handlers::node_info_abci().encode_to_vec()
        }
        other => {
            if let Some(handle) = crate::modules::routes().query(other) {
                return handle(snapshot, data).map_err(|e| QueryError::module(&e));
            }
            return Err(QueryError::new(
                tonic::Code::Unimplemented,
                openledger_framework::error::sdk::UNKNOWN_REQUEST,
                format!("unknown query path {other}"),
            ));
        }
    };
    Ok(bytes)
}

impl QueryGateway {
    pub fn new(storage: Storage, local: LocalPolicy) -> Self {
        QueryGateway::with_limits(storage, local, QueryLimits::default())
    }

    pub fn with_limits(storage: Storage, local: LocalPolicy, limits: QueryLimits) -> Self {
        QueryGateway {
            storage,
            local,
            limiter: QueryLimiter::new(limits),
        }
    }

    /// The limiter every served query goes through.
    pub fn limiter(&self) -> &QueryLimiter {
        &self.limiter
    }

    pub fn storage(&self) -> &Storage {
        &self.storage
    }

    pub fn local(&self) -> LocalPolicy {
        self.local
    }

    /// The snapshot for a query height (0 = latest committed).
    pub fn snapshot(&self, height: u64) -> Result<Snapshot, QueryError> {
        if height == 0 {
            return Ok(self.storage.latest_snapshot());
        }
        self.storage
            .snapshot_at(height)
            .map_err(|e| QueryError::invalid(e.to_string()))
    }

    /// Answer a query on the calling thread (tests and tools; a served query goes through
    /// [`QueryGateway::query_limited`]).
    pub fn query(&self, path: &str, data: &[u8], height: u64, prove: bool) -> response::Query {
        let r = self.try_query(path, data, height, prove);
        query_response(r, height)
    }

    /// Answer a query on the blocking pool within the limiter's bounds (see
    /// [`QueryLimiter::run`]): what the ABCI `Query` connection and gRPC serve.
    pub async fn query_limited(
        &self,
        path: String,
        data: Vec<u8>,
        height: u64,
        prove: bool,
    ) -> response::Query {
        let gw = self.clone();
        let r = self
            .limiter
            .run(move || gw.try_query(&path, &data, height, prove))
            .await;
        query_response(r, height)
    }

    fn try_query(
        &self,
        path: &str,
        data: &[u8],
        height: u64,
        prove: bool,
    ) -> Result<response::Query, QueryError> {
        let snapshot = self.snapshot(height)?;
        let h = snapshot.height().try_into().unwrap_or_default();
        if let Some(substore) = path
            .strip_prefix("store/")
            .and_then(|rest| rest.strip_suffix("/key"))
        {
            let mut full = substore.as_bytes().to_vec();
            full.push(b'/');
            full.extend_from_slice(data);
            if !prove {
                let value = openledger_framework::StateRead::get_raw(&snapshot, &full)
                    .map_err(|e| QueryError::unavailable(e.to_string()))?;
                return Ok(response::Query {
                    key: data.to_vec().into(),
                    value: value.unwrap_or_default().into(),
                    height: h,
                    ..Default::default()
                });
            }
            let (value, proofs) = snapshot
                .get_with_proof(&full)
                .map_err(|e| QueryError::invalid(e.to_string()))?;
            let keys = [data.to_vec(), substore.as_bytes().to_vec()];
            let ops = proofs
                .iter()
                .zip(keys)
                .map(|(p, key)| ProofOp {
                    field_type: PROOF_OP_TYPE.to_string(),
                    key,
                    data: p.encode_to_vec(),
                })
                .collect();
            return Ok(response::Query {
                key: data.to_vec().into(),
                value: value.unwrap_or_default().into(),
                proof: Some(ProofOps { ops }),
                height: h,
                ..Default::default()
            });
        }
        let cap = self.limiter.limits().simulate_gas_cap();
        let value = dispatch(&snapshot, self.local, cap, path, data)?;
        Ok(response::Query {
            value: value.into(),
            height: h,
            ..Default::default()
        })
    }
}

fn query_response(r: Result<response::Query, QueryError>, height: u64) -> response::Query {
    match r {
        Ok(r) => r,
        Err(e) => response::Query {
            code: e.code.into(),
            codespace: e.codespace.clone(),
            log: e.log(),
            height: height.try_into().unwrap_or_default(),
            ..Default::default()
        },
    }
}
