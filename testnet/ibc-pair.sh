#!/usr/bin/env bash
# Two single-node OpenLedger chains on loopback, relayed by an unmodified Hermes (ICS-20 transfer).
#
#   ./testnet/ibc-pair.sh start          chains-start + channel + relayer-start: everything below
#   ./testnet/ibc-pair.sh stop           stop the relayer, then both chains (state is kept)
#   ./testnet/ibc-pair.sh status         chains, relayer, channel; exit 3 when something is down
#   ./testnet/ibc-pair.sh chains-start   start both chains (a new home on first start, the relayer
#                                        account funded in both geneses), install Hermes when
#                                        missing, write its config and import the relayer key
#   ./testnet/ibc-pair.sh channel        create clients, a connection and a transfer channel
#                                        (once; later calls print the channel recorded)
#   ./testnet/ibc-pair.sh relayer-start  start `hermes start` in the background (log: hermes.log)
#   ./testnet/ibc-pair.sh relayer-stop   stop it (the chains keep running)
#   ./testnet/ibc-pair.sh hermes ARGS..  run hermes with the pair's config, e.g. `hermes health-check`
#   ./testnet/ibc-pair.sh env            print the pair's settings as shell assignments
#   ./testnet/ibc-pair.sh logs [a|b|hermes]
#   ./testnet/ibc-pair.sh reset          stop everything and delete the pair's home
#
# Environment (all optional):
#   IBC_PAIR_HOME         work dir (default <repo>/.ibc-pair): a/ and b/ (devnet homes), hermes/
#                         (config.toml, keys/), hermes.log, accounts.json, channel.json
#   IBC_PAIR_PORT_BASE    first port (default 26700). Chain A uses base+0..6, chain B base+10..16,
#                         in devnet.sh's order: p2p, RPC, ABCI, gRPC, REST, metrics, CometBFT metrics.
#                         The default block leaves a devnet on its default ports undisturbed;
#                         the IBC end-to-end test uses 31000.
#   IBC_PAIR_CHAIN_A, IBC_PAIR_CHAIN_B  chain ids (default openledger-a-1, openledger-b-1)
#   IBC_PAIR_EVENT_SOURCE push (default: CometBFT websocket) or pull (poll /block_results)
#   IBC_PAIR_TRUSTING_PERIOD  client trusting period (default 14days; must stay below the
#                         unbonding period staking reports, 21 days by default)
#   IBC_PAIR_RELAYER_ACCOUNTS relayer account file (default testnet/ibc-relayer-account.json)
#   IBC_PAIR_START_TIMEOUT    seconds allowed for a chain's first block / the relayer to be up
#   HERMES_BIN            hermes binary (default <tools>/bin/hermes, <tools> = OPENLEDGER_TOOLS or
#                         <repo>/.tools; installed by
#                         testnet/install-hermes.sh when missing)
#   OPENLEDGER_PROFILE, OPENLEDGER_SKIP_BUILD, OPENLEDGER_TIMEOUT_COMMIT, OPENLEDGERD_BIN, ...
#                         passed on to testnet/devnet.sh (OPENLEDGER_WEB defaults to 0 here)
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PAIR_HOME="${IBC_PAIR_HOME:-$REPO_ROOT/.ibc-pair}"
PORT_BASE="${IBC_PAIR_PORT_BASE:-26700}"
CHAIN_A="${IBC_PAIR_CHAIN_A:-openledger-a-1}"
CHAIN_B="${IBC_PAIR_CHAIN_B:-openledger-b-1}"
EVENT_SOURCE="${IBC_PAIR_EVENT_SOURCE:-push}"
TRUSTING_PERIOD="${IBC_PAIR_TRUSTING_PERIOD:-14days}"
RELAYER_ACCOUNTS="${IBC_PAIR_RELAYER_ACCOUNTS:-$REPO_ROOT/testnet/ibc-relayer-account.json}"
DEVNET_ACCOUNTS="${OPENLEDGER_DEVNET_ACCOUNTS:-$REPO_ROOT/testnet/devnet-accounts.json}"
START_TIMEOUT="${IBC_PAIR_START_TIMEOUT:-120}"
HERMES="${HERMES_BIN:-${OPENLEDGER_TOOLS:-$REPO_ROOT/.tools}/bin/hermes}"
STOP_TIMEOUT="${OPENLEDGER_STOP_TIMEOUT:-20}"
# the chain's base denom and the minimum gas price of auth's default params (10^9 aopen per gas);
# Hermes pays at least that (its health check compares it with the node's Config answer)
DENOM=aopen
GAS_PRICE="${IBC_PAIR_GAS_PRICE:-1000000000}"
KEY_NAME=relayer
SHOW_TAIL_LINES=40
export OPENLEDGER_WEB="${OPENLEDGER_WEB:-0}"

