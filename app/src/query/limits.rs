//! Bounds on the work queries may take from a node: queries (ABCI `Query`, gRPC, Simulate) run
//! on tokio's blocking pool, never on the workers that serve CometBFT's consensus and mempool
//! connections; at most `max_concurrent` run at once (the others wait for a permit), each waits
//! and runs at most `timeout`, and Simulate runs with at most `simulate_gas_cap` gas.

use std::sync::Arc;
use std::time::Duration;

use openledger_framework::error::sdk;
use tokio::sync::Semaphore;

use crate::query::error::QueryError;

/// The smallest simulation gas cap (the chain's own minimum `max_gas_per_tx`).
pub const MIN_SIMULATE_GAS_CAP: u64 = 100_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueryLimits {
    /// Queries running at once; more wait for a permit (0: half the cores, at least 1).
    pub max_concurrent: usize,
    /// Longest a query waits for a permit plus runs before it is answered with an error.
    pub timeout: Duration,
    /// Gas a simulation may use: a larger gas limit is refused, a gas limit of 0 runs with
    /// this one (at least [`MIN_SIMULATE_GAS_CAP`]).
    pub simulate_gas_cap: u64,
}

impl Default for QueryLimits {
    fn default() -> Self {
        QueryLimits {
            max_concurrent: 0,
            timeout: Duration::from_secs(10),
            simulate_gas_cap: 10_000_000,
        }
    }
}

impl QueryLimits {
    /// `max_concurrent` with 0 resolved to half the cores (at least 1).
    pub fn concurrency(&self) -> usize {
        if self.max_concurrent > 0 {
            return self.max_concurrent;
        }
        std::thread::available_parallelism()
            .map(|n| n.get() / 2)
            .unwrap_or(1)
            .max(1)
    }

    pub fn simulate_gas_cap(&self) -> u64 {
        self.simulate_gas_cap.max(MIN_SIMULATE_GAS_CAP)
    }
}

/// Runs query work on the blocking pool behind a semaphore. Cloning shares the permits.
#[derive(Debug, Clone)]
pub struct QueryLimiter {
    limits: QueryLimits,
    permits: Arc<Semaphore>,
}

impl Default for QueryLimiter {
    fn default() -> Self {
        QueryLimiter::new(QueryLimits::default())
    }
}

impl QueryLimiter {
    pub fn new(limits: QueryLimits) -> Self {
        QueryLimiter {
            permits: Arc::new(Semaphore::new(limits.concurrency())),
            limits,
        }
    }

    pub fn limits(&self) -> QueryLimits {
        self.limits
    }

    /// Permits free now (queries that could start at once).
    pub fn available(&self) -> usize {
        self.permits.available_permits()
    }

    /// Run `f` on the blocking pool once a permit is free. Refused when no permit frees up
    /// within the timeout, or when `f` does not finish within what is left of it; a query that
    /// times out keeps its permit until it really ends, so the bound on concurrent work holds.
    pub async fn run<T, F>(&self, f: F) -> Result<T, QueryError>
    where
        T: Send + 'static,
        F: FnOnce() -> Result<T, QueryError> + Send + 'static,
    {
        let timeout = self.limits.timeout;
        let deadline = tokio::time::Instant::now() + timeout;
        let permit =
            match tokio::time::timeout_at(deadline, self.permits.clone().acquire_owned()).await {
                Ok(Ok(p)) => p,
                Ok(Err(_)) => return Err(QueryError::unavailable("the query limiter is closed")),
                Err(_) => {
                    return Err(QueryError::new(
                        tonic::Code::ResourceExhausted,
                        sdk::INTERNAL,
                        format!(
                        "node busy: {} queries running, none finished within {} ms; retry later",
                        self.limits.concurrency(),
                        timeout.as_millis()
                    ),
                    ))
                }
            };
        let task = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            f()
        });
        match tokio::time::timeout_at(deadline, task).await {
            Ok(Ok(r)) => r,
            Ok(Err(e)) => Err(QueryError::unavailable(format!("query task: {e}"))),
            Err(_) => Err(QueryError::new(
                tonic::Code::DeadlineExceeded,
                sdk::INTERNAL,
                format!("query timed out after {} ms", timeout.as_millis()),
            )),
        }
    }
}
