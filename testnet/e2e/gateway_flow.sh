#!/usr/bin/env bash
# End-to-end: Proof of Attribution computed by the open engine, through the operator gateway,
# on a single-node devnet (15 s gov voting period).
#   1. alice creates a datanet; bob contributes two texts and carol one (the mock backend's
#      corpus files), each uploaded to the node's content store with `openledger content put`
#      after its MsgContribute; faucet contributes a near-copy of bob's first text, approved
#      after it (the flooding attack); unknown bytes are refused by the store
#   2. alice publishes version 1; model 1 is proposed on it, passed by a gOPEN vote, deployed
#      and priced
#   3. an operator registers for model 1; a user deposits and grants it
#   4. the mock backend (testnet/mock-backend) runs behind `openledger-operator serve`, whose
#      engine loads the model's corpus from the node's content store
#   5. the user sends a signed chat completion about the Arno floods: the response carries the
#      receipt; the receipt on chain has the engine's weights (100% to bob's original, nothing
#      to the near-copy), its engine version, params id and evidence hash
#   6. `openledger attribute run` gives the same weights; `openledger attribute verify` says
#      match (exit 0); a receipt recorded by hand with wrong weights is caught (exit 1)
#   7. a streamed request gets its receipt event; a "novel only" prompt is recorded as
#      unattributed (its data pool to the community pool)
#   8. bob claims his credits; faucet, whose copy won no span, earned only from the stated
#      receipt
# Every step is asserted through --output json.
E2E_PORT_BASE="${E2E_PORT_BASE:-27600}"
# shellcheck source=testnet/e2e/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=testnet/e2e/cli_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/cli_lib.sh"

OPEN=1000000000000000000
GAS_PRICE=1000000000
VOTING_PERIOD=15
CHALLENGE_WINDOW=4 # seconds the data pools are held before they become claimable
OPERATOR_BIN="${OPENLEDGER_OPERATOR_BIN:-${CARGO_TARGET_DIR:-$REPO_ROOT/target}/$OPENLEDGER_PROFILE/openledger-operator}"
CORPUS="$REPO_ROOT/testnet/mock-backend/corpus"

export OPENLEDGER_DEVNET_GENESIS_PARAMS="{
  \"gov.params.voting_period_secs\": $VOTING_PERIOD,
  \"gov.params.max_deposit_period_secs\": 60,
  \"gov.params.min_deposit\": [{\"denom\": \"aopen\", \"amount\": \"$OPEN\"}],
  \"attribution.params.challenge_window_secs\": $CHALLENGE_WINDOW
}"

# contribution_id NAME FILE: the id of NAME's contribution of FILE's bytes
contribution_id() {
  q datanet contributions-by "$1"
  python3 -c '
import hashlib, json, sys
want = hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest()
for c in json.load(sys.stdin)["contributions"]:
    if c["content_hash"].lower() == want:
        print(c["id"])
        break
else:
    sys.exit("no contribution with the hash of " + sys.argv[1])
' "$2" <"$WORK/last.out" || { show_last; fail "no contribution of $1 for $2"; }
}

# free_port: a port nobody listens on
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# wait_http URL TIMEOUT_S
wait_http() {
  local deadline=$((SECONDS + $2))
  until curl -sf -o /dev/null "$1"; do
    ((SECONDS < deadline)) || fail "$1 did not answer within $2 s"
    sleep 0.3
  done
}

# gw_request ARGS...: openledger-operator request, output in $WORK/last.out
gw_request() {
  "$OPERATOR_BIN" request --gateway "$GATEWAY" --home "$KEYRING" --from user "$@" \
    >"$WORK/last.out" 2>"$WORK/last.err" || { show_last; fail "gateway request $* failed"; }
  cat "$WORK/last.out" >>"$WORK/gateway-requests.log"
}

# --- the flow ----------------------------------------------------------------------------------

[[ -x "$OPERATOR_BIN" ]] || fail "openledger-operator not found at $OPERATOR_BIN (cargo build -p openledger-operator)"
start_devnet
export OPENLEDGER_GRPC="http://127.0.0.1:$OPENLEDGER_GRPC_PORT"

step "keys: alice (datanet owner, model creator), bob, carol, faucet; a fresh operator and user"
for name in alice bob carol faucet; do import_key "$name"; done
BOB="$(account_field bob address)"
OPERATOR="$(new_key operator)"
USER_ADDR="$(new_key user)"
send faucet "$OPERATOR" 200OPEN
send faucet "$USER_ADDR" 20OPEN

step "1. a datanet; contributions uploaded to the node's content store"
ARNO="$CORPUS/01-arno-floods.txt"
OLIVE="$CORPUS/02-olive-harvest.txt"
LIGHT="$CORPUS/03-lighthouse-keepers.txt"
COPY="$WORK/arno-mirror.txt"
{ cat "$ARNO"; printf ' (mirrored)\n'; } >"$COPY"
tx alice datanet create --name regional-history --summary "Notes on places and crafts" \
  --licence CC-BY-4.0 --bond 1OPEN --fee-per-byte 1000aopen
