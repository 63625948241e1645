//! `openledger tx attribution ...`: inference deposits and spend grants (users), operator
//! registration and bonds, recorded inferences (operators, one or many per transaction) and
//! reward claims (model creators and data contributors). Slashing operators and changing the
//! params are governance's: proposal files with `MsgSlashOperator` / `MsgUpdateParams`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use anyhow::{bail, Context as _};
use clap::{ArgGroup, Args, Subcommand};
use serde::Deserialize;

use super::flow::{self, TxRequest};
use super::options::{PositiveAopen, SignedTxOpts};
use crate::amount::Coin;
use crate::chain::BASE_DENOM;
use crate::context::Context;
use crate::forms::scalar::{U32, U64};
use crate::proto::attribution::{
    AttributionEntry, MsgClaimRewards, MsgDeposit, MsgGrant, MsgRecordInference,
    MsgRegisterOperator, MsgRevoke, MsgUnbondOperator, MsgUpdateOperator, MsgWithdraw,
    OperatorStatus, QueryOperatorRequest, QueryOperatorResponse,
};
use crate::query::resolve_address;
use crate::rpc::paths;

/// Σ of the weights of an inference's attribution: one million parts per million.
pub const PPM_TOTAL: u64 = 1_000_000;
/// Most entries any inference can carry (the upper bound of `max_attribution_entries`).
pub const MAX_ENTRIES: usize = 1024;
/// Most inferences `record-batch` puts in one transaction.
pub const MAX_BATCH_RECORDS: usize = 100;

#[derive(Debug, Subcommand)]
pub enum AttributionTx {
    /// Deposit aopen into the --from account's inference balance, which pays for the
    /// inferences operators record for it
    ///
    /// Example: openledger tx attribution deposit 10OPEN --from alice
    Deposit(DepositArgs),
    /// Withdraw from the --from account's inference balance (everything when no amount is
    /// given)
    ///
    /// Example: openledger tx attribution withdraw 2.5OPEN --from alice
    Withdraw(WithdrawArgs),
    /// Let an operator charge the --from account's inference balance, up to a spend limit
    /// (replaces an earlier grant for the same operator and model)
    ///
    /// Example: openledger tx attribution grant open1op... 5OPEN --model 2 --from alice
    Grant(GrantArgs),
    /// Delete the grant of an operator
    ///
    /// Example: openledger tx attribution revoke open1op... --model 2 --from alice
    Revoke(RevokeArgs),
    /// Register the --from account as an inference operator, bonding aopen
    ///
    /// Example:
    ///   openledger tx attribution register-operator 100OPEN \
    ///     --endpoint https://infer.example.com --models 1,2 --from op
    #[command(verbatim_doc_comment)]
    RegisterOperator(RegisterOperatorArgs),
    /// Change an active operator's endpoint and models, or add to its bond (what is not
    /// given is read from the chain and kept)
    ///
    /// Example: openledger tx attribution update-operator --models 1,2,3 --add-bond 50OPEN --from op
    UpdateOperator(UpdateOperatorArgs),
    /// Start unbonding the --from operator; the bond is paid back after the chain's
    /// operator_unbonding_time
    ///
    /// Example: openledger tx attribution unbond-operator --from op
    UnbondOperator(UnbondOperatorArgs),
    /// Record one inference served by the --from operator, paid from the user's inference balance
    ///
    /// The fee is split between the model creator, the stakers, the data contributors of the
    /// attribution and the community pool.
    ///
    /// Example:
    ///   openledger tx attribution record --user open1user... --model 2 \
    ///     --input-tokens 1000 --output-tokens 2000 --output-hash 9f86d081...0f00a08 \
    ///     --request-id req-42 --attribution 12:250000,13:750000 --from op
    #[command(verbatim_doc_comment, disable_version_flag = true)]
    Record(RecordArgs),
    /// Record many inferences (at most 100) in one transaction, from a JSON file
    ///
    /// The file is an array of records:
    ///   [{"user": "open1...", "model_id": 2, "model_version": 0,
    ///     "input_tokens": 1000, "output_tokens": 2000,
    ///     "output_hash": "<64 hex>", "prompt_hash": "<64 hex, optional>",
    ///     "request_id": "req-42",
    ///     "attribution": [{"contribution_id": 12, "weight_ppm": 250000},
    ///                     {"contribution_id": 13, "weight_ppm": 750000}]}]
    /// Each record becomes one MsgRecordInference; if one fails, none is recorded. Use
    /// --gas auto: the default gas limit is meant for one message.
    ///
    /// Example: openledger tx attribution record-batch inferences.json --gas auto --from op
    #[command(verbatim_doc_comment)]
    RecordBatch(RecordBatchArgs),
    /// Claim the --from account's rewards: model creator shares and contributor credits
    ///
    /// Example: openledger tx attribution claim --from alice
    Claim(ClaimArgs),
}

