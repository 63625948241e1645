#!/usr/bin/env bash
# End-to-end: an RLHF feedback round through the openledger CLI on a single-node devnet, settled
# exactly as the worked example of docs/modules/feedback.md says.
#   1. alice creates a public datanet, bob contributes, alice approves and publishes version 1,
#      alice proposes model 1 on it (its candidate is version 0)
#   2. bob, carol, faucet and two fresh keys (dave, erin, funded by faucet) register as feedback
#      validators with bonds of 10, 20, 10, 10 and 10 OPEN (escrowed in the feedback module
#      account); a bond below the minimum is refused
#   3. alice funds round 1 on model 1 version 0: 100 OPEN for three items; only the model's
#      creator may (bob is refused)
#   4. the five commit sha256(round_id ‖ address ‖ scores ‖ salt), computed here; a reveal
#      before the commit deadline is refused
#   5. after the commit deadline bob, carol, faucet and dave reveal (dave far from the others); a
#      reveal that does not match is refused; erin never reveals (her scores 5000, 5000, 5000,
#      equal entries the CLI takes, are refused once the reveal deadline has passed)
#   6. after the reveal deadline `query feedback round-result 1` gives consensus 8000, 6000,
#      7000, distances 0, 133, 266, 5000, rewards 25336981858720989155, 50000000000000000000 and
#      24663018141279010844 aopen, dave slashed 1 OPEN, 1 aopen refunded; each balance moved by
#      exactly that; dave's bond is 9 OPEN; `settled-rounds 1 --model-version 0` lists the round,
#      and REST serves the same under /openledger/feedback/v1/
# Every step is asserted through --output json.
E2E_PORT_BASE="${E2E_PORT_BASE:-28300}"
# shellcheck source=testnet/e2e/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=testnet/e2e/cli_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/cli_lib.sh"

OPEN=1000000000000000000
GAS_PRICE=1000000000 # aopen per gas, the devnet's minimum

# scores of the worked example (items 1..3), by validator
declare -A SCORES=(
  [bob]="8000 6000 7000"
  [carol]="8200 5800 7000"
  [faucet]="7800 6200 6600"
  [dave]="1000 9000 2000"
  [erin]="5000 5000 5000"
)
declare -A BOND=([bob]=10 [carol]=20 [faucet]=10 [dave]=10 [erin]=10)
VALIDATORS=(bob carol faucet dave erin)

# commitment ROUND ADDRESS SALT_HEX SCORES...: lowercase hex sha256 of the round id (u64 BE), the
# address's 20 bytes, each score (u32 BE) and the salt
commitment() {
  python3 -c "$py_lib"'
import sys
round_id, address, salt = int(sys.argv[1]), sys.argv[2], bytes.fromhex(sys.argv[3])
data = round_id.to_bytes(8, "big") + decode(address)
for s in sys.argv[4:]:
    data += int(s).to_bytes(4, "big")
print(hashlib.sha256(data + salt).hexdigest())
' "$@"
}

salt_of() { printf '%s' "salt of $1" | sha256sum | cut -c1-32; }

# outcome ADDRESS FIELD: a field of ADDRESS's entry in the last round-result output
outcome() {
  python3 -c '
import json, sys
r = json.load(sys.stdin)["result"]
for v in r["validators"]:
    if v["validator"] == sys.argv[1]:
        x = v.get(sys.argv[2], "")
        print(json.dumps(x) if isinstance(x, bool) else (x if x not in ("", None) else 0))
        break
else:
    sys.exit("no outcome for " + sys.argv[1])
' "$1" "$2" <"$WORK/last.out" || { show_last; fail "no outcome $2 of $1"; }
}

# --- the flow ----------------------------------------------------------------------------------

start_devnet

step "import alice (model creator), bob, carol, faucet; create and fund dave and erin"
for name in alice bob carol faucet; do import_key "$name"; done
declare -A ADDR
for name in alice bob carol faucet; do ADDR[$name]="$(account_field "$name" address)"; done
ADDR[dave]="$(new_key dave)"
ADDR[erin]="$(new_key erin)"
send faucet "${ADDR[dave]}" 50OPEN
send faucet "${ADDR[erin]}" 50OPEN
FEEDBACK_ACCOUNT="$(module_account feedback)"
log "feedback module account $FEEDBACK_ACCOUNT"
q feedback params
expect_eq "min validator bond" "$(calc "10 * $OPEN")" "$(out params.min_validator_bond)"
expect_eq "max score" 10000 "$(out params.max_score)"
expect_eq "reward distance" 1000 "$(out params.reward_distance_bps)"
expect_eq "slash distance" 3000 "$(out params.slash_distance_bps)"
expect_eq "slash fraction" 0.100000000000000000 "$(out params.slash_fraction)"

