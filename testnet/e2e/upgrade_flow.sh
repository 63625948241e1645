#!/usr/bin/env bash
# End-to-end: a software upgrade passed by governance, as cosmovisor runs it, on a single-node
# devnet whose gov voting period is 8 s.
#   1. alice sends carol 7 OPEN (state to find again after the upgrade); bob locks gOPEN
#   2. alice proposes MsgSoftwareUpgrade "demo-upgrade" at a height a few blocks past the end of
#      the voting period; bob votes yes; it passes; `query upgrade current-plan` shows it
#   3. the plain binary (no handler for the plan) stops at the plan height: the height stays at
#      H-1, data/upgrade-info.json holds {"name","height","info"}, the log says
#      UPGRADE "demo-upgrade" NEEDED at height H: <info>
#   4. restarted with the same binary, the node halts again at H (it does not skip the upgrade)
#   5. restarted with openledgerd-testhooks (built with the demo-upgrade handler): the chain
#      goes past H, `applied-plan demo-upgrade` is H, no plan is left, the upgrade module is at
#      version 2 in module-versions (the demo migration), balances and the proposal are intact
# Needs target/<profile>/openledgerd-testhooks (testnet/build-testhooks.sh; run-tests builds it).
E2E_PORT_BASE="${E2E_PORT_BASE:-30200}"
# shellcheck source=testnet/e2e/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=testnet/e2e/cli_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/cli_lib.sh"

OPEN=1000000000000000000
GAS_PRICE=1000000000 # aopen per gas, the devnet's minimum
VOTING_PERIOD=8
PLAN=demo-upgrade
INFO='{"binaries":{"linux/amd64":"https://example.invalid/openledgerd-demo"}}'
TESTHOOKS="${OPENLEDGERD_TESTHOOKS_BIN:-${CARGO_TARGET_DIR:-$REPO_ROOT/target}/$OPENLEDGER_PROFILE/openledgerd-testhooks}"
[[ -x "$TESTHOOKS" ]] || fail "$TESTHOOKS not found: run testnet/build-testhooks.sh"
APP_LOG="$OPENLEDGER_DEVNET_HOME/logs/openledgerd.log"
UPGRADE_INFO="$OPENLEDGER_DEVNET_HOME/data/upgrade-info.json"

export OPENLEDGER_DEVNET_GENESIS_PARAMS="{
  \"gov.params.voting_period_secs\": $VOTING_PERIOD,
  \"gov.params.max_deposit_period_secs\": 60,
  \"gov.params.min_deposit\": [{\"denom\": \"aopen\", \"amount\": \"$OPEN\"}]
}"

start_devnet

step "1. state before the upgrade"
for name in alice bob carol; do import_key "$name"; done
ALICE="$(account_field alice address)"
CAROL="$(account_field carol address)"
send alice "$CAROL" 7OPEN
tx bob gov lock 1000OPEN
q upgrade authority
GOV="$(out address)"
expect_eq "upgrade authority" "$(module_account gov)" "$GOV"
q upgrade module-versions
expect_eq "upgrade module version before" 1 "$(python3 -c '
import json, sys
print(next(v["version"] for v in json.load(sys.stdin)["module_versions"] if v["name"] == "upgrade"))
' <"$WORK/last.out")"

step "2. a MsgSoftwareUpgrade proposal passes"
# blocks per second over 3 s, for a plan height past the end of the voting period
h0="$(rpc_height)"
sleep 3
h1="$(rpc_height)"
NOW="$(rpc_height)"
HEIGHT="$(python3 -c "
rate = max(($h1 - $h0) / 3, 0.5)
print($NOW + int(rate * ($VOTING_PERIOD + 20)) + 5)")"
log "plan height $HEIGHT (now $NOW, $((h1 - h0)) blocks in 3 s)"
python3 - "$GOV" "$PLAN" "$HEIGHT" "$INFO" >"$WORK/proposal.json" <<'PY'
import json, sys
gov, name, height, info = sys.argv[1:]
print(json.dumps({
    "messages": [{"@type": "/cosmos.upgrade.v1beta1.MsgSoftwareUpgrade", "authority": gov,
                  "plan": {"name": name, "height": height, "info": info}}],
    "metadata": "", "deposit": "10OPEN", "title": "Demo upgrade",
    "summary": "Move the devnet to the binary with the demo-upgrade handler.",
}))
PY
tx alice gov submit-proposal "$WORK/proposal.json"
q gov proposals --status voting
PROPOSAL="$(python3 -c '
import json, sys
for p in json.load(sys.stdin)["proposals"]:
    m = p["messages"]
    if len(m) == 1 and m[0].get("@type") == "/cosmos.upgrade.v1beta1.MsgSoftwareUpgrade":
        print(p["id"])
