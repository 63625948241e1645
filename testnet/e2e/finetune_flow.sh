#!/usr/bin/env bash
# End-to-end: a fine-tuning job through the openledger CLI on a single-node devnet whose gov
# voting period is 15 s (genesis override).
#   1. alice creates a permissioned datanet selling access at 5 OPEN; bob and carol contribute,
#      alice approves both and publishes version 1
#   2. alice proposes model 1 on datanet 1 version 1; bob and carol lock gOPEN and vote its
#      approval through; alice advances it to FINE_TUNING
#   3. a compute provider registers with a 100 OPEN bond (escrowed in the finetune account)
#   4. alice opens job 1 (budget 50 OPEN escrowed): she pays the version's access fee, which the
#      contributors' revenue pool receives
#   5. the provider claims and delivers (adapter hash, training log hash, metrics); alice
#      accepts: the provider is paid the budget, the model is in ALIGNMENT with the training log
#      as its training run, the adapter is in the adapters registry with job id 1
#   6. an inference operator declares serving the adapter; `query adapter servers` lists it
#   7. job 2 with a deadline a few blocks ahead that nobody claims is refunded at its deadline
# Every step is asserted through --output json.
E2E_PORT_BASE="${E2E_PORT_BASE:-27700}"
# shellcheck source=testnet/e2e/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=testnet/e2e/cli_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/cli_lib.sh"

OPEN=1000000000000000000
GAS_PRICE=1000000000 # aopen per gas, the devnet's minimum
VOTING_PERIOD=15
ACCESS_PRICE="$(python3 -c "print(5 * $OPEN)")"
BUDGET="$(python3 -c "print(50 * $OPEN)")"
PROVIDER_BOND="$(python3 -c "print(100 * $OPEN)")"

export OPENLEDGER_DEVNET_GENESIS_PARAMS="{
  \"gov.params.voting_period_secs\": $VOTING_PERIOD,
  \"gov.params.max_deposit_period_secs\": 60,
  \"gov.params.min_deposit\": [{\"denom\": \"aopen\", \"amount\": \"$OPEN\"}]
}"

hash_of() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }

start_devnet

step "import alice (datanet owner, model creator), bob and carol (contributors, voters), faucet"
for name in alice bob carol faucet; do import_key "$name"; done
ALICE="$(account_field alice address)"
BOB="$(account_field bob address)"
CAROL="$(account_field carol address)"
PROVIDER="$(new_key provider)"
OPERATOR="$(new_key operator)"
FINETUNE_ACCOUNT="$(module_account finetune)"
send faucet "$PROVIDER" 300OPEN
send faucet "$OPERATOR" 200OPEN
log "provider $PROVIDER, operator $OPERATOR, finetune module account $FINETUNE_ACCOUNT"
q finetune params
expect_eq "finetune min provider bond" "$PROVIDER_BOND" "$(out params.min_provider_bond)"

step "1. a permissioned datanet with an access price, version 1 with two contributions"
tx alice datanet create --name clinical-notes --summary "De-identified clinical notes" \
  --licence CC-BY-4.0 --permissioned --allow "$BOB" --allow "$CAROL" \
  --bond 1OPEN --fee-per-byte 1000aopen --access-price 5OPEN
q datanet show 1
expect_eq "datanet 1 visibility" VISIBILITY_PERMISSIONED "$(out datanet.visibility)"
tx bob datanet contribute 1 --hash "$(hash_of 'bob notes')" --size 4000 --uri ipfs://bob-notes
tx carol datanet contribute 1 --hash "$(hash_of 'carol notes')" --size 6000 --uri ipfs://carol-notes
tx alice datanet curate 1 approve
tx alice datanet curate 2 approve
tx alice datanet publish 1 --note v1
q datanet version 1 1
expect_eq "version 1 contributions" 2 "$(out version.contribution_count)"

step "2. model 1 approved by a gOPEN vote and advanced to FINE_TUNING"
tx alice model propose --name clinical-llm --description "Summaries of clinical notes" \
  --base-model llama-3-8b --intended-use "clinical summaries" --datanet 1:1 --bond 100OPEN \
  --rate-in 10aopen --rate-out 20aopen
tx bob gov lock 1000OPEN
tx carol gov lock 1000OPEN
tx alice gov propose-model-approval 1 --deposit 10OPEN
q gov proposals --status voting
PROPOSAL="$(python3 -c '
import json, sys
for p in json.load(sys.stdin)["proposals"]:
    m = p["messages"]
    if len(m) == 1 and m[0].get("@type") == "/openledger.models.v1.MsgApproveModel":
        print(p["id"])
        break
' <"$WORK/last.out")"
[[ -n "$PROPOSAL" ]] || { show_last; fail "no proposal approves model 1"; }
tx bob gov vote "$PROPOSAL" yes
tx carol gov vote "$PROPOSAL" yes
wait_for_status "$PROPOSAL" PROPOSAL_STATUS_PASSED $((VOTING_PERIOD + 45))
tx alice model advance 1 data_collection
tx alice model advance 1 fine_tuning
q model show 1
expect_eq "model 1 stage" MODEL_STAGE_FINE_TUNING "$(out model.stage)"

