#!/usr/bin/env bash
# End-to-end: proof of stake on a 4-node localnet (testnet/localnet.sh) with 3 genesis validators
# (staking genesis through `openledgerd genesis add-validator`) and node3 as a full node.
#   a. all 4 nodes make blocks; CometBFT /validators has the 3 genesis validators
#   b. node3's operator sends `tx staking create-validator` (100 OPEN, node3's consensus key):
#      /validators lists 4 and a later block's last_commit has node3's COMMIT signature (flag 2)
#   c. node2 is stopped: the chain goes on; within about two slashing windows (10 blocks) node2's
#      validator is jailed, its tokens are 1% lower (99 OPEN), it leaves /validators and its
#      signing info has jailed_until after the latest block time
#   d. governance: alice locks 1000 OPEN as gOPEN, submits a /cosmos.slashing.v1beta1.MsgUpdateParams
#      proposal (signed_blocks_window 10 -> 20, other params as queried), votes yes; after the
#      15 s voting period the proposal has PASSED and the slashing params show 20
#   e. node2 is started again and catches up as a full node (voting power 0: it is jailed)
# Genesis params for the test: slashing window 10, min signed 0.5, downtime jail 30 s; gov voting
# period 15 s, deposit period 60 s, min deposit 1 OPEN; staking unbonding time 60 s.
E2E_LOCALNET_PORT_BASE="${E2E_LOCALNET_PORT_BASE:-27400}"
# shellcheck source=testnet/e2e/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=testnet/e2e/localnet_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/localnet_lib.sh"

OPEN=1000000000000000000
JAIL_TIMEOUT="${OPENLEDGER_E2E_JAIL_TIMEOUT:-150}"

step "a. start a 4-node localnet with 3 genesis validators"
pick_localnet_ports 4
RPC="$(node_rpc 0)"
export OPENLEDGER_NODE="$RPC"
log "home $OPENLEDGER_LOCALNET_HOME, ports from $OPENLEDGER_LOCALNET_PORT_BASE (node0 RPC $RPC)"
GENESIS_PARAMS='{
  "slashing.params.signed_blocks_window": 10,
  "slashing.params.min_signed_per_window": "0.5",
  "slashing.params.downtime_jail_duration_secs": 30,
  "gov.params.voting_period_secs": 15,
  "gov.params.max_deposit_period_secs": 60,
  "gov.params.min_deposit": [{"denom": "aopen", "amount": "1000000000000000000"}],
  "staking.params.unbonding_time_secs": 60
}'
OPENLEDGER_LOCALNET_NODES=4 OPENLEDGER_LOCALNET_GENESIS_VALIDATORS=3 \
  OPENLEDGER_LOCALNET_GENESIS_PARAMS="$GENESIS_PARAMS" OPENLEDGER_START_TIMEOUT=240 \
  "$LOCALNET" start >"$WORK/localnet-start.log" 2>&1 ||
  { tail -n 60 "$WORK/localnet-start.log" >&2; fail "localnet start failed"; }
[[ -x "$CLI" ]] || fail "CLI not found at $CLI"

for i in 0 1 2 3; do
  h="$(node_height "$i")"
  [[ -n "$h" ]] || fail "node$i RPC $(node_rpc "$i") does not answer"
  wait_node_height "$i" $((h + 2)) 60
  log "ok: node$i makes blocks (height $(node_height "$i"))"
done
expect_eq "/validators = the 3 genesis validators node0..node2" \
  "$(sorted_list "$(cons_hex 0)" "$(cons_hex 1)" "$(cons_hex 2)")" "$(validator_set 0)"
expect_eq "node3 voting power (full node)" 0 "$(node_voting_power 3)"
ol_query query staking validators
expect_eq "validators in 'query staking validators'" 3 "$(grep -o '"operator_address"' "$WORK/last.out" | wc -l | tr -d ' ')"

