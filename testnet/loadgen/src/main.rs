//! openledger-loadgen: end-to-end load through CometBFT's RPC.
//!
//! `bank` pre-signs bank sends from accounts a genesis funded (`accounts --genesis`), sends
//! them over N connections at a fixed rate or flat out, and reports committed tx/s by block
//! time, inclusion latency and the mempool size. `flood` adds invalid txs beside them.
//! `kvstore` sends txs of the same size to CometBFT's built-in kvstore app, for comparison.
#![deny(clippy::unwrap_used, clippy::expect_used)]
// a load generator reads the clock, and looks txs up by hash (no consensus state here)
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

mod report;
mod rpc;
mod run;
mod stats;
mod txs;

use anyhow::{bail, Context};
use clap::{Args, Parser, Subcommand};
use cosmos_sdk_proto::cosmos::auth::v1beta1::{
    BaseAccount, QueryAccountRequest, QueryAccountResponse,
};
use prost::Message;
use std::time::Duration;

use run::{FloodKind, Load, Settings};
use txs::{LoadKey, SendParams};

#[derive(Parser)]
#[command(
    name = "openledger-loadgen",
    about = "End-to-end load generator: txs through CometBFT's RPC, committed tx/s by block time, inclusion latency, mempool size"
)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Bank sends from the load accounts (funded at genesis) to an OpenLedger node
    Bank(BankArgs),
    /// Bank sends plus invalid txs (bad signatures, stale sequences, garbage) at --flood-rate
    Flood(FloodArgs),
    /// key=value txs of a bank send's size to CometBFT's built-in kvstore (--proxy_app=kvstore)
    Kvstore(KvArgs),
    /// The load accounts: print their addresses, or fund them in a genesis.json
    Accounts(AccountsArgs),
}

#[derive(Args, Clone)]
struct Common {
    /// CometBFT RPC address
    #[arg(
        long,
        default_value = "http://127.0.0.1:26657",
        env = "OPENLEDGER_NODE"
    )]
    rpc: String,
    /// Measured seconds (after the warm-up)
    #[arg(long, default_value_t = 30)]
    duration: u64,
    /// Seconds of load before the measured window (the mempool and blocks fill up)
    #[arg(long, default_value_t = 3)]
    warmup: u64,
    /// Valid txs per second; 0 = flat out
    #[arg(long, default_value_t = 0)]
    rate: u64,
    /// Concurrent RPC connections sending valid txs (each waits for its answer)
    #[arg(long, default_value_t = 16)]
    connections: usize,
    /// Use broadcast_tx_async (no CheckTx code is seen) instead of broadcast_tx_sync
    #[arg(long)]
    async_broadcast: bool,
    /// Flat out: the rate to pre-sign for (txs per second); sending stops early if the node is faster
    #[arg(long, default_value_t = 5000)]
    presign_rate: u64,
    /// Seconds to wait after the load for accepted txs to be committed
    #[arg(long, default_value_t = 30)]
    drain: u64,
    /// Block watcher poll interval, milliseconds
    #[arg(long, default_value_t = 50)]
    poll_ms: u64,
    /// Mempool size sample interval, milliseconds
    #[arg(long, default_value_t = 500)]
    mempool_ms: u64,
    /// Do not read /block_results after the run (the check that committed txs succeeded)
    #[arg(long)]
    no_results_check: bool,
    /// Print the report as JSON on stdout (progress stays on stderr)
    #[arg(long)]
    json: bool,
    /// No progress lines
    #[arg(long)]
    quiet: bool,
}

#[derive(Args, Clone)]
struct AccountSet {
    /// Number of load accounts (seeds seed-base .. seed-base + accounts)
    #[arg(long, default_value_t = 1000)]
    accounts: u64,
    /// First key seed (keys are sha256("openledger-loadgen/" || seed))
    #[arg(long, default_value_t = 0)]
    seed_base: u64,
}