#[derive(Debug, Args)]
pub struct DepositArgs {
    /// Amount of aopen, e.g. 10OPEN
    pub amount: PositiveAopen,
    #[command(flatten)]
    pub signed: SignedTxOpts,
}

#[derive(Debug, Args)]
pub struct WithdrawArgs {
    /// Amount of aopen, e.g. 2.5OPEN (default: the whole balance)
    pub amount: Option<PositiveAopen>,
    #[command(flatten)]
    pub signed: SignedTxOpts,
}

#[derive(Debug, Args)]
pub struct GrantArgs {
    /// Operator address (open1...) or key name
    pub operator: String,
    /// Most the operator may charge in total, e.g. 5OPEN
    pub spend_limit: PositiveAopen,
    /// Only for this model (default 0: any model)
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub model: u64,
    #[command(flatten)]
    pub signed: SignedTxOpts,
}

#[derive(Debug, Args)]
pub struct RevokeArgs {
    /// Operator address (open1...) or key name
    pub operator: String,
    /// The model of the grant (default 0: the any-model grant)
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub model: u64,
    #[command(flatten)]
    pub signed: SignedTxOpts,
}

#[derive(Debug, Args)]
pub struct RegisterOperatorArgs {
    /// Bond, at least the chain's min_operator_bond, e.g. 100OPEN
    pub bond: PositiveAopen,
    /// Where the operator serves inferences (printable ASCII), e.g. https://infer.example.com
    #[arg(long, value_parser = parse_endpoint)]
    pub endpoint: String,
    /// Models the operator serves, as ids separated by commas (e.g. 1,2)
    #[arg(long, value_name = "IDS", value_delimiter = ',', required = true,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub models: Vec<u64>,
    #[command(flatten)]
    pub signed: SignedTxOpts,
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("change").required(true).multiple(true)
    .args(["endpoint", "models", "add_bond"])))]
pub struct UpdateOperatorArgs {
    /// New endpoint (default: the current one)
    #[arg(long, value_parser = parse_endpoint)]
    pub endpoint: Option<String>,
    /// New list of models, replacing the current one (e.g. 1,2,3; default: the current one)
    #[arg(long, value_name = "IDS", value_delimiter = ',',
          value_parser = clap::value_parser!(u64).range(1..))]
    pub models: Option<Vec<u64>>,
    /// Add this much to the bond, e.g. 50OPEN
    #[arg(long, value_name = "AMOUNT")]
    pub add_bond: Option<PositiveAopen>,
    #[command(flatten)]
    pub signed: SignedTxOpts,
}

