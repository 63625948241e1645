//! The real [`Chain`]: queries over the node's CometBFT RPC and record transactions signed by
//! the operator's key from the `openledger` keyring, built with the chain's client library.
//!
//! Transactions are sent one at a time (the account sequence is read from the chain before
//! each), with the gas the node's simulation gives plus a margin, at the node's minimum gas
//! price. A batch is all or nothing on chain: when it fails, each record is sent on its own so
//! that only the bad one is refused.

use std::path::PathBuf;
use std::time::Duration;

use cosmos_sdk_proto::cosmos::auth::v1beta1::{
    BaseAccount, QueryAccountRequest, QueryAccountResponse,
};
use cosmos_sdk_proto::Any;
use cosmrs::crypto::secp256k1::SigningKey;
use openledger_cli::cli::GlobalOpts;
use openledger_cli::context::Context;
use openledger_cli::keys::keyring::KeyEntry;
use openledger_cli::output::OutputFormat;
use openledger_cli::prompt::{self, PassphraseUse};
use openledger_cli::rpc::{paths, Rpc};
use openledger_cli::tx::builder::{SignerData, UnsignedTx};
use openledger_cli::tx::flow::{any, minimum_fee, simulated_gas};
use openledger_proto::openledger::attribution::v1 as at;
use openledger_proto::openledger::models::v1 as md;
use prost::Message;
use tokio::sync::Mutex;

use crate::chain::{
    BoxFuture, Chain, ChainError, ChainRefusal, InferenceRecord, Receipt, RecordOutcome,
};

/// Code of a duplicate request id in the attribution codespace.
const DUPLICATE_REQUEST: u32 = 26;
/// Gas added to the simulated figure: state moves between the simulation and the block.
const GAS_MARGIN_PERCENT: u64 = 30;
const GAS_MARGIN: u64 = 30_000;
/// Pause between two polls for a transaction's inclusion.
const POLL: Duration = Duration::from_millis(300);

/// Where the chain is and which key signs.
#[derive(Debug, Clone)]
pub struct ChainSettings {
    /// CometBFT RPC URL.
    pub node: String,
    /// The node's gRPC URL.
    pub grpc: String,
    /// The `openledger` home holding the keyring (and the content store and indexes).
    pub home: PathBuf,
    /// The operator's key name or address in the keyring.
    pub key: String,
    /// The environment variable holding the keyring passphrase (default
    /// OPENLEDGER_KEYRING_PASSPHRASE).
    pub passphrase_env: Option<String>,
    /// The chain id (default: the node's).
    pub chain_id: Option<String>,
    /// How long to wait for a transaction to be included.
    pub inclusion_timeout: Duration,
}

impl ChainSettings {
    /// The client library's context for these settings.
    pub fn context(&self) -> Context {
        Context::new(GlobalOpts {
            node: self.node.clone(),
            chain_id: self.chain_id.clone(),
            home: Some(self.home.clone()),
            output: OutputFormat::Json,
            keyring_passphrase_env: self.passphrase_env.clone(),
            grpc: self.grpc.clone(),
        })
    }
}

/// The chain, seen by one operator.
pub struct ChainClient {
    rpc: Rpc,
    chain_id: tendermint::chain::Id,
    operator: KeyEntry,
    key: SigningKey,
    inclusion_timeout: Duration,
    /// One transaction at a time: each reads the account sequence the previous one used.
    sending: Mutex<()>,
}

fn transient(e: impl std::fmt::Display) -> ChainError {
    ChainError::Transient(format!("{e:#}"))
}

fn amount(field: &str, s: &str) -> Result<u128, ChainError> {
    if s.is_empty() {
        return Ok(0);
    }
    s.parse::<u128>()
        .map_err(|_| ChainError::Rejected(format!("the chain returned an invalid {field} {s:?}")))
}

