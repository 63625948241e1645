#!/usr/bin/env bash
# End-to-end: plain curl against the devnet's LCD REST gateway (the Cosmos SDK's REST routes,
# generated from the google.api.http annotations):
#   - node_info, syncing and the latest block answer, in the SDK's JSON shape;
#   - a balance over REST equals what the CLI reads; staking validators list the devnet
#     validator (enum names, int64 as strings, Any with @type);
#   - a gov proposal submitted with the CLI reads back over REST;
#   - OpenLedger's own routes (/openledger/attribution/v1/params) answer;
#   - POST /cosmos/tx/v1beta1/txs broadcasts (bytes that are not a tx come back as a
#     TxResponse with a non-zero code) and POST /cosmos/tx/v1beta1/simulate refuses them with
#     the SDK's error body;
#   - a MsgSend signed by cosmjs without broadcasting is broadcast with POST
#     /cosmos/tx/v1beta1/txs (BROADCAST_MODE_SYNC), is included and moves the coins;
#   - a tx sent with the CLI reads back by hash over REST, and is found by message.sender
#     with GET /cosmos/tx/v1beta1/txs?query=... and ?events=...;
#   - an unknown route is a short JSON 404, a malformed parameter a 400;
#   - a CORS preflight is answered; the OpenAPI document is served.
E2E_PORT_BASE="${E2E_PORT_BASE:-27600}"
# shellcheck source=testnet/e2e/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

start_devnet
log "REST $REST"

# get PATH OUTFILE -> HTTP status on stdout, body in OUTFILE
get() { curl -s -o "$2" -w '%{http_code}' "$REST$1"; }
post() { curl -s -o "$3" -w '%{http_code}' -H 'Content-Type: application/json' -d "$2" "$REST$1"; }
jq_py() { # FILE EXPR: print a Python expression over the parsed JSON `j`
  python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print($2)" "$1"
}

step "node_info, syncing, latest block"
for _ in $(seq 1 30); do
  [[ "$(get /cosmos/base/tendermint/v1beta1/node_info "$WORK/node_info.json")" == 200 ]] && break
  sleep 1
done
expect_eq "node_info status" 200 "$(get /cosmos/base/tendermint/v1beta1/node_info "$WORK/node_info.json")"
expect_eq "node_info network is the chain id" True \
  "$(jq_py "$WORK/node_info.json" 'bool(j["default_node_info"]["network"])')"
expect_eq "application name" openledgerd "$(jq_py "$WORK/node_info.json" 'j["application_version"]["app_name"]')"
expect_eq "syncing status" 200 "$(get /cosmos/base/tendermint/v1beta1/syncing "$WORK/syncing.json")"
expect_eq "syncing is a boolean" True "$(jq_py "$WORK/syncing.json" 'isinstance(j["syncing"], bool)')"
expect_eq "latest block status" 200 "$(get /cosmos/base/tendermint/v1beta1/blocks/latest "$WORK/block.json")"
expect_eq "block height is an int64 string" True \
  "$(jq_py "$WORK/block.json" 'isinstance(j["block"]["header"]["height"], str) and int(j["block"]["header"]["height"]) > 0')"

step "a balance over REST equals the CLI's"
import_key alice
ALICE="$(account_field alice address)"
expect_eq "balance status" 200 \
  "$(get "/cosmos/bank/v1beta1/balances/$ALICE/by_denom?denom=$DENOM" "$WORK/balance.json")"
expect_eq "balance over REST" "$(balance "$ALICE")" "$(jq_py "$WORK/balance.json" 'j["balance"]["amount"]')"
expect_eq "all balances status" 200 \
  "$(get "/cosmos/bank/v1beta1/balances/$ALICE?pagination.limit=10&pagination.count_total=true" "$WORK/balances.json")"
expect_eq "pagination.total is a string" True \
  "$(jq_py "$WORK/balances.json" 'isinstance(j["pagination"]["total"], str)')"

step "staking validators"
expect_eq "validators status" 200 "$(get /cosmos/staking/v1beta1/validators "$WORK/validators.json")"
python3 - "$WORK/validators.json" <<'PY' || fail "validators are not in the SDK's JSON shape"
import json, sys
vs = json.load(open(sys.argv[1]))["validators"]
assert vs, "no validators"
v = vs[0]
assert v["operator_address"].startswith("openvaloper1"), v
assert v["status"] == "BOND_STATUS_BONDED", v["status"]
assert isinstance(v["unbonding_height"], str), v
assert v["consensus_pubkey"]["@type"] == "/cosmos.crypto.ed25519.PubKey", v["consensus_pubkey"]
PY

