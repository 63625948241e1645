//! The path every transaction takes: signer lookup, account numbers, gas, fee, confirmation,
//! signing and broadcast. Commands only build their messages.

use anyhow::{bail, Context as _};
use cosmos_sdk_proto::cosmos::base::node::v1beta1::{ConfigRequest, ConfigResponse};
use cosmos_sdk_proto::cosmos::tx::v1beta1::{SimulateRequest, SimulateResponse};
use cosmos_sdk_proto::Any;
use cosmrs::AccountId;
use prost::{Message, Name};

use super::broadcast;
use super::builder::{SignerData, TxSignMode, UnsignedTx};
use super::options::{GasSetting, TxOpts};
use crate::address;
use crate::amount::{Coin, GasPrice};
use crate::chain::BASE_DENOM;
use crate::context::Context;
use crate::keys::keyring::KeyEntry;
use crate::output;
use crate::prompt::{self, PassphraseUse};
use crate::query::account;
use crate::rpc::{paths, Rpc};
use crate::schema;
use crate::schema::render::{self, Style};
use crate::schema::text::labelled;

/// A message packed with its type URL.
pub fn any<M: Message + Name>(msg: &M) -> Any {
    Any {
        type_url: M::type_url(),
        value: msg.encode_to_vec(),
    }
}

/// The key that signs, with its account and operator addresses.
pub struct Signer {
    pub key: KeyEntry,
    /// `open1...`
    pub account: AccountId,
    /// `openvaloper1...`: the same 20 bytes, for messages a validator operator signs.
    pub validator: AccountId,
}

impl Signer {
    /// Looks up `--from` in the keyring.
    pub fn load(ctx: &Context, from: &str) -> anyhow::Result<Self> {
        let keyring = ctx.keyring()?;
        let key = keyring.get(from)?.clone();
        let account = address::parse_account(&key.address)?;
        let validator = address::validator_of_account(&account)?;
        Ok(Self {
            key,
            account,
            validator,
        })
    }
}

/// Signs checked messages with the keyring key `signer` and broadcasts them as `opts` say.
pub async fn send(
    ctx: &Context,
    signer: &KeyEntry,
    messages: Vec<Any>,
    opts: &TxOpts,
) -> anyhow::Result<()> {
    let description: Vec<String> = messages.iter().map(describe).collect();

    // Refuse before any network work if signing could not be completed anyway.
    prompt::ensure_passphrase_source(ctx.passphrase_env.as_deref())?;
    if !opts.yes {
        prompt::ensure_can_confirm()?;
    }
    let keyring = ctx.keyring()?;
    let public_key = signer.public_key()?;
    let rpc = ctx.rpc()?;
    let chain_id = ctx.chain_id(&rpc).await?;
    let (account_number, sequence) = account_numbers(ctx, signer, opts).await?;
    let signer_data = SignerData {
        public_key,
        account_number,
        sequence,
    };
    let unsigned = UnsignedTx::new(messages, &opts.memo, opts.timeout_height, signer_data)?
        .with_sign_mode(opts.sign_mode);

    let gas_limit = match opts.gas {
        GasSetting::Fixed(gas) => gas,
        GasSetting::Auto => simulate(&rpc, &unsigned, opts).await?,
    };
    let fee = fee(&rpc, opts, gas_limit).await?;
    let unsigned = unsigned.with_fee(&fee, gas_limit)?;

    if !opts.yes {
        output::note(&summary(
            signer,
            &chain_id,
            &description,
            &fee,
            gas_limit,
            opts,
            &unsigned,
        ));
        if !prompt::confirm("Sign and broadcast this transaction?")? {
            bail!("aborted: nothing was signed or broadcast");
        }
    }
    let passphrase = ctx.passphrase(PassphraseUse::Unlock)?;
    let key = keyring.signing_key(signer, &passphrase)?;
    let signed = unsigned.sign(&key, &chain_id)?;
    broadcast::submit(
        &rpc,
        signed,
        opts.broadcast_mode,
        opts.wait_timeout,
        ctx.output,
    )
    .await
}

/// Account number and sequence: both flags given means offline, else ask the chain.
async fn account_numbers(
    ctx: &Context,
    signer: &KeyEntry,
    opts: &TxOpts,
) -> anyhow::Result<(u64, u64)> {
    if let (Some(number), Some(sequence)) = (opts.account_number, opts.sequence) {
        return Ok((number, sequence));
    }
    let Some(on_chain) = account::fetch(ctx, &signer.address, None).await? else {
        bail!(
            "account {} ({}) does not exist on chain yet: it must receive tokens before it can sign a transaction",
            signer.address,
            signer.name
        );
    };
    let key = &on_chain["pubkey"];
    if !key.is_null() && *key != serde_json::to_value(signer.public_key()?)? {
        bail!(
            "the chain has a different public key for {} than key {:?} in the keyring",
            signer.address,
            signer.name
        );
    }
    let number = |key: &str| on_chain[key].as_u64().unwrap_or(0);
    Ok((
        opts.account_number.unwrap_or(number("account_number")),
        opts.sequence.unwrap_or(number("sequence")),
    ))
}

