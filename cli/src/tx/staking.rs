//! `openledger tx staking ...`: validators and delegations.

use std::path::Path;

use anyhow::bail;
use base64::Engine;
use clap::{ArgGroup, Args, Subcommand};
use cosmos_sdk_proto::cosmos::base::v1beta1::Coin as ProtoCoin;
use cosmos_sdk_proto::cosmos::crypto::ed25519;
use cosmos_sdk_proto::cosmos::staking::v1beta1::{
    CommissionRates, Description, MsgBeginRedelegate, MsgCancelUnbondingDelegation,
    MsgCreateValidator, MsgDelegate, MsgEditValidator, MsgUndelegate,
};
use cosmrs::AccountId;
use prost::{Message, Name};
use serde_json::Value;

use super::flow::{self, TxRequest};
use super::options::{OneCoin, SignedTxOpts};
use crate::address;
use crate::amount::Coin;
use crate::chain::BASE_DENOM;
use crate::context::Context;
use crate::dec::{self, Fraction};

/// Description fields the SDK leaves unchanged in `MsgEditValidator`.
const DO_NOT_MODIFY: &str = "[do-not-modify]";
/// The SDK's description length limits.
const MAX_MONIKER: usize = 70;
const MAX_IDENTITY: usize = 3000;
const MAX_WEBSITE: usize = 140;
const MAX_SECURITY_CONTACT: usize = 140;
const MAX_DETAILS: usize = 280;

#[derive(Debug, Subcommand)]
pub enum StakingTx {
    /// Create a validator operated by the --from account, with a first self-delegation
    ///
    /// Example:
    ///   openledger tx staking create-validator --amount 100OPEN \
    ///     --pubkey ~/.cometbft/config/priv_validator_key.json --moniker node3 \
    ///     --commission-rate 0.1 --commission-max-rate 0.2 \
    ///     --commission-max-change-rate 0.01 --min-self-delegation 1 --from alice
    #[command(verbatim_doc_comment)]
    CreateValidator(CreateValidatorArgs),
    /// Change the --from validator's description, commission rate or minimum self-delegation
    EditValidator(EditValidatorArgs),
    /// Delegate tokens to a validator
    ///
    /// Example: openledger tx staking delegate openvaloper1... 10OPEN --from alice
    Delegate(DelegateArgs),
    /// Undelegate tokens from a validator; they are paid out after the unbonding time
    Unbond(UnbondArgs),
    /// Move a delegation from one validator to another without unbonding
    Redelegate(RedelegateArgs),
    /// Cancel (part of) an unbonding entry and delegate it back to its validator
    CancelUnbond(CancelUnbondArgs),
}

/// An ed25519 consensus public key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsensusKey(pub [u8; 32]);

#[derive(Debug, Args)]
pub struct CreateValidatorArgs {
    /// Self-delegation, e.g. 100OPEN
    #[arg(long, value_name = "AMOUNT")]
    pub amount: OneCoin,
    /// Consensus public key: a base64 ed25519 key, its JSON
    /// ({"@type":"/cosmos.crypto.ed25519.PubKey","key":"..."}), or the path of a CometBFT
    /// priv_validator_key.json (only its public key is read)
    #[arg(long, value_name = "KEY|FILE", value_parser = parse_consensus_key)]
    pub pubkey: ConsensusKey,
    /// Validator name (1 to 70 characters)
    #[arg(long)]
    pub moniker: String,
    /// Identity signature, e.g. a Keybase key id
    #[arg(long, default_value = "")]
    pub identity: String,
    /// Website
    #[arg(long, default_value = "")]
    pub website: String,
    /// Security contact email
    #[arg(long, default_value = "")]
    pub security_contact: String,
    /// Free-form description
    #[arg(long, default_value = "")]
    pub details: String,
    /// Initial commission rate, a fraction such as 0.1 (10%)
    #[arg(long, value_name = "RATE")]
    pub commission_rate: Fraction,
    /// Highest commission rate the validator may ever charge
    #[arg(long, value_name = "RATE")]
    pub commission_max_rate: Fraction,
    /// Largest commission change per day
    #[arg(long, value_name = "RATE")]
    pub commission_max_change_rate: Fraction,
    /// Least self-delegation (in aopen, or an amount like 1OPEN) the operator must keep,
    /// else the validator is jailed
    #[arg(long, value_name = "AOPEN", value_parser = parse_min_self_delegation)]
    pub min_self_delegation: u128,
    #[command(flatten)]
    pub signed: SignedTxOpts,
}

