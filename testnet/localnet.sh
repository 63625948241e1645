#!/usr/bin/env bash
# Multi-validator OpenLedger localnet: N nodes (default 4) on 127.0.0.1, each an openledgerd
# (ABCI app) behind its own CometBFT v0.38 node, all connected as persistent peers.
#
#   ./testnet/localnet.sh start          build what is missing, create the network on first start,
#                                        start every node, wait until all nodes make blocks
#   ./testnet/localnet.sh stop           stop every node (SIGTERM, then SIGKILL after a grace period)
#   ./testnet/localnet.sh restart        stop + start (state is kept)
#   ./testnet/localnet.sh status         per node: processes, height, voting power, catching_up
#   ./testnet/localnet.sh stop-node I    stop node I only (fault injection); the others keep running
#   ./testnet/localnet.sh start-node I   start node I again and wait until it has caught up
#   ./testnet/localnet.sh logs [I] [openledgerd|cometbft] [-f]
#   ./testnet/localnet.sh reset          stop and delete the whole localnet home
#   ./testnet/localnet.sh accounts       print the operator and devnet accounts (public development keys)
#
# Environment (all optional):
#   OPENLEDGER_LOCALNET_HOME      localnet home (default <repo>/.localnet) with node0 .. node{N-1}
#   OPENLEDGER_LOCALNET_NODES     number of nodes N of a new localnet (default 4)
#   OPENLEDGER_LOCALNET_GENESIS_VALIDATORS  how many of the first nodes are genesis validators
#                                 (default N); the others start as full nodes
#   OPENLEDGER_LOCALNET_CHAIN_ID  chain id of a new localnet (default openledger-localnet-1)
#   OPENLEDGER_LOCALNET_PORT_BASE first port (default 26700); node I listens on base+10*I+
#                                 0 (p2p), 1 (CometBFT RPC), 2 (ABCI), 3 (gRPC)
#   OPENLEDGER_LOCALNET_TIMEOUT_COMMIT   CometBFT consensus.timeout_commit (default 500ms)
#   OPENLEDGER_LOCALNET_TIMEOUT_PROPOSE  CometBFT consensus.timeout_propose (default 3s)
#   OPENLEDGER_LOCALNET_SELF_DELEGATION  self-delegation of each genesis validator
#                                 (default 100000000000000000000aopen = 100 OPEN)
#   OPENLEDGER_LOCALNET_OPERATOR_BALANCE genesis balance of each operator account (default 10^6 OPEN)
#   OPENLEDGER_LOCALNET_GENESIS_PARAMS   JSON object {"module.path.key": value, ...} (or @file) of
#                                 genesis app_state values to override; every key must exist
#   OPENLEDGER_LOCALNET_GENESIS_HOOK     python file run on the genesis before it is copied
#   OPENLEDGER_SNAPSHOT_INTERVAL  openledgerd --snapshot-interval of the nodes started (state-sync
#                                 snapshots every this many heights; docs/state-sync.md)
#   OPENLEDGER_LOCALNET_COMET_VALIDATORS=1  network-only mode: CometBFT genesis validators instead
#                                 of the staking genesis (the app then echoes CometBFT's set)
#   OPENLEDGER_LOCALNET_ACCOUNTS  operator accounts file (default testnet/localnet-accounts.json)
#   OPENLEDGER_LOCALNET_KEYRING_PASSPHRASE  passphrase of <home>/keyring (default openledger-localnet)
#   OPENLEDGER_PROFILE, OPENLEDGER_SKIP_BUILD, OPENLEDGER_ACCOUNT_BALANCE, OPENLEDGER_START_TIMEOUT,
#   OPENLEDGER_STOP_TIMEOUT, OPENLEDGER_DEVNET_ACCOUNTS, OPENLEDGERD_BIN, OPENLEDGER_BIN,
#   COMETBFT_BIN, RUST_LOG: as for testnet/devnet.sh
#
# Only loopback addresses are used. Files under the home:
#   node<I>/{config,data}/ (cometbft + openledgerd), node<I>/logs/{openledgerd,cometbft}.log,
#   node<I>/{openledgerd,cometbft}.pid, keyring/ (operator keys), logs/init.log, localnet.initialized
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