/// Gas added to every `--gas auto` estimate. A simulation runs on the last committed state,
/// but the transaction runs one block later, after that block's reward allocation and queue
/// payouts: a reward withdrawal simulated with nothing to pay out yet pays in the block and
/// reads and writes more state. The margin covers such state-dependent paths; at the minimum
/// gas price it costs 0.00002 OPEN.
pub const AUTO_GAS_MARGIN: u64 = 20_000;

/// Simulates the transaction (fee-less, empty signature), applies the gas adjustment and adds
/// [`AUTO_GAS_MARGIN`].
async fn simulate(rpc: &Rpc, unsigned: &UnsignedTx, opts: &TxOpts) -> anyhow::Result<u64> {
    let gas_used = simulated_gas(rpc, unsigned).await?;
    let gas_limit = opts
        .gas_adjustment
        .apply(gas_used)
        .and_then(|g| g.checked_add(AUTO_GAS_MARGIN))
        .ok_or_else(|| anyhow::anyhow!("adjusted gas overflows: {gas_used} gas used"))?;
    output::note(&format!(
        "Estimated gas: {gas_used} used, limit set to {gas_limit}"
    ));
    Ok(gas_limit)
}

/// `--fees`, else ceil(gas limit × gas price) with `--gas-prices` or the node's minimum.
async fn fee(rpc: &Rpc, opts: &TxOpts, gas_limit: u64) -> anyhow::Result<Vec<Coin>> {
    if let Some(fees) = &opts.fees {
        return Ok(fees.0.clone());
    }
    match &opts.gas_prices {
        Some(price) => fee_at(price, gas_limit),
        None => minimum_fee(rpc, gas_limit).await,
    }
}

/// ceil(gas limit × price); no coin when that is 0.
fn fee_at(price: &GasPrice, gas_limit: u64) -> anyhow::Result<Vec<Coin>> {
    if price.is_zero() {
        return Ok(Vec::new());
    }
    let coin = price.fee_for(gas_limit)?;
    Ok(if coin.amount == 0 {
        Vec::new()
    } else {
        vec![coin]
    })
}

async fn node_minimum_gas_price(rpc: &Rpc) -> anyhow::Result<GasPrice> {
    let response: ConfigResponse = rpc
        .query(paths::node::CONFIG, &ConfigRequest {}, None)
        .await
        .context("cannot read the node's minimum gas price; pass --fees or --gas-prices")?;
    GasPrice::from_node_minimum(&response.minimum_gas_price, BASE_DENOM).with_context(|| {
        format!(
            "the node reports an invalid minimum gas price {:?}; pass --fees or --gas-prices",
            response.minimum_gas_price
        )
    })
}

/// What is about to be signed, for the confirmation.
fn summary(
    signer: &KeyEntry,
    chain_id: &tendermint::chain::Id,
    description: &[String],
    fee: &[Coin],
    gas_limit: u64,
    opts: &TxOpts,
    unsigned: &UnsignedTx,
) -> String {
    let fee: Vec<String> = fee.iter().map(Coin::display).collect();
    let signer = format!("{} ({})", signer.name, signer.address);
    let mut rows = vec![("chain id", chain_id.to_string()), ("signer", signer)];
    rows.extend(description.iter().map(|line| ("message", line.clone())));
    rows.push((
        "fee",
        if fee.is_empty() {
            "none".to_owned()
        } else {
            fee.join(", ")
        },
    ));
    rows.push(("gas limit", gas_limit.to_string()));
    if !opts.memo.is_empty() {
        rows.push(("memo", opts.memo.clone()));
    }
    if opts.timeout_height > 0 {
        rows.push(("timeout", format!("height {}", opts.timeout_height)));
    }
    if opts.sign_mode == TxSignMode::AminoJson {
        rows.push((
            "sign mode",
            "amino JSON (SIGN_MODE_LEGACY_AMINO_JSON)".to_owned(),
        ));
    }
    let data = unsigned.signer();
    rows.push((
        "account",
        format!("number {}, sequence {}", data.account_number, data.sequence),
    ));
    labelled(&rows)
}

/// A message on one line, for the confirmation: its type and its fields in the classic form.
fn describe(any: &Any) -> String {
    let fields = schema::pool()
        .get_message_by_name(any.type_url.trim_start_matches('/'))
        .and_then(|desc| prost_reflect::DynamicMessage::decode(desc, any.value.as_slice()).ok())
        .map(|msg| render::message(&msg, Style::Classic))
        .map(|json| json.to_string())
        .unwrap_or_default();
    format!("{} {fields}", any.type_url)
}

/// Gas used by `unsigned` in a simulation on the last committed state, for programs that sign
/// on their own (the operator gateway).
pub async fn simulated_gas(rpc: &Rpc, unsigned: &UnsignedTx) -> anyhow::Result<u64> {
    let request = SimulateRequest {
        tx_bytes: unsigned.simulation_bytes()?,
        ..Default::default()
    };
    let response: SimulateResponse = rpc
        .query(paths::tx::SIMULATE, &request, None)
        .await
        .context("gas estimation (simulation) failed")?;
    response
        .gas_info
        .map(|info| info.gas_used)
        .ok_or_else(|| anyhow::anyhow!("the simulation returned no gas information"))
}

/// The fee of `gas_limit` at the node's minimum gas price.
pub async fn minimum_fee(rpc: &Rpc, gas_limit: u64) -> anyhow::Result<Vec<Coin>> {
    fee_at(&node_minimum_gas_price(rpc).await?, gas_limit)
}
