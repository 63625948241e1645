#!/usr/bin/env bash
# End-to-end: the web dashboard (web/) in the system Chromium, driven by Playwright
# (playwright-core, web/e2e/dashboard.e2e.mjs), against a single-node devnet that serves it
# (devnet.sh builds web/ and starts openledgerd with --web-dir).
#   1. seeded as gateway_flow.sh does it: a datanet with three contributions uploaded to the
#      content store and approved, version 1; model 1 on it, passed by a gOPEN vote, deployed,
#      priced; an operator serving it through openledger-operator and the mock backend; a user's
#      signed chat completion whose receipt carries the engine's spans; a second receipt of the
#      same output recorded by hand with stated (wrong) weights
#   2. the figures each page must show are read with the CLI (--output json): validators and
#      voting power, attribution totals, the datanet's counts and version root, the model's
#      stage, pricing and history, the operator, governance, the receipt's split and weights, a
#      contributor's earnings; the spans' texts are cut from the output by this script
#   3. the browser test checks every page against them, verifies the receipt in the page
#      (highlighted spans; the stated receipt differs and a challenge is offered), claims bob's
#      earnings, contributes a file as carol (hashed in the browser, uploaded to the node's
#      content store), approves it and locks 5 OPEN of gOPEN as alice, all with the devnet
#      development keys; connects a stand-in Keplr and checks the chain suggested to it; and
#      takes a screenshot of each page (kept in the artifacts, not committed)
#   4. through the CLI: bob's balance rose by exactly the claimable minus the fee the page
#      showed; carol's contribution has the file's hash and is approved; the node holds it;
#      alice's locked gOPEN
# Needs node/npm (web/node_modules is installed with npm ci when missing) and /usr/bin/chromium
# (CHROMIUM to use another).
E2E_PORT_BASE="${E2E_PORT_BASE:-27800}"
# shellcheck source=testnet/e2e/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=testnet/e2e/cli_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/cli_lib.sh"

OPEN=1000000000000000000
GAS_PRICE=1000000000
VOTING_PERIOD=15
CHALLENGE_WINDOW=4
# the seeded job 1 stays DELIVERED while the pages are read (by default its creator's dispute
# window closes after 100 blocks, about a minute, and the job is then paid)
DISPUTE_WINDOW=1000000
OPERATOR_BIN="${OPENLEDGER_OPERATOR_BIN:-${CARGO_TARGET_DIR:-$REPO_ROOT/target}/$OPENLEDGER_PROFILE/openledger-operator}"
CORPUS="$REPO_ROOT/testnet/mock-backend/corpus"
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
WEB_DIR="$REPO_ROOT/web"
SHOTS="$ARTIFACTS/screenshots"

export OPENLEDGER_WEB=1
export OPENLEDGER_DEVNET_GENESIS_PARAMS="{
  \"gov.params.voting_period_secs\": $VOTING_PERIOD,
  \"gov.params.max_deposit_period_secs\": 60,
  \"gov.params.min_deposit\": [{\"denom\": \"aopen\", \"amount\": \"$OPEN\"}],
  \"attribution.params.challenge_window_secs\": $CHALLENGE_WINDOW,
  \"finetune.params.dispute_window_blocks\": $DISPUTE_WINDOW
}"

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_http() { # URL TIMEOUT_S
  local deadline=$((SECONDS + $2))
  until curl -sf -o /dev/null "$1"; do
    ((SECONDS < deadline)) || fail "$1 did not answer within $2 s"
    sleep 0.3
  done
}
keep() { cp "$WORK/last.out" "$WORK/q-$1.json"; } # keep the last query's output as q-NAME.json

[[ -x "$OPERATOR_BIN" ]] || fail "openledger-operator not found at $OPERATOR_BIN (cargo build -p openledger-operator)"
[[ -x "$CHROMIUM" ]] || fail "no Chromium at $CHROMIUM (apt-get install -y chromium)"
command -v node >/dev/null || fail "node is required"
if [[ ! -d "$WEB_DIR/node_modules/playwright-core" ]]; then
  step "installing web/ (npm ci)"
  (cd "$WEB_DIR" && npm ci --no-audit --no-fund) >&2 || fail "npm ci in web/ failed"