impl ChainClient {
    /// Unlocks the operator's key and asks the node for its chain id.
    pub async fn connect(settings: &ChainSettings) -> anyhow::Result<ChainClient> {
        let ctx = settings.context();
        let keyring = ctx.keyring()?;
        let operator = keyring.get(&settings.key)?.clone();
        let passphrase =
            prompt::keyring_passphrase(settings.passphrase_env.as_deref(), PassphraseUse::Unlock)?;
        let key = keyring.signing_key(&operator, &passphrase)?;
        let rpc = ctx.rpc()?;
        let chain_id = ctx.chain_id(&rpc).await?;
        Ok(ChainClient {
            rpc,
            chain_id,
            operator,
            key,
            inclusion_timeout: settings.inclusion_timeout,
            sending: Mutex::new(()),
        })
    }

    /// The operator's account address.
    pub fn address(&self) -> &str {
        &self.operator.address
    }

    async fn query<Req: Message, Resp: Message + Default>(
        &self,
        path: &str,
        req: &Req,
    ) -> Result<Resp, ChainError> {
        self.rpc.query(path, req, None).await.map_err(transient)
    }

    async fn account_numbers(&self) -> Result<(u64, u64), ChainError> {
        let resp: QueryAccountResponse = self
            .query(
                paths::auth::ACCOUNT,
                &QueryAccountRequest {
                    address: self.operator.address.clone(),
                },
            )
            .await?;
        let account = resp
            .account
            .ok_or_else(|| ChainError::Rejected("the operator account does not exist".into()))?;
        let base = BaseAccount::decode(account.value.as_slice())
            .map_err(|e| ChainError::Rejected(format!("the operator account: {e}")))?;
        Ok((base.account_number, base.sequence))
    }

    /// Signs and sends one transaction and waits for it: `Ok(Ok(receipts))` (one per message,
    /// from the message responses) when it succeeded, `Ok(Err((codespace, code, log)))` when
    /// it failed on chain.
    async fn send(&self, messages: Vec<Any>) -> Result<Result<Vec<Receipt>, Failure>, ChainError> {
        let _one_at_a_time = self.sending.lock().await;
        let (account_number, sequence) = self.account_numbers().await?;
        let public_key = self.key.public_key();
        let signer = SignerData {
            public_key,
            account_number,
            sequence,
        };
        let unsigned = UnsignedTx::new(messages, "", 0, signer).map_err(transient)?;
        let used = match simulated_gas(&self.rpc, &unsigned).await {
            Ok(gas) => gas,
            // a refusal in simulation is the chain's answer for these records
            Err(e) => return Ok(Err(simulation_refusal(&format!("{e:#}")))),
        };
        let gas_limit = used
            .saturating_add(used.saturating_mul(GAS_MARGIN_PERCENT) / 100)
            .saturating_add(GAS_MARGIN);
        let fee = minimum_fee(&self.rpc, gas_limit).await.map_err(transient)?;
        let signed = unsigned
            .with_fee(&fee, gas_limit)
            .and_then(|u| u.sign(&self.key, &self.chain_id))
            .map_err(transient)?;
        let hash = signed.hash;
        let check = self
            .rpc
            .broadcast_sync(signed.bytes)
            .await
            .map_err(transient)?;
        if check.code.is_err() {
            let log = check.log.to_string();
            // a sequence race is worth another try; anything else is the chain's answer
            if log.contains("sequence") {
                return Err(ChainError::Transient(log));
            }
            return Ok(Err((check.codespace, check.code.value(), log)));
        }
        let deadline = tokio::time::Instant::now() + self.inclusion_timeout;
        loop {
            match self.rpc.tx(hash).await {
                Ok(response) => {
                    let r = &response.tx_result;
                    return if r.code.is_err() {
                        Ok(Err((r.codespace.clone(), r.code.value(), r.log.clone())))
                    } else {
                        receipts(&r.data).map(Ok)
                    };
                }
                Err(_) if tokio::time::Instant::now() < deadline => tokio::time::sleep(POLL).await,
                Err(e) => {
                    return Err(ChainError::Transient(format!(
                        "transaction {hash} not included within {}s: {e}",
                        self.inclusion_timeout.as_secs()
                    )))
                }
            }
        }
    }

