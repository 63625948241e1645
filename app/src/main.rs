//! openledgerd: run an OpenLedger node's application behind CometBFT.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::{bail, Context};
use clap::{Parser, Subcommand};
use openledger_app::app::App;
use openledger_app::challenge_results::ChallengeResults;
use openledger_app::challenge_runner::ChallengeRunner;
use openledger_app::config::{db_path, genesis_path, AppConfig};
use openledger_app::content::ContentNode;
use openledger_app::genesis::AppGenesis;
use openledger_app::query::abci::QueryGateway;
use openledger_app::query::grpc::{self, GrpcState};
use openledger_app::store::{Storage, StoreConfig};
use openledger_app::tx::execute::LocalPolicy;
use openledger_framework::{Address, Coins};
use tracing::info;

#[derive(Parser)]
#[command(
    name = "openledgerd",
    version,
    about = "The OpenLedger node application (ABCI 2.0, runs behind CometBFT v0.38)"
)]
struct Cli {
    /// Node home: config/ (app.toml, CometBFT's genesis.json) and data/.
    #[arg(
        long,
        global = true,
        env = "OPENLEDGER_NODE_HOME",
        default_value = ".openledgerd"
    )]
    home: PathBuf,
    /// Output format of command results.
    #[arg(long, short = 'o', global = true, value_enum, default_value_t = Output::Text)]
    output: Output,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Output {
    Text,
    Json,
}

impl Output {
    /// Print a result: the text line, or the JSON document.
    fn print(self, text: String, json: serde_json::Value) {
        match self {
            Output::Text => println!("{text}"),
            Output::Json => println!("{json}"),
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Prepare a home already initialised by `cometbft init`: set the chain id and a default
    /// app_state in config/genesis.json and write config/app.toml.
    Init {
        #[arg(long)]
        chain_id: String,
        /// Replace an existing app_state.
        #[arg(long)]
        overwrite: bool,
    },
    /// Edit the genesis app_state.
    #[command(subcommand)]
    Genesis(GenesisCmd),
    /// Serve ABCI (for CometBFT) and gRPC until interrupted.
    Start {
        /// ABCI listen address (CometBFT's proxy_app).
        #[arg(long)]
        abci_addr: Option<SocketAddr>,
        /// gRPC listen address.
        #[arg(long)]
        grpc_addr: Option<SocketAddr>,
        /// LCD REST listen address (the gateway is on unless `rest_enable = false`).
        #[arg(long)]
        rest_addr: Option<SocketAddr>,
        /// Directory of the web dashboard's built files (`web/dist`) to serve on the REST
        /// address.
        #[arg(long)]
        web_dir: Option<PathBuf>,
        /// CometBFT RPC URL.
        #[arg(long)]
        cometbft_rpc: Option<String>,
        /// Minimum gas price in aopen this node accepts in CheckTx.
        #[arg(long)]
        min_gas_price: Option<String>,
        /// Serve Prometheus metrics on this address (turns `metrics_enable` on).
        #[arg(long)]
        metrics_addr: Option<SocketAddr>,
        /// Take a state-sync snapshot every this many heights (0: never).
        #[arg(long)]
        snapshot_interval: Option<u64>,
        /// State-sync snapshots kept on disk.
        #[arg(long)]
        snapshot_keep_recent: Option<u32>,
    },
    /// Print the state at the last committed height as a genesis app_state (node stopped).
    Export,
    /// Print the OpenAPI document of the REST gateway (what `docs/openapi.json` holds), or
    /// with `--markdown` its route table.
    Openapi {
        #[arg(long)]
        markdown: bool,
    },
    /// Delete the application's data (keeps config). CometBFT's data must be reset too.
    Reset {
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Subcommand)]
enum GenesisCmd {
    /// Fund an account in genesis, e.g. `add-account open1... 1000000000000000000aopen`.
    AddAccount { address: String, coins: String },
    /// Make an account a genesis validator: move `amount` from its genesis balance into the
    /// bonded pool as its self-delegation, with the ed25519 consensus key of a CometBFT
    /// `priv_validator_key.json` (or a base64 public key).
    AddValidator {
        /// Operator account (`open1...`); must already be funded with `add-account`.
        operator: String,
        /// Path to `priv_validator_key.json`, or the base64 ed25519 public key.
        pubkey: String,
        /// Self-delegation, e.g. `100000000000000000000aopen`.
        amount: String,
        #[arg(long, default_value = "validator")]
        moniker: String,
        /// Commission rate, a decimal such as 0.1.
        #[arg(long, default_value = "0.1")]
        commission_rate: String,
    },
    /// Check the genesis app_state.
    Validate,
}

/// An ed25519 public key from a CometBFT key file or its base64 form.
fn consensus_pubkey(arg: &str) -> anyhow::Result<[u8; 32]> {
    use base64::Engine;
    let b64 = if Path::new(arg).is_file() {
        let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(arg)?)
            .with_context(|| format!("{arg} is not JSON"))?;
        let key = &v["pub_key"];
        if key["type"] != "tendermint/PubKeyEd25519" {
            bail!("{arg}: pub_key is not an ed25519 key");
        }
        key["value"]
            .as_str()
            .with_context(|| format!("{arg}: no pub_key.value"))?
            .to_string()
    } else {
        arg.to_string()
    };
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(b64.trim())
        .context("consensus public key is not base64")?;
    bytes
        .try_into()
        .map_err(|_| anyhow::anyhow!("an ed25519 public key has 32 bytes"))
}

fn parse_coins(s: &str) -> anyhow::Result<Coins> {
    let mut out = Vec::new();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let split = part
            .find(|c: char| !c.is_ascii_digit())
            .with_context(|| format!("coin {part:?} has no denom"))?;
        let (amount, denom) = part.split_at(split);
        out.push(openledger_framework::Coin::new(
            denom,
            openledger_framework::coin::parse_amount(amount)?,
        ));
    }
    Ok(Coins::normalize(out)?)
}