fi
step "web/ unit tests (vitest: formatting, Msg encoding, the engine's span checks)"
(cd "$WEB_DIR" && npm test --silent) >&2 || fail "the web/ unit tests failed"
# the e2e devnet does not build (run-tests.sh built the binaries): build web/dist here
step "building web/ (npm run build: typecheck and bundle)"
(cd "$WEB_DIR" && npm run -s build) >&2 || fail "the web/ build failed"

start_devnet
export OPENLEDGER_GRPC="http://127.0.0.1:$OPENLEDGER_GRPC_PORT"
WEB_URL="http://127.0.0.1:$OPENLEDGER_REST_PORT"
INDEX="$(curl -sf "$WEB_URL/" || true)"
[[ "$INDEX" == *'<main id="app">'* ]] || { cat "$WORK/devnet-start.out" >&2; fail "the node does not serve the dashboard at $WEB_URL/"; }
grep -q "web dashboard   $WEB_URL/" "$WORK/devnet-start.out" || fail "devnet.sh start did not print the dashboard's URL"
curl -sf "$WEB_URL/dev-accounts.json" >/dev/null || fail "the devnet does not serve its development accounts"
# the bundle holds no key: no mnemonic of the accounts file appears in the built files
python3 - "$ACCOUNTS_FILE" "$OPENLEDGER_DEVNET_HOME/web" <<'PY' || fail "a development mnemonic is in the bundle"
import json, pathlib, sys
words = [a["mnemonic"] for a in json.load(open(sys.argv[1]))["accounts"]]
for f in pathlib.Path(sys.argv[2]).rglob("*"):
    if f.is_file() and f.name != "dev-accounts.json":
        t = f.read_text(errors="ignore")
        assert not any(w in t for w in words), f
PY

step "1. seed: datanet, contributions, model, operator, gateway receipts"
for name in alice bob carol faucet; do import_key "$name"; done
BOB="$(account_field bob address)"
OPERATOR="$(new_key operator)"
USER_ADDR="$(new_key user)"
send faucet "$OPERATOR" 200OPEN
send faucet "$USER_ADDR" 20OPEN
ARNO="$CORPUS/01-arno-floods.txt"
OLIVE="$CORPUS/02-olive-harvest.txt"
LIGHT="$CORPUS/03-lighthouse-keepers.txt"
tx alice datanet create --name regional-history --summary "Notes on places and crafts" \
  --licence CC-BY-4.0 --bond 1OPEN --fee-per-byte 1000aopen
tx bob datanet contribute 1 --file "$ARNO" --uri https://data.example/arno.txt
tx carol datanet contribute 1 --file "$OLIVE" --uri https://data.example/olive.txt
tx bob datanet contribute 1 --file "$LIGHT" --uri https://data.example/light.txt
for f in "$ARNO" "$OLIVE" "$LIGHT"; do
  ol_capture content put "$f" --output json || { show_last; fail "content put $f"; }
done
for cid in 1 2 3; do tx alice datanet curate "$cid" approve --note ok; done
tx alice datanet publish 1 --note v1
tx alice model propose --name history-llm --description "Answers on regional history" \
  --base-model llama-3-8b --intended-use research --datanet 1:1 --bond 100OPEN \
  --rate-in 10aopen --rate-out 20aopen
tx bob gov lock 1000OPEN
tx carol gov lock 1000OPEN
approve_and_deploy_model alice 1 bob carol
tx alice model set-pricing 1 --rate-in 2000000000000000aopen --rate-out 3000000000000000aopen
wait_for_height $((TX_HEIGHT + 1)) 30
tx operator attribution register-operator 100OPEN --endpoint http://127.0.0.1/v1 --models 1
tx user attribution deposit 5OPEN
tx user attribution grant "$OPERATOR" 4OPEN --model 1

MOCK_PORT="$(free_port)"
python3 "$REPO_ROOT/testnet/mock-backend/server.py" --port "$MOCK_PORT" --corpus-dir "$CORPUS" \
  >"$WORK/mock-backend.log" 2>&1 &