step "b. node3's operator creates a validator with node3's consensus key"
import_operator_key 3
N3_VALOPER="$(operator_field 3 valoper)"
N3_HEX="$(cons_hex 3)"
ol_tx node3 tx staking create-validator -- --amount 100OPEN \
  --pubkey "$(node_home 3)/config/priv_validator_key.json" --moniker node3 \
  --commission-rate 0.1 --commission-max-rate 0.2 --commission-max-change-rate 0.01 \
  --min-self-delegation 1

in_set() { [[ ",$(validator_set 0 2>/dev/null)," == *",$1,"* ]]; }
retry 60 "node3 ($N3_HEX) in /validators" in_set "$N3_HEX"
expect_eq "/validators = node0..node3" \
  "$(sorted_list "$(cons_hex 0)" "$(cons_hex 1)" "$(cons_hex 2)" "$N3_HEX")" "$(validator_set 0)"
JOIN_H="$(node_height 0)"
log "node3 is in the validator set at height $JOIN_H"

SIG_CHECKED=$JOIN_H
node3_signed() {
  local top h
  top="$(node_height 0)"
  [[ -n "$top" ]] || return 1
  for ((h = SIG_CHECKED + 1; h <= top; h++)); do
    if block_has_commit_sig 0 "$h" "$N3_HEX"; then
      log "ok: block $h's last_commit has node3's signature with BLOCK_ID_FLAG_COMMIT"
      return 0
    fi
    SIG_CHECKED=$h
  done
  return 1
}
retry 60 "a block after $JOIN_H with node3's commit signature" node3_signed
expect_eq "node3 voting power" 100 "$(node_voting_power 3)"
ol_query query staking validator "$N3_VALOPER"
N3_STATUS="$(json_find status <"$WORK/last.out")"
[[ "$N3_STATUS" != 3 ]] || N3_STATUS=BOND_STATUS_BONDED
expect_eq "node3 validator status" BOND_STATUS_BONDED "$N3_STATUS"
expect_eq "node3 validator tokens" "$(calc "100 * $OPEN")" "$(json_find tokens <"$WORK/last.out")"

step "c. downtime: stop node2; it must be jailed and slashed 1%"
N2_VALOPER="$(operator_field 2 valoper)"
N2_HEX="$(cons_hex 2)"
N2_VALCONS="$(bech32_of openvalcons "$N2_HEX")"
log "node2: $N2_VALOPER, consensus address $N2_HEX = $N2_VALCONS"
"$LOCALNET" stop-node 2 >>"$WORK/localnet-start.log" 2>&1 || fail "localnet stop-node 2 failed"
H_STOP="$(node_height 0)"
log "node2 stopped at height $H_STOP"
wait_node_height 0 $((H_STOP + 3)) 60
log "ok: the chain keeps producing blocks without node2 (node0 at $(node_height 0))"

node2_jailed() {
  ol_capture query staking validator "$N2_VALOPER" --output json || return 1
  [[ "$(json_find jailed <"$WORK/last.out" 2>/dev/null || echo false)" == true ]]
}
retry "$JAIL_TIMEOUT" "node2 jailed (query staking validator $N2_VALOPER)" node2_jailed
log "ok: node2 jailed at height about $(node_height 0) ($(($(node_height 0) - H_STOP)) blocks after it stopped)"
expect_eq "node2 tokens after the 1% downtime slash" "$(calc "99 * $OPEN")" "$(json_find tokens <"$WORK/last.out")"

not_in_set() { # only on an answer from the RPC
  local set
  set="$(validator_set 0 2>/dev/null)" || return 1
  [[ -n "$set" && ",$set," != *",$1,"* ]]
}
retry 30 "node2 ($N2_HEX) gone from /validators" not_in_set "$N2_HEX"
expect_eq "/validators after the jailing = node0, node1, node3" \
  "$(sorted_list "$(cons_hex 0)" "$(cons_hex 1)" "$N3_HEX")" "$(validator_set 0)"