tx bob datanet contribute 1 --file "$ARNO" --uri https://data.example/arno.txt
tx carol datanet contribute 1 --file "$OLIVE" --uri https://data.example/olive.txt
tx bob datanet contribute 1 --file "$LIGHT" --uri https://data.example/light.txt
tx faucet datanet contribute 1 --file "$COPY" --uri https://data.example/mirror.txt
C_ARNO="$(contribution_id bob "$ARNO")"
C_OLIVE="$(contribution_id carol "$OLIVE")"
C_LIGHT="$(contribution_id bob "$LIGHT")"
C_COPY="$(contribution_id faucet "$COPY")"
log "contributions: arno $C_ARNO, olive $C_OLIVE, lighthouse $C_LIGHT, mirror $C_COPY"
for f in "$ARNO" "$OLIVE" "$LIGHT" "$COPY"; do
  ol_capture content put "$f" --output json || { show_last; fail "content put $f"; }
done
expect_eq "the store names the contribution of an upload" "[\"$C_COPY\"]" \
  "$(python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["contribution_ids"]))' <"$WORK/last.out")"
printf 'bytes no contribution names' >"$WORK/stray.txt"
if ol_capture content put "$WORK/stray.txt" --output json; then
  show_last
  fail "the store accepted bytes no contribution names"
fi
log "refused as expected (unknown bytes): $(head -c 200 "$WORK/last.err")"
# approval order: the originals first, the near-copy last
for cid in "$C_ARNO" "$C_OLIVE" "$C_LIGHT" "$C_COPY"; do
  tx alice datanet curate "$cid" approve --note "ok"
done
tx alice datanet publish 1 --note v1
q datanet version 1 1
expect_eq "datanet 1 version 1 contributions" 4 "$(out version.contribution_count)"
ol_capture content status --datanet 1 --output json || { show_last; fail "content status"; }
expect_eq "the node holds every approved contribution" "4/4" "$(out held)/$(out approved)"

step "2. model 1 on datanet 1 version 1: proposed, passed by gOPEN, deployed, priced"
tx alice model propose --name history-llm --description "Answers on regional history" \
  --base-model llama-3-8b --intended-use research --datanet 1:1 --bond 100OPEN \
  --rate-in 10aopen --rate-out 20aopen
tx bob gov lock 1000OPEN
tx carol gov lock 1000OPEN
approve_and_deploy_model alice 1 bob carol
tx alice model set-pricing 1 --rate-in 2000000000000000aopen --rate-out 3000000000000000aopen
wait_for_height $((TX_HEIGHT + 1)) 30

step "3. the operator registers; the user deposits and grants"
tx operator attribution register-operator 100OPEN --endpoint http://127.0.0.1/v1 --models 1
tx user attribution deposit 5OPEN
tx user attribution grant "$OPERATOR" 4OPEN --model 1

step "4. the mock backend behind the gateway"
MOCK_PORT="$(free_port)"
python3 "$REPO_ROOT/testnet/mock-backend/server.py" --port "$MOCK_PORT" --corpus-dir "$CORPUS" \
  >"$WORK/mock-backend.log" 2>&1 &
MOCK_PID=$!
GW_PORT="$(free_port)"
GATEWAY="http://127.0.0.1:$GW_PORT"
cat >"$WORK/gateway.toml" <<EOF
listen = "127.0.0.1:$GW_PORT"
backend_url = "http://127.0.0.1:$MOCK_PORT/v1"
batch_interval_ms = 500

[[models]]
name = "history-llm"
model_id = 1
model_version = 1
backend_model = "mock"

[chain]
node = "$RPC"
grpc = "$OPENLEDGER_GRPC"
home = "$WORK/operator-home"
key = "operator"
EOF
# the operator's own home: its keyring (a copy of the test keyring), content store and indexes
mkdir -p "$WORK/operator-home"
cp "$KEYRING"/keyring.json "$WORK/operator-home/"
"$OPERATOR_BIN" serve --config "$WORK/gateway.toml" >"$WORK/gateway.log" 2>&1 &
GW_PID=$!
cleanup_gateway() { kill "$GW_PID" "$MOCK_PID" 2>/dev/null || true; cp -f "$WORK"/gateway.log "$WORK"/mock-backend.log "$ARTIFACTS"/ 2>/dev/null || true; }
trap 'cleanup_gateway; e2e_teardown' EXIT
wait_http "$GATEWAY/v1/models" 120
curl -sf "$GATEWAY/v1/models" >"$WORK/last.out"
expect_eq "the gateway lists the model" history-llm "$(out data.0.id)"