#[derive(Debug, Args)]
pub struct UnbondOperatorArgs {
    #[command(flatten)]
    pub signed: SignedTxOpts,
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("weights").required(true).args(["attribution", "attribution_file"])))]
pub struct RecordArgs {
    /// The user whose inference balance pays (open1... or key name); it must have granted
    /// the --from operator
    #[arg(long)]
    pub user: String,
    /// Model id
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub model: u64,
    /// Model version (default 0: the latest)
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub version: u64,
    /// Prompt tokens
    #[arg(long, value_name = "N")]
    pub input_tokens: u64,
    /// Generated tokens
    #[arg(long, value_name = "N")]
    pub output_tokens: u64,
    /// sha256 of the output, 64 hex characters
    #[arg(long, value_name = "HEX")]
    pub output_hash: Hash32,
    /// sha256 of the prompt, 64 hex characters
    #[arg(long, value_name = "HEX")]
    pub prompt_hash: Option<Hash32>,
    /// The operator's id of the request (printable ASCII, once per operator)
    #[arg(long, value_name = "ID")]
    pub request_id: String,
    /// Contributions and their weights in parts per million, summing to 1000000, e.g.
    /// 12:250000,13:750000
    #[arg(long, value_name = "ID:PPM,...")]
    pub attribution: Option<AttributionList>,
    /// A JSON file with the attribution instead:
    /// [{"contribution_id": 12, "weight_ppm": 250000}, ...]
    #[arg(long, value_name = "FILE")]
    pub attribution_file: Option<PathBuf>,
    #[command(flatten)]
    pub signed: SignedTxOpts,
}

#[derive(Debug, Args)]
pub struct RecordBatchArgs {
    /// JSON file: an array of 1 to 100 records (see the command's help)
    pub file: PathBuf,
    #[command(flatten)]
    pub signed: SignedTxOpts,
}

#[derive(Debug, Args)]
pub struct ClaimArgs {
    #[command(flatten)]
    pub signed: SignedTxOpts,
}

/// A 32-byte digest given as 64 hex characters (`0x` optional).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hash32(pub [u8; 32]);

impl FromStr for Hash32 {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let text = s.trim();
        let text = text
            .strip_prefix("0x")
            .or_else(|| text.strip_prefix("0X"))
            .unwrap_or(text);
        let bytes = hex::decode(text)
            .map_err(|_| format!("invalid hash {s:?}: expected 64 hex characters (a sha256)"))?;
        let hash: [u8; 32] = bytes.try_into().map_err(|b: Vec<u8>| {
            format!(
                "invalid hash {s:?}: expected 32 bytes (64 hex characters), got {}",
                b.len()
            )
        })?;
        Ok(Self(hash))
    }
}

/// One attribution entry: a contribution and its weight in parts per million.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub contribution_id: u64,
    pub weight_ppm: u32,
}

impl Entry {
    pub fn to_proto(self) -> AttributionEntry {
        AttributionEntry {
            contribution_id: self.contribution_id,
            weight_ppm: self.weight_ppm,
        }
    }
}

/// Checks an attribution: 1 to [`MAX_ENTRIES`] entries, contribution ids at least 1 and
/// distinct, weights at least 1 and summing to exactly [`PPM_TOTAL`].
pub fn check_entries(entries: &[Entry]) -> Result<(), String> {
    if entries.is_empty() {
        return Err("the attribution needs at least one entry".to_owned());
    }
    if entries.len() > MAX_ENTRIES {
        return Err(format!(
            "the attribution has {} entries; at most {MAX_ENTRIES}",
            entries.len()
        ));
    }
    let mut seen = BTreeSet::new();
    let mut total: u64 = 0;
    for e in entries {
        if e.contribution_id == 0 {
            return Err("contribution ids start at 1".to_owned());
        }
        if !seen.insert(e.contribution_id) {
            return Err(format!(
                "contribution {} is listed more than once",
                e.contribution_id
            ));
        }
        if e.weight_ppm == 0 {
            return Err(format!(
                "contribution {} has weight 0; every weight is at least 1 ppm",
                e.contribution_id
            ));
        }
        total = total.saturating_add(u64::from(e.weight_ppm));
    }
    if total != PPM_TOTAL {
        return Err(format!(
            "the weights sum to {total} ppm; they must sum to exactly {PPM_TOTAL}"
        ));
    }
    Ok(())
}