' <"$WORK/last.out")"
[[ -n "$PROPOSAL" ]] || { show_last; fail "no upgrade proposal in its voting period"; }
tx bob gov vote "$PROPOSAL" yes
wait_for_status "$PROPOSAL" PROPOSAL_STATUS_PASSED $((VOTING_PERIOD + 30))
q upgrade current-plan
expect_eq "current plan name" "$PLAN" "$(out plan.name)"
expect_eq "current plan height" "$HEIGHT" "$(out plan.height)"
expect_eq "current plan info" "$INFO" "$(out plan.info)"
(($(rpc_height) < HEIGHT - 1)) || fail "the proposal passed too late for the plan height $HEIGHT"

# state to find again after the upgrade
q bank balances "$ALICE"
ALICE_BEFORE="$(amt balances.0.amount)"
q bank balances "$CAROL"
CAROL_BEFORE="$(amt balances.0.amount)"
q gov proposal "$PROPOSAL"
STATUS_BEFORE="$(out proposal.status)"

step "3. the plain binary halts at height $HEIGHT"
wait_for_height $((HEIGHT - 1)) 120
sleep 5
H="$(rpc_height 2>/dev/null || echo "$((HEIGHT - 1))")"
expect_eq "height after the halt" $((HEIGHT - 1)) "$H"
[[ -f "$UPGRADE_INFO" ]] || fail "no $UPGRADE_INFO"
cat "$UPGRADE_INFO" >&2
echo >&2
python3 - "$UPGRADE_INFO" "$PLAN" "$HEIGHT" "$INFO" <<'PY' || fail "upgrade-info.json is not what cosmovisor expects"
import json, sys
path, name, height, info = sys.argv[1:]
got = json.load(open(path))
want = {"name": name, "height": int(height), "info": info}
assert got == want, f"{got} != {want}"
PY
LINE="UPGRADE \"$PLAN\" NEEDED at height $HEIGHT: $INFO"
grep -F "$LINE" "$APP_LOG" | grep -q ERROR || fail "no error line '$LINE' in $APP_LOG"
"$DEVNET" stop >/dev/null 2>&1 || fail "devnet stop failed"
# the line the upgrade module logs (the ABCI layer repeats the error in its own line)
halt_lines() { grep -F "$LINE" "$APP_LOG" | grep -vc "consensus request failed" || true; }
HALTS="$(halt_lines)"

step "4. the plain binary restarted halts again"
rm -f "$UPGRADE_INFO"
if OPENLEDGER_START_TIMEOUT=20 "$DEVNET" start >"$WORK/restart-plain.out" 2>&1; then
  "$DEVNET" stop >/dev/null 2>&1 || true
  fail "the plain binary went past the upgrade height"
fi
"$DEVNET" stop >/dev/null 2>&1 || true
[[ -f "$UPGRADE_INFO" ]] || fail "the restarted plain binary did not write $UPGRADE_INFO again"
expect_eq "halt lines in the log" $((HALTS + 1)) "$(halt_lines)"
[[ "$(rpc_height 2>/dev/null || echo stopped)" == stopped ]] || fail "the devnet is still running"

step "5. openledgerd-testhooks runs the demo-upgrade handler and the chain goes on"
OPENLEDGERD_BIN="$TESTHOOKS" "$DEVNET" start >"$WORK/restart-upgraded.out" 2>&1 ||
  { cat "$WORK/restart-upgraded.out" >&2; fail "the upgraded binary did not start"; }
wait_for_height $((HEIGHT + 3)) 60
grep -q "upgrade applied" "$APP_LOG" || fail "no 'upgrade applied' in $APP_LOG"
q upgrade applied-plan --name "$PLAN"
expect_eq "applied plan height" "$HEIGHT" "$(out height)"
q upgrade current-plan
expect_eq "current plan after the upgrade" null "$(python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin).get("plan")))' <"$WORK/last.out")"
q upgrade module-versions
expect_eq "upgrade module version after" 2 "$(python3 -c '
import json, sys
print(next(v["version"] for v in json.load(sys.stdin)["module_versions"] if v["name"] == "upgrade"))
' <"$WORK/last.out")"
q bank balances "$ALICE"
expect_eq "alice's balance" "$ALICE_BEFORE" "$(amt balances.0.amount)"
q bank balances "$CAROL"
expect_eq "carol's balance" "$CAROL_BEFORE" "$(amt balances.0.amount)"
q gov proposal "$PROPOSAL"
expect_eq "proposal status" "$STATUS_BEFORE" "$(out proposal.status)"
send alice "$CAROL" 1OPEN
q bank balances "$CAROL"
expect_eq "carol's balance after a transfer" "$(calc "$CAROL_BEFORE + $OPEN")" "$(amt balances.0.amount)"

e2e_pass