step "an account with @type"
expect_eq "account status" 200 "$(get "/cosmos/auth/v1beta1/accounts/$ALICE" "$WORK/account.json")"
expect_eq "account @type" /cosmos.auth.v1beta1.BaseAccount "$(jq_py "$WORK/account.json" 'j["account"]["@type"]')"

step "OpenLedger routes"
expect_eq "attribution params status" 200 "$(get /openledger/attribution/v1/params "$WORK/attr.json")"
expect_eq "attribution params present" True "$(jq_py "$WORK/attr.json" 'int(j["params"]["max_attribution_entries"]) > 0')"

step "a gov proposal submitted with the CLI reads back over REST"
ol_capture query gov params --output json || { show_last; fail "query gov params failed"; }
MIN_DEPOSIT="$(json_coin_amount "$DENOM" <"$WORK/last.out")"
[[ "$MIN_DEPOSIT" =~ ^[0-9]+$ ]] || MIN_DEPOSIT=0
python3 - "${MIN_DEPOSIT}aopen" >"$WORK/proposal.json" <<'PY'
import json, sys
json.dump({
    "messages": [],
    "metadata": "rest e2e",
    "deposit": sys.argv[1],
    "title": "REST e2e proposal",
    "summary": "A proposal without messages, read back over the REST gateway.",
}, sys.stdout)
PY
ol_capture tx gov submit-proposal "$WORK/proposal.json" --from alice --gas auto --yes --output json ||
  { show_last; fail "submit-proposal failed"; }
expect_eq "proposals status" 200 "$(get /cosmos/gov/v1/proposals "$WORK/proposals.json")"
PROPOSAL_ID="$(jq_py "$WORK/proposals.json" 'max(int(p["id"]) for p in j["proposals"])')" ||
  fail "no proposal listed over REST"
expect_eq "proposal status" 200 "$(get "/cosmos/gov/v1/proposals/$PROPOSAL_ID" "$WORK/proposal-read.json")"
expect_eq "proposal title" "REST e2e proposal" "$(jq_py "$WORK/proposal-read.json" 'j["proposal"]["title"]')"
expect_eq "proposal status is an enum name" True \
  "$(jq_py "$WORK/proposal-read.json" 'j["proposal"]["status"].startswith("PROPOSAL_STATUS_")')"

step "POST /cosmos/tx/v1beta1/txs and /simulate"
expect_eq "broadcast of non-tx bytes status" 200 \
  "$(post /cosmos/tx/v1beta1/txs '{"tx_bytes":"AQID","mode":"BROADCAST_MODE_SYNC"}' "$WORK/bcast.json")"
expect_eq "broadcast answers a refusal code" True "$(jq_py "$WORK/bcast.json" 'j["tx_response"]["code"] != 0')"
SIM="$(post /cosmos/tx/v1beta1/simulate '{"tx_bytes":"AQID"}' "$WORK/sim.json")"
expect_eq "simulate of non-tx bytes is a 400" 400 "$SIM"
expect_eq "simulate error body" True \
  "$(jq_py "$WORK/sim.json" 'j["code"] == 3 and j["details"] == [] and 0 < len(j["message"]) <= 256')"

step "a tx signed by cosmjs (not broadcast) is broadcast with POST /cosmos/tx/v1beta1/txs"
ensure_cosmjs
SIGNEE="$(new_key signee)"
node "$COSMJS_DIR/sign_only.mjs" --rpc "$RPC" --from bob --accounts "$ACCOUNTS_FILE" --to "$SIGNEE" \
  --amount 4321 >"$WORK/signed.json" 2>"$WORK/signed.err" || { cat "$WORK/signed.err" >&2; fail "cosmjs signing failed"; }
python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); print(json.dumps({"tx_bytes": s["tx_bytes"], "mode": "BROADCAST_MODE_SYNC"}))' \
  "$WORK/signed.json" >"$WORK/broadcast-req.json"
expect_eq "broadcast status" 200 \
  "$(curl -s -o "$WORK/broadcast.json" -w '%{http_code}' -H 'Content-Type: application/json' \
    --data-binary @"$WORK/broadcast-req.json" "$REST/cosmos/tx/v1beta1/txs")"