ol_query query slashing signing-infos
NOW="$(block_time_unix 0)"
python3 - "$WORK/last.out" "$N2_VALCONS" "$NOW" >"$WORK/signing-info.out" <<'PY' || { cat "$WORK/signing-info.out" >&2; show_last; fail "signing info of node2 is not jailed into the future"; }
import datetime, json, re, sys
doc = json.load(open(sys.argv[1]))
want, now = sys.argv[2], float(sys.argv[3])
infos = []
def walk(v):
    if isinstance(v, dict):
        if "jailed_until" in v:
            infos.append(v)
        for x in v.values():
            walk(x)
    elif isinstance(v, list):
        for x in v:
            walk(x)
walk(doc)
mine = [i for i in infos if want in (i.get("address"), i.get("cons_address"), i.get("consensus_address"))]
if not mine:
    print(f"no signing info for {want} among {[i.get('address') for i in infos]}")
    sys.exit(1)
t = mine[0]["jailed_until"]
def unix(t):
    if isinstance(t, dict):
        return int(t.get("seconds", 0)) + int(t.get("nanos", 0)) / 1e9
    if isinstance(t, (int, float)) or re.fullmatch(r"\d+", str(t)):
        return float(t)
    m = re.fullmatch(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)", t)
    if not m:
        sys.exit(f"cannot read jailed_until {t!r}")
    base = datetime.datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S").replace(tzinfo=datetime.timezone.utc)
    off = 0 if m.group(3) == "Z" else (1 if m.group(3)[0] == "+" else -1) * (int(m.group(3)[1:3]) * 3600 + int(m.group(3)[4:6]) * 60)
    return base.timestamp() - off + float(m.group(2) or 0)
until = unix(t)
print(f"jailed_until {t} is {until - now:.1f}s after the latest block time")
sys.exit(0 if until > now else 1)
PY
log "ok: node2 signing info: $(cat "$WORK/signing-info.out")"

step "d. governance: alice locks gOPEN and passes a slashing MsgUpdateParams proposal"
import_key alice
ALICE="$(account_field alice address)"
ol_tx alice tx gov lock -- 1000OPEN
if ol_capture query gov power "$ALICE" --output json; then
  expect_eq "alice's gOPEN voting power" "$(calc "1000 * $OPEN")" "$(json_find voting_power <"$WORK/last.out")"
fi

ol_query query gov authority
AUTHORITY="$(json_find 'authority|address' <"$WORK/last.out" 2>/dev/null || tr -d ' \n' <"$WORK/last.out")"
[[ "$AUTHORITY" == open1* ]] || { show_last; fail "gov authority '$AUTHORITY' is not an open1... address"; }
log "gov authority $AUTHORITY"

ol_query query slashing params
cp "$WORK/last.out" "$WORK/slashing-params-before.json"
ol_query query gov params
MIN_DEPOSIT="$(json_coin_amount "$DENOM" <"$WORK/last.out")"
[[ "$MIN_DEPOSIT" =~ ^[0-9]+$ ]] || MIN_DEPOSIT=0
expect_eq "gov min deposit (genesis override)" "$OPEN" "$MIN_DEPOSIT"

python3 - "$WORK/slashing-params-before.json" "$AUTHORITY" "${MIN_DEPOSIT}aopen" >"$WORK/proposal.json" <<'PY' || fail "cannot build the proposal file"
import json, sys
doc = json.load(open(sys.argv[1]))
params = doc.get("params", doc)
if "signed_blocks_window" not in params:
    sys.exit(f"no signed_blocks_window in the slashing params answer: {doc}")