#[derive(Debug, Args)]
#[command(group(
    ArgGroup::new("changes")
        .required(true)
        .multiple(true)
        .args(["moniker", "identity", "website", "security_contact", "details", "commission_rate", "min_self_delegation"])
))]
pub struct EditValidatorArgs {
    /// New validator name
    #[arg(long)]
    pub moniker: Option<String>,
    /// New identity signature (an empty string clears it)
    #[arg(long)]
    pub identity: Option<String>,
    /// New website
    #[arg(long)]
    pub website: Option<String>,
    /// New security contact
    #[arg(long)]
    pub security_contact: Option<String>,
    /// New details
    #[arg(long)]
    pub details: Option<String>,
    /// New commission rate (at most one change per 24 hours, within the max change rate)
    #[arg(long, value_name = "RATE")]
    pub commission_rate: Option<Fraction>,
    /// New minimum self-delegation (may only increase)
    #[arg(long, value_name = "AOPEN", value_parser = parse_min_self_delegation)]
    pub min_self_delegation: Option<u128>,
    #[command(flatten)]
    pub signed: SignedTxOpts,
}

#[derive(Debug, Args)]
pub struct DelegateArgs {
    /// Validator operator address (openvaloper1...)
    #[arg(value_parser = parse_valoper)]
    pub validator: AccountId,
    /// Amount to delegate, e.g. 10OPEN
    pub amount: OneCoin,
    #[command(flatten)]
    pub signed: SignedTxOpts,
}

#[derive(Debug, Args)]
pub struct UnbondArgs {
    /// Validator operator address (openvaloper1...)
    #[arg(value_parser = parse_valoper)]
    pub validator: AccountId,
    /// Amount to undelegate, e.g. 10OPEN
    pub amount: OneCoin,
    #[command(flatten)]
    pub signed: SignedTxOpts,
}

#[derive(Debug, Args)]
pub struct RedelegateArgs {
    /// Validator to move the delegation from (openvaloper1...)
    #[arg(value_parser = parse_valoper)]
    pub src_validator: AccountId,
    /// Validator to move the delegation to (openvaloper1...)
    #[arg(value_parser = parse_valoper)]
    pub dst_validator: AccountId,
    /// Amount to move, e.g. 10OPEN
    pub amount: OneCoin,
    #[command(flatten)]
    pub signed: SignedTxOpts,
}

#[derive(Debug, Args)]
pub struct CancelUnbondArgs {
    /// Validator operator address (openvaloper1...)
    #[arg(value_parser = parse_valoper)]
    pub validator: AccountId,
    /// Amount of the unbonding entry to delegate back, e.g. 5OPEN
    pub amount: OneCoin,
    /// Block height at which the unbonding entry was created
    /// (see `openledger query staking unbonding-delegations`)
    #[arg(value_parser = clap::value_parser!(i64).range(1..))]
    pub creation_height: i64,
    #[command(flatten)]
    pub signed: SignedTxOpts,
}

pub fn parse_valoper(s: &str) -> Result<AccountId, address::AddressError> {
    address::parse_validator(s)
}

/// A positive integer of aopen, or a positive aopen/OPEN amount.
fn parse_min_self_delegation(s: &str) -> Result<u128, String> {
    let trimmed = s.trim();
    let amount = if !trimmed.is_empty() && trimmed.bytes().all(|b| b.is_ascii_digit()) {
        trimmed
            .parse::<u128>()
            .map_err(|_| format!("{s:?} is too large"))?
    } else {
        let coin: Coin = trimmed.parse().map_err(|e| format!("{e}"))?;
        if coin.denom != BASE_DENOM {
            return Err(format!(
                "the minimum self-delegation is counted in {BASE_DENOM}, got {}",
                coin.denom
            ));
        }
        coin.amount
    };
    if amount == 0 {
        return Err("the minimum self-delegation must be at least 1aopen".to_owned());
    }
    Ok(amount)
}