/// `ID:PPM,ID:PPM,...`, checked by [`check_entries`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttributionList(pub Vec<Entry>);

impl FromStr for AttributionList {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let bad = |why: String| format!("invalid attribution {s:?}: {why}");
        let entries = s
            .split(',')
            .map(|item| {
                let item = item.trim();
                let (id, weight) = item.split_once(':').ok_or_else(|| {
                    bad(format!(
                        "{item:?} is not CONTRIBUTION_ID:WEIGHT_PPM, e.g. 12:250000"
                    ))
                })?;
                let contribution_id = id
                    .trim()
                    .parse::<u64>()
                    .map_err(|_| bad(format!("{id:?} is not a contribution id")))?;
                let weight_ppm = weight.trim().parse::<u32>().map_err(|_| {
                    bad(format!("{weight:?} is not a weight in ppm (0 to 1000000)"))
                })?;
                Ok(Entry {
                    contribution_id,
                    weight_ppm,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        check_entries(&entries).map_err(bad)?;
        Ok(Self(entries))
    }
}

/// One entry of the JSON form.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryForm {
    #[serde(alias = "contributionId")]
    contribution_id: U64,
    #[serde(alias = "weightPpm")]
    weight_ppm: U32,
}

impl EntryForm {
    fn entry(&self) -> Entry {
        Entry {
            contribution_id: self.contribution_id.0,
            weight_ppm: self.weight_ppm.0,
        }
    }
}

/// The JSON form of an attribution: `[{"contribution_id": 12, "weight_ppm": 250000}, ...]`,
/// checked by [`check_entries`].
pub fn parse_attribution_json(text: &str) -> Result<Vec<Entry>, String> {
    let forms: Vec<EntryForm> = serde_json::from_str(text).map_err(|e| {
        format!("expected [{{\"contribution_id\": N, \"weight_ppm\": N}}, ...]: {e}")
    })?;
    let entries: Vec<Entry> = forms.iter().map(EntryForm::entry).collect();
    check_entries(&entries)?;
    Ok(entries)
}

/// Reads `--attribution-file`.
fn read_attribution_file(path: &Path) -> anyhow::Result<Vec<Entry>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read --attribution-file {}", path.display()))?;
    parse_attribution_json(&text)
        .map_err(|e| anyhow::anyhow!("--attribution-file {}: {e}", path.display()))
}

/// An endpoint: 1 or more printable ASCII characters.
fn parse_endpoint(s: &str) -> Result<String, String> {
    if s.is_empty() {
        return Err("the endpoint must not be empty".to_owned());
    }
    if !printable_ascii(s) {
        return Err(format!(
            "invalid endpoint {s:?}: only printable ASCII characters are allowed"
        ));
    }
    Ok(s.to_owned())
}

fn printable_ascii(s: &str) -> bool {
    s.bytes().all(|b| (0x20..=0x7e).contains(&b))
}

/// Refuses a model listed twice.
fn check_models(models: &[u64]) -> anyhow::Result<()> {
    if models.is_empty() {
        bail!("--models needs at least one model id");
    }
    for (i, m) in models.iter().enumerate() {
        if models[..i].contains(m) {
            bail!("--models lists model {m} more than once");
        }
    }
    Ok(())
}

fn models_text(models: &[u64]) -> String {
    models
        .iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// One inference to record, checked but with its user not yet resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// An `open1...` address or a key name.
    pub user: String,
    pub model_id: u64,
    pub model_version: u64,
    pub input_tokens: u64,
    pub output_tokens: u64,
    pub output_hash: [u8; 32],
    pub prompt_hash: Option<[u8; 32]>,
    pub request_id: String,
    pub attribution: Vec<Entry>,
}

impl Record {
    /// Checks what the chain would refuse whatever its state: a model id of 0, no tokens,
    /// a malformed request id or attribution.
    pub fn check(&self) -> Result<(), String> {
        if self.user.trim().is_empty() {
            return Err("user: missing".to_owned());
        }
        if self.model_id == 0 {
            return Err("model_id: model ids start at 1".to_owned());
        }
        if self.input_tokens.saturating_add(self.output_tokens) == 0 {
            return Err("input_tokens + output_tokens must be at least 1".to_owned());
        }
        if self.request_id.is_empty() {
            return Err("request_id: must not be empty".to_owned());
        }
        if !printable_ascii(&self.request_id) {
            return Err(format!(
                "request_id {:?}: only printable ASCII characters are allowed",
                self.request_id
            ));
        }
        check_entries(&self.attribution).map_err(|e| format!("attribution: {e}"))
    }

