#!/usr/bin/env bash
# End-to-end: provable receipts on a 4-validator localnet (testnet/localnet.sh), every node with
# vote extensions from genesis. Genesis: gov voting period 15 s; attribution challenge window
# 45 s, challenge deadline 60 blocks, minimum challenge bond 1 OPEN.
#   a. 4 nodes, 4 genesis validators of equal power
#   b. alice's datanet gets bob's and carol's texts and one of the operator's own; their bytes
#      are uploaded to the content stores of node0, node1 and node2 only (node3 has none and
#      will abstain); version 1 is published; model 1 is approved by gOPEN and deployed
#   c. the operator registers (100 OPEN bond); the user deposits and grants
#   d. the operator records two inferences of the same answer (which quotes bob's text): an
#      honest one with the engine's weights (`openledger attribute run`) and a lying one that
#      gives the whole data pool to the operator's own contribution; the held credits are
#      pending, not claimable
#   e. the user runs `openledger attribute verify` (mismatch, exit 1) and challenges the lying
#      receipt with `openledger tx attribution challenge`: the validators' engines agree (node3
#      abstains: 3 of 4 is more than 2/3), the challenge is CORRECTED: bob gets the credits, the
#      operator's bond is slashed, the user gets the reward and its bond back
#   f. carol challenges the honest receipt: UPHELD, carol's bond goes to the operator
#   g. after the window the credits are released; bob claims
E2E_LOCALNET_PORT_BASE="${E2E_LOCALNET_PORT_BASE:-27900}"
# shellcheck source=testnet/e2e/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=testnet/e2e/localnet_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/localnet_lib.sh"
# shellcheck source=testnet/e2e/cli_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/cli_lib.sh"

OPEN=1000000000000000000
GAS_PRICE=1000000000
VOTING_PERIOD=15
WINDOW=45
CORPUS="$REPO_ROOT/testnet/mock-backend/corpus"

step "a. a 4-node localnet, 4 genesis validators, vote extensions from genesis"
pick_localnet_ports 4
RPC="$(node_rpc 0)"
export OPENLEDGER_NODE="$RPC"
grpc_of() { echo "http://127.0.0.1:$((OPENLEDGER_LOCALNET_PORT_BASE + 10 * $1 + 3))"; }
GENESIS_PARAMS="{
  \"gov.params.voting_period_secs\": $VOTING_PERIOD,
  \"gov.params.max_deposit_period_secs\": 60,
  \"gov.params.min_deposit\": [{\"denom\": \"aopen\", \"amount\": \"$OPEN\"}],
  \"attribution.params.challenge_window_secs\": $WINDOW,
  \"attribution.params.challenge_deadline_blocks\": 60,
  \"attribution.params.min_challenge_bond\": \"$OPEN\"
}"
OPENLEDGER_LOCALNET_NODES=4 OPENLEDGER_LOCALNET_GENESIS_VALIDATORS=4 \
  OPENLEDGER_LOCALNET_GENESIS_PARAMS="$GENESIS_PARAMS" OPENLEDGER_START_TIMEOUT=240 \
  "$LOCALNET" start >"$WORK/localnet-start.log" 2>&1 ||
  { tail -n 60 "$WORK/localnet-start.log" >&2; fail "localnet start failed"; }
[[ -x "$CLI" ]] || fail "CLI not found at $CLI"
for i in 0 1 2 3; do
  wait_node_height "$i" $(($(node_height 0) + 2)) 60
done
expect_eq "validators" 4 "$(validator_set 0 | tr ',' '\n' | wc -l | tr -d ' ')"

step "keys"
for name in alice bob carol faucet; do import_key "$name"; done
BOB="$(account_field bob address)"
CAROL="$(account_field carol address)"
OPERATOR="$(new_key operator)"
USER_ADDR="$(new_key user)"
send faucet "$OPERATOR" 300OPEN
send faucet "$USER_ADDR" 50OPEN

step "b. a datanet; contents on node0..node2 only; model 1 deployed"
ARNO="$CORPUS/01-arno-floods.txt"
OLIVE="$CORPUS/02-olive-harvest.txt"
OWN="$WORK/operator-own.txt"
printf 'Filler text the operator contributed itself so that it could route data pools to it.\n' >"$OWN"
tx alice datanet create --name history --summary "Regional history" --licence CC-BY-4.0 \
  --bond 1OPEN --fee-per-byte 1000aopen