/// Reads `--pubkey`: a priv_validator_key.json path, key JSON, or base64.
pub fn parse_consensus_key(input: &str) -> Result<ConsensusKey, String> {
    let input = input.trim();
    let path = Path::new(input);
    if path.is_file() {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        return key_from_json(&text).map_err(|e| format!("{}: {e}", path.display()));
    }
    if input.starts_with('{') {
        return key_from_json(input);
    }
    key_from_base64(input).map_err(|e| {
        format!("{e} (expected a base64 ed25519 public key, its JSON, or the path of a priv_validator_key.json; no file {input:?} exists)")
    })
}

fn key_from_base64(b64: &str) -> Result<ConsensusKey, String> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(b64.trim())
        .map_err(|e| format!("invalid base64 public key: {e}"))?;
    let key: [u8; 32] = bytes
        .try_into()
        .map_err(|b: Vec<u8>| format!("an ed25519 public key has 32 bytes, got {}", b.len()))?;
    Ok(ConsensusKey(key))
}

/// `{"pub_key": {"type": "tendermint/PubKeyEd25519", "value": ...}}` (priv_validator_key.json),
/// `{"type": "tendermint/PubKeyEd25519", "value": ...}` or
/// `{"@type": "/cosmos.crypto.ed25519.PubKey", "key": ...}`.
fn key_from_json(text: &str) -> Result<ConsensusKey, String> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| format!("invalid public key JSON: {e}"))?;
    let key = value.get("pub_key").unwrap_or(&value);
    let (kind, b64) = match (key.get("@type"), key.get("type")) {
        (Some(kind), _) => (kind, key.get("key")),
        (None, Some(kind)) => (kind, key.get("value")),
        (None, None) => return Err("no public key type in the JSON".to_owned()),
    };
    let kind = kind.as_str().unwrap_or_default();
    if kind != "tendermint/PubKeyEd25519" && kind != "/cosmos.crypto.ed25519.PubKey" {
        return Err(format!(
            "the consensus key must be ed25519, this one is {kind:?}"
        ));
    }
    let b64 = b64
        .and_then(Value::as_str)
        .ok_or_else(|| "the public key JSON has no key value".to_owned())?;
    key_from_base64(b64)
}

pub async fn run(ctx: &Context, tx: StakingTx) -> anyhow::Result<()> {
    match tx {
        StakingTx::CreateValidator(args) => {
            flow::run(ctx, &args.signed, |signer| create_validator(&args, signer)).await
        }
        StakingTx::EditValidator(args) => {
            flow::run(ctx, &args.signed, |signer| edit_validator(&args, signer)).await
        }
        StakingTx::Delegate(args) => {
            let text = format!("delegate {} to {}", args.amount.0.display(), args.validator);
            send_delegation(
                ctx,
                &args.signed,
                &args.validator,
                &args.amount,
                text,
                |delegator_address, validator_address, amount| MsgDelegate {
                    delegator_address,
                    validator_address,
                    amount,
                },
            )
            .await
        }
        StakingTx::Unbond(args) => {
            let text = format!(
                "undelegate {} from {}",
                args.amount.0.display(),
                args.validator
            );
            send_delegation(
                ctx,
                &args.signed,
                &args.validator,
                &args.amount,
                text,
                |delegator_address, validator_address, amount| MsgUndelegate {
                    delegator_address,
                    validator_address,
                    amount,
                },
            )
            .await
        }
        StakingTx::Redelegate(args) => {
            if args.src_validator == args.dst_validator {
                bail!("the source and destination validators are the same");
            }
            flow::run_single(ctx, &args.signed, |signer| {
                let msg = MsgBeginRedelegate {
                    delegator_address: signer.account.to_string(),
                    validator_src_address: args.src_validator.to_string(),
                    validator_dst_address: args.dst_validator.to_string(),
                    amount: Some(args.amount.0.to_proto()),
                };
                let text = format!(
                    "redelegate {} from {} to {}",
                    args.amount.0.display(),
                    args.src_validator,
                    args.dst_validator
                );
                (msg, text)
            })
            .await
        }
        StakingTx::CancelUnbond(args) => {
            let text = format!(
                "cancel unbonding {} from {} (entry of height {})",
                args.amount.0.display(),
                args.validator,
                args.creation_height
            );
            send_delegation(
                ctx,
                &args.signed,
                &args.validator,
                &args.amount,
                text,
                |delegator_address, validator_address, amount| MsgCancelUnbondingDelegation {
                    delegator_address,
                    validator_address,
                    amount,
                    creation_height: args.creation_height,
                },
            )
            .await
        }
    }
}

