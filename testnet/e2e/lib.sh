# Shared helpers for the end-to-end tests in testnet/e2e/. Source it, do not run it.
#
# Before sourcing, a test may set E2E_PORT_BASE (first port to try, default 27000).
# Each test gets its own work dir (devnet home, CLI keyring, logs) and its own ports, so it can
# run beside a devnet on the default ports. On exit the devnet is stopped and its logs are copied
# to $OPENLEDGER_E2E_ARTIFACTS/<test>/ (default <repo>/target/e2e-logs/<test>/).
#
# Env:
#   OPENLEDGER_PROFILE       debug (default here) or release: which binaries to use
#   OPENLEDGER_E2E_WORKDIR   work dir to use (default: a new temp dir, deleted afterwards)
#   OPENLEDGER_E2E_KEEP=1    keep the temp work dir
#   OPENLEDGER_E2E_ARTIFACTS where to copy the logs
# shellcheck shell=bash

set -euo pipefail

E2E_NAME="$(basename "$0" .sh)"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export OPENLEDGER_PROFILE="${OPENLEDGER_PROFILE:-debug}"
DEVNET="$REPO_ROOT/testnet/devnet.sh"
ACCOUNTS_FILE="${OPENLEDGER_DEVNET_ACCOUNTS:-$REPO_ROOT/testnet/devnet-accounts.json}"
CLI="${OPENLEDGER_BIN:-${CARGO_TARGET_DIR:-$REPO_ROOT/target}/$OPENLEDGER_PROFILE/openledger}"
DENOM=aopen
# fee for the CLI's default gas limit (200000) at the default minimum gas price (10^9 aopen/gas)
# shellcheck disable=SC2034  # used by the tests that source this file
FEE_AOPEN=200000000000000

E2E_OWN_WORK=0
if [[ -n "${OPENLEDGER_E2E_WORKDIR:-}" ]]; then
  WORK="$OPENLEDGER_E2E_WORKDIR"
  mkdir -p "$WORK"
else
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/openledger-e2e-$E2E_NAME.XXXXXX")"
  E2E_OWN_WORK=1
fi
ARTIFACTS="${OPENLEDGER_E2E_ARTIFACTS:-$REPO_ROOT/target/e2e-logs}/$E2E_NAME"
export OPENLEDGER_DEVNET_HOME="$WORK/devnet"
KEYRING="$WORK/keyring"
export OPENLEDGER_KEYRING_PASSPHRASE="e2e-test-passphrase"
export OPENLEDGER_KEYRING_SCRYPT_LOG_N=4

log() { printf '[%s %s] %s\n' "$E2E_NAME" "$(date +%H:%M:%S)" "$*" >&2; }
step() { printf '\n[%s %s] --- %s\n' "$E2E_NAME" "$(date +%H:%M:%S)" "$*" >&2; }
fail() {
  printf '[%s] FAIL: %s\n' "$E2E_NAME" "$*" >&2
  exit 1
}

# --- ports -----------------------------------------------------------------------------------

port_free() { # true when the port can be bound on 127.0.0.1
  python3 - "$1" <<'PY'
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
finally:
    s.close()
PY
}

pick_ports() { # sets and exports OPENLEDGER_{P2P,RPC,ABCI,GRPC,REST,METRICS,COMETBFT_METRICS}_PORT: base+0..6 of the first free block
  local base="${E2E_PORT_BASE:-27000}" b i ok
  for ((b = base; b < base + 2000; b += 10)); do
    ok=1
    for i in 0 1 2 3 4 5 6; do
      if ! port_free $((b + i)); then ok=0; break; fi
    done
    if ((ok)); then
      export OPENLEDGER_P2P_PORT=$((b)) OPENLEDGER_RPC_PORT=$((b + 1))
      export OPENLEDGER_ABCI_PORT=$((b + 2)) OPENLEDGER_GRPC_PORT=$((b + 3))
      export OPENLEDGER_REST_PORT=$((b + 4))
      export OPENLEDGER_METRICS_PORT=$((b + 5)) OPENLEDGER_COMETBFT_METRICS_PORT=$((b + 6))
      RPC="http://127.0.0.1:$OPENLEDGER_RPC_PORT"
      REST="http://127.0.0.1:$OPENLEDGER_REST_PORT"
      export OPENLEDGER_NODE="$RPC"
      return 0
    fi
  done
  fail "no free block of 7 ports in $base..$((base + 2000))"
}

# --- devnet lifecycle ---------------------------------------------------------------------------

