#!/usr/bin/env bash
# End-to-end: a datanet from contributions to a deployed model, through the openledger CLI on a
# single-node devnet whose gov voting period is 15 s (genesis override).
#   1. alice creates a public datanet (bond 1 OPEN, fee 1000aopen per byte): datanet 1
#   2. bob (--file), carol (--file) and faucet (--hash/--size) contribute; each pays exactly
#      bond + fee per byte × size + its gas fee, and alice (the owner) earns the byte fees
#   3. alice approves bob's and carol's contributions (their bonds come back in full) and rejects
#      faucet's as spam: half of its bond (reject_slash_fraction 0.5) is burned, the other half
#      comes back, its penalty score is 1, and the datanets module account holds nothing
#   4. alice publishes version 1: 2 contributions, their bytes, and the Merkle root recomputed
#      here from the contributions (docs/modules/datanets.md)
#   5. alice proposes model 1 on datanet 1 version 1 with a 100 OPEN bond (escrowed in the models
#      module account); advancing it before approval is refused
#   6. bob and carol lock 1000 OPEN each into gOPEN; alice submits `tx gov propose-model-approval
#      1`; bob and carol vote yes; after the voting period the proposal has PASSED and the model
#      is MODEL_STAGE_APPROVED
#   7. alice advances it DATA_COLLECTION -> FINE_TUNING -> ALIGNMENT (training run hash) ->
#      DEPLOYED (adapter hash, version 1) and sets its pricing; `query model show`, `history`,
#      `versions` and `lineage` say so
# Every step is asserted through --output json.
E2E_PORT_BASE="${E2E_PORT_BASE:-27300}"
# shellcheck source=testnet/e2e/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=testnet/e2e/cli_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/cli_lib.sh"

OPEN=1000000000000000000
BOND=$OPEN                # datanet contribution bond
FEE_PER_BYTE=1000         # aopen per byte
MODEL_BOND=100000000000000000000 # 100 OPEN (beyond shell arithmetic: use calc)
GAS_PRICE=1000000000      # aopen per gas, the devnet's minimum: a tx pays gas_wanted × this
VOTING_PERIOD=15

export OPENLEDGER_DEVNET_GENESIS_PARAMS="{
  \"gov.params.voting_period_secs\": $VOTING_PERIOD,
  \"gov.params.max_deposit_period_secs\": 60,
  \"gov.params.min_deposit\": [{\"denom\": \"aopen\", \"amount\": \"$OPEN\"}]
}"

# --- helpers -----------------------------------------------------------------------------------

sha256_of() { python3 -c 'import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],"rb").read()).hexdigest())' "$1"; }

# --- the flow ----------------------------------------------------------------------------------

start_devnet

step "import alice (owner, model creator), bob, carol and faucet (contributors, voters)"
for name in alice bob carol faucet; do import_key "$name"; done
ALICE="$(account_field alice address)"
BOB="$(account_field bob address)"
CAROL="$(account_field carol address)"
FAUCET="$(account_field faucet address)"
DATANETS_ACCOUNT="$(module_account datanets)"
MODELS_ACCOUNT="$(module_account models)"
q gov authority
GOV="$(out authority)"
log "datanets module account $DATANETS_ACCOUNT, models module account $MODELS_ACCOUNT, gov $GOV"

q gov params
expect_eq "gov voting period (genesis override)" "${VOTING_PERIOD}s" "$(out params.voting_period)"
q datanet params
expect_eq "datanets reject_slash_fraction" 0.500000000000000000 "$(out params.reject_slash_fraction)"

step "1. alice creates a public datanet"
tx alice datanet create --name legal-corpus --summary "Court rulings, one JSON object per line" \
  --description "Rulings of the e2e court" --tag legal --tag en --licence CC-BY-4.0 \
  --bond 1OPEN --fee-per-byte "${FEE_PER_BYTE}aopen"
q datanet show 1
expect_eq "datanet 1 owner" "$ALICE" "$(out datanet.owner)"
expect_eq "datanet 1 name" legal-corpus "$(out datanet.name)"
expect_eq "datanet 1 visibility" VISIBILITY_PUBLIC "$(out datanet.visibility)"
expect_eq "datanet 1 bond" "$BOND" "$(out datanet.contribution_bond)"
expect_eq "datanet 1 fee per byte" "$FEE_PER_BYTE" "$(out datanet.fee_per_byte)"
expect_eq "datanet 1 tags" '["legal", "en"]' "$(out datanet.tags)"
q datanet list --owner alice
expect_eq "alice's datanets" 1 "$(out datanets.0.id)"
q datanet list --tag legal
expect_eq "datanets tagged legal" legal-corpus "$(out datanets.0.name)"