HERMES_DIR="$PAIR_HOME/hermes"
HERMES_CONFIG="$HERMES_DIR/config.toml"
HERMES_LOG="$PAIR_HOME/hermes.log"
HERMES_PID="$PAIR_HOME/hermes.pid"
CHANNEL_FILE="$PAIR_HOME/channel.json"
ACCOUNTS_JSON="$PAIR_HOME/accounts.json"

# shellcheck source=testnet/lib/node.sh
source "$REPO_ROOT/testnet/lib/node.sh"

log() { printf 'ibc-pair: %s\n' "$*" >&2; }
die() { printf 'ibc-pair: error: %s\n' "$*" >&2; exit 1; }

usage() {
  sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  echo "See the header of testnet/ibc-pair.sh or docs/ibc.md for environment variables."
}

# ---------------------------------------------------------------------------------------------
# the two chains: devnet.sh with a home, a chain id and a port block each

side_index() { case "$1" in a) echo 0 ;; b) echo 1 ;; *) die "no chain '$1' (a or b)" ;; esac; }
chain_id() { if [[ "$1" == a ]]; then echo "$CHAIN_A"; else echo "$CHAIN_B"; fi; }
port() { # side offset (0 p2p, 1 RPC, 2 ABCI, 3 gRPC, 4 REST, 5 metrics, 6 CometBFT metrics)
  echo $((PORT_BASE + 10 * $(side_index "$1") + $2))
}
rpc_url() { echo "http://127.0.0.1:$(port "$1" 1)"; }

devnet() { # side devnet.sh-args...
  local side=$1
  shift
  OPENLEDGER_DEVNET_HOME="$PAIR_HOME/$side" OPENLEDGER_CHAIN_ID="$(chain_id "$side")" \
    OPENLEDGER_DEVNET_ACCOUNTS="$ACCOUNTS_JSON" \
    OPENLEDGER_P2P_PORT="$(port "$side" 0)" OPENLEDGER_RPC_PORT="$(port "$side" 1)" \
    OPENLEDGER_ABCI_PORT="$(port "$side" 2)" OPENLEDGER_GRPC_PORT="$(port "$side" 3)" \
    OPENLEDGER_REST_PORT="$(port "$side" 4)" OPENLEDGER_METRICS_PORT="$(port "$side" 5)" \
    OPENLEDGER_COMETBFT_METRICS_PORT="$(port "$side" 6)" \
    OPENLEDGER_START_TIMEOUT="$START_TIMEOUT" \
    "$REPO_ROOT/testnet/devnet.sh" "$@"
}

# the devnet accounts plus the relayer's: every chain of the pair funds all of them in genesis
write_accounts() {
  python3 - "$DEVNET_ACCOUNTS" "$RELAYER_ACCOUNTS" "$ACCOUNTS_JSON" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
names = {a["name"] for a in doc["accounts"]}
for a in json.load(open(sys.argv[2]))["accounts"]:
    if a["name"] not in names:
        doc["accounts"].append(a)
doc["chain_id"] = "openledger-a-1, openledger-b-1 (testnet/ibc-pair.sh)"
json.dump(doc, open(sys.argv[3], "w"), indent=2)
PY
}

relayer_field() { # FIELD (address|mnemonic)
  python3 -c '
import json, sys
a = [a for a in json.load(open(sys.argv[1]))["accounts"] if a["name"] == "relayer"]
if not a:
    sys.exit(sys.argv[1] + " has no account named relayer")
print(a[0][sys.argv[2]])' "$RELAYER_ACCOUNTS" "$1"
}

