//! Groups records into transactions, retries until they are included, and never records one
//! request id twice.
//!
//! Records go into a queue; one task takes the first waiting record, gathers more for up to
//! `batch_interval` from that record's arrival (or until `max_records_per_tx`), and submits
//! them with [`Chain::record_batch`] as one transaction. Transactions are submitted one at a
//! time. A transient failure is retried with exponential backoff (0.2 s doubling to 30 s) until
//! the transaction is included; a transaction rejected as a whole is split into single-record
//! transactions, so that one bad record does not sink the others. Request ids in flight or
//! recently settled are remembered (at most [`SETTLED_MEMORY`] settled ones): submitting one
//! again joins the waiters of the first or gets its settlement, never a second record.

use std::collections::{BTreeMap, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{mpsc, oneshot};
use tokio::time::Instant;

use crate::chain::{Chain, ChainError, InferenceRecord, Receipt, RecordOutcome};

/// Settled request ids remembered.
pub const SETTLED_MEMORY: usize = 100_000;
const FIRST_BACKOFF: Duration = Duration::from_millis(200);
const MAX_BACKOFF: Duration = Duration::from_secs(30);

/// The end of one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settlement {
    Recorded(Receipt),
    /// Recorded before, by an earlier request with the same id.
    AlreadyRecorded(Option<Receipt>),
    /// The chain refused the record: the reason.
    Refused(String),
}

impl From<RecordOutcome> for Settlement {
    fn from(o: RecordOutcome) -> Self {
        match o {
            RecordOutcome::Recorded(r) => Settlement::Recorded(r),
            RecordOutcome::AlreadyRecorded(r) => Settlement::AlreadyRecorded(r),
            RecordOutcome::Refused(m) => Settlement::Refused(m),
        }
    }
}

/// Batching settings.
#[derive(Debug, Clone, Copy)]
pub struct BatchConfig {
    pub interval: Duration,
    pub max_records_per_tx: usize,
}

struct Job {
    record: InferenceRecord,
    queued_at: Instant,
}

#[derive(Default)]
struct Ids {
    in_flight: BTreeMap<String, Vec<oneshot::Sender<Settlement>>>,
    settled: BTreeMap<String, Settlement>,
    settled_order: VecDeque<String>,
}

impl Ids {
    fn settle(&mut self, request_id: &str, settlement: Settlement) {
        for waiter in self.in_flight.remove(request_id).unwrap_or_default() {
            let _ = waiter.send(settlement.clone());
        }
        // A refused record may be submitted again by a later request; only records on chain
        // are remembered.
        if matches!(settlement, Settlement::Refused(_)) {
            return;
        }
        if self
            .settled
            .insert(request_id.to_string(), settlement)
            .is_none()
        {
            self.settled_order.push_back(request_id.to_string());
        }
        while self.settled_order.len() > SETTLED_MEMORY {
            if let Some(old) = self.settled_order.pop_front() {
                self.settled.remove(&old);
            }
        }
    }
}

/// The handle of the batcher task.
#[derive(Clone)]
pub struct Batcher {
    queue: mpsc::UnboundedSender<Job>,
    ids: Arc<Mutex<Ids>>,
    pending: Arc<AtomicUsize>,
}

fn lock(ids: &Mutex<Ids>) -> std::sync::MutexGuard<'_, Ids> {
    ids.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Batcher {
    /// Starts the batcher task on the current runtime. It ends when every handle is dropped and
    /// the queue is drained.
    pub fn start(chain: Arc<dyn Chain>, config: BatchConfig) -> Batcher {
        let (queue, rx) = mpsc::unbounded_channel();
        let ids = Arc::new(Mutex::new(Ids::default()));
        let pending = Arc::new(AtomicUsize::new(0));
        tokio::spawn(run(chain, config, rx, ids.clone(), pending.clone()));
        Batcher {
            queue,
            ids,
            pending,
        }
    }

    /// Queues a record; the receiver gets its settlement. A request id already in flight joins
    /// it; one already recorded is answered at once.
    pub fn submit(&self, record: InferenceRecord) -> oneshot::Receiver<Settlement> {
        let (tx, rx) = oneshot::channel();
        let mut ids = lock(&self.ids);
        if let Some(settled) = ids.settled.get(&record.request_id) {
            let _ = tx.send(settled.clone());
            return rx;
        }
        if let Some(waiters) = ids.in_flight.get_mut(&record.request_id) {
            waiters.push(tx);
            return rx;
        }
        ids.in_flight.insert(record.request_id.clone(), vec![tx]);
        self.pending.fetch_add(1, Ordering::SeqCst);
        let job = Job {
            record,
            queued_at: Instant::now(),
        };
        if let Err(mpsc::error::SendError(job)) = self.queue.send(job) {
            // the task is gone (the runtime is shutting down)
            self.pending.fetch_sub(1, Ordering::SeqCst);
            ids.settle(
                &job.record.request_id,
                Settlement::Refused("the gateway is shutting down".into()),
            );
        }
        rx
    }

    /// Whether a request id is in flight or was recorded.
    pub fn knows(&self, request_id: &str) -> bool {
        let ids = lock(&self.ids);
        ids.in_flight.contains_key(request_id) || ids.settled.contains_key(request_id)
    }

    /// Records queued or being submitted.
    pub fn pending(&self) -> usize {
        self.pending.load(Ordering::SeqCst)
    }
}

