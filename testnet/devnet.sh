#!/usr/bin/env bash
# Single-node OpenLedger devnet: openledgerd (ABCI app) behind a CometBFT v0.38 node.
#
#   ./testnet/devnet.sh start     build what is missing, initialise the home on first start,
#                                 start openledgerd then cometbft, wait for a block
#   ./testnet/devnet.sh stop      stop cometbft then openledgerd (SIGTERM, then SIGKILL after a grace period)
#   ./testnet/devnet.sh restart   stop + start (state is kept)
#   ./testnet/devnet.sh status    process state, ports, latest block height
#   ./testnet/devnet.sh logs [openledgerd|cometbft] [-f]
#   ./testnet/devnet.sh reset     stop and delete the whole devnet home (fresh chain on next start)
#   ./testnet/devnet.sh accounts  print the devnet accounts (public development keys)
#
# Environment (all optional):
#   OPENLEDGER_DEVNET_HOME     devnet home (default <repo>/.devnet); shared by cometbft and openledgerd
#   OPENLEDGER_CHAIN_ID        chain id for a new home (default openledger-devnet-1)
#   OPENLEDGER_RPC_PORT        CometBFT RPC            (default 26657)
#   OPENLEDGER_P2P_PORT        CometBFT p2p            (default 26656)
#   OPENLEDGER_ABCI_PORT       openledgerd ABCI socket (default 26658)
#   OPENLEDGER_GRPC_PORT       openledgerd gRPC        (default 9090)
#   OPENLEDGER_REST_PORT       openledgerd LCD REST    (default 1317)
#   OPENLEDGER_METRICS_PORT    openledgerd Prometheus metrics, /metrics (default 26661)
#   OPENLEDGER_COMETBFT_METRICS_PORT  CometBFT Prometheus metrics, /metrics (default 26660)
#   OPENLEDGER_PROFILE         release (default) or debug: which cargo profile to build and run
#   OPENLEDGER_SKIP_BUILD=1    never run cargo; fail if the binaries are missing
#   OPENLEDGER_TIMEOUT_COMMIT  CometBFT consensus.timeout_commit (default 500ms)
#   OPENLEDGER_ACCOUNT_BALANCE genesis balance of every devnet account (default 10^9 OPEN)
#   OPENLEDGER_VALIDATOR_BOND  self-delegation of the devnet validator (default 10^6 OPEN)
#   OPENLEDGER_START_TIMEOUT   seconds to wait for the first block (default 120)
#   OPENLEDGER_STOP_TIMEOUT    seconds to wait after SIGTERM before SIGKILL (default 20)
#   OPENLEDGER_DEVNET_ACCOUNTS accounts file (default testnet/devnet-accounts.json)
#   OPENLEDGER_DEVNET_CHALLENGE_WINDOW  seconds inference credits are held for challenges
#                              (default 120; the chain's own default is a day)
#   OPENLEDGER_DEVNET_GENESIS_PARAMS  JSON object {"module.path.key": value, ...} (or @file) of
#                              genesis app_state values to override when a home is created, e.g.
#                              '{"gov.params.voting_period_secs": 15}'; every key must exist
#   OPENLEDGER_DEVNET_GENESIS_HOOK    python file run on the genesis after those overrides
#   OPENLEDGERD_BIN, OPENLEDGER_BIN, COMETBFT_BIN   use these binaries instead of the built ones
#   OPENLEDGER_WEB             1 (default): build the web dashboard (web/, npm) when its build is
#                              missing or older than its sources, and serve it on the REST port;
#                              0: do not serve it. A failed build only warns.
#   RUST_LOG                   openledgerd log filter (default info)
#
# Only loopback addresses are used. Files under the home:
#   config/ data/ (cometbft + openledgerd), logs/{openledgerd,cometbft}.log,
#   openledgerd.pid, cometbft.pid, devnet.initialized
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