old = params["signed_blocks_window"]
params["signed_blocks_window"] = "20" if isinstance(old, str) else 20
json.dump({
    "messages": [{"@type": "/cosmos.slashing.v1beta1.MsgUpdateParams", "authority": sys.argv[2], "params": params}],
    "metadata": "localnet e2e",
    "deposit": sys.argv[3],
    "title": "Slashing window 20",
    "summary": "Raise signed_blocks_window from 10 to 20; the other slashing params stay as they are.",
}, sys.stdout, indent=2)
PY
log "proposal: $(tr -d '\n ' <"$WORK/proposal.json" | head -c 400)"
ol_tx alice tx gov submit-proposal -- "$WORK/proposal.json"
# the id from the tx events (submit_proposal / proposal_id), else the highest id in the proposal list
PROPOSAL_ID="$(python3 -c '
import json, sys
ids = []
def walk(v):
    if isinstance(v, dict):
        if v.get("key") == "proposal_id" and str(v.get("value", "")).isdigit():
            ids.append(int(v["value"]))
        elif "proposal_id" in v and str(v["proposal_id"]).isdigit():
            ids.append(int(v["proposal_id"]))
        for x in v.values():
            walk(x)
    elif isinstance(v, list):
        for x in v:
            walk(x)
walk(json.load(sys.stdin))
print(max(ids) if ids else "")' <"$WORK/last.out" 2>/dev/null || true)"
if ! [[ "$PROPOSAL_ID" =~ ^[0-9]+$ ]]; then
  ol_query query gov proposals
  PROPOSAL_ID="$(python3 -c '
import json, sys
ids = []
def walk(v):
    if isinstance(v, dict):
        for k in ("id", "proposal_id"):
            if k in v and str(v[k]).isdigit() and ("status" in v or "messages" in v):
                ids.append(int(v[k]))
        for x in v.values():
            walk(x)
    elif isinstance(v, list):
        for x in v:
            walk(x)
walk(json.load(sys.stdin))
print(max(ids) if ids else "")' <"$WORK/last.out")"
fi
[[ "$PROPOSAL_ID" =~ ^[0-9]+$ ]] || { show_last; fail "cannot find the id of the submitted proposal"; }
log "proposal id $PROPOSAL_ID"
ol_query query gov proposal "$PROPOSAL_ID"
log "proposal status after submission: $(json_find status <"$WORK/last.out" 2>/dev/null || echo '?')"
ol_tx alice tx gov vote -- "$PROPOSAL_ID" yes

# the voting period is 15 s; the proposal ends at the first block after it
PROPOSAL_STATUS=""
DEADLINE=$((SECONDS + 90))
while :; do
  if ol_capture query gov proposal "$PROPOSAL_ID" --output json; then
    PROPOSAL_STATUS="$(json_find status <"$WORK/last.out" 2>/dev/null || true)"
  fi
  case "$PROPOSAL_STATUS" in
    PROPOSAL_STATUS_PASSED | 3) PROPOSAL_STATUS=PROPOSAL_STATUS_PASSED; break ;;
    PROPOSAL_STATUS_REJECTED | PROPOSAL_STATUS_FAILED | 4 | 5)
      show_last
      fail "proposal $PROPOSAL_ID ended as $PROPOSAL_STATUS"
      ;;
  esac
  ((SECONDS < DEADLINE)) || { show_last; fail "proposal $PROPOSAL_ID not passed within 90s (status '${PROPOSAL_STATUS:-?}')"; }
  sleep 1
done
expect_eq "proposal $PROPOSAL_ID status" PROPOSAL_STATUS_PASSED "$PROPOSAL_STATUS"
ol_query query slashing params
expect_eq "slashing signed_blocks_window after the proposal" 20 "$(json_find signed_blocks_window <"$WORK/last.out")"

step "e. node2 restarts and catches up (jailed: voting power 0)"
"$LOCALNET" start-node 2 >>"$WORK/localnet-start.log" 2>&1 ||
  { tail -n 30 "$WORK/localnet-start.log" >&2; fail "localnet start-node 2 failed"; }
H0="$(node_height 0)"
wait_node_height 2 "$H0" 60
expect_eq "node2 voting power after restart" 0 "$(node_voting_power 2)"
log "ok: node2 at height $(node_height 2), node0 at $(node_height 0)"

step "the chain is still producing blocks on every node"
for i in 0 1 2 3; do
  wait_node_height "$i" $(($(node_height 0) + 1)) 30
done

e2e_pass
