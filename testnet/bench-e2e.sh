#!/usr/bin/env bash
# End-to-end throughput: the OpenLedger node against CometBFT's built-in kvstore app, with the
# same load generator (openledger-loadgen), the same CometBFT settings and in the same run.
#
#   ./testnet/bench-e2e.sh [options]
#
#   --duration S        measured seconds of each run (default 30), after --warmup S (default 3)
#   --rate R            valid txs per second; default: flat out
#   --accounts N        load accounts funded at genesis, one lane each (default 1000)
#   --connections C     concurrent RPC connections sending (default 16)
#   --async             broadcast_tx_async (no wait for CheckTx; CheckTx codes unseen)
#   --gas-limit G       gas limit of each bank send (default 60000; a send uses ~39,400)
#   --timeout-commit T  consensus.timeout_commit of both (default 500ms, the devnet's)
#   --mempool-size N    mempool.size of both (default 5000, CometBFT's)
#   --max-block-bytes B consensus_params.block.max_bytes of both (default 22020096, CometBFT's)
#   --indexer kv|null   tx_index.indexer of both (default kv, the devnet's)
#   --kvstore-socket    run the kvstore as its own process over an ABCI socket (abci-cli
#                       kvstore, installed beside CometBFT), as the node runs; default: inside
#                       CometBFT's process
#   --only kvstore|openledger   run one side only
#   --json FILE         write both reports and the ratio to FILE
#   --keep              keep the work dir (homes, logs, reports)
#   --skip-build        do not run cargo (the release binaries must exist)
#
# Builds openledgerd and openledger-loadgen (release) and installs CometBFT like the devnet.
# Uses testnet/devnet.sh for the node (its home, genesis and validator), funding the load
# accounts with a genesis hook.
# Both nodes listen on loopback ports 30710-30716; the kvstore run goes first, then the node's,
# each alone on the machine. The block gas limit stays each chain's own (the node's genesis
# caps a block at 150M gas, i.e. 150M / gas-limit sends; the kvstore's has no gas limit).
# A benchmark: it prints figures and asserts nothing about them.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION=30 WARMUP=3 RATE=0 ACCOUNTS=1000 CONNECTIONS=16 GAS_LIMIT=60000
ASYNC=() TIMEOUT_COMMIT=500ms MEMPOOL_SIZE=5000 MAX_BLOCK_BYTES=22020096 ONLY="" INDEXER=kv KV_SOCKET=0 JSON_OUT="" KEEP=0 SKIP_BUILD=0
usage() { sed -n '2,29p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
while (($#)); do
  case "$1" in
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --flat-out) RATE=0; shift ;;
    --accounts) ACCOUNTS=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --async) ASYNC=(--async-broadcast); shift ;;
    --gas-limit) GAS_LIMIT=$2; shift 2 ;;
    --timeout-commit) TIMEOUT_COMMIT=$2; shift 2 ;;
    --mempool-size) MEMPOOL_SIZE=$2; shift 2 ;;
    --max-block-bytes) MAX_BLOCK_BYTES=$2; shift 2 ;;
    --only) ONLY=$2; shift 2 ;;
    --indexer) INDEXER=$2; shift 2 ;;
    --kvstore-socket) KV_SOCKET=1; shift ;;
    --json) JSON_OUT=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --skip-build) SKIP_BUILD=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done
case "$ONLY" in ""|kvstore|openledger) ;; *) echo "bench-e2e: --only kvstore|openledger" >&2; exit 2 ;; esac
case "$INDEXER" in kv|null) ;; *) echo "bench-e2e: --indexer kv|null" >&2; exit 2 ;; esac

PROFILE=release STOP_TIMEOUT=20 CHAIN_ID=openledger-bench-1 SHOW_TAIL_LINES=30
log() { printf 'bench-e2e: %s\n' "$*" >&2; }
die() { printf 'bench-e2e: error: %s\n' "$*" >&2; exit 1; }
# shellcheck source=testnet/lib/node.sh
source "$REPO_ROOT/testnet/lib/node.sh"
select_binaries bench-e2e
LOADGEN="${OPENLEDGER_LOADGEN_BIN:-$TARGET_DIR/release/openledger-loadgen}"

# devnet.sh wants a CLI binary beside the node (it only prints its path): any profile will do
CLI_BIN=""
for c in "$TARGET_DIR/release/openledger" "$TARGET_DIR/debug/openledger"; do
  if [[ -x "$c" ]]; then CLI_BIN=$c; break; fi
done
if ((SKIP_BUILD == 0)); then
  pkgs=(-p openledgerd -p openledger-loadgen)
  [[ -n "$CLI_BIN" ]] || { pkgs+=(-p openledger-cli); CLI_BIN="$TARGET_DIR/release/openledger"; }
  log "cargo build --release ${pkgs[*]}"
  (cd "$REPO_ROOT" && cargo build -q --release "${pkgs[@]}")
fi
[[ -x "$CLI_BIN" ]] || die "no openledger CLI binary in $TARGET_DIR/{release,debug}"