DEVNET_HOME="${OPENLEDGER_DEVNET_HOME:-$REPO_ROOT/.devnet}"
CHAIN_ID="${OPENLEDGER_CHAIN_ID:-openledger-devnet-1}"
RPC_PORT="${OPENLEDGER_RPC_PORT:-26657}"
P2P_PORT="${OPENLEDGER_P2P_PORT:-26656}"
ABCI_PORT="${OPENLEDGER_ABCI_PORT:-26658}"
GRPC_PORT="${OPENLEDGER_GRPC_PORT:-9090}"
REST_PORT="${OPENLEDGER_REST_PORT:-1317}"
METRICS_PORT="${OPENLEDGER_METRICS_PORT:-26661}"
CMT_METRICS_PORT="${OPENLEDGER_COMETBFT_METRICS_PORT:-26660}"
PROFILE="${OPENLEDGER_PROFILE:-release}"
TIMEOUT_COMMIT="${OPENLEDGER_TIMEOUT_COMMIT:-500ms}"
ACCOUNT_BALANCE="${OPENLEDGER_ACCOUNT_BALANCE:-1000000000000000000000000000aopen}"
VALIDATOR_BOND="${OPENLEDGER_VALIDATOR_BOND:-1000000000000000000000000aopen}"
START_TIMEOUT="${OPENLEDGER_START_TIMEOUT:-120}"
STOP_TIMEOUT="${OPENLEDGER_STOP_TIMEOUT:-20}"
ACCOUNTS_FILE="${OPENLEDGER_DEVNET_ACCOUNTS:-$REPO_ROOT/testnet/devnet-accounts.json}"
GENESIS_PARAMS="${OPENLEDGER_DEVNET_GENESIS_PARAMS:-}"
DEVNET_CHALLENGE_WINDOW="${OPENLEDGER_DEVNET_CHALLENGE_WINDOW:-120}"
GENESIS_HOOK="${OPENLEDGER_DEVNET_GENESIS_HOOK:-}"
SHOW_TAIL_LINES=40
WEB="${OPENLEDGER_WEB:-1}"
WEB_SRC="$REPO_ROOT/web"

# shellcheck source=testnet/lib/node.sh
source "$REPO_ROOT/testnet/lib/node.sh"
select_binaries devnet

RPC_URL="http://127.0.0.1:$RPC_PORT"
LOG_DIR="$DEVNET_HOME/logs"
APP_LOG="$LOG_DIR/openledgerd.log"
CMT_LOG="$LOG_DIR/cometbft.log"
APP_PID="$DEVNET_HOME/openledgerd.pid"
CMT_PID="$DEVNET_HOME/cometbft.pid"
MARKER="$DEVNET_HOME/devnet.initialized"

log() { printf 'devnet: %s\n' "$*" >&2; }
die() { printf 'devnet: error: %s\n' "$*" >&2; exit 1; }

usage() {
  sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  echo "See the header of testnet/devnet.sh or docs/devnet.md for environment variables."
}

# ---------------------------------------------------------------------------------------------
# processes (the helpers are in testnet/lib/node.sh)

app_pid() { live_pid "$APP_PID" "$DEVNET_HOME"; }
cmt_pid() { live_pid "$CMT_PID" "$DEVNET_HOME"; }

stop_one() { # name pidfile
  stop_all "$1" "$2" "$DEVNET_HOME"
}

rpc_height() { # prints the latest block height, or nothing when the RPC does not answer
  curl -sf --max-time 2 "$RPC_URL/status" 2>/dev/null |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["result"]["sync_info"]["latest_block_height"])' 2>/dev/null || true
}

# ---------------------------------------------------------------------------------------------
# accounts

accounts_tsv() { # name<TAB>address<TAB>mnemonic per line
  python3 - "$ACCOUNTS_FILE" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
for a in doc["accounts"]:
    print("\t".join([a["name"], a["address"], a["mnemonic"]]))
PY
}

print_accounts() {
  echo "Devnet accounts (PUBLIC development keys from $ACCOUNTS_FILE: never use them for anything of value):"
  local name address
  while IFS=$'\t' read -r name address _; do
    printf '  %-10s %s\n' "$name" "$address"
  done < <(accounts_tsv)
}

# ---------------------------------------------------------------------------------------------
# home initialisation and configuration

configure_cometbft() {
  set_config_keys "$DEVNET_HOME/config/config.toml" \
    proxy_app="\"tcp://127.0.0.1:$ABCI_PORT\"" \
    moniker='"openledger-devnet"' \
    rpc.laddr="\"tcp://127.0.0.1:$RPC_PORT\"" \
    p2p.laddr="\"tcp://127.0.0.1:$P2P_PORT\"" \
    p2p.pex=false \
    p2p.persistent_peers='""' \
    p2p.seeds='""' \
    consensus.timeout_commit="\"$TIMEOUT_COMMIT\"" \
    consensus.create_empty_blocks=true \
    tx_index.indexer='"kv"' \
    storage.discard_abci_responses=false \
    instrumentation.prometheus=true \
    instrumentation.prometheus_listen_addr="\"127.0.0.1:$CMT_METRICS_PORT\""
}

