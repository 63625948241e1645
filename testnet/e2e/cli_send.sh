#!/usr/bin/env bash
# End-to-end: the openledger CLI against a fresh devnet.
#   - import a devnet key from its mnemonic (address must match devnet-accounts.json)
#   - create a fresh key, send it 1.5OPEN with an explicit fee: the recipient holds exactly
#     1.5 OPEN, the sender lost exactly amount + fee, the tx is queryable with code 0
#   - send 2500aopen with --gas auto (Simulate): the recipient gains exactly 2500aopen
#   - a send larger than the balance fails with a non-zero exit:
#     with --gas auto (from alice) it is refused before broadcast and no balance changes;
#     with an explicit fee (from the fresh key) the recipient is unchanged and the sender pays at
#     most the fee (a tx that fails in a block pays its fee, as in the Cosmos SDK)
E2E_PORT_BASE="${E2E_PORT_BASE:-27000}"
# shellcheck source=testnet/e2e/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

start_devnet

step "import alice and create a fresh key"
import_key alice
ALICE="$(account_field alice address)"
FRESH="$(new_key fresh)"
[[ "$FRESH" == open1* ]] || fail "fresh key address '$FRESH' is not an open1... address"
log "fresh = $FRESH"

step "balances before"
ALICE0="$(balance "$ALICE")"
FRESH0="$(balance "$FRESH")"
expect_eq "alice genesis balance is positive" True "$(calc "$ALICE0 > 0")"
expect_eq "fresh address balance" 0 "$FRESH0"

step "send 1.5OPEN alice -> fresh with --fees ${FEE_AOPEN}aopen"
ol_capture tx bank send alice "$FRESH" 1.5OPEN --fees "${FEE_AOPEN}aopen" --yes --output json ||
  { show_last; fail "tx bank send 1.5OPEN failed"; }
TX1="$(json_find 'txhash|tx_hash|hash' <"$WORK/last.out")" || { show_last; fail "no tx hash in send output"; }
CODE1="$(json_find code <"$WORK/last.out" 2>/dev/null || echo 0)"
expect_eq "send 1 result code" 0 "$CODE1"
log "tx $TX1"

expect_eq "fresh balance after 1.5OPEN" 1500000000000000000 "$(balance "$FRESH")"
expect_eq "alice paid amount + fee" "$(calc "1500000000000000000 + $FEE_AOPEN")" "$(calc "$ALICE0 - $(balance "$ALICE")")"

step "query tx $TX1"
ol_capture query tx "$TX1" --output json || { show_last; fail "query tx $TX1 failed"; }
expect_eq "query tx code" 0 "$(json_find code <"$WORK/last.out" 2>/dev/null || echo 0)"
TXH="$(json_find 'height' <"$WORK/last.out")" || { show_last; fail "no height in query tx output"; }
expect_eq "query tx height is positive" True "$(calc "int('$TXH') > 0")"
# cross-check with CometBFT's own tx index
curl -sf "$RPC/tx?hash=0x$TX1" | python3 -c '
import json, sys
r = json.load(sys.stdin)["result"]
assert r["tx_result"].get("code", 0) == 0, r["tx_result"]
print(r["height"])' >"$WORK/comet-tx.out" || fail "CometBFT /tx does not know $TX1 (or code != 0)"
expect_eq "CometBFT /tx height" "$TXH" "$(cat "$WORK/comet-tx.out")"

step "send 2500aopen alice -> fresh with --gas auto"
ALICE1="$(balance "$ALICE")"
ol_capture tx bank send alice "$FRESH" 2500aopen --gas auto --yes --output json ||
  { show_last; fail "tx bank send 2500aopen --gas auto failed"; }
expect_eq "fresh balance after 2500aopen" 1500000000000002500 "$(balance "$FRESH")"
expect_eq "alice lost more than 2500aopen (amount + fee)" True "$(calc "$ALICE1 - $(balance "$ALICE") > 2500")"

step "overspend from the fresh key (10OPEN > 1.5 OPEN, explicit fee) must fail; only the fee may be charged"
ALICE2="$(balance "$ALICE")"
FRESH2="$(balance "$FRESH")"
if ol_capture tx bank send fresh "$ALICE" 10OPEN --fees "${FEE_AOPEN}aopen" --yes --output json; then
  show_last
  fail "sending 10OPEN from an account holding 1.5 OPEN succeeded"
fi
log "refused as expected: $(head -c 400 "$WORK/last.err" | tr '\n' ' ')"
OVERSPEND_CODE="$(json_find code <"$WORK/last.out" 2>/dev/null || echo none)"
expect_eq "alice (recipient) balance unchanged after the refused send" "$ALICE2" "$(balance "$ALICE")"
FRESH_LOST="$(calc "$FRESH2 - $(balance "$FRESH")")"
if [[ "$FRESH_LOST" == 0 ]]; then
  log "ok: refused before inclusion (CheckTx): fresh balance unchanged"
else
  # included in a block and failed there: like the Cosmos SDK, a failed tx changes nothing but
  # its fee and sequence; it must fail with sdk code 5 (insufficient funds)
  expect_eq "failed in block: result code" 5 "$OVERSPEND_CODE"
  expect_eq "failed in block: the sender paid exactly the fee and nothing else" "$FEE_AOPEN" "$FRESH_LOST"
fi

step "overspend from alice with --gas auto (balance + 1 aopen) must fail and change nothing"
FRESH3="$(balance "$FRESH")"
TOO_MUCH="$(calc "$ALICE2 + 1")"
if ol_capture tx bank send alice "$FRESH" "${TOO_MUCH}aopen" --gas auto --yes --output json; then
  show_last
  fail "sending more than alice's balance succeeded"
fi
log "refused as expected: $(head -c 300 "$WORK/last.err" | tr '\n' ' ')"
expect_eq "alice balance unchanged" "$ALICE2" "$(balance "$ALICE")"
expect_eq "fresh balance unchanged" "$FRESH3" "$(balance "$FRESH")"

step "the chain is still producing blocks"
H="$(rpc_height)"
wait_for_height $((H + 2)) 30

e2e_pass