async fn run(
    chain: Arc<dyn Chain>,
    config: BatchConfig,
    mut rx: mpsc::UnboundedReceiver<Job>,
    ids: Arc<Mutex<Ids>>,
    pending: Arc<AtomicUsize>,
) {
    let max = config.max_records_per_tx.max(1);
    while let Some(first) = rx.recv().await {
        let deadline = first.queued_at + config.interval;
        let mut batch = vec![first.record];
        while batch.len() < max {
            // What is already queued goes without waiting (a timer fires on a millisecond
            // tick at the earliest, even for a deadline already past).
            if let Ok(job) = rx.try_recv() {
                batch.push(job.record);
                continue;
            }
            if Instant::now() >= deadline {
                break;
            }
            match tokio::time::timeout_at(deadline, rx.recv()).await {
                Ok(Some(job)) => batch.push(job.record),
                Ok(None) | Err(_) => break,
            }
        }
        let count = batch.len();
        submit_until_settled(chain.as_ref(), batch, &ids).await;
        pending.fetch_sub(count, Ordering::SeqCst);
    }
}

/// Submits `batch` until every record in it is settled.
async fn submit_until_settled(chain: &dyn Chain, batch: Vec<InferenceRecord>, ids: &Mutex<Ids>) {
    let mut work = VecDeque::from([batch]);
    while let Some(records) = work.pop_front() {
        let mut backoff = FIRST_BACKOFF;
        loop {
            let result = chain.record_batch(records.clone()).await;
            match result {
                Ok(outcomes) if outcomes.len() == records.len() => {
                    let mut ids = lock(ids);
                    for (record, outcome) in records.iter().zip(outcomes) {
                        if let RecordOutcome::Refused(reason) = &outcome {
                            tracing::warn!(request_id = %record.request_id, %reason, "record refused by the chain");
                        }
                        ids.settle(&record.request_id, outcome.into());
                    }
                    tracing::debug!(records = records.len(), "records included");
                    break;
                }
                Ok(outcomes) => {
                    // Cannot match outcomes to records; submitting again is safe as records
                    // are idempotent by request id.
                    tracing::warn!(
                        records = records.len(),
                        outcomes = outcomes.len(),
                        "the chain answered a record batch with a wrong number of outcomes; retrying"
                    );
                }
                Err(ChainError::Rejected(reason)) if records.len() > 1 => {
                    tracing::warn!(%reason, records = records.len(), "record batch rejected; submitting its records one by one");
                    work.extend(records.into_iter().map(|r| vec![r]));
                    break;
                }
                Err(ChainError::Rejected(reason)) => {
                    let mut ids = lock(ids);
                    for record in &records {
                        tracing::warn!(request_id = %record.request_id, %reason, "record rejected by the chain");
                        ids.settle(&record.request_id, Settlement::Refused(reason.clone()));
                    }
                    break;
                }
                Err(ChainError::Transient(reason)) => {
                    tracing::warn!(%reason, records = records.len(), retry_in_ms = backoff.as_millis() as u64, "record batch failed; retrying");
                }
            }
            tokio::time::sleep(backoff).await;
            backoff = (backoff * 2).min(MAX_BACKOFF);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fakes::FakeChain;

    fn record(user: &str, request_id: &str) -> InferenceRecord {
        InferenceRecord {
            user: user.into(),
            model_id: 1,
            model_version: 1,
            input_tokens: 1,
            output_tokens: 1,
            output_hash: [0; 32],
            prompt_hash: [0; 32],
            request_id: request_id.into(),
            entries: Vec::new(),
            engine_version: 1,
            engine_params_id: 1,
            evidence_hash: [0; 32],
        }
    }

    #[tokio::test]
    async fn one_request_id_is_recorded_once() {
        let chain = Arc::new(FakeChain::new());
        chain.fund_everyone(1000);
        let batcher = Batcher::start(
            chain.clone(),
            BatchConfig {
                interval: Duration::from_millis(50),
                max_records_per_tx: 10,
            },
        );
        let a = batcher.submit(record("u", "r1"));
        let b = batcher.submit(record("u", "r1"));
        assert!(batcher.knows("r1"));
        assert_eq!(batcher.pending(), 1);
        let (a, b) = (a.await.unwrap(), b.await.unwrap());
        assert_eq!(a, b);
        assert!(matches!(a, Settlement::Recorded(_)));
        // settled: answered at once, without a transaction
        let c = batcher.submit(record("u", "r1")).await.unwrap();
        assert_eq!(c, a);
        assert_eq!(chain.txs(), 1);
        assert_eq!(chain.records().len(), 1);
        assert_eq!(batcher.pending(), 0);
    }

    #[tokio::test]
    async fn refused_records_are_reported_and_forgotten() {
        let chain = Arc::new(FakeChain::new());
        let batcher = Batcher::start(
            chain.clone(),
            BatchConfig {
                interval: Duration::ZERO,
                max_records_per_tx: 10,
            },
        );
        let s = batcher.submit(record("nobody", "r2")).await.unwrap();
        assert_eq!(s, Settlement::Refused("insufficient grant".into()));
        assert!(!batcher.knows("r2"));
    }
}