init_home() {
  if [[ -d "$DEVNET_HOME/config" || -d "$DEVNET_HOME/data" ]]; then
    die "$DEVNET_HOME has config/ or data/ but no devnet.initialized marker (an earlier init failed?). Run '$0 reset' first."
  fi
  mkdir -p "$DEVNET_HOME" "$LOG_DIR"
  local init_log="$LOG_DIR/init.log"
  log "initialising a new devnet home at $DEVNET_HOME (chain id $CHAIN_ID)"
  {
    "$COMETBFT" init --home "$DEVNET_HOME"
    "$OPENLEDGERD" init --home "$DEVNET_HOME" --chain-id "$CHAIN_ID"
  } >>"$init_log" 2>&1 || { show_tail "$init_log"; die "init failed (see $init_log)"; }
  local name address
  while IFS=$'\t' read -r name address _; do
    "$OPENLEDGERD" genesis add-account --home "$DEVNET_HOME" "$address" "$ACCOUNT_BALANCE" >>"$init_log" 2>&1 ||
      { show_tail "$init_log"; die "genesis add-account $name $address failed (see $init_log)"; }
  done < <(accounts_tsv)
  # the devnet's one validator: the "validator" account bonds OPEN with CometBFT's consensus key
  local validator_addr
  validator_addr="$(accounts_tsv | awk -F'\t' '$1 == "validator" { print $2 }')"
  [[ -n "$validator_addr" ]] || die "$ACCOUNTS_FILE has no account named validator"
  "$OPENLEDGERD" genesis add-validator --home "$DEVNET_HOME" --moniker openledger-devnet \
    "$validator_addr" "$DEVNET_HOME/config/priv_validator_key.json" "$VALIDATOR_BOND" >>"$init_log" 2>&1 ||
    { show_tail "$init_log"; die "genesis add-validator failed (see $init_log)"; }
  # the devnet holds inference credits for a short challenge window (the chain default is a day)
  apply_genesis_overrides "$DEVNET_HOME/config/genesis.json" \
    "{\"attribution.params.challenge_window_secs\": $DEVNET_CHALLENGE_WINDOW}" "" OPENLEDGER_DEVNET >>"$init_log" 2>&1 ||
    { show_tail "$init_log"; die "genesis overrides failed (see $init_log)"; }
  if [[ -n "$GENESIS_PARAMS" || -n "$GENESIS_HOOK" ]]; then
    apply_genesis_overrides "$DEVNET_HOME/config/genesis.json" "$GENESIS_PARAMS" "$GENESIS_HOOK" \
      OPENLEDGER_DEVNET >>"$init_log" 2>&1 || { show_tail "$init_log"; die "genesis overrides failed (see $init_log)"; }
    "$OPENLEDGERD" genesis validate --home "$DEVNET_HOME" >>"$init_log" 2>&1 ||
      { show_tail "$init_log"; die "the genesis with the overrides is invalid (see $init_log)"; }
  fi
  check_genesis "$DEVNET_HOME/config/genesis.json"
  configure_cometbft
  printf '{"chain_id": "%s", "created": "%s"}\n' "$CHAIN_ID" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$MARKER"
}

# ---------------------------------------------------------------------------------------------
# the web dashboard

web_stale() { # true when web/dist is missing or older than a source file
  [[ -f "$WEB_SRC/dist/index.html" ]] || return 0
  [[ -n "$(find "$WEB_SRC/src" "$WEB_SRC/index.html" "$WEB_SRC/package.json" "$WEB_SRC/vite.config.ts" \
    "$REPO_ROOT/chain-registry/openledger-devnet/chain.json" -newer "$WEB_SRC/dist/index.html" -print -quit 2>/dev/null)" ]]
}

build_web() { # builds web/dist when stale; returns 1 (after a warning) when it cannot
  web_stale || return 0
  if [[ "${OPENLEDGER_SKIP_BUILD:-0}" == 1 ]]; then
    log "warning: web/dist is missing or stale and OPENLEDGER_SKIP_BUILD=1"
    [[ -f "$WEB_SRC/dist/index.html" ]]
    return
  fi
  command -v npm >/dev/null || { log "warning: npm not found: the web dashboard is not built"; return 1; }
  log "building the web dashboard (web/, npm run build)"
  (
    cd "$WEB_SRC"
    # one build at a time (devnets of parallel tests share web/)
    exec 9>"$WEB_SRC/.build.lock"
    flock 9
    web_stale || exit 0
    [[ -d node_modules/vite ]] || npm ci --no-audit --no-fund
    npm run -s build
  ) >"$LOG_DIR/web-build.log" 2>&1 || {
    tail -n 20 "$LOG_DIR/web-build.log" >&2
    log "warning: the web dashboard build failed (see $LOG_DIR/web-build.log)"
    return 1
  }
}