MOCK_PID=$!
GW_PORT="$(free_port)"
GATEWAY="http://127.0.0.1:$GW_PORT"
cat >"$WORK/gateway.toml" <<EOT
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
EOT
mkdir -p "$WORK/operator-home"
cp "$KEYRING"/keyring.json "$WORK/operator-home/"
"$OPERATOR_BIN" serve --config "$WORK/gateway.toml" >"$WORK/gateway.log" 2>&1 &
GW_PID=$!
cleanup_gateway() { kill "$GW_PID" "$MOCK_PID" 2>/dev/null || true; mkdir -p "$ARTIFACTS"; cp -f "$WORK"/gateway.log "$WORK"/mock-backend.log "$ARTIFACTS"/ 2>/dev/null || true; }
trap 'cleanup_gateway; e2e_teardown' EXIT
wait_http "$GATEWAY/v1/models" 120
for msg in "Tell me about the arno floods" "What do lighthouse keepers do"; do
  "$OPERATOR_BIN" request --gateway "$GATEWAY" --home "$KEYRING" --from user --model history-llm \
    --message "$msg" --max-tokens 200 >"$WORK/last.out" 2>"$WORK/last.err" || { show_last; fail "gateway request failed"; }
  [[ -f "$WORK/response-1.json" ]] || cp "$WORK/last.out" "$WORK/response-1.json"
done
RESPONSE="$WORK/response-1.json"
RECEIPT="$(jget openledger.receipt_id <"$RESPONSE")"
python3 -c 'import json,sys; sys.stdout.write(json.load(sys.stdin)["choices"][0]["message"]["content"])' \
  <"$RESPONSE" >"$WORK/output-1.txt"
# the same output recorded by hand with weights the engine did not give
tx operator attribution record --user "$USER_ADDR" --model 1 --version 1 --input-tokens 10 \
  --output-tokens 10 --output-hash "$(sha256sum "$WORK/output-1.txt" | cut -d' ' -f1)" \
  --request-id stated-1 --evidence-hash "$(jget openledger.evidence_hash <"$RESPONSE")" \
  --attribution "1:500000,2:500000"
q attribution receipts-by-user "$USER_ADDR"
STATED="$(python3 -c '
import json, sys
print([r["id"] for r in json.load(sys.stdin)["receipts"] if r["request_id"] == "stated-1"][0])' <"$WORK/last.out")"
# the data pools are held for the challenge window, then released
sleep $((CHALLENGE_WINDOW + 1))
wait_blocks 3

step "1b. seed the AI services: a fine-tuning job delivered, a feedback round settled, one open"
hash_of() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }
PROVIDER="$(new_key provider)"
send faucet "$PROVIDER" 200OPEN
tx provider finetune register-provider --endpoint https://gpu.example/v1 --bond 100OPEN
# model 1 is deployed: a job for a further adapter on its datanet version
tx alice finetune open-job 1 --base-model llama-3-8b \
  --datanet-versions '{"datanet_id": 1, "version": 1}' \
  --training-config-hash "$(hash_of 'lora r=16 alpha=32')" --budget 50OPEN \
  --deadline-height $(($(rpc_height) + 5000))
tx provider finetune claim-job 1
tx provider finetune deliver-job 1 --adapter-hash "$(hash_of 'web adapter 1')" \
  --training-log-hash "$(hash_of 'web training log 1')" \
  --metrics '{"name": "eval_accuracy_bps", "value": 8750}' --rank 16 --size-bytes 33554432 \
  --licence Apache-2.0
tx alice finetune open-job 1 --base-model llama-3-8b \
  --datanet-versions '{"datanet_id": 1, "version": 1}' \
  --training-config-hash "$(hash_of 'lora r=8')" --budget 20OPEN \
  --deadline-height $(($(rpc_height) + 6000))
# feedback: bob and carol score round 1 (commit, reveal, settled at its reveal deadline)
declare -A FB_SCORES=([bob]="8000 6000" [carol]="8200 5800")
for v in bob carol; do tx "$v" feedback register-feedback-validator --bond 10OPEN; done
COMMIT_DEADLINE=$(($(rpc_height) + 30)) # margin: a tx takes about 3 blocks, more on a loaded machine
REVEAL_DEADLINE=$((COMMIT_DEADLINE + 20))
tx alice feedback fund-round 1 --model-version 1 --reward 10OPEN \
  --item-hashes "$(hash_of 'item 1')" --item-hashes "$(hash_of 'item 2')" \
  --commit-deadline-height "$COMMIT_DEADLINE" --reveal-deadline-height "$REVEAL_DEADLINE"
fb_salt() { printf '%s' "web salt of $1" | sha256sum | cut -c1-32; }
for v in bob carol; do
  # shellcheck disable=SC2086  # the scores are words
  C="$(python3 -c "$py_lib"'