step "1. alice's datanet, version 1 and model 1"
tx alice datanet create --name preference-pairs --summary "Prompt and answer pairs" \
  --licence CC-BY-4.0 --bond 1OPEN --fee-per-byte 1000aopen
tx bob datanet contribute 1 --hash "$(printf 'pairs' | sha256sum | cut -d' ' -f1)" --size 5 \
  --uri ipfs://pairs
q datanet contributions-by bob
tx alice datanet curate "$(out contributions.0.id)" approve
tx alice datanet publish 1 --note v1
tx alice model propose --name aligned-llm --base-model llama-3-8b --intended-use assistant \
  --datanet 1:1 --bond 100OPEN --rate-in 10aopen --rate-out 20aopen
q model show 1
expect_eq "model 1 creator" "${ADDR[alice]}" "$(out model.creator)"
expect_eq "model 1 latest version (the candidate is 0)" 0 "$(out model.latest_version)"

step "2. five feedback validators register"
refused "a bond below the minimum" bob feedback register-feedback-validator --bond 9OPEN
for v in "${VALIDATORS[@]}"; do
  tx "$v" feedback register-feedback-validator --bond "${BOND[$v]}OPEN"
done
q feedback validator "${ADDR[carol]}"
expect_eq "carol's bond" "$(calc "20 * $OPEN")" "$(out validator.bond)"
expect_eq "the feedback account holds the bonds" "$(calc "60 * $OPEN")" "$(balance "$FEEDBACK_ACCOUNT")"

step "3. alice funds round 1 on model 1 version 0"
H="$(rpc_height)"
COMMIT_DEADLINE=$((H + 30))
REVEAL_DEADLINE=$((COMMIT_DEADLINE + 30))
ITEMS=()
for i in 1 2 3; do ITEMS+=(--item-hashes "$(printf 'item %s' "$i" | sha256sum | cut -d' ' -f1)"); done
refused "a round funded by someone else than the model's creator" bob feedback fund-round 1 \
  --model-version 0 --reward 100OPEN "${ITEMS[@]}" \
  --commit-deadline-height "$COMMIT_DEADLINE" --reveal-deadline-height "$REVEAL_DEADLINE"
tx alice feedback fund-round 1 --model-version 0 --reward 100OPEN "${ITEMS[@]}" \
  --commit-deadline-height "$COMMIT_DEADLINE" --reveal-deadline-height "$REVEAL_DEADLINE"
q feedback round 1
expect_eq "round 1 model" 1 "$(out round.model_id)"
expect_eq "round 1 items" 3 "$(python3 -c 'import json,sys; print(len(json.load(sys.stdin)["round"]["item_hashes"]))' <"$WORK/last.out")"
expect_eq "round 1 status" ROUND_STATUS_OPEN "$(out round.status)"
expect_eq "the feedback account holds bonds and pool" "$(calc "160 * $OPEN")" "$(balance "$FEEDBACK_ACCOUNT")"

step "4. the five commit"
for v in "${VALIDATORS[@]}"; do
  # shellcheck disable=SC2086  # the scores are words
  C="$(commitment 1 "${ADDR[$v]}" "$(salt_of "$v")" ${SCORES[$v]})"
  tx "$v" feedback commit-scores 1 --commitment "$C"
done
q feedback round 1
expect_eq "round 1 commitments" 5 "$(out round.commit_count)"
(($(rpc_height) < COMMIT_DEADLINE)) || fail "the commits took past the commit deadline $COMMIT_DEADLINE"
reveal_args() { # NAME: reveal-scores arguments for round 1
  local s args=()
  for s in ${SCORES[$1]}; do args+=(--scores "$s"); done
  printf '%s\n' 1 "${args[@]}" --salt "$(salt_of "$1")"
}
mapfile -t BOB_REVEAL < <(reveal_args bob)
refused "a reveal before the commit deadline" bob feedback reveal-scores "${BOB_REVEAL[@]}"

step "5. after the commit deadline four reveal; erin does not"
wait_for_height $((COMMIT_DEADLINE + 1)) 120
refused "a reveal that does not match the commitment" dave feedback reveal-scores 1 \
  --scores 8000 --scores 6000 --scores 7000 --salt "$(salt_of dave)"