#[derive(Args, Clone)]
struct SendArgs {
    #[command(flatten)]
    set: AccountSet,
    /// Gas limit of each send: a send uses ~39,400 gas, a wallet's simulate x1.5 gives this.
    /// CometBFT fits at most block.max_gas / gas-limit txs in a block (150M / 60k = 2,500)
    #[arg(long, default_value_t = 60_000)]
    gas_limit: u64,
    /// Fee per gas in aopen (the node's minimum is 10^9)
    #[arg(long, default_value_t = 1_000_000_000)]
    gas_price: u128,
    /// aopen sent by each tx (to the next load account)
    #[arg(long, default_value_t = 1)]
    amount: u128,
}

#[derive(Args)]
struct BankArgs {
    #[command(flatten)]
    common: Common,
    #[command(flatten)]
    send: SendArgs,
}

#[derive(Args)]
struct FloodArgs {
    #[command(flatten)]
    common: Common,
    #[command(flatten)]
    send: SendArgs,
    /// Invalid txs per second (cycling bad signature, stale sequence, garbage bytes); the
    /// last account signs the bad signatures and sends no valid tx
    #[arg(long, default_value_t = 200)]
    flood_rate: u64,
    /// Connections sending the invalid txs
    #[arg(long, default_value_t = 4)]
    flood_connections: usize,
}

#[derive(Args)]
struct KvArgs {
    #[command(flatten)]
    common: Common,
    /// Lanes the txs are spread over (as the bank load's accounts; order does not matter here)
    #[arg(long, default_value_t = 1000)]
    accounts: u64,
    /// Bytes per tx; 0 = the size of a bank send of the bank mode's defaults
    #[arg(long, default_value_t = 0)]
    tx_size: usize,
    /// Garbage txs per second beside the load (no valid key=value)
    #[arg(long, default_value_t = 0)]
    flood_rate: u64,
}

#[derive(Args)]
struct AccountsArgs {
    #[command(flatten)]
    set: AccountSet,
    /// Add a balance for each account to this genesis.json (app_state.bank.balances)
    #[arg(long)]
    genesis: Option<std::path::PathBuf>,
    /// Balance of each account in aopen, with --genesis
    #[arg(long, default_value = "1000000000000000000000000")]
    balance: u128,
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    match cli.cmd {
        Cmd::Accounts(a) => accounts(a),
        Cmd::Bank(a) => rt.block_on(bank(a.common, a.send, 0, 1, "bank")),
        Cmd::Flood(a) => rt.block_on(bank(
            a.common,
            a.send,
            a.flood_rate,
            a.flood_connections,
            "flood",
        )),
        Cmd::Kvstore(a) => rt.block_on(kvstore(a)),
    }
}

fn accounts(a: AccountsArgs) -> anyhow::Result<()> {
    let keys = txs::keys(a.set.seed_base, a.set.accounts);
    let Some(path) = a.genesis else {
        for k in &keys {
            println!("{}", k.address);
        }
        return Ok(());
    };
    let text = std::fs::read_to_string(&path).with_context(|| format!("{}", path.display()))?;
    let mut g: serde_json::Value = serde_json::from_str(&text)?;
    let addrs: Vec<_> = keys.iter().map(|k| k.address).collect();
    txs::fund_in_genesis(&mut g, &addrs, a.balance)?;
    std::fs::write(&path, serde_json::to_string_pretty(&g)?)?;
    eprintln!(
        "loadgen: funded {} accounts (seeds {}..{}) with {}aopen in {}",
        keys.len(),
        a.set.seed_base,
        a.set.seed_base + a.set.accounts,
        a.balance,
        path.display()
    );
    Ok(())
}

fn settings(c: &Common, flood_rate: u64, flood_connections: usize) -> Settings {
    Settings {
        duration: Duration::from_secs(c.duration),
        warmup: Duration::from_secs(c.warmup),
        rate: (c.rate > 0).then_some(c.rate),
        connections: c.connections,
        sync: !c.async_broadcast,
        flood_rate,
        flood_connections,
        drain: Duration::from_secs(c.drain),
        poll: Duration::from_millis(c.poll_ms.max(5)),
        mempool_every: Duration::from_millis(c.mempool_ms.max(50)),
        check_results: !c.no_results_check,
        quiet: c.quiet,
    }
}