chains_start() {
  mkdir -p "$PAIR_HOME"
  write_accounts
  # both at once: each waits for its first block (built binaries are shared, so build first)
  local side pids=() rc=0
  devnet a start >"$PAIR_HOME/a-start.out" 2>&1 &
  pids+=($!)
  devnet b start >"$PAIR_HOME/b-start.out" 2>&1 &
  pids+=($!)
  for side in a b; do
    if ! wait "${pids[$(side_index "$side")]}"; then
      rc=1
      log "chain $side ($(chain_id "$side")) did not start:"
      tail -n 30 "$PAIR_HOME/$side-start.out" >&2
    fi
  done
  ((rc == 0)) || die "the chains did not start (see $PAIR_HOME/{a,b}-start.out)"
  log "chain a: $CHAIN_A at $(rpc_url a), gRPC 127.0.0.1:$(port a 3)"
  log "chain b: $CHAIN_B at $(rpc_url b), gRPC 127.0.0.1:$(port b 3)"
  ensure_hermes
  write_hermes_config
  import_keys
}

chains_stop() {
  local side
  for side in a b; do
    [[ -d "$PAIR_HOME/$side" ]] && devnet "$side" stop
  done
  return 0
}

# ---------------------------------------------------------------------------------------------
# Hermes

ensure_hermes() {
  if [[ -n "${HERMES_BIN:-}" ]]; then
    [[ -x "$HERMES" ]] || die "HERMES_BIN=$HERMES is not executable"
    return 0
  fi
  "$REPO_ROOT/testnet/install-hermes.sh" || die "installing Hermes failed (testnet/install-hermes.sh)"
}

hermes() { "$HERMES" --config "$HERMES_CONFIG" "$@"; }

# One [[chains]] entry. Every field is explained in docs/ibc.md ("The Hermes config").
chain_config() { # side
  local side=$1 id rpc grpc source
  id="$(chain_id "$side")"
  rpc="$(port "$side" 1)"
  grpc="$(port "$side" 3)"
  case "$EVENT_SOURCE" in
    push) source="{ mode = 'push', url = 'ws://127.0.0.1:$rpc/websocket', batch_delay = '200ms' }" ;;
    pull) source="{ mode = 'pull', interval = '1s' }" ;;
    *) die "IBC_PAIR_EVENT_SOURCE must be push or pull, got '$EVENT_SOURCE'" ;;
  esac
  cat <<EOF

[[chains]]
id = '$id'
type = 'CosmosSdk'
ccv_consumer_chain = false
rpc_addr = 'http://127.0.0.1:$rpc'
grpc_addr = 'http://127.0.0.1:$grpc'
event_source = $source
rpc_timeout = '10s'
trusted_node = false
account_prefix = 'open'
key_name = '$KEY_NAME'
key_store_type = 'Test'
key_store_folder = '$HERMES_DIR/keys'
store_prefix = 'ibc'
default_gas = 400000
max_gas = 4000000
gas_price = { price = $GAS_PRICE, denom = '$DENOM' }
gas_multiplier = 1.2
max_msg_num = 30
max_tx_size = 2097152
clock_drift = '5s'
max_block_time = '30s'
trusting_period = '$TRUSTING_PERIOD'
trust_threshold = '2/3'
compat_mode = '0.38'
address_type = { derivation = 'cosmos' }
proof_specs = '''
$PROOF_SPECS
'''
EOF
}

# ICS-23 specs of our two-level store (the ibc substore's JMT, then the root JMT holding the
# substore roots): the JMT spec twice. The client the counterparty creates for us checks our
# proofs against these.
JMT_SPEC='{"leaf_spec":{"hash":1,"prehash_key":1,"prehash_value":1,"length":0,"prefix":"Sk1UOjpMZWFmTm9kZQ=="},
  "inner_spec":{"child_order":[0,1],"child_size":32,"min_prefix_length":16,"max_prefix_length":16,
                "empty_child":"U1BBUlNFX01FUktMRV9QTEFDRUhPTERFUl9IQVNIX18=","hash":1},
  "min_depth":0,"max_depth":64,"prehash_key_before_comparison":true}'
PROOF_SPECS="[
 $JMT_SPEC,
 $JMT_SPEC
]"