    pub fn to_msg(&self, operator: &str, user: &str) -> MsgRecordInference {
        MsgRecordInference {
            operator: operator.to_owned(),
            user: user.to_owned(),
            model_id: self.model_id,
            model_version: self.model_version,
            input_tokens: self.input_tokens,
            output_tokens: self.output_tokens,
            output_hash: self.output_hash.to_vec(),
            prompt_hash: self.prompt_hash.map(|h| h.to_vec()).unwrap_or_default(),
            request_id: self.request_id.clone(),
            attribution: self.attribution.iter().map(|e| e.to_proto()).collect(),
        }
    }

    /// One line for the confirmation summary.
    pub fn describe(&self, user: &str) -> String {
        let version = if self.model_version == 0 {
            "latest version".to_owned()
        } else {
            format!("v{}", self.model_version)
        };
        format!(
            "record inference {:?} of model {} ({version}) for {user}: {} in / {} out tokens, {} attribution entries",
            self.request_id,
            self.model_id,
            self.input_tokens,
            self.output_tokens,
            self.attribution.len()
        )
    }
}

/// One record of a `record-batch` file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RecordForm {
    user: String,
    #[serde(alias = "modelId")]
    model_id: U64,
    #[serde(default, alias = "modelVersion")]
    model_version: U64,
    #[serde(alias = "inputTokens")]
    input_tokens: U64,
    #[serde(alias = "outputTokens")]
    output_tokens: U64,
    #[serde(alias = "outputHash")]
    output_hash: String,
    #[serde(default, alias = "promptHash")]
    prompt_hash: Option<String>,
    #[serde(alias = "requestId")]
    request_id: String,
    attribution: Vec<EntryForm>,
}

impl RecordForm {
    fn record(&self) -> Result<Record, String> {
        let output_hash = self
            .output_hash
            .parse::<Hash32>()
            .map_err(|e| format!("output_hash: {e}"))?
            .0;
        let prompt_hash = match self.prompt_hash.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(text) => Some(
                text.parse::<Hash32>()
                    .map_err(|e| format!("prompt_hash: {e}"))?
                    .0,
            ),
        };
        let record = Record {
            user: self.user.trim().to_owned(),
            model_id: self.model_id.0,
            model_version: self.model_version.0,
            input_tokens: self.input_tokens.0,
            output_tokens: self.output_tokens.0,
            output_hash,
            prompt_hash,
            request_id: self.request_id.clone(),
            attribution: self.attribution.iter().map(EntryForm::entry).collect(),
        };
        record.check()?;
        Ok(record)
    }
}

/// Parses and checks a `record-batch` file: a JSON array of 1 to [`MAX_BATCH_RECORDS`]
/// records, each request id once.
pub fn parse_batch(text: &str) -> Result<Vec<Record>, String> {
    let values: Vec<serde_json::Value> =
        serde_json::from_str(text).map_err(|e| format!("expected a JSON array of records: {e}"))?;
    if values.is_empty() {
        return Err("the file has no records".to_owned());
    }
    if values.len() > MAX_BATCH_RECORDS {
        return Err(format!(
            "the file has {} records; at most {MAX_BATCH_RECORDS} go in one transaction (split it)",
            values.len()
        ));
    }
    let mut records = Vec::with_capacity(values.len());
    let mut request_ids = BTreeSet::new();
    for (i, value) in values.into_iter().enumerate() {
        let form: RecordForm =
            serde_json::from_value(value).map_err(|e| format!("records[{i}]: {e}"))?;
        let record = form.record().map_err(|e| format!("records[{i}]: {e}"))?;
        if !request_ids.insert(record.request_id.clone()) {
            return Err(format!(
                "records[{i}]: request_id {:?} appears more than once",
                record.request_id
            ));
        }
        records.push(record);
    }
    Ok(records)
}