import sys
round_id, address, salt = int(sys.argv[1]), sys.argv[2], bytes.fromhex(sys.argv[3])
data = round_id.to_bytes(8, "big") + decode(address)
for s in sys.argv[4:]:
    data += int(s).to_bytes(4, "big")
print(hashlib.sha256(data + salt).hexdigest())
' 1 "$(account_field "$v" address)" "$(fb_salt "$v")" ${FB_SCORES[$v]})"
  tx "$v" feedback commit-scores 1 --commitment "$C"
done
(($(rpc_height) < COMMIT_DEADLINE)) || fail "the commits took past the commit deadline $COMMIT_DEADLINE"
wait_for_height $((COMMIT_DEADLINE + 1)) 60
for v in bob carol; do
  ARGS=(1)
  for sc in ${FB_SCORES[$v]}; do ARGS+=(--scores "$sc"); done
  tx "$v" feedback reveal-scores "${ARGS[@]}" --salt "$(fb_salt "$v")"
done
wait_for_height $((REVEAL_DEADLINE + 1)) 60
# round 2 stays open
tx alice feedback fund-round 1 --model-version 1 --reward 5OPEN \
  --item-hashes "$(hash_of 'item 3')" --item-hashes "$(hash_of 'item 4')" --item-hashes "$(hash_of 'item 5')" \
  --commit-deadline-height $(($(rpc_height) + 5000)) --reveal-deadline-height $(($(rpc_height) + 6000))

step "2. the figures, through the CLI"
q staking validators; keep validators
q attribution totals; keep totals
q datanet list; keep datanets
q datanet show 1; keep datanet
q datanet contributions 1; keep contributions
q datanet versions 1; keep versions
q model list; keep models
q model show 1; keep model
q model history 1; keep history
q attribution operators; keep operators
q attribution operator "$OPERATOR"; keep operator
q gov proposals; keep proposals
q gov total-power; keep power
q attribution receipt "$RECEIPT"; keep receipt
q attribution earnings "$BOB"; keep earnings
q finetune providers; keep providers
q finetune jobs; keep jobs
q finetune job 1; keep job1
q feedback validators; keep fvalidators
q feedback rounds; keep rounds
q feedback round-result 1; keep result1
HEIGHT="$(rpc_height)"
printf 'A contribution made through the web dashboard.\n%s\n' "$(date +%s%N)" >"$WORK/web-contribution.txt"
python3 - "$WORK" "$BOB" "$OPERATOR" "$STATED" "$HEIGHT" "$PROPOSAL" "$(account_field faucet address)" \
  "${OPENLEDGER_CHAIN_ID:-openledger-devnet-1}" >"$WORK/expected.json" <<'PY'
import hashlib, json, sys
work, bob, operator, stated, height, proposal, keplr, chain_id = sys.argv[1:]
def q(name): return json.load(open(f"{work}/q-{name}.json"))
vals = q("validators")["validators"]
bonded = [v for v in vals if v["status"] == "BOND_STATUS_BONDED"]
contribs = q("contributions")["contributions"]
versions = q("versions")["versions"]
def hexroot(v):  # the CLI prints bytes as hex
    return v.lower()