/// Txs to prepare: the rate (or the pre-sign rate) over the whole run, plus 10 %.
fn total_txs(c: &Common) -> u64 {
    let rate = if c.rate > 0 { c.rate } else { c.presign_rate };
    (rate * (c.warmup + c.duration)).saturating_mul(11) / 10 + 1
}

/// (account number, sequence) of each account, from the chain.
async fn account_numbers(
    rpc: &rpc::Rpc,
    keys: &[LoadKey],
    conns: usize,
) -> anyhow::Result<Vec<(u64, u64)>> {
    let mut out = vec![(0u64, 0u64); keys.len()];
    for (c, chunk) in keys.chunks(conns.max(1)).enumerate() {
        let mut set = tokio::task::JoinSet::new();
        for (j, k) in chunk.iter().enumerate() {
            let (rpc, addr) = (rpc.clone(), k.address.to_string());
            set.spawn(async move {
                let req = QueryAccountRequest { address: addr.clone() }.encode_to_vec();
                let r = rpc.abci_query("/cosmos.auth.v1beta1.Query/Account", &req).await.with_context(|| {
                    format!("account {addr}: is it funded? (openledger-loadgen accounts --genesis ... before the chain starts)")
                })?;
                let any = QueryAccountResponse::decode(&*r)?.account.context("no account in the answer")?;
                let base = BaseAccount::decode(&*any.value)?;
                anyhow::Ok((j, base.account_number, base.sequence))
            });
        }
        while let Some(r) = set.join_next().await {
            let (j, n, s) = r??;
            if let Some(o) = out.get_mut(c * conns.max(1) + j) {
                *o = (n, s);
            }
        }
    }
    Ok(out)
}

