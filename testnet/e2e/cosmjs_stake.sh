#!/usr/bin/env bash
# End-to-end: cosmjs staking and distribution against a fresh devnet (testnet/cosmjs/stake.mjs:
# staking queries, MsgDelegate, rewards from fees and MsgWithdrawDelegatorReward, MsgUndelegate
# with its unbonding entry, a refused delegation to an unknown validator).
E2E_PORT_BASE="${E2E_PORT_BASE:-27200}"
# shellcheck source=testnet/e2e/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

COSMJS_DIR="$REPO_ROOT/testnet/cosmjs"
command -v node >/dev/null || fail "node is required"
if [[ ! -d "$COSMJS_DIR/node_modules/@cosmjs/stargate" ]]; then
  step "installing the cosmjs package (npm ci)"
  (cd "$COSMJS_DIR" && npm ci --no-audit --no-fund) >&2 || fail "npm ci in testnet/cosmjs failed"
fi

start_devnet

step "node stake.mjs --rpc $RPC --from carol"
rc=0
node "$COSMJS_DIR/stake.mjs" --rpc "$RPC" --from carol --accounts "$ACCOUNTS_FILE" \
  >"$WORK/cosmjs-stake-summary.json" 2>"$WORK/cosmjs-stake.err" || rc=$?
cat "$WORK/cosmjs-stake.err" >&2
mkdir -p "$ARTIFACTS"
cp -f "$WORK/cosmjs-stake-summary.json" "$ARTIFACTS/" 2>/dev/null || true
# the summary without the list of checks (the full JSON is in the artifacts)
python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
checks = s.pop("checks", [])
print(json.dumps(s, indent=2))
for c in checks:
    if not c["ok"]:
        print("FAILED CHECK:", json.dumps(c))
' "$WORK/cosmjs-stake-summary.json" || cat "$WORK/cosmjs-stake-summary.json"
((rc == 0)) || fail "stake.mjs exited with $rc"
expect_eq "summary ok" true "$(json_find ok <"$WORK/cosmjs-stake-summary.json")"

e2e_pass