fn read_genesis(home: &Path) -> anyhow::Result<serde_json::Value> {
    let path = genesis_path(home);
    let text = std::fs::read_to_string(&path).with_context(|| {
        format!(
            "reading {} (run `cometbft init --home {}` first)",
            path.display(),
            home.display()
        )
    })?;
    Ok(serde_json::from_str(&text)?)
}

fn write_genesis(home: &Path, v: &serde_json::Value) -> anyhow::Result<()> {
    std::fs::write(genesis_path(home), serde_json::to_string_pretty(v)? + "\n")?;
    Ok(())
}

/// Vote extensions carry the validators' results for attribution challenges
/// (docs/challenges.md): they are enabled from the chain's first block
/// (`consensus_params.abci.vote_extensions_enable_height` = `initial_height`), unless the
/// genesis already enables them at some height.
fn enable_vote_extensions(g: &mut serde_json::Value) -> anyhow::Result<()> {
    let int = |v: &serde_json::Value| -> Option<u64> {
        match v {
            serde_json::Value::String(s) => s.parse().ok(),
            v => v.as_u64(),
        }
    };
    let current = g
        .pointer("/consensus_params/abci/vote_extensions_enable_height")
        .and_then(int)
        .unwrap_or(0);
    if current > 0 {
        return Ok(());
    }
    let first = g.get("initial_height").and_then(int).unwrap_or(1).max(1);
    let params = g
        .get_mut("consensus_params")
        .and_then(|p| p.as_object_mut())
        .context("genesis.json has no consensus_params object (run `cometbft init` first)")?;
    let abci = params
        .entry("abci")
        .or_insert_with(|| serde_json::json!({}));
    let abci = abci
        .as_object_mut()
        .context("genesis.json consensus_params.abci is not an object")?;
    // CometBFT writes 64-bit integers as JSON strings.
    abci.insert(
        "vote_extensions_enable_height".into(),
        serde_json::Value::String(first.to_string()),
    );
    Ok(())
}