/// Signs and sends one message with the fields `MsgDelegate`, `MsgUndelegate` and
/// `MsgCancelUnbondingDelegation` share: `msg` builds it from the delegator (the signer's
/// account), the validator and the amount.
async fn send_delegation<M: Message + Name>(
    ctx: &Context,
    signed: &SignedTxOpts,
    validator: &AccountId,
    amount: &OneCoin,
    description: String,
    msg: impl FnOnce(String, String, Option<ProtoCoin>) -> M,
) -> anyhow::Result<()> {
    flow::run_single(ctx, signed, |signer| {
        let msg = msg(
            signer.account.to_string(),
            validator.to_string(),
            Some(amount.0.to_proto()),
        );
        (msg, description)
    })
    .await
}

fn check_length(field: &str, value: &str, max: usize) -> anyhow::Result<()> {
    let len = value.chars().count();
    if len > max {
        bail!("--{field} is {len} characters long; the limit is {max}");
    }
    Ok(())
}

fn check_description(d: &Description) -> anyhow::Result<()> {
    for (field, value, max) in [
        ("moniker", &d.moniker, MAX_MONIKER),
        ("identity", &d.identity, MAX_IDENTITY),
        ("website", &d.website, MAX_WEBSITE),
        (
            "security-contact",
            &d.security_contact,
            MAX_SECURITY_CONTACT,
        ),
        ("details", &d.details, MAX_DETAILS),
    ] {
        if value != DO_NOT_MODIFY {
            check_length(field, value, max)?;
        }
    }
    Ok(())
}

// `delegator_address` is deprecated in SDK v0.50 and left empty, as the SDK's CLI does.
#[allow(deprecated)]
fn create_validator(
    args: &CreateValidatorArgs,
    signer: &flow::Signer,
) -> anyhow::Result<TxRequest> {
    if args.moniker.trim().is_empty() {
        bail!("--moniker must not be empty");
    }
    let description = Description {
        moniker: args.moniker.clone(),
        identity: args.identity.clone(),
        website: args.website.clone(),
        security_contact: args.security_contact.clone(),
        details: args.details.clone(),
    };
    check_description(&description)?;
    let (rate, max_rate, max_change) = (
        args.commission_rate.0,
        args.commission_max_rate.0,
        args.commission_max_change_rate.0,
    );
    if rate > max_rate {
        bail!(
            "--commission-rate {} is above --commission-max-rate {}",
            dec::short_string(rate),
            dec::short_string(max_rate)
        );
    }
    if max_change > max_rate {
        bail!(
            "--commission-max-change-rate {} is above --commission-max-rate {}",
            dec::short_string(max_change),
            dec::short_string(max_rate)
        );
    }
    if args.amount.0.denom == BASE_DENOM && args.amount.0.amount < args.min_self_delegation {
        bail!(
            "the self-delegation {} is below --min-self-delegation {}{BASE_DENOM}",
            args.amount.0.display(),
            args.min_self_delegation
        );
    }
    let pubkey = cosmos_sdk_proto::Any {
        type_url: "/cosmos.crypto.ed25519.PubKey".to_owned(),
        value: ed25519::PubKey {
            key: args.pubkey.0.to_vec(),
        }
        .encode_to_vec(),
    };
    let msg = MsgCreateValidator {
        description: Some(description),
        commission: Some(CommissionRates {
            rate: rate.to_proto_string(),
            max_rate: max_rate.to_proto_string(),
            max_change_rate: max_change.to_proto_string(),
        }),
        min_self_delegation: args.min_self_delegation.to_string(),
        // Deprecated in SDK v0.50: the operator account is the signer.
        delegator_address: String::new(),
        validator_address: signer.validator.to_string(),
        pubkey: Some(pubkey),
        value: Some(args.amount.0.to_proto()),
    };
    let consensus = address::consensus_address(&args.pubkey.0)?;
    let text = format!(
        "create validator {} ({:?}, consensus address {consensus}) with a self-delegation of {}, commission {} (max {}, max change {} a day)",
        signer.validator,
        args.moniker,
        args.amount.0.display(),
        dec::short_string(rate),
        dec::short_string(max_rate),
        dec::short_string(max_change)
    );
    Ok(TxRequest::single(&msg, text))
}