model = q("model")["model"]
rec = q("receipt")["receipt"]
response = json.load(open(f"{work}/response-1.json"))
output = response["choices"][0]["message"]["content"]
ob = output.encode()  # the gateway's spans are bytes of the NFC output (ASCII here)
spans = response["openledger"]["spans"]
earn = q("earnings")
op = q("operator")["operator"]
print(json.dumps({
    "chain_id": chain_id,
    "keplr_address": keplr,
    "height": int(height),
    "validators": len(bonded),
    "voting_power": str(sum(int(v["tokens"]) for v in bonded)),
    "totals": q("totals")["totals"],
    "datanets": q("datanets")["datanets"],
    "datanet": {
        "name": q("datanet")["datanet"]["name"],
        "contributions": len(contribs),
        "approved": sum(c["status"] == "CONTRIBUTION_STATUS_APPROVED" for c in contribs),
        "versions": len(versions),
        "root_hex": hexroot(versions[0]["root"]),
    },
    "models": len(q("models")["models"]),
    "model": {
        "stage": model["stage"].replace("MODEL_STAGE_", "").lower().replace("_", " ", 1),
        "latest_version": model["latest_version"],
        "rate_in": model["pricing"]["rate_in_per_1000"],
        "history": len(q("history")["entries"]),
    },
    "operators": len(q("operators")["operators"]),
    "operator": {"address": operator, "inferences": op["inferences"], "bond": op["bond"], "fees_charged": op["fees_charged"]},
    "gov": {"proposals": len(q("proposals")["proposals"]), "total_locked": q("power")["total_locked"], "model_proposal": proposal},
    "receipt": {
        "id": rec["id"], "fee": rec["fee"], "credited": rec["credited"],
        "entries": [[int(e["contribution_id"]), int(e["weight_ppm"])] for e in rec["entries"]],
        "output": output, "response": response,
        "span_texts": [[s["contribution_id"], ob[s["start"]:s["start"] + s["len"]].decode()] for s in spans],
    },
    "stated_receipt": stated,
    "claimer": {"name": "bob", "address": bob, "claimable": earn["claimable"], "contributor_earned": earn["contributor_earned"], "by_datanet": earn["by_datanet"]},
    "services": {
        "providers": q("providers")["providers"],
        "jobs": q("jobs")["jobs"],
        "job1": q("job1")["job"],
        "validators": q("fvalidators")["validators"],
        "rounds": q("rounds")["rounds"],
        "result1": q("result1")["result"],
    },
    "contribute": {"as": "carol", "curator": "alice", "file": f"{work}/web-contribution.txt",
                   "sha256": hashlib.sha256(open(f"{work}/web-contribution.txt", "rb").read()).hexdigest()},
}, indent=1))
PY
expect_eq "bob has something to claim" True "$(python3 -c "import json; print(int(json.load(open('$WORK/expected.json'))['claimer']['claimable']) > 0)")"
BOB_BEFORE="$(balance "$BOB")"
BOB_CLAIMABLE="$(jget claimer.claimable <"$WORK/expected.json")"

step "3. the dashboard in Chromium (screenshots in $SHOTS)"
rc=0
rm -rf "$SHOTS"
WEB_URL="$WEB_URL" EXPECTED="$WORK/expected.json" OUT_DIR="$SHOTS" RESULTS="$WORK/web-results.json" \
  CHROMIUM="$CHROMIUM" node "$WEB_DIR/e2e/dashboard.e2e.mjs" || rc=$?
cp -f "$WORK/web-results.json" "$WORK/expected.json" "$ARTIFACTS/" 2>/dev/null || true
((rc == 0)) || fail "the browser test failed (see $ARTIFACTS/web-results.json and $SHOTS)"

step "4. what the pages did, through the CLI"
CLAIM_FEE="$(jget claim_fee <"$WORK/web-results.json")"
ol_capture query tx "$(jget claim_hash <"$WORK/web-results.json")" --output json || { show_last; fail "the claim tx"; }
expect_eq "the claim tx succeeded" 0 "$(out code)"
expect_eq "bob's balance rose by the claimable minus the fee the page showed" \
  "$(calc "$BOB_BEFORE + $BOB_CLAIMABLE - $CLAIM_FEE")" "$(balance "$BOB")"
q attribution earnings "$BOB"
expect_eq "bob's claimed" "$BOB_CLAIMABLE" "$(amt claimed)"
CAROL="$(account_field carol address)"
q datanet contributions-by "$CAROL"
WANT="$(sha256sum "$WORK/web-contribution.txt" | cut -d' ' -f1)"
read -r WEB_CID WEB_STATUS < <(python3 -c '
import json, sys
for c in json.load(sys.stdin)["contributions"]:
    if c["content_hash"].lower() == sys.argv[1]:
        print(c["id"], c["status"])
' "$WANT" <"$WORK/last.out")
[[ -n "${WEB_CID:-}" ]] || { show_last; fail "no contribution of carol with the file's hash"; }
expect_eq "the page approved the contribution it made" "$(jget curated <"$WORK/web-results.json")" "$WEB_CID"
expect_eq "carol's web contribution is approved" CONTRIBUTION_STATUS_APPROVED "$WEB_STATUS"
ol_capture content status --datanet 1 --output json || { show_last; fail "content status"; }
expect_eq "the node holds every approved contribution, the uploaded one included" "4/4" "$(out held)/$(out approved)"
q gov power "$(account_field alice address)"
expect_eq "alice locked 5 OPEN of gOPEN through the page" "$(calc "5 * $OPEN")" "$(amt locked)"
log "screenshots: $(ls "$SHOTS" | tr '\n' ' ')"
e2e_pass