tx bob datanet contribute 1 --file "$ARNO" --uri https://data.example/arno.txt
tx carol datanet contribute 1 --file "$OLIVE" --uri https://data.example/olive.txt
tx operator datanet contribute 1 --file "$OWN" --uri https://data.example/own.txt
for f in "$ARNO" "$OLIVE" "$OWN"; do
  for i in 0 1 2; do
    ol_capture content put "$f" --grpc "$(grpc_of "$i")" --output json ||
      { show_last; fail "content put $f to node$i"; }
  done
done
q datanet contributions 1
read -r C_ARNO C_OLIVE C_OWN < <(python3 -c '
import hashlib, json, sys
by_hash = {c["content_hash"].lower(): c["id"] for c in json.load(sys.stdin)["contributions"]}
print(*[by_hash[hashlib.sha256(open(p, "rb").read()).hexdigest()] for p in sys.argv[1:]])
' "$ARNO" "$OLIVE" "$OWN" <"$WORK/last.out")
log "contributions: arno $C_ARNO (bob), olive $C_OLIVE (carol), own $C_OWN (operator)"
for cid in "$C_ARNO" "$C_OLIVE" "$C_OWN"; do tx alice datanet curate "$cid" approve --note ok; done
tx alice datanet publish 1 --note v1
ol_capture content status --datanet 1 --grpc "$(grpc_of 3)" --output json || { show_last; fail "content status node3"; }
expect_eq "node3 holds no content" 0 "$(out held)"
tx alice model propose --name history-llm --description "Regional history" --base-model llama-3-8b \
  --intended-use research --datanet 1:1 --bond 100OPEN --rate-in 10aopen --rate-out 20aopen
tx bob gov lock 1000OPEN
tx carol gov lock 1000OPEN
approve_and_deploy_model alice 1 bob carol
tx alice model set-pricing 1 --rate-in 2000000000000000aopen --rate-out 3000000000000000aopen
wait_for_height $((TX_HEIGHT + 1)) 30

step "c. the operator registers; the user deposits and grants"
tx operator attribution register-operator 100OPEN --endpoint http://127.0.0.1/v1 --models 1
tx user attribution deposit 20OPEN
tx user attribution grant "$OPERATOR" 20OPEN --model 1

step "d. an honest and a lying receipt for the same answer"
ANSWER="$WORK/answer.txt"
python3 -c '
import re, sys
text = open(sys.argv[1]).read().strip()
quote = " ".join(p.strip() for p in re.findall(r"[^.!?]*[.!?]", text)[:2])
sys.stdout.write("Here is what the record says. " + quote + " That is all I know.")
' "$ARNO" >"$ANSWER"
OUT_HASH="$(sha256sum "$ANSWER" | cut -d' ' -f1)"
ol_capture attribute run --model 1 --output-file "$ANSWER" --grpc "$(grpc_of 0)" --output json ||
  { show_last; fail "attribute run"; }
cp "$WORK/last.out" "$WORK/engine.json"
WEIGHTS="$(python3 -c 'import json,sys; print(",".join("%s:%s" % (e["contribution_id"], e["weight_ppm"]) for e in json.load(sys.stdin)["entries"]))' <"$WORK/engine.json")"
EVIDENCE="$(jget evidence_hash <"$WORK/engine.json")"
expect_eq "the engine credits bob's text" "$C_ARNO:1000000" "$WEIGHTS"
record() { # REQUEST_ID WEIGHTS
  tx operator attribution record --user "$USER_ADDR" --model 1 --version 1 --input-tokens 400 \
    --output-tokens 300 --output-hash "$OUT_HASH" --request-id "$1" --evidence-hash "$EVIDENCE" \
    --attribution "$2"
}
receipt_of() { # REQUEST_ID -> receipt id
  q attribution receipts-by-user "$USER_ADDR"
  python3 -c '
import json, sys
print([r["id"] for r in json.load(sys.stdin)["receipts"] if r["request_id"] == sys.argv[1]][0])' "$1" <"$WORK/last.out"
}
record honest-1 "$WEIGHTS"
HONEST="$(receipt_of honest-1)"
record lying-1 "$C_OWN:1000000"
LYING="$(receipt_of lying-1)"
q attribution receipt "$LYING"
POOL="$(amt receipt.data_pool)"
q attribution earnings "$OPERATOR"
expect_eq "the lying receipt's credit is pending, not claimable" "0" "$(amt claimable)"
expect_eq "the operator's pending credit is the lying pool" "$POOL" "$(amt pending)"
q attribution operator "$OPERATOR"
BOND0="$(amt operator.bond)"

step "e. the user verifies and challenges the lying receipt"
if ol_capture attribute verify "$LYING" --output-file "$ANSWER" --grpc "$(grpc_of 0)" --output json; then
  show_last
  fail "verify accepted the lying receipt"
fi
expect_eq "verify: mismatch" false "$(out match)"
USER0="$(balance "$USER_ADDR")"
tx user attribution challenge "$LYING" --output-file "$ANSWER" --bond 5OPEN
CHALLENGE_FEES="$TX_FEE"
q attribution challenges
CH_LIE="$(python3 -c 'import json,sys; print([c["id"] for c in json.load(sys.stdin)["challenges"] if str(c["receipt_id"]) == sys.argv[1]][0])' "$LYING" <"$WORK/last.out")"
wait_challenge() { # ID STATUS TIMEOUT
  local deadline=$((SECONDS + $3)) status=""
  while ((SECONDS < deadline)); do
    q attribution challenge "$1"
    status="$(out challenge.status)"
    [[ "$status" == "$2" ]] && return 0
    sleep 1
  done
  show_last
  fail "challenge $1 not $2 within $3 s (last $status)"
}
wait_challenge "$CH_LIE" CHALLENGE_STATUS_CORRECTED 90
SLASHED="$(amt challenge.slashed)"
REWARD="$(amt challenge.reward)"
log "corrected: slashed $SLASHED, reward $REWARD"
expect_eq "the agreed weights are the engine's" "[[$C_ARNO, 1000000]]" "$(python3 -c '
import json, sys
print(json.dumps([[int(e["contribution_id"]), int(e["weight_ppm"])] for e in json.load(sys.stdin)["challenge"]["agreed"]]))' <"$WORK/last.out")"
q attribution operator "$OPERATOR"
expect_eq "the operator's bond is slashed by 10%" "$(calc "$BOND0 - $BOND0 // 10")" "$(amt operator.bond)"
expect_eq "the challenger got its bond back and the reward" "$(calc "$USER0 - $CHALLENGE_FEES + $REWARD")" \
  "$(balance "$USER_ADDR")"
q attribution earnings "$OPERATOR"
expect_eq "the operator's own contribution lost the pending credit" 0 "$(amt pending)"

step "f. an honest receipt challenged: upheld, the challenger's bond goes to the operator"
OP0="$(balance "$OPERATOR")"
tx carol attribution challenge "$HONEST" --output-file "$ANSWER" --bond 2OPEN
q attribution challenges
CH_HONEST="$(python3 -c 'import json,sys; print([c["id"] for c in json.load(sys.stdin)["challenges"] if str(c["receipt_id"]) == sys.argv[1]][0])' "$HONEST" <"$WORK/last.out")"
wait_challenge "$CH_HONEST" CHALLENGE_STATUS_UPHELD 90
expect_eq "the operator received carol's bond" "$(calc "$OP0 + 2 * $OPEN")" "$(balance "$OPERATOR")"

step "g. after the window: released, claimed"
q attribution earnings "$BOB"
PENDING="$(amt pending)"
expect_eq "bob's pending credits: both receipts' pools" True "$(python3 -c "print($PENDING > 0)")"
deadline=$((SECONDS + WINDOW + 60))
until q attribution earnings "$BOB" && [[ "$(amt pending)" == 0 ]]; do
  ((SECONDS < deadline)) || fail "bob's credits were not released after the window"
  sleep 2
done
CLAIMABLE="$(amt claimable)"
expect_eq "bob's released credits are claimable" "$PENDING" "$CLAIMABLE"
tx bob attribution claim
q attribution earnings "$BOB"
expect_eq "bob claimed them" "$CLAIMABLE" "$(amt claimed)"
e2e_pass
