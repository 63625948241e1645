# Helpers for end-to-end tests on a multi-node localnet (testnet/localnet.sh). Source it after
# lib.sh, do not run it (run-tests.sh skips *lib.sh).
#
# The localnet lives in $WORK/localnet; its ports are the first free block from
# E2E_LOCALNET_PORT_BASE (default 27400) with room for N nodes (node I: base+10*I+0..3).
# On exit every node is stopped and the logs of all nodes are copied to
# $OPENLEDGER_E2E_ARTIFACTS/<test>/ as node<I>-openledgerd.log, node<I>-cometbft.log.
# shellcheck shell=bash

LOCALNET="$REPO_ROOT/testnet/localnet.sh"
LOCALNET_ACCOUNTS="$REPO_ROOT/testnet/localnet-accounts.json"
export OPENLEDGER_LOCALNET_HOME="$WORK/localnet"

# --- teardown: stop the localnet and keep its logs, then lib.sh's teardown ---------------------

localnet_teardown() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  "$LOCALNET" stop >"$WORK/localnet-stop.log" 2>&1
  local d i name
  if [[ -d "$OPENLEDGER_LOCALNET_HOME" ]]; then
    mkdir -p "$ARTIFACTS"
    for d in "$OPENLEDGER_LOCALNET_HOME"/node*; do
      [[ -d "$d/logs" ]] || continue
      i="$(basename "$d")"
      for name in openledgerd cometbft; do
        [[ -f "$d/logs/$name.log" ]] && cp -f "$d/logs/$name.log" "$ARTIFACTS/$i-$name.log"
      done
    done
    [[ -f "$OPENLEDGER_LOCALNET_HOME/logs/init.log" ]] && cp -f "$OPENLEDGER_LOCALNET_HOME/logs/init.log" "$ARTIFACTS/localnet-init.log"
    if ((rc != 0)) || ((E2E_STATUS != 0)); then
      for d in "$OPENLEDGER_LOCALNET_HOME"/node*/logs/*.log; do
        [[ -f "$d" ]] || continue
        echo "----- last 12 lines of $d" >&2
        tail -n 12 "$d" >&2
      done
    fi
  fi
  (exit "$rc")
  e2e_teardown
}
trap localnet_teardown EXIT

# --- ports and node endpoints ---------------------------------------------------------------------

# pick_localnet_ports N: exports OPENLEDGER_LOCALNET_PORT_BASE with base+10*I+0..3 free for I < N
pick_localnet_ports() {
  local n=$1 base="${E2E_LOCALNET_PORT_BASE:-27400}" b i k ok
  for ((b = base; b < base + 3000; b += 50)); do
    ok=1
    for ((i = 0; i < n && ok; i++)); do
      for k in 0 1 2 3; do
        if ! port_free $((b + 10 * i + k)); then ok=0; break; fi
      done
    done
    if ((ok)); then
      export OPENLEDGER_LOCALNET_PORT_BASE=$b
      return 0
    fi
  done
  fail "no free block of ports for $n nodes in $base..$((base + 3000))"
}

node_rpc() { echo "http://127.0.0.1:$((OPENLEDGER_LOCALNET_PORT_BASE + 10 * $1 + 1))"; }
node_home() { echo "$OPENLEDGER_LOCALNET_HOME/node$1"; }

# rpc_get I PATH: CometBFT RPC answer of node I (fails when it does not answer)
rpc_get() { curl -sf --max-time 3 "$(node_rpc "$1")$2"; }

node_height() { # I -> latest height, empty when the RPC does not answer
  rpc_get "$1" /status 2>/dev/null |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["result"]["sync_info"]["latest_block_height"])' 2>/dev/null || true
}

node_voting_power() { # I -> validator_info.voting_power from the node's own /status
  rpc_get "$1" /status | python3 -c 'import json,sys; print(json.load(sys.stdin)["result"]["validator_info"]["voting_power"])'
}

wait_node_height() { # I HEIGHT TIMEOUT
  local h="" deadline=$((SECONDS + $3))
  while ((SECONDS < deadline)); do
    h="$(node_height "$1")"
    if [[ -n "$h" ]] && ((h >= $2)); then return 0; fi
    sleep 0.5
  done
  fail "node$1 did not reach height $2 within $3s (last '${h:-no answer}')"
}

# consensus address (hex, as in /validators and commit signatures) of node I's priv_validator_key
cons_hex() {
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["address"])' \
    "$(node_home "$1")/config/priv_validator_key.json"
}

# validator addresses (hex) in node I's current /validators: sorted, comma-separated
validator_set() {
  rpc_get "$1" "/validators?per_page=100" | python3 -c '
import json, sys
r = json.load(sys.stdin)["result"]
print(",".join(sorted(v["address"] for v in r["validators"])))'
}

# sorted, comma-separated list of its arguments (to compare with validator_set)
sorted_list() { printf '%s\n' "$@" | sort | paste -sd, -; }

# block_has_commit_sig I HEIGHT HEX: true when block HEIGHT's last_commit has a COMMIT (flag 2)
# signature of HEX
block_has_commit_sig() {
  rpc_get "$1" "/block?height=$2" | python3 -c '
import json, sys
b = json.load(sys.stdin)["result"]["block"]
want = sys.argv[1].upper()
for s in b["last_commit"]["signatures"]:
    if (s.get("validator_address") or "").upper() == want and int(s["block_id_flag"]) == 2:
        sys.exit(0)
sys.exit(1)' "$3"
}

# latest block time of node I as unix seconds (float)
block_time_unix() {
  rpc_get "$1" /status | python3 -c '
import json, sys, datetime, re
t = json.load(sys.stdin)["result"]["sync_info"]["latest_block_time"]
m = re.fullmatch(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)", t)
base = datetime.datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S").replace(tzinfo=datetime.timezone.utc)
off = 0 if m.group(3) == "Z" else (1 if m.group(3)[0] == "+" else -1) * (int(m.group(3)[1:3]) * 3600 + int(m.group(3)[4:6]) * 60)
print(base.timestamp() - off + float(m.group(2) or 0))'
}

# --- accounts -----------------------------------------------------------------------------------

operator_field() { # I FIELD (name|address|valoper|mnemonic) of the operator account of node I
  python3 - "$LOCALNET_ACCOUNTS" "node$1" "$2" <<'PY'
import json, sys
for a in json.load(open(sys.argv[1]))["accounts"]:
    if a["name"] == sys.argv[2]:
        print(a[sys.argv[3]])
        break
else:
    sys.exit(f"no localnet account named {sys.argv[2]}")
PY
}

# import the operator key of node I into the test keyring as "node<I>"
import_operator_key() {
  local saved="$ACCOUNTS_FILE"
  ACCOUNTS_FILE="$LOCALNET_ACCOUNTS"
  import_key "node$1"
  ACCOUNTS_FILE="$saved"
}

# bech32 HRP HEX -> bech32 string of the bytes (e.g. openvalcons of a consensus address)
bech32_of() {
  python3 - "$1" "$2" <<'PY'
import sys
CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
def polymod(values):
    gen = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
    chk = 1
    for v in values:
        b = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if (b >> i) & 1 else 0
    return chk
hrp, data = sys.argv[1], bytes.fromhex(sys.argv[2])
acc = bits = 0
five = []
for byte in data:
    acc = (acc << 8) | byte
    bits += 8
    while bits >= 5:
        bits -= 5
        five.append((acc >> bits) & 31)
if bits:
    five.append((acc << (5 - bits)) & 31)
exp = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
pm = polymod(exp + five + [0] * 6) ^ 1
print(hrp + "1" + "".join(CHARSET[d] for d in five + [(pm >> 5 * (5 - i)) & 31 for i in range(6)]))
PY
}

# --- CLI ----------------------------------------------------------------------------------------

# the help text of a CLI command, or fail naming the missing command
cli_help() {
  local out
  out="$(ol "$@" --help 2>&1)" || fail "the CLI has no '$*' command (or it failed): $(head -c 300 <<<"$out")"
  printf '%s\n' "$out"
}

# ol_tx KEY CMD... -- ARGS...: run a tx command signed by KEY with --gas auto, --yes and
# --output json, output in $WORK/last.out / last.err. KEY goes to --from when the command has
# that flag, else it is the first positional argument (as for `tx bank send`).
ol_tx() {
  local key=$1 cmd=() help
  shift
  while (($#)) && [[ "$1" != -- ]]; do cmd+=("$1"); shift; done
  [[ "${1:-}" == -- ]] && shift
  help="$(cli_help "${cmd[@]}")"
  local extra=(--output json)
  if grep -q -- '--gas <' <<<"$help"; then extra+=(--gas auto); fi
  if grep -q -- '--yes' <<<"$help"; then extra+=(--yes); fi
  local rc=0
  if grep -q -- '--from <' <<<"$help"; then
    ol_capture "${cmd[@]}" "$@" --from "$key" "${extra[@]}" || rc=$?
  else
    ol_capture "${cmd[@]}" "$key" "$@" "${extra[@]}" || rc=$?
  fi
  if ((rc != 0)); then
    show_last
    fail "'openledger ${cmd[*]} $*' signed by $key failed (exit $rc)"
  fi
  local code
  code="$(json_find code <"$WORK/last.out" 2>/dev/null || echo 0)"
  [[ "$code" == 0 ]] || { show_last; fail "'openledger ${cmd[*]}' returned code $code"; }
  log "ok: ${cmd[*]} by $key (tx $(json_find 'txhash|tx_hash|hash' <"$WORK/last.out" 2>/dev/null || echo '?'))"
}

# ol_query ARGS...: query with --output json into $WORK/last.out, fail on error
ol_query() {
  ol_capture "$@" --output json || { show_last; fail "'openledger $*' failed"; }
}

# retry CMD until it succeeds or TIMEOUT seconds pass: retry TIMEOUT WHAT CMD...
retry() {
  local timeout=$1 what=$2
  shift 2
  local deadline=$((SECONDS + timeout))
  until "$@"; do
    ((SECONDS < deadline)) || fail "$what: not reached within ${timeout}s"
    sleep 1
  done
}