write_hermes_config() {
  mkdir -p "$HERMES_DIR/keys"
  {
    cat <<'EOF'
# Hermes config of the local OpenLedger chain pair, written by testnet/ibc-pair.sh (rewritten on
# every start). Fields: docs/ibc.md, "The Hermes config".
[global]
log_level = 'info'

[mode.clients]
enabled = true
refresh = true
misbehaviour = false

[mode.connections]
enabled = false

[mode.channels]
enabled = false

[mode.packets]
enabled = true
clear_interval = 100
clear_on_start = true
tx_confirmation = false

[rest]
enabled = false
host = '127.0.0.1'
port = 3000

[telemetry]
enabled = false
host = '127.0.0.1'
port = 3001
EOF
    chain_config a
    chain_config b
  } >"$HERMES_CONFIG.tmp"
  mv -f "$HERMES_CONFIG.tmp" "$HERMES_CONFIG"
  hermes config validate >"$PAIR_HOME/hermes-validate.out" 2>&1 ||
    { cat "$PAIR_HOME/hermes-validate.out" >&2; die "hermes config validate refused $HERMES_CONFIG"; }
}

import_keys() {
  local side id mnemonic_file="$HERMES_DIR/relayer.mnemonic"
  relayer_field mnemonic >"$mnemonic_file"
  for side in a b; do
    id="$(chain_id "$side")"
    hermes keys add --chain "$id" --key-name "$KEY_NAME" --mnemonic-file "$mnemonic_file" --overwrite \
      >"$PAIR_HOME/keys-$side.out" 2>&1 || { cat "$PAIR_HOME/keys-$side.out" >&2; die "hermes keys add on $id failed"; }
    grep -q "$(relayer_field address)" "$PAIR_HOME/keys-$side.out" ||
      { cat "$PAIR_HOME/keys-$side.out" >&2; die "hermes derived another address than $(relayer_field address) on $id"; }
  done
  rm -f "$mnemonic_file"
  log "relayer key $KEY_NAME = $(relayer_field address) imported for $CHAIN_A and $CHAIN_B"
}

# ---------------------------------------------------------------------------------------------
# clients, connection, channel

cmd_channel() {
  if [[ -f "$CHANNEL_FILE" ]]; then
    cat "$CHANNEL_FILE"
    return 0
  fi
  [[ -f "$HERMES_CONFIG" ]] || die "no Hermes config yet: run '$0 chains-start' first"
  log "creating clients, a connection and a transfer channel between $CHAIN_A and $CHAIN_B"
  local out="$PAIR_HOME/create-channel.out" t0=$SECONDS
  hermes --json create channel --a-chain "$CHAIN_A" --b-chain "$CHAIN_B" \
    --a-port transfer --b-port transfer --new-client-connection --yes >"$out" 2>&1 ||
    { tail -n 3 "$out" | cut -c1-1500 >&2; die "hermes create channel failed (see $out)"; }
  # the last JSON line is the result: the channel end on each side
  python3 - "$out" "$CHANNEL_FILE" "$CHAIN_A" "$CHAIN_B" <<'PY' || { tail -n 40 "$out" >&2; die "cannot read the channel from $out"; }
import json, sys
result = None
for line in open(sys.argv[1]):
    line = line.strip()
    if line.startswith("{"):
        try:
            doc = json.loads(line)
        except ValueError:
            continue
        if doc.get("status") == "success" and isinstance(doc.get("result"), dict):
            result = doc["result"]
if result is None:
    sys.exit("no successful result line")
a, b = result["a_side"], result["b_side"]
rec = {
    "a": {"chain": sys.argv[3], "client": a["client_id"], "connection": a["connection_id"],
          "port": a["port_id"], "channel": a["channel_id"]},
    "b": {"chain": sys.argv[4], "client": b["client_id"], "connection": b["connection_id"],
          "port": b["port_id"], "channel": b["channel_id"]},
}
json.dump(rec, open(sys.argv[2], "w"), indent=2)
print(json.dumps(rec, indent=2))
PY
  log "channel open ($((SECONDS - t0))s)"
}

# ---------------------------------------------------------------------------------------------
# the relayer process

hermes_pid() { live_pid "$HERMES_PID" "$HERMES_CONFIG"; }

