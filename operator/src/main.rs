//! The operator gateway (docs/operator-gateway.md).

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::IsTerminal as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context as _};
use clap::{Args, Parser, Subcommand};
use openledger_operator::chain_client::{ChainClient, ChainSettings};
use openledger_operator::client::{self, ChatRequest, ClientError};
use openledger_operator::engine_attributor::EngineAttributor;
use openledger_operator::fakes::{FakeAttributor, FakeChain};
use openledger_operator::{auth, Attributor, Chain, Config};
use secp256k1::SecretKey;
use serde_json::json;

/// An OpenAI-compatible gateway that checks signed requests, meters them, attributes the
/// outputs and records each inference on the OpenLedger chain.
#[derive(Parser)]
#[command(name = "openledger-operator", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the gateway.
    Serve(ServeArgs),
    /// Sign and send one chat completion to a gateway; prints the JSON answer (for a stream:
    /// the concatenated text and the receipt event).
    Request(RequestArgs),
    /// Print the account address and public key of a secret key, as JSON.
    Address(KeyArgs),
}

#[derive(Args)]
struct ServeArgs {
    /// The TOML configuration file.
    #[arg(long, value_name = "FILE")]
    config: PathBuf,
    /// Overrides the configuration's `listen`.
    #[arg(long, value_name = "ADDR")]
    listen: Option<std::net::SocketAddr>,
    /// Overrides the configuration's `backend_url` (the backend's OpenAI base URL, with /v1).
    #[arg(long, value_name = "URL")]
    backend_url: Option<String>,
    /// Overrides the configuration's `backend_api_key`.
    #[arg(
        long,
        value_name = "KEY",
        env = "OPENLEDGER_BACKEND_API_KEY",
        hide_env_values = true
    )]
    backend_api_key: Option<String>,
    /// Development only: record on an in-memory fake chain that lets everyone pay, and
    /// attribute with a stand-in engine. Nothing reaches a real chain.
    #[arg(long)]
    dev_fake_chain: bool,
    /// With --dev-fake-chain: the contributions the stand-in engine knows (the .txt and .md
    /// files of DIR, sorted by name, as contributions 1, 2, ...).
    #[arg(long, value_name = "DIR", requires = "dev_fake_chain")]
    dev_corpus_dir: Option<PathBuf>,
}

#[derive(Args)]
#[group(required = true, multiple = false)]
struct KeySource {
    /// A key of an `openledger` keyring (see --home), unlocked with the passphrase in
    /// OPENLEDGER_KEYRING_PASSPHRASE.
    #[arg(long, value_name = "KEY")]
    from: Option<String>,
    /// The user's secp256k1 secret key in hex.
    #[arg(
        long,
        value_name = "HEX",
        env = "OPENLEDGER_SECRET_KEY_HEX",
        hide_env_values = true
    )]
    secret_key_hex: Option<String>,
    /// A file holding the secret key in hex.
    #[arg(long, value_name = "FILE")]
    key_file: Option<PathBuf>,
}

#[derive(Args)]
struct KeyringHome {
    /// The `openledger` home holding the keyring, for --from [default: ~/.openledger]
    #[arg(long, value_name = "DIR", env = "OPENLEDGER_HOME")]
    home: Option<PathBuf>,
}

#[derive(Args)]
struct KeyArgs {
    #[command(flatten)]
    key: KeySource,
    #[command(flatten)]
    home: KeyringHome,
}

#[derive(Args)]
struct RequestArgs {
    /// The gateway's base URL.
    #[arg(long, value_name = "URL", default_value = "http://127.0.0.1:8088")]
    gateway: String,
    #[command(flatten)]
    key: KeySource,
    #[command(flatten)]
    home: KeyringHome,
    /// The model name (as in GET /v1/models).
    #[arg(long, value_name = "NAME")]
    model: String,
    /// The user message.
    #[arg(long, value_name = "TEXT")]
    message: String,
    /// Stream the answer.
    #[arg(long)]
    stream: bool,
    /// The most output tokens (the model's default otherwise).
    #[arg(long, value_name = "N")]
    max_tokens: Option<u64>,
    /// Seconds until the signed request expires (1 to 300).
    #[arg(long, value_name = "SECS", default_value_t = 60)]
    expiry_secs: u64,
    /// The nonce (random by default); sending the same nonce again is refused as a replay.
    #[arg(long, value_name = "NONCE")]
    nonce: Option<String>,
}

fn secret_key(source: &KeySource, home: &KeyringHome) -> anyhow::Result<SecretKey> {
    if let Some(name) = &source.from {
        return keyring_secret_key(name, home);
    }
    let text = match (&source.secret_key_hex, &source.key_file) {
        (Some(hex), _) => hex.clone(),
        (None, Some(path)) => std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the key file {}", path.display()))?,
        (None, None) => bail!("give --from, --secret-key-hex or --key-file"),
    };
    Ok(client::parse_secret_key_hex(&text)?)
}