/// Bound the work of a block: `consensus_params.block.max_gas` =
/// [`openledger_app::genesis::DEFAULT_BLOCK_MAX_GAS`] unless the genesis already sets a
/// limit (CometBFT's default, -1, is none).
fn set_block_max_gas(g: &mut serde_json::Value) -> anyhow::Result<()> {
    let current = g
        .pointer("/consensus_params/block/max_gas")
        .and_then(|v| match v {
            serde_json::Value::String(s) => s.parse::<i64>().ok(),
            v => v.as_i64(),
        })
        .unwrap_or(-1);
    if current >= 0 {
        return Ok(());
    }
    let params = g
        .get_mut("consensus_params")
        .and_then(|p| p.as_object_mut())
        .context("genesis.json has no consensus_params object (run `cometbft init` first)")?;
    let block = params
        .entry("block")
        .or_insert_with(|| serde_json::json!({}));
    let block = block
        .as_object_mut()
        .context("genesis.json consensus_params.block is not an object")?;
    // CometBFT writes 64-bit integers as JSON strings.
    block.insert(
        "max_gas".into(),
        serde_json::Value::String(openledger_app::genesis::DEFAULT_BLOCK_MAX_GAS.to_string()),
    );
    Ok(())
}

fn app_state(v: &serde_json::Value) -> anyhow::Result<AppGenesis> {
    match v.get("app_state") {
        None | Some(serde_json::Value::Null) => Ok(AppGenesis::default()),
        Some(s) => Ok(serde_json::from_value(s.clone())?),
    }
}

async fn start(home: &Path, mut cfg: AppConfig) -> anyhow::Result<()> {
    let storage = Storage::open(
        &db_path(home),
        StoreConfig {
            keep_recent: cfg.keep_recent,
        },
    )
    .with_context(|| format!("opening {}", db_path(home).display()))?;
    let local = LocalPolicy {
        min_gas_price: cfg.min_gas_price()?,
    };
    let mut app = App::new(storage.clone(), local)?;
    app.set_home(home.to_path_buf());
    let (height, hash) = app.info();
    info!(height, app_hash = %hex::encode(hash), "store opened");
    let gateway = QueryGateway::with_limits(storage, local, cfg.query_limits());
    let rpc_url = std::mem::take(&mut cfg.cometbft_rpc);
    let cometbft = tendermint_rpc::HttpClient::builder(
        rpc_url
            .parse()
            .with_context(|| format!("cometbft_rpc {rpc_url:?}"))?,
    )
    .compat_mode(tendermint_rpc::client::CompatMode::V0_38)
    .build()?;
    let grpc_state = GrpcState {
        gateway: gateway.clone(),
        cometbft,
    };
    let content = ContentNode::open(home, &cfg, gateway.storage().clone())?;
    info!(dir = %content.store.root().display(), peers = cfg.content_peers.len(), "content store opened");
    tokio::spawn(content.fetch_task());
    info!(abci = %cfg.abci_addr, grpc = %cfg.grpc_addr, "listening");
    let rest = {
        let state = grpc_state.clone();
        let (enabled, cors, addr) = (cfg.rest_enable, cfg.rest_cors(), cfg.rest_addr);
        // The dashboard and its content upload route are served together: a node without
        // `web_dir` keeps content writes on gRPC only.
        let web = match cfg.web_files(home)? {
            Some(files) => openledger_app::rest::WebExtras {
                files: Some(files),
                content: Some(openledger_app::rest::content_upload::ContentUpload::of(
                    &content,
                )),
            },
            None => openledger_app::rest::WebExtras::default(),
        };
        async move {
            if !enabled {
                return std::future::pending().await;
            }
            info!(rest = %addr, web = web.files.is_some(), "listening");
            openledger_app::rest::serve_with_web(state, cors, web, addr).await
        }
    };
    let app = Arc::new(Mutex::new(app));
    // This node's results for open challenges: written by the challenge runner, read by
    // ExtendVote.
    let challenge_results = ChallengeResults::new();
    let runner = ChallengeRunner::from_config(
        home,
        &cfg,
        gateway.storage().clone(),
        content.store.clone(),
        challenge_results.clone(),
    );
    tokio::spawn(runner.run());
    if cfg.metrics_enable {
        // Bound here so that a taken address stops the start; served beside the rest.
        let listener = tokio::net::TcpListener::bind(cfg.metrics_addr)
            .await
            .with_context(|| format!("metrics server on {}", cfg.metrics_addr))?;
        info!(metrics = %cfg.metrics_addr, "listening");
        let (metrics, storage) = (openledger_app::metrics::global(), gateway.storage().clone());
        tokio::spawn(async move {
            let served =
                openledger_app::metrics::server::serve_on(metrics, Some(storage), listener);
            if let Err(e) = served.await {
                tracing::error!(error = %e, "metrics server stopped");
            }
        });
    }
    // Kept to wait, at a clean stop, for the state version still being written in the
    // background (a version lost otherwise is replayed by CometBFT like after a crash).
    let storage = gateway.storage().clone();
    tokio::select! {
        r = openledger_app::abci::server::serve_with_snapshots(
            app,
            gateway,
            challenge_results,
            cfg.abci_addr,
            openledger_app::statesync::SnapshotStore::in_home(home),
            openledger_app::statesync::Snapshotter::new(
                openledger_app::statesync::SnapshotStore::in_home(home),
                cfg.snapshot_interval,
                cfg.snapshot_keep_recent,
            ),
        ) => r?,
        r = grpc::serve_with(grpc_state, Some(content.service()), cfg.grpc_addr) => r?,
        r = rest => r?,
        _ = shutdown_signal() => {
            info!("shutting down");
            wait_for_last_write(storage).await;
        }
    }
    Ok(())
}