step "5. a signed chat completion about the Arno floods"
gw_request --model history-llm --message "Tell me about the arno floods" --max-tokens 200
RESPONSE="$WORK/response-1.json"
cp "$WORK/last.out" "$RESPONSE"
RECEIPT="$(out openledger.receipt_id)"
python3 -c 'import json,sys; sys.stdout.write(json.load(sys.stdin)["choices"][0]["message"]["content"])' \
  <"$RESPONSE" >"$WORK/output-1.txt"
log "receipt $RECEIPT; output: $(head -c 160 "$WORK/output-1.txt")"
q attribution receipt "$RECEIPT"
expect_eq "receipt engine version" 1 "$(out receipt.engine_version)"
expect_eq "receipt entries" "[[$C_ARNO, 1000000]]" "$(python3 -c '
import json, sys
r = json.load(sys.stdin)["receipt"]
print(json.dumps([[int(e["contribution_id"]), int(e["weight_ppm"])] for e in r["entries"]]))' <"$WORK/last.out")"
expect_eq "the receipt's output hash is the answer's" "$(sha256sum "$WORK/output-1.txt" | cut -d' ' -f1)" \
  "$(out receipt.output_hash | tr 'A-F' 'a-f')"
expect_eq "the response's evidence hash is the receipt's" "$(jget openledger.evidence_hash <"$RESPONSE")" \
  "$(out receipt.evidence_hash | tr 'A-F' 'a-f')"

step "6. anyone re-runs the engine: attribute run and verify"
ol_capture attribute run --model 1 --version 1 --output-file "$WORK/output-1.txt" --output json ||
  { show_last; fail "attribute run"; }
expect_eq "attribute run: weights" "[[$C_ARNO, 1000000]]" "$(python3 -c '
import json, sys
d = json.load(sys.stdin)
print(json.dumps([[int(e["contribution_id"]), int(e["weight_ppm"])] for e in d["entries"]]))' <"$WORK/last.out")"
ol_capture attribute verify "$RECEIPT" --output-file "$WORK/output-1.txt" --output json ||
  { show_last; fail "attribute verify of the gateway's receipt"; }
expect_eq "verify: match" true "$(out match)"
# an operator stating other weights for the same output is caught
EVIDENCE="$(jget openledger.evidence_hash <"$RESPONSE")"
tx operator attribution record --user "$USER_ADDR" --model 1 --version 1 --input-tokens 10 \
  --output-tokens 10 --output-hash "$(sha256sum "$WORK/output-1.txt" | cut -d' ' -f1)" \
  --request-id stated-1 --evidence-hash "$EVIDENCE" --attribution "$C_ARNO:500000,$C_COPY:500000"
q attribution receipts-by-user "$USER_ADDR"
STATED="$(python3 -c '
import json, sys
print([r["id"] for r in json.load(sys.stdin)["receipts"] if r["request_id"] == "stated-1"][0])' <"$WORK/last.out")"
if ol_capture attribute verify "$STATED" --output-file "$WORK/output-1.txt" --output json; then
  show_last
  fail "verify accepted a receipt with stated weights"
fi
expect_eq "verify: mismatch" false "$(out match)"
expect_eq "verify lists the near-copy's weight as wrong" "$C_COPY" "$(out differences.1.contribution_id)"

step "7. a streamed request; an unattributed output"
gw_request --model history-llm --message "What do lighthouse keepers do" --stream
grep -q '"receipt_id"' "$WORK/last.out" || { show_last; fail "no receipt in the streamed answer"; }
gw_request --model history-llm --message "novel only, please" --max-tokens 50
NOVEL="$(out openledger.receipt_id)"
q attribution receipt "$NOVEL"
expect_eq "unattributed: no entries" 0 "$(python3 -c 'import json,sys; print(len(json.load(sys.stdin)["receipt"].get("entries", [])))' <"$WORK/last.out")"
expect_eq "unattributed: the data pool goes to the community pool" "$(amt receipt.data_pool)" "$(amt receipt.unattributed)"

step "8. contributors claim"
# the data pools are held for the challenge window, then released by end blocks
sleep $((CHALLENGE_WINDOW + 1))
wait_blocks 3
q attribution earnings "$BOB"
BOB_CLAIMABLE="$(amt claimable)"
expect_eq "bob earned from his original" True "$(python3 -c "print($BOB_CLAIMABLE > 0)")"
tx bob attribution claim
q attribution earnings "$BOB"
expect_eq "bob's claim paid his credits" "$BOB_CLAIMABLE" "$(amt claimed)"
# faucet's near-copy won no span: its only credit is the stated receipt's (which verify caught)
q attribution receipt "$STATED"
STATED_COPY="$(python3 -c '
import json, sys
r = json.load(sys.stdin)["receipt"]
print(sum(int(e["amount"] or 0) for e in r["entries"] if int(e["contribution_id"]) == int(sys.argv[1])))' "$C_COPY" <"$WORK/last.out")"
FAUCET="$(account_field faucet address)"
q attribution earnings "$FAUCET"
expect_eq "faucet (the near-copy) earned only from the stated receipt" "$STATED_COPY" "$(amt contributor_earned)"
e2e_pass
