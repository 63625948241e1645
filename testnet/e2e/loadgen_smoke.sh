#!/usr/bin/env bash
# openledger-loadgen against a devnet: the load accounts are funded at genesis (a genesis hook),
# a few seconds of bank sends at a low rate must all be committed with no failure, then a few
# seconds of the flood mode: every invalid tx refused by CheckTx, none committed, and the valid
# sends beside them still all committed.
E2E_PORT_BASE="${E2E_PORT_BASE:-30700}"
# shellcheck source=testnet/e2e/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

LOADGEN="${OPENLEDGER_LOADGEN_BIN:-${CARGO_TARGET_DIR:-$REPO_ROOT/target}/$OPENLEDGER_PROFILE/openledger-loadgen}"
ACCOUNTS=20

if [[ ! -x "$LOADGEN" || "${OPENLEDGER_SKIP_BUILD:-0}" != 1 ]]; then
  step "building openledger-loadgen ($OPENLEDGER_PROFILE)"
  profile_flag=()
  [[ "$OPENLEDGER_PROFILE" == release ]] && profile_flag=(--release)
  (cd "$REPO_ROOT" && cargo build -q "${profile_flag[@]}" -p openledger-loadgen) || fail "cargo build -p openledger-loadgen failed"
fi

# fund the load accounts in the devnet's genesis
"$LOADGEN" accounts --accounts "$ACCOUNTS" >"$WORK/loadgen-accounts.txt" || fail "loadgen accounts failed"
cat >"$WORK/fund-loadgen.py" <<PY
for line in open("$WORK/loadgen-accounts.txt"):
    app_state["bank"]["balances"].append(
        {"address": line.strip(), "coins": [{"denom": "aopen", "amount": "1000000000000000000000000"}]})
app_state["bank"]["supply"] = []
PY
export OPENLEDGER_DEVNET_GENESIS_HOOK="$WORK/fund-loadgen.py"
export OPENLEDGER_WEB=0
start_devnet
wait_for_height 2 60

check() { # JSON-FILE PYTHON-EXPR WHAT
  python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if ($2) else 1)" "$1" || { cat "$1" >&2; fail "$3"; }
  log "ok: $3"
}

step "bank sends: 4 s at 40 tx/s over 4 connections"
"$LOADGEN" bank --rpc "$RPC" --accounts "$ACCOUNTS" --rate 40 --duration 4 --warmup 1 \
  --connections 4 --drain 20 --quiet --json >"$WORK/loadgen-bank.json" 2>"$WORK/loadgen-bank.log" ||
  { cat "$WORK/loadgen-bank.log" >&2; fail "loadgen bank failed"; }
python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
print('committed tx/s', d['committed']['tps'], 'accepted', d['sent']['accepted'], 'latency ms p50/p99',
      d['latency_ms']['p50'], d['latency_ms']['p99'], 'mempool max', d['mempool']['max_in_window'])" "$WORK/loadgen-bank.json" >&2
check "$WORK/loadgen-bank.json" "d['sent']['accepted'] >= 100" "at least 100 sends accepted"
check "$WORK/loadgen-bank.json" "d['committed']['ours_total'] == d['sent']['accepted']" "every accepted send committed"
check "$WORK/loadgen-bank.json" "(d['committed']['tps'] or 0) > 0" "committed tx/s > 0"
check "$WORK/loadgen-bank.json" "d['failed_valid'] == 0 and d['committed']['failed_in_block'] == 0" "no failed valid tx"
check "$WORK/loadgen-bank.json" "d['latency_ms']['samples'] > 0 and d['latency_ms']['p99'] is not None" "latency measured"

step "flood: 3 s of sends at 30 tx/s beside 30 invalid tx/s"
"$LOADGEN" flood --rpc "$RPC" --accounts "$ACCOUNTS" --rate 30 --flood-rate 30 --duration 3 --warmup 1 \
  --connections 4 --flood-connections 2 --drain 20 --quiet --json >"$WORK/loadgen-flood.json" 2>"$WORK/loadgen-flood.log" ||
  { cat "$WORK/loadgen-flood.log" >&2; fail "loadgen flood failed"; }
python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
print('flood', json.dumps(d['flood']))" "$WORK/loadgen-flood.json" >&2
check "$WORK/loadgen-flood.json" "d['flood']['sent'] >= 30 and d['flood']['refused'] == d['flood']['sent']" "every invalid tx refused"
check "$WORK/loadgen-flood.json" "d['flood']['accepted'] == 0 and d['flood']['committed'] == 0" "no invalid tx accepted or committed"
check "$WORK/loadgen-flood.json" "len({c['kind'] for c in d['flood']['codes']}) == 3" "all three kinds were sent"
check "$WORK/loadgen-flood.json" "d['failed_valid'] == 0 and d['committed']['ours_total'] == d['sent']['accepted'] > 0" "the valid sends beside the flood all committed"

e2e_pass