    /// A receipt by id.
    async fn receipt(&self, id: u64) -> Result<Receipt, ChainError> {
        let resp: at::QueryReceiptResponse = self
            .query(paths::attribution::RECEIPT, &at::QueryReceiptRequest { id })
            .await?;
        let r = resp
            .receipt
            .ok_or_else(|| ChainError::Transient(format!("receipt {id} not found")))?;
        Ok(Receipt {
            receipt_id: r.id,
            fee: amount("fee", &r.fee)?,
        })
    }

    async fn record_batch_inner(
        &self,
        records: Vec<InferenceRecord>,
    ) -> Result<Vec<RecordOutcome>, ChainError> {
        let messages: Vec<Any> = records.iter().map(|r| any(&self.message(r))).collect();
        match self.send(messages).await? {
            Ok(receipts) => Ok(receipts.into_iter().map(RecordOutcome::Recorded).collect()),
            Err(failure) if records.len() == 1 => Ok(vec![self.outcome_of_failure(failure).await?]),
            // all or nothing: find the bad record(s) by sending each on its own
            Err(_) => {
                let mut out = Vec::with_capacity(records.len());
                for r in records {
                    let one = any(&self.message(&r));
                    out.push(match self.send(vec![one]).await? {
                        Ok(mut receipts) => match receipts.pop() {
                            Some(receipt) => RecordOutcome::Recorded(receipt),
                            None => RecordOutcome::AlreadyRecorded(None),
                        },
                        Err(failure) => self.outcome_of_failure(failure).await?,
                    });
                }
                Ok(out)
            }
        }
    }

    async fn outcome_of_failure(
        &self,
        (codespace, code, log): Failure,
    ) -> Result<RecordOutcome, ChainError> {
        let duplicate = (codespace == "attribution" && code == DUPLICATE_REQUEST)
            || log.contains("was already recorded as receipt");
        if duplicate {
            // "request id \"...\" was already recorded as receipt N"
            let id = log
                .rsplit("recorded as receipt ")
                .next()
                .and_then(|t| t.split(|c: char| !c.is_ascii_digit()).next())
                .and_then(|t| t.parse::<u64>().ok());
            let receipt = match id {
                Some(id) => Some(self.receipt(id).await?),
                None => None,
            };
            return Ok(RecordOutcome::AlreadyRecorded(receipt));
        }
        Ok(RecordOutcome::Refused(log))
    }

    fn message(&self, r: &InferenceRecord) -> at::MsgRecordInference {
        at::MsgRecordInference {
            operator: self.operator.address.clone(),
            user: r.user.clone(),
            model_id: r.model_id,
            model_version: r.model_version,
            input_tokens: r.input_tokens,
            output_tokens: r.output_tokens,
            output_hash: r.output_hash.to_vec(),
            prompt_hash: r.prompt_hash.to_vec(),
            request_id: r.request_id.clone(),
            attribution: r
                .entries
                .iter()
                .map(|e| at::AttributionEntry {
                    contribution_id: e.contribution_id,
                    weight_ppm: e.weight_ppm,
                })
                .collect(),
            engine_version: r.engine_version,
            engine_params_id: r.engine_params_id,
            evidence_hash: r.evidence_hash.to_vec(),
            adapter_hash: String::new(),
        }
    }
}

/// A transaction that failed on chain: `(codespace, code, log)`.
type Failure = (String, u32, String);

/// A simulation error as a [`Failure`]; the log is what users read.
fn simulation_refusal(text: &str) -> Failure {
    (String::new(), 0, text.to_owned())
}

/// The receipts of a successful transaction, from its message responses.
fn receipts(data: &[u8]) -> Result<Vec<Receipt>, ChainError> {
    use cosmos_sdk_proto::cosmos::base::abci::v1beta1::TxMsgData;
    let bad = |e: String| ChainError::Rejected(format!("cannot read the transaction result: {e}"));
    // the RPC hands the result data over as base64 text
    let data = openledger_cli::tx::outcome::result_bytes(data);
    let data = TxMsgData::decode(data.as_slice()).map_err(|e| bad(e.to_string()))?;
    data.msg_responses
        .iter()
        .map(|any| {
            let r = at::MsgRecordInferenceResponse::decode(any.value.as_slice())
                .map_err(|e| bad(e.to_string()))?;
            Ok(Receipt {
                receipt_id: r.receipt_id,
                fee: amount("fee", &r.fee)?,
            })
        })
        .collect()
}