LOCALNET_HOME="${OPENLEDGER_LOCALNET_HOME:-$REPO_ROOT/.localnet}"
NODES_WANTED="${OPENLEDGER_LOCALNET_NODES:-4}"
CHAIN_ID="${OPENLEDGER_LOCALNET_CHAIN_ID:-openledger-localnet-1}"
PORT_BASE="${OPENLEDGER_LOCALNET_PORT_BASE:-26700}"
TIMEOUT_COMMIT="${OPENLEDGER_LOCALNET_TIMEOUT_COMMIT:-500ms}"
TIMEOUT_PROPOSE="${OPENLEDGER_LOCALNET_TIMEOUT_PROPOSE:-3s}"
SELF_DELEGATION="${OPENLEDGER_LOCALNET_SELF_DELEGATION:-100000000000000000000aopen}"
OPERATOR_BALANCE="${OPENLEDGER_LOCALNET_OPERATOR_BALANCE:-1000000000000000000000000aopen}"
ACCOUNT_BALANCE="${OPENLEDGER_ACCOUNT_BALANCE:-1000000000000000000000000000aopen}"
GENESIS_PARAMS="${OPENLEDGER_LOCALNET_GENESIS_PARAMS:-}"
GENESIS_HOOK="${OPENLEDGER_LOCALNET_GENESIS_HOOK:-}"
COMET_VALIDATORS="${OPENLEDGER_LOCALNET_COMET_VALIDATORS:-0}"
PROFILE="${OPENLEDGER_PROFILE:-release}"
START_TIMEOUT="${OPENLEDGER_START_TIMEOUT:-180}"
STOP_TIMEOUT="${OPENLEDGER_STOP_TIMEOUT:-20}"
DEVNET_ACCOUNTS="${OPENLEDGER_DEVNET_ACCOUNTS:-$REPO_ROOT/testnet/devnet-accounts.json}"
OPERATOR_ACCOUNTS="${OPENLEDGER_LOCALNET_ACCOUNTS:-$REPO_ROOT/testnet/localnet-accounts.json}"
KEYRING_PASSPHRASE="${OPENLEDGER_LOCALNET_KEYRING_PASSPHRASE:-openledger-localnet}"
SHOW_TAIL_LINES=30

# shellcheck source=testnet/lib/node.sh
source "$REPO_ROOT/testnet/lib/node.sh"
select_binaries localnet

MARKER="$LOCALNET_HOME/localnet.initialized"
KEYRING="$LOCALNET_HOME/keyring"
INIT_LOG="$LOCALNET_HOME/logs/init.log"

log() { printf 'localnet: %s\n' "$*" >&2; }
die() { printf 'localnet: error: %s\n' "$*" >&2; exit 1; }

usage() {
  sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  echo "See the header of testnet/localnet.sh or docs/devnet.md for environment variables."
}

is_uint() { [[ "$1" =~ ^[0-9]+$ ]]; }
in_range() { is_uint "$1" && (($1 >= $2 && $1 <= $3)); } # VALUE MIN MAX

# ---------------------------------------------------------------------------------------------
# node layout

# number of nodes: from the marker of an existing localnet, else OPENLEDGER_LOCALNET_NODES
node_count() {
  if [[ -f "$MARKER" ]]; then
    python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["nodes"])' "$MARKER" 2>/dev/null ||
      die "cannot read the node count from $MARKER"
  else
    echo "$NODES_WANTED"
  fi
}

node_home() { echo "$LOCALNET_HOME/node$1"; }
p2p_port() { echo $((PORT_BASE + 10 * $1)); }
rpc_port() { echo $((PORT_BASE + 10 * $1 + 1)); }
abci_port() { echo $((PORT_BASE + 10 * $1 + 2)); }
grpc_port() { echo $((PORT_BASE + 10 * $1 + 3)); }
rest_port() { echo $((PORT_BASE + 10 * $1 + 4)); }
rpc_url() { echo "http://127.0.0.1:$(rpc_port "$1")"; }
app_pidfile() { echo "$(node_home "$1")/openledgerd.pid"; }
cmt_pidfile() { echo "$(node_home "$1")/cometbft.pid"; }
app_log() { echo "$(node_home "$1")/logs/openledgerd.log"; }
cmt_log() { echo "$(node_home "$1")/logs/cometbft.log"; }

check_node_index() { # I N
  is_uint "$1" || die "node index must be a number, got '$1'"
  (($1 < $2)) || die "no node $1: this localnet has $2 nodes (0..$(($2 - 1)))"
}