# Copies the built dashboard to <home>/web, with the devnet's public development accounts beside
# it (dev-accounts.json: the page offers them as a clearly marked development key; a node
# serving web/dist itself, as any other network's would, has none). Prints the directory.
prepare_web() {
  [[ "$WEB" == 1 ]] || return 0
  build_web || return 0
  [[ -f "$WEB_SRC/dist/index.html" ]] || return 0
  rm -rf "$DEVNET_HOME/web"
  cp -R "$WEB_SRC/dist" "$DEVNET_HOME/web"
  cp "$ACCOUNTS_FILE" "$DEVNET_HOME/web/dev-accounts.json"
  echo "$DEVNET_HOME/web"
}

# ---------------------------------------------------------------------------------------------
# commands

cmd_start() {
  local app_pid cmt_pid
  app_pid="$(app_pid)"
  cmt_pid="$(cmt_pid)"
  if [[ -n "$app_pid" && -n "$cmt_pid" ]]; then
    log "already running (openledgerd pid $app_pid, cometbft pid $cmt_pid)"
    print_endpoints
    return 0
  fi
  if [[ -n "$app_pid" || -n "$cmt_pid" ]]; then
    # CometBFT does not reconnect to a restarted app: restart both.
    log "only one of openledgerd/cometbft is running; restarting both"
    stop_one cometbft "$CMT_PID"
    stop_one openledgerd "$APP_PID"
  fi
  rm -f "$APP_PID" "$CMT_PID"

  # shellcheck disable=SC2119  # no argument: build what is missing
  ensure_binaries
  require_tools

  local port
  for port in "$RPC_PORT" "$P2P_PORT" "$ABCI_PORT" "$GRPC_PORT" "$REST_PORT" "$METRICS_PORT" "$CMT_METRICS_PORT"; do
    if port_listening "$port"; then
      die "port $port is already in use (another devnet? set OPENLEDGER_RPC_PORT/P2P_PORT/ABCI_PORT/GRPC_PORT/REST_PORT/METRICS_PORT/COMETBFT_METRICS_PORT)"
    fi
  done

  if [[ ! -f "$MARKER" ]]; then
    init_home
  fi
  mkdir -p "$LOG_DIR"
  # ports may differ from the previous start: rewrite them every time
  configure_cometbft

  local web_dir web_args=()
  web_dir="$(prepare_web)"
  [[ -z "$web_dir" ]] || web_args=(--web-dir "$web_dir")

  log "starting openledgerd (ABCI 127.0.0.1:$ABCI_PORT, gRPC 127.0.0.1:$GRPC_PORT, REST 127.0.0.1:$REST_PORT), log $APP_LOG"
  # plain text logs (tracing-subscriber honours NO_COLOR)
  NO_COLOR="${NO_COLOR:-1}" RUST_LOG="${RUST_LOG:-info}" launch "$APP_PID" "$APP_LOG" \
    "$OPENLEDGERD" start --home "$DEVNET_HOME" \
    --abci-addr "127.0.0.1:$ABCI_PORT" --grpc-addr "127.0.0.1:$GRPC_PORT" --rest-addr "127.0.0.1:$REST_PORT" \
    --cometbft-rpc "$RPC_URL" --metrics-addr "127.0.0.1:$METRICS_PORT" "${web_args[@]}"

  local deadline=$((SECONDS + START_TIMEOUT))
  until port_listening "$ABCI_PORT"; do
    if [[ -z "$(app_pid)" ]]; then
      show_tail "$APP_LOG"
      die "openledgerd exited during startup (see $APP_LOG)"
    fi
    ((SECONDS < deadline)) || { show_tail "$APP_LOG"; cmd_stop; die "openledgerd did not listen on 127.0.0.1:$ABCI_PORT within ${START_TIMEOUT}s"; }
    sleep 0.2
  done

  log "starting cometbft (RPC $RPC_URL, p2p 127.0.0.1:$P2P_PORT), log $CMT_LOG"
  launch "$CMT_PID" "$CMT_LOG" "$COMETBFT" start --home "$DEVNET_HOME"

  local first="" h=""
  while :; do
    if [[ -z "$(cmt_pid)" ]]; then
      show_tail "$CMT_LOG"; show_tail "$APP_LOG"
      stop_one openledgerd "$APP_PID"
      die "cometbft exited during startup (see $CMT_LOG)"
    fi
    if [[ -z "$(app_pid)" ]]; then
      show_tail "$APP_LOG"
      stop_one cometbft "$CMT_PID"
      die "openledgerd exited during startup (see $APP_LOG)"
    fi
    h="$(rpc_height)"
    if [[ -n "$h" ]]; then
      [[ -n "$first" ]] || first="$h"
      # a block produced by this run: height above what the RPC first reported (and at least 1)
      if ((h > first || (first == 0 && h >= 1))) && ((h >= 1)); then
        break
      fi
    fi
    if ((SECONDS >= deadline)); then
      show_tail "$CMT_LOG"; show_tail "$APP_LOG"
      cmd_stop
      die "no new block within ${START_TIMEOUT}s (last height '${h:-none}')"
    fi
    sleep 0.25
  done
  log "chain $(chain_id_of_home) is producing blocks (height $h)"
  print_endpoints
  print_accounts
}