/// The secret key of `name` in the `openledger` keyring under `home`.
fn keyring_secret_key(name: &str, home: &KeyringHome) -> anyhow::Result<SecretKey> {
    use openledger_cli::prompt::{keyring_passphrase, PassphraseUse};
    let home = match &home.home {
        Some(dir) => dir.clone(),
        None => std::env::var_os("HOME")
            .map(|h| PathBuf::from(h).join(".openledger"))
            .context("cannot find the home directory; pass --home")?,
    };
    let keyring = openledger_cli::keys::keyring::Keyring::load(&home)?;
    let entry = keyring.get(name)?.clone();
    let passphrase = keyring_passphrase(None, PassphraseUse::Unlock)?;
    let mnemonic = keyring.mnemonic(&entry, &passphrase)?;
    let secret = openledger_cli::keys::mnemonic::derive_secret_key(&mnemonic)?;
    SecretKey::from_slice(secret.as_slice()).context("the keyring key is not a valid secp256k1 key")
}

fn print_json(value: &serde_json::Value) {
    println!(
        "{}",
        serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
    );
}

/// The chain client (the operator's key from its keyring) and the attribution engine over the
/// corpus of every configured model version.
async fn real_chain_and_engine(
    config: &Config,
) -> anyhow::Result<(Arc<dyn Chain>, Arc<dyn Attributor>)> {
    let Some(section) = &config.chain else {
        bail!("the configuration has no [chain] table (node, home, key); see docs/operator-gateway.md")
    };
    let settings = ChainSettings {
        node: section.node.clone(),
        grpc: section.grpc.clone(),
        home: section.home.clone(),
        key: section.key.clone(),
        passphrase_env: section.passphrase_env.clone(),
        chain_id: section.chain_id.clone(),
        inclusion_timeout: Duration::from_secs(section.inclusion_timeout_secs.max(1)),
    };
    let chain = ChainClient::connect(&settings)
        .await
        .context("cannot connect to the chain")?;
    tracing::info!(operator = chain.address(), node = %settings.node, "chain client ready");
    let models: Vec<(u64, u64)> = config
        .models
        .iter()
        .map(|m| (m.model_id, m.model_version))
        .collect();
    let engine = Arc::new(
        EngineAttributor::load(&settings, &models)
            .await
            .context("cannot load the attribution engine's corpora")?,
    );
    engine.spawn_refresh(
        settings.clone(),
        Duration::from_secs(section.engine_refresh_secs.max(1)),
    );
    Ok((Arc::new(chain), engine))
}

async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let mut config = Config::load(&args.config)?;
    if let Some(listen) = args.listen {
        config.listen = listen;
    }
    if let Some(url) = args.backend_url {
        config.backend_url = url;
    }
    if let Some(key) = args.backend_api_key {
        config.backend_api_key = Some(key);
    }
    config.validate()?;
    let (chain, attributor): (Arc<dyn Chain>, Arc<dyn Attributor>) = if args.dev_fake_chain {
        tracing::warn!("--dev-fake-chain: recording on an in-memory fake chain, not on a real one");
        let chain = FakeChain::new();
        chain.fund_everyone(u128::MAX / 2);
        let attributor = match &args.dev_corpus_dir {
            Some(dir) => FakeAttributor::from_dir(dir)
                .with_context(|| format!("cannot read the corpus {}", dir.display()))?,
            None => FakeAttributor::new(Vec::new()),
        };
        (Arc::new(chain), Arc::new(attributor))
    } else {
        real_chain_and_engine(&config).await?
    };
    openledger_operator::serve(config, chain, attributor).await?;
    Ok(())
}

async fn request(args: RequestArgs) -> anyhow::Result<i32> {
    let key = secret_key(&args.key, &args.home)?;
    let req = ChatRequest {
        gateway: args.gateway,
        model: args.model,
        message: args.message,
        stream: args.stream,
        max_tokens: args.max_tokens,
        expiry_secs: args.expiry_secs,
        nonce: args.nonce,
    };
    match client::send_chat(&key, &req).await {
        Ok(value) => {
            print_json(&value);
            Ok(0)
        }
        Err(ClientError::Refused { status, body }) => {
            print_json(&json!({"status": status, "body": body}));
            Ok(1)
        }
        Err(e) => Err(e.into()),
    }
}

fn run(cli: Cli) -> anyhow::Result<i32> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the runtime")?;
    match cli.command {
        Command::Serve(args) => runtime.block_on(serve(args)).map(|()| 0),
        Command::Request(args) => runtime.block_on(request(args)),
        Command::Address(args) => {
            let key = secret_key(&args.key, &args.home)?;
            let public_key = secp256k1::PublicKey::from_secret_key(secp256k1::SECP256K1, &key);
            use base64::Engine as _;
            print_json(&json!({
                "address": auth::address_of(&public_key),
                "public_key": base64::engine::general_purpose::STANDARD.encode(public_key.serialize()),
            }));
            Ok(0)
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr)
        .init();
    match run(cli) {
        Ok(0) => ExitCode::SUCCESS,
        Ok(_) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("{}", json!({"error": format!("{e:#}")}));
            ExitCode::FAILURE
        }
    }
}