/// Runs `f(i)` for i in 0..n on all cores; results in order.
fn parallel<T: Send>(n: usize, f: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let threads = std::thread::available_parallelism()
        .map_or(2, |t| t.get())
        .max(1);
    let chunk = n.div_ceil(threads).max(1);
    let f = &f;
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..n)
            .step_by(chunk)
            .map(|from| s.spawn(move || (from..(from + chunk).min(n)).map(f).collect::<Vec<T>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

async fn bank(
    c: Common,
    send: SendArgs,
    flood_rate: u64,
    flood_connections: usize,
    mode: &str,
) -> anyhow::Result<()> {
    if send.set.accounts < 2 + u64::from(flood_rate > 0) {
        bail!("--accounts must be at least 2 (each sends to the next), 3 with a flood");
    }
    let rpc = rpc::Rpc::new(&c.rpc, c.connections + flood_connections)?;
    let (chain_id, height) = rpc.status().await?;
    let keys = txs::keys(send.set.seed_base, send.set.accounts);
    let n = keys.len();
    let numbers = account_numbers(&rpc, &keys, c.connections).await?;
    // with a flood, the last account sends no valid tx: its sequence stays put, so its
    // bad-signature txs carry the right sequence and fail on the signature itself
    let senders = if flood_rate > 0 { n - 1 } else { n };
    let per_account = total_txs(&c).div_ceil(senders as u64);
    let params = SendParams {
        chain_id: chain_id.clone(),
        gas_limit: send.gas_limit,
        fee: u128::from(send.gas_limit) * send.gas_price,
    };
    let t = std::time::Instant::now();
    // per account, its txs in sequence order, signed on all cores
    let signed: Vec<Vec<Vec<u8>>> = parallel(senders, |i| {
        let (num, seq) = numbers[i];
        let to = keys[(i + 1) % senders].address;
        (0..per_account)
            .map(|j| txs::signed_send(&params, &keys[i], &to, num, seq + j, send.amount))
            .collect()
    });
    let flood_count = if flood_rate > 0 {
        flood_rate * (c.warmup + c.duration) + 10
    } else {
        0
    };
    let flood: Vec<(FloodKind, Option<u32>, Vec<u8>)> = parallel(flood_count as usize, |j| {
        let a = (j / 3) % senders;
        let (num, seq) = numbers[a];
        let to = keys[(a + 1) % senders].address;
        // a different amount than the valid txs: other bytes, so no mempool cache hit
        let amount = 1_000 + j as u128;
        match j % 3 {
            0 => {
                let (num, seq) = numbers[n - 1];
                let tx = txs::signed_send(&params, &keys[n - 1], &to, num, seq, amount);
                let bad = txs::corrupt_signature(&tx).unwrap_or_default();
                (FloodKind::BadSignature, None, bad)
            }
            1 => (
                FloodKind::StaleSequence,
                Some(a as u32),
                txs::signed_send(&params, &keys[a], &to, num, seq, amount),
            ),
            _ => (FloodKind::Garbage, None, txs::garbage(j as u64, 250, 0)),
        }
    });
    let mut all = Vec::with_capacity(n * per_account as usize);
    let mut lanes = Vec::with_capacity(n);
    for list in signed {
        let first = all.len() as u32;
        lanes.push((first..first + list.len() as u32).collect());
        all.extend(list);
    }
    let tx_size = all.first().map_or(0, Vec::len);
    eprintln!(
        "loadgen: {mode}: chain {chain_id} at height {height}: signed {} sends ({} per account, {} bytes each) and {} invalid txs in {:.1}s",
        all.len(),
        per_account,
        tx_size,
        flood.len(),
        t.elapsed().as_secs_f64()
    );
    let load = Load {
        txs: all,
        lanes,
        flood,
        strict_order: true,
    };
    let s = settings(&c, flood_rate, flood_connections);
    let out = run::run(&rpc, load, s).await?;
    let extra = serde_json::json!({
        "chain_id": chain_id,
        "accounts": senders,
        "tx_bytes": tx_size,
        "gas_limit": send.gas_limit,
        "fee_aopen": params.fee.to_string(),
    });
    report::print(mode, &out, extra, c.json)
}

async fn kvstore(a: KvArgs) -> anyhow::Result<()> {
    let c = a.common;
    let rpc = rpc::Rpc::new(&c.rpc, c.connections + 1)?;
    let (chain_id, height) = rpc.status().await?;
    let size = if a.tx_size > 0 {
        a.tx_size
    } else {
        bank_send_size()
    };
    let lanes_n = a.accounts.max(1) as usize;
    let total = total_txs(&c);
    let per_lane = total.div_ceil(lanes_n as u64);
    // a run id keeps keys unique across runs on the same kvstore
    let run_id = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_micros() as u64);
    let mut all = Vec::with_capacity((per_lane as usize) * lanes_n);
    let mut lanes = Vec::with_capacity(lanes_n);
    for l in 0..lanes_n as u64 {
        let first = all.len() as u32;
        for j in 0..per_lane {
            all.push(txs::kv_tx(run_id, l * per_lane + j, size));
        }
        lanes.push((first..all.len() as u32).collect());
    }
    let flood: Vec<(FloodKind, Option<u32>, Vec<u8>)> = (0..if a.flood_rate > 0 {
        a.flood_rate * (c.warmup + c.duration) + 10
    } else {
        0
    })
        .map(|j| {
            (
                FloodKind::Garbage,
                None,
                txs::garbage(j ^ run_id, size, b'='),
            )
        })
        .collect();
    eprintln!(
        "loadgen: kvstore: chain {chain_id} at height {height}: {} txs of {size} bytes",
        all.len()
    );
    let load = Load {
        txs: all,
        lanes,
        flood,
        strict_order: false,
    };
    let s = settings(&c, a.flood_rate, 1);
    let out = run::run(&rpc, load, s).await?;
    let extra = serde_json::json!({ "chain_id": chain_id, "accounts": lanes_n, "tx_bytes": size });
    report::print("kvstore", &out, extra, c.json)
}

/// Bytes of a bank send with the bank mode's default gas, fee and amount.
fn bank_send_size() -> usize {
    let k = txs::keys(0, 2);
    let p = SendParams {
        chain_id: String::new(),
        gas_limit: 60_000,
        fee: 60_000u128 * 1_000_000_000,
    };
    txs::signed_send(&p, &k[0], &k[1].address, 100, 10, 1).len()
}