# ---------------------------------------------------------------------------------------------
# processes (the helpers are in testnet/lib/node.sh)

app_pid() { live_pid "$(app_pidfile "$1")" "$(node_home "$1")"; }
cmt_pid() { live_pid "$(cmt_pidfile "$1")" "$(node_home "$1")"; }

stop_nodes() { # I...: cometbft of every listed node first, then their apps
  local i cmt=() app=()
  for i in "$@"; do
    cmt+=("node$i cometbft" "$(cmt_pidfile "$i")" "$(node_home "$i")")
    app+=("node$i openledgerd" "$(app_pidfile "$i")" "$(node_home "$i")")
  done
  ((${#cmt[@]} > 0)) || return 0
  stop_all "${cmt[@]}"
  stop_all "${app[@]}"
}

# /status of node I as "height<TAB>catching_up<TAB>voting_power", or nothing when the RPC does not answer
node_status() {
  curl -sf --max-time 2 "$(rpc_url "$1")/status" 2>/dev/null |
    python3 -c '
import json, sys
r = json.load(sys.stdin)["result"]
print("\t".join([r["sync_info"]["latest_block_height"], str(r["sync_info"]["catching_up"]).lower(),
                 r["validator_info"]["voting_power"]]))' 2>/dev/null || true
}

node_height() {
  local s
  s="$(node_status "$1")"
  echo "${s%%$'\t'*}"
}

# ---------------------------------------------------------------------------------------------
# accounts

accounts_tsv() { # FILE -> name<TAB>address<TAB>valoper (valoper empty when absent) per line
  python3 - "$1" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
for a in doc["accounts"]:
    print("\t".join([a["name"], a["address"], a.get("valoper", "")]))
PY
}

operator_field() { # I FIELD -> field of the operator account of node I (name nodeI)
  python3 - "$OPERATOR_ACCOUNTS" "node$1" "$2" <<'PY'
import json, sys
for a in json.load(open(sys.argv[1]))["accounts"]:
    if a["name"] == sys.argv[2]:
        print(a[sys.argv[3]])
        break
else:
    sys.exit(f"{sys.argv[1]} has no account named {sys.argv[2]}")
PY
}

print_accounts() {
  local name address valoper
  echo "Validator operator accounts (PUBLIC development keys from $OPERATOR_ACCOUNTS; operator of node I = nodeI):"
  while IFS=$'\t' read -r name address valoper; do
    printf '  %-8s %s  %s\n' "$name" "$address" "$valoper"
  done < <(accounts_tsv "$OPERATOR_ACCOUNTS")
  echo "Funded devnet accounts (PUBLIC development keys from $DEVNET_ACCOUNTS):"
  while IFS=$'\t' read -r name address _; do
    printf '  %-10s %s\n' "$name" "$address"
  done < <(accounts_tsv "$DEVNET_ACCOUNTS")
  if [[ -d "$KEYRING" ]]; then
    echo "Operator keys are imported in the keyring $KEYRING (passphrase: \$OPENLEDGER_LOCALNET_KEYRING_PASSPHRASE, default openledger-localnet)."
  fi
}

# ---------------------------------------------------------------------------------------------
# configuration

# rewrite config.toml of node I for the current ports and peers (run on every start)
configure_node() { # I N
  local i=$1 n=$2 j peers=() id
  for ((j = 0; j < n; j++)); do
    ((j == i)) && continue
    id="$(cat "$(node_home "$j")/node_id")"
    peers+=("$id@127.0.0.1:$(p2p_port "$j")")
  done
  local peer_list
  peer_list="$(IFS=,; echo "${peers[*]}")"
  set_config_keys "$(node_home "$i")/config/config.toml" \
    proxy_app="\"tcp://127.0.0.1:$(abci_port "$i")\"" \
    moniker="\"node$i\"" \
    rpc.laddr="\"tcp://127.0.0.1:$(rpc_port "$i")\"" \
    p2p.laddr="\"tcp://127.0.0.1:$(p2p_port "$i")\"" \
    p2p.external_address='""' \
    p2p.pex=false \
    p2p.persistent_peers="\"$peer_list\"" \
    p2p.seeds='""' \
    p2p.addr_book_strict=false \
    p2p.allow_duplicate_ip=true \
    consensus.timeout_commit="\"$TIMEOUT_COMMIT\"" \
    consensus.timeout_propose="\"$TIMEOUT_PROPOSE\"" \
    consensus.create_empty_blocks=true \
    tx_index.indexer='"kv"' \
    storage.discard_abci_responses=false \
    instrumentation.prometheus=false
}

# ---------------------------------------------------------------------------------------------
# network creation

init_network() { # N
  local n=$1 g="${OPENLEDGER_LOCALNET_GENESIS_VALIDATORS:-$1}" i
  in_range "$n" 1 1000 || die "OPENLEDGER_LOCALNET_NODES must be a positive number, got '$n'"
  in_range "$g" 1 "$n" || die "OPENLEDGER_LOCALNET_GENESIS_VALIDATORS must be 1..$n, got '$g'"
  local n_ops
  n_ops="$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["accounts"]))' "$OPERATOR_ACCOUNTS")" ||
    die "cannot read $OPERATOR_ACCOUNTS"
  ((n <= n_ops)) || die "$n nodes need $n operator accounts; $OPERATOR_ACCOUNTS has $n_ops (add entries named node<I>)"
  if [[ -e "$LOCALNET_HOME" && -n "$(ls -A "$LOCALNET_HOME" 2>/dev/null)" ]]; then
    die "$LOCALNET_HOME exists but has no localnet.initialized marker (an earlier init failed?). Run '$0 reset' first."
  fi
  if [[ "$COMET_VALIDATORS" != 1 ]] && ! "$OPENLEDGERD" genesis add-validator --help >/dev/null 2>&1; then
    die "$OPENLEDGERD has no 'genesis add-validator' (staking genesis not available in this build). For a network-only check use OPENLEDGER_LOCALNET_COMET_VALIDATORS=1."
  fi
  mkdir -p "$LOCALNET_HOME/logs"
  log "creating a $n-node localnet in $LOCALNET_HOME (chain id $CHAIN_ID, $g genesis validators)"

  local home
  for ((i = 0; i < n; i++)); do
    home="$(node_home "$i")"
    mkdir -p "$home/logs"
    {
      "$COMETBFT" init --home "$home"
      "$OPENLEDGERD" init --home "$home" --chain-id "$CHAIN_ID"
    } >>"$INIT_LOG" 2>&1 || { show_tail "$INIT_LOG"; die "init of node$i failed (see $INIT_LOG)"; }
    "$COMETBFT" show-node-id --home "$home" >"$home/node_id" 2>>"$INIT_LOG" ||
      { show_tail "$INIT_LOG"; die "cometbft show-node-id for node$i failed"; }
  done

  # genesis: built on node0, then copied to every node
  local home0 genesis
  home0="$(node_home 0)"
  genesis="$home0/config/genesis.json"
  genesis_cmd() { # what... -- openledgerd args
    local what=$1
    shift
    printf '$ openledgerd %s\n' "$*" >>"$INIT_LOG"
    "$OPENLEDGERD" "$@" >>"$INIT_LOG" 2>&1 || { show_tail "$INIT_LOG"; die "$what failed (see $INIT_LOG)"; }
  }
  local name address
  while IFS=$'\t' read -r name address _; do
    genesis_cmd "genesis add-account $name" genesis add-account --home "$home0" "$address" "$ACCOUNT_BALANCE"
  done < <(accounts_tsv "$DEVNET_ACCOUNTS")
  for ((i = 0; i < n; i++)); do
    address="$(operator_field "$i" address)"
    genesis_cmd "genesis add-account node$i operator" genesis add-account --home "$home0" "$address" "$OPERATOR_BALANCE"
  done

  if [[ "$COMET_VALIDATORS" == 1 ]]; then
    log "OPENLEDGER_LOCALNET_COMET_VALIDATORS=1: CometBFT genesis validators, no staking genesis (network-only mode)"
    python3 - "$genesis" "$SELF_DELEGATION" "$LOCALNET_HOME" "$g" <<'PY' || die "writing the CometBFT genesis validators failed"
import json, re, sys
path, amount, home, g = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
m = re.fullmatch(r"(\d+)aopen", amount)
power = max(1, int(m.group(1)) // 10**18) if m else 100
doc = json.load(open(path))
vals = []
for i in range(g):
    k = json.load(open(f"{home}/node{i}/config/priv_validator_key.json"))
    vals.append({"address": k["address"], "pub_key": k["pub_key"], "power": str(power), "name": f"node{i}"})
doc["validators"] = vals
json.dump(doc, open(path, "w"), indent=2)
PY
  else
    for ((i = 0; i < g; i++)); do
      genesis_cmd "genesis add-validator node$i" genesis add-validator --home "$home0" \
        "$(operator_field "$i" address)" "$(node_home "$i")/config/priv_validator_key.json" \
        "$SELF_DELEGATION" --moniker "node$i"
    done
    # the app's InitChain answers with the staking set; CometBFT must not get its own list
    python3 - "$genesis" <<'PY' || die "removing the CometBFT validators from genesis.json failed"
import json, sys
doc = json.load(open(sys.argv[1]))
doc.pop("validators", None)
json.dump(doc, open(sys.argv[1], "w"), indent=2)
PY
  fi

  apply_genesis_overrides "$genesis" "$GENESIS_PARAMS" "$GENESIS_HOOK" OPENLEDGER_LOCALNET >>"$INIT_LOG" 2>&1 || { show_tail "$INIT_LOG"; die "genesis overrides failed (see $INIT_LOG)"; }
  genesis_cmd "genesis validate" genesis validate --home "$home0"
  check_genesis "$genesis"
  for ((i = 1; i < n; i++)); do
    cp "$genesis" "$(node_home "$i")/config/genesis.json"
  done

  import_operator_keys "$n"

  python3 - "$MARKER" "$CHAIN_ID" "$n" "$g" "$COMET_VALIDATORS" <<'PY'
import json, sys, datetime
path, chain_id, n, g, comet = sys.argv[1:]
json.dump({"chain_id": chain_id, "nodes": int(n), "genesis_validators": int(g),
           "comet_validators": comet == "1",
           "created": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")},
          open(path, "w"))
PY
}

# the operator keys in <home>/keyring, so `openledger --home <home>/keyring ... node3` works
import_operator_keys() { # N
  local n=$1 i mnemonic_file="$LOCALNET_HOME/mnemonic.tmp" rc
  mkdir -p "$KEYRING"
  for ((i = 0; i < n; i++)); do
    operator_field "$i" mnemonic >"$mnemonic_file"
    rc=0
    OPENLEDGER_KEYRING_PASSPHRASE="$KEYRING_PASSPHRASE" \
      OPENLEDGER_KEYRING_SCRYPT_LOG_N="${OPENLEDGER_KEYRING_SCRYPT_LOG_N:-12}" \
      "$OPENLEDGER_CLI" --home "$KEYRING" keys add "node$i" --recover --mnemonic-file "$mnemonic_file" \
      >>"$INIT_LOG" 2>&1 || rc=$?
    rm -f "$mnemonic_file"
    ((rc == 0)) || { show_tail "$INIT_LOG"; die "importing the operator key node$i into $KEYRING failed"; }
  done
}

# ---------------------------------------------------------------------------------------------
# commands

# start openledgerd + cometbft of the given nodes (those not fully running); no waiting for blocks
start_nodes() { # I...
  local i to_start=() port
  for i in "$@"; do
    if [[ -n "$(app_pid "$i")" && -n "$(cmt_pid "$i")" ]]; then
      continue
    fi
    if [[ -n "$(app_pid "$i")" || -n "$(cmt_pid "$i")" ]]; then
      # CometBFT does not reconnect to a restarted app: restart both.
      log "node$i: only one of openledgerd/cometbft is running; restarting both"
      stop_nodes "$i"
    fi
    to_start+=("$i")
  done
  ((${#to_start[@]} > 0)) || return 0
  for i in "${to_start[@]}"; do
    for port in "$(p2p_port "$i")" "$(rpc_port "$i")" "$(abci_port "$i")" "$(grpc_port "$i")" "$(rest_port "$i")"; do
      if port_listening "$port"; then
        die "port $port of node$i is already in use (another localnet? set OPENLEDGER_LOCALNET_PORT_BASE)"
      fi
    done
  done
  local n
  n="$(node_count)"
  for i in "${to_start[@]}"; do
    configure_node "$i" "$n" || die "configuring node$i failed"
    log "node$i: starting openledgerd (ABCI 127.0.0.1:$(abci_port "$i"), gRPC 127.0.0.1:$(grpc_port "$i"), REST 127.0.0.1:$(rest_port "$i"))"
    NO_COLOR="${NO_COLOR:-1}" RUST_LOG="${RUST_LOG:-info}" launch "$(app_pidfile "$i")" "$(app_log "$i")" \
      "$OPENLEDGERD" start --home "$(node_home "$i")" \
      --abci-addr "127.0.0.1:$(abci_port "$i")" --grpc-addr "127.0.0.1:$(grpc_port "$i")" \
      --rest-addr "127.0.0.1:$(rest_port "$i")" --cometbft-rpc "$(rpc_url "$i")" \
      ${OPENLEDGER_SNAPSHOT_INTERVAL:+--snapshot-interval "$OPENLEDGER_SNAPSHOT_INTERVAL"}
  done
  local deadline=$((SECONDS + START_TIMEOUT))
  for i in "${to_start[@]}"; do
    until port_listening "$(abci_port "$i")"; do
      if [[ -z "$(app_pid "$i")" ]]; then
        show_tail "$(app_log "$i")"
        stop_nodes "${to_start[@]}"
        die "node$i: openledgerd exited during startup (see $(app_log "$i"))"
      fi
      if ((SECONDS >= deadline)); then
        show_tail "$(app_log "$i")"
        stop_nodes "${to_start[@]}"
        die "node$i: openledgerd did not listen on 127.0.0.1:$(abci_port "$i") within ${START_TIMEOUT}s"
      fi
      sleep 0.2
    done
  done
  for i in "${to_start[@]}"; do
    log "node$i: starting cometbft (RPC $(rpc_url "$i"), p2p 127.0.0.1:$(p2p_port "$i"))"
    launch "$(cmt_pidfile "$i")" "$(cmt_log "$i")" "$COMETBFT" start --home "$(node_home "$i")"
  done
}

# a node whose process died: print its logs, stop everything that was started, fail
check_alive() { # I
  if [[ -z "$(cmt_pid "$1")" ]]; then
    show_tail "$(cmt_log "$1")"; show_tail "$(app_log "$1")"
    return 1
  fi
  if [[ -z "$(app_pid "$1")" ]]; then
    show_tail "$(app_log "$1")"; show_tail "$(cmt_log "$1")"
    return 1
  fi
}

any_node_running() { # N
  local i
  for ((i = 0; i < $1; i++)); do
    if [[ -n "$(app_pid "$i")" || -n "$(cmt_pid "$i")" ]]; then return 0; fi
  done
  return 1
}

cmd_start() {
  # no rebuild under a running network: every node must run the same binaries
  if [[ -f "$MARKER" ]] && any_node_running "$(node_count)"; then
    ensure_binaries nobuild
  else
    ensure_binaries
  fi
  require_tools
  if [[ ! -f "$MARKER" ]]; then
    init_network "$NODES_WANTED"
  fi
  local n i
  n="$(node_count)"
  if [[ -n "${OPENLEDGER_LOCALNET_NODES:-}" && "$NODES_WANTED" != "$n" ]]; then
    log "note: $LOCALNET_HOME has $n nodes; OPENLEDGER_LOCALNET_NODES=$NODES_WANTED applies to a new localnet only ('$0 reset' first)"
  fi
  local all=()
  for ((i = 0; i < n; i++)); do all+=("$i"); done

  # target: a block above the highest height any running node reports now (at least 2), seen by all
  local top=0 h
  for i in "${all[@]}"; do
    if [[ -n "$(cmt_pid "$i")" ]]; then
      h="$(node_height "$i")"
      if [[ -n "$h" ]] && ((h > top)); then top=$h; fi
    fi
  done
  local target=$((top + 1))
  ((target >= 2)) || target=2

  start_nodes "${all[@]}"

  local deadline=$((SECONDS + START_TIMEOUT)) pending heights
  while :; do
    pending=()
    heights=""
    for i in "${all[@]}"; do
      if ! check_alive "$i"; then
        cmd_stop
        die "node$i exited during startup (logs in $(node_home "$i")/logs)"
      fi
      h="$(node_height "$i")"
      heights+=" node$i=${h:-?}"
      if [[ -z "$h" ]] || ((h < target)); then pending+=("$i"); fi
    done
    ((${#pending[@]} == 0)) && break
    if ((SECONDS >= deadline)); then
      for i in "${pending[@]}"; do show_tail "$(cmt_log "$i")"; done
      cmd_stop
      die "not every node reached height $target within ${START_TIMEOUT}s (heights:$heights)"
    fi
    sleep 0.5
  done
  log "all $n nodes are at height >= $target (heights:$heights)"
  print_endpoints "$n"
}

cmd_start_node() { # I
  [[ -f "$MARKER" ]] || die "no localnet at $LOCALNET_HOME (run '$0 start' first)"
  local n i=$1
  n="$(node_count)"
  check_node_index "$i" "$n"
  ensure_binaries nobuild
  start_nodes "$i"
  # wait until the node answers, has left block sync and sees blocks at the others' height
  local deadline=$((SECONDS + START_TIMEOUT)) s h cu top j hj
  while :; do
    check_alive "$i" || die "node$i exited during startup (logs in $(node_home "$i")/logs)"
    # the others' heights first, then this node's: on a loaded machine each look takes a
    # while and the chain moves on meanwhile, so the other order could lag behind forever
    top=0
    for ((j = 0; j < n; j++)); do
      ((j == i)) && continue
      [[ -n "$(cmt_pid "$j")" ]] || continue
      hj="$(node_height "$j")"
      if [[ -n "$hj" ]] && ((hj > top)); then top=$hj; fi
    done
    s="$(node_status "$i")"
    if [[ -n "$s" ]]; then
      IFS=$'\t' read -r h cu _ <<<"$s"
      # within 2 blocks of the best other node
      if [[ "$cu" == false ]] && ((h >= 1 && h + 2 >= top)); then
        break
      fi
    fi
    if ((SECONDS >= deadline)); then
      show_tail "$(cmt_log "$i")"
      die "node$i did not catch up within ${START_TIMEOUT}s (status '${s:-no answer}', best other height ${top:-?})"
    fi
    sleep 0.5
  done
  log "node$i is running at height $h (catching_up=false)"
}

cmd_stop_node() { # I
  [[ -f "$MARKER" ]] || die "no localnet at $LOCALNET_HOME"
  local n
  n="$(node_count)"
  check_node_index "$1" "$n"
  stop_nodes "$1"
}

cmd_stop() {
  [[ -d "$LOCALNET_HOME" ]] || return 0
  local n i all=()
  n="$(node_count)"
  # a half-created home may have fewer node dirs than the marker says; stop what exists
  for ((i = 0; i < n; i++)); do
    [[ -d "$(node_home "$i")" ]] && all+=("$i")
  done
  ((${#all[@]} > 0)) || return 0
  stop_nodes "${all[@]}"
}

print_endpoints() { # N
  local n=$1 i
  echo "OpenLedger localnet"
  echo "  chain id   $(chain_id_of_home)"
  echo "  home       $LOCALNET_HOME"
  for ((i = 0; i < n; i++)); do
    printf '  node%-3s    RPC %s  p2p %s  ABCI %s  gRPC %s  REST %s\n' "$i" "$(rpc_url "$i")" \
      "127.0.0.1:$(p2p_port "$i")" "127.0.0.1:$(abci_port "$i")" "127.0.0.1:$(grpc_port "$i")" \
      "http://127.0.0.1:$(rest_port "$i")"
  done
  echo "  logs       $LOCALNET_HOME/node<I>/logs/{openledgerd,cometbft}.log"
  echo "  CLI        $OPENLEDGER_CLI --node $(rpc_url 0) ..."
  echo "  keyring    $OPENLEDGER_CLI --home $KEYRING ... (operator keys node0..node$((n - 1)))"
}

chain_id_of_home() {
  genesis_chain_id "$(node_home 0)/config/genesis.json"
}

cmd_status() {
  if [[ ! -f "$MARKER" ]]; then
    echo "home $LOCALNET_HOME (not initialised)"
    return 3
  fi
  local n i rc=0 a c s h cu vp
  n="$(node_count)"
  echo "home $LOCALNET_HOME, chain id $(chain_id_of_home), $n nodes"
  printf '%-6s %-12s %-12s %-24s %-8s %-6s %s\n' node openledgerd cometbft rpc height power catching_up
  for ((i = 0; i < n; i++)); do
    a="$(app_pid "$i")"
    c="$(cmt_pid "$i")"
    h="-" vp="-" cu="-"
    if [[ -n "$c" ]]; then
      s="$(node_status "$i")"
      if [[ -n "$s" ]]; then
        IFS=$'\t' read -r h cu vp <<<"$s"
      else
        h="no answer"
      fi
    fi
    printf '%-6s %-12s %-12s %-24s %-8s %-6s %s\n' "node$i" "$([[ -n "$a" ]] && echo "pid $a" || echo stopped)" \
      "$([[ -n "$c" ]] && echo "pid $c" || echo stopped)" "$(rpc_url "$i")" "$h" "$vp" "$cu"
    [[ -n "$a" && -n "$c" ]] || rc=3
  done
  # the validator set as one running node sees it
  local vals_json
  for ((i = 0; i < n; i++)); do
    [[ -n "$(cmt_pid "$i")" ]] || continue
    vals_json="$(curl -sf --max-time 2 "$(rpc_url "$i")/validators?per_page=100" 2>/dev/null)" || continue
    python3 - "$i" "$vals_json" "$LOCALNET_HOME" "$n" <<'PY' && break
import json, sys
r = json.loads(sys.argv[2])["result"]
names = {}
for j in range(int(sys.argv[4])):
    try:
        names[json.load(open(f"{sys.argv[3]}/node{j}/config/priv_validator_key.json"))["address"]] = f"node{j}"
    except (OSError, ValueError, KeyError):
        pass
vals = r["validators"]
total_power = sum(int(v["voting_power"]) for v in vals)
print(f"validators at height {r['block_height']} (as node{sys.argv[1]} sees them): {r['total']}, total power {total_power}")
for v in vals:
    print(f"  {v['address']}  power {v['voting_power']}  {names.get(v['address'], '')}")
PY
  done
  return "$rc"
}

cmd_logs() {
  local node="" which="all" follow=0 arg files=() n i
  for arg in "$@"; do
    case "$arg" in
      -f|--follow) follow=1 ;;
      openledgerd|app) which=openledgerd ;;
      cometbft|comet) which=cometbft ;;
      all) which=all ;;
      [0-9]*) node=$arg ;;
      node[0-9]*) node=${arg#node} ;;
      *) die "logs: unknown argument '$arg' (use a node index, openledgerd|cometbft|all and -f)" ;;
    esac
  done
  n="$(node_count)"
  local nodes=()
  if [[ -n "$node" ]]; then
    check_node_index "$node" "$n"
    nodes=("$node")
  else
    for ((i = 0; i < n; i++)); do nodes+=("$i"); done
  fi
  for i in "${nodes[@]}"; do
    case "$which" in
      openledgerd) files+=("$(app_log "$i")") ;;
      cometbft) files+=("$(cmt_log "$i")") ;;
      all) files+=("$(app_log "$i")" "$(cmt_log "$i")") ;;
    esac
  done
  if ((follow)); then
    exec tail -n 20 -F "${files[@]}"
  fi
  local lines=100
  ((${#nodes[@]} == 1)) || lines=30
  print_logs "$lines" "${files[@]}"
}

cmd_reset() {
  cmd_stop
  if [[ ! -e "$LOCALNET_HOME" ]]; then
    log "nothing to reset at $LOCALNET_HOME"
    return 0
  fi
  if [[ ! -f "$MARKER" && ! -d "$LOCALNET_HOME/node0" && -n "$(ls -A "$LOCALNET_HOME" 2>/dev/null)" ]]; then
    die "$LOCALNET_HOME does not look like a localnet home (no localnet.initialized, no node0/); not deleting it"
  fi
  rm -rf -- "$LOCALNET_HOME"
  log "deleted $LOCALNET_HOME; the next start creates a fresh network"
}

main() {
  local cmd="${1:-}"
  [[ $# -gt 0 ]] && shift
  in_range "$PORT_BASE" 1024 65000 ||
    die "OPENLEDGER_LOCALNET_PORT_BASE must be 1024..65000, got '$PORT_BASE'"
  case "$cmd" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    restart) cmd_stop; cmd_start ;;
    status) cmd_status ;;
    start-node) [[ $# -eq 1 ]] || die "usage: $0 start-node I"; cmd_start_node "$1" ;;
    stop-node) [[ $# -eq 1 ]] || die "usage: $0 stop-node I"; cmd_stop_node "$1" ;;
    logs) cmd_logs "$@" ;;
    reset) cmd_reset ;;
    accounts) print_accounts ;;
    -h|--help|help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