/// Wait until the last committed state version is on disk.
async fn wait_for_last_write(storage: openledger_app::store::Storage) {
    let Some(latest) = storage.latest() else {
        return;
    };
    let waited = tokio::task::spawn_blocking(move || storage.wait_durable(latest.height)).await;
    match waited {
        Ok(Ok(durable)) => info!(height = durable.height, "state is on disk"),
        Ok(Err(e)) => tracing::error!(error = %e, "the last state version was not written"),
        Err(e) => tracing::error!(error = %e, "waiting for the last state write failed"),
    }
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        if let Ok(mut term) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            tokio::select! { _ = ctrl_c => {}, _ = term.recv() => {} }
            return;
        }
    }
    let _ = ctrl_c.await;
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let home = cli.home;
    let output = cli.output;
    let cfg = AppConfig::load(&home)?;
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(&cfg.log_level));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
    // Crash points (docs/faults.md), armed from the FAILPOINTS variable for the process lifetime.
    #[cfg(feature = "failpoints")]
    let _crash_points = fail::FailScenario::setup();

    match cli.command {
        Command::Init {
            chain_id,
            overwrite,
        } => {
            let mut g = read_genesis(&home)?;
            if g.get("app_state")
                .is_some_and(|s| !s.is_null() && s != &serde_json::json!({}))
                && !overwrite
            {
                bail!("genesis already has an app_state (use --overwrite to replace it)");
            }
            g["chain_id"] = serde_json::Value::String(chain_id.clone());
            g["app_state"] = serde_json::to_value(AppGenesis::defaults()?)?;
            enable_vote_extensions(&mut g)?;
            set_block_max_gas(&mut g)?;
            write_genesis(&home, &g)?;
            if !AppConfig::path(&home).exists() {
                AppConfig::default().write(&home)?;
            }
            output.print(
                format!("initialised {} for chain {chain_id}", home.display()),
                serde_json::json!({ "home": home, "chain_id": chain_id }),
            );
        }
        Command::Genesis(GenesisCmd::AddAccount { address, coins }) => {
            let addr: Address = address.parse()?;
            let coins = parse_coins(&coins)?;
            let mut g = read_genesis(&home)?;
            let mut state = app_state(&g)?;
            let mut bank: openledger_bank::GenesisState = state.module("bank")?;
            match bank.balances.iter_mut().find(|b| b.address == addr) {
                Some(b) => b.coins = b.coins.checked_add(&coins)?,
                None => bank.balances.push(openledger_bank::Balance {
                    address: addr,
                    coins: coins.clone(),
                }),
            }
            bank.supply.clear();
            state.set_module("bank", &bank)?;
            state.validate()?;
            g["app_state"] = serde_json::to_value(&state)?;
            write_genesis(&home, &g)?;
            output.print(
                format!("funded {addr} with {coins}"),
                serde_json::json!({ "address": addr, "coins": coins }),
            );
        }
        Command::Genesis(GenesisCmd::AddValidator {
            operator,
            pubkey,
            amount,
            moniker,
            commission_rate,
        }) => {
            let addr: Address = operator.parse()?;
            let key = consensus_pubkey(&pubkey)?;
            let coins = parse_coins(&amount)?;
            let bond = coins.amount_of(openledger_framework::BASE_DENOM);
            if bond == 0 || coins.len() != 1 {
                bail!("the self-delegation must be an amount of aopen");
            }
            let rate: openledger_framework::Dec = commission_rate
                .parse()
                .map_err(|e| anyhow::anyhow!("commission rate: {e}"))?;
            let mut g = read_genesis(&home)?;
            let mut state = app_state(&g)?;
            state.add_validator(addr, key, bond, &moniker, rate)?;
            state.validate()?;
            g["app_state"] = serde_json::to_value(&state)?;
            write_genesis(&home, &g)?;
            let valoper = addr.to_bech32(openledger_framework::VALOPER_PREFIX);
            output.print(
                format!("{valoper} ({moniker}) is a genesis validator with {bond}aopen"),
                serde_json::json!({
                    "operator": valoper,
                    "moniker": moniker,
                    "self_delegation": bond.to_string(),
                    "consensus_pubkey": hex::encode(key),
                }),
            );
        }
        Command::Genesis(GenesisCmd::Validate) => {
            app_state(&read_genesis(&home)?)?.validate()?;
            output.print(
                "genesis app_state is valid".into(),
                serde_json::json!({ "valid": true }),
            );
        }
        Command::Start {
            abci_addr,
            grpc_addr,
            rest_addr,
            web_dir,
            cometbft_rpc,
            min_gas_price,
            metrics_addr,
            snapshot_interval,
            snapshot_keep_recent,
        } => {
            let mut cfg = cfg;
            if let Some(a) = abci_addr {
                cfg.abci_addr = a;
            }
            if let Some(a) = grpc_addr {
                cfg.grpc_addr = a;
            }
            if let Some(a) = rest_addr {
                cfg.rest_addr = a;
            }
            if let Some(d) = web_dir {
                cfg.web_dir = Some(d);
            }
            if let Some(u) = cometbft_rpc {
                cfg.cometbft_rpc = u;
            }
            if let Some(p) = min_gas_price {
                cfg.min_gas_price = p;
            }
            if let Some(a) = metrics_addr {
                cfg.metrics_enable = true;
                cfg.metrics_addr = a;
            }
            if let Some(n) = snapshot_interval {
                cfg.snapshot_interval = n;
            }
            if let Some(n) = snapshot_keep_recent {
                cfg.snapshot_keep_recent = n;
            }
            let rt = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()?;
            rt.block_on(start(&home, cfg))?;
        }
        Command::Openapi { markdown } => {
            let routes = openledger_app::rest::served_routes();
            if markdown {
                print!("{}", openledger_app::rest::openapi::markdown(&routes));
            } else {
                let doc = openledger_app::rest::openapi::document(&routes);
                println!("{}", serde_json::to_string_pretty(&doc)?);
            }
        }
        Command::Export => {
            let storage = Storage::open(
                &db_path(&home),
                StoreConfig {
                    keep_recent: cfg.keep_recent,
                },
            )?;
            let g = AppGenesis::export(&storage.latest_snapshot())?;
            println!("{}", serde_json::to_string_pretty(&g)?);
        }
        Command::Reset { yes } => {
            if !yes {
                bail!("this deletes {}; pass --yes", db_path(&home).display());
            }
            let p = db_path(&home);
            if p.exists() {
                std::fs::remove_dir_all(&p)?;
            }
            output.print(
                format!("removed {}", p.display()),
                serde_json::json!({ "removed": p }),
            );
        }
    }
    Ok(())
}