impl Chain for ChainClient {
    fn check_payable<'a>(
        &'a self,
        user: &'a str,
        model_id: u64,
        max_fee: u128,
    ) -> BoxFuture<'a, Result<(), ChainRefusal>> {
        Box::pin(async move {
            let op: at::QueryOperatorResponse = self
                .query(
                    paths::attribution::OPERATOR,
                    &at::QueryOperatorRequest {
                        address: self.operator.address.clone(),
                    },
                )
                .await?;
            let serves = op.operator.is_some_and(|o| {
                o.status == at::OperatorStatus::Active as i32 && o.models.contains(&model_id)
            });
            if !serves {
                return Err(ChainRefusal::ModelNotServed(model_id));
            }
            let account: at::QueryAccountResponse = self
                .query(
                    paths::attribution::ACCOUNT,
                    &at::QueryAccountRequest {
                        user: user.to_owned(),
                    },
                )
                .await
                .map_err(|e| {
                    ChainRefusal::CannotPay(format!("cannot read the user's deposit: {e}"))
                })?;
            let balance = amount("balance", &account.balance)?;
            if balance == 0 {
                return Err(ChainRefusal::NoDeposit);
            }
            let grants: at::QueryGrantsResponse = self
                .query(
                    paths::attribution::GRANTS,
                    &at::QueryGrantsRequest {
                        user: user.to_owned(),
                        pagination: Some(
                            cosmos_sdk_proto::cosmos::base::query::v1beta1::PageRequest {
                                limit: 1000,
                                ..Default::default()
                            },
                        ),
                    },
                )
                .await?;
            let mine = |model: u64| {
                grants
                    .grants
                    .iter()
                    .find(|g| g.operator == self.operator.address && g.model_id == model)
            };
            // the chain's rule: the model's own grant, else the any-model grant
            let grant = mine(model_id)
                .or_else(|| mine(0))
                .ok_or(ChainRefusal::NoGrant)?;
            let remaining = amount("grant", &grant.remaining)?;
            if remaining < max_fee {
                return Err(ChainRefusal::Insufficient {
                    what: "grant",
                    needed: max_fee,
                    available: remaining,
                });
            }
            if balance < max_fee {
                return Err(ChainRefusal::Insufficient {
                    what: "deposit",
                    needed: max_fee,
                    available: balance,
                });
            }
            Ok(())
        })
    }

    fn quote(
        &self,
        model_id: u64,
        _model_version: u64,
        input_tokens: u64,
        output_tokens: u64,
    ) -> BoxFuture<'_, Result<u128, ChainError>> {
        Box::pin(async move {
            let model: md::QueryModelResponse = self
                .query(paths::models::MODEL, &md::QueryModelRequest { model_id })
                .await?;
            let pricing = model
                .model
                .and_then(|m| m.pricing)
                .ok_or_else(|| ChainError::Rejected(format!("model {model_id} has no pricing")))?;
            let params: at::QueryParamsResponse = self
                .query(paths::attribution::PARAMS, &at::QueryParamsRequest {})
                .await?;
            let platform = amount(
                "platform fee",
                &params.params.map(|p| p.platform_fee).unwrap_or_default(),
            )?;
            let rate_in = amount("rate_in_per_1000", &pricing.rate_in_per_1000)?;
            let rate_out = amount("rate_out_per_1000", &pricing.rate_out_per_1000)?;
            let token_fee =
                openledger_attribution::token_fee(input_tokens, output_tokens, rate_in, rate_out)
                    .map_err(|e| ChainError::Rejected(e.to_string()))?;
            token_fee
                .checked_add(platform)
                .ok_or_else(|| ChainError::Rejected("the fee overflows".into()))
        })
    }

    fn record_batch(
        &self,
        records: Vec<InferenceRecord>,
    ) -> BoxFuture<'_, Result<Vec<RecordOutcome>, ChainError>> {
        Box::pin(self.record_batch_inner(records))
    }
}