fn edit_validator(args: &EditValidatorArgs, signer: &flow::Signer) -> anyhow::Result<TxRequest> {
    let field = |v: &Option<String>| v.clone().unwrap_or_else(|| DO_NOT_MODIFY.to_owned());
    if args.moniker.as_deref().is_some_and(|m| m.trim().is_empty()) {
        bail!("--moniker must not be empty");
    }
    let description = Description {
        moniker: field(&args.moniker),
        identity: field(&args.identity),
        website: field(&args.website),
        security_contact: field(&args.security_contact),
        details: field(&args.details),
    };
    check_description(&description)?;
    let msg = MsgEditValidator {
        description: Some(description),
        validator_address: signer.validator.to_string(),
        commission_rate: args
            .commission_rate
            .map(|r| r.0.to_proto_string())
            .unwrap_or_default(),
        min_self_delegation: args
            .min_self_delegation
            .map(|m| m.to_string())
            .unwrap_or_default(),
    };
    let mut changes = Vec::new();
    for (name, value) in [
        ("moniker", &args.moniker),
        ("identity", &args.identity),
        ("website", &args.website),
        ("security contact", &args.security_contact),
        ("details", &args.details),
    ] {
        if let Some(value) = value {
            changes.push(format!("{name} {value:?}"));
        }
    }
    if let Some(rate) = args.commission_rate {
        changes.push(format!("commission rate {}", dec::short_string(rate.0)));
    }
    if let Some(min) = args.min_self_delegation {
        changes.push(format!("min self-delegation {min}{BASE_DENOM}"));
    }
    let text = format!(
        "edit validator {}: {}",
        signer.validator,
        changes.join(", ")
    );
    Ok(TxRequest::single(&msg, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY_B64: &str = "bNNlGls5R25wC3Sd8720F/3+7IZBhXcD22MNFtPk/v0=";

    #[test]
    fn consensus_keys_from_base64_json_and_files() {
        let from_b64 = parse_consensus_key(KEY_B64).unwrap();
        let sdk_json = format!(r#"{{"@type":"/cosmos.crypto.ed25519.PubKey","key":"{KEY_B64}"}}"#);
        assert_eq!(parse_consensus_key(&sdk_json).unwrap(), from_b64);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("priv_validator_key.json");
        std::fs::write(
            &path,
            format!(
                r#"{{"address": "2DD9F44FD9067555C322243C3C913BA7B51D2BE0",
                    "pub_key": {{"type": "tendermint/PubKeyEd25519", "value": "{KEY_B64}"}},
                    "priv_key": {{"type": "tendermint/PrivKeyEd25519", "value": "secret"}}}}"#
            ),
        )
        .unwrap();
        assert_eq!(
            parse_consensus_key(path.to_str().unwrap()).unwrap(),
            from_b64
        );

        assert!(parse_consensus_key("AAAA").is_err(), "3 bytes");
        assert!(parse_consensus_key("/no/such/file.json").is_err());
        let secp = r#"{"@type":"/cosmos.crypto.secp256k1.PubKey","key":"AAAA"}"#;
        assert!(parse_consensus_key(secp).unwrap_err().contains("ed25519"));
    }

    #[test]
    fn min_self_delegation_forms() {
        assert_eq!(parse_min_self_delegation("1").unwrap(), 1);
        assert_eq!(
            parse_min_self_delegation("1OPEN").unwrap(),
            1_000_000_000_000_000_000
        );
        assert!(parse_min_self_delegation("0").is_err());
        assert!(parse_min_self_delegation("5uatom").is_err());
        assert!(parse_min_self_delegation("-1").is_err());
    }
}