[[ -n "${COMETBFT_BIN:-}" ]] || "$REPO_ROOT/testnet/install-cometbft.sh"
for b in "$OPENLEDGERD" "$LOADGEN" "$COMETBFT"; do [[ -x "$b" ]] || die "$b not found"; done
require_tools

P2P=30710 RPC_PORT=30711 ABCI=30712
for p in $(seq 30710 30716); do port_listening "$p" && die "port $p is in use"; done
RPC="http://127.0.0.1:$RPC_PORT"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/openledger-bench-e2e.XXXXXX")"
KV_HOME="$WORK/kvstore"
export OPENLEDGER_DEVNET_HOME="$WORK/openledger"
DEVNET_ENV=(OPENLEDGER_PROFILE=release OPENLEDGER_SKIP_BUILD=1 OPENLEDGER_WEB=0
  OPENLEDGERD_BIN="$OPENLEDGERD" OPENLEDGER_BIN="$CLI_BIN"
  OPENLEDGER_CHAIN_ID="$CHAIN_ID" OPENLEDGER_TIMEOUT_COMMIT="$TIMEOUT_COMMIT" RUST_LOG=warn
  OPENLEDGER_P2P_PORT=$P2P OPENLEDGER_RPC_PORT=$RPC_PORT OPENLEDGER_ABCI_PORT=$ABCI
  OPENLEDGER_GRPC_PORT=30713 OPENLEDGER_REST_PORT=30714 OPENLEDGER_METRICS_PORT=30715
  OPENLEDGER_COMETBFT_METRICS_PORT=30716)
devnet() { env "${DEVNET_ENV[@]}" "$REPO_ROOT/testnet/devnet.sh" "$@"; }

cleanup() {
  set +e
  [[ -f "$KV_HOME/cometbft.pid" ]] && stop_all cometbft "$KV_HOME/cometbft.pid" "$KV_HOME"
  stop_kvstore_socket
  [[ -d "$OPENLEDGER_DEVNET_HOME" ]] && devnet stop >/dev/null 2>&1
  if ((KEEP)); then log "work dir kept: $WORK"; else rm -rf -- "$WORK"; fi
}
trap cleanup EXIT

# The CometBFT settings both runs share (beside the ports and the app address).
configure_common() { # config.toml
  set_config_keys "$1" \
    consensus.timeout_commit="\"$TIMEOUT_COMMIT\"" \
    consensus.create_empty_blocks=true \
    mempool.size="$MEMPOOL_SIZE" \
    tx_index.indexer="\"$INDEXER\"" \
    storage.discard_abci_responses=false
}
set_block_bytes() { # genesis.json
  python3 - "$1" "$MAX_BLOCK_BYTES" <<'PY'
import json, sys
g = json.load(open(sys.argv[1]))
g.setdefault("consensus_params", {}).setdefault("block", {})["max_bytes"] = sys.argv[2]
json.dump(g, open(sys.argv[1], "w"), indent=2)
PY
}
wait_blocks() { # LOG: until height >= 2
  local deadline=$((SECONDS + 120)) h=""
  while ((SECONDS < deadline)); do
    h="$(curl -sf --max-time 2 "$RPC/status" | python3 -c 'import json,sys; print(json.load(sys.stdin)["result"]["sync_info"]["latest_block_height"])' 2>/dev/null || true)"
    [[ -n "$h" ]] && ((h >= 2)) && return 0
    sleep 0.25
  done
  show_tail "$1"
  die "no block within 120s"
}

LOAD_ARGS=(--rpc "$RPC" --duration "$DURATION" --warmup "$WARMUP" --rate "$RATE"
  --connections "$CONNECTIONS" --accounts "$ACCOUNTS" --presign-rate 6000 --json ${ASYNC[@]+"${ASYNC[@]}"})

# CometBFT's kvstore as a separate process on an ABCI socket (abci-cli, same CometBFT version).
start_kvstore_socket() {
  local cli
  cli="$(dirname "$COMETBFT")/abci-cli"
  if [[ ! -x "$cli" ]]; then
    log "installing abci-cli v${COMETBFT_VERSION:-0.38.25} beside cometbft"
    GOBIN="$(dirname "$COMETBFT")" go install \
      "github.com/cometbft/cometbft/abci/cmd/abci-cli@v${COMETBFT_VERSION:-0.38.25}" ||
      die "installing abci-cli failed"
  fi
  mkdir -p "$KV_HOME/logs"
  launch "$KV_HOME/abci.pid" "$KV_HOME/logs/abci-cli.log" "$cli" kvstore \
    --address "tcp://127.0.0.1:$ABCI" --log_level error
  KV_PROXY="tcp://127.0.0.1:$ABCI"
}

stop_kvstore_socket() { # its command line does not name the home, so by its pid file
  local pid
  [[ -f "$KV_HOME/abci.pid" ]] || return 0
  pid="$(cat "$KV_HOME/abci.pid")"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$KV_HOME/abci.pid"
}