step "2. bob, carol and faucet contribute"
python3 -c 'import sys; open(sys.argv[1], "w").write("".join(f"{{\"case\": {i}, \"ruling\": \"upheld\"}}\n" for i in range(40)))' "$WORK/bob.jsonl"
python3 -c 'import sys; open(sys.argv[1], "w").write("".join(f"{{\"case\": {i}, \"ruling\": \"overturned on appeal\"}}\n" for i in range(60)))' "$WORK/carol.jsonl"
printf 'spam spam spam' >"$WORK/faucet.txt"
BOB_SIZE="$(wc -c <"$WORK/bob.jsonl" | tr -d ' ')"
CAROL_SIZE="$(wc -c <"$WORK/carol.jsonl" | tr -d ' ')"
FAUCET_SIZE="$(wc -c <"$WORK/faucet.txt" | tr -d ' ')"
BOB_HASH="$(sha256_of "$WORK/bob.jsonl")"
CAROL_HASH="$(sha256_of "$WORK/carol.jsonl")"
FAUCET_HASH="$(sha256_of "$WORK/faucet.txt")"

contribute() { # KEY ADDRESS SIZE ARGS...: contribute and check what the contributor and alice paid
  local key=$1 address=$2 size=$3 before alice_before
  shift 3
  before="$(balance "$address")"
  alice_before="$(balance "$ALICE")"
  tx "$key" datanet contribute 1 "$@"
  expect_eq "$key paid bond + fee per byte x $size + gas" \
    "$(calc "$BOND + $FEE_PER_BYTE * $size + $TX_FEE")" "$(calc "$before - $(balance "$address")")"
  expect_eq "alice earned $key's byte fees" "$(calc "$FEE_PER_BYTE * $size")" \
    "$(calc "$(balance "$ALICE") - $alice_before")"
}
contribute bob "$BOB" "$BOB_SIZE" --file "$WORK/bob.jsonl" --uri ipfs://bob-rulings --metadata '{"rows": 40}'
contribute carol "$CAROL" "$CAROL_SIZE" --file "$WORK/carol.jsonl" --uri ipfs://carol-rulings
contribute faucet "$FAUCET" "$FAUCET_SIZE" --hash "$FAUCET_HASH" --size "$FAUCET_SIZE" --uri ipfs://spam

q datanet contributions-by bob
BOB_C="$(out contributions.0.id)"
expect_eq "bob's contribution hash (sha256 of the file)" "$BOB_HASH" "$(out contributions.0.content_hash)"
expect_eq "bob's contribution size" "$BOB_SIZE" "$(out contributions.0.size_bytes)"
expect_eq "bob's contribution status" CONTRIBUTION_STATUS_PENDING "$(out contributions.0.status)"
q datanet contributions-by carol
CAROL_C="$(out contributions.0.id)"
expect_eq "carol's contribution hash" "$CAROL_HASH" "$(out contributions.0.content_hash)"
q datanet contributions-by faucet
FAUCET_C="$(out contributions.0.id)"
expect_eq "faucet's contribution hash" "$FAUCET_HASH" "$(out contributions.0.content_hash)"
q datanet contributions 1 --status pending
expect_eq "pending contributions" 3 "$(python3 -c 'import json,sys; print(len(json.load(sys.stdin)["contributions"]))' <"$WORK/last.out")"
expect_eq "datanets module account holds the 3 pending bonds" "$(calc "3 * $BOND")" "$(balance "$DATANETS_ACCOUNT")"

step "3. alice approves bob's and carol's contributions and rejects faucet's as spam"
for pair in "bob:$BOB:$BOB_C" "carol:$CAROL:$CAROL_C"; do
  IFS=: read -r name address cid <<<"$pair"
  before="$(balance "$address")"
  tx alice datanet curate "$cid" approve --note "good data"
  expect_eq "$name's bond came back" "$BOND" "$(calc "$(balance "$address") - $before")"
  q datanet contribution "$cid"
  expect_eq "contribution $cid status" CONTRIBUTION_STATUS_APPROVED "$(out contribution.status)"
  expect_eq "contribution $cid curator" "$ALICE" "$(out contribution.curator)"
