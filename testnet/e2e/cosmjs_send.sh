#!/usr/bin/env bash
# End-to-end: an unmodified cosmjs SigningStargateClient against a fresh devnet
# (testnet/cosmjs/send.mjs: account and balance queries, Simulate, MsgSend with fee "auto"
# and with an explicit fee, exact balance accounting, a refused overspend).
E2E_PORT_BASE="${E2E_PORT_BASE:-27100}"
# shellcheck source=testnet/e2e/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

COSMJS_DIR="$REPO_ROOT/testnet/cosmjs"
command -v node >/dev/null || fail "node is required"
if [[ ! -d "$COSMJS_DIR/node_modules/@cosmjs/stargate" ]]; then
  step "installing the cosmjs package (npm ci)"
  (cd "$COSMJS_DIR" && npm ci --no-audit --no-fund) >&2 || fail "npm ci in testnet/cosmjs failed"
fi

start_devnet

step "node send.mjs --rpc $RPC --from bob"
rc=0
node "$COSMJS_DIR/send.mjs" --rpc "$RPC" --from bob --accounts "$ACCOUNTS_FILE" \
  >"$WORK/cosmjs-summary.json" 2>"$WORK/cosmjs.err" || rc=$?
cat "$WORK/cosmjs.err" >&2
mkdir -p "$ARTIFACTS"
cp -f "$WORK/cosmjs-summary.json" "$ARTIFACTS/" 2>/dev/null || true
# the summary without the list of checks (the full JSON is in the artifacts)
python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
checks = s.pop("checks", [])
print(json.dumps(s, indent=2))
for c in checks:
    if not c["ok"]:
        print("FAILED CHECK:", json.dumps(c))
' "$WORK/cosmjs-summary.json" || cat "$WORK/cosmjs-summary.json"
((rc == 0)) || fail "send.mjs exited with $rc"
expect_eq "summary ok" true "$(json_find ok <"$WORK/cosmjs-summary.json")"

e2e_pass