relayer_start() {
  local pid
  pid="$(hermes_pid)"
  if [[ -n "$pid" ]]; then
    log "relayer already running (pid $pid)"
    return 0
  fi
  [[ -f "$HERMES_CONFIG" ]] || die "no Hermes config yet: run '$0 chains-start' first"
  log "starting hermes start, log $HERMES_LOG"
  # `launch` needs the config path followed by a space on the command line (live_pid's check)
  launch "$HERMES_PID" "$HERMES_LOG" "$HERMES" --config "$HERMES_CONFIG" start
  # up when its supervisor has spawned the workers (or at least survived a few seconds)
  local deadline=$((SECONDS + START_TIMEOUT)) from
  from="$(wc -l <"$HERMES_LOG")"
  while :; do
    [[ -n "$(hermes_pid)" ]] || { show_tail "$HERMES_LOG"; die "hermes exited during startup (see $HERMES_LOG)"; }
    if tail -n "+$((from + 1))" "$HERMES_LOG" | grep -q "Hermes has started"; then
      break
    fi
    ((SECONDS < deadline)) || { show_tail "$HERMES_LOG"; die "hermes did not report it started within ${START_TIMEOUT}s"; }
    sleep 0.5
  done
  log "relayer running (pid $(hermes_pid))"
}

relayer_stop() {
  stop_all hermes "$HERMES_PID" "$HERMES_CONFIG"
}

# ---------------------------------------------------------------------------------------------
# commands

cmd_start() {
  chains_start
  cmd_channel >/dev/null
  relayer_start
  cmd_status || true
}

cmd_stop() {
  relayer_stop
  chains_stop
}

cmd_status() {
  local side rc=0 pid
  echo "home     $PAIR_HOME"
  for side in a b; do
    echo "chain $side  $(chain_id "$side")  RPC $(rpc_url "$side")  gRPC 127.0.0.1:$(port "$side" 3)  REST http://127.0.0.1:$(port "$side" 4)"
    if [[ -d "$PAIR_HOME/$side" ]]; then
      devnet "$side" status 2>&1 | sed 's/^/           /' || rc=3
    else
      echo "           not created"
      rc=3
    fi
  done
  pid="$(hermes_pid)"
  echo "relayer  $(if [[ -n "$pid" ]]; then echo "running (pid $pid)"; else echo stopped; fi)  config $HERMES_CONFIG  log $HERMES_LOG"
  [[ -n "$pid" ]] || rc=3
  if [[ -f "$CHANNEL_FILE" ]]; then
    python3 -c '
import json, sys
c = json.load(open(sys.argv[1]))
for s in ("a", "b"):
    e = c[s]
    print("channel  %s: %s/%s on %s (%s)" % (e["chain"], e["port"], e["channel"], e["connection"], e["client"]))' "$CHANNEL_FILE"
  else
    echo "channel  none yet ($0 channel)"
  fi
  return "$rc"
}

cmd_env() {
  cat <<EOF
IBC_PAIR_HOME='$PAIR_HOME'
CHAIN_A='$CHAIN_A'
CHAIN_B='$CHAIN_B'
RPC_A='$(rpc_url a)'
RPC_B='$(rpc_url b)'
GRPC_A='127.0.0.1:$(port a 3)'
GRPC_B='127.0.0.1:$(port b 3)'
REST_A='http://127.0.0.1:$(port a 4)'
REST_B='http://127.0.0.1:$(port b 4)'
HERMES_CONFIG='$HERMES_CONFIG'
HERMES_LOG='$HERMES_LOG'
RELAYER_ADDRESS='$(relayer_field address)'
EOF
}

cmd_logs() {
  case "${1:-hermes}" in
    a|b) devnet "$1" logs "${@:2}" ;;
    hermes) print_logs 100 "$HERMES_LOG" ;;
    *) die "logs: a, b or hermes" ;;
  esac
}

cmd_reset() {
  cmd_stop
  [[ -e "$PAIR_HOME" ]] || { log "nothing to reset at $PAIR_HOME"; return 0; }
  [[ -f "$ACCOUNTS_JSON" || -d "$PAIR_HOME/a" ]] ||
    die "$PAIR_HOME does not look like a pair home (no accounts.json, no a/); not deleting it"
  rm -rf -- "$PAIR_HOME"
  log "deleted $PAIR_HOME"
}

main() {
  local cmd="${1:-}"
  [[ $# -gt 0 ]] && shift
  case "$cmd" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    chains-start) chains_start ;;
    chains-stop) relayer_stop; chains_stop ;;
    channel) cmd_channel ;;
    relayer-start) relayer_start ;;
    relayer-stop) relayer_stop ;;
    hermes) hermes "$@" ;;
    env) cmd_env ;;
    logs) cmd_logs "$@" ;;
    reset) cmd_reset ;;
    -h|--help|help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