chain_id_of_home() {
  genesis_chain_id "$DEVNET_HOME/config/genesis.json"
}

print_endpoints() {
  cat <<EOF
OpenLedger devnet
  chain id        $(chain_id_of_home)
  home            $DEVNET_HOME
  CometBFT RPC    $RPC_URL
  CometBFT p2p    tcp://127.0.0.1:$P2P_PORT
  app ABCI        tcp://127.0.0.1:$ABCI_PORT
  app gRPC        127.0.0.1:$GRPC_PORT
  app REST (LCD)  http://127.0.0.1:$REST_PORT
  app metrics     http://127.0.0.1:$METRICS_PORT/metrics
  CometBFT metrics http://127.0.0.1:$CMT_METRICS_PORT/metrics
  web dashboard   $(if [[ -f "$DEVNET_HOME/web/index.html" && "$WEB" == 1 ]]; then echo "http://127.0.0.1:$REST_PORT/"; else echo "not served (OPENLEDGER_WEB=0, or not built: see $LOG_DIR/web-build.log)"; fi)
  logs            $APP_LOG
                  $CMT_LOG
  CLI             $OPENLEDGER_CLI --node $RPC_URL ...
EOF
}

cmd_stop() {
  stop_one cometbft "$CMT_PID"
  stop_one openledgerd "$APP_PID"
}

cmd_status() {
  local app_pid cmt_pid h rc=0
  app_pid="$(app_pid)"
  cmt_pid="$(cmt_pid)"
  echo "home        $DEVNET_HOME$([[ -f "$MARKER" ]] || echo ' (not initialised)')"
  echo "openledgerd $(if [[ -n "$app_pid" ]]; then echo "running (pid $app_pid)"; else echo stopped; fi)"
  echo "cometbft    $(if [[ -n "$cmt_pid" ]]; then echo "running (pid $cmt_pid)"; else echo stopped; fi)"
  if [[ -n "$cmt_pid" ]]; then
    h="$(rpc_height)"
    echo "height      ${h:-RPC $RPC_URL not answering}"
  fi
  [[ -n "$app_pid" && -n "$cmt_pid" ]] || rc=3
  return "$rc"
}

cmd_logs() {
  local which="all" follow=0 arg files=()
  for arg in "$@"; do
    case "$arg" in
      -f|--follow) follow=1 ;;
      openledgerd|app) which=openledgerd ;;
      cometbft|comet) which=cometbft ;;
      all) which=all ;;
      *) die "logs: unknown argument '$arg' (use openledgerd|cometbft|all and -f)" ;;
    esac
  done
  case "$which" in
    openledgerd) files=("$APP_LOG") ;;
    cometbft) files=("$CMT_LOG") ;;
    all) files=("$APP_LOG" "$CMT_LOG") ;;
  esac
  if ((follow)); then
    exec tail -n 50 -F "${files[@]}"
  fi
  print_logs 100 "${files[@]}"
}

cmd_reset() {
  cmd_stop
  if [[ ! -e "$DEVNET_HOME" ]]; then
    log "nothing to reset at $DEVNET_HOME"
    return 0
  fi
  if [[ ! -f "$MARKER" && ! -f "$DEVNET_HOME/config/genesis.json" ]]; then
    die "$DEVNET_HOME does not look like a devnet home (no devnet.initialized, no config/genesis.json); not deleting it"
  fi
  rm -rf -- "$DEVNET_HOME"
  log "deleted $DEVNET_HOME; the next start creates a fresh chain"
}

main() {
  local cmd="${1:-}"
  [[ $# -gt 0 ]] && shift
  case "$cmd" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    restart) cmd_stop; cmd_start ;;
    status) cmd_status ;;
    logs) cmd_logs "$@" ;;
    reset) cmd_reset ;;
    accounts) print_accounts ;;
    -h|--help|help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