step "3. the provider registers"
P0="$(balance "$PROVIDER")"
tx provider finetune register-provider --endpoint https://gpu.e2e.example --bond 100OPEN
expect_eq "provider paid the bond + gas" "$(calc "$PROVIDER_BOND + $TX_FEE")" "$(calc "$P0 - $(balance "$PROVIDER")")"
q finetune provider "$PROVIDER"
expect_eq "provider status" PROVIDER_STATUS_ACTIVE "$(out provider.status)"
expect_eq "finetune account holds the bond" "$PROVIDER_BOND" "$(balance "$FINETUNE_ACCOUNT")"

step "4. alice opens job 1; the contributors' revenue receives the access fee"
q datanet version 1 1
expect_eq "version 1 access revenue before" 0 "$(out revenue.paid)"
A0="$(balance "$ALICE")"
DEADLINE=$(($(rpc_height) + 300))
tx alice finetune open-job 1 --base-model llama-3-8b \
  --datanet-versions '{"datanet_id": 1, "version": 1}' \
  --training-config-hash "$(hash_of 'lora r=16 alpha=32 lr=2e-4')" --budget 50OPEN \
  --deadline-height "$DEADLINE"
expect_eq "alice paid budget + access fee + gas" "$(calc "$BUDGET + $ACCESS_PRICE + $TX_FEE")" "$(calc "$A0 - $(balance "$ALICE")")"
q datanet version 1 1
expect_eq "version 1 access revenue after" "$ACCESS_PRICE" "$(out revenue.paid)"
q finetune job 1
expect_eq "job 1 status" JOB_STATUS_OPEN "$(out job.status)"
expect_eq "job 1 access fees" "$ACCESS_PRICE" "$(out job.access_fees_paid)"
expect_eq "finetune account holds bond + budget" "$(calc "$PROVIDER_BOND + $BUDGET")" "$(balance "$FINETUNE_ACCOUNT")"

step "5. the provider claims and delivers; alice accepts"
ADAPTER="$(hash_of 'adapter of job 1')"
TRAINING_LOG="$(hash_of 'training log of job 1')"
tx provider finetune claim-job 1
q finetune job 1
expect_eq "job 1 status" JOB_STATUS_CLAIMED "$(out job.status)"
expect_eq "job 1 provider" "$PROVIDER" "$(out job.provider)"
refused "a second claim" operator finetune claim-job 1
tx provider finetune deliver-job 1 --adapter-hash "$ADAPTER" --training-log-hash "$TRAINING_LOG" \
  --metrics '{"name": "eval_accuracy_bps", "value": 8750}' --rank 16 --size-bytes 33554432 \
  --licence Apache-2.0
q finetune job 1
expect_eq "job 1 status" JOB_STATUS_DELIVERED "$(out job.status)"
P1="$(balance "$PROVIDER")"
tx alice finetune accept-job 1
expect_eq "the provider was paid the budget" "$BUDGET" "$(calc "$(balance "$PROVIDER") - $P1")"
q finetune job 1
expect_eq "job 1 status" JOB_STATUS_PAID "$(out job.status)"
refused "a second accept" alice finetune accept-job 1
q model show 1
expect_eq "model 1 stage" MODEL_STAGE_ALIGNMENT "$(out model.stage)"
q model history 1
expect_eq "alignment evidence: the training log" "$TRAINING_LOG" "$(out entries.4.evidence.training_run_hash)"
expect_eq "alignment actor: the finetune module account" "$FINETUNE_ACCOUNT" "$(out entries.4.actor)"
q adapter adapter "$ADAPTER"
expect_eq "adapter job" 1 "$(out adapter.job_id)"
expect_eq "adapter model" 1 "$(out adapter.model_id)"
expect_eq "adapter owner" "$ALICE" "$(out adapter.owner)"
expect_eq "finetune account holds the bond only" "$PROVIDER_BOND" "$(balance "$FINETUNE_ACCOUNT")"

step "6. an inference operator declares serving the adapter"
tx operator attribution register-operator 100OPEN --endpoint https://infer.e2e.example --models 1
tx operator adapter declare-serving --adapter-hash "$ADAPTER" --price-ceiling-per-1k 1000
q adapter servers "$ADAPTER"
expect_eq "who serves the adapter" "$OPERATOR" "$(json_find operator <"$WORK/last.out")"

step "7. job 2, which nobody claims, is refunded at its deadline"
A0="$(balance "$ALICE")"
DEADLINE=$(($(rpc_height) + 4))
tx alice finetune open-job 1 --base-model llama-3-8b \
  --datanet-versions '{"datanet_id": 1, "version": 1}' \
  --training-config-hash "$(hash_of 'second config')" --budget 50OPEN --deadline-height "$DEADLINE"
OPEN_FEE="$TX_FEE"
wait_for_height $((DEADLINE + 1)) 30
q finetune job 2
expect_eq "job 2 status" JOB_STATUS_REFUNDED "$(out job.status)"
expect_eq "job 2 access fee (version already bought)" 0 "$(out job.access_fees_paid)"
expect_eq "alice got the budget back (only gas spent)" "$OPEN_FEE" "$(calc "$A0 - $(balance "$ALICE")")"
q finetune jobs "$ALICE"
expect_eq "alice's jobs" 2 "$(python3 -c 'import json,sys; print(len(json.load(sys.stdin)["jobs"]))' <"$WORK/last.out")"

step "the chain is still producing blocks"
H="$(rpc_height)"
wait_for_height $((H + 2)) 30

e2e_pass