E2E_STATUS=1
e2e_teardown() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  if [[ -n "${E2E_BG_PIDS:-}" ]]; then
    # shellcheck disable=SC2086
    kill $E2E_BG_PIDS 2>/dev/null
  fi
  "$DEVNET" stop >/dev/null 2>&1
  if [[ -d "$OPENLEDGER_DEVNET_HOME/logs" ]]; then
    mkdir -p "$ARTIFACTS"
    cp -f "$OPENLEDGER_DEVNET_HOME"/logs/*.log "$ARTIFACTS"/ 2>/dev/null
  fi
  if compgen -G "$WORK/*.log" >/dev/null; then
    mkdir -p "$ARTIFACTS"
    cp -f "$WORK"/*.log "$ARTIFACTS"/ 2>/dev/null
  fi
  if ((rc != 0)) || ((E2E_STATUS != 0)); then
    for f in "$OPENLEDGER_DEVNET_HOME/logs/openledgerd.log" "$OPENLEDGER_DEVNET_HOME/logs/cometbft.log"; do
      [[ -f "$f" ]] || continue
      echo "----- last 30 lines of $f" >&2
      tail -n 30 "$f" >&2
    done
    echo "----- logs copied to $ARTIFACTS" >&2
    echo "[$E2E_NAME] FAILED" >&2
    ((rc != 0)) || rc=1
  else
    echo "[$E2E_NAME] PASSED" >&2
  fi
  if ((E2E_OWN_WORK)); then
    if [[ "${OPENLEDGER_E2E_KEEP:-0}" == 1 ]]; then
      echo "[$E2E_NAME] work dir kept: $WORK" >&2
    else
      rm -rf -- "$WORK"
    fi
  fi
  exit "$rc"
}
trap e2e_teardown EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

e2e_pass() { E2E_STATUS=0; }

start_devnet() {
  pick_ports
  step "starting a devnet in $OPENLEDGER_DEVNET_HOME (RPC $RPC, ABCI $OPENLEDGER_ABCI_PORT, gRPC $OPENLEDGER_GRPC_PORT, p2p $OPENLEDGER_P2P_PORT)"
  "$DEVNET" start >"$WORK/devnet-start.out" 2>&1 || { cat "$WORK/devnet-start.out" >&2; fail "devnet start failed"; }
  [[ -x "$CLI" ]] || fail "CLI not found at $CLI"
}

rpc_height() {
  curl -sf --max-time 3 "$RPC/status" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["result"]["sync_info"]["latest_block_height"])'
}

wait_for_height() { # HEIGHT [TIMEOUT_S]
  local want=$1 timeout=${2:-60} h="" deadline=$((SECONDS + ${2:-60}))
  while ((SECONDS < deadline)); do
    h="$(rpc_height 2>/dev/null || true)"
    if [[ -n "$h" ]] && ((h >= want)); then return 0; fi
    sleep 0.25
  done
  fail "height $want not reached within ${timeout}s (last '${h:-none}')"
}

# --- accounts and CLI ---------------------------------------------------------------------------

account_field() { # NAME FIELD  (FIELD: address|mnemonic)
  python3 - "$ACCOUNTS_FILE" "$1" "$2" <<'PY'
import json, sys
for a in json.load(open(sys.argv[1]))["accounts"]:
    if a["name"] == sys.argv[2]:
        print(a[sys.argv[3]])
        break
else:
    sys.exit(f"no devnet account named {sys.argv[2]}")
PY
}

# the CLI with this test's node and keyring
ol() { "$CLI" --node "$RPC" --home "$KEYRING" "$@"; }

# run the CLI, keep stdout in $WORK/last.out and stderr in $WORK/last.err, return its exit code
ol_capture() {
  local rc=0
  ol "$@" >"$WORK/last.out" 2>"$WORK/last.err" || rc=$?
  {
    printf '$ openledger %s\n  exit %d\n' "$*" "$rc"
    sed 's/^/  out: /' "$WORK/last.out"
    sed 's/^/  err: /' "$WORK/last.err"
  } >>"$WORK/cli.log"
  return "$rc"
}

show_last() {
  echo "  stdout: $(head -c 2000 "$WORK/last.out")" >&2
  echo "  stderr: $(head -c 2000 "$WORK/last.err")" >&2
}

# JSON helpers (python3; no jq needed)
# json_find KEY[|KEY...] < JSON: first value (depth-first) under any of the keys; strings raw
json_find() {
  python3 -c '
import json, sys
keys = sys.argv[1].split("|")
def walk(v):
    if isinstance(v, dict):
        for k in keys:
            if k in v and v[k] is not None:
                return v[k]
        for x in v.values():
            r = walk(x)
            if r is not None:
                return r
    elif isinstance(v, list):
        for x in v:
            r = walk(x)
            if r is not None:
                return r
    return None
try:
    doc = json.load(sys.stdin)
except ValueError as e:
    sys.exit(f"not JSON: {e}")
r = walk(doc)
if r is None:
    sys.exit("none of the keys " + sys.argv[1] + " found")
print(r if isinstance(r, str) else json.dumps(r))
' "$1"
}

# json_coin_amount DENOM < JSON: amount of DENOM in a balance answer ({denom, amount} anywhere,
# or a bare {"amount": ...}); 0 when the answer lists no coin of that denom
json_coin_amount() {
  python3 -c '
import json, sys
denom = sys.argv[1]
doc = json.load(sys.stdin)
found = []
def walk(v):
    if isinstance(v, dict):
        if v.get("denom") == denom and "amount" in v:
            found.append(str(v["amount"]))
        for x in v.values():
            walk(x)
    elif isinstance(v, list):
        for x in v:
            walk(x)
walk(doc)
if found:
    print(found[0])
elif isinstance(doc, dict) and "amount" in doc and not isinstance(doc["amount"], (dict, list)):
    print(str(doc["amount"]))
else:
    print("0")
' "$1"
}

# balance ADDRESS -> aopen amount (integer string) via the CLI
balance() {
  ol_capture query bank balance "$1" --denom "$DENOM" --output json || { show_last; fail "query bank balance $1 failed"; }
  json_coin_amount "$DENOM" <"$WORK/last.out" || { show_last; fail "cannot read the balance of $1"; }
}

# import_key NAME: import a devnet account into the test keyring and check the derived address
import_key() {
  local name=$1 mnemonic address got
  mnemonic="$(account_field "$name" mnemonic)"
  address="$(account_field "$name" address)"
  printf '%s\n' "$mnemonic" >"$WORK/mnemonic.tmp"
  local rc=0
  ol keys add "$name" --recover --output json <"$WORK/mnemonic.tmp" >"$WORK/last.out" 2>"$WORK/last.err" || rc=$?
  rm -f "$WORK/mnemonic.tmp"
  ((rc == 0)) || { show_last; fail "keys add $name --recover failed (exit $rc)"; }
  got="$(json_find address <"$WORK/last.out")" || { show_last; fail "no address in keys add output"; }
  [[ "$got" == "$address" ]] || fail "keys add $name --recover derived $got, devnet-accounts.json says $address"
  log "imported $name = $address"
}

# new_key NAME -> prints the address of a freshly generated key
new_key() {
  ol_capture keys add "$1" --output json </dev/null || { show_last; fail "keys add $1 failed"; }
  json_find address <"$WORK/last.out" || { show_last; fail "no address in keys add $1 output"; }
}

# --- cosmjs -----------------------------------------------------------------------------------

COSMJS_DIR="$REPO_ROOT/testnet/cosmjs"

# ensure_cosmjs: node, and the cosmjs package of testnet/cosmjs (npm ci when not installed yet)
ensure_cosmjs() {
  command -v node >/dev/null || fail "node is required"
  if [[ ! -d "$COSMJS_DIR/node_modules/@cosmjs/stargate" ]]; then
    step "installing the cosmjs package (npm ci)"
    (cd "$COSMJS_DIR" && npm ci --no-audit --no-fund) >&2 || fail "npm ci in testnet/cosmjs failed"
  fi
}

# run_cosmjs_script SCRIPT FROM NAME: run testnet/cosmjs/SCRIPT against the devnet as the devnet
# account FROM. Its JSON summary is kept in $WORK/NAME-summary.json (and the artifacts), its stderr
# in $WORK/NAME.err; fails unless it exits 0 with a summary saying ok.
run_cosmjs_script() {
  local script=$1 from=$2 summary="$WORK/$3-summary.json" err="$WORK/$3.err" rc=0
  step "node $script --rpc $RPC --from $from"
  node "$COSMJS_DIR/$script" --rpc "$RPC" --from "$from" --accounts "$ACCOUNTS_FILE" \
    >"$summary" 2>"$err" || rc=$?
  cat "$err" >&2
  mkdir -p "$ARTIFACTS"
  cp -f "$summary" "$ARTIFACTS/" 2>/dev/null || true
  # the summary without the list of checks (the full JSON is in the artifacts)
  python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
checks = s.pop("checks", [])
print(json.dumps(s, indent=2))
for c in checks:
    if not c["ok"]:
        print("FAILED CHECK:", json.dumps(c))
' "$summary" || cat "$summary"
  ((rc == 0)) || fail "$script exited with $rc"
  expect_eq "summary ok" true "$(json_find ok <"$summary")"
}

# --- arithmetic and assertions ----------------------------------------------------------------

# bigint arithmetic in python: calc 'EXPR'
calc() { python3 -c "print($1)"; }

expect_eq() { # WHAT EXPECTED ACTUAL
  if [[ "$2" != "$3" ]]; then
    fail "$1: expected $2, got $3"
  fi
  log "ok: $1 = $3"
}