/// The current record of an operator, for `update-operator` to keep what is not given.
async fn current_operator(
    ctx: &Context,
    address: &str,
) -> anyhow::Result<crate::proto::attribution::Operator> {
    let rpc = ctx.rpc()?;
    let response: QueryOperatorResponse = rpc
        .query(
            paths::attribution::OPERATOR,
            &QueryOperatorRequest {
                address: address.to_owned(),
            },
            None,
        )
        .await
        .with_context(|| format!("cannot read operator {address}"))?;
    let operator = response
        .operator
        .ok_or_else(|| anyhow::anyhow!("{address} is not a registered operator"))?;
    if operator.status != OperatorStatus::Active as i32 {
        bail!(
            "operator {address} is not active ({}): only an active operator can be updated",
            crate::query::attribution::status_name(operator.status)
        );
    }
    Ok(operator)
}

fn aopen_coin(amount: PositiveAopen) -> Coin {
    Coin::new(amount.0 .0, BASE_DENOM)
}

pub async fn run(ctx: &Context, tx: AttributionTx) -> anyhow::Result<()> {
    match tx {
        AttributionTx::Deposit(args) => {
            flow::run_single(ctx, &args.signed, |signer| {
                let amount = aopen_coin(args.amount);
                let msg = MsgDeposit {
                    user: signer.account.to_string(),
                    amount: Some(amount.to_proto()),
                };
                let text = format!("deposit {} for inference", amount.display());
                (msg, text)
            })
            .await
        }
        AttributionTx::Withdraw(args) => {
            flow::run_single(ctx, &args.signed, |signer| {
                let amount = args.amount.map(aopen_coin);
                let text = match &amount {
                    Some(a) => format!("withdraw {} of the inference balance", a.display()),
                    None => "withdraw the whole inference balance".to_owned(),
                };
                let msg = MsgWithdraw {
                    user: signer.account.to_string(),
                    amount: amount.map(|a| a.to_proto()),
                };
                (msg, text)
            })
            .await
        }
        AttributionTx::Grant(args) => {
            let operator = resolve_address(ctx, &args.operator)?.to_string();
            flow::run(ctx, &args.signed, |signer| {
                let user = signer.account.to_string();
                if user == operator {
                    bail!("a user cannot grant itself: the operator must be another account");
                }
                let msg = MsgGrant {
                    user,
                    operator: operator.clone(),
                    model_id: args.model,
                    spend_limit: args.spend_limit.0 .0.to_string(),
                };
                let text = format!(
                    "let operator {operator} charge up to {} for {}",
                    args.spend_limit.0.display(),
                    model_text(args.model)
                );
                Ok(TxRequest::single(&msg, text))
            })
            .await
        }
        AttributionTx::Revoke(args) => {
            let operator = resolve_address(ctx, &args.operator)?.to_string();
            flow::run_single(ctx, &args.signed, |signer| {
                let msg = MsgRevoke {
                    user: signer.account.to_string(),
                    operator: operator.clone(),
                    model_id: args.model,
                };
                let text = format!(
                    "revoke the grant of operator {operator} for {}",
                    model_text(args.model)
                );
                (msg, text)
            })
            .await
        }
        AttributionTx::RegisterOperator(args) => {
            check_models(&args.models)?;
            flow::run_single(ctx, &args.signed, |signer| {
                let bond = aopen_coin(args.bond);
                let msg = MsgRegisterOperator {
                    operator: signer.account.to_string(),
                    bond: Some(bond.to_proto()),
                    endpoint: args.endpoint.clone(),
                    models: args.models.clone(),
                };
                let text = format!(
                    "register as operator at {} for models {}, bond {}",
                    args.endpoint,
                    models_text(&args.models),
                    bond.display()
                );
                (msg, text)
            })
            .await
        }
        AttributionTx::UpdateOperator(args) => {
            if let Some(models) = &args.models {
                check_models(models)?;
            }
            let signer = flow::Signer::load(ctx, &args.signed.from)?;
            let operator = signer.account.to_string();
            let (endpoint, models) = match (args.endpoint, args.models) {
                (Some(endpoint), Some(models)) => (endpoint, models),
                (endpoint, models) => {
                    let current = current_operator(ctx, &operator).await?;
                    (
                        endpoint.unwrap_or(current.endpoint),
                        models.unwrap_or(current.models),
                    )
                }
            };
            let add_bond = args.add_bond.map(aopen_coin);
            let mut text = format!(
                "update operator: endpoint {endpoint}, models {}",
                models_text(&models)
            );
            if let Some(bond) = &add_bond {
                text.push_str(&format!(", add {} to the bond", bond.display()));
            }
            let msg = MsgUpdateOperator {
                operator,
                endpoint,
                models,
                add_bond: add_bond.map(|b| b.to_proto()),
            };
            flow::sign_and_broadcast(
                ctx,
                &signer.key,
                TxRequest::single(&msg, text),
                &args.signed.tx,
            )
            .await
        }
        AttributionTx::UnbondOperator(args) => {
            flow::run_single(ctx, &args.signed, |signer| {
                let msg = MsgUnbondOperator {
                    operator: signer.account.to_string(),
                };
                (msg, "start unbonding the operator bond".to_owned())
            })
            .await
        }
        AttributionTx::Record(args) => {
            let attribution = match (&args.attribution, &args.attribution_file) {
                (Some(list), _) => list.0.clone(),
                (None, Some(path)) => read_attribution_file(path)?,
                (None, None) => bail!("give --attribution or --attribution-file"),
            };
            let record = Record {
                user: args.user.clone(),
                model_id: args.model,
                model_version: args.version,
                input_tokens: args.input_tokens,
                output_tokens: args.output_tokens,
                output_hash: args.output_hash.0,
                prompt_hash: args.prompt_hash.map(|h| h.0),
                request_id: args.request_id.clone(),
                attribution,
            };
            record.check().map_err(anyhow::Error::msg)?;
            let user = resolve_address(ctx, &record.user)?.to_string();
            flow::run_single(ctx, &args.signed, |signer| {
                let msg = record.to_msg(signer.account.as_ref(), &user);
                (msg, record.describe(&user))
            })
            .await
        }
        AttributionTx::RecordBatch(args) => {
            let path = &args.file;
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            let records =
                parse_batch(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            let users = records
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    resolve_address(ctx, &r.user)
                        .map(|a| a.to_string())
                        .with_context(|| format!("{}: records[{i}].user", path.display()))
                })
                .collect::<anyhow::Result<Vec<_>>>()?;
            flow::run(ctx, &args.signed, |signer| {
                let operator = signer.account.to_string();
                let mut request = TxRequest {
                    messages: Vec::new(),
                    description: Vec::new(),
                };
                for (record, user) in records.iter().zip(&users) {
                    request.push(&record.to_msg(&operator, user), record.describe(user));
                }
                Ok(request)
            })
            .await
        }
        AttributionTx::Claim(args) => {
            flow::run_single(ctx, &args.signed, |signer| {
                let msg = MsgClaimRewards {
                    claimant: signer.account.to_string(),
                };
                (msg, "claim the creator and contributor rewards".to_owned())
            })
            .await
        }
    }
}

fn model_text(model: u64) -> String {
    if model == 0 {
        "any model".to_owned()
    } else {
        format!("model {model}")
    }
}

#[cfg(test)]
mod tests;