done
FAUCET0="$(balance "$FAUCET")"
tx alice datanet curate "$FAUCET_C" reject --reason spam --note "not rulings"
BURNED="$(calc "$BOND // 2")"
expect_eq "faucet got back the bond minus the slash" "$(calc "$BOND - $BURNED")" "$(calc "$(balance "$FAUCET") - $FAUCET0")"
q datanet contribution "$FAUCET_C"
expect_eq "spam contribution status" CONTRIBUTION_STATUS_REJECTED "$(out contribution.status)"
expect_eq "spam contribution reason" CURATION_REASON_SPAM "$(out contribution.reason)"
expect_eq "spam contribution bond burned (half the bond)" "$BURNED" "$(out contribution.bond_burned)"
expect_eq "spam contribution note" "not rulings" "$(out contribution.note)"
q datanet standing 1 faucet
expect_eq "faucet's penalty score" 1 "$(out standing.penalty_score)"
expect_eq "faucet's rejections" 1 "$(out standing.rejected)"
q datanet standing 1 bob
expect_eq "bob's approved bytes" "$BOB_SIZE" "$(out standing.approved_bytes)"
expect_eq "datanets module account is empty (no pending bond)" 0 "$(balance "$DATANETS_ACCOUNT")"

step "4. alice publishes version 1"
tx alice datanet publish 1 --note "first cut"
q datanet version 1 1
ROOT="$(out version.root)"
expect_eq "version 1 contribution count" 2 "$(out version.contribution_count)"
expect_eq "version 1 total bytes" "$(calc "$BOB_SIZE + $CAROL_SIZE")" "$(out version.total_bytes)"
expect_eq "version 1 publisher" "$ALICE" "$(out version.publisher)"
EXPECTED_ROOT="$(python3 -c "$py_lib"'
import sys
a = sys.argv[1:5]; b = sys.argv[5:9]
leaves = sorted([(int(a[0]), leaf(int(a[0]), bytes.fromhex(a[1]), int(a[2]), a[3])),
                 (int(b[0]), leaf(int(b[0]), bytes.fromhex(b[1]), int(b[2]), b[3]))])
print(merkle_root([l for _, l in leaves]).hex())
' "$BOB_C" "$BOB_HASH" "$BOB_SIZE" "$BOB" "$CAROL_C" "$CAROL_HASH" "$CAROL_SIZE" "$CAROL")"
expect_eq "version 1 root (recomputed from the contributions)" "$EXPECTED_ROOT" "$ROOT"
q datanet show 1
expect_eq "datanet 1 latest version" 1 "$(out stats.latest_version)"
expect_eq "datanet 1 approved" 2 "$(out stats.approved)"
expect_eq "datanet 1 rejected" 1 "$(out stats.rejected)"
q datanet access 1 1 bob
expect_eq "anyone may use a version of a public datanet" true "$(out has_access)"

step "5. alice proposes model 1 on datanet 1 version 1"
ALICE0="$(balance "$ALICE")"
tx alice model propose --name legal-llm --description "Answers questions on rulings" \
  --base-model llama-3-8b --intended-use "legal research" --datanet 1:1 --bond 100OPEN \
  --rate-in 10aopen --rate-out 20aopen
expect_eq "alice paid the model bond + gas" "$(calc "$MODEL_BOND + $TX_FEE")" "$(calc "$ALICE0 - $(balance "$ALICE")")"
expect_eq "models module account holds the bond" "$MODEL_BOND" "$(balance "$MODELS_ACCOUNT")"
q model show 1
expect_eq "model 1 stage" MODEL_STAGE_PROPOSED "$(out model.stage)"
expect_eq "model 1 creator" "$ALICE" "$(out model.creator)"
expect_eq "model 1 datanet versions" '[{"datanet_id": 1, "version": 1}]' "$(out model.datanet_versions)"
expect_eq "model 1 bond" "$MODEL_BOND" "$(out model.bond.amount)"
if ol_capture tx model advance 1 data_collection --from alice --gas auto --yes --output json; then
  show_last
  fail "a PROPOSED model was advanced before governance approved it"
fi
log "refused as expected: $(head -c 300 "$WORK/last.err" | tr '\n' ' ')"
q model show 1
expect_eq "model 1 still proposed" MODEL_STAGE_PROPOSED "$(out model.stage)"

step "6. bob and carol lock gOPEN; alice proposes the approval; bob and carol vote yes"
tx bob gov lock 1000OPEN
tx carol gov lock 1000OPEN
q gov total-power
expect_eq "total gOPEN" "$(calc "2000 * $OPEN")" "$(out total_locked)"
tx alice gov propose-model-approval 1 --deposit 10OPEN
q gov proposals --status voting
PROPOSAL="$(python3 -c '
import json, sys
for p in json.load(sys.stdin)["proposals"]:
    m = p["messages"]
    if len(m) == 1 and m[0].get("@type") == "/openledger.models.v1.MsgApproveModel" and int(m[0]["model_id"]) == 1:
        print(p["id"])
        break
