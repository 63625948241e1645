#!/usr/bin/env bash
# End-to-end: LoRA adapters through the openledger CLI on a single-node devnet whose gov voting
# period is 15 s (genesis override).
#   1. alice creates a datanet, bob's contribution is approved, version 1 published; model 1 is
#      approved by a gOPEN vote (bob, carol), deployed and priced
#   2. alice registers adapter A of model 1 version 1; a second registration of A is refused
#      (the first registrant owns it), and bob, not the model's creator, cannot register one
#   3. an inference operator serving model 1 declares serving A with a price ceiling; `query
#      adapter servers A` lists it
#   4. a user deposits and grants; the operator records an inference naming A (the receipt
#      carries it); after the operator lowers its ceiling below the model's rates a record
#      naming A is refused, and so is one naming an adapter it does not serve
#   5. the operator claims its uptime; its standing shows one receipt, one adapter served and
#      the claim; after it stops serving A nobody serves A
# Every step is asserted through --output json.
E2E_PORT_BASE="${E2E_PORT_BASE:-28100}"
# shellcheck source=testnet/e2e/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=testnet/e2e/cli_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/cli_lib.sh"

OPEN=1000000000000000000
GAS_PRICE=1000000000 # aopen per gas, the devnet's minimum
VOTING_PERIOD=15
RATE_IN=240000000000000000  # 0.24 OPEN per 1000 input tokens
RATE_OUT=200000000000000000 # 0.20 OPEN per 1000 output tokens

export OPENLEDGER_DEVNET_GENESIS_PARAMS="{
  \"gov.params.voting_period_secs\": $VOTING_PERIOD,
  \"gov.params.max_deposit_period_secs\": 60,
  \"gov.params.min_deposit\": [{\"denom\": \"aopen\", \"amount\": \"$OPEN\"}]
}"

hash_of() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }

start_devnet

step "import alice (datanet owner, model creator), bob and carol (contributor, voters), faucet"
for name in alice bob carol faucet; do import_key "$name"; done
ALICE="$(account_field alice address)"
OPERATOR="$(new_key operator)"
USER_ADDR="$(new_key user)"
send faucet "$OPERATOR" 200OPEN
send faucet "$USER_ADDR" 20OPEN
log "operator $OPERATOR, user $USER_ADDR"
q adapter params
expect_eq "max rank" 1024 "$(out params.max_rank)"

step "1. a datanet version and model 1, deployed and priced"
tx alice datanet create --name legal-corpus --summary "Court rulings" --licence CC-BY-4.0 \
  --bond 1OPEN --fee-per-byte 1000aopen
tx bob datanet contribute 1 --hash "$(hash_of 'bob rulings')" --size 4000 --uri ipfs://bob-rulings
tx alice datanet curate 1 approve
tx alice datanet publish 1 --note v1
tx alice model propose --name legal-llm --description "Answers on rulings" \
  --base-model llama-3-8b --intended-use research --datanet 1:1 --bond 100OPEN \
  --rate-in 10aopen --rate-out 20aopen
tx bob gov lock 1000OPEN
tx carol gov lock 1000OPEN
approve_and_deploy_model alice 1 bob carol
tx alice model set-pricing 1 --rate-in "${RATE_IN}aopen" --rate-out "${RATE_OUT}aopen"
wait_for_height $((TX_HEIGHT + 1)) 30
q model show 1
expect_eq "model 1 stage" MODEL_STAGE_DEPLOYED "$(out model.stage)"

step "2. alice registers adapter A; the first registrant owns the hash"
A="$(hash_of 'lora adapter A of model 1')"
tx alice adapter register-adapter --hash "$A" --model-id 1 --model-version 1 \
  --base-model llama-3-8b --rank 16 --size-bytes 33554432 --licence "MIT OR Apache-2.0"
q adapter adapter "$A"
expect_eq "adapter owner" "$ALICE" "$(out adapter.owner)"
expect_eq "adapter model" 1 "$(out adapter.model_id)"
expect_eq "adapter version" 1 "$(out adapter.model_version)"
expect_eq "adapter licence" "MIT OR Apache-2.0" "$(out adapter.licence)"
refused "a second registration of A" alice adapter register-adapter --hash "$A" --model-id 1 \
  --model-version 1 --base-model llama-3-8b --rank 8 --size-bytes 1 --licence MIT
refused "bob is not the model's creator" bob adapter register-adapter \
  --hash "$(hash_of 'bob adapter')" --model-id 1 --model-version 1 --base-model llama-3-8b \
  --rank 8 --size-bytes 1 --licence MIT
q adapter adapters-by-model 1
expect_eq "model 1 adapters" 1 "$(python3 -c 'import json,sys; print(len(json.load(sys.stdin)["adapters"]))' <"$WORK/last.out")"

step "3. the operator declares serving A"
tx operator attribution register-operator 100OPEN --endpoint https://infer.e2e.example --models 1
tx operator adapter declare-serving --adapter-hash "$A" --price-ceiling-per-1k "$RATE_IN"
q adapter servers "$A"
expect_eq "who serves A" "$OPERATOR" "$(out servers.0.operator)"
expect_eq "its ceiling" "$RATE_IN" "$(out servers.0.price_ceiling_per_1k)"

step "4. receipts naming A"
tx user attribution deposit 5OPEN
tx user attribution grant "$OPERATOR" 4OPEN --model 1
record() { # REQUEST_ID ADAPTER_HASH
  echo attribution record --user "$USER_ADDR" --model 1 --input-tokens 1000 --output-tokens 2000 \
    --output-hash "$(hash_of "output $1")" --request-id "$1" --unattributed \
    --evidence-hash "$(hash_of "evidence $1")" --adapter-hash "$2"
}
# shellcheck disable=SC2046
tx operator $(record r1 "$A")
q attribution receipt 1
expect_eq "receipt 1 names A" "$A" "$(out receipt.adapter_hash)"
# shellcheck disable=SC2046
refused "an adapter the operator does not serve" operator $(record r2 "$(hash_of 'unknown')")
tx operator adapter declare-serving --adapter-hash "$A" --price-ceiling-per-1k "$((RATE_OUT - 1))"
# shellcheck disable=SC2046
refused "the model's rates above the ceiling" operator $(record r3 "$A")
q attribution totals
expect_eq "one inference recorded" 1 "$(amt totals.inferences)"

step "5. uptime claim, standing, stop serving"
H="$(rpc_height)"
tx operator adapter claim-uptime --window-start-height 1 --window-end-height "$H" --uptime-bps 9990
q adapter operator-standing "$OPERATOR"
expect_eq "registered" true "$(out registered)"
expect_eq "receipts recorded" 1 "$(out receipts_recorded)"
expect_eq "adapters served" 1 "$(out adapters_served)"
expect_eq "uptime claim" 9990 "$(out latest_uptime_claim.uptime_bps)"
tx operator adapter stop-serving --adapter-hash "$A"
q adapter servers "$A"
expect_eq "nobody serves A" 0 "$(python3 -c 'import json,sys; print(len(json.load(sys.stdin).get("servers", [])))' <"$WORK/last.out")"

step "the chain is still producing blocks"
H="$(rpc_height)"
wait_for_height $((H + 2)) 30

e2e_pass