for v in bob carol faucet dave; do
  mapfile -t ARGS < <(reveal_args "$v")
  tx "$v" feedback reveal-scores "${ARGS[@]}"
done
q feedback round 1
expect_eq "round 1 reveals" 4 "$(out round.reveal_count)"
(($(rpc_height) < REVEAL_DEADLINE)) || fail "the reveals took past the reveal deadline $REVEAL_DEADLINE"
declare -A BEFORE
for name in alice "${VALIDATORS[@]}"; do BEFORE[$name]="$(balance "${ADDR[$name]}")"; done

step "6. the round settles at the reveal deadline"
wait_for_height $((REVEAL_DEADLINE + 1)) 120
mapfile -t ERIN_REVEAL < <(reveal_args erin)
refused "a reveal after the reveal deadline" erin feedback reveal-scores "${ERIN_REVEAL[@]}"
grep -q "takes reveals at heights" "$WORK/last.err" || fail "erin's late reveal was refused for another reason"
q feedback round-result 1
expect_eq "consensus per item" "[8000, 6000, 7000]" "$(out result.consensus)"
expect_eq "paid" 99999999999999999999 "$(out result.paid)"
expect_eq "refunded to alice" 1 "$(out result.refunded)"
expect_eq "slashed" "$OPEN" "$(out result.slashed)"
declare -A DISTANCE=([bob]=0 [carol]=133 [faucet]=266 [dave]=5000 [erin]=0)
declare -A AGREEMENT=([bob]=10000 [carol]=9867 [faucet]=9734 [dave]=5000 [erin]=0)
declare -A REWARD=([bob]=25336981858720989155 [carol]=50000000000000000000
  [faucet]=24663018141279010844 [dave]=0 [erin]=0)
declare -A SLASHED=([bob]=0 [carol]=0 [faucet]=0 [dave]=$OPEN [erin]=0)
declare -A REVEALED=([bob]=true [carol]=true [faucet]=true [dave]=true [erin]=false)
for v in "${VALIDATORS[@]}"; do
  expect_eq "$v revealed" "${REVEALED[$v]}" "$(outcome "${ADDR[$v]}" revealed)"
  expect_eq "$v distance" "${DISTANCE[$v]}" "$(outcome "${ADDR[$v]}" distance)"
  expect_eq "$v agreement" "${AGREEMENT[$v]}" "$(outcome "${ADDR[$v]}" agreement)"
  expect_eq "$v reward" "${REWARD[$v]}" "$(outcome "${ADDR[$v]}" reward)"
  expect_eq "$v slashed" "${SLASHED[$v]}" "$(outcome "${ADDR[$v]}" slashed)"
done
for v in "${VALIDATORS[@]}"; do
  expect_eq "$v's balance rose by its reward" "${REWARD[$v]}" \
    "$(calc "$(balance "${ADDR[$v]}") - ${BEFORE[$v]}")"
done
expect_eq "alice got the dust back" 1 "$(calc "$(balance "${ADDR[alice]}") - ${BEFORE[alice]}")"
q feedback validator "${ADDR[dave]}"
expect_eq "dave's bond after the slash" "$(calc "9 * $OPEN")" "$(out validator.bond)"
q feedback validator "${ADDR[erin]}"
expect_eq "erin's bond (not revealing is not slashed)" "$(calc "10 * $OPEN")" "$(out validator.bond)"
expect_eq "the feedback account holds the remaining bonds" "$(calc "59 * $OPEN")" "$(balance "$FEEDBACK_ACCOUNT")"
q feedback round 1
expect_eq "round 1 status" ROUND_STATUS_SETTLED "$(out round.status)"
q feedback settled-rounds 1 --model-version 0
expect_eq "the candidate's alignment evidence" "[8000, 6000, 7000]" "$(out results.0.consensus)"
code="$(curl -s -o "$WORK/last.out" -w '%{http_code}' "$REST/openledger/feedback/v1/round_result/1")"
expect_eq "REST round_result status" 200 "$code"
expect_eq "REST round_result consensus" "[8000, 6000, 7000]" "$(out result.consensus)"
expect_eq "REST round_result refunded" 1 "$(out result.refunded)"
code="$(curl -s -o "$WORK/last.out" -w '%{http_code}' "$REST/openledger/feedback/v1/settled_rounds/1/0")"
expect_eq "REST settled_rounds status" 200 "$code"
expect_eq "REST settled rounds of model 1 version 0" 1 "$(out results.0.round_id)"

step "the chain is still producing blocks"
H="$(rpc_height)"
wait_for_height $((H + 2)) 30

e2e_pass