run_kvstore() {
  KV_PROXY=kvstore
  if ((KV_SOCKET)); then
    "$COMETBFT" init --home "$KV_HOME" >/dev/null 2>&1 || die "cometbft init failed"
    start_kvstore_socket
  fi
  log "kvstore: CometBFT $("$COMETBFT" version) --proxy_app=$KV_PROXY in $KV_HOME"
  [[ -f "$KV_HOME/config/config.toml" ]] ||
    "$COMETBFT" init --home "$KV_HOME" >/dev/null 2>&1 || die "cometbft init failed"
  set_config_keys "$KV_HOME/config/config.toml" proxy_app="\"$KV_PROXY\"" \
    rpc.laddr="\"tcp://127.0.0.1:$RPC_PORT\"" p2p.laddr="\"tcp://127.0.0.1:$P2P\"" p2p.pex=false
  configure_common "$KV_HOME/config/config.toml"
  set_block_bytes "$KV_HOME/config/genesis.json"
  mkdir -p "$KV_HOME/logs"
  launch "$KV_HOME/cometbft.pid" "$KV_HOME/logs/cometbft.log" "$COMETBFT" start --home "$KV_HOME"
  wait_blocks "$KV_HOME/logs/cometbft.log"
  log "kvstore: load for ${WARMUP}+${DURATION}s (uptime: $(uptime | sed 's/.*load/load/'))"
  "$LOADGEN" kvstore "${LOAD_ARGS[@]}" >"$WORK/kvstore.json" || die "loadgen kvstore failed"
  stop_all cometbft "$KV_HOME/cometbft.pid" "$KV_HOME"
  stop_kvstore_socket
}

run_openledger() {
  log "openledger: single-node devnet in $OPENLEDGER_DEVNET_HOME, $ACCOUNTS load accounts funded at genesis"
  "$LOADGEN" accounts --accounts "$ACCOUNTS" >"$WORK/accounts.txt"
  cat >"$WORK/genesis-hook.py" <<PY
for line in open("$WORK/accounts.txt"):
    app_state["bank"]["balances"].append(
        {"address": line.strip(), "coins": [{"denom": "aopen", "amount": "1000000000000000000000000"}]})
app_state["bank"]["supply"] = []
genesis["consensus_params"]["block"]["max_bytes"] = "$MAX_BLOCK_BYTES"
PY
  # first start creates the home; then the shared settings, and a restart with them
  OPENLEDGER_DEVNET_GENESIS_HOOK="$WORK/genesis-hook.py" devnet start >"$WORK/devnet-start.out" 2>&1 ||
    { cat "$WORK/devnet-start.out" >&2; die "devnet start failed"; }
  devnet stop >/dev/null 2>&1
  configure_common "$OPENLEDGER_DEVNET_HOME/config/config.toml"
  devnet start >"$WORK/devnet-start.out" 2>&1 || { cat "$WORK/devnet-start.out" >&2; die "devnet restart failed"; }
  log "openledger: load for ${WARMUP}+${DURATION}s (uptime: $(uptime | sed 's/.*load/load/'))"
  "$LOADGEN" bank "${LOAD_ARGS[@]}" --gas-limit "$GAS_LIMIT" >"$WORK/openledger.json" || die "loadgen bank failed"
  devnet stop >/dev/null 2>&1
}

[[ "$ONLY" == openledger ]] || run_kvstore
[[ "$ONLY" == kvstore ]] || run_openledger

python3 - "$WORK" "$JSON_OUT" "$TIMEOUT_COMMIT" "$MEMPOOL_SIZE" "$MAX_BLOCK_BYTES" <<'PY'
import json, os, sys
work, out, tc, mempool, block_bytes = sys.argv[1:]
runs = {}
for name in ("kvstore", "openledger"):
    p = os.path.join(work, name + ".json")
    if os.path.exists(p):
        runs[name] = json.load(open(p))
def line(name, d):
    c, l, s = d["committed"], d["latency_ms"], d["sent"]
    tps = c["tps"] or 0
    print(f"{name:<11} committed {tps:8.1f} tx/s  ({c['txs_in_window']} txs, {c['blocks_in_window']} blocks, "
          f"{(c['txs_per_block'] or 0):.0f} txs/block)  latency p50 {l['p50']} ms p99 {l['p99']} ms  "
          f"mempool max {d['mempool']['max_in_window']} mean {d['mempool']['mean_in_window']:.0f}  "
          f"failed valid {d['failed_valid']} (of which accepted but never committed {c['uncommitted_after_drain']})  "
          f"mempool-full retries {s['mempool_full_retries']}"
          + (f"  LANES EXHAUSTED {s['lanes_exhausted']}" if s["lanes_exhausted"] else ""))
print(f"CometBFT: timeout_commit {tc}, mempool.size {mempool}, block.max_bytes {block_bytes}")
for name, d in runs.items():
    line(name, d)
result = {"settings": {"timeout_commit": tc, "mempool_size": int(mempool), "max_block_bytes": int(block_bytes)},
          "runs": runs}
if len(runs) == 2 and runs["kvstore"]["committed"]["tps"]:
    ratio = (runs["openledger"]["committed"]["tps"] or 0) / runs["kvstore"]["committed"]["tps"]
    result["ratio"] = ratio
    print(f"ratio openledger / kvstore: {ratio:.2f}x")
if out:
    json.dump(result, open(out, "w"), indent=2)
    print(f"reports written to {out}")
PY