expect_eq "broadcast CheckTx code" 0 "$(jq_py "$WORK/broadcast.json" 'j["tx_response"]["code"]')"
BTX="$(jq_py "$WORK/broadcast.json" 'j["tx_response"]["txhash"]')"
STATUS=""
for _ in $(seq 1 20); do
  STATUS="$(get "/cosmos/tx/v1beta1/txs/$BTX" "$WORK/btx.json")"
  [[ "$STATUS" == 200 ]] && break
  sleep 1
done
expect_eq "broadcast tx included" 200 "$STATUS"
expect_eq "broadcast tx result code" 0 "$(jq_py "$WORK/btx.json" 'j["tx_response"]["code"]')"
expect_eq "recipient of the REST broadcast" 4321 "$(balance "$SIGNEE")"

step "a CLI tx reads back by hash over REST"
FRESH="$(new_key fresh)"
ol_capture tx bank send alice "$FRESH" 1000aopen --fees "${FEE_AOPEN}aopen" --yes --output json ||
  { show_last; fail "tx bank send failed"; }
TX="$(json_find 'txhash|tx_hash|hash' <"$WORK/last.out")" || { show_last; fail "no tx hash"; }
STATUS=""
for _ in $(seq 1 20); do
  STATUS="$(get "/cosmos/tx/v1beta1/txs/$TX" "$WORK/tx.json")"
  [[ "$STATUS" == 200 ]] && break
  sleep 1
done
expect_eq "GET txs/{hash} status" 200 "$STATUS"
expect_eq "tx hash" "$TX" "$(jq_py "$WORK/tx.json" 'j["tx_response"]["txhash"]')"
expect_eq "tx body message @type" /cosmos.bank.v1beta1.MsgSend \
  "$(jq_py "$WORK/tx.json" 'j["tx"]["body"]["messages"][0]["@type"]')"

step "search txs by message.sender, with ?query= and with ?events="
Q="$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "message.sender='$ALICE'")"
expect_eq "txs?query= status" 200 "$(get "/cosmos/tx/v1beta1/txs?query=$Q&pagination.limit=100" "$WORK/search-query.json")"
expect_eq "the CLI tx is found with ?query=" True \
  "$(jq_py "$WORK/search-query.json" '"'"$TX"'" in [t["txhash"] for t in j["tx_responses"]]')"
expect_eq "txs?events= status" 200 "$(get "/cosmos/tx/v1beta1/txs?events=$Q&order_by=ORDER_BY_DESC" "$WORK/search-events.json")"
expect_eq "the CLI tx is found with ?events=" True \
  "$(jq_py "$WORK/search-events.json" '"'"$TX"'" in [t["txhash"] for t in j["tx_responses"]]')"

step "errors: unknown route, malformed parameter"
expect_eq "unknown route status" 404 "$(get /cosmos/nothing/here "$WORK/404.json")"
expect_eq "404 body" True \
  "$(jq_py "$WORK/404.json" 'j == {"code": 5, "message": "not found", "details": []}')"
expect_eq "404 body is short" True "$(calc "$(wc -c <"$WORK/404.json") < 100")"
expect_eq "bad pagination status" 400 \
  "$(get '/cosmos/staking/v1beta1/validators?pagination.limit=abc' "$WORK/400.json")"
expect_eq "400 body is short" True "$(jq_py "$WORK/400.json" 'j["code"] == 3 and len(json.dumps(j)) < 400')"

step "CORS preflight and the OpenAPI document"
curl -s -o /dev/null -D "$WORK/preflight.h" -X OPTIONS \
  -H 'Origin: https://wallet.example' -H 'Access-Control-Request-Method: POST' \
  -H 'Access-Control-Request-Headers: content-type' "$REST/cosmos/tx/v1beta1/txs"
grep -qi '^HTTP/1.1 204' "$WORK/preflight.h" || { cat "$WORK/preflight.h" >&2; fail "preflight is not 204"; }
grep -qi '^access-control-allow-origin: \*' "$WORK/preflight.h" || fail "preflight lacks allow-origin"
grep -qi '^access-control-allow-methods: .*POST' "$WORK/preflight.h" || fail "preflight lacks POST"
expect_eq "openapi status" 200 "$(get /swagger/openapi.json "$WORK/openapi.json")"
expect_eq "openapi lists node_info" True \
  "$(jq_py "$WORK/openapi.json" '"/cosmos/base/tendermint/v1beta1/node_info" in j["paths"]')"

e2e_pass