' <"$WORK/last.out")"
[[ -n "$PROPOSAL" ]] || { show_last; fail "no proposal in its voting period approves model 1"; }
q gov proposal "$PROPOSAL"
expect_eq "proposal $PROPOSAL title" "Approve model 1: legal-llm" "$(out proposal.title)"
expect_eq "proposal $PROPOSAL message authority" "$GOV" "$(out proposal.messages.0.authority)"
tx bob gov vote "$PROPOSAL" yes
tx carol gov vote "$PROPOSAL" yes
wait_for_status "$PROPOSAL" PROPOSAL_STATUS_PASSED $((VOTING_PERIOD + 45))
expect_eq "final tally yes" "$(calc "2000 * $OPEN")" "$(out proposal.final_tally_result.yes_count)"
q model show 1
expect_eq "model 1 stage after the vote" MODEL_STAGE_APPROVED "$(out model.stage)"

step "7. alice advances model 1 to DEPLOYED and sets its pricing"
TRAINING_RUN="$(printf 'training run 1' | sha256sum | cut -d' ' -f1)"
ADAPTER="$(printf 'adapter 1' | sha256sum | cut -d' ' -f1)"
tx alice model advance 1 data_collection
tx alice model advance 1 fine_tuning
tx alice model advance 1 alignment --training-run-hash "$TRAINING_RUN" --metrics "eval loss 0.12"
q model show 1
expect_eq "model 1 stage" MODEL_STAGE_ALIGNMENT "$(out model.stage)"
tx alice model advance 1 deployed --adapter-hash "$ADAPTER"
tx alice model set-pricing 1 --rate-in 15aopen --rate-out 30aopen
PRICING_HEIGHT=$((TX_HEIGHT + 1))

q model show 1
expect_eq "model 1 stage" MODEL_STAGE_DEPLOYED "$(out model.stage)"
expect_eq "model 1 latest version" 1 "$(out model.latest_version)"
expect_eq "model 1 pricing" '{"rate_in_per_1000": "15", "rate_out_per_1000": "30"}' "$(out model.pricing)"
expect_eq "model 1 pricing takes effect the block after set-pricing" "$PRICING_HEIGHT" "$(out model.pricing_effective_height)"
expect_eq "model 1 history count" 6 "$(out model.history_count)"
expect_eq "models module account still holds the bond" "$MODEL_BOND" "$(balance "$MODELS_ACCOUNT")"

q model history 1
expect_eq "history" \
  "UNSPECIFIED>PROPOSED APPROVED DATA_COLLECTION FINE_TUNING ALIGNMENT DEPLOYED" \
  "$(python3 -c '
import json, sys
e = json.load(sys.stdin)["entries"]
s = lambda x: x.replace("MODEL_STAGE_", "")
print(s(e[0]["from_stage"]) + ">" + " ".join(s(x["to_stage"]) for x in e))' <"$WORK/last.out")"
expect_eq "history: each step starts where the last ended" true "$(python3 -c '
import json, sys
e = json.load(sys.stdin)["entries"]
print(str(all(a["to_stage"] == b["from_stage"] for a, b in zip(e, e[1:]))).lower())' <"$WORK/last.out")"
expect_eq "history: the approval's actor is the gov module account" "$GOV" "$(out entries.1.actor)"
expect_eq "history: the proposal's actor" "$ALICE" "$(out entries.0.actor)"
expect_eq "history: alignment evidence" "$TRAINING_RUN" "$(out entries.4.evidence.training_run_hash)"
expect_eq "history: alignment metrics" "eval loss 0.12" "$(out entries.4.evidence.metrics)"
expect_eq "history: deployment evidence" "$ADAPTER" "$(out entries.5.evidence.adapter_hash)"

q model versions 1
expect_eq "model 1 version 1 adapter" "$ADAPTER" "$(out versions.0.adapter_hash)"
expect_eq "model 1 version 1 base model" llama-3-8b "$(out versions.0.base_model)"
expect_eq "model 1 version 1 publisher" "$ALICE" "$(out versions.0.publisher)"
q model lineage 1 1
expect_eq "lineage: datanet 1 version 1 root" "$ROOT" "$(out datanets.0.root)"
expect_eq "lineage: datanet 1 version 1 contributions" 2 "$(out datanets.0.contribution_count)"
q model list --stage deployed --creator alice
expect_eq "alice's deployed models" 1 "$(out models.0.id)"

step "the chain is still producing blocks"
H="$(rpc_height)"
wait_for_height $((H + 2)) 30

e2e_pass
